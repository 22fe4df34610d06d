"""`deadlines publish DIR` owns only what it wrote: its manifest lists those files, and
publishing again replaces them and nothing else (CNAME, .htaccess, robots.txt, a folder of
the user's stay, byte for byte and inode for inode). A non-empty folder it did not write is
refused; a file of the user's where publish wants to write is refused. Files get the
user's umask. The swap stays one step for readers."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from sesec_deadlines.storage import atomic

from .conftest import FIXTURES, Runner

TIMELINE = FIXTURES / "timeline.toml"
R = ("--registry", str(TIMELINE), "--as-of", "2026-06-15")
EXTRAS = {"CNAME": b"deadlines.example.com\n", ".htaccess": b"Require all granted\n",
          "robots.txt": b"User-agent: *\nDisallow:\n"}


def publish(run: Runner, site: Path, *args: str) -> None:
    result = run("publish", str(site), *R, *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == result.stderr == ""


def add_extras(site: Path) -> dict[str, int]:
    for name, data in EXTRAS.items():
        (site / name).write_bytes(data)
    (site / "assets").mkdir()
    (site / "assets" / "logo.svg").write_bytes(b"<svg/>")
    (site / "latest").symlink_to("index.html")
    return {name: (site / name).stat().st_ino for name in EXTRAS}


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_the_manifest_lists_every_file_written(run: Runner, tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(run, site)
    manifest = json.loads((site / "manifest.json").read_bytes())
    written = {p.name for p in site.iterdir()} - {"manifest.json"}
    assert set(manifest["files"]) == written
    for name, entry in manifest["files"].items():
        data = (site / name).read_bytes()
        assert entry == {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def test_republishing_keeps_every_file_it_did_not_write(run: Runner, tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(run, site)
    inodes = add_extras(site)
    index = (site / "index.html").stat().st_ino
    publish(run, site, "--topic", "ccc")  # fewer calendars: the others go
    for name, data in EXTRAS.items():
        assert (site / name).read_bytes() == data
        assert (site / name).stat().st_ino == inodes[name]  # the same file, not a copy
    assert (site / "assets" / "logo.svg").read_bytes() == b"<svg/>"
    assert os.readlink(site / "latest") == "index.html"
    assert (site / "index.html").stat().st_ino != index  # the site's own files are new
    names = {p.name for p in site.iterdir()}
    assert "ai.ics" not in names and "ccc.ics" in names
    listed = set(json.loads((site / "manifest.json").read_bytes())["files"])
    assert names - listed == {"manifest.json", *EXTRAS, "assets", "latest"}
    assert not [p for p in site.parent.iterdir() if p.name.startswith(".site.")]  # no leftovers


def test_a_site_published_before_the_manifest_keeps_the_users_files(
        run: Runner, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    for name in ("index.html", "deadlines.json", "timeline.svg", "old-topic.ics"):
        (site / name).write_bytes(b"earlier")
    (site / "CNAME").write_bytes(EXTRAS["CNAME"])
    publish(run, site)
    names = {p.name for p in site.iterdir()}
    assert "old-topic.ics" not in names and (site / "CNAME").read_bytes() == EXTRAS["CNAME"]
    assert (site / "index.html").read_bytes() != b"earlier"


def test_a_folder_of_someone_elses_files_is_refused(run: Runner, tmp_path: Path) -> None:
    for setup in ({"CNAME": b"x"}, {"manifest.json": b"not json", "index.html": b"x"},
                  {"manifest.json": b'{"files": {"../etc": {}}}'}):
        site = tmp_path / f"site{len(list(tmp_path.glob('site*')))}"
        site.mkdir()
        for name, data in setup.items():
            (site / name).write_bytes(data)
        result = run("publish", str(site), *R)
        assert result.exit_code == 2, result.output
        assert "holds files that are not a published site; not publishing into it" \
            in result.stderr
        assert {p.name: p.read_bytes() for p in site.iterdir()} == setup


def test_a_path_that_is_not_a_folder_is_refused_as_such(run: Runner, tmp_path: Path) -> None:
    """Not "holds files that are not a published site": it is no folder at all."""
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    plain = tmp_path / "plain"
    plain.write_bytes(b"mine")
    for path, kind in ((fifo, "a FIFO"), (plain, "a file"), (Path("/dev/null"),
                                                             "a character device")):
        result = run("publish", str(path), *R)
        assert result.exit_code == 2, result.output
        assert f"{path}: is {kind}, not a folder; not publishing into it" in result.stderr
    assert plain.read_bytes() == b"mine" and fifo.is_fifo()
    assert Path("/dev/null").is_char_device()


def test_a_file_of_the_users_where_publish_would_write_is_refused(
        run: Runner, tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(run, site)
    (site / "ccc.ics").unlink()  # the user's own calendar takes the name
    manifest = json.loads((site / "manifest.json").read_bytes())
    del manifest["files"]["ccc.ics"]
    (site / "manifest.json").write_text(json.dumps(manifest))
    (site / "ccc.ics").write_bytes(b"mine")
    before = {p.name: p.read_bytes() for p in site.iterdir()}
    result = run("publish", str(site), *R)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {site / 'ccc.ics'}: not written by `deadlines "
                                    "publish`; not replacing it")
    assert {p.name: p.read_bytes() for p in site.iterdir()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]  # no build left


@pytest.mark.parametrize("mask,files,folder", [(0o077, 0o600, 0o700), (0o002, 0o664, 0o775),
                                               (0o022, 0o644, 0o755)])
def test_files_get_the_users_umask(run: Runner, tmp_path: Path, umask: None, mask: int,
                                   files: int, folder: int) -> None:
    os.umask(mask)
    site = tmp_path / "site"
    publish(run, site)
    assert site.stat().st_mode & 0o777 == folder
    assert {p.stat().st_mode & 0o777 for p in site.iterdir()} == {files}
    site.chmod(0o750)  # an existing folder keeps its mode
    publish(run, site)
    assert site.stat().st_mode & 0o777 == 0o750


def test_a_file_added_while_the_site_is_built_is_kept(
        run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    publish(run, site)
    exchange = atomic._exchange

    def late(a: Path, b: Path) -> bool:
        (site / "late.txt").write_bytes(b"added meanwhile")
        return exchange(a, b)

    monkeypatch.setattr(atomic, "_exchange", late)
    publish(run, site)
    assert (site / "late.txt").read_bytes() == b"added meanwhile"


def test_the_swap_is_one_step_with_the_users_files_already_in_place(
        run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    publish(run, site)
    add_extras(site)
    seen: list[set[str]] = []
    exchange = atomic._exchange

    def look(a: Path, b: Path) -> bool:  # the new folder, as readers will see it at once
        seen.append({p.name for p in Path(a).iterdir()})
        return exchange(a, b)

    monkeypatch.setattr(atomic, "_exchange", look)
    publish(run, site)
    assert seen == [{p.name for p in site.iterdir()}]
    assert {*EXTRAS, "assets", "latest", "index.html", "manifest.json"} <= seen[0]
