"""README, docs and --help stay in step with the code.

The README is the five-minute introduction; the command reference (every command and
option, the exit codes, the kinds' labels, the longer example session) is the user guide,
docs/user-guide.md. Every `console` example of both is run and must print what is shown.
"""

from __future__ import annotations

import re
from pathlib import Path

from sesec_deadlines.cli.app import app
from sesec_deadlines.core.errors import ExitCode
from sesec_deadlines.core.vocab import AUTHORITIES, TOPICS, Certainty, Kind, Status

from .conftest import Runner

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
GUIDE = (ROOT / "docs" / "user-guide.md").read_text(encoding="utf-8")
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


def test_every_command_is_documented_in_the_user_guide() -> None:
    names = command_names()
    assert {"upcoming", "list", "show", "check"} <= set(names)
    for name in names:
        assert f"deadlines {name}" in GUIDE, f"user guide does not document `deadlines {name}`"
    for top in {name.split()[0] for name in names}:
        assert re.search(rf"^### `deadlines {re.escape(top)}[ `]", GUIDE, re.M), \
            f"user guide: no section `### deadlines {top}`"


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
    assert f"\n{command}\n" in (ROOT / "docs" / "development.md").read_text(encoding="utf-8")


def test_exit_codes_table_matches_the_code() -> None:
    table = GUIDE.split("\n## Exit codes\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\d+) \|", table, re.M)
    assert rows == [str(code.value) for code in ExitCode], "exit-code table out of step"


def test_the_readme_is_a_five_minute_read() -> None:
    """At most 300 lines; it installs, sets up, tours and links, and every link resolves."""
    assert len(README.splitlines()) <= 300
    for heading in ("## Install", "## Set-up: two commands", "## A five-minute tour",
                    "## Where to read next"):
        assert f"\n{heading}\n" in README, heading
    assert "pipx install ./" in README and "pipx install 'git+https://" in README
    assert "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/deadlines upcoming" \
        in README


def test_relative_links_in_the_docs_resolve() -> None:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            path = (page.parent / target.split("#", 1)[0]).resolve()
            assert path.exists(), f"{page.relative_to(ROOT)}: broken link {target}"


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


def console_examples(text: str) -> list[tuple[str, str]]:
    """(command, expected stdout) pairs from every ```console block of a page."""
    pairs: list[tuple[str, list[str]]] = []
    for block in re.findall(r"^```console\n(.*?)\n```$", text, re.M | re.S):
        for line in block.splitlines():
            if line.startswith("$ "):
                pairs.append((line[2:], []))
            else:
                pairs[-1][1].append(line)
    return [(cmd, "\n".join(out).rstrip("\n") + "\n" if "".join(out).strip() else "")
            for cmd, out in pairs]


def replay(examples: list[tuple[str, str]], where: str, tmp_path: Path) -> None:
    """Each command, run for real in a shell (in a pipe, without colour), prints exactly
    what is shown."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("DEADLINES_")}
    env.update(PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
               NO_COLOR="1", XDG_CACHE_HOME=str(tmp_path / "cache"),
               XDG_STATE_HOME=str(tmp_path / "state"), COLUMNS="80")
    page = ROOT / where
    text = page.read_text(encoding="utf-8")
    for command, expected in examples:
        done = subprocess.run(command, shell=True, cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0, (command, done.stderr)
        if os.environ.get("UPDATE_EXAMPLES") and done.stdout != expected:
            # UPDATE_EXAMPLES=1 rewrites the page with what the commands print now
            old, new = f"$ {command}\n{expected}", f"$ {command}\n{done.stdout}"
            assert text.count(old) == 1, f"{where}: cannot rewrite {command}"
            text = text.replace(old, new)
            continue
        assert done.stdout == expected, f"{where}: example out of date: {command} " \
                                        "(UPDATE_EXAMPLES=1 rewrites it)"
    if os.environ.get("UPDATE_EXAMPLES"):
        page.write_text(text, encoding="utf-8")


def test_the_readme_tour_is_real_output(tmp_path: Path) -> None:
    examples = console_examples(README)
    assert len(examples) >= 4
    replay(examples, "README.md", tmp_path)


def test_the_user_guide_examples_are_real_output(tmp_path: Path) -> None:
    examples = console_examples(GUIDE)
    session = GUIDE.split("## Example session", 1)[1].split("\n## ", 1)[0]
    assert len(console_examples(session)) >= 5
    replay(examples, "docs/user-guide.md", tmp_path)


def test_the_kind_labels_are_documented_as_the_code_has_them() -> None:
    """One wording per kind: the format doc and the user guide show the code's labels."""
    from sesec_deadlines.core.vocab import KIND_LABELS

    for kind, label in KIND_LABELS.items():
        assert re.search(rf"^\| `{kind.value}` \| [^\n]*\| {re.escape(label)} \|$", FORMAT_DOC,
                         re.M), f"docs/registry-format.md: no label row for {kind.value}"
        if kind is not Kind.OTHER:
            assert f"| `{kind.value}` | {label} |" in GUIDE, f"user guide: no row for {kind.value}"
