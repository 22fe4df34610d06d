"""The reminder fault matrix: what arrives when one thing goes wrong, against a real server.

Each test counts the reminders due on 2026-04-01 (tests/mailserver.py: four reminders in
three emails, to alice, bob and carol) that were delivered, duplicated and lost, over the
faulty run and the runs after it. The promise (docs/reminders.md): none lost, and at most
one duplicate email per fault, however many runs the fault lasts.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sesec_deadlines.remind import state
from sesec_deadlines.storage.atomic import atomic_write

from .conftest import Runner
from .mailserver import (
    EVERYONE,
    FIXTURE,
    Received,
    Recorder,
    Server,
    Tally,
    remind,
    reminded,
    sent_records,
    state_file,
    tally,
    write_config,
)

ALL_DELIVERED = Tally(delivered=4, duplicated=0, lost=0, duplicate_emails=0)


def test_a_554_at_data_fails_that_email_alone_and_it_is_retried(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server(handler=Recorder(reject={"bob@example.com":
                                                  "554 5.7.1 rejected by policy"}))
    config = write_config(tmp_path, server.port)
    refusal = f"error: bob@example.com: not accepted by 127.0.0.1:{server.port}: 554 5.7.1 " \
              "rejected by policy\n"
    first = remind(run, config, "2026-04-01")
    assert (first.exit_code, first.stdout) == (1, "")
    assert first.stderr == refusal + ("error: 1 of 3 reminder emails could not be sent; the "
                                      "next run sends it\n")
    assert server.handler.counts() == {"alice@example.com": 1, "carol@example.com": 1}
    assert {r[0] for r in reminded(tmp_path)} == {"alice@example.com", "carol@example.com"}

    # still refused: reported again, with the server's reply; the others are not sent again
    second = remind(run, config, "2026-04-01")
    assert second.exit_code == 1
    assert second.stderr == refusal + ("error: 1 of 1 reminder email could not be sent; the "
                                       "next run sends it\n")
    assert server.handler.counts() == {"alice@example.com": 1, "carol@example.com": 1}

    server.handler.reject.clear()
    third = remind(run, config, "2026-04-01")
    assert (third.exit_code, third.stdout, third.stderr) == (0, "", "")
    assert server.handler.counts() == dict.fromkeys(EVERYONE, 1)
    assert tally(server.handler.received) == ALL_DELIVERED
    assert "sending" not in json.loads(state_file(tmp_path).read_text(encoding="utf-8"))


def test_a_421_at_data_is_a_lost_connection_the_rest_wait_for_the_next_run(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server(handler=Recorder(reject={"bob@example.com":
                                                  "421 4.3.2 shutting down"}))
    config = write_config(tmp_path, server.port)
    result = remind(run, config, "2026-04-01")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: lost the connection to 127.0.0.1:{server.port}: 421 4.3.2 shutting down\n"
        "hint: the reminders not sent go out on the next run\n"
        "error: 2 of 3 reminder emails could not be sent; the next run sends them\n")
    assert server.handler.counts() == {"alice@example.com": 1}  # carol's was not tried
    server.handler.reject.clear()
    assert remind(run, config, "2026-04-01").exit_code == 0
    assert tally(server.handler.received) == ALL_DELIVERED


INTERNATIONAL = """
[[subscription]]
name = "intl"
to = ["Dörte <dörte@example.com>", "Bob <bob@bücher.example>", "carol@example.com"]
topics = ["rohs"]
"""
INTERNATIONAL_DUE = frozenset({("dörte@example.com", "beta-rohs/comment_close"),
                               ("bob@xn--bcher-kva.example", "beta-rohs/comment_close"),
                               ("carol@example.com", "beta-rohs/comment_close")})


def test_non_ascii_addresses_on_a_server_without_smtputf8(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server(enable_SMTPUTF8=False)
    config = write_config(tmp_path, server.port, subscriptions=INTERNATIONAL)

    shown = run("config", "show", "--config", str(config))
    assert shown.exit_code == 0
    assert shown.stderr == (
        "warning: subscription intl: to: 'Dörte <dörte@example.com>': its part before the @ "
        "is not ASCII: only a server that offers SMTPUTF8 takes it (if yours does not, "
        "`deadlines remind` reports that email and sends the others)\n")

    result = remind(run, config, "2026-04-01")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: dörte@example.com: 127.0.0.1:{server.port} does not offer SMTPUTF8, which "
        "the address dörte@example.com needs (its part before the @ is not ASCII)\n"
        "hint: use an ASCII address for it, or a server that offers SMTPUTF8\n"
        "error: 1 of 3 reminder emails could not be sent; the next run sends it\n")
    got = server.handler.by_recipient()
    assert sorted(got) == ["bob@xn--bcher-kva.example", "carol@example.com"]  # IDNA domain
    assert got["bob@xn--bcher-kva.example"].message["To"] == "Bob <bob@xn--bcher-kva.example>"
    assert tally(server.handler.received, INTERNATIONAL_DUE) == Tally(2, 0, 1, 0)
    again = remind(run, config, "2026-04-01")  # reported on every run until it can go out
    assert again.exit_code == 1
    assert again.stderr.startswith("error: dörte@example.com: ")

    server.stop()
    utf8 = smtp_server(port=server.port)  # aiosmtpd's Controller offers SMTPUTF8
    assert remind(run, config, "2026-04-01").exit_code == 0
    (item,) = utf8.handler.received
    assert item.rcpt_tos == ["dörte@example.com"]
    assert item.message["To"] == "Dörte <dörte@example.com>"
    received = server.handler.received + utf8.handler.received
    assert tally(received, INTERNATIONAL_DUE) == Tally(3, 0, 0, 0)
    assert {r[0] for r in reminded(tmp_path)} == {"dörte@example.com", "bob@bücher.example",
                                                  "carol@example.com"}


@dataclass
class Disk:
    """The file seam of the state file: the disk can fill up."""

    full: bool = False
    writes: int = 0

    def write(self, path: Path, data: bytes, *, mode: int | None = None) -> None:
        if self.full:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        self.writes += 1
        atomic_write(path, data, mode=mode)


def test_disk_full_after_the_server_accepted_at_most_one_duplicate(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = Disk()
    monkeypatch.setattr(state, "atomic_write", disk.write)

    def fill_up(item: Received) -> None:  # the disk fills up as the first email is accepted
        disk.full = True

    server = smtp_server(handler=Recorder(on_accept=fill_up))
    config = write_config(tmp_path, server.port)
    path = state_file(tmp_path)
    first = remind(run, config, "2026-04-01")
    assert first.exit_code == 1
    (alice,) = server.handler.received
    message_id = alice.message["Message-ID"]
    no_space = f"cannot write the reminder state file {path}: No space left on device"
    assert first.stderr == (
        f"error: alice@example.com: accepted by the server ({message_id}), but not recorded: "
        f"{no_space}\n"
        f"error: {no_space}\n"
        "hint: nothing more was sent; the next run sends the rest once the state file can be "
        "written\n"
        "error: 2 of 3 reminder emails could not be sent; the next run sends them\n"
        "error: 1 of 3 reminder emails was sent but not recorded; the first run that can "
        "write the state file sends it once more\n")
    # the intent is on disk: alice's records, as "sending"
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["sent"] == []
    assert {(r["recipient"], r["message_id"]) for r in doc["sending"]} == {
        ("alice@example.com", message_id)}

    for _ in range(5):  # cron runs while the disk stays full: nothing is sent
        full = remind(run, config, "2026-04-01")
        assert full.exit_code == 1
        assert full.stderr.startswith(
            f"error: {no_space}\nhint: nothing more was sent; a run that cannot record what "
            "it sends sends nothing")
        assert len(server.handler.received) == 1

    disk.full = False
    server.handler.on_accept = None
    back = remind(run, config, "2026-04-01")
    assert (back.exit_code, back.stdout, back.stderr) == (0, "", "")
    assert server.handler.counts() == {"alice@example.com": 2, "bob@example.com": 1,
                                       "carol@example.com": 1}
    assert tally(server.handler.received) == Tally(delivered=4, duplicated=2, lost=0,
                                                   duplicate_emails=1)
    assert len(sent_records(tmp_path)) == 4
    assert "sending" not in json.loads(path.read_text(encoding="utf-8"))
    quiet = remind(run, config, "2026-04-01")
    assert (quiet.exit_code, quiet.stderr) == (0, "")
    assert len(server.handler.received) == 4


def test_disk_full_after_the_last_email_is_still_a_failure(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = Disk()
    monkeypatch.setattr(state, "atomic_write", disk.write)

    def fill_up(item: Received) -> None:
        if item.rcpt_tos == ["carol@example.com"]:
            disk.full = True

    server = smtp_server(handler=Recorder(on_accept=fill_up))
    result = remind(run, write_config(tmp_path, server.port), "2026-04-01")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: carol@example.com: accepted by the server (")
    assert result.stderr.endswith(
        "error: 1 of 3 reminder emails was sent but not recorded; the first run that can "
        "write the state file sends it once more\n")


def test_a_state_file_that_cannot_be_written_at_all_sends_nothing(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = Disk(full=True)
    monkeypatch.setattr(state, "atomic_write", disk.write)
    server = smtp_server()
    config = write_config(tmp_path, server.port)
    for _ in range(3):
        result = remind(run, config, "2026-04-01")
        assert result.exit_code == 1
        assert "error: 3 of 3 reminder emails could not be sent" in result.stderr
    assert server.handler.received == []
    disk.full = False
    assert remind(run, config, "2026-04-01").exit_code == 0
    assert tally(server.handler.received) == ALL_DELIVERED


GOOD_RECORD = {"milestone": "beta-rohs/comment_close", "date": "2026-04-15", "lead": 14,
               "recipient": "bob@example.com", "message_id": "<1.2.3@example.com>",
               "sent_at": "2026-04-01T00:00:03+00:00"}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"date": "0000-01-01"}, "date: '0000-01-01' is not a date YYYY-MM-DD, YYYY-MM or "
                                 "YYYY, years 1 to 9999"),
        ({"date": "2026-4-15"}, "date: '2026-4-15' is not a date"),
        ({"lead": "14"}, "lead: not a whole number"),
        ({"lead": True}, "lead: not a whole number"),
        ({"lead": -1}, "lead: -1 is not a number of days from 0 to 3660"),
        ({"recipient": 7}, "recipient: not a string"),
        ({"recipient": "bob"}, "recipient: not an email address"),
        ({"milestone": "beta-rohs"}, "milestone: not a milestone id <instrument-id>/<key>"),
        ({"message_id": ""}, "message_id: not a Message-ID <...>"),
        ({"sent_at": "yesterday"}, "sent_at: not a date and time with its UTC offset"),
        ({"sent_at": "2026-04-01T00:00:03"}, "sent_at: not a date and time with its UTC"),
        ({"colour": "blue"}, "unknown field 'colour'"),
    ],
)
def test_a_corrupt_state_record_is_exit_2_with_file_and_record_named_nothing_sent(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server],
    change: dict[str, Any], problem: str
) -> None:
    server = smtp_server()
    config = write_config(tmp_path, server.port)
    path = state_file(tmp_path)
    path.parent.mkdir(parents=True)
    content = json.dumps({"schema": 1, "sent": [
        {**GOOD_RECORD, "recipient": "alice@example.com"}, {**GOOD_RECORD, **change}]})
    path.write_text(content, encoding="utf-8")
    named = ("record 2 of \"sent\" (beta-rohs/comment_close to bob@example.com)"
             if "milestone" not in change and "recipient" not in change else "record 2 of")
    for extra in ((), ("--dry-run",)):
        result = remind(run, config, "2026-04-01", *extra)
        assert result.exit_code == 2
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert lines[0].startswith(f"{path}: {named}")
        assert problem in lines[0]
        assert lines[1:] == [
            f"error: the reminder state file {path} is corrupt: 1 bad record of 2",
            "hint: it was left untouched. Repair it, or move it aside to start afresh "
            "(reminders already sent may then be sent again)"]
        assert path.read_text(encoding="utf-8") == content
    assert server.handler.received == []
    assert tally(server.handler.received).lost == 4  # until the file is repaired


def test_every_bad_record_is_listed(run: Runner, tmp_path: Path) -> None:
    path = state_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"schema": 1, "sent": [{**GOOD_RECORD, "lead": -1}, "x"],
                                "sending": [{**GOOD_RECORD, "date": "0000"}]}),
                    encoding="utf-8")
    config = write_config(tmp_path, 25)
    result = remind(run, config, "2026-04-01", "--dry-run")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:4] == [
        f'{path}: record 1 of "sent" (beta-rohs/comment_close to bob@example.com): lead: -1 '
        "is not a number of days from 0 to 3660",
        f'{path}: record 2 of "sent": not an object with the fields milestone, date, lead, '
        "recipient, message_id, sent_at",
        f'{path}: record 1 of "sending" (beta-rohs/comment_close to bob@example.com): date: '
        "'0000' is not a date YYYY-MM-DD, YYYY-MM or YYYY, years 1 to 9999",
        f"error: the reminder state file {path} is corrupt: 3 bad records of 3",
    ]


# A run of the CLI in a subprocess that SIGKILLs itself at a hook: after the Nth email the
# server accepted (before its record is written), after the Nth intent was written, or
# after the Nth record was confirmed.
KILLER = """
import os, signal, sys
from sesec_deadlines.remind import mailer, state
from sesec_deadlines.cli.app import main

