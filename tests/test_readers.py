"""The readers of scan's inputs: kinds by content, PDF, web pages, text of any shape."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from sesec_deadlines.curation.readers import InputError, read_document, read_inputs
from sesec_deadlines.curation.readers.cleanup import clean_text
from sesec_deadlines.curation.readers.linekinds import dehyphenate, is_page_number, leaders

from .conftest import FIXTURES, Runner
from .material import pdf_edition

INPUTS = FIXTURES / "inputs"


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Our sprocket edition printed as a PDF, saved under a name that says text."""
    text = (INPUTS / "sprocket-edition.txt").read_text(encoding="utf-8")
    return pdf_edition(text, tmp_path_factory.mktemp("pdf") / "edition.txt", footer="- {page} -")


def test_the_kind_is_decided_by_content(printed: Path, tmp_path: Path) -> None:
    assert read_document(printed).kind == "pdf"
    page = tmp_path / "notice.txt"
    page.write_bytes((INPUTS / "notice-page.html").read_bytes())
    assert read_document(page).kind == "html"
    prose = tmp_path / "prose.html"
    prose.write_text("Not markup at all: a plain sentence with <b> in it.\n", encoding="utf-8")
    assert read_document(prose).kind == "text"
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Caf\xe9 rules from 1 May 2026\n".encode("cp1252"))
    assert "Café" in read_document(latin).text
    wide = tmp_path / "wide.txt"
    wide.write_bytes("Rules from 1 May 2026\n".encode("utf-16"))
    assert read_document(wide).text == "Rules from 1 May 2026\n"


@pytest.mark.parametrize("line", ["12", "P4", "p. 7", "Page 3", "Page 3 of 40", "- 12 -",
                                  "— 9 —", "3/40", "[5]", "Page 2: Widget Regulatory Digest"])
def test_page_numbers(line: str) -> None:
    assert is_page_number(line)


@pytest.mark.parametrize("line", ["12 months", "Page 3 lists the rules.", "P4 sprockets",
                                  "2026", "1. Chargers"])
def test_not_page_numbers(line: str) -> None:
    assert not is_page_number(line)


def test_leaders_and_hyphens() -> None:
    assert leaders(["Takeaways ........ 2", "A long entry that wraps", "..... 7",
                    "Rules … 12", "Plain line"]) == [
        "Takeaways\t2", "A long entry that wraps\t7", "Rules\t12", "Plain line"]
    assert dehyphenate(["stock in ware-", "houses and the cross-", "border trade of",
                        "GB/T 4706.1-", "2024 items; cross-border"]) == [
        "stock in warehouses", "and the cross-border", "trade of", "GB/T 4706.1-2024",
        "items; cross-border"]


def test_running_lines_repeat_across_pages() -> None:
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]
    pages = [f"Widget Digest   P{n}\n\nThe {words[n]} rules start on {n} May.\n"
             f"Sellers of {words[n - 1]} widgets must register.\nPenalties for {words[n]} "
             f"apply.\n\nwww.example.org   - {n} -" for n in range(1, 6)]
    text = clean_text("\f".join(pages))
    assert "Widget Digest" in text.splitlines()[0]  # the first page keeps its masthead
    assert text.count("Widget Digest") == 1 and "example.org" not in text
    assert "- 3 -" not in text and "The delta rules start on 3 May." in text


def test_wrapped_host_text_is_reflowed() -> None:
    doc = read_document(INPUTS / "widgets-wrapped.txt")
    paragraphs = [p for p in doc.text.split("\n\n") if p.strip()]
    assert "Page 1" not in doc.text and "Page 2" not in doc.text
    assert "Takeaways\t2" in paragraphs and \
        "Safety Rules for Garden Widgets Enter into Force\t3" in paragraphs
    assert "Safety Rules for Garden Widgets Enter into Force" in paragraphs
    assert ("Stock already in warehouses may still be sold until 28 February 2027, after which "
            "the transition ends and older widgets are withdrawn from the market.") in doc.text
    feedback = next(p for p in paragraphs if p.startswith("The sprocket labelling draft"))
    assert feedback.endswith("in the autumn.") and "\n" not in feedback


def test_markdown_keeps_lists_tables_and_headings() -> None:
    doc = read_document(INPUTS / "gadget-bulletin.md")
    lines = doc.text.splitlines()
    assert "## Charger efficiency limits tightened" in lines
    assert "2. From 1 March 2028, the limit also applies to imported chargers." in lines
    assert "| GB 90001-2026 | Charger standby power | 2027-03-01 |" in lines


def test_pdf_without_furniture(printed: Path) -> None:
    doc = read_document(printed)
    lines = doc.text.splitlines()
    assert "- 1 -" not in doc.text and "SESEC Project" not in doc.text
    assert "Sprocket Safety Standard Becomes Mandatory\t3" in lines
    assert "| GB/T 80002-2025 | Sprocket chain compatibility | 2026-07-01 |" in lines
    whole = next(line for line in lines if line.startswith("On 10 November 2025"))
    assert whole.endswith("well in advance of the deadline.")


