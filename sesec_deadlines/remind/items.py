"""What each item of a digest says: the date and what it is, how far off, the instrument,
what it requires, certainty, authority, flags, source and link; grouped by days left.

Both parts of the email (and the "New and changed" section) take their items from here;
`one_line` makes registry text safe for a header or a list line.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from datetime import date

from sesec_deadlines.core import plural
from sesec_deadlines.core.dates import WORKDAY
from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.staleness import (
    Freshness,
    Staleness,
    Thresholds,
    flag_lines,
    thresholds_from,
)
from sesec_deadlines.core.vocab import CERTAINTY_WORDS, Certainty, Precision, capitalised
from sesec_deadlines.output.terminal import kind_label
from sesec_deadlines.remind.select import Reminder

WIDTH = 72  # the text part's line length
GROUPS = (  # (heading, fewest days left, most days left or None)
    ("Today", 0, 0),
    ("In 1 to 7 days", 1, 7),
    ("In 8 to 30 days", 8, 30),
    ("In more than 30 days", 31, None),
)


_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")


def one_line(text: str) -> str:
    """Text safe for a header or a list line: control characters become spaces."""
    return " ".join(_CONTROL_RE.sub(" ", text).split())


def when(reminder: Reminder) -> str:
    """How far off, in words: "today", "tomorrow", "in 12 days", "this month"."""
    when_date = reminder.entry.date
    assert when_date is not None
    left = reminder.days_left
    if reminder.overdue_weeks:
        weeks = reminder.overdue_weeks
        return f"passed {weeks} week{'s' if weeks != 1 else ''} ago"
    if reminder.late_days:
        days = reminder.late_days
        return f"passed {days} day{'s' if days != 1 else ''} ago"
    if reminder.act_by is not None and left == 0:
        return "today"
    if left == 0:
        if when_date.precision is Precision.DAY:
            return "today"
        return "this month" if when_date.precision is Precision.MONTH else "this year"
    return "tomorrow" if left == 1 else f"in {left} days"


def unconfirmed(entry: Entry, today: date | None = None) -> bool:
    """Whether a reminded date is not confirmed: proposed in a draft, estimated (computed
    from a rule, or from such a date), or lapsed (core.staleness) as of `today`."""
    if entry.certainty is not Certainty.OFFICIAL:
        return True
    return today is not None and Staleness(today, email_thresholds()).lapsed(entry)


def freshness_text(fresh: Freshness) -> str:
    """The registry's freshness in one sentence: its newest edition, its age, how many
    editions of its span are curated, its data version; and that later deadlines are
    missing when it is old."""
    version = f" Data version {fresh.version}." if fresh.version else ""
    if fresh.newest is None:
        return "The registry cites no edition, so its age is unknown." + version
    text = (f"Registry current to {fresh.newest.label} (its newest edition, published "
            f"{fresh.newest.published.isoformat()}, {fresh.age_days} days ago)")
    text += ": later deadlines are not in it." if fresh.stale else "."
    if fresh.coverage is not None:  # how much of the series it covers (core.coverage)
        text += f" {fresh.coverage.words()}."
    return text + version


def counted(reminders: int, news: int) -> str:
    """"2 reminders", "1 news item", "1 reminder and 2 news items"."""
    parts = [plural.counted(reminders, "reminder")] if reminders or not news else []
    if news:
        parts.append(plural.counted(news, "news item"))
    return " and ".join(parts)


def title(entry: Entry) -> str:
    inst = entry.instrument
    text = inst.title if not inst.number else f"{inst.title} ({inst.number})"
    return one_line(text)


def what(reminder: Reminder) -> str:
    """The date and what it is: "Mandatory from 2026-08-01"; for an owner's act-by
    reminder, "Act by 2026-07-15 for: mandatory from 2026-08-01"."""
    label = f"{kind_label(reminder.entry)} {reminder.date}"
    if reminder.act_by is not None:
        return f"Act by {reminder.act_by.isoformat()} for: {label}"
    return capitalised(label)


def grouped(reminders: Sequence[Reminder]) -> list[tuple[str, list[Reminder]]]:
    """The reminders under the headings of GROUPS, each named by its real range of days."""
    out: list[tuple[str, list[Reminder]]] = []
    for name, fewest, most in GROUPS:
        here = [r for r in reminders
                if r.days_left >= fewest and (most is None or r.days_left <= most)]
        if here:
            out.append((name, here))
    return out


def link(entry: Entry) -> str | None:
    """Where to read more: the source's own link when the registry knows one."""
    url = entry.source.url
    return url if url and url.startswith(("https://", "http://")) else None


