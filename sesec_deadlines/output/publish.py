"""`deadlines publish`: every file of the static site, as a pure function.

`site_files` gives each file's name and bytes from (entries, filters, today, window,
options), the large ones in pieces made as they are written;
`storage.atomic.replace_directory` puts them in place as a whole, keeping every file in
the folder that publish did not write (`owned`: the files its manifest lists).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sesec_deadlines.core.datetext import DateWindow
from sesec_deadlines.core.model import Edition, Entry
from sesec_deadlines.core.query import Filters, select
from sesec_deadlines.core.staleness import Freshness, Staleness
from sesec_deadlines.core.vocab import GroupBy
from sesec_deadlines.output.currency import currency
from sesec_deadlines.output.site import Calendar, Links, page, topic_name
from sesec_deadlines.output.timeline import Window, build, overdue_count
from sesec_deadlines.registry.manifest import MANIFEST

if TYPE_CHECKING:
    from sesec_deadlines.storage.writing import Content
    from sesec_deadlines.team import Tracking

INDEX = "index.html"
JSON = "deadlines.json"
PICTURE = "timeline.svg"
ALL = "all.ics"
CALENDAR_NAME = "China compliance deadlines"

# The Atom feed of changes (`deadlines changes --format atom`), when asked for.
FEED = "changes.atom"


def site_files(entries: Sequence[Entry], filters: Filters, today: date, window: Window,
               by: GroupBy, links: Links, changes_since: date | None = None, *,
               editions: Sequence[Edition] = (), staleness: Staleness | None = None,
               registry: Freshness | None = None,
               registry_file: str | None = None,
               tracking: Tracking | None = None,
               calendars_from: date | None = None) -> Iterator[tuple[str, Content]]:
    """Every file of the site: its name, and its bytes or (calendars, deadlines.json,
    index.html) its bytes in pieces, made only as they are read, so that the site is
    written without being held in memory (each event is encoded once, for every calendar
    it is in). `entries` are all the registry's entries; `filters` those of
    `list` (without a window). The page shows the window; deadlines.json and the calendars
    hold every matching milestone not yet past, like `deadlines list` and `export`; with
    `changes_since`, changes.atom holds what changed from that day to today, like
    `deadlines changes --format atom`. `editions` are the registry's declared editions
    (for its age), `staleness` the flags' thresholds; the page also lists every lapsed
    (unconfirmed) date that matches, as `upcoming` does, wherever it falls. With
    `registry` (its age), deadlines.json also has it and the unconfirmed dates, as
    `list --format json` has them. With `registry_file`, the page links to the registry
    published under that name (the caller adds it and the manifest). With `tracking` (the team's
    decisions, its notes left out unless they are to be published), the page has a Team
    column, deadlines.json the `tracking` objects, and the calendars the act-by dates but
    no done or not-applicable milestone. The calendars keep the milestones from
    `calendars_from` (default: today; publish's --past), and there is one for every topic
    the matching instruments have, empty while none is due, so a subscribed calendar never
    disappears."""
    from sesec_deadlines.output import svg
    from sesec_deadlines.output.ics import (
        DEFAULT_ALARM,
        calendar_chunks,
        ordered_events,
        parse_alarm,
    )
    from sesec_deadlines.output.records import json_chunks

    flags = staleness or Staleness(today)
    shown = select(entries, replace(filters, first=window.first, last=window.last), today)
    lapsed = [e for e in entries if flags.own_lapsed(e) and filters.matches(e)]
    ids = {e.instrument.id for e in (*shown.dated, *shown.pending, *lapsed)}
    context = [e for e in entries if e.instrument.id in ids]
    instruments = {e.instrument.id: e.instrument for e in entries}.values()
    timeline = build(shown.dated, window, today, by, context=context, topics=filters.topics,
                     pending=len(shown.pending),
                     current=currency(editions, instruments, today, flags,
                                      registry.version if registry else None,
                                      coverage=registry.coverage if registry else None),
                     staleness=flags,
                     overdue=overdue_count(shown.pending, flags, today))
    later = select(entries, replace(filters, first=today, last=None), today)
    kept = later if calendars_from in (None, today) else select(
        entries, replace(filters, first=calendars_from, last=None), today)
    chosen = [e for e in ordered_events(kept.dated, False)
              if not (tracking and (d := tracking.decision(e)) and d.closed)]
    feeds = _feeds(entries, filters, chosen)

    calendars = [Calendar(name, title, len(members)) for name, title, members in feeds]
    unconfirmed = None if registry is None else [
        e for e in lapsed if e.date is not None and e.date.end < today]
    yield JSON, _utf8(json_chunks(later.dated, later.pending, today, flags,
                                  unconfirmed=unconfirmed, registry=registry,
                                  window=DateWindow(today, None), tracking=tracking))
    picture = svg.render(timeline)  # drawn once: the file, and inline in the page
    yield PICTURE, picture.encode()
    alarm = parse_alarm(DEFAULT_ALARM)
    encoded: dict[tuple[int, bool], bytes] = {}  # each event encoded once, for every calendar
    for name, title, members in feeds:
        yield name, calendar_chunks(members, name=title, alarm=alarm, today=today,
                                    encoded=encoded, tracking=tracking or None, ordered=True)
    encoded.clear()  # every calendar was written (one left unread would encode again)
    by_instrument: dict[str, list[Entry]] = {}
    for entry in context:
        by_instrument.setdefault(entry.instrument.id, []).append(entry)
    details = sorted(((group[0].instrument, group) for group in by_instrument.values()),
                     key=lambda item: (item[0].title.casefold(), item[0].id))
    if changes_since is not None:
        from sesec_deadlines.core.changes import changes
        from sesec_deadlines.output.atom import DEFAULT_LINK, atom_bytes

        events = changes(entries, filters, changes_since, today)
        yield FEED, atom_bytes(events, today=today, filters=filters,
                               link=links.https(INDEX) or DEFAULT_LINK) + b"\n"
    yield INDEX, _utf8(page(timeline, svg.inline(picture), shown.dated, shown.pending,
                            details, calendars, links,
                            feed=FEED if changes_since is not None else None,
                            lapsed=lapsed, registry=registry_file, team=_team(tracking)))


def _feeds(entries: Sequence[Entry], filters: Filters, chosen: list[Entry]
           ) -> list[tuple[str, str, list[Entry]]]:
    """The calendars: file name, title and events; all.ics, then one for every topic of
    the matching instruments, with or without events (a calendar never vanishes)."""
    by_topic: dict[str, list[Entry]] = {
        t: [] for t in sorted({t for e in entries if filters.matches(e)
                               for t in e.instrument.topics
                               if not filters.topics or t in filters.topics})}
    for entry in chosen:  # in one pass, in order
        for topic in entry.instrument.topics:
            if topic in by_topic:
                by_topic[topic].append(entry)
    return [(ALL, CALENDAR_NAME, chosen),
            *((f"{t}.ics", f"{CALENDAR_NAME}: {topic_name(t)}", by_topic[t])
              for t in sorted(by_topic))]


def _utf8(pieces: Iterable[str], size: int = 1 << 16) -> Iterator[bytes]:
    """Text pieces as UTF-8, joined into blocks of about `size` characters."""
    block: list[str] = []
    held = 0
    for piece in pieces:
        block.append(piece)
        held += len(piece)
        if held >= size:
            yield "".join(block).encode()
            block, held = [], 0
    if block:
        yield "".join(block).encode()


def _team(tracking: Tracking | None) -> Callable[[Entry], str] | None:
    if not tracking:
        return None
    from sesec_deadlines.output.siteteam import TeamCells

    return TeamCells(tracking)


# What a site published before the manifest existed holds: publish's own names.
_EARLIER_SITE_RE = re.compile(r"index\.html|deadlines\.json|timeline\.svg|changes\.atom|"
                              r"[A-Za-z0-9][A-Za-z0-9._-]*\.ics")
_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,200}")


def owned(directory: Path) -> frozenset[str] | None:
    """The names in `directory` that publish wrote, and may replace or remove: those its
    manifest lists, and the manifest. A folder that is missing or empty owns nothing yet;
    one published before the manifest existed (index.html and deadlines.json, no
    manifest) owns publish's own names. None for anything else (a folder of someone
    else's files, an unreadable manifest): it is not published into."""
    if not directory.exists():
        return frozenset()
    if not directory.is_dir():
        return None
    names = set(os.listdir(directory))
    if MANIFEST in names:
        listed = _listed(directory / MANIFEST)
        return None if listed is None else frozenset({MANIFEST, *listed} & names)
    if {INDEX, JSON} <= names:
        return frozenset(n for n in names if _EARLIER_SITE_RE.fullmatch(n))
    return None if names else frozenset()


def _listed(manifest: Path) -> list[str] | None:
    from sesec_deadlines.storage.files import read_input

    try:
        doc = json.loads(read_input(manifest, 1 << 20))
    except (OSError, ValueError):
        return None
    files = doc.get("files") if isinstance(doc, dict) else None
    if not isinstance(files, dict) or not all(isinstance(n, str) and _NAME_RE.fullmatch(n)
                                              for n in files):
        return None
    return list(files)