def test_pdf_running_header_and_footer_on_many_pages(tmp_path: Path) -> None:
    text = (INPUTS / "sprocket-edition.txt").read_text(encoding="utf-8")
    body = "\n\n".join(f"Paragraph {n} of our filler text, which says nothing of note but "
                       "fills the page so the edition runs to several pages." for n in range(80))
    path = pdf_edition(text + "\n\n" + body + "\n", tmp_path / "long.pdf",
                       footer="Page {page} of {pages}", header="Sprocket Standards Letter")
    doc = read_document(path)
    assert doc.pages >= 3
    assert "Page 2 of" not in doc.text and "SESEC Project" not in doc.text
    # the first page keeps its running header, which may be the masthead; no other page does
    assert doc.text.count("Sprocket Standards Letter") == 2
    assert doc.text.index("Sprocket Standards Letter", 1) < 60
    assert "Paragraph 79 of our filler text" in doc.text


def test_web_page_article_without_chrome() -> None:
    doc = read_document(INPUTS / "notice-page.html")
    [section] = doc.sections
    assert section.title == doc.title == "Lamp Recycling Rules Take Effect"
    assert section.published == doc.published == date(2026, 5, 4)
    assert "free of charge from 1 July 2026" in section.text
    assert "first report being due by 31 March 2027" in section.text
    for chrome in ("cookies", "News from", "Lighting fair", "founded on", "analytics", "color"):
        assert chrome not in doc.text, chrome


def test_a_page_holding_a_whole_edition_is_split_like_text(tmp_path: Path) -> None:
    page = tmp_path / "edition.html"
    page.write_text("<html><body><main><h1>Sprocket Standards Letter</h1><h2>Contents</h2>"
                    "<ul><li>Sprocket Rules 2</li><li>Gear Rules 3</li></ul><h2>Sprocket Rules"
                    "</h2><p>Sprocket rules apply from 1 May 2026.</p><h2>Gear Rules</h2>"
                    "<p>Gear rules apply from 1 June 2026.</p></main></body></html>",
                    encoding="utf-8")
    doc = read_document(page)
    assert doc.sections == () and doc.title == "Sprocket Standards Letter"
    assert "\nContents\n\n- Sprocket Rules 2\n" in doc.text
    assert "\nGear Rules\n\nGear rules apply from 1 June 2026.\n" in doc.text


def test_web_page_title_marked_by_its_class_when_there_is_no_h1(tmp_path: Path) -> None:
    """A CMS page whose title is a styled <span>, and whose <title> is the section's name
    and the site's ("News | Centre"): the article's title, not "News"."""
    page = tmp_path / "post.html"
    page.write_text(
        "<html><head><title>News | Example Centre</title></head><body>"
        "<nav><a href='/'>Home</a></nav><div id='content'><section class='post'>"
        "<div class='post-header'><span class='post-title'>Energy labels tightened for "
        "air conditioners</span></div><div class='post-body'><p>Products made from 1 May "
        "2027 must carry the new label.</p></div></section></div></body></html>",
        encoding="utf-8")
    doc = read_document(page)
    assert doc.title == doc.sections[0].title == "Energy labels tightened for air conditioners"
    assert doc.sections[0].text.count("Energy labels tightened") == 0
    assert "from 1 May 2027" in doc.sections[0].text
    page.write_text(page.read_text(encoding="utf-8").replace(
        "<div class='post-header'>", "<div class='post-header'><h1>The headline</h1>"),
        encoding="utf-8")
    assert read_document(page).title == "The headline"  # an <h1> still comes first


def test_web_page_date_from_time_or_dateline(tmp_path: Path) -> None:
    page = tmp_path / "a.htm"
    page.write_text("<html><body><div class='post'><h1>Rules</h1><time datetime='2026-02-03'>"
                    "3 Feb</time><p>Rules apply from 1 March 2026 to all sellers.</p></div>"
                    "</body></html>", encoding="utf-8")
    assert read_document(page).published == date(2026, 2, 3)
    assert "3 Feb" not in read_document(page).text
    page.write_text("<html><body><p>Published: 12 March 2026</p><p>Rules apply from 1 May "
                    "2026 to all sellers of lamps.</p></body></html>", encoding="utf-8")
    assert read_document(page).published == date(2026, 3, 12)


def test_a_folder_is_its_documents(tmp_path: Path) -> None:
    (tmp_path / "b.html").write_bytes((INPUTS / "notice-page.html").read_bytes())
    (tmp_path / "a.txt").write_text("Some text.\n", encoding="utf-8")
    (tmp_path / "style.css").write_text("body { color: red }\n", encoding="utf-8")
    (tmp_path / ".hidden").write_text("x\n", encoding="utf-8")
    docs = read_inputs([tmp_path])
    assert [d.path.name for d in docs] == ["a.txt", "b.html"]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="empty folder"):
        read_inputs([empty])
    with pytest.raises(InputError, match="no such file"):
        read_inputs([tmp_path / "nope.pdf"])
    binary = tmp_path / "x.bin"
    binary.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(InputError, match="neither a PDF"):
        read_document(binary)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot really\n")
    with pytest.raises(InputError, match="cannot be opened"):
        read_document(broken)


