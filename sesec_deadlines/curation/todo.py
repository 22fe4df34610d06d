"""`deadlines review`: the curator's to-do list as of a date, from the staleness flags.

A pure function of (entries, filters, staleness): every flagged milestone (`lapsed`,
`overdue`) and every flagged instrument (`outcome_unknown`, `unverified`), grouped by
reason, each with the source to re-check. The JSON and CSV forms are a contract
(docs/user-guide.md, "deadlines review").
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sesec_deadlines.core.model import Entry, Source
from sesec_deadlines.core.query import Filters
from sesec_deadlines.core.staleness import INSTRUMENT_FLAGS, Flag, Freshness, Staleness
from sesec_deadlines.core.vocab import Kind, capitalised

SCHEMA = 1
HEADINGS = {
    Flag.LAPSED: "Lapsed: proposed or estimated dates passed while the text is still a draft,"
                 " and dates computed from them",
    Flag.OVERDUE: "Overdue: milestones expected by a date that has passed, still undated",
    Flag.OUTCOME_UNKNOWN: "Outcome unknown: drafts whose comments closed long ago, no news",
    Flag.UNVERIFIED: "Unverified: instruments not checked against their sources for long",
}
CSV_FIELDS = ("id", "item", "reason", "detail", "title", "edition", "edition_label", "article",
              "source_title", "url")


@dataclass(frozen=True)
class Item:
    """One thing to re-check: a milestone (lapsed, overdue) or an instrument."""

    id: str  # the milestone id, or the instrument id for an instrument's flag
    item: str  # the instrument id
    reason: Flag
    detail: str
    title: str
    source: Source


def review(entries: Iterable[Entry], filters: Filters, staleness: Staleness) -> list[Item]:
    """The flagged milestones and instruments among the entries matching the filters
    (and the window, when it has bounds; pending milestones always qualify), grouped by
    reason in the order of `Flag`, then by id."""
    windowed = filters.first is not None or filters.last is not None
    items: list[Item] = []
    done: set[tuple[str, Flag]] = set()
    for entry in entries:
        if not filters.matches(entry):
            continue
        if windowed and entry.date is not None and not filters.in_window(entry):
            continue
        inst = entry.instrument
        for flag in staleness.flags(entry):
            if flag in INSTRUMENT_FLAGS:
                if (inst.id, flag) in done:
                    continue
                done.add((inst.id, flag))
                items.append(Item(inst.id, inst.id, flag, staleness.detail(entry, flag),
                                  inst.title, _instrument_source(entry, flag)))
            else:
                items.append(Item(entry.id, inst.id, flag, staleness.detail(entry, flag),
                                  inst.title, entry.source))
    order = list(Flag)
    items.sort(key=lambda i: (order.index(i.reason), i.id))
    return items


def _instrument_source(entry: Entry, flag: Flag) -> Source:
    """Where to look again: the comment window's source for a silent draft, else the
    instrument's newest source."""
    inst = entry.instrument
    if flag is Flag.OUTCOME_UNKNOWN:
        closes = [m for m in inst.milestones if m.kind is Kind.COMMENT_CLOSE and m.date]
        if closes:
            return inst.sources[max(closes, key=lambda m: m.date.end if m.date else 0).source]
    return max(inst.sources, key=lambda s: s.edition or "")


def source_record(src: Source) -> dict[str, Any]:
    return {"edition": src.edition,
            "edition_label": (src.edition_label or src.edition) if src.edition else None,
            "article": src.article, "title": src.title, "url": src.url}


def item_record(item: Item) -> dict[str, Any]:
    return {"id": item.id, "item": item.item, "reason": item.reason.value,
            "detail": item.detail, "title": item.title, "source": source_record(item.source)}


def _registry_record(freshness: Freshness) -> dict[str, object]:
    """The registry's freshness; no negative age when reviewing as of a day before its
    newest edition (back-filling an older one): `age_days` is null then."""
    record = freshness.record()
    if freshness.age_days is not None and freshness.age_days < 0:
        record["age_days"] = None
    return record


def json_text(items: list[Item], freshness: Freshness, staleness: Staleness) -> str:
    th = staleness.thresholds
    doc = {
        "schema": SCHEMA,
        "as_of": staleness.today.isoformat(),
        "registry": _registry_record(freshness),
        "thresholds": {"outcome_months": th.outcome_months,
                       "unverified_days": th.unverified_days, "stale_months": th.stale_months},
        "items": [item_record(i) for i in items],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def csv_rows(items: list[Item]) -> Iterator[tuple[str, ...]]:
    """The CSV form: one row of CSV_FIELDS per item (the command encodes them as the
    other CSV outputs are, safe for spreadsheets)."""
    for item in items:
        src = item.source
        yield (item.id, item.item, item.reason.value, item.detail, item.title,
               src.edition or "", (src.edition_label or src.edition) if src.edition else "",
               src.article or "", src.title or "", src.url or "")


def text_lines(items: list[Item], freshness: Freshness, staleness: Staleness) -> Iterator[str]:
    """The to-do list for people: the registry's age, then each reason with its items."""
    today = staleness.today.isoformat()
    if freshness.newest_edition is None:
        yield f"Review as of {today}: the registry cites no edition."
    else:
        old = " (old: later deadlines are not in it)" if freshness.stale else ""
        assert freshness.newest is not None and freshness.age_days is not None
        days = freshness.age_days
        when = (f"{days} day{'s' if days != 1 else ''} ago" if days > 0 else "that day"
                if days == 0 else f"{-days} day{'s' if days != -1 else ''} after {today} "
                "(reviewing as of an earlier day, as when back-filling an older edition)")
        yield (f"Review as of {today}: the registry is current to {freshness.edition_label}, "
               f"published {freshness.newest.published.isoformat()}, {when}{old}.")
    if freshness.coverage is not None:
        yield (f"{capitalised(freshness.coverage.words())}: `deadlines editions` lists the "
               "others.")
    if not items:
        yield "Nothing to re-check."
        return
    for flag in Flag:
        group = [i for i in items if i.reason is flag]
        if not group:
            continue
        yield ""
        yield f"{HEADINGS[flag]} ({len(group)})"
        for item in group:
            yield f"  {item.id}"
            if item.id == item.item:
                yield f"    {item.title}"
            yield f"    {item.detail}"
            yield f"    re-check: {item.source.describe() or 'no source given'}"
