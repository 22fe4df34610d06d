"""Appending new instruments to a registry file without touching a byte of what is there."""

from __future__ import annotations

import contextlib
import re
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


# Fields are separated by ';', or by ',' before the next field's name, so a note may hold
# commas: "kind=published, date=2026-06-30, note=Signed, sealed" has three fields.
_SEPARATOR = re.compile(r";|,(?=\s*(?:" + "|".join(OPTION_KEYS) + r")\s*=)")


def parse_milestone(spec: str) -> dict[str, str]:
    """"kind=comment_close; date=2026-01-18; certainty=official; note=..." -> a table
    (also with commas: "kind=published, date=2026-06-30").

    Values are strings; the validator checks them with the rest of the file.
    """
    table: dict[str, str] = {}
    for part in _SEPARATOR.split(spec):
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


def _inline(table: dict[str, Any]) -> str:
    """A flat table as an inline table on one line: `{ edition = "2024-11", article = "..." }`."""
    import tomli_w

    return "{ " + ", ".join(tomli_w.dumps({k: v}).strip() for k, v in table.items()) + " }"


def render_head(table: dict[str, Any]) -> str:
    """An instrument's `[[instrument]]` table without its milestones, written by tomli-w;
    sources as inline tables, however long their article heading (tomli-w would make a
    long one a `[[sources]]` table of its own, outside the instrument)."""
    import tomli_w

    head = {k: v for k, v in table.items() if k != "milestone"}
    sources = head.get("sources")
    flat = isinstance(sources, list) and bool(sources) and all(
        isinstance(s, dict) and not any(isinstance(v, dict | list) for v in s.values())
        for s in sources)
    if flat:
        del head["sources"]
    text = "[[instrument]]\n" + tomli_w.dumps(head, multiline_strings=True)
    if flat:
        assert isinstance(sources, list)
        text += "sources = [\n" + "".join(f"    {_inline(s)},\n" for s in sources) + "]\n"
    return text


def render_milestone(milestone: dict[str, Any]) -> str:
    """One `[[instrument.milestone]]` table, its fields in the documented order."""
    import tomli_w

    ordered = {k: milestone[k] for k in MILESTONE_KEYS if k in milestone}
    ordered |= {k: v for k, v in milestone.items() if k not in ordered}  # the validator names them
    if isinstance(ordered.get("source"), str):
        with contextlib.suppress(ValueError):  # left as text, the validator names it
            ordered["source"] = int(ordered["source"])
    return "[[instrument.milestone]]\n" + tomli_w.dumps(ordered)


def render_table(table: dict[str, Any]) -> str:
    """The TOML text of one instrument table with its milestones, in the registry's layout."""
    milestones = table.get("milestone")
    parts = [render_head(table)]
    if isinstance(milestones, list):
        parts += [render_milestone(m) for m in milestones if isinstance(m, dict)]
    return "\n".join(parts)


def render(new: NewInstrument) -> str:
    """The TOML text of the new entry, in the registry's own layout, written by tomli-w."""
    return render_table(new.table() | {"milestone": new.milestones})


class NewEntryProblems(RegistryError):
    """Problems the validator found in the new entry itself, each with the index of its
    milestone (None for the instrument's own fields), so that the command line can name
    the option they came from rather than a line of a file that was never written."""

    def __init__(self, problems: list[Problem], found: list[tuple[int | None, Problem]]):
        super().__init__(problems)
        self.found = found

    @classmethod
    def split(cls, problems: list[Problem], combined: bytes, start: int,
              ident: str) -> RegistryError:
        """The error for `problems`: a plain RegistryError when any lies in the existing
        text (before byte `start`), else the new entry's problems by milestone."""
        first_line = combined[:start].count(b"\n") + 1
        blocks = [combined[:start + m.start()].count(b"\n") + 1
                  for m in re.finditer(rb"^\[\[instrument\.milestone\]\]", combined[start:],
                                       re.M)]
        found: list[tuple[int | None, Problem]] = []
        for problem in problems:
            entry = problem.entry or ""
            ours = entry == ident or entry.startswith(ident + "/")
            if (problem.line is None and not ours) or (problem.line or first_line) < first_line:
                return RegistryError(problems)
            line = problem.line or first_line
            index = sum(1 for b in blocks if b <= line) - 1
            found.append((index if index >= 0 else None, problem))
        return cls(problems, found)


