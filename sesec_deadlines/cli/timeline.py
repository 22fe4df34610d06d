"""`deadlines timeline`: the roadmap, one row per instrument on a month axis; text or SVG."""

from __future__ import annotations

import enum
import os
import sys
from typing import Annotated

import typer

from sesec_deadlines.cli.base import command_app
from sesec_deadlines.cli.common import timeline_json, timeline_picture
from sesec_deadlines.cli.filtering import NO_FILTERS, FilterArgs, with_filters
from sesec_deadlines.cli.options import (
    AsOfOpt,
    ByOpt,
    FromOpt,
    RegistryOpt,
    ToOpt,
)
from sesec_deadlines.cli.tracking import IncludeDoneOpt
from sesec_deadlines.core.errors import OutputError, UsageError
from sesec_deadlines.core.vocab import GroupBy

MIN_WIDTH, MAX_WIDTH = 60, 250  # as output.timeline_text, which loads only when drawing


class PictureFormat(enum.StrEnum):
    TEXT = "text"
    SVG = "svg"
    JSON = "json"


app = command_app()


@app.command()
@with_filters
def timeline(
    by: ByOpt = GroupBy.TOPIC,
    fmt: Annotated[PictureFormat, typer.Option(
        "--format", "-f", help="text (for the terminal), svg (a picture for slides) or "
        "json (the milestones drawn and the window, for scripts).")
    ] = PictureFormat.TEXT,
    width: Annotated[int | None, typer.Option(
        "--width", metavar="COLUMNS",
        help="Columns to fit (60 to 250). Default: the terminal's width.")] = None,
    output: Annotated[str, typer.Option(
        "--output", "-o", metavar="FILE",
        help="File to write (replaced atomically), or '-' for stdout.")] = "-",
    filter_args: FilterArgs = NO_FILTERS,
    include_done: IncludeDoneOpt = False,
    start: FromOpt = None,
    end: ToOpt = None,
    as_of: AsOfOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """A roadmap: one row per instrument, its milestones on a month axis (3 months back to
    12 ahead, or --from/--to), grouped by topic or authority; as text or SVG. Done and
    not-applicable milestones are left out (--include-done brings them back)."""
    if width is not None and not MIN_WIDTH <= width <= MAX_WIDTH:
        raise UsageError(f"--width {width}: give {MIN_WIDTH} to {MAX_WIDTH} columns")
    if output != "-":
        from sesec_deadlines.storage.output import check_output

        check_output(output)
    filter_args = filter_args.looking_ahead(include_done)
    if fmt is PictureFormat.JSON:
        _write(output, timeline_json(registry, as_of, start, end, filter_args.tracking(),
                                     **filter_args.as_kwargs()).encode())
        return
    drawn = timeline_picture(registry, as_of, start, end, by, **filter_args.as_kwargs())
    if fmt is PictureFormat.SVG:
        from sesec_deadlines.output.svg import render

        _write(output, render(drawn).encode())
        return
    from sesec_deadlines.output import timeline_text

    if width is None:
        import shutil

        width = shutil.get_terminal_size((100, 24)).columns
    if output != "-" or not _is_terminal() or os.environ.get("NO_COLOR"):
        _write(output, timeline_text.plain(drawn, width).encode())
        return
    from rich.console import Console

    console = Console(highlight=False, width=timeline_text.fit_width(width))
    timeline_text.print_styled(drawn, width, console)


def _is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _write(output: str, data: bytes) -> None:
    if output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from sesec_deadlines.storage.output import write_output

    try:
        write_output(output, data)
    except BrokenPipeError:
        raise  # the reader of a stream went away (`-o /dev/stdout | head`): quietly done
    except OSError as exc:
        raise OutputError(f"{output}: cannot write: {exc.strerror or exc}") from exc
