"""The editions of the series, curated or not: table rows, the JSON document, CSV.

One record per edition, in key order (the series' order): `key`, `label`, `published`
(null when not known), `curated`, the `instruments` and `milestones` that cite it, and
`note` (how an uncurated edition is known). See `deadlines editions`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sesec_deadlines.core.coverage import Coverage
from sesec_deadlines.core.model import Edition, Entry, Instrument, KnownEdition
from sesec_deadlines.output.records import SCHEMA, csv_line

HEADERS = ("KEY", "EDITION", "PUBLISHED", "CURATED", "INSTRUMENTS", "MILESTONES")
FIELDS = ("key", "label", "published", "curated", "instruments", "milestones", "note")


def records(editions: Iterable[Edition], uncurated: Iterable[KnownEdition],
            instruments: Iterable[Instrument], entries: Iterable[Entry]
            ) -> list[dict[str, Any]]:
    """Every declared edition, curated or not, by key, with what cites it: an instrument
    that names the edition in any of its sources, a milestone whose own source does."""
    by_instrument: Counter[str] = Counter()
    for inst in instruments:
        by_instrument.update({s.edition for s in inst.sources if s.edition})
    by_milestone = Counter(e.source.edition for e in entries if e.source.edition)
    out: list[dict[str, Any]] = [
        {"key": e.key, "label": e.label, "published": e.published.isoformat(),
         "curated": True, "note": None} for e in editions]
    out += [{"key": e.key, "label": e.label,
             "published": e.published.isoformat() if e.published else None,
             "curated": False, "note": e.note} for e in uncurated]
    for record in out:
        record["instruments"] = by_instrument[record["key"]]
        record["milestones"] = by_milestone[record["key"]]
    return sorted(out, key=lambda r: str(r["key"]))


def rows(found: Sequence[dict[str, Any]]) -> list[tuple[str, ...]]:
    return [(r["key"], r["label"], r["published"] or "-", "yes" if r["curated"] else "no",
             str(r["instruments"]), str(r["milestones"])) for r in found]


def title(found: Sequence[dict[str, Any]], span: Coverage | None) -> str:
    if span is not None:
        return f"Editions: {span.words()}"
    count = sum(1 for r in found if r["curated"])
    return (f"Editions: {count} curated; the registry declares no uncurated edition of the "
            "series, so it says nothing of the others")


def json_text(found: Sequence[dict[str, Any]], span: Coverage | None,
              files: Sequence[str], version: str | None = None) -> str:
    doc = {"schema": SCHEMA, "registry": {"version": version, "files": list(files)},
           "coverage": span.record() if span else None,
           "editions": [{k: r[k] for k in FIELDS} for r in found]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def csv_chunks(found: Sequence[dict[str, Any]]) -> Iterator[str]:
    yield csv_line(FIELDS)
    for r in found:
        yield csv_line("" if r[k] is None else str(r[k]).lower() if isinstance(r[k], bool)
                       else r[k] for k in FIELDS)
