"""Writing files so that nothing is ever half-written: temp file, fsync, rename; and whole
directories the same way: built beside the target, swapped in by rename.

`atomic_write` never renames over anything that is not a regular file (a device, a FIFO,
a socket, a directory): it refuses with `OutputPathError` (exit 2). Where the output a
user names may go is `storage.output`.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import secrets
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from sesec_deadlines.core.errors import OutputPathError
from sesec_deadlines.storage.files import describe_kind
from sesec_deadlines.storage.writing import Content, write_files

STALE_SECONDS = 60  # a temp file untouched this long, and unlocked, was left by a killed run


def atomic_write(path: Path, data: bytes | Iterable[bytes], *, mode: int | None = None) -> None:
    """Replace `path` with `data` (bytes, or pieces of it) atomically; readers see the old or
    the new file, whole.

    - A symbolic link is written through: its target is replaced, the link stays a link
      (a dangling link's target is created).
    - The temp file `.NAME.XXXXXXXX.tmp` lives in the target's directory (so the rename is
      atomic), is locked while it is written, fsynced before the rename, and the directory
      is fsynced after it. Temp files of earlier writes of the same file that a killed run
      left behind (unlocked and untouched for a minute) are removed first.
    - `mode` sets the permissions (e.g. 0o600); otherwise an existing file keeps its mode,
      and a new one gets 0o666 less the umask (0o644 under the usual umask 022).
    """
    path = Path(os.path.realpath(path))  # write through symbolic links, to their target
    _refuse_non_regular(path)
    directory = path.parent
    _remove_stale(directory, path.name)
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = None  # os.open applies the umask to 0o666
    fd, tmp = _create_temp(directory, path.name)
    try:
        with os.fdopen(fd, "wb", closefd=False) as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                handle.writelines(data)
            handle.flush()
            os.fsync(fd)
        if mode is not None:
            os.fchmod(fd, mode)
        _refuse_non_regular(path)
        os.replace(tmp, path)  # still locked: a cleaner never takes a file being written
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    finally:
        os.close(fd)
    fsync_directory(directory)


OUTPUT_HINT = ("give a file name (deadlines.ics, timeline.svg, ...), or - for standard "
               "output")


def _refuse_non_regular(path: Path) -> None:
    """Refuse to replace anything that exists and is not a regular file."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return
    if not stat.S_ISREG(mode):
        raise OutputPathError(f"{path}: is {describe_kind(mode)}; not replacing it",
                              hint=OUTPUT_HINT)


def _temp_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(name)}\.[A-Za-z0-9_]{{8}}\.tmp")


def _create_temp(directory: Path, name: str) -> tuple[int, Path]:
    """A new, locked temp file for `name` in `directory`, mode 0o666 less the umask."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) \
        | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        tmp = directory / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(tmp, flags, 0o666)
        except FileExistsError:
            continue
        fcntl.flock(fd, fcntl.LOCK_EX)
        return fd, tmp
    raise FileExistsError(f"no free temp file name for {name} in {directory}")


def _remove_stale(directory: Path, name: str) -> None:
    """Remove temp files of `name` that a killed writer left: unlocked (the lock dies with
    its process) and not modified for STALE_SECONDS. Never anything else."""

    def remove(candidate: Path, info: os.stat_result) -> None:
        if os.stat(candidate, follow_symlinks=False).st_ino == info.st_ino:
            os.unlink(candidate)

    _remove_leftovers(directory, _temp_pattern(name), os.O_NONBLOCK, stat.S_ISREG, remove)


def _remove_leftovers(parent: Path, pattern: re.Pattern[str], flags: int,
                      is_kind: Callable[[int], bool],
                      remove: Callable[[Path, os.stat_result], None]) -> None:
    """Remove what a killed run left in `parent`: entries matching `pattern`, of the kind
    `is_kind` accepts, untouched for STALE_SECONDS and not locked by a live run. Each is
    opened without following links (with `flags`) and locked before `remove` is called."""
    try:
        names = [n for n in os.listdir(parent) if pattern.fullmatch(n)]
    except OSError:
        return
    now = time.time()
    for stale in names:
        candidate = parent / stale
        try:
            fd = os.open(candidate, os.O_RDONLY | os.O_NOFOLLOW | flags)
        except OSError:
            continue
        try:
            info = os.fstat(fd)
            if not is_kind(info.st_mode) or now - info.st_mtime < STALE_SECONDS:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # a live run holds it
            with contextlib.suppress(OSError):
                remove(candidate, info)
        finally:
            os.close(fd)


def fsync_directory(directory: Path) -> None:
    """Make a file's creation or rename in `directory` durable (best effort)."""
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


