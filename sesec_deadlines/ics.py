"""iCalendar files that Outlook, Google Calendar and khal import cleanly.

Every line is made by the icalendar library (CRLF, folding at 75 octets, escaping); this
module only decides what goes in. The output is a pure function of the entries and the
options: UIDs, DTSTAMP, LAST-MODIFIED and SEQUENCE all come from the registry, so the same
registry gives a byte-identical file. The rules are in docs/calendar.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from icalendar import Alarm, Calendar, Event, vText

from .model import Entry
from .vocab import AUTHORITIES, Certainty, Kind, Precision, Status

PRODID = "-//sesec-deadlines//China compliance deadlines 1.0//EN"
UID_DOMAIN = "sesec-deadlines"
REFRESH = "PT12H"

SUMMARY_VERBS = {
    Kind.COMMENT_OPEN: "Comments open",
    Kind.COMMENT_CLOSE: "Comments due",
    Kind.PUBLISHED: "Published",
    Kind.ENTRY_INTO_FORCE: "In force",
    Kind.MANDATORY_FROM: "Becomes mandatory",
    Kind.TRANSITION_END: "Transition ends",
    Kind.APPLICATION_OPEN: "Applications open",
    Kind.OTHER: "Deadline",
}
CERTAINTY_WORDS = {
    Certainty.OFFICIAL: "official (stated in an issued text)",
    Certainty.PROPOSED: "proposed (stated in a draft; may change)",
    Certainty.ESTIMATED: "estimated (derived by the registry's curators)",
}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def exportable(entry: Entry, include_approximate: bool) -> bool:
    """Whether an entry becomes an event: it has a date, of day precision unless asked."""
    if entry.date is None:
        return False
    return include_approximate or entry.date.precision is Precision.DAY


def uid(entry: Entry, suffix: str = "") -> str:
    """Stable, ASCII, and usable as a file name (khal and CalDAV servers store by UID)."""
    return f"{entry.instrument.id}.{entry.milestone.key}{suffix}@{UID_DOMAIN}"


def stamp(entry: Entry) -> dt.datetime:
    """The entry's last change in UTC: last verification or the latest recorded change."""
    day = max([entry.instrument.last_verified, *(c.changed for c in entry.milestone.history)])
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def sequence(entry: Entry) -> int:
    """Each recorded change of date or certainty, plus one once the instrument is withdrawn."""
    return entry.sequence + (1 if entry.instrument.status is Status.WITHDRAWN else 0)


def event_status(entry: Entry) -> str:
    if entry.instrument.status is Status.WITHDRAWN:
        return "CANCELLED"
    exact = entry.date is not None and entry.date.precision is Precision.DAY
    # A month or year date placed on its first day is not a confirmed day, however official.
    return "CONFIRMED" if entry.certainty is Certainty.OFFICIAL and exact else "TENTATIVE"


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
    text = f"{SUMMARY_VERBS[entry.milestone.kind]}: {instrument_name(entry)}"
    assert entry.date is not None
    if entry.date.precision is not Precision.DAY:
        text = f"[approx. {approximate_label(entry)}] {text}"
    if entry.instrument.status is Status.WITHDRAWN:
        text = f"[withdrawn] {text}"
    return text


def description(entry: Entry) -> str:
    inst = entry.instrument
    m = entry.milestone
    assert entry.date is not None
    lines = [f"Date: {entry.date.describe()}"]
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


def _common(event: Event, entry: Entry, start: dt.date, end: dt.date) -> None:
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("dtstamp", stamp(entry))
    event.add("last-modified", stamp(entry))
    event.add("sequence", sequence(entry))
    event.add("status", event_status(entry))
    event.add("transp", "TRANSPARENT")
    event.add("x-microsoft-cdo-busystatus", "FREE")
    event.add("x-microsoft-cdo-alldayevent", "TRUE")
    event.add("categories", list(entry.instrument.topics))
    url = entry.source.url or next((s.url for s in entry.instrument.sources if s.url), None)
    if url:
        event.add("url", url)


