"""One run of `deadlines remind`: select what is due, build the digests, send, record.

For each digest, in turn (docs/reminders.md, "Sending" and "The state file"):
1. build the email; one that cannot be built fails alone;
2. connect and log in, on the first digest; if the server cannot be reached, nothing is
   sent in this run;
3. write its records to the state file as "sending"; a run that cannot write the state
   sends nothing more;
4. send it: a message the server refuses fails alone, and the run goes on; a lost
   connection stops the run;
5. once the server accepted it, move its records to "sent"; if that write fails, the run
   stops, and the next run that can write the file sends that email once more.
What failed is not recorded as sent, and is sent on the next run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

from sesec_deadlines.core.errors import DeadlinesError, SendError
from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.staleness import Freshness
from sesec_deadlines.remind import news, state
from sesec_deadlines.remind.config import Config, Subscription
from sesec_deadlines.remind.items import counted
from sesec_deadlines.remind.lock import locked
from sesec_deadlines.remind.mailer import ConnectionFailed, Mailer
from sesec_deadlines.remind.message import build
from sesec_deadlines.remind.owners import Owners, act_by_due
from sesec_deadlines.remind.owners import merge as merge_act_by
from sesec_deadlines.remind.owners import subscriptions as owner_subscriptions
from sesec_deadlines.remind.select import Digest, due, records

Log = Callable[[str], None]


@dataclass
class Outcome:
    sent: list[tuple[Digest, str]] = field(default_factory=list)  # with the Message-ID
    failed: list[tuple[Digest, DeadlinesError]] = field(default_factory=list)
    # accepted by the server, but the state file could not record it: with the Message-ID
    unrecorded: list[tuple[Digest, str, DeadlinesError]] = field(default_factory=list)


def _emails(count: int) -> str:
    return f"{count} reminder email{'s' if count != 1 else ''}"


class SendFailures(SendError):
    """Some digests were not sent, or not recorded; each failure is listed."""

    def __init__(self, outcome: Outcome) -> None:
        total = len(outcome.sent) + len(outcome.failed) + len(outcome.unrecorded)
        parts = []
        if outcome.failed:
            count = len(outcome.failed)
            parts.append(f"{count} of {_emails(total)} could not be sent; the next run "
                         f"sends {'it' if count == 1 else 'them'}")
        if outcome.unrecorded:
            count = len(outcome.unrecorded)
            parts.append(f"{count} of {_emails(total)} {'was' if count == 1 else 'were'} "
                         "sent but not recorded; the first run that can write the state file "
                         f"sends {'it' if count == 1 else 'them'} once more")
        super().__init__(" and ".join(parts))
        self.parts = parts
        self.outcome = outcome

    def lines(self) -> list[str]:
        out: list[str] = []
        for digest, message_id, error in self.outcome.unrecorded:
            out.append(f"error: {digest.recipient}: accepted by the server ({message_id}), "
                       f"but not recorded: {error.message}")
        for _, error in self.outcome.failed:
            for line in error.lines():
                if line not in out:
                    out.append(line)
        return [*out, *(f"error: {part}" for part in self.parts)]


def utc_now() -> datetime:
    return datetime.now(UTC)


def deliver(digests: Iterable[Digest], *, config: Config, mailer: Mailer,
            ledger: state.Ledger | None, today: date, now: Callable[[], datetime] = utc_now,
            log: Log | None = None) -> Outcome:
    outcome = Outcome()
    stopped: DeadlinesError | None = None
    for digest in digests:
        if stopped is not None:
            outcome.failed.append((digest, stopped))
            continue
        moment = now()
        try:
            message = build(digest, sender=config.sender, today=today, now=moment.astimezone())
        except Exception as exc:  # one email that cannot be built fails alone
            ids = ", ".join(r.entry.id for r in digest.reminders)
            outcome.failed.append((digest, SendError(
                f"{digest.recipient}: the email could not be built: {type(exc).__name__}: "
                f"{exc}", hint=f"check these milestones in the registry: {ids}")))
            continue
        message_id = str(message["Message-ID"])
        sent_at = moment.astimezone(UTC).isoformat(timespec="seconds")
        try:
            mailer.open()
            if ledger is not None:
                ledger.intend(records(digest, message_id, sent_at),
                              news.records(digest, message_id, sent_at))
        except ConnectionFailed as exc:
            stopped = exc
            outcome.failed.append((digest, exc))
            continue
        except state.StateWriteError as exc:
            stopped = state.StateWriteError(
                exc.message, hint="nothing more was sent; a run that cannot record what it "
                "sends sends nothing: the next run sends the rest once the file can be written")
            outcome.failed.append((digest, stopped))
            continue
        try:
            mailer.send(message)
        except SendError as exc:
            if isinstance(exc, ConnectionFailed):
                stopped = exc
            if ledger is not None:
                ledger.abandon()
            outcome.failed.append((digest, exc))
            continue
        if ledger is not None:
            try:
                ledger.confirm()
            except state.StateWriteError as exc:
                stopped = state.StateWriteError(
                    exc.message, hint="nothing more was sent; the next run sends the rest "
                    "once the state file can be written")
                outcome.unrecorded.append((digest, message_id, exc))
                continue
        outcome.sent.append((digest, message_id))
        if log is not None:
            log(f"sent {counted(len(digest.reminders), len(digest.news))} to "
                f"{digest.recipient} "
                f"{message_id}: " + ", ".join(
                    [*(f"{r.entry.id} ({r.rung_text})" for r in digest.reminders),
                     *(f"{e.key} (new and changed)" for e in digest.news)]))
    return outcome


def run(config: Config, entries: Iterable[Entry], today: date, *, mailer: Mailer,
        state_path: Path, dry_run: bool, now: Callable[[], datetime] = utc_now,
        log: Log | None = None, registry_version: str | None = None,
        freshness: Freshness | None = None,
        remind_of: Callable[[Entry], bool] | None = None,
        owners: Owners | None = None) -> Outcome:
    """Send what is due; a dry run reads the state but neither locks nor writes it.

    `entries` are all the registry's milestones: the state keeps the records of every
    one of them (see state.prune). `registry_version` (the registry's data version) is
    named in each email's footer; `freshness` (its newest edition and age) in each email.
    `remind_of`, when given, says which milestones may be reminded of (the team's done
    and not-applicable ones are not).
    `owners`, when given, adds the owners' digests (remind.owners) to the subscriptions'.
    """
    entries = list(entries)
    remindable = entries if remind_of is None else [e for e in entries if remind_of(e)]
    subs = config.subscriptions
    if dry_run:
        found = state.load(state_path)
        digests = news.merge(due(remindable, [*subs, *_owned(owners, today)], found.sent,
                                 today),
                             news.news(entries, subs, found.news.announced,
                                       found.news.baselines, today), subs)
        digests = _with_act_by(digests, entries, owners, found.sent, today)
        digests = [replace(d, registry=registry_version, freshness=freshness) for d in digests]
        return deliver(digests, config=config, mailer=mailer, ledger=None, today=today,
                       now=now)

    def waiting() -> None:
        if log is not None:
            log("another `deadlines remind` is running; waiting for it to finish")

    with locked(state_path, on_wait=waiting):
        ledger = state.Ledger.open(state_path, today, known=(e.id for e in entries))
        if log is not None:
            for message_id in sorted({r.message_id for r in ledger.interrupted}):
                left = [r for r in ledger.interrupted if r.message_id == message_id]
                log(f"an earlier run stopped before recording {message_id} to "
                    f"{left[0].recipient}; the server may have it: its reminders are sent "
                    "again if still due")
        # "New and changed": what the baselines recorded so far allow; then the baselines
        # of subscriptions and recipients seen for the first time, who get nothing old
        told = news.news(entries, subs, ledger.news.announced, ledger.news.baselines, today)
        if not ledger.baseline(news.new_baselines(subs, ledger.news.baselines, today)) \
                and log is not None:
            log("the baselines of new subscriptions could not be written yet")
        digests = news.merge(due(remindable, [*subs, *_owned(owners, today)], ledger.records,
                                 today), told, subs)
        digests = _with_act_by(digests, entries, owners, ledger.records, today)
        digests = [replace(d, registry=registry_version, freshness=freshness) for d in digests]
        if log is not None:
            count = sum(len(d.reminders) for d in digests)
            changed = sum(len(d.news) for d in digests)
            log(f"{today}: {counted(count, changed)} due for "
                f"{len(digests)} recipient{'s' if len(digests) != 1 else ''} "
                f"(state: {state_path})")
        try:
            return deliver(digests, config=config, mailer=mailer, ledger=ledger,
                           today=today, now=now, log=log)
        finally:
            mailer.close()


def _owned(owners: Owners | None, today: date) -> list[Subscription]:
    """The owners' own subscriptions: the milestones each owns, at their kinds' ladders."""
    return [] if owners is None else owner_subscriptions(owners, today)


def _with_act_by(digests: list[Digest], entries: list[Entry], owners: Owners | None,
                 sent: Iterable[state.Sent], today: date) -> list[Digest]:
    """The digests with the owners' act-by reminders due today."""
    if owners is None:
        return digests
    return merge_act_by(digests, act_by_due(entries, owners, sent, today), owners)
