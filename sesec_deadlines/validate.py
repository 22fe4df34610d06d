"""Turning parsed TOML into typed records, collecting every problem on the way."""

from __future__ import annotations

import difflib
import functools
import re
from datetime import date, datetime
from typing import Any

from .dates import Offset, PartialDate
from .errors import Problem
from .loader import ParsedFile
from .model import Change, Instrument, Milestone, Source
from .vocab import AUTHORITIES, EDITIONS, TOPICS, Certainty, Kind, Status

SCHEMA = 1
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEY_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")

TOP_KEYS = ("schema", "instrument")
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
    "sources",
    "milestone",
)
SOURCE_KEYS = ("edition", "article", "title", "url")
MILESTONE_KEYS = (
    "kind",
    "key",
    "date",
    "after",
    "offset",
    "certainty",
    "source",
    "note",
    "history",
)
CHANGE_KEYS = ("date", "certainty", "changed")


def _suggest(value: str, choices: Any) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime):
        return "a date-time"
    if isinstance(value, date):
        return "a date"
    return type(value).__name__


class Checker:
    """Collects problems for one table of one file, with its location."""

    def __init__(
        self,
        parsed: ParsedFile,
        problems: list[Problem],
        index: int | None,
        entry: str | None,
        milestone: int | None = None,
    ) -> None:
        self.parsed = parsed
        self.problems = problems
        self.index = index
        self.entry = entry
        self.milestone = milestone

    def at(self, milestone: int, label: str) -> Checker:
        return Checker(self.parsed, self.problems, self.index, label, milestone)

    def report(self, field: str | None, message: str) -> None:
        line = None
        lm = self.parsed.lines
        if lm is not None and self.index is not None:
            key = field.split(".")[0].split("[")[0] if field else None
            line = lm.line_of(self.index, self.milestone, key)
        self.problems.append(Problem(self.parsed.name, message, line, None, self.entry, field))

    def unknown_keys(
        self, table: dict[str, Any], allowed: tuple[str, ...], prefix: str = ""
    ) -> None:
        for key in table:
            if key not in allowed:
                self.report(
                    f"{prefix}{key}",
                    f"unknown field {key!r}{_suggest(key, allowed)}; allowed: "
                    + ", ".join(allowed),
                )

    def string(
        self, table: dict[str, Any], key: str, *, required: bool, prefix: str = ""
    ) -> str | None:
        if key not in table:
            if required:
                self.report(f"{prefix}{key}", f"missing required field {key!r}")
            return None
        value = table[key]
        if not isinstance(value, str):
            self.report(f"{prefix}{key}", f"must be a string, not {_type_name(value)}")
            return None
        if not value.strip():
            self.report(f"{prefix}{key}", "must not be empty")
            return None
        return value

    def strings(
        self, table: dict[str, Any], key: str, *, required: bool, vocab: Any = None
    ) -> tuple[str, ...]:
        if key not in table:
            if required:
                self.report(key, f"missing required field {key!r}")
            return ()
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            hint = f' (write ["{value}"])' if isinstance(value, str) else ""
            self.report(key, f"must be a list of strings, not {_type_name(value)}{hint}")
            return ()
        if required and not value:
            self.report(key, "must list at least one value")
        good = []
        for item in value:
            if vocab is not None and item not in vocab:
                self.report(
                    key,
                    f"unknown value {item!r}{_suggest(item, vocab)}; "
                    "see `deadlines vocab` for the allowed values",
                )
            else:
                good.append(item)
        return tuple(good)

    def choice(
        self, table: dict[str, Any], key: str, enum: Any, *, required: bool, prefix: str = ""
    ) -> Any:
        text = self.string(table, key, required=required, prefix=prefix)
        if text is None:
            return None
        member = enum._value2member_map_.get(text)
        if member is None:
            values = [e.value for e in enum]
            self.report(
                f"{prefix}{key}",
                f"unknown {key} {text!r}{_suggest(text, values)}; allowed: " + ", ".join(values),
            )
        return member

    def toml_date(
        self, table: dict[str, Any], key: str, *, required: bool, prefix: str = ""
    ) -> date | None:
        if key not in table:
            if required:
                self.report(f"{prefix}{key}", f"missing required field {key!r}")
            return None
        value = table[key]
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        hint = " (write it without quotes: 2026-11-24)" if isinstance(value, str) else ""
        self.report(f"{prefix}{key}", f"must be a TOML date, not {_type_name(value)}{hint}")
        return None

    def partial_date(self, table: dict[str, Any], key: str, prefix: str = "") -> PartialDate | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, date) and not isinstance(value, datetime):
            return PartialDate.of(value)
        if not isinstance(value, str):
            self.report(
                f"{prefix}{key}",
                f'must be a date string like "2026-08-01", '
                f'"2026-08" or "2026", not {_type_name(value)}',
            )
            return None
        try:
            return PartialDate.parse(value)
        except ValueError as exc:
            self.report(f"{prefix}{key}", f"impossible date: {exc}")
            return None


