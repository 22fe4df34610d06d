"""A real SMTP server for the reminder tests (aiosmtpd on 127.0.0.1), and their helpers.

The fixture registry (tests/fixtures/remind-registry.toml) and SUBSCRIPTIONS give, on
2026-04-01 with the ladder [30, 14, 7, 1, 0] that `write_config` sets for every kind (the
kinds' own ladders are tested in test_ladders.py):
  alice: RoHS comment deadline 2026-04-15 (lead 14), CCC 2026-05-01 (lead 30);
  bob:   RoHS comment deadline (lead 14);
  carol: the data rule 2026-04-20 (lead 30), whose title holds CR/LF.
"""

from __future__ import annotations

import email
import json
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

if TYPE_CHECKING:
    from .conftest import Runner

FIXTURE = Path(__file__).parent / "fixtures" / "remind-registry.toml"
SUBSCRIPTIONS = """
[[subscription]]
name = "ccc"
to = ["Alice <alice@example.com>"]
topics = ["ccc"]

[[subscription]]
name = "rohs"
to = ["alice@example.com", "bob@example.com"]
topics = ["rohs"]

[[subscription]]
name = "data"
to = ["carol@example.com"]
topics = ["data"]
"""
EVERYONE = ["alice@example.com", "bob@example.com", "carol@example.com"]


# --- a real SMTP server -------------------------------------------------------------------

@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    message: EmailMessage
    tls: bool
    login: str | None


@dataclass
class Recorder:
    """The server's handler: keeps what it accepted; refuses the addresses in `refuse`."""

    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)  # at RCPT TO
    reject: dict[str, str] = field(default_factory=dict)  # at DATA: recipient -> reply
    on_accept: Callable[[Received], None] | None = None  # after keeping a message

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content
        message = email.message_from_bytes(raw, policy=policy.default)
        assert isinstance(message, EmailMessage)
        login = session.auth_data.login.decode() if isinstance(
            session.auth_data, LoginPassword) else None
        tls = session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None
        for rcpt in envelope.rcpt_tos:
            if rcpt in self.reject:
                return self.reject[rcpt]
        item = Received(envelope.mail_from, list(envelope.rcpt_tos), raw, message, tls, login)
        self.received.append(item)
        if self.on_accept is not None:
            self.on_accept(item)
        return "250 2.0.0 accepted"

    def counts(self) -> dict[str, int]:
        """How many messages each recipient got."""
        out: dict[str, int] = {}
        for item in self.received:
            for rcpt in item.rcpt_tos:
                out[rcpt] = out.get(rcpt, 0) + 1
        return out

    def by_recipient(self) -> dict[str, Received]:
        out: dict[str, Received] = {}
        for item in self.received:
            (rcpt,) = item.rcpt_tos
            assert rcpt not in out, f"{rcpt} got two emails"
            out[rcpt] = item
        return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@dataclass
class Server:
    port: int
    handler: Recorder
    controller: Controller
    running: bool = True

    def stop(self) -> None:
        if self.running:
            self.running = False
            self.controller.stop()


def authenticator(login: str, password: str) -> Callable[..., AuthResult]:
    def check(server: Any, session: Any, envelope: Any, mechanism: str,
              auth_data: Any) -> AuthResult:
        if (isinstance(auth_data, LoginPassword) and auth_data.login == login.encode()
                and auth_data.password == password.encode()):
            return AuthResult(success=True, auth_data=auth_data)
        return AuthResult(success=False, handled=False)

    return check


@pytest.fixture
def smtp_server() -> Iterator[Callable[..., Server]]:
    """Start aiosmtpd servers on 127.0.0.1; every one is stopped at the end of the test."""
    started: list[Server] = []

    def start(port: int | None = None, handler: Recorder | None = None,
              **kwargs: Any) -> Server:
        handler = handler or Recorder()
        port = port or free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port,
                                server_hostname="smtp.test", **kwargs)
        controller.start()
        server = Server(port, handler, controller)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


