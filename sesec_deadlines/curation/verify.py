"""Checking milestones against the text of the newsletter editions they cite.

An edition's text is split into articles by the headings its index lists; a milestone is
confirmed when its date appears, in one of its written forms, in the text under the cited
heading (the takeaway paragraph and the full article both count).
"""

from __future__ import annotations

import calendar
import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sesec_deadlines.core.dates import PartialDate
from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.vocab import EDITIONS, Certainty, Kind, Precision

MONTHS = {name.casefold(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.casefold(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_EDITION_RE = re.compile(
    rf"\b({_MONTH_ALT})\w*\s*[-–—]\s*({_MONTH_ALT})\w*\s+(\d{{4}})\b", re.IGNORECASE)
_PAGE_RE = re.compile(r"(?:\s*\.{2,}\s*|\t+|\s+)\d{1,3}\s*$")
_TABLE_ROW_RE = re.compile(r"^\|\s*(.*?)\s*\|\s*(\d{1,3})\s*\|$")
_NUMBERING_RE = re.compile(r"^\s*(?:\d{1,3}|[IVXivx]{1,4}|[A-Za-z])[.)]\s+")  # "12.", "IV.", "a)"
_TAG_RE = re.compile(r"\s+#\s?\w.*$")
_TRANSLATE = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-",
                            "\u00a0": " ", "\t": " "})


def normalize(text: str) -> str:
    """Casefold, straighten quotes and dashes, collapse white space."""
    return " ".join(text.translate(_TRANSLATE).casefold().split()).strip(" .:")


@dataclass
class Edition:
    key: str
    file: Path
    headings: list[str]
    articles: dict[str, str] = field(default_factory=dict)  # normalized heading -> text

    def article(self, heading: str) -> str | None:
        return self.articles.get(normalize(heading))

    def closest(self, heading: str) -> str | None:
        wanted = normalize(heading)
        names = {normalize(h): h for h in self.headings}
        close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.6)
        return names[close[0]] if close else None


def detect_edition(text: str) -> str | None:
    """The edition key ("2024-11") from the masthead's "November - December 2024"."""
    m = _EDITION_RE.search(text[:2000])
    if not m:
        return None
    return f"{int(m.group(3)):04d}-{MONTHS[m.group(1).casefold()[:3]]:02d}"


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
        for heading in known:
            if heading.startswith(candidate) and len(candidate) >= 0.6 * len(heading):
                return heading
            matcher = difflib.SequenceMatcher(None, candidate, heading)
            if matcher.real_quick_ratio() >= 0.9 and matcher.ratio() >= 0.9:
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


def load_editions(directory: Path) -> dict[str, Edition]:
    editions: dict[str, Edition] = {}
    for path in sorted(directory.iterdir()):
        if path.suffix.lower() != ".txt" or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        key = detect_edition(text)
        if key is None or key not in EDITIONS:
            continue
        headings, articles = split_articles(text)
        editions[key] = Edition(key, path, headings, articles)
    return editions


def date_patterns(year: int, month: int, day: int | None, *, with_year: bool) -> list[str]:
    """Regular expressions for the ways an English text writes a date."""
    names = [n for n, i in MONTHS.items() if i == month]
    mon = "(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\.?"
    y = str(year)
    if day is None:
        pats = [rf"\b{mon},?\s+(?:of\s+)?{y}\b", rf"\b{y}-0?{month}\b(?!-\d)",
                rf"\b{y}/0?{month}\b(?!/\d)", rf"{y}年0?{month}月"]
        return pats
    d = rf"0?{day}(?:st|nd|rd|th)?"
    pats = [rf"\b{y}-0?{month}-0?{day}\b", rf"\b{y}/0?{month}/0?{day}\b",
            rf"\b{y}\.0?{month}\.0?{day}\b", rf"{y}年0?{month}月0?{day}日"]
    if with_year:
        pats += [rf"\b{d}\s+(?:of\s+)?{mon},?\s+{y}\b", rf"\b{mon}\s+{d},?\s+{y}\b"]
    else:
        pats += [rf"\b{d}\s+(?:of\s+)?{mon}\b", rf"\b{mon}\s+{d}\b(?!\s*,?\s*\d{{4}})"]
    return pats


_ANY_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH_ALT})\.?,?(?:\s+\d{{4}})?"
    rf"|(?:{_MONTH_ALT})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?(?:\s+\d{{4}})?"
    rf"|(?:{_MONTH_ALT})\.?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b", re.IGNORECASE)


def dates_mentioned(text: str, limit: int = 8) -> list[str]:
    seen: list[str] = []
    for m in _ANY_DATE.finditer(" ".join(text.split())):
        if m.group(0) not in seen:
            seen.append(m.group(0))
        if len(seen) >= limit:
            break
    return seen


@dataclass(frozen=True)
class Finding:
    entry: Entry
    confirmed: bool
    reason: str
    how: str = ""  # the form found, or the dates the article does mention


def wants_check(entry: Entry) -> bool:
    m = entry.milestone
    return (m.after is None and m.date is not None
            and m.certainty in (Certainty.OFFICIAL, Certainty.PROPOSED)
            and m.date.precision in (Precision.DAY, Precision.MONTH))


def verify(entries: Iterable[Entry], editions: dict[str, Edition]) -> tuple[list[Finding], int]:
    """Findings for every milestone that wants checking, and how many were skipped because
    their edition is not in the directory."""
    findings: list[Finding] = []
    skipped = 0
    for entry in entries:
        if not wants_check(entry):
            continue
        src = entry.source
        edition = editions.get(src.edition or "")
        if edition is None:
            skipped += 1
            continue
        findings.append(_check(entry, edition))
    return findings, skipped


def _check(entry: Entry, edition: Edition) -> Finding:
    src = entry.source
    assert entry.milestone.date is not None
    when = entry.milestone.date
    text = edition.article(src.article or "")
    if text is None:
        close = edition.closest(src.article or "")
        hint = f"; closest heading: “{close}”" if close else ""
        return Finding(entry, False, f"the edition has no article “{src.article}”{hint}")
    flat = " ".join(text.split())
    found = _find(when, flat, edition)
    if found is None and when.precision is Precision.DAY \
            and entry.milestone.kind is Kind.TRANSITION_END:
        # A transition's last day is often written as the first day of compliance.
        after = when.start + timedelta(days=1)
        found = _find(PartialDate.of(after), flat, edition)
        if found is not None:
            found += " (the first day after the transition)"
    if found is not None:
        return Finding(entry, True, "found", found)
    mentioned = ", ".join(dates_mentioned(text)) or "no dates"
    return Finding(entry, False, f"{when.describe()} is not in “{src.article}”",
                   f"the article mentions: {mentioned}")


def _find(when: PartialDate, flat: str, edition: Edition) -> str | None:
    """How the article writes the date, if it does."""
    day = when.day if when.precision is Precision.DAY else None
    for with_year in (True, False):
        if not with_year and (day is None or abs(when.year - int(edition.key[:4])) > 1):
            break
        for pattern in date_patterns(when.year, when.month, day, with_year=with_year):
            m = re.search(pattern, flat, re.IGNORECASE)
            if m:
                return m.group(0) + ("" if with_year else " (year inferred from the edition)")
    return None
