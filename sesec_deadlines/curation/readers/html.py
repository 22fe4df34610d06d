"""A web page's article: its title, body and own date, without the site's chrome.

Parsed by lxml's HTML parser (libxml2: fast, forgiving of the markup sites serve, BSD
licence), imported only when a page is read. The article is, in this order: the
`<article>` (the one holding most text), `<main>` or `role="main"`, an element whose id
or class names the content ("content", "post", "entry", "article", "story"), or the
block holding most paragraph text. Within it, and wherever no such element is found,
navigation, headers and footers, sidebars, forms, cookie banners, share and comment
blocks are dropped by their tags, roles and class names. The title is the article's
first `<h1>` (else the page's og:title or `<title>` without its " | Site" tail); the date
is the page's own: `<time datetime>`, meta article:published_time and its kin, JSON-LD
datePublished, or a dateline at the start of the body. A page holding a whole edition
(an index heading, or many headings over a long text) is not one article: its text goes to
the article splitter like an edition's text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sesec_deadlines.curation.readers.document import HTML, Document, InputError, Section
from sesec_deadlines.curation.readers.htmlmeta import dateline, meta_date, meta_title, time_date
from sesec_deadlines.curation.readers.linekinds import tidy

_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "form", "button",
              "select", "input", "nav", "aside", "canvas", "object", "embed", "dialog")
_CHROME_RE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|menubar|breadcrumbs?|sidebar|side-bar|widget|"
    r"widgets|cookies?|consent|gdpr|banner|site-header|site-footer|masthead|footer|"
    r"share|sharing|social|related|comments?|respond|advert|ads|promo|subscribe|"
    r"newsletter-signup|skip-link|pagination|pager|tags|tag-cloud|toolbar|modal|popup)"
    r"(?:$|[\s_-])", re.IGNORECASE)
_CHROME_ROLES = frozenset(("navigation", "banner", "contentinfo", "complementary", "search",
                           "dialog", "alertdialog"))
_CONTENT_RE = re.compile(r"(?:^|[\s_-])(?:content|post|entry|article|story|main|body-text|"
                         r"text)(?:$|[\s_-])", re.IGNORECASE)
_BLOCKS = frozenset(("p", "div", "section", "article", "main", "li", "ul", "ol", "table",
                     "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
                     "header", "footer", "dl", "dt", "dd", "figure", "figcaption", "br",
                     "hr", "center", "td", "th", "address"))


def read_html(path: Path, text: str) -> Document:
    """A web page as a document with one section, its article; or with one section per
    `<section>` or `<article>` when it holds several under their own headings."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"),
                                             parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError) as err:
        raise InputError(f"{path}: a web page that cannot be parsed ({err})",
                         hint="save the page again, or give its text") from err
    published = meta_date(root)
    title = meta_title(root)
    for element in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        if element.getparent() is not None:
            element.drop_tree()
    main = _main(root)
    for tag in _DROP_TAGS:
        for element in list(main.iter(tag)):
            if element is not main:
                element.drop_tree()
    _drop_chrome(main)
    heading = next(iter(main.iter("h1")), None)
    if heading is None or not heading.text_content().strip():
        # no <h1>: the element a CMS marks as the article's title ("post-title", ...)
        heading = next((e for e in main.iter() if isinstance(e.tag, str)
                        and _TITLE_CLASS_RE.search(_classes(e))), None)
    if heading is not None and heading.text_content().strip():
        title = " ".join(heading.text_content().split())
        heading.drop_tree()
    parts = _sections(main)
    if published is None:
        published = time_date(main) or time_date(root)
    if parts:  # several articles on the page, each in its own <section> or <article>
        whole = "\n\n".join([title or path.stem] + [f"{s.title}\n\n{s.text}" for s in parts])
        return Document(path, HTML, whole, parts, title, published)
    for time in list(main.iter("time")):  # a stamp beside the title, not the article's text
        if time.getparent() is not None and next(time.iterancestors("p", "li", "td"),
                                                  None) is None:
            time.drop_tree()
    headings = [" ".join(h.text_content().split()) for h in main.iter("h2", "h3", "h4")]
    blocks = _text(main)
    body = tidy("\n".join(blocks)) if blocks else ""
    if published is None:
        published = dateline(body)
    if not title:
        title = next((b for b in blocks if b.strip()), path.stem)[:200]
    whole = f"{title}\n\n{body}"
    if _many_articles(headings, body):  # a whole edition on one page: split like its text
        return Document(path, HTML, whole, (), title, published)
    return Document(path, HTML, whole, (Section(title, body, published),), title, published)


_INDEX_HEADING_RE = re.compile(r"^(?:index|contents|table of contents|in this issue)$",
                               re.IGNORECASE)
EDITION_PAGE = 15_000  # characters: an article is shorter, an edition longer


def _many_articles(headings: list[str], body: str) -> bool:
    """Whether a page holds many articles (an edition's web version) rather than one: an
    index heading, or many headings over a long text."""
    return any(_INDEX_HEADING_RE.match(h) for h in headings) or (
        len(headings) >= 6 and len(body) >= EDITION_PAGE)


