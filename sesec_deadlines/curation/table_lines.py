"""Tables written a row a line, of any size: cells separated by pipes (Markdown, or a PDF's
drawn table), by tabs, or by runs of two spaces or more (text aligned in columns).

`line_tables(text, reference)` finds every run of such lines holding a standard number
and a dated cell, even a table of one row, and gives one `Row` per record: a line that
starts a row and the lines that continue it (a cell wrapped onto the next line: indented,
an empty first cell, or in a table whose rows open with a pipe, a line that does not).
The columns may come in any order (the date before the number); the kind of each date is
what its column's header says ("Implementation date": entry into force). The text is
given back without the rows' lines, for sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from sesec_deadlines.core.vocab import Kind
from sesec_deadlines.curation.readers.linekinds import cell_separator as separator
from sesec_deadlines.curation.written_dates import DateMention, find_dates

STANDARD_RE = re.compile(
    r"\b(?:GB(?:/[TZ])?|[A-Z]{2,3}/T|T/[A-Z]{2,10}|ISO(?:/IEC)?|IEC)\s?\d{1,6}(?:\.\d{1,3})*"
    r"(?:\s?[-—–]\s?(?:19|20)\d{2})?")
_RULE_RE = re.compile(r"^\s*\|?[\s:|+-]*-{3,}[\s:|+-]*\|?\s*$")  # |---|:---| or +----+


@dataclass(frozen=True)
class Row:
    """One row of a table: its text (cells joined), standard number and dates, and the
    kind of each date as its column's header suggests (None where it says nothing)."""

    text: str
    standard: str
    dates: tuple[DateMention, ...]
    kinds: tuple[Kind | None, ...]


def _cells(line: str, sep: str) -> list[tuple[int, str]]:
    """The cells of a line with where each starts (a pipe table's outer pipes dropped)."""
    if sep == "  ":
        out, position = [], 0
        for piece in re.split(r"( {2,})", line.rstrip()):
            if piece.strip() and not piece.isspace():
                out.append((position + len(piece) - len(piece.lstrip()), piece.strip()))
            position += len(piece)
        return out
    parts = line.rstrip().split(sep)
    if sep == "|":
        if not parts[0].strip():
            parts = parts[1:]
        if parts and not parts[-1].strip():
            parts = parts[:-1]
    return [(n, p.strip()) for n, p in enumerate(parts)]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _continues(line: str, sep: str, piped: bool, first: str = "") -> bool:
    """Whether a line goes on with the row above (a wrapped cell) rather than opening one:
    indented further than the table's first line, or its first cell empty."""
    if sep == "|" and piped:
        return not line.lstrip().startswith("|") or line.replace(" ", "").startswith("||")
    if sep == "\t":
        return _indent(line) > _indent(first) or not line.strip().split("\t")[0].strip()
    return _indent(line) > _indent(first) + 1


def _column(starts: list[int], position: int, sep: str) -> int:
    if sep != "  ":
        return position
    best = 0
    for n, start in enumerate(starts):
        if start <= position + 2:
            best = n
    return best


_HEADER_KINDS = (
    (Kind.ENTRY_INTO_FORCE, r"implement\w*|effective|in(?:to)? force|enforce\w*|apply from"
                            r"|applicable"),
    (Kind.PUBLISHED, r"publi\w*|issu\w*|releas\w*|approv\w*|announc\w*"),
    (Kind.MANDATORY_FROM, r"mandatory|compulsory"),
    (Kind.TRANSITION_END, r"transition\w*|valid until|expir\w*|withdraw\w*|abolish\w*"
                          r"|grace"),
    (Kind.COMMENT_CLOSE, r"comments?|deadline|feedback"),
)
_HEADER_RE = re.compile("|".join(f"(?P<k{i}>{p})" for i, (_, p) in enumerate(_HEADER_KINDS)),
                        re.IGNORECASE)


def header_kinds(header: str) -> list[Kind]:
    """The kinds a header's words name, in order ("Published | Implemented")."""
    return [_HEADER_KINDS[int(next(k for k, v in m.groupdict().items() if v)[1:])][0]
            for m in _HEADER_RE.finditer(header)]


@dataclass
class _Block:
    sep: str
    lines: list[tuple[int, str]]  # (offset in the text, line)


