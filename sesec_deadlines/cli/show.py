"""`deadlines show ID`: one instrument in full, found by id or by number."""

from __future__ import annotations

from typing import Annotated

import typer

from sesec_deadlines.cli.base import command_app
from sesec_deadlines.cli.common import emit, load_registry, unknown_id
from sesec_deadlines.cli.options import (
    AsOfOpt,
    Format,
    RegistryOpt,
    complete_id_or_number,
    resolve_today,
    thresholds,
)
from sesec_deadlines.cli.tracking import TrackingFileOpt, load_team
from sesec_deadlines.core.errors import UsageError
from sesec_deadlines.core.model import Instrument
from sesec_deadlines.core.numbers import number_key, number_matches
from sesec_deadlines.core.query import Selection
from sesec_deadlines.output import terminal as render
from sesec_deadlines.registry.store import Registry

app = command_app()


def find_instrument(reg: Registry, ident: str) -> Instrument:
    """The instrument with this id (or milestone id), else the one whose number it is, or
    whose replaced standard it is: "GB 26572", "gb26572", "GB/T 26572-2011" (any case and
    spacing, with or without the year); several by that number are listed."""
    wanted = ident.split("/")[0]
    inst = reg.instrument(wanted)
    if inst is not None:
        return inst
    key = number_key(ident)

    def numbers(i: Instrument) -> tuple[str | None, ...]:
        return (i.number, *i.replaces_numbers)

    exact = [i for i in reg.instruments if any(n and number_key(n) == key for n in numbers(i))]
    found = exact or [i for i in reg.instruments
                      if any(number_matches(ident, n) for n in numbers(i))]
    if len(found) == 1:
        return found[0]
    if found:
        raise UsageError(
            f"{len(found)} instruments have a number starting with {ident!r}: "
            + ", ".join(f"{i.id} ({i.number})" for i in found[:10])
            + (", ..." if len(found) > 10 else ""),
            hint="give one of their ids",
        )
    raise unknown_id(reg, ident, "id or number")


@app.command()
def show(
    ident: Annotated[
        str,
        typer.Argument(metavar="ID", autocompletion=complete_id_or_number,
                       help="Instrument id (ccc-ev-charging-equipment) or number (GB 26572)."),
    ],
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="table (text) or json.")
    ] = Format.TABLE,
    as_of: AsOfOpt = None,
    registry: RegistryOpt = None,
    tracking_file: TrackingFileOpt = None,
) -> None:
    """One instrument in full: milestones in date order, summary, scope, sources, notes,
    and the team's decisions with their history."""
    today = resolve_today(as_of)
    reg = load_registry(registry)
    inst = find_instrument(reg, ident)
    entries = reg.entries_of(inst.id)
    tracking = load_team(tracking_file)
    if fmt is Format.TABLE:
        import sys

        from sesec_deadlines.core.lifecycle import chain
        from sesec_deadlines.core.staleness import Staleness
        from sesec_deadlines.output.instrument import (
            instrument_lines,
            lifecycle_lines,
            print_instrument,
        )

        generations = chain(inst, reg.instrument)
        titles = {i: other.title for g in generations for i in g
                  if i != inst.id and (other := reg.instrument(i)) is not None}
        lifecycle = lifecycle_lines(inst, generations, titles)
        staleness = Staleness(today, thresholds())
        if render.is_terminal(sys.stdout):
            print_instrument(inst, entries, today, render.terminal_console(sys.stdout),
                             staleness, lifecycle)
        else:
            render.print_lines(instrument_lines(inst, entries, today, staleness, lifecycle))
        if tracking:
            from sesec_deadlines.output.tracking import team_lines

            render.print_lines(team_lines(inst.id, entries, tracking, today))
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
        registry=reg,  # the contract's registry block: data version, age, files
        tracking=tracking,
    )
