"""What the commands share about the team's decisions: --tracking-file, loading the file
(its torn-line warning on stderr), and the team's filter options."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from sesec_deadlines.core.vocab import spelling_key

if TYPE_CHECKING:
    from sesec_deadlines.core.query import Selection
    from sesec_deadlines.team import Progress, Tracking
    from sesec_deadlines.team.select import TeamFilter

PROGRESS_VALUES = ("open", "in-progress", "done", "not-applicable")


def _progress(text: str) -> str:
    key = spelling_key(text).replace(" ", "-").replace("_", "-")
    for value in PROGRESS_VALUES:
        if spelling_key(value) == key or value == key:
            return value
    raise typer.BadParameter(f"{text!r} is not a progress; use one of "
                             f"{', '.join(PROGRESS_VALUES)}")


TrackingFileOpt = Annotated[
    str | None,
    typer.Option("--tracking-file", metavar="FILE",
                 help="The team's tracking file. Default: $DEADLINES_TRACKING, else "
                 "tracking.jsonl in the user data directory."),
]
OwnerOpt = Annotated[
    list[str] | None,
    typer.Option("--owner", metavar="NAME",
                 help="Only milestones this person owns (repeatable, any case)."),
]
ProgressOpt = Annotated[
    list[str] | None,
    typer.Option("--progress", metavar="PROGRESS", parser=_progress,
                 help="Only milestones at this progress (repeatable): "
                 + ", ".join(PROGRESS_VALUES) + "."),
]
UndecidedOpt = Annotated[
    bool,
    typer.Option("--undecided", help="Only milestones nobody has decided on yet (with "
                 "--progress: either)."),
]
IncludeDoneOpt = Annotated[
    bool,
    typer.Option("--include-done",
                 help="Also done and not-applicable milestones (left out by default)."),
]


def load_team(option: str | None) -> Tracking:
    """The decisions of the tracking file; a torn last line is named on stderr."""
    from sesec_deadlines.team import load_tracking, tracking_path

    tracking = load_tracking(tracking_path(option))
    if tracking.torn:
        typer.echo(tracking.torn, err=True)
    return tracking


def team_filter(owner: list[str] | None, progress: list[str] | None, undecided: bool,
                hide_closed: bool = False) -> TeamFilter:
    from sesec_deadlines.team import Progress
    from sesec_deadlines.team.select import TeamFilter

    wanted: list[Progress] = [Progress(p) for p in progress or ()]
    return TeamFilter.of(owner, wanted, undecided, hide_closed)


def narrow(selection: Selection, team: TeamFilter, tracking: Tracking) -> Selection:
    """The selection with only the milestones the team filter keeps."""
    from sesec_deadlines.core.query import Selection

    if not team.active:
        return selection
    return Selection(selection.today, team.narrow(selection.dated, tracking),
                     team.narrow(selection.pending, tracking))
