"""`deadlines editions`: the editions of the series the registry covers, and those it does
not."""

from __future__ import annotations

import enum
import sys
from typing import Annotated

import typer

from sesec_deadlines.cli.base import command_app
from sesec_deadlines.cli.common import load_registry
from sesec_deadlines.cli.options import RegistryOpt

app = command_app()


class EditionsFormat(enum.StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


@app.command()
def editions(
    fmt: Annotated[EditionsFormat, typer.Option("--format", "-f", help="Output format.")
                   ] = EditionsFormat.TABLE,
    registry: RegistryOpt = None,
) -> None:
    """The editions of the newsletter the registry cites, with how many instruments and
    milestones each gives, and the editions of its span that are not curated."""
    from sesec_deadlines.core.coverage import coverage
    from sesec_deadlines.output import editions as out

    reg = load_registry(registry)
    found = out.records(reg.editions, reg.uncurated, reg.instruments, reg.entries)
    span = coverage(reg.editions, reg.uncurated)
    if fmt is EditionsFormat.JSON:
        sys.stdout.write(out.json_text(found, span, reg.files, reg.version))
    elif fmt is EditionsFormat.CSV:
        sys.stdout.writelines(out.csv_chunks(found))
    else:
        from sesec_deadlines.output import terminal

        terminal.print_table(out.title(found, span), out.HEADERS, out.rows(found))
        notes = dict.fromkeys(r["note"] for r in found if not r["curated"] and r["note"])
        if notes:
            terminal.print_lines([f"Not curated: {'; '.join(notes)}."])
