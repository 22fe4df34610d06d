"""iCalendar files that Outlook, Google Calendar and khal import cleanly.

Every value is encoded by the icalendar library (escaping, dates, durations), and the file
is byte for byte what icalendar's `Calendar.to_ical()` gives (CRLF, folding at 75 octets);
see `calendar_chunks` for why lines are assembled and folded here. The output is a pure
function of the entries and the options: UIDs, DTSTAMP, LAST-MODIFIED and SEQUENCE all
come from the registry, so the same registry gives a byte-identical file. The rules are
in docs/calendar.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from icalendar import Alarm, Calendar, Event, vText

from sesec_deadlines.core.datetext import parse_span, span_timedelta
from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.staleness import Staleness
from sesec_deadlines.core.vocab import (
    Certainty,
    Kind,
    Precision,
    Status,
)
from sesec_deadlines.output.icstext import description, instrument_name, summary
from sesec_deadlines.output.icswire import Props, china_zone, content_lines, fold

if TYPE_CHECKING:
    from sesec_deadlines.team import Tracking

PRODID = "-//sesec-deadlines//China compliance deadlines 1.0//EN"
UID_DOMAIN = "sesec-deadlines"
REFRESH = "PT12H"
DEFAULT_ALARM = "7d"  # the alarm lead of `deadlines export` and published calendars



def exportable(entry: Entry, include_approximate: bool) -> bool:
    """Whether an entry becomes an event: it has a date, of day precision unless asked."""
    if entry.date is None:
        return False
    return include_approximate or entry.date.precision is Precision.DAY


def uid(entry: Entry, suffix: str = "") -> str:
    """Stable, ASCII, and usable as a file name (khal and CalDAV servers store by UID)."""
    return f"{entry.instrument.id}.{entry.milestone.key}{suffix}@{UID_DOMAIN}"


def stamp(entry: Entry) -> dt.datetime:
    """The entry's last change in UTC: last verification or the latest recorded change of
    the milestone or of its instrument's status."""
    inst = entry.instrument
    day = max([inst.last_verified, *(c.changed for c in entry.milestone.history),
               *(h.date for h in inst.status_history[1:])])
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def sequence(entry: Entry) -> int:
    """Each recorded change of the milestone's date or certainty, plus each change of its
    instrument's status (a draft becoming final: same UID, next SEQUENCE), plus one for a
    withdrawn instrument whose withdrawal is not in its status history."""
    inst = entry.instrument
    changes = max(len(inst.status_history) - 1, 0)
    recorded = bool(inst.status_history) and inst.status_history[-1].status is inst.status
    unrecorded_withdrawal = inst.status is Status.WITHDRAWN and not (recorded and changes)
    return entry.sequence + changes + (1 if unrecorded_withdrawal else 0)


def event_status(entry: Entry, staleness: Staleness | None = None) -> str:
    if entry.instrument.status is Status.WITHDRAWN:
        return "CANCELLED"
    if staleness is not None and staleness.lapsed(entry):
        return "TENTATIVE"
    exact = entry.date is not None and entry.date.precision is Precision.DAY
    # A month or year date placed on its first day is not a confirmed day, however official.
    return "CONFIRMED" if entry.certainty is Certainty.OFFICIAL and exact else "TENTATIVE"


EventSpec = tuple[Props, Props | None]  # the event's properties, and its alarm's or None


def _common(entry: Entry, start: dt.date, end: dt.date,
            staleness: Staleness | None = None) -> Props:
    changed = stamp(entry)
    props: Props = [
        ("DTSTART", start),
        ("DTEND", end),
        ("DTSTAMP", changed),
        ("LAST-MODIFIED", changed),
        ("SEQUENCE", sequence(entry)),
        ("STATUS", event_status(entry, staleness)),
        ("TRANSP", "TRANSPARENT"),
        ("X-MICROSOFT-CDO-BUSYSTATUS", "FREE"),
        ("X-MICROSOFT-CDO-ALLDAYEVENT", "TRUE"),
        ("CATEGORIES", list(entry.instrument.topics)),
    ]
    url = entry.source.url or next((s.url for s in entry.instrument.sources if s.url), None)
    if url:
        props.append(("URL", url))
    return props


