"""Feeds that never vanish: export --allow-empty, and the documentation's example commands
run as written on the day the tests run (today's clock, no --as-of)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Calendar

from .conftest import Runner
from .icslint import lint

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = Path(__file__).parent / "fixtures" / "registry.toml"

# Example commands that cannot run here as written, and why. Every other command shown in
# a code block of the README or docs/ without --as-of runs against today's clock.
NOT_HERE = {
    "deadlines config ": "needs the reader's configuration file and SMTP password",
    "deadlines remind": "needs the reader's configuration and mail server",
    "deadlines update ": "fetches from the reader's intranet",
    "deadlines verify-sources ": "reads the reader's folder of editions",
    "deadlines scan ": "reads the reader's edition files",
    "deadlines add ": "edits the reader's registry file",
    "deadlines check data/": "checks the reader's own registry files",
    "deadlines review -r ours.toml": "reads the reader's own registry file",
    "deadlines track ": "writes the team's tracking file",
    "deadlines publish /srv/www/china --registry data/": "reads the reader's own registry files",
}


def doc_commands() -> list[tuple[str, str]]:
    """(page, command) for every `deadlines` command in a code block of the README and
    docs/ that has no --as-of: continuation lines joined, trailing comments removed."""
    found = []
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        for block in re.findall(r"^```\w*\n(.*?)\n```$", text, re.M | re.S):
            joined = re.sub(r"\\\n\s*", " ", block)
            for line in joined.splitlines():
                command = line.strip().removeprefix("$ ")
                if not re.match(r"^(?:[\w.~/-]*/)?deadlines\s", command) or "--as-of" in command:
                    continue
                command = re.sub(r"\s+#\s.*$", "", command).strip()
                found.append((str(page.relative_to(ROOT)), command))
    return found


def test_the_examples_are_found() -> None:
    commands = [c for _, c in doc_commands()]
    assert any(c.startswith("deadlines export -t ccc") for c in commands)
    assert any(c.startswith("deadlines publish") for c in commands)
    assert len(commands) >= 20


def test_every_example_runs_as_written_today(tmp_path: Path) -> None:
    """Run each example in a scratch folder with today's clock: it must succeed. Paths
    under /srv become paths in that folder (the tests do not write to /srv)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEADLINES_")}
    env.update(PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
               NO_COLOR="1", XDG_CACHE_HOME=str(tmp_path / "cache"),
               XDG_STATE_HOME=str(tmp_path / "state"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), HOME=str(tmp_path), COLUMNS="80")
    ran = 0
    for page, command in doc_commands():
        if any(command.startswith(prefix) for prefix in NOT_HERE):
            continue
        command = command.replace("/srv/", "srv/")
        done = subprocess.run(command, shell=True, cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, (page, command, done.stderr)
        ran += 1
    assert ran >= 15


def test_export_allow_empty_writes_a_valid_empty_calendar(run: Runner, tmp_path: Path) -> None:
    out = tmp_path / "ai.ics"
    refused = run("export", "-r", str(REGISTRY), "--as-of", "2026-03-20", "-t", "ai",
                  "-o", str(out))
    assert refused.exit_code == 2 and "--allow-empty" in refused.stderr
    done = run("export", "-r", str(REGISTRY), "--as-of", "2026-03-20", "-t", "ai",
               "--allow-empty", "-o", str(out))
    assert done.exit_code == 0, done.stderr
    data = out.read_bytes()
    assert lint(data, empty=True) == []
    cal = Calendar.from_ical(data)
    assert cal.walk("VEVENT") == [] and cal["X-WR-CALNAME"] == "China compliance deadlines"
    as_json = run("export", "-r", str(REGISTRY), "--as-of", "2026-03-20", "-t", "ai",
                  "--allow-empty", "-f", "json")
    assert as_json.exit_code == 0 and '"milestones": []' in as_json.stdout


@pytest.mark.parametrize("span", ["12m", "20wd"])
def test_publish_takes_past_like_export(run: Runner, tmp_path: Path, span: str) -> None:
    site = tmp_path / "site"
    done = run("publish", str(site), "-r", str(REGISTRY), "--as-of", "2026-03-20",
               "--past", span)
    assert done.exit_code == 0, done.stderr
    out = tmp_path / "all.ics"
    run("export", "-r", str(REGISTRY), "--as-of", "2026-03-20", "--past", span,
        "-o", str(out))
    assert (site / "all.ics").read_bytes() == out.read_bytes()
