"""The timeline as lines of text for the terminal: one row per instrument on a month axis.

`lines(timeline, width)` gives each line as styled segments; in a pipe or with NO_COLOR
only their characters are printed (plain ASCII), on a terminal rich draws the styles. The
symbols are ASCII so the picture survives any pipe, e-mail or ticket it is pasted into.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from sesec_deadlines.core.vocab import KIND_LABELS, Kind
from sesec_deadlines.output.axis import TEXT_ROOM, axis
from sesec_deadlines.output.timeline import Mark, SpanKind, Style, Timeline, month_name

if TYPE_CHECKING:
    from rich.console import Console

MIN_WIDTH = 60
MAX_WIDTH = 250

SYMBOLS = {  # official; proposed or estimated
    Kind.COMMENT_OPEN: ("<", "("),
    Kind.COMMENT_CLOSE: (">", ")"),
    Kind.PUBLISHED: ("P", "p"),
    Kind.ENTRY_INTO_FORCE: ("F", "f"),
    Kind.MANDATORY_FROM: ("M", "m"),
    Kind.TRANSITION_END: ("T", "t"),
    Kind.APPLICATION_OPEN: ("A", "a"),
    Kind.REPORT_DUE: ("R", "r"),
    Kind.OTHER: ("O", "o"),
}
LAPSED = "!"
SEVERAL = "*"
TODAY = "|"
MONTH_START = "."  # a guide mark: a month's start, or a year's on a long window
YEAR_TICK = "+"  # a year labelled, on a window too long to name months
SPAN_FILL = {SpanKind.COMMENT: "=", SpanKind.TRANSITION: "~"}

MARK_STYLES = {Style.OFFICIAL: "bold", Style.TENTATIVE: "dim", Style.LAPSED: "bold red"}
SPAN_STYLES = {SpanKind.COMMENT: "cyan", SpanKind.TRANSITION: "yellow"}
TODAY_STYLE = "bold magenta"

Segment = tuple[str, str]  # (text, rich style or "")
Line = list[Segment]


def symbol(mark: Mark) -> str:
    if mark.style is Style.LAPSED:
        return LAPSED
    official, tentative = SYMBOLS[mark.entry.milestone.kind]
    return official if mark.style is Style.OFFICIAL else tentative


def fit_width(columns: int) -> int:
    return max(MIN_WIDTH, min(MAX_WIDTH, columns))


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 3)] + "..."


def lines(timeline: Timeline, width: int) -> list[Line]:
    """The picture at `width` columns (60 to 250): title, axis, groups of rows, legend."""
    width = fit_width(width)
    labels = [f"  {row.label}" for g in timeline.groups for row in g.rows]
    label_width = min(max([len(x) for x in labels] + [12]), width // 3)
    axis_len = width - label_width - 1
    window = timeline.window

    def col(day: date) -> int:
        return min(axis_len - 1, max(0, int(window.fraction(day) * axis_len)))

    today_col = col(timeline.today) if window.contains(timeline.today) else None
    ticks = axis(window, axis_len, TEXT_ROOM)
    title = f"Timeline {window.first} to {window.last}, by {timeline.by.value}"
    out: list[Line] = [[(text, "bold")] for text in _wrap(title, width)]
    out.append(_axis_line(label_width, axis_len, [(col(m), str(m.year)) for m in ticks.years]))
    if ticks.months:
        out.append(_axis_line(label_width, axis_len,
                              [(col(m), month_name(m)) for m in ticks.months], initials=True))
    else:  # years only: a ruler, YEAR_TICK at each year labelled, MONTH_START at the others
        ruler = [" "] * axis_len
        for m in ticks.grid:
            ruler[col(m)] = MONTH_START
        for m in ticks.years:
            ruler[col(m)] = YEAR_TICK
        out.append([(" " * (label_width + 1) + "".join(ruler).rstrip(), "dim")])

    background = [" "] * axis_len
    for m in ticks.grid:
        background[col(m)] = MONTH_START
    for group in timeline.groups:
        out.append([(_clip(group.name, width), "bold")])
        for row in group.rows:
            cells: list[Segment] = [(ch, "dim" if ch == MONTH_START else "") for ch in background]
            for span in row.spans:
                first = col(max(span.start, window.first))
                last = col(min(span.end, window.last))
                style = SPAN_STYLES[span.kind] + (" dim" if span.style is not Style.OFFICIAL
                                                  else "")
                for c in range(first, last + 1):
                    cells[c] = (SPAN_FILL[span.kind], style)
            if today_col is not None:
                cells[today_col] = (TODAY, TODAY_STYLE)
            placed: dict[int, list[Mark]] = {}
            for mark in row.marks:
                if window.contains(mark.day):
                    placed.setdefault(col(mark.day), []).append(mark)
            for c, marks in placed.items():
                chars = {symbol(m) for m in marks}
                worst = max((m.style for m in marks), key=list(Style).index)
                cells[c] = (chars.pop() if len(chars) == 1 else SEVERAL, MARK_STYLES[worst])
            label = _clip(f"  {row.label}", label_width).ljust(label_width)
            out.append([(label + " ", ""), *_merge(cells)])
    if not timeline.groups:
        out.append([("No milestone matches in this window.", "")])
    out += [[(text, "dim")] for text in legend(timeline, width)]
    return out


def _axis_line(label_width: int, axis: int, labels: Sequence[tuple[int, str]],
               initials: bool = False) -> Line:
    chars = [" "] * axis
    for i, (c, text) in enumerate(labels):
        room = (labels[i + 1][0] if i + 1 < len(labels) else axis) - c - 1
        if room < len(text):
            text = text[:1] if initials and room >= 1 else ""
        for j, ch in enumerate(text[: axis - c]):
            chars[c + j] = ch
    return [(" " * (label_width + 1) + "".join(chars).rstrip(), "dim")]


def _merge(cells: list[Segment]) -> list[Segment]:
    """Neighbouring cells of one style as one segment; trailing blanks dropped."""
    merged: list[Segment] = []
    for text, style in cells:
        if merged and merged[-1][1] == style:
            merged[-1] = (merged[-1][0] + text, style)
        else:
            merged.append((text, style))
    while merged and not merged[-1][0].strip():
        merged.pop()
    if merged:
        merged[-1] = (merged[-1][0].rstrip(), merged[-1][1])
    return merged


def legend(timeline: Timeline, width: int) -> list[str]:
    items = [f"{a}{b} {KIND_LABELS[k]}" for k, (a, b) in SYMBOLS.items()
             if k not in (Kind.COMMENT_OPEN, Kind.COMMENT_CLOSE)]
    items = [
        f"<> {KIND_LABELS[Kind.COMMENT_OPEN]}, {KIND_LABELS[Kind.COMMENT_CLOSE]}",
        *items,
        "=== comment period", "~~~ transition period",
        "UPPER official", "lower, () proposed or estimated",
        f"{LAPSED} lapsed (passed unconfirmed, still a draft)",
        f"{SEVERAL} several", f"{TODAY} today ({timeline.today})",
    ]
    out: list[str] = []
    current = ""
    for item in items:
        candidate = f"{current}   {item}" if current else item
        if len(candidate) > width and current:
            out.append(current)
            candidate = item
        current = candidate
    out.append(current)
    footer = f"as of {timeline.today}; {timeline.current.describe()}"
    if timeline.pending_note():
        footer += f"; {timeline.pending_note()}"
    if timeline.window_note():
        footer += f"; {timeline.window_note()}"
    out += _wrap(footer, width)
    return out


def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width=width, break_on_hyphens=False) or [""]


def print_styled(timeline: Timeline, width: int, console: Console) -> None:
    """The picture with its styles, on a rich console (a terminal)."""
    from rich.text import Text

    for line in lines(timeline, width):
        text = Text(no_wrap=True, overflow="crop")
        for chunk, style in line:
            text.append(chunk, style=style or None)
        console.print(text)


def plain(timeline: Timeline, width: int) -> str:
    """The picture as plain text, each line ending in a newline."""
    return "".join("".join(text for text, _ in line) + "\n" for line in lines(timeline, width))
