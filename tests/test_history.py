"""Honest history: the authority's moves apart from the registry's corrections of its own
record, and the registry's first build as one baseline."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import feedparser
import icalendar

from sesec_deadlines.core.changes import ChangeKind, changes
from sesec_deadlines.core.query import Filters
from sesec_deadlines.registry.load import load
from sesec_deadlines.remind.config import Subscription
from sesec_deadlines.remind.message import build
from sesec_deadlines.remind.news import merge, news
from sesec_deadlines.remind.newsstate import Baseline

from .conftest import Runner

Write = Callable[..., Path]

TEXT = """schema = 1
baseline = 2026-01-05

[[instrument]]
id = "ev-limits"
title = "EV energy limits"
authority = ["SAMR"]
topics = ["ev"]
status = "final"
summary = "Limits for cars."
last_verified = 2026-01-05
added = 2026-01-05
sources = [{ title = "SAMR notice", url = "https://example.org/ev" }]

[[instrument.milestone]]
kind = "transition_end"
date = "2027-12-31"
certainty = "official"
history = [
  { date = "2027-09-30", changed = 2026-02-01 },
  { date = "2028-01-01", changed = 2026-03-01, change = "corrected", \
reason = "the source names the first day of compliance; the period ends the day before" },
]

[[instrument.milestone]]
kind = "published"
date = "2025-12-01"
certainty = "official"

[[instrument]]
id = "late-draft"
title = "A later draft"
authority = ["MIIT"]
topics = ["rohs"]
status = "draft"
summary = "A draft."
last_verified = 2026-02-10
added = 2026-02-10
sources = [{ title = "MIIT call" }]

