"""Test material built from an edition's plain text, in the shapes editions come in.

- `pdf_edition`: the edition printed as a PDF (reportlab), as a word processor prints it:
  a running header and footer with the page number on every page, an index with dot
  leaders, headings in bold, Markdown tables as drawn tables;
- `host_text`: the text as document hosts serve it: wrapped at 78 columns, words broken
  with a hyphen at some line ends, no blank lines between paragraphs, "Page N: ..." lines;
- `web_pages`: one web page per article inside a site's chrome (navigation with other
  articles' titles, a sidebar of events with dates, a cookie banner, a footer), in three
  page layouts; `web_edition`: the whole edition on one page in the same chrome;
- `without_index` and `mangled_index`: the edition with its index taken out, or
  renamed, shortened and with "P4" page numbers.
"""

from __future__ import annotations

import html
import re
import textwrap
from pathlib import Path

from sesec_deadlines.curation.edition_text import normalize, split_articles

_INDEX_ENTRY_RE = re.compile(r"^(.*?\S)\s*(?:\.{2,}\s*|\t+)\s*(\d{1,3})\s*$")
_TABLE_ROW_RE = re.compile(r"^\|.*\|\s*$")


def _index_span(lines: list[str]) -> tuple[int, int]:
    """The lines of the index: from its heading to the line before "Takeaways"."""
    start = next(i for i, line in enumerate(lines) if line.strip().strip("#* ").casefold()
                 == "index")
    end = next(i for i in range(start + 1, len(lines))
               if lines[i].strip().strip("#* ").casefold() == "takeaways"
               and not _INDEX_ENTRY_RE.match(lines[i]) and "|" not in lines[i])
    return start, end


def _entries(lines: list[str]) -> list[tuple[str, str]]:
    out = []
    for line in lines:
        line = line.strip()
        if _TABLE_ROW_RE.match(line):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if len(cells) == 2 and cells[1].isdigit():
                out.append((cells[0], cells[1]))
            continue
        m = _INDEX_ENTRY_RE.match(line)
        if m:
            out.append((m.group(1).strip(" ."), m.group(2)))
        elif line and out and not out[-1][1]:
            out[-1] = (out[-1][0] + " " + line, "")
        elif line:
            out.append((line, ""))
    return [(t, p) for t, p in out if t]


# --- PDF ---------------------------------------------------------------------------------


