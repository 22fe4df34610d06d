"""Working days: which days a calendar counts as working days, and spans counted in them.

China's working days are not Monday to Friday: the State Council publishes each year's
holidays and the weekend days worked in exchange (make-up working days). The calendars come
from the `holidays` library, imported lazily inside these functions so that a command that
counts no working days never loads it. A year whose official schedule is not in the
library's data (for China: after the last State Council notice it carries) is computed with
the statutory rules (weekends plus the statutory holidays, a holiday on a weekend giving the
next working day off) and marked estimated. See docs/working-days.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

ENV_VAR = "DEADLINES_WORKING_CALENDAR"
DEFAULT = "CN"
# A span in working days is walked day by day; 5000 working days is about twenty years.
MAX_WORKING_DAYS = 5000
_CODE_RE = re.compile(r"^([A-Za-z]{2,3})(?:-([A-Za-z0-9]{1,4}))?$", re.ASCII)


@dataclass(frozen=True)
class WorkingCalendar:
    """A country's working days (ISO 3166 code), optionally of one subdivision ("DE-BY")."""

    country: str = DEFAULT
    subdiv: str | None = None

    @classmethod
    def parse(cls, text: str) -> WorkingCalendar:
        """"CN", "DE", "de-by": a country code, optionally with a region. ValueError for
        text of another form (`checked` asks the library whether it knows the code)."""
        m = _CODE_RE.match(text.strip())
        if not m:
            raise ValueError(f"{text!r} is not a working calendar: give a country code such "
                             "as CN or DE, optionally with a region: DE-BY")
        return cls(m.group(1).upper(), m.group(2))

    def checked(self) -> WorkingCalendar:
        """This calendar with its region spelt as the library spells it; ValueError when
        the library has no such country or region (asked only when a day is counted, so
        that setting the calendar costs nothing to commands that count none)."""
        country, subdiv = self.country, self.subdiv
        supported = _supported()
        if country not in supported:
            raise ValueError(f"working calendar {self.code!r}: no calendar for country "
                             f"{country!r} (ISO 3166 codes: CN, DE, FR, US, ...)")
        if subdiv is not None:
            known = {s.upper(): s for s in supported[country]}
            if subdiv.upper() not in known:
                choices = ", ".join(sorted(supported[country])[:20]) or "none"
                raise ValueError(f"working calendar {self.code!r}: {country} has no region "
                                 f"{subdiv!r} (regions: {choices})")
            subdiv = known[subdiv.upper()]
        return WorkingCalendar(country, subdiv)

    @property
    def code(self) -> str:
        return self.country + (f"-{self.subdiv}" if self.subdiv else "")

    def __str__(self) -> str:
        return self.code


def calendar_from(environ: Mapping[str, str], given: str | None = None) -> WorkingCalendar:
    """The working calendar: `given` (a configuration value), else $DEADLINES_WORKING_CALENDAR
    of `environ`, else China. ValueError names a bad value and where it came from."""
    text = given if given is not None else environ.get(ENV_VAR, "").strip()
    if not text or text.upper() == DEFAULT:
        return WorkingCalendar()
    try:
        return WorkingCalendar.parse(text)
    except ValueError as exc:
        raise ValueError(f"{ENV_VAR}: {exc}" if given is None else str(exc)) from None


def _supported() -> dict[str, list[str]]:
    import holidays

    found: dict[str, list[str]] = holidays.list_supported_countries()
    return found


@lru_cache(maxsize=8)
def _days(calendar: WorkingCalendar) -> Any:
    """The library's calendar object, which adds each year the first time it is asked."""
    import holidays

    cal = calendar.checked()
    return holidays.country_holidays(cal.country, subdiv=cal.subdiv, observed=True)


_active: list[WorkingCalendar] = [WorkingCalendar()]


def use(calendar: WorkingCalendar) -> None:
    """Make `calendar` the one spans in working days count with (the command line sets it
    from $DEADLINES_WORKING_CALENDAR, `remind` from its configuration)."""
    _active[0] = calendar


def active() -> WorkingCalendar:
    """The calendar spans in working days count with: China unless `use` said otherwise."""
    return _active[0]


@lru_cache(maxsize=8)
def official_years(calendar: WorkingCalendar) -> tuple[int, int]:
    """The first and last year whose working days the library's data give exactly.

    For China these are the years of the State Council notices it carries (each notice
    moves some working days to weekends); other countries' holidays follow fixed rules,
    exact for every year the library covers."""
    days = _days(calendar)
    if calendar.country == "CN":
        from holidays.countries.china import ChinaStaticHolidays

        years = ChinaStaticHolidays.special_public_holidays
        return min(years), max(years)
    first = int(getattr(days, "start_year", 1950))
    last = int(getattr(days, "end_year", 2100))
    return first, last


def is_estimated(year: int, calendar: WorkingCalendar) -> bool:
    """Whether the year's working days are computed from the rules, not an official list."""
    first, last = official_years(calendar)
    return not first <= year <= last


def is_working_day(day: date, calendar: WorkingCalendar | None = None) -> bool:
    days = _days(calendar or active())
    _ = day in days  # adds the day's year, and with it the year's make-up working days
    return bool(days.is_working_day(day))


@dataclass(frozen=True)
class Moved:
    """A day reached by counting working days, and whether an estimated year was crossed."""

    day: date
    estimated: bool


def add_working_days(day: date, count: int, calendar: WorkingCalendar | None = None
                     ) -> Moved:
    """The `count`-th working day after `day` (before it when `count` is negative; `day`
    itself is not counted). 0 gives `day` when it is a working day, else the next one.
    ValueError for more than MAX_WORKING_DAYS or a result outside years 1 to 9999."""
    cal = calendar or active()
    if abs(count) > MAX_WORKING_DAYS:
        raise ValueError(f"{abs(count)} working days is more than {MAX_WORKING_DAYS}: give "
                         "longer spans in days, months or years")
    step = timedelta(days=-1 if count < 0 else 1)
    current, left = day, abs(count)
    try:
        if count == 0:
            while not is_working_day(current, cal):
                current += step
        while left:
            current += step
            if is_working_day(current, cal):
                left -= 1
    except OverflowError:
        raise ValueError(f"{day.isoformat()} {'-' if count < 0 else '+'} {abs(count)} "
                         "working days falls outside the calendar (years 1 to 9999)") from None
    low, high = sorted((day, current))
    estimated = any(is_estimated(y, cal) for y in range(low.year, high.year + 1))
    return Moved(current, estimated)


def working_days_between(first: date, last: date, calendar: WorkingCalendar | None = None
                         ) -> int:
    """The count `add_working_days(first, count)` needs to reach `last` when `last` is a
    working day: the working days after `first` up to `last` (negative, counting from
    `last` up to the day before `first`, when `last` is earlier)."""
    cal = calendar or active()
    if last >= first:
        low, high, sign = first + timedelta(days=1), last, 1
    else:
        low, high, sign = last, first - timedelta(days=1), -1
    count, current = 0, low
    while current <= high:
        count += is_working_day(current, cal)
        current += timedelta(days=1)
    return sign * count


def range_estimated(first: date, last: date, calendar: WorkingCalendar | None = None) -> bool:
    """Whether any year from `first` to `last` is estimated in the calendar."""
    cal = calendar or active()
    low, high = sorted((first, last))
    return any(is_estimated(y, cal) for y in range(low.year, high.year + 1))
