"""The lock on the state file: a second run waits until the first ends."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sesec_deadlines.core.errors import StateError
from sesec_deadlines.remind.state import StateWriteError


@contextmanager
def locked(path: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold an exclusive lock on `path`.lock; a second run waits here until the first ends.

    The lock (fcntl.flock) is released when the process ends, however it ends, so a
    crashed run never leaves a stale lock behind.
    """
    lock = path.with_name(path.name + ".lock")
    try:  # never through a symbolic link: a dangling one would create a file elsewhere
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        if os.path.islink(lock):
            raise StateError(f"{lock} is a symbolic link; the lock file must be a file of "
                             "its own", hint=f"remove the link: rm {lock}") from None
        raise StateWriteError(f"cannot create the lock file {lock}: {exc.strerror or exc}",
                              hint="nothing was sent") from None
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