def milestone_spec(entry: Entry, alarm: dt.timedelta | None,
                   staleness: Staleness | None = None) -> EventSpec:
    """What the event of one milestone holds: its properties and its alarm's."""
    assert entry.date is not None
    title = summary(entry)
    start = entry.date.start
    props: Props = [("UID", uid(entry)), ("SUMMARY", title),
                    ("DESCRIPTION", description(entry, staleness)),
                    *_common(entry, start, start + dt.timedelta(days=1), staleness)]
    if alarm is None:
        return props, None
    return props, [("ACTION", "DISPLAY"), ("DESCRIPTION", title), ("TRIGGER", -alarm)]


def window_spec(opening: Entry, closing: Entry,
                staleness: Staleness | None = None) -> EventSpec:
    """The whole comment period as one multi-day event, from opening to closing day."""
    assert opening.date is not None and closing.date is not None
    # The stamp and sequence of the later-changed of the two ends.
    newest = max((opening, closing), key=lambda e: (stamp(e), sequence(e)))
    props: Props = [
        ("UID", uid(closing, "-window")),
        ("SUMMARY", f"Comment period: {instrument_name(closing)}"),
        ("DESCRIPTION", f"Comments accepted from {opening.date.iso()} to "
                        f"{closing.date.iso()}.\n\n" + description(closing, staleness)),
        *_common(newest, opening.date.start, closing.date.start + dt.timedelta(days=1),
                 staleness),
    ]
    return props, None


def to_event(spec: EventSpec) -> Event:
    """The icalendar Event of a spec; its VALARM comes after all the event's properties."""
    props, alarm_props = spec
    event = Event()
    for name, value in props:
        event.add(name, value)
    if alarm_props is not None:
        reminder = Alarm()
        for name, value in alarm_props:
            reminder.add(name, value)
        event.add_component(reminder)
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


def calendar_parts(entries: Iterable[Entry], *, name: str, alarm: dt.timedelta | None = None,
                   windows: bool = False, include_approximate: bool = False,
                   method: str | None = "PUBLISH", context: Iterable[Entry] = (),
                   feed: bool = True, today: dt.date | None = None,
                   staleness: Staleness | None = None, tracking: Tracking | None = None,
                   team: Iterable[Entry] | None = None,
                   ) -> tuple[Calendar, Iterator[EventSpec]]:
    """The calendar's own properties, and its events' specs one by one (see build_calendar).

    `feed` adds what a subscribed calendar needs (its name, description and refresh
    interval); a calendar attached to an email has none of them. With `today`, only
    events still ahead (on or after it) get the alarm, whatever the entries: an alarm on
    a past event is noise. With `staleness`, each event's description says what the
    registry does not know as of its day, and a lapsed date is TENTATIVE. `to_event(spec)`
    makes an icalendar Event of a spec. With `tracking`, each act-by date of `team` (default:
    the entries exported) is an event of its own (output.icsteam)."""
    chosen = ordered_events(entries, include_approximate)
    events = _events(chosen, alarm, windows, context, today, staleness, tracking, team, None)
    return _head(name, method, feed), (e for e in events if not isinstance(e, bytes))


def ordered_events(entries: Iterable[Entry], include_approximate: bool) -> list[Entry]:
    """The entries that become events, in the calendar's order."""
    return sorted((e for e in entries if exportable(e, include_approximate)),
                  key=lambda e: e.sort_key())


