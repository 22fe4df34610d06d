"""The registry's data version: the last day its record changed and a hash of its content.

A version reads `2026-11-24.3f2a9c1b7d4e`: the latest day the registry itself records
(an edition's publication, an entry's `added` or `last_verified`, a history entry's
`changed`), then the first 12 hex digits of the SHA-256 of its content in a canonical
form (registry.version). Equal content gives an equal version whatever the files'
layout, comments or order of keys; any change of content changes the hash. The day
orders versions: of two versions, the one with the later day is newer; two different
versions of the same day are neither newer nor older (docs/registry-format.md, "Data
version").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

HASH_DIGITS = 12
_VERSION_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.([0-9a-f]{" + str(HASH_DIGITS) + "})$")


@dataclass(frozen=True, order=False)
class DataVersion:
    """A parsed data version: its day and its content hash."""

    day: date
    digest: str

    def __str__(self) -> str:
        return f"{self.day.isoformat()}.{self.digest}"

    def compare(self, other: DataVersion) -> int | None:
        """1 when self is newer, -1 when older, 0 when equal; None when the two differ
        but have the same day (neither is older)."""
        if self == other:
            return 0
        if self.day != other.day:
            return 1 if self.day > other.day else -1
        return None


def make(day: date, sha256_hex: str) -> str:
    """The version text for a registry last changed on `day` with this content hash."""
    return str(DataVersion(day, sha256_hex[:HASH_DIGITS]))


def parse(text: str) -> DataVersion | None:
    """The version in `text`, or None when it is not one."""
    match = _VERSION_RE.match(text.strip()) if isinstance(text, str) else None
    if match is None:
        return None
    try:
        day = date.fromisoformat(match.group(1))
    except ValueError:
        return None
    return DataVersion(day, match.group(2))


def compare(a: str, b: str) -> int | None:
    """`DataVersion.compare` of two version texts; None when either is not a version or
    when they differ on the same day."""
    va, vb = parse(a), parse(b)
    if va is None or vb is None:
        return 0 if a == b else None
    return va.compare(vb)
