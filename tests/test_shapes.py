"""scan on documents of many shapes: the obligations a compliance team acts on are among
the `obligation` candidates (at least 85%), and at least half of those candidates are
real; on test documents written for it (tests/fixtures/shapes, each with its expected
obligations) and on the bundled editions, also with their index removed or reshaped."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from sesec_deadlines.curation.review import review
from sesec_deadlines.curation.scan import Candidate, scan_text
from sesec_deadlines.curation.split import layout
from sesec_deadlines.registry.load import bundled_path, load

from .conftest import FIXTURES, Runner
from .test_sources import SEEDS

SHAPES = FIXTURES / "shapes"
DOCUMENTS: list[dict[str, Any]] = tomllib.loads(
    (SHAPES / "expected.toml").read_text(encoding="utf-8"))["document"]


def keys(c: Candidate) -> set[str]:
    """How expected.toml writes a candidate: its date (a year, quarter with its kind of
    precision), its rule, and for a table row its standard and date."""
    if c.rule:
        return {c.rule}
    when = c.date_text() or ""
    if c.precision == "quarter":
        when = f"{when} quarter {c.period}"
    elif c.precision in ("year", "half"):
        when = f"{when} {c.precision}"
    return {when} | ({f"{c.standard} {when}"} if c.standard else set())


def obligations(doc: dict[str, Any]) -> tuple[set[str], list[Candidate]]:
    text = (SHAPES / doc["file"]).read_text(encoding="utf-8")
    found = [c for c in scan_text(text, doc["reference"]) if c.relevance == "obligation"]
    return set(doc["obligations"]), found


@pytest.mark.parametrize("doc", DOCUMENTS, ids=[d["file"] for d in DOCUMENTS])
def test_each_shape_is_split_and_read(doc: dict[str, Any]) -> None:
    text = (SHAPES / doc["file"]).read_text(encoding="utf-8")
    assert layout(text).how in ("index", "headings")
    wanted, found = obligations(doc)
    got = set().union(*(keys(c) for c in found))
    assert len(wanted & got) >= 0.75 * len(wanted), sorted(wanted - got)


def test_obligations_found_and_true_over_all_shapes() -> None:
    wanted_total = found_total = candidates = true = 0
    for doc in DOCUMENTS:
        wanted, found = obligations(doc)
        got = set().union(*(keys(c) for c in found))
        wanted_total += len(wanted)
        found_total += len(wanted & got)
        candidates += len(found)
        true += sum(bool(keys(c) & wanted) for c in found)
    assert found_total >= 0.85 * wanted_total
    assert true >= 0.5 * candidates


def test_a_flattened_table_gives_one_candidate_per_row_with_its_standard() -> None:
    doc = next(d for d in DOCUMENTS if d["file"] == "standards-table.txt")
    _, found = obligations(doc)
    rows = [c for c in found if c.standard and c.standard.startswith(("GB 4706", "GB/T 4706"))]
    assert len({c.standard for c in rows}) == 12
    row = next(c for c in rows if c.standard == "GB 4706.6-2026")
    assert (row.date_text(), row.kind.value) == ("2028-04-01", "entry_into_force")
    assert "Refrigerators" in row.text


def test_meetings_plans_and_background_are_context() -> None:
    doc = next(d for d in DOCUMENTS if d["file"] == "no-index.txt")
    text = (SHAPES / doc["file"]).read_text(encoding="utf-8")
    context = {c.written for c in scan_text(text, doc["reference"])
               if c.relevance == "context"}
    assert {"18 March 2026", "March 2027", "25 March 2026", "by 2030"} <= context


def test_the_table_in_json_carries_the_standard(run: Runner) -> None:
    registry = FIXTURES / "scan" / "registry.toml"
    result = run("scan", str(SHAPES / "standards-table.txt"), "-r", str(registry),
                 "--edition", "2025-11", "-f", "json")
    assert result.exit_code == 0, result.stderr
    rows = [c for c in json.loads(result.stdout)["candidates"] if c["standard"]]
    assert {"standard": "GB 4706.9-2026", "date": "2028-10-01"}.items() <= next(
        c for c in rows if c["standard"] == "GB 4706.9-2026").items()


# --- the bundled editions, as they are and reshaped --------------------------------------


def _no_index(text: str) -> str:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip("#* ").lower() == "index")
    end = next(j for j in range(start + 1, len(lines))
               if lines[j].strip("#* ").lower() == "takeaways")
    return "\n".join(lines[:start] + lines[end:])


def _p_numbers(text: str) -> str:
    text = re.sub(r"(?m)^(\S.*?)(?:\.{2,}|\t)\s*(\d{1,3})\s*$", r"\1 P\2", text)
    return re.sub(r"(?m)^(#*\s*)Index\s*$", r"\1Contents", text)


def _no_marker(text: str) -> str:
    return re.sub(r"(?m)^#*\s*Index\s*$", "", text)


def _scanned(shape: Callable[[str], str]) -> tuple[dict[str, list[Candidate]], list[str]]:
    from sesec_deadlines.curation.texts import load_editions

    if not SEEDS.is_dir():
        pytest.skip(f"the newsletter editions are not beside the project ({SEEDS})")
    registry = load([bundled_path()])
    editions = load_editions(SEEDS, registry.editions)
    out = {key: review(scan_text(shape(e.text), e.edition.published), registry.entries, key)
           for key, e in editions.items()}
    wanted = [e.id for e in registry.entries
              if e.milestone.after is None and e.milestone.date is not None
              and e.milestone.date.precision.value in ("day", "month")]
    return out, wanted


def _known(scans: dict[str, list[Candidate]]) -> set[str]:
    return {m for cs in scans.values() for c in cs if c.status == "known" for m in c.milestones}


def test_relevance_on_the_bundled_editions() -> None:
    """At least half the obligations are registry milestones, and at least 85% of the
    milestones found are obligations."""
    scans, _ = _scanned(lambda text: text)
    for key, candidates in scans.items():
        duties = [c for c in candidates if c.relevance == "obligation"]
        assert sum(c.status != "new" for c in duties) >= 0.5 * len(duties), key
        known = [c for c in candidates if c.status == "known"]
        assert sum(c.relevance == "obligation" for c in known) >= 0.85 * len(known), key


@pytest.mark.parametrize("shape", [_p_numbers, _no_marker])
def test_an_index_of_another_shape_finds_the_same(shape: Callable[[str], str]) -> None:
    plain, _ = _scanned(lambda text: text)
    reshaped, _ = _scanned(shape)
    assert _known(reshaped) == _known(plain)


def test_without_an_index_the_headings_still_find_most() -> None:
    """With the index cut out, articles come from the body's headings: most milestones
    are still found in the article their instrument cites."""
    plain, wanted = _scanned(lambda text: text)
    cut, _ = _scanned(_no_index)
    base = _known(plain) & set(wanted)
    assert len(_known(cut) & base) >= 0.85 * len(base)


def test_the_year_of_a_day_without_one_comes_from_the_document() -> None:
    [early] = [c for c in scan_text("Rules Apply Soon\n\nThe rules apply from 1 January, "
                                     "the ministry said in its notice today.\n",
                                     date(2024, 10, 31))]
    assert (early.date_text(), early.inferred) == ("2025-01-01", True)
