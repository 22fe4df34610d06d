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
    if brief and fmt is Format.TABLE:
        emit_brief(selection, reg, lapsed, f"No milestone matches ({window}).",
                   window=windows[0])
        return
    emit(selection, fmt, f"Milestones, {window}",
         empty=f"No milestone matches ({window}).", excel=excel, registry=reg, lapsed=lapsed,
         window=windows[0], tracking=filter_args.tracking())
