"""Writing files so that nothing is ever half-written: temp file, fsync, rename; and whole
directories the same way: built beside the target, swapped in by rename."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path


def atomic_write(path: Path, data: bytes | Iterable[bytes], *, mode: int | None = None) -> None:
    """Replace `path` with `data` (bytes, or pieces of it) atomically; readers see the old or
    the new file, whole.

    The temp file lives in the same directory (so the rename is atomic), is fsynced before
    the rename, and the directory is fsynced after it. `mode` sets the permissions (e.g.
    0o600); otherwise an existing file keeps its mode, and a new one gets 0o644.
    """
    directory = path.parent if str(path.parent) else Path(".")
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o644
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                handle.writelines(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_directory(directory)


def _fsync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def replace_directory(directory: Path, files: dict[str, bytes]) -> None:
    """Make `directory` hold exactly `files` (name -> bytes), atomically: a reader sees the
    old content or the new, whole, never a mix.

    The new directory is built and fsynced beside the target, then exchanged with it in
    one step (Linux renameat2 RENAME_EXCHANGE), or where the system cannot, by two renames
    (for an instant the directory is missing, but never half-written). The old content is
    deleted afterwards. Files get mode 0644, the directory 0755. On any error the target
    is as it was and nothing is left behind."""
    directory = directory.absolute()
    parent = directory.parent
    parent.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(dir=parent, prefix=f".{directory.name}.new-"))
    old: Path | None = None
    try:
        for name, data in files.items():
            with open(build / name, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(build / name, 0o644)
        os.chmod(build, 0o755)
        _fsync_directory(build)
        if not directory.exists():
            os.rename(build, directory)
        elif _exchange(build, directory):
            old = build  # now holds the previous content
        else:
            old = Path(tempfile.mkdtemp(dir=parent, prefix=f".{directory.name}.old-"))
            os.rename(directory, old / "previous")
            os.rename(build, directory)
        _fsync_directory(parent)
    except BaseException:
        if old is not build:
            shutil.rmtree(build, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step; False where the system cannot (not Linux, old libc)."""
    import ctypes
    import ctypes.util
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return bool(renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b),
                          rename_exchange) == 0)
