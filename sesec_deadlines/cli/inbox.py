"""`deadlines inbox`: the triage queue, milestones nobody on the team has decided on yet,
newest in the registry first."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from sesec_deadlines.cli.base import command_app
from sesec_deadlines.cli.common import check_items, load_registry
from sesec_deadlines.cli.filtering import NO_FILTERS, FilterArgs, with_filters
from sesec_deadlines.cli.options import (
    AllOpt,
    AsOfOpt,
    ExcelOpt,
    Format,
    FormatOpt,
    RegistryOpt,
    check_excel,
    parse_date_option,
    resolve_today,
    thresholds,
)
from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.query import make_filters

app = command_app()
HEADERS = ("ADDED", "DATE", "KIND", "ID", "TITLE")


@app.command()
@with_filters
def inbox(
    since: Annotated[str | None, typer.Option(
        "--since", metavar="DATE",
        help="Only milestones added to the registry on or after DATE (2026-11-01, -30d).")
    ] = None,
    filter_args: FilterArgs = NO_FILTERS,
    all_: AllOpt = False,
    fmt: FormatOpt = Format.TABLE,
    excel: ExcelOpt = False,
    as_of: AsOfOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """Milestones (dated or pending) nobody has decided on yet, newest in the registry
    first: walk through a new edition's items and `deadlines track` each one."""
    check_excel(excel, fmt.value)
    today = resolve_today(as_of)
    first = parse_date_option("--since", since, today, end=False)
    tracking = filter_args.tracking()
    filters = make_filters(**filter_args.as_kwargs())
    reg = load_registry(registry)
    check_items(reg, filter_args.item)
    queue = [e for e in reg.window(None if all_ else today, None, filters)
             if tracking.decision(e) is None and (first is None or e.added >= first)]
    queue.sort(key=lambda e: (-e.added.toordinal(), *_when(e), e.id))
    dated = tuple(e for e in queue if e.date is not None)
    pending = tuple(e for e in queue if e.date is None)
    if fmt is not Format.TABLE:
        from sesec_deadlines.core.query import Selection
        from sesec_deadlines.core.staleness import freshness
        from sesec_deadlines.output.records import text_chunks

        fresh = freshness(reg.editions, reg.cited_editions(), today, thresholds(),
                          uncurated=reg.uncurated, files=reg.files, version=reg.version)
        sys.stdout.writelines(text_chunks(Selection(today, dated, pending), fmt.value,
                                          excel=excel, tracking=tracking, registry=fresh))
        return
    from sesec_deadlines.output import terminal as render

    scope = f" added since {first.isoformat()}" if first else ""
    if not queue:
        render.print_lines([f"Nothing to decide{scope}: every milestone has a decision."])
        return
    rows = [(e.added.isoformat(), e.date.iso() if e.date else "pending",
             render.kind_label(e), e.id, e.instrument.title) for e in queue]
    render.print_table(f"Inbox: {len(queue)} milestone(s){scope} without a decision, newest "
                       "first", HEADERS, rows)
    render.print_lines(["", "Decide with: deadlines track ID --progress in-progress --owner "
                        "NAME (or --progress not-applicable --note WHY)"])


def _when(entry: Entry) -> tuple[int, int]:
    if entry.date is None:
        return (1, 0)
    return (0, entry.date.start.toordinal())
