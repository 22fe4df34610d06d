"""`deadlines changes`: what entered or changed in the registry since a day."""

from __future__ import annotations

import enum
import sys
from typing import Annotated

import typer

from sesec_deadlines.cli.base import command_app
from sesec_deadlines.cli.common import check_items, load_registry
from sesec_deadlines.cli.filtering import NO_FILTERS, FilterArgs, with_filters
from sesec_deadlines.cli.options import (
    AsOfOpt,
    RegistryOpt,
    parse_date_option,
    resolve_today,
    thresholds,
)
from sesec_deadlines.core.changes import changes as find_changes
from sesec_deadlines.core.errors import UsageError
from sesec_deadlines.core.query import make_filters

app = command_app()
DEFAULT_SINCE = "-30 days"


class ChangesFormat(enum.StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    ATOM = "atom"


@app.command()
@with_filters
def changes(
    since: Annotated[str, typer.Option(
        "--since", metavar="DATE",
        help="First day of changes, as --from takes it: 2026-11-01, -30 days, 2026-11.")
    ] = DEFAULT_SINCE,
    until: Annotated[str | None, typer.Option(
        "--until", metavar="DATE", help="Last day of changes (inclusive). Default: today.")
    ] = None,
    filter_args: FilterArgs = NO_FILTERS,
    fmt: Annotated[ChangesFormat, typer.Option("--format", "-f", help="Output format.")
                   ] = ChangesFormat.TABLE,
    link: Annotated[str | None, typer.Option(
        "--link", metavar="URL", help="Atom: the feed's web link, also of entries whose "
        "source has no link.")] = None,
    as_of: AsOfOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """New instruments and milestones, moved dates, certainty and status changes since DATE."""
    from sesec_deadlines.output.changes import HEADERS, csv_chunks, json_chunks, rows

    today = resolve_today(as_of)
    first = parse_date_option("--since", since, today, end=False)
    last = parse_date_option("--until", until, today, end=True) or today
    if first is not None and last < first:
        raise UsageError(f"--until ({last}) is before --since ({first})")
    filters = make_filters(**filter_args.as_kwargs())
    reg = load_registry(registry)
    check_items(reg, filter_args.item)
    events = find_changes(reg.entries, filters, first, last, reg.baselines)
    if fmt is ChangesFormat.JSON:
        from sesec_deadlines.core.staleness import freshness

        age = freshness(reg.editions, reg.cited_editions(), today, thresholds(),
                        version=reg.version)
        sys.stdout.writelines(json_chunks(events, today, first, last, age.record()))
    elif fmt is ChangesFormat.CSV:
        sys.stdout.writelines(csv_chunks(events, today))
    elif fmt is ChangesFormat.ATOM:
        from sesec_deadlines.output.atom import DEFAULT_LINK, atom_bytes

        data = atom_bytes(events, today=today, filters=filters, link=link or DEFAULT_LINK)
        sys.stdout.flush()
        sys.stdout.buffer.write(data + b"\n")
    else:
        from sesec_deadlines.output import terminal

        span = f"from {first} to {last}"
        if not events:
            terminal.print_lines([f"No change {span} matches."])
            return
        count = len(events)
        terminal.print_table(f"Changes {span}: {count} change{'s' if count != 1 else ''}",
                             HEADERS, rows(events))
