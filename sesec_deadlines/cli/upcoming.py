"""`deadlines upcoming`: what is due from today through a window."""

from __future__ import annotations

from typing import Annotated

import typer

from sesec_deadlines.cli.base import command_app
from sesec_deadlines.cli.common import check_items, emit, load_registry
from sesec_deadlines.cli.options import (
    AsOfOpt,
    AuthorityOpt,
    CertaintyOpt,
    Format,
    FormatOpt,
    ItemOpt,
    KindOpt,
    NumberOpt,
    ProductOpt,
    RegistryOpt,
    SearchOpt,
    StatusOpt,
    TopicOpt,
    resolve_today,
    window_end,
)
from sesec_deadlines.core.query import make_filters, select

app = command_app()


@app.command()
def upcoming(
    days: Annotated[
        int | None, typer.Option("--days", "-d", help="Window length in days (default 90).")
    ] = None,
    within: Annotated[
        str | None,
        typer.Option("--within", "-w", metavar="SPAN",
                     help="Window length: '6 months', 6m, 2w, 90d, 1y."),
    ] = None,
    kind: KindOpt = None,
    topic: TopicOpt = None,
    authority: AuthorityOpt = None,
    status: StatusOpt = None,
    certainty: CertaintyOpt = None,
    product: ProductOpt = None,
    search: SearchOpt = None,
    item: ItemOpt = None,
    number: NumberOpt = None,
    fmt: FormatOpt = Format.TABLE,
    as_of: AsOfOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """Milestones from today through the next 90 days (or --days / --within), soonest first."""
    today = resolve_today(as_of)
    last = window_end(today, days, within)
    filters = make_filters(
        kind=kind,
        topic=topic,
        authority=authority,
        status=status,
        certainty=certainty,
        product=product,
        search=search,
        item=item,
        number=number,
        first=today,
        last=last,
    )
    reg = load_registry(registry)
    check_items(reg, item)
    selection = select(reg.window(today, last, filters), filters, today)
    lapsed = list(reg.unconfirmed_before(today, filters))
    emit(
        selection,
        fmt,
        f"Deadlines from {today} to {last}",
        empty=f"Nothing due from {today} to {last}.",
        registry=reg,
        filters=filters,
        lapsed=lapsed,
    )
