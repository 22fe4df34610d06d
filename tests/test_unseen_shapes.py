"""scan on documents of shapes its rules were not written on (tests/fixtures/unseen: a
news digest with bold headings and bullets, a press release without headings, an e-mail
with quoted notices, a web page of several <section>s, numbered headings 1.2.3, a PDF of
two articles a page with a table across a page break), read by the real readers: at least
85% of their hand-labelled obligations among the `obligation` candidates, at least half of
those candidates true."""

from __future__ import annotations

import html
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sesec_deadlines.core.model import Edition
from sesec_deadlines.curation.readers import read_document
from sesec_deadlines.curation.scan import Candidate, scan_articles
from sesec_deadlines.curation.texts import edition_text

from .conftest import FIXTURES
from .test_shapes import keys

UNSEEN = FIXTURES / "unseen"
DOCUMENTS: list[dict[str, Any]] = tomllib.loads(
    (UNSEEN / "expected.toml").read_text(encoding="utf-8"))["document"]


def printed(source: Path, path: Path) -> Path:
    """The Markdown source printed as a word processor would: A5 pages with a running
    header and footer, "## " headings in bold, each article run on after the one before
    (two a page), its table drawn with the header row repeated over the page break."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A5
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=9, leading=11.5,
                          spaceAfter=5)
    heading = ParagraphStyle("heading", parent=body, fontName="Helvetica-Bold",
                             fontSize=11, leading=14, spaceBefore=8)
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10, spaceAfter=0)
    story: list[object] = []
    rows: list[list[str]] = []
    for line in [*source.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if not set("".join(cells)) <= set("-: "):
                rows.append(cells)
            continue
        if rows:
            table = Table([[Paragraph(html.escape(c), cell) for c in r] for r in rows],
                          colWidths=[3.4 * cm, 5 * cm, 3.4 * cm], repeatRows=1)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey)]))
            story.append(table)
            rows = []
        if line.strip():
            style = heading if line.startswith("## ") else body
            story.append(Paragraph(html.escape(line.removeprefix("## ")), style))

    def furniture(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.drawString(1.5 * cm, A5[1] - 1 * cm, "Appliance and Product Rules Bulletin")
        canvas.drawRightString(A5[0] - 1.5 * cm, 0.8 * cm, f"Page {doc.page}")
        canvas.restoreState()

    SimpleDocTemplate(str(path), pagesize=A5, leftMargin=1.5 * cm, rightMargin=1.5 * cm,
                      topMargin=1.6 * cm, bottomMargin=1.5 * cm).build(
        story, onFirstPage=furniture, onLaterPages=furniture)
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for doc in DOCUMENTS:
        source = UNSEEN / doc["file"]
        out[doc["file"]] = (printed(source, tmp_path_factory.mktemp("pdf") / "bulletin.pdf")
                            if doc.get("pdf") else source)
    return out


def scanned(doc: dict[str, Any], path: Path) -> list[Candidate]:
    """The document read by its reader, split into articles and scanned, as `deadlines
    scan FILE --edition KEY` does."""
    edition = Edition(key="2026-12", label="Test material", published=doc["reference"])
    found = edition_text([read_document(path)], edition)
    return [c for a in found.article_list() for c in scan_articles([a], found.reference(
        a.heading))]


def _tally(doc: dict[str, Any], path: Path) -> tuple[set[str], set[str], list[Candidate]]:
    found = [c for c in scanned(doc, path) if c.relevance == "obligation"]
    got: set[str] = set().union(*(keys(c) for c in found)) if found else set()
    return set(doc["obligations"]), got, found


@pytest.mark.parametrize("doc", DOCUMENTS, ids=[d["file"] for d in DOCUMENTS])
def test_each_unseen_shape(doc: dict[str, Any], files: dict[str, Path]) -> None:
    wanted, got, found = _tally(doc, files[doc["file"]])
    assert len(wanted & got) >= 0.75 * len(wanted), sorted(wanted - got)
    assert sum(bool(keys(c) & wanted) for c in found) >= 0.5 * len(found), [
        (c.written, c.text) for c in found if not keys(c) & wanted]


def test_the_bars_over_all_unseen_shapes(files: dict[str, Path]) -> None:
    wanted_total = found_total = candidates = true = 0
    for doc in DOCUMENTS:
        wanted, got, found = _tally(doc, files[doc["file"]])
        wanted_total += len(wanted)
        found_total += len(wanted & got)
        candidates += len(found)
        true += sum(bool(keys(c) & wanted) for c in found)
    assert found_total >= 0.85 * wanted_total
    assert true >= 0.5 * candidates


def test_the_pdf_table_crosses_a_page_break(files: dict[str, Path]) -> None:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(files["two-per-page.md"]))
    pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    first = next(i for i, text in enumerate(pages) if "GB 4706.1-2026" in text)
    assert "GB 4706.14-2026" not in pages[first]  # the table goes on over the page break
    assert sum("Import Licences" in t or "Toy Batteries" in t for t in pages[:1]) == 1
    rows = {c.standard for c in scanned(DOCUMENTS[-1], files["two-per-page.md"])
            if c.standard}
    assert rows == {f"GB 4706.{n}-2026" for n in range(1, 15)}


def test_sections_of_a_page_are_articles_dated_by_their_time(
        files: dict[str, Path]) -> None:
    doc = next(d for d in DOCUMENTS if d["file"] == "sections.html")
    found = scanned(doc, files["sections.html"])
    assert {c.article for c in found} >= {"Energy labels for air conditioners revised",
                                          "Battery passport pilot"}
    assert not any("forum" in c.text.lower() or "breakfast" in c.text.lower()
                   for c in found)  # the sidebar is chrome
    assert date(2027, 1, 12) not in {c.date.start for c in found if c.date}
