"""Tables and `show` on terminals of 60, 80 and 120 columns: no word split, no line too long,
colours with their legend; wide terminals and pipes as before."""

from __future__ import annotations

import io
import re
from collections import Counter
from datetime import date

import pytest
from rich.console import Console
from rich.table import Table

from sesec_deadlines.output import terminal as render
from sesec_deadlines.output.instrument import instrument_lines, print_instrument
from sesec_deadlines.output.layout import column_widths, stacked, wrap
from sesec_deadlines.registry.load import bundled_path, load

TODAY = date(2026, 6, 15)
ANSI = re.compile(r"\x1b\[[0-9;]*m")
WIDTHS = (60, 80, 120)


@pytest.fixture(scope="module")
def registry():  # type: ignore[no-untyped-def]
    return load([bundled_path()])


def console(width: int, *, colour: bool = True) -> Console:
    return Console(file=io.StringIO(), width=width, force_terminal=True, highlight=False,
                   color_system="standard" if colour else None)


def text_of(con: Console) -> str:
    out = con.file
    assert isinstance(out, io.StringIO)
    return ANSI.sub("", out.getvalue())


def assert_fits(text: str, width: int, cells: list[str], identifiers: list[str] = ()) -> None:
    """Every line fits (but for a single word longer than a line, a URL, left whole);
    every word of every cell is there whole, as often as given; an identifier may be
    broken only after a '/' or '-'."""
    lines = text.splitlines()
    too_long = [line for line in lines if len(line.rstrip()) > width and len(line.split()) > 1]
    assert not too_long
    wanted = Counter(word for cell in cells for word in cell.split())
    found = Counter(text.split())
    missing = {w: n for w, n in wanted.items() if found[w] < n}
    assert not missing
    joined = "".join(line.strip() for line in lines)
    for ident in identifiers:
        assert ident in joined


def upcoming_rows(registry, days: int = 90):  # type: ignore[no-untyped-def]
    dated = [e for e in registry.entries if e.date and 0 <= e.date.days_left(TODAY) <= days]
    pending = [e for e in registry.entries if e.date is None]
    return dated, pending


@pytest.mark.parametrize("width", WIDTHS)
def test_the_milestone_table_fits_without_splitting_words(registry, width: int) -> None:  # type: ignore[no-untyped-def]
    dated, _ = upcoming_rows(registry, 400)
    rows = [render.row(e, TODAY) for e in dated]
    con = console(width)
    render.print_table("Deadlines", render.HEADERS, rows,
                       [render.urgency(e, TODAY) for e in dated], console=con)
    assert_fits(text_of(con), width, [c for r in rows for c in r])


@pytest.mark.parametrize("width", WIDTHS)
def test_the_pending_table_fits_without_splitting_words(registry, width: int) -> None:  # type: ignore[no-untyped-def]
    _, pending = upcoming_rows(registry)
    rows = [render.pending_row(e) for e in pending]
    con = console(width)
    render.print_table("Pending", render.PENDING_HEADERS, rows, console=con,
                       stack=render.PENDING_STACK)
    assert_fits(text_of(con), width, [c for r in rows for c in r[1:]], [r[0] for r in rows])


@pytest.mark.parametrize("width", WIDTHS)
def test_show_fits_without_splitting_words(registry, width: int) -> None:  # type: ignore[no-untyped-def]
    longest = sorted(registry.instruments, key=lambda i: -len(i.summary))[:3]
    for inst in (*registry.instruments[::6], *longest):
        entries = registry.entries_of(inst.id)
        con = console(width)
        print_instrument(inst, entries, TODAY, con)
        plain = instrument_lines(inst, entries, TODAY)
        labels = {e.id + ":" for e in entries}
        ids = [line.strip() for line in plain if line.strip() in labels]
        cells = [line for line in plain if line.strip() not in labels
                 and not line.strip().startswith("DATE ")]  # no header when stacked
        assert_fits(text_of(con), width, cells, ids)


def test_show_is_coloured_like_upcoming_with_a_legend(registry) -> None:  # type: ignore[no-untyped-def]
    inst = registry.instrument("ccc-ev-charging-equipment")
    con = console(100)
    print_instrument(inst, registry.entries_of(inst.id), date(2026, 7, 28), con)
    out = con.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b[1;31m2026-08-01" in out  # 4 days left: bold red, as in upcoming
    legend = [line for line in ANSI.sub("", out).splitlines() if "colours:" in line]
    assert legend and "7 days or less" in legend[0]


def test_the_legend_names_only_the_colours_used_and_only_with_colour(registry) -> None:  # type: ignore[no-untyped-def]
    dated, _ = upcoming_rows(registry)
    rows = [render.row(e, TODAY) for e in dated]
    styles = [render.urgency(e, TODAY) for e in dated]
    con = console(120)
    render.print_table("Deadlines", render.HEADERS, rows, styles, console=con)
    legend = text_of(con).splitlines()[-1]
    assert legend == "colours: 8 to 30 days"  # 16 and 47 days left: only yellow is used
    plain = console(120, colour=False)
    render.print_table("Deadlines", render.HEADERS, rows, styles, console=plain)
    assert "colours" not in text_of(plain)


def test_a_wide_terminal_gets_the_table_it_always_had(registry) -> None:  # type: ignore[no-untyped-def]
    dated, _ = upcoming_rows(registry)
    rows = [render.row(e, TODAY) for e in dated]
    styles = [render.urgency(e, TODAY) for e in dated]
    con = console(250, colour=False)
    render.print_table("Deadlines", render.HEADERS, rows, styles, console=con)
    before = console(250, colour=False)
    table = Table(title="Deadlines", title_justify="left", box=None, header_style="bold",
                  pad_edge=False)
    for h in render.HEADERS:
        table.add_column(h, overflow="fold", no_wrap=h in ("DATE", "LEFT"))
    for r, style in zip(rows, styles, strict=True):
        table.add_row(*r, style=style or None)
    before.print(table)
    assert text_of(con) == text_of(before)


def test_a_pipe_gets_plain_text(registry) -> None:  # type: ignore[no-untyped-def]
    _, pending = upcoming_rows(registry)
    rows = [render.pending_row(e) for e in pending]
    out = io.StringIO()
    render.print_table("Pending", render.PENDING_HEADERS, rows, stream=out,
                       stack=render.PENDING_STACK)
    assert out.getvalue().splitlines() == ["Pending", *render.plain_table(
        render.PENDING_HEADERS, rows)]


def test_column_widths() -> None:
    rows = [("2026-01-01", "a long title of many words")]
    assert column_widths(("DATE", "TITLE"), rows, 80) == [10, 26]
    assert column_widths(("DATE", "TITLE"), rows, 30, no_wrap=[0]) is None
    widths = column_widths(("DATE", "TITLE"), [("2026-01-01", "word " * 20)], 50, no_wrap=[0])
    assert widths == [10, 38]


def test_stacked_and_wrap() -> None:
    assert stacked(("2026-01-01", "5 days", "title words"), 30, (0, 1), (2,), pads={1: 8}) \
        == ["2026-01-01  5 days", "    title words"]
    assert wrap("gb-26572-rohs-revision/entry_into_force", 30, "  ", identifier=True) == \
        ["  gb-26572-rohs-revision/", "  entry_into_force"]
    assert wrap("unbreakable" * 4, 20) == ["unbreakable" * 4]  # a word is never split
