"""Reading a newsletter edition's plain text: its masthead, articles and sentences.

One implementation serves both curator's tools: `verify-sources` (is a milestone's date
written in its cited article?) and `scan` (which dated statements does an edition make?).
`split_articles` cuts the text into articles by the headings of the edition's index and
the numbered headings of its body; the takeaway paragraph and the full article of one
heading are one article. The dates in them are read by `written_dates`.
"""

from __future__ import annotations

import calendar
import difflib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

MONTHS = {name.casefold(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.casefold(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_PAGE_RE = re.compile(r"(?:\s*\.{2,}\s*|\t+|\s+)\d{1,3}\s*$")
_TABLE_ROW_RE = re.compile(r"^\|\s*(.*?)\s*\|\s*(\d{1,3})\s*\|$")
_NUMBERING_RE = re.compile(r"^\s*(?:\d{1,3}|[IVXivx]{1,4}|[A-Za-z])[.)]\s+")  # "12.", "IV.", "a)"
_TAG_RE = re.compile(r"\s+#\s?\w.*$")
_TRANSLATE = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-",
                            "\u00a0": " ", "\t": " "})
MASTHEAD_CHARS = 2000  # a masthead is looked for in the first characters of the text


def normalize(text: str) -> str:
    """Casefold, straighten quotes and dashes, collapse white space."""
    return " ".join(text.translate(_TRANSLATE).casefold().split()).strip(" .:")


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


# --- articles ------------------------------------------------------------------------


def _bare(line: str) -> str:
    """A line without Markdown heading marks, emphasis or list numbering."""
    return _NUMBERING_RE.sub("", line.replace("*", "").strip().lstrip("#").strip())


def index_headings(lines: Sequence[str]) -> tuple[list[str], int]:
    """Headings from the index (table of contents), and the line where the index ends.

    Index entries end in a page number after a tab, dot leaders or a space, or are rows of
    a Markdown table (`| heading | page |`); a long entry may wrap onto a second line.
    """
    try:
        start = next(i for i, line in enumerate(lines) if normalize(_bare(line)) == "index")
    except StopIteration:
        return [], 0
    headings: list[str] = []
    pending = ""
    end = len(lines)
    for i in range(start + 1, len(lines)):
        line = _bare(lines[i])
        if not line or set(line) <= set("|-: "):
            continue
        row = _TABLE_ROW_RE.match(lines[i].strip())
        page = _PAGE_RE.search(line)
        if row:
            title = row.group(1)
        elif page:
            title = (pending + " " + line[: page.start()]).strip(" .")
            pending = ""
        elif normalize(line) == "takeaways":
            end = i
            break
        else:
            pending = (pending + " " + line).strip()
            continue
        if title:
            headings.append(title)
    return headings, end


def _heading_matcher(headings: Sequence[str]) -> Callable[[str], str | None]:
    """Recognise a body line as one of the index headings.

    Body headings carry numbering ("11."), Markdown marks, trailing hashtags ("#IoT") and,
    now and then, a shortened or slightly different wording; so besides an exact match a
    line may be a long prefix of a heading or nearly the same text.
    """
    known = {normalize(h): normalize(h) for h in headings}
    # one matcher per heading: the heading's side is analysed once, not once per line
    matchers = [(h, difflib.SequenceMatcher(None, "", h)) for h in known]

    def match(line: str) -> str | None:
        if len(line) > 220:
            return None
        bare = _bare(_PAGE_RE.sub("", line))
        candidate = normalize(bare)
        if candidate in known:
            return candidate
        candidate = normalize(_TAG_RE.sub("", bare))
        if len(candidate) < 12:
            return known.get(candidate)
        if candidate in known:
            return candidate
        for heading, matcher in matchers:
            if heading.startswith(candidate) and len(candidate) >= 0.6 * len(heading):
                return heading
            matcher.set_seq1(candidate)
            if (matcher.real_quick_ratio() >= 0.9 and matcher.quick_ratio() >= 0.9
                    and matcher.ratio() >= 0.9):
                return heading
        return None

    return match


_NUMBERED_RE = re.compile(r"^\s*#*\s*(\d{1,2})\.\s+(\S.{8,180})$")


def split_articles(text: str) -> tuple[list[str], dict[str, str]]:
    """The edition's headings and the text under each (normalized heading -> text).

    Besides the index's headings, a numbered body heading that continues the article
    numbering ("13. China Issued ...") starts an article, since some indexes skip pages.
    """
    lines = text.splitlines()
    headings, body_start = index_headings(lines)
    match = _heading_matcher(headings)
    articles: dict[str, list[str]] = {}
    current: str | None = None
    number = 0
    for line in lines[body_start:]:
        if not line.strip():
            if current is not None:
                articles[current].append(line)
            continue
        heading = match(line)
        numbered = _NUMBERED_RE.match(line.replace("*", ""))
        if heading is None and numbered and int(numbered.group(1)) == number + 1 \
                and not numbered.group(2).rstrip().endswith((".", ":", ";", ",")):
            title = _TAG_RE.sub("", numbered.group(2)).strip()
            headings.append(title)
            heading = normalize(title)
        if heading is not None:
            if numbered:
                number = int(numbered.group(1))
            current = heading
            articles.setdefault(current, [])
            continue
        if current is not None:
            articles[current].append(line)
    return headings, {k: "\n".join(v) for k, v in articles.items()}


@dataclass(frozen=True)
class Article:
    heading: str  # as the index prints it
    text: str


def articles(text: str) -> list[Article]:
    """The articles of an edition in the order of its headings, each with its text."""
    headings, bodies = split_articles(text)
    out: list[Article] = []
    seen: set[str] = set()
    for heading in headings:
        key = normalize(heading)
        if key in bodies and key not in seen:
            seen.add(key)
            out.append(Article(heading, bodies[key]))
    return out


_ABBREVIATIONS = frozenset(
    ["no", "nos", "mr", "mrs", "ms", "dr", "prof", "art", "arts", "e.g", "i.e", "etc", "vs",
     "st", "co", "ltd", "inc", "fig", "vol", "para", "approx", "incl", "jr", "sr"]
    + [m for m in MONTHS if len(m) <= 4 and m not in ("may", "june", "july")])
_BOUNDARY_RE = re.compile(r"(?<=[.!?;])[\"”’)]*\s+(?=[\"“(\[]?[A-Z0-9])")
_PARAGRAPH_RE = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*•·]|\d{1,2}[.)])\s)|\n(?=\s*#)|\n(?=\|)")


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
