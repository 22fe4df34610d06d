"""Finding every dated statement of an edition: the candidates a curator reviews.

A pure function: `scan_text(text, reference)` turns an edition's plain text and its date
into `Candidate`s (article, sentence, date or relative rule, suggested kind and
certainty); `review.review` then says of each whether the registry knows it already.
Articles and dates are read by `edition_text` and `written_dates`, as `verify-sources`
reads them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from sesec_deadlines.core.dates import Offset, PartialDate
from sesec_deadlines.core.vocab import Certainty, Kind
from sesec_deadlines.curation.edition_text import Article, articles, sentences
from sesec_deadlines.curation.kinds import suggest_certainty, suggest_kind
from sesec_deadlines.curation.relevance import CONTEXT, OBLIGATION, names_binding, relevance
from sesec_deadlines.curation.split import WHOLE_TEXT
from sesec_deadlines.curation.tables import split_tables
from sesec_deadlines.curation.written_dates import (
    DateMention,
    find_dates,
    month_heading,
    month_sections,
)

KNOWN = "known"
KNOWN_ELSEWHERE = "known_elsewhere"
NEW = "new"
STATUSES = (KNOWN, KNOWN_ELSEWHERE, NEW)


@dataclass(frozen=True)
class Candidate:
    """One dated statement of an edition.

    `text` is the sentence, for the curator's review only: it is never written into the
    registry. A relative statement ("13 months after approval") has no `date` but a
    `rule`: its `offset` and the `anchor` it counts from ("approval", "publication",
    "entry into force").
    """

    article: str  # the heading as the edition's index prints it
    text: str
    written: str  # the date or rule as the text writes it
    date: PartialDate | None
    precision: str | None  # day | month | quarter | half | year; None for a rule
    kind: Kind
    certainty: Certainty
    inferred: bool = False  # a day and month without a year, the year from the edition
    role: str | None = None  # "opening" / "closing" of a range
    period: int | None = None  # which quarter or half
    offset: Offset | None = None
    anchor: str | None = None
    status: str = NEW
    milestone: str | None = None  # the matching milestone id (of the same kind, if any)
    milestones: tuple[str, ...] = ()  # every matching milestone
    relevance: str = OBLIGATION  # obligation | context (`relevance.relevance`)
    standard: str | None = None  # the standard number of the sentence or table row

    @property
    def rule(self) -> str | None:
        if self.offset is None:
            return None
        return f"{self.offset} after {self.anchor}"

    def date_text(self) -> str | None:
        """The date as JSON gives it: "2026-08-01", "2026-08", "2026" (quarters and halves
        as their year), or None for a rule."""
        return self.date.iso() if self.date else None

    def when(self) -> str:
        """The date or rule in words, for the review table."""
        if self.date is None:
            return self.rule or ""
        if self.precision == "quarter":
            return f"Q{self.period} {self.date.year}"
        if self.precision == "half":
            return f"H{self.period} {self.date.year}"
        if self.precision == "year" and self.written[:1].isalpha():
            return f"{self.date.year} ({' '.join(self.written.split()[:-1])})"
        text = self.date.iso()
        if self.inferred:
            text += " (year inferred)"
        return text


# --- what a sentence says ----------------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fifteen": 15,
    "eighteen": 18, "twenty": 20, "twenty-four": 24, "thirty": 30, "thirty-six": 36,
    "forty-five": 45, "sixty": 60, "ninety": 90, "a": 1, "an": 1,
}
_NUM = r"(?P<n>\d{1,3}|" + "|".join(sorted((w for w in _NUMBER_WORDS if len(w) > 2),
                                           key=len, reverse=True)) + ")"
_UNIT = r"(?P<unit>day|week|month|year)s?"
_ANCHORS = (
    ("approval", r"approv"),
    ("publication", r"publi|issu|releas|promulgat|announce"),
    ("entry into force", r"entry into force|enter(?:s|ing)? into force|effective|take(?:s)? "
                         r"effect|implement|coming into force|come into force"),
)
_RULE_RE = re.compile(
    rf"\b(?:within\s+|(?:a|the)\s+(?:period\s+of\s+)?)?{_NUM}[- ]{_UNIT}\s+"
    rf"(?P<link>after|following|from|since|post-)(?P<rest>[^.;]{{0,60}})", re.IGNORECASE)
_NTH_MONTH_RE = re.compile(
    r"\b(?:from|in|since)\s+the\s+(?P<n>\d{1,3})(?:st|nd|rd|th)\s+(?P<unit>month|year)\s+"
    r"(?P<link>after|following)(?P<rest>[^.;]{0,60})", re.IGNORECASE)
_TRANSITION_RES = tuple(re.compile(pattern, re.IGNORECASE) for pattern in (
    rf"\b(?:(?:a|an|the)\s+)?{_NUM}[- ]{_UNIT}\s+(?:transition(?:al)?|grace|buffer)\s+period",
    rf"\b(?:transition(?:al)?|grace|buffer)\s+period\s+of\s+(?:up\s+to\s+)?{_NUM}[- ]{_UNIT}",
    rf"\bvalid(?:ity)?\s+(?:for|of)\s+(?:a\s+period\s+of\s+)?{_NUM}[- ]{_UNIT}"))

def _number(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBER_WORDS[text.casefold()]


def _anchor(rest: str) -> str | None:
    for name, pattern in _ANCHORS:
        if re.search(pattern, rest, re.IGNORECASE):
            return name
    return None


def _rules(sentence: str, heading: str) -> list[Candidate]:
    out: list[Candidate] = []
    for m in _RULE_RE.finditer(sentence):
        link = m.group("link").casefold()
        anchor = _anchor(m.group("rest")[:40] if link != "post-" else m.group("rest")[:15])
        if anchor is None:
            continue
        offset = Offset(_number(m.group("n")), m.group("unit").casefold())
        kind = suggest_kind(sentence, m.start("n"), m.end("unit"))
        if kind in (Kind.PUBLISHED, Kind.OTHER, Kind.COMMENT_CLOSE, Kind.COMMENT_OPEN):
            kind = Kind.ENTRY_INTO_FORCE
        written = " ".join(m.group(0).split())
        out.append(Candidate(heading, sentence, written, None, None, kind,
                             suggest_certainty(sentence, heading, kind), offset=offset,
                             anchor=anchor))
    for m in _NTH_MONTH_RE.finditer(sentence):  # "from the 13th month after": 12 months on
        anchor = _anchor(m.group("rest")[:40])
        if anchor is None or int(m.group("n")) < 2:
            continue
        offset = Offset(int(m.group("n")) - 1, m.group("unit").casefold())
        kind = suggest_kind(sentence, m.start(), m.end("unit"))
        if kind not in (Kind.MANDATORY_FROM, Kind.TRANSITION_END):
            kind = Kind.MANDATORY_FROM
        out.append(Candidate(heading, sentence, " ".join(m.group(0).split()), None, None, kind,
                             suggest_certainty(sentence, heading, kind), offset=offset,
                             anchor=anchor))
    for m in (m for pattern in _TRANSITION_RES for m in pattern.finditer(sentence)):
        offset = Offset(_number(m.group("n")), m.group("unit").casefold())
        kind = Kind.OTHER if m.group(0).casefold().startswith("valid") else Kind.TRANSITION_END
        out.append(Candidate(heading, sentence, " ".join(m.group(0).split()), None, None, kind,
                             suggest_certainty(sentence, heading, kind), offset=offset,
                             anchor="entry into force"))
    return out


_STANDARD_NUMBER_RE = re.compile(
    r"\b(?:GB(?:/[TZ])?|[A-Z]{2,3}/T|T/[A-Z]{2,10}|ISO(?:/IEC)?|IEC)\s?\d{1,6}(?:\.\d{1,3})*"
    r"(?:\s?[-—–]\s?(?:19|20)\d{2})?")


def standard_near(text: str, start: int) -> str | None:
    """The standard number written nearest before `start` (else the first after it)."""
    found = list(_STANDARD_NUMBER_RE.finditer(text))
    before = [m for m in found if m.start() < start]
    best = before[-1] if before else (found[0] if found else None)
    return " ".join(best.group(0).split()) if best else None


def _dated(sentence: str, heading: str, mention: DateMention,
           reference: date | None = None) -> Candidate:
    kind = suggest_kind(sentence, mention.start, mention.end, mention.role)
    if mention.role == "closing" and kind is Kind.COMMENT_OPEN:
        kind = Kind.COMMENT_CLOSE
    why = relevance(kind, sentence, heading, start=mention.start, end=mention.end,
                    when=mention.date.start, precision=mention.precision, reference=reference)
    return Candidate(heading, sentence, mention.written, mention.date, mention.precision, kind,
                     suggest_certainty(sentence, heading, kind), mention.inferred, mention.role,
                     mention.period, relevance=why,
                     standard=standard_near(sentence, mention.start))


_PERIODICAL_RE = re.compile(r"\b(?:edition|issue|newsletter|update|brief|bulletin|digest"
                            r"|calendar|alert|roundup|outlook|monitor|review)\b", re.IGNORECASE)


def _published(item: Candidate, reference: date) -> Candidate:
    """A date in a heading that names a binding text with no other cue: its publication."""
    if item.kind is not Kind.OTHER or not names_binding(item.text) or item.date is None:
        return item
    start = item.text.find(item.written)
    why = relevance(Kind.PUBLISHED, item.text, item.article, start=start,
                    end=start + len(item.written), when=item.date.start,
                    precision=item.precision, reference=reference)
    return replace(item, kind=Kind.PUBLISHED, relevance=why)


def scan_text(text: str, reference: date) -> list[Candidate]:
    """Every dated statement of an edition's text, split into its articles
    (`scan_articles`)."""
    return scan_articles(articles(text), reference)


def scan_articles(texts: Iterable[Article], reference: date) -> list[Candidate]:
    """Every dated statement of an edition, article by article, in the order of the text.

    `reference` is the edition's date: a day and month written without a year take the
    year that puts them closest to it. A statement repeated in an article (the takeaway,
    then the full article) is one candidate; the kind suggested by the more telling
    sentence wins.
    """
    out: list[Candidate] = []
    for article in texts:
        found: dict[tuple[object, ...], int] = {}
        # a date in the heading ("Notice on toy safety (SAMR, 30 November 2026)") counts
        heading = [article.heading] if article.heading != WHOLE_TEXT else []
        start = month_heading(article.heading) or reference  # a calendar's months
        for part, when in month_sections(article.text, start):
            _scan_part(out, found, article.heading, heading, part, when)
            heading = []
    return out


def _scan_part(out: list[Candidate], found: dict[tuple[object, ...], int], title: str,
               heading: list[str], text: str, reference: date) -> None:
    """The candidates of one part of an article, appended to `out` (`found`: where each
    date or rule already is, so that a statement repeated is one candidate)."""
    article = Article(title, text)
    prose, rows = split_tables(text, reference)
    for sentence in [*heading, *sentences(prose)]:
        items = [_dated(sentence, article.heading, m, reference)
                 for m in find_dates(sentence, reference)]
        if heading and sentence is heading[0]:  # "Notice on ... (SAMR, 30 Nov 2026)"
            items = [_published(i, reference) for i in items]
            if _PERIODICAL_RE.search(sentence):  # a masthead: "... BRIEF, EDITION 7, 2026"
                items = [replace(i, relevance=CONTEXT) for i in items]
        items += _rules(sentence, article.heading)
        for item in items:
            key = (item.date_text(), item.precision, item.period, item.rule)
            if key not in found:
                found[key] = len(out)
                out.append(item)
            elif (out[found[key]].kind is Kind.OTHER and item.kind is not Kind.OTHER) or (
                    out[found[key]].relevance != OBLIGATION
                    and item.relevance == OBLIGATION):
                out[found[key]] = item
    for row in rows:  # one candidate per row and date, with the row's standard
        for mention, said in zip(row.dates, row.kinds, strict=True):
            item = _dated(row.text, article.heading, mention, reference)
            kind = said or (item.kind if item.kind is not Kind.OTHER
                            else Kind.ENTRY_INTO_FORCE)
            why = relevance(kind, row.text, article.heading, start=mention.start,
                            end=mention.end, when=mention.date.start,
                            precision=mention.precision, reference=reference, row=True)
            out.append(replace(item, kind=kind, standard=row.standard, relevance=why,
                               certainty=suggest_certainty(row.text, article.heading,
                                                           kind)))
