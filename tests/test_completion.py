"""Shell completion through the real entry point, the way bash, zsh and fish ask for it
(click's shell_completion protocol: the _DEADLINES_COMPLETE variable)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REGISTRY

SCRIPT = Path(sys.executable).parent / "deadlines"


def complete(shell: str, words: str, env: dict[str, str] | None = None) -> list[str]:
    """What the completion script of `shell` gets back for the command line `words`."""
    extra = {"_DEADLINES_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        extra |= {"COMP_WORDS": words, "COMP_CWORD": str(len(words.split())
                                                          - (0 if words.endswith(" ") else 1))}
    else:
        extra |= {"_TYPER_COMPLETE_ARGS": words}
        if shell == "fish":
            extra["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    result = subprocess.run([str(SCRIPT)], capture_output=True, text=True, timeout=60,
                            env=os.environ | extra | (env or {}))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout.splitlines()


def values(shell: str, words: str, env: dict[str, str] | None = None) -> set[str]:
    out = complete(shell, words, env)
    if shell == "zsh":  # _arguments '*: :(("value":"help" ...))'
        joined = "\n".join(out)
        return {part.split('"')[1] for part in joined.split("\n") if '"' in part} | {
            part.strip("(').:*") for part in joined.split() if part.startswith("(")}
    if shell == "fish":  # value<TAB>help
        return {line.split("\t")[0] for line in out}
    return set(out)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_commands_options_and_vocabularies_complete(shell: str) -> None:
    assert "upcoming" in values(shell, "deadlines up")
    assert {"comment_open", "comment_close"} <= values(shell, "deadlines list --kind comm")
    assert "rohs" in values(shell, "deadlines list --topic ro")
    assert "--certainty" in values(shell, "deadlines list --ce")
    assert {"--past", "--excel", "--alarm"} <= values(shell, "deadlines export --")


def test_completion_of_every_vocabulary() -> None:
    assert values("bash", "deadlines list --status ") == {"draft", "final", "superseded",
                                                           "withdrawn"}
    assert values("bash", "deadlines upcoming --certainty p") == {"proposed"}
    assert {"SAMR", "SAC"} <= values("bash", "deadlines list --authority S")
    assert {"samr", "sac"} <= values("bash", "deadlines list -a s")  # any case is accepted
    assert values("bash", "deadlines export --kind mandatory") == {"mandatory_from"}
    assert {"list", "changes", "check", "config"} >= values("bash", "deadlines c") >= {"check"}


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_ids_complete_from_the_registry(shell: str) -> None:
    assert "gb-26572-rohs-revision" in values(shell, "deadlines show gb-265")
    assert values(shell, "deadlines list --id ccc-ev") == {"ccc-ev-charging-equipment"}


def test_ids_come_from_the_registry_the_command_would_read() -> None:
    got = values("bash", f"deadlines list -r {REGISTRY} --id r")
    assert got == {"rohs-draft"}
    assert values("bash", "deadlines show r", env={"DEADLINES_REGISTRY": str(REGISTRY)}) \
        == {"rohs-draft"}


def test_a_broken_registry_completes_nothing_quietly(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("this is not toml")
    assert [line for line in complete("bash", f"deadlines show -r {bad} x") if line] == []


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_the_script(shell: str) -> None:
    result = subprocess.run([str(SCRIPT), "--show-completion", shell], capture_output=True,
                            text=True, timeout=60,
                            env=os.environ | {"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
    assert result.returncode == 0, result.stderr
    assert "_DEADLINES_COMPLETE" in result.stdout


def test_completing_command_names_imports_no_command() -> None:
    code = ("import os, sys\n"
            "os.environ.update(_DEADLINES_COMPLETE='complete_bash', COMP_WORDS='deadlines ',"
            " COMP_CWORD='1')\n"
            "sys.argv = ['deadlines']\n"
            "from sesec_deadlines.cli.app import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "loaded = [m for m in sys.modules if m.startswith('sesec_deadlines.cli.')]\n"
            "print(sorted(loaded), file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert "upcoming" in result.stdout.split()
    assert "sesec_deadlines.cli.upcoming" not in result.stderr
    assert "sesec_deadlines.cli.export" not in result.stderr


@pytest.mark.parametrize(("shell", "script"), [
    ("bash", ".bash_completions/deadlines.sh"), ("zsh", ".zfunc/_deadlines"),
    ("fish", ".config/fish/completions/deadlines.fish")])
def test_install_completion_writes_the_script(shell: str, script: str, tmp_path: Path) -> None:
    result = subprocess.run([str(SCRIPT), "--install-completion", shell], capture_output=True,
                            text=True, timeout=60,
                            env=os.environ | {"HOME": str(tmp_path),
                                              "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
    assert result.returncode == 0, result.stderr
    assert f"{shell} completion installed" in result.stdout
    assert "_DEADLINES_COMPLETE" in (tmp_path / script).read_text()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_numbers_complete_in_any_spelling(shell: str) -> None:
    assert "gb4706.1-2024" in values(shell, "deadlines list --number gb4706")
    assert "GB/T 4706.1-2024" in values(shell, "deadlines list --number GB/T")
    assert "GB/T 26572-2011" in values(shell, "deadlines show GB/T")  # a replaced number
    assert "gb-26572-rohs-revision" in values(shell, "deadlines show gb-265")
