"""The timeline as a standalone SVG picture, for slides, documents and the published page.

Drawn to survive black-and-white printing: kinds differ by shape, certainty by fill (official
solid, proposed or estimated hollow, lapsed hollow and struck through), comment periods are
a grey band and transition periods hatched, today a dashed line. A legend and a footer with
the as-of date and the registry's freshness travel with the picture. Built with ElementTree,
so every text is escaped, and the same timeline always gives the same bytes (`markup`
writes the tree as ElementTree does, faster).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from sesec_deadlines.core.vocab import KIND_LABELS, Kind
from sesec_deadlines.output.axis import Room
from sesec_deadlines.output.axis import axis as axis_ticks
from sesec_deadlines.output.terminal import kind_label
from sesec_deadlines.output.timeline import Mark, Row, SpanKind, Style, Timeline, month_name
from sesec_deadlines.output.xmltext import markup

WIDTH = 1200
LABEL_X = 16
AXIS_X0 = 360
AXIS_X1 = WIDTH - 24
TOP = 78  # below the title and the axis labels
ROW = 24
GROUP = 26
INK = "#1f2933"
GRID = "#c9ced6"
TODAY_COLOUR = "#c62828"
COMMENT_FILL = "#d9dee5"
SVG_ROOM = Room(month=28, initial=28, year=36, grid=6)  # pixels, at the axis' 11 px type
FONT = "Helvetica, Arial, 'Liberation Sans', sans-serif"

SHAPES = {  # paths centred on (0, 0), about 12 px across
    Kind.COMMENT_OPEN: "M-5,-6 L6,0 L-5,6 Z",
    Kind.COMMENT_CLOSE: "M5,-6 L-6,0 L5,6 Z",
    Kind.PUBLISHED: "M-5,-5 H5 V5 H-5 Z",
    Kind.ENTRY_INTO_FORCE: "M-6,0 A6,6 0 1,0 6,0 A6,6 0 1,0 -6,0 Z",
    Kind.MANDATORY_FROM: "M0,-7 L7,0 L0,7 L-7,0 Z",
    Kind.TRANSITION_END: "M-2.5,-7 H2.5 V7 H-2.5 Z",
    Kind.APPLICATION_OPEN: "M0,-6 L6,5 L-6,5 Z",
    Kind.REPORT_DUE: "M-6,-5 L6,-5 L0,6 Z",
    Kind.OTHER: "M-2,-6 H2 V-2 H6 V2 H2 V6 H-2 V2 H-6 V-2 H-2 Z",
}
STRIKE = "M-8,8 L8,-8"


def x_of(timeline: Timeline, day: date) -> float:
    """The x coordinate of a day: its place in the window across the axis."""
    return round(AXIS_X0 + timeline.window.fraction(day) * (AXIS_X1 - AXIS_X0), 1)


def _num(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


_ATTRIBUTES: dict[str, str] = {}  # stroke_width -> stroke-width, class_ -> class


def _attribute(key: str) -> str:
    name = _ATTRIBUTES.get(key)
    if name is None:
        name = _ATTRIBUTES[key] = key.rstrip("_").replace("_", "-")
    return name


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {_attribute(k): v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _mark_shape(parent: ET.Element, kind: Kind, style: Style) -> None:
    fill = INK if style is Style.OFFICIAL else "#ffffff"
    _sub(parent, "path", d=SHAPES[kind], fill=fill, stroke=INK, stroke_width="1.5",
         stroke_linejoin="round")
    if style is Style.LAPSED:
        _sub(parent, "path", d=STRIKE, stroke=INK, stroke_width="1.5")


def mark_title(mark: Mark, timeline: Timeline | None = None) -> str:
    """The tooltip: date, kind, instrument, certainty, and the milestone's flags."""
    entry = mark.entry
    assert entry.date is not None
    inst = entry.instrument
    name = f"{inst.title} ({inst.number})" if inst.number else inst.title
    certainty = "lapsed: passed unconfirmed" if mark.style is Style.LAPSED \
        else entry.certainty.value
    title = f"{entry.date.iso()} {kind_label(entry)}: {name} ({certainty})"
    flags = timeline.flags(entry) if timeline is not None else ()
    return title + (f"; flags: {', '.join(flags)}" if flags else "")