def append_instrument(path: Path, new: NewInstrument, others: Sequence[Path] = ()) -> int:
    """Append `new` to `path` (created if missing) if the result validates.

    The existing bytes stay exactly as they are, followed by the new entry; the file is
    replaced atomically, so on any error it is unchanged. `others` are registry files read
    beside it, so an id already used there is refused too. Returns the milestone count.
    """
    return append_tables(path, [new.table() | {"milestone": new.milestones}], others)[1]


def append_tables(path: Path, tables: Sequence[dict[str, Any]],
                  others: Sequence[Path] = ()) -> tuple[int, int]:
    """Append instrument tables to `path` with the checks and atomic write of
    `append_instrument`; all of them or none. Returns the instruments and milestones added."""
    old = _current(path)
    base = HEADER if old is None else old
    if base and not base.endswith(b"\n"):
        base += b"\n"
    combined = base + b"".join(b"\n" + render_table(t).encode("utf-8") for t in tables)
    problems: list[Problem] = ProblemLog()
    parsed = [parse_bytes(str(path), combined, problems)]
    if problems:  # the existing file itself does not parse: don't add to it
        raise RegistryError(problems)
    from sesec_deadlines.registry.load import read_paths

    parsed += read_paths([p for p in others if p.resolve() != path.resolve()], problems)
    new_ids = [t.get("id") for t in tables]
    for pf in parsed:
        ids = [t.get("id") for _, t in instrument_tables(pf) if isinstance(t, dict)]
        for ident in new_ids:
            if isinstance(ident, str) and ids.count(ident) > (1 if pf is parsed[0] else 0):
                raise UsageError(f"{pf.name} already has an instrument with id {ident!r}; "
                                 "nothing was written",
                                 hint=f"add milestones to it by editing the file, or choose "
                                      f"another id (`deadlines show {ident}`)")
    registry = build(parsed, problems)
    if problems:
        if len(tables) == 1 and isinstance(new_ids[0], str):  # one entry, from options
            raise NewEntryProblems.split(problems, combined, len(base) + 1, new_ids[0])
        raise RegistryError(problems)
    if _current(path) != old:
        raise DeadlinesError(f"{path} changed while the entry was being added; nothing was "
                             "written", hint="run the command again")
    atomic_write(path, combined)
    added = [registry.instrument(i) for i in new_ids if isinstance(i, str)]
    return len(added), sum(len(inst.milestones) for inst in added if inst)


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


def read_draft(draft: Path, path: Path, others: Sequence[Path], today: date
               ) -> list[dict[str, Any]]:
    """The `[[instrument]]` tables of a draft file (from `deadlines scan --toml`, or
    written by hand), checked where they will land: beside `path` and `others`, problems
    located in the draft itself. Tables without `added` get `today`."""
    from sesec_deadlines.registry.load import read_paths

    problems: list[Problem] = ProblemLog()
    found = read_paths([draft], problems)
    data = found[0].data if found else None
    if data is None:
        raise RegistryError(problems)
    parsed = found[0]
    extra = [k for k in data if k not in ("schema", "instrument")]
    tables = data.get("instrument")
    if extra or not isinstance(tables, list) or not tables \
            or not all(isinstance(t, dict) for t in tables):
        raise UsageError(f"{draft}: a draft holds `schema = 1` and [[instrument]] tables only"
                         + (f" (not {', '.join(extra)})" if extra else ""),
                         hint="make one with `deadlines scan EDITION.txt --toml`")
    context = [p for p in (path, *others) if p.resolve() != draft.resolve()]
    beside = read_paths([p for p in context if p.exists()], problems)
    build([*beside, parsed], problems)
    if problems:
        raise RegistryError(problems)
    return [t if "added" in t else t | {"added": today} for t in tables]
