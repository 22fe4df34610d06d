"""`--brief` of `upcoming` and `list`: the one-line view (output.brief), by option or by
the DEADLINES_BRIEF setting."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer

from sesec_deadlines.cli.options import thresholds
from sesec_deadlines.core.datetext import DateWindow
from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.query import Selection, next_after
from sesec_deadlines.core.staleness import Staleness, freshness
from sesec_deadlines.registry.store import Registry

BRIEF_ENV = "DEADLINES_BRIEF"

BriefOpt = Annotated[
    bool,
    typer.Option(
        "--brief/--no-brief", "-b",
        envvar=BRIEF_ENV, show_envvar=True,
        help="One line a milestone: date, days left, kind, a certainty mark (? proposed, "
             "~ estimated), ! when flagged, number and title; then the registry's age and "
             "the pending and unconfirmed dates counted. Tables only. "
             f"{BRIEF_ENV}=1 makes it the default; --no-brief turns it off.",
    ),
]


def emit_brief(selection: Selection, registry: Registry, lapsed: Sequence[Entry],
               empty: str, filters: Any = None, window: DateWindow | None = None) -> None:
    """Print a selection in the one-line view: its dated milestones, then the registry's
    age when it is old and a count of the pending and unconfirmed dates left out (and,
    rarely, a window counted in working days of an estimated schedule)."""
    from sesec_deadlines.output import terminal as render
    from sesec_deadlines.output.brief import brief_lines, count_line

    today = selection.today
    staleness = Staleness(today, thresholds())
    lapsed = [e for e in lapsed if staleness.lapsed(e)]
    terminal = render.is_terminal(sys.stdout)
    width = render.terminal_console(sys.stdout).width if terminal else None
    if selection.dated:
        lines = brief_lines(selection.dated, staleness, width)
    else:
        lines = [empty]
        upcoming = None if filters is None else next_after(
            registry.window(today, None, filters), filters, today)
        if upcoming is not None and upcoming.date is not None:
            lines = [f"{empty} Next:", *brief_lines([upcoming], staleness, width)]
        elif filters is not None:
            lines = [f"{empty} No later milestone matches either."]
    fresh = freshness(registry.editions, registry.cited_editions(), today,
                      staleness.thresholds, uncurated=registry.uncurated,
                      files=registry.files).line()
    estimated = None if window is None or not window.estimated else \
        f"Window {window.first or '...'} to {window.last or '...'}{window.note()}."
    notes = [line for line in (estimated, fresh,
                               count_line(len(selection.pending), len(lapsed))) if line]
    if terminal:
        _print_coloured(lines, selection.dated, today, width or 80)
        from sesec_deadlines.output.flagged import say

        say(notes)
    else:
        render.print_lines([*lines, *notes])


def _print_coloured(lines: list[str], entries: Sequence[Entry], today: Any,
                    width: int) -> None:
    """The milestone lines coloured by urgency, as the tables are (NO_COLOR honoured)."""
    from rich.text import Text

    from sesec_deadlines.output import terminal as render

    console = render.terminal_console(sys.stdout)
    styles = [render.urgency(e, today) for e in entries] if len(entries) == len(lines) \
        else [""] * len(lines)
    for line, style in zip(lines, styles, strict=True):
        console.print(Text(line, style=style), overflow="ignore", crop=False, width=width)
