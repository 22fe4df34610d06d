"""Command-line options shared by several commands, and turning them into core values."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import typer

from sesec_deadlines.core.dates import Offset, PartialDate, parse_bound, today_in_shanghai
from sesec_deadlines.core.errors import UsageError
from sesec_deadlines.core.vocab import AUTHORITIES, TOPICS, Certainty, Kind, Status, lookup
from sesec_deadlines.output.timeline import GroupBy


class Format(enum.StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def _vocab(values: Iterable[str], what: str, *, fold: bool = False) -> Callable[[str], str]:
    parse = lookup(values, what, fold=fold)

    def parse_option(text: str) -> str:
        try:
            return parse(text)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None

    return parse_option


RegistryOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--registry",
        "-r",
        metavar="PATH",
        help="Registry file to read (repeatable; 'bundled' names the bundled one). "
        "Default: $DEADLINES_REGISTRY, else the bundled registry.",
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
    typer.Option("--kind", "-k", help="Only these milestone kinds (repeatable)."),
]
TopicOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--topic",
        "-t",
        metavar="TOPIC",
        parser=_vocab(TOPICS, "topic"),
        help="Only instruments with this topic (repeatable): " + ", ".join(TOPICS) + ".",
    ),
]
AuthorityOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--authority",
        "-a",
        metavar="NAME",
        parser=_vocab(AUTHORITIES, "authority", fold=True),
        help="Only instruments issued by this body (repeatable), e.g. SAMR, MIIT, CNCA.",
    ),
]
StatusOpt = Annotated[
    list[Status] | None, typer.Option("--status", help="Only instruments in this state.")
]
CertaintyOpt = Annotated[
    list[Certainty] | None,
    typer.Option("--certainty", "-c", help="Only dates of this certainty (repeatable)."),
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
    typer.Option("--id", metavar="ID", help="Only this instrument (repeatable)."),
]
FromOpt = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="DATE",
        help="Window start: 2026-08-01, 2026-08, today, +3 months, '1 Aug 2026'.",
    ),
]
ToOpt = Annotated[
    str | None, typer.Option("--to", metavar="DATE", help="Window end (inclusive), same forms.")
]
ByOpt = Annotated[GroupBy, typer.Option("--by", help="Group the rows by topic or authority.")]
AllOpt = Annotated[
    bool, typer.Option("--all", help="Include past milestones (no window unless --from/--to).")
]


def resolve_today(as_of: str | None) -> date:
    real = today_in_shanghai()
    if as_of is None:
        return real
    try:
        return parse_bound(as_of, real, end=False)
    except ValueError as exc:
        raise UsageError(f"--as-of: {exc}") from exc


def parse_date_option(name: str, text: str | None, today: date, *, end: bool) -> date | None:
    if text is None:
        return None
    try:
        return parse_bound(text, today, end=end)
    except ValueError as exc:
        raise UsageError(f"{name}: {exc}") from exc


def window_end(today: date, days: int | None, within: str | None) -> date:
    if days is not None and within is not None:
        raise UsageError("give --days or --within, not both")
    if within is not None:
        try:
            return PartialDate.of(today).plus(Offset.parse(within)).start
        except ValueError as exc:
            raise UsageError(f"--within: {exc}") from exc
    if days is not None and days < 0:
        raise UsageError("--days must be 0 or more")
    return today + timedelta(days=90 if days is None else days)


ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="PATH",
        help="Configuration file. Default: $DEADLINES_CONFIG, else config.toml in the user "
        "config directory (see `deadlines config path`).",
    ),
]
