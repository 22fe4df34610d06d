"""Emails that say what they do not know, against a real SMTP server (aiosmtpd on
127.0.0.1): "Unconfirmed:" subjects, the registry's freshness in every digest, news-only
digests counted as news, working-day rungs in estimated years."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .conftest import Runner
from .mailserver import FIXTURE, Server, remind, text_of, write_config
from .test_remind_news import NEW_WINDOW

# A draft whose proposed entry into force (1 March 2026) has passed, and the end of its
# transition computed from it: a date ahead, computed from a lapsed one.
LAPSED = """
[[instrument]]
id = "delta-lapsed"
title = "Lapsed draft rule"
authority = ["MIIT"]
topics = ["data"]
status = "draft"
summary = "A draft that never became final."
last_verified = 2026-01-15
sources = [{ edition = "2025-11", article = "Delta draft" }]

[[instrument.milestone]]
kind = "entry_into_force"
date = "2026-03-01"
certainty = "proposed"

[[instrument.milestone]]
key = "transition_end"
kind = "transition_end"
after = "entry_into_force"
offset = "14 months"
certainty = "proposed"
"""

ONE = """
[[subscription]]
name = "{name}"
to = ["{to}@example.com"]
{filters}
"""


def registry(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "registry.toml"
    path.write_text(FIXTURE.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def subjects(server: Server) -> dict[str, str]:
    out = {}
    for item in server.handler.received:
        (rcpt,) = item.rcpt_tos
        out[rcpt] = " ".join(str(item.message["Subject"]).split())
    return out


def subscriptions(*rows: tuple[str, str, str]) -> str:
    return "".join(ONE.format(name=n, to=t, filters=f) for n, t, f in rows)


def test_unconfirmed_dates_lead_their_subject(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server()
    config = write_config(tmp_path, server.port, subscriptions=subscriptions(
        ("official", "ann", 'ids = ["alpha-ccc"]'),
        ("proposed", "ben", 'ids = ["beta-rohs"]'),
        ("computed", "cat", 'ids = ["delta-lapsed"]\nleads = [400]')))
    result = remind(run, config, "2026-04-01", registry=registry(tmp_path, LAPSED))
    assert result.exit_code == 0, result.stderr
    got = subjects(server)
    assert got["ann@example.com"] == "Mandatory from 2026-05-01 (in 30 days): CCC for widgets…"
    assert got["ben@example.com"].startswith("Unconfirmed: Last day for comments 2026-04-15")
    # 14 months after a proposed date that lapsed: 2027-05-01, computed from an unconfirmed
    assert got["cat@example.com"].startswith("Unconfirmed: Last day of transition 2027-05-01")
    body = text_of(server.handler.by_recipient()["cat@example.com"].message)
    assert "computed from an unconfirmed date" in body


def test_every_digest_says_how_fresh_the_registry_is(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server()
    config = write_config(tmp_path, server.port)
    assert remind(run, config, "2026-04-01", registry=registry(tmp_path)).exit_code == 0
    assert len(server.handler.received) == 3
    for item in server.handler.received:
        text, html = text_of(item.message), text_of(item.message, "html")
        para = " ".join(text.split("\n\n")[2].split())
        assert para.startswith("Registry current to SESEC VI, November–December 2025 (its "
                               "newest edition, published 2025-12-20, 102 days ago)")
        assert "Data version 2026-" in para
        assert '<p class="freshness">Registry current to SESEC VI' in html
        version = para.split("Data version ", 1)[1].split()[0].rstrip(".")
        flat = " ".join(text.split())
        assert flat.count(version) == 1, flat  # named once, not again in the footer
        assert " ".join(html.split()).count(version) == 1


def test_a_digest_of_news_alone_counts_news_items(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server()
    config = write_config(tmp_path, server.port, subscriptions=subscriptions(
        ("rohs-news", "dan", 'topics = ["rohs"]\nkinds = ["comment_close"]\nleads = [7]')))
    assert remind(run, config, "2026-04-01", registry=registry(tmp_path)).exit_code == 0
    assert server.handler.received == []  # the baseline: nothing old is news
    result = remind(run, config, "2026-04-02", "--verbose",
                    registry=registry(tmp_path, NEW_WINDOW))
    assert result.exit_code == 0, result.stderr
    (item,) = server.handler.received
    assert "2026-04-02: 1 news item due for 1 recipient" in result.stderr
    assert "sent 1 news item to dan@example.com" in result.stderr
    assert "0 reminders" not in result.stderr
    text = text_of(item.message)
    assert "Registry current to SESEC VI" in text  # news-only digests say it too


def test_a_working_day_rung_in_an_estimated_year_says_so(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    from sesec_deadlines.core.workdays import WorkingCalendar, official_years

    beyond = official_years(WorkingCalendar())[1] + 1
    server = smtp_server()
    config = write_config(tmp_path, server.port, reminders="", subscriptions=subscriptions(
        ("comments", "eve", 'kinds = ["comment_close"]')))
    moved = registry(tmp_path).read_text(encoding="utf-8").replace(
        'date = "2026-04-15"', f'date = "{beyond}-03-17"')
    (tmp_path / "registry.toml").write_text(moved, encoding="utf-8")
    result = remind(run, config, f"{beyond}-03-16", "--verbose",
                    registry=tmp_path / "registry.toml")
    assert result.exit_code == 0, result.stderr
    assert "beta-rohs/comment_close (1wd)" in result.stderr
    text = " ".join(text_of(server.handler.received[0].message).split())
    assert ("Reminder: 1 working day before the date (estimated: counted through a year "
            "whose official holiday schedule is not yet published)") in text

