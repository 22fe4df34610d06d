"""The team's decisions everywhere: JSON/CSV `tracking`, table columns, --owner/--progress/
--undecided, done and not-applicable left out where commands look ahead, act-by events in
calendars (lint, icalendar and khal read-back)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import icalendar
import pytest

from .conftest import AS_OF, REGISTRY, Runner
from .icslint import lint
from .test_export import khal_events


@pytest.fixture
def tracked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "team" / "tracking.jsonl"
    path.parent.mkdir()
    monkeypatch.setenv("DEADLINES_TRACKING", str(path))
    monkeypatch.setenv("DEADLINES_USER", "Anna Li")
    return path


def cmd(run: Runner, *args: str) -> object:
    r = run(*args, "-r", str(REGISTRY), "--as-of", AS_OF)
    assert r.exit_code == 0, r.stderr
    return r


def decide(run: Runner) -> None:
    cmd(run, "track", "ccc-chargers/mandatory_from", "--progress", "in-progress", "--owner",
        "Bo", "--act-by", "10d")
    cmd(run, "track", "rohs-draft/comment_close", "--progress", "done", "--owner", "anna")
    cmd(run, "track", "battery-standard", "--progress", "not-applicable", "--note", "no cells")


def ids(output: str) -> list[str]:
    doc = json.loads(output)
    return [m["id"] for m in doc["milestones"] + doc["pending"]]


def test_without_a_tracking_file_output_is_as_before(run: Runner, tracked: Path) -> None:
    table = cmd(run, "upcoming").stdout
    assert "PROGRESS" not in table and "OWNER" not in table
    doc = json.loads(cmd(run, "list", "--all", "--format", "json").stdout)
    assert all(m["tracking"] is None for m in doc["milestones"] + doc["pending"])
    assert not tracked.exists()


def test_json_and_csv_carry_the_decision(run: Runner, tracked: Path) -> None:
    decide(run)
    doc = json.loads(cmd(run, "list", "--all", "--format", "json").stdout)
    by_id = {m["id"]: m["tracking"] for m in doc["milestones"] + doc["pending"]}
    assert by_id["ccc-chargers/mandatory_from"] | {"updated_at": None} == {
        "progress": "in-progress", "owner": "Bo", "act_by": "2026-03-15", "act_by_rule": "10d",
        "snooze_until": None, "note": None, "evidence": [], "updated_at": None,
        "updated_by": "Anna Li"}
    assert by_id["battery-standard/approval"]["progress"] == "not-applicable"
    assert by_id["ccc-chargers/application_open"] is None
    rows = list(csv.DictReader(io.StringIO(cmd(run, "list", "--all", "--format", "csv").stdout)))
    header = list(rows[0])
    at = header.index("progress")  # appended after the columns of before
    assert at > header.index("flags")
    assert header[at:at + 7] == ["progress", "owner", "act_by", "tracking_note", "evidence",
                                 "updated_at", "updated_by"]
    row = next(r for r in rows if r["id"] == "battery-standard/approval")
    assert (row["progress"], row["tracking_note"]) == ("not-applicable", "no cells")


def test_tables_get_progress_and_owner_columns(run: Runner, tracked: Path) -> None:
    decide(run)
    lines = cmd(run, "list", "--all").stdout.splitlines()
    header = next(line for line in lines if line.startswith("DATE"))
    assert header.split()[-3:] == ["PROGRESS", "OWNER", "TITLE"]
    row = next(line for line in lines if "No CCC mark" in line or "mandatory from" in line)
    assert "doing" in row and "Bo" in row


def test_owner_progress_and_undecided_filter(run: Runner, tracked: Path) -> None:
    decide(run)
    assert ids(cmd(run, "list", "--all", "--owner", "BO", "-f", "json").stdout) == [
        "ccc-chargers/mandatory_from"]
    done = ids(cmd(run, "list", "--all", "--progress", "done", "-f", "json").stdout)
    assert done == ["rohs-draft/comment_close"]
    undecided = ids(cmd(run, "list", "--all", "--undecided", "-f", "json").stdout)
    assert "ccc-chargers/application_open" in undecided
    assert not {"ccc-chargers/mandatory_from", "battery-standard/approval"} & set(undecided)
    either = ids(cmd(run, "list", "--all", "--undecided", "--progress", "done",
                     "-f", "json").stdout)
    assert set(either) == set(undecided) | {"rohs-draft/comment_close"}
    r = run("list", "--progress", "finished", "-r", str(REGISTRY))
    assert r.exit_code == 2 and "is not a progress" in r.stderr


def test_upcoming_and_timeline_leave_out_done_and_not_applicable(run: Runner,
                                                                tracked: Path) -> None:
    before = ids(cmd(run, "upcoming", "--days", "400", "-f", "json").stdout)
    assert "rohs-draft/comment_close" in before and "battery-standard/approval" in before
    decide(run)
    after = ids(cmd(run, "upcoming", "--days", "400", "-f", "json").stdout)
    assert set(before) - set(after) >= {"rohs-draft/comment_close",
                                        "battery-standard/approval"}
    assert not any(i.startswith("battery-standard/") for i in after)
    assert ids(cmd(run, "upcoming", "--days", "400", "--include-done", "-f",
                   "json").stdout) == before
    assert "GB 31241" in cmd(run, "timeline", "--width", "120", "--include-done").stdout
    assert "GB 31241" not in cmd(run, "timeline", "--width", "120").stdout  # not applicable


def calendar(run: Runner, tmp_path: Path, *args: str) -> bytes:
    out = tmp_path / "c.ics"
    cmd(run, "export", "--all", "-o", str(out), *args)
    return out.read_bytes()


def events(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def test_act_by_dates_are_events_of_their_own(run: Runner, tracked: Path,
                                              tmp_path: Path) -> None:
    decide(run)
    data = calendar(run, tmp_path)
    assert lint(data) == []
    found = events(data)
    act = found["ccc-chargers.mandatory_from-act-by@sesec-deadlines"]
    assert act.decoded("DTSTART").isoformat() == "2026-03-15"
    assert str(act["SUMMARY"]).startswith("Act by: Mandatory from: ")
    assert "Owner: Bo" in str(act["DESCRIPTION"])
    assert "rohs-draft.comment_close@sesec-deadlines" not in found  # done: left out
    assert "rohs-draft.comment_close@sesec-deadlines" in events(
        calendar(run, tmp_path, "--include-done"))
    shown = khal_events(tmp_path / "c.ics", tmp_path)
    assert shown["ccc-chargers.mandatory_from-act-by@sesec-deadlines"][0] == "2026-03-15"
    first = int(act["SEQUENCE"])
    cmd(run, "track", "ccc-chargers/mandatory_from", "--act-by", "2026-03-01")
    moved = events(calendar(run, tmp_path))["ccc-chargers.mandatory_from-act-by@sesec-deadlines"]
    assert moved.decoded("DTSTART").isoformat() == "2026-03-01"
    assert int(moved["SEQUENCE"]) > first
    assert calendar(run, tmp_path) == calendar(run, tmp_path)  # same inputs, same bytes


def test_inbox_lists_undecided_milestones_newest_first(run: Runner, tracked: Path) -> None:
    everything = ids(cmd(run, "inbox", "--all", "-f", "json").stdout)
    listed = ids(cmd(run, "list", "--all", "-f", "json").stdout)
    assert sorted(everything) == sorted(listed)
    decide(run)
    doc = json.loads(cmd(run, "inbox", "--all", "-f", "json").stdout)
    queue = doc["milestones"] + doc["pending"]
    assert all(m["tracking"] is None for m in queue)
    assert not {m["id"] for m in queue} & {"ccc-chargers/mandatory_from",
                                           "rohs-draft/comment_close",
                                           "battery-standard/approval"}
    added = [m["added"] for m in doc["milestones"]]
    assert added == sorted(added, reverse=True)
    newest = max(m["added"] for m in queue)
    since = ids(cmd(run, "inbox", "--all", "--since", newest, "-f", "json").stdout)
    assert since and all(m["added"] >= newest for m in queue if m["id"] in since)
    upcoming_only = ids(cmd(run, "inbox", "-f", "json").stdout)
    assert "old-data-rule/comment_close" not in upcoming_only  # past: only with --all
    table = cmd(run, "inbox").stdout
    assert table.startswith("Inbox: ") and "deadlines track ID" in table


def test_publish_shows_progress_and_owner_and_notes_only_when_asked(
        run: Runner, tracked: Path, tmp_path: Path) -> None:
    import html5lib

    decide(run)
    cmd(run, "track", "ccc-chargers/mandatory_from", "--note", "lab booked in March")
    site = tmp_path / "site"
    cmd(run, "publish", str(site), "--from", "2026-01-01", "--to", "2027-12-31")
    html = (site / "index.html").read_text()
    html5lib.HTMLParser(strict=True).parse(html)
    assert '<th scope="col">Team</th>' in html
    assert "in progress, owner Bo, act by 2026-03-15" in html
    assert "lab booked" not in html and "no cells" not in html
    data = (site / "deadlines.json").read_text()
    assert '"owner": "Bo"' in data and "lab booked" not in data
    assert "act-by@sesec-deadlines" in (site / "all.ics").read_text()
    assert "rohs-draft.comment_close@" not in (site / "all.ics").read_text()  # done
    cmd(run, "publish", str(site), "--from", "2026-01-01", "--to", "2027-12-31",
        "--with-notes")
    assert "lab booked in March" in (site / "index.html").read_text()
    assert "lab booked in March" in (site / "deadlines.json").read_text()


def test_show_prints_the_decisions_and_their_history(run: Runner, tracked: Path) -> None:
    assert "Team decisions" not in cmd(run, "show", "ccc-chargers").stdout
    decide(run)
    out = cmd(run, "show", "ccc-chargers").stdout
    assert "Team decisions:" in out and "owner     Bo" in out
    assert "History (1 event):" in out and "Anna Li  ccc-chargers/mandatory_from:" in out
    doc = json.loads(cmd(run, "show", "ccc-chargers", "-f", "json").stdout)
    owners = {m["id"]: (m["tracking"] or {}).get("owner") for m in doc["milestones"]}
    assert owners == {"ccc-chargers/application_open": None,
                      "ccc-chargers/mandatory_from": "Bo"}
