"""`deadlines track ID`: record the team's decision on a milestone or an instrument, or
print the decision in force and its whole history."""

from __future__ import annotations

import enum
import json
from typing import Annotated, Any

import typer

from sesec_deadlines.cli.base import command_app
from sesec_deadlines.cli.common import load_registry
from sesec_deadlines.cli.options import (
    AsOfOpt,
    RegistryOpt,
    complete_id,
    parse_date_option,
    resolve_today,
)
from sesec_deadlines.cli.tracking import PROGRESS_VALUES, TrackingFileOpt, _progress, load_team
from sesec_deadlines.core.errors import UsageError
from sesec_deadlines.core.model import Entry
from sesec_deadlines.registry.store import Registry


class TrackFormat(enum.StrEnum):
    """What `track` prints: the decisions and history as text or JSON."""

    TABLE = "table"
    JSON = "json"

app = command_app()


def find_target(reg: Registry, ident: str) -> tuple[str, list[Entry]]:
    """The milestone (`item/key`) or instrument (`item`) named, with the milestones the
    decision applies to; a usage error with the nearest ids otherwise."""
    import difflib

    item, _, key = ident.strip().partition("/")
    inst = reg.instrument(item)
    if inst is None:
        close = difflib.get_close_matches(item, [i.id for i in reg.instruments], n=3)
        raise UsageError(f"no instrument or milestone with id {ident!r}",
                         hint=("did you mean " + ", ".join(close) + "?") if close else
                         "`deadlines list --all --search WORD` finds ids")
    entries = list(reg.entries_of(inst.id))
    if not key:
        return inst.id, entries
    chosen = [e for e in entries if e.milestone.key == key]
    if not chosen:
        ids = [e.id for e in entries]
        close = difflib.get_close_matches(f"{inst.id}/{key}", ids, n=3) or ids[:5]
        raise UsageError(f"{inst.id} has no milestone {key!r}",
                         hint="did you mean " + ", ".join(close) + "?")
    return chosen[0].id, chosen


