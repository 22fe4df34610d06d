"""The "New and changed" section: which changes each recipient is told of, and the email."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.query import make_filters
from sesec_deadlines.registry.load import load
from sesec_deadlines.remind.config import Subscription
from sesec_deadlines.remind.ladders import OTHER_LEADS
from sesec_deadlines.remind.message import build, subject
from sesec_deadlines.remind.news import merge, new_baselines, news, records
from sesec_deadlines.remind.newsstate import Announced, Baseline, prune
from sesec_deadlines.remind.select import due

FIXTURE = Path(__file__).parent / "fixtures" / "remind-registry.toml"
DAY1 = date(2026, 4, 1)
NEW_WINDOW = """
[[instrument]]
id = "delta-power-banks"
title = "Power bank safety (draft)"
number = "GB 99999"
authority = ["MIIT"]
topics = ["rohs", "battery"]
status = "draft"
summary = "Power banks get new safety tests."
last_verified = 2026-04-02
added = 2026-04-02
sources = [{ edition = "2025-11", article = "Power banks", url = "https://example.org/pb" }]

[[instrument.milestone]]
kind = "comment_open"
date = "2026-04-02"
certainty = "official"

[[instrument.milestone]]
kind = "comment_close"
date = "2026-05-20"
certainty = "official"