_TITLE_CLASS_RE = re.compile(r"(?:^|\s)(?:entry|post|article|page|news|story)[-_]?title"
                             r"(?:\s|$)", re.IGNORECASE)


def _classes(element: Any) -> str:
    return f"{element.get('id') or ''} {element.get('class') or ''}"


def _main(root: Any) -> Any:
    """The element holding the article."""
    body = root.find("body")
    body = root if body is None else body
    candidates = list(body.iter("article"))
    if not candidates:
        candidates = list(body.iter("main")) + [e for e in body.iter()
                                                if e.get("role") == "main"]
    if not candidates:
        candidates = [e for e in body.iter() if isinstance(e.tag, str)
                      and e.tag in ("div", "section", "td")
                      and _CONTENT_RE.search(_classes(e)) and not _CHROME_RE.search(_classes(e))]
    if candidates:
        best = max(candidates, key=_paragraph_text)
        if _paragraph_text(best) > 0:
            return best
    scores: dict[Any, int] = {}
    for p in body.iter("p", "li", "br"):
        parent = p.getparent()
        if parent is not None and not _in_chrome(parent):
            scores[parent] = scores.get(parent, 0) + len(p.text_content()) + \
                len(p.tail or "")
    if not scores:
        return body
    best = max(scores, key=lambda e: scores[e])
    # climb while the parent holds most of the text, to take in the article's headings
    while best.getparent() is not None and best.getparent() is not body and \
            _paragraph_text(best.getparent()) < 1.5 * _paragraph_text(best):
        best = best.getparent()
    return best


def _paragraph_text(element: Any) -> int:
    return sum(len(p.text_content()) for p in element.iter("p", "li", "td"))


def _in_chrome(element: Any) -> bool:
    node = element
    while node is not None:
        if isinstance(node.tag, str) and (node.tag in ("nav", "aside", "footer", "header")
                                          or node.get("role") in _CHROME_ROLES
                                          or _CHROME_RE.search(_classes(node))):
            return True
        node = node.getparent()
    return False


def _drop_chrome(main: Any) -> None:
    for element in list(main.iter()):
        if element is main or not isinstance(element.tag, str) or element.getparent() is None:
            continue
        titled = element.find(".//h1") is not None
        chrome = element.get("role") in _CHROME_ROLES or element.get("aria-hidden") == "true" \
            or (element.tag in ("footer", "header") and not titled) \
            or (bool(_CHROME_RE.search(_classes(element))) and not titled
                and not _CONTENT_RE.search(_classes(element)))
        if chrome:
            element.drop_tree()


def _sections(main: Any) -> tuple[Section, ...]:
    """The articles of a page that holds several, each in a `<section>` or `<article>` of
    its own under its own heading (`<h2>` to `<h4>`), dated by its own `<time>`; none when
    there are fewer than two."""
    boxes = [e for e in main.iter("section", "article") if e is not main
             and next(e.iter("h2", "h3", "h4"), None) is not None]
    boxes = [e for e in boxes if not any(a in boxes for a in e.iterancestors())]
    if len(boxes) < 2:
        return ()
    out = []
    for box in boxes:
        heading = next(box.iter("h2", "h3", "h4"))
        title = " ".join(heading.text_content().split())
        heading.drop_tree()
        published = time_date(box)
        for time in list(box.iter("time")):
            holder = time.getparent()
            if holder is not box and len(holder.text_content().split()) <= 4:
                holder.drop_tree()  # a stamp on a line of its own: "Posted 25 Nov 2026"
            elif next(time.iterancestors("p", "li", "td"), None) is None:
                time.drop_tree()
        body = tidy("\n".join(_text(box)))
        if title and body.strip():
            out.append(Section(title, body, published))
    return tuple(out) if len(out) >= 2 else ()


def _text(main: Any) -> list[str]:
    """The article's text: a paragraph per block, "- " before list items, table rows as
    "| cell | cell |", headings on lines of their own."""
    out: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = " ".join("".join(current).split())
        if line:
            out.extend((line, ""))
        current.clear()

    def walk(element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "tr":
            flush()
            cells = [" ".join(c.text_content().split()) for c in element
                     if isinstance(c.tag, str) and c.tag in ("td", "th")]
            if any(cells):
                out.append("| " + " | ".join(cells) + " |")
            if element.tail and element.tail.strip():
                current.append(element.tail)
            return
        block = tag in _BLOCKS
        if block:
            flush()
        if tag == "li":
            parent = element.getparent()
            number = (list(parent).index(element) + 1) if parent is not None \
                and parent.tag == "ol" else None
            current.append(f"{number}. " if number else "- ")
        if element.text:
            current.append(element.text)
        for child in element:
            walk(child)
        if block:
            flush()
        if element.tail:
            current.append(element.tail)

    walk(main)
    flush()
    return out
