"""The tracking file on disk: where it is, reading its lines, appending one decision.

- One JSON object per line (team.events), appended and never rewritten.
- Writers take an exclusive lock (fcntl.flock) on the file itself, so two `deadlines
  track` at once write one after the other; no lock file is left beside it (a team keeps
  the file in git). Each line is written with one write() and fsynced before the command
  says it is recorded.
- A final line without its newline that is not a whole event is a torn write (a writer
  killed or a disk filled mid-line). Readers ignore it and report it as file:line; the
  next writer moves its text to FILE.torn (appended, nothing is thrown away) and cuts the
  file back to its last whole line before appending. Every line before it is intact, so
  nothing decided earlier is lost. A final line that is a whole event but lacks its
  newline (a hand edit) is read as any other line.
- Any other line that is not a valid event is an error naming file:line (exit code 2).
- Created inside a git work tree, the file gets a `FILE merge=union` line in the
  `.gitattributes` beside it: git then merges two branches' appended lines by keeping
  both, never a conflict.
"""

from __future__ import annotations

import fcntl
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sesec_deadlines.storage.atomic import fsync_directory
from sesec_deadlines.team.events import Event, TrackingError, format_at, make_values, parse_line

ENV_FILE = "DEADLINES_TRACKING"
ENV_USER = "DEADLINES_USER"
FILE_NAME = "tracking.jsonl"
HINT = "fix or remove that line (a text editor will do); every other line is kept"


def tracking_path(option: str | None = None) -> Path:
    """--tracking-file, else $DEADLINES_TRACKING, else tracking.jsonl in the user data
    directory."""
    if option:
        return Path(option)
    named = os.environ.get(ENV_FILE)
    if named:
        return Path(named)
    return default_tracking_path()


def default_tracking_path() -> Path:
    """tracking.jsonl in the user data directory: the one place whose folder `track`
    creates when missing (a folder named by the user that does not exist is refused)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("sesec-deadlines", appauthor=False)) / FILE_NAME


@dataclass(frozen=True)
class Torn:
    """An incomplete last line: its number and its text."""

    line: int
    text: str

    def warning(self, path: Path) -> str:
        shown = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        return (f"warning: {path}:{self.line}: an incomplete last line (a write that was "
                f"interrupted) is ignored: {shown!r}")


def parse_bytes(data: bytes, path: Path, first_line: int = 1
                ) -> tuple[list[Event], Torn | None]:
    """The events of `data` (the file's bytes from line `first_line` on) and its torn last
    line, if any; TrackingError naming file:line for any other bad line."""
    lines = data.split(b"\n")
    last = lines.pop()  # b"" when the data ends with a newline
    events: list[Event] = []
    number = first_line - 1
    for number, raw in enumerate(lines, start=first_line):
        if raw.strip():
            events.append(_event(raw, path, number))
    if not last.strip():
        return events, None
    try:
        events.append(parse_line(last.decode("utf-8")))
    except (ValueError, UnicodeDecodeError):
        return events, Torn(number + 1, last.decode("utf-8", "replace"))
    return events, None


def _event(raw: bytes, path: Path, number: int) -> Event:
    try:
        return parse_line(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise TrackingError(f"{path}:{number}: not UTF-8 text", hint=HINT) from None
    except ValueError as exc:
        raise TrackingError(f"{path}:{number}: {exc}", hint=HINT) from None


TRACKING_LIMIT = 1 << 30  # 1 GiB: about five million decisions


def read_bytes(path: Path) -> bytes:
    """The file's bytes (b"" when it does not exist). A reader that finds an unfinished
    last line waits for any writer (a shared lock) and reads again."""
    from sesec_deadlines.storage.files import RefusedFile, read_input

    try:
        data = read_input(path, TRACKING_LIMIT)  # a FIFO or device is refused, never read
        if data and not data.endswith(b"\n"):
            with open(path, "rb") as handle:
                fcntl.flock(handle.fileno(), fcntl.LOCK_SH)
                data = handle.read()
        return data
    except FileNotFoundError:
        return b""
    except IsADirectoryError:
        raise TrackingError(f"the tracking file {path} is a directory",
                            hint="name a file with --tracking-file or $DEADLINES_TRACKING"
                            ) from None
    except RefusedFile as exc:
        raise TrackingError(f"the tracking file {path} {exc.reason}",
                            hint="name a regular file with --tracking-file or "
                                 "$DEADLINES_TRACKING") from None
    except OSError as exc:
        raise TrackingError(f"the tracking file {path} cannot be read: "
                            f"{exc.strerror or exc}") from None


def read_events(path: Path) -> list[Event]:
    """Every event of the file (the torn last line left out)."""
    return parse_bytes(read_bytes(path), path)[0]


def who(directory: Path | None = None) -> str:
    """Who decides: $DEADLINES_USER, else git's user.name, else the login name."""
    import getpass
    import subprocess

    named = os.environ.get(ENV_USER, "").strip()
    if named:
        return named
    try:
        done = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True,
                              timeout=5, cwd=directory if directory and directory.is_dir()
                              else None, check=False)
        if done.returncode == 0 and done.stdout.strip():
            return done.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def new_event(on: str, values: dict[str, Any], by: str,
              now: datetime | None = None) -> Event:
    import secrets

    moment = now or datetime.now(UTC)
    return Event(secrets.token_hex(16), format_at(moment), by, on, make_values(values))


