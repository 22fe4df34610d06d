"""`deadlines add`: problems named by their option, commas in -m, prompts that ask again."""

from __future__ import annotations

from pathlib import Path

import pytest

from sesec_deadlines.registry.editing import parse_milestone
from sesec_deadlines.registry.load import bundled_path, check

from .conftest import Runner

BASE = ("--id", "new-rule", "--title", "New rule", "-a", "samr", "-t", "CCC", "--status",
        "Final", "--summary", "In our words.", "--source-title", "SAMR notice 2026/1")


def test_commas_separate_milestone_fields_too() -> None:
    assert parse_milestone("kind=published, date=2026-06-30") == {
        "kind": "published", "date": "2026-06-30"}
    assert parse_milestone("kind=other, note=Signed, sealed; certainty=official") == {
        "kind": "other", "note": "Signed, sealed", "certainty": "official"}


def test_options_follow_the_spelling_and_span_rules(run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "ours.toml"
    result = run("add", str(path), *BASE, "-m", "kind=Published, date=2026-06-30, "
                 "certainty=Official", "-m", "kind=entry-into-force, after=published, "
                 "offset=12m, certainty=official")
    assert result.exit_code == 0, result.stderr
    text = path.read_text()
    assert 'authority = [\n    "SAMR",\n]' in text and 'status = "final"' in text
    assert 'offset = "12 months"' in text and 'kind = "entry_into_force"' in text
    assert check([path])[1] == []


@pytest.mark.parametrize(("extra", "message"), [
    (("--status", "finall"), "error: --status: unknown status 'finall'. Did you mean 'final'?"),
    (("-a", "SAMRR"), "error: --authority: unknown authority 'SAMRR'. Did you mean 'SAMR'?"),
    (("--url", "ftp://example.org/x"), "error: --url: must be an http:// or https:// URL"),
    (("--title", ""), "error: missing --title"),
])
def test_an_option_problem_names_the_option(run: Runner, tmp_path: Path,
                                            extra: tuple[str, ...], message: str) -> None:
    path = tmp_path / "new.toml"
    result = run("add", str(path), *BASE, *extra,
                 "-m", "kind=published; date=2026-06-30; certainty=official")
    assert result.exit_code == 2
    assert message in result.stderr
    assert "new.toml:" not in result.stderr  # no line of a file that was never written
    assert not path.exists()


def test_a_milestone_problem_names_its_milestone(run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    result = run("add", str(path), *BASE,
                 "-m", "kind=comment_open; date=2026-02-01; certainty=proposed",
                 "-m", "kind=comment_close; date=2026-01-01; certainty=proposed")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --milestone 2 (kind=comment_close; date=2026-01-01; certainty=proposed): date: "
        "the comment window closes (2026-01-01) before it opens (2026-02-01)\n"
        f"error: nothing was written to {path}\n")


def test_a_day_first_date_is_refused_with_the_readings(run: Runner, tmp_path: Path) -> None:
    result = run("add", str(tmp_path / "new.toml"), *BASE,
                 "-m", "kind=published; date=01/08/2026; certainty=official")
    assert result.exit_code == 2
    assert "write 2026-08-01 or 2026-01-08 (year-month-day)" in result.stderr


def test_a_missing_directory_is_named(run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "new.toml"
    result = run("add", str(path), *BASE, "-m", "kind=published; date=2026-06-30; "
                 "certainty=official")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"error: {path.parent}: no such directory (for new.toml); nothing was written\n")
    assert ".tmp" not in result.stderr


def test_interactive_asks_again_for_a_bad_answer(run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "i.toml"
    answers = "\n".join([
        "asked-rule", "Asked rule", "", "SAMRR, SAC", "samr, sac", "gb-standrd", "gb-standard",
        "finall", "final", "", "Widgets must be safe.", "2023-11", "An article",
        "entry-into-force", "01/05/2026", "2026-05-01", "", "", "", "offical", "official",
        "", "", "",
    ]) + "\n"
    result = run("add", str(path), "--interactive", "-r", "bundled", input=answers)
    assert result.exit_code == 0, result.output
    for refusal in ("unknown authority 'SAMRR'", "unknown topic 'gb-standrd'",
                    "unknown status 'finall'", "'01/05/2026' is ambiguous",
                    "unknown certainty 'offical'"):
        assert refusal in result.output
    registry, problems = check([bundled_path(), path])
    assert problems == []
    inst = registry.instrument("asked-rule")
    assert inst is not None and inst.authority == ("SAMR", "SAC")
    assert [e.date.iso() for e in registry.entries_of("asked-rule") if e.date] == ["2026-05-01"]
