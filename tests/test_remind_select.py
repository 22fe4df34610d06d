"""Reminder selection: a pure function of (entries, subscriptions, what was sent, today)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.query import make_filters
from sesec_deadlines.core.vocab import Certainty, Kind
from sesec_deadlines.registry.load import load
from sesec_deadlines.remind.config import Subscription
from sesec_deadlines.remind.ladders import OTHER_LEADS, due_rung
from sesec_deadlines.remind.select import Digest, due, records
from sesec_deadlines.remind.state import Sent

FIXTURE = Path(__file__).parent / "fixtures" / "remind-registry.toml"
DAY1 = date(2026, 4, 1)


def entries(tmp_path: Path | None = None, **moves: str) -> tuple[Entry, ...]:
    """The fixture's entries; `moves` replaces dates: old_date="new-date"."""
    if not moves:
        return load([FIXTURE]).entries
    assert tmp_path is not None
    text = FIXTURE.read_text(encoding="utf-8")
    for old, new in moves.items():
        old_text = old.removeprefix("d").replace("_", "-")
        assert f'date = "{old_text}"' in text
        text = text.replace(f'date = "{old_text}"', f'date = "{new}"')
    path = tmp_path / "moved.toml"
    path.write_text(text, encoding="utf-8")
    return load([path]).entries


def sub(name: str = "all", to: tuple[str, ...] = ("alice@example.com",),
        **kw: object) -> Subscription:
    filters = kw.pop("filters", make_filters())
    kw.setdefault("leads", OTHER_LEADS)  # these tests hold the mechanism on one ladder
    return Subscription(name=name, to=to, filters=filters, **kw)  # type: ignore[arg-type]


def summary(digests: list[Digest]) -> dict[str, list[tuple[str, int, int]]]:
    return {
        d.recipient: [(r.entry.id, r.lead, r.days_left) for r in d.reminders] for d in digests
    }


def sent_as(digests: list[Digest], at: str) -> list[Sent]:
    return [s for d in digests for s in records(d, f"<{d.recipient}@{at}>", at)]


def test_rung_is_the_most_urgent_lead_already_due() -> None:
    ladder = (30, 14, 7, 1, 0)
    start = date(2026, 8, 31)

    def rung(ladder: tuple[int, ...], days_left: int) -> int | None:
        found = due_rung(ladder, start, date.fromordinal(start.toordinal() - days_left))
        return None if found is None else found.days

    assert rung(ladder, 31) is None
    assert rung(ladder, 30) == 30
    assert rung(ladder, 29) == 30
    assert rung(ladder, 14) == 14
    assert rung(ladder, 8) == 14
    assert rung(ladder, 2) == 7
    assert rung(ladder, 1) == 1
    assert rung(ladder, 0) == 0
    assert rung((7, 3), 0) == 3
    assert rung((7, 3), -5) == 3  # a month or year date under way


def test_first_run_day_precision_only_no_past_no_pending() -> None:
    digests = due(entries(), [sub()], [], DAY1)
    assert summary(digests) == {
        "alice@example.com": [
            ("beta-rohs/comment_close", 14, 14),
            ("evil-data/entry_into_force", 30, 19),
            ("alpha-ccc/mandatory_from", 30, 30),
        ]
    }


def test_month_dates_only_when_included_counted_to_their_start() -> None:
    approx = sub(include_approximate=True, filters=make_filters(topic=["battery"]))
    assert summary(due(entries(), [approx], [], date(2026, 3, 10))) == {
        "alice@example.com": [("gamma-battery/entry_into_force", 30, 22)]
    }
    # within the month it is due (lead 0) until its last day, then past
    assert summary(due(entries(), [approx], [], date(2026, 4, 20))) == {
        "alice@example.com": [("gamma-battery/entry_into_force", 0, 0)]
    }
    assert due(entries(), [approx], [], date(2026, 5, 1)) == []


def test_a_sent_reminder_is_not_sent_again() -> None:
    first = due(entries(), [sub()], [], DAY1)
    assert due(entries(), [sub()], sent_as(first, "2026-04-01T00:00:00+00:00"), DAY1) == []
    # nor the next day, when the same leads are still the most urgent
    assert due(entries(), [sub()], sent_as(first, "2026-04-01T00:00:00+00:00"),
               date(2026, 4, 2)) == []