def read_file(parsed: ParsedFile, problems: list[Problem]) -> list[Instrument]:
    """Check one parsed file and return the instruments that are valid."""
    data = parsed.data
    if data is None:
        return []
    top = Checker(parsed, problems, None, None)
    top.unknown_keys(data, TOP_KEYS)
    if "schema" not in data:
        top.report("schema", "missing `schema = 1` at the top of the file")
    elif data["schema"] != SCHEMA:
        top.report("schema", f"unsupported schema {data['schema']!r}; this version reads schema 1")
    items = data.get("instrument")
    if items is None:
        top.report("instrument", "no [[instrument]] tables: the registry lists no deadlines")
        return []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        top.report("instrument", "must be an array of tables, written [[instrument]]")
        return []
    out = []
    for index, table in enumerate(items):
        raw_id = table.get("id")
        label = raw_id if isinstance(raw_id, str) and raw_id else f"instrument #{index + 1}"
        instrument = _read_instrument(Checker(parsed, problems, index, label), table)
        if instrument is not None:
            out.append(instrument)
    return out


def _read_instrument(c: Checker, t: dict[str, Any]) -> Instrument | None:
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
    summary = c.string(t, "summary", required=True)
    verified = c.toml_date(t, "last_verified", required=True)
    sources = _read_sources(c, t)
    milestones = _read_milestones(c, t, len(sources))
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
    )


def _read_sources(c: Checker, t: dict[str, Any]) -> list[Source]:
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
        quick = _quick_source(s)
        if quick is not None:
            out.append(quick)
            continue
        prefix = f"sources[{i}]."
        c.unknown_keys(s, SOURCE_KEYS, prefix)
        edition = c.string(s, "edition", required=False, prefix=prefix)
        article = c.string(s, "article", required=False, prefix=prefix)
        title = c.string(s, "title", required=False, prefix=prefix)
        url = c.string(s, "url", required=False, prefix=prefix)
        if edition is not None and edition not in EDITIONS:
            c.report(
                f"{prefix}edition",
                f"unknown edition {edition!r}{_suggest(edition, EDITIONS)};"
                " known: " + ", ".join(EDITIONS),
            )
        if article is not None and edition is None:
            c.report(f"{prefix}article", "an article needs the edition it appeared in")
        if edition is None and title is None and url is None:
            c.report(f"sources[{i}]", "give an edition and article, a document title, or a url")
        out.append(Source(edition, article, title, url))
    return out


_SOURCE_KEYSET = frozenset(SOURCE_KEYS)


def _quick_source(s: dict[str, Any]) -> Source | None:
    """A plainly valid edition-and-article source, else None for the full check."""
    if not s.keys() <= _SOURCE_KEYSET or "title" in s:
        return None
    edition, article, url = s.get("edition"), s.get("article"), s.get("url")
    if not (isinstance(edition, str) and edition in EDITIONS
            and isinstance(article, str) and article.strip()):
        return None
    if url is not None and not (isinstance(url, str) and url.strip()):
        return None
    return Source(edition, article, None, url)


def _read_milestones(c: Checker, t: dict[str, Any], n_sources: int) -> list[Milestone]:
    raw = t.get("milestone")
    if raw is None:
        c.report("milestone", "no [[instrument.milestone]] tables: every instrument needs a date")
        return []
    if not isinstance(raw, list) or not raw or not all(isinstance(m, dict) for m in raw):
        c.report("milestone", "must be an array of tables, written [[instrument.milestone]]")
        return []
    out: list[Milestone] = []
    seen: dict[str, int] = {}
    for i, m in enumerate(raw):
        quick = _quick_milestone(m, n_sources)
        if quick is not None and quick.key not in seen:
            seen[quick.key] = i
            out.append(quick)
            continue
        kind_text = m.get("kind") if isinstance(m.get("kind"), str) else None
        key_text = m.get("key") if isinstance(m.get("key"), str) else kind_text
        mc = c.at(i, f"{c.entry}/{key_text or f'milestone #{i + 1}'}")
        milestone = _read_milestone(mc, m, n_sources)
        if milestone is None:
            continue
        if milestone.key in seen:
            mc.report(
                "key",
                f"two milestones are called {milestone.key!r} (#{seen[milestone.key] + 1}"
                f" and #{i + 1}); give each a distinct `key`",
            )
            continue
        seen[milestone.key] = i
        out.append(milestone)
    _check_comment_window(c, out)
    return out


_MILESTONE_KEYSET = frozenset(MILESTONE_KEYS)
_KINDS: dict[str, Kind] = {k.value: k for k in Kind}
_CERTAINTIES: dict[str, Certainty] = {c.value: c for c in Certainty}