def test_only_scan_pays_for_the_pdf_and_html_libraries(tmp_path: Path) -> None:
    """A text edition's scan imports neither PDFium nor lxml; upcoming neither."""
    code = ("import sys\nfrom sesec_deadlines.cli.app import main\n"
            "sys.argv = ['deadlines', *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('pypdfium2', 'lxml'))),"
            " file=sys.stderr)\n")
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    scan = FIXTURES / "scan"
    for argv in (["upcoming", "--as-of", "2026-03-20"],
                 ["scan", str(scan / "forms.txt"), "-r", str(scan / "registry.toml")]):
        done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True,
                              text=True, env=env, check=True)
        assert done.stderr.strip().splitlines()[-1] == "[]", argv


def test_a_web_page_is_read_against_its_own_date(run: Runner, tmp_path: Path) -> None:
    """A day and month without a year take the year nearest the page's own date, not the
    edition's, when the page has one."""
    page = tmp_path / "notice.html"
    page.write_text("<html><head><meta property='article:published_time' "
                    "content='2027-10-01'></head><body><article><h1>Sprocket Labels Draft</h1>"
                    "<p>The regulator released a draft on sprocket labels for comments. "
                    "Comments are accepted until 18 November.</p></article></body></html>",
                    encoding="utf-8")
    registry = FIXTURES / "scan" / "registry.toml"
    result = run("scan", str(page), "-r", str(registry), "-e", "2025-11", "-f", "json", "--all")
    assert result.exit_code == 0, result.stderr
    dates = {c["date"] for c in json.loads(result.stdout)["candidates"]}
    assert "2027-11-18" in dates and "2025-11-18" not in dates


def test_a_browser_printed_pdf_reads_every_letter_once(tmp_path: Path) -> None:
    """A page a browser prints to PDF sets kerned pairs ("Te", "Wr", "of f") as runs whose
    boxes overlap; each letter is read once, and words stay whole."""
    from .browser import find_chromium

    chromium = find_chromium()
    if chromium is None:
        pytest.skip("no Chromium to print with (tests/get-chromium.sh installs it)")
    page = tmp_path / "briefing.html"
    page.write_text(
        "<!doctype html><meta charset=utf-8><title>Briefing</title>"
        "<body style='font-family:serif;margin:2cm'>"
        "<p>Technical Desk - Member briefing</p>"
        "<h1>Regulatory update, fourth quarter</h1>"
        "<h2>Tyre labelling for trucks</h2>"
        "<p>Written views on the draft are accepted until 15 January 2027. Tyres made "
        "before that day may be sold off the shelves until 31 October 2028.</p>"
        "<table><tr><th>Standard</th><th>Title</th><th>Implementation</th></tr>"
        "<tr><td>GB 4706.27-2026</td><td>Safety of fans</td><td>2027-08-01</td></tr></table>"
        "</body>", encoding="utf-8")
    pdf = tmp_path / "briefing.pdf"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri()],
                   capture_output=True, timeout=120, check=True)
    doc = read_document(pdf)
    assert doc.kind == "pdf"
    text = " ".join(doc.text.split())
    assert "Technical Desk - Member briefing" in text
    assert "Tyre labelling for trucks" in text
    assert ("Written views on the draft are accepted until 15 January 2027. Tyres made before "
            "that day may be sold off the shelves until 31 October 2028.") in text
    assert "GB 4706.27-2026 Safety of fans 2027-08-01" in " ".join(
        doc.text.replace("|", " ").split())


def test_a_pdf_paragraph_with_an_italic_title_reads_as_one_paragraph(tmp_path: Path) -> None:
    """Lines of a paragraph are joined with a space, and a title set in italics in
    mid-sentence is part of the sentence, not a table's cell."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    body_style = ParagraphStyle("body", parent=styles["BodyText"], fontSize=9.5, leading=12.5)
    pdf = tmp_path / "bulletin.pdf"
    body = ("SAMR and SAC approved GB 21520-2026, <i>Minimum allowable values of energy "
            "efficiency and energy efficiency grades for displays</i>, on 5th November 2026. "
            "It replaces GB 21520-2015 and will be implemented on 1st December 2027. Displays "
            "manufactured before that date can be sold until the end of November 2028.")
    SimpleDocTemplate(str(pdf), pagesize=A4).build([
        Paragraph("1. Energy efficiency of displays", styles["Heading2"]),
        Paragraph(body, body_style),
        Paragraph("2. Dates for the diary", styles["Heading2"]),
        Paragraph("A workshop on testing methods is held on 18 December 2026.",
                  body_style)])
    lines = read_document(pdf).text.splitlines()
    assert "1. Energy efficiency of displays" in lines
    assert "2. Dates for the diary" in lines
    plain = re.sub(r"<[^>]+>", "", body)
    assert plain in lines  # one paragraph, one line, a space at every line join
    assert not any("|" in line for line in lines)
