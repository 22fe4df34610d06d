"""`deadlines changes`: new entries, moved dates and certainty changes; table, JSON, CSV, Atom."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import feedparser
import pytest

from sesec_deadlines.core.changes import ChangeKind, changes
from sesec_deadlines.core.query import Filters, make_filters
from sesec_deadlines.core.vocab import Kind
from sesec_deadlines.registry.load import load

from .conftest import Runner

TEXT = """schema = 1

[[instrument]]
id = "ccc-chargers"
title = "CCC for EV chargers"
number = "CNCA-C25-01:2024"
authority = ["SAMR", "CNCA"]
topics = ["ccc", "ev"]
status = "final"
summary = "Chargers need CCC."
last_verified = 2026-02-10
added = 2026-01-05
sources = [{ title = "SAMR announcement", url = "https://example.org/ccc" }]

[[instrument.milestone]]
kind = "published"
date = "2025-12-05"
certainty = "official"

[[instrument.milestone]]
kind = "mandatory_from"
date = "2026-09-01"
certainty = "official"
history = [
  { date = "2026-08-01", certainty = "proposed", changed = 2026-02-10 },
]

[[instrument.milestone]]
kind = "transition_end"
date = "2027-07-31"
certainty = "proposed"
added = 2026-02-01

[[instrument]]
id = "rohs-draft"
title = "Draft RoHS standard"
authority = ["MIIT"]
topics = ["rohs"]
status = "draft"
summary = "Hazardous substances limits."
last_verified = 2026-02-15
added = 2026-02-15
sources = [{ title = "MIIT call for comments" }]

[[instrument.milestone]]
kind = "comment_open"
date = "2026-02-14"
certainty = "official"

