"""Which reminders are due: a pure function of (entries, subscriptions, what was sent, today).

The rules (docs/reminders.md, "Behaviour"):
- a reminder for lead L is due when `start - L <= today <= end` (for a date known to the
  day, start = end = the date; L in days or in working days, remind.ladders); milestones
  without a date or already past are never reminded, and month or year dates only when
  the subscription includes them;
- one reminder per milestone and recipient per run, for the most urgent lead due: after
  a skipped day that is the lead that fell due meanwhile; after a long gap the leads
  passed over are not sent as a burst;
- what was sent is keyed on the milestone's date, so a milestone whose date moved is
  reminded again, and says from which date it moved.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sesec_deadlines.core.changes import Event
from sesec_deadlines.core.dates import Offset
from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.staleness import Freshness
from sesec_deadlines.core.vocab import Precision
from sesec_deadlines.remind.config import Subscription, address
from sesec_deadlines.remind.ladders import Rung, due_rung, lead_value
from sesec_deadlines.remind.state import Sent


@dataclass(frozen=True)
class Reminder:
    entry: Entry
    lead: int  # the rung of the ladder that is due, as days before the date's first day
    days_left: int  # to the date's first day; 0 on it (and within a month or year under way)
    moved_from: str | None = None  # the date it had when last reminded, if different
    rung: Offset | None = None  # the rung as configured ("15wd"); None: `lead` days
    estimated: bool = False  # the rung counted working days of an estimated year
    act_by: date | None = None  # an owner's reminder of the team's act-by date (owners)
    overdue_weeks: int = 0  # weeks since a past act-by date, the milestone not done
    late_days: int = 0  # days since a past act-by date (its last rung, sent late)
    act_by_estimated: bool = False  # the act-by date counted working days of an estimated year
    reopened: str | None = None  # why the team's "done" was undone (its date moved)
    reopen_only: bool = False  # sent only to say it was reopened (no rung was due)

    @property
    def record_id(self) -> str:
        """The state record's milestone field: the id, with "@act-by" or "@overdue" for an
        owner's act-by reminder."""
        if self.act_by is None:
            return self.entry.id + ("@reopened" if self.reopen_only else "")
        return self.entry.id + ("@overdue" if self.overdue_weeks else "@act-by")

    @property
    def record_date(self) -> str:
        """The state record's date: the milestone's, the act-by day, or the week's day."""
        if self.act_by is None:
            return self.date
        return (self.act_by + timedelta(days=7 * self.overdue_weeks)).isoformat()

    @property
    def rung_text(self) -> str:
        """The rung as the configuration writes it: "30d", "15wd"."""
        value = lead_value(self.rung if self.rung is not None else self.lead)
        return f"{value}d" if isinstance(value, int) else value

    @property
    def date(self) -> str:
        assert self.entry.date is not None
        return self.entry.date.iso()

    @property
    def correction(self) -> str | None:
        """When the registry, not the authority, changed the date from `moved_from`: the
        reason it recorded (a `history` entry with `change = "corrected"`)."""
        if not self.moved_from:
            return None
        from sesec_deadlines.core.changes import ChangeKind, milestone_changes

        found = None
        for event in milestone_changes(self.entry):  # oldest first
            if (event.before or "").split(" (")[0] == self.moved_from:
                found = event.reason if event.kind is ChangeKind.CORRECTED else None
        return found


@dataclass(frozen=True)
class Digest:
    """One email: every reminder due for one recipient in this run, soonest first."""

    recipient: str  # the bare address, the key of the state records
    to: str  # as written in the configuration
    reminders: tuple[Reminder, ...]
    subscriptions: tuple[str, ...]
    news: tuple[Event, ...] = ()  # the changes to announce ("New and changed": remind.news)
    registry: str | None = None  # the registry's data version, named in the footer
    freshness: Freshness | None = None  # the registry's newest edition and age, stated


@dataclass
class _Candidate:
    entry: Entry
    rung: Rung
    subscriptions: list[str]


def due(
    entries: Iterable[Entry],
    subscriptions: Sequence[Subscription],
    sent: Iterable[Sent],
    today: date,
) -> list[Digest]:
    """The digests to send today, one per recipient, sorted by recipient."""
    dated = [e for e in entries if e.date is not None and e.date.end >= today]
    found: dict[tuple[str, str], _Candidate] = {}
    written: dict[str, str] = {}  # the first way each recipient is written
    for sub in subscriptions:
        for to in sub.to:
            written.setdefault(address(to).lower(), to)
        for entry in dated:
            when = entry.date
            assert when is not None
            if when.precision is not Precision.DAY and not sub.include_approximate:
                continue
            if not sub.filters.matches(entry):
                continue
            rung = due_rung(sub.ladder(entry.milestone.kind), when.start, today)
            if rung is None:
                continue
            for to in sub.to:
                key = (entry.id, address(to).lower())
                seen = found.get(key)
                if seen is None:
                    found[key] = _Candidate(entry, rung, [sub.name])
                    continue
                if (rung.day, -rung.days) > (seen.rung.day, -seen.rung.days):
                    seen.rung = rung  # the more urgent of two subscriptions' rungs
                if sub.name not in seen.subscriptions:
                    seen.subscriptions.append(sub.name)
    history: dict[tuple[str, str], list[Sent]] = {}
    for record in sent:
        history.setdefault((record.milestone, record.recipient.lower()), []).append(record)
    by_recipient: dict[str, list[tuple[Reminder, _Candidate]]] = {}
    for (ident, recipient), cand in found.items():
        when = cand.entry.date
        assert when is not None
        iso = when.iso()
        past = history.get((ident, recipient), [])
        if any(r.date == iso and r.lead <= cand.rung.days for r in past):
            continue
        latest = max(past, key=lambda r: (r.sent_at, r.date), default=None)
        moved = latest.date if latest is not None and latest.date != iso else None
        left = max((when.start - today).days, 0)
        reminder = Reminder(cand.entry, cand.rung.days, left, moved, cand.rung.lead,
                            cand.rung.estimated)
        by_recipient.setdefault(recipient, []).append((reminder, cand))
    order = {sub.name: index for index, sub in enumerate(subscriptions)}
    digests = []
    for recipient in sorted(by_recipient):
        pairs = sorted(by_recipient[recipient], key=lambda p: p[0].entry.sort_key())
        names = sorted({n for _, cand in pairs for n in cand.subscriptions}, key=lambda n: order[n])
        digests.append(
            Digest(recipient, written[recipient], tuple(r for r, _ in pairs), tuple(names))
        )
    return digests


def records(digest: Digest, message_id: str, sent_at: str) -> list[Sent]:
    """What to remember once the server accepted the digest."""
    return [
        Sent(r.record_id, r.record_date, r.lead, digest.recipient, message_id, sent_at)
        for r in digest.reminders
    ]
