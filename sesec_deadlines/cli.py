"""The `deadlines` command: parse options, call one core function, render.

Errors are turned into a message on stderr and an exit code in one place,
`DeadlinesGroup.invoke`; commands just raise `DeadlinesError` subclasses.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from . import __version__, render
from .errors import DeadlinesError, ExitCode, RegistryError, UsageError
from .options import (
    AllOpt,
    AsOfOpt,
    AuthorityOpt,
    CertaintyOpt,
    Format,
    FormatOpt,
    FromOpt,
    ItemOpt,
    KindOpt,
    ProductOpt,
    RegistryOpt,
    SearchOpt,
    StatusOpt,
    ToOpt,
    TopicOpt,
    make_filters,
    parse_date_option,
    resolve_today,
    window_end,
)
from .query import Selection, next_after, select
from .registry import Registry, check, registry_paths

DEBUG_ENV = "DEADLINES_DEBUG"


class DeadlinesGroup(TyperGroup):
    """Turns every error into a message and a documented exit code; never a traceback."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except DeadlinesError as exc:
            for line in exc.lines():
                typer.echo(line, err=True)
            raise typer.Exit(int(exc.exit_code)) from None
        except BrokenPipeError:
            sys.stderr.close()  # the reader went away (e.g. `| head`); nothing more to say
            raise typer.Exit(int(ExitCode.OK)) from None
        except OSError as exc:
            if os.environ.get(DEBUG_ENV):
                raise
            target = f" ({exc.filename})" if exc.filename else ""
            typer.echo(f"error: {exc.strerror or exc}{target}", err=True)
            raise typer.Exit(int(ExitCode.FAILURE)) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            is_usage_error = hasattr(exc, "exit_code") and hasattr(exc, "show")  # click's own
            if os.environ.get(DEBUG_ENV) or is_usage_error:
                raise
            typer.echo(f"internal error: {type(exc).__name__}: {exc}", err=True)
            typer.echo(
                f"hint: this is a bug; run again with {DEBUG_ENV}=1 for the traceback "
                "and report it",
                err=True,
            )
            raise typer.Exit(int(ExitCode.FAILURE)) from None


