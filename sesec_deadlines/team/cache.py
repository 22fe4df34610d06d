"""Loading the tracking file fast: the folded state is cached, and only new lines folded.

Folding 100,000 events means parsing 100,000 lines of JSON; a command that shows
milestones should not pay that each run. The cache (in the user cache directory, one file
per tracking file) holds the folded state with the file's stamp (size, times, inode) and
the length and CRC-32 of the whole lines it folded:

- the stamp unchanged: the state is used as it is (the file was modified more than two
  seconds before it was cached, so a second change in the same timestamp tick cannot hide);
- the file grew and its first bytes are the ones folded (same CRC): only the new lines
  are parsed and folded in (the fold is order-independent, so this is the same state);
- anything else (a merge rewrote the file, a hand edit): everything is folded again.

Each target's fields are stored marshalled on their own (`Packed`) and unpacked when a
command asks for that milestone or instrument.

A corrupt or unwritable cache is ignored. `DEADLINES_NO_CACHE` skips it.
"""

from __future__ import annotations

import marshal
import os
import time
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from stat import S_ISREG
from typing import Any

from sesec_deadlines import __version__
from sesec_deadlines.team.fold import State, Tracking, fold
from sesec_deadlines.team.logfile import Torn, parse_bytes, read_bytes

FORMAT = 2  # 2: each target packed on its own
RACY_NS = 2_000_000_000


def load_tracking(path: Path) -> Tracking:
    """The decisions of the tracking file at `path` (none when it does not exist).

    A torn last line is left out and named in `tracking.torn`; any other bad line raises
    TrackingError (file:line)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return Tracking({}, path)
    except OSError:
        read_bytes(path)  # reports it
        return Tracking({}, path)
    if not S_ISREG(st.st_mode):
        read_bytes(path)  # refuses a directory, FIFO or device, before any cache is used
    stamp = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
    use_cache = not os.environ.get("DEADLINES_NO_CACHE")
    where = _cache_file(path) if use_cache else None
    cached = _read_cache(where, path) if where else None
    if cached is not None and cached["stamp"] == stamp and cached["torn"] is None:
        return _tracking(Packed(cached["packed"]), path, cached["events"], None)
    data = read_bytes(path)
    state: State = {}
    count = 0
    start = 0
    first_line = 1
    if cached is not None and 0 < cached["folded"] <= len(data) and zlib.crc32(
            data[:cached["folded"]]) == cached["crc"]:
        state = {target: marshal.loads(fields) for target, fields in cached["packed"].items()}
        count = cached["events"]
        start, first_line = cached["folded"], cached["lines"] + 1
    events, torn = parse_bytes(data[start:], path, first_line)
    fold(events, state)
    count += len(events)
    folded = len(data) if torn is None else data.rfind(b"\n") + 1
    if where is not None and (folded > start or cached is None or cached["stamp"] != stamp):
        racy = time.time_ns() - st.st_mtime_ns < RACY_NS
        _write_cache(where, {
            "format": FORMAT, "version": __version__, "path": str(path.resolve()),
            "stamp": None if racy else stamp, "events": count,
            "packed": {target: marshal.dumps(fields) for target, fields in state.items()},
            "folded": folded, "crc": zlib.crc32(data[:folded]),
            "lines": data.count(b"\n", 0, folded), "torn": None})
    return _tracking(state, path, count, torn)


class Packed(Mapping[str, dict[str, tuple[str, str, Any, str]]]):
    """The cached state as it is stored: each target's fields marshalled on their own, and
    unpacked only when asked for (a command looks at the milestones it shows, not at all
    of them; reading 100,000 decisions' worth of small objects costs more than the rest of
    `upcoming`)."""

    def __init__(self, packed: dict[str, bytes]) -> None:
        self.packed = packed
        self.unpacked: dict[str, dict[str, tuple[str, str, Any, str]]] = {}

    def __getitem__(self, target: str) -> dict[str, tuple[str, str, Any, str]]:
        found = self.unpacked.get(target)
        if found is None:
            found = self.unpacked[target] = marshal.loads(self.packed[target])
        return found

    def __contains__(self, target: object) -> bool:
        return target in self.packed

    def __iter__(self) -> Iterator[str]:
        return iter(self.packed)

    def __len__(self) -> int:
        return len(self.packed)


def _tracking(state: Mapping[str, dict[str, tuple[str, str, Any, str]]], path: Path,
              events: int, torn: Torn | None) -> Tracking:
    tracking = Tracking(state, path, events)
    tracking.torn = torn.warning(path) if torn else None
    return tracking


def _cache_file(path: Path) -> Path | None:
    try:
        from sesec_deadlines.registry.cache import cache_dir

        name = str(path.resolve()).encode("utf-8", "surrogateescape")
        return cache_dir() / f"tracking-{zlib.crc32(name):08x}-{len(name)}.bin"
    except OSError:
        return None


def _read_cache(where: Path, path: Path) -> dict[str, Any] | None:
    try:
        with open(where, "rb") as handle:
            cached = marshal.load(handle)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(cached, dict) or cached.get("format") != FORMAT or cached.get(
            "version") != __version__ or cached.get("path") != str(path.resolve()):
        return None
    return cached


def _write_cache(where: Path, record: dict[str, Any]) -> None:
    try:
        from sesec_deadlines.storage.atomic import atomic_write

        where.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(where, marshal.dumps(record))
    except (OSError, ValueError):
        pass
