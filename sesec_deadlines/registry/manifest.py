"""The manifest of a published site (manifest.json): the registry's data version, the
editions it cites, when it was built, and the SHA-256 and size of every file.

`deadlines publish` writes it (byte-reproducible: `built` is the --as-of day), and
`deadlines update` reads it first, then fetches and verifies the files it names. The
format is documented in docs/updating.md ("The manifest"); `manifest` is its version.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sesec_deadlines import __version__
from sesec_deadlines.core.dataversion import parse as parse_version
from sesec_deadlines.core.errors import DeadlinesError, ExitCode
from sesec_deadlines.core.model import Edition

MANIFEST = "manifest.json"
REGISTRY = "registry.toml"
FORMAT = 1
MAX_BYTES = 1 << 20  # a manifest is a few kilobytes; anything past this is not one
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")  # a file beside the manifest
_HEX_RE = re.compile(r"^[0-9a-f]{64}$")


class ManifestError(DeadlinesError):
    """What was served as a manifest is not one: `update` refuses it."""

    exit_code = ExitCode.REFUSED


@dataclass(frozen=True)
class FileEntry:
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    version: str
    built: str
    registry: str  # the registry file's name among `files`
    newest_edition: str | None
    instruments: int
    milestones: int
    editions: tuple[dict[str, Any], ...]
    files: Mapping[str, FileEntry]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def recorded(name: str, content: bytes | Iterable[bytes],
             files: dict[str, FileEntry]) -> Iterator[bytes]:
    """`content` (bytes, or bytes in pieces) piece by piece; once all of it has passed,
    its SHA-256 and size are in `files[name]`, for the manifest."""
    digest, size = hashlib.sha256(), 0
    for piece in (content,) if isinstance(content, bytes) else content:
        digest.update(piece)
        size += len(piece)
        yield piece
    files[name] = FileEntry(digest.hexdigest(), size)


def manifest_bytes(files: Mapping[str, bytes | FileEntry], *, version: str, built: date,
                   editions: Sequence[Edition], cited: frozenset[str], instruments: int,
                   milestones: int, registry: str = REGISTRY) -> bytes:
    """The manifest of `files` (name -> bytes, or its SHA-256 and size as `recorded`
    gives them; the manifest itself not among them)."""
    entries = {name: data if isinstance(data, FileEntry) else FileEntry(sha256(data), len(data))
               for name, data in files.items()}
    known = [e for e in editions if e.key in cited]
    newest = max(known, key=lambda e: (e.published, e.key)) if known else None
    doc = {
        "manifest": FORMAT,
        "generator": f"sesec-deadlines {__version__}",
        "version": version,
        "built": built.isoformat(),
        "registry": registry,
        "newest_edition": newest.key if newest else None,
        "instruments": instruments,
        "milestones": milestones,
        "editions": [{"key": e.key, "label": e.label, "published": e.published.isoformat(),
                      "cited": e.key in cited} for e in editions],
        "files": {name: {"sha256": entry.sha256, "size": entry.size}
                  for name, entry in sorted(entries.items())},
    }
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode()


def read_manifest(data: bytes, where: str) -> Manifest:
    """The manifest in `data` (fetched from `where`), every field checked; ManifestError
    names the first thing wrong."""

    def bad(what: str) -> ManifestError:
        return ManifestError(f"{where}: not a registry manifest: {what}",
                             hint="the URL must name a folder written by `deadlines publish`")

    if len(data) > MAX_BYTES:
        raise bad(f"larger than {MAX_BYTES} bytes")
    try:
        doc = json.loads(data)
    except (UnicodeDecodeError, ValueError) as exc:
        raise bad(f"invalid JSON ({exc})") from None
    if not isinstance(doc, dict):
        raise bad("not a JSON object")
    if doc.get("manifest") != FORMAT:
        raise bad(f"manifest format {doc.get('manifest')!r}; this program reads {FORMAT}")
    version = doc.get("version")
    if not isinstance(version, str) or parse_version(version) is None:
        raise bad(f"version {version!r} is not a data version")
    files = doc.get("files")
    if not isinstance(files, dict) or not files:
        raise bad("no files listed")
    entries: dict[str, FileEntry] = {}
    for name, entry in files.items():
        if not _NAME_RE.match(name) or name == MANIFEST:
            raise bad(f"file name {name!r} is not a plain name beside the manifest")
        if not (isinstance(entry, dict) and isinstance(entry.get("sha256"), str)
                and _HEX_RE.match(entry["sha256"]) and type(entry.get("size")) is int
                and entry["size"] >= 0):
            raise bad(f"{name}: needs a sha256 (64 hex digits) and a size")
        entries[name] = FileEntry(entry["sha256"], entry["size"])
    registry = doc.get("registry")
    if not isinstance(registry, str) or registry not in entries:
        raise bad(f"registry {registry!r} is not among its files")
    instruments, milestones = doc.get("instruments"), doc.get("milestones")
    editions = doc.get("editions", [])
    newest = doc.get("newest_edition")
    built = doc.get("built")
    if type(instruments) is not int or type(milestones) is not int \
            or not isinstance(editions, list) \
            or not all(isinstance(e, dict) for e in editions) \
            or not (newest is None or isinstance(newest, str)) or not isinstance(built, str):
        raise bad("its built, newest_edition, instruments, milestones or editions are "
                  "malformed")
    return Manifest(version, built, registry, newest, instruments, milestones,
                    tuple(editions), entries)
