"""Where strings, comments and brackets are on the lines of a TOML text: enough to know
which lines start outside a string (so `key =` and `[table]` lines can be found) and where
values nest deepest, without parsing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

_TOKEN_RE = re.compile(r'"""|\'\'\'|"(?:[^"\\]|\\.)*"|\'[^\']*\'|#|[\[\]{}]')
_BASIC_CLOSE_RE = re.compile(r'\\.|"""')


def closing(line: str, start: int, quote: str) -> int:
    """Where the multi-line string opened by `quote` closes in `line` (the index after it,
    with up to two more quotes of content), or -1 when it goes on to the next line."""
    if quote == "'''":
        end = line.find(quote, start)
    else:
        end = -1
        for found in _BASIC_CLOSE_RE.finditer(line, start):
            if found.group() == quote:
                end = found.start()
                break
    if end < 0:
        return -1
    end += 3
    for _ in range(2):  # `""""` ends with a quote of content, then the delimiter
        if end < len(line) and line[end] == quote[0]:
            end += 1
    return end


def open_string(line: str, start: int) -> str | None:
    """The quote of a multi-line string left open at the end of `line` (read from
    `start`), skipping one-line strings and comments: `title = "Don'''t"` opens none."""
    while True:
        for token in _TOKEN_RE.finditer(line, start):
            kind = token.group()
            if kind == "#":
                return None
            if kind in ('"""', "'''"):
                start = closing(line, token.end(), kind)
                if start < 0:
                    return kind
                break
        else:
            return None


def deepest_line(lines: Sequence[str]) -> int | None:
    """The line where brackets and braces outside strings and comments nest deepest."""
    depth = best = 0
    where: int | None = None
    for number, line, start in outside_strings(lines):
        for token in _TOKEN_RE.finditer(line, start):
            kind = token.group()
            if kind in ("[", "{"):
                depth += 1
                if depth > best:
                    best, where = depth, number
            elif kind in ("]", "}"):
                depth = max(depth - 1, 0)
            elif kind == "#":
                break
            elif kind in ('"""', "'''") and closing(line, token.end(), kind) < 0:
                break  # a multi-line string runs on: outside_strings skips it
    return where


def outside_strings(lines: Sequence[str]) -> Iterator[tuple[int, str, int]]:
    """(line number, line, where its text outside a multi-line string starts) for each
    line that has any: a line wholly inside such a string is left out, and one where the
    string closes starts after it (then `start` > 0)."""
    inside: str | None = None
    for number, line in enumerate(lines, start=1):
        start = 0
        if inside is not None:
            start = closing(line, 0, inside)
            if start < 0:
                continue
            inside = None
        yield number, line, start
        inside = open_string(line, start)
