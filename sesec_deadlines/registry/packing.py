"""The registry as plain values for the cache file, and back: the index of integer columns,
one marshalled blob per instrument, and the registry that decodes them on demand."""

from __future__ import annotations

import marshal
from collections.abc import Iterable
from datetime import date
from typing import Any

from sesec_deadlines.core.dates import Offset, PartialDate
from sesec_deadlines.core.model import (
    Change,
    Instrument,
    Milestone,
    Source,
    StatusChange,
)
from sesec_deadlines.core.vocab import Certainty, ChangeOrigin, Kind, Precision, Status
from sesec_deadlines.registry.store import Registry

PRECISIONS = (Precision.DAY, Precision.MONTH, Precision.YEAR)
CERTAINTIES = (Certainty.OFFICIAL, Certainty.PROPOSED, Certainty.ESTIMATED)
MAX_SPAN = 366  # the longest period a date can stand for, in days


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
    kinds = {k: i for i, k in enumerate(KINDS)}
    precisions = {p: i for i, p in enumerate(PRECISIONS)}
    certainties = {c: i for i, c in enumerate(CERTAINTIES)}
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
        "version": registry.version,
        "uncurated": [(e.key, e.label, e.published.toordinal() if e.published else 0, e.note,
                       e.file) for e in registry.uncurated],
        "baselines": {name: day.toordinal() for name, day in registry.baselines.items()},
        "complete": sorted(registry.complete),
        "digests": list(registry.digests),
        "editions": [(e.key, e.label, e.published.toordinal(), e.masthead, e.file)
                     for e in registry.editions],
        "cited": sorted(registry.cited_editions()),
        "ids": [inst.id for inst in instruments],
        "offsets": offsets,
        "status": [STATUSES.index(inst.status) for inst in instruments],
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


KINDS = tuple(Kind)
STATUSES = tuple(Status)


def _pd(d: PartialDate | None) -> tuple[int, int, int, int] | None:
    return None if d is None else (d.year, d.month, d.day, PRECISIONS.index(d.precision))


def unpack_date(t: tuple[int, int, int, int] | None) -> PartialDate | None:
    return None if t is None else PartialDate(t[0], t[1], t[2], PRECISIONS[t[3]])


def _instrument_tuple(inst: Instrument) -> tuple[Any, ...]:
    """An instrument as plain values that marshal can store, enums as indexes."""
    milestones = tuple(
        (m.key, KINDS.index(m.kind), CERTAINTIES.index(m.certainty), _pd(m.date), m.after,
         (m.offset.amount, m.offset.unit) if m.offset else None, m.source, m.note,
         tuple((_pd(c.date), CERTAINTIES.index(c.certainty) if c.certainty else -1,
                c.changed.toordinal(), c.origin.value, c.reason) for c in m.history),
         (m.period.amount, m.period.unit) if m.period else None,
         m.added.toordinal() if m.added else 0, _pd(m.expected))
        for m in inst.milestones)
    sources = tuple((s.edition, s.article, s.title, s.url, s.edition_label)
                    for s in inst.sources)
    return (inst.id, inst.title, inst.authority, inst.topics, STATUSES.index(inst.status),
            inst.summary, inst.last_verified.toordinal(), sources, milestones, inst.number,
            inst.products, inst.product_codes, inst.file,
            inst.added.toordinal() if inst.added else 0,
            tuple((STATUSES.index(h.status), h.date.toordinal(), h.source)
                  for h in inst.status_history),
            inst.replaces, inst.superseded_by, inst.replaces_numbers)


def unpack_instrument(data: tuple[Any, ...]) -> Instrument:
    (ident, title, authority, topics, status, summary, verified, sources, milestones, number,
     products, codes, file, added, status_history, replaces, superseded_by,
     replaced_numbers) = data
    return Instrument(
        id=ident, title=title, authority=authority, topics=topics, status=STATUSES[status],
        summary=summary, last_verified=date.fromordinal(verified),
        sources=tuple(Source(*s) for s in sources),
        milestones=tuple(
            Milestone(key, KINDS[kind], CERTAINTIES[cert], unpack_date(when), after,
                      Offset(*offset) if offset else None, source, note,
                      tuple(Change(unpack_date(d), CERTAINTIES[c] if c >= 0 else None,
                                   date.fromordinal(changed), ChangeOrigin(origin), reason)
                            for d, c, changed, origin, reason in history),
                      Offset(*period) if period else None,
                      date.fromordinal(m_added) if m_added else None, unpack_date(expected))
            for (key, kind, cert, when, after, offset, source, note, history, period, m_added,
                 expected) in milestones),
        number=number, products=products, product_codes=codes, file=file,
        added=date.fromordinal(added) if added else None,
        status_history=tuple(StatusChange(STATUSES[st], date.fromordinal(day), src)
                             for st, day, src in status_history),
        replaces=replaces, superseded_by=superseded_by, replaces_numbers=replaced_numbers,
    )
