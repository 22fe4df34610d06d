"""`deadlines check [PATH ...]`: validate registry files, every problem in one pass."""

from __future__ import annotations

from typing import Annotated

import typer

from sesec_deadlines.cli.base import command_app
from sesec_deadlines.cli.options import RegistryOpt
from sesec_deadlines.core.errors import RegistryError
from sesec_deadlines.registry.load import check
from sesec_deadlines.registry.paths import describe, registry_paths

app = command_app()


@app.command("check")
def check_(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[PATH]...",
            help="Registry files to check together; 'bundled' names the bundled one "
            "(default: as --registry).",
        ),
    ] = None,
    registry: RegistryOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print problems only.")] = False,
) -> None:
    """Validate registry files; report every problem with file and line, exit 2 if any."""
    files = registry_paths(paths or registry)
    reg, problems = check(files)
    if problems:
        raise RegistryError(problems)
    if not quiet:
        pending = sum(1 for e in reg.entries if e.date is None)
        typer.echo(
            f"ok: {len(reg.instruments)} instruments, {len(reg.entries)} milestones "
            f"({pending} pending) in {len(reg.files)} file(s): "
            + ", ".join(describe(p) for p in files)
        )
