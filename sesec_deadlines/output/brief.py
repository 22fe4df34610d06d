"""The one-line view of `upcoming --brief` and `list --brief`: one line a milestone, then at
most the registry's age and one line counting what has no line (pending and unconfirmed
dates).

A line is the date, the days left, the kind, two markers (certainty: ` ` official,
`?` proposed, `~` estimated; flags: `!` when the milestone has any) and the instrument's
number and title. On a terminal the title is cut at a word, with an ellipsis, so that the
line fits; in a pipe it is whole. No legend: the markers are explained by `--help`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.staleness import Staleness
from sesec_deadlines.core.vocab import Certainty, Precision
from sesec_deadlines.output.terminal import kind_label

CERTAINTY_MARK = {Certainty.OFFICIAL: " ", Certainty.PROPOSED: "?", Certainty.ESTIMATED: "~"}
FLAG_MARK = "!"
ELLIPSIS = "…"


def left_text(entry: Entry, today: date) -> str:
    """Days left, short: `47d`, `today`, `this month`, `153d ago`."""
    assert entry.date is not None
    left = entry.date.days_left(today)
    if left > 0:
        return f"{left}d"
    if left < 0:
        return f"{-left}d ago"
    if entry.date.start < today:
        return "this month" if entry.date.precision is Precision.MONTH else "this year"
    return "today"


def what(entry: Entry) -> str:
    """The instrument: its number (when it has one) and title."""
    inst = entry.instrument
    return f"{inst.number}: {inst.title}" if inst.number else inst.title


def fit(text: str, room: int) -> str:
    """`text` cut after a whole word, with an ellipsis, to at most `room` characters; whole
    when it fits. Never a piece of a word."""
    if len(text) <= room:
        return text
    cut = text[: max(room - len(ELLIPSIS), 0) + 1]
    cut = cut[: cut.rfind(" ")] if " " in cut else ""
    return (cut.rstrip(" ,;:") + ELLIPSIS) if cut else ELLIPSIS


def brief_lines(entries: Sequence[Entry], staleness: Staleness,
                width: int | None = None) -> list[str]:
    """One line a dated milestone; cut to `width` when given (a terminal's)."""
    today = staleness.today
    lefts = [left_text(e, today) for e in entries]
    kinds = [kind_label(e) for e in entries]
    date_w = max((len(e.date.iso()) for e in entries if e.date), default=10)
    left_w = max(map(len, lefts), default=0)
    kind_w = max(map(len, kinds), default=0)
    lines = []
    for entry, left, kind in zip(entries, lefts, kinds, strict=True):
        assert entry.date is not None
        marks = CERTAINTY_MARK[entry.certainty] + (FLAG_MARK if staleness.flags(entry) else " ")
        head = f"{entry.date.iso():<{date_w}}  {left:>{left_w}}  {kind:<{kind_w}}  {marks}  "
        text = what(entry)
        if width is not None:
            text = fit(text, width - len(head))
        lines.append((head + text).rstrip())
    return lines


def count_line(pending: int, unconfirmed: int) -> str | None:
    """What the brief view leaves out, counted; None when nothing is."""
    if not pending and not unconfirmed:
        return None
    return f"{pending} pending, {unconfirmed} unconfirmed (`deadlines review`)"
