"""Text of any shape made plain: the page furniture of printed and hosted text removed,
wrapped lines re-flowed into paragraphs.

The steps, each for a class of input rather than one file:
- e-mail quoting: "> " marks taken off, each quoted passage a paragraph;
- page breaks: form feeds, or "Page N" / "Page N: ..." header lines a host inserts;
- running lines: a line that recurs at the top or bottom of many pages (digits aside, so
  "Newsletter P4" and "Newsletter P5" are one line) is a header or footer;
- page numbers on a line of their own: "12", "P4", "Page 3 of 40", "- 12 -", "3/40";
- dot leaders: "Heading ........ 5" is the index entry "Heading<TAB>5";
- hyphenation: "regu-" + "lation" is "regulation" unless the text writes the word with
  its hyphen elsewhere; "4706.1-" + "2024" keeps its hyphen;
- re-flowing: in text wrapped at a fixed width a line is joined to the next unless the
  next line's first word would have fitted on it (the break was the writer's).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from sesec_deadlines.curation.readers.linekinds import (
    ENTRY_RE,
    HOST_PAGE_RE,
    TERMINAL,
    dehyphenate,
    is_page_number,
    leaders,
    tidy,
)
from sesec_deadlines.curation.readers.reflow import is_wrapped, reflow

RUNNING_MIN_PAGES = 3
EDGE_LINES = 2  # how many lines at the top and bottom of a page may be running lines


def clean_text(text: str) -> str:
    """Plain text or Markdown of any shape, normalised for the article splitter."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00ad", "")
    text = unquote(text)
    pages = split_pages(text)
    lines = join_pages(drop_running(pages))
    lines = leaders([line.rstrip() for line in lines])
    lines = [line for i, line in enumerate(lines) if not is_page_number(line)
             or _index_page(lines, i)]
    lines = reflow(lines) if is_wrapped(lines) else dehyphenate(lines)
    return tidy("\n".join(lines))


_QUOTE_RE = re.compile(r"^[ \t]*(?:>[ \t]?)+")


def unquote(text: str) -> str:
    """An e-mail's quoted lines ("> ...", "> > ...") as plain lines, each quoted passage
    a paragraph of its own: the notice a writer quotes is read as the notice."""
    lines = text.split("\n")
    if sum(bool(_QUOTE_RE.match(line)) for line in lines) < 2:
        return text
    out: list[str] = []
    quoted = False
    for line in lines:
        inside = bool(_QUOTE_RE.match(line))
        if inside != quoted and out and out[-1].strip():
            out.append("")
        out.append(_QUOTE_RE.sub("", line) if inside else line)
        quoted = inside
    return "\n".join(out)


def _index_page(lines: Sequence[str], i: int) -> bool:
    """Whether a number alone on a line is the page of the index entry above it (a title
    without a page number, following entries that have theirs)."""
    if not re.fullmatch(r"\s*\d{1,3}\s*", lines[i]):
        return False
    above = [line for line in lines[max(0, i - 4):i] if line.strip()]
    return len(above) >= 2 and not ENTRY_RE.search(above[-1]) \
        and any(ENTRY_RE.search(line) for line in above[:-1])


def split_pages(text: str) -> list[list[str]]:
    """Pages by form feeds, or by the "Page N" lines a host puts at the top of each page
    (those lines dropped); one page when there are neither."""
    if "\f" in text:
        return [page.split("\n") for page in text.split("\f")]
    lines = text.split("\n")
    marks = [i for i, line in enumerate(lines) if HOST_PAGE_RE.match(line)]
    if len(marks) < 2:
        return [lines]
    pages: list[list[str]] = []
    start = 0
    for mark in [*marks, len(lines)]:
        pages.append(lines[start:mark])
        start = mark + 1
    return pages


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).casefold()


def drop_running(pages: Sequence[list[str]]) -> list[list[str]]:
    """The pages without their running headers and footers: lines (digits aside) found
    among the first or last few lines of at least three pages and of a third of them."""
    if len(pages) < RUNNING_MIN_PAGES:
        return [list(p) for p in pages]
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({_shape(line) for line in _edges(page)})
    need = max(RUNNING_MIN_PAGES, len(pages) // 3)
    running = {shape for shape, n in seen.items() if n >= need and shape}
    out: list[list[str]] = []
    for number, page in enumerate(pages):
        edges = {id(line) for line in _edges(page)}
        top = {id(line) for line in [x for x in page if x.strip()][:EDGE_LINES]}
        keep = [line for line in page
                if id(line) not in edges or _shape(line) not in running
                or (number == 0 and id(line) in top)]
        out.append(keep)
    return out


def _edges(page: Sequence[str]) -> list[str]:
    filled = [line for line in page if line.strip()]
    return filled[:EDGE_LINES] + filled[-EDGE_LINES:]


def join_pages(pages: Sequence[list[str]]) -> list[str]:
    """The pages' lines in one list; a paragraph broken by the page break is joined when
    the page ends without a stop and the next starts in lower case."""
    lines: list[str] = []
    for page in pages:
        body = list(page)
        while body and not body[0].strip():
            body.pop(0)
        if lines and body and lines[-1].strip() and not lines[-1].rstrip().endswith(TERMINAL) \
                and body[0][:1].islower():
            lines[-1] = lines[-1].rstrip() + " " + body.pop(0).strip()
        elif lines and body:
            lines.append("")
        lines.extend(body)
    return lines
