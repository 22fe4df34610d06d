"""Reading a newsletter edition's plain text: its masthead, articles and sentences.

One implementation serves both curator's tools: `verify-sources` (is a milestone's date
written in its cited article?) and `scan` (which dated statements does an edition make?).
`split_articles` cuts the text into articles (`split`: by the index when there is one,
else by headings); the takeaway paragraph and the full article of one heading are one
article. The dates in them are read by `written_dates`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sesec_deadlines.curation.split import Article as Article
from sesec_deadlines.curation.split import articles as articles
from sesec_deadlines.curation.split import index_headings as index_headings
from sesec_deadlines.curation.split import split_articles as split_articles
from sesec_deadlines.curation.words import MONTHS as MONTHS
from sesec_deadlines.curation.words import normalize as normalize

MASTHEAD_CHARS = 2000  # a masthead is looked for in the first characters of the text


def has_masthead(text: str, masthead: str) -> bool:
    """Whether the start of an edition's text carries this masthead (any case, dash, spacing)."""
    wanted = normalize(masthead)
    return bool(wanted) and wanted in normalize(text[:MASTHEAD_CHARS])


def recognise(text: str, mastheads: dict[str, str]) -> str | None:
    """The key of the edition whose masthead (key -> masthead) the text starts with.

    When several match, the longest masthead wins ("November - December 2024" over a
    publication's bare name)."""
    found = [(len(normalize(m)), key) for key, m in mastheads.items() if has_masthead(text, m)]
    return max(found)[1] if found else None


_ABBREVIATIONS = frozenset(
    ["no", "nos", "mr", "mrs", "ms", "dr", "prof", "art", "arts", "e.g", "i.e", "etc", "vs",
     "st", "co", "ltd", "inc", "fig", "vol", "para", "approx", "incl", "jr", "sr"]
    + [m for m in MONTHS if len(m) <= 4 and m not in ("may", "june", "july")])
_BOUNDARY_RE = re.compile(r"(?<=[.!?;])[\"”’)]*\s+(?=[\"“(\[]?[A-Z0-9])")
_MON = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# a line led by a date set apart ("  1 Jan   CCC applies", "2027-03-01: ...") is an item
_DATED_ITEM = (rf"[ \t]*(?:\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s+{_MON}(?:\s+\d{{4}})?"
               rf"|{_MON}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}})"
               r"(?:[ \t]{2,}|\t|\s*:\s|\s[-–]\s|\s\()")
_PARAGRAPH_RE = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*•·]|\d{1,2}[.)])\s)|\n(?=\s*#)|\n(?=\|)"
                           rf"|\n(?={_DATED_ITEM})", re.IGNORECASE)


def sentences(text: str) -> Iterator[str]:
    """The sentences of a text, white space collapsed; list items and table rows count as
    paragraphs of their own, and a stop after "No." or "Art." ends no sentence."""
    for paragraph in _PARAGRAPH_RE.split(text):
        flat = " ".join(paragraph.split()).strip()
        flat = flat.lstrip("-*•·# ").strip()
        if not flat:
            continue
        start = 0
        for m in _BOUNDARY_RE.finditer(flat):
            before = flat[start:m.start()].rstrip("\"”’)")
            word = before.rsplit(None, 1)[-1].rstrip(".").casefold() if before else ""
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
            yield flat[start:m.start()].strip()
            start = m.end()
        if flat[start:].strip():
            yield flat[start:].strip()
