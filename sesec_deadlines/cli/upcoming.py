"""`deadlines upcoming`: what is due from today through a window."""

from __future__ import annotations

from typing import Annotated

import typer

from sesec_deadlines.cli.base import command_app
from sesec_deadlines.cli.brief import BriefOpt, emit_brief
from sesec_deadlines.cli.common import check_items, emit, load_registry
from sesec_deadlines.cli.filtering import NO_FILTERS, FilterArgs, with_filters
from sesec_deadlines.cli.options import (
    AsOfOpt,
    Format,
    FormatOpt,
    RegistryOpt,
    resolve_today,
    window_end_marked,
)
from sesec_deadlines.cli.tracking import IncludeDoneOpt
from sesec_deadlines.core.datetext import DateWindow
from sesec_deadlines.core.query import make_filters, select

app = command_app()


@app.command()
@with_filters
def upcoming(
    days: Annotated[
        int | None, typer.Option("--days", "-d", help="Window length in days (default 90).")
    ] = None,
    within: Annotated[
        str | None,
        typer.Option("--within", "-w", metavar="SPAN",
                     help="Window length: '6 months', 6m, 2w, 90d, 1y, or working days: 10wd."),
    ] = None,
    filter_args: FilterArgs = NO_FILTERS,
    include_done: IncludeDoneOpt = False,
    fmt: FormatOpt = Format.TABLE,
    brief: BriefOpt = False,
    as_of: AsOfOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """Milestones from today through the next 90 days (or --days / --within), soonest first;
    done and not-applicable ones left out (--include-done brings them back)."""
    today = resolve_today(as_of)
    last, estimated = window_end_marked(today, days, within)
    filter_args = filter_args.looking_ahead(include_done)
    filters = make_filters(
        **filter_args.as_kwargs(),
        first=today,
        last=last,
    )
    reg = load_registry(registry)
    check_items(reg, filter_args.item)
    selection = select(reg.window(today, last, filters), filters, today)
    lapsed = list(reg.unconfirmed_before(today, filters))
    if brief and fmt is Format.TABLE:
        emit_brief(selection, reg, lapsed, f"Nothing due from {today} to {last}.", filters,
                   DateWindow(today, last, estimated))
        return
    emit(
        selection,
        fmt,
        f"Deadlines from {today} to {last}",
        empty=f"Nothing due from {today} to {last}.",
        registry=reg,
        filters=filters,
        lapsed=lapsed,
        window=DateWindow(today, last, estimated),
        tracking=filter_args.tracking(),
    )