def _head(name: str, method: str | None, feed: bool) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if feed:
        cal.add("x-wr-calname", vText(name))  # TEXT, escaped like SUMMARY
        cal.add("x-wr-caldesc",
                "Compliance deadlines in China, from the sesec-deadlines registry.")
        cal.add("refresh-interval", dt.timedelta(hours=12), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", REFRESH)
    return cal


def _events(chosen: list[Entry], alarm: dt.timedelta | None, windows: bool,
            context: Iterable[Entry], today: dt.date | None, staleness: Staleness | None,
            tracking: Tracking | None, team: Iterable[Entry] | None,
            encoded: dict[tuple[int, bool], bytes] | None) -> Iterator[EventSpec | bytes]:
    """Each event's spec; with `encoded`, a milestone's event as bytes, encoded once."""
    for entry in chosen:
        ahead = today is None or (entry.date is not None and entry.date.start >= today)
        if encoded is None:
            yield milestone_spec(entry, alarm if ahead else None, staleness)
            continue
        key = (id(entry), ahead)
        data = encoded.get(key)
        if data is None:
            data = encoded[key] = _event_bytes(
                milestone_spec(entry, alarm if ahead else None, staleness))
        yield data
    if windows:
        for opening, closing in comment_windows(chosen, context):
            yield window_spec(opening, closing, staleness)
    if tracking:
        yield from _act_by_specs(chosen if team is None else team, tracking, alarm, today)


def _event_bytes(spec: EventSpec) -> bytes:
    props, alarm_props = spec
    return b"\r\n".join(content_lines("VEVENT", props, alarm_props)) + b"\r\n"


def _act_by_specs(entries: Iterable[Entry], tracking: Tracking, alarm: dt.timedelta | None,
                  today: dt.date | None) -> Iterator[EventSpec]:
    from sesec_deadlines.output.icsteam import SUFFIX, act_by_spec

    for entry in entries:
        decision = tracking.decision(entry)
        if decision is None or decision.act_by is None or decision.closed:
            continue
        day = decision.act_by
        common = _common(entry, day, day, None)
        ahead = today is None or day >= today
        yield act_by_spec(entry, decision, tracking, alarm if ahead else None, common,
                          uid(entry, SUFFIX), sequence(entry), stamp(entry))


def build_calendar(entries: Iterable[Entry], *, name: str, alarm: dt.timedelta | None = None,
                   windows: bool = False, include_approximate: bool = False,
                   method: str | None = "PUBLISH", context: Iterable[Entry] = (),
                   feed: bool = True, today: dt.date | None = None,
                   staleness: Staleness | None = None) -> bytes:
    """The calendar of the given entries, as bytes ready to write (see calendar_chunks)."""
    return b"".join(calendar_chunks(entries, name=name, alarm=alarm, windows=windows,
                                    include_approximate=include_approximate, method=method,
                                    context=context, feed=feed, today=today,
                                    staleness=staleness))


def calendar_chunks(entries: Iterable[Entry], *, name: str,
                    alarm: dt.timedelta | None = None, windows: bool = False,
                    include_approximate: bool = False, method: str | None = "PUBLISH",
                    context: Iterable[Entry] = (), feed: bool = True,
                    today: dt.date | None = None,
                    staleness: Staleness | None = None, tracking: Tracking | None = None,
                    team: Iterable[Entry] | None = None,
                    encoded: dict[tuple[int, bool], bytes] | None = None,
                    ordered: bool = False) -> Iterator[bytes]:
    """The calendar of the given entries, in pieces of whole lines (one event each), so a
    large calendar can be written without holding it all in memory.

    `encoded` keeps each milestone's event once encoded, for the next calendar made with
    the same entries, alarm, today and staleness (`publish` writes every event into
    all.ics and its topics' calendars: each is encoded once). `ordered` says the entries
    are exportable and in order (`ordered_events`) already, as publish's calendars are.

    Pending entries are never exported; month- and year-precision entries only with
    `include_approximate`, placed on their first day and marked in the title. `method`
    is None for a calendar attached to an email, so that mail clients do not treat it as
    an invitation. `context` offers comment openings for `windows` (see comment_windows).

    The bytes are exactly those of icalendar's `Calendar.to_ical()` for the calendar with
    all its events (tests hold them equal on the fixture, the bundled and a synthetic
    registry). For speed they are made one event at a time (output.icswire): text values
    are escaped as icalendar escapes them, other values encoded by icalendar's own type
    for the property, and the lines assembled and folded there. Building and serialising
    icalendar components took 14 s for 50,000 events, this takes about a second.
    """
    chosen = list(entries) if ordered else ordered_events(entries, include_approximate)
    head = [line for line in _head(name, method, feed).content_lines() if line]
    yield b"".join(fold(line) + b"\r\n" for line in head[:-1])  # BEGIN ... (no END yet)
    empty = True
    for event in _events(chosen, alarm, windows, context, today, staleness, tracking, team,
                         encoded):
        empty = False
        yield event if isinstance(event, bytes) else _event_bytes(event)
    if empty:  # RFC 5545 wants at least one component: China's time zone, used by nothing
        yield b"".join(fold(line) + b"\r\n" for line in china_zone())
    yield fold(head[-1]) + b"\r\n"



def parse_alarm(text: str) -> dt.timedelta | None:
    """The lead of the event alarm, in the span syntax of every option ('7d', '2 weeks',
    '12h', '0d'), or 'none'. Months and years are refused: an alarm needs a fixed length."""
    value = text.strip().lower()
    if value in ("none", "off", "no"):
        return None
    try:
        return span_timedelta(parse_span(value, hours=True))
    except ValueError as exc:
        if "is not a span" not in str(exc):
            raise
        raise ValueError(f"{exc}; or 'none' for no alarm") from None
