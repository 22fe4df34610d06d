"""Command-line options shared by several commands, and turning them into core values."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Annotated, TypeVar

import typer

from sesec_deadlines.core.dates import Offset, today_in_shanghai
from sesec_deadlines.core.datetext import check_as_of, parse_bound, parse_span, shift_marked
from sesec_deadlines.core.errors import UsageError
from sesec_deadlines.core.staleness import Thresholds, thresholds_from
from sesec_deadlines.core.vocab import (
    AUTHORITIES,
    KIND_LABELS,
    TOPICS,
    Certainty,
    GroupBy,
    Kind,
    Status,
    lookup,
    spelling_key,
)


class Format(enum.StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


E = TypeVar("E", bound=enum.StrEnum)


def _vocab(values: Iterable[str], what: str,
           described: Mapping[str, str] | None = None) -> Callable[[str], str]:
    parse = lookup(values, what, described=described)

    def parse_option(text: str) -> str:
        try:
            return parse(text)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None

    return parse_option


def _enum(cls: type[E], what: str,
          described: Mapping[str, str] | None = None) -> Callable[[str], E]:
    """The parser of an enum option, with the spelling rule of every vocabulary."""
    parse = _vocab([member.value for member in cls], what, described)
    return lambda text: cls(parse(text))


def _complete(values: Iterable[str]) -> Callable[[str], list[str]]:
    """Shell completion of a vocabulary: the values starting with what was typed."""
    choices = list(values)

    def complete(incomplete: str) -> list[str]:
        # Values are accepted in any case, and the shell keeps only what starts with the
        # text typed: "s" completes to "samr", "S" to "SAMR".
        key = spelling_key(incomplete)
        return [v if v.startswith(incomplete) else v.lower() for v in choices
                if spelling_key(v).startswith(key) and " " not in v]

    return complete


def complete_id(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of instrument ids, from the registry (read only when completing)."""
    from sesec_deadlines.cli.completion import registry_ids

    return registry_ids(ctx, incomplete)


