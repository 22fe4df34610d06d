"""`Checker`: reads typed values from one table of a registry file, reporting each problem
with its file, line, entry and field."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from sesec_deadlines.core.dates import RANGE_TEXT, PartialDate
from sesec_deadlines.core.errors import Problem, ProblemLog, report
from sesec_deadlines.storage.toml import EMPTY_KEY, ParsedFile, suggest, type_name

# Whatever `check` accepts, every command can output: no text field may hold a control
# character (a CR in a title would break a CSV row, an email header or a calendar line).
# Multi-line fields (summary, note) may hold line feeds and tabs.
# Nor a Unicode non-character (U+FDD0-U+FDEF, and U+FFFE and U+FFFF of every plane) or a
# surrogate: XML 1.0 cannot hold U+FFFE, U+FFFF or surrogates (the Atom feed, the SVG and
# the page would not parse) and the others mean nothing in interchange.
_BMP_NONCHARACTERS = "\\ud800-\\udfff\\ufdd0-\\ufdef\\ufffe\\uffff"


class CharRule:
    """Forbidden characters, found fast: those of the BMP as one class, and U+xFFFE and
    U+xFFFF of the other planes as one range, confirmed (re is ten times slower on a class
    that lists characters above U+FFFF one by one)."""

    def __init__(self, bmp: str) -> None:
        self._re = re.compile(f"[{bmp}{_BMP_NONCHARACTERS}\\U0001fffe-\\U0010ffff]")

    def search(self, text: str) -> re.Match[str] | None:
        start = 0
        while (found := self._re.search(text, start)) is not None:
            code = ord(found.group())
            if code <= 0xFFFF or code & 0xFFFE == 0xFFFE:
                return found
            start = found.end()
        return None


CONTROL_RE = CharRule("\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029")
MULTILINE_CONTROL_RE = CharRule("\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f")


def is_noncharacter(char: str) -> bool:
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE or 0xD800 <= code <= 0xDFFF


def control_problem(text: str, *, multiline: bool = False) -> str | None:
    """What is wrong with `text` as a field's value, if it holds a control character or a
    non-character."""
    found = (MULTILINE_CONTROL_RE if multiline else CONTROL_RE).search(text)
    if found is None:
        return None
    char = found.group()
    allowed = " (line breaks and tabs are allowed here)" if multiline else ""
    what = "a non-character" if is_noncharacter(char) else "a control character"
    return (f"holds {what} (U+{ord(char):04X}) at position {found.start() + 1}:"
            f" remove it{allowed}")


def url_problem(text: str) -> str | None:
    """What is wrong with `text` as a source URL: http(s), a host, no spaces or controls."""
    if CONTROL_RE.search(text) or any(ch.isspace() for ch in text):
        return "must be a URL without spaces or control characters"
    try:
        parts = urlsplit(text)
    except ValueError as exc:
        return f"is not a valid URL: {exc}"
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "must be an http:// or https:// URL, e.g. https://www.example.org/notice.html"
    return None


class Checker:
    """Collects problems for one table of one file, with its location."""

    def __init__(
        self,
        parsed: ParsedFile,
        problems: list[Problem],
        index: int | None,
        entry: str | None,
        milestone: int | None = None,
    ) -> None:
        self.parsed = parsed
        self.problems = problems
        self.index = index
        self.entry = entry
        self.milestone = milestone

    def at(self, milestone: int, label: str) -> Checker:
        return Checker(self.parsed, self.problems, self.index, label, milestone)

    def report(self, field: str | None, message: str, *, at_end: bool = False) -> None:
        """A problem of `field`, at its line. A top-level field the file lacks is placed at
        the top (line 1, where `schema` belongs) or, `at_end`, at the last line (where
        missing tables would be added): every refusal names a line."""
        problems = self.problems
        if isinstance(problems, ProblemLog) and problems.full:
            problems.note(field, message)  # not shown: no Problem, no line to look up
            return
        index = self.index
        report(self.problems, Problem(self.parsed.name, message, None, None, self.entry, field),
               lambda: self._top_line(field, at_end) if index is None
               else table_line(self.parsed, index, self.milestone, field))

    def _top_line(self, field: str | None, at_end: bool) -> int:
        found = None if at_end else self.parsed.lines.nearest("", field)
        if found is not None:
            return found
        return max(1, self.parsed.text.count("\n") + (not self.parsed.text.endswith("\n"))) \
            if at_end else 1

    def unknown_keys(
        self, table: dict[str, Any], allowed: tuple[str, ...], prefix: str = ""
    ) -> None:
        for key in table:
            if key not in allowed:
                self.report(
                    f"{prefix}{key or EMPTY_KEY}",
                    f"unknown field {key!r}{suggest(key, allowed)}; allowed: "
                    + ", ".join(allowed),
                )

    def string(
        self, table: dict[str, Any], key: str, *, required: bool, prefix: str = "",
        multiline: bool = False,
    ) -> str | None:
        if key not in table:
            if required:
                self.report(f"{prefix}{key}", f"missing required field {key!r}")
            return None
        value = table[key]
        if not isinstance(value, str):
            self.report(f"{prefix}{key}", f"must be a string, not {type_name(value)}")
            return None
        if not value.strip():
            self.report(f"{prefix}{key}", "must not be empty")
            return None
        bad = control_problem(value, multiline=multiline)
        if bad is not None:
            self.report(f"{prefix}{key}", bad)
            return None
        return value

    def strings(
        self, table: dict[str, Any], key: str, *, required: bool, vocab: Any = None
    ) -> tuple[str, ...]:
        if key not in table:
            if required:
                self.report(key, f"missing required field {key!r}")
            return ()
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            hint = f' (write ["{value}"])' if isinstance(value, str) else ""
            self.report(key, f"must be a list of strings, not {type_name(value)}{hint}")
            return ()
        if required and not value:
            self.report(key, "must list at least one value")
        good = []
        for item in value:
            bad = control_problem(item)
            if bad is not None:
                self.report(key, f"{item!r} {bad}")
            elif vocab is not None and item not in vocab:
                self.report(
                    key,
                    f"unknown value {item!r}{suggest(item, vocab)}; "
                    "see `deadlines vocab` for the allowed values",
                )
            else:
                good.append(item)
        return tuple(good)

    def choice(
        self, table: dict[str, Any], key: str, enum: Any, *, required: bool, prefix: str = ""
    ) -> Any:
        text = self.string(table, key, required=required, prefix=prefix)
        if text is None:
            return None
        member = enum._value2member_map_.get(text)
        if member is None:
            values = [e.value for e in enum]
            self.report(
                f"{prefix}{key}",
                f"unknown {key} {text!r}{suggest(text, values)}; allowed: " + ", ".join(values),
            )
        return member

    def toml_date(
        self, table: dict[str, Any], key: str, *, required: bool, prefix: str = ""
    ) -> date | None:
        if key not in table:
            if required:
                self.report(f"{prefix}{key}", f"missing required field {key!r}")
            return None
        value = table[key]
        if isinstance(value, date) and not isinstance(value, datetime):
            if not PartialDate.of(value).in_range:
                self.report(f"{prefix}{key}", f"{value} is outside the supported dates: "
                            f"{RANGE_TEXT}")
                return None
            return value
        hint = " (write it without quotes: 2026-11-24)" if isinstance(value, str) else ""
        self.report(f"{prefix}{key}", f"must be a TOML date, not {type_name(value)}{hint}")
        return None

    def partial_date(self, table: dict[str, Any], key: str, prefix: str = "") -> PartialDate | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, date) and not isinstance(value, datetime):
            if not PartialDate.of(value).in_range:
                self.report(f"{prefix}{key}", f"impossible date: {value} is outside the "
                            f"supported dates: {RANGE_TEXT}")
                return None
            return PartialDate.of(value)
        if not isinstance(value, str):
            self.report(
                f"{prefix}{key}",
                f'must be a date string like "2026-08-01", '
                f'"2026-08" or "2026", not {type_name(value)}',
            )
            return None
        try:
            return PartialDate.parse(value).checked(value)
        except ValueError as exc:
            self.report(f"{prefix}{key}", f"impossible date: {exc}")
            return None


def table_line(parsed: ParsedFile, index: int, milestone: int | None = None,
               field: str | None = None) -> int | None:
    """The line of an instrument's (or one of its milestones') field, else of its header.

    Where the file is not written with one `[[instrument]]` header per instrument (an
    inline array), the nearest line that holds the field or the array."""
    items = (parsed.data or {}).get("instrument")
    lines = parsed.lines
    if not isinstance(items, list) or lines.count("instrument") != len(items):
        return lines.nearest("instrument", field)
    table = f"instrument[{index}]"
    if milestone is not None:
        table += f".milestone[{milestone}]"
    return lines.nearest(table, field)


def instrument_tables(parsed: ParsedFile) -> Iterator[tuple[int, Any]]:
    """The file's `[[instrument]]` tables with their index, as far as they are a list."""
    items = (parsed.data or {}).get("instrument", [])
    if isinstance(items, list):
        yield from enumerate(items)
