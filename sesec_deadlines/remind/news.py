"""The "New and changed" section of the digests: a pure function of (entries,
subscriptions, what was announced, the baselines, today).

The rules (docs/reminders.md, "New and changed"):
- the first run that sees a subscription and recipient records a baseline, the day of
  that run, and announces nothing; later runs announce every change (`core.changes`)
  dated from the baseline day to today that concerns a milestone matching the
  subscription and not yet past (or pending);
- the registry's creation (`ChangeKind.BASELINE`) is never news; a correction by the
  registry of its own record is, labelled as such (`newsmail`): someone may have planned
  by the value it replaced, but it is not a change by the authority;
- each change once per recipient: it is announced until a record of it, written after
  the server accepted the email, says it was; a change is keyed by `Event.key`;
- a recipient gets the news with the day's reminders in one digest, or in a digest of
  their own when no reminder is due.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta

from sesec_deadlines.core.changes import Event, changes
from sesec_deadlines.core.model import Entry
from sesec_deadlines.remind.config import Subscription, address
from sesec_deadlines.remind.newsstate import KEEP_DAYS, Announced, Baseline
from sesec_deadlines.remind.select import Digest


def new_baselines(subscriptions: Sequence[Subscription], baselines: Iterable[Baseline],
                  today: date) -> list[Baseline]:
    """The baselines to record today: of each subscription and recipient without one."""
    known = {(b.subscription, b.recipient.lower()) for b in baselines}
    out = []
    for sub in subscriptions:
        for to in sub.to:
            pair = (sub.name, address(to).lower())
            if pair not in known:
                known.add(pair)
                out.append(Baseline(sub.name, pair[1], today.isoformat()))
    return out


def _current(entry: Entry, today: date) -> bool:
    return entry.date is None or entry.date.end >= today


def news(entries: Iterable[Entry], subscriptions: Sequence[Subscription],
         announced: Iterable[Announced], baselines: Iterable[Baseline],
         today: date) -> dict[str, tuple[Event, ...]]:
    """The changes to announce today, by bare recipient address (lower case)."""
    entries = list(entries)
    since = {(b.subscription, b.recipient.lower()): date.fromisoformat(b.since)
             for b in baselines}
    done = {(r.change, r.recipient.lower()) for r in announced}
    earliest = today - timedelta(days=KEEP_DAYS)
    found: dict[str, dict[str, Event]] = {}
    for sub in subscriptions:
        starts = [since[sub.name, address(to).lower()] for to in sub.to
                  if (sub.name, address(to).lower()) in since]
        if not starts:
            continue
        events = changes(entries, sub.filters, max(min(starts), earliest), today)
        for to in sub.to:
            recipient = address(to).lower()
            start = since.get((sub.name, recipient))
            if start is None:
                continue
            mine = found.setdefault(recipient, {})
            for event in events:
                if event.instrument is None:  # the registry's creation: not news
                    continue
                if event.day < start or (event.key, recipient) in done:
                    continue
                current = tuple(e for e in event.entries if _current(e, today))
                if not current:
                    continue
                seen = mine.get(event.key)
                merged = current if seen is None else seen.entries + tuple(
                    e for e in current if e not in seen.entries)
                mine[event.key] = replace(event, entries=tuple(sorted(merged,
                                                                      key=Entry.sort_key)))
    return {recipient: tuple(sorted(events.values(), key=_order))
            for recipient, events in sorted(found.items()) if events}


def _order(event: Event) -> tuple[int, str, str]:
    """Oldest change first within a digest, so the email reads in the order things
    happened; new entries before moves on a day."""
    return (event.day.toordinal(), "0" if event.is_new else "1", event.key)


def merge(digests: Sequence[Digest], found: dict[str, tuple[Event, ...]],
          subscriptions: Sequence[Subscription]) -> list[Digest]:
    """The day's digests with their news; a recipient with news but no reminder gets a
    digest of their own. Sorted by recipient, as `select.due` sorts them."""
    by_recipient = {d.recipient: d for d in digests}
    written: dict[str, str] = {}
    names: dict[str, list[str]] = {}
    for sub in subscriptions:
        for to in sub.to:
            recipient = address(to).lower()
            written.setdefault(recipient, to)
            if sub.name not in names.setdefault(recipient, []):
                names[recipient].append(sub.name)
    out = []
    for recipient in sorted({*by_recipient, *found}):
        events = found.get(recipient, ())
        digest = by_recipient.get(recipient)
        if digest is None:
            digest = Digest(recipient, written[recipient], (), tuple(names[recipient]))
        out.append(replace(digest, news=events) if events else digest)
    return out


def records(digest: Digest, message_id: str, sent_at: str) -> list[Announced]:
    """What to remember of the news once the server accepted the digest."""
    return [Announced(e.key, digest.recipient, message_id, sent_at) for e in digest.news]
