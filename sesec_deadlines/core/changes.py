"""What changed in the registry: a pure function of (entries, filters, a span of days).

Every change is dated by the data itself, never by the clock:
- a new instrument on its `added` day, with the milestones that entered with it;
- a new milestone on its own `added` day, when it entered after its instrument;
- a moved date or a changed certainty on the `changed` day of the milestone's `history`
  entry (the history holds the earlier values; the value after a change is the next
  entry's, or the milestone's current one);
- an instrument's status change on the day of each step of its `status_history` after
  the first (`status_changes`);
- a correction by the registry of its own record (a `history` entry with
  `change = "corrected"`) on its `changed` day, apart from the authority's moves: it says
  "corrected by the registry: <reason>", never "moved";
- the registry's creation, once: every instrument and milestone that entered a file on or
  before the file's declared `baseline` day is one change on that day ("registry created
  with N instruments, M milestones"), not one per entry.

Each change has a stable key, `<change>/<subject>/<day>`, from which the Atom entry ids
and the reminder state derive (docs/registry-format.md, "What changed").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from itertools import pairwise

from sesec_deadlines.core.dates import PartialDate
from sesec_deadlines.core.model import Entry, Instrument
from sesec_deadlines.core.query import Filters
from sesec_deadlines.core.vocab import Certainty, ChangeOrigin


class ChangeKind(StrEnum):
    BASELINE = "baseline"
    NEW_INSTRUMENT = "new_instrument"
    NEW_MILESTONE = "new_milestone"
    MOVED = "moved"
    CERTAINTY = "certainty"
    STATUS = "status"
    CORRECTED = "corrected"


CHANGE_LABELS = {
    ChangeKind.BASELINE: "registry created",
    ChangeKind.NEW_INSTRUMENT: "new instrument",
    ChangeKind.NEW_MILESTONE: "new milestone",
    ChangeKind.MOVED: "moved",
    ChangeKind.CERTAINTY: "certainty",
    ChangeKind.STATUS: "status",
    ChangeKind.CORRECTED: "corrected by the registry",
}
_ORDER = {kind: i for i, kind in enumerate(ChangeKind)}
NO_DATE = "no date"


@dataclass(frozen=True)
class Event:
    """One change: what, on which day, to which instrument or milestone.

    `entries` are the milestones concerned that match the filters: all of a new
    instrument's (that entered with it), or the one milestone. `before` and `after` are
    the old and new value in words for moves ("2026-08-01", "no date"), certainty and
    status changes and corrections; None for new entries. A correction has the registry's
    `reason`. The baseline (the registry's creation) has no one instrument: its subject is
    the file, its entries every milestone of its first build that matches.
    """

    kind: ChangeKind
    day: date
    subject: str  # the instrument id, the milestone id, or the file (baseline)
    instrument: Instrument | None
    entries: tuple[Entry, ...]
    before: str | None = None
    after: str | None = None
    reason: str | None = None

    @property
    def key(self) -> str:
        """Stable across runs and exports: `<change>/<subject>/<day>`."""
        return f"{self.kind.value}/{self.subject}/{self.day.isoformat()}"

    @property
    def is_new(self) -> bool:
        return self.kind in (ChangeKind.NEW_INSTRUMENT, ChangeKind.NEW_MILESTONE)

    @property
    def is_correction(self) -> bool:
        return self.kind is ChangeKind.CORRECTED

    def counts(self) -> tuple[int, int]:
        """How many instruments and milestones the change concerns."""
        return len({e.instrument.id for e in self.entries}), len(self.entries)

    def detail(self) -> str:
        """The change in words: "new instrument", "moved from 2026-08-01 to 2026-09-01",
        "corrected by the registry: <reason>", "registry created with 74 instruments, 183
        milestones"."""
        if self.kind is ChangeKind.BASELINE:
            n, m = self.counts()
            return (f"registry created with {n} instrument{'s' if n != 1 else ''}, "
                    f"{m} milestone{'s' if m != 1 else ''}")
        if self.is_new:
            return CHANGE_LABELS[self.kind]
        if self.kind is ChangeKind.CORRECTED:
            return f"{CHANGE_LABELS[self.kind]}: {self.reason}"
        if self.kind is ChangeKind.MOVED:
            return f"moved from {self.before} to {self.after}"
        return f"{CHANGE_LABELS[self.kind]} {self.before} -> {self.after}"

    def sort_key(self) -> tuple[int, int, str]:
        """Newest first; on one day, new entries before changes, then by subject."""
        return (-self.day.toordinal(), _ORDER[self.kind], self.subject)


def _date_text(when: PartialDate | None) -> str:
    return when.iso() if when is not None else NO_DATE


def _values_text(when: PartialDate | None, certainty: Certainty) -> str:
    return f"{_date_text(when)} ({certainty.value})"


def milestone_changes(entry: Entry) -> Iterator[Event]:
    """The moves, certainty changes and corrections recorded in one milestone's history.

    Changes of one origin recorded on the same day are one change, from the first old
    value to the value after the last. A correction is one change whatever it fixed: its
    before and after are "date (certainty)"."""
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
    # (day, origin) -> (first, last) index of its changes
    days: dict[tuple[date, ChangeOrigin], tuple[int, int]] = {}
    for i, change in enumerate(history):
        group = (change.changed, change.origin)
        days[group] = (days.get(group, (i, i))[0], i)
    for (day, origin), (first, last) in days.items():
        (date_before, cert_before), (date_after, cert_after) = values[first], values[last + 1]
        if origin is ChangeOrigin.CORRECTED:
            reasons = dict.fromkeys(c.reason for c in history[first:last + 1] if c.reason)
            yield Event(ChangeKind.CORRECTED, day, entry.id, entry.instrument, (entry,),
                        _values_text(date_before, cert_before),
                        _values_text(date_after, cert_after), "; ".join(reasons))
            continue
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
            last: date | None, baselines: Mapping[str, date] | None = None) -> list[Event]:
    """Every change dated from `first` to `last` (inclusive; None: open) that concerns a
    milestone matching the filters (the date window of the filters is not used), newest
    first. `baselines` maps a registry file to the day of its first build
    (`Registry.baselines`): what entered the file by then is one BASELINE change."""

    def in_span(day: date) -> bool:
        return (first is None or day >= first) and (last is None or day <= last)

    baselines = baselines or {}
    created: dict[str, list[Entry]] = {}  # file -> the matching entries of its first build

    by_instrument: dict[str, list[Entry]] = {}
    for entry in entries:
        if filters.matches(entry):
            by_instrument.setdefault(entry.instrument.id, []).append(entry)
    events: list[Event] = []
    for ident, matching in by_instrument.items():
        inst = matching[0].instrument
        added = inst.added_on
        matching.sort(key=Entry.sort_key)
        baseline = baselines.get(inst.file)
        if baseline is not None and added <= baseline:
            if in_span(baseline):
                created.setdefault(inst.file, []).extend(
                    e for e in matching if e.added <= baseline)
        elif in_span(added):
            with_it = tuple(e for e in matching if e.added <= added)
            if with_it:
                events.append(Event(ChangeKind.NEW_INSTRUMENT, added, ident, inst, with_it))
        for entry in matching:
            if baseline is not None and entry.added <= baseline:
                pass  # part of the baseline
            elif entry.added > added and in_span(entry.added):
                events.append(Event(ChangeKind.NEW_MILESTONE, entry.added, entry.id, inst,
                                    (entry,)))
            events.extend(e for e in milestone_changes(entry) if in_span(e.day))
        events.extend(e for e in status_changes(inst, tuple(matching)) if in_span(e.day))
    for file, found in created.items():
        events.append(Event(ChangeKind.BASELINE, baselines[file], file, None,
                            tuple(sorted(found, key=Entry.sort_key))))
    events.sort(key=Event.sort_key)
    return events
