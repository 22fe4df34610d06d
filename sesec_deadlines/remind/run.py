"""One run of `deadlines remind`: select what is due, build the digests, send, record.

Each digest is recorded in the state file right after the server accepted it, so a
failure later in the run loses nothing already sent; what failed is not recorded and is
sent on the next run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sesec_deadlines.core.errors import SendError
from sesec_deadlines.core.model import Entry
from sesec_deadlines.remind import state
from sesec_deadlines.remind.config import Config
from sesec_deadlines.remind.mailer import ConnectionFailed, Mailer
from sesec_deadlines.remind.message import build
from sesec_deadlines.remind.select import Digest, due, records

Log = Callable[[str], None]


@dataclass
class Outcome:
    sent: list[tuple[Digest, str]] = field(default_factory=list)  # with the Message-ID
    failed: list[tuple[Digest, SendError]] = field(default_factory=list)


class SendFailures(SendError):
    """Some digests were not accepted by the server; each failure is listed."""

    def __init__(self, outcome: Outcome) -> None:
        total = len(outcome.sent) + len(outcome.failed)
        count = len(outcome.failed)
        super().__init__(f"{count} of {total} reminder email{'s' if total != 1 else ''} "
                         f"could not be sent; the next run sends {'it' if count == 1 else 'them'}")
        self.outcome = outcome

    def lines(self) -> list[str]:
        out: list[str] = []
        for _, error in self.outcome.failed:
            for line in error.lines():
                if line not in out:
                    out.append(line)
        return [*out, f"error: {self.message}"]


def utc_now() -> datetime:
    return datetime.now(UTC)


def deliver(digests: Iterable[Digest], *, config: Config, mailer: Mailer,
            ledger: state.Ledger | None, today: date, now: Callable[[], datetime] = utc_now,
            log: Log | None = None) -> Outcome:
    outcome = Outcome()
    stopped: SendError | None = None
    for digest in digests:
        if stopped is not None:
            outcome.failed.append((digest, stopped))
            continue
        moment = now()
        message = build(digest, sender=config.sender, today=today, now=moment.astimezone())
        message_id = str(message["Message-ID"])
        try:
            mailer.send(message)
        except ConnectionFailed as exc:
            stopped = exc
            outcome.failed.append((digest, exc))
            continue
        except SendError as exc:
            outcome.failed.append((digest, exc))
            continue
        if ledger is not None:
            sent_at = moment.astimezone(UTC).isoformat(timespec="seconds")
            ledger.add(records(digest, message_id, sent_at))
        outcome.sent.append((digest, message_id))
        if log is not None:
            count = len(digest.reminders)
            log(f"sent {count} reminder{'s' if count != 1 else ''} to {digest.recipient} "
                f"{message_id}: " + ", ".join(f"{r.entry.id} ({r.lead}d)"
                                              for r in digest.reminders))
    return outcome


def run(config: Config, entries: Iterable[Entry], today: date, *, mailer: Mailer,
        state_path: Path, dry_run: bool, now: Callable[[], datetime] = utc_now,
        log: Log | None = None) -> Outcome:
    """Send what is due; a dry run reads the state but neither locks nor writes it."""
    entries = list(entries)
    if dry_run:
        digests = due(entries, config.subscriptions, state.read(state_path), today)
        return deliver(digests, config=config, mailer=mailer, ledger=None, today=today,
                       now=now)

    def waiting() -> None:
        if log is not None:
            log("another `deadlines remind` is running; waiting for it to finish")

    with state.locked(state_path, on_wait=waiting):
        ledger = state.Ledger.open(state_path, today)
        digests = due(entries, config.subscriptions, ledger.records, today)
        if log is not None:
            count = sum(len(d.reminders) for d in digests)
            log(f"{today}: {count} reminder{'s' if count != 1 else ''} due for "
                f"{len(digests)} recipient{'s' if len(digests) != 1 else ''} "
                f"(state: {state_path})")
        try:
            return deliver(digests, config=config, mailer=mailer, ledger=ledger,
                           today=today, now=now, log=log)
        finally:
            mailer.close()
