"""Selecting milestones: plain functions of (registry, filters, today)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sesec_deadlines.core.errors import UsageError
from sesec_deadlines.core.model import Entry, Instrument
from sesec_deadlines.core.numbers import number_key, number_matches
from sesec_deadlines.core.vocab import Certainty, Kind, Status


@dataclass(frozen=True)
class Profile:
    """What a team's products are, written once (`[profile.NAME]` in the configuration;
    `--profile NAME`). An instrument matches when it has one of the `topics`, or one of
    the `search` terms (word forms, as `--search`), `numbers` (as `--number`) or
    `product_codes` (a code given matches the codes starting with it: "07" is CCC's
    household appliances) matches it; `authorities`, when given, must also hold."""

    name: str
    topics: frozenset[str] = frozenset()
    search: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    product_codes: tuple[str, ...] = ()
    authorities: frozenset[str] = frozenset()

    @property
    def selects(self) -> bool:
        """Whether it names anything beyond authorities."""
        return bool(self.topics or self.search or self.numbers or self.product_codes)


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
    profiles: tuple[Profile, ...] = ()  # --profile: any of them must match
    _texts: dict[int, tuple[Instrument, str, frozenset[str]]] = field(
        default_factory=dict, compare=False, hash=False, repr=False)

    def matches(self, entry: Entry) -> bool:
        """Every filter but the date window."""
        if self.keep is not None and not self.keep(entry):
            return False
        inst = entry.instrument
        if self.items and inst.id not in self.items:
            return False
        if self.numbers and not any(number_matches(n, num) for n in self.numbers
                                    for num in (inst.number, *inst.replaces_numbers)):
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
        if self.products and not self._words_match(self.products, entry, products=True):
            return False
        if self.search and not self._words_match(self.search, entry):
            return False
        return not self.profiles or any(self._profile_match(p, entry) for p in self.profiles)

    def _profile_match(self, profile: Profile, entry: Entry) -> bool:
        inst = entry.instrument
        if profile.authorities and not {a.casefold() for a in inst.authority} & {
                a.casefold() for a in profile.authorities}:
            return False
        if not profile.selects:
            return True
        return (not profile.topics.isdisjoint(inst.topics)
                or any(number_matches(n, num) for n in profile.numbers
                       for num in (inst.number, *inst.replaces_numbers))
                or any(code.startswith(want) for want in profile.product_codes
                       for code in inst.product_codes)
                or (bool(profile.search) and self._words_match(profile.search, entry)))

    def _words_match(self, terms: tuple[str, ...], entry: Entry, products: bool = False
                     ) -> bool:
        """Whether any term matches the entry's text by word forms (core.words); the
        instrument's words are worked out once per instrument and kind of text."""
        from sesec_deadlines.core.words import any_term, text_keys

        inst = entry.instrument
        slot = id(inst) * 2 + products
        known = self._texts.get(slot)
        if known is None or known[0] is not inst:
            text = _product_text(inst) if products else _instrument_text(inst)
            known = self._texts[slot] = (inst, text, text_keys(text))
        _, text, keys = known
        note = "" if products else (entry.milestone.note or "").casefold()
        if note:
            text, keys = text + " \n" + note, keys | text_keys(note)
        return any_term(terms, text, keys)

    def _authority_match(self, authorities: Iterable[str]) -> bool:
        wanted = {a.casefold() for a in self.authorities}
        return any(a.casefold() in wanted for a in authorities)

    def in_window(self, entry: Entry) -> bool:
        return entry.date is not None and entry.date.overlaps(self.first, self.last)


def _product_text(inst: Instrument) -> str:
    return " \n".join((*inst.products, *inst.product_codes, inst.title)).casefold()


def _instrument_text(inst: Instrument) -> str:
    """What `--search` looks in (with each milestone's note): id, title, numbers (also
    the replaced ones), summary, products and codes, and the sources' headings."""
    parts = (
        inst.id,
        inst.title,
        inst.number or "",
        *inst.replaces_numbers,
        inst.summary,
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
    profiles: Sequence[Profile] = (),
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
        profiles=tuple(profiles),
    )
