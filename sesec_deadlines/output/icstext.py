"""The words of a calendar event: its title and its description."""

from __future__ import annotations

from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.staleness import Staleness
from sesec_deadlines.core.vocab import AUTHORITIES, CERTAINTY_WORDS, Precision, Status, capitalised
from sesec_deadlines.output.terminal import kind_label

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def instrument_name(entry: Entry) -> str:
    inst = entry.instrument
    return f"{inst.title} ({inst.number})" if inst.number else inst.title


def approximate_label(entry: Entry) -> str:
    date = entry.date
    assert date is not None
    if date.precision is Precision.MONTH:
        return f"{MONTHS[date.start.month - 1]} {date.start.year}"
    return str(date.start.year)


def summary(entry: Entry) -> str:
    text = f"{capitalised(kind_label(entry))}: {instrument_name(entry)}"  # as in tables
    assert entry.date is not None
    if entry.date.precision is not Precision.DAY:
        text = f"[approx. {approximate_label(entry)}] {text}"
    if entry.instrument.status is Status.WITHDRAWN:
        text = f"[withdrawn] {text}"
    return text


def description(entry: Entry, staleness: Staleness | None = None) -> str:
    inst = entry.instrument
    m = entry.milestone
    assert entry.date is not None
    lines = [f"Date: {entry.date.describe()}"]
    if staleness is not None:  # what the registry does not know, first (core.staleness)
        lines += [text[:1].upper() + text[1:] for text in staleness.lines(entry)]
    if entry.date.precision is not Precision.DAY:
        lines.append(f"Approximate: the source gives only the {entry.date.precision.value}; "
                     f"this event is placed on its first day, {entry.date.start.isoformat()}.")
    lines.append(f"Certainty: {CERTAINTY_WORDS[entry.certainty]}")
    rule = entry.rule()
    if m.after is not None and rule:
        lines.append(f"Rule: {rule} ({m.certainty.value})")
    lines.append("Authority: " + ", ".join(
        a if a == "Other" else f"{a} ({AUTHORITIES.get(a, a)})" for a in inst.authority))
    lines.append(f"Status of the instrument: {inst.status.value}")
    lines += ["", " ".join(inst.summary.split())]
    if inst.products or inst.product_codes:
        scope = ", ".join(inst.products)
        if inst.product_codes:
            scope += (f" (codes {', '.join(inst.product_codes)})" if scope
                      else ", ".join(inst.product_codes))
        lines += ["", f"Products: {scope}"]
    if m.note:
        lines += ["", f"Note: {' '.join(m.note.split())}"]
    lines += ["", f"Source: {entry.source.describe()}",
              f"Milestone id: {entry.id} (`deadlines show {inst.id}`)"]
    return "\n".join(lines)