def element(timeline: Timeline, *, ident: str = "timeline") -> ET.Element:
    """The <svg> element of the timeline; `ident` prefixes its ids (for inline use)."""
    rows = sum(len(g.rows) for g in timeline.groups)
    body = TOP + GROUP * len(timeline.groups) + ROW * max(rows, 1)
    height = body + 22 + legend_height(ident)
    window = timeline.window
    svg = ET.Element("svg", {
        "xmlns": "http://www.w3.org/2000/svg", "version": "1.1",
        "viewBox": f"0 0 {WIDTH} {height}", "width": str(WIDTH), "height": str(height),
        "role": "img", "aria-labelledby": f"{ident}-title {ident}-desc",
        "font-family": FONT, "font-size": "13", "fill": INK,
    })
    marks = timeline.marks
    _sub(svg, "title", f"Timeline of China compliance deadlines, {window.first} to "
         f"{window.last}", id=f"{ident}-title")
    _sub(svg, "desc", f"{rows} instrument(s) grouped by {timeline.by.value}, {len(marks)} "
         f"milestone(s) on a month axis; today is {timeline.today}. The milestones table "
         "beside this picture lists the same dates as text.", id=f"{ident}-desc")
    defs = _sub(svg, "defs")
    hatch = _sub(defs, "pattern", id=f"{ident}-hatch", patternUnits="userSpaceOnUse",
                 width="6", height="6", patternTransform="rotate(45)")
    _sub(hatch, "rect", width="6", height="6", fill="#ffffff")
    _sub(hatch, "line", x1="0", y1="0", x2="0", y2="6", stroke=INK, stroke_width="1.6")
    _sub(svg, "rect", width=str(WIDTH), height=str(height), fill="#ffffff")
    _sub(svg, "text", f"China compliance deadlines, {window.first} to {window.last}, "
         f"by {timeline.by.value}", x=str(LABEL_X), y="26", font_size="17", font_weight="bold")

    axis = _sub(svg, "g", class_="axis")
    ticks = axis_ticks(window, AXIS_X1 - AXIS_X0, SVG_ROOM)
    for month in ticks.grid:
        x = _num(x_of(timeline, month))
        _sub(axis, "line", x1=x, y1=str(TOP - 12), x2=x, y2=str(body), stroke=GRID)
    for month in ticks.months:
        _sub(axis, "text", month_name(month), x=_num(x_of(timeline, month)), y=str(TOP - 18),
             dx="3", font_size="11")
    year_y = str(TOP - 34 if ticks.months else TOP - 18)  # years only: next to the axis
    for month in ticks.years:
        _sub(axis, "text", str(month.year), x=_num(x_of(timeline, month)), y=year_y, dx="3",
             font_size="11", font_weight="bold")

    y = TOP
    for group in timeline.groups:
        _sub(svg, "text", group.name, x=str(LABEL_X), y=str(y + 17), font_weight="bold",
             class_="group")
        _sub(svg, "line", x1=str(LABEL_X), y1=str(y + GROUP - 1), x2=str(AXIS_X1),
             y2=str(y + GROUP - 1), stroke=GRID, stroke_dasharray="2 3")
        y += GROUP
        for row in group.rows:
            _row(svg, timeline, row, y + ROW / 2, ident)
            y += ROW
    if not timeline.groups:
        _sub(svg, "text", "No milestone matches in this window.", x=str(AXIS_X0),
             y=str(TOP + 16))

    if window.contains(timeline.today):
        x = _num(x_of(timeline, timeline.today))
        today = _sub(svg, "g", class_="today")
        _sub(today, "line", x1=x, y1=str(TOP - 8), x2=x, y2=str(body), stroke=TODAY_COLOUR,
             stroke_width="1.5", stroke_dasharray="5 3")
        _sub(today, "text", "today", x=x, y=str(TOP - 2), text_anchor="middle", font_size="10",
             fill=TODAY_COLOUR)
    _legend(svg, timeline, body + 22, ident)
    return svg


def _row(svg: ET.Element, timeline: Timeline, row: Row, cy: float, ident: str) -> None:
    inst = row.instrument
    g = _sub(svg, "g", class_="row", data_item=inst.id)
    label = row.label if len(row.label) <= 46 else row.label[:45] + "…"
    text = _sub(g, "text", None, x=str(LABEL_X + 12), y=_num(cy + 4.5))
    _sub(text, "title", inst.title)
    text.text = label
    window = timeline.window
    for span in row.spans:
        x0 = x_of(timeline, max(span.start, window.first))
        x1 = x_of(timeline, min(span.end, window.last))
        fill = COMMENT_FILL if span.kind is SpanKind.COMMENT else f"url(#{ident}-hatch)"
        rect = _sub(g, "rect", class_="span " + span.kind.name.lower(), x=_num(x0),
                    y=_num(cy - 5), width=_num(max(x1 - x0, 2)), height="10", fill=fill,
                    stroke=INK, stroke_width="0.8")
        if span.style is not Style.OFFICIAL:
            rect.set("stroke-dasharray", "3 2")
        _sub(rect, "title", f"{span.kind.value} {span.start} to {span.end}")
    for mark in row.marks:
        if not window.contains(mark.day):
            continue
        entry = mark.entry
        m = _sub(g, "g", class_=f"milestone {entry.milestone.kind.value} {mark.style.value}",
                 data_id=entry.id, data_date=mark.day.isoformat(),
                 transform=f"translate({_num(x_of(timeline, mark.day))},{_num(cy)})")
        _sub(m, "title", mark_title(mark, timeline))
        _mark_shape(m, entry.milestone.kind, mark.style)


