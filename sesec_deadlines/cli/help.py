"""`deadlines help [TOPIC]`: the documents shipped with the package, in the terminal.

A pip-installed user has no checkout: the wheel carries docs/*.md under
sesec_deadlines/docs/ (pyproject.toml, force-include), and a checkout reads docs/ itself.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from sesec_deadlines.cli.base import command_app
from sesec_deadlines.core.errors import UsageError

# topic -> (file in docs/, what it covers), in the order they are listed
TOPICS: dict[str, tuple[str, str]] = {
    "guide": ("user-guide.md", "the user guide: every command and option, JSON and CSV, "
                               "files, exit codes"),
    "reminders": ("reminders.md", "reminder emails: the configuration, testing the set-up, "
                                  "the state file, cron"),
    "registry": ("registry-format.md", "the registry format, annotated, and the date rules"),
    "calendar": ("calendar.md", "what the .ics export holds: events, alarms, subscribing"),
    "updating": ("updating.md", "publishing the registry and `deadlines update`: the "
                                "manifest, what is refused, cron"),
    "team": ("team.md", "working as a team: track, inbox, owners, act-by dates, their "
                        "reminders, git"),
    "working-days": ("working-days.md", "spans in working days (10wd): China's calendar, "
                                        "estimated years, other countries"),
}

app = command_app()


def doc_path(name: str) -> Path:
    """A shipped document: in the installed package, else in the checkout's docs/."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "docs" / name
    if packaged.is_file():
        return packaged
    return package.parent / "docs" / name


def topic_list() -> list[str]:
    width = max(len(topic) for topic in TOPICS)
    return [f"  {topic:<{width}}  {about}" for topic, (_, about) in TOPICS.items()]


@app.command("help")
def help_(
    topic: Annotated[str | None, typer.Argument(
        metavar="[TOPIC]",
        help="What to read: guide, reminders, registry, calendar or updating; none lists "
             "them.",
        show_default=False)] = None,
) -> None:
    """Print a document shipped with deadlines (guide, reminders, registry, calendar,
    updating)."""
    if topic is None:
        typer.echo("Documents shipped with deadlines; read one with `deadlines help TOPIC`:")
        for line in topic_list():
            typer.echo(line)
        typer.echo("Every command also takes --help.")
        return
    key = topic.strip().casefold()
    if key not in TOPICS:
        raise UsageError(f"no help topic {topic!r}",
                         hint="the topics are: " + ", ".join(TOPICS))
    path = doc_path(TOPICS[key][0])
    sys.stdout.write(path.read_text(encoding="utf-8"))
