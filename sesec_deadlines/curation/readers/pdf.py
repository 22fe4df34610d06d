"""A PDF's text as positioned lines, by pypdfium2 (PDFium's text layer).

Why PDFium: of the maintained extractors compared on our printed editions (docs/curation,
"Inputs"), it gives the best text fastest (a 35-page edition in about 0.3 s, against 1 s
for pypdf, 4 s for pdfminer.six and 11 s for pdfplumber), ships as one self-contained
wheel with no dependencies, is under a permissive licence (Apache-2.0 / BSD-3-Clause) and
gives each character's box, from which runs of text get the positions the layout step
needs to tell a paragraph's end, a heading, a table row or a page's header and footer. It
is imported only here, when a PDF is read.
"""

from __future__ import annotations

import re
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


_WORD_RE = re.compile(r"\S+")


def _segments(textpage: Any, pdfium_c: Any) -> Iterator[Segment]:
    """The page's text runs, made from its words in PDFium's reading order. A run ends at
    a line break, where the next word sits on another line, or where it stands a wide gap
    away (a table's next cell). Text is taken by character index, never by area: the text
    inside a rectangle also holds the glyphs of a neighbour that overlaps it (a kerned
    pair, a browser's printed page), which doubled letters. Within a word PDFium's text
    has no break (it puts a space or a line break wherever glyphs stand apart), so only a
    word's first and last characters are measured. Boxes are PDFium's loose ones (the
    advance width, from the font's ascent to its descent), so the gap between two words is
    the real space between them."""
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    text = textpage.get_text_range(0, count) if count > 0 else ""
    box = pdfium_c.FS_RECTF()
    loose_box = pdfium_c.FPDFText_GetLooseCharBox
    font_size = pdfium_c.FPDFText_GetFontSize
    words: list[str] = []  # the run's words and the spaces between them
    first_left = first_bottom = first_top = size = 0.0
    last_right = last_middle = last_height = 0.0
    end = 0
    for match in _WORD_RE.finditer(text, 0, count):
        start, stop = match.span()
        between = text[end:start]
        end = stop
        if words and ("\r" in between or "\n" in between):
            yield _segment(words, first_left, first_bottom, last_right, first_top, size)
            words = []
        spaced = bool(between)
        loose_box(raw, start, box)
        left, bottom, top = box.left, box.bottom, box.top
        if stop - start > 1:
            loose_box(raw, stop - 1, box)
        right = box.right
        middle, height = (bottom + top) / 2, top - bottom
        if words:
            gap = left - last_right
            if abs(middle - last_middle) > 0.6 * max(height, last_height, 1.0) \
                    or gap > 1.2 * size or gap < -size:
                yield _segment(words, first_left, first_bottom, last_right, first_top, size)
                words = []
            elif spaced or gap > 0.15 * size:
                words.append(" ")  # a space, or words set apart by position alone
        if not words:
            size = font_size(raw, start) or height
            first_left, first_bottom, first_top = left, bottom, top
        words.append(match.group())
        last_right, last_middle, last_height = right, middle, height
    if words:
        yield _segment(words, first_left, first_bottom, last_right, first_top, size)


def _segment(words: list[str], left: float, bottom: float, right: float, top: float,
             size: float) -> Segment:
    """One run's segment: its text, from its first character's left to its last one's
    right, the first one's ascent and descent, and its font size."""
    return Segment("".join(words), left, bottom, right, top, size)
