"""Property tests: every generated registry either passes `check` and then goes through every
output, or `check` reports problems that each say where they are (exit 2). Never an internal
error or a traceback; the same for generated option values.

Profiles: `ci` (the default; a minute or so) and `campaign` (thousands of examples):
`DEADLINES_HYPOTHESIS_PROFILE=campaign pytest tests/test_properties.py`, or
`python bench/property_campaign.py`, which also prints what the generated inputs found.
With `DEADLINES_PROPERTY_STATS=FILE` the tests write their tallies to FILE (JSON).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import html5lib
import pytest
from hypothesis import HealthCheck, given, settings
from icalendar import Calendar

from sesec_deadlines.core.errors import problem_kind
from sesec_deadlines.registry.load import check

from .conftest import FIXTURES, REGISTRY, Runner
from .properties import option_args, registry_bytes

EDITIONS = FIXTURES / "editions.toml"
_COMMON = {"deadline": None, "derandomize": False,
           "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                     HealthCheck.data_too_large, HealthCheck.filter_too_much]}
settings.register_profile("ci", max_examples=150, **_COMMON)
settings.register_profile(
    "campaign", max_examples=int(os.environ.get("DEADLINES_HYPOTHESIS_EXAMPLES", "3000")),
    **_COMMON)
PROFILE = os.environ.get("DEADLINES_HYPOTHESIS_PROFILE", "ci")

# Problems about a whole file, which have no line of their own.
WHOLE_FILE = ("the file is empty",)
TALLY: Counter[str] = Counter()
KINDS: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def _stats() -> Iterator[None]:
    yield
    target = os.environ.get("DEADLINES_PROPERTY_STATS")
    if target:
        Path(target).write_text(json.dumps({"tally": TALLY, "kinds": KINDS.most_common()},
                                           ensure_ascii=False, indent=1), encoding="utf-8")


def no_crash(result: object, what: str) -> None:
    output = getattr(result, "output", "")
    assert "internal error" not in output, f"{what}: {output}"
    assert "Traceback" not in output, f"{what}: {output}"
    assert getattr(result, "exception", None) is None or isinstance(
        result.exception, SystemExit), f"{what}: {result.exception!r}"  # type: ignore[attr-defined]


@settings(settings.get_profile(PROFILE))
@given(raw=registry_bytes())
def test_every_registry_passes_everywhere_or_is_refused_with_locations(
    raw: bytes, run: Runner, tmp_path: Path
) -> None:
    TALLY["registries"] += 1
    path = tmp_path / f"r{TALLY['registries']}.toml"
    path.write_bytes(raw)
    past = time.time() - 60  # old enough for the cache to keep it
    os.utime(path, (past, past))
    lines = raw.count(b"\n") + 1
    _, problems = check([EDITIONS, path])
    for p in problems:
        assert p.file == str(path), str(p)
        assert p.line is None or 1 <= p.line <= lines, str(p)
        assert p.line is not None or p.message.startswith(WHOLE_FILE), str(p)
        KINDS[problem_kind(p)] += 1
    result = run("check", str(EDITIONS), str(path))
    no_crash(result, "check")
    if problems:
        TALLY["refused by check"] += 1
        assert result.exit_code == 2, result.output
        assert result.stderr.splitlines()[-1].startswith(f"error: {len(problems)} problem")
        for args in (["list", "--all"], ["export", "--all"]):  # they refuse it the same way
            other = run(*args, "-r", str(EDITIONS), "-r", str(path))
            no_crash(other, args[0])
            assert other.exit_code == 2, other.output
        return
    TALLY["passed check"] += 1
    assert result.exit_code == 0, result.output
    through_every_output(run, path, tmp_path)


def through_every_output(run: Runner, path: Path, tmp_path: Path) -> None:
    registry = ["-r", str(EDITIONS), "-r", str(path)]
    listed = run("list", "--all", *registry, "-f", "json")
    no_crash(listed, "list")
    assert listed.exit_code == 0, listed.output
    listing = json.loads(listed.stdout)
    milestones = listing["milestones"] + listing["pending"]
    for args in (["list", "--all"], ["upcoming", "--as-of", "2026-01-01"],
                 ["upcoming", "--as-of", "9899-12-31", "--within", "1 year"],
                 ["list", "--all", "-f", "csv"], ["changes"], ["review"],
                 ["timeline", "--from", "0001-01-01", "--to", "9999-12-30"],
                 ["export", "-f", "svg", "--from", "9999-12-01"]):
        result = run(*args, *registry)
        no_crash(result, args[0])
        assert result.exit_code == 0, (args, result.output)
        if "csv" in args:
            rows = list(csv.reader(io.StringIO(result.stdout)))
            assert len(rows) == len(milestones) + 1  # a header, then one row per milestone
    for inst in {m["item"] for m in milestones}:
        shown = run("show", inst, *registry)
        no_crash(shown, "show")
        assert shown.exit_code == 0, shown.output
    for fmt in ("ics", "json", "csv"):
        result = run("export", "--all", "--include-approximate", "--windows", "-f", fmt,
                     *registry)
        no_crash(result, f"export {fmt}")
        if result.exit_code == 2:  # only when nothing has a date: an empty calendar is refused
            assert "nothing to export" in result.stderr or "would be empty" in result.stderr
            assert all(m["date"] is None for m in milestones) or fmt == "ics"  # day dates only
            continue
        assert result.exit_code == 0, result.output
        if fmt == "ics":
            Calendar.from_ical(result.stdout)
            TALLY["calendars exported"] += 1
        elif fmt == "json":
            json.loads(result.stdout)
    every_xml_output_parses(run, registry, tmp_path)
    config = tmp_path / "config.toml"
    config.write_text(
        'from = "Deadlines <d@example.com>"\n[smtp]\nhost = "127.0.0.1"\nsecurity = "none"\n'
        '[[subscription]]\nname = "all"\nto = ["a@example.com"]\ninclude_approximate = true\n',
        encoding="utf-8")
    config.chmod(0o600)
    for day in ("2026-01-01", "9899-12-31", "1900-01-01"):
        result = run("remind", "--dry-run", "--config", str(config), *registry, "--as-of", day)
        no_crash(result, "remind")
        assert result.exit_code == 0, result.output
    TALLY["went through every output"] += 1


def every_xml_output_parses(run: Runner, registry: list[str], tmp_path: Path) -> None:
    """The Atom feed, the SVG pictures and the page are well-formed, whatever `check` let
    through (a U+FFFF in a title would make them unreadable)."""
    window = ["--from", "0001-01-01", "--to", "9999-12-30"]
    site = tmp_path / "site"
    shutil.rmtree(site, ignore_errors=True)
    for args in (["changes", "-f", "atom", "--since", "0001-01-01", "--as-of", "2026-06-01"],
                 ["export", "-f", "svg", *window], ["timeline", "-f", "svg", *window],
                 ["publish", str(site), "--changes-since", "0001-01-01", *window]):
        result = run(*args, *registry)
        no_crash(result, args[0])
        assert result.exit_code == 0, (args, result.output)
        if args[0] != "publish":
            ElementTree.fromstring(result.stdout_bytes)
    for name in ("timeline.svg", "changes.atom"):
        ElementTree.parse(site / name)
    html5lib.HTMLParser(strict=True).parse((site / "index.html").read_bytes())
    for calendar in site.glob("*.ics"):
        Calendar.from_ical(calendar.read_bytes())
    TALLY["XML outputs parsed"] += 6


@settings(settings.get_profile(PROFILE))
@given(args=option_args())
def test_every_option_value_is_accepted_or_a_usage_error(args: list[str], run: Runner) -> None:
    TALLY["command lines"] += 1
    result = run(*args, "-r", str(REGISTRY))
    no_crash(result, " ".join(args))
    assert result.exit_code in (0, 2), (args, result.output)
    if result.exit_code == 2:
        TALLY["command lines refused"] += 1
        first = result.stderr.splitlines()[0] if result.stderr else ""
        assert first.startswith(("error:", "Usage:")), (args, result.stderr)
