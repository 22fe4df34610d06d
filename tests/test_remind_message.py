"""The digest email and the state file, without a server."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from sesec_deadlines.core.errors import StateError
from sesec_deadlines.core.query import make_filters
from sesec_deadlines.registry.load import load
from sesec_deadlines.remind import state
from sesec_deadlines.remind.config import Subscription
from sesec_deadlines.remind.items import one_line
from sesec_deadlines.remind.mailer import Outbox
from sesec_deadlines.remind.message import build, preview
from sesec_deadlines.remind.select import Digest, due
from sesec_deadlines.remind.state import Ledger, Sent

FIXTURE = Path(__file__).parent / "fixtures" / "remind-registry.toml"
NOW = datetime(2026, 4, 1, 0, 30, tzinfo=UTC)


def digests(text: str | None = None, tmp_path: Path | None = None, **kw: object) -> list[Digest]:
    path = FIXTURE
    if text is not None:
        assert tmp_path is not None
        path = tmp_path / "r.toml"
        path.write_text(text, encoding="utf-8")
    sub = Subscription(name="all", to=("Zoë <zoe@example.com>",), filters=make_filters(),
                       **kw)  # type: ignore[arg-type]
    return due(load([path]).entries, [sub], [], date(2026, 4, 1))


def test_one_line_removes_every_control_character() -> None:
    assert one_line("a\r\nBcc: x\x00y\tz\u2028w  v\x85") == "a Bcc: x y z w v"


def test_html_is_escaped_and_groups_follow_urgency(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace(
        'title = "CCC for widgets"', 'title = "CCC for <b>widgets</b> & co"')
    (digest,) = digests(text, tmp_path, include_approximate=True)
    msg = build(digest, sender="Deadlines <d@example.com>", today=date(2026, 4, 1), now=NOW)
    html_part = msg.get_body(preferencelist=("html",))
    assert html_part is not None
    html = html_part.get_content()
    assert "CCC for &lt;b&gt;widgets&lt;/b&gt; &amp; co" in html
    assert "<b>widgets" not in html
    text_part = msg.get_body(preferencelist=("plain",))
    assert text_part is not None
    body = text_part.get_content()
    # the battery rule's month is under way: due today ("this month"), listed first
    assert body.index("TODAY\n\n* In force from 2026-04, this month\n  Battery rule\n") \
        < body.index("IN 8 TO 30 DAYS\n")
    assert msg["Subject"] == "4 China deadlines, next 2026-04 (this month): Battery rule"
    assert msg["To"] == "Zoë <zoe@example.com>"
    assert msg["Date"] == "Wed, 01 Apr 2026 00:30:00 +0000"
    assert msg["X-Auto-Response-Suppress"] == "All"


def test_the_attachment_is_a_calendar_without_method() -> None:
    (digest,) = digests()
    msg = build(digest, sender="d@example.com", today=date(2026, 4, 1), now=NOW)
    (part,) = list(msg.iter_attachments())
    assert part["Content-Type"] == 'text/calendar; charset="utf-8"'
    assert part.get_content_disposition() == "attachment"
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes) and payload.startswith(b"BEGIN:VCALENDAR")


def test_preview_shows_headers_and_text() -> None:
    outbox = Outbox()
    for digest in digests():
        outbox.send(build(digest, sender="d@example.com", today=date(2026, 4, 1), now=NOW))
    (msg,) = outbox.messages
    text = preview(msg)
    # the RoHS comment deadline named first is proposed in a draft: unconfirmed
    assert text.startswith("From: d@example.com\nTo: Zoë <zoe@example.com>\nSubject: "
                           "Unconfirmed: 3 China deadlines, next 2026-04-15 (in 14 days)")
    assert "\nDate: Wed, 01 Apr 2026 00:30:00 +0000\nMessage-ID: <" in text
    assert "\nAuto-Submitted: auto-generated\nAttachment: deadlines.ics (text/calendar)\n\n" \
           "Dear Zoë,\n\n3 China compliance deadlines are coming up" in text


def record(milestone: str = "a/b", day: str = "2026-04-15", lead: int = 14) -> Sent:
    return Sent(milestone, day, lead, "x@example.com", "<1@example.com>",
                "2026-04-01T00:00:00+00:00")


def test_state_round_trip_sorted_private_and_pruned(tmp_path: Path) -> None:
    path = tmp_path / "state" / "sent.json"
    ledger = Ledger.open(path, date(2026, 4, 1))
    assert ledger.records == ()
    ledger.add([record("z/z"), record("a/a", "2024", 0)])
    ledger.add([record("m/m", "2026-04", 0)])
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["schema"] == 1
    assert [r["milestone"] for r in doc["sent"]] == ["m/m", "z/z"]  # 2024 is long past
    assert state.read(path) == (record("m/m", "2026-04", 0), record("z/z"))
    assert path.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("content", [
    b"", b"[]", b'{"schema": 1}', b'{"schema": 1, "sent": [1]}',
    b'{"schema": 1, "sent": [{"milestone": "a", "date": "2026-02-30", "lead": 1, '
    b'"recipient": "x", "message_id": "y", "sent_at": "z"}]}',
    b'{"schema": 1, "sent": [{"milestone": "a", "date": "2026", "lead": "1", '
    b'"recipient": "x", "message_id": "y", "sent_at": "z"}]}',
    b"\xff\xfe",
])
def test_a_corrupt_state_is_an_error_not_a_reset(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "sent.json"
    path.write_bytes(content)
    with pytest.raises(StateError, match="is corrupt"):
        state.read(path)
    assert path.read_bytes() == content


def test_an_unverified_entry_says_so_in_the_email_and_its_calendar(tmp_path: Path) -> None:
    """The flag lines of core.staleness, as calendars print them (pinned as of 2026-04-01)."""
    import icalendar

    from sesec_deadlines.core.staleness import flag_lines

    text = FIXTURE.read_text(encoding="utf-8").replace(
        "last_verified = 2026-", "last_verified = 2025-")
    (digest,) = digests(text, tmp_path)
    msg = build(digest, sender="d@example.com", today=date(2026, 4, 1), now=NOW)
    first = digest.reminders[0].entry
    (line,) = flag_lines(first, date(2026, 4, 1))
    assert line.startswith("unverified: last checked against its sources on 2025-")
    text_part = msg.get_body(preferencelist=("plain",))
    assert text_part is not None
    assert "Flag: Unverified: last checked" in " ".join(text_part.get_content().split())
    (ics,) = [p for p in msg.iter_attachments() if p.get_content_type() == "text/calendar"]
    events = icalendar.Calendar.from_ical(ics.get_content()).walk("VEVENT")
    assert all("Unverified: last checked" in str(e["DESCRIPTION"]) for e in events)


def test_the_email_honours_the_threshold_variables(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "last_verified = 2026-", "last_verified = 2025-")
    (digest,) = digests(text, tmp_path)
    monkeypatch.setenv("DEADLINES_UNVERIFIED_DAYS", "1000")
    msg = build(digest, sender="d@example.com", today=date(2026, 4, 1), now=NOW)
    body = msg.get_body(preferencelist=("plain",))
    assert body is not None and "Unverified" not in body.get_content()