point, nth = sys.argv[1], int(sys.argv[2])
count = 0

def hook(original):
    def wrapped(*args, **kwargs):
        global count
        result = original(*args, **kwargs)
        count += 1
        if count == nth:
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    return wrapped

if point == "accepted":
    mailer.SmtpMailer.send = hook(mailer.SmtpMailer.send)
elif point == "intent":
    state.Ledger.intend = hook(state.Ledger.intend)
else:
    state.Ledger.confirm = hook(state.Ledger.confirm)
sys.argv = ["deadlines", *sys.argv[3:]]
main()
"""


@pytest.mark.parametrize(
    ("point", "nth", "duplicates"),
    [
        ("accepted", 1, 1),  # alice's email accepted, not recorded: sent once more
        ("accepted", 2, 1),  # bob's
        ("intent", 2, 0),  # bob's intent written, nothing sent for it yet
        ("confirmed", 2, 0),  # bob's recorded: nothing is sent twice
    ],
)
def test_sigkill_at_a_hook_then_a_rerun_at_most_one_duplicate(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server],
    point: str, nth: int, duplicates: int
) -> None:
    server = smtp_server()
    config = write_config(tmp_path, server.port)
    command = [sys.executable, "-c", KILLER, point, str(nth), "remind", "--config",
               str(config), "--registry", str(FIXTURE), "--as-of", "2026-04-01"]
    env = {**os.environ, "DEADLINES_NO_CACHE": "1"}
    killed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120,
                            check=False)
    assert killed.returncode == -9, killed.stderr
    before = len(server.handler.received)
    assert before == (nth if point == "accepted" else nth - 1 if point == "intent" else nth)

    if point == "accepted":  # --verbose says which email may arrive twice
        message_id = server.handler.received[-1].message["Message-ID"]
        recipient = server.handler.received[-1].rcpt_tos[0]
        rerun = remind(run, config, "2026-04-01", "--verbose")
        assert rerun.exit_code == 0
        assert rerun.stderr.splitlines()[0] == (
            f"an earlier run stopped before recording {message_id} to {recipient}; the "
            "server may have it: its reminders are sent again if still due")
    else:
        rerun = remind(run, config, "2026-04-01")
        assert (rerun.exit_code, rerun.stdout, rerun.stderr) == (0, "", "")
    counted = tally(server.handler.received)
    assert (counted.delivered, counted.lost, counted.duplicate_emails) == (4, 0, duplicates)
    assert len(sent_records(tmp_path)) == 4
    assert remind(run, config, "2026-04-01").exit_code == 0
    assert tally(server.handler.received) == counted  # and nothing more, ever


def test_a_digest_that_cannot_be_built_fails_alone(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    from sesec_deadlines.remind import run as remind_run

    build = remind_run.build

    def broken_for_carol(digest: Any, **kwargs: Any) -> Any:
        if digest.recipient == "carol@example.com":
            raise ValueError("a text that cannot be written")
        return build(digest, **kwargs)

    monkeypatch.setattr(remind_run, "build", broken_for_carol)
    server = smtp_server()
    config = write_config(tmp_path, server.port)
    result = remind(run, config, "2026-04-01")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: carol@example.com: the email could not be built: ValueError: a text that "
        "cannot be written\n"
        "hint: check these milestones in the registry: evil-data/entry_into_force\n"
        "error: 1 of 3 reminder emails could not be sent; the next run sends it\n")
    assert sorted(server.handler.by_recipient()) == ["alice@example.com", "bob@example.com"]
    monkeypatch.setattr(remind_run, "build", build)
    assert remind(run, config, "2026-04-01").exit_code == 0
    assert tally(server.handler.received) == ALL_DELIVERED


@pytest.mark.parametrize("content", [
    b"[" * 100_000 + b"]" * 100_000,  # nested too deeply for the parser
    b'{"schema": 1, "sent": [{"lead": 1' + b"0" * 5000 + b"}]}",  # past int's digit limit
    b'{"schema": 1, "sent": [], "extra": 1}',
    b'{"schema": 1, "sent": [], "sending": {}}',
])
def test_a_state_file_the_parser_chokes_on_is_corrupt_not_an_internal_error(
    run: Runner, tmp_path: Path, content: bytes
) -> None:
    path = state_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    result = remind(run, write_config(tmp_path, 25), "2026-04-01", "--dry-run")
    assert result.exit_code == 2
    assert f"error: the reminder state file {path} is corrupt: " in result.stderr
    assert "internal error" not in result.stderr


FUTURE = """
[[instrument]]
id = "delta-future"
title = "A rule for 2031"
authority = ["SAMR"]
topics = ["ccc"]
status = "final"
summary = "Far ahead."
last_verified = 2026-01-15
sources = [{ edition = "2025-11", article = "Widgets under CCC" }]

