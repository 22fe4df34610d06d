"""Text for people: tables on a terminal (rich, coloured by urgency), plain text in a pipe.

Rich is imported only when stdout is a terminal, so scripted use starts faster.
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Sequence
from datetime import date
from typing import TYPE_CHECKING, TextIO

from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.vocab import Precision, milestone_label
from sesec_deadlines.output.layout import column_widths, stacked, wrap

if TYPE_CHECKING:
    from rich.console import Console


def kind_label(entry: Entry) -> str:
    """The kind in words (vocab.KIND_LABELS); for `other`, the milestone's key says what."""
    return milestone_label(entry.milestone.kind, entry.milestone.key)


HEADERS = ("DATE", "LEFT", "KIND", "CERTAINTY", "AUTHORITY", "TITLE")


def days_left_text(entry: Entry, today: date) -> str:
    if entry.date is None:
        return "pending"
    left = entry.date.days_left(today)
    if left == 0:
        if entry.date.precision is Precision.MONTH and entry.date.start < today:
            return "this month"
        if entry.date.precision is Precision.YEAR and entry.date.start < today:
            return "this year"
        return "today"
    if left < 0:
        return f"{-left} day{'s' if left != -1 else ''} ago"
    return f"{left} day{'s' if left != 1 else ''}"


def urgency(entry: Entry, today: date) -> str:
    """A style name by days left: the nearer, the louder (Taskwarrior-style)."""
    if entry.date is None:
        return "dim"
    left = entry.date.days_left(today)
    if left < 0:
        return "dim"
    if left <= 7:
        return "bold red"
    if left <= 30:
        return "yellow"
    return ""


def row(entry: Entry, today: date) -> tuple[str, ...]:
    inst = entry.instrument
    title = inst.title if not inst.number else f"{inst.title} ({inst.number})"
    certainty = entry.certainty.value
    return (
        entry.date.iso() if entry.date else "-",
        days_left_text(entry, today),
        kind_label(entry),
        certainty,
        ", ".join(inst.authority),
        title,
    )


def pending_row(entry: Entry) -> tuple[str, ...]:
    inst = entry.instrument
    return (entry.id, kind_label(entry), entry.rule() or "", inst.title)


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def plain_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [len(h) for h in headers]
    for r in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, r, strict=True)]
    lines = []
    for r in (headers, *rows):
        cells = [c.ljust(w) for c, w in zip(r, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
    return lines


PENDING_HEADERS = ("ID", "KIND", "RULE", "TITLE")
# How a row is stacked on a narrow terminal: (cells on its first line, cells below it,
# cells that are identifiers); by default all but the last on the first line.
Stack = tuple[Sequence[int], Sequence[int], Collection[int]]
PENDING_STACK: Stack = ((1, 2), (3, 0), (0,))
LEGEND = (("bold red", "7 days or less"), ("yellow", "8 to 30 days"),
          ("dim", "past or not yet dated"))


def print_table(
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    styles: Sequence[str] | None = None,
    stream: TextIO | None = None,
    *,
    console: Console | None = None,
    stack: Stack | None = None,
    indent: int = 0,
) -> None:
    """A table: plain text in a pipe; on a terminal (or the `console` given) drawn by rich
    to fit its width without splitting a word (see `layout`), coloured by `styles`, with
    a legend of the colours used."""
    out = stream or sys.stdout
    if console is None:
        if not is_terminal(out):
            out.write(title + "\n")
            for line in plain_table(headers, rows):
                out.write(line + "\n")
            return
        console = terminal_console(out)
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    width = console.width - indent
    no_wrap = [i for i, h in enumerate(headers) if h in ("DATE", "LEFT")]
    widths = column_widths(headers, rows, width, no_wrap)
    if widths is None:
        head, body, identifiers = stack or (range(len(headers) - 1), (len(headers) - 1,), ())
        for line in wrap(title, width) if title else ():  # never wider than the terminal
            console.print(Text(" " * indent + line, style="italic"), overflow="ignore",
                          crop=False)
        pads = {i: max(len(r[i]) for r in rows) for i in no_wrap}
        for i, r in enumerate(rows):
            for line in stacked(r, width, head, body, identifiers, pads):
                console.print(Text(" " * indent + line, style=(styles[i] if styles else "")),
                              overflow="ignore", crop=False)
    else:
        natural = widths == [max(len(c) for c in column)
                             for column in zip(headers, *rows, strict=True)]
        table = Table(title=title or None, title_justify="left", box=None,
                      header_style="bold", pad_edge=False)
        for i, h in enumerate(headers):
            table.add_column(h, overflow="fold", no_wrap=i in no_wrap,
                             width=None if natural else widths[i])
        for i, r in enumerate(rows):
            table.add_row(*r, style=(styles[i] if styles else None) or None)
        console.print(Padding(table, (0, 0, 0, indent), expand=False) if indent else table)
    print_legend(console, styles or (), indent)


def print_legend(console: Console, styles: Sequence[str], indent: int = 0) -> None:
    """What the colours of the rows mean, when colour is on and some row has one; on a
    terminal each at most once a day (output.explained)."""
    if console.no_color or console.color_system is None:
        return
    from rich.text import Text

    from sesec_deadlines.output.explained import unexplained

    used = [(style, words) for style, words in LEGEND if style in styles]
    fresh = unexplained([f"colour:{style}" for style, _ in used], console.file)
    used = [(style, words) for style, words in used if f"colour:{style}" in fresh]
    if not used:
        return
    parts: list[str | tuple[str, str]] = [(" " * indent + "colours: ", "dim")]
    for n, (style, words) in enumerate(used):
        parts += [", " if n else "", (words, style)]
    console.print(Text.assemble(*parts), overflow="ignore", crop=False)


def terminal_console(out: TextIO) -> Console:
    from rich.console import Console

    return Console(file=out, highlight=False)


def print_lines(lines: Sequence[str], stream: TextIO | None = None) -> None:
    out = stream or sys.stdout
    for line in lines:
        out.write(line + "\n")
