"""`deadlines add`: append a new instrument to a registry file, from options, prompts or a
reviewed draft."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from sesec_deadlines.cli.add_input import (
    AUTHORITY,
    STATUS,
    TOPIC,
    asked,
    by_option,
    each,
    milestone_checks,
    milestones,
)
from sesec_deadlines.cli.base import command_app
from sesec_deadlines.cli.options import RegistryOpt
from sesec_deadlines.core.dates import today_in_shanghai
from sesec_deadlines.core.errors import OutputPathError, UsageError
from sesec_deadlines.registry.paths import registry_paths

app = command_app()


def _ask_list(label: str, parse: Callable[[str], str] | None = None) -> list[str]:
    text: str = typer.prompt(f"{label} (comma-separated)", default="", show_default=False,
                             value_proc=asked(parse, many=True) if parse else None)
    return [part.strip() for part in text.split(",") if part.strip()]


def _ask_milestones(today: date) -> list[str]:
    specs: list[str] = []
    checks = milestone_checks(today)
    typer.echo("Milestones: an empty kind ends the list.")
    while True:
        kind: str = typer.prompt("  kind", default="", show_default=False,
                                 value_proc=asked(checks["kind"], optional=True))
        if not kind.strip():
            return specs
        parts = [f"kind={kind.strip()}"]
        for key, hint in (("date", "YYYY-MM-DD, YYYY-MM or YYYY; empty if relative or unknown"),
                          ("after", "anchor key, if relative"), ("offset", "e.g. 13 months"),
                          ("period", "instead of offset, for a period's last day: e.g. "
                                     "36 months"),
                          ("certainty", "official, proposed or estimated"),
                          ("key", "optional"), ("note", "optional")):
            check = checks.get(key)
            value: str = typer.prompt(f"  {key} ({hint})", default="", show_default=False,
                                      value_proc=asked(check, optional=True) if check else None)
            if value.strip():
                parts.append(f"{key}={value.strip()}")
        specs.append("; ".join(parts))


@app.command()
def add(
    file: Annotated[str, typer.Argument(metavar="FILE", help="Registry file to append to "
                                        "(created if missing).")],
    ident: Annotated[str | None, typer.Option("--id", help="Stable slug, e.g. "
                                              "gb-26572-rohs.")] = None,
    title: Annotated[str | None, typer.Option("--title")] = None,
    number: Annotated[str | None, typer.Option("--number", help="e.g. GB 26572.")] = None,
    authority: Annotated[list[str] | None, typer.Option("--authority", "-a")] = None,
    topic: Annotated[list[str] | None, typer.Option("--topic", "-t")] = None,
    status: Annotated[str | None, typer.Option("--status")] = None,
    product: Annotated[list[str] | None, typer.Option("--product", "-p")] = None,
    code: Annotated[list[str] | None, typer.Option("--code", help="Product code.")] = None,
    summary: Annotated[str | None, typer.Option("--summary", help="In your own words.")] = None,
    edition: Annotated[str | None, typer.Option("--edition", help="e.g. 2025-11.")] = None,
    article: Annotated[str | None, typer.Option("--article", help="Heading as in the "
                                                "edition's index.")] = None,
    source_title: Annotated[str | None, typer.Option("--source-title", help="A document "
                                                     "other than a newsletter.")] = None,
    url: Annotated[str | None, typer.Option("--url")] = None,
    milestone: Annotated[list[str] | None, typer.Option(
        "--milestone", "-m", metavar="SPEC",
        help='Repeatable: "kind=comment_close; date=2026-01-18; certainty=official; '
             'note=..." (also key, after, offset or period, source).')] = None,
    interactive: Annotated[bool, typer.Option("--interactive", "-i",
                                              help="Ask for every field.")] = False,
    from_toml: Annotated[Path | None, typer.Option(
        "--from-toml", metavar="DRAFT.toml",
        help="Append the [[instrument]] tables of a reviewed draft (from `deadlines scan "
             "--toml`) instead.")] = None,
    registry: RegistryOpt = None,
) -> None:
    """Append a new instrument with its milestones to a registry file, if it validates."""
    from sesec_deadlines.registry.editing import NewEntryProblems, NewInstrument, append_instrument
    if not file:  # the same usage error as an empty -o of every command
        raise OutputPathError("the output file name is empty",
                              hint="give the registry file to append to, e.g. ours.toml")
    path = Path(file)
    if from_toml is not None:
        given = [name for name, value in (
            ("--id", ident), ("--title", title), ("--number", number), ("--authority", authority),
            ("--topic", topic), ("--status", status), ("--product", product), ("--code", code),
            ("--summary", summary), ("--edition", edition), ("--article", article),
            ("--source-title", source_title), ("--url", url), ("--milestone", milestone),
            ("--interactive", interactive)) if value]
        if given:
            raise UsageError(f"--from-toml takes the entries from the draft; drop "
                             f"{', '.join(given)}")
        _add_draft(path, from_toml, registry)
        return

    if not path.parent.is_dir():
        raise UsageError(f"{path.parent}: no such directory (for {path.name}); nothing was "
                         "written", hint="create the directory first, or give another path")
    today = today_in_shanghai()
    if interactive:
        ident = ident or typer.prompt("id")
        title = title or typer.prompt("title")
        number = number or typer.prompt("number", default="", show_default=False) or None
        authority = authority or _ask_list("authority", AUTHORITY)
        topic = topic or _ask_list("topics", TOPIC)
        status = status or typer.prompt("status", default="draft", value_proc=asked(STATUS))
        product = product or _ask_list("products")
        summary = summary or typer.prompt("summary (in your own words)")
        edition = edition or typer.prompt("source edition", default="", show_default=False) or None
        article = article or typer.prompt("source article heading", default="",
                                          show_default=False) or None
        milestone = milestone or _ask_milestones(today)
    missing = [name for name, value in (("--id", ident), ("--title", title),
                                        ("--authority", authority), ("--topic", topic),
                                        ("--status", status), ("--summary", summary),
                                        ("--milestone", milestone)) if not value]
    if missing:
        raise UsageError("missing " + ", ".join(missing),
                         hint="give them as options, or use --interactive")
    source = {k: v for k, v in (("edition", edition), ("article", article),
                                ("title", source_title), ("url", url)) if v}
    new = NewInstrument(
        id=ident or "", title=title or "", authority=each(AUTHORITY, "--authority", authority),
        topics=each(TOPIC, "--topic", topic), status=each(STATUS, "--status", [status or ""])[0],
        summary=summary or "", sources=[source] if source else [],
        milestones=milestones(milestone or (), today),
        number=number, products=list(product or ()), product_codes=list(code or ()),
        last_verified=today,
        added=today,
    )
    others = registry_paths(registry) if registry else []
    try:
        count = append_instrument(path, new, others)
    except NewEntryProblems as exc:
        raise by_option(exc, milestone or (), str(path)) from None
    typer.echo(f"added {new.id} ({count} milestone{'s' if count != 1 else ''}) to {path}")


def _add_draft(path: Path, draft: Path, registry: list[str] | None) -> None:
    from sesec_deadlines.registry.editing import append_tables, read_draft

    others = registry_paths(registry) if registry else []
    tables = read_draft(draft, path, others, today_in_shanghai())
    instruments, milestones = append_tables(path, tables, others)
    typer.echo(f"added {instruments} instrument{'s' if instruments != 1 else ''} "
               f"({milestones} milestone{'s' if milestones != 1 else ''}) from {draft} to "
               f"{path}")
