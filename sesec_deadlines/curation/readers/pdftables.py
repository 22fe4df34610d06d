"""A PDF page's lines (runs of text on one baseline, in cells) and blocks, and its drawn
tables: which lines belong to a table, and its rows as "| a | b |" lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sesec_deadlines.curation.readers.linekinds import dehyphenate
from sesec_deadlines.curation.readers.pdf import Segment


def join(segments: Sequence[Segment]) -> str:
    """Segments of one cell in reading order; a space where they stand apart."""
    out = ""
    previous: Segment | None = None
    for seg in segments:  # a space is about a quarter of the type size wide
        if previous is not None and seg.left - previous.right > 0.15 * max(seg.size,
                                                                           previous.size):
            out += " "
        out += seg.text
        previous = seg
    return out


@dataclass
class Line:
    cells: list[list[Segment]] = field(default_factory=list)

    @property
    def segments(self) -> list[Segment]:
        return [s for cell in self.cells for s in cell]

    @property
    def left(self) -> float:
        return min(s.left for s in self.segments)

    @property
    def right(self) -> float:
        return max(s.right for s in self.segments)

    @property
    def top(self) -> float:
        return max(s.top for s in self.segments)

    @property
    def bottom(self) -> float:
        return min(s.bottom for s in self.segments)

    @property
    def height(self) -> float:
        """The type size of the line (its largest font)."""
        return max(s.size for s in self.segments)

    def cell_texts(self) -> list[str]:
        return [join(cell) for cell in self.cells]

    @property
    def text(self) -> str:
        return " ".join(self.cell_texts())


@dataclass
class Block:
    """A paragraph (lines of text) or a table (rows of cells) in the making."""

    lines: list[Line]
    table: bool = False


def in_table(line: Line, block: Block) -> bool:
    """A one-cell line inside a table: the continuation of a cell, its left edge on one
    of the table's columns and close below the row above."""
    starts = sorted({round(cell[0].left) for row in block.lines for cell in row.cells})
    last = block.lines[-1]
    on = [s for s in starts if abs(line.left - s) < 3]
    after = [s for s in starts if on and s > on[0] + 3]
    # a cell's words stay in its column: a line running on across the next column's
    # start is no cell of the table (a heading right under it)
    return bool(on) and last.bottom - line.top < 1.5 * last.height \
        and line.left > min(starts) + 1 and (not after or line.right <= after[0] + 2)


def table_rows(block: Block, size: float) -> list[str]:
    """A table's lines as rows: a line with several cells starts a row (unless it sits
    right under the row above, continuing its cells), one-cell lines continue a cell."""
    columns: list[float] = []
    for left in sorted(cell[0].left for line in block.lines if len(line.cells) > 1
                       for cell in line.cells):
        if not columns or left - columns[-1] > 4:
            columns.append(left)
    rows: list[list[list[str]]] = []
    previous: Line | None = None
    first: set[int] = set()  # the columns the row's first line fills

    def column(cell: list[Segment]) -> int:
        return min(range(len(columns)), key=lambda i: abs(columns[i] - cell[0].left))

    gaps = [a.bottom - b.top for a, b in zip(block.lines, block.lines[1:], strict=False)]
    # drawn without padding, rows are as close as the lines of a wrapped cell: every gap
    # the same; then a line filling every column the row's first line filled is the next
    # row (a wrapped cell fills fewer). With padding, the wider gap parts the rows.
    uniform = bool(gaps) and max(gaps) - min(gaps) < 0.2 * size
    for line in block.lines:
        close = previous is not None and previous.bottom - line.top < 0.45 * size
        filled = {column(cell) for cell in line.cells}
        if not rows or not close or (uniform and len(filled) >= 2 and filled >= first):
            rows.append([[] for _ in columns])
            first = filled
        for cell in line.cells:
            rows[-1][column(cell)].append(join(cell))
        previous = line
    out = []
    for row in rows:
        cells = [" ".join(dehyphenate(parts)) if parts else "" for parts in row]
        if any(cells):
            out.append("| " + " | ".join(cells) + " |")
    return out
