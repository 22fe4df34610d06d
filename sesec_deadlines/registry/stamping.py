"""Writing `last_verified` into a registry file for the instruments a check confirmed,
changing no other byte (`deadlines verify-sources --stamp`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from sesec_deadlines.core.errors import UsageError
from sesec_deadlines.storage.atomic import atomic_write
from sesec_deadlines.storage.files import REGISTRY_LIMIT, RefusedFile, read_input

_TABLE = re.compile(rb"^\s*\[")
_ID = re.compile(rb'^\s*id\s*=\s*"([a-z0-9-]+)"\s*(#.*)?$')
_VERIFIED = re.compile(rb"^(\s*last_verified\s*=\s*)(\d{4}-\d{2}-\d{2})(\s*(#.*)?)$")
_ADDED = re.compile(rb"^\s*added\s*=")


def stamp_text(text: bytes, days: Mapping[str, date]) -> tuple[bytes, set[str]]:
    """`text` with the `last_verified` line of each `[[instrument]]` table named in `days`
    set to its day, and the ids whose line changed. An instrument without an `added` line
    gets one holding its old `last_verified` (which stood for `added`), so stamping never
    moves the day an entry entered the registry."""
    lines = text.splitlines(keepends=True)
    changed: set[str] = set()
    start = 0
    while start < len(lines):
        end = start + 1
        while end < len(lines) and not _TABLE.match(lines[end]):
            end += 1
        if lines[start].strip() == b"[[instrument]]":
            _stamp_table(lines, start, end, days, changed)
        start = end
    return b"".join(lines), changed


def _stamp_table(lines: list[bytes], start: int, end: int, days: Mapping[str, date],
                 changed: set[str]) -> None:
    ident = next((m.group(1).decode() for line in lines[start:end]
                  for m in (_ID.match(line.rstrip(b"\r\n")),) if m), None)
    if ident is None or ident not in days:
        return
    has_added = any(_ADDED.match(line) for line in lines[start:end])
    for i in range(start, end):
        body = lines[i].rstrip(b"\r\n")
        match = _VERIFIED.match(body)
        if not match:
            continue
        new = days[ident].isoformat().encode()
        if match.group(2) != new:
            ending = lines[i][len(body):]
            lines[i] = match.group(1) + new + match.group(3) + ending
            if not has_added:
                lines[i] += b"added = " + match.group(2) + ending
            changed.add(ident)
        return


def stamp_file(path: Path, days: Mapping[str, date]) -> set[str]:
    """Stamp `path` in place (atomically); the ids whose `last_verified` changed."""
    try:
        text = read_input(path, REGISTRY_LIMIT)
    except RefusedFile as exc:
        raise UsageError(f"{path}: {exc.reason}; nothing was written") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    new, changed = stamp_text(text, days)
    if changed:
        atomic_write(path, new)
    return changed
