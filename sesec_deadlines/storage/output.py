"""Where the output a user names may go: one rule for every command that writes a file.

`write_output` and `check_output`: a regular file (or a link to one) is replaced
atomically, a new one created; a character device (`/dev/null`, a terminal), a FIFO with
a reader, or `/dev/stdout` and friends are written into as a stream; anything else (an
empty name, a directory, a socket, a block device, a FIFO nobody reads, a folder that
does not exist) is refused with `OutputPathError` (exit 2). Nothing that is not a
regular file is ever replaced: `atomic_write` itself refuses to rename over one.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from sesec_deadlines.core.errors import OutputPathError
from sesec_deadlines.storage.atomic import OUTPUT_HINT, atomic_write
from sesec_deadlines.storage.files import describe_kind

_STREAM_RE = re.compile(r"/dev/std(out|err)|/dev/fd/([0-9]+)|/proc/self/fd/([0-9]+)")


def _stream_fd(name: str) -> int | None:
    """The descriptor `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` or `/proc/self/fd/N` names."""
    found = _STREAM_RE.fullmatch(name)
    if found is None:
        return None
    if found.group(1):
        return 1 if found.group(1) == "out" else 2
    return int(found.group(2) or found.group(3))


def check_output(name: str | os.PathLike[str]) -> Path:
    """`name` as an output path, refused (OutputPathError, exit 2) when no file can be
    written there: an empty name, a directory, a socket, a block device, a missing folder.
    Call it before the work, so a bad `-o` is reported at once; `write_output` checks
    again."""
    text = os.fspath(name)
    if not text:
        raise OutputPathError("the output file name is empty", hint=OUTPUT_HINT)
    path = Path(text)
    if _stream_fd(text) is not None:
        return path
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        parent = Path(os.path.realpath(path)).parent
        if not parent.is_dir():
            raise OutputPathError(f"{text}: the folder {parent} does not exist",
                                  hint="create it first, or give a file in an existing "
                                       "folder") from None
        return path
    except NotADirectoryError:
        raise OutputPathError(f"{text}: a part of the path is not a folder",
                              hint=OUTPUT_HINT) from None
    except OSError:
        return path  # e.g. no permission: the write says so
    if stat.S_ISREG(mode) or stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return path
    raise OutputPathError(f"{text}: is {describe_kind(mode)}; not replacing it",
                          hint=OUTPUT_HINT)


def write_output(name: str | os.PathLike[str], data: bytes | Iterable[bytes]) -> None:
    """Write `data` to the path the user named, by the rule in the module's docstring.

    Raises OutputPathError (exit 2) for a path no file can be written to, and OSError
    when the writing itself fails (no permission, disk full, the reader went away)."""
    path = check_output(name)
    number = _stream_fd(os.fspath(name))
    if number is not None:
        try:
            fd = os.dup(number)
        except OSError:
            raise OutputPathError(f"{name}: descriptor {number} is not open",
                                  hint=OUTPUT_HINT) from None
        _stream_to(fd, data)
        return
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = stat.S_IFREG
    if stat.S_ISREG(mode):
        atomic_write(path, data)
        return
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:  # never O_CREAT or O_TRUNC: this writes into what is there
        fd = os.open(path, flags | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OutputPathError(f"{name}: is a FIFO that nobody reads; not writing to it",
                                  hint="start its reader first") from None
        raise
    if stat.S_ISREG(os.fstat(fd).st_mode):  # it became a regular file meanwhile
        os.close(fd)
        atomic_write(path, data)
        return
    fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
    _stream_to(fd, data)


def _stream_to(fd: int, data: bytes | Iterable[bytes]) -> None:
    """Write `data` to the open descriptor `fd`, then close it."""
    with os.fdopen(fd, "wb") as handle:
        if isinstance(data, bytes):
            handle.write(data)
        else:
            handle.writelines(data)
