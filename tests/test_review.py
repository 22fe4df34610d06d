"""`deadlines review`: the curator's to-do list in every format, its filters and --strict."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

from sesec_deadlines.registry.load import bundled_path, load

from .conftest import AS_OF, REGISTRY, Runner

BUNDLED = ("--registry", str(bundled_path()), "--as-of", "2026-12-01")


def test_json_is_the_documented_document(run: Runner) -> None:
    result = run("review", *BUNDLED, "-f", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["schema"] == 1 and doc["as_of"] == "2026-12-01"
    assert doc["registry"] == {"version": load([bundled_path()]).version,
                               "newest_edition": "2025-11",
                               "edition_label": "SESEC VI, November–December 2025",
                               "published": "2026-01-22", "age_days": 313, "stale": True,
                               "editions": {"curated": 5, "total": 26, "first": "2021-08",
                                            "last": "2025-11",
                                            "missing": doc["registry"]["editions"]["missing"]},
                               "files": ["data/deadlines.toml"]}
    assert len(doc["registry"]["editions"]["missing"]) == 21
    assert doc["registry"]["files"] == ["data/deadlines.toml"]
    assert doc["thresholds"] == {"outcome_months": 6, "unverified_days": 180,
                                 "stale_months": 3}
    by_id = {(i["id"], i["reason"]): i for i in doc["items"]}
    lapsed = by_id["gb-18384-ev-safety-requirements-revision/entry_into_force", "lapsed"]
    assert lapsed["detail"] == ("unconfirmed: proposed for 1 July 2026 in a draft; "
                                "no final text known")
    assert lapsed["source"]["edition"] == "2025-11" and lapsed["source"]["article"]
    assert lapsed["source"]["url"].startswith("https://")
    overdue = by_id["gb-26572-rohs-revision/approval", "overdue"]
    assert overdue["detail"] == "overdue: expected March 2025 (20 months ago); no date known yet"
    silent = by_id["gb-26572-rohs-revision", "outcome_unknown"]
    assert silent["item"] == "gb-26572-rohs-revision"
    assert {i["reason"] for i in doc["items"]} == {"lapsed", "overdue", "outcome_unknown"}
    reasons = [i["reason"] for i in doc["items"]]
    assert reasons == sorted(reasons, key=["lapsed", "overdue", "outcome_unknown"].index)


def test_table_groups_by_reason_with_what_to_recheck(run: Runner) -> None:
    out = run("review", *BUNDLED).stdout
    assert out.splitlines()[0] == (
        "Review as of 2026-12-01: the registry is current to SESEC VI, November–December 2025,"
        " published 2026-01-22, 313 days ago (old: later deadlines are not in it).")
    lapsed = out.split("\nLapsed: ", 1)[1].split("\n\n", 1)[0]
    assert lapsed.splitlines()[0].endswith("(3)")
    assert "  gb-18384-ev-safety-requirements-revision/entry_into_force\n" in lapsed
    # a date computed from a lapsed one is flagged too
    assert "  gb-18384-ev-safety-requirements-revision/transition_end_approved_types\n" \
        "    unconfirmed: computed from an unconfirmed date" in lapsed
    assert "    re-check: SESEC VI, November–December 2025, “Safety Standards Drafted" in lapsed
    assert "\nOverdue: " in out and "\nOutcome unknown: " in out
    assert "\nUnverified: " not in out


def test_csv_has_one_row_per_item(run: Runner) -> None:
    text = run("review", *BUNDLED, "-f", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    doc = json.loads(run("review", *BUNDLED, "-f", "json").stdout)
    assert [(r["id"], r["reason"]) for r in rows] == [(i["id"], i["reason"])
                                                      for i in doc["items"]]
    assert text.splitlines()[0] == ("id,item,reason,detail,title,edition,edition_label,"
                                    "article,source_title,url")


def test_the_filters_of_list(run: Runner) -> None:
    doc = json.loads(run("review", *BUNDLED, "-t", "rohs", "-f", "json").stdout)
    assert {i["item"] for i in doc["items"]} == {
        "gb-26572-rohs-revision", "samr-green-product-certification-labeling-measures"}
    kinds = json.loads(run("review", *BUNDLED, "-k", "mandatory_from", "-f", "json").stdout)
    assert {(i["id"], i["reason"]) for i in kinds["items"] if i["reason"] == "lapsed"} == {
        ("gb-18384-ev-safety-requirements-revision/mandatory_from", "lapsed")}
    window = json.loads(run("review", *BUNDLED, "--from", "2026-06", "--to", "2026-07",
                            "-k", "entry_into_force", "-f", "json").stdout)
    assert [i["id"] for i in window["items"] if i["reason"] == "lapsed"] == [
        "gb-18384-ev-safety-requirements-revision/entry_into_force"]


def test_strict_exits_4_when_anything_is_flagged(run: Runner) -> None:
    assert run("review", *BUNDLED, "--strict").exit_code == 4
    assert run("review", *BUNDLED).exit_code == 0
    clean = run("review", "--registry", str(REGISTRY), "--as-of", AS_OF, "--strict")
    assert clean.exit_code == 0, clean.stdout
    assert clean.stdout.splitlines()[1] == "Nothing to re-check."


def test_thresholds_are_options(run: Runner) -> None:
    late = run("review", "--registry", str(REGISTRY), "--as-of", AS_OF, "--unverified-days",
               "30", "-f", "json")
    doc = json.loads(late.stdout)
    assert doc["thresholds"]["unverified_days"] == 30
    assert {i["reason"] for i in doc["items"]} == {"unverified"}
    assert all(i["id"] == i["item"] for i in doc["items"])  # one item per instrument
    assert len(doc["items"]) == len({i["item"] for i in doc["items"]})
    bad = run("review", "--unverified-days", "-3")
    assert bad.exit_code == 2 and "--unverified-days must be from 0 to 999999" in bad.stderr


def test_csv_cells_are_safe_for_spreadsheets(run: Runner, tmp_path: Path) -> None:
    text = REGISTRY.read_text(encoding="utf-8").replace(
        'title = "CCC for EV chargers"', 'title = "=HYPERLINK(1)"', 1)
    path = tmp_path / "r.toml"
    path.write_text(text, encoding="utf-8")
    out = run("review", "-r", str(path), "--as-of", AS_OF, "--unverified-days", "1", "-f", "csv")
    assert out.exit_code == 0, out.stderr
    row = next(r for r in csv.DictReader(io.StringIO(out.stdout)) if r["item"] == "ccc-chargers")
    assert row["title"] == "'=HYPERLINK(1)"


def test_back_filling_an_old_edition_prints_no_negative_age(run: Runner) -> None:
    """Reviewing as of an older edition's day, before the registry's newest edition."""
    newest = max(e.published for e in load([bundled_path()]).editions)
    days = (newest - date(2021, 10, 14)).days
    cases = (("2021-10-14", f"{days} days after 2021-10-14 (reviewing as of an earlier day, "
                            "as when back-filling an older edition)"),
             (newest.isoformat(), "that day"),
             ((newest + timedelta(days=1)).isoformat(), "1 day ago"))
    for as_of, words in cases:
        first = run("review", "-r", str(bundled_path()), "--as-of", as_of).stdout
        first = first.splitlines()[0]
        assert first.endswith(f"published {newest.isoformat()}, {words}."), first
        assert not re.search(r", -\d", first)
    old = ("--registry", str(bundled_path()), "--as-of", "2021-10-14")
    doc = json.loads(run("review", *old, "-f", "json").stdout)
    assert doc["registry"]["age_days"] is None
    assert doc["registry"]["published"] == newest.isoformat()
    assert json.loads(run("review", *BUNDLED, "-f", "json").stdout)["registry"]["age_days"] > 0
