"""The state of the team's decisions, folded from the events of the tracking file.

Every field of every milestone or instrument is a last-writer-wins register: the value of
the event with the greatest (`at`, `id`) that sets it. Taking a maximum does not depend on
the order the events are read in, so a file whose lines were merged from two branches (in
any order, with lines repeated) folds to the same state. The state is a plain dictionary
(target -> field -> (at, id, value, by)), which the cache stores as it is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from sesec_deadlines.core.dates import PartialDate
from sesec_deadlines.core.model import Entry
from sesec_deadlines.team.actby import resolve
from sesec_deadlines.team.events import CLOSED, Event, Progress

# target ("item" or "item/key") -> field -> (at, id, value, by)
State = dict[str, dict[str, tuple[str, str, Any, str]]]


def fold(events: Iterable[Event], state: State | None = None) -> State:
    """The state after `events` (added to `state` if given: folding is incremental)."""
    state = {} if state is None else state
    for event in events:
        fields = state.get(event.on)
        if fields is None:
            fields = state[event.on] = {}
        for name, value in event.values:
            current = fields.get(name)
            if name == "evidence":
                fields[name] = _evidence(event, value, current)
            elif current is None or _later(event, value, current):
                fields[name] = (event.at, event.id, value, event.by)
    return state


def _evidence(event: Event, value: Any, current: tuple[str, str, Any, str] | None
              ) -> tuple[str, str, Any, str]:
    """Evidence accumulates: each event adds its URLs; null clears those added before it.
    Held as [clear, additions]: the latest clearing (at, id) and every (at, id, url)."""
    clear, adds = current[2] if current is not None else (None, [])
    if value is None:
        if clear is None or [event.at, event.id] > clear:
            clear = [event.at, event.id]
    else:
        known = {tuple(a) for a in adds}
        adds = adds + [[event.at, event.id, url] for url in value
                       if (event.at, event.id, url) not in known]
    latest = (event.at, event.id, event.by)
    if current is not None and (current[0], current[1]) > latest[:2]:
        latest = (current[0], current[1], current[3])
    return (latest[0], latest[1], [clear, adds], latest[2])


def evidence_urls(held: Any) -> tuple[str, ...]:
    """The URLs in force of an evidence register, in the order they were added."""
    clear, adds = held
    urls: dict[str, None] = {}
    for at, ident, url in sorted(adds):
        if clear is None or [at, ident] > clear:
            urls[url] = None
    return tuple(urls)


def _later(event: Event, value: Any, current: tuple[str, str, Any, str]) -> bool:
    if (event.at, event.id) != (current[0], current[1]):
        return (event.at, event.id) > (current[0], current[1])
    # the same event twice (a line repeated by a merge) or a hand-edited copy: the
    # greater text wins, so that the result still does not depend on the order
    return (json.dumps(value, sort_keys=True), event.by) > (
        json.dumps(current[2], sort_keys=True), current[3])


def _order(held: tuple[str, str, Any, str]) -> tuple[str, str, str]:
    return (held[0], held[1], held[3])


@dataclass(frozen=True, slots=True)
class Decision:
    """What the team decided on one milestone, its own decision over its instrument's,
    field by field. `progress` is open unless a decision set it; `act_by` is the day
    `act_by_rule` gives for the milestone's date (None for a span before a pending
    milestone); `updated_at` (UTC, ISO 8601) and `updated_by` are those of the latest
    event that set a field in force; `on` the targets that decided (instrument first)."""

    progress: Progress
    owner: str | None
    act_by: date | None
    act_by_rule: str | None
    snooze_until: date | None
    note: str | None
    evidence: tuple[str, ...]
    updated_at: str
    updated_by: str
    on: tuple[str, ...]

    @property
    def closed(self) -> bool:
        """Done or not applicable: left out of upcoming, timeline, calendars, reminders."""
        return self.progress in CLOSED

    def snoozed(self, today: date) -> bool:
        return self.snooze_until is not None and today < self.snooze_until

    def record(self) -> dict[str, Any]:
        """The `tracking` object of the JSON/CSV contract."""
        return {
            "progress": self.progress.value,
            "owner": self.owner,
            "act_by": self.act_by.isoformat() if self.act_by else None,
            "act_by_rule": self.act_by_rule,
            "snooze_until": self.snooze_until.isoformat() if self.snooze_until else None,
            "note": self.note,
            "evidence": list(self.evidence),
            "updated_at": self.updated_at,
            "updated_by": self.updated_by,
        }


def decide(state: Mapping[str, dict[str, tuple[str, str, Any, str]]], item: str, target: str,
           when: PartialDate | None) -> Decision | None:
    """The decision on milestone `target` of instrument `item`, dated `when`; None when
    neither has a decision."""
    own = state.get(target)
    inherited = state.get(item)
    if not own and not inherited:
        return None
    if not inherited:
        merged = own
    elif not own:
        merged = inherited
    else:
        merged = {**inherited, **own}
    assert merged
    latest = max(merged.values(), key=_order) if len(merged) > 1 else next(
        iter(merged.values()))

    value = {name: held[2] for name, held in merged.items()}
    rule = value.get("act_by")
    snooze = value.get("snooze_until")
    evidence = value.get("evidence")
    on = (item, target) if inherited and own else (item,) if inherited else (target,)
    return Decision(
        progress=_PROGRESS[value.get("progress") or "open"],
        owner=value.get("owner"),
        act_by=None if rule is None else resolve(rule, when),
        act_by_rule=rule,
        snooze_until=date.fromisoformat(snooze) if snooze else None,
        note=value.get("note"),
        evidence=() if evidence is None else evidence_urls(evidence),
        updated_at=latest[0],
        updated_by=latest[3],
        on=on,
    )


_PROGRESS = {p.value: p for p in Progress}


class Tracking:
    """The team's decisions as read from one tracking file (or none: `path` None).

    `decision(entry)` is what the team decided on a milestone; `history(entry)` every
    event on it and on its instrument, oldest first (read from the file when asked)."""

    def __init__(self, state: Mapping[str, dict[str, tuple[str, str, Any, str]]],
                 path: Path | None = None, events: int = 0) -> None:
        self.state = state
        self.path = path
        self.events = events  # how many events were folded
        self.torn: str | None = None  # the warning for a torn last line, if any
        self._decisions: dict[str, Decision | None] = {}
        self._history: list[Event] | None = None

    def __bool__(self) -> bool:
        """Whether anything was decided at all (tables show team columns only then)."""
        return bool(self.state)

    def decision(self, entry: Entry) -> Decision | None:
        ident = entry.id
        try:
            return self._decisions[ident]
        except KeyError:
            found = decide(self.state, entry.instrument.id, ident, entry.date)
            self._decisions[ident] = found
            return found

    def without_notes(self) -> Tracking:
        """The same decisions with their notes left out (for what is published)."""
        return _WithoutNotes(self)

    def decided(self, target: str) -> bool:
        """Whether `target` (a milestone or instrument id) has events of its own."""
        return target in self.state

    def history(self, entry: Entry | str | Iterable[str]) -> tuple[Event, ...]:
        """The events on a milestone and its instrument (or on the ids given), oldest
        first."""
        if isinstance(entry, Entry):
            targets = {entry.id, entry.instrument.id}
        elif isinstance(entry, str):
            targets = {entry}
        else:
            targets = set(entry)
        if self._history is None:
            from sesec_deadlines.team.logfile import read_events

            self._history = [] if self.path is None else sorted(
                {e.id: e for e in read_events(self.path)}.values(), key=lambda e: e.key)
        return tuple(e for e in self._history if e.on in targets)


class _WithoutNotes(Tracking):
    def __init__(self, full: Tracking) -> None:
        super().__init__(full.state, full.path, full.events)
        self.torn = full.torn

    def decision(self, entry: Entry) -> Decision | None:
        found = super().decision(entry)
        return None if found is None else replace(found, note=None)

    def history(self, entry: Entry | str | Iterable[str]) -> tuple[Event, ...]:
        return tuple(replace(e, values=tuple((k, v) for k, v in e.values if k != "note"))
                     for e in super().history(entry))
