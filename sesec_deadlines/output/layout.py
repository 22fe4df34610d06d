"""Fitting text to a terminal's width without splitting a word: pure functions of text.

A table keeps its columns when every column can be at least `MIN_COLUMN` wide (or as wide
as its longest cell, if less; its longest cell always where a column never wraps), so no
word is split and no column becomes a tall strip; the spare width goes first to the
columns that then fit on one line, the rest to the last (title) column. Otherwise each
row becomes a block: its short fields on one line, its long ones below, indented
(`stacked`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Collection, Sequence

GAP = 2  # spaces between columns
INDENT = "    "
MIN_COLUMN = 30


def longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def column_widths(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int,
                  no_wrap: Collection[int] = ()) -> list[int] | None:
    """Widths (without gaps) for the columns to fit `width`, or None when they cannot
    (see the module's text). When everything fits on one line, each column's longest
    cell."""
    columns = list(zip(headers, *rows, strict=True))
    widest = [max(len(cell) for cell in column) for column in columns]
    available = width - GAP * (len(columns) - 1)
    if sum(widest) <= available:
        return widest
    narrowest = [widest[i] if i in no_wrap
                 else min(widest[i], max(MIN_COLUMN, *(longest_word(c) for c in column)))
                 for i, column in enumerate(columns)]
    spare = available - sum(narrowest)
    if spare < 0:
        return None
    widths = list(narrowest)
    last = len(columns) - 1
    # Columns that need little more to fit on one line get it first, the smallest need first.
    for i in sorted(range(last), key=lambda i: widest[i] - narrowest[i]):
        need = widest[i] - widths[i]
        if need <= spare:
            widths[i] += need
            spare -= need
    grant = min(spare, widest[last] - widths[last])
    widths[last] += grant
    spare -= grant
    for i in range(last):  # whatever is left, to the columns still wrapping
        grant = min(spare, widest[i] - widths[i])
        widths[i] += grant
        spare -= grant
    return widths


def wrap(text: str, width: int, indent: str = "", subsequent: str | None = None,
         *, identifier: bool = False) -> list[str]:
    """Lines of at most `width` characters, broken at spaces only; an identifier (no
    spaces, e.g. a milestone id) longer than a line is broken after a '/' or '-'."""
    rest = indent if subsequent is None else subsequent
    if identifier and " " not in text:
        return _rejoin(text, width, indent, rest)
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False) or [indent.rstrip()]


def _rejoin(text: str, width: int, indent: str, rest: str) -> list[str]:
    """An identifier broken at '/' and '-' into lines, nothing added or lost."""
    pieces: list[str] = []
    word = ""
    for char in text:
        word += char
        if char in "/-":
            pieces.append(word)
            word = ""
    if word:
        pieces.append(word)
    lines: list[str] = []
    line = indent
    for piece in pieces:
        while len(piece) > width - len(rest):  # a piece longer than any line: cut it
            room = max(width - len(line), 1)
            if line.strip():
                lines.append(line)
                line = rest
                room = width - len(line)
            lines.append(line + piece[:room])
            piece = piece[room:]
            line = rest
        if len(line) + len(piece) > width and line.strip():
            lines.append(line)
            line = rest
        line += piece
    if line.strip():
        lines.append(line)
    return lines


def stacked(row: Sequence[str], width: int, head: Sequence[int],
            body: Sequence[int], identifiers: Collection[int] = (),
            pads: dict[int, int] | None = None) -> list[str]:
    """One row as a block: the `head` cells on a line (wrapped if need be; a cell in
    `pads` filled out to its width, so short columns stay aligned), then each `body`
    cell wrapped below it, indented."""
    cells = [row[i].ljust((pads or {}).get(i, 0)) for i in head if row[i]]
    first = (" " * GAP).join(cells).rstrip()
    lines = wrap(first, width, "", INDENT) if first else []
    for i in body:
        if row[i]:
            lines += wrap(row[i], width, INDENT, identifier=i in identifiers)
    return lines
