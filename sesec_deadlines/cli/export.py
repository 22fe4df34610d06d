"""`deadlines export`: what `deadlines list` shows, written to a calendar, JSON or CSV file."""

from __future__ import annotations

import enum
import sys
from collections.abc import Iterable
from typing import Annotated

import typer

from sesec_deadlines.cli.base import command_app
from sesec_deadlines.cli.common import list_selection, timeline_picture
from sesec_deadlines.cli.filtering import NO_FILTERS, FilterArgs, with_filters
from sesec_deadlines.cli.options import (
    AllOpt,
    AsOfOpt,
    ByOpt,
    ExcelOpt,
    FromOpt,
    RegistryOpt,
    ToOpt,
    check_excel,
    parse_span_option,
    thresholds,
)
from sesec_deadlines.core.datetext import DateWindow
from sesec_deadlines.core.errors import OutputError, UsageError
from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.staleness import Staleness
from sesec_deadlines.core.vocab import GroupBy, Kind

DEFAULT_NAME = "China compliance deadlines"


class ExportFormat(enum.StrEnum):
    ICS = "ics"
    JSON = "json"
    CSV = "csv"
    SVG = "svg"


class EmptySelection(UsageError):
    """Nothing matches: refuse rather than write an empty calendar over a good one."""


app = command_app()


@app.command()
@with_filters
def export(
    output: Annotated[
        str,
        typer.Option("--output", "-o", metavar="FILE",
                     help="File to write (replaced atomically), or '-' for stdout."),
    ] = "-",
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f",
                                   help="ics (calendar), json, csv, or svg (the timeline).")
    ] = ExportFormat.ICS,
    excel: ExcelOpt = False,
    name: Annotated[
        str, typer.Option("--name", help="Calendar name shown by calendar clients.")
    ] = DEFAULT_NAME,
    alarm: Annotated[
        str, typer.Option("--alarm", metavar="LEAD",
                          help="Alarm before each deadline: 7d, 2w, 12h, or none.")
    ] = "7d",
    windows: Annotated[
        bool, typer.Option("--windows",
                           help="Also add each comment period as a multi-day event.")
    ] = False,
    include_approximate: Annotated[
        bool, typer.Option("--include-approximate",
                           help="Also export month- and year-precision dates, placed on their "
                           "first day and marked approximate.")
    ] = False,
    by: ByOpt = GroupBy.TOPIC,
    filter_args: FilterArgs = NO_FILTERS,
    include_done: Annotated[bool, typer.Option(
        "--include-done", help="Calendars and SVG: also done and not-applicable milestones "
        "(left out by default; JSON and CSV have them, as `list`).")] = False,
    start: FromOpt = None,
    end: ToOpt = None,
    all_: AllOpt = False,
    past: Annotated[
        str | None, typer.Option("--past", metavar="SPAN",
                                 help="Also keep milestones of the last SPAN (12 months, "
                                 "12m, 26w, 20wd), e.g. for a subscribed calendar that keeps its "
                                 "history; only events still ahead get alarms.")
    ] = None,
    allow_empty: Annotated[bool, typer.Option(
        "--allow-empty", help="When nothing matches, write a valid empty calendar (or an "
        "empty JSON or CSV document) instead of failing: for cron jobs and subscribed "
        "calendars of topics that go quiet.")] = False,
    as_of: AsOfOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """Write the milestones `list` would show (same filters) to an .ics, JSON or CSV file,
    or the picture of `deadlines timeline` to an SVG file."""
    check_excel(excel, fmt.value)
    if output != "-":
        from sesec_deadlines.storage.output import check_output

        check_output(output)
    if fmt in (ExportFormat.ICS, ExportFormat.SVG):
        filter_args = filter_args.looking_ahead(include_done)
    if fmt is ExportFormat.SVG:
        from sesec_deadlines.output.svg import render

        drawn = timeline_picture(registry, as_of, start, end, by, **filter_args.as_kwargs())
        _write(output, [render(drawn).encode()])
        return
    if past is not None and (start is not None or all_):
        raise UsageError("give --past, --from or --all, not two of them",
                         hint="--past 12m is the same as --from -12m")
    lapsed: list[Entry] = []
    dates: list[DateWindow] = []
    reg, selection, _ = list_selection(
        registry, as_of, start, end, all_, lapsed=lapsed, windows=dates,
        past=None if past is None else parse_span_option("--past", past), **filter_args.as_kwargs())

    if fmt is ExportFormat.ICS:
        from sesec_deadlines.output.ics import calendar_chunks, exportable, parse_alarm

        try:
            lead = parse_alarm(alarm)
        except ValueError as exc:
            raise UsageError(f"--alarm: {exc}") from exc
        chosen = [e for e in selection.dated if exportable(e, include_approximate)]
        tracking = filter_args.tracking()
        team = [*selection.dated, *selection.pending] if tracking else []
        acts = [e for e in team if (d := tracking.decision(e)) and d.act_by and not d.closed]
        if not chosen and not acts and not allow_empty:
            left_out = len(selection.dated) + len(selection.pending)
            hint = ("widen the filters, add --all for past milestones, or --allow-empty for "
                    "an empty calendar")
            if left_out:
                hint = (f"{left_out} matching milestone(s) have no day-precision date "
                        "(pending, or known only to the month or year); "
                        "--include-approximate exports the month and year ones")
            raise EmptySelection("no milestone to export: the calendar would be empty", hint=hint)
        context: list[Entry] = []
        if windows:  # comment periods that opened before the window still get their start
            closing = {e.instrument.id for e in chosen if e.milestone.kind is Kind.COMMENT_CLOSE}
            opened = {e.instrument.id for e in chosen if e.milestone.kind is Kind.COMMENT_OPEN}
            context = [e for ident in sorted(closing - opened) for e in reg.entries_of(ident)]
        data: Iterable[bytes] = calendar_chunks(
            chosen, name=name, alarm=lead, windows=windows,
            include_approximate=include_approximate, context=context, today=selection.today,
            staleness=Staleness(selection.today, thresholds()),
            tracking=tracking or None, team=acts)
    else:
        if not selection.dated and not selection.pending and not allow_empty:
            raise EmptySelection("no milestone matches; nothing to export",
                                 hint="widen the filters, or add --all for past milestones")
        from sesec_deadlines.core.staleness import freshness
        from sesec_deadlines.output.records import text_chunks

        staleness = Staleness(selection.today, thresholds())
        age = freshness(reg.editions, reg.cited_editions(), selection.today,
                        staleness.thresholds, version=reg.version, uncurated=reg.uncurated,
                        files=reg.files)
        lapsed = [e for e in lapsed if staleness.lapsed(e)]
        data = (chunk.encode() for chunk in text_chunks(selection, fmt.value, staleness,
                                                        excel=excel, unconfirmed=lapsed,
                                                        registry=age, window=dates[0],
                                                        tracking=filter_args.tracking()))
    _write(output, data)


def _write(output: str, data: Iterable[bytes]) -> None:
    if output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.writelines(data)
        sys.stdout.buffer.flush()
        return
    from sesec_deadlines.storage.output import write_output

    try:
        write_output(output, data)
    except BrokenPipeError:
        raise  # the reader of a stream went away (`-o /dev/stdout | head`): quietly done
    except OSError as exc:
        raise OutputError(f"{output}: cannot write: {exc.strerror or exc}") from exc
