"""Selecting milestones by the team's decisions: --owner, --progress, --undecided, and
leaving out done and not-applicable milestones where a command looks ahead."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sesec_deadlines.core.model import Entry
from sesec_deadlines.team.events import CLOSED, Progress
from sesec_deadlines.team.fold import Tracking


@dataclass(frozen=True)
class TeamFilter:
    """`owners` (any case) and `progress` as given; `undecided` keeps milestones nobody
    decided on (with --progress, either will do); `hide_closed` leaves out done and
    not-applicable milestones unless --progress names them."""

    owners: frozenset[str] = frozenset()
    progress: frozenset[Progress] = frozenset()
    undecided: bool = False
    hide_closed: bool = False

    @classmethod
    def of(cls, owner: Iterable[str] | None = None, progress: Iterable[Progress] | None = None,
           undecided: bool = False, hide_closed: bool = False) -> TeamFilter:
        return cls(frozenset(o.casefold() for o in owner or ()), frozenset(progress or ()),
                   undecided, hide_closed)

    @property
    def active(self) -> bool:
        return bool(self.owners or self.progress or self.undecided or self.hide_closed)

    def keeps(self, entry: Entry, tracking: Tracking) -> bool:
        decision = tracking.decision(entry) if tracking else None
        if self.owners and (decision is None or decision.owner is None
                            or decision.owner.casefold() not in self.owners):
            return False
        if self.progress or self.undecided:
            wanted = (decision is None and self.undecided) or (
                decision is not None and decision.progress in self.progress)
            if not wanted:
                return False
        return not (self.hide_closed and decision is not None and decision.closed
                    and not self.progress & CLOSED)

    def narrow(self, entries: Iterable[Entry], tracking: Tracking) -> tuple[Entry, ...]:
        if not self.active or (not tracking and not self.owners and not self.progress):
            return tuple(entries)
        return tuple(e for e in entries if self.keeps(e, tracking))
