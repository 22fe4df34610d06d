"""What every command module of the command line shares: how its typer app is made."""

from __future__ import annotations

import typer


def command_app() -> typer.Typer:
    """A typer app for one command module, with the settings of the `deadlines` app.

    The module's app is turned into a click command only when that command runs or help
    lists it (see `sesec_deadlines.cli.app.LAZY_COMMANDS`).
    """
    return typer.Typer(
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        add_completion=False,
    )
