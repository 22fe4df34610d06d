"""Checking milestones against the text of the newsletter editions they cite.

An edition's text is split into articles by the headings its index lists; a milestone is
confirmed when its date appears, in one of its written forms, in the text under the cited
heading (the takeaway paragraph and the full article both count).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sesec_deadlines.core.dates import PartialDate
from sesec_deadlines.core.model import Entry, Instrument
from sesec_deadlines.core.vocab import Certainty, Kind, Precision
from sesec_deadlines.curation.texts import EditionText
from sesec_deadlines.curation.written_dates import DateMention, find_dates


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


def verify(entries: Iterable[Entry],
           editions: dict[str, EditionText]) -> tuple[list[Finding], int]:
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


def _check(entry: Entry, edition: EditionText) -> Finding:
    src = entry.source
    assert entry.milestone.date is not None
    when = entry.milestone.date
    text = edition.article(src.article or "")
    if text is None:
        close = edition.closest(src.article or "")
        hint = f"; closest heading: “{close}”" if close else ""
        return Finding(entry, False, f"the edition has no article “{src.article}”{hint}")
    reference = edition.reference(src.article or "")
    mentions = find_dates(" ".join(text.split()), reference)
    found = _find(when, mentions)
    if found is None and when.precision is Precision.DAY \
            and entry.milestone.kind is Kind.TRANSITION_END:
        # A transition's last day is often written as the first day of compliance.
        after = when.start + timedelta(days=1)
        found = _find(PartialDate.of(after), mentions)
        if found is not None:
            found += " (the first day after the transition)"
    if found is not None:
        return Finding(entry, True, "found", found)
    mentioned = ", ".join(dates_mentioned(text, reference)) or "no dates"
    return Finding(entry, False, f"{when.describe()} is not in “{src.article}”",
                   f"the article mentions: {mentioned}")


def _find(when: PartialDate, mentions: list[DateMention]) -> str | None:
    """How the article writes the date, if it does."""
    for mention in mentions:
        if _confirms(mention, when):
            return mention.written + (" (year inferred from the edition)"
                                      if mention.inferred else "")
    return None


def _confirms(mention: DateMention, when: PartialDate) -> bool:
    """Whether a date written in the article is the milestone's date.

    A day and month written without a year confirm a day date when the year they take
    from the edition (the one nearest its publication) is the milestone's; a day in the
    milestone's month confirms a month date.
    """
    found = mention.date
    if when.precision is Precision.DAY:
        return mention.precision == "day" and found == when
    if mention.precision not in ("day", "month") or mention.inferred:
        return False
    return (found.year, found.month) == (when.year, when.month)


def confirmed_instruments(entries: Iterable[Entry], editions: dict[str, EditionText],
                          findings: Iterable[Finding]) -> list[Instrument]:
    """The instruments that the editions read confirm in full: every source citing an
    edition has its article in that edition's text, every edition they cite was read, and
    every milestone that wants checking (`wants_check`) was found in its article. These are
    what `verify-sources --stamp` marks as verified."""
    failed = {f.entry.instrument.id for f in findings if not f.confirmed}
    seen: dict[str, Instrument] = {}
    for entry in entries:
        seen.setdefault(entry.instrument.id, entry.instrument)
    confirmed = []
    for inst in seen.values():
        if inst.id in failed or not inst.sources:
            continue
        if all(src.edition in editions
               and editions[src.edition].article(src.article or "") is not None
               for src in inst.sources):
            confirmed.append(inst)
    return confirmed
