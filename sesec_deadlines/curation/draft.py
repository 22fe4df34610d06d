"""Draft registry entries for a scan's `new` candidates: `deadlines scan --toml`.

One `[[instrument]]` per article with new candidates, its source and milestones filled in
from the candidates, authority and topics guessed from the article's words, and the
summary left to the curator: the summary is the placeholder the validator refuses, so a
draft nobody finished cannot land. The sentences stay out of the draft: it holds dates,
kinds and rules only, and the date as the edition writes it in a comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sesec_deadlines.core.model import Edition
from sesec_deadlines.core.vocab import AUTHORITIES, Certainty, Kind
from sesec_deadlines.curation.scan import Candidate
from sesec_deadlines.registry.editing import render_head, render_milestone
from sesec_deadlines.registry.validate import PLACEHOLDER

_TOPIC_WORDS = (
    ("ccc", r"\bCCC\b|compulsory certification"),
    ("rohs", r"\bRoHS\b|hazardous substances"),
    ("battery", r"batter(?:y|ies)"),
    ("ev", r"electric vehicle|\bEVs?\b|new energy vehicle|charging"),
    ("automotive", r"\bvehicles?\b|automo"),
    ("cybersecurity", r"cyber"),
    ("data", r"\bdata\b"),
    ("privacy", r"personal information"),
    ("ai", r"artificial intelligence|\bAI\b"),
    ("carbon", r"carbon"),
    ("energy-efficiency", r"energy (?:efficiency|consumption|label)"),
    ("certification", r"certificat"),
    ("mandatory-standard", r"mandatory (?:national )?standard"),
    ("gb-standard", r"\bGB(?:/T)?\s?\d|national standard"),
    ("product-safety", r"\bsafety\b"),
    ("telecom", r"telecom|radio"),
    ("medical-devices", r"medical device"),
    ("standardisation-policy", r"standardi[sz]ation"),
)
_SLUG_RE = re.compile(r"[^a-z0-9]+")
_ANCHOR_KEYS = {"approval": ("approval", Kind.PUBLISHED),
                "publication": ("published", Kind.PUBLISHED),
                "entry into force": ("entry_into_force", Kind.ENTRY_INTO_FORCE)}


def slug(text: str, taken: set[str]) -> str:
    """An instrument id from a heading: lower case, hyphens, at most 60 characters,
    not one of `taken`."""
    words = _SLUG_RE.sub(" ", text.casefold()).split()
    base = ""
    for word in words:
        if len(base) + len(word) + 1 > 60:
            break
        base = f"{base}-{word}" if base else word
    base = base or "draft"
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    return ident


def guess_authorities(text: str) -> list[str]:
    """The authorities an article names, by acronym ("SAMR", "SAC/TC 508") or full name,
    most often named first (at most two)."""
    counts = {}
    for name, full in AUTHORITIES.items():
        if name == "Other":
            continue
        counts[name] = len(re.findall(rf"(?<![\w/]){re.escape(name)}(?!\w)", text)) + \
            text.count(full.split(" and its ")[0])
    named = sorted((n for n in counts if counts[n]), key=lambda n: -counts[n])
    return named[:2] or ["Other"]


def guess_topics(text: str) -> list[str]:
    found = [topic for topic, words in _TOPIC_WORDS if re.search(words, text, re.IGNORECASE)]
    return found[:4] or ["standardisation-policy"]


def _key(kind: str, keys: set[str]) -> str:
    """A milestone key not yet in `keys`: the kind, then kind_2, kind_3 ..."""
    key, n = kind, 2
    while key in keys:
        key, n = f"{kind}_{n}", n + 1
    keys.add(key)
    return key


def _milestone(c: Candidate, key: str) -> dict[str, Any]:
    m: dict[str, Any] = {"key": key, "kind": c.kind.value}
    assert c.date is not None
    m["date"] = c.date.iso()
    certainty = Certainty.ESTIMATED if c.inferred else c.certainty
    m["certainty"] = certainty.value
    if c.inferred:
        m["note"] = f"The edition gives only “{c.written}”; year inferred from the edition."
    elif c.precision in ("quarter", "half"):
        m["note"] = f"The edition gives only “{c.written}”."
    return m


def draft_tables(candidates: Iterable[Candidate], edition: Edition, texts: dict[str, str],
                 today: date, taken: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Draft instruments (as TOML tables) for the `new` candidates, one per article.

    `texts` maps each article heading to its text, for guessing authorities and topics;
    `taken` are ids already in use."""
    by_article: dict[str, list[Candidate]] = {}
    for c in candidates:
        if c.status == "new":
            by_article.setdefault(c.article, []).append(c)
    used = set(taken)
    out = []
    for heading, group in by_article.items():
        text = texts.get(heading, "")
        proposed = any(c.certainty is Certainty.PROPOSED for c in group)
        milestones: list[dict[str, Any]] = []
        keys: set[str] = set()
        for c in group:
            if c.date is not None:
                milestones.append(_milestone(c, _key(c.kind.value, keys)))
        for c in group:
            if c.offset is None or c.anchor is None:
                continue
            anchor_key, anchor_kind = _ANCHOR_KEYS[c.anchor]
            anchor = next((m["key"] for m in milestones if m["kind"] == anchor_kind.value
                           and "after" not in m), None)
            if anchor is None:
                anchor = _key(anchor_key, keys)
                milestones.insert(0, {"key": anchor, "kind": anchor_kind.value,
                                      "certainty": Certainty.PROPOSED.value})
            rule: dict[str, Any] = {"key": _key(c.kind.value, keys), "kind": c.kind.value,
                                    "after": anchor}
            rule["period" if c.kind is Kind.TRANSITION_END else "offset"] = str(c.offset)
            rule["certainty"] = c.certainty.value
            milestones.append(rule)
        out.append({
            "id": slug(heading, used),
            "title": heading,
            "authority": guess_authorities(text),
            "topics": guess_topics(f"{heading}\n{text[:800]}"),
            "status": "draft" if proposed else "final",
            "summary": PLACEHOLDER,
            "last_verified": today,
            "added": today,
            "sources": [{"edition": edition.key, "article": heading}],
            "milestone": milestones,
        })
    return out


def draft_toml(tables: Sequence[dict[str, Any]], edition: Edition,
               candidates: Sequence[Candidate]) -> str:
    """The draft as a TOML file to edit and then append with `deadlines add --from-toml`."""
    written = {(c.article, c.date_text(), c.kind.value): c.written
               for c in candidates if c.date is not None}
    lines = [f"# Draft entries for the new dated statements of {edition.label} ({edition.key}),",
             "# from `deadlines scan --toml`. Check each against the article; drop what is",
             "# not a milestone; write each summary in your own words (the placeholder is",
             "# refused); then: deadlines add REGISTRY.toml --from-toml THIS.toml",
             "schema = 1", ""]
    for table in tables:
        lines.append(render_head(table).rstrip("\n"))
        for m in table["milestone"]:
            lines.append("")
            form = written.get((table["title"], m.get("date"), m["kind"]))
            if form:
                lines.append(f"# written: {form}")
            lines.append(render_milestone(m).rstrip("\n"))
        lines.append("")
    return "\n".join(lines) + "\n"
