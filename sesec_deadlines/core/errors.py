"""One exception hierarchy; the CLI turns each into a message and an exit code in one place."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import IntEnum


class ExitCode(IntEnum):
    """Documented exit codes (docs/user-guide.md, "Exit codes")."""

    OK = 0
    FAILURE = 1  # a runtime failure: a file could not be written, a mail could not be sent
    USAGE = 2  # bad usage, bad data, bad configuration: fix the input and run again
    UNCONFIRMED = 3  # verify-sources: some milestones could not be confirmed in their source
    FLAGGED = 4  # review --strict: something in the registry needs re-checking
    NOTHING_FOUND = 5  # scan: an edition's text holds no dated statement at all
    UNREACHABLE = 6  # update: the published registry could not be fetched (try again later)
    REFUSED = 7  # update: what was served is not installed (hash, size, check, downgrade)


class DeadlinesError(Exception):
    """Base of every error the tool reports to the user."""

    exit_code: ExitCode = ExitCode.FAILURE

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def lines(self) -> list[str]:
        out = [f"error: {self.message}"]
        if self.hint:
            out.append(f"hint: {self.hint}")
        return out


class UsageError(DeadlinesError):
    """A bad option value or argument."""

    exit_code = ExitCode.USAGE


class NothingFound(DeadlinesError):
    """scan: an edition yielded no dated statement at all (nothing useful was produced)."""

    exit_code = ExitCode.NOTHING_FOUND


class ConfigError(DeadlinesError):
    """The reminder configuration is missing, malformed or unsafe."""

    exit_code = ExitCode.USAGE


class StateError(DeadlinesError):
    """The reminder state file is unreadable or corrupt."""

    exit_code = ExitCode.USAGE


class SendError(DeadlinesError):
    """A reminder email could not be delivered; it is retried on the next run."""

    exit_code = ExitCode.FAILURE


class OutputError(DeadlinesError):
    """An output file could not be written."""

    exit_code = ExitCode.FAILURE


class OutputPathError(UsageError):
    """An output path no file can be written to: empty, a directory, a socket, a block
    device, a FIFO nobody reads, a folder that does not exist. The same usage error for
    every command; what is there is never replaced."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a registry: where it is and what is wrong."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    entry: str | None = None
    field: str | None = None

    def location(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        parts = [self.location()]
        if self.entry:
            parts.append(self.entry if not self.field else f"{self.entry}: {self.field}")
        elif self.field:
            parts.append(self.field)
        return ": ".join(parts) + f": {self.message}"


MAX_SHOWN = 200  # problems printed in full; the rest are counted by kind
_MAX_KINDS = 50
_QUOTED_RE = re.compile(r"'[^']*'|\"[^\"]*\"|\([^)]*\)|[0-9]+")


def problem_kind(problem: Problem) -> str:
    """What a problem says without its particulars: `id: unknown field '…'`."""
    return _kind(problem.field, problem.message)


def _kind(field: str | None, message: str) -> str:
    prefix = re.sub(r"\[[0-9]+\]", "[…]", field) + ": " if field else ""
    return (prefix + _QUOTED_RE.sub("…", message))[:100]


class ProblemLog(list[Problem]):
    """The problems found: the first `limit` kept in full, the rest only counted by kind.

    A file with millions of problems (10 MB of bare `[[instrument]]` lines) thus costs
    bounded memory and output. `len()` counts every problem, kept or not, so code that
    compares lengths to see whether a check found something works unchanged."""

    def __init__(self, limit: int = MAX_SHOWN) -> None:
        super().__init__()
        self.limit = limit
        self.dropped = 0
        self.kinds: dict[str, int] = {}
        self._known: dict[tuple[str | None, str], str] = {}  # (field, message) -> kind

    @property
    def full(self) -> bool:
        return list.__len__(self) >= self.limit

    def append(self, problem: Problem) -> None:
        if self.full:
            self.tally(problem)
        else:
            super().append(problem)

    def tally(self, problem: Problem) -> None:
        self.note(problem.field, problem.message)

    def note(self, field: str | None, message: str) -> None:
        """Count a problem that is not kept (its kind by `field` and `message`)."""
        self.dropped += 1
        kind = self._known.get((field, message))
        if kind is None:
            kind = _kind(field, message)
            if len(self._known) < 4096:  # the same message over and over costs one lookup
                self._known[field, message] = kind
        if kind not in self.kinds and len(self.kinds) >= _MAX_KINDS:
            kind = "other problems"
        self.kinds[kind] = self.kinds.get(kind, 0) + 1

    def __len__(self) -> int:
        return list.__len__(self) + self.dropped

    def summary(self) -> list[str]:
        """Lines saying what was left out, by kind, most frequent first."""
        if not self.dropped:
            return []
        out = [f"... and {self.dropped} more problem{'s' if self.dropped != 1 else ''} "
               "not shown:"]
        for kind, n in sorted(self.kinds.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append(f"  {n} x {kind}")
        return out


def report(problems: list[Problem], problem: Problem, line: Callable[[], int | None]) -> None:
    """Append `problem` with its line from `line()`, computed only if it will be shown."""
    if isinstance(problems, ProblemLog) and problems.full:
        problems.tally(problem)
    else:
        problems.append(replace(problem, line=line()))


class ProblemsError(DeadlinesError):
    """A file has problems; every one of them is listed, then how to check again."""

    exit_code = ExitCode.USAGE
    subject = "the registry"
    recheck = "run `deadlines check` again"

    def __init__(self, problems: list[Problem]) -> None:
        count = len(problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in {self.subject}")
        self.problems = problems

    def lines(self) -> list[str]:
        shown = [str(p) for p in self.problems]  # a ProblemLog iterates over the kept ones
        if isinstance(self.problems, ProblemLog):
            shown += self.problems.summary()
        return [*shown, f"error: {self.message}; fix them and {self.recheck}"]


class RegistryError(ProblemsError):
    """The registry has problems; every one of them is listed."""
