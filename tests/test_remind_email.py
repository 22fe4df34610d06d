"""The reminder email as its readers get it: parsed by the email package, its HTML parsed
strictly, its text part compared with a golden file, and its HTML rendered by a browser."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import html5lib
import pytest
from icalendar import Calendar

from sesec_deadlines.core.query import make_filters
from sesec_deadlines.registry.load import load
from sesec_deadlines.remind.config import Subscription
from sesec_deadlines.remind.message import IDS_HEADER, SUBJECT_LIMIT, build, greeting, subject
from sesec_deadlines.remind.select import Digest, Reminder, due

from .browser import Browser, find_chromium, keep

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE = FIXTURES / "remind-registry.toml"
GOLDEN = FIXTURES / "email-text.golden"
TODAY = date(2026, 4, 1)
NOW = datetime(2026, 4, 1, 0, 30, tzinfo=UTC)


def the_digest(to: str = "Jana Müller <jana@example.com>") -> Digest:
    sub = Subscription(name="ccc-team", to=(to,), filters=make_filters(),
                       include_approximate=True)
    (digest,) = due(load([FIXTURE]).entries, [sub], [], TODAY)
    return digest


def received(digest: Digest) -> EmailMessage:
    """The message as a mail client reads it: sent as SMTP bytes, parsed back."""
    raw = build(digest, sender="Deadlines <d@example.com>", today=TODAY, now=NOW).as_bytes(
        policy=policy.SMTP)
    assert all(len(line) <= 78 for line in raw.split(b"\r\n")), "a line longer than 78 octets"
    msg = message_from_bytes(raw, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def test_structure_headers_and_encodings() -> None:
    msg = received(the_digest())
    assert msg.get_content_type() == "multipart/mixed"
    alternative, attachment = msg.iter_parts()
    assert alternative.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in alternative.iter_parts()] == ["text/plain",
                                                                       "text/html"]
    for part in alternative.iter_parts():
        assert part.get_content_charset() == "utf-8"
        assert part["Content-Transfer-Encoding"] == "quoted-printable"  # no 8BITMIME needed
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == "deadlines.ics"
    assert msg["To"] == "Jana Müller <jana@example.com>"
    assert msg["Subject"] == "4 China deadlines, next 2026-04 (this month): Battery rule"
    assert msg[IDS_HEADER] == ("gamma-battery/entry_into_force, beta-rohs/comment_close, "
                               "evil-data/entry_into_force, alpha-ccc/mandatory_from")


def test_the_text_part_reads_on_its_own_as_the_golden_file_says() -> None:
    text = received(the_digest()).get_body(preferencelist=("plain",))
    assert text is not None
    body = text.get_content().replace("\r\n", "\n")
    if os.environ.get("DEADLINES_REGOLD"):
        GOLDEN.write_text(body, encoding="utf-8")
    assert body == GOLDEN.read_text(encoding="utf-8")
    # ids are for the tool: only in the footer, after the signature separator
    head, _, foot = body.partition("\n-- \n")
    assert "alpha-ccc" not in head and "Milestone ids: " in foot
    assert all(len(line) <= 72 for line in body.splitlines())


def test_the_html_part_is_strict_html5_with_working_links() -> None:
    part = received(the_digest()).get_body(preferencelist=("html",))
    assert part is not None
    page = part.get_content()
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    tree = parser.parse(page)  # raises on any parse error
    links = [a.get("href") for a in tree.iter("a")]
    assert links == ["https://example.org/ccc"]
    assert [a.text for a in tree.iter("a")] == links
    headings = [h.text for h in tree.iter("h2")]
    assert headings == ["Today", "In 8 to 30 days"]
    assert tree.find("head/title").text == (  # type: ignore[union-attr]
        "4 China deadlines, next 2026-04 (this month): Battery rule")
    text = "".join(tree.find("body").itertext())  # type: ignore[union-attr]
    for fact in ("What it requires", "Widgets need CCC.", "official (stated in an issued text)",
                 "SAMR, CNCA", "CCC for widgets (CNCA-C99-01:2026)", "Dear Jana Müller,"):
        assert fact in text
    assert "&lt;https" not in page


def test_the_attachment_is_a_calendar_not_a_subscription() -> None:
    (_, attachment) = received(the_digest()).iter_parts()
    payload = attachment.get_payload(decode=True)
    assert isinstance(payload, bytes)
    cal = Calendar.from_ical(payload)
    for prop in ("METHOD", "X-WR-CALNAME", "X-WR-CALDESC", "REFRESH-INTERVAL",
                 "X-PUBLISHED-TTL"):
        assert prop not in cal
    assert len(cal.walk("VEVENT")) == 4


@pytest.mark.parametrize(("to", "expected"), [
    ("Jana Müller <jana@example.com>", "Dear Jana Müller,"),
    ('"Müller, Jana" <jana@example.com>', "Dear Müller, Jana,"),
    ("jana@example.com", "Hello,"),
    ("<jana@example.com>", "Hello,"),
])
def test_named_recipients_are_greeted_by_name(to: str, expected: str) -> None:
    assert greeting(to) == expected


def test_the_subject_is_short_and_says_what_matters_first() -> None:
    digest = the_digest()
    moved = Digest(digest.recipient, digest.to, (
        Reminder(digest.reminders[1].entry, 14, 14, moved_from="2026-04-20"),
        *digest.reminders[2:]), digest.subscriptions)
    # the RoHS comment deadline is proposed in a draft: the subject leads with that
    assert subject(moved) == "Unconfirmed: 3 China deadlines (1 moved), next 2026-04-15 (in 14…"
    single = Digest(digest.recipient, digest.to, digest.reminders[-1:], digest.subscriptions)
    assert subject(single) == "Mandatory from 2026-05-01 (in 30 days): CCC for widgets…"
    for d in (digest, moved, single):
        assert len(subject(d)) <= SUBJECT_LIMIT


def test_groups_are_named_by_their_real_range() -> None:
    sub = Subscription(name="all", to=("a@example.com",), filters=make_filters(), leads=(31,))
    (digest,) = due(load([FIXTURE]).entries, [sub], [], date(2026, 3, 31))
    text = build(digest, sender="d@example.com", today=date(2026, 3, 31), now=NOW)
    body = text.get_body(preferencelist=("plain",))
    assert body is not None
    assert "\nIN MORE THAN 30 DAYS\n\n* Mandatory from 2026-05-01, in 31 days\n" in \
        body.get_content()


@pytest.mark.skipif(find_chromium() is None, reason="headless Chromium not installed (Debian: "
                    "apt-get install chromium; the test command's tests/get-chromium.sh does)")
def test_the_html_renders_in_a_real_browser(tmp_path: Path) -> None:
    """docs/reminders.md ("What the email looks like") gives the command for this picture."""
    part = received(the_digest()).get_body(preferencelist=("html",))
    assert part is not None
    page = tmp_path / "email.html"
    page.write_text(part.get_content(), encoding="utf-8")
    shot = tmp_path / "email.png"
    executable = find_chromium()
    assert executable is not None
    browser = Browser(executable)
    try:
        browser.open(page.as_uri(), 800)
        assert browser.console_problems() == []
        assert browser.evaluate("document.querySelectorAll('a[href]').length") == 1
        browser.screenshot(shot, 800)
    finally:
        browser.close()
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    keep(shot)