# --- configuration, state, runs -----------------------------------------------------------

LADDER = "\n[reminders]\nleads = [30, 14, 7, 1, 0]\n"


def write_config(tmp_path: Path, port: int, smtp: str = 'security = "none"',
                 subscriptions: str = SUBSCRIPTIONS, mode: int = 0o600,
                 reminders: str = LADDER) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f'from = "Deadlines <deadlines@example.com>"\n\n[smtp]\nhost = "127.0.0.1"\n'
        f"port = {port}\ntimeout = 10\n{smtp}\n{reminders}{subscriptions}",
        encoding="utf-8",
    )
    path.chmod(mode)
    return path


def state_file(tmp_path: Path) -> Path:
    return tmp_path / "xdg-state" / "sesec-deadlines" / "sent.json"


def sent_records(tmp_path: Path) -> list[dict[str, Any]]:
    path = state_file(tmp_path)
    if not path.exists():
        return []
    records: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["sent"]
    return records


def reminded(tmp_path: Path) -> set[tuple[str, str, str, int]]:
    return {(r["recipient"], r["milestone"], r["date"], r["lead"]) for r in sent_records(tmp_path)}


def remind(run: Runner, config: Path, day: str, *extra: str,
           registry: Path = FIXTURE) -> Any:
    return run("remind", "--config", str(config), "--registry", str(registry),
               "--as-of", day, *extra)


def text_of(message: EmailMessage, kind: str = "plain") -> str:
    body = message.get_body(preferencelist=(kind,))
    assert body is not None
    content: str = body.get_content()
    return content.replace("\r\n", "\n")


def calendar_of(message: EmailMessage) -> Any:
    import icalendar

    (part,) = list(message.iter_attachments())
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("charset") == "utf-8"
    assert part.get_param("method") is None
    assert part.get_filename() == "deadlines.ics"
    return icalendar.Calendar.from_ical(part.get_content())


def uids(message: EmailMessage) -> set[str]:
    return {str(event["UID"]) for event in calendar_of(message).walk("VEVENT")}


# --- counting what arrived ----------------------------------------------------------------

# what is due on 2026-04-01 under SUBSCRIPTIONS: (recipient, milestone)
DUE = frozenset({
    ("alice@example.com", "alpha-ccc/mandatory_from"),
    ("alice@example.com", "beta-rohs/comment_close"),
    ("bob@example.com", "beta-rohs/comment_close"),
    ("carol@example.com", "evil-data/entry_into_force"),
})


@dataclass(frozen=True)
class Tally:
    delivered: int  # reminders due that arrived
    duplicated: int  # reminders that arrived more than once: the extra copies
    lost: int  # reminders due that never arrived
    duplicate_emails: int  # emails that repeat one already received


def reminders_in(item: Received) -> list[tuple[str, str]]:
    """(recipient, milestone id) of each reminder in an email, from its ids header."""
    from sesec_deadlines.remind.message import IDS_HEADER

    (rcpt,) = item.rcpt_tos
    return [(rcpt, ident.strip()) for ident in str(item.message[IDS_HEADER]).split(",")]


def tally(received: list[Received], due: frozenset[tuple[str, str]] = DUE) -> Tally:
    """Delivered, duplicated and lost reminders among the emails the server accepted."""
    copies: dict[tuple[str, str], int] = {}
    emails: dict[tuple[tuple[str, str], ...], int] = {}
    for item in received:
        found = reminders_in(item)
        for key in found:
            copies[key] = copies.get(key, 0) + 1
        emails[tuple(sorted(found))] = emails.get(tuple(sorted(found)), 0) + 1
    return Tally(
        delivered=sum(1 for key in due if copies.get(key)),
        duplicated=sum(count - 1 for count in copies.values()),
        lost=sum(1 for key in due if not copies.get(key)),
        duplicate_emails=sum(count - 1 for count in emails.values()),
    )
