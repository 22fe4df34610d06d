"""Lifecycles of instruments: which status may follow which, and chains of replacements."""

from __future__ import annotations

from collections.abc import Callable

from sesec_deadlines.core.model import Instrument
from sesec_deadlines.core.vocab import Status

TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.DRAFT, Status.FINAL, Status.WITHDRAWN, Status.SUPERSEDED}),
    Status.FINAL: frozenset({Status.SUPERSEDED, Status.WITHDRAWN}),
    Status.SUPERSEDED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}
"""The statuses an instrument can take next: a draft gets a new draft round, becomes
final, is withdrawn or superseded; a final text is superseded or withdrawn; superseded and
withdrawn are ends."""


def chain(inst: Instrument, lookup: Callable[[str], Instrument | None]) -> list[list[str]]:
    """The generations of replacements around `inst`, oldest first, `inst` among them.

    Each generation lists ids; an instrument may replace several earlier ones (they form
    one generation), and is superseded by at most one. Ids not in the registry stop the
    walk. Links are validated acyclic when the registry loads; `seen` guards anyway."""
    seen = {inst.id}
    earlier: list[list[str]] = []
    generation = [inst]
    while True:
        previous = [p for i in generation for r in i.replaces
                    if r not in seen and (p := lookup(r)) is not None]
        if not previous:
            break
        seen.update(p.id for p in previous)
        earlier.insert(0, [p.id for p in previous])
        generation = previous
    later: list[list[str]] = []
    current = inst
    while current.superseded_by and current.superseded_by not in seen:
        seen.add(current.superseded_by)
        later.append([current.superseded_by])
        following = lookup(current.superseded_by)
        if following is None:
            break
        current = following
    return [*earlier, [inst.id], *later]