def source_text(entry: Entry) -> str:
    """The source in words: the edition and article, or the document's title."""
    src = entry.source
    parts = []
    if src.edition:
        parts.append(src.edition_label or src.edition)
    if src.article:
        parts.append(f"“{src.article}”")
    if src.title:
        parts.append(src.title)
    return one_line(", ".join(parts))


def email_thresholds() -> Thresholds:
    """The staleness thresholds of the environment (`deadlines remind` has checked them)."""
    import os

    try:
        return thresholds_from(os.environ)
    except ValueError:
        return Thresholds()


def facts(reminder: Reminder, today: date | None = None) -> list[tuple[str, str]]:
    """The labelled facts of one item, in the order both parts show them; with `today`,
    what the registry does not know about it then (as in calendars: core.staleness)."""
    entry = reminder.entry
    rows = []
    if reminder.reopened:
        rows.append(("Reopened", one_line(reminder.reopened)))
    if reminder.act_by is not None:
        rows += owner_rows(reminder)
    if reminder.correction:  # the registry fixed its record; the authority moved nothing
        rows.append(("Corrected", f"by the registry from {reminder.moved_from} to "
                                  f"{reminder.date}: {one_line(reminder.correction)}"))
    elif reminder.moved_from:
        rows.append(("Moved", f"from {reminder.moved_from} to {reminder.date}"))
    if reminder.rung is not None and reminder.rung.unit == WORKDAY:
        lead = f"{reminder.rung} before the date"
        if reminder.estimated:
            lead += (" (estimated: counted through a year whose official holiday schedule "
                     "is not yet published)")
        rows.append(("Reminder", lead))
    if today is not None:
        rows += [("Flag", capitalised(line))
                 for line in flag_lines(entry, today, email_thresholds())]
    rows.append(("What it requires", one_line(entry.instrument.summary)))
    rows.append(("Certainty", CERTAINTY_WORDS[entry.certainty]))
    rows.append(("Authority", ", ".join(entry.instrument.authority)))
    if entry.milestone.note:
        rows.append(("Note", one_line(entry.milestone.note)))
    source = source_text(entry)
    if source:
        rows.append(("Source", source))
    url = link(entry)
    if url:
        rows.append(("Link", url))
    return rows


def owner_rows(reminder: Reminder) -> list[tuple[str, str]]:
    """What an owner's act-by reminder adds: the team's act-by date and whether it
    passed."""
    assert reminder.act_by is not None
    rows = []
    if reminder.late_days:
        rows.append(("Overdue", f"the team's act-by date {reminder.act_by.isoformat()} "
                                "has passed and the milestone is not done: mark it with "
                                "`deadlines track ID --progress done` once it is"))
    else:
        rows.append(("Act by", f"{reminder.act_by.isoformat()}, the team's own date for "
                               "this milestone (`deadlines track`)"))
    if reminder.act_by_estimated:
        rows.append(("Estimated", "the act-by date was counted in working days through a "
                                  "year whose official holiday schedule is not yet published"))
    return rows


def wrapped(label: str, value: str) -> list[str]:
    return textwrap.wrap(f"{label}: {value}", WIDTH, initial_indent="  ",
                         subsequent_indent="    ", break_long_words=False,
                         break_on_hyphens=False)
