"""The window each command selected, in its JSON (and its table when estimated)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

REGISTRY = Path(__file__).parent / "fixtures" / "registry.toml"


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "sesec_deadlines", *args, "-r",
                           str(REGISTRY)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done


def _window(tmp_path: Path, *args: str) -> Any:
    document = json.loads(_run(tmp_path, *args, "--format", "json").stdout)
    assert list(document)[:5] == ["schema", "as_of", "registry", "window", "milestones"]
    return document["window"]


def test_upcoming_says_its_window(tmp_path: Path) -> None:
    assert _window(tmp_path, "upcoming", "--as-of", "2026-03-20") == {
        "from": "2026-03-20", "to": "2026-06-18", "estimated": False}
    assert _window(tmp_path, "upcoming", "--as-of", "2026-03-20", "--within", "2w") == {
        "from": "2026-03-20", "to": "2026-04-03", "estimated": False}
    # 10 working days from Friday 6 February 2026 cross the Spring Festival.
    assert _window(tmp_path, "upcoming", "--as-of", "2026-02-06", "--within", "10wd") == {
        "from": "2026-02-06", "to": "2026-02-27", "estimated": False}


def test_a_window_counted_into_an_unpublished_year_is_estimated(tmp_path: Path) -> None:
    from sesec_deadlines.core.workdays import WorkingCalendar, official_years

    last = official_years(WorkingCalendar())[1]
    window = _window(tmp_path, "upcoming", "--as-of", f"{last}-12-01", "--within", "30wd")
    assert window["estimated"] is True and window["to"].startswith(f"{last + 1}-01")
    # The same window in calendar days is exact.
    assert _window(tmp_path, "upcoming", "--as-of", f"{last}-12-01", "--within", "45d")[
        "estimated"] is False
    table = _run(tmp_path, "list", "--as-of", f"{last}-12-01", "--to", "+30wd").stdout
    assert "(estimated: counted in working days of a year whose official holiday " in table


def test_list_says_its_window_open_or_closed(tmp_path: Path) -> None:
    assert _window(tmp_path, "list", "--as-of", "2026-03-20") == {
        "from": "2026-03-20", "to": None, "estimated": False}
    assert _window(tmp_path, "list", "--all") == {"from": None, "to": None,
                                                   "estimated": False}
    assert _window(tmp_path, "list", "--as-of", "2026-10-12", "--from", "-10wd", "--to",
                   "2026-12") == {"from": "2026-09-21", "to": "2026-12-31", "estimated": False}


def test_timeline_json_has_the_window_and_what_it_draws(tmp_path: Path) -> None:
    window = _window(tmp_path, "timeline", "--as-of", "2026-06-15")
    assert window == {"from": "2026-03-15", "to": "2027-06-15", "estimated": False}
    document = json.loads(_run(tmp_path, "timeline", "--as-of", "2026-06-15", "--format",
                               "json").stdout)
    listed = json.loads(_run(tmp_path, "list", "--as-of", "2026-06-15", "--from", "2026-03-15",
                             "--to", "2027-06-15", "--format", "json").stdout)
    assert [m["id"] for m in document["milestones"]] == [m["id"] for m in listed["milestones"]]
    assert document["milestones"], "the fixture has milestones in the window"
