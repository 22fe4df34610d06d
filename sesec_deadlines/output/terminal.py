"""Text for people: tables on a terminal (rich, coloured by urgency), plain text in a pipe.

Rich is imported only when stdout is a terminal, so scripted use starts faster.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Sequence
from datetime import date
from typing import TextIO

from sesec_deadlines.core.model import Entry, Instrument
from sesec_deadlines.core.vocab import Precision, milestone_label


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


def _is_terminal(stream: TextIO) -> bool:
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


def print_table(
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    styles: Sequence[str] | None = None,
    stream: TextIO | None = None,
) -> None:
    out = stream or sys.stdout
    if not _is_terminal(out):
        out.write(title + "\n")
        for line in plain_table(headers, rows):
            out.write(line + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, title_justify="left", box=None, header_style="bold", pad_edge=False)
    for h in headers:
        table.add_column(h, overflow="fold", no_wrap=h in ("DATE", "LEFT"))
    for i, r in enumerate(rows):
        table.add_row(*r, style=(styles[i] if styles else None) or None)
    Console(file=out, highlight=False).print(table)


def print_lines(lines: Sequence[str], stream: TextIO | None = None) -> None:
    out = stream or sys.stdout
    for line in lines:
        out.write(line + "\n")


def instrument_lines(inst: Instrument, entries: Sequence[Entry], today: date) -> list[str]:
    """Everything about one instrument, for `deadlines show`."""
    lines = [f"{inst.title}", f"id:            {inst.id}"]
    if inst.number:
        lines.append(f"number:        {inst.number}")
    lines += [
        f"authority:     {', '.join(inst.authority)}",
        f"topics:        {', '.join(inst.topics)}",
        f"status:        {inst.status.value}",
    ]
    if inst.products:
        lines.append(f"products:      {'; '.join(inst.products)}")
    if inst.product_codes:
        lines.append(f"product codes: {', '.join(inst.product_codes)}")
    lines.append(f"last verified: {inst.last_verified.isoformat()}")
    lines += ["", "Summary"]
    lines += textwrap.wrap(inst.summary, width=88, initial_indent="  ", subsequent_indent="  ")
    lines += ["", "Milestones"]
    rows = []
    for e in entries:
        certainty = e.certainty.value
        if e.milestone.after:
            certainty += f" (rule: {e.milestone.certainty.value})"
        rows.append(
            (
                e.date.iso() if e.date else "-",
                days_left_text(e, today),
                kind_label(e),
                certainty,
                f"[{e.milestone.source}]",
            )
        )
    lines += [
        "  " + line for line in plain_table(("DATE", "LEFT", "KIND", "CERTAINTY", "SOURCE"), rows)
    ]
    for e in entries:
        extra = []
        if e.milestone.after:
            extra.append(f"rule: {e.rule()}")
        if e.milestone.note:
            extra.append(e.milestone.note)
        for change in e.milestone.history:
            was = change.date.iso() if change.date else "no date"
            extra.append(
                f"changed on {change.changed.isoformat()}, was {was}"
                + (f" ({change.certainty.value})" if change.certainty else "")
            )
        if extra:
            lines.append(f"  {e.id}:")
            for text in extra:
                lines += textwrap.wrap(
                    text, width=88, initial_indent="    ", subsequent_indent="    "
                )
    lines += ["", "Sources"]
    for i, src in enumerate(inst.sources):
        lines.append(f"  [{i}] {src.describe()}")
    return lines
