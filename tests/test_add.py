"""`deadlines add`: appends without touching existing bytes; on any error, no change."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from sesec_deadlines.registry.load import bundled_path, check

from .conftest import REGISTRY, Runner

BASE = ("--id", "new-rule", "--title", "New rule", "-a", "SAMR", "-t", "ccc", "--status",
        "draft", "--summary", "A new rule, summarised in our words.", "--edition", "2025-11",
        "--article", "Some article")


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "ours.toml"
    shutil.copy(REGISTRY, path)
    return path


def test_appends_and_keeps_every_existing_byte(run: Runner, target: Path) -> None:
    before = target.read_bytes()
    os.chmod(target, 0o640)
    result = run("add", str(target), *BASE,
                 "-m", "kind=comment_close; date=2026-01-18; certainty=official",
                 "-m", "kind=entry_into_force; after=comment_close; offset=3 months; "
                       "certainty=proposed; note=Planned, per the draft")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"added new-rule (2 milestones) to {target}\n"
    after = target.read_bytes()
    assert after.startswith(before)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    registry, problems = check([target])
    assert problems == []
    entry = next(e for e in registry.entries if e.id == "new-rule/entry_into_force")
    assert entry.date is not None and entry.date.iso() == "2026-04-18"
    assert entry.milestone.note == "Planned, per the draft"
    assert "[[instrument.milestone]]" in after[len(before):].decode()
    assert list(target.parent.glob(".ours.toml.*")) == []


def test_a_period_gives_its_last_day(run: Runner, target: Path) -> None:
    result = run("add", str(target), *BASE,
                 "-m", "kind=entry_into_force; date=2027-01-01; certainty=official",
                 "-m", "key=grace; kind=transition_end; after=entry_into_force; "
                       "period=36 months; certainty=official")
    assert result.exit_code == 0, result.stderr
    assert 'period = "36 months"' in target.read_text(encoding="utf-8")
    registry, problems = check([target])
    assert problems == []
    entry = next(e for e in registry.entries if e.id == "new-rule/grace")
    assert entry.date is not None and entry.date.iso() == "2029-12-31"
    assert entry.rule() == "last day of 36 months from entry into force"


def test_creates_a_new_file(run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "fresh.toml"
    alone = run("add", str(path), *BASE, "-m", "kind=other; date=2027; certainty=estimated")
    assert alone.exit_code == 2  # it cites an edition only the bundled registry declares
    assert "edition '2025-11' is not declared" in alone.stderr
    assert "-r bundled -r FILE" in alone.stderr
    assert not path.exists()
    result = run("add", str(path), *BASE, "-m", "kind=other; date=2027; certainty=estimated",
                 "-r", "bundled")
    assert result.exit_code == 0, result.stderr
    assert check([bundled_path(), path])[1] == []


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--id", "rohs-draft"), "already has an instrument with id 'rohs-draft'"),
        (("-m", "kind=comment_close; date=2026-02-30; certainty=official"),
         "error: --milestone 1 (kind=comment_close; date=2026-02-30; certainty=official): "
         "date: '2026-02-30' is not a real day"),
        (("-m", "kind=deadline; date=2026-02-01; certainty=official"),
         "error: --milestone 1 (kind=deadline; date=2026-02-01; certainty=official): kind: "
         "unknown kind 'deadline'"),
        (("-m", "kind=other; after=nothing; offset=1 month; certainty=proposed"),
         "`after` names milestone 'nothing', which does not exist"),
        (("-m", "kind=other; when=2026"), "--milestone: unknown field 'when'"),
        (("-m", "kind other"), "is not key=value"),
        (("-t", "rosh", "-m", "kind=other; date=2026; certainty=estimated"),
         "error: --topic: unknown topic 'rosh'. Did you mean 'rohs'?"),
    ],
)
def test_refuses_and_leaves_the_file_alone(run: Runner, target: Path, extra: tuple[str, ...],
                                           message: str) -> None:
    before = target.read_bytes()
    args = [*BASE]
    if extra[0] == "--id":
        args[1] = extra[1]
        extra = ("-m", "kind=other; date=2026; certainty=estimated")
    result = run("add", str(target), *args, *extra)
    assert result.exit_code == 2
    assert message in result.stderr
    assert target.read_bytes() == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["ours.toml"]


def test_refuses_an_id_used_in_another_registry(run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "ours.toml"
    args = [*BASE]
    args[1] = "ccc-chargers"
    result = run("add", str(path), *args, "-m", "kind=other; date=2026; certainty=estimated",
                 "--registry", str(REGISTRY))
    assert result.exit_code == 2
    assert f"{REGISTRY} already has an instrument with id 'ccc-chargers'" in result.stderr
    assert not path.exists()


def test_missing_fields_without_interactive(run: Runner, tmp_path: Path) -> None:
    result = run("add", str(tmp_path / "x.toml"), "--id", "x")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: missing --title, --authority, --topic, --status, "
                                    "--summary, --milestone\nhint: ")


def test_interactive(run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "i.toml"
    answers = "\n".join([
        "asked-rule", "Asked rule", "GB 1234", "SAMR, SAC", "gb-standard", "final",
        "widgets", "Widgets must be safe.", "2023-11", "An article",
        "entry_into_force", "2026-05-01", "", "", "", "official", "", "",
        "",
    ]) + "\n"
    result = run("add", str(path), "--interactive", "-r", "bundled", input=answers)
    assert result.exit_code == 0, result.output
    registry, problems = check([bundled_path(), path])
    assert problems == []
    inst = registry.instrument("asked-rule")
    assert inst is not None
    assert (inst.id, inst.number, inst.authority, inst.products) == (
        "asked-rule", "GB 1234", ("SAMR", "SAC"), ("widgets",))
    assert [e.date.iso() for e in registry.entries_of("asked-rule") if e.date] == ["2026-05-01"]


def test_records_the_day_it_was_added(run: Runner, target: Path) -> None:
    from sesec_deadlines.core.dates import today_in_shanghai

    result = run("add", str(target), *BASE,
                 "-m", "kind=comment_close; date=2026-01-18; certainty=official")
    assert result.exit_code == 0, result.stderr
    today = today_in_shanghai()
    registry, problems = check([target])
    assert problems == []
    instrument = registry.instrument("new-rule")
    assert instrument is not None and instrument.added == today
    assert f"\nadded = {today.isoformat()}\n" in target.read_text(encoding="utf-8")
    # the day comes from the command, never from a milestone option
    result = run("add", str(target), *BASE, "--id", "other-rule",
                 "-m", "kind=comment_close; date=2026-01-18; certainty=official; added=2020-01-01")
    assert result.exit_code == 2
    assert "unknown field 'added'" in result.stderr