def pdf_edition(text: str, path: Path, *, footer: str = "Page {page} of {pages}",
                header: str = "China Standardisation Newsletter", columns: int = 1) -> Path:
    """The edition printed as a PDF with a running header and footer on every page, in one
    column or two."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=10, leading=13,
                          spaceAfter=6)
    heading = ParagraphStyle("heading", parent=styles["Heading2"], fontSize=12, leading=15)
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10, spaceAfter=0)
    lines = text.splitlines()
    start, end = _index_span(lines)
    heads = {t.casefold() for t, _ in _entries(lines[start + 1:end])}
    story: list[object] = []

    def para(line: str, style: ParagraphStyle) -> None:
        story.append(Paragraph(html.escape(line.strip().strip("*").lstrip("# ")), style))

    for line in lines[:start]:
        if line.strip():
            para(line, heading)
    para("Index", heading)
    for title, page in _entries(lines[start + 1:end]):
        dots = "." * max(4, 90 - len(title))
        para(f"{title} {dots} {page}" if page else title, body)
    table: list[list[str]] = []
    for line in [*lines[end:], ""]:
        if _TABLE_ROW_RE.match(line.strip()):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not all(set(c) <= set("-: ") for c in cells):
                table.append(cells)
            continue
        if table:
            width = max(map(len, table))
            rows = [[Paragraph(html.escape(c), cell) for c in r + [""] * (width - len(r))]
                    for r in table]
            drawn = Table(rows, colWidths=[16 * cm / width] * width)
            drawn.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey)]))
            story.extend((drawn, Spacer(1, 6)))
            table = []
        bare = line.strip().strip("*").lstrip("# ").strip()
        if not bare:
            continue
        titled = line.lstrip().startswith("#") or bare.casefold() in heads
        para(line, heading if titled and len(bare) < 200 else body)

    def furniture(canvas: object, doc: object) -> None:
        c = canvas
        page = c.getPageNumber()  # type: ignore[attr-defined]
        c.saveState()  # type: ignore[attr-defined]
        c.setFont("Helvetica", 8)  # type: ignore[attr-defined]
        c.drawString(2 * cm, A4[1] - 1.2 * cm, header)  # type: ignore[attr-defined]
        c.drawRightString(A4[0] - 2 * cm, 1.2 * cm,  # type: ignore[attr-defined]
                          footer.format(page=page, pages="NN"))
        c.drawString(2 * cm, 1.2 * cm, "SESEC Project")  # type: ignore[attr-defined]
        c.restoreState()  # type: ignore[attr-defined]

    if columns == 1:
        doc = SimpleDocTemplate(str(path), pagesize=A4, topMargin=2 * cm,
                                bottomMargin=2 * cm, leftMargin=2 * cm, rightMargin=2 * cm)
        doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
        return path
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    width = (A4[0] - 4 * cm - 0.8 * cm) / 2
    frames = [Frame(2 * cm + i * (width + 0.8 * cm), 2 * cm, width, A4[1] - 4 * cm,
                    id=f"column{i}") for i in range(2)]
    two = BaseDocTemplate(str(path), pagesize=A4)
    two.addPageTemplates([PageTemplate(id="two", frames=frames, onPage=furniture)])
    for flowable in story:  # a drawn table as wide as a column
        if isinstance(flowable, Table):
            flowable._argW = [width / len(flowable._argW)] * len(flowable._argW)
    two.build(story)
    return path


# --- host text ---------------------------------------------------------------------------


def host_text(text: str, width: int = 78, page_lines: int = 55) -> str:
    """Wrapped at `width` columns, long words broken with a hyphen now and then, no blank
    lines between paragraphs, a "Page N: ..." line every `page_lines` lines."""
    out: list[str] = []
    for n, paragraph in enumerate(p for p in text.splitlines() if p.strip()):
        wrapped = textwrap.wrap(paragraph.strip(), width=width, break_long_words=False,
                                break_on_hyphens=False) or [""]
        if n % 3 == 0:
            wrapped = _hyphenate(wrapped, width)
        out.extend(wrapped)
    paged: list[str] = []
    for i, line in enumerate(out):
        if i % page_lines == 0:
            paged.append(f"Page {i // page_lines + 1}: China Standardisation Newsletter")
        paged.append(line)
    return "\n".join(paged) + "\n"


def _hyphenate(lines: list[str], width: int) -> list[str]:
    """Break the first word of a following line that is long and plain across the line
    end ("regu-" / "lation"), as a word processor's hyphenation does."""
    out = list(lines)
    for i in range(len(out) - 1):
        first, _, rest = out[i + 1].partition(" ")
        if len(first) >= 9 and first.isalpha() and first.islower() \
                and len(out[i]) + 1 + len(first) // 2 + 1 <= width and rest:
            cut = len(first) // 2
            out[i] = f"{out[i]} {first[:cut]}-"
            out[i + 1] = first[cut:] + " " + rest
    return out


# --- web pages ---------------------------------------------------------------------------

_CHROME_TOP = """<div class="cookie-banner" id="cookie-consent"><p>We use cookies to improve
your visit. Read our policy updated on 1 March 2026.</p><button>Accept</button></div>
<header class="site-header"><a class="logo" href="/">SESEC</a>
<nav class="main-menu"><ul>{nav}</ul></nav></header>"""
_SIDEBAR = """<aside class="sidebar"><h3>Upcoming events</h3><ul>
<li>Standards week, 15 June 2026</li><li>Webinar on market access, 3 September 2026</li>
</ul><h3>Latest news</h3><ul>{nav}</ul></aside>"""
_FOOTER = """<footer class="site-footer"><p>© 2026 SESEC. Published since 1 January 2006.
</p><nav><a href="/privacy">Privacy</a> <a href="/contact">Contact</a></nav></footer>"""


def _blocks(body: str) -> str:
    parts = []
    for line in body.splitlines():
        bare = line.strip()
        if not bare or set(bare) <= set("|-: "):
            continue
        if bare.startswith("#"):
            parts.append(f"<h2>{html.escape(bare.lstrip('# '))}</h2>")
        elif re.match(r"^[-*]\s", bare):
            parts.append(f"<ul><li>{html.escape(bare[2:])}</li></ul>")
        elif bare.startswith("|"):
            cells = "".join(f"<td>{html.escape(c.strip())}</td>"
                            for c in bare.strip("|").split("|"))
            parts.append(f"<table><tr>{cells}</tr></table>")
        else:
            parts.append(f"<p>{html.escape(bare.strip('*'))}</p>")
    return "\n".join(parts)


