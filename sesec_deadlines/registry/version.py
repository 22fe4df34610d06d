"""The data version of a registry (core.dataversion): its content hashed in a canonical
form, and the latest day its record names.

The hash covers what the files say, not how they are written: the `schema`, then every
`[[edition]]` table of every file in reading order, then every `[[instrument]]` table,
each as JSON with sorted keys (TOML dates and times tagged, so that the date 2025-08-01
and the string "2025-08-01" differ). The files read together and the one merged file
`deadlines publish` writes from them thus have the same version; comments, blank lines,
the order of keys and the split into files do not count. It is computed when the
registry is checked, and the cache keeps it: a cached start-up pays nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from sesec_deadlines.core.dataversion import make
from sesec_deadlines.core.model import Edition, Instrument

if TYPE_CHECKING:
    from sesec_deadlines.storage.toml import ParsedFile

EPOCH = date(1970, 1, 1)  # the day of a registry that names none


def _tagged(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return {"$" + type(value).__name__: value.isoformat()}
    raise TypeError(f"not TOML data: {type(value).__name__}")


_encode = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                           default=_tagged).encode


def _tables(parsed: Sequence[ParsedFile], name: str) -> Iterable[Any]:
    for pf in parsed:
        items = (pf.data or {}).get(name)
        if isinstance(items, list):
            yield from items


def content_hash(parsed: Sequence[ParsedFile]) -> str:
    """The SHA-256 (hex) of the files' content in canonical form, as one registry."""
    h = hashlib.sha256()
    schema = next((pf.data.get("schema") for pf in parsed if pf.data), None)
    h.update(b"schema " + _encode(schema).encode() + b"\n")
    for name in ("edition", "instrument"):
        prefix = name.encode() + b" "
        for table in _tables(parsed, name):
            h.update(prefix + _encode(table).encode() + b"\n")
    return h.hexdigest()


def last_day(editions: Iterable[Edition], instruments: Iterable[Instrument]) -> date:
    """The latest day the registry records: an edition's publication, an instrument's
    `added` or `last_verified`, a milestone's `added`, a history entry's `changed`."""
    days = [e.published for e in editions]
    for inst in instruments:
        days.append(inst.last_verified)
        if inst.added is not None:
            days.append(inst.added)
        for m in inst.milestones:
            if m.added is not None:
                days.append(m.added)
            days.extend(change.changed for change in m.history)
    return max(days, default=EPOCH)


def data_version(parsed: Sequence[ParsedFile], editions: Iterable[Edition],
                 instruments: Iterable[Instrument]) -> str:
    """The data version (core.dataversion) of the registry read from `parsed`."""
    return make(last_day(editions, instruments), content_hash(parsed))
