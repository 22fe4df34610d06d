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
from dataclasses import dataclass, fields
from typing import Any

from sesec_deadlines.cli.options import (
    AuthorityOpt,
    CertaintyOpt,
    ItemOpt,
    KindOpt,
    NumberOpt,
    ProductOpt,
    SearchOpt,
    StatusOpt,
    TopicOpt,
)
from sesec_deadlines.core.vocab import Certainty, Kind, Status


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

    def as_kwargs(self) -> dict[str, Any]:
        """As keyword arguments of `core.query.make_filters`."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


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
}


def with_filters(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the filter options of `list` where its `filter_args` parameter stands."""
    signature = inspect.signature(command, eval_str=True)
    params = list(signature.parameters.values())
    at = [p.name for p in params].index("filter_args")
    kind = params[at].kind
    options = [inspect.Parameter(name, kind, default=None, annotation=annotation)
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
