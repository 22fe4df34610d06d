"""`deadlines add`: append a new instrument to a registry file, from options, prompts or a
reviewed draft."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sesec_deadlines.cli.base import command_app
from sesec_deadlines.cli.options import RegistryOpt
from sesec_deadlines.core.dates import today_in_shanghai
from sesec_deadlines.core.errors import UsageError
from sesec_deadlines.registry.load import registry_paths

app = command_app()


def _ask_list(label: str) -> list[str]:
    text: str = typer.prompt(f"{label} (comma-separated)", default="", show_default=False)
    return [part.strip() for part in text.split(",") if part.strip()]


def _ask_milestones() -> list[str]:
    specs: list[str] = []
    typer.echo("Milestones: an empty kind ends the list.")
    while True:
        kind: str = typer.prompt("  kind", default="", show_default=False)
        if not kind.strip():
            return specs
        parts = [f"kind={kind.strip()}"]
        for key, hint in (("date", "YYYY-MM-DD, YYYY-MM or YYYY; empty if relative or unknown"),
                          ("after", "anchor key, if relative"), ("offset", "e.g. 13 months"),
                          ("period", "instead of offset, for a period's last day: e.g. "
                                     "36 months"),
                          ("certainty", "official, proposed or estimated"),
                          ("key", "optional"), ("note", "optional")):
            value: str = typer.prompt(f"  {key} ({hint})", default="", show_default=False)
            if value.strip():
                parts.append(f"{key}={value.strip()}")
        specs.append("; ".join(parts))


@app.command()
def add(
    path: Annotated[Path, typer.Argument(metavar="FILE", help="Registry file to append to "
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
    from sesec_deadlines.registry.editing import NewInstrument, append_instrument, parse_milestone

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

    if interactive:
        ident = ident or typer.prompt("id")
        title = title or typer.prompt("title")
        number = number or typer.prompt("number", default="", show_default=False) or None
        authority = authority or _ask_list("authority")
        topic = topic or _ask_list("topics")
        status = status or typer.prompt("status", default="draft")
        product = product or _ask_list("products")
        summary = summary or typer.prompt("summary (in your own words)")
        edition = edition or typer.prompt("source edition", default="", show_default=False) or None
        article = article or typer.prompt("source article heading", default="",
                                          show_default=False) or None
        milestone = milestone or _ask_milestones()
    missing = [name for name, value in (("--id", ident), ("--title", title),
                                        ("--authority", authority), ("--topic", topic),
                                        ("--status", status), ("--summary", summary),
                                        ("--milestone", milestone)) if not value]
    if missing:
        raise UsageError("missing " + ", ".join(missing),
                         hint="give them as options, or use --interactive")
    source = {k: v for k, v in (("edition", edition), ("article", article),
                                ("title", source_title), ("url", url)) if v}
    today = today_in_shanghai()
    new = NewInstrument(
        id=ident or "", title=title or "", authority=list(authority or ()),
        topics=list(topic or ()), status=status or "", summary=summary or "",
        sources=[source] if source else [],
        milestones=[parse_milestone(m) for m in milestone or ()],
        number=number, products=list(product or ()), product_codes=list(code or ()),
        last_verified=today,
        added=today,
    )
    others = registry_paths(registry) if registry else []
    count = append_instrument(path, new, others)
    typer.echo(f"added {new.id} ({count} milestone{'s' if count != 1 else ''}) to {path}")


def _add_draft(path: Path, draft: Path, registry: list[str] | None) -> None:
    from sesec_deadlines.registry.editing import append_tables, read_draft

    others = registry_paths(registry) if registry else []
    tables = read_draft(draft, path, others, today_in_shanghai())
    instruments, milestones = append_tables(path, tables, others)
    typer.echo(f"added {instruments} instrument{'s' if instruments != 1 else ''} "
               f"({milestones} milestone{'s' if milestones != 1 else ''}) from {draft} to "
               f"{path}")
