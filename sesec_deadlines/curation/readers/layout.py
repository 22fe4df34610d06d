"""A PDF's positioned text segments made into the text the article splitter reads.

Per page: segments on one baseline make a line; a line whose segments stand apart by
more than a few characters' width is a table row (or, when its last cell is a page
number, an index entry). Lines repeating at the top or bottom of many pages (digits
aside) are running headers and footers, dropped with page numbers. Lines make one
paragraph until the vertical gap grows, the font grows or shrinks (a heading), a line
ends short of the right margin by more than the next word (the writer's line break), or
a list item starts. A paragraph broken by a page break is joined again. Rows of a table
become "| cell | cell |" lines, one per row; the lines of a cell are joined.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

from sesec_deadlines.curation.readers.cleanup import EDGE_LINES, RUNNING_MIN_PAGES
from sesec_deadlines.curation.readers.columns import single_column
from sesec_deadlines.curation.readers.linekinds import (
    dehyphenate,
    is_page_number,
    leaders,
    tidy,
    titlelike,
)
from sesec_deadlines.curation.readers.pdf import Page, Segment
from sesec_deadlines.curation.readers.pdftables import Block, Line, in_table, table_rows

CELL_GAP = 3.0  # a gap this many characters wide separates cells, not words
_ITEM_RE = re.compile(r"^\s*(?:[-•·▪►*]\s|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s|[IVX]{1,4}\.\s)")
_TERMINAL = (".", "!", "?", ":", ";", "”", '"', ")")


def _char_width(segments: Sequence[Segment]) -> float:
    chars = sum(len(s.text) for s in segments)
    return sum(s.right - s.left for s in segments) / chars if chars else 5.0


def lines_of(page: Page) -> list[Line]:
    """A page's segments grouped into lines (top to bottom) and cells (left to right)."""
    rows: list[list[Segment]] = []
    for seg in sorted(page.segments, key=lambda s: -s.top):
        middle = (seg.top + seg.bottom) / 2
        row = next((r for r in reversed(rows[-3:])
                    if min(s.bottom for s in r) <= middle <= max(s.top for s in r)), None)
        if row is None:
            rows.append([seg])
        else:
            row.append(seg)
    out: list[Line] = []
    for row in rows:
        row.sort(key=lambda s: s.left)
        width = _char_width(row)
        cells: list[list[Segment]] = [[row[0]]]
        for seg in row[1:]:
            if seg.left - cells[-1][-1].right > CELL_GAP * width:
                cells.append([seg])
            else:
                cells[-1].append(seg)
        out.append(Line(cells))
    return out


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split())).casefold()


