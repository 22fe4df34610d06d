"""A PDF's text as positioned lines, by pypdfium2 (PDFium's text layer).

Why PDFium: of the maintained extractors compared on our printed editions (docs/curation,
"Inputs"), it gives the best text fastest (a 35-page edition in about 0.3 s, against 1 s
for pypdf, 4 s for pdfminer.six and 11 s for pdfplumber), ships as one self-contained
wheel with no dependencies, is under a permissive licence (Apache-2.0 / BSD-3-Clause) and
gives each text segment's rectangle, which the layout step needs to tell a paragraph's
end, a heading, a table row or a page's header and footer. It is imported only here,
when a PDF is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sesec_deadlines.curation.readers.document import InputError


@dataclass(frozen=True)
class Segment:
    """A run of text on one line of a page, with its box (points, origin bottom left):
    the font's box (ascent to descent, the same for every line in one font, where the
    glyphs' box would vary with the letters) and the font's size."""

    text: str
    left: float
    bottom: float
    right: float
    top: float
    size: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    segments: tuple[Segment, ...]


def pdf_pages(path: Path, data: bytes) -> list[Page]:
    """Every page's text segments, in the order PDFium finds them."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        raise InputError(f"{path}: a PDF that cannot be opened ({err})",
                         hint="save it again from its viewer, or give its text") from err
    pages: list[Page] = []
    try:
        for index in range(len(doc)):
            page = doc[index]
            width, height = page.get_size()
            textpage = page.get_textpage()
            pages.append(Page(width, height, tuple(_segments(textpage, pdfium_c))))
            textpage.close()
            page.close()
    finally:
        doc.close()
    return pages


def _segments(textpage: Any, pdfium_c: Any) -> Iterator[Segment]:
    """The page's text runs, made from its characters in PDFium's reading order. A run
    ends at a line break, where the next character sits on another line, or where it
    stands a wide gap away (a table's next cell). Characters are taken one by one, never
    by area: the text inside a rectangle also holds the glyphs of a neighbour that
    overlaps it (a kerned pair, a browser's printed page), which doubled letters. A
    run's left and right are those of its first and last visible character, so the gap to
    the next run is the real space between them."""
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count) if count else ""
    run: list[int] = []  # the run's character indices; -1 marks a space
    last: tuple[float, float, float, float] | None = None  # the previous visible char
    size = 0.0
    for i, char in enumerate(text[:count]):
        left, bottom, right, top = textpage.get_charbox(i, loose=True)  # advance, ascent
        if char in "\r\n":
            yield from _segment(textpage, pdfium_c, text, run)
            run, last = [], None
            continue
        if char.isspace() or (right <= left and top <= bottom):
            if run and run[-1] != -1:
                run.append(-1)
            continue
        if last is not None:
            gap = left - last[2]
            middle, previous = (bottom + top) / 2, (last[1] + last[3]) / 2
            height = max(top - bottom, last[3] - last[1], 1.0)
            if abs(middle - previous) > 0.6 * height or gap > 1.2 * size or gap < -size:
                yield from _segment(textpage, pdfium_c, text, run)
                run = []
            elif gap > 0.15 * size and run and run[-1] != -1:
                run.append(-1)  # words set apart by position, with no space character
        if not run:
            size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i) or (top - bottom)
        run.append(i)
        last = (left, bottom, right, top)
    yield from _segment(textpage, pdfium_c, text, run)


def _segment(textpage: Any, pdfium_c: Any, text: str, run: list[int]) -> Iterator[Segment]:
    """One run's segment: its text, the box of its visible characters (their advance
    widths, from ascent to descent of the font, as PDFium's loose boxes give them) and its
    font size."""
    shown = [i for i in run if i >= 0]
    if not shown:
        return
    words = "".join(" " if i < 0 else text[i] for i in run).strip()
    first, last = shown[0], shown[-1]
    left, bottom, _, top = textpage.get_charbox(first, loose=True)
    right = textpage.get_charbox(last, loose=True)[2]
    size = pdfium_c.FPDFText_GetFontSize(textpage.raw, first) or (top - bottom)
    yield Segment(words, left, bottom, right, top, size)
