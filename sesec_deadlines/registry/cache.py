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

The file is a small index followed by the instruments. The index (`marshal` data) holds
the milestones as flat lists of integers (dates, kinds, certainties, owners) and, per
instrument, its status and its topics and authorities as bit masks, so a query decides on
integers which milestones can match its window and filters. The instruments are one
marshalled blob each, read through a memory map and decoded only when a query needs
that instrument: a narrow query on 50,000 milestones reads the index and a few blobs,
not the whole file.
"""

from __future__ import annotations

import marshal
import mmap
import os
import struct
import time
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sesec_deadlines import __version__
from sesec_deadlines.registry.cached import CachedRegistry
from sesec_deadlines.registry.load import load
from sesec_deadlines.registry.packing import pack
from sesec_deadlines.registry.store import Registry

# 7: editions and source labels; 8: lifecycles, expected dates; 9: version;
# 10: corrections, baselines; 11: replaced numbers; 12: uncurated editions;
# 13: the files' digests
FORMAT = 13
MAGIC = b"SDC4"
_HEADER = struct.Struct("<4sQ")  # magic, length of the index
RACY_SECONDS = 2
ENV_NO_CACHE = "DEADLINES_NO_CACHE"


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
        with where.open("rb") as f:
            magic, size = _HEADER.unpack(f.read(_HEADER.size))
            if magic != MAGIC:
                return None
            index = read_index(f.read(size))
            if index["key"] != key:
                return None
            blobs = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        return CachedRegistry(index, memoryview(blobs)[_HEADER.size + size:])
    except Exception:  # missing, unreadable or corrupt: rebuild it
        return None


def _write(where: Path, key: list[Any], registry: Registry) -> None:
    from sesec_deadlines.core.errors import OutputPathError
    from sesec_deadlines.storage.atomic import atomic_write

    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(where, b"".join(encode(registry, key)), mode=0o600)
    except (OSError, OutputPathError):
        pass  # a read-only or full cache directory only costs speed


def encode(registry: Registry, key: list[Any]) -> list[bytes]:
    """The cache file in pieces: header, index, then every instrument's blob."""
    index, blobs = pack(registry, key)
    head = marshal.dumps(index)
    return [_HEADER.pack(MAGIC, len(head)), head, *blobs]


def read_index(data: bytes) -> dict[str, Any]:
    """The index of a cache file (its bytes after the header), as `pack` made it."""
    index = marshal.loads(data)
    if not isinstance(index, dict):
        raise ValueError("not a cache index")
    return index


def index_of(data: bytes) -> dict[str, Any]:
    """The index of a whole cache file's bytes."""
    magic, size = _HEADER.unpack_from(data)
    if magic != MAGIC:
        raise ValueError("not a cache file")
    return read_index(data[_HEADER.size: _HEADER.size + size])
