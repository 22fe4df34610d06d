"""The team's decisions on the published page: a Team cell per milestone (progress and
owner; the note only when publishing with notes)."""

from __future__ import annotations

from html import escape

from sesec_deadlines.core.model import Entry
from sesec_deadlines.team import Tracking

WORDS = {"open": "open", "in-progress": "in progress", "done": "done",
         "not-applicable": "not applicable"}


class TeamCells:
    """HTML of the Team cell of each milestone; `tracking` without notes unless they are
    to be published (Tracking.without_notes)."""

    def __init__(self, tracking: Tracking) -> None:
        self.tracking = tracking

    def __call__(self, entry: Entry) -> str:
        decision = self.tracking.decision(entry)
        if decision is None:
            return '<span class="tentative">undecided</span>'
        parts = [escape(WORDS[decision.progress.value])]
        if decision.owner:
            parts.append(f"owner {escape(decision.owner)}")
        if decision.act_by and not decision.closed:
            parts.append(f"act by {decision.act_by.isoformat()}")
        text = ", ".join(parts)
        if decision.note:
            text += f"<br>{escape(' '.join(decision.note.split()))}"
        return text
