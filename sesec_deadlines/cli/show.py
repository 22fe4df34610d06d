"""`deadlines show ID`: one instrument in full."""

from __future__ import annotations

from typing import Annotated

import typer

from sesec_deadlines.cli.base import command_app
from sesec_deadlines.cli.common import emit, load_registry
from sesec_deadlines.cli.options import AsOfOpt, Format, RegistryOpt, resolve_today
from sesec_deadlines.core.errors import UsageError
from sesec_deadlines.core.query import Selection
from sesec_deadlines.output import terminal as render

app = command_app()


@app.command()
def show(
    ident: Annotated[
        str, typer.Argument(metavar="ID", help="Instrument id, e.g. ccc-ev-charging-equipment.")
    ],
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="table (text) or json.")
    ] = Format.TABLE,
    as_of: AsOfOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """One instrument in full: milestones in date order, summary, scope, sources, notes."""
    today = resolve_today(as_of)
    reg = load_registry(registry)
    wanted = ident.split("/")[0]
    inst = reg.instrument(wanted)
    if inst is None:
        import difflib

        close = difflib.get_close_matches(wanted, [i.id for i in reg.instruments], n=3)
        raise UsageError(
            f"no instrument with id {wanted!r}",
            hint=("did you mean " + ", ".join(close) + "?")
            if close
            else "`deadlines list --all --search WORD` finds ids",
        )
    entries = reg.entries_of(inst.id)
    if fmt is Format.TABLE:
        render.print_lines(render.instrument_lines(inst, entries, today))
        return
    if fmt is Format.CSV:
        raise UsageError(
            "show prints table or json; for CSV use `deadlines list --id ID --all --format csv`"
        )
    emit(
        Selection(
            today, tuple(e for e in entries if e.date), tuple(e for e in entries if not e.date)
        ),
        Format.JSON,
        "",
    )