LEGEND_ROW = 24
CHAR = 6.6  # the width of a character of the legend's text, near enough


def _legend_items(ident: str) -> list[tuple[str, str, str]]:
    """(what to draw, its argument, the words) for each entry of the legend, in order."""
    items = [("mark", kind.value, KIND_LABELS[kind]) for kind in Kind]
    items += [("style", Style.OFFICIAL.value, "official (solid)"),
              ("style", Style.TENTATIVE.value, "proposed or estimated (hollow)"),
              ("style", Style.LAPSED.value, "lapsed: passed unconfirmed, still a draft"),
              ("band", COMMENT_FILL, "comment period"),
              ("band", f"url(#{ident}-hatch)", "transition period"),
              ("today", "", "today")]
    return items


def _legend_rows(ident: str) -> list[list[tuple[float, tuple[str, str, str]]]]:
    """The legend's entries placed left to right, wrapped to the picture's width."""
    rows: list[list[tuple[float, tuple[str, str, str]]]] = [[]]
    x = float(LABEL_X)
    for item in _legend_items(ident):
        lead = 34 if item[0] == "band" else 20
        width = lead + CHAR * len(item[2]) + 14
        if x + width > WIDTH - LABEL_X and rows[-1]:
            rows.append([])
            x = float(LABEL_X)
        rows[-1].append((x, item))
        x += width
    return rows


def legend_height(ident: str = "timeline") -> int:
    return LEGEND_ROW * len(_legend_rows(ident)) + 56


def _legend(svg: ET.Element, timeline: Timeline, top: float, ident: str) -> None:
    g = _sub(svg, "g", class_="legend", font_size="12")
    rows = _legend_rows(ident)
    for n, row in enumerate(rows):
        y = top + n * LEGEND_ROW
        for x, (what, arg, words) in row:
            lead = 20.0
            if what in ("mark", "style"):
                item = _sub(g, "g", transform=f"translate({_num(x + 8)},{_num(y)})")
                if what == "mark":
                    _mark_shape(item, Kind(arg), Style.OFFICIAL)
                else:
                    _mark_shape(item, Kind.ENTRY_INTO_FORCE, Style(arg))
            elif what == "band":
                _sub(g, "rect", x=_num(x), y=_num(y - 5), width="28", height="10", fill=arg,
                     stroke=INK, stroke_width="0.8")
                lead = 34.0
            else:
                _sub(g, "line", x1=_num(x + 4), y1=_num(y - 7), x2=_num(x + 4),
                     y2=_num(y + 7), stroke=TODAY_COLOUR, stroke_width="1.5",
                     stroke_dasharray="5 3")
                lead = 12.0
            _sub(g, "text", words, x=_num(x + lead), y=_num(y + 4))
    bottom = top + LEGEND_ROW * (len(rows) - 1)
    footer = f"As of {timeline.today}; {timeline.current.describe()}."
    _sub(svg, "text", footer, x=str(LABEL_X), y=_num(bottom + 34), font_size="12",
         class_="footer")
    note = f"{timeline.pending_note()}. " if timeline.pending_note() else ""
    window = timeline.window_note()
    if window:
        note += f"{window[0].upper()}{window[1:]}. "
    _sub(svg, "text", f"{note}Dates known only to the month or year are placed on their "
         "first day. Made with sesec-deadlines.", x=str(LABEL_X), y=_num(bottom + 52),
         font_size="11")


_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def render(timeline: Timeline, *, ident: str = "timeline", standalone: bool = True) -> str:
    """The SVG text; standalone with an XML declaration, else for inline use in HTML."""
    text = markup(element(timeline, ident=ident))
    return (_DECLARATION + text + "\n") if standalone else text


def inline(standalone: str) -> str:
    """The inline form of a standalone `render` (drawn once, used twice)."""
    return standalone.removeprefix(_DECLARATION).removesuffix("\n")
