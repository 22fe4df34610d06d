"""The machine-readable form of a milestone: the JSON and CSV contract (schema 1)."""

from __future__ import annotations

from datetime import date
from typing import Any

from .model import Entry
from .vocab import edition_label

SCHEMA = 1

CSV_FIELDS = (
    "id",
    "item",
    "kind",
    "date",
    "precision",
    "days_left",
    "certainty",
    "title",
    "number",
    "authority",
    "topics",
    "status",
    "products",
    "product_codes",
    "source",
    "url",
    "rule",
    "rule_certainty",
    "note",
    "sequence",
)


def milestone_record(entry: Entry, today: date) -> dict[str, Any]:
    inst = entry.instrument
    m = entry.milestone
    src = entry.source
    return {
        "id": entry.id,
        "item": inst.id,
        "key": m.key,
        "kind": m.kind.value,
        "date": entry.date.iso() if entry.date else None,
        "precision": entry.date.precision.value if entry.date else None,
        "start": entry.date.start.isoformat() if entry.date else None,
        "end": entry.date.end.isoformat() if entry.date else None,
        "days_left": entry.date.days_left(today) if entry.date else None,
        "pending": entry.date is None,
        "certainty": entry.certainty.value,
        "rule": entry.rule(),
        "rule_certainty": m.certainty.value if m.after else None,
        "title": inst.title,
        "number": inst.number,
        "authority": list(inst.authority),
        "topics": list(inst.topics),
        "status": inst.status.value,
        "products": list(inst.products),
        "product_codes": list(inst.product_codes),
        "summary": inst.summary,
        "note": m.note,
        "sequence": entry.sequence,
        "source": {
            "edition": src.edition,
            "edition_label": edition_label(src.edition) if src.edition else None,
            "article": src.article,
            "title": src.title,
            "url": src.url,
        },
    }


def document(dated: tuple[Entry, ...], pending: tuple[Entry, ...], today: date) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "as_of": today.isoformat(),
        "milestones": [milestone_record(e, today) for e in dated],
        "pending": [milestone_record(e, today) for e in pending],
    }


def csv_row(record: dict[str, Any]) -> dict[str, Any]:
    src = record["source"]
    row = {k: record.get(k) for k in CSV_FIELDS}
    for key in ("authority", "topics", "products", "product_codes"):
        row[key] = "; ".join(record[key])
    row["source"] = ", ".join(x for x in (src["edition_label"], src["article"], src["title"]) if x)
    row["url"] = src["url"]
    return {k: ("" if v is None else v) for k, v in row.items()}