def test_a_skipped_day_is_caught_up() -> None:
    sent = sent_as(due(entries(), [sub()], [], DAY1), "2026-04-01T00:00:00+00:00")
    # the 7-day reminder of the RoHS deadline (2026-04-15) fell due on 2026-04-08; the
    # run of that day did not happen; the run of 2026-04-09 sends it.
    # (so does the 14-day reminder of the data rule, due on 2026-04-06)
    assert summary(due(entries(), [sub()], sent, date(2026, 4, 9))) == {
        "alice@example.com": [
            ("beta-rohs/comment_close", 7, 6),
            ("evil-data/entry_into_force", 14, 11),
        ]
    }


def test_after_a_long_gap_only_the_most_urgent_lead() -> None:
    sent = sent_as(due(entries(), [sub()], [], DAY1), "2026-04-01T00:00:00+00:00")
    # 14 and 7 days before the CCC date passed unseen; only the 1-day reminder goes out
    assert summary(due(entries(), [sub()], sent, date(2026, 4, 30))) == {
        "alice@example.com": [("alpha-ccc/mandatory_from", 1, 1)]
    }


def test_past_milestones_are_never_reminded() -> None:
    assert summary(due(entries(), [sub()], [], date(2026, 4, 16))) == {
        "alice@example.com": [
            ("evil-data/entry_into_force", 7, 4),
            ("alpha-ccc/mandatory_from", 30, 15),
        ]
    }


def test_a_moved_date_is_reminded_again_and_says_from_where(tmp_path: Path) -> None:
    sent = sent_as(due(entries(), [sub()], [], DAY1), "2026-04-01T00:00:00+00:00")
    moved = entries(tmp_path, d2026_04_15="2026-04-10")
    digests = due(moved, [sub()], sent, date(2026, 4, 2))
    assert summary(digests) == {"alice@example.com": [("beta-rohs/comment_close", 14, 8)]}
    assert digests[0].reminders[0].moved_from == "2026-04-15"
    # once reminded at the new date, it is not "moved" any more
    later = sent + sent_as(digests, "2026-04-02T00:00:00+00:00")
    again = due(moved, [sub()], later, date(2026, 4, 4))
    assert summary(again) == {"alice@example.com": [("beta-rohs/comment_close", 7, 6)]}
    assert again[0].reminders[0].moved_from is None


def test_lead_times_per_subscription_and_per_kind() -> None:
    per_kind = sub(kind_leads=((Kind.COMMENT_CLOSE, (3, 0)),))
    assert [r.entry.id for d in due(entries(), [per_kind], [], DAY1) for r in d.reminders] == [
        "evil-data/entry_into_force",
        "alpha-ccc/mandatory_from",
    ]
    short = sub(leads=(20, 0))
    assert summary(due(entries(), [short], [], DAY1)) == {
        "alice@example.com": [
            ("beta-rohs/comment_close", 20, 14),
            ("evil-data/entry_into_force", 20, 19),
        ]
    }


def test_filters_are_those_of_list() -> None:
    official_ccc = sub(filters=make_filters(topic=["ccc"], certainty=[Certainty.OFFICIAL]))
    proposed = sub(filters=make_filters(certainty=[Certainty.PROPOSED]))
    searched = sub(filters=make_filters(search=["gadgets"], authority=["miit"]))
    assert [r.entry.id for d in due(entries(), [official_ccc], [], DAY1)
            for r in d.reminders] == ["alpha-ccc/mandatory_from"]
    assert [r.entry.id for d in due(entries(), [proposed], [], DAY1)
            for r in d.reminders] == ["beta-rohs/comment_close"]
    assert [r.entry.id for d in due(entries(), [searched], [], DAY1)
            for r in d.reminders] == ["beta-rohs/comment_close"]


def test_one_digest_per_recipient_across_subscriptions() -> None:
    ccc = sub("ccc", ("Alice <alice@example.com>",), filters=make_filters(topic=["ccc"]))
    rohs = sub("rohs", ("alice@example.com", "bob@example.com"),
               filters=make_filters(topic=["rohs"]), leads=(20, 0))
    digests = due(entries(), [ccc, rohs], [], DAY1)
    assert summary(digests) == {
        "alice@example.com": [
            ("beta-rohs/comment_close", 20, 14),
            ("alpha-ccc/mandatory_from", 30, 30),
        ],
        "bob@example.com": [("beta-rohs/comment_close", 20, 14)],
    }
    assert digests[0].to == "Alice <alice@example.com>"
    assert digests[0].subscriptions == ("ccc", "rohs")


@pytest.mark.parametrize("today", [date(2026, 3, 2), date(2026, 3, 31)])
def test_nothing_due_far_ahead(today: date) -> None:
    narrow = sub(leads=(0,))
    assert due(entries(), [narrow], [], today) == []
