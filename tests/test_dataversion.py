"""The registry's data version: what changes it, what does not, and where it is shown."""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path

import pytest

from sesec_deadlines.core.dataversion import DataVersion, compare, parse
from sesec_deadlines.registry.cache import load_cached
from sesec_deadlines.registry.load import bundled_path, load
from sesec_deadlines.remind.message import build
from sesec_deadlines.remind.select import Digest

from .conftest import AS_OF, REGISTRY, Runner

VERSION_RE = re.compile(r"^\d{4}-\d{2}-\d{2}\.[0-9a-f]{12}$")
OLD = 1_600_000_000


def version_of(*paths: Path) -> str:
    return load(list(paths)).version


def test_version_is_day_and_hash_and_stable() -> None:
    version = version_of(REGISTRY)
    assert VERSION_RE.match(version)
    # the latest day the fixture records: its instruments' last_verified (2026-01-15)
    assert version.startswith("2026-01-15.")
    assert version_of(REGISTRY) == version


def test_layout_comments_and_key_order_do_not_change_it(tmp_path: Path) -> None:
    text = REGISTRY.read_text(encoding="utf-8")
    reformatted = tmp_path / "r.toml"
    reformatted.write_text(
        "# a comment\n\n" + text.replace('title = "CCC for EV chargers"\nnumber = '
                                         '"CNCA-C25-01:2024"',
                                         'number = "CNCA-C25-01:2024"   # moved up\n'
                                         'title = "CCC for EV chargers"'),
        encoding="utf-8")
    assert reformatted.read_text(encoding="utf-8") != text
    assert version_of(reformatted) == version_of(REGISTRY)


def test_any_content_change_changes_the_hash(tmp_path: Path) -> None:
    text = REGISTRY.read_text(encoding="utf-8")
    changed = tmp_path / "r.toml"
    changed.write_text(text.replace('summary = "Chargers need CCC."',
                                    'summary = "Chargers need CCC certification."'),
                       encoding="utf-8")
    before, after = parse(version_of(REGISTRY)), parse(version_of(changed))
    assert before is not None and after is not None
    assert before.day == after.day and before.digest != after.digest
    assert compare(str(after), str(before)) is None  # same day: neither is older


def test_a_later_recorded_day_makes_it_newer(tmp_path: Path) -> None:
    text = REGISTRY.read_text(encoding="utf-8")
    later = tmp_path / "r.toml"
    later.write_text(text.replace("last_verified = 2026-01-15", "last_verified = 2026-02-20",
                                  1), encoding="utf-8")
    new, old = version_of(later), version_of(REGISTRY)
    assert new.startswith("2026-02-20.")
    assert compare(new, old) == 1 and compare(old, new) == -1 and compare(new, new) == 0


def test_date_and_string_of_the_same_text_differ(tmp_path: Path) -> None:
    """A TOML date and a string reading the same are different content."""
    base = ('schema = 1\n[[instrument]]\nid = "a"\ntitle = "A"\nauthority = ["MIIT"]\n'
            'topics = ["ev"]\nstatus = "final"\nsummary = "s"\nlast_verified = 2026-01-01\n'
            'sources = [{ title = "x" }]\n[[instrument.milestone]]\nkind = "entry_into_force"\n'
            'certainty = "official"\n')
    one, two = tmp_path / "one.toml", tmp_path / "two.toml"
    one.write_text(base + 'date = "2026-05-01"\n', encoding="utf-8")
    two.write_text(base + "date = 2026-05-01\n", encoding="utf-8")
    reg_one, reg_two = load([one]), load([two])
    assert reg_one.entries[0].date == reg_two.entries[0].date
    assert reg_one.version != reg_two.version


def test_files_read_together_equal_their_merge(tmp_path: Path) -> None:
    text = REGISTRY.read_text(encoding="utf-8")
    cut = text.index("[[instrument]]\nid = \"rohs-draft\"")
    head, tail = tmp_path / "head.toml", tmp_path / "tail.toml"
    head.write_text(text[:cut], encoding="utf-8")
    tail.write_text("schema = 1\n\n" + text[cut:], encoding="utf-8")
    assert version_of(head, tail) == version_of(REGISTRY)


def test_the_cache_keeps_it(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_bytes(REGISTRY.read_bytes())
    os.utime(path, (OLD, OLD))
    first = load_cached([path])
    again = load_cached([path])
    assert type(again).__name__ == "CachedRegistry"
    assert again.version == first.version == version_of(REGISTRY)
    assert again.counts() == first.counts() == (4, 10)


def test_parse_refuses_what_is_not_a_version() -> None:
    for text in ("", "2026-01-15", "2026-13-01.0123456789ab", "2026-01-15.XYZ456789abc"):
        assert parse(text) is None
    assert parse("2026-01-15.0123456789ab") == DataVersion(date(2026, 1, 15), "0123456789ab")


def test_version_option_names_program_and_registry(run: Runner) -> None:
    result = run("--version")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    bundled = load([bundled_path()])
    instruments, milestones = bundled.counts()
    assert lines[0].startswith("deadlines 0.")
    assert lines[1] == f"registry {bundled.version}"
    assert lines[2].startswith("  newest edition: 2025-11 (SESEC VI")
    assert lines[3] == f"  {instruments} instruments, {milestones} milestones"
    assert lines[4] == f"  file: {bundled_path()} (bundled with the program)"


def test_version_option_with_a_registry_of_ones_own(run: Runner) -> None:
    result = run("--version", env={"DEADLINES_REGISTRY": str(REGISTRY)})
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1:] == [
        f"registry {version_of(REGISTRY)}",
        "  newest edition: 2025-11 (SESEC VI, November–December 2025, published 2026-01-01)",
        "  4 instruments, 10 milestones",
        f"  file: {REGISTRY}",
    ]


