"""Checking one registry file: the top level, instruments and their sources.

Milestones are checked in `milestones`; the per-table reading and reporting is `Checker`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

from sesec_deadlines.core.errors import Problem
from sesec_deadlines.core.model import Instrument, Source
from sesec_deadlines.core.vocab import AUTHORITIES, TOPICS, Status
from sesec_deadlines.registry.checker import CONTROL_RE, Checker, url_problem
from sesec_deadlines.registry.lifecycle import read_links, read_status_history
from sesec_deadlines.registry.milestones import read_milestones
from sesec_deadlines.storage.toml import ParsedFile, suggest, type_name

SCHEMA = 1
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

TOP_KEYS = ("schema", "edition", "instrument", "baseline", "complete")  # registry.header
INSTRUMENT_KEYS = (
    "id",
    "title",
    "number",
    "authority",
    "topics",
    "status",
    "products",
    "product_codes",
    "summary",
    "last_verified",
    "added",
    "sources",
    "milestone",
    "status_history",
    "replaces",
    "superseded_by",
    "replaces_numbers",
)
SOURCE_KEYS = ("edition", "article", "title", "url")
PLACEHOLDER = "TO BE WRITTEN BY THE CURATOR"
"""The summary of a draft entry (`deadlines scan --toml`); refused, so no draft lands
unfinished."""


def read_file(parsed: ParsedFile, problems: list[Problem],
              editions: Mapping[str, str], uncurated: Collection[str] = ()
              ) -> list[tuple[int, Instrument]]:
    """Check one parsed file; the instruments that are valid, with their table's index.

    `editions` maps the keys of the editions declared by all files read together to
    their labels; a source may cite only those, not the `uncurated` ones."""
    data = parsed.data
    if data is None:
        return []
    top = Checker(parsed, problems, None, None)
    top.unknown_keys(data, TOP_KEYS)
    if "schema" not in data:
        top.report("schema", "missing `schema = 1` at the top of the file")
    elif type(data["schema"]) is not int:  # true == 1 and 1.0 == 1 in Python, not in TOML
        top.report("schema", f"must be written `schema = 1`, not {type_name(data['schema'])}")
    elif data["schema"] != SCHEMA:
        top.report("schema", f"unsupported schema {data['schema']!r}; this version reads schema 1")
    items = data.get("instrument")
    if items is None:
        if "edition" not in data:  # a file may only declare editions, for others to cite
            top.report("instrument", "no [[instrument]] tables: the registry lists no "
                                     "deadlines", at_end=True)
        return []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        top.report("instrument", "must be an array of tables, written [[instrument]]")
        return []
    out = []
    for index, table in enumerate(items):
        raw_id = table.get("id")
        label = raw_id if isinstance(raw_id, str) and raw_id else f"instrument #{index + 1}"
        instrument = _read_instrument(Checker(parsed, problems, index, label), table, editions,
                                      uncurated)
        if instrument is not None:
            out.append((index, instrument))
    return out


def _read_instrument(c: Checker, t: dict[str, Any], editions: Mapping[str, str],
                     uncurated: Collection[str] = ()) -> Instrument | None:
    before = len(c.problems)
    c.unknown_keys(t, INSTRUMENT_KEYS)
    ident = c.string(t, "id", required=True)
    if ident is not None and not SLUG_RE.match(ident):
        c.report(
            "id",
            f"{ident!r} is not a slug: use lower-case letters, digits and single "
            'hyphens, e.g. "gb-26572-rohs"',
        )
    title = c.string(t, "title", required=True)
    number = c.string(t, "number", required=False)
    authority = c.strings(t, "authority", required=True, vocab=AUTHORITIES)
    topics = c.strings(t, "topics", required=True, vocab=TOPICS)
    status = c.choice(t, "status", Status, required=True)
    products = c.strings(t, "products", required=False)
    codes = c.strings(t, "product_codes", required=False)
    replaced = c.strings(t, "replaces_numbers", required=False)
    summary = c.string(t, "summary", required=True, multiline=True)
    if summary is not None and PLACEHOLDER in summary:
        c.report("summary", "still the draft's placeholder: write what it requires and of "
                            "whom, in your own words")
    verified = c.toml_date(t, "last_verified", required=True)
    added = c.toml_date(t, "added", required=False) or verified
    sources = _read_sources(c, t, editions, uncurated)
    milestones = read_milestones(c, t, len(sources), added)
    status_history = read_status_history(c, t, status, len(sources))
    replaces, superseded_by = read_links(c, t, ident, status)
    if len(c.problems) != before:
        return None
    assert ident and title and status and summary and verified  # guaranteed when no problems
    return Instrument(
        id=ident,
        title=title.strip(),
        authority=authority,
        topics=topics,
        status=status,
        summary=" ".join(summary.split()),
        last_verified=verified,
        sources=tuple(sources),
        milestones=tuple(milestones),
        number=number,
        products=products,
        product_codes=codes,
        file=c.parsed.name,
        added=added,
        status_history=status_history,
        replaces=replaces,
        superseded_by=superseded_by,
        replaces_numbers=replaced,
    )


def _read_sources(c: Checker, t: dict[str, Any], editions: Mapping[str, str],
                  uncurated: Collection[str] = ()) -> list[Source]:
    raw = t.get("sources")
    if raw is None:
        c.report("sources", "missing required field 'sources': say where the dates come from")
        return []
    if not isinstance(raw, list) or not raw or not all(isinstance(s, dict) for s in raw):
        c.report(
            "sources",
            'must be a non-empty list of tables, e.g. [{ edition = "2024-11", article = "..." }]',
        )
        return []
    out = []
    for i, s in enumerate(raw):
        quick = _quick_source(s, editions)
        if quick is not None:
            out.append(quick)
            continue
        prefix = f"sources[{i}]."
        c.unknown_keys(s, SOURCE_KEYS, prefix)
        edition = c.string(s, "edition", required=False, prefix=prefix)
        article = c.string(s, "article", required=False, prefix=prefix)
        title = c.string(s, "title", required=False, prefix=prefix)
        url = c.string(s, "url", required=False, prefix=prefix)
        if url is not None and (bad := url_problem(url)) is not None:
            c.report(f"{prefix}url", bad)
        if edition is not None and edition in uncurated:
            c.report(f"{prefix}edition", f"edition {edition!r} is declared `curated = false`: "
                     "curate it first (give its `published` day, drop `curated = false`), "
                     "then cite it")
        elif edition is not None and edition not in editions:
            c.report(
                f"{prefix}edition",
                f"edition {edition!r} is not declared{_suggest_edition(edition, editions)}; "
                f"declared: {_declared(editions)}. Add an [[edition]] table for it, or read "
                "this file beside the registry that declares it (-r bundled -r FILE)",
            )
        if article is not None and edition is None:
            c.report(f"{prefix}article", "an article needs the edition it appeared in")
        if edition is None and title is None and url is None:
            c.report(f"sources[{i}]", "give an edition and article, a document title, or a url")
        out.append(Source(edition, article, title, url, editions.get(edition or "")))
    return out


def _declared(editions: Mapping[str, str], shown: int = 20) -> str:
    """The declared edition keys for a message; a long list is cut short."""
    if not editions:
        return "none"
    keys = list(editions)
    more = f" and {len(keys) - shown} more" if len(keys) > shown else ""
    return ", ".join(keys[:shown]) + more


def _suggest_edition(edition: str, editions: Mapping[str, str]) -> str:
    # difflib compares with every choice: keep a check of many bad sources linear
    return suggest(edition, editions) if len(editions) <= 500 else ""


_SOURCE_KEYSET = frozenset(SOURCE_KEYS)


def _quick_source(s: dict[str, Any], editions: Mapping[str, str]) -> Source | None:
    """A plainly valid edition-and-article source, else None for the full check."""
    if not s.keys() <= _SOURCE_KEYSET or "title" in s:
        return None
    edition, article, url = s.get("edition"), s.get("article"), s.get("url")
    if not (isinstance(edition, str) and edition in editions
            and isinstance(article, str) and article.strip() and not CONTROL_RE.search(article)):
        return None
    if url is not None and not (isinstance(url, str) and url_problem(url) is None):
        return None
    return Source(edition, article, None, url, editions[edition])
