"""Dates at day, month or year precision, and the one set of rules for using them.

See docs/registry-format.md, "Dates at month or year precision".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sesec_deadlines.core.vocab import Precision

SHANGHAI = "Asia/Shanghai"
# China Standard Time is UTC+8 all year (no daylight saving since 1991), so "today in
# Asia/Shanghai" needs no time-zone database.
CHINA_STANDARD_TIME = timezone(timedelta(hours=8), "CST")
MONTH_ABBR = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
              "Dec")
MONTH_NAMES = ("", "January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month]


_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)
_OFFSET_RE = re.compile(r"^\s*(\d+)\s*(day|week|month|year)s?\s*$", re.IGNORECASE | re.ASCII)
# The days a registry date may stand for (`PartialDate.checked`). The last day of year 9999
# is left out so that the day after any date (an all-day event's exclusive DTEND) exists.
FIRST_DAY = date(1, 1, 1)
LAST_DAY = date(9999, 12, 30)
RANGE_TEXT = f"{FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"
_PRECISION_RANK = {Precision.DAY: 0, Precision.MONTH: 1, Precision.YEAR: 2}


@dataclass(frozen=True, order=False)
class PartialDate:
    """A calendar date known to the day, the month or the year."""

    year: int
    month: int = 1
    day: int = 1
    precision: Precision = Precision.DAY

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse "YYYY-MM-DD", "YYYY-MM" or "YYYY"; raise ValueError with a reason."""
        m = _DATE_RE.match(text.strip())
        if not m:
            raise ValueError(f"{text!r} is not a date of the form YYYY-MM-DD, YYYY-MM or YYYY")
        year, month, day = m.group(1), m.group(2), m.group(3)
        if int(year) == 0:
            raise ValueError(f"{text!r} is in year 0000, outside the supported dates: "
                             f"{RANGE_TEXT}")
        if month is None:
            return cls(int(year), precision=Precision.YEAR)
        if not 1 <= int(month) <= 12:
            raise ValueError(f"{text!r} has no month {month}")
        if day is None:
            return cls(int(year), int(month), precision=Precision.MONTH)
        last = days_in_month(int(year), int(month))
        if not 1 <= int(day) <= last:
            raise ValueError(f"{text!r} is not a real day: {year}-{month} has {last} days")
        return cls(int(year), int(month), int(day), Precision.DAY)

    @classmethod
    def of(cls, d: date) -> PartialDate:
        return cls(d.year, d.month, d.day, Precision.DAY)

    @property
    def in_range(self) -> bool:
        """Whether every day this date stands for, and the day after, are in the calendar."""
        return 1 <= self.year <= 9999 and self.start >= FIRST_DAY and self.end <= LAST_DAY

    def checked(self, text: str | None = None) -> PartialDate:
        """This date if it is `in_range` (what a registry date must be), else ValueError."""
        if not self.in_range:
            raise ValueError(f"{text or self.iso()!r} is outside the supported dates: "
                             f"{RANGE_TEXT}")
        return self

    @property
    def start(self) -> date:
        """The first day the date can stand for."""
        return date(self.year, self.month, self.day)

    @property
    def end(self) -> date:
        """The last day the date can stand for."""
        if self.precision is Precision.YEAR:
            return date(self.year, 12, 31)
        if self.precision is Precision.MONTH:
            return date(self.year, self.month, days_in_month(self.year, self.month))
        return self.start

    def iso(self) -> str:
        if self.precision is Precision.YEAR:
            return f"{self.year:04d}"
        if self.precision is Precision.MONTH:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def sort_key(self) -> tuple[date, int]:
        return (self.start, _PRECISION_RANK[self.precision])

    def is_past(self, today: date) -> bool:
        return self.end < today

    def days_left(self, today: date) -> int:
        """Days to the start; 0 while today lies inside; negative (from the end) when past."""
        if today <= self.start:
            return (self.start - today).days
        if today <= self.end:
            return 0
        return (self.end - today).days

    def overlaps(self, first: date | None, last: date | None) -> bool:
        return (first is None or self.end >= first) and (last is None or self.start <= last)

    def plus(self, offset: Offset) -> PartialDate:
        """Add an offset, keeping this date's precision (see the format docs).

        ValueError (never OverflowError) when the result falls outside years 1 to 9999."""
        try:
            return self._plus(offset)
        except (OverflowError, ValueError):
            raise ValueError(
                f"{self.iso()} plus {offset} is outside the supported dates: {RANGE_TEXT}"
            ) from None

    def _plus(self, offset: Offset) -> PartialDate:
        if offset.unit in ("day", "week"):
            days = offset.amount * (7 if offset.unit == "week" else 1)
            moved = self.start + timedelta(days=days)
            if self.precision is Precision.DAY:
                return PartialDate.of(moved)
            return PartialDate(
                moved.year,
                moved.month if self.precision is Precision.MONTH else 1,
                1,
                self.precision,
            )
        months = offset.amount * (12 if offset.unit == "year" else 1)
        index = self.year * 12 + (self.month - 1) + months
        year, month = divmod(index, 12)
        month += 1
        if not 1 <= year <= 9999:
            raise ValueError("year out of range")
        if self.precision is Precision.YEAR:
            return PartialDate(year, 1, 1, Precision.YEAR)
        if self.precision is Precision.MONTH:
            return PartialDate(year, month, 1, Precision.MONTH)
        day = min(self.day, days_in_month(year, month))
        return PartialDate(year, month, day, Precision.DAY)

    def last_day_of(self, length: Offset) -> PartialDate:
        """The last day of a period of `length` that starts on this date, at its precision.

        A period of N months (or years) ends the day before the same day of the month N
        months later; when that month has no such day (31 January + 1 month), it ends on
        that month's last day. N days or weeks end N * 1 or N * 7 - 1 days after the start.
        A month or year date counts from its first day (docs/registry-format.md).
        """
        last = period_end(self.start, length)
        if self.precision is Precision.DAY:
            return PartialDate.of(last)
        if self.precision is Precision.MONTH:
            return PartialDate(last.year, last.month, 1, Precision.MONTH)
        return PartialDate(last.year, 1, 1, Precision.YEAR)

    def describe(self) -> str:
        """Human form: "1 Aug 2026", "Aug 2026", "2026"."""
        if self.precision is Precision.YEAR:
            return str(self.year)
        if self.precision is Precision.MONTH:
            return f"{MONTH_ABBR[self.month]} {self.year}"
        return f"{self.day} {MONTH_ABBR[self.month]} {self.year}"

    def words(self) -> str:
        """Spelled out: "1 July 2026", "March 2025", "2026"."""
        if self.precision is Precision.YEAR:
            return str(self.year)
        if self.precision is Precision.MONTH:
            return f"{MONTH_NAMES[self.month]} {self.year}"
        return f"{self.day} {MONTH_NAMES[self.month]} {self.year}"

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True)
class Offset:
    amount: int
    unit: str  # day | week | month | year

    @classmethod
    def parse(cls, text: str) -> Offset:
        m = _OFFSET_RE.match(text)
        if not m:
            raise ValueError(
                f"{text!r} is not an offset like '13 months', '2 weeks', '30 days' or '1 year'"
            )
        return cls(int(m.group(1)), m.group(2).lower())

    def __str__(self) -> str:
        return f"{self.amount} {self.unit}{'' if self.amount == 1 else 's'}"


