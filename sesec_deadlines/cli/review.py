"""`deadlines review`: what the curator should re-check, as of a date."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from sesec_deadlines.cli.base import command_app
from sesec_deadlines.cli.common import check_items, load_registry
from sesec_deadlines.cli.filtering import NO_FILTERS, FilterArgs, with_filters
from sesec_deadlines.cli.options import (
    AsOfOpt,
    Format,
    FormatOpt,
    FromOpt,
    RegistryOpt,
    ToOpt,
    parse_date_option,
    resolve_today,
    thresholds,
)
from sesec_deadlines.core.errors import ExitCode
from sesec_deadlines.core.query import make_filters
from sesec_deadlines.core.staleness import Staleness, freshness

if TYPE_CHECKING:
    from rich.console import Console

app = command_app()


@app.command()
@with_filters
def review(
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 4 when anything is flagged (for CI).")
    ] = False,
    outcome_months: Annotated[
        int | None, typer.Option("--outcome-months", metavar="N",
                                 help="Flag drafts whose comments closed more than N months "
                                 "ago with no news (default 6).")
    ] = None,
    unverified_days: Annotated[
        int | None, typer.Option("--unverified-days", metavar="N",
                                 help="Flag entries last verified more than N days ago "
                                 "(default 180).")
    ] = None,
    stale_months: Annotated[
        int | None, typer.Option("--stale-months", metavar="N",
                                 help="Call the registry old when its newest edition is more "
                                 "than N months old (default 3).")
    ] = None,
    filter_args: FilterArgs = NO_FILTERS,
    start: FromOpt = None,
    end: ToOpt = None,
    fmt: FormatOpt = Format.TABLE,
    as_of: AsOfOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """The curator's to-do list: every flagged milestone and instrument, by reason."""
    from sesec_deadlines.curation import todo

    today = resolve_today(as_of)
    limits = thresholds(outcome_months=outcome_months, unverified_days=unverified_days,
                        stale_months=stale_months)
    filters = make_filters(
        **filter_args.as_kwargs(),
        first=parse_date_option("--from", start, today, end=False),
        last=parse_date_option("--to", end, today, end=True))
    reg = load_registry(registry)
    check_items(reg, filter_args.item)
    staleness = Staleness(today, limits)
    items = todo.review(reg.entries, filters, staleness)
    fresh = freshness(reg.editions, reg.cited_editions(), today, limits, version=reg.version,
                      uncurated=reg.uncurated, files=reg.files)
    if fmt is Format.JSON:
        sys.stdout.write(todo.json_text(items, fresh, staleness))
    elif fmt is Format.CSV:
        from sesec_deadlines.output.records import csv_line

        sys.stdout.write(csv_line(todo.CSV_FIELDS))
        sys.stdout.writelines(csv_line(row) for row in todo.csv_rows(items))
    else:
        print_review(list(todo.text_lines(items, fresh, staleness)))
    if strict and items:
        raise typer.Exit(int(ExitCode.FLAGGED))


def print_review(lines: Sequence[str], console: Console | None = None) -> None:
    """The to-do list: plain in a pipe; on a terminal (or the `console` given) wrapped to
    its width without splitting a word (a link is left whole), continued lines indented
    under their own, headings bold, sources dim."""
    from sesec_deadlines.output import terminal as render

    if console is None:
        if not render.is_terminal(sys.stdout):
            sys.stdout.writelines(line + "\n" for line in lines)
            return
        console = render.terminal_console(sys.stdout)
    from rich.text import Text

    from sesec_deadlines.output.layout import wrap

    for n, line in enumerate(lines):
        text = line.lstrip()
        lead = line[: len(line) - len(text)]
        if not text:
            console.print()
            continue
        if n == 0:
            style = "yellow" if "(old:" in text else ""
        elif not lead:
            style = "bold"
        elif text.startswith("re-check:"):
            style = "dim"
        else:
            style = "cyan" if len(lead) == 2 else ""
        for part in wrap(text, console.width, lead, lead + "  ", identifier=len(lead) == 2):
            console.print(Text(part, style=style), overflow="ignore", crop=False)
