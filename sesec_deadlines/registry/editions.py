"""The `[[edition]]` tables: the publications a registry cites, declared as data.

Each file may declare editions; the files read together share them, so a company's own
file can cite the bundled editions when it is read beside the bundled registry. Keys are
unique across the files, and every edition a source cites must be declared in one of them
(checked in `validate`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial
from typing import Any

from sesec_deadlines.core.errors import Problem, report
from sesec_deadlines.core.model import Edition, KnownEdition
from sesec_deadlines.registry.checker import Checker
from sesec_deadlines.storage.toml import ParsedFile, type_name

EDITION_KEYS = ("key", "label", "published", "masthead", "curated", "note")
KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def _line(parsed: ParsedFile, index: int, field: str | None) -> int | None:
    items = (parsed.data or {}).get("edition")
    lines = parsed.lines
    if not isinstance(items, list) or lines.count("edition") != len(items):
        lines.tables.pop("edition", None)  # an inline array: the line of its key
        return lines.nearest(f"edition[{index}]", field)
    return lines.nearest(f"edition[{index}]", field)


class _EditionChecker(Checker):
    """A `Checker` whose lines are those of one `[[edition]]` table."""

    def __init__(self, parsed: ParsedFile, problems: list[Problem], index: int,
                 label: str) -> None:
        super().__init__(parsed, problems, None, label)
        self.edition_index = index

    def report(self, field: str | None, message: str, *, at_end: bool = False) -> None:
        report(self.problems, Problem(self.parsed.name, message, None, None, self.entry, field),
               partial(_line, self.parsed, self.edition_index, field))


def read_editions(parsed: ParsedFile, problems: list[Problem]
                  ) -> list[tuple[int, Edition | KnownEdition]]:
    """The valid editions one file declares, with their table's index (a `KnownEdition`
    for one with `curated = false`); every problem with its line."""
    raw = (parsed.data or {}).get("edition")
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        problems.append(Problem(parsed.name, "must be an array of tables, written [[edition]]",
                                parsed.lines.nearest("edition"), None, None, "edition"))
        return []
    out = []
    for index, table in enumerate(raw):
        key = table.get("key")
        label = f"edition {key}" if isinstance(key, str) and key else f"edition #{index + 1}"
        edition = _read_edition(_EditionChecker(parsed, problems, index, label), table)
        if edition is not None:
            out.append((index, edition))
    return out


def _read_edition(c: Checker, t: dict[str, Any]) -> Edition | KnownEdition | None:
    before = len(c.problems)
    c.unknown_keys(t, EDITION_KEYS)
    key = c.string(t, "key", required=True)
    if key is not None and not KEY_RE.match(key):
        c.report("key", f"{key!r} is not an edition key: use letters, digits, '.', '-' and "
                        "'_', e.g. \"2026-01\"")
    label = c.string(t, "label", required=True)
    curated = t.get("curated", True)
    if type(curated) is not bool:
        c.report("curated", f"must be true or false, not {type_name(curated)}")
        curated = True
    published = c.toml_date(t, "published", required=curated)
    masthead = c.string(t, "masthead", required=False)
    note = c.string(t, "note", required=False)
    if len(c.problems) != before:
        return None
    assert key and label
    if not curated:
        return KnownEdition(key, " ".join(label.split()), published,
                            " ".join(note.split()) if note else None, c.parsed.name)
    assert published
    return Edition(key, " ".join(label.split()), published,
                   " ".join(masthead.split()) if masthead else None, c.parsed.name)


def merge_editions(parsed: Sequence[ParsedFile], problems: list[Problem]
                   ) -> tuple[list[Edition], list[KnownEdition]]:
    """The curated and the uncurated editions of all files read together; a key declared
    twice is a problem."""
    seen: dict[str, Edition | KnownEdition] = {}
    out: list[Edition] = []
    known: list[KnownEdition] = []
    for pf in parsed:
        for index, edition in read_editions(pf, problems):
            other = seen.get(edition.key)
            if other is not None:
                where = "earlier in this file" if other.file == pf.name else f"in {other.file}"
                report(problems, Problem(pf.name, f"edition {edition.key!r} is already "
                                         f"declared {where}", None, None,
                                         f"edition {edition.key}", "key"),
                       partial(_line, pf, index, "key"))
                continue
            seen[edition.key] = edition
            if isinstance(edition, KnownEdition):
                known.append(edition)
            else:
                out.append(edition)
    return out, known

