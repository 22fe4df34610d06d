"""`deadlines scan` on held-out documents, as a new curator meets them.

tests/fixtures/heldout holds twenty-one documents written without looking at how scan works, in
four batches (PDF in one and two columns, web pages in site chrome and a whole edition as one
page, Markdown digests, a forwarded e-mail, a host's re-wrapped text export, a report with
numbered headings and tables, a partial edition, a translated post, a calendar of the coming
year, an authority's announcement page, a blog post, a slide deck, a tracker table, an HTML
e-mail, a bilingual notice), each with a hand label of the milestones a compliance team acts on
(NAME.toml). bench/scan_heldout.py scans each with the installed CLI and judges the
`obligation` candidates against the label; docs/performance.md ("Held-out editions") has the
figures. The bars are those the curation work set for unseen material: at least 85% of the
labelled milestones among the obligation candidates over all documents and over each batch (at
least 70% in each document), and at least half of the obligation candidates true. A document
that misses its bar today is marked xfail (strict) with the failure class, so that a fix shows
as XPASS and the mark must go.
"""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "heldout"

_spec = importlib.util.spec_from_file_location("scan_heldout", ROOT / "bench" / "scan_heldout.py")
assert _spec is not None and _spec.loader is not None
heldout = importlib.util.module_from_spec(_spec)
sys.modules["scan_heldout"] = heldout
_spec.loader.exec_module(heldout)

RECALL_ALL = 0.85
RECALL_EACH = 0.70
PRECISION = 0.50

# The documents below their bar today, and why (the failure class, not the case).
FAILING = {
    "d17_slides.pdf": (
        "slide bullets without a sentence ('Published 30 June 2026, applies 1 July 2027', a "
        "sub-bullet 'issued 20 October 2026'): the publication is context, the binding text "
        "being named in the slide title or the parent bullet"
    ),
}
# Batches 2 to 4 were written after the findings on the batches before them went to the
# scan's authors, and kept back until measured: the bar over each alone is the one unseen
# material is held to.
FAILING_BATCHES: dict[int, str] = {}


@pytest.fixture(scope="module")
def results() -> dict[str, object]:
    return {result.name: result for result in heldout.evaluate(FIXTURES)}


def _documents() -> list[str]:
    return [label.document.name for label in heldout.load_labels(FIXTURES)]


def _marked(name: str) -> object:
    if name in FAILING:
        return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=FAILING[name]))
    return name


def test_the_material_is_complete() -> None:
    labels = heldout.load_labels(FIXTURES)
    assert len(labels) >= 8
    editions = tomllib.loads((FIXTURES / "editions.toml").read_text(encoding="utf-8"))
    keys = {edition["key"] for edition in editions["edition"]}
    kinds = {label.document.suffix for label in labels}
    assert {".pdf", ".html", ".md", ".txt"} <= kinds
    for label in labels:
        assert label.document.exists(), label.document
        assert label.edition in keys, label.path
        assert [m for m in label.milestones if not m.optional], label.path


@pytest.mark.parametrize("name", [_marked(name) for name in _documents()])
def test_each_document_is_scanned_with_its_milestones(results: dict, name: str) -> None:
    result = results[name]
    assert result.exit_code == 0, result.stderr
    assert result.recall >= RECALL_EACH, heldout.details(result)


def test_recall_over_all_documents(results: dict) -> None:
    found, required, _, _ = heldout.totals(list(results.values()))
    assert found / required >= RECALL_ALL, heldout.table(list(results.values()))


def _batches() -> list[object]:
    batches = sorted({label.batch for label in heldout.load_labels(FIXTURES)})
    return [
        pytest.param(b, marks=pytest.mark.xfail(strict=True, reason=FAILING_BATCHES[b]))
        if b in FAILING_BATCHES
        else b
        for b in batches
    ]


@pytest.mark.parametrize("batch", _batches())
def test_recall_over_each_batch(results: dict, batch: int) -> None:
    group = [r for r in results.values() if r.label.batch == batch]
    found, required, _, _ = heldout.totals(group)
    assert found / required >= RECALL_ALL, heldout.table(group)


def test_precision_over_all_documents(results: dict) -> None:
    _, _, true, obligations = heldout.totals(list(results.values()))
    assert obligations > 0
    assert true / obligations >= PRECISION, heldout.table(list(results.values()))
