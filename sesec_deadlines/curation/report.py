"""A scan as the curator reads it: the review text grouped by article, or the JSON contract.

JSON (schema 1): `{"schema": 1, "edition": "2025-11", "candidates": [...]}`, each candidate
with `article`, `date` ("2026-08-01", "2026-08", "2026" or null for a rule), `precision`
(day, month, quarter, half, year, or null), `period` (which quarter or half), `rule`,
`kind`, `certainty`, `status` (known, known_elsewhere, new), `milestone` (the matching
milestone id, or null), `milestones` (every match), `inferred`, `role` (opening/closing of
a range), `written` (the date as the edition writes it), `text` (the sentence or table row),
`relevance` (obligation or context) and `standard` (the standard number of the sentence or
row, or null).
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator, Sequence
from typing import Any

from sesec_deadlines.core.model import Edition
from sesec_deadlines.core.plural import counted
from sesec_deadlines.curation.relevance import OBLIGATION
from sesec_deadlines.curation.review import counts
from sesec_deadlines.curation.scan import KNOWN_ELSEWHERE, Candidate

SCHEMA = 1
_STATUS_WORDS = {"known": "known", "known_elsewhere": "elsewhere", "new": "NEW"}


def record(c: Candidate) -> dict[str, Any]:
    return {
        "article": c.article,
        "date": c.date_text(),
        "precision": c.precision,
        "period": c.period,
        "rule": c.rule,
        "kind": c.kind.value,
        "certainty": c.certainty.value,
        "status": c.status,
        "milestone": c.milestone,
        "milestones": list(c.milestones),
        "inferred": c.inferred,
        "role": c.role,
        "written": c.written,
        "text": c.text,
        "relevance": c.relevance,
        "standard": c.standard,
    }


def json_text(edition: Edition, candidates: Sequence[Candidate]) -> str:
    """The JSON document, one candidate per line."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    rows = ",\n    ".join(encode(record(c)) for c in candidates)
    body = f"[\n    {rows}\n  ]" if candidates else "[]"
    return (f'{{\n  "schema": {SCHEMA},\n  "edition": {encode(edition.key)},\n'
            f'  "candidates": {body}\n}}\n')


def summary_line(edition: Edition, candidates: Sequence[Candidate]) -> str:
    n = counts(candidates)
    duties = sum(c.relevance == OBLIGATION for c in candidates)
    return (f"{edition.label} ({edition.key}): {counted(len(candidates), 'dated statement')} "
            f"({counted(duties, 'obligation')}, {len(candidates) - duties} context): "
            f"{n['known']} known, {n['known_elsewhere']} known elsewhere, {n['new']} new")


def _the(n: int) -> str:
    return "" if n == 1 else "the "


def _showing(n: int, what: str) -> str:
    """"Showing the 3 obligations", "Showing the one obligation", "Showing no obligation"."""
    if n == 0:
        return f"Showing no {what}"
    if n == 1:
        return f"Showing the one {what}"
    return f"Showing the {counted(n, what)}"


def review_lines(edition: Edition, candidates: Sequence[Candidate], *, new_only: bool,
                 everything: bool = False, width: int = 100) -> Iterator[str]:
    """The review text: a summary line, then each article's candidates in text order
    (the obligations only, unless `everything`)."""
    yield summary_line(edition, candidates)
    shown = [c for c in candidates if c.status == "new"] if new_only else list(candidates)
    hidden = 0
    if not everything:
        hidden = sum(c.relevance != OBLIGATION for c in shown)
        shown = [c for c in shown if c.relevance == OBLIGATION]
    what = "new obligation" if new_only and not everything else (
        "new candidate" if new_only else "obligation")
    if new_only or hidden:
        yield _showing(len(shown), what) + (
            f"; --all shows {_the(hidden)}{counted(hidden, 'context candidate')} too."
            if hidden else ".")
    article = None
    sentence = None
    for c in shown:
        if c.article != article:
            article, sentence = c.article, None
            yield ""
            yield article
        status = _STATUS_WORDS[c.status]
        match = f" = {c.milestone}" if c.milestone else ""
        if c.status == KNOWN_ELSEWHERE and c.milestone:
            match = f" ~ {c.milestone}"
        mark = "" if c.relevance == OBLIGATION else " (context)"
        row = (f"  {status:<9} {c.when():<30} {c.kind.value:<16} {c.certainty.value:<9}"
               f"{match}{mark}")
        yield row.rstrip()
        if c.text != sentence:  # both ends of a range share their sentence
            sentence = c.text
            yield from textwrap.wrap(c.text, width=width, initial_indent=" " * 12,
                                     subsequent_indent=" " * 12)
