"""`deadlines` alone: the start screen; `deadlines --help` grouped; "did you mean" for a
mistyped command."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys

import pytest

from sesec_deadlines.cli.app import LAZY_COMMANDS
from sesec_deadlines.cli.start import CURATORS, GROUPS, USERS

from .conftest import REGISTRY, Runner


class Terminal:
    """One pseudo-terminal kept open across commands, as a user's window is: what a command
    remembers per terminal (the flag legend shown once a day) sees the same device each
    time, whatever other processes open pseudo-terminals meanwhile."""

    def __init__(self) -> None:
        self.leader, self.follower = pty.openpty()

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *_: object) -> None:
        os.close(self.follower)
        os.close(self.leader)

    def run(self, *args: str, columns: int, env: dict[str, str] | None = None) -> str:
        """The real entry point on this terminal, `columns` wide, without colour unless
        `env` sets NO_COLOR to ""; what it wrote, read while it writes."""
        environ = {k: v for k, v in os.environ.items() if not k.startswith("DEADLINES_")}
        environ.update(COLUMNS=str(columns), LINES="50", TERM="xterm-256color", NO_COLOR="1")
        environ.update(env or {})
        if not environ["NO_COLOR"]:  # NO_COLOR="" asks for colour
            del environ["NO_COLOR"]
        chunks: list[bytes] = []
        child = subprocess.Popen([sys.executable, "-m", "sesec_deadlines", *args],
                                 stdout=self.follower, stderr=subprocess.PIPE, env=environ)
        while True:  # read as it writes, so a full terminal buffer never blocks it
            ready, _, _ = select.select([self.leader], [], [], 0.05)
            if ready:
                chunks.append(os.read(self.leader, 65536))
            elif child.poll() is not None:
                break  # exited, and nothing more to read
        stderr = child.communicate(timeout=60)[1]
        assert child.returncode == 0, stderr
        return b"".join(chunks).decode().replace("\r\n", "\n")


def in_terminal(*args: str, columns: int, env: dict[str, str] | None = None) -> str:
    """One command on a terminal of its own."""
    with Terminal() as terminal:
        return terminal.run(*args, columns=columns, env=env)


def test_no_arguments_is_the_start_screen(run: Runner) -> None:
    result = run()
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) < 45
    assert lines[0].startswith("deadlines ") and "China compliance deadlines" in lines[0]
    assert re.fullmatch(r"Registry current to SESEC \w+, .+ \(its newest edition, published "
                        r"\d{4}-\d\d-\d\d, \d+ days ago\)(: later deadlines are not in it)?\."
                        r"( \d+ of \d+ editions from \w+ \d{4} to \w+ \d{4} curated\.)?",
                        lines[1]), lines[1]
    start = lines.index("Start with:")
    assert [line.split("  ")[1] for line in lines[start + 1:start + 4]] == [
        "deadlines upcoming", "deadlines list -t ccc", "deadlines show ID"]
    assert f"{USERS}:" in lines and f"{CURATORS}:" in lines
    assert lines.index(f"{USERS}:") < lines.index(f"{CURATORS}:")
    listed = [line.split()[0] for line in lines[lines.index(f"{USERS}:"):]
              if line.startswith("  ")]
    assert sorted(listed) == sorted(LAZY_COMMANDS)  # each command once
    assert result.stderr == ""


def test_every_command_is_described_for_users_or_curators() -> None:
    described = [name for _, commands in GROUPS for name, _ in commands]
    missing = sorted(set(LAZY_COMMANDS) - set(described))
    assert not missing, (f"give {missing} a line (at most 40 characters) in GROUPS, "
                         "sesec_deadlines/cli/start.py: the start screen and --help list it")
    assert sorted(described) == sorted(LAZY_COMMANDS)
    assert all(len(text) <= 40 for _, commands in GROUPS for _, text in commands)
    curators = dict(GROUPS)[CURATORS]
    assert {name for name, _ in curators} >= {"review", "check", "scan", "verify-sources", "add"}


def test_the_start_screen_says_how_fresh_any_registry_is(run: Runner) -> None:
    result = run(env={"DEADLINES_REGISTRY": str(REGISTRY)})
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1].startswith("Registry current to ")
    broken = run(env={"DEADLINES_REGISTRY": "/nonexistent/registry.toml"})
    assert broken.exit_code == 0  # the screen still shows where to start
    assert broken.stdout.splitlines()[1] == (
        "The registry cannot be read (/nonexistent/registry.toml: no such file); "
        "`deadlines check` says why.")


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_on_a_terminal_nothing_is_cut_off(columns: int) -> None:
    screen = in_terminal(columns=columns)
    lines = screen.splitlines()
    assert len(lines) < 45
    assert all(len(line) <= columns for line in lines), [ln for ln in lines if len(ln) > columns]
    words = " ".join(screen.split())
    for _, commands in GROUPS:
        for name, text in commands:
            assert f"{name} {text}" in words  # every description whole, no "..."
    assert "..." not in screen


def test_help_groups_the_commands_and_cuts_no_description(run: Runner) -> None:
    result = run("--help", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    text = result.stdout
    assert "Commands for users:" in text and "Commands for curators:" in text
    assert "..." not in text.split("Commands for users:", 1)[1]
    assert all(len(line) <= 80 for line in text.splitlines())
    for _, commands in GROUPS:
        for name, description in commands:
            assert any(line.split() == [name, *description.split()]
                       for line in text.splitlines()), name


def test_a_mistyped_command_gets_did_you_mean(run: Runner) -> None:
    result = run("upcomming")
    assert result.exit_code == 2
    assert "Error: No such command 'upcomming'. Did you mean 'upcoming'?" in result.stderr
    assert "Did you mean 'list'?" in run("lsit").stderr
    assert "Did you mean 'verify-sources'?" in run("verify").stderr
    nothing = run("zzzz")
    assert nothing.exit_code == 2
    assert "No such command 'zzzz'." in nothing.stderr
    assert "Did you mean" not in nothing.stderr


def test_config_help_cuts_no_description(run: Runner) -> None:
    result = run("config", "--help", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    commands = result.stdout.split("Commands:", 1)[1].splitlines()
    described = {line.split()[0]: line.split(None, 1)[1] for line in commands if line.strip()}
    assert set(described) == {"init", "show", "test", "path"}
    assert not any(text.endswith("...") for text in described.values()), described
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
