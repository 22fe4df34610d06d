"""Subscriptions never remind of what the team marked done or not applicable (a real SMTP
server on 127.0.0.1, as the other reminder tests)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Runner
from .mailserver import DUE, FIXTURE, Server, remind, reminded, tally, write_config


def test_done_and_not_applicable_milestones_are_not_reminded_of(
        run: Runner, tmp_path: Path, smtp_server: Callable[..., Server],
        monkeypatch: pytest.MonkeyPatch) -> None:
    tracking = tmp_path / "tracking.jsonl"
    monkeypatch.setenv("DEADLINES_TRACKING", str(tracking))
    monkeypatch.setenv("DEADLINES_USER", "Anna")
    for args in (("alpha-ccc/mandatory_from", "--progress", "done"),
                 ("evil-data", "--progress", "not-applicable", "--note", "no data"),
                 ("beta-rohs/comment_close", "--owner", "Bo")):
        r = run("track", *args, "--registry", str(FIXTURE), "--as-of", "2026-04-01")
        assert r.exit_code == 0, r.stderr
    server = smtp_server()
    config = write_config(tmp_path, server.port)
    result = remind(run, config, "2026-04-01")
    assert result.exit_code == 0, result.stderr
    left = DUE - {("alice@example.com", "alpha-ccc/mandatory_from"),
                  ("carol@example.com", "evil-data/entry_into_force")}
    counted = tally(server.handler.received, left)
    assert (counted.delivered, counted.duplicated, counted.lost) == (len(left), 0, 0)
    assert {(r, m) for r, m, _, _ in reminded(tmp_path)} == left
    # --include-done brings them back: sent now, once
    result = remind(run, config, "2026-04-01", "--include-done")
    assert result.exit_code == 0, result.stderr
    assert {(r, m) for r, m, _, _ in reminded(tmp_path)} == DUE
