"""What changed as an Atom feed (RFC 4287), for feed readers and chat channels.

Built with feedgenerator (the Pelican project's maintained, stand-alone edition of
Django's feed generator), not by hand. Every value comes from the data, so the same
registry, filters and as-of date give the same bytes:
- an entry's id is the change's tag URI (`output.changes.change_id`), stable across runs;
- its `published` and `updated` stamps are midnight UTC of the change's day;
- the feed's `updated` is its newest entry's, or midnight UTC of the as-of date when it
  has none.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Sequence
from datetime import UTC, date, datetime, time

from sesec_deadlines.core.changes import Event
from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.query import Filters
from sesec_deadlines.core.vocab import capitalised
from sesec_deadlines.output.changes import TAG, change_id
from sesec_deadlines.output.terminal import kind_label

FEED_TITLE = "China compliance deadlines: what changed"
DEFAULT_LINK = "https://sesec.eu/"  # the newsletter the bundled registry is curated from


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def entry_title(event: Event) -> str:
    inst = event.instrument
    if inst is None:  # the registry's creation
        return capitalised(event.detail())
    name = inst.title if not inst.number else f"{inst.title} ({inst.number})"
    if event.is_new and len(event.entries) != 1:
        return f"New: {name}"
    entry = event.entries[0]
    what = kind_label(entry)
    if event.is_new:
        return f"New: {what} {entry.date.iso() if entry.date else '(date not yet known)'}: {name}"
    return f"{capitalised(event.detail())}: {what}: {name}"


def _milestone_html(entry: Entry) -> str:
    esc = html.escape
    when = entry.date.iso() if entry.date else "date not yet known"
    text = f"<strong>{esc(when)}</strong> {esc(kind_label(entry))} ({esc(entry.certainty.value)})"
    if entry.rule() and entry.milestone.after:
        text += f", rule: {esc(entry.rule() or '')}"
    if entry.milestone.note:
        text += f"<br>{esc(entry.milestone.note)}"
    return f"<li>{text}<br><small>{esc(entry.id)}</small></li>"


def entry_summary(event: Event) -> str:
    """The entry's HTML: what changed, the milestones, the summary and the source."""
    esc = html.escape
    inst = event.instrument
    if inst is None:
        return (f"<p>{esc(capitalised(event.detail()))} on {event.day.isoformat()} "
                f"({esc(event.subject)}): its first build, one change rather than one per "
                "entry.</p>")
    if event.is_correction:
        return "\n".join([
            f"<p>Corrected by the registry on {event.day.isoformat()}, not a change by the "
            f"authority: {esc(event.reason or '')}</p>",
            f"<p>Was {esc(event.before or '')}; now {esc(event.after or '')}.</p>",
            "<ul>", *(_milestone_html(e) for e in event.entries), "</ul>",
            f"<p>{esc(inst.summary)}</p>"])
    parts = [f"<p>{esc(capitalised(event.detail()))} on {event.day.isoformat()}.</p>",
             "<ul>", *(_milestone_html(e) for e in event.entries), "</ul>",
             f"<p>{esc(inst.summary)}</p>"]
    source = event.entries[0].source.describe()
    if source:
        parts.append(f"<p>Source: {esc(source)}</p>")
    return "\n".join(parts)


def feed_id(filters: Filters) -> str:
    """The feed's id: one per set of filters, so differently filtered feeds differ."""
    parts = [(name, sorted(str(v) for v in getattr(filters, name)))
             for name in ("kinds", "topics", "authorities", "statuses", "certainties",
                          "products", "search", "items")]
    text = "&".join(f"{name}={','.join(values)}" for name, values in parts if values)
    if not text:
        return TAG + "changes"
    return TAG + "changes/" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def atom_bytes(events: Sequence[Event], *, today: date, filters: Filters,
               link: str = DEFAULT_LINK, title: str = FEED_TITLE) -> bytes:
    """The feed, newest change first."""
    from feedgenerator import Atom1Feed

    class Feed(Atom1Feed):  # type: ignore[misc]
        def latest_post_date(self) -> datetime:
            stamps = [item["updateddate"] for item in self.items]
            return max(stamps, default=midnight(today))

    feed = Feed(title=title, link=link, description=None, language="en",
                feed_guid=feed_id(filters),
                subtitle="New instruments and milestones, moved dates, certainty and status "
                         "changes, and the registry's corrections of its own record, as of "
                         f"{today.isoformat()}")
    for event in events:
        stamp = midnight(event.day)
        url = next((e.source.url for e in event.entries if e.source.url), None)
        feed.add_item(title=entry_title(event), link=url or link,
                      description=entry_summary(event), unique_id=change_id(event),
                      pubdate=stamp, updateddate=stamp,
                      categories=[event.kind.value,
                                  *(event.instrument.topics if event.instrument else ())])
    return bytes(feed.writeString("utf-8").encode("utf-8"))
