"""What `deadlines add` takes from options and prompts: values checked where they are given,
so that a problem names the option (or is asked again), not a line of a file not written."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

import typer

from sesec_deadlines.core.dates import Offset, PartialDate
from sesec_deadlines.core.datetext import not_year_first, parse_span
from sesec_deadlines.core.errors import UsageError
from sesec_deadlines.core.vocab import AUTHORITIES, TOPICS, Certainty, Kind, Status, lookup

if TYPE_CHECKING:
    from sesec_deadlines.core.errors import Problem
    from sesec_deadlines.registry.editing import NewEntryProblems

_KIND = lookup([k.value for k in Kind], "kind")
_CERTAINTY = lookup([c.value for c in Certainty], "certainty")
STATUS = lookup([s.value for s in Status], "status")
AUTHORITY = lookup(AUTHORITIES, "authority")
TOPIC = lookup(TOPICS, "topic")

# the option each field of the new entry comes from
FIELD_OPTIONS = {
    "id": "--id", "title": "--title", "number": "--number", "authority": "--authority",
    "topics": "--topic", "status": "--status", "products": "--product",
    "product_codes": "--code", "summary": "--summary", "edition": "--edition",
    "article": "--article", "url": "--url", "sources": "--edition/--article/--source-title",
}
SOURCE_HINT = ("no source: give --edition and --article (a newsletter), or --source-title "
               "(and --url) for another document")


def registry_date(text: str, today: date) -> str:
    """A registry date (YYYY-MM-DD, YYYY-MM or YYYY), refused with the reason otherwise."""
    refused = not_year_first(text, today, written=False)
    if refused:
        raise ValueError(refused)
    return PartialDate.parse(text).iso()


def span(text: str) -> str:
    """An offset or period in any span form (13m, 2 weeks), as the registry writes it."""
    parsed = parse_span(text)
    return str(Offset(parsed.amount, parsed.unit))


def milestone_checks(today: date) -> dict[str, Callable[[str], str]]:
    """The parser of each milestone field checked at once; the rest the validator checks."""
    return {"kind": _KIND, "certainty": _CERTAINTY, "date": lambda t: registry_date(t, today),
            "offset": span, "period": span}


def each(parse: Callable[[str], str], option: str,
         values: Sequence[str] | None) -> list[str]:
    out = []
    for value in values or ():
        try:
            out.append(parse(value))
        except ValueError as exc:
            raise UsageError(f"{option}: {exc}") from None
    return out


def milestones(specs: Sequence[str], today: date) -> list[dict[str, str]]:
    """The --milestone specs as tables, their kind, certainty, date and spans checked."""
    from sesec_deadlines.registry.editing import parse_milestone

    checks = milestone_checks(today)
    tables = []
    for n, spec in enumerate(specs, 1):
        table = parse_milestone(spec)
        for key, parse in checks.items():
            if table.get(key):
                try:
                    table[key] = parse(table[key])
                except ValueError as exc:
                    raise UsageError(f"--milestone {n} ({spec}): {key}: {exc}") from None
        tables.append(table)
    return tables


def asked(parse: Callable[[str], str], *, many: bool = False,
          optional: bool = False) -> Callable[[str], str]:
    """A prompt's value_proc: a bad answer is refused with the reason and asked again."""

    def proc(text: str) -> str:
        if optional and not text.strip():
            return ""
        try:
            if many:
                return ", ".join(parse(p.strip()) for p in text.split(",") if p.strip())
            return parse(text.strip())
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None

    return proc


class OptionProblems(UsageError):
    """The new entry's problems, each named by the option it came from."""

    def __init__(self, lines: list[str], path: str) -> None:
        super().__init__(lines[0])
        self.problem_lines = lines
        self.path = path

    def lines(self) -> list[str]:
        return [*(f"error: {line}" for line in self.problem_lines),
                f"error: nothing was written to {self.path}"]


def by_option(error: NewEntryProblems, specs: Sequence[str], path: str) -> OptionProblems:
    lines = []
    for index, problem in error.found:
        lines.append(_line(index, problem, specs))
    return OptionProblems(lines, path)


def _line(index: int | None, problem: Problem, specs: Sequence[str]) -> str:
    field = problem.field or ""
    if index is not None and index < len(specs):
        where = f"--milestone {index + 1} ({specs[index]})"
        return f"{where}: {field}: {problem.message}" if field else f"{where}: {problem.message}"
    base = field.rsplit(".", 1)[-1].split("[")[0]
    if field == "sources":
        return SOURCE_HINT
    option = FIELD_OPTIONS.get(base)
    if field.startswith("sources[") and field.endswith(".title"):
        option = "--source-title"
    return f"{option}: {problem.message}" if option else f"{field or 'entry'}: {problem.message}"
