"""Appending a new instrument to a registry file without touching a byte of what is there."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sesec_deadlines.core.errors import (
    DeadlinesError,
    Problem,
    ProblemLog,
    RegistryError,
    UsageError,
)
from sesec_deadlines.registry.checker import instrument_tables
from sesec_deadlines.registry.load import build
from sesec_deadlines.registry.milestones import MILESTONE_KEYS
from sesec_deadlines.storage.atomic import atomic_write
from sesec_deadlines.storage.files import REGISTRY_LIMIT, RefusedFile, read_input
from sesec_deadlines.storage.toml import parse_bytes

HEADER = (b"# A registry of China compliance deadlines; format: `deadlines help registry`\n"
          b"schema = 1\n")


@dataclass
class NewInstrument:
    """What a curator gives for a new entry; checked by the validator, not here."""

    id: str
    title: str
    authority: list[str]
    topics: list[str]
    status: str
    summary: str
    sources: list[dict[str, str]]
    milestones: list[dict[str, str]]
    number: str | None = None
    products: list[str] = field(default_factory=list)
    product_codes: list[str] = field(default_factory=list)
    last_verified: date = field(default_factory=date.today)
    added: date | None = None  # the day it enters the registry; default: `last_verified`

    def table(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "title": self.title}
        if self.number:
            out["number"] = self.number
        out |= {"authority": self.authority, "topics": self.topics, "status": self.status}
        if self.products:
            out["products"] = self.products
        if self.product_codes:
            out["product_codes"] = self.product_codes
        out |= {"summary": self.summary, "last_verified": self.last_verified,
                "added": self.added or self.last_verified, "sources": self.sources}
        return out


# what --milestone may set: not `history` (a new entry has none) nor `added` (the day the
# instrument is added, for all its milestones)
OPTION_KEYS = tuple(k for k in MILESTONE_KEYS if k not in ("history", "added"))


def parse_milestone(spec: str) -> dict[str, str]:
    """"kind=comment_close; date=2026-01-18; certainty=official; note=..." -> a table.

    Values are strings; the validator checks them with the rest of the file.
    """
    table: dict[str, str] = {}
    for part in spec.split(";"):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(f"--milestone {spec!r}: {part.strip()!r} is not key=value",
                             hint='write e.g. "kind=comment_close; date=2026-01-18; '
                                  'certainty=official"')
        if key not in OPTION_KEYS:
            raise UsageError(f"--milestone: unknown field {key!r}; use "
                             + ", ".join(OPTION_KEYS))
        table[key] = value.strip()
    return table


def render(new: NewInstrument) -> str:
    """The TOML text of the new entry, in the registry's own layout, written by tomli-w."""
    import tomli_w

    parts = ["[[instrument]]\n" + tomli_w.dumps(new.table(), multiline_strings=True)]
    for milestone in new.milestones:
        ordered = {k: milestone[k] for k in MILESTONE_KEYS if k in milestone}
        if "source" in ordered:
            with contextlib.suppress(ValueError):  # left as text, the validator names it
                ordered["source"] = int(ordered["source"])  # type: ignore[assignment]
        parts.append("[[instrument.milestone]]\n" + tomli_w.dumps(ordered))
    return "\n".join(parts)


def append_instrument(path: Path, new: NewInstrument, others: Sequence[Path] = ()) -> int:
    """Append `new` to `path` (created if missing) if the result validates.

    The existing bytes stay exactly as they are, followed by the new entry; the file is
    replaced atomically, so on any error it is unchanged. `others` are registry files read
    beside it, so an id already used there is refused too. Returns the milestone count.
    """
    old = _current(path)
    base = HEADER if old is None else old
    if base and not base.endswith(b"\n"):
        base += b"\n"
    combined = base + b"\n" + render(new).encode("utf-8")
    problems: list[Problem] = ProblemLog()
    parsed = [parse_bytes(str(path), combined, problems)]
    if problems:  # the existing file itself does not parse: don't add to it
        raise RegistryError(problems)
    from sesec_deadlines.registry.load import read_paths

    parsed += read_paths([p for p in others if p.resolve() != path.resolve()], problems)
    for pf in parsed:
        ids = [t.get("id") for _, t in instrument_tables(pf) if isinstance(t, dict)]
        if ids.count(new.id) > (1 if pf is parsed[0] else 0):
            raise UsageError(f"{pf.name} already has an instrument with id {new.id!r}; "
                             "nothing was written",
                             hint=f"add milestones to it by editing the file, or choose "
                                  f"another id (`deadlines show {new.id}`)")
    registry = build(parsed, problems)
    if problems:
        raise RegistryError(problems)
    if _current(path) != old:
        raise DeadlinesError(f"{path} changed while the entry was being added; nothing was "
                             "written", hint="run the command again")
    atomic_write(path, combined)
    instrument = registry.instrument(new.id)
    return len(instrument.milestones) if instrument else 0


def _current(path: Path) -> bytes | None:
    """The file's bytes, None when it does not exist yet."""
    try:
        return read_input(path, REGISTRY_LIMIT)
    except FileNotFoundError:
        return None
    except RefusedFile as exc:
        raise UsageError(f"{path}: {exc.reason}; nothing was written") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
