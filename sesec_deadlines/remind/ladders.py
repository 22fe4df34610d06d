"""Lead ladders: how long before a milestone each reminder is sent, per kind of milestone.

A rung is a span before the milestone's first day: days (a whole number, `30`, or `"30d"`,
`"2w"`, `"6m"`) or working days (`"15wd"`, counted in the working calendar,
core.workdays). A rung falls due on its day, the milestone's first day moved back by the
span; a working-day rung's day is itself a working day. The defaults fit the kind (see
docs/reminders.md, "Lead times"): long ladders for the dates a product must meet, working
days for comment deadlines, which are met by an internal process that counts them so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sesec_deadlines.core.dates import WORKDAY, Offset
from sesec_deadlines.core.vocab import Kind

Lead = int | Offset  # a whole number is days

MAX_LEAD = 3660  # days: no rung more than ten years ahead
# A rung's length in days at most, to hold it to MAX_LEAD before counting it.
_MOST_DAYS = {"day": 1, "week": 7, "month": 31, "year": 366, WORKDAY: 1.5}

OTHER_LEADS: tuple[Lead, ...] = (30, 14, 7, 1, 0)


def _wd(*amounts: int) -> tuple[Lead, ...]:
    return tuple(Offset(n, WORKDAY) for n in amounts)


# What each kind asks of the reader, and so how early it is reminded.
KIND_LEADS: dict[Kind, tuple[Lead, ...]] = {
    # Products must comply: testing, certification and stock take months.
    Kind.MANDATORY_FROM: (365, 180, 90, 30, 7, 0),
    Kind.TRANSITION_END: (365, 180, 90, 30, 7, 0),
    Kind.ENTRY_INTO_FORCE: (365, 180, 90, 30, 7, 0),
    # A comment is drafted, agreed internally and sent through an enquiry point in
    # working days; the last rung is the closing day itself.
    Kind.COMMENT_CLOSE: (*_wd(15, 10, 5, 1), 0),
    # A report is prepared like a comment, over longer.
    Kind.REPORT_DUE: (60, *_wd(20, 10, 5, 1), 0),
    # An application needs documents gathered beforehand.
    Kind.APPLICATION_OPEN: (60, 30, 7, 0),
    # News rather than work: a week ahead and on the day.
    Kind.COMMENT_OPEN: (7, 0),
    Kind.PUBLISHED: (7, 0),
    Kind.OTHER: OTHER_LEADS,
}


def default_ladder(kind: Kind) -> tuple[Lead, ...]:
    return KIND_LEADS.get(kind, OTHER_LEADS)


def as_offset(lead: Lead) -> Offset:
    """A rung as an Offset: whole numbers and weeks as days."""
    if isinstance(lead, int):
        return Offset(lead, "day")
    if lead.unit == "week":
        return Offset(lead.amount * 7, "day")
    return lead


def most_days(lead: Lead) -> float:
    span = as_offset(lead)
    return span.amount * _MOST_DAYS[span.unit]


def lead_value(lead: Lead) -> int | str:
    """As the configuration writes it: days as a number, other spans as text ("15wd")."""
    span = as_offset(lead)
    return span.amount if span.unit == "day" else span.short()


def lead_text(lead: Lead) -> str:
    """In words: "30 days", "15 working days", "on the day"."""
    span = as_offset(lead)
    return "on the day" if span.amount == 0 else str(span)


def parse_lead(value: object) -> Offset:
    """A rung as the configuration gives it: a whole number of days, or a span ("15wd",
    "2w", "6m"). ValueError says what is allowed."""
    from sesec_deadlines.core.datetext import parse_span

    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise ValueError(f"{value} is before nothing: give 0 or more days")
        span = Offset(value, "day")
    elif isinstance(value, str):
        span = as_offset(parse_span(value))
    else:
        raise ValueError(f"{value!r} is not a number of days or a span such as '15wd'")
    if most_days(span) > MAX_LEAD:
        raise ValueError(f"{lead_value(span)!r} is more than {MAX_LEAD} days ahead")
    return span


def sorted_ladder(leads: Iterable[Lead]) -> tuple[Offset, ...]:
    """The rungs, the earliest first (the most days ahead)."""
    return tuple(sorted((as_offset(lead) for lead in leads), key=most_days, reverse=True))


@dataclass(frozen=True)
class Rung:
    """The rung due for a milestone: its span, its day, and its days before the date (what
    the state file records and compares: a rung with fewer days is more urgent)."""

    lead: Offset
    day: date
    days: int
    estimated: bool  # counted in working days of a year whose schedule is estimated


def rung_day(start: date, lead: Lead) -> tuple[date, bool]:
    """The day a rung falls due for a milestone whose first day is `start`, and whether
    working days of an estimated year were counted; ValueError outside the calendar."""
    from sesec_deadlines.core.datetext import shift_marked

    span = as_offset(lead)
    if span.amount == 0:
        return start, False
    return shift_marked(start, Offset(-span.amount, span.unit))


def due_rung(ladder: Iterable[Lead], start: date, today: date) -> Rung | None:
    """The most urgent rung already due: of the rungs whose day is today or earlier, the
    one whose day is latest (ties: the fewest days ahead). None before the first rung."""
    best: Rung | None = None
    for lead in ladder:
        try:
            day, estimated = rung_day(start, lead)
        except ValueError:
            continue
        if day > today:
            continue
        found = Rung(as_offset(lead), day, (start - day).days, estimated)
        if best is None or (found.day, -found.days) > (best.day, -best.days):
            best = found
    return best
