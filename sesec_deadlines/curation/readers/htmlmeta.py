"""What a web page says of itself: its title and its own date (meta tags, JSON-LD, a
`<time>`, a dateline opening the body)."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

_ISO_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TITLE_TAIL_RE = re.compile(r"\s+[|–—-]\s+[^|–—-]{1,60}$")
_DATE_META = ("article:published_time", "og:published_time", "datepublished", "pubdate",
              "publishdate", "date", "dc.date", "dc.date.issued", "dcterms.created",
              "sailthru.date", "parsely-pub-date", "article.published")


def meta_title(root: Any) -> str | None:
    for meta in root.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").casefold() in ("og:title",
                                                                            "twitter:title"):
            content = " ".join((meta.get("content") or "").split())
            if content:
                return content
    title = root.find(".//title")
    if title is not None and title.text_content().strip():
        return _TITLE_TAIL_RE.sub("", " ".join(title.text_content().split()))
    return None


def _iso(text: str | None) -> date | None:
    m = _ISO_RE.search(text or "")
    if m is None:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def meta_date(root: Any) -> date | None:
    for meta in root.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "")
        if name.casefold() in _DATE_META:
            found = _iso(meta.get("content"))
            if found:
                return found
    for script in root.iter("script"):
        if (script.get("type") or "").casefold() == "application/ld+json" and script.text:
            try:
                data = json.loads(script.text)
            except ValueError:
                continue
            for item in data if isinstance(data, list) else [data]:
                if isinstance(item, dict) and _iso(str(item.get("datePublished", ""))):
                    return _iso(str(item["datePublished"]))
    return None


def time_date(element: Any) -> date | None:
    for time in element.iter("time"):
        found = _iso(time.get("datetime")) or _iso(time.text_content())
        if found:
            return found
    for item in element.iter():
        if isinstance(item.tag, str) and item.get("itemprop") == "datePublished":
            found = _iso(item.get("content") or item.get("datetime") or item.text_content())
            if found:
                return found
    return None


_DATELINE_RE = re.compile(
    r"^(?:(?:published|posted|date|updated)\s*(?:on)?\s*:?\s*)?(?:[A-Z][a-z]+,\s+)?"
    r"(?P<date>\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4}"
    r"|[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{4}-\d{2}-\d{2})",
    re.IGNORECASE)


def dateline(body: str) -> date | None:
    """A date opening the first lines of the body ("Published: 12 March 2026",
    "Beijing, 12 March 2026 -" is read by its date alone)."""
    from dateutil import parser as dateparser

    for line in body.splitlines()[:6]:
        line = re.sub(r"^[A-Z][A-Za-z ]{1,30},\s+(?=\d|[A-Z][a-z]+\.? \d)", "", line.strip())
        m = _DATELINE_RE.match(line)
        if m:
            try:
                return dateparser.parse(m.group("date"), fuzzy=False).date()
            except (ValueError, OverflowError):
                continue
    return None