def period_end(start: date, length: Offset) -> date:
    """The last day of a period of `length` whose first day is `start` (see last_day_of);
    ValueError (never OverflowError) when it falls outside years 1 to 9999."""
    if length.amount < 1:
        raise ValueError(f"a period of {length} has no last day")
    try:
        return _period_end(start, length)
    except (OverflowError, ValueError):
        raise ValueError(f"a period of {length} from {start.isoformat()} ends outside the "
                         f"supported dates: {RANGE_TEXT}") from None


def _period_end(start: date, length: Offset) -> date:
    if length.unit in ("day", "week"):
        return start + timedelta(days=length.amount * (7 if length.unit == "week" else 1) - 1)
    months = length.amount * (12 if length.unit == "year" else 1)
    year, month = divmod(start.year * 12 + (start.month - 1) + months, 12)
    month += 1
    if start.day > days_in_month(year, month):  # no such day: the month's last day
        return date(year, month, days_in_month(year, month))
    return date(year, month, start.day) - timedelta(days=1)


def today_in_shanghai() -> date:
    """Today's date where the deadlines apply (Asia/Shanghai)."""
    return datetime.now(CHINA_STANDARD_TIME).date()


# The span syntax of every option that takes a length (--within, --alarm, --past and the
# offsets of --from/--to/--as-of): a whole number and a unit, spelt out or abbreviated.
_SPAN_RE = re.compile(r"^\s*(\d+)\s*([a-z]+)\s*$", re.IGNORECASE | re.ASCII)
_SPAN_UNITS = {
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), "hour"),
    **dict.fromkeys(("d", "day", "days"), "day"),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), "week"),
    **dict.fromkeys(("m", "mo", "mon", "mos", "month", "months"), "month"),
    **dict.fromkeys(("y", "yr", "yrs", "year", "years"), "year"),
}
_UNIT_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 31, "year": 366}
# The whole calendar, 0001-01-01 to 9999-12-31, is 3,652,058 days: no span is longer.
_CALENDAR_DAYS = (date.max - date.min).days
SPAN_EXAMPLES = "90 days, 2 weeks, 6 months, 1 year, or short: 90d, 2w, 6m, 1y"
AS_OF_FIRST = date(1900, 1, 1)
AS_OF_LAST = date(9899, 12, 31)  # leaves a century for windows and lead times


