"""What changed in the registry: a pure function of (entries, filters, a span of days).

Every change is dated by the data itself, never by the clock:
- a new instrument on its `added` day, with the milestones that entered with it;
- a new milestone on its own `added` day, when it entered after its instrument;
- a moved date or a changed certainty on the `changed` day of the milestone's `history`
  entry (the history holds the earlier values; the value after a change is the next
  entry's, or the milestone's current one);
- an instrument's status change on the day of each step of its `status_history` after
  the first (`status_changes`).

Each change has a stable key, `<change>/<subject>/<day>`, from which the Atom entry ids
and the reminder state derive (docs/registry-format.md, "What changed").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from itertools import pairwise

from sesec_deadlines.core.dates import PartialDate
from sesec_deadlines.core.model import Entry, Instrument
from sesec_deadlines.core.query import Filters
from sesec_deadlines.core.vocab import Certainty


class ChangeKind(StrEnum):
    NEW_INSTRUMENT = "new_instrument"
    NEW_MILESTONE = "new_milestone"
    MOVED = "moved"
    CERTAINTY = "certainty"
    STATUS = "status"


CHANGE_LABELS = {
    ChangeKind.NEW_INSTRUMENT: "new instrument",
    ChangeKind.NEW_MILESTONE: "new milestone",
    ChangeKind.MOVED: "moved",
    ChangeKind.CERTAINTY: "certainty",
    ChangeKind.STATUS: "status",
}
_ORDER = {kind: i for i, kind in enumerate(ChangeKind)}
NO_DATE = "no date"


@dataclass(frozen=True)
class Event:
    """One change: what, on which day, to which instrument or milestone.

    `entries` are the milestones concerned that match the filters: all of a new
    instrument's (that entered with it), or the one milestone. `before` and `after` are
    the old and new value in words for moves ("2026-08-01", "no date"), certainty and
    status changes; None for new entries.
    """

    kind: ChangeKind
    day: date
    subject: str  # the instrument id, or the milestone id
    instrument: Instrument
    entries: tuple[Entry, ...]
    before: str | None = None
    after: str | None = None

    @property
    def key(self) -> str:
        """Stable across runs and exports: `<change>/<subject>/<day>`."""
        return f"{self.kind.value}/{self.subject}/{self.day.isoformat()}"

    @property
    def is_new(self) -> bool:
        return self.kind in (ChangeKind.NEW_INSTRUMENT, ChangeKind.NEW_MILESTONE)

    def detail(self) -> str:
        """The change in words: "new instrument", "moved from 2026-08-01 to 2026-09-01"."""
        if self.is_new:
            return CHANGE_LABELS[self.kind]
        if self.kind is ChangeKind.MOVED:
            return f"moved from {self.before} to {self.after}"
        return f"{CHANGE_LABELS[self.kind]} {self.before} -> {self.after}"

    def sort_key(self) -> tuple[int, int, str]:
        """Newest first; on one day, new entries before changes, then by subject."""
        return (-self.day.toordinal(), _ORDER[self.kind], self.subject)


def _date_text(when: PartialDate | None) -> str:
    return when.iso() if when is not None else NO_DATE


def milestone_changes(entry: Entry) -> Iterator[Event]:
    """The moves and certainty changes recorded in one milestone's history.

    Changes recorded on the same day are one change, from the first old value to the
    value after the last."""
    m = entry.milestone
    history = m.history
    if not history:
        return
    # values[i]: the milestone's date and certainty before change i; values[-1]: its current
    # ones. A change that records no certainty kept the one after it.
    values: list[tuple[PartialDate | None, Certainty]] = [
        (m.date if m.after is None else entry.date, m.certainty)]
    for change in reversed(history):
        values.append((change.date, change.certainty or values[-1][1]))
    values.reverse()
    days: dict[date, tuple[int, int]] = {}  # day -> (first, last) index of its changes
    for i, change in enumerate(history):
        days[change.changed] = (days.get(change.changed, (i, i))[0], i)
    for day, (first, last) in days.items():
        (date_before, cert_before), (date_after, cert_after) = values[first], values[last + 1]
        if _date_text(date_before) != _date_text(date_after):
            yield Event(ChangeKind.MOVED, day, entry.id, entry.instrument, (entry,),
                        _date_text(date_before), _date_text(date_after))
        if cert_before is not cert_after:
            yield Event(ChangeKind.CERTAINTY, day, entry.id, entry.instrument, (entry,),
                        cert_before.value, cert_after.value)


def status_changes(instrument: Instrument, entries: tuple[Entry, ...]) -> Iterator[Event]:
    """The instrument's recorded status changes (draft to final, final to withdrawn ...):
    one Event per step of its `status_history` after the first, on the step's day."""
    history = instrument.status_history
    for before, after in pairwise(history):
        yield Event(ChangeKind.STATUS, after.date, instrument.id, instrument, entries,
                    before.status.value, after.status.value)


def changes(entries: Iterable[Entry], filters: Filters, first: date | None,
            last: date | None) -> list[Event]:
    """Every change dated from `first` to `last` (inclusive; None: open) that concerns a
    milestone matching the filters (the date window of the filters is not used), newest
    first."""

    def in_span(day: date) -> bool:
        return (first is None or day >= first) and (last is None or day <= last)

    by_instrument: dict[str, list[Entry]] = {}
    for entry in entries:
        if filters.matches(entry):
            by_instrument.setdefault(entry.instrument.id, []).append(entry)
    events: list[Event] = []
    for ident, matching in by_instrument.items():
        inst = matching[0].instrument
        added = inst.added_on
        matching.sort(key=Entry.sort_key)
        if in_span(added):
            with_it = tuple(e for e in matching if e.added <= added)
            if with_it:
                events.append(Event(ChangeKind.NEW_INSTRUMENT, added, ident, inst, with_it))
        for entry in matching:
            if entry.added > added and in_span(entry.added):
                events.append(Event(ChangeKind.NEW_MILESTONE, entry.added, entry.id, inst,
                                    (entry,)))
            events.extend(e for e in milestone_changes(entry) if in_span(e.day))
        events.extend(e for e in status_changes(inst, tuple(matching)) if in_span(e.day))
    events.sort(key=Event.sort_key)
    return events
