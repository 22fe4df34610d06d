"""The milestone tables of `upcoming` and `list` with what the registry does not know: a
FLAGS column where a row has a flag, the legend of the flags shown, and the registry's age.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.staleness import Flag, Freshness, Staleness, Thresholds
from sesec_deadlines.output import terminal as render

if TYPE_CHECKING:
    from sesec_deadlines.team import Tracking


def flag_meaning(flag: Flag, thresholds: Thresholds) -> str:
    """The legend line of one flag, with the threshold in force."""
    if flag is Flag.LAPSED:
        return ("a proposed or estimated date has passed while the text is still a draft, "
                "or a date is computed from one: unconfirmed")
    if flag is Flag.OVERDUE:
        return "the date the milestone was expected has passed, and no date is known"
    if flag is Flag.OUTCOME_UNKNOWN:
        return (f"a draft whose comment window closed (or, without a closing date, opened) "
                f"more than {thresholds.outcome_months} months ago, with nothing known since")
    return f"last checked against its sources more than {thresholds.unverified_days} days ago"


@dataclass
class Tables:
    """Prints milestone tables, collecting the flags shown for one legend at the end."""

    staleness: Staleness
    shown: set[Flag] = field(default_factory=set)
    tracking: Tracking | None = None  # with decisions: PROGRESS and OWNER before TITLE

    def _team(self, entries: Sequence[Entry], headers: tuple[str, ...],
              rows: list[tuple[str, ...]]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
        if not self.tracking:
            return headers, rows
        from sesec_deadlines.output.tracking import owner_cell, progress_cell

        decisions = [self.tracking.decision(e) for e in entries]
        return ((*headers[:-1], "PROGRESS", "OWNER", headers[-1]),
                [(*r[:-1], progress_cell(d), owner_cell(d), r[-1])
                 for r, d in zip(rows, decisions, strict=True)])

    def _flags(self, entry: Entry) -> tuple[Flag, ...]:
        flags = self.staleness.flags(entry)
        self.shown.update(flags)
        return flags

    def dated(self, title: str, entries: Sequence[Entry]) -> None:
        today = self.staleness.today
        flags = [self._flags(e) for e in entries]
        headers: tuple[str, ...] = render.HEADERS
        rows = [render.row(e, today) for e in entries]
        if any(flags):  # FLAGS after CERTAINTY
            headers = (*headers[:4], "FLAGS", *headers[4:])
            rows = [(*r[:4], ", ".join(f) or "-", *r[4:]) for r, f in zip(rows, flags,
                                                                         strict=True)]
        headers, rows = self._team(entries, headers, rows)
        styles = [render.urgency(e, today) for e in entries]
        render.print_table(title, headers, rows, styles)

    def pending(self, entries: Sequence[Entry]) -> None:
        flags = [self._flags(e) for e in entries]
        headers: tuple[str, ...] = render.PENDING_HEADERS
        rows = [render.pending_row(e) for e in entries]
        stack = render.PENDING_STACK
        if any(flags):  # FLAGS before TITLE; on a narrow terminal with KIND and RULE
            headers = (*headers[:3], "FLAGS", headers[3])
            rows = [(*r[:3], ", ".join(f) or "-", r[3]) for r, f in zip(rows, flags,
                                                                       strict=True)]
            stack = ((1, 2, 3), (4, 0), (0,))
        if self.tracking:  # PROGRESS and OWNER on the first line, before TITLE
            last = len(headers) - 1
            stack = ((*stack[0], last, last + 1), (last + 2, 0), (0,))
            headers, rows = self._team(entries, headers, rows)
        render.print_lines([""])
        render.print_table(f"Pending: {len(entries)} milestone(s) without a date yet",
                           headers, rows, stack=stack)

    def legend(self) -> None:
        """What the flags shown mean; on a terminal only those not explained there yet
        today (output.explained), in a pipe all of them."""
        import sys

        shown = self.shown
        if render.is_terminal(sys.stdout):
            from sesec_deadlines.output.explained import unexplained

            shown = {Flag(key) for key in unexplained([f.value for f in shown], sys.stdout)}
        if not shown:
            return
        say(["", f"Flags as of {self.staleness.today.isoformat()} "
                 "(`deadlines review` lists what to re-check):"])
        width = max(len(f.value) for f in shown)
        for flag in Flag:
            if flag in shown:
                meaning = flag_meaning(flag, self.staleness.thresholds)
                say([f"  {flag.value.ljust(width)}  {meaning}"], " " * (width + 4))


def say(lines: Sequence[str], subsequent: str = "") -> None:
    """Lines of text, wrapped to the terminal's width without splitting a word (as tables
    are); as they are in a pipe."""
    import sys

    if not render.is_terminal(sys.stdout):
        render.print_lines(lines)
        return
    from sesec_deadlines.output.layout import wrap

    width = render.terminal_console(sys.stdout).width
    for line in lines:
        render.print_lines(wrap(line, width, "", subsequent) if line else [""])


def freshness_lines(freshness: Freshness) -> list[str]:
    line = freshness.line()
    return [line] if line else []


def lapsed_title(count: int, today: date) -> str:
    return (f"Unconfirmed: {count} proposed or estimated date(s) passed before {today} while "
            "the text is still a draft")