def _blocks(text: str) -> list[_Block]:
    """Runs of lines with cells (and the lines continuing them), with their offsets."""
    blocks: list[_Block] = []
    current: _Block | None = None
    position = 0
    for line in text.splitlines(keepends=True):
        start, position = position, position + len(line)
        body = line.rstrip("\r\n")
        if not body.strip():
            current = None
            continue
        sep = separator(body)
        if current is not None and (sep == current.sep or _RULE_RE.match(body)
                                    or (sep is None and _wraps(current, body))):
            current.lines.append((start, body))
        elif sep is not None:
            current = _Block(sep, [(start, body)])
            blocks.append(current)
        else:
            current = None
    return blocks


def _wraps(block: _Block, line: str) -> bool:
    """Whether a line without cells goes on with the block's last row: indented under it,
    or, in a table whose rows open and close with a pipe, after a row left open."""
    if _piped(block):
        return not block.lines[-1][1].rstrip().endswith("|")
    return _continues(line, block.sep, False, block.lines[0][1])


def _piped(block: _Block) -> bool:
    return block.lines[0][1].lstrip().startswith("|")


def _rows(block: _Block, reference: date) -> tuple[list[Row], set[int]]:
    """The rows of a block that carry a standard and a date, and the lines they use."""
    sep, piped = block.sep, _piped(block)
    records: list[list[int]] = []
    header: list[int] = []
    for n, (_, line) in enumerate(block.lines):
        if _RULE_RE.match(line):
            continue
        keyed = bool(STANDARD_RE.search(line)) or any(
            d.precision in ("day", "month") for d in find_dates(line, reference))
        if records and _continues(line, sep, piped, block.lines[0][1]):
            records[-1].append(n)
        elif not records and not keyed:
            header.append(n)
        else:
            records.append([n])
    first = block.lines[records[0][0]][1] if records else ""
    starts = [s for s, _ in _cells(first, sep)] if sep == "  " else []
    titles: dict[int, str] = {}
    for n in header:
        for position, cell in _cells(block.lines[n][1], sep):
            column = _column(starts, position, sep)
            titles[column] = (titles.get(column, "") + " " + cell).strip()
    rows: list[Row] = []
    used: set[int] = set()
    for record in records:
        cells: dict[int, str] = {}
        for k, n in enumerate(record):
            line = block.lines[n][1]
            pieces = _cells(line, sep)
            if k and sep == "|" and piped and not line.lstrip().startswith("|"):
                # a wrapped cell's words go on the last cell of the line above
                last = max(cells) if cells else 0
                cells[last] = f"{cells.get(last, '')} {pieces[0][1]}".strip()
                pieces = [(last + 1 + i, c) for i, (_, c) in enumerate(pieces[1:])]
            for position, cell in pieces:
                column = _column(starts, position, sep)
                cells[column] = f"{cells.get(column, '')} {cell}".strip()
        row = _row(cells, titles, reference)
        if row is not None:
            rows.append(row)
            used.update(record)
            used.update(header)
    return rows, used


def _row(cells: dict[int, str], titles: dict[int, str], reference: date) -> Row | None:
    text, mentions, kinds, standard = "", [], [], None
    for column in sorted(cells):
        cell = cells[column]
        if text:
            text += " | "
        offset = len(text)
        text += cell
        if standard is None and (m := STANDARD_RE.search(cell)):
            standard = " ".join(m.group(0).split())
        for d in find_dates(cell, reference):
            if d.precision not in ("day", "month"):
                continue
            mentions.append(replace(d, start=d.start + offset, end=d.end + offset))
            said = header_kinds(titles.get(column, ""))
            kinds.append(said[0] if len(set(said)) == 1 else None)
    if standard is None or not mentions:
        return None
    return Row(text, standard, tuple(mentions), tuple(kinds))


def line_tables(text: str, reference: date) -> tuple[str, list[Row]]:
    """The text without its row-a-line tables' rows (and headers), and those rows."""
    rows: list[Row] = []
    drop: list[tuple[int, int]] = []
    for block in _blocks(text):
        found, used = _rows(block, reference)
        rows.extend(found)
        drop.extend((block.lines[n][0], block.lines[n][0] + len(block.lines[n][1]))
                    for n in sorted(used))
    if not drop:
        return text, rows
    out, position = [], 0
    for start, end in drop:
        out.append(text[position:start])
        position = end
    out.append(text[position:])
    return "".join(out), rows
