"""Owners' digests: each person of `[people]` gets the milestones they own (the team's
`--owner`, docs/team.md) that are still open and not snoozed:

- at the leads of the act-by date (`[reminders] act_by_leads`, default 14, 7, 1 and 0 days
  before it), then once a week while the act-by date is past and the milestone not done;
- at the milestone's own leads, as a subscription would (its kind's ladder).

Act-by reminders are recorded in the state file like the others, under the milestone's id
with "@act-by" (keyed on the act-by day) or "@overdue" (keyed on the week's day), so the
exactly-once and none-lost rules of `remind.run` hold for them as they do for
subscriptions. A milestone marked done whose date then moved is reopened (`reopen`): its
progress goes back to open in the tracking file, and the owner's digest says why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.query import make_filters
from sesec_deadlines.remind.config import Subscription, address
from sesec_deadlines.remind.ladders import Lead, due_rung
from sesec_deadlines.remind.select import Digest, Reminder
from sesec_deadlines.remind.state import Sent
from sesec_deadlines.team import Progress, Tracking
from sesec_deadlines.team.actby import estimated

ACT_BY_LEADS: tuple[Lead, ...] = (14, 7, 1, 0)
WEEK = 7
ACT_BY, OVERDUE = "@act-by", "@overdue"  # the state records' suffixes


@dataclass(frozen=True)
class Owners:
    """The people owners are mailed at, and the team's decisions."""

    people: Mapping[str, str]  # name as the team writes it -> address as written
    tracking: Tracking
    act_by_leads: tuple[Lead, ...] = ACT_BY_LEADS
    reopened: Mapping[str, str] | None = None  # milestone id -> why it was reopened

    def address_of(self, owner: str | None) -> str | None:
        if not owner:
            return None
        wanted = owner.casefold()
        return next((to for name, to in self.people.items() if name.casefold() == wanted),
                    None)

    def owned_open(self, entry: Entry, name: str, today: date) -> bool:
        """Whether `name` owns the milestone, and it is open and not snoozed."""
        decision = self.tracking.decision(entry)
        return (decision is not None and decision.owner is not None
                and decision.owner.casefold() == name.casefold()
                and not self.closed(entry) and not decision.snoozed(today))

    def closed(self, entry: Entry) -> bool:
        """Done or not applicable, and not reopened in this run."""
        decision = self.tracking.decision(entry)
        return (decision is not None and decision.closed
                and entry.id not in (self.reopened or {}))


def subscriptions(owners: Owners, today: date) -> list[Subscription]:
    """One subscription a person: the milestones they own, at each kind's own ladder."""
    def owned_by(name: str) -> Callable[[Entry], bool]:
        return lambda entry: owners.owned_open(entry, name, today)

    return [Subscription(name=f"owner {name}", to=(to,),
                         filters=make_filters(keep=owned_by(name)))
            for name, to in owners.people.items()]


def act_by_due(entries: Iterable[Entry], owners: Owners, sent: Iterable[Sent],
               today: date) -> dict[str, list[Reminder]]:
    """The act-by reminders due today, by recipient (bare address, lower case)."""
    leads: dict[tuple[str, str, str], int] = {}  # the most urgent rung sent, by record
    for record in sent:
        key = (record.milestone, record.date, record.recipient.lower())
        leads[key] = min(leads.get(key, record.lead), record.lead)
    out: dict[str, list[Reminder]] = {}
    for entry in entries:
        decision = owners.tracking.decision(entry)
        if decision is None or owners.closed(entry) or decision.snoozed(today) \
                or (decision.act_by is None and entry.id not in (owners.reopened or {})):
            continue
        to = owners.address_of(decision.owner)
        if to is None:
            continue
        recipient = address(to).lower()
        why = (owners.reopened or {}).get(entry.id)
        reminder = _act_by_reminder(entry, decision.act_by, owners.act_by_leads, today)
        if reminder is None and why and entry.date is not None:
            # reopened today: the owner hears of it even when no act-by rung is due
            reminder = Reminder(entry, 0, max((entry.date.start - today).days, 0),
                                reopened=why, reopen_only=True)
        if reminder is None:
            continue
        key = (reminder.record_id, reminder.record_date, recipient)
        if key in leads and leads[key] <= reminder.lead:
            continue
        if decision.act_by_rule and reminder.act_by is not None:
            reminder = replace(reminder, act_by_estimated=estimated(decision.act_by_rule,
                                                                    entry.date))
        if why and reminder.reopened is None:
            reminder = replace(reminder, reopened=why)
        out.setdefault(recipient, []).append(reminder)
    return out


