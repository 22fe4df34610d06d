"""The registry read back from the cache: decoded one instrument and entry at a time, with
the window's dates and the filters decided on the index's integer columns first."""

from __future__ import annotations

import marshal
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

from sesec_deadlines.core.dates import PartialDate
from sesec_deadlines.core.model import (
    Edition,
    Entry,
    Instrument,
    KnownEdition,
)
from sesec_deadlines.core.query import Filters
from sesec_deadlines.core.vocab import Certainty, Kind, Status
from sesec_deadlines.registry.packing import (
    CERTAINTIES,
    KINDS,
    MAX_SPAN,
    PRECISIONS,
    STATUSES,
    unpack_instrument,
)
from sesec_deadlines.registry.store import Registry


class CachedRegistry(Registry):
    """A registry decoded from the cache, one instrument and entry at a time."""

    def __init__(self, index: dict[str, Any], blobs: memoryview) -> None:
        self._p = index
        self._blobs = blobs
        self._offsets: list[int] = index["offsets"]
        self._dated: int = index["dated"]
        self._starts: list[int] = index["start"][: self._dated]
        self._inst_cache: dict[int, Instrument] = {}
        self._entry_cache: dict[int, Entry] = {}
        self._by_inst: dict[int, list[int]] | None = None
        self._positions = {ident: i for i, ident in enumerate(index["ids"])}
        self.files = tuple(index["files"])
        self.version: str = index["version"]
        self.uncurated = tuple(
            KnownEdition(key, label, date.fromordinal(published) if published else None, note,
                         file) for key, label, published, note, file in index["uncurated"])
        self.baselines = {name: date.fromordinal(day)
                          for name, day in index["baselines"].items()}
        self.complete = frozenset(index["complete"])
        self.digests = tuple(index["digests"])
        self.editions = tuple(Edition(key, label, date.fromordinal(published), masthead, file)
                              for key, label, published, masthead, file in index["editions"])
        self._cited = frozenset(index["cited"])
        count = len(index["inst"])
        if not (len(index["start"]) == len(index["end"]) == len(index["anchor"])
                == len(index["kind"]) == count
                and len(self._offsets) == len(index["ids"]) + 1
                and self._offsets[-1] == len(blobs)):
            raise ValueError("inconsistent cache")

    def _inst(self, i: int) -> Instrument:
        inst = self._inst_cache.get(i)
        if inst is None:
            blob = self._blobs[self._offsets[i]: self._offsets[i + 1]]
            inst = self._inst_cache[i] = unpack_instrument(marshal.loads(blob))
        return inst

    def _entry(self, j: int) -> Entry:
        entry = self._entry_cache.get(j)
        if entry is not None:
            return entry
        p = self._p
        anchors: list[int] = p["anchor"]
        chain = [j]  # this entry, its anchor, the anchor's anchor... up to a decoded one
        while anchors[chain[-1]] >= 0 and anchors[chain[-1]] not in self._entry_cache:
            chain.append(anchors[chain[-1]])
            if len(chain) > len(anchors):
                raise ValueError("inconsistent cache: anchors form a cycle")
        for k in reversed(chain):  # from the anchor end: no recursion along long chains
            inst = self._inst(p["inst"][k])
            start = p["start"][k]
            when = None
            if start >= 0:
                day = date.fromordinal(start)
                when = PartialDate(day.year, day.month, day.day, PRECISIONS[p["prec"][k]])
            anchor = self._entry_cache[anchors[k]] if anchors[k] >= 0 else None
            entry = Entry(inst, inst.milestones[p["ms"][k]], when, CERTAINTIES[p["cert"][k]],
                          anchor)
            self._entry_cache[k] = entry
        assert entry is not None
        return entry

    @property
    def instruments(self) -> tuple[Instrument, ...]:
        return tuple(self._inst(i) for i in range(len(self._offsets) - 1))

    def cited_editions(self) -> frozenset[str]:
        return self._cited

    def counts(self) -> tuple[int, int]:
        return len(self._offsets) - 1, len(self._p["inst"])

    def unconfirmed_before(self, day: date, filters: Filters | None = None) -> Iterator[Entry]:
        p = self._p
        ends: list[int] = p["end"]
        cert: list[int] = p["cert"]
        owner: list[int] = p["inst"]
        status: list[int] = p["status"]
        anchors: list[int] = p["anchor"]
        kind: list[int] = p["kind"]
        draft = STATUSES.index(Status.DRAFT)
        unsure = (CERTAINTIES.index(Certainty.PROPOSED), CERTAINTIES.index(Certainty.ESTIMATED))
        stage = (KINDS.index(Kind.COMMENT_OPEN), KINDS.index(Kind.COMMENT_CLOSE))
        limit = day.toordinal()

        def own(j: int) -> bool:  # core.staleness's own_lapsed, on the index's integers
            return (ends[j] < limit and cert[j] in unsure and status[owner[j]] == draft
                    and kind[j] not in stage)

        def computed(j: int) -> bool:  # anchored, along the rules, on a lapsed date
            k, seen = anchors[j], 0
            while k >= 0 and seen <= len(anchors):
                if own(k):
                    return True
                k, seen = anchors[k], seen + 1
            return False

        can_match = self._prefilter(filters)
        for j in range(bisect_left(self._starts, limit)):  # decide on integers, then decode
            if (own(j) or (ends[j] < limit and computed(j))) and (
                    can_match is None or can_match(j)):
                entry = self._entry(j)
                if filters is None or filters.matches(entry):
                    yield entry

    def instrument(self, ident: str) -> Instrument | None:
        i = self._positions.get(ident)
        return None if i is None else self._inst(i)

    def entries_of(self, ident: str) -> list[Entry]:
        if self._by_inst is None:
            self._by_inst = {}
            for j, owner in enumerate(self._p["inst"]):
                self._by_inst.setdefault(owner, []).append(j)
        i = self._positions.get(ident)
        return [] if i is None else [self._entry(j) for j in self._by_inst.get(i, [])]

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(self._entry(j) for j in range(len(self._p["inst"])))

    def window(self, first: date | None, last: date | None,
               filters: Filters | None = None) -> Iterator[Entry]:
        lo = 0 if first is None else bisect_left(self._starts, first.toordinal() - MAX_SPAN)
        hi = self._dated if last is None else bisect_right(self._starts, last.toordinal())
        ends: list[int] = self._p["end"]
        first_ord = first.toordinal() if first is not None else None
        can_match = self._prefilter(filters)
        for j in range(lo, hi):  # decide on integers, then decode
            if (first_ord is None or ends[j] >= first_ord) and (can_match is None
                                                                  or can_match(j)):
                entry = self._entry(j)
                if filters is None or filters.matches(entry):
                    yield entry
        for j in range(self._dated, len(self._p["inst"])):
            if can_match is None or can_match(j):
                entry = self._entry(j)
                if filters is None or filters.matches(entry):
                    yield entry

    def _prefilter(self, filters: Filters | None) -> Callable[[int], bool] | None:
        """A test on the index's integers that no milestone `filters` would match fails;
        None when the filters ask nothing the index knows."""
        if filters is None:
            return None
        p = self._p
        owner: list[int] = p["inst"]
        tests: list[Callable[[int], bool]] = []
        if filters.items:
            wanted = {self._positions.get(i, -1) for i in filters.items}
            tests.append(lambda j: owner[j] in wanted)
        if filters.kinds:
            kinds = {KINDS.index(k) for k in filters.kinds}
            kind: list[int] = p["kind"]
            tests.append(lambda j: kind[j] in kinds)
        if filters.certainties:
            certs = {CERTAINTIES.index(c) for c in filters.certainties}
            cert: list[int] = p["cert"]
            tests.append(lambda j: cert[j] in certs)
        if filters.statuses:
            statuses = {STATUSES.index(s) for s in filters.statuses}
            status: list[int] = p["status"]
            tests.append(lambda j: status[owner[j]] in statuses)
        if filters.topics:
            topic_mask = _mask(p["topic_names"], filters.topics)
            topics: list[int] = p["topics"]
            tests.append(lambda j: bool(topics[owner[j]] & topic_mask))
        if filters.authorities:
            auth_mask = _mask(p["auth_names"], {a.casefold() for a in filters.authorities})
            auths: list[int] = p["auth"]
            tests.append(lambda j: bool(auths[owner[j]] & auth_mask))
        if not tests:
            return None
        if len(tests) == 1:
            return tests[0]
        return lambda j: all(test(j) for test in tests)


def _mask(names: list[str], wanted: Iterable[str]) -> int:
    bits = {name: i for i, name in enumerate(names)}
    mask = 0
    for name in wanted:
        if name in bits:
            mask |= 1 << bits[name]
    return mask
