"""The registry as plain values for the cache file, and back: the index of integer columns,
one marshalled blob per instrument, and the registry that decodes them on demand."""

from __future__ import annotations

import marshal
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

from sesec_deadlines.core.dates import Offset, PartialDate
from sesec_deadlines.core.model import (
    Change,
    Edition,
    Entry,
    Instrument,
    Milestone,
    Source,
    StatusChange,
)
from sesec_deadlines.core.query import Filters
from sesec_deadlines.core.vocab import Certainty, Kind, Precision, Status
from sesec_deadlines.registry.store import Registry

_PRECISIONS = (Precision.DAY, Precision.MONTH, Precision.YEAR)
_CERTAINTIES = (Certainty.OFFICIAL, Certainty.PROPOSED, Certainty.ESTIMATED)
_MAX_SPAN = 366  # the longest period a date can stand for, in days


def pack(registry: Registry, key: list[Any]) -> tuple[dict[str, Any], list[bytes]]:
    instruments = list(registry.instruments)
    inst_index = {inst.id: i for i, inst in enumerate(instruments)}
    ms_index = {(inst.id, m.key): i for inst in instruments
                for i, m in enumerate(inst.milestones)}
    entries = registry.entries
    entry_index = {(e.instrument.id, e.milestone.key): j for j, e in enumerate(entries)}
    col_inst: list[int] = []
    col_ms: list[int] = []
    col_start: list[int] = []
    col_end: list[int] = []
    col_prec: list[int] = []
    col_cert: list[int] = []
    col_anchor: list[int] = []
    col_kind: list[int] = []
    kinds = {k: i for i, k in enumerate(_KINDS)}
    precisions = {p: i for i, p in enumerate(_PRECISIONS)}
    certainties = {c: i for i, c in enumerate(_CERTAINTIES)}
    dated = 0
    for entry in entries:
        ident = entry.instrument.id
        col_inst.append(inst_index[ident])
        col_ms.append(ms_index[ident, entry.milestone.key])
        when = entry.date
        if when is None:
            col_start.append(-1)
            col_end.append(-1)
            col_prec.append(0)
        else:
            dated += 1
            col_start.append(when.start.toordinal())
            col_end.append(when.end.toordinal())
            col_prec.append(precisions[when.precision])
        col_cert.append(certainties[entry.certainty])
        col_kind.append(kinds[entry.milestone.kind])
        anchor = entry.anchor
        col_anchor.append(-1 if anchor is None
                          else entry_index[anchor.instrument.id, anchor.milestone.key])
    blobs = [marshal.dumps(_instrument_tuple(inst)) for inst in instruments]
    offsets = [0]
    for blob in blobs:
        offsets.append(offsets[-1] + len(blob))
    topic_bits, authority_bits = _bits(inst.topics for inst in instruments), _bits(
        (a.casefold() for a in inst.authority) for inst in instruments)
    return {
        "key": key,
        "files": list(registry.files),
        "editions": [(e.key, e.label, e.published.toordinal(), e.masthead, e.file)
                     for e in registry.editions],
        "cited": sorted(registry.cited_editions()),
        "ids": [inst.id for inst in instruments],
        "offsets": offsets,
        "status": [_STATUSES.index(inst.status) for inst in instruments],
        "topics": topic_bits[0], "topic_names": topic_bits[1],
        "auth": authority_bits[0], "auth_names": authority_bits[1],
        "dated": dated,
        "inst": col_inst, "ms": col_ms, "start": col_start, "end": col_end,
        "prec": col_prec, "cert": col_cert, "anchor": col_anchor, "kind": col_kind,
    }, blobs


def _bits(values: Iterable[Iterable[str]]) -> tuple[list[int], list[str]]:
    """Each instrument's set of names as a bit mask, and the names in bit order."""
    names: dict[str, int] = {}
    masks = []
    for group in values:
        mask = 0
        for name in group:
            mask |= 1 << names.setdefault(name, len(names))
        masks.append(mask)
    return masks, list(names)


_KINDS = tuple(Kind)
_STATUSES = tuple(Status)


def _pd(d: PartialDate | None) -> tuple[int, int, int, int] | None:
    return None if d is None else (d.year, d.month, d.day, _PRECISIONS.index(d.precision))


def _unpd(t: tuple[int, int, int, int] | None) -> PartialDate | None:
    return None if t is None else PartialDate(t[0], t[1], t[2], _PRECISIONS[t[3]])


