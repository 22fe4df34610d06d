"""A heading after the end of a table or a paragraph stays a line of its own, in text
re-flowed from a fixed width and in a PDF's layout; a table's rows stay one to a line."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from sesec_deadlines.curation.readers import read_document
from sesec_deadlines.curation.readers.cleanup import clean_text
from sesec_deadlines.curation.split import layout

PROSE = ("The regulator announced on 3 November 2026 that chargers for phones, laptops and "
         "tablets sold in the country must carry the new certification mark from 1 May 2027, "
         "and that the rules cover imports as well as domestic production of every model "
         "listed in the annex of the notice")
NAMES = ("The State Administration for Market Regulation and the Standardization "
         "Administration of China said on 5 November 2026 that the catalogue of products "
         "needing the mark grows from 1 June 2027 to cover power banks.")
HEADINGS = ["Chargers Need a New Certification Mark", "Standards for Audio and IT Equipment",
            "Lithium Cells Under New Rules", "Cosmetics Labels Change Next Year",
            "Toy Batteries Drafted for Comment"]


def _ending(n: int) -> list[str]:
    """The end of an article, in a different shape for each: prose ending in a stop, a
    long last line without a stop, a table aligned in columns, a pipe table."""
    lines = textwrap.wrap(PROSE + ".", 78)
    if n % 4 == 1:
        lines = [*textwrap.wrap(PROSE, 78)[:-1],
                 "listed in the annex, as the notice on scope says (GB 4943.1-2026)"]
    elif n % 4 == 2:
        lines += ["Standard          Title                                        Implemented",
                  "GB 4943.1-2026    Audio/video and IT equipment, safety requirements"
                  "  2027-08-01",
                  "GB 31241-2026     Lithium-ion cells and batteries for portable use"
                  "   2028-01-01"]
    elif n % 4 == 3:
        lines += ["| Standard | Title | Implemented |",
                  "| GB 4943.1-2026 | Audio/video and IT equipment, safety requirements "
                  "| 2027-08-01 |"]
    return lines


def hosted() -> str:
    """A digest as a host serves it: wrapped at 78 columns, no blank lines."""
    lines: list[str] = []
    for n, heading in enumerate(HEADINGS):
        lines += [heading, *textwrap.wrap(NAMES, 78), *_ending(n)]
    return "\n".join(lines) + "\n"


def test_headings_after_a_paragraph_or_a_table_are_lines_of_their_own() -> None:
    text = clean_text(hosted())
    lines = text.splitlines()
    for heading in HEADINGS:
        assert heading in lines, heading
    assert lines.count(" ".join(NAMES.split())) == len(HEADINGS)  # prose, not a heading
    # the rows stay together, one to a line, under their header
    at = lines.index("Standard          Title                                        Implemented")
    assert lines[at + 1].startswith("GB 4943.1-2026") and lines[at + 2].startswith("GB 31241")
    at = lines.index("| Standard | Title | Implemented |")
    assert lines[at + 1].startswith("| GB 4943.1-2026 |") and lines[at + 2] == ""


def test_the_articles_and_their_table_rows_are_found() -> None:
    from sesec_deadlines.curation.scan import scan_text

    text = clean_text(hosted())
    assert [h for h in layout(text).headings] == HEADINGS
    rows = {(c.article, c.standard, c.date_text()) for c in scan_text(text, date(2026, 12, 1))
            if c.standard and c.text.startswith(c.standard)}
    assert rows == {(HEADINGS[2], "GB 4943.1-2026", "2027-08-01"),
                    (HEADINGS[2], "GB 31241-2026", "2028-01-01"),
                    (HEADINGS[3], "GB 4943.1-2026", "2027-08-01")}


@pytest.fixture(scope="module")
def tight_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Headings in the body's type, bold, with no space around them; tables drawn without
    padding above and below their cells, a heading right under each."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=12,
                          spaceBefore=0, spaceAfter=0, alignment=4)
    bold = ParagraphStyle("bold", parent=body, fontName="Helvetica-Bold", alignment=0)
    cell = ParagraphStyle("cell", parent=body, alignment=0)
    story: list[object] = []
    for n, heading in enumerate(HEADINGS):
        story.append(Paragraph(heading, bold))
        story.append(Paragraph(PROSE + ".", body))
        if n % 2:
            table = Table([[Paragraph(c, cell) for c in row] for row in (
                ("Standard", "Title", "Implementation date"),
                (f"GB 4943.{n}-2026", "IT equipment safety", f"2027-0{n}-01"),
                (f"GB 31241.{n}-2026", "Lithium cells for portable devices and tools",
                 f"2028-0{n}-01"))], colWidths=[4 * cm, 7 * cm, 5 * cm])
            table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), *(
                (side, (0, 0), (-1, -1), 0) for side in ("TOPPADDING", "BOTTOMPADDING"))]))
            story.append(table)
    path = tmp_path_factory.mktemp("tight") / "digest.pdf"
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=2 * cm,
                      rightMargin=2 * cm).build(story)
    return path


def test_a_pdf_set_tight_keeps_headings_and_rows_apart(tight_pdf: Path) -> None:
    lines = read_document(tight_pdf).text.splitlines()
    for heading in HEADINGS:
        assert heading in lines, heading
    for n in (1, 3):
        at = lines.index("| Standard | Title | Implementation date |")
        assert lines[at + 1] == f"| GB 4943.{n}-2026 | IT equipment safety | 2027-0{n}-01 |"
        assert lines[at + 2] == (f"| GB 31241.{n}-2026 | Lithium cells for portable devices "
                                 f"and tools | 2028-0{n}-01 |")
        del lines[at]
