"""Output paths: one rule for every command that writes a file (storage.atomic).

A regular file (or a link to one) is replaced atomically; a character device, a FIFO with a
reader and /dev/stdout are written into as a stream; an empty name, a directory, a socket,
a block device, a FIFO nobody reads and a missing folder are refused with exit 2. Nothing
that is not a regular file is ever replaced. Device nodes are made in the test's own
folder (a copy of /dev/null, where the system allows mknod); /dev itself is only written
into, never replaced.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from sesec_deadlines.core.errors import OutputPathError
from sesec_deadlines.storage.atomic import atomic_write
from sesec_deadlines.storage.output import write_output

from .conftest import AS_OF, REGISTRY, Runner

WRITERS = [
    ["export", "--all"],
    ["export", "--all", "-f", "json"],
    ["export", "-f", "svg"],
    ["timeline", "-f", "svg"],
    ["timeline", "-f", "text", "--width", "100"],
]


def _common() -> list[str]:
    return ["-r", str(REGISTRY), "--as-of", AS_OF]


@pytest.fixture
def device(tmp_path: Path) -> Path:
    """A character device like /dev/null (major 1, minor 3), in the test's folder."""
    (tmp_path / "dev").mkdir()
    node = tmp_path / "dev" / "null"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, OSError):
        pytest.skip("this system does not let the tests make a device node")
    return node


@pytest.fixture
def unix_socket(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    yield path
    server.close()


def _reader(fifo: Path, got: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(fifo, "rb") as handle:
            got.append(handle.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("args", WRITERS, ids=" ".join)
def test_a_device_is_written_into_never_replaced(run: Runner, device: Path,
                                                 args: list[str]) -> None:
    before = os.stat(device)
    result = run(*args, *_common(), "-o", str(device))
    assert result.exit_code == 0, result.output
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert after.st_ino == before.st_ino
    assert sorted(p.name for p in device.parent.iterdir()) == ["null"]  # no temp file left


@pytest.mark.parametrize("args", WRITERS, ids=" ".join)
def test_a_fifo_with_a_reader_gets_the_bytes_of_the_file(run: Runner, tmp_path: Path,
                                                         args: list[str]) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    thread = _reader(fifo, got)
    result = run(*args, *_common(), "-o", str(fifo))
    thread.join(10)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    plain = tmp_path / "plain"
    assert run(*args, *_common(), "-o", str(plain)).exit_code == 0
    assert got == [plain.read_bytes()] and got[0]


@pytest.mark.parametrize("args", WRITERS, ids=" ".join)
def test_what_cannot_take_a_file_is_a_usage_error(run: Runner, tmp_path: Path,
                                                  unix_socket: Path, args: list[str]) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "kept").write_text("mine")
    plain = tmp_path / "plain"
    plain.write_text("x")
    cases = {"": "the output file name is empty",
             str(folder): f"{folder}: is a directory; not replacing it",
             str(unix_socket): f"{unix_socket}: is a socket; not replacing it",
             str(fifo): f"{fifo}: is a FIFO that nobody reads; not writing to it",
             str(tmp_path / "missing" / "x"): f"{tmp_path / 'missing' / 'x'}: the folder "
                                              f"{tmp_path / 'missing'} does not exist",
             str(plain / "x"): f"{plain / 'x'}: a part of the path is not a folder"}
    for target, message in cases.items():
        result = run(*args, *_common(), "-o", target)
        assert result.exit_code == 2, (target, result.output)
        assert result.stderr.splitlines()[0] == f"error: {message}", target
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert stat.S_ISSOCK(os.lstat(unix_socket).st_mode)
    assert [p.name for p in folder.iterdir()] == ["kept"]


def test_an_empty_output_is_the_same_usage_error_for_every_command(
        run: Runner, tmp_path: Path) -> None:
    messages = set()
    for args in (*[[*w, "-o"] for w in WRITERS], ["publish"], ["config", "init", "--config"],
                 ["add"]):
        result = run(*args, "", *([] if args[0] in ("config", "add") else _common()))
        assert result.exit_code == 2, (args, result.output)
        messages.add(result.stderr.splitlines()[0])
    assert messages == {"error: the output file name is empty",
                        "error: the output folder name is empty"}


def test_the_hint_fits_every_writer(run: Runner) -> None:
    """One hint for every command that writes a file: it does not name a calendar only."""
    result = run("timeline", "-o", "")
    assert result.exit_code == 2
    assert ("hint: give a file name (deadlines.ics, timeline.svg, ...), or - for standard "
            "output") in result.stderr


def test_stdout_by_name_is_a_stream(tmp_path: Path) -> None:
    out = tmp_path / "out.svg"
    with open(out, "wb") as handle:
        done = subprocess.run([sys.executable, "-m", "sesec_deadlines", "timeline", "-f", "svg",
                               *_common(), "-o", "/dev/stdout"], stdout=handle,
                              stderr=subprocess.PIPE, check=False,
                              env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "c")})
    assert done.returncode == 0, done.stderr
    piped = subprocess.run([sys.executable, "-m", "sesec_deadlines", "timeline", "-f", "svg",
                            *_common(), "-o", "/dev/stdout"], capture_output=True, check=False,
                           env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "c")})
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == out.read_bytes() and piped.stdout.startswith(b"<?xml")


def test_atomic_write_never_renames_over_what_is_not_a_regular_file(
        tmp_path: Path, unix_socket: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to(fifo)
    for target in (fifo, link, unix_socket, tmp_path):
        with pytest.raises(OutputPathError, match="not replacing it"):
            atomic_write(target, b"data")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo", "link", "sock"]


def test_write_output_replaces_a_file_and_follows_a_link(tmp_path: Path) -> None:
    target = tmp_path / "target.ics"
    target.write_bytes(b"old")
    link = tmp_path / "link.ics"
    link.symlink_to(target)
    write_output(link, [b"new ", b"bytes"])
    assert link.is_symlink() and target.read_bytes() == b"new bytes"


@pytest.mark.parametrize("command", [("export", "--all"), ("timeline", "--width", "80")])
def test_a_stream_whose_reader_goes_away_ends_quietly(command: tuple[str, ...]) -> None:
    """`-o /dev/stdout | head -1`: the reader closes the pipe; the command stops, exit 0,
    with no error (as when it prints to a pipe without -o)."""
    script = Path(sys.executable).parent / "deadlines"
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c",
         f"'{script}' {' '.join(command)} -r bundled -o /dev/stdout | head -1"],
        capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") == 1
    assert "Broken pipe" not in done.stderr and "error" not in done.stderr