[[instrument.milestone]]
kind = "comment_close"
date = "2026-06-30"
certainty = "official"
"""
AS_OF = "2026-03-20"


def test_a_correction_is_not_a_move(write: Write) -> None:
    reg = load([write(TEXT)])
    found = changes(reg.entries, Filters(), None, None, reg.baselines)
    by_kind = {e.kind: e for e in found}
    assert [e.kind for e in found] == [ChangeKind.CORRECTED, ChangeKind.NEW_INSTRUMENT,
                                       ChangeKind.MOVED, ChangeKind.BASELINE]
    corrected = by_kind[ChangeKind.CORRECTED]
    assert corrected.day == date(2026, 3, 1)
    assert (corrected.before, corrected.after) == ("2028-01-01 (official)",
                                                   "2027-12-31 (official)")
    assert corrected.detail() == ("corrected by the registry: the source names the first day "
                                  "of compliance; the period ends the day before")
    assert "moved" not in corrected.detail()
    moved = by_kind[ChangeKind.MOVED]  # the authority's move stays a move, to the value
    assert (moved.day, moved.before, moved.after) == (  # before the correction
        date(2026, 2, 1), "2027-09-30", "2028-01-01")


def test_the_first_build_is_one_baseline(write: Write) -> None:
    reg = load([write(TEXT, "ours.toml")])
    found = changes(reg.entries, Filters(), None, None, reg.baselines)
    base = [e for e in found if e.kind is ChangeKind.BASELINE]
    assert len(base) == 1 and base[0].instrument is None
    assert base[0].day == date(2026, 1, 5) and base[0].subject.endswith("ours.toml")
    assert base[0].detail() == "registry created with 1 instrument, 2 milestones"
    # the instrument added after the baseline is news of its own
    assert [e.subject for e in found if e.kind is ChangeKind.NEW_INSTRUMENT] == ["late-draft"]
    # without a declared baseline every entry is its own change, as before
    plain = load([write(TEXT.replace("baseline = 2026-01-05\n", ""), "plain.toml")])
    kinds = [e.kind for e in changes(plain.entries, Filters(), None, None, plain.baselines)]
    assert ChangeKind.BASELINE not in kinds and kinds.count(ChangeKind.NEW_INSTRUMENT) == 2


def test_changes_outputs_say_corrected(run: Runner, write: Write) -> None:
    path = write(TEXT)
    args = ("changes", "--since", "2026-01-01", "-r", str(path), "--as-of", AS_OF)
    table = run(*args).stdout
    assert "corrected by the registry: the source names the first day" in table
    assert "moved from 2028-01-01" not in table
    assert "registry created with 1 instrument, 2 milestones" in table
    doc = json.loads(run(*args, "-f", "json").stdout)
    corrected = next(c for c in doc["changes"] if c["change"] == "corrected")
    assert corrected["label"] == "corrected by the registry"
    assert corrected["reason"].startswith("the source names")
    assert corrected["key"] == "corrected/ev-limits/transition_end/2026-03-01"
    base = next(c for c in doc["changes"] if c["change"] == "baseline")
    assert base["counts"] == {"instruments": 1, "milestones": 2} and base["item"] is None
    csv_text = run(*args, "-f", "csv").stdout
    assert csv_text.splitlines()[0].startswith(
        "change_id,changed,change,before,after,reason,detail,id,")
    assert sum(",baseline," in line for line in csv_text.splitlines()) == 1
    feed = feedparser.parse(run(*args, "-f", "atom").stdout)
    titles = [e.title for e in feed.entries]
    assert "Registry created with 1 instrument, 2 milestones" in titles
    correction = next(e for e in feed.entries if "orrected" in e.title)
    assert correction.title.startswith("Corrected by the registry: the source names")
    assert "not a change by the authority" in correction.summary
    assert not any(t.startswith("Moved from 2028-01-01") for t in titles)


def test_the_digest_labels_a_correction_and_never_announces_the_baseline(
        write: Write) -> None:
    reg = load([write(TEXT)])
    subs = (Subscription("ev", ("alice@example.com",), Filters()),)
    base = [Baseline("ev", "alice@example.com", "2026-01-01")]
    today = date(2026, 3, 20)
    found = news(reg.entries, subs, [], base, today)["alice@example.com"]
    assert ChangeKind.BASELINE not in [e.kind for e in found]
    digest = merge([], {"alice@example.com": found}, subs)[0]
    message = build(digest, sender="deadlines@example.com", today=today,
                    now=dt.datetime(2026, 3, 20, 8, tzinfo=dt.UTC))
    text = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "* Corrected by the registry: Last day of transition 2027-12-31" in text
    flat = " ".join(text.split())
    assert "by the registry on 2026-03-01, not by the authority: the source names" in flat
    assert "Was: 2028-01-01 (official); now 2027-12-31 (official)" in flat
    assert "Moved: from 2028-01-01" not in text
    assert str(message["Subject"]).startswith("4 new, moved and corrected China deadlines")


def test_a_correction_still_moves_the_calendar_sequence(run: Runner, write: Write) -> None:
    plain = TEXT.replace(
        '  { date = "2028-01-01", changed = 2026-03-01, change = "corrected", reason = "the '
        'source names the first day of compliance; the period ends the day before" },\n', "")
    assert plain != TEXT
    uid = "ev-limits.transition_end@sesec-deadlines"

    def sequence(text: str, name: str) -> int:
        result = run("export", "-r", str(write(text, name)), "--as-of", AS_OF)
        assert result.exit_code == 0, result.stderr
        cal = icalendar.Calendar.from_ical(result.stdout_bytes)
        event = next(e for e in cal.walk("VEVENT") if str(e["UID"]) == uid)
        return int(str(event["SEQUENCE"]))

    assert (sequence(plain, "a.toml"), sequence(TEXT, "b.toml")) == (1, 2)


def test_history_change_and_reason_are_checked(run: Runner, write: Write) -> None:
    bad = TEXT.replace(', reason = "the source names the first day of compliance; the period '
                       'ends the day before"', "")
    result = run("check", str(write(bad)))
    assert result.exit_code != 0
    assert "history[1].reason" in result.stderr and "says why" in result.stderr
    assert ":20:" in result.stderr or "registry.toml:" in result.stderr
    wrong = TEXT.replace('change = "corrected"', 'change = "fixed"')
    result = run("check", str(write(wrong, "wrong.toml")))
    assert "unknown change 'fixed'" in result.stderr and "allowed: moved, corrected" in (
        result.stderr)
    assert "only a correction has a reason" not in result.stderr
    moved = TEXT.replace('change = "corrected"', 'change = "moved"')
    result = run("check", str(write(moved, "moved.toml")))
    assert "only a correction has a reason" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_reminder_after_a_correction_says_corrected_not_moved(write: Write) -> None:
    from sesec_deadlines.remind.items import facts
    from sesec_deadlines.remind.message import reminders_subject
    from sesec_deadlines.remind.select import Digest, Reminder

    reg = load([write(TEXT)])
    entry = next(e for e in reg.entries if e.id == "ev-limits/transition_end")
    corrected = Reminder(entry, 30, 20, moved_from="2028-01-01")
    assert corrected.correction is not None
    assert ("Corrected", "by the registry from 2028-01-01 to 2027-12-31: the source names the "
            "first day of compliance; the period ends the day before") in facts(corrected)
    assert not [f for f in facts(corrected) if f[0] == "Moved"]
    digest = Digest("a@example.com", "a@example.com", (corrected,), ("ev",))
    assert reminders_subject(digest).startswith("Corrected to 2027-12-31")
    # a date the authority moved stays a move
    moved = Reminder(entry, 30, 20, moved_from="2027-09-30")
    assert moved.correction is None
    assert ("Moved", "from 2027-09-30 to 2027-12-31") in facts(moved)


def test_a_digest_of_several_counts_corrections_apart_from_moves(write: Write) -> None:
    from sesec_deadlines.remind.message import reminders_subject
    from sesec_deadlines.remind.select import Digest, Reminder

    reg = load([write(TEXT)])
    entry = next(e for e in reg.entries if e.id == "ev-limits/transition_end")
    other = next(e for e in reg.entries if e.id == "late-draft/comment_close")
    reminders = (Reminder(other, 7, 5, moved_from="2026-06-15"),
                 Reminder(entry, 30, 20, moved_from="2028-01-01"))
    subject = reminders_subject(Digest("a@example.com", "a@example.com", reminders, ("ev",)))
    assert subject.startswith("2 China deadlines (1 moved, 1 corrected by the registry), next")
