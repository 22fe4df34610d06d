"""What a line of an edition's text is: a title, prose, a table cell, a hashtag label,
an item of a numbered list. `split` cuts articles with these."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sesec_deadlines.curation.words import MONTHS

PAGE_RE = re.compile(r"(?:\s*\.{2,}\s*|\t+|\s+)(?:(?:p|pp|pg|page)\.?\s?)?\d{1,3}\s*$",
                      re.IGNORECASE)
TABLE_ROW_RE = re.compile(r"^\|\s*(.*?)\s*\|(?:\s*(?:[Pp]\.?\s?)?(\d{1,3})?\s*\|)?$")
NUMBERING_RE = re.compile(r"^\s*(?:\d{1,3}|[IVXivx]{1,4}|[A-Za-z])[.)]\s+")  # "12.", "IV.", "a)"
TAG_RE = re.compile(r"\s+#\s?\w.*$")
MARKERS = frozenset(("index", "contents", "content", "table of contents", "in this issue",
                      "in this edition", "inside this issue", "this issue", "overview"))
SUMMARY = frozenset(("takeaways", "key takeaways", "highlights", "summary", "in brief"))
NUMBERED_RE = re.compile(r"^\s*#*\s*(\d{1,2})[.)]?\s+(\S.{8,180})$")
MD_HEADING_RE = re.compile(r"^\s*#{1,6}\s+\S")
_CUT_RE = re.compile(r",\s+(?:the|a|an|which|this|it|we|they)\s|\s(?:the|a|an|of|and|or|to|in"
                     r"|on|for|with|by|from|that|as|at|is|are|was|were)$")
_HASHTAG_RE = re.compile(r"^\s*#[^\s#]")
_NOT_TITLE_RE = re.compile(r"https?://|www\.|^(?:source|figure|fig|table|chart|photo|image"
                           r"|download|note|notes|link|read more|click)\b|[a-z]{3}\.\s+[A-Z]",
                           re.IGNORECASE)
_BULLET_RE = re.compile(r"^\s*(?:[-*•·▪●◦]|\(?\d{1,2}\)|[a-z][.)])\s")
_STOP_END = (".", ",", ";", ":")
STANDARD_RE = re.compile(r"\b(?:GB|[A-Z]{2}/[TZ]|GB/[TZ]|ISO|IEC|T/[A-Z]+)\s?\d")
DATEISH_RE = re.compile(r"\b(?:19|20)\d{2}\b|\b\d{1,2}[/.-]\d{1,2}\b")

def bare(line: str) -> str:
    """A line without Markdown heading marks, emphasis or list numbering."""
    return NUMBERING_RE.sub("", line.replace("*", "").strip().lstrip("#").strip())


def is_prose(line: str) -> bool:
    """A line of running text: long, with a sentence's stop after a word, or (a line of
    text wrapped at a fixed width) long enough and mostly in lower case."""
    text = NUMBERING_RE.sub("", line.strip())
    if len(text) >= 160 or (len(text) >= 50 and re.search(
            r"[\w)”\"’'][.!?;:][\"')”’]*(?:\s|$)", text)):
        return True
    words = [w for w in text.split() if len(w) > 3 and w[:1].isalpha()]
    return len(text) >= 60 and len(words) >= 6 and sum(w[0].islower() for w in words) \
        > 0.6 * len(words)


def is_tag(line: str) -> bool:
    """A hashtag line ("#Data Security") that labels an article: never a heading."""
    return bool(_HASHTAG_RE.match(line))


def is_cell(line: str) -> bool:
    """A short line of a standard number, or mostly figures: a flattened table's cell (a
    labelled date line is none)."""
    text = line.strip()
    if len(text) >= 60 or text.endswith((".", "!", "?")) or is_dateline(text):
        return False
    figures = sum(c.isdigit() for c in text)
    return (bool(STANDARD_RE.search(text)) and len(text.split()) <= 4) or (
        figures * 4 >= len(text.replace(" ", "")) > 0)


_COLUMNS_RE = re.compile(r"(?<=\S) {2,}(?=\S)")
_DATELINE_WORDS = frozenset((
    "issue", "no", "vol", "volume", "edition", "number", "prepared", "posted", "published",
    "updated", "date", "dated", "as", "of", "on", "by", "week", "released", "issued",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon",
    "tue", "wed", "thu", "fri", "sat", "sun", "st", "nd", "rd", "th", "am", "pm", "gmt",
    "utc", "cst"))


def is_date_line(line: str) -> bool:
    """A line that only dates the text: "Issue 46 · 20 November 2026", "Prepared 10
    December 2026", "Posted: 2026-11-25" (a dateline, not a title)."""
    words = re.findall(r"[A-Za-z]+", line.casefold())
    has_date = bool(re.search(r"\d", line)) and (
        any(w in MONTHS for w in words) or bool(re.search(r"\d{4}[-/.]\d{1,2}", line)))
    return has_date and all(w in MONTHS or w in _DATELINE_WORDS for w in words)


