"""`deadlines review`: what the curator should re-check, as of a date."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from sesec_deadlines.cli.base import command_app
from sesec_deadlines.cli.common import load_registry
from sesec_deadlines.cli.options import (
    AsOfOpt,
    AuthorityOpt,
    CertaintyOpt,
    Format,
    FormatOpt,
    FromOpt,
    ItemOpt,
    KindOpt,
    ProductOpt,
    RegistryOpt,
    SearchOpt,
    StatusOpt,
    ToOpt,
    TopicOpt,
    parse_date_option,
    resolve_today,
    thresholds,
)
from sesec_deadlines.core.errors import ExitCode
from sesec_deadlines.core.query import make_filters
from sesec_deadlines.core.staleness import Staleness, freshness

app = command_app()


@app.command()
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
    kind: KindOpt = None,
    topic: TopicOpt = None,
    authority: AuthorityOpt = None,
    status: StatusOpt = None,
    certainty: CertaintyOpt = None,
    product: ProductOpt = None,
    search: SearchOpt = None,
    item: ItemOpt = None,
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
        kind=kind, topic=topic, authority=authority, status=status, certainty=certainty,
        product=product, search=search, item=item,
        first=parse_date_option("--from", start, today, end=False),
        last=parse_date_option("--to", end, today, end=True))
    reg = load_registry(registry)
    staleness = Staleness(today, limits)
    items = todo.review(reg.entries, filters, staleness)
    fresh = freshness(reg.editions, reg.cited_editions(), today, limits)
    if fmt is Format.JSON:
        sys.stdout.write(todo.json_text(items, fresh, staleness))
    elif fmt is Format.CSV:
        from sesec_deadlines.output.records import csv_line

        sys.stdout.write(csv_line(todo.CSV_FIELDS))
        sys.stdout.writelines(csv_line(row) for row in todo.csv_rows(items))
    else:
        sys.stdout.writelines(line + "\n" for line in todo.text_lines(items, fresh, staleness))
    if strict and items:
        raise typer.Exit(int(ExitCode.FLAGGED))
