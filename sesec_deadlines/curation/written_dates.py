"""The dates written in a text, in the forms the newsletter editions write them.

`find_dates` finds every date, each as a `DateMention` with its precision: "1 August
2026", "1st August 2026", "August 1, 2026", "September, 29, 2024", "29-Sep-2024",
"2026-08-01", "2026/8/1", "29/09/2024" (numbers day first, month first only when the first
cannot be a month), ranges ("from 1 to 7 November 2025", "1-15 March 2026"), months,
quarters ("Q3 2026", "3Q 2026"), half-years and year ends ("the end of 2026", "mid-2026",
"early 2027"). A day and month without a year ("from 1 January"), a month without one
("the end of March") and "the end of this year" get the year that puts them closest to the
edition's date (or a page's own date), and say so (`inferred`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date

from sesec_deadlines.core.dates import PartialDate, days_in_month
from sesec_deadlines.core.vocab import Precision
from sesec_deadlines.curation.words import MONTHS

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))

@dataclass(frozen=True)
class DateMention:
    """A date as written in a text.

    `date` has day, month or year precision; a quarter ("Q3 2024") or half-year ("the first
    half of 2026") is given as its year, with `precision` saying "quarter" or "half" and
    `period` which one (3 for Q3, 1 for the first half). `inferred` marks a day and month
    written without a year. In a range ("from 1 to 7 November 2025") both ends are
    mentions, with `role` "opening" and "closing".
    """

    start: int
    end: int
    written: str
    date: PartialDate
    precision: str  # day | month | quarter | half | year
    inferred: bool = False
    role: str | None = None
    period: int | None = None


_Y = r"(?:19|20)\d{2}"
_FULL_MONTHS = "|".join(n.casefold() for n in calendar.month_name if n)
_SHORT_MONTHS = "|".join(sorted((m for m in MONTHS if len(m) <= 4 and m != "may"),
                                key=len, reverse=True))
_MON = rf"(?:(?:{_FULL_MONTHS})\b|(?:{_SHORT_MONTHS})\b\.?)"  # "Sept." but not "May."
_D = r"[0-3]?\d(?:st|nd|rd|th)?"
_TO = r"\s*(?:-|–|—|to|until|till|through|and)\s*"
_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
        "4th": 4}
_PATTERNS = [
    # ranges: "from 27 to 29 November 2023", "1 November to 7 December 2025"
    ("dd_mon", rf"\b(?P<d1>{_D}){_TO}(?P<d2>{_D})\s+(?:of\s+)?(?P<m>{_MON}),?(?:\s+(?P<y>{_Y}))?"),
    ("d_mon_d_mon", rf"\b(?P<d1>{_D})\s+(?:of\s+)?(?P<m1>{_MON}),?(?:\s+(?P<y1>{_Y}))?{_TO}"
                    rf"(?P<d2>{_D})\s+(?:of\s+)?(?P<m2>{_MON}),?(?:\s+(?P<y2>{_Y}))?"),
    ("mon_dd", rf"\b(?P<m>{_MON})\s+(?P<d1>{_D}){_TO}(?P<d2>{_D})\b,?(?:\s+(?P<y>{_Y}))?"),
    ("mon_d_mon_d", rf"\b(?P<m1>{_MON})\s+(?P<d1>{_D})\b,?(?:\s+(?P<y1>{_Y}))?{_TO}"
                    rf"(?P<m2>{_MON})\s+(?P<d2>{_D})\b,?(?:\s+(?P<y2>{_Y}))?"),
    # one day: "1 August 2026", "1st of August, 2026", "August 1, 2026", ISO and CJK forms
    ("d_mon", rf"\b(?P<d>{_D})\s+(?:of\s+)?(?P<m>{_MON}),?(?:\s+(?P<y>{_Y}))?"),
    ("mon_d", rf"\b(?P<m>{_MON})\s+(?P<d>{_D})\b(?!\s*[-–]\s*\d)(?:,?\s+(?P<y>{_Y}))?"),
    # "September, 29, 2024" (a comma after the month only when a year follows), "29-Sep-2024"
    ("mon_c_d", rf"\b(?P<m>{_MON}),\s*(?P<d>{_D}),?\s+(?P<y>{_Y})\b"),
    ("d_h_mon", rf"\b(?P<d>[0-3]?\d)[-/](?P<m>{_MON})[-/](?P<y>{_Y})\b"),
    # numeric day first: "29/09/2024", "29.09.2024", "29-09-2024" (month first only when
    # the first number cannot be a month: "09/29/2024")
    ("dmy", rf"(?<![\d./-])(?P<d>[0-3]?\d)(?P<sep>[-/.])(?P<mo>[0-3]?\d)(?P=sep)(?P<y>{_Y})\b"
            rf"(?![-/.]\d)"),
    ("ymd", rf"\b(?P<y>{_Y})(?P<sep>[-/.])(?P<mo>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)\b(?![-/.]\d)"),
    ("cjk", rf"(?P<y>{_Y})年(?P<mo>[01]?\d)月(?:(?P<d>[0-3]?\d)日)?"),
    # coarser: "August 2026", "2026-08", "Q3 2024", "the first half of 2026", "end of 2025"
    ("mon_y", rf"\b(?P<m>{_MON}),?\s+(?:of\s+)?(?P<y>{_Y})\b"),
    ("ym", rf"\b(?P<y>{_Y})[-/](?P<mo>0[1-9]|1[0-2])\b(?![-/.]\d)"),
    ("quarter", rf"\b(?:Q(?P<q>[1-4])(?:\s*[,/-]\s*|\s+)(?:of\s+)?(?P<y>{_Y})"
                rf"|(?P<qn>[1-4])Q\s*(?P<y3>{_Y})|(?P<y4>{_Y})\s*[-/]?\s*Q(?P<qa>[1-4])"
                rf"|(?:the\s+)?(?P<qw>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\s+"
                rf"(?:of\s+)?(?:(?:the\s+)?year\s+)?(?P<y2>{_Y}))\b"),
    ("half", rf"\b(?:H(?P<h>[12])\s+(?P<y>{_Y})|(?:the\s+)?(?P<hw>first|second|1st|2nd)\s+half\s+"
             rf"(?:of\s+)?(?:(?:the\s+)?year\s+)?(?P<y2>{_Y}))\b"),
    ("year", rf"\b(?:(?:by|before|until|till)\s+(?:the\s+)?(?:end\s+of\s+)?(?:(?:the\s+)?year\s+)?"
             rf"|(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+(?:(?:the\s+)?year\s+)?"
             rf"|(?:by\s+)?(?:the\s+)?(?:mid|early|late|end|year-end)[-\s]+(?:of\s+)?)(?P<y>{_Y})\b"
             rf"(?![-/]\d)"),
    # without a year: "by the end of this year", "the end of next year", "end of March"
    ("this_year", r"\b(?:the\s+)?end\s+of\s+(?P<w>this|the|next)\s+year\b"),
    ("end_mon", rf"\b(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+(?P<m>{_MON})"
                rf"(?!,?\s+(?:of\s+)?(?:{_Y}|[0-3]?\d\b))"),
]
# Every form starts at a word boundary (a year before 年 may follow a CJK character): the
# leading test rejects most positions before any of the alternatives is tried.
_DATES_RE = re.compile(
    r"(?:\b|(?<=[^\x00-\x7f]))(?=[0-9a-z])(?:"
    + "|".join(f"(?P<_{name}>" + pat.replace("(?P<", f"(?P<{name}__").replace(
        "(?P=", f"(?P={name}__") + ")" for name, pat in _PATTERNS) + ")", re.IGNORECASE)


def _month(text: str | None) -> int | None:
    if text is None:
        return None
    return MONTHS.get(text.rstrip(".").casefold())


def _capitalised(text: str | None) -> bool:
    """Month names count only with a capital ("may 12" is not a date, "May 12" is)."""
    return text is None or text[:1].isupper()


def infer_year(month: int, day: int, reference: date) -> int:
    """The year that puts a day and month written without one closest to `reference`
    (a December edition's "15 January" is next year's)."""
    best = reference.year
    distance = None
    for year in (reference.year - 1, reference.year, reference.year + 1):
        if not 1 <= day <= days_in_month(year, month):
            continue
        gap = abs((date(year, month, day) - reference).days)
        if distance is None or gap < distance:
            best, distance = year, gap
    return best


def _day(year: int, month: int, day_text: str) -> PartialDate | None:
    day = int(re.sub(r"\D", "", day_text))
    if not 1 <= month <= 12 or not 1 <= day <= days_in_month(year, month):
        return None
    return PartialDate(year, month, day, Precision.DAY)


def find_dates(text: str, reference: date) -> list[DateMention]:
    """Every date written in `text`, in order; years missing from a day and month are
    inferred from `reference` (the edition's date)."""
    out: list[DateMention] = []
    for m in _DATES_RE.finditer(text):
        out.extend(_mentions(m, reference))
    return out


def _mentions(m: re.Match[str], reference: date) -> list[DateMention]:
    name = next(k[1:] for k, v in m.groupdict().items() if k.startswith("_") and v)
    prefix = f"{name}__"
    g = {k[len(prefix):]: v for k, v in m.groupdict().items()
         if v is not None and k.startswith(prefix)}
    written = m.group(0).rstrip(" ,.")
    start, end = m.start(), m.start() + len(written)

    def day(month_text: str | None, day_text: str, year_text: str | None,
            role: str | None = None) -> DateMention | None:
        month = _month(month_text)
        if month is None or not _capitalised(month_text):
            return None
        inferred = year_text is None
        year = int(year_text) if year_text else infer_year(
            month, int(re.sub(r"\D", "", day_text)), reference)
        when = _day(year, month, day_text)
        if when is None:
            return None
        return DateMention(start, end, written, when, "day", inferred, role)

    found: list[DateMention | None] = []
    if name in ("dd_mon", "mon_dd"):
        found = [day(g["m"], g["d1"], g.get("y"), "opening"),
                 day(g["m"], g["d2"], g.get("y"), "closing")]
    elif name in ("d_mon_d_mon", "mon_d_mon_d"):
        y1 = g.get("y1") or g.get("y2")
        first = day(g["m1"], g["d1"], y1, "opening")
        second = day(g["m2"], g["d2"], g.get("y2") or g.get("y1"), "closing")
        if first and second and second.date.start < first.date.start and not g.get("y1"):
            # "15 December to 15 January 2026": the opening is in the year before
            moved = _day(second.date.year - 1, first.date.month, str(first.date.day))
            first = DateMention(start, end, written, moved or first.date, "day", False,
                                "opening") if moved else first
        found = [first, second]
    elif name in ("d_mon", "mon_d", "mon_c_d", "d_h_mon"):
        found = [day(g["m"], g["d"], g.get("y"))]
    elif name == "ymd":
        found = [_numeric(start, end, written, g)]
    elif name == "dmy":
        if int(g["mo"]) > 12 >= int(g["d"]):  # "09/29/2024": month first
            g = {**g, "d": g["mo"], "mo": g["d"]}
        found = [_numeric(start, end, written, g)]
    elif name == "cjk":
        if g.get("d"):
            found = [_numeric(start, end, written, g)]
        else:
            found = [_month_mention(start, end, written, int(g["y"]), int(g["mo"]))]
    elif name in ("mon_y", "ym"):
        month = _month(g.get("m")) if "m" in g else int(g["mo"])
        if month is not None and _capitalised(g.get("m")):
            found = [_month_mention(start, end, written, int(g["y"]), month)]
    elif name in ("quarter", "half"):
        number = g.get("q") or g.get("h") or g.get("qn") or g.get("qa")
        which = int(number) if number else _ORD[(g.get("qw") or g.get("hw") or "").casefold()]
        year = int(g.get("y") or g.get("y2") or g.get("y3") or g["y4"])
        found = [DateMention(start, end, written, PartialDate(year, precision=Precision.YEAR),
                             name, period=which)]
    elif name == "year":
        found = [DateMention(start, end, written,
                             PartialDate(int(g["y"]), precision=Precision.YEAR), "year")]
    elif name == "this_year":
        year = reference.year + (g["w"].casefold() == "next")
        found = [DateMention(start, end, written, PartialDate(year, precision=Precision.YEAR),
                             "year", inferred=True)]
    elif name == "end_mon":
        month = _month(g["m"])
        if month is not None and _capitalised(g["m"]):
            mention = _month_mention(start, end, written, infer_year(month, 15, reference),
                                     month)
            found = [replace(mention, inferred=True) if mention else None]
    return [f for f in found if f is not None]


def _numeric(start: int, end: int, written: str, g: dict[str, str]) -> DateMention | None:
    when = _day(int(g["y"]), int(g["mo"]), g["d"])
    return DateMention(start, end, written, when, "day") if when else None


def _month_mention(start: int, end: int, written: str, year: int,
                   month: int) -> DateMention | None:
    if not 1 <= month <= 12:
        return None
    return DateMention(start, end, written, PartialDate(year, month, precision=Precision.MONTH),
                       "month")


_MONTH_HEADING_RE = re.compile(r"^[ \t#*]*(?P<month>[A-Za-z]{3,9})\.?,?\s+(?P<year>(?:19|20)\d{2})"
                               r"[ \t*:]*$", re.MULTILINE)


def month_heading(line: str) -> date | None:
    """The middle of the month a heading names with its year ("JUNE 2027"), or None."""
    m = _MONTH_HEADING_RE.fullmatch(line.strip())
    month = MONTHS.get(m.group("month").casefold()) if m else None
    return date(int(m.group("year")), month, 15) if m and month else None


def month_sections(text: str, reference: date) -> list[tuple[str, date]]:
    """The text cut at month headings with their year ("JANUARY 2027", "## June 2027"),
    each part with the day its days and months without a year are read against: the
    middle of its heading's month (a calendar's "1 Jun" under "JUNE 2027" is in 2027),
    the `reference` before the first heading."""
    out: list[tuple[str, date]] = []
    position, current = 0, reference
    for m in _MONTH_HEADING_RE.finditer(text):
        month = MONTHS.get(m.group("month").casefold())
        if month is None:
            continue
        out.append((text[position:m.start()], current))
        position, current = m.start(), date(int(m.group("year")), month, 15)
    out.append((text[position:], current))
    return [(part, when) for part, when in out if part.strip()]

