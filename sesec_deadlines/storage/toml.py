"""The one TOML reader: bytes to data, with a line map and located syntax errors.

Every TOML file the program reads (registry files, the reminder configuration) goes
through `parse_bytes`, so a syntax error always reads `file:line:col: TOML syntax error: ...`
and a problem in a value can name its line: tomllib gives no positions for values, so
`LineMap` finds the table headers and `key =` lines in the text and names them by path
(`smtp`, `subscription[0]`, `instrument[3].milestone[1]`). Lines end only at LF or CRLF,
as TOML says, so U+2028 and friends inside strings do not shift line numbers.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sesec_deadlines.core.errors import Problem
from sesec_deadlines.storage.tomltext import deepest_line, outside_strings

try:  # tomli's compiled wheels parse three times faster than the standard library
    from tomli import TOMLDecodeError
    from tomli import loads as toml_loads
except ImportError:  # pragma: no cover - the pure-Python parser gives the same results
    from tomllib import TOMLDecodeError  # type: ignore[assignment]
    from tomllib import loads as toml_loads

_HEADER_RE = re.compile(r"^\s*\[(\[)?\s*([^\[\]#]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY_RE = re.compile(r"^\s*([A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')\s*[=.]")
_TOML_POS_RE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
EMPTY_KEY = '""'  # how a problem names the empty key `"" = ...` (TOML allows it)


def text_lines(text: str) -> list[str]:
    """The lines of a TOML text: split at LF only (a CR before it is dropped)."""
    return [line.removesuffix("\r") for line in text.split("\n")]


class LineMap:
    """Where each table header and `key =` line of a TOML text is, by path.

    A path names tables the way the data nests them: `smtp`, `subscription[0]`,
    `instrument[3].milestone[1]`; a key inside one is `instrument[3].milestone[1].date`.
    Lines inside multi-line strings are skipped.
    """

    def __init__(self, text: str) -> None:
        self.where: dict[str, int] = {}
        self.tables: dict[str, int] = {}  # array-of-tables path -> how many elements
        self.headers: set[str] = set()  # the paths of tables written with a header
        self.lines = text_lines(text)
        self.size = len(self.lines)
        table = ""
        for number, line, start in outside_strings(self.lines):
            if start == 0:  # a line that starts outside a multi-line string
                header = _HEADER_RE.match(line)
                if header:
                    table = self._table(header.group(2), bool(header.group(1)), number)
                    self.where.setdefault(table, number)
                    self.headers.add(table)
                else:
                    key = _KEY_RE.match(line)
                    if key:
                        name = key.group(1).strip("\"'") or EMPTY_KEY
                        self.where.setdefault(f"{table}.{name}" if table else name, number)

    def _table(self, dotted: str, array: bool, number: int) -> str:
        parts = [p.strip().strip("\"'") for p in dotted.split(".")]
        path = ""
        for i, part in enumerate(parts):
            name = f"{path}.{part}" if path else part
            self.where.setdefault(name, number)  # a table made implicit by a deeper header
            if array and i == len(parts) - 1:
                self.tables[name] = self.tables.get(name, 0) + 1
                name = f"{name}[{self.tables[name] - 1}]"
            elif name in self.tables:
                name = f"{name}[{self.tables[name] - 1}]"
            path = name
        return path

    def count(self, array: str) -> int:
        """How many `[[array]]` headers the text has (e.g. "instrument")."""
        return self.tables.get(array, 0)

    def find(self, table: str, key: str | None = None) -> int | None:
        """The line of `key` in `table` (its first part for `sources[0].edition`), else of the
        table's header; None when neither is written as a line of its own."""
        found = self._key_line(table, key)
        if found is not None:
            return found
        return self.where.get(table) if table else None

    def _key_line(self, table: str, key: str | None) -> int | None:
        if key is not None:
            first = re.split(r"[.\[]", key, maxsplit=1)[0]
            for candidate in dict.fromkeys((key, first)):
                name = f"{table}.{candidate}" if table else candidate
                if name in self.where:
                    return self.where[name]
        return None

    def nearest(self, table: str, key: str | None = None) -> int | None:
        """Like `find`, but where the table or key is not a line of its own (an inline
        `edition = [{...}]`, an inline table), the nearest line that holds it: the key
        written inside the value that holds the table, else that value's own line, else
        the nearest enclosing table's."""
        found = self._key_line(table, key)
        if found is not None:
            return found
        path = table
        while path:
            line = self.where.get(path)
            if line is not None and path in self.headers:
                return line  # a table with a header of its own
            base = re.sub(r"\[[0-9]+\]$", "", path)
            holder = line if base in self.headers else self.where.get(base, line)
            if holder is not None:  # an inline value holds it: `base = [{...}]`
                return self._key_after(holder, key) if key else holder
            parent, _, name = base.rpartition(".")
            if parent and (line := self._key_line(parent, name)) is not None:
                return self._key_after(line, key) if key else line
            path = parent
        return self._key_line("", key.split(".")[0].split("[")[0]) if key else None

    def _key_after(self, line: int, key: str) -> int:
        """The first line from `line` on, up to the next table header, where `key` is
        written as `key =` (inside an inline table), else `line`."""
        name = re.escape(re.split(r"[.\[]", key, maxsplit=1)[0])
        pattern = re.compile(rf"(?:^|[\s{{,])(?:{name}|\"{name}\"|'{name}')\s*=")
        for number in range(line, min(len(self.lines), line + 10_000) + 1):
            text = self.lines[number - 1]
            if number > line and _HEADER_RE.match(text):
                break
            if pattern.search(text):
                return number
        return line

    def deepest(self) -> int | None:
        """The line where brackets and braces outside strings and comments nest deepest."""
        return deepest_line(self.lines)