def _quick_milestone(m: dict[str, Any], n_sources: int) -> Milestone | None:
    """The milestone when it is plainly valid, else None for the full check.

    Registries of tens of thousands of milestones are almost all plainly valid; this
    accepts only what `_read_milestone` would accept too, and leaves every doubtful case
    (and every message) to it.
    """
    if not m.keys() <= _MILESTONE_KEYSET or "history" in m:
        return None
    kind_text, certainty_text = m.get("kind"), m.get("certainty")
    if not isinstance(kind_text, str) or not isinstance(certainty_text, str):
        return None
    kind = _KINDS.get(kind_text)
    certainty = _CERTAINTIES.get(certainty_text)
    if kind is None or certainty is None:
        return None
    key = m.get("key", kind.value)
    if not isinstance(key, str) or not KEY_RE.match(key):
        return None
    when = None
    after = m.get("after")
    offset_text = m.get("offset")
    text = m.get("date")
    if text is not None:
        if not isinstance(text, str) or after is not None or offset_text is not None:
            return None
        try:
            when = _parse_date(text)
        except ValueError:
            return None
    offset = None
    if after is not None or offset_text is not None:
        if not (isinstance(after, str) and after.strip() and isinstance(offset_text, str)):
            return None
        try:
            offset = _parse_offset(offset_text)
        except ValueError:
            return None
    source = m.get("source", 0)
    if type(source) is not int or not 0 <= source < max(n_sources, 1):
        return None
    note = m.get("note")
    if note is not None and not (isinstance(note, str) and note.strip()):
        return None
    return Milestone(key=key, kind=kind, certainty=certainty, date=when, after=after,
                     offset=offset, source=source, note=note)


@functools.lru_cache(maxsize=4096)
def _parse_date(text: str) -> PartialDate:
    return PartialDate.parse(text)


@functools.lru_cache(maxsize=256)
def _parse_offset(text: str) -> Offset:
    return Offset.parse(text)


def _read_milestone(c: Checker, m: dict[str, Any], n_sources: int) -> Milestone | None:
    before = len(c.problems)
    c.unknown_keys(m, MILESTONE_KEYS)
    kind = c.choice(m, "kind", Kind, required=True)
    certainty = c.choice(m, "certainty", Certainty, required=True)
    key = c.string(m, "key", required=False)
    if key is not None and not KEY_RE.match(key):
        c.report("key", f"{key!r} is not a key: use lower-case letters, digits, - and _")
    when = c.partial_date(m, "date")
    after = c.string(m, "after", required=False)
    offset_text = c.string(m, "offset", required=False)
    offset = None
    if offset_text is not None:
        try:
            offset = Offset.parse(offset_text)
        except ValueError as exc:
            c.report("offset", str(exc))
    if (after is None) != (offset_text is None):
        c.report(
            "after" if after is None else "offset",
            "a relative milestone needs both `after` (the anchor) and `offset`",
        )
    if "date" in m and after is not None:
        c.report("date", "give either a `date` or a relative rule (`after` + `offset`), not both")
    source = m.get("source", 0)
    if (
        not isinstance(source, int)
        or isinstance(source, bool)
        or not 0 <= source < max(n_sources, 1)
    ):
        c.report(
            "source",
            f"must be the index of one of the instrument's {n_sources} sources "
            f"(0 to {max(n_sources - 1, 0)})",
        )
    note = c.string(m, "note", required=False)
    history = _read_history(c, m.get("history"))
    if len(c.problems) != before:
        return None
    assert kind is not None and certainty is not None
    return Milestone(
        key=key or kind.value,
        kind=kind,
        certainty=certainty,
        date=when,
        after=after,
        offset=offset,
        source=source,
        note=note,
        history=history,
    )


def _read_history(c: Checker, raw: Any) -> tuple[Change, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(h, dict) for h in raw):
        c.report(
            "history",
            "must be a list of tables like "
            '{ date = "2025-08-01", certainty = "proposed", changed = 2026-01-10 }',
        )
        return ()
    out = []
    for i, h in enumerate(raw):
        prefix = f"history[{i}]."
        c.unknown_keys(h, CHANGE_KEYS, prefix)
        when = c.partial_date(h, "date", prefix)
        certainty = c.choice(h, "certainty", Certainty, required=False, prefix=prefix)
        changed = c.toml_date(h, "changed", required=True, prefix=prefix)
        if changed is not None:
            out.append(Change(when, certainty, changed))
    return tuple(out)


def _check_comment_window(c: Checker, milestones: list[Milestone]) -> None:
    opens = [m.date for m in milestones if m.kind is Kind.COMMENT_OPEN and m.date]
    if not opens:
        return
    first_open = min(opens, key=lambda d: d.start)
    for i, m in enumerate(milestones):
        if m.kind is Kind.COMMENT_CLOSE and m.date and m.date.end < first_open.start:
            c.at(i, f"{c.entry}/{m.key}").report(
                "date", f"the comment window closes ({m.date}) before it opens ({first_open})"
            )
