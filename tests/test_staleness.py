"""Staleness flags and the registry's age, each with a pinned as-of date (core.staleness)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from sesec_deadlines.core.staleness import (
    Flag,
    Staleness,
    Thresholds,
    flag_lines,
    freshness,
)
from sesec_deadlines.registry.load import bundled_path, load

from .conftest import Runner

REGISTRY = """schema = 1

[[edition]]
key = "2024-11"
label = "SESEC V, November–December 2024"
published = 2025-01-11

[[edition]]
key = "2025-11"
label = "SESEC VI, November–December 2025"
published = 2026-01-01

[[instrument]]
id = "draft-rule"
title = "A draft rule"
authority = ["MIIT"]
topics = ["ev"]
status = "{status}"
summary = "Something."
last_verified = {verified}
sources = [{{ edition = "2025-11", article = "An article" }}]

[[instrument.milestone]]
kind = "comment_open"
date = "2025-11-01"
certainty = "official"

[[instrument.milestone]]
kind = "comment_close"
date = "2025-11-07"
certainty = "estimated"

[[instrument.milestone]]
kind = "entry_into_force"
date = "2026-07-01"
certainty = "proposed"

[[instrument.milestone]]
key = "approval"
kind = "published"
certainty = "proposed"
expected = "2026-03"

[[instrument.milestone]]
kind = "transition_end"
after = "approval"
offset = "12 months"
certainty = "proposed"
"""


@pytest.fixture
def entries(write: Callable[..., Path]) -> Callable[..., dict[str, object]]:
    def make(status: str = "draft", verified: str = "2026-11-25") -> dict[str, object]:
        reg = load([write(REGISTRY.format(status=status, verified=verified))])
        return {e.milestone.key: e for e in reg.entries}

    return make


def flags(entry: object, today: str, **limits: int) -> tuple[Flag, ...]:
    return Staleness(date.fromisoformat(today), Thresholds(**limits)).flags(entry)  # type: ignore[arg-type]


def test_lapsed_a_proposed_date_of_a_draft_that_has_passed(entries: Callable[..., dict]) -> None:
    e = entries()["entry_into_force"]
    assert Flag.LAPSED not in flags(e, "2026-07-01")  # the day itself is not past
    assert Flag.LAPSED in flags(e, "2026-07-02")
    assert flag_lines(e, date(2026, 12, 1))[0] == (
        "unconfirmed: proposed for 1 July 2026 in a draft; no final text known")


def test_a_final_text_and_a_comment_window_never_lapse(entries: Callable[..., dict]) -> None:
    assert Flag.LAPSED not in flags(entries("final")["entry_into_force"], "2026-12-01")
    assert Flag.LAPSED not in flags(entries()["comment_close"], "2026-12-01")  # estimated


def test_overdue_a_pending_milestone_past_its_expected_month(
        entries: Callable[..., dict]) -> None:
    e = entries()["approval"]
    assert e.date is None
    assert Flag.OVERDUE not in flags(e, "2026-03-31")  # March is not over yet
    assert Flag.OVERDUE in flags(e, "2026-04-01")
    assert Staleness(date(2026, 12, 1)).detail(e, Flag.OVERDUE) == (
        "overdue: expected March 2026 (8 months ago); no date known yet")
    assert Flag.OVERDUE not in flags(entries()["transition_end"], "2026-12-01")  # no expected


def test_outcome_unknown_six_months_after_the_comments_closed(
        entries: Callable[..., dict]) -> None:
    e = entries()["comment_open"]  # an instrument flag: every milestone of it carries it
    assert Flag.OUTCOME_UNKNOWN not in flags(e, "2026-05-07")
    assert Flag.OUTCOME_UNKNOWN in flags(e, "2026-05-08")
    assert Flag.OUTCOME_UNKNOWN not in flags(e, "2026-05-08", outcome_months=7)
    assert Flag.OUTCOME_UNKNOWN not in flags(entries("final")["comment_open"], "2026-12-01")


def test_outcome_known_when_a_new_draft_round_came_after(
        write: Callable[..., Path]) -> None:
    text = REGISTRY.format(status="draft", verified="2026-11-25").replace(
        'sources = [{ edition = "2025-11", article = "An article" }]',
        'sources = [{ edition = "2025-11", article = "An article" },'
        ' { title = "A second draft" }]\n'
        'status_history = [{ status = "draft", date = 2025-11-01 },'
        ' { status = "draft", date = 2026-02-01, source = 1 }]')
    e = next(e for e in load([write(text)]).entries if e.milestone.key == "comment_open")
    assert Flag.OUTCOME_UNKNOWN not in flags(e, "2026-05-08")


def test_unverified_after_180_days(entries: Callable[..., dict]) -> None:
    e = entries("final", "2026-01-01")["entry_into_force"]
    assert Flag.UNVERIFIED not in flags(e, "2026-06-30")  # 180 days
    assert Flag.UNVERIFIED in flags(e, "2026-07-01")  # 181 days
    assert Flag.UNVERIFIED not in flags(e, "2026-07-01", unverified_days=365)
    assert Staleness(date(2026, 7, 1)).detail(e, Flag.UNVERIFIED) == (
        "unverified: last checked against its sources on 2026-01-01, 181 days ago")


def test_freshness_from_the_newest_cited_edition_s_publication() -> None:
    from sesec_deadlines.core.model import Edition

    editions = [Edition("2024-11", "SESEC V, November–December 2024", date(2025, 1, 11)),
                Edition("2025-11", "SESEC VI, November–December 2025", date(2026, 1, 1)),
                Edition("2099-01", "Never cited", date(2099, 1, 1))]
    cited = {"2024-11", "2025-11"}
    fresh = freshness(editions, cited, date(2026, 4, 1))
    assert (fresh.newest_edition, fresh.age_days, fresh.stale) == ("2025-11", 90, False)
    assert fresh.line() is None
    assert freshness(editions, cited, date(2026, 4, 2)).stale  # three months and a day
    old = freshness(editions, cited, date(2026, 12, 1))
    assert old.stale and old.age_days == 334
    assert old.line() == ("Registry current to SESEC VI, November–December 2025 (its newest "
                          "edition, published 2026-01-01, 334 days ago): later deadlines are "
                          "not in it.")
    assert old.record() == {"version": None, "newest_edition": "2025-11",
                            "edition_label": "SESEC VI, November–December 2025",
                            "published": "2026-01-01", "age_days": 334, "stale": True,
                            "editions": None, "files": []}
    assert not freshness(editions, cited, date(2026, 12, 1), Thresholds(stale_months=12)).stale
    assert freshness(editions, set(), date(2026, 12, 1)).line() is None


def test_as_of_2026_12_01_upcoming_shows_lapsed_dates_and_the_registry_age(
        run: Runner) -> None:
    """The issue's own example: the bundled registry seen on 1 December 2026."""
    result = run("upcoming", "--as-of", "2026-12-01", "--registry", str(bundled_path()))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.splitlines()[0] == (
        "Registry current to SESEC VI, November–December 2025 (its newest edition, published "
        "2026-01-22, 313 days ago): later deadlines are not in it. 5 of 26 editions from Aug "
        "2021 to Nov 2025 curated.")
    unconfirmed = out.split("Unconfirmed:", 1)[1].split("\n\n", 1)[0]
    lines = [line for line in unconfirmed.splitlines() if "GB 18384" in line]
    assert len(lines) == 2 and all("2026-07-01" in x and "lapsed" in x for x in lines)
    approval = next(x for x in out.splitlines() if x.startswith("gb-26572-rohs-revision/appr"))
    assert "expected March 2025" in approval and "overdue" in approval
    assert "Flags as of 2026-12-01" in out and "  lapsed " in out