def web_page(title: str, body: str, published: str, layout: int, nav: list[str]) -> str:
    """One article inside a site's chrome, in one of three layouts."""
    links = "".join(f'<li><a href="/news/{i}">{html.escape(t)}</a></li>'
                    for i, t in enumerate(nav))
    top = _CHROME_TOP.format(nav=links)
    side = _SIDEBAR.format(nav=links)
    head = (f"<head><meta charset=\"utf-8\"><title>{html.escape(title)} | SESEC</title>"
            f"<meta property=\"og:title\" content=\"{html.escape(title)}\">"
            + (f"<meta property=\"article:published_time\" content=\"{published}T08:00:00+08:00\">"
               if layout == 0 else "")
            + "<style>body{font-family:sans-serif}</style><script>var x=1;</script></head>")
    blocks = _blocks(body)
    if layout == 0:
        main = (f"<main><article><h1>{html.escape(title)}</h1>{blocks}</article></main>")
    elif layout == 1:
        main = (f"<div id=\"content\" class=\"post\"><div class=\"entry-header\"><h1 "
                f"class=\"entry-title\">{html.escape(title)}</h1><time datetime=\"{published}\">"
                f"{published}</time></div><div class=\"entry-content\">{blocks}</div>"
                f"<div class=\"share\">Share this on social media</div></div>")
    else:
        main = (f"<table class=\"layout\"><tr><td class=\"menu\">{links}</td><td>"
                f"<div class=\"title\"><b>{html.escape(title)}</b></div>"
                f"<div class=\"text\">{blocks}</div></td></tr></table>")
    return (f"<!DOCTYPE html><html lang=\"en\">{head}<body>{top}<div class=\"wrap\">"
            f"{main}{side}</div>{_FOOTER}</body></html>\n")


def web_pages(text: str, directory: Path, published: str) -> list[Path]:
    """One page per article of the edition (each as its index names it), the layouts in
    turn; the pages' file names say nothing of their kind (".php", none, ".htm")."""
    headings, bodies = split_articles(text)
    directory.mkdir(parents=True, exist_ok=True)
    titles = [h for h in dict.fromkeys(headings) if h.casefold().strip() != "takeaways"]
    paths: list[Path] = []
    suffixes = (".html", ".htm", ".php", "")
    for i, title in enumerate(titles):
        body = bodies.get(normalize(title), "")
        if len(body.strip()) < 80:  # a section heading of the index, not an article
            continue
        nav = [t for t in titles if t != title][:8]
        page = web_page(title, body, published, i % 3, nav)
        path = directory / f"article-{i:02d}{suffixes[i % len(suffixes)]}"
        path.write_text(page, encoding="utf-8")
        paths.append(path)
    return paths


def web_edition(text: str, published: str) -> str:
    """The whole edition as one web page (its web version) inside the site's chrome: the
    index as a list, each article's heading an <h2>."""
    headings, _ = split_articles(text)
    heads = {normalize(h) for h in headings}
    parts = []
    for line in text.splitlines():
        bare = line.strip().strip("*").lstrip("# ").strip()
        if not bare or set(bare) <= set("|-: "):
            continue
        entry = _INDEX_ENTRY_RE.match(bare)
        if normalize(bare) in heads or bare.casefold() in ("index", "takeaways") or (
                re.match(r"^\d{1,2}\.\s", bare) and len(bare) < 200):
            parts.append(f"<h2>{html.escape(bare)}</h2>")
        elif entry:
            parts.append(f"<p>{html.escape(entry.group(1))} {entry.group(2)}</p>")
        else:
            parts.append(_blocks(line))
    links = "".join(f'<li><a href="/news/{i}">{html.escape(t)}</a></li>'
                    for i, t in enumerate(headings[:8]))
    return (f"<!DOCTYPE html><html><head><title>Newsletter | SESEC</title><meta "
            f"property=\"article:published_time\" content=\"{published}\"></head><body>"
            f"{_CHROME_TOP.format(nav=links)}<main><article><h1>China Standardisation "
            f"Newsletter</h1>{''.join(parts)}</article></main>{_SIDEBAR.format(nav=links)}"
            f"{_FOOTER}</body></html>\n")


# --- odd editions ------------------------------------------------------------------------


def without_index(text: str) -> str:
    """The edition with its index (heading and entries) taken out."""
    lines = text.splitlines()
    start, end = _index_span(lines)
    return "\n".join(lines[:start] + lines[end:]) + "\n"


def mangled_index(text: str) -> str:
    """The index called "Contents", every third entry left out, page numbers as "P4"."""
    lines = text.splitlines()
    start, end = _index_span(lines)
    entries = _entries(lines[start + 1:end])
    index = ["CONTENTS", ""] + [f"{t}  P{p}" if p else t for i, (t, p) in enumerate(entries)
                                if i % 3 != 2]
    return "\n".join(lines[:start] + index + [""] + lines[end:]) + "\n"
