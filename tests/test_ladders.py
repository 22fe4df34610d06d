"""Lead ladders per kind, in days or working days, sent once each (remind.ladders)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sesec_deadlines.core.dates import WORKDAY, Offset
from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.query import make_filters
from sesec_deadlines.core.vocab import Kind
from sesec_deadlines.registry.load import load
from sesec_deadlines.remind.config import Subscription
from sesec_deadlines.remind.ladders import KIND_LEADS, due_rung, parse_lead, rung_day
from sesec_deadlines.remind.select import Reminder, due, records
from sesec_deadlines.remind.state import Sent

FIXTURE = Path(__file__).parent / "fixtures" / "remind-registry.toml"


def wd(n: int) -> Offset:
    return Offset(n, WORKDAY)


def days(n: int) -> Offset:
    return Offset(n, "day")


def entries(tmp_path: Path, **moves: str) -> tuple[Entry, ...]:
    """The fixture, with dates replaced: {"2026-04-15": "2027-01-20"}."""
    text = FIXTURE.read_text(encoding="utf-8")
    for old, new in moves.items():
        assert f'date = "{old}"' in text
        text = text.replace(f'date = "{old}"', f'date = "{new}"')
    path = tmp_path / "registry.toml"
    path.write_text(text, encoding="utf-8")
    return load([path]).entries


def run_days(found: tuple[Entry, ...], sub: Subscription, first: date, last: date,
             skip: tuple[date, ...] = ()) -> list[tuple[str, str, Reminder]]:
    """Every reminder sent by daily runs from `first` to `last` (except `skip`), recording
    each as the state file would."""
    sent: list[Sent] = []
    out = []
    for ordinal in range(first.toordinal(), last.toordinal() + 1):
        today = date.fromordinal(ordinal)
        if today in skip:
            continue
        for digest in due(found, [sub], sent, today):
            sent += records(digest, f"<{today}@example.com>", f"{today}T08:00:00Z")
            out += [(today.isoformat(), r.entry.id, r) for r in digest.reminders]
    return out


def test_each_kind_has_a_ladder_that_fits_it() -> None:
    sub = Subscription("all", ("a@example.com",))
    for kind in (Kind.MANDATORY_FROM, Kind.TRANSITION_END, Kind.ENTRY_INTO_FORCE):
        ladder = sub.ladder(kind)
        assert ladder[0] == days(365)
        assert {days(n) for n in (365, 180, 90, 30, 7)} <= set(ladder)
    assert sub.ladder(Kind.COMMENT_CLOSE) == (wd(15), wd(10), wd(5), wd(1), days(0))
    assert set(KIND_LEADS) == set(Kind)  # every kind decided


def test_overrides_per_subscription_and_per_kind() -> None:
    sub = Subscription("s", ("a@example.com",), leads=(60, wd(5), 0),
                       kind_leads=((Kind.COMMENT_CLOSE, (wd(3),)),))
    assert sub.ladder(Kind.MANDATORY_FROM) == (days(60), wd(5), days(0))
    assert sub.ladder(Kind.COMMENT_CLOSE) == (wd(3),)


def test_a_comment_deadline_in_working_days_over_qingming(tmp_path: Path) -> None:
    # The RoHS comment period closes Wednesday 15 April 2026; Monday 6 April (Qingming) is
    # off. 15, 10, 5 and 1 working days before are 24 March, 31 March, 8 and 14 April.
    assert rung_day(date(2026, 4, 15), wd(10)) == (date(2026, 3, 31), False)
    sub = Subscription("rohs", ("a@example.com",), make_filters(kind=["comment_close"]))
    sent = run_days(entries(tmp_path), sub, date(2026, 3, 1), date(2026, 4, 30))
    assert [(day, r.rung, r.lead, r.days_left) for day, _, r in sent] == [
        ("2026-03-24", wd(15), 22, 22),
        ("2026-03-31", wd(10), 15, 15),
        ("2026-04-08", wd(5), 7, 7),
        ("2026-04-14", wd(1), 1, 1),
        ("2026-04-15", days(0), 0, 0),
    ]
    assert sent[1][2].rung_text == "10wd"


def test_after_a_gap_the_most_recent_missed_rung_goes_once(tmp_path: Path) -> None:
    sub = Subscription("rohs", ("a@example.com",), make_filters(kind=["comment_close"]))
    gap = tuple(date.fromordinal(n) for n in range(date(2026, 3, 20).toordinal(),
                                                   date(2026, 4, 10).toordinal()))
    sent = run_days(entries(tmp_path), sub, date(2026, 3, 1), date(2026, 4, 30), skip=gap)
    # Back on Friday 10 April: the 5wd rung (due 8 April) once; 15wd and 10wd never.
    assert [(day, r.rung) for day, _, r in sent] == [
        ("2026-04-10", wd(5)), ("2026-04-14", wd(1)), ("2026-04-15", days(0))]


def test_a_product_date_is_reminded_a_year_ahead_by_default(tmp_path: Path) -> None:
    sub = Subscription("ccc", ("a@example.com",), make_filters(kind=["mandatory_from"]))
    found = entries(tmp_path, **{"2026-05-01": "2027-03-01"})
    sent = run_days(found, sub, date(2026, 3, 1), date(2027, 3, 2))
    assert [(day, r.lead) for day, _, r in sent] == [
        ("2026-03-01", 365), ("2026-09-02", 180), ("2026-12-01", 90), ("2027-01-30", 30),
        ("2027-02-22", 7), ("2027-03-01", 0)]


def test_a_rung_counted_in_an_estimated_year_says_so(tmp_path: Path) -> None:
    from sesec_deadlines.core.workdays import WorkingCalendar, official_years

    beyond = official_years(WorkingCalendar())[1] + 1
    found = entries(tmp_path, **{"2026-04-15": f"{beyond}-03-17"})
    sub = Subscription("rohs", ("a@example.com",), make_filters(kind=["comment_close"]))
    sent = run_days(found, sub, date(beyond, 2, 1), date(beyond, 3, 17))
    assert [r.rung for _, _, r in sent] == [wd(15), wd(10), wd(5), wd(1), days(0)]
    assert [r.estimated for _, _, r in sent] == [True, True, True, True, False]


def test_state_records_of_working_day_rungs_keep_exactly_once(tmp_path: Path) -> None:
    found = entries(tmp_path)
    sub = Subscription("rohs", ("a@example.com",), make_filters(kind=["comment_close"]))
    first = due(found, [sub], [], date(2026, 3, 31))
    (reminder,) = first[0].reminders
    assert reminder.rung == wd(10)
    sent = records(first[0], "<1@example.com>", "2026-03-31T08:00:00Z")
    assert sent[0].lead == 15  # the rung's days before the date
    assert due(found, [sub], sent, date(2026, 3, 31)) == []  # the same day again
    assert due(found, [sub], sent, date(2026, 4, 7)) == []  # the next rung is 8 April
    # A subscription with a day rung on the same day is not sent twice either.
    by_days = Subscription("days", ("a@example.com",), make_filters(kind=["comment_close"]),
                           leads=(15,))
    assert due(found, [by_days], sent, date(2026, 4, 1)) == []


def test_due_rung_prefers_the_latest_day() -> None:
    start = date(2026, 4, 15)
    # 7 days (8 April) and 5 working days (8 April) fall on one day: the fewer days win.
    found = due_rung((days(7), wd(5), days(14)), start, date(2026, 4, 9))
    assert found is not None and found.day == date(2026, 4, 8) and found.days == 7
    assert due_rung((wd(3),), start, date(2026, 4, 9)) is None


@pytest.mark.parametrize(("value", "lead"), [
    (30, days(30)), ("30d", days(30)), ("2w", days(14)), ("15wd", wd(15)),
    ("15 working days", wd(15)), ("6m", Offset(6, "month")),
])
def test_a_rung_as_the_configuration_writes_it(value: object, lead: Offset) -> None:
    assert parse_lead(value) == lead


@pytest.mark.parametrize(("value", "why"), [
    (-1, "before nothing"), ("3h", "not a span"), ("2500wd", "more than 3660 days"),
    (True, "not a number of days"), ("11y", "more than 3660 days"),
])
def test_a_bad_rung_says_why(value: object, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        parse_lead(value)
