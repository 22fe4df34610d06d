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
    """The page's text runs, as PDFium's rectangles group them, each with exactly the
    characters inside it. Characters are taken by index, not by area: asking for the
    text inside a rectangle also returns the glyphs of a neighbour that overlaps it (a
    kerned pair, a browser's printed page), which doubled letters ("Te" "Technical").
    A run's left and right are those of its first and last visible character, so the
    gap to the next run is the real space between the words."""
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count) if count else ""
    rects = [textpage.get_rect(i) for i in range(textpage.count_rects())]
    which = 0
    run: list[int] = []  # indices of the run's characters
    for i, char in enumerate(text[:count]):
        left, bottom, right, top = textpage.get_charbox(i)
        if right <= left and top <= bottom:  # generated: a space or a line break
            if run and char not in "\r\n":
                run.append(-1)
            continue
        x, y = (left + right) / 2, (bottom + top) / 2
        while which < len(rects):
            r_left, r_bottom, r_right, r_top = rects[which]
            if r_left - 0.5 <= x <= r_right + 0.5 and r_bottom - 0.5 <= y <= r_top + 0.5:
                break
            if run:
                yield from _segment(textpage, pdfium_c, text, run)
                run = []
            which += 1
        run.append(i)
    if run:
        yield from _segment(textpage, pdfium_c, text, run)


def _segment(textpage: Any, pdfium_c: Any, text: str, run: list[int]) -> Iterator[Segment]:
    """One run's segment: its text with spaces tidied, the box of its visible characters
    (ascent to descent of its font, as PDFium's loose box gives it) and its font size."""
    shown = [i for i in run if i >= 0 and not text[i].isspace()]
    if not shown:
        return
    words = " ".join("".join(" " if i < 0 else text[i] for i in run).replace("\r", " ")
                     .replace("\n", " ").split())
    first, last = shown[0], shown[-1]
    left = textpage.get_charbox(first)[0]
    right = textpage.get_charbox(last)[2]
    _, bottom, _, top = textpage.get_charbox(first, loose=True)
    size = pdfium_c.FPDFText_GetFontSize(textpage.raw, first) or (top - bottom)
    yield Segment(words, left, bottom, right, top, size)
