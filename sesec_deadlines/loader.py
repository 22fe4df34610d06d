"""Reading registry files: bytes to TOML data, with locations for error messages.

tomllib gives no line numbers for values, so `LineMap` finds the `[[instrument]]` and
`[[instrument.milestone]]` headers and the `field =` lines in the text, to point each
problem at its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .errors import Problem

try:  # tomli's compiled wheels parse three times faster than the standard library
    from tomli import TOMLDecodeError
    from tomli import loads as toml_loads
except ImportError:  # pragma: no cover - the pure-Python parser gives the same results
    from tomllib import TOMLDecodeError  # type: ignore[assignment]
    from tomllib import loads as toml_loads

_INSTRUMENT_RE = re.compile(r"^\s*\[\[\s*instrument\s*\]\]")
_MILESTONE_RE = re.compile(r"^\s*\[\[\s*instrument\s*\.\s*milestone\s*\]\]")
_TOML_POS_RE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_FIELD_RE = re.compile(r"^\s*([A-Za-z0-9_-]+|\"[^\"]*\")\s*=")


@dataclass
class Block:
    start: int  # 1-based line of the header
    milestones: list[int] = field(default_factory=list)


@dataclass
class LineMap:
    """Where each instrument and milestone starts, and where its fields are."""

    lines: list[str]
    blocks: list[Block]

    @classmethod
    def build(cls, text: str) -> LineMap:
        lines = text.splitlines()
        blocks: list[Block] = []
        for number, line in enumerate(lines, start=1):
            if _INSTRUMENT_RE.match(line):
                blocks.append(Block(number))
            elif _MILESTONE_RE.match(line) and blocks:
                blocks[-1].milestones.append(number)
        return cls(lines, blocks)

    def usable(self, instruments: int) -> bool:
        return len(self.blocks) == instruments

    def _span(self, index: int, milestone: int | None) -> tuple[int, int] | None:
        if index >= len(self.blocks):
            return None
        block = self.blocks[index]
        block_end = (
            self.blocks[index + 1].start if index + 1 < len(self.blocks) else len(self.lines) + 1
        )
        if milestone is None:
            end = block.milestones[0] if block.milestones else block_end
            return block.start, end
        if milestone >= len(block.milestones):
            return None
        start = block.milestones[milestone]
        end = (
            block.milestones[milestone + 1] if milestone + 1 < len(block.milestones) else block_end
        )
        return start, end

    def line_of(
        self, index: int, milestone: int | None = None, key: str | None = None
    ) -> int | None:
        span = self._span(index, milestone)
        if span is None:
            return None
        start, end = span
        if key is not None:
            for number in range(start, min(end, len(self.lines) + 1)):
                m = _FIELD_RE.match(self.lines[number - 1])
                if m and m.group(1).strip('"') == key:
                    return number
        return start


@dataclass
class ParsedFile:
    name: str
    data: dict[str, Any] | None
    text: str
    _lines: LineMap | None = None
    _lines_built: bool = False

    @property
    def lines(self) -> LineMap | None:
        """Where things are in the text; found only when a problem needs a line number."""
        if not self._lines_built:
            self._lines_built = True
            items = (self.data or {}).get("instrument")
            if isinstance(items, list):
                found = LineMap.build(self.text)
                # a file written in another style (inline tables) gets no line numbers
                self._lines = found if found.usable(len(items)) else None
        return self._lines

    def instruments(self) -> Iterator[tuple[int, Any]]:
        items = (self.data or {}).get("instrument", [])
        if isinstance(items, list):
            yield from enumerate(items)


def parse_bytes(name: str, raw: bytes, problems: list[Problem]) -> ParsedFile:
    """Decode and parse one file; append problems and return what could be read."""
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
        problems.append(Problem(name, "the file is empty; a registry starts with `schema = 1`"))
        return ParsedFile(name, None, text)
    try:
        data = toml_loads(text)
    except TOMLDecodeError as exc:
        message = str(exc)
        m = _TOML_POS_RE.search(message)
        if m:
            problems.append(
                Problem(
                    name,
                    f"TOML syntax error: {message[: m.start()]}",
                    int(m.group(1)),
                    int(m.group(2)),
                )
            )
        elif message.endswith("(at end of document)"):
            last = max(1, len(text.splitlines()))
            problems.append(
                Problem(
                    name,
                    "TOML syntax error: "
                    f"{message.removesuffix(' (at end of document)')} "
                    "(at the end of the file)",
                    last,
                )
            )
        else:
            problems.append(Problem(name, f"TOML syntax error: {message}"))
        return ParsedFile(name, None, text)
    return ParsedFile(name, data, text)