def milestone_event(entry: Entry, alarm: dt.timedelta | None) -> Event:
    assert entry.date is not None
    event = Event()
    event.add("uid", uid(entry))
    event.add("summary", summary(entry))
    event.add("description", description(entry))
    start = entry.date.start
    _common(event, entry, start, start + dt.timedelta(days=1))
    if alarm is not None:
        # Added last: the VALARM must follow every property of its event.
        reminder = Alarm()
        reminder.add("action", "DISPLAY")
        reminder.add("description", summary(entry))
        reminder.add("trigger", -alarm)
        event.add_component(reminder)
    return event


def window_event(opening: Entry, closing: Entry) -> Event:
    """The whole comment period as one multi-day event, from opening to closing day."""
    assert opening.date is not None and closing.date is not None
    event = Event()
    event.add("uid", uid(closing, "-window"))
    event.add("summary", f"Comment period: {instrument_name(closing)}")
    event.add("description",
              f"Comments accepted from {opening.date.iso()} to {closing.date.iso()}.\n\n"
              + description(closing))
    # The stamp and sequence of the later-changed of the two ends.
    newest = max((opening, closing), key=lambda e: (stamp(e), sequence(e)))
    _common(event, newest, opening.date.start, closing.date.start + dt.timedelta(days=1))
    return event


def comment_windows(entries: Sequence[Entry],
                    context: Iterable[Entry] = ()) -> list[tuple[Entry, Entry]]:
    """Pairs of (opening, closing) day-precision entries of the same instrument.

    Closings come from `entries`; openings from `entries` or `context` (an opening may lie
    before the exported date range while its comment period is still running).
    """
    opens: dict[str, Entry] = {}
    for entry in (*entries, *context):
        if (entry.milestone.kind is Kind.COMMENT_OPEN and entry.date is not None
                and entry.date.precision is Precision.DAY):
            opens.setdefault(entry.instrument.id, entry)
    pairs = []
    for entry in entries:
        if (entry.milestone.kind is Kind.COMMENT_CLOSE and entry.date is not None
                and entry.date.precision is Precision.DAY):
            opening = opens.get(entry.instrument.id)
            if opening is not None and opening.date is not None \
                    and opening.date.start <= entry.date.start:
                pairs.append((opening, entry))
    return pairs


def build_calendar(entries: Iterable[Entry], *, name: str, alarm: dt.timedelta | None = None,
                   windows: bool = False, include_approximate: bool = False,
                   method: str | None = "PUBLISH", context: Iterable[Entry] = ()) -> bytes:
    """The calendar of the given entries, as bytes ready to write.

    Pending entries are never exported; month- and year-precision entries only with
    `include_approximate`, placed on their first day and marked in the title. `method`
    is None for a calendar attached to an email, so that mail clients do not treat it as
    an invitation. `context` offers comment openings for `windows` (see comment_windows).
    """
    chosen = sorted((e for e in entries if exportable(e, include_approximate)),
                    key=lambda e: e.sort_key())
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    cal.add("x-wr-calname", vText(name))  # TEXT, escaped like SUMMARY
    cal.add("x-wr-caldesc", "Compliance deadlines in China, from the sesec-deadlines registry.")
    cal.add("refresh-interval", dt.timedelta(hours=12), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", REFRESH)
    for entry in chosen:
        cal.add_component(milestone_event(entry, alarm))
    if windows:
        for opening, closing in comment_windows(chosen, context):
            cal.add_component(window_event(opening, closing))
    return bytes(cal.to_ical())


def parse_alarm(text: str) -> dt.timedelta | None:
    """'7d', '2w', '12h', '0d' or 'none' as the lead of the event alarm."""
    value = text.strip().lower()
    if value in ("none", "off", "no"):
        return None
    units = {"d": 1, "w": 7}
    if len(value) >= 2 and value[:-1].isdigit() and value[-1] in units:
        return dt.timedelta(days=int(value[:-1]) * units[value[-1]])
    if len(value) >= 2 and value[:-1].isdigit() and value[-1] == "h":
        return dt.timedelta(hours=int(value[:-1]))
    raise ValueError(f"alarm {text!r}: give a lead like 7d, 2w, 12h, or 'none'")
