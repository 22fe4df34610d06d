"""Dates and spans as people write them in options: "+3 months", "6m", "1 Aug 2026",
"2026-08" as a window's first or last day, and the checks on a pretend today.

The rules of the dates themselves are in `dates`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sesec_deadlines.core.dates import DATE_RE, WORKDAY, Offset, PartialDate, days_in_month

# The span syntax of every option that takes a length (--within, --alarm, --past and the
# offsets of --from/--to/--as-of): a whole number and a unit, spelt out or abbreviated.
_SPAN_RE = re.compile(r"^\s*(\d+)\s*([a-z]+)\s*$", re.IGNORECASE | re.ASCII)
_SPAN_UNITS = {
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), "hour"),
    **dict.fromkeys(("d", "day", "days"), "day"),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), "week"),
    **dict.fromkeys(("m", "mo", "mon", "mos", "month", "months"), "month"),
    **dict.fromkeys(("y", "yr", "yrs", "year", "years"), "year"),
    **dict.fromkeys(("wd", "wds", "workday", "workdays"), WORKDAY),
}
# "10 working days", "10 work days", "10 business days": the two words as one unit.
_WORKING_DAYS_RE = re.compile(r"\b(?:working|work|business)[\s-]*days?\b",
                              re.IGNORECASE | re.ASCII)
_UNIT_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 31, "year": 366, WORKDAY: 1.0}
# The whole calendar, 0001-01-01 to 9999-12-31, is 3,652,058 days: no span is longer.
_CALENDAR_DAYS = (date.max - date.min).days
SPAN_EXAMPLES = ("90 days, 2 weeks, 6 months, 1 year, 10 working days, or short: 90d, 2w, 6m, "
                 "1y, 10wd")
# An alarm is a fixed length before an event (hours, days, weeks): its own examples.
_ALARM_EXAMPLES = "90 days, 2 weeks, 6 months, 1 year, or short: 90d, 2w, 6m, 1y, 12h"
AS_OF_FIRST = date(1900, 1, 1)
AS_OF_LAST = date(9899, 12, 31)  # leaves a century for windows and lead times


def parse_span(text: str, *, hours: bool = False) -> Offset:
    """A length: "6 months", "6m", "2 weeks", "2w", "90 days", "90d", "1 year", "1y" (and
    "12h", "12 hours" where `hours` allows them), "10 working days", "10wd" (counted in
    the working calendar, core.workdays). Raise ValueError saying what is allowed, also
    for a span longer than the calendar."""
    m = _SPAN_RE.match(_WORKING_DAYS_RE.sub("wd", text))
    unit = _SPAN_UNITS.get(m.group(2).lower()) if m else None
    if m is None or unit is None or (unit == "hour" and not hours):
        examples = _ALARM_EXAMPLES if hours else SPAN_EXAMPLES
        raise ValueError(f"{text!r} is not a span: give a number and a unit, e.g. {examples}")
    digits = m.group(1)
    if len(digits) > 8 or int(digits) * _UNIT_DAYS[unit] > _CALENDAR_DAYS:
        raise ValueError(f"{text!r} is longer than the whole calendar (years 1 to 9999)")
    if unit == WORKDAY:  # core.workdays is imported only when working days are counted
        from sesec_deadlines.core.workdays import MAX_WORKING_DAYS
    if unit == WORKDAY and int(digits) > MAX_WORKING_DAYS:
        raise ValueError(f"{text!r}: at most {MAX_WORKING_DAYS} working days; give longer "
                         "spans in days, months or years")
    return Offset(int(digits), unit)


def span_timedelta(span: Offset) -> timedelta:
    """A span of fixed length (hours, days, weeks) as a timedelta; months and years have
    no fixed length, so they raise ValueError."""
    per = {"hour": timedelta(hours=1), "day": timedelta(days=1), "week": timedelta(weeks=1)}
    if span.unit not in per:  # months, years and working days
        raise ValueError(f"{span} has no fixed length: give hours, days or weeks (12h, 7d, 2w)")
    return span.amount * per[span.unit]


def shift(day: date, span: Offset) -> date:
    """`day` moved by `span` (negative amounts move back), months as `PartialDate.plus`,
    working days in the working calendar (`shift_marked` also says whether that count met
    an estimated year); ValueError when the result falls outside years 1 to 9999."""
    return shift_marked(day, span)[0]


def shift_marked(day: date, span: Offset) -> tuple[date, bool]:
    """`shift`, and whether the day was counted in working days of an estimated year."""
    if span.unit == WORKDAY:
        from sesec_deadlines.core.workdays import add_working_days

        moved = add_working_days(day, span.amount)
        return moved.day, moved.estimated
    try:
        return PartialDate.of(day).plus(span).start, False
    except (ValueError, OverflowError):
        sign = "-" if span.amount < 0 else "+"
        length = Offset(abs(span.amount), span.unit)
        raise ValueError(f"{day.isoformat()} {sign} {length} falls outside the calendar "
                         "(years 1 to 9999)") from None


def check_as_of(day: date) -> date:
    """A pretend today must leave room for windows and lead times around it."""
    if not AS_OF_FIRST <= day <= AS_OF_LAST:
        raise ValueError(f"{day.isoformat()} is outside the supported range "
                         f"{AS_OF_FIRST.isoformat()} to {AS_OF_LAST.isoformat()}")
    return day


# Numeric dates that do not start with the year: 01/08/2026 is 1 August in Europe and
# 8 January in the United States, so such dates are refused rather than guessed.
_AMBIGUOUS_RE = re.compile(r"^\d{1,2}\s*[/.\-]\s*\d{1,2}(?:\s*[/.\-]\s*\d{1,4})?\.?$", re.ASCII)
_NAMED_DAYS = {"today": 0, "now": 0, "tomorrow": 1, "yesterday": -1}
BOUND_EXAMPLES = ("2026-08-01, 2026-08, 2026, '1 Aug 2026', today, +3 months, -2w")


def not_year_first(text: str, today: date, *, written: bool = True) -> str | None:
    """Why a numeric date not written year first (01/08/2026, 1.8.2026) is refused, with
    its possible readings in ISO form; None for any other text."""
    raw = text.strip()
    if not _AMBIGUOUS_RE.match(raw):
        return None
    numbers = [int(n) for n in re.findall(r"\d+", raw, re.ASCII)]
    year = numbers[2] if len(numbers) == 3 else today.year
    if year < 100:
        year += 2000
    readings = []
    for day, month in ((numbers[0], numbers[1]), (numbers[1], numbers[0])):
        if 1 <= month <= 12 and 1 <= day <= days_in_month(year, month) and year >= 1:
            reading = f"{year:04d}-{month:02d}-{day:02d}"
            if reading not in readings:
                readings.append(reading)
    hint = f"write {' or '.join(readings) or '2026-08-01'} (year-month-day)"
    if written:
        hint += " or a written date such as '1 Aug 2026'"
    if len(readings) == 2:
        return f"{text!r} is ambiguous: day and month can be read either way round; {hint}"
    return (f"{text!r}: numeric dates are taken only as year-month-day (day-first and "
            f"month-first orders differ between countries); {hint}")


def parse_bound(text: str, today: date, *, end: bool) -> date:
    """Parse a --from/--to/--as-of value.

    Accepts ISO dates, partial dates ("2026-08": its first day as a start, its last day as
    an end), "today", "tomorrow", "yesterday", signed spans ("+3 months", "-2w"; see
    `parse_span`) and written dates python-dateutil understands ("1 Aug 2026"). Refuses
    numeric dates whose day and month could be swapped (01/08/2026, 1.8.2026).
    """
    raw = text.strip()
    if any(c.isdigit() and not c.isascii() for c in raw):
        raise ValueError(f"{text!r}: write dates with the digits 0-9")
    lowered = raw.lower()
    if lowered in _NAMED_DAYS:
        return shift(today, Offset(_NAMED_DAYS[lowered], "day"))
    if DATE_RE.match(raw):
        pd = PartialDate.parse(raw)
        return pd.end if end else pd.start
    m = re.match(r"^([+-])\s*(.+)$", raw)
    if m:
        try:
            span = parse_span(m.group(2))
        except ValueError as exc:  # name the whole value, sign included
            raise ValueError(str(exc).replace(repr(m.group(2)), repr(raw), 1)) from None
        sign = -1 if m.group(1) == "-" else 1
        return shift(today, Offset(sign * span.amount, span.unit))
    refused = not_year_first(text, today)
    if refused:
        raise ValueError(refused)
    from dateutil import parser as dateparser

    try:
        parsed: datetime = dateparser.parse(raw, default=datetime(today.year, 1, 1))
        return parsed.date()
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"{text!r} is not a date: use {BOUND_EXAMPLES}") from exc


@dataclass(frozen=True)
class DateWindow:
    """The dates a command selected, both inclusive (None: open), and whether a bound was
    counted in working days of a year whose schedule is estimated (core.workdays)."""

    first: date | None
    last: date | None
    estimated: bool = False

    def record(self) -> dict[str, Any]:
        """The JSON "window": {"from": ..., "to": ..., "estimated": ...}."""
        return {"from": None if self.first is None else self.first.isoformat(),
                "to": None if self.last is None else self.last.isoformat(),
                "estimated": self.estimated}

    def note(self) -> str:
        """What a table says after its title when the window is estimated ("" if not)."""
        if not self.estimated:
            return ""
        return (" (estimated: counted in working days of a year whose official holiday "
                "schedule is not yet published)")


def estimated_bound(text: str | None, today: date, day: date | None) -> bool:
    """Whether `day`, read from `text` (a span or a signed span from `today`), was counted
    in working days through a year whose working days are estimated."""
    if text is None or day is None:
        return False
    try:
        span = parse_span(text.strip().lstrip("+-"))
    except ValueError:
        return False
    if span.unit != WORKDAY:
        return False
    from sesec_deadlines.core.workdays import range_estimated

    return range_estimated(today, day)