def replace_directory(directory: Path,
                      files: Mapping[str, bytes] | Iterable[tuple[str, Content]], *,
                      keep: Callable[[str], bool] | None = None) -> None:
    """Make `directory` hold `files` (name -> bytes, or pairs of a name and its bytes or
    its bytes in pieces, consumed one after the other, so a large site need not be held
    in memory), atomically: a reader sees the old content or the new, whole, never a mix.

    The new directory is built and fsynced beside the target, then exchanged with it in
    one step (Linux renameat2 RENAME_EXCHANGE), or where the system cannot, by two renames
    (for an instant the directory is missing, but never half-written). The old content is
    deleted afterwards, except the entries `keep(name)` accepts (those publish did not
    write): they are carried into the new directory before the swap as hard links (a
    folder as a folder of links), so they stay byte for byte, with their modes; one added
    while the new directory was built is moved over after the swap. Files get mode 0666
    less the umask; a new directory 0777 less the umask, an existing one keeps its mode.
    On any error the target is as it was and nothing is left behind; what a killed run
    left beside it (unlocked and untouched for a minute) is removed by the next run. A
    `directory` that is a symbolic link is followed: its target is replaced, the link
    stays."""
    directory = directory.resolve() if directory.is_symlink() else directory.absolute()
    parent = directory.parent
    parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_directories(parent, directory.name)
    try:
        mode = os.stat(directory).st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o777 & ~_umask()

    written: set[str] = set()

    def kept(name: str) -> bool:
        return keep is not None and name not in written and keep(name)

    build = Path(tempfile.mkdtemp(dir=parent, prefix=f".{directory.name}.new-"))
    lock = os.open(build, os.O_RDONLY)
    fcntl.flock(lock, fcntl.LOCK_EX)  # held until done: a cleaner never takes it
    old: Path | None = None
    try:
        write_files(build, files.items() if isinstance(files, Mapping) else files, written)
        if directory.exists():
            _carry(directory, build, kept)
        os.chmod(build, mode)
        fsync_directory(build)
        if not directory.exists():
            os.rename(build, directory)
        elif _exchange(build, directory):
            old = build  # now holds the previous content
        else:
            old = Path(tempfile.mkdtemp(dir=parent, prefix=f".{directory.name}.old-"))
            os.rename(directory, old / "previous")
            os.rename(build, directory)
        fsync_directory(parent)
    except BaseException:
        if old is not build:
            shutil.rmtree(build, ignore_errors=True)
        raise
    finally:
        os.close(lock)
    if old is not None:
        previous = old if old == build else old / "previous"
        with contextlib.suppress(OSError):  # kept entries added while the site was built
            for name in os.listdir(previous):
                if kept(name) and not os.path.lexists(directory / name):
                    os.rename(previous / name, directory / name)
        shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _carry(source: Path, target: Path, kept: Callable[[str], bool]) -> None:
    """Hard-link the entries of `source` that `kept` accepts into `target` (folders are
    made anew, their content linked; a file that cannot be linked is copied)."""
    for name in os.listdir(source):
        if kept(name):
            _link(source / name, target / name)


def _link(source: Path, target: Path) -> None:
    if stat.S_ISDIR(os.lstat(source).st_mode):
        os.mkdir(target)
        _carry(source, target, lambda name: True)
        shutil.copystat(source, target, follow_symlinks=False)
        return
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        if source.is_symlink():
            os.symlink(os.readlink(source), target)
        else:
            shutil.copy2(source, target, follow_symlinks=False)


def _remove_stale_directories(parent: Path, name: str) -> None:
    """Remove the build and old directories of `name` that a killed run left beside it:
    unlocked and untouched for STALE_SECONDS. Never anything else."""
    pattern = re.compile(rf"\.{re.escape(name)}\.(new|old)-[A-Za-z0-9_]+")
    _remove_leftovers(parent, pattern, os.O_DIRECTORY, stat.S_ISDIR,
                      lambda candidate, _: shutil.rmtree(candidate, ignore_errors=True))


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
