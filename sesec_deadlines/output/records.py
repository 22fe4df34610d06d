"""The machine-readable form of a milestone: the JSON and CSV contract (schema 1)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.staleness import Freshness, Staleness

if TYPE_CHECKING:
    from sesec_deadlines.core.datetext import DateWindow
    from sesec_deadlines.core.query import Selection
    from sesec_deadlines.team import Tracking

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
    "added",
    "expected",
    "flags",
    # the team's decision (`tracking`), null when undecided
    "progress",
    "owner",
    "act_by",
    "tracking_note",
    "evidence",
    "updated_at",
    "updated_by",
    "replaces_numbers",
)
TRACKING_COLUMNS = {"progress": "progress", "owner": "owner", "act_by": "act_by",
                    "tracking_note": "note", "evidence": "evidence",
                    "updated_at": "updated_at", "updated_by": "updated_by"}


def milestone_record(entry: Entry, today: date,
                     staleness: Staleness | None = None,
                     tracking: Tracking | None = None) -> dict[str, Any]:
    """One milestone in the contract; `flags` as of `today` (core.staleness); `tracking`
    the team's decision (team.Decision.record), null when undecided."""
    flagger = staleness if staleness is not None else Staleness(today)
    decision = tracking.decision(entry) if tracking else None
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
        "added": entry.added.isoformat(),
        "expected": m.expected.iso() if m.expected else None,
        "flags": [flag.value for flag in flagger.flags(entry)],
        "replaces_numbers": list(inst.replaces_numbers),
        "source": {
            "edition": src.edition,
            "edition_label": (src.edition_label or src.edition) if src.edition else None,
            "article": src.article,
            "title": src.title,
            "url": src.url,
        },
        "tracking": decision.record() if decision is not None else None,
    }


def document(dated: tuple[Entry, ...], pending: tuple[Entry, ...], today: date,
             staleness: Staleness | None = None,
             tracking: Tracking | None = None) -> dict[str, Any]:
    flagger = staleness if staleness is not None else Staleness(today)
    return {
        "schema": SCHEMA,
        "as_of": today.isoformat(),
        "milestones": [milestone_record(e, today, flagger, tracking) for e in dated],
        "pending": [milestone_record(e, today, flagger, tracking) for e in pending],
    }


def json_chunks(dated: tuple[Entry, ...], pending: tuple[Entry, ...],
                today: date, staleness: Staleness | None = None, *,
                unconfirmed: Sequence[Entry] | None = None,
                registry: Freshness | None = None,
                window: DateWindow | None = None,
                tracking: Tracking | None = None) -> Iterator[str]:
    """The JSON document of `document`, in pieces: one milestone per line; with
    `registry`, its age (a "registry" object), with `window`, the dates selected (a
    "window" object), and with `unconfirmed`, the lapsed dates before the window (an
    "unconfirmed" list), as `upcoming`, `list` and `timeline` print.

    Each milestone is encoded on its own by the C encoder (an indented dump of the whole
    document runs the pure-Python encoder, 6 s for 50,000 milestones), so output starts at
    once and memory stays flat."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    flagger = staleness if staleness is not None else Staleness(today)
    yield f'{{\n  "schema": {SCHEMA},\n  "as_of": "{today.isoformat()}",\n'
    if registry is not None:
        yield f'  "registry": {encode(registry.record())},\n'
    if window is not None:
        yield f'  "window": {encode(window.record())},\n'
    lists: list[tuple[str, Sequence[Entry]]] = [("milestones", dated), ("pending", pending)]
    if unconfirmed is not None:
        lists.append(("unconfirmed", unconfirmed))
    for n, (name, entries) in enumerate(lists):
        yield f'  "{name}": ['
        for i, entry in enumerate(entries):
            record = milestone_record(entry, today, flagger, tracking)
            yield ("\n    " if i == 0 else ",\n    ") + encode(record)
        yield "\n  ]" if entries else "]"
        yield ",\n" if n < len(lists) - 1 else "\n}\n"


def csv_row(record: dict[str, Any]) -> dict[str, Any]:
    src = record["source"]
    row = {k: record.get(k) for k in CSV_FIELDS}
    for key in ("authority", "topics", "products", "product_codes", "flags", "replaces_numbers"):
        row[key] = "; ".join(record[key])
    row["source"] = ", ".join(x for x in (src["edition_label"], src["article"], src["title"]) if x)
    row["url"] = src["url"]
    decided = record.get("tracking") or {}
    for column, key in TRACKING_COLUMNS.items():
        row[column] = decided.get(key)
    row["evidence"] = "; ".join(decided.get("evidence") or ())
    return {k: ("" if v is None else v) for k, v in row.items()}


# A spreadsheet runs a cell that starts with one of these as a formula (and a tab or CR
# can hide the start): text cells starting so get a leading apostrophe, which spreadsheets
# show as text. Numbers (days_left, sequence) are never changed: -166 stays a number.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def csv_cell(value: Any) -> str:
    """One CSV field: numbers as they are; text neutralised (FORMULA_STARTS) and quoted
    when it holds a comma, a quote, a CR or an LF (RFC 4180), so that a line break inside
    a title can never start a new row."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    if any(c in text for c in ',"\r\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def csv_line(values: Iterable[Any], end: str = "\n") -> str:
    return ",".join(csv_cell(v) for v in values) + end


def csv_chunks(dated: tuple[Entry, ...], pending: tuple[Entry, ...],
               today: date, staleness: Staleness | None = None, *,
               excel: bool = False, unconfirmed: Sequence[Entry] = (),
               tracking: Tracking | None = None) -> Iterator[str]:
    """CSV with a header row, the fields of CSV_FIELDS, one line per milestone: the dated
    ones, then the `unconfirmed` ones (lapsed dates before the window, flagged `lapsed`),
    then the pending ones.

    `excel`: what Excel on Windows opens as UTF-8 when the file is double-clicked, a byte
    order mark first and CRLF line ends."""
    end = "\r\n" if excel else "\n"
    flagger = staleness if staleness is not None else Staleness(today)
    yield (BOM if excel else "") + csv_line(CSV_FIELDS, end)
    for entry in (*dated, *unconfirmed, *pending):
        row = csv_row(milestone_record(entry, today, flagger, tracking))
        yield csv_line((row[k] for k in CSV_FIELDS), end)


def text_chunks(selection: Selection, fmt: str, staleness: Staleness | None = None, *,
                excel: bool = False, unconfirmed: Sequence[Entry] | None = None,
                registry: Freshness | None = None,
                window: DateWindow | None = None,
                tracking: Tracking | None = None) -> Iterator[str]:
    """A selection (query.Selection) as "json" or "csv" text, in pieces; `unconfirmed` and
    `registry` as `json_chunks` has them (CSV: the unconfirmed rows only)."""
    if fmt == "json":
        return json_chunks(selection.dated, selection.pending, selection.today, staleness,
                           unconfirmed=unconfirmed, registry=registry, window=window,
                           tracking=tracking)
    return csv_chunks(selection.dated, selection.pending, selection.today, staleness,
                      excel=excel, unconfirmed=unconfirmed or (), tracking=tracking)
