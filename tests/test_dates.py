"""The one set of rules for day-, month- and year-precision dates."""

from __future__ import annotations

from datetime import UTC, date

import pytest

from sesec_deadlines.core.dates import Offset, PartialDate
from sesec_deadlines.core.datetext import parse_bound
from sesec_deadlines.core.vocab import Precision

TODAY = date(2026, 3, 20)


@pytest.mark.parametrize(
    ("text", "precision", "start", "end"),
    [
        ("2026-08-01", Precision.DAY, date(2026, 8, 1), date(2026, 8, 1)),
        ("2026-04", Precision.MONTH, date(2026, 4, 1), date(2026, 4, 30)),
        ("2024-02", Precision.MONTH, date(2024, 2, 1), date(2024, 2, 29)),
        ("2027", Precision.YEAR, date(2027, 1, 1), date(2027, 12, 31)),
    ],
)
def test_parse_start_end(text: str, precision: Precision, start: date, end: date) -> None:
    d = PartialDate.parse(text)
    assert (d.precision, d.start, d.end, d.iso()) == (precision, start, end, text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2025-02-30", "is not a real day: 2025-02 has 28 days"),
        ("2025-13", "has no month 13"),
        ("2025-1-5", "is not a date of the form"),
        ("1 Aug 2026", "is not a date of the form"),
    ],
)
def test_parse_rejects(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        PartialDate.parse(text)


def test_sorting_puts_month_with_its_first_day() -> None:
    dates = [
        PartialDate.parse(t)
        for t in ("2026-04-02", "2026", "2026-04", "2026-03-31", "2026-04-01", "2026-01-01")
    ]
    ordered = [d.iso() for d in sorted(dates, key=PartialDate.sort_key)]
    assert ordered == ["2026-01-01", "2026", "2026-03-31", "2026-04-01", "2026-04", "2026-04-02"]


def test_days_left_counts_to_start_and_zero_inside() -> None:
    assert PartialDate.parse("2026-04").days_left(TODAY) == 12
    assert PartialDate.parse("2026-03").days_left(TODAY) == 0
    assert PartialDate.parse("2026").days_left(TODAY) == 0
    assert PartialDate.parse("2026-03-20").days_left(TODAY) == 0
    assert PartialDate.parse("2026-03-18").days_left(TODAY) == -2
    assert PartialDate.parse("2026-02").days_left(TODAY) == -20  # counted from 28 February


def test_past_only_when_whole_period_is_past() -> None:
    assert not PartialDate.parse("2026-03").is_past(date(2026, 3, 31))
    assert PartialDate.parse("2026-03").is_past(date(2026, 4, 1))
    assert not PartialDate.parse("2026").is_past(date(2026, 12, 31))
    assert PartialDate.parse("2026-03-19").is_past(TODAY)


def test_window_overlap() -> None:
    month = PartialDate.parse("2026-04")
    assert month.overlaps(date(2026, 4, 30), None)
    assert not month.overlaps(date(2026, 5, 1), None)
    assert month.overlaps(None, date(2026, 4, 1))
    assert not month.overlaps(None, date(2026, 3, 31))


@pytest.mark.parametrize(
    ("anchor", "offset", "result"),
    [
        ("2025-03", "13 months", "2026-04"),
        ("2025-01-31", "1 month", "2025-02-28"),
        ("2024-01-31", "1 month", "2024-02-29"),
        ("2025-06-15", "36 months", "2028-06-15"),
        ("2025-06-15", "2 weeks", "2025-06-29"),
        ("2025-12-25", "10 days", "2026-01-04"),
        ("2025", "1 year", "2026"),
        ("2025-11", "45 days", "2025-12"),
        ("2025-06-15", "0 days", "2025-06-15"),
    ],
)
def test_offsets_keep_precision(anchor: str, offset: str, result: str) -> None:
    assert PartialDate.parse(anchor).plus(Offset.parse(offset)).iso() == result


@pytest.mark.parametrize(
    ("anchor", "period", "last"),
    [
        # the day before the same day N months later
        ("2027-01-01", "36 months", "2029-12-31"),
        ("2026-07-01", "5 years", "2031-06-30"),
        ("2026-07-01", "12 months", "2027-06-30"),
        ("2026-01-15", "1 month", "2026-02-14"),
        # month ends: no such day in the last month, so that month's last day
        ("2025-01-31", "1 month", "2025-02-28"),
        ("2024-01-31", "1 month", "2024-02-29"),
        ("2025-01-30", "1 month", "2025-02-28"),
        ("2025-01-29", "1 month", "2025-02-28"),
        ("2024-01-29", "1 month", "2024-02-28"),  # 29 February exists: the day before
        ("2025-03-31", "1 month", "2025-04-30"),
        ("2025-05-31", "1 month", "2025-06-30"),
        ("2025-08-31", "6 months", "2026-02-28"),
        ("2025-12-31", "2 months", "2026-02-28"),
        ("2025-02-28", "1 month", "2025-03-27"),
        ("2025-03-01", "1 month", "2025-03-31"),
        # leap days
        ("2024-02-29", "1 year", "2025-02-28"),
        ("2024-02-29", "4 years", "2028-02-28"),
        ("2027-03-01", "1 year", "2028-02-29"),
        ("2028-02-29", "12 months", "2029-02-28"),
        ("2024-02-01", "29 days", "2024-02-29"),
        # days and weeks: the start is the first day
        ("2026-07-01", "60 days", "2026-08-29"),
        ("2026-07-01", "1 day", "2026-07-01"),
        ("2026-07-01", "2 weeks", "2026-07-14"),
        # month and year dates count from their first day, keep their precision
        ("2025-03", "36 months", "2028-02"),
        ("2025-03", "1 month", "2025-03"),
        ("2027", "3 years", "2029"),
        ("2025-11", "45 days", "2025-12"),
    ],
)
def test_a_period_yields_its_last_day(anchor: str, period: str, last: str) -> None:
    assert PartialDate.parse(anchor).last_day_of(Offset.parse(period)).iso() == last


def test_a_period_and_an_offset_differ_by_one_day() -> None:
    """"Within 60 days after" is an offset; "a 60-day period from" ends a day earlier."""
    start = PartialDate.parse("2026-07-01")
    assert start.plus(Offset.parse("60 days")).iso() == "2026-08-30"
    assert start.last_day_of(Offset.parse("60 days")).iso() == "2026-08-29"


def test_an_empty_period_has_no_last_day() -> None:
    with pytest.raises(ValueError, match="has no last day"):
        PartialDate.parse("2026-07-01").last_day_of(Offset.parse("0 months"))


def test_offset_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="is not an offset"):
        Offset.parse("soon")


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("today", False, TODAY),
        ("tomorrow", False, date(2026, 3, 21)),
        ("2026-08", False, date(2026, 8, 1)),
        ("2026-08", True, date(2026, 8, 31)),
        ("2027", True, date(2027, 12, 31)),
        ("+3 months", False, date(2026, 6, 20)),
        ("-2 weeks", False, date(2026, 3, 6)),
        ("1 Aug 2026", False, date(2026, 8, 1)),
        ("August 1, 2026", False, date(2026, 8, 1)),
    ],
)
def test_parse_bound(text: str, end: bool, expected: date) -> None:
    assert parse_bound(text, TODAY, end=end) == expected


def test_parse_bound_rejects() -> None:
    with pytest.raises(ValueError, match="is not a date"):
        parse_bound("next blue moon", TODAY, end=False)


def test_china_standard_time_matches_the_time_zone_database() -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from sesec_deadlines.core.dates import CHINA_STANDARD_TIME

    shanghai = ZoneInfo("Asia/Shanghai")
    for stamp in (0, 1_700_000_000, 1_790_000_000, 1_850_000_000):
        instant = datetime.fromtimestamp(stamp, UTC)
        if instant.year >= 1992:
            assert instant.astimezone(shanghai).utcoffset() == CHINA_STANDARD_TIME.utcoffset(None)
