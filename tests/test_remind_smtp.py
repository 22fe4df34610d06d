"""`deadlines remind` end to end, against a real SMTP server (aiosmtpd on 127.0.0.1).

The server, the fixture registry and the subscriptions are in tests/mailserver.py, which
says what is due on 2026-04-01. The fault matrix is in test_remind_faults.py.
"""

from __future__ import annotations

import fcntl
import json
import os
import ssl
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from .conftest import Runner
from .mailserver import (
    EVERYONE,
    FIXTURE,
    Recorder,
    Server,
    authenticator,
    remind,
    reminded,
    sent_records,
    state_file,
    text_of,
    uids,
    write_config,
)

# --- the tests ----------------------------------------------------------------------------

def test_first_run_sends_the_digests_then_nothing(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server()
    config = write_config(tmp_path, server.port)
    before = datetime.now(UTC) - timedelta(seconds=1)
    result = remind(run, config, "2026-04-01")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")  # silent for cron

    got = server.handler.by_recipient()
    assert sorted(got) == EVERYONE
    alice = got["alice@example.com"]
    assert alice.mail_from == "deadlines@example.com"
    msg = alice.message
    assert msg["From"] == "Deadlines <deadlines@example.com>"
    assert msg["To"] == "Alice <alice@example.com>"
    # (CPython folds before the encoded word, so the unfolded subject has two spaces there)
    assert " ".join(msg["Subject"].split()) == ("Unconfirmed: 2 China deadlines, next "
                                                "2026-04-15 (in 14 days): RoHS…")
    assert msg["Auto-Submitted"] == "auto-generated"
    assert parsedate_to_datetime(msg["Date"]) >= before
    assert msg["Message-ID"].endswith("@example.com>")
    text = text_of(msg)
    assert text.startswith("Dear Alice,\n\n2 China compliance deadlines are coming up, as "
                           "of 2026-04-01\n(Asia/Shanghai).\n\nRegistry current to SESEC VI, "
                           "November–December 2025 (its newest\nedition, published "
                           "2025-12-20, 102 days ago): later deadlines are not in\nit. Data "
                           "version ")
    assert "\n\nIN 8 TO 30 DAYS\n" in text
    assert ("* Last day for comments 2026-04-15, in 14 days\n"
            "  RoHS limits for 中文 gadgets\n  What it requires: Limits.\n"
            "  Certainty: proposed (stated in a draft; may change)\n  Authority: MIIT\n"
            "  Source: SESEC VI, November–December 2025, “RoHS draft”\n") in text
    assert ("* Mandatory from 2026-05-01, in 30 days\n"
            "  CCC for widgets (CNCA-C99-01:2026)\n") in text
    assert "Milestone ids: beta-rohs/comment_close, alpha-ccc/mandatory_from\n" in text
    html = text_of(msg, "html")
    assert "<h2>In 8 to 30 days</h2>" in html
    assert '<div class="title">CCC for widgets (CNCA-C99-01:2026)</div>' in html
    assert uids(msg) == expected_uids("beta-rohs/comment_close", "alpha-ccc/mandatory_from")
    assert uids(got["bob@example.com"].message) == expected_uids("beta-rohs/comment_close")
    assert " ".join(got["bob@example.com"].message["Subject"].split()) == (
        "Unconfirmed: Last day for comments 2026-04-15 (in 14 days): RoHS…")

    assert reminded(tmp_path) == {
        ("alice@example.com", "alpha-ccc/mandatory_from", "2026-05-01", 30),
        ("alice@example.com", "beta-rohs/comment_close", "2026-04-15", 14),
        ("bob@example.com", "beta-rohs/comment_close", "2026-04-15", 14),
        ("carol@example.com", "evil-data/entry_into_force", "2026-04-20", 30),
    }
    ids = {(r["recipient"], r["message_id"]) for r in sent_records(tmp_path)}
    assert ids == {(rcpt, got[rcpt].message["Message-ID"]) for rcpt in EVERYONE}
    assert oct(state_file(tmp_path).stat().st_mode & 0o777) == "0o600"

    state_before = state_file(tmp_path).read_bytes()
    again = remind(run, config, "2026-04-01")
    assert (again.exit_code, again.stdout, again.stderr) == (0, "", "")
    assert len(server.handler.received) == 3
    assert state_file(tmp_path).read_bytes() == state_before


def expected_uids(*ids: str) -> set[str]:
    """The UIDs `deadlines export` gives these milestones: the same generator."""
    import icalendar

    from sesec_deadlines.output.ics import build_calendar
    from sesec_deadlines.registry.load import load

    entries = [e for e in load([FIXTURE]).entries if e.id in ids]
    calendar = icalendar.Calendar.from_ical(build_calendar(entries, name="x"))
    found = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    assert len(found) == len(ids)
    return found


def test_verbose_says_what_it_did_on_stderr(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server()
    config = write_config(tmp_path, server.port)
    result = remind(run, config, "2026-04-01", "--verbose")
    assert result.exit_code == 0
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == (f"2026-04-01: 4 reminders due for 3 recipients "
                        f"(state: {state_file(tmp_path)})")
    assert lines[1].startswith("sent 2 reminders to alice@example.com <")
    assert lines[1].endswith(">: beta-rohs/comment_close (14d), alpha-ccc/mandatory_from (30d)")
    assert len(lines) == 4
    quiet = remind(run, config, "2026-04-01", "--verbose")
    assert quiet.stderr.splitlines()[1:] == ["nothing to send"]


def test_a_skipped_day_is_caught_up(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server()
    config = write_config(tmp_path, server.port)
    assert remind(run, config, "2026-04-01").exit_code == 0
    server.handler.received.clear()
    # no run from 2026-04-02 to 2026-04-08: the 7-day reminder of 2026-04-15 (due on the 8th)
    # and the 14-day one of 2026-04-20 (due on the 6th) come on the 9th
    result = remind(run, config, "2026-04-09")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    got = server.handler.by_recipient()
    assert sorted(got) == EVERYONE
    assert "(in 6 days)" in got["alice@example.com"].message["Subject"]
    assert "CCC" not in text_of(got["alice@example.com"].message)  # its 30 days were sent
    assert uids(got["carol@example.com"].message) == expected_uids(
        "evil-data/entry_into_force")
    assert {(r[0], r[3]) for r in reminded(tmp_path) if r[1] != "alpha-ccc/mandatory_from"} \
        == {("alice@example.com", 14), ("alice@example.com", 7), ("bob@example.com", 14),
            ("bob@example.com", 7), ("carol@example.com", 30), ("carol@example.com", 14)}


def test_a_long_gap_sends_only_the_most_urgent_lead(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server()
    config = write_config(tmp_path, server.port)
    assert remind(run, config, "2026-04-01").exit_code == 0
    server.handler.received.clear()
    result = remind(run, config, "2026-04-30")  # the laptop slept for four weeks
    assert result.exit_code == 0
    got = server.handler.by_recipient()
    assert list(got) == ["alice@example.com"]  # the others' milestones are past
    msg = got["alice@example.com"].message
    assert msg["Subject"] == "Mandatory from 2026-05-01 (tomorrow): CCC for widgets…"
    assert {lead for rcpt, ident, _, lead in reminded(tmp_path)
            if ident == "alpha-ccc/mandatory_from"} == {30, 1}


def test_server_down_nothing_recorded_then_the_same_reminders_go_out(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server()
    config = write_config(tmp_path, server.port)
    assert remind(run, config, "2026-04-01").exit_code == 0
    state_before = state_file(tmp_path).read_bytes()
    server.stop()

    down = remind(run, config, "2026-04-09")
    assert down.exit_code == 1
    assert down.stdout == ""
    assert down.stderr == (
        f"error: cannot send through 127.0.0.1:{server.port}: Connection refused\n"
        "hint: nothing was sent; the reminders go out on the next run; `deadlines config "
        "test` tries the connection step by step\n"
        "error: 3 of 3 reminder emails could not be sent; the next run sends them\n"
    )
    assert state_file(tmp_path).read_bytes() == state_before

    back = smtp_server(port=server.port)
    result = remind(run, config, "2026-04-09")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert sorted(back.handler.by_recipient()) == EVERYONE
    assert ("bob@example.com", "beta-rohs/comment_close", "2026-04-15", 7) in reminded(tmp_path)


def test_a_refused_recipient_fails_alone_and_is_retried(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server(handler=Recorder(refuse={"bob@example.com"}))
    config = write_config(tmp_path, server.port)
    result = remind(run, config, "2026-04-01")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: bob@example.com: the server refused the recipient: 550 5.1.1 "
        "<bob@example.com>: no such mailbox\n"
        "hint: check the address in the subscription\n"
        "error: 1 of 3 reminder emails could not be sent; the next run sends it\n"
    )
    assert sorted(server.handler.by_recipient()) == ["alice@example.com", "carol@example.com"]
    assert {r[0] for r in reminded(tmp_path)} == {"alice@example.com", "carol@example.com"}

    server.handler.refuse.clear()
    server.handler.received.clear()
    assert remind(run, config, "2026-04-01").exit_code == 0
    assert list(server.handler.by_recipient()) == ["bob@example.com"]


def test_login_with_a_password_command_and_a_refused_login(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    server = smtp_server(authenticator=authenticator("deadlines", "s3cret"),
                         auth_require_tls=False)
    command = json.dumps([sys.executable, "-c", "print('s3cret')"])
    config = write_config(tmp_path, server.port, 'security = "none"\nusername = "deadlines"\n'
                          f"password_command = {command}")
    result = remind(run, config, "2026-04-01")
    assert (result.exit_code, result.stderr) == (0, "")
    assert {r.login for r in server.handler.received} == {"deadlines"}

    wrong = write_config(tmp_path, server.port, 'security = "none"\nusername = "deadlines"\n'
                         'password_env = "SMTP_PW"')
    monkeypatch.setenv("SMTP_PW", "wrong-password")
    server.handler.received.clear()
    state_before = state_file(tmp_path).read_bytes()
    refused = remind(run, wrong, "2026-04-09")
    assert refused.exit_code == 1
    assert refused.stderr.startswith(
        f"error: 127.0.0.1:{server.port} refused the login of deadlines: 535 ")
    assert "hint: check smtp.username and the password" in refused.stderr
    assert "wrong-password" not in refused.stderr + refused.stdout
    assert server.handler.received == []
    assert state_file(tmp_path).read_bytes() == state_before

    monkeypatch.delenv("SMTP_PW")
    unset = remind(run, wrong, "2026-04-09")
    assert unset.exit_code == 2
    assert unset.stderr.startswith("error: smtp.password_env names the environment variable "
                                   "SMTP_PW, which is not set or empty\n")


def make_certificates(directory: Path) -> tuple[Path, Path, Path]:
    """A throwaway CA and a certificate for IP 127.0.0.1 signed by it: (ca, cert, key)."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.now(UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "deadlines test CA")])
    ca = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                     content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    paths = directory / "ca.pem", directory / "cert.pem", directory / "key.pem"
    paths[0].write_bytes(ca.public_bytes(pem))
    paths[1].write_bytes(cert.public_bytes(pem))
    paths[2].write_bytes(key.private_bytes(pem, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return paths


def server_tls(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def test_starttls_with_a_throwaway_certificate_trusted_through_ca_file(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    ca, cert, key = make_certificates(tmp_path)
    server = smtp_server(tls_context=server_tls(cert, key), require_starttls=True,
                         authenticator=authenticator("deadlines", "s3cret"))
    monkeypatch.setenv("SMTP_PW", "s3cret")
    login = 'username = "deadlines"\npassword_env = "SMTP_PW"'
    untrusted = write_config(tmp_path, server.port, f'security = "starttls"\n{login}')
    result = remind(run, untrusted, "2026-04-01")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"error: the certificate of 127.0.0.1:{server.port} could not be verified: ")
    assert "hint: for a private CA set smtp.ca_file" in result.stderr
    assert server.handler.received == []

    trusted = write_config(tmp_path, server.port,
                           f'security = "starttls"\nca_file = "{ca}"\n{login}')
    result = remind(run, trusted, "2026-04-01")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert sorted(server.handler.by_recipient()) == EVERYONE
    assert all(r.tls and r.login == "deadlines" for r in server.handler.received)


def test_implicit_tls(run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]) -> None:
    ca, cert, key = make_certificates(tmp_path)
    server = smtp_server(ssl_context=server_tls(cert, key))
    config = write_config(tmp_path, server.port, f'security = "ssl"\nca_file = "{ca}"')
    result = remind(run, config, "2026-04-01")
    assert (result.exit_code, result.stderr) == (0, "")
    assert len(server.handler.received) == 3
    assert all(r.tls for r in server.handler.received)


def waiters(lock: Path) -> int:
    """How many processes wait for the flock on `lock` (Linux /proc/locks)."""
    inode = lock.stat().st_ino
    with open("/proc/locks", encoding="ascii") as locks:
        return sum(1 for line in locks if "->" in line and f":{inode} " in line)


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux /proc/locks")
def test_two_runs_at_once_only_one_sends(
    tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server()
    config = write_config(tmp_path, server.port)
    lock = state_file(tmp_path).with_name("sent.json.lock")
    lock.parent.mkdir(parents=True)
    command = [sys.executable, "-m", "sesec_deadlines", "remind", "--config", str(config),
               "--registry", str(FIXTURE), "--as-of", "2026-04-01"]
    env = {**os.environ, "DEADLINES_NO_CACHE": "1"}
    with open(lock, "w") as held:  # a run in progress: both new runs must wait for it
        fcntl.flock(held, fcntl.LOCK_EX)
        runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for _ in range(2)]
        give_up = time.monotonic() + 300  # a generous bound for a loaded machine, not a timing
        while time.monotonic() < give_up:
            if waiters(lock) == 2 or any(r.poll() is not None for r in runs):
                break
            time.sleep(0.01)
        assert waiters(lock) == 2, [r.communicate() for r in runs if r.poll() is not None]
    results = [r.communicate(timeout=60) for r in runs]
    assert [r.returncode for r in runs] == [0, 0]
    assert results == [("", ""), ("", "")]  # silent for cron, both of them
    assert sorted(server.handler.by_recipient()) == EVERYONE  # each reminder once
    assert len(sent_records(tmp_path)) == 4


def test_a_title_with_cr_lf_cannot_inject_a_header(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server()
    config = write_config(tmp_path, server.port)
    assert remind(run, config, "2026-04-01").exit_code == 0
    carol = server.handler.by_recipient()["carol@example.com"]
    assert carol.rcpt_tos == ["carol@example.com"]
    assert carol.message["Bcc"] is None
    assert carol.message["X-Injected"] is None
    assert carol.message["Subject"] == "In force from 2026-04-20 (in 19 days): Data rule Bcc…"
    head = carol.raw.split(b"\r\n\r\n", 1)[0] if b"\r\n\r\n" in carol.raw \
        else carol.raw.split(b"\n\n", 1)[0]
    assert not any(line.lower().startswith((b"bcc:", b"x-injected:"))
                   for line in head.splitlines())
    assert "\n    Bcc:" not in text_of(carol.message)
    assert all("victim" not in rcpt for r in server.handler.received for rcpt in r.rcpt_tos)


def test_a_corrupt_state_file_is_reported_and_left_alone(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server()
    config = write_config(tmp_path, server.port)
    path = state_file(tmp_path)
    path.parent.mkdir(parents=True)
    for content in (b'{"schema": 1, "sent": [', b'{"schema": 7, "sent": []}',
                    b'{"schema": 1, "sent": [{"milestone": "x"}]}'):
        path.write_bytes(content)
        for extra in ((), ("--dry-run",)):
            result = remind(run, config, "2026-04-01", *extra)
            assert result.exit_code == 2
            assert result.stdout == ""
            assert f"error: the reminder state file {path} is corrupt: " in result.stderr
            assert "hint: it was left untouched. Repair it, or move it aside" in result.stderr
            assert path.read_bytes() == content
    assert server.handler.received == []


def test_a_moved_date_is_reminded_again(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server()
    config = write_config(tmp_path, server.port)
    assert remind(run, config, "2026-04-01").exit_code == 0
    server.handler.received.clear()
    moved = tmp_path / "moved.toml"
    moved.write_text(FIXTURE.read_text(encoding="utf-8").replace(
        'date = "2026-04-15"', 'date = "2026-04-10"'), encoding="utf-8")
    result = remind(run, config, "2026-04-02", registry=moved)
    assert (result.exit_code, result.stderr) == (0, "")
    got = server.handler.by_recipient()
    assert sorted(got) == ["alice@example.com", "bob@example.com"]
    for item in got.values():
        assert "  Moved: from 2026-04-15 to 2026-04-10\n" in text_of(item.message)
        assert ('<dt>Moved</dt><dd class="moved">from 2026-04-15 to 2026-04-10</dd>'
                in text_of(item.message, "html"))
        assert item.message["Subject"].startswith("Unconfirmed: Moved to 2026-04-10 (in 8 "
                                                  "days), last day for")
    assert ("bob@example.com", "beta-rohs/comment_close", "2026-04-10", 14) in reminded(tmp_path)
    server.handler.received.clear()
    assert remind(run, config, "2026-04-02", registry=moved).exit_code == 0
    assert server.handler.received == []


def test_dry_run_prints_and_changes_nothing(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server()
    config = write_config(tmp_path, server.port)
    result = remind(run, config, "2026-04-01", "--dry-run")
    assert (result.exit_code, result.stderr) == (0, "")
    out = result.stdout
    assert out.startswith("=== email 1 of 3 (dry run: not sent) ===\n"
                          "From: Deadlines <deadlines@example.com>\n"
                          "To: Alice <alice@example.com>\n"
                          "Subject: Unconfirmed: 2 China deadlines, next 2026-04-15 (in 14 "
                          "days): RoHS…\nDate: ")
    assert "Auto-Submitted: auto-generated\nAttachment: deadlines.ics (text/calendar)\n\n" \
           "Dear Alice,\n\n2 China compliance deadlines are coming up" in out
    assert "=== email 3 of 3 (dry run: not sent) ===\n" in out
    assert server.handler.received == []
    assert not (tmp_path / "xdg-state").exists()

    assert remind(run, config, "2026-04-01").exit_code == 0
    after = remind(run, config, "2026-04-01", "--dry-run")
    assert after.stdout == "No reminder due on 2026-04-01: nothing would be sent.\n"
