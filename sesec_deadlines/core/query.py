"""Selecting milestones: plain functions of (registry, filters, today)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
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
    numbers: tuple[str, ...] = ()
    first: date | None = None
    last: date | None = None
    # a filter decided outside the core (the team's decisions: --owner, --progress, ...)
    keep: Callable[[Entry], bool] | None = field(default=None, compare=False)

    def matches(self, entry: Entry) -> bool:
        """Every filter but the date window."""
        if self.keep is not None and not self.keep(entry):
            return False
        inst = entry.instrument
        if self.items and inst.id not in self.items:
            return False
        if self.numbers and not any(number_matches(n, inst.number) for n in self.numbers):
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


_QUALIFIER = re.compile(r"^(gb)/[tz]", re.ASCII)


def number_key(number: str) -> str:
    """A number as compared: any case, no spaces ("gb/t4706.1-2024")."""
    return "".join(number.split()).casefold()


def number_matches(wanted: str, number: str | None) -> bool:
    """Whether an instrument's number starts with `wanted`, at a boundary: "GB 4706" finds
    GB 4706.1-2024 and GB/T 4706.2 (a plain GB finds the /T and /Z standards too) but not
    GB 47061 (a number does not end inside a run of digits or letters). Case and spaces
    make no difference."""
    if not number:
        return False
    key = number_key(wanted)
    if not key:
        return False
    full = number_key(number)
    for candidate in {full, _QUALIFIER.sub(r"\1", full)}:
        if candidate.startswith(key):
            rest = candidate[len(key):]
            if not rest or not _same_class(key[-1], rest[0]):
                return True
    return False


def _same_class(a: str, b: str) -> bool:
    return (a.isdigit() and b.isdigit()) or (a.isalpha() and b.isalpha())


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
    number: list[str] | None = None,
    first: date | None = None,
    last: date | None = None,
    keep: Callable[[Entry], bool] | None = None,
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
        numbers=tuple(n for n in number or () if number_key(n)),
        first=first,
        last=last,
        keep=keep,
    )
