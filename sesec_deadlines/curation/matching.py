"""Whether a candidate and a milestone of another article are about the same instrument.

A date alone says little: "from 1 July" falls on the day of many milestones. A candidate
is `known_elsewhere` only when, besides the date, its sentence or article names the
instrument (`Evidence.names`):

- a standard number of the sentence, the table row or the article's heading is the
  instrument's number, or one it replaces ("GB 18384" finds GB 18384-2020 and its
  revision);
- the article's heading is one the instrument cites in another edition (the same article
  title, a follow-up);
- the sentence and heading share with the instrument's title and products two of their
  distinctive words (words in the titles of few instruments: "sprocket", "refrigerators",
  not "standard", "safety" or "draft"), by their stems ("batteries" is "battery").

Within the article an instrument cites, the citation is the evidence (`known`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from sesec_deadlines.core.model import Entry, Instrument
from sesec_deadlines.core.numbers import number_key
from sesec_deadlines.core.words import word_key, words
from sesec_deadlines.curation.edition_text import normalize
from sesec_deadlines.curation.tables import STANDARD_RE

_YEAR_TAIL = re.compile(r"\s?[-—–]\s?(?:19|20)\d{2}$")
_COMMON = frozenset((
    "with", "from", "into", "that", "this", "their", "them", "they", "have", "been", "will",
    "which", "under", "about", "after", "before", "more", "than", "other", "also", "its",
    "china", "chinese", "national", "draft", "revised", "revision", "final", "new", "rules",
    "standard", "standards", "requirements", "measures", "management", "technical",
    "notice", "products", "product", "general", "implementation", "administrative",
    "provisions", "replace", "replaces", "replacing", "regulations", "regulation",
    "guidelines", "specification", "issued", "released", "published", "comments",
    "comment", "public", "january", "february",
    "march", "april", "june", "july", "august", "september", "october", "november",
    "december"))
_RARE_SHARE = 0.05  # a word in the titles of at most 5% of the instruments (at least 3)


def _number_keys(text: str) -> set[str]:
    return {number_key(_YEAR_TAIL.sub("", m.group(0))) for m in STANDARD_RE.finditer(text)}


def _keys(text: str) -> set[str]:
    return {word_key(w) for w in words(text)
            if len(w) >= 4 and w.isalpha() and w not in _COMMON}


class Evidence:
    """What names each instrument of a registry: numbers, cited headings, rare words."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        instruments = list({e.instrument.id: e.instrument for e in entries}.values())
        self._words = {i.id: _keys(" ".join((i.title, *i.products))) for i in instruments}
        self._numbers = {i.id: self._instrument_numbers(i) for i in instruments}
        self._headings = {i.id: {normalize(s.article) for s in i.sources if s.article}
                          for i in instruments}
        seen = Counter(w for keys in self._words.values() for w in keys)
        limit = max(3, int(_RARE_SHARE * len(instruments)))
        self._rare = {w for w, n in seen.items() if n <= limit}

    @staticmethod
    def _instrument_numbers(inst: Instrument) -> set[str]:
        out: set[str] = set()
        for number in (inst.number, *inst.replaces_numbers):
            if number:
                out.add(number_key(_YEAR_TAIL.sub("", number.strip())))
        return out

    def names(self, inst: Instrument, text: str, heading: str,
              standard: str | None = None) -> bool:
        """Whether the sentence `text` (or its table row's `standard`) of the article
        `heading` names the instrument, besides any date."""
        numbers = _number_keys(f"{text}\n{heading}\n{standard or ''}")
        if numbers & self._numbers.get(inst.id, set()):
            return True
        if normalize(heading) in self._headings.get(inst.id, set()):
            return True
        shared = _keys(f"{text} {heading}") & self._words.get(inst.id, set()) & self._rare
        return len(shared) >= 2
