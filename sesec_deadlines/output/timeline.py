"""The roadmap picture as data: instruments as rows, milestones and periods on a date axis.

A pure function of (entries, window, today, grouping); the terminal text (`timeline_text`),
the SVG (`svg`) and the web page (`site`) all draw this one model, so they agree on what is
shown and where. Positions are fractions of the window: a day's place is the fraction of
the window's days before it, so the first day of the window is at 0 and the day after the
last at 1. A milestone known to the month or year is placed on its first day.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from sesec_deadlines.core.dates import MONTH_ABBR, Offset, PartialDate
from sesec_deadlines.core.model import Entry, Instrument
from sesec_deadlines.core.query import Filters, select
from sesec_deadlines.core.staleness import Flag, Freshness, Staleness
from sesec_deadlines.core.vocab import Certainty, GroupBy, Kind
from sesec_deadlines.output.currency import Currency, currency

if TYPE_CHECKING:
    from sesec_deadlines.registry.store import Registry


class Style(enum.StrEnum):
    """How sure a mark is, drawn solid, hollow or flagged."""

    OFFICIAL = "official"  # solid
    TENTATIVE = "tentative"  # proposed or estimated: hollow or dim
    LAPSED = "lapsed"  # a proposed or estimated date has passed, the instrument still a draft


class SpanKind(enum.StrEnum):
    COMMENT = "comment period"
    TRANSITION = "transition period"


@dataclass(frozen=True)
class Window:
    """The dates shown, both inclusive."""

    first: date
    last: date

    @classmethod
    def around(cls, today: date, first: date | None = None, last: date | None = None) -> Window:
        """The default window: 3 months back to 12 months ahead of today. Given only one
        end, the other is the default's unless that would leave the window empty; then
        the window is 15 months long, like the default."""
        def moved(day: date, months: int) -> date:  # clamped to the calendar's ends
            try:
                return PartialDate.of(day).plus(Offset(months, "month")).start
            except ValueError:
                return date.max if months > 0 else date.min

        start = first or moved(today, -3)
        end = last or moved(today, 12)
        if first is None and last is not None and start > last:
            start = moved(last, -15)
        if last is None and first is not None and end < first:
            end = moved(first, 15)
        return cls(start, end)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def fraction(self, day: date) -> float:
        """The place of `day` from 0 (the first day) to 1 (the day after the last)."""
        return (day - self.first).days / self.days

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last

    def months(self) -> list[date]:
        """The first day of each month that starts inside the window."""
        year, month = self.first.year, self.first.month
        if self.first.day != 1:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        found = []
        while year <= date.max.year and date(year, month, 1) <= self.last:
            found.append(date(year, month, 1))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found


def month_name(day: date) -> str:
    return MONTH_ABBR[day.month]


def style_of(entry: Entry, today: date) -> Style:
    """Official, tentative, or lapsed: a date that passed with the `lapsed` flag of
    core.staleness (one rule); a date computed from it is still ahead: tentative."""
    if Staleness(today).own_lapsed(entry):
        return Style.LAPSED
    return Style.OFFICIAL if entry.certainty is Certainty.OFFICIAL else Style.TENTATIVE


@dataclass(frozen=True)
class Mark:
    entry: Entry
    style: Style

    @property
    def day(self) -> date:
        assert self.entry.date is not None
        return self.entry.date.start


@dataclass(frozen=True)
class Span:
    """A period between two milestones of one instrument, both days included."""

    kind: SpanKind
    start: date
    end: date
    style: Style  # the less certain of its two ends


@dataclass(frozen=True)
class Row:
    instrument: Instrument
    marks: tuple[Mark, ...]
    spans: tuple[Span, ...]

    @property
    def label(self) -> str:
        inst = self.instrument
        return inst.number or inst.title

    @property
    def lapsed(self) -> bool:
        return any(m.style is Style.LAPSED for m in self.marks)


@dataclass(frozen=True)
class Group:
    name: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Timeline:
    window: Window
    today: date
    by: GroupBy
    groups: tuple[Group, ...]
    current: Currency
    pending: int = 0  # matching milestones without a date, not drawn
    staleness: Staleness | None = None  # the flags' thresholds (default: the defaults)
    overdue: int = 0  # of the pending ones, those flagged overdue (expected date passed)
    estimated: bool = False  # a window bound counted working days of an estimated year

    def window_note(self) -> str | None:
        """What the footer says when the window is an estimate, else None."""
        if not self.estimated:
            return None
        return ("window estimated: counted in working days of a year whose official "
                "holiday schedule is not yet published")

    def pending_note(self) -> str | None:
        """"6 milestone(s) without a date not shown, 1 of them overdue", or None."""
        if not self.pending:
            return None
        note = f"{self.pending} milestone(s) without a date not shown"
        return note + (f", {self.overdue} of them overdue (expected date passed)"
                       if self.overdue else "")

    def flags(self, entry: Entry) -> tuple[Flag, ...]:
        """The milestone's flags as of the timeline's day (core.staleness)."""
        return (self.staleness or Staleness(self.today)).flags(entry)

    @property
    def marks(self) -> list[Mark]:
        return [m for g in self.groups for r in g.rows for m in r.marks]


_SPAN_ENDS = {
    SpanKind.COMMENT: ((Kind.COMMENT_OPEN,), Kind.COMMENT_CLOSE),
    SpanKind.TRANSITION: ((Kind.ENTRY_INTO_FORCE, Kind.PUBLISHED), Kind.TRANSITION_END),
}
_RANK = {Style.OFFICIAL: 0, Style.TENTATIVE: 1, Style.LAPSED: 2}


def spans(entries: Sequence[Entry], today: date) -> list[Span]:
    """Comment periods (opening to closing day) and transition periods (entry into force,
    else publication, to the last day of transition) of one instrument's entries."""
    found = []
    for kind, (openers, closer) in _SPAN_ENDS.items():
        for end in entries:
            if end.milestone.kind is not closer or end.date is None:
                continue
            starts = [e for opener in openers for e in entries
                      if e.milestone.kind is opener and e.date is not None
                      and e.date.start <= end.date.end]
            if not starts:
                continue
            start = starts[0]
            assert start.date is not None
            style = max(style_of(start, today), style_of(end, today), key=_RANK.__getitem__)
            found.append(Span(kind, start.date.start, end.date.end, style))
    return found


