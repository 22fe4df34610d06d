"""What changed, for people and programs: table rows, the JSON document, CSV.

JSON (schema 1) holds one object per change, each with the milestones it concerns in the
milestone contract of `records`; CSV has one line per (change, milestone). See the
docs/user-guide.md, "deadlines changes".
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from sesec_deadlines.core.changes import CHANGE_LABELS, Event
from sesec_deadlines.output.records import (
    CSV_FIELDS,
    SCHEMA,
    csv_line,
    csv_row,
    milestone_record,
)
from sesec_deadlines.output.terminal import kind_label

HEADERS = ("CHANGED", "CHANGE", "DATE", "KIND", "CERTAINTY", "TITLE")
CHANGE_FIELDS = ("change_id", "changed", "change", "before", "after", "reason", "detail")
TAG = "tag:sesec-deadlines,2026-11-24:"  # the prefix of every change's stable id


def change_id(event: Event) -> str:
    """The change's stable id: a tag URI (RFC 4151) from its key."""
    return TAG + event.key


def rows(events: Sequence[Event]) -> list[tuple[str, ...]]:
    """One table row per milestone of each change; one row for the registry's creation."""
    out: list[tuple[str, ...]] = []
    for event in events:
        if event.instrument is None:  # the baseline: its counts, not its milestones
            out.append((event.day.isoformat(), event.detail(), "-", "-", "-", event.subject))
            continue
        for entry in event.entries:
            inst = entry.instrument
            title = inst.title if not inst.number else f"{inst.title} ({inst.number})"
            out.append((event.day.isoformat(), event.detail(),
                        entry.date.iso() if entry.date else "-", kind_label(entry),
                        entry.certainty.value, title))
    return out


def change_record(event: Event, today: date) -> dict[str, Any]:
    return {
        "id": change_id(event),
        "key": event.key,
        "change": event.kind.value,
        "label": CHANGE_LABELS[event.kind],
        "changed": event.day.isoformat(),
        "item": event.instrument.id if event.instrument else None,
        "subject": event.subject,
        "before": event.before,
        "after": event.after,
        "reason": event.reason,
        "detail": event.detail(),
        **({"counts": dict(zip(("instruments", "milestones"), event.counts(), strict=True)),
            "milestones": []} if event.instrument is None else
           {"milestones": [milestone_record(e, today) for e in event.entries]}),
    }


def json_chunks(events: Sequence[Event], today: date, first: date | None,
                last: date | None, registry: dict[str, object] | None = None,
                ) -> Iterator[str]:
    """The JSON document, one change per line; with `registry` (core.staleness
    Freshness.record: its data version and age), a "registry" object."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    head: dict[str, object] = {"schema": SCHEMA, "as_of": today.isoformat(),
                               "since": first.isoformat() if first else None,
                               "until": last.isoformat() if last else None}
    if registry is not None:
        head["registry"] = registry
    yield "{\n" + "".join(f"  {encode(k)}: {encode(v)},\n" for k, v in head.items())
    yield '  "changes": ['
    for i, event in enumerate(events):
        yield ("\n    " if i == 0 else ",\n    ") + encode(change_record(event, today))
    yield "\n  ]\n}\n" if events else "]\n}\n"


def csv_chunks(events: Sequence[Event], today: date) -> Iterator[str]:
    """CSV: the change's fields, then the milestone's (as in `list`), one line each."""
    fields = (*CHANGE_FIELDS, *CSV_FIELDS)
    yield csv_line(fields)
    for event in events:
        head = {"change_id": change_id(event), "changed": event.day.isoformat(),
                "change": event.kind.value, "before": event.before or "",
                "after": event.after or "", "reason": event.reason or "",
                "detail": event.detail()}
        if event.instrument is None:  # the baseline: one line, no milestone
            yield csv_line(head.get(k, "") for k in fields)
            continue
        for entry in event.entries:
            row = head | csv_row(milestone_record(entry, today))
            yield csv_line(row[k] for k in fields)
