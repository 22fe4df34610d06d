"""The digest email: subject, text and HTML bodies grouped by urgency, the .ics attachment.

Registry text reaches the headers only through the email library, and only after every
control character (CR and LF included) has been turned into a space: a title cannot add a
header. The calendar is made by the same generator as `deadlines export`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.vocab import Precision
from sesec_deadlines.output.terminal import kind_label
from sesec_deadlines.remind.config import address
from sesec_deadlines.remind.select import Digest, Reminder

CALENDAR_NAME = "China compliance deadlines"
ATTACHMENT = "deadlines.ics"
GROUPS = (  # (title, most days left)
    ("Due today", 0),
    ("Within a week", 7),
    ("Within a month", 30),
    ("Later", None),
)
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")


def one_line(text: str) -> str:
    """Text safe for a header or a list line: control characters become spaces."""
    return " ".join(_CONTROL_RE.sub(" ", text).split())


def when(reminder: Reminder) -> str:
    when_date = reminder.entry.date
    assert when_date is not None
    left = reminder.days_left
    if left == 0:
        if when_date.precision is Precision.DAY:
            return "today"
        return "this month" if when_date.precision is Precision.MONTH else "this year"
    return "tomorrow" if left == 1 else f"in {left} days"


def title(entry: Entry) -> str:
    inst = entry.instrument
    text = inst.title if not inst.number else f"{inst.title} ({inst.number})"
    return one_line(text)


def subject(digest: Digest) -> str:
    first = digest.reminders[0]
    count = len(digest.reminders)
    nearest = f"{first.date} ({when(first)}) {kind_label(first.entry)}"
    if count == 1:
        return f"China compliance deadline {nearest}: {title(first.entry)}"
    return f"{count} China compliance deadlines, the nearest {nearest}: {title(first.entry)}"


def grouped(reminders: Sequence[Reminder]) -> list[tuple[str, list[Reminder]]]:
    out: list[tuple[str, list[Reminder]]] = []
    rest = list(reminders)
    for name, most in GROUPS:
        here = [r for r in rest if most is None or r.days_left <= most]
        rest = [r for r in rest if r not in here]
        if here:
            out.append((name, here))
    return out


def details(reminder: Reminder) -> list[tuple[str, str]]:
    """The labelled lines under a milestone's heading line."""
    entry = reminder.entry
    rows = [("certainty", entry.certainty.value)]
    rows.append(("authority", ", ".join(entry.instrument.authority)))
    source = entry.source.describe()
    if source:
        rows.append(("source", one_line(source)))
    if reminder.moved_from:
        rows.append(("moved", f"moved from {reminder.moved_from} to {reminder.date}"))
    if entry.milestone.note:
        rows.append(("note", one_line(entry.milestone.note)))
    rows.append(("id", entry.id))
    return rows


def heading(reminder: Reminder) -> str:
    kind = kind_label(reminder.entry)
    return f"{reminder.date} ({when(reminder)}), {kind}: {title(reminder.entry)}"


def text_body(digest: Digest, today: date) -> str:
    count = len(digest.reminders)
    lines = [
        f"{count} China compliance deadline{'s' if count != 1 else ''} for "
        f"{digest.recipient}, as of {today.isoformat()} (Asia/Shanghai).",
    ]
    for name, reminders in grouped(digest.reminders):
        lines += ["", name.upper()]
        for r in reminders:
            lines.append(f"- {heading(r)}")
            for label, value in details(r):
                lines.append(f"    {value}" if label == "moved" else f"    {label}: {value}")
    lines += [
        "",
        f"The attached {ATTACHMENT} holds these milestones for your calendar.",
        "",
        "-- ",
        "Sent by `deadlines remind` for: " + ", ".join(one_line(n) for n in digest.subscriptions)
        + ". Each reminder is sent once per lead time; a date that moves is reminded again.",
    ]
    return "\n".join(lines) + "\n"


def html_body(digest: Digest, today: date) -> str:
    esc = html.escape
    count = len(digest.reminders)
    parts = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8"></head><body style="font-family: sans-serif">',
        f"<p>{count} China compliance deadline{'s' if count != 1 else ''} for "
        f"{esc(digest.recipient)}, as of {today.isoformat()} (Asia/Shanghai).</p>",
    ]
    for name, reminders in grouped(digest.reminders):
        parts += [f"<h2>{esc(name)}</h2>", "<ul>"]
        for r in reminders:
            kind = kind_label(r.entry)
            parts.append(
                f"<li><p><strong>{esc(r.date)}</strong> ({esc(when(r))}), {esc(kind)}: "
                f"<strong>{esc(title(r.entry))}</strong><br>"
            )
            rows = []
            for label, value in details(r):
                if label == "moved":
                    rows.append(f"<em>{esc(value)}</em>")
                else:
                    rows.append(f"{esc(label)}: {esc(value)}")
            parts.append("<br>\n".join(rows) + "</p></li>")
        parts.append("</ul>")
    parts += [
        f"<p>The attached {ATTACHMENT} holds these milestones for your calendar.</p>",
        f"<p><small>Sent by <code>deadlines remind</code> for: "
        f"{esc(', '.join(one_line(n) for n in digest.subscriptions))}.</small></p>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def calendar(entries: Sequence[Entry]) -> bytes:
    from sesec_deadlines.output.ics import build_calendar

    approximate = any(e.date is not None and e.date.precision is not Precision.DAY
                      for e in entries)
    return build_calendar(list(entries), name=CALENDAR_NAME, alarm=None, windows=False,
                          include_approximate=approximate, method=None)


def build(digest: Digest, *, sender: str, today: date, now: datetime) -> EmailMessage:
    """The email for one digest; `now` (timezone-aware) gives its Date."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = digest.to
    msg["Subject"] = subject(digest)
    msg["Date"] = format_datetime(now)
    domain = address(sender).rpartition("@")[2] or "localhost"
    msg["Message-ID"] = make_msgid(idstring="deadlines", domain=domain)
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Auto-Response-Suppress"] = "All"
    msg.set_content(text_body(digest, today))
    msg.add_alternative(html_body(digest, today), subtype="html")
    msg.add_attachment(
        calendar([r.entry for r in digest.reminders]),
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
