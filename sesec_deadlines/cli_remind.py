"""`deadlines remind` (reminder emails, for cron) and `deadlines config init|show|path`.

The email, SMTP and calendar machinery is imported inside the commands, so the other
commands never load it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from .cli import app, load_registry
from .errors import UsageError
from .options import AsOfOpt, RegistryOpt, resolve_today
from .registry import ENV_REGISTRY

ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="PATH",
        help="Configuration file. Default: $DEADLINES_CONFIG, else config.toml in the user "
        "config directory (see `deadlines config path`).",
    ),
]


@app.command()
def remind(
    config: ConfigOpt = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", "-n",
                     help="Print the emails that would be sent; send and record nothing."),
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Say what was done, on stderr.")
    ] = False,
    as_of: AsOfOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """Email the reminders due today, each once; silent when all went well (for cron).

    Exit 0: sent, or nothing due; 1: an email could not be sent (it is retried on the next
    run); 2: a configuration or usage error.
    """
    from .remind.config import config_path, load
    from .remind.mailer import Mailer, Outbox, SmtpMailer
    from .remind.message import preview
    from .remind.run import SendFailures, run
    from .remind.state import state_path

    today = resolve_today(as_of)
    cfg = load(config_path(config))
    if not registry and not os.environ.get(ENV_REGISTRY, "").strip() and cfg.registry:
        registry = list(cfg.registry)
    reg = load_registry(registry)

    def log(text: str) -> None:
        typer.echo(text, err=True)

    outbox = Outbox()
    mailer: Mailer = outbox
    if not dry_run:
        password = cfg.smtp.password

        def resolve() -> str:
            return password.resolve(cfg.smtp.timeout) if password is not None else ""

        mailer = SmtpMailer(cfg.smtp, resolve)
    outcome = run(cfg, reg.window(today, None), today, mailer=mailer, state_path=state_path(),
                  dry_run=dry_run, log=log if verbose else None)
    if dry_run:
        count = len(outbox.messages)
        if not count:
            typer.echo(f"No reminder due on {today}: nothing would be sent.")
        for number, message in enumerate(outbox.messages, start=1):
            typer.echo(f"=== email {number} of {count} (dry run: not sent) ===")
            sys.stdout.write(preview(message))
    elif verbose and not outcome.failed and not outcome.sent:
        log("nothing to send")
    if outcome.failed:
        raise SendFailures(outcome)


config_app = typer.Typer(
    name="config",
    help="The reminder configuration: create a starting file, show the settings, locate it.",
    no_args_is_help=True,
)
app.add_typer(config_app, name="config")


@config_app.command("init")
def config_init(config: ConfigOpt = None) -> None:
    """Write a commented starting configuration, readable by you alone; never overwrites."""
    from .fsutil import atomic_write
    from .remind.config import config_path
    from .remind.template import TEMPLATE

    path = config_path(config)
    if path.exists():
        raise UsageError(f"{path} already exists; it was left as it is",
                         hint="edit it, or move it away first to start afresh")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    atomic_write(path, TEMPLATE.encode("utf-8"), mode=0o600)
    typer.echo(f"wrote {path} (readable by you alone); edit it, check it with "
               "`deadlines config show`, try it with `deadlines remind --dry-run`")


@config_app.command("show")
def config_show(config: ConfigOpt = None) -> None:
    """Print the settings in force, defaults filled in, secrets masked."""
    from .remind.config import config_path, load
    from .remind.show import effective, to_toml
    from .remind.state import state_path

    cfg = load(config_path(config))
    typer.echo(f"# configuration: {cfg.path}")
    typer.echo(f"# state: {state_path()}")
    sys.stdout.write(to_toml(effective(cfg)))


@config_app.command("path")
def config_path_(config: ConfigOpt = None) -> None:
    """Print the path of the configuration file that `remind` reads."""
    from .remind.config import config_path

    typer.echo(str(config_path(config)))
