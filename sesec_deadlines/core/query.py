"""Selecting milestones: plain functions of (registry, filters, today)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sesec_deadlines.core.errors import UsageError
from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.vocab import Certainty, Kind, Status


@dataclass(frozen=True)
class Filters:
    """What to show. Values within one option are ORed; options are ANDed.

    An empty option does not filter. `first`/`last` bound the date window (inclusive); a
    milestone matches when its period overlaps the window (see docs/registry-format.md).
    """

    kinds: frozenset[Kind] = frozenset()
    topics: frozenset[str] = frozenset()
    authorities: frozenset[str] = frozenset()
    statuses: frozenset[Status] = frozenset()
    certainties: frozenset[Certainty] = frozenset()
    products: tuple[str, ...] = ()
    search: tuple[str, ...] = ()
    items: frozenset[str] = frozenset()
    first: date | None = None
    last: date | None = None

    def matches(self, entry: Entry) -> bool:
        """Every filter but the date window."""
        inst = entry.instrument
        if self.items and inst.id not in self.items:
            return False
        if self.kinds and entry.milestone.kind not in self.kinds:
            return False
        if self.certainties and entry.certainty not in self.certainties:
            return False
        if self.statuses and inst.status not in self.statuses:
            return False
        if self.topics and self.topics.isdisjoint(inst.topics):
            return False
        if self.authorities and not self._authority_match(inst.authority):
            return False
        if self.products and not _any_term(self.products, _product_text(entry)):
            return False
        return not self.search or _any_term(self.search, _search_text(entry))

    def _authority_match(self, authorities: Iterable[str]) -> bool:
        wanted = {a.casefold() for a in self.authorities}
        return any(a.casefold() in wanted for a in authorities)

    def in_window(self, entry: Entry) -> bool:
        return entry.date is not None and entry.date.overlaps(self.first, self.last)


def _any_term(terms: Iterable[str], haystack: str) -> bool:
    """A term matches when all its words occur in the text; any matching term will do."""
    return any(all(word in haystack for word in term.casefold().split()) for term in terms)


def _product_text(entry: Entry) -> str:
    inst = entry.instrument
    return " \n".join((*inst.products, *inst.product_codes, inst.title)).casefold()


def _search_text(entry: Entry) -> str:
    inst = entry.instrument
    m = entry.milestone
    parts = (
        inst.id,
        inst.title,
        inst.number or "",
        inst.summary,
        m.note or "",
        *inst.products,
        *inst.product_codes,
        *(s.article or "" for s in inst.sources),
        *(s.title or "" for s in inst.sources),
    )
    return " \n".join(parts).casefold()


@dataclass(frozen=True)
class Selection:
    today: date
    dated: tuple[Entry, ...]
    pending: tuple[Entry, ...]


def select(entries: Iterable[Entry], filters: Filters, today: date) -> Selection:
    """Milestones matching the filters: dated ones in the window, soonest first, and the
    pending ones (no date yet) that match the other filters."""
    dated: list[Entry] = []
    pending: list[Entry] = []
    for entry in entries:
        if not filters.matches(entry):
            continue
        if entry.date is None:
            pending.append(entry)
        elif filters.in_window(entry):
            dated.append(entry)
    return Selection(today, tuple(dated), tuple(pending))


def next_after(entries: Iterable[Entry], filters: Filters, day: date) -> Entry | None:
    """The first matching dated milestone whose period ends after `day`."""
    for entry in entries:  # entries are sorted by start
        if entry.date is not None and entry.date.end > day and filters.matches(entry):
            return entry
    return None


def make_filters(
    *,
    kind: list[Kind] | None = None,
    topic: list[str] | None = None,
    authority: list[str] | None = None,
    status: list[Status] | None = None,
    certainty: list[Certainty] | None = None,
    product: list[str] | None = None,
    search: list[str] | None = None,
    item: list[str] | None = None,
    first: date | None = None,
    last: date | None = None,
) -> Filters:
    if first is not None and last is not None and last < first:
        raise UsageError(f"the window ends ({last}) before it starts ({first})")
    return Filters(
        kinds=frozenset(kind or ()),
        topics=frozenset(topic or ()),
        authorities=frozenset(authority or ()),
        statuses=frozenset(status or ()),
        certainties=frozenset(certainty or ()),
        products=tuple(product or ()),
        search=tuple(search or ()),
        items=frozenset(item or ()),
        first=first,
        last=last,
    )
