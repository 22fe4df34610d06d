"""The start screen (`deadlines` alone), the command list of `deadlines --help`, and "did you
mean" for a mistyped command.

Each command has a one-line description here, short enough that the list fits 80 columns
without cutting it off, so neither screen imports a command's module to describe it.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

# (heading, [(command, what it does)]); every command of cli.app.LAZY_COMMANDS is in one
USERS = "For users"
CURATORS = "For curators"
TEAMS = "For teams"
GROUPS: list[tuple[str, list[tuple[str, str]]]] = [
    (USERS, [
        ("upcoming", "what is due soon (90 days)"),
        ("list", "milestones by filter: table, JSON, CSV"),
        ("show", "one instrument, by id or number"),
        ("changes", "what is new or changed; Atom feed"),
        ("export", "a calendar (.ics) for Outlook; JSON, CSV"),
        ("timeline", "the roadmap in one picture"),
        ("publish", "a static site with calendars"),
        ("update", "install the registry a curator published"),
        ("remind", "reminder emails, from cron"),
        ("config", "reminder settings: init, show, test"),
        ("vocab", "kinds, topics, authorities, editions"),
        ("editions", "which editions the registry covers"),
        ("help", "the manual: guide, reminders, registry"),
    ]),
    (TEAMS, [
        ("inbox", "new milestones nobody decided on yet"),
        ("track", "a decision: progress, owner, act-by"),
    ]),
    (CURATORS, [
        ("review", "what to re-check, and why"),
        ("check", "validate registry files"),
        ("scan", "a new edition's dates, new or known"),
        ("verify-sources", "find each date in its source text"),
        ("add", "append an instrument to a registry"),
    ]),
]

FIRST_STEPS = [
    ("deadlines upcoming", "what is due in 90 days (--brief: a line each)"),
    ("deadlines list -t ccc", "a topic's milestones (deadlines vocab)"),
    ("deadlines show ID", "one instrument: dates, sources"),
]

ABOUT = ("China compliance deadlines from the SESEC China Standardisation Newsletter, each "
         "with its source and certainty.")


def described() -> dict[str, str]:
    return {name: text for _, commands in GROUPS for name, text in commands}


def grouped(names: list[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """GROUPS for the commands in `names` (in that order within a group); a command not
    described here is listed under "More" by name, so none is ever hidden."""
    texts = described()
    groups = [(heading, [(n, t) for n, t in commands if n in names])
              for heading, commands in GROUPS]
    rest = [(n, f"see deadlines {n} --help") for n in names if n not in texts]
    return groups + ([("More", rest)] if rest else [])


def suggestion(name: str, names: list[str]) -> str | None:
    """The sentence naming the commands closest to a mistyped one, or None."""
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    if not close:
        close = [n for n in names if name and n.startswith(name)][:3]
    return ("Did you mean " + ", ".join(repr(c) for c in close) + "?") if close else None


def freshness_line(registry: list[str] | None) -> str:
    """How current the registry is, always (the tables say it only once it is old)."""
    from sesec_deadlines.cli.common import load_registry
    from sesec_deadlines.cli.options import resolve_today, thresholds
    from sesec_deadlines.core.errors import DeadlinesError
    from sesec_deadlines.core.staleness import freshness

    try:
        reg = load_registry(registry)
    except DeadlinesError as exc:
        return f"The registry cannot be read ({exc.lines()[0]}); `deadlines check` says why."
    today = resolve_today(None)
    fresh = freshness(reg.editions, reg.cited_editions(), today, thresholds(),
                      uncurated=reg.uncurated, files=reg.files)
    stale = fresh.line()
    if stale is not None:
        return stale
    if fresh.newest is None:
        return f"Registry: {len(reg.instruments)} instruments; it cites no edition."
    return (f"Registry current to {fresh.newest.label} (its newest edition, published "
            f"{fresh.newest.published.isoformat()}, {fresh.age_days} days ago).")


def screen(names: list[str], version: str, registry: list[str] | None = None) -> list[str]:
    """The lines of the start screen: what the tool is, the registry's freshness, three
    commands to start with, and every command by who uses it."""
    lines = [f"deadlines {version}: {ABOUT}", freshness_line(registry), "", "Start with:"]
    width = max(len(c) for c, _ in FIRST_STEPS)
    lines += [f"  {c.ljust(width)}  {t}" for c, t in FIRST_STEPS]
    width = max(len(n) for n in names)
    for heading, commands in grouped(names):
        lines += ["", f"{heading}:"]
        lines += [f"  {n.ljust(width)}  {t}".rstrip() for n, t in commands]
    lines += ["", "Every command takes --help; the manual: deadlines help guide."]
    return lines


def print_screen(names: list[str], version: str) -> None:
    """The start screen on stdout; on a terminal long lines wrap at a word, indented."""
    import sys

    from sesec_deadlines.output import terminal as render

    lines = screen(names, version)
    if not render.is_terminal(sys.stdout):
        render.print_lines(lines)
        return
    from sesec_deadlines.output.layout import wrap

    width = render.terminal_console(sys.stdout).width
    for line in lines:
        # a command and its description: continued under the description
        column = re.match(r"  \S.*?\s{2,}", line)
        indent = " " * len(column.group(0)) if column else ""
        render.print_lines(wrap(line, width, "", indent) if line else [""])


def format_commands(names: list[str], formatter: Any) -> None:
    """The commands of `deadlines --help`, grouped as on the start screen."""
    for heading, commands in grouped(names):
        with formatter.section(f"Commands {heading.lower()}" if heading != "More"
                               else "More commands"):
            formatter.write_dl(commands)
