"""Working days against the State Council's official schedules, spans in working days.

The reference lists below are typed from the notices themselves, not from the library:
- 2025: 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号, 12 November 2024)
- 2026: 国务院办公厅关于2026年部分节假日安排的通知 (4 November 2025)
Each lists the days off that fall on weekdays and the weekend days that are worked.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from sesec_deadlines.core import workdays
from sesec_deadlines.core.dates import WORKDAY, Offset
from sesec_deadlines.core.datetext import parse_bound, parse_span, shift, shift_marked
from sesec_deadlines.core.workdays import (
    WorkingCalendar,
    add_working_days,
    calendar_from,
    is_estimated,
    is_working_day,
    working_days_between,
)

REGISTRY = Path(__file__).parent / "fixtures" / "registry.toml"


def _days(*isos: str) -> set[date]:
    return {date.fromisoformat(d) for d in isos}


# Weekdays off (Monday to Friday) and weekend days worked, per notice.
OFFICIAL = {
    2025: (
        _days("2025-01-01",                                              # New Year
              "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31",    # Spring Festival
              "2025-02-03", "2025-02-04",
              "2025-04-04",                                              # Qingming
              "2025-05-01", "2025-05-02", "2025-05-05",                  # Labour Day
              "2025-06-02",                                              # Dragon Boat
              "2025-10-01", "2025-10-02", "2025-10-03",                  # National Day and
              "2025-10-06", "2025-10-07", "2025-10-08"),                 # Mid-Autumn
        _days("2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"),
    ),
    2026: (
        _days("2026-01-01", "2026-01-02",                                # New Year
              "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19",    # Spring Festival
              "2026-02-20", "2026-02-23",
              "2026-04-06",                                              # Qingming
              "2026-05-01", "2026-05-04", "2026-05-05",                  # Labour Day
              "2026-06-19",                                              # Dragon Boat
              "2026-09-25",                                              # Mid-Autumn
              "2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06",    # National Day
              "2026-10-07"),
        _days("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20",
              "2026-10-10"),
    ),
}


def _year(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=n) for n in range((date(year + 1, 1, 1) - first).days)]


def test_the_reference_lists_have_the_notices_counts() -> None:
    assert (len(OFFICIAL[2026][0]), len(OFFICIAL[2026][1])) == (19, 6)
    assert (len(OFFICIAL[2025][0]), len(OFFICIAL[2025][1])) == (18, 5)
    for off, worked in OFFICIAL.values():
        assert all(d.weekday() < 5 for d in off)
        assert all(d.weekday() >= 5 for d in worked)


@pytest.mark.parametrize("year", sorted(OFFICIAL))
def test_every_day_of_the_official_years(year: int) -> None:
    off, worked = OFFICIAL[year]
    cn = WorkingCalendar()
    wrong = [d.isoformat() for d in _year(year)
             if is_working_day(d, cn) != ((d.weekday() < 5 and d not in off) or d in worked)]
    assert wrong == []
    assert not is_estimated(year, cn)


def test_counting_forwards_over_the_spring_festival_2026() -> None:
    # Fri 13 Feb; Sat 14 Feb is worked; 15-23 Feb off; Mon 24 Feb is the next.
    assert add_working_days(date(2026, 2, 13), 1).day == date(2026, 2, 14)
    assert add_working_days(date(2026, 2, 13), 2).day == date(2026, 2, 24)
    assert add_working_days(date(2026, 2, 13), 5).day == date(2026, 2, 27)
    assert add_working_days(date(2026, 2, 13), 6).day == date(2026, 2, 28)  # a Saturday
    # Mon to Fri counting would give 20 February, a week too early.
    moved = add_working_days(date(2026, 2, 6), 10)
    assert moved == workdays.Moved(date(2026, 2, 27), False)


def test_counting_backwards_over_national_day_2025() -> None:
    # 10 working days before Monday 13 October 2025: Sat 11 Oct and 9-10 Oct are worked,
    # 1-8 Oct are off, Sun 28 Sep is worked.
    assert add_working_days(date(2025, 10, 13), -1).day == date(2025, 10, 11)
    assert add_working_days(date(2025, 10, 13), -3).day == date(2025, 10, 9)
    assert add_working_days(date(2025, 10, 13), -4).day == date(2025, 9, 30)
    assert add_working_days(date(2025, 10, 13), -6).day == date(2025, 9, 28)


def test_across_the_year_end_both_ways() -> None:
    # 31 Dec 2025 (Wed) + 1 working day: 1 and 2 January 2026 are off, 3 Jan a Saturday
    # off, 4 Jan (Sunday) worked.
    assert add_working_days(date(2025, 12, 31), 1).day == date(2026, 1, 4)
    assert add_working_days(date(2026, 1, 4), -1).day == date(2025, 12, 31)
    assert add_working_days(date(2026, 1, 5), -2).day == date(2025, 12, 31)
    assert working_days_between(date(2025, 12, 31), date(2026, 1, 5)) == 2
    assert working_days_between(date(2026, 1, 5), date(2025, 12, 31)) == -2


def test_count_and_between_agree_on_every_day_of_2026() -> None:
    start = date(2025, 12, 19)
    for n in range(0, 260, 7):
        there = add_working_days(start, n).day
        assert working_days_between(start, there) == n
        assert add_working_days(there, -n).day <= start


def test_zero_is_the_day_or_the_next_working_day() -> None:
    assert add_working_days(date(2026, 2, 17), 0).day == date(2026, 2, 24)
    assert add_working_days(date(2026, 2, 14), 0).day == date(2026, 2, 14)


def test_a_year_beyond_the_data_is_estimated_from_the_statutory_days() -> None:
    cn = WorkingCalendar()
    first, last = workdays.official_years(cn)
    assert last >= 2026 and first <= 2025
    beyond = last + 1
    assert is_estimated(beyond, cn)
    # The statutory days of that year are off, weekends are never worked.
    assert not is_working_day(date(beyond, 1, 1), cn) or date(beyond, 1, 1).weekday() >= 5
    assert not is_working_day(date(beyond, 10, 2), cn)
    assert not any(is_working_day(d, cn) for d in _year(beyond) if d.weekday() >= 5)
    moved = add_working_days(date(last, 12, 20), 20)
    assert moved.day.year == beyond and moved.estimated
    assert not add_working_days(date(last, 6, 1), 5).estimated


def test_spans_in_working_days_parse_in_every_spelling() -> None:
    for text in ("10wd", "10 wd", "10 working days", "10 Working Days", "10 business days",
                 "10 workdays", "10 work-days"):
        assert parse_span(text) == Offset(10, WORKDAY), text
    assert str(Offset(1, WORKDAY)) == "1 working day"
    assert Offset(15, WORKDAY).short() == "15wd"
    with pytest.raises(ValueError, match="at most 5000 working days"):
        parse_span("6000wd")


def test_shift_and_bounds_count_working_days() -> None:
    today = date(2026, 2, 6)
    assert shift(today, Offset(10, WORKDAY)) == date(2026, 2, 27)
    assert shift(today, Offset(-1, WORKDAY)) == date(2026, 2, 5)
    assert parse_bound("+10wd", today, end=True) == date(2026, 2, 27)
    assert parse_bound("-10 working days", date(2026, 10, 12), end=False) == date(2026, 9, 21)
    assert shift_marked(date(2026, 12, 1), Offset(30, WORKDAY))[1] is True


def test_the_calendar_is_a_setting() -> None:
    assert calendar_from({}) == WorkingCalendar("CN")
    assert calendar_from({"DEADLINES_WORKING_CALENDAR": "de-by"}) == WorkingCalendar("DE", "by")
    de = WorkingCalendar.parse("DE-BY").checked()
    assert de == WorkingCalendar("DE", "BY")
    # Germany: 3 October and Epiphany (Bavaria) are off, no Saturday is ever worked.
    assert not is_working_day(date(2026, 10, 2) + timedelta(days=1), de)
    assert not is_working_day(date(2026, 1, 6), de)
    assert is_working_day(date(2026, 2, 16), de)  # Spring Festival is a working day there
    assert not is_estimated(2030, de)
    with pytest.raises(ValueError, match="DEADLINES_WORKING_CALENDAR"):
        calendar_from({"DEADLINES_WORKING_CALENDAR": "Germany!"})
    with pytest.raises(ValueError, match="no calendar for country 'XX'"):
        WorkingCalendar.parse("XX").checked()
    with pytest.raises(ValueError, match="no region"):
        WorkingCalendar.parse("DE-ZZ").checked()


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sesec_deadlines", *args], capture_output=True,
                          text=True, env=env)


def test_within_and_past_take_working_days(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = _run("upcoming", "-r", str(REGISTRY), "--as-of", "2026-02-06", "--within", "10wd",
                "--format", "json", env=env)
    assert done.returncode == 0, done.stderr
    days = _run("upcoming", "-r", str(REGISTRY), "--as-of", "2026-02-06", "--days", "21",
                "--format", "json", env=env)
    assert json.loads(done.stdout) == json.loads(days.stdout)
    bad = _run("upcoming", "-r", str(REGISTRY), "--within", "10wd", env={
        **env, "DEADLINES_WORKING_CALENDAR": "XX"})
    assert bad.returncode == 2 and "no calendar for country 'XX'" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_upcoming_without_working_days_does_not_load_the_library(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from sesec_deadlines.cli.app import main\n"
        "sys.argv = ['deadlines', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('holidays' in sys.modules or 'sesec_deadlines.core.workdays' in sys.modules,"
        " file=sys.stderr)\n"
    )
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    base = ["upcoming", "-r", str(REGISTRY), "--as-of", "2026-03-20"]
    for extra, loaded in (([], "False"), (["--within", "30d"], "False"),
                          (["--within", "10wd"], "True")):
        done = subprocess.run([sys.executable, "-c", code, *base, *extra], capture_output=True,
                              text=True, env=env, check=True)
        assert done.stderr.strip().splitlines()[-1] == loaded, extra