def _instrument_tuple(inst: Instrument) -> tuple[Any, ...]:
    """An instrument as plain values that marshal can store, enums as indexes."""
    milestones = tuple(
        (m.key, _KINDS.index(m.kind), _CERTAINTIES.index(m.certainty), _pd(m.date), m.after,
         (m.offset.amount, m.offset.unit) if m.offset else None, m.source, m.note,
         tuple((_pd(c.date), _CERTAINTIES.index(c.certainty) if c.certainty else -1,
                c.changed.toordinal()) for c in m.history),
         (m.period.amount, m.period.unit) if m.period else None,
         m.added.toordinal() if m.added else 0, _pd(m.expected))
        for m in inst.milestones)
    sources = tuple((s.edition, s.article, s.title, s.url, s.edition_label)
                    for s in inst.sources)
    return (inst.id, inst.title, inst.authority, inst.topics, _STATUSES.index(inst.status),
            inst.summary, inst.last_verified.toordinal(), sources, milestones, inst.number,
            inst.products, inst.product_codes, inst.file,
            inst.added.toordinal() if inst.added else 0,
            tuple((_STATUSES.index(h.status), h.date.toordinal(), h.source)
                  for h in inst.status_history),
            inst.replaces, inst.superseded_by)


def _instrument(data: tuple[Any, ...]) -> Instrument:
    (ident, title, authority, topics, status, summary, verified, sources, milestones, number,
     products, codes, file, added, status_history, replaces, superseded_by) = data
    return Instrument(
        id=ident, title=title, authority=authority, topics=topics, status=_STATUSES[status],
        summary=summary, last_verified=date.fromordinal(verified),
        sources=tuple(Source(*s) for s in sources),
        milestones=tuple(
            Milestone(key, _KINDS[kind], _CERTAINTIES[cert], _unpd(when), after,
                      Offset(*offset) if offset else None, source, note,
                      tuple(Change(_unpd(d), _CERTAINTIES[c] if c >= 0 else None,
                                   date.fromordinal(changed)) for d, c, changed in history),
                      Offset(*period) if period else None,
                      date.fromordinal(m_added) if m_added else None, _unpd(expected))
            for (key, kind, cert, when, after, offset, source, note, history, period, m_added,
                 expected) in milestones),
        number=number, products=products, product_codes=codes, file=file,
        added=date.fromordinal(added) if added else None,
        status_history=tuple(StatusChange(_STATUSES[st], date.fromordinal(day), src)
                             for st, day, src in status_history),
        replaces=replaces, superseded_by=superseded_by,
    )


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
            inst = self._inst_cache[i] = _instrument(marshal.loads(blob))
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
                when = PartialDate(day.year, day.month, day.day, _PRECISIONS[p["prec"][k]])
            anchor = self._entry_cache[anchors[k]] if anchors[k] >= 0 else None
            entry = Entry(inst, inst.milestones[p["ms"][k]], when, _CERTAINTIES[p["cert"][k]],
                          anchor)
            self._entry_cache[k] = entry
        assert entry is not None
        return entry

    @property
    def instruments(self) -> tuple[Instrument, ...]:
        return tuple(self._inst(i) for i in range(len(self._offsets) - 1))

    def cited_editions(self) -> frozenset[str]:
        return self._cited

    def unconfirmed_before(self, day: date, filters: Filters | None = None) -> Iterator[Entry]:
        p = self._p
        ends: list[int] = p["end"]
        cert: list[int] = p["cert"]
        owner: list[int] = p["inst"]
        status: list[int] = p["status"]
        anchors: list[int] = p["anchor"]
        kind: list[int] = p["kind"]
        draft = _STATUSES.index(Status.DRAFT)
        unsure = (_CERTAINTIES.index(Certainty.PROPOSED), _CERTAINTIES.index(Certainty.ESTIMATED))
        stage = (_KINDS.index(Kind.COMMENT_OPEN), _KINDS.index(Kind.COMMENT_CLOSE))
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
        lo = 0 if first is None else bisect_left(self._starts, first.toordinal() - _MAX_SPAN)
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
            kinds = {_KINDS.index(k) for k in filters.kinds}
            kind: list[int] = p["kind"]
            tests.append(lambda j: kind[j] in kinds)
        if filters.certainties:
            certs = {_CERTAINTIES.index(c) for c in filters.certainties}
            cert: list[int] = p["cert"]
            tests.append(lambda j: cert[j] in certs)
        if filters.statuses:
            statuses = {_STATUSES.index(s) for s in filters.statuses}
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
