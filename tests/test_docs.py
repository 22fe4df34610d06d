"""README, docs and --help stay in step with the code."""

from __future__ import annotations

import re
from pathlib import Path

from sesec_deadlines.cli.app import app
from sesec_deadlines.core.errors import ExitCode
from sesec_deadlines.core.vocab import AUTHORITIES, TOPICS, Certainty, Kind, Status

from .conftest import Runner

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
FORMAT_DOC = (ROOT / "docs" / "registry-format.md").read_text(encoding="utf-8")


def command_names() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    names: list[str] = []
    ctx = group.make_context("deadlines", [], resilient_parsing=True)
    for name in group.list_commands(ctx):  # type: ignore[attr-defined]
        command = group.get_command(ctx, name)  # type: ignore[attr-defined]
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
    from sesec_deadlines.registry.load import bundled_path, load

    for edition in load([bundled_path()]).editions:
        assert f"`{edition.key}`" in FORMAT_DOC


def test_vocab_values_are_clean() -> None:
    for topic in TOPICS:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", topic)
    assert len(AUTHORITIES) == len({a.casefold() for a in AUTHORITIES})


def example_session() -> list[tuple[str, str]]:
    """(command, expected stdout) pairs from the README's example session."""
    section = README.split("## Example session", 1)[1].split("\n## ", 1)[0]
    block = section.split("```console\n", 1)[1].split("\n```", 1)[0]
    pairs: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            pairs.append((line[2:], []))
        else:
            pairs[-1][1].append(line)
    return [(cmd, "\n".join(out).rstrip("\n") + "\n" if "".join(out).strip() else "")
            for cmd, out in pairs]


def test_the_readme_example_session_is_real_output(tmp_path: Path) -> None:
    """Each command of the example session, run for real, prints exactly what is shown."""
    import os
    import subprocess
    import sys

    examples = example_session()
    assert len(examples) >= 5
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEADLINES_")}
    env.update(PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
               NO_COLOR="1", XDG_CACHE_HOME=str(tmp_path / "cache"))
    for command, expected in examples:
        done = subprocess.run(command, shell=True, cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0, (command, done.stderr)
        assert done.stdout == expected, f"README example out of date: {command}"


def test_the_kind_labels_are_documented_as_the_code_has_them() -> None:
    """One wording per kind: the format doc and the README show the code's labels."""
    from sesec_deadlines.core.vocab import KIND_LABELS

    for kind, label in KIND_LABELS.items():
        assert re.search(rf"^\| `{kind.value}` \| [^\n]*\| {re.escape(label)} \|$", FORMAT_DOC,
                         re.M), f"docs/registry-format.md: no label row for {kind.value}"
        if kind is not Kind.OTHER:
            assert f"| `{kind.value}` | {label} |" in README, f"README: no row for {kind.value}"
