"""README, docs and --help stay in step with the code."""

from __future__ import annotations

import re
from pathlib import Path

from sesec_deadlines.cli import app
from sesec_deadlines.errors import ExitCode
from sesec_deadlines.vocab import AUTHORITIES, EDITIONS, TOPICS, Certainty, Kind, Status

from .conftest import Runner

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
FORMAT_DOC = (ROOT / "docs" / "registry-format.md").read_text(encoding="utf-8")


def command_names() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    names: list[str] = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        if subcommands:
            names += [f"{name} {sub}" for sub in subcommands]
        else:
            names.append(name)
    return names


def test_every_command_is_documented_in_the_readme() -> None:
    names = command_names()
    assert {"upcoming", "list", "show", "check"} <= set(names)
    for name in names:
        assert f"deadlines {name}" in README, f"README does not document `deadlines {name}`"


def test_every_command_has_help(run: Runner) -> None:
    for name in command_names():
        result = run(*name.split(), "--help")
        assert result.exit_code == 0, name
        assert "Usage:" in result.stdout


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = ci.strip().splitlines()[-1]
    assert command.startswith("python3 -m venv .venv && ")
    assert f"\n{command}\n" in README


def test_exit_codes_table_matches_the_code() -> None:
    for code in ExitCode:
        assert re.search(rf"^\| {code.value} \|", README, re.M), f"exit code {code} undocumented"


def test_format_doc_lists_every_vocabulary_value() -> None:
    for value in [*Kind, *Certainty, *Status]:
        assert f"`{value.value}`" in FORMAT_DOC
    for edition in EDITIONS:
        assert f"`{edition}`" in FORMAT_DOC


def test_vocab_values_are_clean() -> None:
    for topic in TOPICS:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", topic)
    assert len(AUTHORITIES) == len({a.casefold() for a in AUTHORITIES})
