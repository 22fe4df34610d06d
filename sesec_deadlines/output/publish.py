"""`deadlines publish`: every file of the static site, as a pure function.

`site_files` gives each file's name and bytes from (entries, filters, today, window,
options); `storage.atomic.replace_directory` puts them in place as a whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.query import Filters, select
from sesec_deadlines.output.site import Calendar, Links, page, topic_name
from sesec_deadlines.output.timeline import GroupBy, Window, build, freshness

INDEX = "index.html"
JSON = "deadlines.json"
PICTURE = "timeline.svg"
ALL = "all.ics"
CALENDAR_NAME = "China compliance deadlines"

# The hook for a feed of changes: when the registry can list what changed (a `deadlines
# changes --format atom` command), `site_files` is given that feed's bytes as `feed` and
# the site gains FEED beside the page, linked from it and announced in its <head>. Until
# then no feed file is written.
FEED = "changes.atom"


def site_files(entries: Sequence[Entry], filters: Filters, today: date, window: Window,
               by: GroupBy, links: Links, feed: bytes | None = None) -> dict[str, bytes]:
    """Every file of the site. `entries` are all the registry's entries; `filters` those of
    `list` (without a window). The page shows the window; deadlines.json and the calendars
    hold every matching milestone not yet past, like `deadlines list` and `export`."""
    from sesec_deadlines.output import svg
    from sesec_deadlines.output.ics import DEFAULT_ALARM, calendar_chunks, exportable, parse_alarm
    from sesec_deadlines.output.records import json_chunks

    shown = select(entries, replace(filters, first=window.first, last=window.last), today)
    ids = {e.instrument.id for e in (*shown.dated, *shown.pending)}
    context = [e for e in entries if e.instrument.id in ids]
    timeline = build(shown.dated, window, today, by, context=context, topics=filters.topics,
                     pending=len(shown.pending),
                     current=freshness({e.instrument.id: e.instrument for e in entries}.values()))
    later = select(entries, replace(filters, first=today, last=None), today)

    files: dict[str, bytes] = {}
    files[JSON] = "".join(json_chunks(later.dated, later.pending, today)).encode()
    files[PICTURE] = svg.render(timeline).encode()
    chosen = [e for e in later.dated if exportable(e, False)]
    alarm = parse_alarm(DEFAULT_ALARM)
    calendars: list[Calendar] = []
    topics = sorted({t for e in chosen for t in e.instrument.topics})
    for name, title, members in [
        (ALL, CALENDAR_NAME, chosen),
        *((f"{t}.ics", f"{CALENDAR_NAME}: {topic_name(t)}",
           [e for e in chosen if t in e.instrument.topics]) for t in topics),
    ]:
        if not members:
            continue
        files[name] = b"".join(calendar_chunks(members, name=title, alarm=alarm))
        calendars.append(Calendar(name, title, len(members)))

    by_instrument: dict[str, list[Entry]] = {}
    for entry in context:
        by_instrument.setdefault(entry.instrument.id, []).append(entry)
    details = sorted(((group[0].instrument, group) for group in by_instrument.values()),
                     key=lambda item: (item[0].title.casefold(), item[0].id))
    if feed is not None:
        files[FEED] = feed
    html = page(timeline, svg.render(timeline, standalone=False), shown.dated, shown.pending,
                details, calendars, links, feed=FEED if feed is not None else None)
    files[INDEX] = html.encode()
    return dict(sorted(files.items()))


def is_site(directory: Path) -> bool:
    """Whether `directory` is missing, empty, or a site this command wrote: publishing
    never replaces a folder of someone else's files."""
    if not directory.exists():
        return True
    if not directory.is_dir():
        return False
    names = {p.name for p in directory.iterdir()}
    return not names or {INDEX, JSON} <= names