def is_dateline(line: str) -> bool:
    """A date line with a label ("Issue 46 · 20 November 2026", "Posted 25 Nov 2026"):
    the text's own date, no table cell."""
    words = re.findall(r"[A-Za-z]+", line.casefold())
    return is_date_line(line) and any(w not in MONTHS for w in words)


def title_like(line: str) -> bool:
    """Short, not closed by a stop, starting like a title, with words in it."""
    text = line.strip()
    if not text or text.startswith("|") or (_BULLET_RE.match(text) and not NUMBERING_RE.match(
            text)):
        return False
    title = TAG_RE.sub("", bare(text)).strip()
    if is_date_line(title):
        return False
    words = title.split()
    if not 8 <= len(title) <= 180 or len(words) > 28 or _NOT_TITLE_RE.search(title):
        return False
    if title.endswith(_STOP_END) or not (title[0].isupper() or title[0].isdigit()
                                         or title[0] in "\"“'‘"):
        return False
    if text.count("\t") > 1 or text.count("|") > 1 or len(_COLUMNS_RE.findall(text)) > 1 \
            or _CUT_RE.search(title):
        return False  # a table row (tabs, columns aligned by spaces), or text cut short
    long_words = [w for w in words if len(w) > 3 and w[:1].isalpha()]
    if len(words) > 12 and sum(w[0].isupper() for w in long_words) < 0.5 * len(long_words):
        return False  # a long line in sentence case: running text cut at a line end
    return sum(w[:1].isalpha() for w in words) >= 2


# --- the index -------------------------------------------------------------------------


def next_index(lines: Sequence[str], i: int) -> int | None:
    """The next line with text, hashtag lines passed over."""
    return next((j for j in range(i + 1, min(i + 8, len(lines)))
                 if lines[j].strip() and not is_tag(lines[j])), None)


def next_text(lines: Sequence[str], i: int) -> str:
    j = next_index(lines, i)
    return "" if j is None else lines[j]


def followed_by_prose(lines: Sequence[str], i: int) -> bool:
    """The next line is prose, or a short line (a date, a byline, a label) and then prose;
    a second short line may come between if it is no title ("To all manufacturers:")."""
    j = next_index(lines, i)
    if j is None or lines[j].strip()[:1].islower():  # a sentence going on
        return False
    for n in range(3):
        if is_prose(lines[j]):
            return True
        short = len(lines[j].strip()) < 60 and not NUMBERED_RE.match(lines[j])
        if not short or (n and title_like(lines[j])):
            return False
        following = next_index(lines, j)
        if following is None:
            return False
        j = following
    return False


def in_list(lines: Sequence[str], i: int, n: int) -> bool:
    """Whether the numbered line `i` (number `n`) is an item of a list: the line after it
    is numbered n+1, or the line before it n-1."""
    after = NUMBERED_RE.match(next_text(lines, i).replace("*", ""))
    before = next((lines[j] for j in range(i - 1, max(i - 4, -1), -1) if lines[j].strip()), "")
    prior = NUMBERED_RE.match(before.replace("*", ""))
    return bool(after and int(after.group(1)) == n + 1) or bool(
        prior and int(prior.group(1)) == n - 1)


def index_entry(line: str) -> str | None:
    """The heading of an index entry with a page number, or None."""
    row = TABLE_ROW_RE.match(line.strip())
    if row:
        return row.group(1).strip(" .") if row.group(2) or "|" not in row.group(1) else None
    page = PAGE_RE.search(line)
    if page is None or "|" in line:
        return None
    return bare(line[: page.start()]).strip(" .")


RUN_RE = re.compile(r"\s(?:[Pp]\.?\s?)?\d{1,3}\s+(?=[A-Z\"“])")


def _title_case(text: str) -> bool:
    words = [w for w in text.split() if len(w) > 3 and w[:1].isalpha()]
    return sum(w[0].isupper() for w in words) * 2 > len(words)


_COUNTED = frozenset(("top", "no", "phase", "part", "article", "chapter", "section", "vol",
                      "issue", "edition", "group", "class", "level", "grade", "batch", "round",
                      "the", "of", "and", "for", "in", "on", "to", "with", "first", "last", "annex",
                      "appendix", "table", "figure"))


def run_together(line: str) -> list[str]:
    """The entries of an index line that runs several together ("Pilot 2 Packaging Rules
    3 Data ..."), each of at least two words; the line itself when it is one."""
    out: list[str] = []
    text = line.strip()
    if "|" in text or "\t" in text:
        return [line]
    position = 0
    for m in RUN_RE.finditer(text):
        piece = text[position:m.start()].strip(" .")
        if len(piece.split()) < 2 or piece.split()[-1].casefold().strip(":,") in _COUNTED \
                or not _title_case(piece):
            return [line]  # "Top 10 Events", "Phase 2 Rules": a number of the title
        out.append(piece)
        position = m.end()
    return [*out, text[position:]] if out else [line]
