"""The "New and changed" section end to end, against a real SMTP server (aiosmtpd on
127.0.0.1): the baseline, a new comment window, a moved date, nothing twice, --dry-run.

The subscriptions are those of tests/mailserver.py: alice gets CCC and RoHS, bob RoHS,
carol data. The curator adds a RoHS comment window on 2026-04-02 and moves the RoHS
comment deadline on 2026-04-03.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .conftest import Runner
from .mailserver import (
    FIXTURE,
    SUBSCRIPTIONS,
    Server,
    remind,
    state_file,
    text_of,
    write_config,
)
from .test_remind_news import MOVED, NEW_WINDOW


def registry(tmp_path: Path, *, new: bool = False, moved: bool = False) -> Path:
    text = FIXTURE.read_text(encoding="utf-8")
    if moved:
        text = text.replace(*MOVED).replace("changed = 2026-04-02", "changed = 2026-04-03")
    if new:
        text += NEW_WINDOW
    path = tmp_path / "registry.toml"
    path.write_text(text, encoding="utf-8")
    return path


def subjects(server: Server, start: int = 0) -> dict[str, str]:
    out = {}
    for item in server.handler.received[start:]:
        (rcpt,) = item.rcpt_tos
        out[rcpt] = " ".join(str(item.message["Subject"]).split())  # unfolded
    return out


def test_baseline_new_window_moved_date_nothing_twice(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server()
    config = write_config(tmp_path, server.port)
    # the first run: the day's reminders, a baseline for everyone, nothing announced
    result = remind(run, config, "2026-04-01", registry=registry(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert len(server.handler.received) == 3
    assert not any("NEW AND CHANGED" in text_of(i.message) for i in server.handler.received)
    doc = json.loads(state_file(tmp_path).read_text(encoding="utf-8"))
    assert doc["baselines"] == [
        {"subscription": "ccc", "recipient": "alice@example.com", "since": "2026-04-01"},
        {"subscription": "data", "recipient": "carol@example.com", "since": "2026-04-01"},
        {"subscription": "rohs", "recipient": "alice@example.com", "since": "2026-04-01"},
        {"subscription": "rohs", "recipient": "bob@example.com", "since": "2026-04-01"},
    ]
    assert "announced" not in doc

    # a new comment window enters the registry, opening today: announced on the next run,
    # with its reminder; the dry run shows it first and changes nothing
    with_window = registry(tmp_path, new=True)
    before = state_file(tmp_path).read_bytes()
    dry = remind(run, config, "2026-04-02", "--dry-run", registry=with_window)
    assert dry.exit_code == 0, dry.stderr
    assert dry.stdout.count("(dry run: not sent)") == 2
    assert dry.stdout.count(
        "Subject: New (1); Comments open 2026-04-02 (today): Power bank safety…") == 2
    assert dry.stdout.count("NEW AND CHANGED") == 2
    assert state_file(tmp_path).read_bytes() == before
    assert len(server.handler.received) == 3

    result = remind(run, config, "2026-04-02", registry=with_window)
    assert result.exit_code == 0, result.stderr
    assert subjects(server, 3) == {
        "alice@example.com": "New (1); Comments open 2026-04-02 (today): Power bank safety…",
        "bob@example.com": "New (1); Comments open 2026-04-02 (today): Power bank safety…",
    }
    text = text_of(server.handler.received[3].message)
    assert "* New: 2 dates of a new instrument" in text
    assert "  Date: Last day for comments 2026-05-20, official" in text
    doc = json.loads(state_file(tmp_path).read_text(encoding="utf-8"))
    assert {(r["change"], r["recipient"]) for r in doc["announced"]} == {
        ("new_instrument/delta-power-banks/2026-04-02", "alice@example.com"),
        ("new_instrument/delta-power-banks/2026-04-02", "bob@example.com"),
    }
    assert "announcing" not in doc

    # nothing twice: another run the same day, and the next day, send nothing
    for day in ("2026-04-02", "2026-04-03"):
        result = remind(run, config, day, registry=with_window)
        assert result.exit_code == 0, result.stderr
        assert result.stderr == ""
    assert len(server.handler.received) == 5

    # the RoHS comment deadline moves: announced, and reminded at its new date
    moved = registry(tmp_path, new=True, moved=True)
    result = remind(run, config, "2026-04-04", registry=moved)
    assert result.exit_code == 0, result.stderr
    got = subjects(server, 5)
    assert set(got) == {"alice@example.com", "bob@example.com"}
    assert all(s.startswith("Moved (1); ") for s in got.values())
    text = text_of(server.handler.received[5].message)
    assert "* Moved: Last day for comments to 2026-04-30" in text
    assert "  Moved: from 2026-04-15 to 2026-04-30, on 2026-04-03" in text
    result = remind(run, config, "2026-04-05", registry=moved)
    assert result.exit_code == 0 and len(server.handler.received) == 7


def test_a_new_subscription_is_told_nothing_old(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server()
    config = write_config(tmp_path, server.port)
    with_window = registry(tmp_path, new=True)
    assert remind(run, config, "2026-04-01", registry=with_window).exit_code == 0
    first = len(server.handler.received)
    more = (SUBSCRIPTIONS + '\n[[subscription]]\nname = "batteries"\n'
            'to = ["dave@example.com"]\ntopics = ["battery"]\n')
    config = write_config(tmp_path, server.port, subscriptions=more)
    # alice and bob learn of the window that entered on 2026-04-02, though no lead time of
    # its closing day is due (its opening day is past); dave, whose subscription starts
    # today, does not
    result = remind(run, config, "2026-04-03", registry=with_window)
    assert result.exit_code == 0, result.stderr
    assert subjects(server, first) == {
        "alice@example.com": "New: Last day for comments 2026-05-20: Power bank safety (draft)…",
        "bob@example.com": "New: Last day for comments 2026-05-20: Power bank safety (draft)…",
    }
    text = text_of(server.handler.received[first].message)
    assert "1 China compliance deadline is new or changed in the registry" in text
    assert "* New: Last day for comments 2026-05-20" in text
    doc = json.loads(state_file(tmp_path).read_text(encoding="utf-8"))
    assert {"subscription": "batteries", "recipient": "dave@example.com",
            "since": "2026-04-03"} in doc["baselines"]
