"""`deadlines scan`: every dated statement of an edition, against the registry."""

from __future__ import annotations

import enum
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sesec_deadlines.cli.base import command_app
from sesec_deadlines.cli.common import check_edition, load_registry
from sesec_deadlines.cli.options import AsOfOpt, RegistryOpt, resolve_today
from sesec_deadlines.core.errors import NothingFound, UsageError
from sesec_deadlines.core.plural import counted

if TYPE_CHECKING:
    from sesec_deadlines.curation.scan import Candidate
    from sesec_deadlines.curation.texts import EditionText

app = command_app()


def warn(message: str, hint: str) -> None:
    typer.echo(f"warning: {message}", err=True)
    typer.echo(f"hint: {hint}", err=True)


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
    everything: Annotated[bool, typer.Option(
        "--all", "-a", help="Show the context candidates too (meetings, background, "
                            "plans), not only the obligations.")] = False,
    as_of: AsOfOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """Find every dated statement of an edition; say what the registry knows of each."""
    from sesec_deadlines.curation.draft import draft_tables, draft_toml
    from sesec_deadlines.curation.relevance import OBLIGATION
    from sesec_deadlines.curation.report import json_text, review_lines
    from sesec_deadlines.curation.review import review
    from sesec_deadlines.curation.scan import scan_articles
    from sesec_deadlines.curation.texts import read_editions

    today = resolve_today(as_of)
    reg = load_registry(registry)
    declared = {e.key: e for e in reg.editions}
    check_edition(reg, edition, how="; add an [[edition]] table for it first")
    editions = read_editions(files, reg.editions, declared[edition] if edition else None,
                             undeclared=None if toml else today)
    if (fmt is Format.JSON or toml) and len(editions) > 1:
        raise UsageError("--format json and --toml take one edition at a time; these files "
                         "hold " + ", ".join(e.key for e in editions),
                         hint="run scan once per edition")
    out: list[str] = []
    empty: list[str] = []
    for i, found in enumerate(editions):
        items = found.article_list()
        candidates = review([c for a in items  # each read against its own date, if any
                             for c in scan_articles([a], found.reference(a.heading))],
                            reg.entries, found.key)
        shown = candidates if everything else [c for c in candidates
                                                if c.relevance == OBLIGATION]
        _say_what_was_found(found, candidates, shown, today)
        if not candidates:
            empty.append(found.key)
        if toml:
            bodies = {a.heading: a.text for a in items}
            tables = draft_tables(shown, found.edition, bodies, today,
                                  (inst.id for inst in reg.instruments))
            out.append(draft_toml(tables, found.edition, shown))
        elif fmt is Format.JSON:
            out.append(json_text(found.edition, [c for c in shown
                                                 if not new_only or c.status == "new"]))
        else:
            if i:
                out.append("\n")
            out.append("\n".join(review_lines(found.edition, candidates, new_only=new_only,
                                               everything=everything)) + "\n")
    sys.stdout.write("".join(out))
    if empty:
        raise NothingFound(f"no dated statement found in the edition {', '.join(empty)}",
                           hint="is it the edition's text? A scanned PDF without a text layer "
                                "has none: give its text (OCR) or the web pages instead")


def _say_what_was_found(found: EditionText, candidates: list[Candidate],
                        shown: list[Candidate], today: date) -> None:
    """Warnings on stderr: never an empty or unstructured result without a word."""
    from sesec_deadlines.curation.split import WHOLE_TEXT
    from sesec_deadlines.curation.texts import UNDECLARED, names_of

    where = f"{found.file} ({found.key})"
    if found.key == UNDECLARED:
        own = "its own date" if found.edition.published != today else "today"
        warn(f"{names_of(found.documents)}: no declared edition's masthead: scanned as an "
             f"undeclared document, a year left out read against "
             f"{found.edition.published.isoformat()} ({own})",
             hint="to draft entries (--toml), add the edition's [[edition]] table and give "
                  "--edition KEY, or its `masthead`")
    if any(h == WHOLE_TEXT for h in found.headings) and candidates:
        warn(f"{where}: no article structure recognised: no index (a table of contents "
             "near the top) and no headings (title lines followed by text); the whole text "
             "was scanned as one article, cited as \"(the whole text)\"",
             hint="give each article a title line of its own, or add the index; cite the "
                  "real article by hand in the draft")
    if candidates and not shown:
        n = len(candidates)
        warn(f"{where}: {counted(n, 'dated statement')}, "
             + ("not an obligation" if n == 1 else "none of them an obligation")
             + " (meetings, background, plans)", hint="--all shows " + ("it" if n == 1
                                                                       else "them"))