def _folder_of(path: Path) -> None:
    """Make the default file's folder when missing; refuse a missing folder the user
    named (a mistyped path must not silently start a second tracking file)."""
    if path.parent.is_dir():
        return
    if path.absolute() != default_tracking_path().absolute():
        raise TrackingError(f"the folder of the tracking file {path} does not exist",
                            hint="create the folder first, or correct --tracking-file or "
                                 "$DEADLINES_TRACKING; nothing was recorded")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from sesec_deadlines.core.errors import OutputError

        raise OutputError(f"cannot create the folder of the tracking file {path}: "
                          f"{exc.strerror or exc}", hint="nothing was recorded") from None


@contextmanager
def _open_locked(path: Path) -> Iterator[int]:
    _folder_of(path)
    try:
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW
                     | os.O_NONBLOCK, 0o644)
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise TrackingError(f"the tracking file {path} is not a regular file",
                                hint="name a regular file with --tracking-file or "
                                     "$DEADLINES_TRACKING; nothing was recorded")
    except OSError as exc:
        kind = TrackingError if os.path.islink(path) or path.is_dir() else None
        message = f"cannot write the tracking file {path}: {exc.strerror or exc}"
        if kind is not None:
            raise TrackingError(message, hint="name a regular file") from None
        from sesec_deadlines.core.errors import OutputError

        raise OutputError(message, hint="nothing was recorded") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield fd
    finally:
        os.close(fd)


def append(path: Path, event: Event) -> list[str]:
    """Append `event` to the file under the lock, fsynced; what was done besides, in words
    (a torn line moved aside, a .gitattributes line written)."""
    notices: list[str] = []
    created = not path.exists()
    with _open_locked(path) as fd:
        _repair_tail(path, fd, notices)
        data = event.line().encode("utf-8")
        while data:
            written = os.write(fd, data)
            data = data[written:]
        os.fsync(fd)
    if created:
        fsync_directory(path.parent)
        notices.extend(_git_attributes(path))
    return notices


def _repair_tail(path: Path, fd: int, notices: list[str]) -> None:
    """Give the file a whole last line: a missing newline after a whole event is added; a
    torn line is moved to FILE.torn and cut off."""
    size = os.fstat(fd).st_size
    if size == 0 or os.pread(fd, 1, size - 1) == b"\n":
        return
    start = max(0, size - 65536)
    while True:
        chunk = os.pread(fd, size - start, start)
        cut = chunk.rfind(b"\n")
        if cut >= 0 or start == 0:
            break
        start = max(0, start - 65536)
    tail_at = start + cut + 1
    tail = chunk[cut + 1:]
    try:
        parse_line(tail.decode("utf-8"))
        os.write(fd, b"\n")
        return
    except (ValueError, UnicodeDecodeError):
        pass
    line = os.pread(fd, tail_at, 0).count(b"\n") + 1
    torn = path.with_name(path.name + ".torn")
    with open(torn, "ab") as handle:
        handle.write(tail + b"\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.ftruncate(fd, tail_at)
    notices.append(f"{path}:{line}: an incomplete last line (an interrupted write) was moved "
                   f"to {torn}")


def _git_attributes(path: Path) -> list[str]:
    """In a git work tree, `NAME merge=union` in the .gitattributes beside the file."""
    directory = path.resolve().parent
    if not any((d / ".git").exists() for d in (directory, *directory.parents)):
        return []
    attributes = directory / ".gitattributes"
    line = f"{_pattern(path.name)} merge=union"
    try:
        text = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
        if line in text.splitlines():
            return []
        from sesec_deadlines.storage.atomic import atomic_write

        joined = text + ("\n" if text and not text.endswith("\n") else "") + line + "\n"
        atomic_write(attributes, joined.encode("utf-8"))
    except OSError as exc:
        return [f"warning: could not write {attributes} ({exc.strerror or exc}): add the "
                f"line '{line}' so that git merges the tracking file without conflicts"]
    return [f"wrote '{line}' to {attributes}: git merges the tracking file's lines from "
            "two branches without conflicts (commit it with the file)"]


def _pattern(name: str) -> str:
    """A file name as a .gitattributes pattern: glob characters escaped, and the whole
    quoted C-style when it holds a space, a tab or a quote (a backslash does not escape a
    space in .gitattributes: the line would name an invalid attribute)."""
    escaped = "".join("\\" + c if c in "*?[]\\!#" else c for c in name)
    if not any(c in name for c in " \t\"\n"):
        return escaped
    quoted = escaped.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + quoted.replace("\t", "\\t").replace("\n", "\\n") + '"'