def _act_by_reminder(entry: Entry, act_by: date | None, ladder: Sequence[Lead],
                     today: date) -> Reminder | None:
    if act_by is None:
        return None
    if act_by >= today:
        rung = due_rung(ladder, act_by, today)
        if rung is None:
            return None
        return Reminder(entry, rung.days, (act_by - today).days, rung=rung.lead,
                        estimated=rung.estimated, act_by=act_by)
    late = (today - act_by).days
    weeks = late // WEEK
    if weeks < 1:
        # the act-by day's own rung, if it was missed (held by a snooze, or no run that
        # day): the same record, so it is sent once
        return Reminder(entry, 0, 0, act_by=act_by, late_days=late)
    return Reminder(entry, 0, 0, act_by=act_by, overdue_weeks=weeks, late_days=late)


def merge(digests: Sequence[Digest], act_by: Mapping[str, list[Reminder]],
          owners: Owners) -> list[Digest]:
    """The day's digests with the owners' act-by reminders in them; a recipient with only
    act-by reminders gets a digest of their own."""
    by_recipient = {d.recipient: d for d in digests}
    written = {address(to).lower(): to for to in owners.people.values()}
    names = {address(to).lower(): f"owner {name}" for name, to in owners.people.items()}
    out = []
    for recipient in sorted({*by_recipient, *act_by}):
        digest = by_recipient.get(recipient)
        extra = act_by.get(recipient, [])
        if digest is None:
            digest = Digest(recipient, written[recipient], (), (names[recipient],))
        if extra:
            # a reopening told on its own is said on the milestone's reminder, if it has one
            plain = {r.entry.id: i for i, r in enumerate(digest.reminders) if r.act_by is None}
            merged = list(digest.reminders)
            for reminder in extra:
                at = plain.get(reminder.entry.id)
                if reminder.reopen_only and at is not None:
                    merged[at] = replace(merged[at], reopened=reminder.reopened)
                else:
                    merged.append(reminder)
            reminders = sorted(merged, key=lambda r: (r.days_left, r.entry.sort_key()))
            digest = replace(digest, reminders=tuple(reminders))
        out.append(digest)
    return out


def reopen_reasons(entries: Iterable[Entry], tracking: Tracking) -> dict[str, str]:
    """The milestones marked done whose date moved after that: milestone id -> why
    ("its date moved from 2026-08-01 to 2026-09-01 on 2026-06-20, after it was marked
    done on 2026-05-02")."""
    from sesec_deadlines.core.changes import ChangeKind, milestone_changes

    found: dict[str, str] = {}
    for entry in entries:
        decision = tracking.decision(entry)
        if decision is None or decision.progress is not Progress.DONE:
            continue
        set_at = _progress_set_at(tracking, entry)
        if set_at is None:
            continue
        marked = datetime.fromisoformat(set_at).date()
        for change in milestone_changes(entry):
            if change.kind in (ChangeKind.MOVED, ChangeKind.CORRECTED) and change.day > marked:
                found[entry.id] = (f"its date moved from {change.before} to {change.after} on "
                                   f"{change.day.isoformat()}, after it was marked done on "
                                   f"{marked.isoformat()}")
    return found


def _progress_set_at(tracking: Tracking, entry: Entry) -> str | None:
    """When the progress in force was set (UTC, ISO 8601): the milestone's own, else its
    instrument's."""
    for target in (entry.id, entry.instrument.id):
        held = tracking.state.get(target, {}).get("progress")
        if held is not None:
            return held[0]
    return None


def reopen(path: Path, reasons: Mapping[str, str], now: datetime | None = None
           ) -> list[str]:
    """Record each reopening in the tracking file (progress open, with the reason as its
    note, by "deadlines remind"); the notices the append gave."""
    from sesec_deadlines.team.logfile import append, new_event

    notices: list[str] = []
    for ident, why in sorted(reasons.items()):
        event = new_event(ident, {"progress": "open", "note": f"reopened: {why}"},
                          by="deadlines remind", now=now)
        notices += append(path, event)
    return notices