[[instrument.milestone]]
kind = "mandatory_from"
date = "2031-01-15"
certainty = "official"
"""


def test_a_clock_far_ahead_and_back_sends_nothing_twice(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server()
    config = write_config(tmp_path, server.port)
    registry = tmp_path / "registry.toml"
    registry.write_text(FIXTURE.read_text(encoding="utf-8") + FUTURE, encoding="utf-8")
    assert remind(run, config, "2026-04-01", registry=registry).exit_code == 0
    # the clock jumps years ahead: a reminder is due then, and the state file is rewritten
    assert remind(run, config, "2031-01-10", registry=registry).exit_code == 0
    assert server.handler.counts() == {"alice@example.com": 2, "bob@example.com": 1,
                                       "carol@example.com": 1}
    assert len(sent_records(tmp_path)) == 5  # the records of 2026 are kept: still in the registry
    # and back: nothing is sent again
    back = remind(run, config, "2026-04-01", registry=registry)
    assert (back.exit_code, back.stderr) == (0, "")
    assert len(server.handler.received) == 4
    assert tally(server.handler.received[:3] + server.handler.received[4:]) == ALL_DELIVERED


def test_records_of_milestones_gone_from_the_registry_are_dropped_when_long_past(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server()
    config = write_config(tmp_path, server.port)
    assert remind(run, config, "2026-04-01").exit_code == 0
    smaller = tmp_path / "smaller.toml"
    text = FIXTURE.read_text(encoding="utf-8")
    smaller.write_text(text[:text.index('[[instrument]]\nid = "evil-data"')] + FUTURE,
                       encoding="utf-8")
    assert remind(run, config, "2031-01-10", registry=smaller).exit_code == 0
    # carol's milestone is gone from this registry and more than 400 days past: dropped
    assert {r["milestone"] for r in sent_records(tmp_path)} == {
        "alpha-ccc/mandatory_from", "beta-rohs/comment_close", "delta-future/mandatory_from"}


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_state_file_that_is_not_a_regular_file_sends_nothing_and_stays(
        run: Runner, tmp_path: Path, smtp_server: Callable[..., Server], kind: str) -> None:
    server = smtp_server()
    config = write_config(tmp_path, server.port)
    path = state.state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)  # read, it would block; replaced, its reader would be cut off
    else:
        path.mkdir()
    result = remind(run, config, "2026-04-01")
    assert result.exit_code == 2, result.output
    assert f"the reminder state file {path} cannot be read: is a" in result.stderr
    assert server.handler.received == []
    assert (os.path.isdir(path) if kind == "folder" else stat.S_ISFIFO(os.lstat(path).st_mode))
    path.unlink() if kind == "fifo" else path.rmdir()
    assert remind(run, config, "2026-04-01").exit_code == 0
    assert tally(server.handler.received) == ALL_DELIVERED
