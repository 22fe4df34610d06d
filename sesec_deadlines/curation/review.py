"""A scan's candidates against the registry: known, known elsewhere, or new."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import timedelta

from sesec_deadlines.core.dates import Offset
from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.vocab import Kind, Precision
from sesec_deadlines.curation.edition_text import normalize
from sesec_deadlines.curation.matching import Evidence
from sesec_deadlines.curation.scan import KNOWN, KNOWN_ELSEWHERE, NEW, STATUSES, Candidate


def _months(offset: Offset) -> tuple[int, str]:
    if offset.unit == "year":
        return offset.amount * 12, "month"
    if offset.unit == "week":
        return offset.amount * 7, "day"
    return offset.amount, offset.unit


def _same_date(candidate: Candidate, entry: Entry) -> bool:
    """The candidate's date is the milestone's; a transition's last day also matches the
    first day after it, which is how texts often write it ("must comply from ...")."""
    when = entry.date
    if when is None or candidate.date is None:
        return False
    if candidate.precision in ("quarter", "half"):
        return when.precision is Precision.YEAR and when.year == candidate.date.year
    if when == candidate.date:
        return True
    return (entry.milestone.kind is Kind.TRANSITION_END and when.precision is Precision.DAY
            and candidate.precision == "day"
            and candidate.date.start == when.start + timedelta(days=1))


def _same_rule(candidate: Candidate, entry: Entry, here: Sequence[Entry]) -> bool:
    """The candidate's rule is the milestone's: the same offset or period, or a date
    computed from it: another dated milestone of the instrument plus the offset (or the day
    before, the last day of a period) is this milestone's day, or falls in its month ("a
    two-year transition" from a standard published on 2021-09-02 is its 2023-09)."""
    assert candidate.offset is not None
    m = entry.milestone
    rule = m.offset if m.offset is not None else m.period  # "36 months" either way
    if rule is not None:
        return _months(rule) == _months(candidate.offset)
    when = entry.date
    if when is None or when.precision is Precision.YEAR or m.after is not None:
        return False
    for anchor in here:
        start = anchor.date
        if anchor.instrument is entry.instrument and start is not None \
                and start.precision is Precision.DAY and anchor is not entry:
            end = start.plus(candidate.offset).start
            if any(when.start <= day <= when.end for day in (end, end - timedelta(days=1))):
                return True
    return False


def review(candidates: Iterable[Candidate], entries: Sequence[Entry],
           edition: str) -> list[Candidate]:
    """Each candidate with its status against the registry's milestones:

    - `known`: a milestone of an instrument citing this article has this date (or, for a
      rule, this offset);
    - `known_elsewhere`: a milestone with this day or month date belongs to an instrument
      citing another article or edition, and the sentence or its article names that
      instrument (its number, title words, or the same article heading:
      `matching.Evidence`); the date alone is no match;
    - `new`: neither.
    """
    evidence = Evidence(entries)
    citing: dict[str, list[Entry]] = {}
    by_date: dict[str, list[Entry]] = {}
    for entry in entries:
        for source in entry.instrument.sources:
            if source.edition == edition and source.article:
                citing.setdefault(normalize(source.article), []).append(entry)
        if entry.date is not None:
            by_date.setdefault(entry.date.iso(), []).append(entry)
    out = []
    for c in candidates:
        here = citing.get(normalize(c.article), [])
        if c.offset is not None:
            matches = [e for e in here if _same_rule(c, e, here)]
            elsewhere: list[Entry] = []
        else:
            matches = [e for e in here if _same_date(c, e)]
            elsewhere = [e for e in by_date.get(c.date_text() or "", [])
                         if e not in here and c.precision in ("day", "month")
                         and evidence.names(e.instrument, c.text, c.article, c.standard)]
        status, found = (KNOWN, matches) if matches else (KNOWN_ELSEWHERE, elsewhere)
        if not found:
            out.append(replace(c, status=NEW, milestone=None, milestones=()))
            continue
        best = next((e for e in found if e.milestone.kind is c.kind), found[0])
        out.append(replace(c, status=status, milestone=best.id,
                           milestones=tuple(dict.fromkeys(e.id for e in found))))
    return out


def counts(candidates: Iterable[Candidate]) -> dict[str, int]:
    """How many candidates of each status."""
    out = dict.fromkeys(STATUSES, 0)
    for c in candidates:
        out[c.status] += 1
    return out