@app.command()
def track(
    ident: Annotated[str, typer.Argument(
        metavar="ID", autocompletion=complete_id,
        help="A milestone (item/key, e.g. ccc-ev-charging-equipment/mandatory_from) or an "
        "instrument (its decision applies to all its milestones; a milestone's own wins).")],
    progress: Annotated[str | None, typer.Option(
        "--progress", metavar="PROGRESS", parser=_progress,
        help="The team's work on it: " + ", ".join(PROGRESS_VALUES)
        + " (not-applicable needs --note, the reason).")] = None,
    owner: Annotated[str | None, typer.Option(
        "--owner", metavar="NAME", help="Who owns it ('' clears).")] = None,
    act_by: Annotated[str | None, typer.Option(
        "--act-by", metavar="WHEN",
        help="When the team must act: a date (2026-05-01) or a span before the milestone's "
        "date (3w, 10d, 2m, 10wd: working days) ('' clears).")] = None,
    note: Annotated[str | None, typer.Option(
        "--note", metavar="TEXT", help="Why, or what was done ('' clears).")] = None,
    evidence: Annotated[list[str] | None, typer.Option(
        "--evidence", metavar="URL",
        help="A link to the evidence, http(s) (repeatable; adds to those recorded; '' "
        "clears them).")] = None,
    snooze_until: Annotated[str | None, typer.Option(
        "--snooze-until", metavar="DATE",
        help="Hold its reminders until DATE (2027-01-15, +2w) ('' clears).")] = None,
    fmt: Annotated[TrackFormat, typer.Option(
        "--format", "-f", help="table (text) or json.")] = TrackFormat.TABLE,
    tracking_file: TrackingFileOpt = None,
    as_of: AsOfOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """Record a decision on a milestone or instrument (and print the decision in force);
    with no options, print the decision in force and its whole history (who, when, what,
    note)."""
    from sesec_deadlines.team.events import text_problem
    from sesec_deadlines.team.logfile import append, new_event, tracking_path, who

    reg = load_registry(registry)
    target, entries = find_target(reg, ident)
    values = _values(progress, owner, act_by, note, evidence, snooze_until, as_of)
    path = tracking_path(tracking_file)
    if values:
        decider = who(path.parent)
        problem = text_problem(decider)
        if problem:
            raise UsageError(f"who decides ({decider!r}, from $DEADLINES_USER, git's "
                             f"user.name or the login name) {problem}")
        event = new_event(target, values, decider)
        for notice in append(path, event):
            typer.echo(notice, err=True)
        typer.echo(f"Recorded for {target}: {event.describe()} (by {event.by}, "
                   f"{event.at[:16].replace('T', ' ')} UTC) in {path}", err=True)
        for warning in _warnings(values, entries):
            typer.echo(warning, err=True)
    tracking = load_team(tracking_file)
    if fmt is TrackFormat.JSON:
        typer.echo(json.dumps(_document(target, entries, tracking), ensure_ascii=False,
                              indent=2))
        return
    from sesec_deadlines.output.tracking import history_lines

    # after recording, the decision in force; the whole history (which reads every line
    # of the file) when asked for with `track ID` alone
    lines = history_lines(target, entries, tracking, _targets(target, entries),
                          resolve_today(as_of), history=not values)
    from sesec_deadlines.output import terminal as render

    render.print_lines(lines)


def _values(progress: str | None, owner: str | None, act_by: str | None, note: str | None,
            evidence: list[str] | None, snooze_until: str | None, as_of: str | None
            ) -> dict[str, Any]:
    from sesec_deadlines.team.events import check_value, is_url, text_problem

    values: dict[str, Any] = {}
    if progress is not None:
        values["progress"] = progress
        if progress == "not-applicable" and not (note or "").strip():
            raise UsageError("--progress not-applicable needs --note, the reason",
                             hint="e.g. --note 'not relevant for wallboxes'")
    for name, given in (("owner", owner), ("note", note)):
        if given is not None:
            values[name] = given.strip() or None
            problem = check_value(name, values[name])
            if problem:
                raise UsageError(f"--{name}: {problem}")
    if act_by is not None:
        rule = act_by.strip() or None
        problem = check_value("act_by", rule)
        if problem:
            raise UsageError(f"--act-by: {problem}")
        values["act_by"] = rule
    if snooze_until is not None:
        day = parse_date_option("--snooze-until", snooze_until, resolve_today(as_of),
                                end=False) if snooze_until.strip() else None
        values["snooze_until"] = day.isoformat() if day else None
    if evidence is not None:
        urls = [u.strip() for u in evidence if u.strip()]
        for url in urls:
            if not is_url(url) or text_problem(url):
                raise UsageError(f"--evidence: {url!r} is not an http(s) URL",
                                 hint="give the link, e.g. https://example.com/cert.pdf")
        values["evidence"] = urls or None
    return values


def _warnings(values: dict[str, Any], entries: list[Entry]) -> list[str]:
    from sesec_deadlines.team.actby import is_span, resolve

    rule = values.get("act_by")
    out = []
    if rule and is_span(rule):
        pending = [e.id for e in entries if e.date is None]
        if pending:
            out.append(f"note: {', '.join(pending[:3])}{' ...' if len(pending) > 3 else ''} "
                       f"has no date yet: its act-by date follows once it has one")
    if rule:
        late = [(e, day) for e in entries if e.date is not None
                and (day := resolve(rule, e.date)) is not None and day > e.date.end]
        for entry, day in late[:3]:
            assert entry.date is not None
            out.append(f"warning: the act-by date {day.isoformat()} is after {entry.id}'s "
                       f"date ({entry.date.iso()}): the team would act too late")
    return out


def _targets(target: str, entries: list[Entry]) -> set[str]:
    """The ids whose events make up the history: a milestone and its instrument, or an
    instrument and all its milestones."""
    item = target.split("/")[0]
    return {target, item} if "/" in target else {item, *(e.id for e in entries)}


def _document(target: str, entries: list[Entry], tracking: Any) -> dict[str, Any]:
    events = tracking.history(_targets(target, entries))
    return {
        "id": target,
        "milestones": [{"id": e.id, "date": e.date.iso() if e.date else None,
                        "tracking": d.record() if (d := tracking.decision(e)) else None}
                       for e in entries],
        "history": [{"id": ev.id, "at": ev.at, "by": ev.by, "on": ev.on,
                     "set": dict(ev.values)} for ev in events],
    }
