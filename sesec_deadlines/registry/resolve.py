"""Resolving relative milestones: every milestone gets its date from its anchor's.

Iterative, in time linear in the number of milestones: a chain of thousands of
milestones listed anchor-last, or a cycle through tens of thousands of instruments, is
followed with an explicit stack, never by recursion.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sesec_deadlines.core.dates import RANGE_TEXT
from sesec_deadlines.core.errors import Problem, report
from sesec_deadlines.core.model import Entry, Instrument, Milestone
from sesec_deadlines.core.vocab import Certainty
from sesec_deadlines.registry.checker import table_line

if TYPE_CHECKING:
    from sesec_deadlines.storage.toml import ParsedFile

Node = tuple[str, str]  # (instrument id, milestone key)


def resolve(
    instruments: Sequence[Instrument],
    files: dict[str, tuple[ParsedFile, int]],
    problems: list[Problem],
) -> list[Entry]:
    """Give every milestone its date, following relative rules; report bad anchors and cycles.

    `files` names each instrument's file and the index of its `[[instrument]]` table there,
    so that a problem can name its line."""
    by_id = {i.id: i for i in instruments}
    positions: dict[str, dict[str, int]] = {}  # id -> milestone key -> position, as needed
    done: dict[Node, Entry] = {}
    broken: set[Node] = set()

    def position(inst: Instrument, key: str) -> int | None:
        keys = positions.get(inst.id)
        if keys is None:
            keys = positions[inst.id] = {m.key: i for i, m in enumerate(inst.milestones)}
        return keys.get(key)

    def problem(inst: Instrument, key: str, field: str, message: str) -> None:
        where = files.get(inst.id)
        pf, index = where if where else (None, 0)
        at = position(inst, key)
        report(problems,
               Problem(pf.name if pf else inst.file, message, None, None, f"{inst.id}/{key}",
                       field),
               lambda: None if pf is None else table_line(pf, index, at, field))

    def follow(inst: Instrument, milestone: Milestone) -> None:
        path: list[tuple[Instrument, Milestone]] = []  # relative milestones, each after the next
        on_path: dict[Node, int] = {}
        result: Entry | None = None
        while True:
            node = (inst.id, milestone.key)
            if node in done or node in broken:
                result = done.get(node)
                break
            if milestone.after is None:
                result = done[node] = Entry(inst, milestone, milestone.date, milestone.certainty)
                break
            if node in on_path:
                start = on_path[node]
                looped = [*path[start:], (inst, milestone)]
                cycle = " -> ".join(f"{i.id}/{m.key}" for i, m in looped)
                problem(inst, milestone.key, "after", f"relative milestones form a cycle: {cycle}")
                broken.update((i.id, m.key) for i, m in path[start:])
                break
            target_id, _, target_key = milestone.after.rpartition("/")
            target = by_id.get(target_id) if target_id else inst
            at = position(target, target_key) if target is not None else None
            if target is None or at is None:
                what = (f"instrument {target_id!r}" if target is None
                        else f"milestone {milestone.after!r}")
                keys = ", ".join(m.key for m in (target or inst).milestones)
                problem(inst, milestone.key, "after",
                        f"`after` names {what}, which does not exist"
                        + (f" (keys here: {keys})" if target is not None else ""))
                broken.add(node)
                break
            on_path[node] = len(path)
            path.append((inst, milestone))
            inst, milestone = target, target.milestones[at]
        for inst, milestone in reversed(path):  # each takes its date from the one after it
            node = (inst.id, milestone.key)
            if result is None:
                broken.add(node)
                continue
            when = None
            if result.date is not None:
                field = "offset" if milestone.period is None else "period"
                try:
                    if milestone.period is not None:
                        when = result.date.last_day_of(milestone.period)
                        rule = f"the last day of {milestone.period} from {result.date}"
                    else:
                        assert milestone.offset is not None
                        when = result.date.plus(milestone.offset)
                        rule = f"{result.date} plus {milestone.offset}"
                    if not when.in_range:
                        raise ValueError(f"{rule} is {when}, outside the supported dates: "
                                         f"{RANGE_TEXT}")
                except ValueError as exc:
                    problem(inst, milestone.key, field, f"impossible date: {exc}")
                    broken.add(node)
                    result = None
                    continue
            result = done[node] = Entry(inst, milestone, when, Certainty.ESTIMATED, result)

    for inst in instruments:
        for m in inst.milestones:
            follow(inst, m)
    entries = [e for inst in instruments for m in inst.milestones
               if (e := done.get((inst.id, m.key))) is not None]
    entries.sort(key=Entry.sort_key)
    return entries
