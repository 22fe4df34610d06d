"""`deadlines scan`: every dated statement of an edition, against the registry."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from sesec_deadlines.cli.base import command_app
from sesec_deadlines.cli.common import load_registry
from sesec_deadlines.cli.options import AsOfOpt, RegistryOpt, resolve_today
from sesec_deadlines.core.errors import UsageError

app = command_app()


class Format(enum.StrEnum):
    """What scan prints: the review table, or the JSON contract."""

    TABLE = "table"
    JSON = "json"


@app.command()
def scan(
    files: Annotated[list[Path], typer.Argument(
        metavar="FILE...",
        help="The edition: PDF, web pages, text or Markdown, or a folder of them; "
             "several make one scan.")],
    edition: Annotated[str | None, typer.Option(
        "--edition", "-e", metavar="KEY",
        help="The edition's key, when the text has no masthead the registry knows "
             "(web pages).")] = None,
    new_only: Annotated[bool, typer.Option("--new-only", "-n",
                                           help="Show only what the registry lacks.")] = False,
    fmt: Annotated[Format, typer.Option("--format", "-f",
                                        help="table (the review) or json.")] = Format.TABLE,
    toml: Annotated[bool, typer.Option(
        "--toml", help="Print draft entries for the new candidates, to edit and append "
                       "with `deadlines add FILE --from-toml`.")] = False,
    as_of: AsOfOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """Find every dated statement of an edition; say what the registry knows of each."""
    from sesec_deadlines.curation.draft import draft_tables, draft_toml
    from sesec_deadlines.curation.report import json_text, review_lines
    from sesec_deadlines.curation.review import review
    from sesec_deadlines.curation.scan import scan_articles
    from sesec_deadlines.curation.texts import read_editions

    today = resolve_today(as_of)
    reg = load_registry(registry)
    declared = {e.key: e for e in reg.editions}
    if edition is not None and edition not in declared:
        raise UsageError(f"--edition {edition!r} is not declared in the registry",
                         hint="declared: " + (", ".join(declared) or "none")
                              + "; add an [[edition]] table for it first")
    editions = read_editions(files, reg.editions, declared[edition] if edition else None)
    if (fmt is Format.JSON or toml) and len(editions) > 1:
        raise UsageError("--format json and --toml take one edition at a time; these files "
                         "hold " + ", ".join(e.key for e in editions),
                         hint="run scan once per edition")
    out: list[str] = []
    for i, found in enumerate(editions):
        items = found.article_list()
        candidates = review(scan_articles(items, found.edition.published), reg.entries,
                            found.key)
        if toml:
            bodies = {a.heading: a.text for a in items}
            tables = draft_tables(candidates, found.edition, bodies, today,
                                  (inst.id for inst in reg.instruments))
            out.append(draft_toml(tables, found.edition, candidates))
        elif fmt is Format.JSON:
            out.append(json_text(found.edition, [c for c in candidates
                                                 if not new_only or c.status == "new"]))
        else:
            if i:
                out.append("\n")
            out.append("\n".join(review_lines(found.edition, candidates, new_only=new_only))
                       + "\n")
    sys.stdout.write("".join(out))
