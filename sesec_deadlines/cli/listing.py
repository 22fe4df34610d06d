"""`deadlines list`: every milestone matching the filters."""

from __future__ import annotations

from sesec_deadlines.cli.base import command_app
from sesec_deadlines.cli.brief import BriefOpt, emit_brief
from sesec_deadlines.cli.common import emit, list_selection
from sesec_deadlines.cli.filtering import NO_FILTERS, FilterArgs, with_filters
from sesec_deadlines.cli.options import (
    AllOpt,
    AsOfOpt,
    ExcelOpt,
    Format,
    FormatOpt,
    FromOpt,
    RegistryOpt,
    ToOpt,
    check_excel,
)
from sesec_deadlines.core.datetext import DateWindow
from sesec_deadlines.core.model import Entry
from sesec_deadlines.registry.store import Registry

app = command_app()


@app.command("list")
@with_filters
def list_(
    filter_args: FilterArgs = NO_FILTERS,
    start: FromOpt = None,
    end: ToOpt = None,
    all_: AllOpt = False,
    fmt: FormatOpt = Format.TABLE,
    excel: ExcelOpt = False,
    brief: BriefOpt = False,
    as_of: AsOfOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """Every milestone matching the filters; by default those not yet past."""
    check_excel(excel, fmt.value)
    lapsed: list[Entry] = []
    windows: list[DateWindow] = []
    reg, selection, window = list_selection(
        registry, as_of, start, end, all_, lapsed=lapsed, windows=windows,
        **filter_args.as_kwargs())
    empty = f"No milestone matches ({window})."
    if not selection.dated and not selection.pending and not lapsed and not all_:
        empty += _elsewhere(reg, filter_args)
    if brief and fmt is Format.TABLE:
        emit_brief(selection, reg, lapsed, empty,
                   window=windows[0])
        return
    emit(selection, fmt, f"Milestones, {window}",
         empty=empty, excel=excel, registry=reg, lapsed=lapsed,
         window=windows[0], tracking=filter_args.tracking())


def _elsewhere(reg: Registry, filter_args: FilterArgs) -> str:
    """For an empty list: how many milestones match the filters outside the window, and
    how to see them."""
    from sesec_deadlines.core.query import make_filters

    filters = make_filters(**filter_args.as_kwargs())
    count = sum(1 for entry in reg.entries if filters.matches(entry))
    if not count:
        return ""
    return (f"\n{count} milestone(s) outside the window match the filters: add `--all` to "
            "see them too.")
