"""One instrument in full, for `deadlines show`: plain text in a pipe, and on a terminal
coloured like `upcoming` and wrapped to its width without splitting a word."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from sesec_deadlines.core.model import Entry, Instrument
from sesec_deadlines.core.staleness import INSTRUMENT_FLAGS, Staleness
from sesec_deadlines.output.layout import wrap
from sesec_deadlines.output.terminal import (
    days_left_text,
    kind_label,
    plain_table,
    print_table,
    urgency,
)

if TYPE_CHECKING:
    from rich.console import Console

MILESTONE_HEADERS = ("DATE", "LEFT", "KIND", "CERTAINTY", "SOURCE")
LABEL_WIDTH = 15  # "product codes: "


def fields(inst: Instrument, staleness: Staleness | None = None,
           entries: Sequence[Entry] = ()) -> list[tuple[str, str]]:
    """The instrument's facts, label and value, in the order they are shown; with
    `staleness`, its flags as of that day."""
    out = [("id", inst.id)]
    if inst.number:
        out.append(("number", inst.number))
    if inst.replaces_numbers:
        out.append(("replaces", ", ".join(inst.replaces_numbers)))
    out += [("authority", ", ".join(inst.authority)), ("topics", ", ".join(inst.topics)),
            ("status", inst.status.value)]
    if inst.products:
        out.append(("products", "; ".join(inst.products)))
    if inst.product_codes:
        out.append(("product codes", ", ".join(inst.product_codes)))
    out.append(("last verified", inst.last_verified.isoformat()))
    if staleness is not None and entries:
        out += [("flag", staleness.detail(entries[0], flag))
                for flag in staleness.instrument_flags(inst)]
    return out


def lifecycle_lines(inst: Instrument, generations: Sequence[Sequence[str]],
                    titles: dict[str, str]) -> list[str]:
    """The status history and the chain of replacements (`core.lifecycle.chain`)."""
    if not inst.status_history and len(generations) < 2:
        return []
    lines = ["", "Lifecycle"]
    for change in inst.status_history:
        lines.append(f"  {change.date.isoformat()}  {change.status.value:<10}  "
                     f"[{change.source}]")
    if len(generations) > 1:
        lines.append("  chain: " + " -> ".join(
            " + ".join(f"{i} (this)" if i == inst.id else i for i in g) for g in generations))
    for label, ids in (("replaces", inst.replaces),
                       ("superseded by", (inst.superseded_by,) if inst.superseded_by else ())):
        for ident in ids:
            title = titles.get(ident)
            lines.append(f"  {label}: {ident}" + (f" ({title})" if title else ""))
    return lines


def milestone_rows(entries: Sequence[Entry], today: date) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for e in entries:
        certainty = e.certainty.value
        if e.milestone.after:
            certainty += f" (rule: {e.milestone.certainty.value})"
        rows.append((e.date.iso() if e.date else "-", days_left_text(e, today), kind_label(e),
                     certainty, f"[{e.milestone.source}]"))
    return rows


def notes(entry: Entry, staleness: Staleness | None = None) -> list[str]:
    """The rule, the milestone's own flags, its expected date, the note and the recorded
    changes of one milestone."""
    extra = []
    if entry.milestone.after:
        extra.append(f"rule: {entry.rule()}")
    if staleness is not None:
        extra += [staleness.detail(entry, f) for f in staleness.flags(entry)
                  if f not in INSTRUMENT_FLAGS]
    expected = entry.milestone.expected
    if expected and not (staleness and staleness.overdue(entry)):
        extra.append(f"expected {expected.words()}; no date known yet")
    if entry.milestone.note:
        extra.append(entry.milestone.note)
    for change in entry.milestone.history:
        was = change.date.iso() if change.date else "no date"
        extra.append(f"changed on {change.changed.isoformat()}, was {was}"
                     + (f" ({change.certainty.value})" if change.certainty else ""))
    return extra


def instrument_lines(inst: Instrument, entries: Sequence[Entry], today: date,
                     staleness: Staleness | None = None,
                     lifecycle: Sequence[str] = ()) -> list[str]:
    """Everything about one instrument, as plain text lines (a pipe, a file)."""
    lines = [inst.title]
    lines += [f"{(label + ':').ljust(LABEL_WIDTH)}{value}"
              for label, value in fields(inst, staleness, entries)]
    lines += lifecycle
    lines += ["", "Summary"]
    lines += textwrap.wrap(inst.summary, width=88, initial_indent="  ", subsequent_indent="  ")
    lines += ["", "Milestones"]
    lines += ["  " + line for line in plain_table(MILESTONE_HEADERS,
                                                  milestone_rows(entries, today))]
    for e in entries:
        extra = notes(e, staleness)
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


def print_instrument(inst: Instrument, entries: Sequence[Entry], today: date,
                     console: Console, staleness: Staleness | None = None,
                     lifecycle: Sequence[str] = ()) -> None:
    """Everything about one instrument on a terminal: headings in bold, milestones
    coloured by urgency (with the legend), every line wrapped to the console's width."""
    from rich.text import Text

    width = console.width

    def out(lines: Sequence[str], style: str = "") -> None:
        for line in lines:
            console.print(Text(line, style=style), overflow="ignore", crop=False)

    out(wrap(inst.title, width), "bold")
    for label, value in fields(inst, staleness, entries):
        out(wrap(f"{(label + ':').ljust(LABEL_WIDTH)}{value}", width, "", " " * LABEL_WIDTH))
    for line in lifecycle:
        out(wrap(line, width, line[: len(line) - len(line.lstrip())]),
            "bold" if line == "Lifecycle" else "")
    out([""])
    out(["Summary"], "bold")
    out(wrap(inst.summary, width, "  "))
    out([""])
    out(["Milestones"], "bold")
    print_table("", MILESTONE_HEADERS, milestone_rows(entries, today),
                [urgency(e, today) for e in entries], console=console, indent=2,
                stack=(range(len(MILESTONE_HEADERS)), (), ()))
    for e in entries:
        extra = notes(e, staleness)
        if extra:
            out(wrap(f"{e.id}:", width, "  ", identifier=True), urgency(e, today))
            for text in extra:
                out(wrap(text, width, "    "))
    out([""])
    out(["Sources"], "bold")
    for i, src in enumerate(inst.sources):
        out(wrap(f"[{i}] {src.describe()}", width, "  ", "      "))
