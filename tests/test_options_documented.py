"""Every option of every command is named in the user guide, docs/user-guide.md (its --help
has the details)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import typer

from sesec_deadlines.cli.app import LAZY_COMMANDS, app

GUIDE = (Path(__file__).parent.parent / "docs" / "user-guide.md").read_text(encoding="utf-8")


def options(command: Any, prefix: str) -> list[tuple[str, str]]:
    found = [(prefix, opt) for param in command.params for opt in param.opts
             if opt.startswith("--") and opt != "--help"]
    for sub in getattr(command, "commands", {}).values():
        found += options(sub, f"{prefix} {sub.name}")
    return found


def test_every_option_is_in_the_user_guide() -> None:
    found = options(typer.main.get_command(app), "deadlines")
    for name, module in LAZY_COMMANDS.items():
        found += options(typer.main.get_command(importlib.import_module(module).app), name)
    missing = [f"{where} {opt}" for where, opt in found
               if not any(f"{opt}{end}" in GUIDE for end in ("`", " ", "=", "/", ","))]
    assert missing == []
