"""One decision of the tracking file: the record, its line of JSON, and the checks on it.

A line is one JSON object:

    {"id": "0f3c...", "at": "2026-12-04T09:30:12.345678Z", "by": "Anna Li",
     "on": "gb-4706-1/effective", "set": {"progress": "done", "note": "certificate 2026-11"}}

`id` is unique (random, 32 hex digits), `at` the moment in UTC, `by` who decided, `on` a
milestone (`item/key`) or an instrument (`item`), `set` the fields the decision sets (a
field set to null is cleared). Unknown keys are refused, so a typo is never silently
ignored.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sesec_deadlines.core.errors import DeadlinesError, ExitCode

VERSION = 1


class Progress(StrEnum):
    """The team's work on a milestone (not the instrument's `status`)."""

    OPEN = "open"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    NOT_APPLICABLE = "not-applicable"


CLOSED = frozenset({Progress.DONE, Progress.NOT_APPLICABLE})
# The fields a decision may set, in the order they are shown.
FIELDS = ("progress", "owner", "act_by", "snooze_until", "note", "evidence")
_KEYS = {"v", "id", "at", "by", "on", "set"}
_ID_RE = re.compile(r"^[0-9a-f]{8,64}$", re.ASCII)
_AT_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$", re.ASCII)
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


class TrackingError(DeadlinesError):
    """The tracking file is unreadable or has a bad line (file:line): exit code 2."""

    exit_code = ExitCode.USAGE


@dataclass(frozen=True)
class Event:
    """One decision as recorded: who (`by`), when (`at`, UTC, ISO 8601 with a Z), on which
    milestone or instrument (`on`), and the fields it sets (`values`, a tuple of pairs in
    FIELDS order; a None value clears that field)."""

    id: str
    at: str
    by: str
    on: str
    values: tuple[tuple[str, Any], ...]

    @property
    def key(self) -> tuple[str, str]:
        """The order of the fold: by time, then id (ties broken the same everywhere)."""
        return (self.at, self.id)

    @property
    def when(self) -> datetime:
        return parse_at(self.at)

    def get(self, name: str, default: Any = None) -> Any:
        for field, value in self.values:
            if field == name:
                return value
        return default

    def sets(self, name: str) -> bool:
        return any(field == name for field, _ in self.values)

    def line(self) -> str:
        """The event as one line of JSON (with its newline)."""
        record = {"v": VERSION, "id": self.id, "at": self.at, "by": self.by, "on": self.on,
                  "set": dict(self.values)}
        return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"

    def describe(self) -> str:
        """What the decision set, in words: "progress done, owner Anna, note '...'"."""
        parts = []
        for field, value in self.values:
            name = field.replace("_", "-")
            if value is None:
                parts.append(f"{name} cleared")
            elif isinstance(value, list):
                parts.append(f"{name} added {', '.join(value)}")
            elif field == "note":
                parts.append(f"note {value!r}")
            else:
                parts.append(f"{name} {value}")
        return ", ".join(parts) or "no change"


def format_at(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_at(text: str) -> datetime:
    return datetime.fromisoformat(text[:-1] + "+00:00")


def make_values(given: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    """The fields of `given` in FIELDS order (only those given)."""
    return tuple((name, given[name]) for name in FIELDS if name in given)


def parse_line(text: str) -> Event:
    """One line of the tracking file as an Event; ValueError saying what is wrong."""
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not a JSON object: {exc.msg} (column {exc.colno})") from None
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    unknown = sorted(set(record) - _KEYS)
    if unknown:
        raise ValueError(f"unknown key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})")
    version = record.get("v", VERSION)
    if version != VERSION:
        raise ValueError(f"format version {version!r}; this version of deadlines reads "
                         f"version {VERSION} (upgrade deadlines)")
    for key in ("id", "at", "by", "on"):
        if not isinstance(record.get(key), str) or not record[key]:
            raise ValueError(f"{key!r} must be a non-empty string")
        problem = text_problem(record[key])
        if problem:
            raise ValueError(f"{key!r} {problem}")
    if not _ID_RE.match(record["id"]):
        raise ValueError(f"id {record['id']!r} is not 8 to 64 lower-case hex digits")
    if not _AT_RE.match(record["at"]):
        raise ValueError(f"at {record['at']!r} is not a UTC time like "
                         "2026-12-04T09:30:12.345678Z")
    try:
        parse_at(record["at"])
    except ValueError:
        raise ValueError(f"at {record['at']!r} is not a real time") from None
    values = record.get("set")
    if not isinstance(values, dict):
        raise ValueError("'set' must be an object of the fields the decision sets")
    for name, value in values.items():
        if name not in FIELDS:
            raise ValueError(f"set: unknown field {name!r} (known: {', '.join(FIELDS)})")
        problem = check_value(name, value)
        if problem:
            raise ValueError(f"set: {name}: {problem}")
    return Event(record["id"], _normal_at(record["at"]), record["by"], record["on"],
                 make_values(values))


def _normal_at(text: str) -> str:
    """`at` with six digits of fraction, so that text order is time order."""
    if "." in text:
        head, frac = text[:-1].split(".")
        return f"{head}.{frac.ljust(6, '0')}Z"
    return text[:-1] + ".000000Z"


def check_value(name: str, value: Any) -> str | None:
    """Why `value` is not a valid value of field `name`, or None."""
    if value is None:
        return None
    if name == "progress":
        if value not in {p.value for p in Progress}:
            return (f"{value!r} is not a progress; use one of "
                    f"{', '.join(p.value for p in Progress)}")
    elif name == "evidence":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return "must be a list of URLs"
        bad = [v for v in value if not is_url(v) or text_problem(v)]
        if bad:
            return f"{bad[0]!r} is not an http(s) URL"
    elif not isinstance(value, str):
        return "must be a string"
    elif text_problem(value, multiline=name == "note"):
        return text_problem(value, multiline=name == "note")
    elif name == "snooze_until":
        if not _DATE_RE.match(value):
            return f"{value!r} is not a date YYYY-MM-DD"
        try:
            date.fromisoformat(value)
        except ValueError:
            return f"{value!r} is not a real day"
    elif name == "act_by":
        from sesec_deadlines.team.actby import check_rule

        return check_rule(value)
    return None


def text_problem(text: str, *, multiline: bool = False) -> str | None:
    """What is wrong with `text` as a recorded value: a control character (which a
    terminal would obey when the value is shown) or a non-character, as in the registry."""
    from sesec_deadlines.registry.checker import control_problem

    return control_problem(text, multiline=multiline)


_URL_RE = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE | re.ASCII)


def is_url(text: str) -> bool:
    return bool(_URL_RE.match(text))