def parse_span(text: str, *, hours: bool = False) -> Offset:
    """A length: "6 months", "6m", "2 weeks", "2w", "90 days", "90d", "1 year", "1y" (and
    "12h", "12 hours" where `hours` allows them). Raise ValueError saying what is allowed,
    also for a span longer than the calendar."""
    m = _SPAN_RE.match(text)
    unit = _SPAN_UNITS.get(m.group(2).lower()) if m else None
    if m is None or unit is None or (unit == "hour" and not hours):
        examples = SPAN_EXAMPLES + (", 12h" if hours else "")
        raise ValueError(f"{text!r} is not a span: give a number and a unit, e.g. {examples}")
    digits = m.group(1)
    if len(digits) > 8 or int(digits) * _UNIT_DAYS[unit] > _CALENDAR_DAYS:
        raise ValueError(f"{text!r} is longer than the whole calendar (years 1 to 9999)")
    return Offset(int(digits), unit)


def span_timedelta(span: Offset) -> timedelta:
    """A span of fixed length (hours, days, weeks) as a timedelta; months and years have
    no fixed length, so they raise ValueError."""
    per = {"hour": timedelta(hours=1), "day": timedelta(days=1), "week": timedelta(weeks=1)}
    if span.unit not in per:
        raise ValueError(f"{span} has no fixed length: give hours, days or weeks (12h, 7d, 2w)")
    return span.amount * per[span.unit]


def shift(day: date, span: Offset) -> date:
    """`day` moved by `span` (negative amounts move back), months as `PartialDate.plus`;
    ValueError when the result falls outside years 1 to 9999."""
    try:
        return PartialDate.of(day).plus(span).start
    except (ValueError, OverflowError):
        sign = "-" if span.amount < 0 else "+"
        moved = Offset(abs(span.amount), span.unit)
        raise ValueError(f"{day.isoformat()} {sign} {moved} falls outside the calendar "
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
    if _DATE_RE.match(raw):
        pd = PartialDate.parse(raw)
        return pd.end if end else pd.start
    m = re.match(r"^([+-])\s*(.+)$", raw)
    if m:
        span = parse_span(m.group(2))
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
