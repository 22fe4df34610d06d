"""What was sent: a JSON file in the user state directory, locked while a run works on it.

Each record is one reminder that the SMTP server accepted: (milestone, its date, lead,
recipient) with the Message-ID and the time. Records are added only after the server
accepted the mail, and the file is replaced atomically, so a crash can cause at most one
duplicate and never a lost reminder. A corrupt file is reported, never silently reset.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sesec_deadlines.core.dates import PartialDate
from sesec_deadlines.core.errors import StateError
from sesec_deadlines.remind.config import APP
from sesec_deadlines.storage.atomic import atomic_write

SCHEMA = 1
KEEP_DAYS = 400  # records of milestones this long past are dropped on the next write
FILE_NAME = "sent.json"


@dataclass(frozen=True, order=True)
class Sent:
    milestone: str  # the milestone id, "<instrument-id>/<key>"
    date: str  # its date when reminded: "2026-08-01", "2026-08" or "2026"
    lead: int  # the rung of the ladder: days before the date
    recipient: str  # the bare address
    message_id: str
    sent_at: str  # ISO 8601, UTC


def state_path() -> Path:
    from platformdirs import user_state_dir

    return Path(user_state_dir(APP, appauthor=False)) / FILE_NAME


def _corrupt(path: Path, reason: str) -> StateError:
    return StateError(
        f"the reminder state file {path} is corrupt: {reason}",
        hint="it was left untouched. Repair it, or move it aside to start afresh "
        "(reminders already sent may then be sent again)",
    )


def read(path: Path) -> tuple[Sent, ...]:
    """The records in the state file; none if it does not exist yet."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return ()
    except OSError as exc:
        raise StateError(f"the reminder state file {path} cannot be read: "
                         f"{exc.strerror or exc}") from None
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _corrupt(path, f"not JSON ({exc})") from None
    if not isinstance(doc, dict) or doc.get("schema") != SCHEMA:
        raise _corrupt(path, f'not a state file of schema {SCHEMA} ({{"schema": 1, "sent": '
                       "[...]}} expected)")
    items = doc.get("sent")
    if not isinstance(items, list):
        raise _corrupt(path, '"sent" is not a list')
    return tuple(_record(path, i, item) for i, item in enumerate(items))


_TYPES: dict[str, Any] = {f.name: (int if f.name == "lead" else str) for f in fields(Sent)}


def _record(path: Path, index: int, item: Any) -> Sent:
    if not isinstance(item, dict) or set(item) != set(_TYPES):
        raise _corrupt(path, f"record {index} does not have exactly the fields "
                       + ", ".join(_TYPES))
    for name, kind in _TYPES.items():
        value = item[name]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise _corrupt(path, f"record {index}: {name} is not a {kind.__name__}")
    try:
        PartialDate.parse(item["date"])
    except ValueError as exc:
        raise _corrupt(path, f"record {index}: {exc}") from None
    return Sent(**item)


def dumps(records: Iterable[Sent]) -> bytes:
    doc = {"schema": SCHEMA, "sent": [asdict(r) for r in sorted(set(records))]}
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def prune(records: Iterable[Sent], today: date) -> list[Sent]:
    """Keep the records of milestones that are not long past."""
    cutoff = today - timedelta(days=KEEP_DAYS)
    return [r for r in records if PartialDate.parse(r.date).end >= cutoff]


class Ledger:
    """The records of one state file, added to (and written) after each accepted mail."""

    def __init__(self, path: Path, records: Iterable[Sent], today: date) -> None:
        self.path = path
        self.records = tuple(records)
        self.today = today

    @classmethod
    def open(cls, path: Path, today: date) -> Ledger:
        return cls(path, read(path), today)

    def add(self, new: Iterable[Sent]) -> None:
        records = prune((*self.records, *new), self.today)
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(self.path, dumps(records), mode=0o600)
        self.records = tuple(sorted(set(records)))


@contextmanager
def locked(path: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold an exclusive lock on `path`.lock; a second run waits here until the first ends.

    The lock (fcntl.flock) is released when the process ends, however it ends, so a
    crashed run never leaves a stale lock behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    lock = path.with_name(path.name + ".lock")
    try:  # never through a symbolic link: a dangling one would create a file elsewhere
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError:
        if os.path.islink(lock):
            raise StateError(f"{lock} is a symbolic link; the lock file must be a file of "
                             "its own", hint=f"remove the link: rm {lock}") from None
        raise
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
