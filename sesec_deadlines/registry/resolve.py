"""Resolving relative milestones: every milestone gets its date from its anchor's."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sesec_deadlines.core.errors import Problem
from sesec_deadlines.core.model import Entry, Instrument, Milestone
from sesec_deadlines.core.vocab import Certainty
from sesec_deadlines.registry.checker import instrument_tables, table_line

if TYPE_CHECKING:
    from sesec_deadlines.storage.toml import ParsedFile


def resolve(
    instruments: Sequence[Instrument], files: dict[str, ParsedFile], problems: list[Problem]
) -> list[Entry]:
    """Give every milestone its date, following relative rules; report bad anchors and cycles."""
    by_id = {i.id: i for i in instruments}
    done: dict[tuple[str, str], Entry] = {}
    broken: set[tuple[str, str]] = set()

    def report(inst: Instrument, key: str, message: str) -> None:
        pf = files.get(inst.id)
        problems.append(
            Problem(
                pf.name if pf else inst.file,
                message,
                _milestone_line(pf, inst, key),
                None,
                f"{inst.id}/{key}",
                "after",
            )
        )

    def visit(inst: Instrument, milestone: Milestone, path: list[tuple[str, str]]) -> Entry | None:
        key = milestone.key
        node = (inst.id, key)
        if node in done:
            return done[node]
        if node in broken:
            return None
        if milestone.after is None:
            entry = Entry(inst, milestone, milestone.date, milestone.certainty)
            done[node] = entry
            return entry
        if node in path:
            cycle = " -> ".join(f"{i}/{k}" for i, k in [*path[path.index(node) :], node])
            report(inst, key, f"relative milestones form a cycle: {cycle}")
            broken.update(path[path.index(node) :])
            return None
        target_id, _, target_key = milestone.after.rpartition("/")
        target = by_id.get(target_id) if target_id else inst
        anchor_milestone = (
            next((m for m in target.milestones if m.key == target_key), None)
            if target is not None
            else None
        )
        if target is None or anchor_milestone is None:
            what = (
                f"instrument {target_id!r}" if target is None else f"milestone {milestone.after!r}"
            )
            keys = ", ".join(m.key for m in (target or inst).milestones)
            report(
                inst,
                key,
                f"`after` names {what}, which does not exist"
                + (f" (keys here: {keys})" if target is not None else ""),
            )
            broken.add(node)
            return None
        anchor = visit(target, anchor_milestone, [*path, node])
        if anchor is None:
            broken.add(node)
            return None
        when = None
        if anchor.date is not None:
            if milestone.period is not None:
                when = anchor.date.last_day_of(milestone.period)
            else:
                assert milestone.offset is not None
                when = anchor.date.plus(milestone.offset)
        entry = Entry(inst, milestone, when, Certainty.ESTIMATED, anchor)
        done[node] = entry
        return entry

    entries = []
    for inst in instruments:
        for m in inst.milestones:
            entry = visit(inst, m, [])
            if entry is not None:
                entries.append(entry)
    entries.sort(key=Entry.sort_key)
    return entries


def _milestone_line(pf: ParsedFile | None, inst: Instrument, key: str) -> int | None:
    if pf is None:
        return None
    for index, table in instrument_tables(pf):
        if isinstance(table, dict) and table.get("id") == inst.id:
            position = next(i for i, m in enumerate(inst.milestones) if m.key == key)
            return table_line(pf, index, position, "after")
    return None