def build(selected: Iterable[Entry], window: Window, today: date, by: GroupBy,
          context: Iterable[Entry] = (), topics: Iterable[str] = (),
          pending: int = 0, current: Currency | None = None,
          staleness: Staleness | None = None, overdue: int = 0) -> Timeline:
    """The timeline of the `selected` dated entries that fall in the window.

    `context` holds every entry of the instruments shown, for the periods whose other end
    lies outside the selection. Each instrument is one row in one group: its first topic
    among `topics` (the --topic filter) or else its first topic, or its first authority.
    `current` is the whole registry's currency (default: none known).
    """
    rows: dict[str, list[Entry]] = {}
    instruments: dict[str, Instrument] = {}
    for entry in selected:
        if entry.date is None or not entry.date.overlaps(window.first, window.last):
            continue
        rows.setdefault(entry.instrument.id, []).append(entry)
        instruments[entry.instrument.id] = entry.instrument
    everything: dict[str, list[Entry]] = {}
    for entry in context:
        if entry.instrument.id in rows:
            everything.setdefault(entry.instrument.id, []).append(entry)
    wanted = tuple(topics)
    groups: dict[str, list[Row]] = {}
    for ident, entries in rows.items():
        inst = instruments[ident]
        marks = tuple(Mark(e, style_of(e, today))
                      for e in sorted(entries, key=lambda e: e.sort_key()))
        periods = tuple(s for s in spans(everything.get(ident, entries), today)
                        if s.end >= window.first and s.start <= window.last)
        groups.setdefault(_group_name(inst, by, wanted), []).append(Row(inst, marks, periods))
    ordered = tuple(
        Group(name, tuple(sorted(members, key=lambda r: (r.marks[0].day, r.instrument.id))))
        for name, members in sorted(groups.items())
    )
    return Timeline(window, today, by, ordered,
                    current or Currency(Freshness(today, None, False)), pending, staleness,
                    overdue)


def _group_name(inst: Instrument, by: GroupBy, topics: tuple[str, ...]) -> str:
    if by is GroupBy.AUTHORITY:
        return inst.authority[0]
    return next((t for t in inst.topics if t in topics), inst.topics[0])


def from_registry(reg: Registry, filters: Filters, window: Window, by: GroupBy,
                  today: date, staleness: Staleness | None = None) -> Timeline:
    """The timeline of the milestones `list` would show in the window (its filters, with
    the window for dates), with the whole registry's currency."""
    bounded = replace(filters, first=window.first, last=window.last)
    selection = select(reg.window(window.first, window.last), bounded, today)
    ids = {e.instrument.id for e in selection.dated}
    context = [e for ident in sorted(ids) for e in reg.entries_of(ident)]
    return build(selection.dated, window, today, by, context=context, topics=filters.topics,
                 pending=len(selection.pending),
                 current=currency(reg.editions, reg.instruments, today, staleness,
                                  uncurated=reg.uncurated),
                 staleness=staleness, overdue=overdue_count(selection.pending, staleness, today))


def overdue_count(pending: Iterable[Entry], staleness: Staleness | None, today: date) -> int:
    """How many of the `pending` milestones are flagged overdue (core.staleness)."""
    flags = staleness or Staleness(today)
    return sum(1 for e in pending if flags.overdue(e))