def test_version_option_with_a_broken_registry(run: Runner, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("schema = 1\n[[instrument]]\nid = 3\n", encoding="utf-8")
    result = run("--version", env={"DEADLINES_REGISTRY": str(broken)})
    assert result.exit_code == 2
    assert result.stdout.startswith("deadlines 0.")
    assert f"{broken}:3" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [
    ("upcoming", "-f", "json"), ("list", "--all", "-f", "json"),
    ("export", "--all", "-f", "json", "-o", "-"), ("review", "-f", "json"),
    ("changes", "--since", "2025-01-01", "-f", "json"), ("timeline", "-f", "json"),
    ("show", "ccc-chargers", "-f", "json"),
])
def test_json_outputs_carry_it(run: Runner, command: tuple[str, ...]) -> None:
    result = run(*command, "--as-of", AS_OF, "-r", str(REGISTRY))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["registry"]["version"] == version_of(REGISTRY)


@pytest.mark.parametrize("command", [("editions", "-f", "json"),
                                     ("inbox", "--all", "-f", "json", "--as-of", AS_OF)])
def test_editions_and_inbox_json_carry_it(run: Runner, command: tuple[str, ...],
                                          tmp_path: Path) -> None:
    result = run(*command, "-r", str(REGISTRY),
                 env={"DEADLINES_TRACKING": str(tmp_path / "tracking.jsonl")})
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["registry"]["version"] == version_of(REGISTRY)


def test_site_and_its_json_show_it(run: Runner, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = run("publish", str(site), "--as-of", AS_OF, "-r", str(REGISTRY))
    assert result.exit_code == 0, result.stderr
    version = version_of(REGISTRY)
    assert f"registry version <code>{version}</code>" in (site / "index.html").read_text()
    doc = json.loads((site / "deadlines.json").read_text())
    assert doc["registry"]["version"] == version


def test_reminder_email_names_it() -> None:
    fixture = Path(__file__).parent / "fixtures" / "remind-registry.toml"
    from sesec_deadlines.core.query import make_filters
    from sesec_deadlines.remind.config import Subscription
    from sesec_deadlines.remind.select import due

    reg = load([fixture])
    sub = Subscription(name="all", to=("a@example.com",), filters=make_filters())
    (digest,) = due(reg.entries, [sub], [], date(2026, 4, 1))
    assert isinstance(digest, Digest) and digest.registry is None
    from dataclasses import replace
    from datetime import UTC, datetime

    msg = build(replace(digest, registry=reg.version), sender="d@example.com",
                today=date(2026, 4, 1), now=datetime(2026, 4, 1, tzinfo=UTC))
    for kind in ("plain", "html"):
        part = msg.get_body(preferencelist=(kind,))
        assert part is not None
        assert f"Registry version {reg.version}." in part.get_content()


def _install_by_hand(source: Path, version: str) -> Path:
    """An installed registry as `deadlines update` leaves it (tests/test_update.py installs
    real ones): its folder with the registry and a manifest naming its version."""
    from sesec_deadlines.registry.installed import installed_dir

    folder = installed_dir()
    folder.mkdir(parents=True)
    (folder / "registry.toml").write_bytes(source.read_bytes())
    (folder / "manifest.json").write_text(json.dumps({"version": version}), encoding="utf-8")
    return folder / "registry.toml"


def test_the_newer_of_bundled_and_installed_is_the_default(run: Runner, tmp_path: Path) -> None:
    bundled = load([bundled_path()]).version
    text = bundled_path().read_text(encoding="utf-8")
    newer = tmp_path / "newer.toml"
    newer.write_text(text.replace("last_verified = ", "last_verified = 2099-01-01 #", 1),
                     encoding="utf-8")
    version = load([newer]).version
    assert compare(version, bundled) == 1
    installed = _install_by_hand(newer, version)
    lines = run("--version").stdout.splitlines()
    assert lines[1] == f"registry {version}"
    assert lines[-2].startswith(f"  file: {installed} (installed by `deadlines update`")
    assert lines[-1] == f"    (the bundled registry is {bundled})"
    # an installed registry older than the bundled one is not read
    (installed.parent / "manifest.json").write_text(
        json.dumps({"version": "2000-01-01.0123456789ab"}), encoding="utf-8")
    lines = run("--version").stdout.splitlines()
    assert lines[1] == f"registry {bundled}"
    assert lines[-1] == ("    (the registry `deadlines update` installed, "
                         "2000-01-01.0123456789ab, is not newer)")
