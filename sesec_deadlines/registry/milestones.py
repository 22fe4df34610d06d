"""Checking the milestones of one instrument: kinds, dates, relative rules, history."""

from __future__ import annotations

import functools
import re
from datetime import date
from typing import Any

from sesec_deadlines.core.dates import Offset, PartialDate
from sesec_deadlines.core.model import Change, Milestone
from sesec_deadlines.core.vocab import Certainty, ChangeOrigin, Kind
from sesec_deadlines.registry.checker import CONTROL_RE, MULTILINE_CONTROL_RE, Checker

KEY_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
MILESTONE_KEYS = (
    "kind",
    "key",
    "date",
    "after",
    "offset",
    "period",
    "certainty",
    "source",
    "note",
    "history",
    "added",
    "expected",
)
CHANGE_KEYS = ("date", "certainty", "changed", "change", "reason")


def read_milestones(c: Checker, t: dict[str, Any], n_sources: int,
                    added: date | None = None) -> list[Milestone]:
    """The valid milestones of one instrument; `added` is the day the instrument entered
    the registry, which no milestone can precede."""
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
        milestone = _read_milestone(mc, m, n_sources, added)
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
    if (not m.keys() <= _MILESTONE_KEYSET or "history" in m or "period" in m or "added" in m
            or "expected" in m):
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
    if note is not None and not (isinstance(note, str) and note.strip()
                                 and not MULTILINE_CONTROL_RE.search(note)):
        return None
    if isinstance(after, str) and CONTROL_RE.search(after):
        return None
    return Milestone(key=key, kind=kind, certainty=certainty, date=when, after=after,
                     offset=offset, source=source, note=note)


@functools.lru_cache(maxsize=4096)
def _parse_date(text: str) -> PartialDate:
    return PartialDate.parse(text).checked(text)


@functools.lru_cache(maxsize=256)
def _parse_offset(text: str) -> Offset:
    return Offset.parse(text)


def _read_milestone(c: Checker, m: dict[str, Any], n_sources: int,
                    instrument_added: date | None) -> Milestone | None:
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
    period_text = c.string(m, "period", required=False)
    period = _read_period(c, period_text)
    rule_text = offset_text if offset_text is not None else period_text
    if offset_text is not None and period_text is not None:
        c.report("period", "give either `offset` (a day after the anchor) or `period` (the last "
                 "day of a period from the anchor), not both")
    elif (after is None) != (rule_text is None):
        c.report(
            "after" if after is None else "offset",
            "a relative milestone needs both `after` (the anchor) and `offset`"
            + (" (or `period`)" if after is not None or period_text is not None else ""),
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
    note = c.string(m, "note", required=False, multiline=True)
    expected = c.partial_date(m, "expected")
    if expected is not None and ("date" in m or after is not None):
        c.report("expected", "only a milestone without a date or rule (a pending one) can give "
                             "the date it was `expected`")
    history = _read_history(c, m.get("history"))
    added = c.toml_date(m, "added", required=False)
    if added is not None and instrument_added is not None and added < instrument_added:
        c.report("added", f"the milestone cannot enter the registry ({added}) before its "
                 f"instrument did ({instrument_added}); omit `added` to use the instrument's")
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
        period=period,
        added=added,
        expected=expected,
    )


def _read_period(c: Checker, text: str | None) -> Offset | None:
    """A period's length: "36 months", at least one day, week, month or year."""
    if text is None:
        return None
    try:
        period = Offset.parse(text)
    except ValueError:
        c.report("period", f"{text!r} is not a period like '36 months', '5 years', '12 weeks' "
                 "or '60 days'")
        return None
    if period.amount < 1:
        c.report("period", f"{text!r}: a period is at least 1 {period.unit} long")
        return None
    return period


def _read_history(c: Checker, raw: Any) -> tuple[Change, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(h, dict) for h in raw):
        c.report(
            "history",
            "must be a list of tables like "
            '{ date = "2025-08-01", certainty = "proposed", changed = 2026-01-10 }, with '
            '`change = "corrected"` and a `reason` when the registry corrected its record',
        )
        return ()
    out = []
    for i, h in enumerate(raw):
        prefix = f"history[{i}]."
        c.unknown_keys(h, CHANGE_KEYS, prefix)
        when = c.partial_date(h, "date", prefix)
        certainty = c.choice(h, "certainty", Certainty, required=False, prefix=prefix)
        changed = c.toml_date(h, "changed", required=True, prefix=prefix)
        origin = c.choice(h, "change", ChangeOrigin, required=False, prefix=prefix)
        reason = c.string(h, "reason", required=False, prefix=prefix)
        if origin is ChangeOrigin.CORRECTED and reason is None and "reason" not in h:
            c.report(f"{prefix}reason", 'a correction by the registry says why: add '
                     'reason = "..." (what was misread or what the date means)')
        elif reason is not None and (origin is ChangeOrigin.MOVED or "change" not in h):
            c.report(f"{prefix}reason", 'only a correction has a reason: add '
                     'change = "corrected", or drop the reason if the authority moved the '
                     "value")
        if changed is not None:
            out.append(Change(when, certainty, changed, origin or ChangeOrigin.MOVED, reason))
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
