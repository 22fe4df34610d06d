"""`deadlines list`: every milestone matching the filters."""

from __future__ import annotations

from sesec_deadlines.cli.base import command_app
from sesec_deadlines.cli.common import emit, list_selection
from sesec_deadlines.cli.options import (
    AllOpt,
    AsOfOpt,
    AuthorityOpt,
    CertaintyOpt,
    ExcelOpt,
    Format,
    FormatOpt,
    FromOpt,
    ItemOpt,
    KindOpt,
    NumberOpt,
    ProductOpt,
    RegistryOpt,
    SearchOpt,
    StatusOpt,
    ToOpt,
    TopicOpt,
    check_excel,
)
from sesec_deadlines.core.model import Entry

app = command_app()


@app.command("list")
def list_(
    kind: KindOpt = None,
    topic: TopicOpt = None,
    authority: AuthorityOpt = None,
    status: StatusOpt = None,
    certainty: CertaintyOpt = None,
    product: ProductOpt = None,
    search: SearchOpt = None,
    item: ItemOpt = None,
    number: NumberOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    all_: AllOpt = False,
    fmt: FormatOpt = Format.TABLE,
    excel: ExcelOpt = False,
    as_of: AsOfOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """Every milestone matching the filters; by default those not yet past."""
    check_excel(excel, fmt.value)
    lapsed: list[Entry] = []
    reg, selection, window = list_selection(
        registry, as_of, start, end, all_, lapsed=lapsed, kind=kind, topic=topic,
        authority=authority, status=status, certainty=certainty, product=product,
        search=search, item=item, number=number)
    emit(selection, fmt, f"Milestones, {window}",
         empty=f"No milestone matches ({window}).", excel=excel, registry=reg, lapsed=lapsed)
