"""The filter options of `list`, given once to every command that selects milestones.

typer reads a command's options from its signature, so each command would list the nine
filter options again. `with_filters` writes them into the signature instead: the command
declares one parameter, `filter_args: FilterArgs = NO_FILTERS`, and receives the values
given.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

from sesec_deadlines.cli.options import (
    AuthorityOpt,
    CertaintyOpt,
    ItemOpt,
    KindOpt,
    NumberOpt,
    ProductOpt,
    ProfileOpt,
    SearchOpt,
    StatusOpt,
    TopicOpt,
)
from sesec_deadlines.cli.tracking import OwnerOpt, ProgressOpt, TrackingFileOpt, UndecidedOpt
from sesec_deadlines.core.vocab import Certainty, Kind, Status

if TYPE_CHECKING:
    from collections.abc import Callable as Keep

    from sesec_deadlines.core.model import Entry
    from sesec_deadlines.core.query import Profile
    from sesec_deadlines.team import Tracking

TEAM = ("owner", "progress", "undecided", "tracking_file")  # not core.query filters
PROFILE = "profile"  # names of [profile.NAME] tables, resolved to core.query.Profile


@dataclass(frozen=True)
class FilterArgs:
    """The filter options as given on the command line (None: not given)."""

    kind: list[Kind] | None = None
    topic: list[str] | None = None
    authority: list[str] | None = None
    status: list[Status] | None = None
    certainty: list[Certainty] | None = None
    product: list[str] | None = None
    search: list[str] | None = None
    item: list[str] | None = None
    number: list[str] | None = None
    profile: list[str] | None = None
    owner: list[str] | None = None
    progress: list[str] | None = None
    undecided: bool = False
    tracking_file: str | None = None
    hide_closed: bool = False  # done and not-applicable left out (see `looking_ahead`)
    loaded: list[Tracking] = field(default_factory=list, compare=False)

    def as_kwargs(self) -> dict[str, Any]:
        """As keyword arguments of `core.query.make_filters`, the team's filter as `keep`."""
        given = {f.name: getattr(self, f.name) for f in fields(self) if f.name in OPTIONS
                 and f.name not in TEAM and f.name != PROFILE}
        return {**given, "keep": self.keep(), "profiles": self.profiles()}

    def profiles(self) -> list[Profile]:
        """The product profiles named by --profile, from the configuration file
        ($DEADLINES_CONFIG, else config.toml in the user config directory)."""
        if not self.profile:
            return []
        from sesec_deadlines.remind.config import config_path
        from sesec_deadlines.remind.profiles import load_profiles, named

        path = config_path(None)
        return named(load_profiles(path), self.profile, str(path))

    def looking_ahead(self, include_done: bool) -> FilterArgs:
        """For commands that look ahead (upcoming, timeline, calendars): done and
        not-applicable milestones left out unless `include_done`."""
        return replace(self, hide_closed=not include_done, loaded=self.loaded)

    def tracking(self) -> Tracking:
        """The team's decisions (read once)."""
        if not self.loaded:
            from sesec_deadlines.cli.tracking import load_team

            self.loaded.append(load_team(self.tracking_file))
        return self.loaded[0]

    def keep(self) -> Keep[[Entry], bool] | None:
        """The team's filter as a predicate; None when it filters nothing."""
        from sesec_deadlines.cli.tracking import team_filter

        team = team_filter(self.owner, self.progress, self.undecided, self.hide_closed)
        if not team.active:
            return None
        tracking = self.tracking()
        if not tracking and not (team.owners or team.progress):
            return None
        return lambda entry: team.keeps(entry, tracking)


OPTIONS: dict[str, Any] = {  # each filter option's name and typer annotation, in help order
    "kind": KindOpt,
    "topic": TopicOpt,
    "authority": AuthorityOpt,
    "status": StatusOpt,
    "certainty": CertaintyOpt,
    "product": ProductOpt,
    "search": SearchOpt,
    "item": ItemOpt,
    "number": NumberOpt,
    "profile": ProfileOpt,
    "owner": OwnerOpt,
    "progress": ProgressOpt,
    "undecided": UndecidedOpt,
    "tracking_file": TrackingFileOpt,
}


def with_filters(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the filter options of `list` where its `filter_args` parameter stands."""
    signature = inspect.signature(command, eval_str=True)
    params = list(signature.parameters.values())
    at = [p.name for p in params].index("filter_args")
    kind = params[at].kind
    options = [inspect.Parameter(name, kind, default=False if name == "undecided" else None,
                                 annotation=annotation)
               for name, annotation in OPTIONS.items()]
    written = params[:at] + options + params[at + 1:]

    @functools.wraps(command)
    def with_filter_options(**given: Any) -> None:
        args = FilterArgs(**{name: given.pop(name) for name in OPTIONS})
        command(filter_args=args, **given)

    with_filter_options.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=written)
    with_filter_options.__annotations__ = {p.name: p.annotation for p in written}
    return with_filter_options


NO_FILTERS = FilterArgs()
