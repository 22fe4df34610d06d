"""`deadlines update [URL]`: install the registry a curator published, verified whole."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from sesec_deadlines.cli.base import command_app
from sesec_deadlines.cli.options import ConfigOpt
from sesec_deadlines.core.errors import ConfigError, UsageError

app = command_app()
ENV_URL = "DEADLINES_UPDATE_URL"
CONFIG_KEY = "update_url"


@app.command()
def update(
    url: Annotated[str | None, typer.Argument(
        metavar="[URL]",
        help="Address of the folder `deadlines publish` wrote (or of its manifest.json). "
             f"Default: ${ENV_URL}, else `{CONFIG_KEY}` in the configuration file.",
        show_default=False)] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", "-n",
        help="Fetch and verify, install nothing; list what would change.")] = False,
    allow_downgrade: Annotated[bool, typer.Option(
        "--allow-downgrade",
        help="Install the published registry even when it is older than the one read "
             "now.")] = False,
    timeout: Annotated[float, typer.Option(
        "--timeout", metavar="SECONDS", min=0.1,
        help="Give up on a file the server has not sent whole in this time.")] = 30.0,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Print nothing unless something is wrong (for cron).")
    ] = False,
    config: ConfigOpt = None,
) -> None:
    """Fetch the registry a curator published with `deadlines publish`, verify every byte
    (SHA-256), check it in full, and install it; from then on the newer of the bundled and
    the installed registry is read. Exit 0: installed, or already current; 6: could not
    fetch; 7: refused (tampered, truncated, invalid, older); 1: could not install."""
    from sesec_deadlines.registry.cache import load_cached
    from sesec_deadlines.registry.paths import default_registry
    from sesec_deadlines.update.run import update as run_update

    address, source = resolve_url(url, config)
    current = load_cached([default_registry()])
    outcome = run_update(address, current=current, timeout=timeout,
                         allow_downgrade=allow_downgrade, dry_run=dry_run)
    if quiet:
        return
    manifest = outcome.manifest
    if outcome.up_to_date:
        why = "not modified since the last update" if manifest is None else "the same version"
        typer.echo(f"registry {current.version} is current ({why} at "
                   f"{outcome.manifest_url}, {source}): nothing to install")
        return
    assert manifest is not None
    what = (f"registry {manifest.version} (newest edition {manifest.newest_edition or '-'}; "
            f"{manifest.instruments} instruments, {manifest.milestones} milestones) from "
            f"{outcome.manifest_url}")
    if outcome.same_day:
        typer.echo(f"note: {manifest.version} and {current.version} record the same last day, "
                   "so their versions cannot say which is newer: the published one is taken "
                   "as newer (a curator's later fix of the same day)", err=True)
    if not outcome.installed:
        typer.echo(f"would install {what}, replacing {current.version}; nothing installed "
                   "(dry run)")
        for line in change_lines(outcome):
            typer.echo(f"  {line}")
        return
    typer.echo(f"installed {what}, replacing {current.version}")


def change_lines(outcome: object) -> list[str]:
    """What a dry run would bring, one change a line, as `deadlines changes` names them."""
    from sesec_deadlines.update.run import Outcome

    assert isinstance(outcome, Outcome)
    lines = [f"{e.day.isoformat()}  {e.detail():<40}  {e.subject}"
             for e in sorted(outcome.changes, key=lambda e: (e.day, e.key))]
    lines += [f"removed  {ident}" for ident in outcome.removed]
    return lines or ["no new, moved or corrected entry: other changes only"]


def resolve_url(url: str | None, config: str | None) -> tuple[str, str]:
    """The URL and where it came from: the argument, else $DEADLINES_UPDATE_URL, else
    `update_url` in the configuration file."""
    if url is not None and url.strip():
        return url.strip(), "the URL given"
    env = os.environ.get(ENV_URL, "").strip()
    if env:
        return env, f"${ENV_URL}"
    from sesec_deadlines.remind.config import config_path

    path = config_path(config)
    value = _configured(path)
    if value is None:
        raise UsageError("no URL to update from",
                         hint=f"give one (`deadlines update https://.../`), set ${ENV_URL}, "
                              f"or write `{CONFIG_KEY} = \"https://.../\"` at the top of "
                              f"{path}")
    return value, str(path)


def _configured(path: Path) -> str | None:
    """`update_url` at the top of the configuration file; None when the file or the key
    is missing."""
    from sesec_deadlines.core.errors import ProblemsError
    from sesec_deadlines.storage.files import CONFIG_LIMIT, RefusedFile, read_input
    from sesec_deadlines.storage.toml import parse_bytes

    try:
        raw = read_input(path, CONFIG_LIMIT)
    except FileNotFoundError:
        return None
    except (RefusedFile, OSError) as exc:
        raise ConfigError(f"{path}: cannot be read: {exc}") from None
    problems: list = []  # type: ignore[type-arg]
    parsed = parse_bytes(str(path), raw, problems)
    if parsed.data is None:
        raise ProblemsError(problems)
    value = parsed.data.get(CONFIG_KEY)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        line = parsed.lines.find(CONFIG_KEY)
        raise ConfigError(f"{path}:{line}: {CONFIG_KEY}: must be a URL in quotes, e.g. "
                          f"{CONFIG_KEY} = \"https://intranet.example.com/china/\"")
    return value.strip()
