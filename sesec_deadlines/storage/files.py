"""Reading a whole input file safely: regular files only, and no larger than a limit.

Every file the program reads as input (registry files, the reminder configuration) comes
through `read_input`. A FIFO would block forever and `/dev/zero` would never end, so
anything that is not a regular file is refused before a byte is read, and so is a file
over the size limit (documented in docs/user-guide.md, "Files and limits").
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MiB = 1024 * 1024
REGISTRY_LIMIT = 64 * MiB  # a registry of 100,000 milestones is about 50 MB
CONFIG_LIMIT = 1 * MiB
_CHUNK = 1 * MiB


class RefusedFile(OSError):
    """A file that is not read: not a regular file, or over the size limit.

    `reason` completes "PATH: ..." (e.g. "is a FIFO, not a regular file")."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason
        self.strerror = reason
        self.filename = str(path)


def _what(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def describe_kind(mode: int) -> str:
    """What a file of `mode` is, in words ("a directory", "a block device", ...)."""
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return _what(mode)


def read_input(path: Path, limit: int) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them.

    Raises FileNotFoundError and other OSErrors as `open` does, and RefusedFile for a
    directory, FIFO, device or socket, or a file over `limit` bytes. The file is opened
    without blocking (a FIFO without a writer would otherwise wait forever) and checked
    on the open descriptor, so what is checked is what is read."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
        if not stat.S_ISREG(info.st_mode):
            kind = _what(info.st_mode)
            raise RefusedFile(path, f"is {kind}, not a regular file" if kind.startswith("a ")
                              else f"is {kind}")
        if info.st_size > limit:
            raise RefusedFile(path, _too_large(info.st_size, limit))
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while being read
                raise RefusedFile(path, _too_large(total, limit))
        return b"".join(chunks)
    finally:
        os.close(fd)


def _too_large(size: int, limit: int) -> str:
    return (f"is too large ({size / MiB:.1f} MiB; the limit is {limit // MiB} MiB): "
            "split it into several files")
