"""Checking lifecycles: an instrument's status history, and `replaces` / `superseded_by`
links between instruments (both ends exist across the merged files, both ends agree, no
cycles), in time linear in the number of instruments."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from sesec_deadlines.core.errors import Problem, report
from sesec_deadlines.core.lifecycle import TRANSITIONS
from sesec_deadlines.core.model import Instrument, StatusChange
from sesec_deadlines.core.vocab import Status
from sesec_deadlines.registry.checker import Checker, table_line
from sesec_deadlines.storage.toml import type_name

if TYPE_CHECKING:
    from sesec_deadlines.storage.toml import ParsedFile

STATUS_CHANGE_KEYS = ("status", "date", "source")
_EXAMPLE = '[{ status = "draft", date = 2025-11-01 }, { status = "final", date = 2026-03-20 }]'


def read_status_history(c: Checker, t: dict[str, Any], status: Status | None,
                        n_sources: int) -> tuple[StatusChange, ...]:
    """`status_history`: each status the instrument took, oldest first, ending with `status`."""
    raw = t.get("status_history")
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw or not all(isinstance(h, dict) for h in raw):
        c.report("status_history", f"must be a non-empty list of tables like {_EXAMPLE}")
        return ()
    out: list[StatusChange] = []
    for i, h in enumerate(raw):
        prefix = f"status_history[{i}]."
        c.unknown_keys(h, STATUS_CHANGE_KEYS, prefix)
        new = c.choice(h, "status", Status, required=True, prefix=prefix)
        day = c.toml_date(h, "date", required=True, prefix=prefix)
        source = h.get("source", 0)
        if type(source) is not int or not 0 <= source < max(n_sources, 1):
            c.report(f"{prefix}source", f"must be the index of one of the instrument's "
                                        f"{n_sources} sources (0 to {max(n_sources - 1, 0)})")
            continue
        if new is None or day is None:
            continue
        if out:
            before = out[-1]
            if day < before.date:
                c.report(f"{prefix}date", f"{day} is before the previous change ({before.date});"
                                          " list the changes oldest first")
            if new not in TRANSITIONS[before.status]:
                nexts = TRANSITIONS[before.status]
                allowed = ", ".join(s.value for s in Status if s in nexts) or "nothing"
                c.report(f"{prefix}status", f"a {before.status.value} instrument cannot become "
                                            f"{new.value} (it can become: {allowed})")
        out.append(StatusChange(new, day, source))
    if out and status is not None and out[-1].status is not status:
        c.report("status_history", f"the last change is to {out[-1].status.value!r} but the "
                                   f"instrument's status is {status.value!r}; they must agree")
    return tuple(out)


def read_links(c: Checker, t: dict[str, Any], ident: str | None,
               status: Status | None) -> tuple[tuple[str, ...], str | None]:
    """`replaces` (ids of earlier instruments) and `superseded_by` (the id of the later one)."""
    replaces: tuple[str, ...] = ()
    if "replaces" in t:
        raw = t["replaces"]
        if not isinstance(raw, list) or not all(isinstance(r, str) and r for r in raw):
            c.report("replaces", f"must be a list of instrument ids, not {type_name(raw)}")
        else:
            replaces = tuple(raw)
    successor = c.string(t, "superseded_by", required=False)
    for other in (*replaces, successor):
        if other is not None and other == ident:
            c.report("replaces" if other in replaces else "superseded_by",
                     "an instrument cannot replace itself")
    if successor is not None and status is not None and status is not Status.SUPERSEDED:
        c.report("superseded_by", f"the instrument is superseded by {successor!r}, so its "
                                  f"status must be 'superseded', not {status.value!r}")
    return replaces, successor


def check_links(instruments: Sequence[Instrument],
                files: dict[str, tuple[ParsedFile, int]], problems: list[Problem]) -> None:
    """Both ends of every link exist and agree; following `superseded_by` never loops.
    `files` maps each instrument id to its file and table index."""
    by_id = {inst.id: inst for inst in instruments}

    def complain(inst: Instrument, field: str, message: str) -> None:
        where = files.get(inst.id)
        name = where[0].name if where else inst.file
        line: Callable[[], int | None] = (
            partial(table_line, where[0], where[1], None, field) if where else lambda: None)
        report(problems, Problem(name, message, None, None, inst.id, field), line)

    for inst in instruments:
        later = inst.superseded_by
        if later is not None:
            target = by_id.get(later)
            if target is None:
                complain(inst, "superseded_by", f"names {later!r}, which is not in the registry "
                                              "files read together")
            elif inst.id not in target.replaces:
                complain(inst, "superseded_by", f"{later!r} does not list {inst.id!r} in its "
                                              "`replaces`; write the link at both ends")
        for earlier in inst.replaces:
            target = by_id.get(earlier)
            if target is None:
                complain(inst, "replaces", f"names {earlier!r}, which is not in the registry "
                                         "files read together")
            elif target.superseded_by != inst.id:
                complain(inst, "replaces", f"{earlier!r} does not say `superseded_by = "
                                         f"\"{inst.id}\"`; write the link at both ends")
    # Each instrument has at most one successor, so the links form chains; a walk from
    # every instrument, stopping at any instrument already seen, visits each once.
    state: dict[str, int] = {}  # instrument id -> the walk that reached it
    for walk, inst in enumerate(instruments):
        path: list[str] = []
        current: Instrument | None = inst
        while current is not None and current.id not in state:
            state[current.id] = walk
            path.append(current.id)
            current = by_id.get(current.superseded_by) if current.superseded_by else None
        if current is not None and state[current.id] == walk:
            loop = [*path[path.index(current.id):], current.id]
            complain(current, "superseded_by",
                   "the replacement links form a cycle: " + " -> ".join(loop))
