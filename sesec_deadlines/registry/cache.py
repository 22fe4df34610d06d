"""A cache of the checked registry, so that large registries load in a blink.

Invisible to users by design:
- keyed on every registry file's path, size, modification and change times (nanoseconds)
  and inode, the package version and the cache format, so any change to a file rebuilds
  it; a file modified in the last two seconds is not cached at all, since a second edit in
  the same timestamp tick could keep its stamp (git's "racy" rule): never stale;
- kept in the user cache directory (platformdirs), one file per set of registry paths,
  written atomically;
- a corrupt or unreadable cache file is rebuilt; an unwritable directory is ignored;
- `deadlines check` never uses it: the validator always reads the files.

The payload is `marshal` data: the index of milestones as flat lists of integers, and one
marshalled blob per instrument, decoded only when a query needs that instrument. A query
for the next 90 days on 50,000 milestones thus decodes a few thousand entries, not all.
"""

from __future__ import annotations

import marshal
import os
import time
import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sesec_deadlines import __version__
from sesec_deadlines.core.dates import Offset, PartialDate
from sesec_deadlines.core.model import Change, Entry, Instrument, Milestone, Source
from sesec_deadlines.core.vocab import Certainty, Kind, Precision, Status
from sesec_deadlines.registry.load import load
from sesec_deadlines.registry.store import Registry

FORMAT = 4
RACY_SECONDS = 2
ENV_NO_CACHE = "DEADLINES_NO_CACHE"
_PRECISIONS = (Precision.DAY, Precision.MONTH, Precision.YEAR)
_CERTAINTIES = (Certainty.OFFICIAL, Certainty.PROPOSED, Certainty.ESTIMATED)
_MAX_SPAN = 366  # the longest period a date can stand for, in days


def cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("sesec-deadlines", appauthor=False))


def _stamp(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def load_cached(paths: Sequence[Path]) -> Registry:
    """The registry at `paths`, from the cache when the files are unchanged."""
    if os.environ.get(ENV_NO_CACHE):
        return load(paths)
    try:
        stamps = [_stamp(p) for p in paths]
    except OSError:
        return load(paths)  # reports the missing or unreadable file
    key = [FORMAT, __version__, *(str(p.resolve()) for p in paths), stamps]
    names = "\0".join(str(p.resolve()) for p in paths).encode()
    where = cache_dir() / f"registry-{zlib.crc32(names):08x}-{len(names)}.bin"
    cached = _read(where, key)
    if cached is not None:
        return cached
    registry = load(paths)
    # A file changed less than RACY_SECONDS ago could change again within the same
    # timestamp tick without its size changing; such a stamp is not trusted (as git does).
    newest = max((s[1] for s in stamps), default=0)
    if time.time_ns() - newest > RACY_SECONDS * 1_000_000_000:
        _write(where, key, registry)
    return registry


def _read(where: Path, key: list[Any]) -> Registry | None:
    try:
        payload = marshal.loads(where.read_bytes())
        if payload["key"] != key:
            return None
        return CachedRegistry(payload)
    except Exception:  # missing, unreadable or corrupt: rebuild it
        return None


def _write(where: Path, key: list[Any], registry: Registry) -> None:
    from sesec_deadlines.storage.atomic import atomic_write

    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(where, marshal.dumps(pack(registry, key)), mode=0o600)
    except OSError:
        pass  # a read-only or full cache directory only costs speed


def pack(registry: Registry, key: list[Any]) -> dict[str, Any]:
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
        anchor = entry.anchor
        col_anchor.append(-1 if anchor is None
                          else entry_index[anchor.instrument.id, anchor.milestone.key])
    return {
        "key": key,
        "files": list(registry.files),
        "ids": [inst.id for inst in instruments],
        "blobs": [marshal.dumps(_instrument_tuple(inst)) for inst in instruments],
        "dated": dated,
        "inst": col_inst, "ms": col_ms, "start": col_start, "end": col_end,
        "prec": col_prec, "cert": col_cert, "anchor": col_anchor,
    }


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
                c.changed.toordinal()) for c in m.history))
        for m in inst.milestones)
    sources = tuple((s.edition, s.article, s.title, s.url) for s in inst.sources)
    return (inst.id, inst.title, inst.authority, inst.topics, _STATUSES.index(inst.status),
            inst.summary, inst.last_verified.toordinal(), sources, milestones, inst.number,
            inst.products, inst.product_codes, inst.file)


def _instrument(data: tuple[Any, ...]) -> Instrument:
    (ident, title, authority, topics, status, summary, verified, sources, milestones, number,
     products, codes, file) = data
    return Instrument(
        id=ident, title=title, authority=authority, topics=topics, status=_STATUSES[status],
        summary=summary, last_verified=date.fromordinal(verified),
        sources=tuple(Source(*s) for s in sources),
        milestones=tuple(
            Milestone(key, _KINDS[kind], _CERTAINTIES[cert], _unpd(when), after,
                      Offset(*offset) if offset else None, source, note,
                      tuple(Change(_unpd(d), _CERTAINTIES[c] if c >= 0 else None,
                                   date.fromordinal(changed)) for d, c, changed in history))
            for key, kind, cert, when, after, offset, source, note, history in milestones),
        number=number, products=products, product_codes=codes, file=file,
    )


class CachedRegistry(Registry):
    """A registry decoded from the cache, one instrument and entry at a time."""

    def __init__(self, payload: dict[str, Any]) -> None:
        self._p = payload
        self._blobs: list[bytes] = payload["blobs"]
        self._dated: int = payload["dated"]
        self._starts: list[int] = payload["start"][: self._dated]
        self._inst_cache: dict[int, Instrument] = {}
        self._entry_cache: dict[int, Entry] = {}
        self._by_inst: dict[int, list[int]] | None = None
        self._positions = {ident: i for i, ident in enumerate(payload["ids"])}
        self.files = tuple(payload["files"])
        if not (len(payload["inst"]) == len(payload["start"]) == len(payload["end"])
                == len(payload["anchor"])):
            raise ValueError("inconsistent cache")

    def _inst(self, i: int) -> Instrument:
        inst = self._inst_cache.get(i)
        if inst is None:
            inst = self._inst_cache[i] = _instrument(marshal.loads(self._blobs[i]))
        return inst

    def _entry(self, j: int) -> Entry:
        entry = self._entry_cache.get(j)
        if entry is None:
            p = self._p
            inst = self._inst(p["inst"][j])
            start = p["start"][j]
            when = None
            if start >= 0:
                day = date.fromordinal(start)
                when = PartialDate(day.year, day.month, day.day, _PRECISIONS[p["prec"][j]])
            anchor = self._entry(p["anchor"][j]) if p["anchor"][j] >= 0 else None
            entry = Entry(inst, inst.milestones[p["ms"][j]], when, _CERTAINTIES[p["cert"][j]],
                          anchor)
            self._entry_cache[j] = entry
        return entry

    @property
    def instruments(self) -> tuple[Instrument, ...]:
        return tuple(self._inst(i) for i in range(len(self._blobs)))

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

    def window(self, first: date | None, last: date | None) -> Iterator[Entry]:
        lo = 0 if first is None else bisect_left(self._starts, first.toordinal() - _MAX_SPAN)
        hi = self._dated if last is None else bisect_right(self._starts, last.toordinal())
        ends: list[int] = self._p["end"]
        first_ord = first.toordinal() if first is not None else None
        for j in range(lo, hi):
            if first_ord is None or ends[j] >= first_ord:  # decide on integers, then decode
                yield self._entry(j)
        for j in range(self._dated, len(self._p["inst"])):
            yield self._entry(j)
