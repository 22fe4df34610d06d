"""The digest email: subject, greeting, items grouped by how soon they are due, the .ics.

Each item says what the date is and how far off, the instrument and its number, what it
requires and of whom (its summary), how certain the date is, who issued it and where it
comes from, as a link where one is known. The tool's milestone ids go to a header and the
footer, not the body. The text part reads on its own; the HTML part says the same.

Registry text reaches the headers only through the email library, and only after every
control character (CR and LF included) has been turned into a space: a title cannot add a
header. The calendar is made by the same generator as `deadlines export`, without the
properties of a subscribed calendar.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.vocab import Precision
from sesec_deadlines.output.terminal import kind_label
from sesec_deadlines.remind import newsmail
from sesec_deadlines.remind.addresses import envelope, header
from sesec_deadlines.remind.items import (
    WIDTH,
    email_thresholds,
    facts,
    freshness_text,
    grouped,
    one_line,
    title,
    unconfirmed,
    what,
    when,
    wrapped,
)
from sesec_deadlines.remind.select import Digest

CALENDAR_NAME = "China compliance deadlines"
ATTACHMENT = "deadlines.ics"
SUBJECT_LIMIT = 69  # characters: with "Subject: " one line of 78, so it is never folded
IDS_HEADER = "X-Deadlines-Milestones"
def greeting(to: str) -> str:
    """"Dear Jana Müller," for a named recipient, else "Hello,"."""
    name = one_line(parseaddr(to)[0])
    return f"Dear {name}," if name else "Hello,"


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word with an ellipsis when too long."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:(") + "…"


def subject(digest: Digest) -> str:
    """What matters first: how many, moved, the nearest date and when, then its title;
    led by "New", "Moved" or "Changed" when the digest has news (remind.newsmail)."""
    if digest.news:
        rest = reminders_subject(digest) if digest.reminders else None
        return shorten(newsmail.subject(digest, rest), SUBJECT_LIMIT)
    return reminders_subject(digest)


def reminders_subject(digest: Digest) -> str:
    """Led by "Unconfirmed:" when the date it names is not confirmed (items.unconfirmed)."""
    first = digest.reminders[0]
    count = len(digest.reminders)
    moved = sum(1 for r in digest.reminders if r.moved_from)
    today = digest.freshness.today if digest.freshness is not None else None
    if count == 1:
        verb = "Corrected" if first.correction else "Moved"
        head = (f"{verb} to {first.date} ({when(first)}), {kind_label(first.entry)}"
                if moved else f"{what(first)} ({when(first)})")
    else:
        fixed = sum(1 for r in digest.reminders if r.correction)
        words = [f"{moved - fixed} moved"] if moved > fixed else []
        words += [f"{fixed} corrected by the registry"] if fixed else []
        extra = f" ({', '.join(words)})" if words else ""
        # an owner's act-by reminder: "when" counts to the act-by day, so name that day
        nearest = (f"act by {first.act_by.isoformat()}" if first.act_by is not None
                   else first.date)
        head = f"{count} China deadlines{extra}, next {nearest} ({when(first)})"
    lead = "Unconfirmed: " if unconfirmed(first.entry, today) else ""
    return shorten(f"{lead}{head}: {title(first.entry)}", SUBJECT_LIMIT)


def opening(digest: Digest) -> str:
    """The first sentence, without its "as of" date."""
    count = len(digest.reminders)
    if not count and digest.news:
        return newsmail.intro(digest)
    return (f"{count} China compliance deadline{'s' if count != 1 else ''} "
            f"{'are' if count != 1 else 'is'} coming up")


def text_body(digest: Digest, today: date) -> str:
    lines = [
        greeting(digest.to),
        "",
        *textwrap.wrap(f"{opening(digest)}, as of {today.isoformat()} (Asia/Shanghai).",
                       WIDTH),
        *(["", *textwrap.wrap(freshness_text(digest.freshness), WIDTH)]
          if digest.freshness is not None else []),
        *newsmail.text_lines(digest, wrapped, WIDTH),
    ]
    for name, reminders in grouped(digest.reminders):
        lines += ["", name.upper(), ""]
        for r in reminders:
            lines.append(f"* {what(r)}, {when(r)}")
            lines += textwrap.wrap(title(r.entry), WIDTH, initial_indent="  ",
                                   subsequent_indent="  ", break_long_words=False)
            for label, value in facts(r, today):
                lines += wrapped(label, value)
            lines.append("")
        lines.pop()
    lines += ["", *footer(digest)]
    return "\n".join(lines) + "\n"


def footer_notes(digest: Digest) -> list[str]:
    """The footer's paragraphs: the attachment, why this was sent, the tool's ids."""
    names = ", ".join(one_line(n) for n in digest.subscriptions)
    return [
        f"The attached {ATTACHMENT} holds these dates for your calendar.",
        f"Sent by `deadlines remind` for the subscription(s): {names}. Each reminder is sent "
        "once per lead time; a date that moves is reminded again.",
        *((newsmail.FOOTER_NOTE,) if digest.news else ()),
        "Milestone ids: " + ", ".join(e.id for e in newsmail.calendar_entries(digest)),
        *((f"Registry version {digest.registry}.",) if _version_unsaid(digest) else ()),
    ]


def _version_unsaid(digest: Digest) -> bool:
    """True when the digest has a data version its freshness paragraph does not name
    already (the footer then names it, once)."""
    said = digest.freshness is not None and digest.freshness.version == digest.registry
    return bool(digest.registry) and not said


def footer(digest: Digest) -> list[str]:
    lines = ["-- "]
    for note in footer_notes(digest):
        lines += textwrap.wrap(note, WIDTH, break_long_words=False, break_on_hyphens=False)
    return lines


_STYLE = ("body{font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#1a1a1a;"
          "max-width:40em;margin:1em auto;padding:0 1em;line-height:1.4}"
          "h2{font-size:1.05em;border-bottom:1px solid #ccc;padding-bottom:.2em;"
          "margin-top:1.6em}"
          ".item{margin:0 0 1.2em}.when{font-weight:bold}.title{font-size:1.05em;margin:.1em 0}"
          "dl{margin:.3em 0 0;display:grid;grid-template-columns:max-content auto;"
          "gap:.1em .8em}dt{color:#555}dd{margin:0}.moved{color:#a4000f;font-weight:bold}"
          "footer{margin-top:2em;color:#555;font-size:.85em}")


def _html_facts(facts: Sequence[tuple[str, str]]) -> list[str]:
    parts = ["<dl>"]
    for label, value in facts:
        if label == "Link":
            shown = f'<a href="{html.escape(value, quote=True)}">{html.escape(value)}</a>'
        else:
            shown = html.escape(value)
        cls = ' class="moved"' if label == "Moved" else ""
        parts.append(f"<dt>{html.escape(label)}</dt><dd{cls}>{shown}</dd>")
    parts.append("</dl>")
    return parts


def html_body(digest: Digest, today: date) -> str:
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(subject(digest))}</title>",
        f"<style>{_STYLE}</style></head>",
        "<body>",
        f"<p>{esc(greeting(digest.to))}</p>",
        f"<p>{esc(opening(digest))}, as of "
        f"<time datetime=\"{today.isoformat()}\">{today.isoformat()}</time> "
        "(Asia/Shanghai).</p>",
        *([f'<p class="freshness">{esc(freshness_text(digest.freshness))}</p>']
          if digest.freshness is not None else []),
        *newsmail.html_parts(digest, _html_facts),
    ]
    for name, reminders in grouped(digest.reminders):
        parts.append(f"<section><h2>{esc(name)}</h2>")
        for r in reminders:
            parts.append('<div class="item">')
            parts.append(f'<div class="when">{esc(what(r))}, {esc(when(r))}</div>')
            parts.append(f'<div class="title">{esc(title(r.entry))}</div>')
            parts += [*_html_facts(facts(r, today)), "</div>"]
        parts.append("</section>")
    parts += ["<footer>", *(f"<p>{esc(note)}</p>" for note in footer_notes(digest)),
              "</footer>", "</body></html>"]
    return "\n".join(parts) + "\n"


def calendar(entries: Sequence[Entry], today: date | None = None) -> bytes:
    from sesec_deadlines.core.staleness import Staleness
    from sesec_deadlines.output.ics import build_calendar

    approximate = any(e.date is not None and e.date.precision is not Precision.DAY
                      for e in entries)
    return build_calendar(list(entries), name=CALENDAR_NAME, alarm=None, windows=False,
                          include_approximate=approximate, method=None, feed=False,
                          staleness=Staleness(today, email_thresholds())
                          if today is not None else None)


def build(digest: Digest, *, sender: str, today: date, now: datetime) -> EmailMessage:
    """The email for one digest; `now` (timezone-aware) gives its Date."""
    msg = EmailMessage()
    msg["From"] = header(sender)
    msg["To"] = header(digest.to)
    msg["Subject"] = subject(digest)
    msg["Date"] = format_datetime(now)
    domain = envelope(sender).rpartition("@")[2] or "localhost"
    msg["Message-ID"] = make_msgid(idstring="deadlines", domain=domain)
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Auto-Response-Suppress"] = "All"
    msg[IDS_HEADER] = ", ".join(e.id for e in newsmail.calendar_entries(digest))
    # quoted-printable: readable in the raw message, and safe on servers without 8BITMIME
    msg.set_content(text_body(digest, today), cte="quoted-printable")
    msg.add_alternative(html_body(digest, today), subtype="html", cte="quoted-printable")
    msg.add_attachment(
        calendar(newsmail.calendar_entries(digest), today),
        maintype="text",
        subtype="calendar",
        filename=ATTACHMENT,
        params={"charset": "utf-8"},
    )
    return msg


PREVIEW_HEADERS = ("From", "To", "Subject", "Date", "Message-ID", "Auto-Submitted")


def preview(msg: EmailMessage) -> str:
    """Headers and text body of a message, for --dry-run."""
    lines = [f"{name}: {msg[name]}" for name in PREVIEW_HEADERS if msg[name] is not None]
    for part in msg.iter_attachments():
        lines.append(f"Attachment: {part.get_filename()} ({part.get_content_type()})")
    body = msg.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""
    return "\n".join(lines) + "\n\n" + str(text)
