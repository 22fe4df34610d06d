"""The team's decisions in words: the decision in force and its history (`track`, `show`),
and the compact progress/owner cells of tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sesec_deadlines.core.model import Entry
from sesec_deadlines.team import Decision, Tracking

PROGRESS_SHORT = {"open": "open", "in-progress": "doing", "done": "done",
                  "not-applicable": "n/a"}


def when(at: str) -> str:
    """An event's time as people read it: "2026-12-04 09:30 UTC"."""
    return at[:16].replace("T", " ") + " UTC"


def progress_cell(decision: Decision | None) -> str:
    return "-" if decision is None else PROGRESS_SHORT[decision.progress.value]


def owner_cell(decision: Decision | None) -> str:
    return "" if decision is None or decision.owner is None else decision.owner


def decision_lines(decision: Decision | None, today: date, indent: str = "  "
                   ) -> list[str]:
    """The decision in force, one field a line ("undecided" when there is none)."""
    if decision is None:
        return [f"{indent}undecided (no decision recorded)"]
    lines = [f"{indent}progress  {decision.progress.value}"]
    if decision.owner:
        lines.append(f"{indent}owner     {decision.owner}")
    if decision.act_by_rule:
        if decision.act_by is None:
            shown = f"{decision.act_by_rule} before the date (no date yet)"
        elif decision.act_by_rule != decision.act_by.isoformat():
            shown = f"{decision.act_by.isoformat()} ({decision.act_by_rule} before the date)"
        else:
            shown = decision.act_by.isoformat()
        if decision.act_by is not None and decision.act_by < today and not decision.closed:
            shown += ", passed"
        lines.append(f"{indent}act by    {shown}")
    if decision.snooze_until:
        state = "snoozed" if decision.snoozed(today) else "was snoozed"
        lines.append(f"{indent}{state} until {decision.snooze_until.isoformat()}")
    if decision.note:
        # a note of several lines stays in its column: every line under the first
        lines.append(f"{indent}note      "
                     + f"\n{indent}          ".join(decision.note.splitlines()))
    for url in decision.evidence:
        lines.append(f"{indent}evidence  {url}")
    lines.append(f"{indent}decided   {when(decision.updated_at)} by {decision.updated_by}"
                 + ("" if decision.on[-1].count("/") else " (on the instrument)"))
    return lines


def history_lines(target: str, entries: Sequence[Entry], tracking: Tracking,
                  targets: Iterable[str], today: date, history: bool = True) -> list[str]:
    """What `track ID` prints: each milestone's decision, then (with `history`) every
    event, oldest first."""
    lines: list[str] = []
    for entry in entries:
        day = entry.date.iso() if entry.date else "pending"
        lines.append(f"{entry.id} ({entry.milestone.kind.value}, {day})")
        lines.extend(decision_lines(tracking.decision(entry), today))
    if not history:
        return lines
    events = tracking.history(targets)
    lines.append("")
    if not events:
        lines.append(f"History of {target}: nothing recorded yet "
                     f"(`deadlines track {target} --progress ...` records a decision)")
        return lines
    lines.append(f"History of {target} ({len(events)} event{'s' if len(events) != 1 else ''}"
                 "):")
    lines.extend(f"  {when(e.at)}  {e.by}  {e.on}: {e.describe()}" for e in events)
    return lines


def team_lines(item: str, entries: Sequence[Entry], tracking: Tracking, today: date
               ) -> list[str]:
    """What `show` adds: each decided milestone's decision, and the history of the
    instrument's decisions; nothing when nobody decided on it."""
    decided = [(e, d) for e in entries if (d := tracking.decision(e)) is not None]
    if not decided:
        return ["", f"Team: no decision yet (`deadlines track {item}/KEY` records one)"]
    lines = ["", "Team decisions:"]
    for entry, decision in decided:
        lines.append(f"  {entry.milestone.key} ({entry.date.iso() if entry.date else 'pending'})")
        lines.extend(decision_lines(decision, today, indent="    "))
    events = tracking.history({item, *(e.id for e in entries)})
    lines.append(f"History ({len(events)} event{'s' if len(events) != 1 else ''}):")
    lines.extend(f"  {when(e.at)}  {e.by}  {e.on}: {e.describe()}" for e in events)
    return lines