app = typer.Typer(
    cls=DeadlinesGroup,
    name="deadlines",
    help="China compliance deadlines from the SESEC China Standardisation Newsletter: what is "
    "coming, filters, calendars and reminder emails.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"deadlines {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """China compliance deadlines: upcoming, list, show, export, remind."""


def load_registry(registry: list[str] | None) -> Registry:
    from .cache import load_cached

    return load_cached(registry_paths(registry))


def emit(
    selection: Selection,
    fmt: Format,
    title: str,
    empty: str | None = None,
    registry: Registry | None = None,
    filters: Any = None,
) -> None:
    """Write a selection as a table, JSON or CSV on stdout."""
    today = selection.today
    if fmt is not Format.TABLE:
        from .records import text_chunks

        sys.stdout.writelines(text_chunks(selection, fmt.value))
        return
    if selection.dated:
        rows = [render.row(e, today) for e in selection.dated]
        styles = [render.urgency(e, today) for e in selection.dated]
        render.print_table(title, render.HEADERS, rows, styles)
    elif empty:
        lines = [empty]
        if registry is not None:
            upcoming = next_after(registry.window(today, None), filters, today)
            if upcoming is not None and upcoming.date is not None:
                lines.append(
                    f"Next: {upcoming.date.iso()} ({render.days_left_text(upcoming, today)})"
                    f" {render.kind_label(upcoming)}: "
                    f"{upcoming.instrument.title}"
                )
            else:
                lines.append("No later milestone matches either.")
        render.print_lines(lines)
    if selection.pending:
        render.print_lines(
            ["", f"Pending: {len(selection.pending)} milestone(s) without a date yet"]
        )
        render.print_lines(
            render.plain_table(
                ("ID", "KIND", "RULE", "TITLE"), [render.pending_row(e) for e in selection.pending]
            )
        )


@app.command()
def upcoming(
    days: Annotated[
        int | None, typer.Option("--days", "-d", help="Window length in days (default 90).")
    ] = None,
    within: Annotated[
        str | None,
        typer.Option("--within", "-w", metavar="SPAN", help="Window length like '6 months'."),
    ] = None,
    kind: KindOpt = None,
    topic: TopicOpt = None,
    authority: AuthorityOpt = None,
    status: StatusOpt = None,
    certainty: CertaintyOpt = None,
    product: ProductOpt = None,
    search: SearchOpt = None,
    item: ItemOpt = None,
    fmt: FormatOpt = Format.TABLE,
    as_of: AsOfOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """Milestones from today through the next 90 days (or --days / --within), soonest first."""
    today = resolve_today(as_of)
    last = window_end(today, days, within)
    filters = make_filters(
        kind=kind,
        topic=topic,
        authority=authority,
        status=status,
        certainty=certainty,
        product=product,
        search=search,
        item=item,
        first=today,
        last=last,
    )
    reg = load_registry(registry)
    selection = select(reg.window(today, last), filters, today)
    emit(
        selection,
        fmt,
        f"Deadlines from {today} to {last}",
        empty=f"Nothing due from {today} to {last}.",
        registry=reg,
        filters=filters,
    )


@app.command("list")
def list_(
    kind: KindOpt = None,
    topic: TopicOpt = None,
    authority: AuthorityOpt = None,
    status: StatusOpt = None,
    certainty: CertaintyOpt = None,
    product: ProductOpt = None,
    search: SearchOpt = None,
    item: ItemOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    all_: AllOpt = False,
    fmt: FormatOpt = Format.TABLE,
    as_of: AsOfOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """Every milestone matching the filters; by default those not yet past."""
    _, selection, window = list_selection(
        registry, as_of, start, end, all_, kind=kind, topic=topic, authority=authority,
        status=status, certainty=certainty, product=product, search=search, item=item)
    emit(selection, fmt, f"Milestones, {window}", empty=f"No milestone matches ({window}).")


def list_selection(registry: list[str] | None, as_of: str | None, start: str | None,
                   end: str | None, all_: bool, **filter_options: Any,
                   ) -> tuple[Registry, Selection, str]:
    """What `list` (and `export`) select: the registry, the selection and the window text.

    Without --all or --from, the window starts today (past milestones are left out)."""
    today = resolve_today(as_of)
    first = parse_date_option("--from", start, today, end=False)
    last = parse_date_option("--to", end, today, end=True)
    if first is None and not all_:
        first = today
    filters = make_filters(first=first, last=last, **filter_options)
    reg = load_registry(registry)
    selection = select(reg.window(first, last), filters, today)
    if first is None and last is None:
        window = "all dates"
    elif last is None:
        window = f"from {first}"
    elif first is None:
        window = f"up to {last}"
    else:
        window = f"from {first} to {last}"
    return reg, selection, window


@app.command()
def show(
    ident: Annotated[
        str, typer.Argument(metavar="ID", help="Instrument id, e.g. ccc-ev-charging-equipment.")
    ],
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="table (text) or json.")
    ] = Format.TABLE,
    as_of: AsOfOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """One instrument in full: milestones in date order, summary, scope, sources, notes."""
    today = resolve_today(as_of)
    reg = load_registry(registry)
    wanted = ident.split("/")[0]
    inst = reg.instrument(wanted)
    if inst is None:
        import difflib

        close = difflib.get_close_matches(wanted, [i.id for i in reg.instruments], n=3)
        raise UsageError(
            f"no instrument with id {wanted!r}",
            hint=("did you mean " + ", ".join(close) + "?")
            if close
            else "`deadlines list --all --search WORD` finds ids",
        )
    entries = reg.entries_of(inst.id)
    if fmt is Format.TABLE:
        render.print_lines(render.instrument_lines(inst, entries, today))
        return
    if fmt is Format.CSV:
        raise UsageError(
            "show prints table or json; for CSV use `deadlines list --id ID --all --format csv`"
        )
    emit(
        Selection(
            today, tuple(e for e in entries if e.date), tuple(e for e in entries if not e.date)
        ),
        Format.JSON,
        "",
    )


@app.command("check")
def check_(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATH]...", help="Registry files to check together (default: as --registry)."
        ),
    ] = None,
    registry: RegistryOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print problems only.")] = False,
) -> None:
    """Validate registry files; report every problem with file and line, exit 2 if any."""
    files = list(paths) if paths else registry_paths(registry)
    reg, problems = check(files)
    if problems:
        raise RegistryError(problems)
    if not quiet:
        pending = sum(1 for e in reg.entries if e.date is None)
        typer.echo(
            f"ok: {len(reg.instruments)} instruments, {len(reg.entries)} milestones "
            f"({pending} pending) in {len(reg.files)} file(s)"
        )


@app.command()
def vocab() -> None:
    """List the closed vocabularies: kinds, certainties, statuses, topics, authorities."""
    from .vocab import AUTHORITIES, EDITIONS, TOPICS, Certainty, Kind, Status

    sections: list[tuple[str, dict[str, str]]] = [
        ("kinds", {k.value: render.KIND_LABELS[k] for k in Kind}),
        ("certainties", {c.value: "" for c in Certainty}),
        ("statuses", {s.value: "" for s in Status}),
        ("topics", TOPICS),
        ("authorities", AUTHORITIES),
        ("editions", EDITIONS),
    ]
    for name, values in sections:
        typer.echo(f"{name}:")
        for key, text in values.items():
            typer.echo(f"  {key:<20} {text}".rstrip())


def _build_only(args: list[str]) -> None:
    """Keep only the command being run, when there is one.

    Typer turns every command's signature into options on each start (about 2 ms a
    command); the one being run is all that is needed. Without a command name (as with
    `deadlines --help`), every command stays.
    """
    name = next((a for a in args if not a.startswith("-")), None)
    if name is None:
        return
    names = [c.name or (c.callback.__name__.lower().replace("_", "-") if c.callback else "")
             for c in app.registered_commands]
    groups = [g.name for g in app.registered_groups]
    if name in names:
        app.registered_commands = [c for c, n in zip(app.registered_commands, names,
                                                     strict=True) if n == name]
        app.registered_groups = []
    elif name in groups:
        app.registered_commands = []
        app.registered_groups = [g for g in app.registered_groups if g.name == name]


def main() -> None:
    # A run is short and makes no garbage cycles worth collecting, but large registries
    # make hundreds of thousands of objects that each collection would scan again.
    import gc

    gc.disable()
    _build_only(sys.argv[1:])
    app()


# Commands in modules of their own register themselves on import.
from . import cli_add as _cli_add  # noqa: E402,F401
from . import cli_export as _cli_export  # noqa: E402,F401
from . import cli_remind as _cli_remind  # noqa: E402,F401
from . import cli_sources as _cli_sources  # noqa: E402,F401
