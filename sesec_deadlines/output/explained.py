"""What was already explained today on this terminal, so the flag legend under the tables
is printed at most once a day per terminal, not on every call.

The record is a small JSON file in the user state directory, `explained.json`: for each
terminal (its device and the session of the shell in it, so a new window on a reused
device starts afresh) the day and the keys explained that day. Only a terminal is ever
recorded: in a pipe, a file or JSON everything is said every time. Whatever goes wrong
with the file (a state directory that cannot be read or written, a corrupt file) means
explaining again, never an error: the legend is said rather than lost.
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection
from datetime import date
from pathlib import Path
from typing import IO

FILE_NAME = "explained.json"


def state_file() -> Path:
    from platformdirs import user_state_dir

    return Path(user_state_dir("sesec-deadlines", appauthor=False)) / FILE_NAME


def terminal_key(stream: IO[str]) -> str | None:
    """The terminal `stream` writes to and the session in it; None when it is no terminal."""
    try:
        if not stream.isatty():
            return None
        return f"{os.ttyname(stream.fileno())}:{os.getsid(0)}"
    except (OSError, AttributeError, ValueError):
        return None


def unexplained(keys: Collection[str], stream: IO[str], today: date | None = None) -> set[str]:
    """The `keys` not yet explained today on the terminal of `stream` (all of them when it
    is no terminal), recording them as explained now."""
    wanted = set(keys)
    terminal = terminal_key(stream)
    if terminal is None or not wanted:
        return wanted
    day = (today or date.today()).isoformat()
    path = state_file()
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = {}
    if not isinstance(record, dict):
        record = {}
    mine = record.get(terminal)
    seen: set[str] = set()
    if isinstance(mine, dict) and mine.get("day") == day and isinstance(mine.get("keys"), list):
        seen = {k for k in mine["keys"] if isinstance(k, str)}
    new = wanted - seen
    if new:
        kept: dict[str, object] = {t: v for t, v in record.items()
                                   if isinstance(v, dict) and v.get("day") == day}
        kept[terminal] = {"day": day, "keys": sorted(seen | new)}
        _save(path, kept)
    return new


def _save(path: Path, record: dict[str, object]) -> None:
    from sesec_deadlines.core.errors import DeadlinesError
    from sesec_deadlines.storage.atomic import atomic_write

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps(record, sort_keys=True).encode("utf-8") + b"\n")
    except (OSError, DeadlinesError):
        pass  # not recorded: explained again next time
