"""The `deadlines` app: its command table, loaded lazily, and errors turned into exit codes.

A command's module is imported only when that command runs (or when help lists every
command), the way click documents a lazy group: `deadlines upcoming` never loads the
calendar, email or curation machinery. Errors become a message on stderr and an exit
code in one place, `DeadlinesGroup.invoke`; commands just raise `DeadlinesError`
subclasses.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Annotated, Any

import typer
from typer._click import exceptions as click_exceptions
from typer.core import TyperGroup

from sesec_deadlines import __version__
from sesec_deadlines.core.errors import DeadlinesError, ExitCode

# command name -> module holding its typer app, in the order `--help` lists them
LAZY_COMMANDS: dict[str, str] = {
    "upcoming": "sesec_deadlines.cli.upcoming",
    "list": "sesec_deadlines.cli.listing",
    "show": "sesec_deadlines.cli.show",
    "check": "sesec_deadlines.cli.check",
    "vocab": "sesec_deadlines.cli.vocab",
    "editions": "sesec_deadlines.cli.editions",
    "add": "sesec_deadlines.cli.add",
    "changes": "sesec_deadlines.cli.changes",
    "export": "sesec_deadlines.cli.export",
    "timeline": "sesec_deadlines.cli.timeline",
    "publish": "sesec_deadlines.cli.publish",
    "remind": "sesec_deadlines.cli.remind",
    "config": "sesec_deadlines.cli.config",
    "verify-sources": "sesec_deadlines.cli.verify",
    "scan": "sesec_deadlines.cli.scan",
    "help": "sesec_deadlines.cli.help",
    "review": "sesec_deadlines.cli.review",
    "track": "sesec_deadlines.cli.track",
    "inbox": "sesec_deadlines.cli.inbox",
    "update": "sesec_deadlines.cli.update",
}

DEBUG_ENV = "DEADLINES_DEBUG"


class DeadlinesGroup(TyperGroup):
    """Loads each command from its module on first use; turns every error into a message
    and a documented exit code, never a traceback."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(LAZY_COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:  # a click Command
        module = LAZY_COMMANDS.get(cmd_name)
        if module is None:
            return None
        command = typer.main.get_command(importlib.import_module(module).app)
        command.name = cmd_name
        return command

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """As click resolves it; a mistyped name gets "Did you mean" the nearest commands."""
        try:
            return self._click_resolve_command(ctx, args)
        except click_exceptions.UsageError as exc:
            from sesec_deadlines.cli.start import suggestion

            hint = suggestion(args[0], list(LAZY_COMMANDS)) if args else None
            if hint and exc.message.startswith("No such command"):
                exc.message = f"{exc.message} {hint}"
            raise

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The commands grouped for users and curators, each described in one line that
        fits 80 columns (cli.start), without importing any command's module."""
        from sesec_deadlines.cli.start import format_commands

        format_commands(list(LAZY_COMMANDS), formatter)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _refuse_undecodable(args)
        return super().parse_args(ctx, args)

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        """Command names from the table, so that completing them imports no command; the
        group's options as click completes them."""
        from typer._click.core import Command
        from typer._click.shell_completion import CompletionItem

        names = [CompletionItem(name) for name in LAZY_COMMANDS if name.startswith(incomplete)]
        return names + list(Command.shell_complete(self, ctx, incomplete))

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


# Environment variables that name files, checked like the arguments.
PATH_ENV = ("DEADLINES_REGISTRY", "DEADLINES_CONFIG", "DEADLINES_TRACKING")


def _refuse_undecodable(args: list[str]) -> None:
    """Arguments (and file-naming environment variables) must be UTF-8 text: Python keeps
    undecodable bytes as lone surrogates, which no output, file name or cache key can
    take. A usage error (exit 2) names the first one."""
    named = [(f"argument {i}" + (f" (after {args[i - 2]})" if i > 1 and args[i - 2]
                                 .startswith("-") and args[i - 2].isascii() else ""), a)
             for i, a in enumerate(args, start=1)]
    named += [(f"${name}", os.environ[name]) for name in PATH_ENV if name in os.environ]
    for what, text in named:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raw = text.encode("utf-8", "surrogateescape")
            shown = raw.decode("utf-8", "backslashreplace")
            typer.echo(f"error: {what} is not valid UTF-8 text: '{shown}' (byte "
                       f"0x{ord(text[exc.start]) & 0xFF:02x} at position {exc.start + 1})",
                       err=True)
            typer.echo("hint: give text and file names in UTF-8", err=True)
            raise typer.Exit(int(ExitCode.USAGE)) from None


app = typer.Typer(
    cls=DeadlinesGroup,
    name="deadlines",
    help="China compliance deadlines from the SESEC China Standardisation Newsletter: what is "
    "coming, filters, calendars and reminder emails.",
    no_args_is_help=False,  # `deadlines` alone prints the start screen (cli.start)
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=True,  # --install-completion and --show-completion (bash, zsh, fish)
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    """The program's version, then the registry's (cli.version); a registry that cannot be
    read is reported after the program's version, with its exit code."""
    if value:
        from sesec_deadlines.cli.version import version_lines

        try:
            lines = version_lines()
        except DeadlinesError as exc:
            typer.echo(f"deadlines {__version__}")
            for line in exc.lines():
                typer.echo(line, err=True)
            raise typer.Exit(int(exc.exit_code)) from None
        typer.echo("\n".join(lines))
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True,
            help="Print the program's version and the registry's (data version, newest "
                 "edition, size, file) and exit."
        ),
    ] = False,
    no_registry_notice: Annotated[
        bool,
        typer.Option(
            "--no-registry-notice",
            help="Do not say on stderr when the registry files read leave the bundled "
                 "registry out (also DEADLINES_REGISTRY_NOTICE=0, or `complete = true` in "
                 "the file)."),
    ] = False,
) -> None:
    """China compliance deadlines: upcoming, list, show, export, remind."""
    from sesec_deadlines.cli.notice import state

    state["silent"] = no_registry_notice  # set on every run, read by cli.notice
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:
        from sesec_deadlines.cli.start import print_screen

        print_screen(list(LAZY_COMMANDS), __version__)




def main() -> None:
    # A run is short and makes no garbage cycles worth collecting, but large registries
    # make hundreds of thousands of objects that each collection would scan again.
    import gc

    gc.disable()
    app()
