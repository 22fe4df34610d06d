"""`deadlines config init|show|test|path`: the reminder configuration."""

from __future__ import annotations

import sys

import typer

from sesec_deadlines.cli.options import ConfigOpt
from sesec_deadlines.core.errors import UsageError

app = typer.Typer(
    name="config",
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
    help="The reminder configuration: create a starting file, show the settings, try the "
    "server, locate it.",
    no_args_is_help=True,
)


@app.command("init",
             short_help="write a commented starting configuration (never overwrites)")
def config_init(config: ConfigOpt = None) -> None:
    """Write a commented starting configuration, readable by you alone; never overwrites."""
    from sesec_deadlines.remind.config import config_path
    from sesec_deadlines.remind.template import TEMPLATE
    from sesec_deadlines.storage.atomic import atomic_write
    from sesec_deadlines.storage.output import check_output

    if config is not None:
        check_output(config)
    path = config_path(config)
    if path.exists():
        raise UsageError(f"{path} already exists; it was left as it is",
                         hint="edit it, or move it away first to start afresh")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    atomic_write(path, TEMPLATE.encode("utf-8"), mode=0o600)
    typer.echo(f"wrote {path} (readable by you alone); edit it (every setting: "
               "`deadlines help reminders`), check it with `deadlines config show`, try the "
               "server with `deadlines config test` and the emails with "
               "`deadlines remind --dry-run`")


@app.command("show",
             short_help="the settings in force, secrets masked; checks them")
def config_show(config: ConfigOpt = None) -> None:
    """Print the settings in force, defaults filled in, secrets masked; check the password's
    source (exit 2 when the variable is unset or the command fails)."""
    from sesec_deadlines.remind.checks import load, password_problems
    from sesec_deadlines.remind.config import ConfigProblems, config_path
    from sesec_deadlines.remind.show import effective, to_toml, warnings
    from sesec_deadlines.remind.state import state_path

    cfg = load(config_path(config))
    typer.echo(f"# configuration: {cfg.path}")
    typer.echo(f"# state: {state_path()}")
    sys.stdout.write(to_toml(effective(cfg)))
    for line in warnings(cfg):
        typer.echo(f"warning: {line}", err=True)
    problems = password_problems(cfg)
    if problems:
        raise ConfigProblems(problems)


@app.command("test",
             short_help="try the server: password, connection, TLS, login")
def config_test(config: ConfigOpt = None) -> None:
    """Try the settings against the server: password, connection, TLS, login; send nothing.

    Says each step that worked. Exit 0: all passed; 1: a step with the server failed;
    2: a bad configuration (a password variable not set, a password command that fails).
    """
    from sesec_deadlines.remind.checks import load
    from sesec_deadlines.remind.config import config_path
    from sesec_deadlines.remind.probe import try_setup

    try_setup(load(config_path(config)), typer.echo)


@app.command("path", short_help="where the configuration file is")
def config_path_(config: ConfigOpt = None) -> None:
    """Print the path of the configuration file that `remind` reads."""
    from sesec_deadlines.remind.config import config_path

    typer.echo(str(config_path(config)))