def test_no_flags_no_column_and_no_legend(run: Runner) -> None:
    from .conftest import AS_OF, REGISTRY

    out = run("list", "--registry", str(REGISTRY), "--as-of", AS_OF, "-t", "ccc").stdout
    assert "FLAGS" not in out and "Flags as of" not in out and "Registry current" not in out


def test_thresholds_from_the_environment(run: Runner) -> None:
    args = ("review", "--as-of", "2026-12-01", "-f", "json")
    loose = run(*args, env={"DEADLINES_OUTCOME_MONTHS": "600"}).stdout
    assert '"outcome_unknown"' not in loose
    bad = run(*args, env={"DEADLINES_UNVERIFIED_DAYS": "soon"})
    assert bad.exit_code == 2 and "DEADLINES_UNVERIFIED_DAYS" in bad.stderr


def test_thresholds_from_options_then_environment_then_defaults() -> None:
    from sesec_deadlines.core.staleness import thresholds_from

    env = {"DEADLINES_OUTCOME_MONTHS": " 9 ", "DEADLINES_STALE_MONTHS": ""}
    assert thresholds_from(env) == Thresholds(outcome_months=9)
    assert thresholds_from(env, outcome_months=2, unverified_days=None) == Thresholds(
        outcome_months=2)
    for bad in ("-1", "six", "1e3", "٣", "9999999"):
        with pytest.raises(ValueError, match="DEADLINES_STALE_MONTHS"):
            thresholds_from({"DEADLINES_STALE_MONTHS": bad})


def test_remind_refuses_a_bad_threshold_variable(run: Runner) -> None:
    result = run("remind", "--dry-run", env={"DEADLINES_OUTCOME_MONTHS": "soon"})
    assert result.exit_code == 2
    assert "DEADLINES_OUTCOME_MONTHS='soon'" in result.stderr
