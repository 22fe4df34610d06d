"""A scan as the curator reads it: the review text grouped by article, or the JSON contract.

JSON (schema 1): `{"schema": 1, "edition": "2025-11", "candidates": [...]}`, each candidate
with `article`, `date` ("2026-08-01", "2026-08", "2026" or null for a rule), `precision`
(day, month, quarter, half, year, or null), `period` (which quarter or half), `rule`,
`kind`, `certainty`, `status` (known, known_elsewhere, new), `milestone` (the matching
milestone id, or null), `milestones` (every match), `inferred`, `role` (opening/closing of
a range), `written` (the date as the edition writes it) and `text` (the sentence).
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator, Sequence
from typing import Any

from sesec_deadlines.core.model import Edition
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
    return (f"{edition.label} ({edition.key}): {len(candidates)} dated statements: "
            f"{n['known']} known, {n['known_elsewhere']} known elsewhere, {n['new']} new")


def review_lines(edition: Edition, candidates: Sequence[Candidate], *, new_only: bool,
                 width: int = 100) -> Iterator[str]:
    """The review text: a summary line, then each article's candidates in text order."""
    yield summary_line(edition, candidates)
    shown = [c for c in candidates if c.status == "new"] if new_only else list(candidates)
    if new_only:
        yield f"Showing the {len(shown)} new ones."
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
        row = f"  {status:<9} {c.when():<30} {c.kind.value:<16} {c.certainty.value:<9}{match}"
        yield row.rstrip()
        if c.text != sentence:  # both ends of a range share their sentence
            sentence = c.text
            yield from textwrap.wrap(c.text, width=width, initial_indent=" " * 12,
                                     subsequent_indent=" " * 12)