[[instrument.milestone]]
kind = "comment_close"
date = "2026-04-14"
certainty = "official"
history = [
  { date = "2026-04-01", changed = 2026-03-01 },
  { date = "2026-04-07", changed = 2026-03-01 },
]
"""
AS_OF = "2026-03-20"


@pytest.fixture
def registry(write: Callable[..., Path]) -> Path:
    return write(TEXT)


def keys(path: Path, filters: Filters | None = None, first: date | None = None,
         last: date | None = None) -> list[str]:
    events = changes(load([path]).entries, filters or Filters(), first, last)
    return [e.key for e in events]


def test_every_kind_of_change_newest_first(registry: Path) -> None:
    assert keys(registry) == [
        "moved/rohs-draft/comment_close/2026-03-01",
        "new_instrument/rohs-draft/2026-02-15",
        "moved/ccc-chargers/mandatory_from/2026-02-10",
        "certainty/ccc-chargers/mandatory_from/2026-02-10",
        "new_milestone/ccc-chargers/transition_end/2026-02-01",
        "new_instrument/ccc-chargers/2026-01-05",
    ]


def test_values_before_and_after(registry: Path) -> None:
    events = {e.key: e for e in changes(load([registry]).entries, Filters(), None, None)}
    moved = events["moved/ccc-chargers/mandatory_from/2026-02-10"]
    assert (moved.before, moved.after) == ("2026-08-01", "2026-09-01")
    assert moved.detail() == "moved from 2026-08-01 to 2026-09-01"
    certainty = events["certainty/ccc-chargers/mandatory_from/2026-02-10"]
    assert (certainty.before, certainty.after) == ("proposed", "official")
    # two changes on one day are one move, from the first old date to the current one
    same_day = events["moved/rohs-draft/comment_close/2026-03-01"]
    assert (same_day.before, same_day.after) == ("2026-04-01", "2026-04-14")
    assert "certainty/rohs-draft/comment_close/2026-03-01" not in events  # none recorded
    # a new instrument brings the milestones that entered with it, not later ones
    new = events["new_instrument/ccc-chargers/2026-01-05"]
    assert [e.id for e in new.entries] == ["ccc-chargers/published",
                                           "ccc-chargers/mandatory_from"]


def test_span_and_filters(registry: Path) -> None:
    assert keys(registry, first=date(2026, 2, 10), last=date(2026, 2, 15)) == [
        "new_instrument/rohs-draft/2026-02-15",
        "moved/ccc-chargers/mandatory_from/2026-02-10",
        "certainty/ccc-chargers/mandatory_from/2026-02-10",
    ]
    assert keys(registry, make_filters(kind=[Kind.COMMENT_CLOSE])) == [
        "moved/rohs-draft/comment_close/2026-03-01",
        "new_instrument/rohs-draft/2026-02-15",
    ]
    assert keys(registry, make_filters(topic=["ccc"]), first=date(2026, 2, 1)) == [
        "moved/ccc-chargers/mandatory_from/2026-02-10",
        "certainty/ccc-chargers/mandatory_from/2026-02-10",
        "new_milestone/ccc-chargers/transition_end/2026-02-01",
    ]


def test_a_milestone_cannot_precede_its_instrument(write: Callable[..., Path]) -> None:
    from sesec_deadlines.registry.load import check

    path = write(TEXT.replace("added = 2026-02-01", "added = 2025-12-31"))
    problems = [str(p) for p in check([path])[1]]
    assert problems == [
        f"{path}:32: ccc-chargers/transition_end: added: the milestone cannot enter the "
        "registry (2025-12-31) before its instrument did (2026-01-05); omit `added` to use "
        "the instrument's"]
    path = write(TEXT.replace("added = 2026-02-15", 'added = "2026-02-15"'))
    assert [str(p) for p in check([path])[1]] == [
        f"{path}:42: rohs-draft: added: must be a TOML date, not a string (write it without "
        "quotes: 2026-11-24)"]


def test_added_defaults(write: Callable[..., Path]) -> None:
    path = write(TEXT.replace("added = 2026-01-05\n", "").replace("added = 2026-02-01\n", ""))
    inst = load([path]).instrument("ccc-chargers")
    assert inst is not None and inst.added == date(2026, 2, 10)  # its last_verified
    entries = {e.id: e for e in load([path]).entries}
    assert entries["ccc-chargers/published"].added == date(2026, 2, 10)
    assert entries["rohs-draft/comment_close"].added == date(2026, 2, 15)


def test_table(run: Runner, registry: Path) -> None:
    result = run("changes", "--since", "-30 days", "-r", str(registry), "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Changes from 2026-02-18 to 2026-03-20: 1 change",
        "CHANGED     CHANGE                               DATE        KIND                   "
        "CERTAINTY  TITLE",
        "2026-03-01  moved from 2026-04-01 to 2026-04-14  2026-04-14  last day for comments  "
        "official   Draft RoHS standard",
    ]
    result = run("changes", "--since", "2026-03-02", "-r", str(registry), "--as-of", AS_OF)
    assert result.exit_code == 0
    assert result.stdout == "No change from 2026-03-02 to 2026-03-20 matches.\n"


def test_bad_dates_are_usage_errors(run: Runner, registry: Path) -> None:
    result = run("changes", "--since", "soon", "-r", str(registry), "--as-of", AS_OF)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --since: 'soon' is not a date")
    result = run("changes", "--since", "2026-03", "--until", "2026-02", "-r", str(registry),
                 "--as-of", AS_OF)
    assert result.exit_code == 2
    assert "--until (2026-02-28) is before --since (2026-03-01)" in result.stderr


def test_json(run: Runner, registry: Path) -> None:
    result = run("changes", "--since", "2026-02-01", "-f", "json", "-r", str(registry),
                 "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["schema"], doc["as_of"], doc["since"], doc["until"]) == (
        1, "2026-03-20", "2026-02-01", "2026-03-20")
    first = doc["changes"][0]
    assert first["id"] == "tag:sesec-deadlines,2026-11-24:moved/rohs-draft/comment_close/2026-03-01"
    assert (first["change"], first["changed"], first["before"], first["after"]) == (
        "moved", "2026-03-01", "2026-04-01", "2026-04-14")
    assert [m["id"] for m in first["milestones"]] == ["rohs-draft/comment_close"]
    assert first["milestones"][0]["added"] == "2026-02-15"
    assert [c["change"] for c in doc["changes"]] == [
        "moved", "new_instrument", "moved", "certainty", "new_milestone"]


def test_csv(run: Runner, registry: Path) -> None:
    result = run("changes", "--since", "2026-02-15", "-f", "csv", "-r", str(registry),
                 "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["changed"], r["change"], r["id"], r["added"]) for r in rows] == [
        ("2026-03-01", "moved", "rohs-draft/comment_close", "2026-02-15"),
        ("2026-02-15", "new_instrument", "rohs-draft/comment_open", "2026-02-15"),
        ("2026-02-15", "new_instrument", "rohs-draft/comment_close", "2026-02-15"),
    ]


def test_atom_feed_read_back(run: Runner, registry: Path) -> None:
    args = ("changes", "--since", "2026-01-01", "-f", "atom", "-r", str(registry),
            "--as-of", AS_OF)
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    feed = feedparser.parse(result.stdout_bytes)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.id == "tag:sesec-deadlines,2026-11-24:changes"
    assert feed.feed.updated == "2026-03-01T00:00:00+00:00"
    ids = [e.id for e in feed.entries]
    assert ids == ["tag:sesec-deadlines,2026-11-24:" + k for k in keys(
        Path(args[6]), first=date(2026, 1, 1), last=date(2026, 3, 20))]
    moved = feed.entries[0]
    assert moved.title == ("Moved from 2026-04-01 to 2026-04-14: last day for comments: "
                           "Draft RoHS standard")
    assert moved.updated == moved.published == "2026-03-01T00:00:00+00:00"
    assert "2026-04-14" in moved.summary and "Draft RoHS standard" not in moved.title[:5]
    new = next(e for e in feed.entries if e.id.endswith("new_instrument/ccc-chargers/2026-01-05"))
    assert new.title == "New: CCC for EV chargers (CNCA-C25-01:2024)"
    assert new.link == "https://example.org/ccc"  # the source's link
    assert {t.term for t in new.tags} == {"new_instrument", "ccc", "ev"}
    # the same registry and as-of date give the same bytes
    assert run(*args).stdout_bytes == result.stdout_bytes


def test_atom_feed_without_entries_is_dated_by_the_as_of_day(run: Runner,
                                                            registry: Path) -> None:
    result = run("changes", "--since", "2026-03-10", "-f", "atom", "-t", "ccc",
                 "--link", "https://intranet.example.com/deadlines", "-r", str(registry),
                 "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    feed = feedparser.parse(result.stdout_bytes)
    assert not feed.bozo
    assert feed.entries == []
    assert feed.feed.updated == "2026-03-20T00:00:00+00:00"
    assert feed.feed.link == "https://intranet.example.com/deadlines"
    assert feed.feed.id.startswith("tag:sesec-deadlines,2026-11-24:changes/")  # by filters


def test_bundled_registry_records_when_each_entry_was_added(run: Runner) -> None:
    from sesec_deadlines.registry.load import bundled_path

    text = bundled_path().read_text(encoding="utf-8")
    # every instrument says when it entered; milestones added later say so too
    assert text.count("\n[[instrument]]\nid = ") == text.count("\n[[instrument]]\n")
    assert all("\nadded = " in table.split("\n[[instrument.milestone]]")[0]
               for table in text.split("\n[[instrument]]\n")[1:])
    from sesec_deadlines.registry.load import load

    reg = load([bundled_path()])
    days = {i.id: i.added for i in reg.instruments}
    assert days["ccc-ev-charging-equipment"] == days["gb-26572-rohs-revision"] == date(2026, 11, 24)
    assert {days[i.id] for i in reg.instruments} == {date(2026, 11, 24), date(2026, 11, 25)}
    assert reg.baselines == {"data/deadlines.toml": date(2026, 11, 25)}
    result = run("changes", "--since", "2026-11-01", "-f", "json", "--as-of", "2026-12-01")
    doc = json.loads(result.stdout)
    # the registry's first build is one change, not one per instrument
    created = [c for c in doc["changes"] if c["change"] == ChangeKind.BASELINE.value]
    assert [(c["changed"], c["subject"], c["item"], c["milestones"]) for c in created] == [
        ("2026-11-25", "data/deadlines.toml", None, [])]
    first = [e for e in reg.entries if e.added <= date(2026, 11, 25)]
    assert created[0]["counts"] == {"instruments": 74, "milestones": len(first)}
    assert created[0]["detail"] == (f"registry created with 74 instruments, {len(first)} "
                                    "milestones")
    assert not [c for c in doc["changes"] if c["change"] == ChangeKind.NEW_INSTRUMENT.value]
    # the date-meaning audit of 2026-12-01: the registry corrected its own record, with a
    # reason; the authority moved nothing
    audit = [c for c in doc["changes"] if c not in created]
    assert {c["changed"] for c in audit} == {"2026-12-01"}
    assert all(c["reason"] and c["detail"] == "corrected by the registry: " + c["reason"]
               for c in audit)
    assert sorted((c["change"], c["subject"]) for c in audit) == sorted(
        (ChangeKind.CORRECTED.value, i) for i in (
            "gb-18384-ev-safety-requirements-revision/transition_end_approved_types",
            "gb-36980-1-ev-energy-consumption-limits/transition_end_approved_models",
            "gb-46860-civil-uav-unique-product-identification/transition_end_in_use",
            "nea-energy-sector-data-security-measures/validity_end",
            "ndrc-product-carbon-footprint-management-system-opinions/published",
            "nra-railway-technical-standards-measures/entry_into_force",
            "power-battery-carbon-footprint-quantification-standard/published",
            "product-quality-law-revision/comment_close",
            "tc260-data-security-protection-requirements/comment_close",
            "tc260-office-devices-security-specification/comment_open"))
    moved = {c["subject"]: (c["before"], c["after"]) for c in audit}
    assert moved["gb-36980-1-ev-energy-consumption-limits/transition_end_approved_models"] == (
        "2028-01-01 (official)", "2027-12-31 (official)")
    assert moved["product-quality-law-revision/comment_close"] == (
        "2023-11-18 (official)", "2023-11-18 (estimated)")
    table = run("changes", "--since", "2026-11-01", "--as-of", "2026-12-01").stdout
    assert "moved from" not in table and table.count("corrected by the registry: ") == 10
    assert "registry created with 74 instruments" in table and table.count("\n") < 20


def test_the_cache_keeps_the_added_days(run: Runner, registry: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from sesec_deadlines.registry.cache import cache_dir

    os.utime(registry, (1_600_000_000, 1_600_000_000))  # past the cache's "racy" window
    args = ("changes", "--since", "2026-01-01", "-f", "json", "-r", str(registry),
            "--as-of", AS_OF)
    first = run(*args)
    assert list(cache_dir().glob("registry-*.bin"))
    assert run(*args).stdout == first.stdout  # from the cache
    monkeypatch.setenv("DEADLINES_NO_CACHE", "1")
    assert run(*args).stdout == first.stdout
    assert "new_milestone/ccc-chargers/transition_end/2026-02-01" in first.stdout
