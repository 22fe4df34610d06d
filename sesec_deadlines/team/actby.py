"""Act-by dates: a day, or a span before the milestone's date ("3w", "10d", "2 months",
"10wd": ten working days in China's working calendar, core.workdays).

The rule is kept as written in the tracking file; the date is worked out for each
milestone when it is read, so a span set on an instrument gives each of its milestones its
own act-by date, and a milestone whose date moves moves its act-by date with it. A span
before a pending milestone (no date yet) gives no date until the milestone has one; for a
date known only to the month or year, the span counts back from its first day.
The span syntax is the one of every other option (`core.datetext.parse_span`).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from sesec_deadlines.core.dates import FIRST_DAY, LAST_DAY, WORKDAY, Offset, PartialDate
from sesec_deadlines.core.datetext import SPAN_EXAMPLES, parse_span, shift

_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


def check_rule(text: str) -> str | None:
    """Why `text` is not an act-by rule (a YYYY-MM-DD day or a span), or None."""
    if _DAY_RE.match(text):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return f"{text!r} is not a real day"
        if not FIRST_DAY <= day <= LAST_DAY:
            return f"{text!r} is outside the supported dates"
        return None
    try:
        span = parse_span(text)
    except ValueError:
        return (f"{text!r} is neither a day (YYYY-MM-DD) nor a span before the milestone's "
                f"date ({SPAN_EXAMPLES})")
    return None if span.amount >= 0 else f"{text!r} is not a span"


@lru_cache(maxsize=256)
def _span(rule: str) -> Offset:
    return parse_span(rule)


def is_span(rule: str) -> bool:
    return not _DAY_RE.match(rule)


@lru_cache(maxsize=8192)
def resolve(rule: str | None, milestone_date: PartialDate | None) -> date | None:
    """The act-by day of `rule` for a milestone dated `milestone_date` (None: no date)."""
    if rule is None:
        return None
    if not is_span(rule):
        return date.fromisoformat(rule)
    if milestone_date is None:
        return None
    span = _span(rule)
    try:
        return shift(milestone_date.start, Offset(-span.amount, span.unit))
    except (ValueError, OverflowError):
        return FIRST_DAY


def estimated(rule: str | None, milestone_date: PartialDate | None) -> bool:
    """Whether the act-by day of `rule` was counted in working days through a year whose
    official holiday schedule is not yet known (core.workdays): an estimate."""
    if rule is None or milestone_date is None or not is_span(rule):
        return False
    span = _span(rule)
    if span.unit != WORKDAY:
        return False
    from sesec_deadlines.core.workdays import range_estimated

    day = resolve(rule, milestone_date)
    return day is not None and range_estimated(day, milestone_date.start)
