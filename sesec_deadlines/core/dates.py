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


DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)
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
        m = DATE_RE.match(text.strip())
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
        if offset.unit in ("day", "week", WORKDAY):
            if offset.unit == WORKDAY:
                from sesec_deadlines.core.workdays import add_working_days

                moved = add_working_days(self.start, offset.amount).day
            else:
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


WORKDAY = "workday"  # an Offset unit of spans only (core.workdays); registry offsets never use it


@dataclass(frozen=True)
class Offset:
    amount: int
    unit: str  # day | week | month | year | workday (spans only)

    @classmethod
    def parse(cls, text: str) -> Offset:
        m = _OFFSET_RE.match(text)
        if not m:
            raise ValueError(
                f"{text!r} is not an offset like '13 months', '2 weeks', '30 days' or '1 year'"
            )
        return cls(int(m.group(1)), m.group(2).lower())

    def __str__(self) -> str:
        unit = "working day" if self.unit == WORKDAY else self.unit
        return f"{self.amount} {unit}{'' if abs(self.amount) == 1 else 's'}"

    def short(self) -> str:
        """The short form: "10wd", "30d", "2w", "6m", "1y"."""
        return f"{self.amount}{'wd' if self.unit == WORKDAY else self.unit[0]}"


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
