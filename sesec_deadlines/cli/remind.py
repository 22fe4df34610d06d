"""`deadlines remind`: reminder emails, for cron.

The email, SMTP and calendar machinery is imported inside the commands, so the other
commands never load it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from sesec_deadlines.cli.base import command_app
from sesec_deadlines.cli.common import load_registry
from sesec_deadlines.cli.options import (
    AsOfOpt,
    ConfigOpt,
    RegistryOpt,
    resolve_today,
    thresholds,
    use_working_calendar,
)
from sesec_deadlines.cli.tracking import IncludeDoneOpt, TrackingFileOpt, load_team
from sesec_deadlines.core.staleness import freshness
from sesec_deadlines.registry.load import ENV_REGISTRY

if TYPE_CHECKING:
    from sesec_deadlines.core.model import Entry
    from sesec_deadlines.remind.config import Config
    from sesec_deadlines.remind.owners import Owners
    from sesec_deadlines.team import Tracking

app = command_app()


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
    include_done: IncludeDoneOpt = False,
    tracking_file: TrackingFileOpt = None,
    as_of: AsOfOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """Email the reminders due today, each once; silent when all went well (for cron).

    Exit 0: sent, or nothing due; 1: an email could not be sent (it is retried on the next
    run); 2: a configuration or usage error.
    """
    from sesec_deadlines.remind.checks import load
    from sesec_deadlines.remind.config import config_path
    from sesec_deadlines.remind.mailer import Mailer, Outbox, SmtpMailer
    from sesec_deadlines.remind.message import preview
    from sesec_deadlines.remind.run import SendFailures, run
    from sesec_deadlines.remind.state import state_path

    today = resolve_today(as_of)
    limits = thresholds()  # a bad DEADLINES_* threshold is a usage error here, not in mail
    cfg = load(config_path(config))
    if cfg.working_calendar is not None:
        use_working_calendar(cfg.working_calendar)
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
    tracking = load_team(tracking_file)
    owners = None
    if cfg.people:
        owners = _owners(cfg, reg.entries, tracking, tracking_file, dry_run, log)
        tracking = owners.tracking  # as reopened
        if dry_run or verbose:
            _unknown_owners(owners, reg.entries, log)
    open_only = None if include_done or not tracking else (
        lambda entry: not ((d := tracking.decision(entry)) and (d.closed or d.snoozed(today))))
    outcome = run(cfg, reg.entries, today, mailer=mailer, state_path=state_path(),
                  dry_run=dry_run, log=log if verbose else None, registry_version=reg.version,
                  freshness=freshness(reg.editions, reg.cited_editions(), today, limits,
                                      version=reg.version, uncurated=reg.uncurated),
                  remind_of=open_only, owners=owners)
    if dry_run:
        count = len(outbox.messages)
        if not count:
            typer.echo(f"No reminder due on {today}: nothing would be sent.")
        for number, message in enumerate(outbox.messages, start=1):
            typer.echo(f"=== email {number} of {count} (dry run: not sent) ===")
            sys.stdout.write(preview(message))
    elif verbose and not outcome.failed and not outcome.sent and not outcome.unrecorded:
        log("nothing to send")
    if outcome.failed or outcome.unrecorded:
        raise SendFailures(outcome)


def _owners(cfg: Config, entries: Sequence[Entry], team: Tracking, tracking_file: str | None,
            dry_run: bool, log: Callable[[str], None]) -> Owners:
    """The owners of `[people]` and the team's decisions; a milestone marked done whose date
    then moved is reopened first (recorded in the tracking file, except in a dry run)."""
    from sesec_deadlines.remind.owners import ACT_BY_LEADS, Owners, reopen, reopen_reasons
    from sesec_deadlines.team import tracking_path

    reasons = reopen_reasons(entries, team)
    if reasons and not dry_run:
        for notice in reopen(tracking_path(tracking_file), reasons):
            log(notice)
        team = load_team(tracking_file)
    return Owners(dict(cfg.people), team, cfg.act_by_leads or ACT_BY_LEADS, reasons)


def _unknown_owners(owners: Owners, entries: Sequence[Entry],
                    log: Callable[[str], None]) -> None:
    """Say which owners of open milestones have no address in [people]: they get no digest
    (a name spelt otherwise in `track --owner`, or someone not added yet)."""
    unknown: dict[str, int] = {}
    for entry in entries:
        decision = owners.tracking.decision(entry)
        if (decision is not None and decision.owner and not owners.closed(entry)
                and owners.address_of(decision.owner) is None):
            unknown[decision.owner] = unknown.get(decision.owner, 0) + 1
    for name, count in sorted(unknown.items()):
        log(f"note: owner {name!r} of {count} open milestone(s) has no address in [people]: "
            "no owner's digest for them (`deadlines list --owner NAME` lists them)")