def drop_furniture(pages: Sequence[list[Line]]) -> list[list[Line]]:
    """The pages without running headers, footers and page numbers: lines at a page's top
    or bottom that repeat (digits aside) on many pages, or that stand apart in the margin
    and carry a page number. A number alone inside the page is kept: it may be the page of
    an index entry that wrapped."""
    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({_shape(line.text) for line in _edges(lines)})
    need = max(RUNNING_MIN_PAGES, len(pages) // 3)
    running = {s for s, n in seen.items() if n >= need} if len(pages) >= RUNNING_MIN_PAGES \
        else set()
    heights = [line.height for lines in pages for line in lines]
    size = statistics.median(heights) if heights else 10.0
    out: list[list[Line]] = []
    for number, lines in enumerate(pages):
        edges = {id(line) for line in _edges(lines)}
        top = {id(line) for line in lines[:EDGE_LINES]}
        apart = _apart(lines, size)
        keep = []
        for line in lines:
            numbered = any(is_page_number(text) for text in line.cell_texts())
            if id(line) in edges and (is_page_number(line.text) or (
                    _shape(line.text) in running and not (number == 0 and id(line) in top))):
                continue
            if id(line) in apart and numbered:
                continue
            keep.append(line)
        out.append(keep)
    return out


def _apart(lines: Sequence[Line], size: float) -> set[int]:
    """The first and last lines of a page when a wide gap parts them from the rest."""
    out: set[int] = set()
    if len(lines) >= 2:
        if lines[0].bottom - lines[1].top > 2.5 * size:
            out.add(id(lines[0]))
        if lines[-2].bottom - lines[-1].top > 2.5 * size:
            out.add(id(lines[-1]))
    return out


def _edges(lines: Sequence[Line]) -> list[Line]:
    return list(lines[:EDGE_LINES]) + list(lines[-EDGE_LINES:])


def _is_row(line: Line) -> bool:
    return len(line.cells) >= 2 and not _is_entry(line)


def _is_entry(line: Line) -> bool:
    texts = line.cell_texts()
    return len(texts) == 2 and bool(re.fullmatch(r"(?:p\.?\s*)?\d{1,3}", texts[1].strip(),
                                                 re.IGNORECASE))


def blocks_of(pages: Sequence[list[Line]]) -> list[Block]:
    """Lines gathered into paragraphs and tables, across page breaks."""
    body = [line for lines in pages for line in lines if not _is_row(line)]
    if not body:
        body = [line for lines in pages for line in lines]
    if not body:
        return []
    size = statistics.median(line.height for line in body)
    right = sorted(line.right for line in body)[int(0.9 * (len(body) - 1))]
    gaps = [a.bottom - b.top for lines in pages for a, b in pairwise(lines)
            if 0 < a.bottom - b.top < 3 * size]
    gap = statistics.median(gaps) if gaps else size * 0.3
    blocks: list[Block] = []
    for number, lines in enumerate(pages):
        previous: Line | None = None
        for line in lines:
            row = _is_row(line)
            current = blocks[-1] if blocks else None
            if current is None:
                blocks.append(Block([line], row))
            elif previous is None:  # the first line of a page
                last = current.lines[-1]
                carried = not current.table and not row and not _starts(line, last, size) \
                    and not _short(last, line, right) and number > 0 \
                    and not last.text.rstrip().endswith(_TERMINAL)
                if carried:
                    current.lines.append(line)
                else:
                    blocks.append(Block([line], row))
            elif current.table and (row or in_table(line, current)):
                current.lines.append(line)
            elif row or current.table or _breaks(previous, line, size, gap, right):
                blocks.append(Block([line], row))
            else:
                current.lines.append(line)
            previous = line
    return blocks


def _starts(line: Line, before: Line, size: float) -> bool:
    """Whether a line starts a new block whatever precedes it: a list item, or a line in
    another type size than the one before (a heading, or the text after one)."""
    return bool(_ITEM_RE.match(line.text)) or abs(line.height - before.height) > 0.12 * size \
        or _is_entry(line) or _is_entry(before)


def _breaks(previous: Line, line: Line, size: float, gap: float, right: float) -> bool:
    if _starts(line, previous, size):
        return True
    if previous.text.rstrip().endswith(_TERMINAL) and titlelike(line.text) \
            and line.right - line.left < 0.75 * (right - line.left):
        return True  # a heading in the body's type after a paragraph's last sentence
    if previous.bottom - line.top > gap + 0.35 * size:
        return True
    return _short(previous, line, right)


def _short(previous: Line, line: Line, right: float) -> bool:
    """Whether a line ends short of the margin by more than the next line's first word:
    the writer broke it there."""
    first = line.text.split(" ", 1)[0]
    room = right - previous.right
    return room > (len(first) + 2) * _char_width(previous.segments)


def _paragraph(block: Block) -> str:
    if len(block.lines) == 1 and _is_entry(block.lines[0]):
        title, page = block.lines[0].cell_texts()
        return f"{title}\t{re.sub(r'[^0-9]', '', page)}"
    return " ".join(part.strip() for part in dehyphenate([line.text for line in block.lines])
                    if part.strip())


def pages_text(pages: Sequence[Page]) -> str:
    """The text of a PDF's pages: paragraphs one to a line, blank lines between them."""
    laid = drop_furniture([lines_of(single_column(page)) for page in pages])
    sizes = [line.height for lines in laid for line in lines]
    size = statistics.median(sizes) if sizes else 10.0
    out: list[str] = []
    for block in blocks_of(laid):
        if block.table:
            out.extend(table_rows(block, size))
        else:
            out.append(_paragraph(block))
        out.append("")
    return tidy("\n".join(leaders(out)))
