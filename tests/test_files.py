"""Files the tool writes: through symbolic links, with the umask, no temp files left behind;
and arguments that are not UTF-8 text."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sesec_deadlines.core.errors import StateError
from sesec_deadlines.remind.lock import locked
from sesec_deadlines.storage.atomic import STALE_SECONDS, atomic_write

from .conftest import AS_OF, REGISTRY, Runner

ADD = ("--id", "x-rule", "--title", "T", "-a", "SAMR", "-t", "ccc", "--status", "final",
       "--summary", "S", "--source-title", "Doc",
       "-m", "kind=published; date=2026-06-30; certainty=official")


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    old = os.umask(0o022)
    try:
        yield os.umask
    finally:
        os.umask(old)


def test_new_files_respect_the_umask(
    run: Runner, tmp_path: Path, umask: Callable[[int], None]
) -> None:
    for mask, expected in ((0o077, 0o600), (0o022, 0o644), (0o002, 0o664)):
        umask(mask)
        out = tmp_path / f"cal-{mask:o}.ics"
        assert run("export", "-r", str(REGISTRY), "--as-of", AS_OF, "-o", str(out)
                   ).exit_code == 0
        added = tmp_path / f"ours-{mask:o}.toml"
        result = run("add", str(added), *ADD)
        assert result.exit_code == 0, result.output
        assert out.stat().st_mode & 0o777 == expected
        assert added.stat().st_mode & 0o777 == expected


def test_an_existing_file_keeps_its_mode(tmp_path: Path, umask: Callable[[int], None]) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"old")
    path.chmod(0o640)
    umask(0o077)
    atomic_write(path, b"new")
    assert (path.read_bytes(), path.stat().st_mode & 0o777) == (b"new", 0o640)
    atomic_write(path, b"newer", mode=0o600)
    assert path.stat().st_mode & 0o777 == 0o600


def test_symbolic_links_are_written_through(run: Runner, tmp_path: Path) -> None:
    target_dir = tmp_path / "real"
    target_dir.mkdir()
    cal, ours = target_dir / "cal.ics", target_dir / "ours.toml"
    cal.write_bytes(b"old")
    (tmp_path / "cal.ics").symlink_to(cal)
    (tmp_path / "ours.toml").symlink_to(ours)  # dangling: the target is created
    assert run("export", "-r", str(REGISTRY), "--as-of", AS_OF,
               "-o", str(tmp_path / "cal.ics")).exit_code == 0
    assert run("add", str(tmp_path / "ours.toml"), *ADD).exit_code == 0
    for link, target in ((tmp_path / "cal.ics", cal), (tmp_path / "ours.toml", ours)):
        assert link.is_symlink() and link.resolve() == target
        assert target.is_file() and not target.is_symlink()
    assert cal.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert b'id = "x-rule"' in ours.read_bytes()
    assert sorted(p.name for p in target_dir.iterdir()) == ["cal.ics", "ours.toml"]


def test_the_state_file_is_written_through_a_link(tmp_path: Path) -> None:
    from sesec_deadlines.remind.state import Ledger, Sent

    real = tmp_path / "real.json"
    link = tmp_path / "sent.json"
    link.symlink_to(real)
    ledger = Ledger.open(link, __import__("datetime").date(2026, 4, 1))
    ledger.add([Sent("a/b", "2026-04-20", 7, "x@example.com", "<m@x>", "2026-04-01T00:00:00Z")])
    assert link.is_symlink() and real.is_file()
    assert b"a/b" in real.read_bytes()


def test_a_lock_file_that_is_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    state = tmp_path / "sent.json"
    (tmp_path / "sent.json.lock").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(StateError, match="is a symbolic link"), locked(state):
        pass
    assert not (tmp_path / "elsewhere").exists()


def test_stale_temp_files_of_a_killed_write_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "cal.ics"
    old = time.time() - STALE_SECONDS - 5
    stale = tmp_path / ".cal.ics.abcd1234.tmp"
    fresh = tmp_path / ".cal.ics.fresh123.tmp"  # perhaps still being written
    other = tmp_path / ".other.ics.abcd1234.tmp"  # not ours to remove
    mine = tmp_path / ".cal.ics.notours.tmp.bak"
    for p in (stale, fresh, other, mine):
        p.write_bytes(b"x" * 100)
    for p in (stale, other, mine):
        os.utime(p, (old, old))
    atomic_write(path, b"data")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["cal.ics", fresh.name, other.name, mine.name])


def test_a_temp_file_being_written_is_never_removed(tmp_path: Path) -> None:
    """A writer holds a lock on its temp file; a cleaner skips it however old it looks."""
    path = tmp_path / "cal.ics"
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from sesec_deadlines.storage.atomic import atomic_write\n"
        "def slow():\n"
        "    yield b'a'\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(60)\n"
        "    yield b'b'\n"
        f"atomic_write(Path({str(path)!r}), slow())\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    try:
        assert proc.stdout is not None and proc.stdout.readline() == b"writing\n"
        [tmp] = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        old = time.time() - STALE_SECONDS - 5
        os.utime(tmp, (old, old))
        atomic_write(path, b"other")
        assert tmp.exists()  # locked by the live writer
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        atomic_write(path, b"again")  # the killed writer's file is now stale
        assert [p.name for p in tmp_path.iterdir()] == ["cal.ics"]
        assert path.read_bytes() == b"again"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["export", "--name", "bad\udcff"], "argument 3 (after --name) is not valid UTF-8 "
                                            "text: 'bad\\xff' (byte 0xff at position 4)"),
        (["list", "-r", "\udcff.toml"], "argument 3 (after -r) is not valid UTF-8 text: "
                                        "'\\xff.toml'"),
        (["add", "ours.toml", "--title", "T\udcff"], "argument 4 (after --title)"),
        (["check", "\udcfe\udcff"], "argument 2 is not valid UTF-8 text: '\\xfe\\xff'"),
    ],
)
def test_arguments_that_are_not_utf8_are_a_usage_error(
    run: Runner, args: list[str], shown: str
) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {shown}")
    assert "internal error" not in result.output


def test_a_registry_variable_that_is_not_utf8(run: Runner, monkeypatch: pytest.MonkeyPatch
                                              ) -> None:
    monkeypatch.setenv("DEADLINES_REGISTRY", "\udcff.toml")
    result = run("list")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: $DEADLINES_REGISTRY is not valid UTF-8 text")


def test_non_utf8_arguments_in_a_real_process(tmp_path: Path) -> None:
    deadlines = Path(sys.executable).parent / "deadlines"
    for args in ([b"list", b"-r", b"\xff.toml"], [b"export", b"--name", b"bad\xff"]):
        proc = subprocess.run([bytes(deadlines), *args], capture_output=True, cwd=tmp_path,
                              env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)})
        assert proc.returncode == 2
        assert proc.stderr.startswith(b"error: argument 3")
