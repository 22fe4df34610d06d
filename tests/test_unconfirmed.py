"""Unconfirmed (lapsed) dates everywhere the tables show them: JSON and CSV, `list`, dates
computed from a lapsed one, and the cache's cheap selection of them."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

from sesec_deadlines.core.staleness import Flag, Staleness, flag_lines
from sesec_deadlines.registry.load import bundled_path, load

from .conftest import Runner

BUNDLED = ("--registry", str(bundled_path()), "--as-of", "2026-12-01")
GB = "gb-18384-ev-safety-requirements-revision"
LAPSED = {f"{GB}/entry_into_force", f"{GB}/mandatory_from"}
COMPUTED = f"{GB}/transition_end_approved_types"
AGE = {"newest_edition": "2025-11", "edition_label": "SESEC VI, November–December 2025",
       "published": "2026-01-22", "age_days": 313, "stale": True,
       "files": ["data/deadlines.toml"]}


def editions() -> dict[str, object]:
    """The bundled registry's coverage: 5 curated editions of 26 declared."""
    missing = sorted(e.key for e in load([bundled_path()]).uncurated)
    assert len(missing) == 21
    return {"curated": 5, "total": 26, "first": "2021-08", "last": "2025-11",
            "missing": missing}


def test_upcoming_json_has_the_unconfirmed_dates_and_the_registry_age(run: Runner) -> None:
    result = run("upcoming", *BUNDLED, "-f", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["registry"] == {"version": load([bundled_path()]).version, **AGE,
                               "editions": editions()}
    assert {m["id"] for m in doc["unconfirmed"]} == LAPSED
    assert all("lapsed" in m["flags"] and m["days_left"] < 0 for m in doc["unconfirmed"])
    assert list(doc) == ["schema", "as_of", "registry", "window", "milestones", "pending",
                         "unconfirmed"]
    listed = json.loads(run("list", *BUNDLED, "-f", "json").stdout)
    assert listed["registry"] == {"version": load([bundled_path()]).version, **AGE,
                               "editions": editions()}
    assert {m["id"] for m in listed["unconfirmed"]} == LAPSED
    everything = json.loads(run("list", *BUNDLED, "--all", "-f", "json").stdout)
    assert everything["unconfirmed"] == []  # in "milestones" already
    assert {m["id"] for m in everything["milestones"]} >= LAPSED


def test_upcoming_csv_is_one_table_with_the_unconfirmed_rows(run: Runner) -> None:
    rows = list(csv.DictReader(io.StringIO(run("upcoming", *BUNDLED, "-f", "csv").stdout)))
    lapsed = [r for r in rows if "lapsed" in r["flags"].split("; ")]
    assert {r["id"] for r in lapsed} == LAPSED
    assert all(int(r["days_left"]) < 0 for r in lapsed)


def test_list_shows_the_unconfirmed_dates_its_window_leaves_out(run: Runner) -> None:
    out = run("list", *BUNDLED).stdout
    section = out.split("\nUnconfirmed: ", 1)[1].split("\n\n", 1)[0]
    assert section.startswith("2 proposed or estimated date(s) passed before 2026-12-01")
    assert sum("GB 18384" in line and "2026-07-01" in line for line in section.splitlines()) == 2
    later = run("list", *BUNDLED, "--from", "2026-08-01").stdout
    assert "\nUnconfirmed: 2 " in later
    for covering in (("--all",), ("--from", "2026-01-01")):  # the window shows them itself
        shown = run("list", *BUNDLED, *covering).stdout
        assert "Unconfirmed:" not in shown
        assert "2026-07-01" in shown


def test_a_date_computed_from_a_lapsed_date_is_flagged_lapsed(run: Runner) -> None:
    reg = load([bundled_path()])
    today = date(2026, 12, 1)
    entry = next(e for e in reg.entries if e.id == COMPUTED)
    assert entry.date is not None and entry.date.iso() == "2027-06-30"
    staleness = Staleness(today)
    assert Flag.LAPSED in staleness.flags(entry)
    assert flag_lines(entry, today)[0] == ("unconfirmed: computed from an unconfirmed date "
                                           "(in force from: proposed for 1 July 2026 in a "
                                           "draft)")
    before = Staleness(date(2026, 6, 1))  # before the anchor passed: nothing to flag
    assert Flag.LAPSED not in before.flags(entry)
    row = next(x for x in run("upcoming", *BUNDLED, "--days", "400").stdout.splitlines()
               if x.startswith("2027-06-30") and "GB 18384" in x)
    assert "lapsed" in row
    ics = run("export", *BUNDLED, "--id", GB, "-o", "-").stdout
    ics = ics.replace("\r\n", "\n").replace("\n ", "")  # unfolded
    event = next(e for e in ics.split("BEGIN:VEVENT")[1:] if "transition_end_approved" in e)
    assert "STATUS:TENTATIVE" in event
    assert "Unconfirmed: computed from an unconfirmed date" in event


def test_the_cache_selects_the_unconfirmed_dates_the_records_select(tmp_path: Path) -> None:
    from sesec_deadlines.core.query import make_filters
    from sesec_deadlines.core.vocab import Kind
    from sesec_deadlines.registry import cache

    plain = load([bundled_path()])
    where = tmp_path / "cache.bin"
    where.write_bytes(b"".join(cache.encode(plain, ["k"])))
    cached = cache._read(where, ["k"])
    assert cached is not None
    for day in (date(2025, 1, 1), date(2026, 7, 2), date(2026, 12, 1), date(2030, 1, 1)):
        for options in ({}, {"topic": ["ev"]}, {"topic": ["rohs"]},
                        {"kind": [Kind.MANDATORY_FROM]}, {"search": ["vehicle"]}):
            filters = make_filters(**options)  # type: ignore[arg-type]
            staleness = Staleness(day)
            expected = [e.id for e in plain.unconfirmed_before(day, filters)
                        if staleness.lapsed(e)]
            got = [e.id for e in cached.unconfirmed_before(day, filters)]
            assert [i for i in got if i in expected] == expected
            assert set(got) == set(expected)  # the cache decodes no other candidate
    assert {e.id for e in cached.unconfirmed_before(date(2026, 12, 1))} == LAPSED