@dataclass
class ParsedFile:
    """One TOML file: its data (None when it could not be read) and text."""

    name: str
    data: dict[str, Any] | None
    text: str
    _lines: LineMap | None = None

    @property
    def lines(self) -> LineMap:
        """Where things are in the text; built only when a problem needs a line number."""
        if self._lines is None:
            self._lines = LineMap(self.text)
        return self._lines



def parse_bytes(name: str, raw: bytes, problems: list[Problem], *,
                empty_hint: str = "") -> ParsedFile:
    """Decode and parse one file; append located problems and return what could be read."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(
            Problem(name, "not valid UTF-8 text (save the file as UTF-8)", line, column)
        )
        return ParsedFile(name, None, "")
    if not text.strip():
        problems.append(Problem(name, "the file is empty" + (f"; {empty_hint}" if empty_hint
                                                             else "")))
        return ParsedFile(name, None, text)
    try:
        data = toml_loads(text)
    except TOMLDecodeError as exc:
        problems.append(_syntax_problem(name, text, str(exc)))
        return ParsedFile(name, None, text)
    except RecursionError:
        problems.append(Problem(name, "TOML syntax error: values nested too deeply",
                                LineMap(text).deepest()))
        return ParsedFile(name, None, text)
    return ParsedFile(name, data, text)


def _syntax_problem(name: str, text: str, message: str) -> Problem:
    m = _TOML_POS_RE.search(message)
    if m:
        return Problem(name, f"TOML syntax error: {message[: m.start()]}",
                       int(m.group(1)), int(m.group(2)))
    if message.endswith("(at end of document)"):
        lines = text_lines(text)
        while len(lines) > 1 and not lines[-1].strip():
            lines.pop()
        return Problem(name, "TOML syntax error: "
                       f"{message.removesuffix(' (at end of document)')} (at the end of the file)",
                       len(lines))
    return Problem(name, f"TOML syntax error: {message}")


def suggest(value: str, choices: Any) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime):
        return "a date-time"
    if isinstance(value, date):
        return "a date"
    return type(value).__name__