def complete_number(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of standard numbers, from the registry (read only when completing)."""
    from sesec_deadlines.cli.completion import registry_numbers

    return registry_numbers(ctx, incomplete)


def complete_id_or_number(ctx: typer.Context, incomplete: str) -> list[str]:
    """`show ID`: ids, and numbers when what is typed starts like one."""
    return complete_id(ctx, incomplete) + complete_number(ctx, incomplete)


def _members(cls: type[enum.StrEnum]) -> list[str]:
    return [member.value for member in cls]


RegistryOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--registry",
        "-r",
        metavar="PATH",
        help="Registry file to read (repeatable; 'bundled' names the bundled one, "
        "'installed' the one `deadlines update` installed). Default: $DEADLINES_REGISTRY, "
        "else the newer of the bundled and the installed registry.",
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Pretend today is DATE (2026-08-01, +2 weeks, ...). Default: today in Asia/Shanghai.",
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
KindOpt = Annotated[
    list[Kind] | None,
    typer.Option(
        "--kind",
        "-k",
        metavar="KIND",
        parser=_enum(Kind, "kind", {k.value: label for k, label in KIND_LABELS.items()}),
        autocompletion=_complete(_members(Kind)),
        help="Only these milestone kinds (repeatable): " + ", ".join(_members(Kind)) + ".",
    ),
]
TopicOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--topic",
        "-t",
        metavar="TOPIC",
        parser=_vocab(TOPICS, "topic"),
        autocompletion=_complete(TOPICS),
        help="Only instruments with this topic (repeatable): " + ", ".join(TOPICS) + ".",
    ),
]
AuthorityOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--authority",
        "-a",
        metavar="NAME",
        parser=_vocab(AUTHORITIES, "authority"),
        autocompletion=_complete(AUTHORITIES),
        help="Only instruments issued by this body (repeatable, any case), e.g. SAMR, MIIT, "
        "CNCA.",
    ),
]
StatusOpt = Annotated[
    list[Status] | None,
    typer.Option(
        "--status",
        metavar="STATUS",
        parser=_enum(Status, "status"),
        autocompletion=_complete(_members(Status)),
        help="Only instruments in this state (repeatable): " + ", ".join(_members(Status)) + ".",
    ),
]
CertaintyOpt = Annotated[
    list[Certainty] | None,
    typer.Option(
        "--certainty",
        "-c",
        metavar="CERTAINTY",
        parser=_enum(Certainty, "certainty"),
        autocompletion=_complete(_members(Certainty)),
        help="Only dates of this certainty (repeatable): "
        + ", ".join(_members(Certainty)) + ".",
    ),
]
NumberOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--number",
        metavar="NUMBER",
        autocompletion=complete_number,
        help="Only instruments whose number starts with NUMBER, e.g. 'GB 4706' (any case "
        "and spacing; GB also finds GB/T) (repeatable).",
    ),
]
ProfileOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--profile",
        metavar="NAME",
        help="Only what a product profile of the configuration ([profile.NAME]: topics, "
        "search words, numbers, product codes, authorities) matches (repeatable: any).",
    ),
]
ProductOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--product",
        "-p",
        metavar="TEXT",
        help="Only instruments whose product scope, codes or title mention TEXT.",
    ),
]
SearchOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--search",
        "-s",
        metavar="TEXT",
        help="Only entries whose text mentions every word of TEXT (repeatable: any).",
    ),
]
ItemOpt = Annotated[
    list[str] | None,
    typer.Option("--id", metavar="ID", autocompletion=complete_id,
                 help="Only this instrument (repeatable)."),
]
FromOpt = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="DATE",
        help="Window start: 2026-08-01, 2026-08, today, +3 months, -2w, +10wd, '1 Aug 2026' "
        "(not 01/08/2026: day and month are ambiguous).",
    ),
]
ToOpt = Annotated[
    str | None, typer.Option("--to", metavar="DATE", help="Window end (inclusive), same forms.")
]
ByOpt = Annotated[GroupBy, typer.Option("--by", help="Group the rows by topic or authority.")]
ExcelOpt = Annotated[
    bool,
    typer.Option("--excel", help="With --format csv: a byte order mark and CRLF line ends, "
                 "so Excel on Windows opens the UTF-8 text cleanly."),
]


def check_excel(excel: bool, fmt: str) -> None:
    if excel and fmt != "csv":
        raise UsageError("--excel is for CSV output", hint="add --format csv")


AllOpt = Annotated[
    bool, typer.Option("--all", help="Include past milestones (no window unless --from/--to).")
]


def resolve_today(as_of: str | None) -> date:
    use_working_calendar()
    real = today_in_shanghai()
    if as_of is None:
        return real
    try:
        return check_as_of(parse_bound(as_of, real, end=False))
    except ValueError as exc:
        raise UsageError(f"--as-of: {exc}") from exc


def use_working_calendar(given: str | None = None) -> None:
    """Count working days in `given`, else $DEADLINES_WORKING_CALENDAR, else China's
    calendar (core.workdays); the library is loaded only when a day is counted."""
    import os

    if given is None and not os.environ.get("DEADLINES_WORKING_CALENDAR", "").strip():
        return  # China's, the default: nothing to load
    from sesec_deadlines.core import workdays

    try:
        workdays.use(workdays.calendar_from(os.environ, given))
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def parse_date_option(name: str, text: str | None, today: date, *, end: bool) -> date | None:
    if text is None:
        return None
    try:
        return parse_bound(text, today, end=end)
    except ValueError as exc:
        raise UsageError(f"{name}: {exc}") from exc


def parse_span_option(name: str, text: str) -> Offset:
    try:
        return parse_span(text)
    except ValueError as exc:
        raise UsageError(f"{name}: {exc}") from exc


def window_end(today: date, days: int | None, within: str | None) -> date:
    return window_end_marked(today, days, within)[0]


def window_end_marked(today: date, days: int | None, within: str | None
                      ) -> tuple[date, bool]:
    """The last day of `upcoming`'s window, and whether it was counted in working days of
    an estimated year (core.workdays)."""
    if days is not None and within is not None:
        raise UsageError("give --days or --within, not both")
    if within is not None:
        name, span = "--within", parse_span_option("--within", within)
    elif days is not None:
        if days < 0:
            raise UsageError("--days must be 0 or more")
        name, span = "--days", Offset(min(days, 10**8), "day")
    else:
        name, span = "--as-of", Offset(90, "day")
    try:
        return shift_marked(today, span)
    except ValueError as exc:
        raise UsageError(f"{name}: {exc}") from exc


ConfigOpt = Annotated[
    str | None,
    typer.Option(
        "--config",
        metavar="PATH",
        help="Configuration file. Default: $DEADLINES_CONFIG, else config.toml in the user "
        "config directory (see `deadlines config path`).",
    ),
]


def thresholds(**given: int | None) -> Thresholds:
    """The staleness thresholds: options given, else DEADLINES_* variables, else defaults."""
    import os

    try:
        return thresholds_from(os.environ, **given)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
