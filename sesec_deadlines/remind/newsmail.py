"""The "New and changed" section of a digest email: what each change says, and the subject.

Kept apart from the layout of the email (`message`), which lays these items out like its
reminders: a heading line ("New: Last day for comments 2026-12-20"), the instrument's
title, and labelled facts. The subject leads with "New", "Moved" or "Changed" (or
several of them, "New and moved").
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sesec_deadlines.core.changes import ChangeKind, Event
from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.vocab import CERTAINTY_WORDS, capitalised
from sesec_deadlines.output.terminal import kind_label
from sesec_deadlines.remind.items import one_line
from sesec_deadlines.remind.select import Digest

SECTION = "New and changed"
FOOTER_NOTE = ("New and changed items are announced once each: a milestone that enters the "
               "registry, or whose date or certainty changes, after this subscription began.")



@dataclass(frozen=True)
class Item:
    head: str  # "New: Last day for comments 2026-12-20"
    title: str  # the instrument's title and number
    facts: tuple[tuple[str, str], ...]  # (label, value), in the order to show them
    link: str | None


def word(events: Sequence[Event]) -> str:
    """"New", "Moved", "Changed", "Corrected", or several of them: "New, moved and
    corrected"."""
    found = {"new" if e.is_new else "moved" if e.kind is ChangeKind.MOVED
             else "corrected" if e.is_correction else "changed" for e in events}
    words = [w for w in ("new", "moved", "changed", "corrected") if w in found]
    return capitalised(" and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 2
                                    else words))


def _date(entry: Entry) -> str:
    return entry.date.iso() if entry.date is not None else "(date not yet known)"


def _what(entry: Entry) -> str:
    return f"{capitalised(kind_label(entry))} {_date(entry)}"


def head(event: Event) -> str:
    entry = event.entries[0]
    if event.is_new:
        if len(event.entries) > 1:
            return f"New: {len(event.entries)} dates of a new instrument"
        return f"New: {_what(entry)}"
    if event.kind is ChangeKind.MOVED:
        return f"Moved: {capitalised(kind_label(entry))} to {event.after}"
    if event.is_correction:
        return f"Corrected by the registry: {_what(entry)}"
    if event.kind is ChangeKind.CERTAINTY:
        return f"Changed: {_what(entry)} is now {event.after}"
    return f"Changed: status {event.before} to {event.after}"


def _source(entry: Entry) -> str:
    src = entry.source
    parts = [(src.edition_label or src.edition) if src.edition else "",
             f"“{src.article}”" if src.article else "", src.title or ""]
    return one_line(", ".join(p for p in parts if p))


def item(event: Event) -> Item:
    inst = event.instrument
    assert inst is not None  # news never holds the registry's creation (remind.news)
    facts: list[tuple[str, str]] = []
    day = event.day.isoformat()
    if event.is_new:
        facts.append(("Entered the registry", day))
    elif event.kind is ChangeKind.MOVED:
        facts.append(("Moved", f"from {event.before} to {event.after}, on {day}"))
    elif event.is_correction:
        facts.append(("Corrected", f"by the registry on {day}, not by the authority: "
                                   f"{one_line(event.reason or '')}"))
        facts.append(("Was", f"{event.before}; now {event.after}"))
    else:
        facts.append(("Changed", f"{event.detail()}, on {day}"))
    if len(event.entries) > 1:
        facts += [("Date", f"{_what(e)}, {e.certainty.value}") for e in event.entries]
    else:
        facts.append(("Certainty", CERTAINTY_WORDS[event.entries[0].certainty]))
    facts.append(("What it requires", one_line(inst.summary)))
    facts.append(("Authority", ", ".join(inst.authority)))
    note = event.entries[0].milestone.note
    if note and len(event.entries) == 1:
        facts.append(("Note", one_line(note)))
    source = _source(event.entries[0])
    if source:
        facts.append(("Source", source))
    url = next((e.source.url for e in event.entries if e.source.url), None)
    if url is not None and not url.startswith(("https://", "http://")):
        url = None
    title = inst.title if not inst.number else f"{inst.title} ({inst.number})"
    return Item(head(event), one_line(title), tuple(facts), url)


def items(digest: Digest) -> list[Item]:
    return [item(event) for event in digest.news]


def _facts(it: Item) -> tuple[tuple[str, str], ...]:
    return (*it.facts, *((("Link", it.link),) if it.link else ()))


def text_lines(digest: Digest, wrapped: Callable[[str, str], list[str]],
               width: int) -> list[str]:
    """The section in the text part, laid out like the reminders: `wrapped` is the
    email's way of writing a labelled fact, `width` its line length."""
    if not digest.news:
        return []
    lines = ["", SECTION.upper(), ""]
    for it in items(digest):
        lines.append(f"* {it.head}")
        lines += textwrap.wrap(it.title, width, initial_indent="  ", subsequent_indent="  ",
                               break_long_words=False)
        for label, value in _facts(it):
            lines += wrapped(label, value)
        lines.append("")
    lines.pop()
    return lines


def html_parts(digest: Digest,
               facts_html: Callable[[Sequence[tuple[str, str]]], list[str]]) -> list[str]:
    """The section in the HTML part; `facts_html` is the email's list of labelled facts."""
    if not digest.news:
        return []
    esc = html.escape
    parts = [f"<section><h2>{esc(SECTION)}</h2>"]
    for it in items(digest):
        parts += ['<div class="item">', f'<div class="when">{esc(it.head)}</div>',
                  f'<div class="title">{esc(it.title)}</div>', *facts_html(_facts(it)),
                  "</div>"]
    parts.append("</section>")
    return parts


def subject(digest: Digest, reminders_subject: str | None) -> str:
    """The subject of a digest with news (to be shortened by the caller);
    `reminders_subject` is the one its reminders would have alone, None without any."""
    news = digest.news
    if reminders_subject is not None:
        return f"{word(news)} ({len(news)}); {reminders_subject}"
    if len(news) == 1:
        return f"{item(news[0]).head}: {item(news[0]).title}"
    return f"{len(news)} {word(news).lower()} China deadlines: {item(news[0]).title}"


def intro(digest: Digest) -> str:
    """The opening sentence of a digest with news and no reminder."""
    count = len(digest.news)
    return (f"{count} China compliance deadline{'s' if count != 1 else ''} "
            f"{'are' if count != 1 else 'is'} new or changed in the registry")


def calendar_entries(digest: Digest) -> list[Entry]:
    """The digest's milestones: the reminded ones, then those of the news not among them
    (for the attached calendar and the list of milestone ids)."""
    entries = {r.entry.id: r.entry for r in digest.reminders}
    for event in digest.news:
        for entry in event.entries:
            entries.setdefault(entry.id, entry)
    return list(entries.values())
