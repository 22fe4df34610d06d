"""Checking milestones against the text of the newsletter editions they cite.

An edition's text is split into articles by the headings its index lists; a milestone is
confirmed when its date appears, in one of its written forms, in the text under the cited
heading (the takeaway paragraph and the full article both count).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sesec_deadlines.core.dates import PartialDate
from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.vocab import EDITIONS, Certainty, Kind, Precision
from sesec_deadlines.curation.edition_text import MONTHS, normalize, split_articles
from sesec_deadlines.curation.written_dates import DateMention, find_dates

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_EDITION_RE = re.compile(
    rf"\b({_MONTH_ALT})\w*\s*[-–—]\s*({_MONTH_ALT})\w*\s+(\d{{4}})\b", re.IGNORECASE)

@dataclass
class Edition:
    key: str
    file: Path
    headings: list[str]
    articles: dict[str, str] = field(default_factory=dict)  # normalized heading -> text
    reference: date = date.min  # the edition's date, for days written without a year

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
        year, month = int(key[:4]), int(key[5:7])
        reference = date(year + month // 12, month % 12 + 1, 1)  # mid-way through the issue
        editions[key] = Edition(key, path, headings, articles, reference)
    return editions


def dates_mentioned(text: str, reference: date, limit: int = 8) -> list[str]:
    seen: list[str] = []
    for mention in find_dates(" ".join(text.split()), reference):
        if mention.written not in seen:
            seen.append(mention.written)
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
    mentions = find_dates(" ".join(text.split()), edition.reference)
    found = _find(when, mentions, edition.reference)
    if found is None and when.precision is Precision.DAY \
            and entry.milestone.kind is Kind.TRANSITION_END:
        # A transition's last day is often written as the first day of compliance.
        after = when.start + timedelta(days=1)
        found = _find(PartialDate.of(after), mentions, edition.reference)
        if found is not None:
            found += " (the first day after the transition)"
    if found is not None:
        return Finding(entry, True, "found", found)
    mentioned = ", ".join(dates_mentioned(text, edition.reference)) or "no dates"
    return Finding(entry, False, f"{when.describe()} is not in “{src.article}”",
                   f"the article mentions: {mentioned}")


def _find(when: PartialDate, mentions: list[DateMention], reference: date) -> str | None:
    """How the article writes the date, if it does."""
    for mention in mentions:
        if _confirms(mention, when, reference):
            return mention.written + (" (year inferred from the edition)"
                                      if mention.inferred else "")
    return None


def _confirms(mention: DateMention, when: PartialDate, reference: date) -> bool:
    """Whether a date written in the article is the milestone's date.

    A day and month written without a year confirm a day date of the same day and month
    within a year of the edition; a day in the milestone's month confirms a month date.
    """
    found = mention.date
    if when.precision is Precision.DAY:
        if mention.precision != "day" or (found.month, found.day) != (when.month, when.day):
            return False
        return found.year == when.year if not mention.inferred \
            else abs(when.year - reference.year) <= 1
    if mention.precision not in ("day", "month") or mention.inferred:
        return False
    return (found.year, found.month) == (when.year, when.month)
