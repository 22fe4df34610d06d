"""One exception hierarchy; the CLI turns each into a message and an exit code in one place."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """Documented exit codes (README, "Exit codes")."""

    OK = 0
    FAILURE = 1  # a runtime failure: a file could not be written, a mail could not be sent
    USAGE = 2  # bad usage, bad data, bad configuration: fix the input and run again
    UNCONFIRMED = 3  # verify-sources: some milestones could not be confirmed in their source


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
        return [str(p) for p in self.problems] + [f"error: {self.message}; fix them and "
                                                  f"{self.recheck}"]


class RegistryError(ProblemsError):
    """The registry has problems; every one of them is listed."""