[[instrument.milestone]]
kind = "published"
date = "2025-01-01"
certainty = "official"
"""
MOVED = ('date = "2026-04-15"\ncertainty = "proposed"',
         'date = "2026-04-30"\ncertainty = "proposed"\n'
         'history = [{ date = "2026-04-15", changed = 2026-04-02 }]')


def entries(tmp_path: Path, *, new: bool = False, moved: bool = False) -> tuple[Entry, ...]:
    text = FIXTURE.read_text(encoding="utf-8")
    if moved:
        assert MOVED[0] in text
        text = text.replace(*MOVED)
    if new:
        text += NEW_WINDOW
    path = tmp_path / "registry.toml"
    path.write_text(text, encoding="utf-8")
    return load([path]).entries


SUBS = (
    Subscription("ccc", ("Alice <alice@example.com>",), make_filters(topic=["ccc"]),
                 leads=OTHER_LEADS),
    Subscription("rohs", ("alice@example.com", "bob@example.com"),
                 make_filters(topic=["rohs"]), leads=OTHER_LEADS),
    Subscription("comments", ("carol@example.com",), make_filters(kind=["comment_close"]),
                 leads=(7, 0)),
)
BASE = [Baseline(s.name, "alice@example.com" if "lice" in to else to.split("<")[-1].strip(">"),
                 "2026-04-01") for s in SUBS for to in s.to]


def keys(found: dict[str, tuple]) -> dict[str, list[str]]:  # type: ignore[type-arg]
    return {r: [e.key for e in events] for r, events in found.items()}


def test_the_first_run_records_a_baseline_and_announces_nothing(tmp_path: Path) -> None:
    baselines = new_baselines(SUBS, [], DAY1)
    assert [(b.subscription, b.recipient, b.since) for b in baselines] == [
        ("ccc", "alice@example.com", "2026-04-01"),
        ("rohs", "alice@example.com", "2026-04-01"),
        ("rohs", "bob@example.com", "2026-04-01"),
        ("comments", "carol@example.com", "2026-04-01"),
    ]
    assert new_baselines(SUBS, baselines, date(2026, 4, 2)) == []
    # without a baseline nothing is announced, even what is new
    assert news(entries(tmp_path, new=True), SUBS, [], [], date(2026, 4, 2)) == {}
    # with one, what entered before it is old
    assert news(entries(tmp_path), SUBS, [], baselines, DAY1) == {}


def test_a_new_comment_window_is_announced_to_the_matching_recipients(tmp_path: Path) -> None:
    found = news(entries(tmp_path, new=True), SUBS, [], BASE, date(2026, 4, 2))
    assert keys(found) == {
        "alice@example.com": ["new_instrument/delta-power-banks/2026-04-02"],
        "bob@example.com": ["new_instrument/delta-power-banks/2026-04-02"],
        "carol@example.com": ["new_instrument/delta-power-banks/2026-04-02"],
    }
    # the subscription's filters choose the milestones; past ones are left out
    assert [e.id for e in found["alice@example.com"][0].entries] == [
        "delta-power-banks/comment_open", "delta-power-banks/comment_close"]
    assert [e.id for e in found["carol@example.com"][0].entries] == [
        "delta-power-banks/comment_close"]


def test_a_moved_date_and_nothing_twice(tmp_path: Path) -> None:
    today = date(2026, 4, 3)
    current = entries(tmp_path, new=True, moved=True)
    found = news(current, SUBS, [], BASE, today)
    assert keys(found)["bob@example.com"] == [
        "new_instrument/delta-power-banks/2026-04-02",
        "moved/beta-rohs/comment_close/2026-04-02",
    ]
    digests = merge(due(current, SUBS, [], today), found, SUBS)
    sent = [r for d in digests for r in records(d, f"<{d.recipient}>", "2026-04-03T00:00:00+00:00")]
    assert news(current, SUBS, sent, BASE, today) == {}
    assert news(current, SUBS, sent, BASE, date(2026, 4, 10)) == {}


def test_news_without_a_reminder_gets_a_digest_of_its_own(tmp_path: Path) -> None:
    today = date(2026, 4, 3)
    current = entries(tmp_path, new=True, moved=True)
    reminders = due(current, SUBS, [], today)
    digests = {d.recipient: d for d in merge(reminders, news(current, SUBS, [], BASE, today),
                                             SUBS)}
    carol = digests["carol@example.com"]
    assert carol.reminders == () and len(carol.news) == 2
    assert subject(carol) == "2 new and moved China deadlines: Power bank safety (draft) (GB 99999)"
    bob = digests["bob@example.com"]
    assert bob.reminders and subject(bob).startswith("New and moved (2); ")
    message = build(carol, sender="deadlines@example.com", today=today,
                    now=__import__("datetime").datetime(2026, 4, 3, 8, tzinfo=__import__(
                        "datetime").UTC))
    text = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "NEW AND CHANGED" in text
    assert "* New: Last day for comments 2026-05-20" in text
    assert "* Moved: Last day for comments to 2026-04-30" in text
    assert "  Moved: from 2026-04-15 to 2026-04-30, on 2026-04-02" in text
    assert "Link: https://example.org/pb" in text
    assert message["X-Deadlines-Milestones"] == (
        "delta-power-banks/comment_close, beta-rohs/comment_close")


def test_old_records_are_pruned() -> None:
    old = Announced("moved/a/b/2025-01-01", "x@example.com", "<1@x>", "2025-01-02T00:00:00+00:00")
    new = Announced("moved/a/b/2026-03-01", "x@example.com", "<2@x>", "2026-03-02T00:00:00+00:00")
    assert prune([old, new], DAY1) == [new]


def test_the_state_files_news_records_are_checked(tmp_path: Path) -> None:
    import json

    import pytest

    from sesec_deadlines.core.errors import StateError
    from sesec_deadlines.remind import state

    path = tmp_path / "sent.json"
    good = {"change": "moved/a/b/2026-03-01", "recipient": "x@example.com",
            "message_id": "<1@x>", "sent_at": "2026-03-02T00:00:00+00:00"}
    base = {"subscription": "ccc", "recipient": "x@example.com", "since": "2026-03-01"}
    path.write_text(json.dumps({"schema": 1, "sent": [], "announced": [good],
                                "baselines": [base]}), encoding="utf-8")
    loaded = state.load(path)
    assert loaded.news.announced == (Announced(**good),)
    assert loaded.news.baselines == (Baseline(**base),)
    # written back as read
    assert json.loads(state.dumps([], [], loaded.news, DAY1)) == json.loads(
        path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({"schema": 1, "sent": [], "announced": [
        good | {"change": "moved/a/b/2026-13-01"}], "baselines": [base | {"since": "soon"}],
        "announcing": 3}), encoding="utf-8")
    with pytest.raises(StateError) as caught:
        state.load(path)
    assert caught.value.lines()[:3] == [
        f'{path}: record 1 of "announced": change: not a change key '
        "<change>/<subject>/<YYYY-MM-DD>",
        f'{path}: "announcing" is not a list',
        f'{path}: record 1 of "baselines": since: not a date YYYY-MM-DD',
    ]


def test_the_html_part_with_news_is_strict_html5(tmp_path: Path) -> None:
    import datetime as dt

    import html5lib

    today = date(2026, 4, 3)
    current = entries(tmp_path, new=True, moved=True)
    digests = {d.recipient: d for d in merge(due(current, SUBS, [], today),
                                             news(current, SUBS, [], BASE, today), SUBS)}
    message = build(digests["alice@example.com"], sender="deadlines@example.com", today=today,
                    now=dt.datetime(2026, 4, 3, 8, tzinfo=dt.UTC))
    part = message.get_body(preferencelist=("html",))
    assert part is not None
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    tree = parser.parse(part.get_content())  # raises on any parse error
    assert [h.text for h in tree.iter("h2")] == ["New and changed", "In 8 to 30 days"]
    assert "https://example.org/pb" in [a.get("href") for a in tree.iter("a")]
    text = "".join(tree.find("body").itertext())  # type: ignore[union-attr]
    for fact in ("New: Last day for comments 2026-05-20",
                 "Moved: Last day for comments to 2026-04-30",
                 "from 2026-04-15 to 2026-04-30, on 2026-04-02", "Power banks get new safety"):
        assert fact in text


def test_a_status_change_is_announced(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    old = 'status = "draft"\nsummary = "Limits."'
    assert old in text
    text = text.replace(old, 'status = "final"\nstatus_history = [\n'
                        '  { status = "draft", date = 2026-01-10 },\n'
                        '  { status = "final", date = 2026-04-02 },\n]\nsummary = "Limits."')
    path = tmp_path / "registry.toml"
    path.write_text(text, encoding="utf-8")
    current = load([path]).entries
    found = news(current, SUBS, [], BASE, date(2026, 4, 3))
    assert keys(found)["bob@example.com"] == ["status/beta-rohs/2026-04-02"]
    digest = merge([], found, SUBS)[1]
    assert digest.recipient == "bob@example.com"
    assert subject(digest) == "Changed: status draft to final: RoHS limits for 中文 gadgets"
