"""`deadlines verify-sources`: the curator's check of the registry against the editions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sesec_deadlines.cli.base import command_app
from sesec_deadlines.cli.common import check_edition, load_registry
from sesec_deadlines.cli.options import AsOfOpt, RegistryOpt, resolve_today
from sesec_deadlines.core.errors import DeadlinesError, ExitCode, UsageError
from sesec_deadlines.core.plural import counted, plural

if TYPE_CHECKING:
    from sesec_deadlines.core.model import Entry
    from sesec_deadlines.curation.texts import EditionText
    from sesec_deadlines.curation.verify import Finding


class Unconfirmed(DeadlinesError):
    exit_code = ExitCode.UNCONFIRMED


app = command_app()


@app.command("verify-sources")
def verify_sources(
    paths: Annotated[list[Path], typer.Argument(
        metavar="DIR...", help="Folders (or files) with the editions: PDF, web pages, text "
                               "or Markdown.")],
    edition: Annotated[str | None, typer.Option(
        "--edition", "-e", metavar="KEY",
        help="The edition of documents with no masthead the registry knows (web "
             "pages).")] = None,
    registry: RegistryOpt = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v",
                                          help="Also list what was confirmed, and how.")] = False,
    stamp: Annotated[bool, typer.Option(
        "--stamp", help="Set last_verified to today (or --as-of) on every instrument the "
                        "editions confirm in full, in the registry file that holds it.")] = False,
    as_of: AsOfOpt = None,
) -> None:
    """Check that each official or proposed day/month date appears in its cited article."""
    from sesec_deadlines.curation.readers import read_inputs
    from sesec_deadlines.curation.texts import group_editions
    from sesec_deadlines.curation.verify import verify

    where = ", ".join(map(str, paths))
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such directory",
                             hint="give the folder holding the newsletter editions (PDF, web "
                                  "pages, text)")
    reg = load_registry(registry)
    declared = {e.key: e for e in reg.editions}
    check_edition(reg, edition)
    found, _ = group_editions(read_inputs(paths), reg.editions,
                              declared[edition] if edition else None)
    editions = {e.key: e for e in found}
    if not editions:
        raise UsageError(f"{where}: no edition the registry declares was found",
                         hint="each edition must start with the masthead of an [[edition]] "
                              "table, e.g. 'November - December 2024' (`deadlines vocab` "
                              "lists the editions); give web pages' edition with --edition")
    findings, skipped = verify(reg.entries, editions)
    confirmed = [f for f in findings if f.confirmed]
    explained = [f for f in findings if not f.confirmed and f.entry.milestone.note]
    unexplained = [f for f in findings if not f.confirmed and not f.entry.milestone.note]
    total = len(findings)
    share = 100.0 * len(confirmed) / total if total else 100.0
    echo = typer.echo
    echo(f"Editions found: {', '.join(sorted(editions))}")
    echo(f"Checked {total} official/proposed milestones with a day or month date: "
         f"{len(confirmed)} confirmed ({share:.1f}%), {len(explained)} unconfirmed with a "
         f"note, {len(unexplained)} unconfirmed without one.")
    if skipped:
        echo(f"Skipped {skipped} whose edition is not in {where}.")
    if verbose and confirmed:
        echo("\nConfirmed:")
        for f in confirmed:
            echo(f"  {f.entry.id} {f.entry.milestone.date}: “{f.how}”")
    for title, group in (("Unconfirmed, explained by a note", explained),
                         ("Unconfirmed, NO NOTE (fix the date or the citation, or explain)",
                          unexplained)):
        if not group:
            continue
        echo(f"\n{title}:")
        for f in group:
            src = f.entry.source
            echo(f"  {f.entry.id} {f.entry.milestone.date} [{src.edition}]: {f.reason}")
            if f.how:
                echo(f"      {f.how}")
            if f.entry.milestone.note:
                echo(f"      note: {f.entry.milestone.note}")
    if stamp:
        _stamp(reg.entries, editions, findings, resolve_today(as_of))
    if unexplained:
        raise Unconfirmed(f"{counted(len(unexplained), 'milestone')} not confirmed by their source "
                          "and without a note")


def _stamp(entries: Sequence[Entry], editions: dict[str, EditionText], findings: list[Finding],
           today: date) -> None:
    """Write `today` as `last_verified` of the fully confirmed instruments, file by file;
    an instrument from the installed, bundled copy is left alone (edit a checkout)."""
    from sesec_deadlines.curation.verify import confirmed_instruments
    from sesec_deadlines.registry.stamping import stamp_file

    by_file: dict[str, dict[str, date]] = {}
    for inst in confirmed_instruments(entries, editions, findings):
        by_file.setdefault(inst.file, {})[inst.id] = today
    total = 0
    for name, days in sorted(by_file.items()):
        changed = stamp_file(Path(name), days)
        total += len(changed)
        typer.echo(f"Stamped last_verified = {today.isoformat()} on {len(changed)} of "
                   f"{len(days)} confirmed {plural(len(days), 'instrument')} in {name}")
    if not by_file:
        typer.echo("Stamped nothing: no instrument is confirmed in full by these editions.")
