"""`deadlines update` against a real HTTP server on 127.0.0.1: installs what is published,
verified whole, and otherwise leaves the installed registry exactly as it was."""

from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from sesec_deadlines.core.dataversion import parse
from sesec_deadlines.registry.installed import installed_dir
from sesec_deadlines.registry.load import bundled_path, load

from .conftest import REGISTRY, Runner
from .httpserver import Site, free_port

BUNDLED_DAY = parse(load([bundled_path()]).version).day  # type: ignore[union-attr]


def ours(days_later: int, date_of_rule: str = "2027-03-01",
         history: str = "", added_days: int = 1) -> str:
    """A company file beside the bundled registry, recorded `days_later` days after the
    bundled registry's own latest day (so the published registry is that much newer)."""
    day = BUNDLED_DAY + timedelta(days=days_later)
    return f"""schema = 1
[[instrument]]
id = "ours-charger-rule"
title = "Our charger rule"
authority = ["MIIT"]
topics = ["ev"]
status = "final"
summary = "A rule the team tracks itself."
last_verified = {day.isoformat()}
added = {(BUNDLED_DAY + timedelta(days=added_days)).isoformat()}
sources = [{{ edition = "2025-11", article = "An article" }}]

[[instrument.milestone]]
kind = "entry_into_force"
certainty = "official"
date = {date_of_rule}
{history}
"""


def publish(run: Runner, site: Site, text: str, tmp_path: Path) -> str:
    """Publish the bundled registry and `text` into the served folder; its data version."""
    own = tmp_path / "ours.toml"
    own.write_text(text, encoding="utf-8")
    result = run("publish", str(site.root), "-r", "bundled", "-r", str(own),
                 "--as-of", "2026-12-01")
    assert result.exit_code == 0, result.stderr
    version: str = json.loads((site.root / "manifest.json").read_bytes())["version"]
    return version


def snapshot() -> dict[str, bytes]:
    folder = installed_dir()
    if not folder.exists():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def whole(files: dict[str, bytes]) -> bool:
    """An installed folder is whole: its registry is the one its manifest hashes."""
    manifest = json.loads(files["manifest.json"])
    entry = manifest["files"][manifest["registry"]]
    return hashlib.sha256(files["registry.toml"]).hexdigest() == entry["sha256"]


def version_line(run: Runner) -> str:
    return run("--version").stdout.splitlines()[1]


def test_installs_what_is_published_and_reads_it_from_then_on(
        run: Runner, http_site: Site, tmp_path: Path) -> None:
    version = publish(run, http_site, ours(3), tmp_path)
    before = load([bundled_path()]).version
    result = run("update", http_site.url)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"installed registry {version} (newest edition 2025-11; "
        f"{load([bundled_path()]).counts()[0] + 1} instruments, "
        f"{load([bundled_path()]).counts()[1] + 1} milestones) from "
        f"{http_site.url}manifest.json, replacing {before}\n")
    files = snapshot()
    assert sorted(files) == ["manifest.json", "origin.json", "registry.toml"]
    assert files["registry.toml"] == (http_site.root / "registry.toml").read_bytes()
    assert files["manifest.json"] == (http_site.root / "manifest.json").read_bytes()
    assert version_line(run) == f"registry {version}"
    shown = run("show", "ours-charger-rule")
    assert shown.exit_code == 0 and "Our charger rule" in shown.stdout
    doc = json.loads(run("upcoming", "-f", "json", "--as-of", "2027-01-15").stdout)
    assert doc["registry"]["version"] == version
    table = run("upcoming", "--as-of", "2027-01-15").stdout  # the registry is old by then
    assert table.startswith("Registry installed by `deadlines update` current to SESEC VI")
    bundled = run("upcoming", "--as-of", "2027-01-15", "-r", "bundled").stdout
    assert bundled.startswith("Registry current to SESEC VI")


def test_already_current_says_so_and_asks_conditionally(
        run: Runner, http_site: Site, tmp_path: Path) -> None:
    version = publish(run, http_site, ours(3), tmp_path)
    assert run("update", http_site.url).exit_code == 0
    again = run("update", http_site.url)
    assert again.exit_code == 0, again.stderr
    assert again.stdout == (f"registry {version} is current (not modified since the last "
                            f"update at {http_site.url}manifest.json, the URL given): "
                            "nothing to install\n")
    path, headers = http_site.requests[-1]
    assert path == "/site/manifest.json" and headers["if-none-match"].startswith('"')
    assert headers["if-modified-since"] == "Tue, 01 Dec 2026 00:00:00 GMT"
    assert http_site.not_modified_answers() == 1
    # the bundled registry, served as it is, is current too
    fresh = tmp_path / "fresh"
    result = run("publish", str(fresh), "-r", "bundled", "--as-of", "2026-12-01")
    assert result.exit_code == 0, result.stderr
    same = run("update", f"file://{fresh}/", env={"XDG_DATA_HOME": str(tmp_path / "other")})
    assert same.exit_code == 0 and "is current (the same version" in same.stdout


def test_a_newer_registry_replaces_the_installed_one(
        run: Runner, http_site: Site, tmp_path: Path) -> None:
    first = publish(run, http_site, ours(3), tmp_path)
    assert run("update", http_site.url).exit_code == 0
    second = publish(run, http_site, ours(5, "2027-04-01", history=(
        "history = [{ date = \"2027-03-01\", certainty = \"official\", changed = "
        f"{(BUNDLED_DAY + timedelta(days=5)).isoformat()} }}]")), tmp_path)
    dry = run("update", "--dry-run", http_site.url)
    assert dry.exit_code == 0, dry.stderr
    assert dry.stdout.splitlines() == [
        f"would install registry {second} (newest edition 2025-11; "
        f"{load([bundled_path()]).counts()[0] + 1} instruments, "
        f"{load([bundled_path()]).counts()[1] + 1} milestones) from "
        f"{http_site.url}manifest.json, replacing {first}; nothing installed (dry run)",
        f"  {(BUNDLED_DAY + timedelta(days=5)).isoformat()}  "
        f"{'moved from 2027-03-01 to 2027-04-01':<40}  ours-charger-rule/entry_into_force",
    ]
    assert version_line(run) == f"registry {first}"  # the dry run installed nothing
    result = run("update", http_site.url)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"installed registry {second} ")
    assert result.stdout.endswith(f"replacing {first}\n")
    assert version_line(run) == f"registry {second}"


def test_dry_run_names_new_instruments(run: Runner, http_site: Site, tmp_path: Path) -> None:
    version = publish(run, http_site, ours(3), tmp_path)
    dry = run("update", "-n", http_site.url)
    assert dry.exit_code == 0, dry.stderr
    assert dry.stdout.splitlines()[1] == (
        f"  {(BUNDLED_DAY + timedelta(days=1)).isoformat()}  {'new instrument':<40}  "
        "ours-charger-rule")
    assert snapshot() == {} and version not in version_line(run)


def refused(run: Runner, url: str, code: int, *args: str) -> str:
    """Run an update that must fail with `code`, leaving the installed registry as it was."""
    before = snapshot()
    result = run("update", url, *args)
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert snapshot() == before
    return result.stderr


@pytest.fixture
def installed(run: Runner, http_site: Site, tmp_path: Path) -> str:
    """A registry installed from the server; its data version."""
    version = publish(run, http_site, ours(3), tmp_path)
    assert run("update", http_site.url).exit_code == 0
    publish(run, http_site, ours(6), tmp_path)  # the server now has a newer one
    return version


def test_a_tampered_registry_is_refused(run: Runner, http_site: Site, installed: str) -> None:
    path = http_site.root / "registry.toml"
    data = path.read_bytes()
    path.write_bytes(data.replace(b"Our charger rule", b"Our chargor rule"))  # same size
    err = refused(run, http_site.url, 7)
    manifest = json.loads((http_site.root / "manifest.json").read_bytes())
    assert re.fullmatch(
        rf"error: {http_site.url}registry\.toml: SHA-256 [0-9a-f]{{64}} differs from the "
        rf"manifest's {manifest['files']['registry.toml']['sha256']}: the file is not the "
        r"one published; nothing installed\n", err)
    assert version_line(run) == f"registry {installed}"


def test_a_manifest_with_a_wrong_hash_is_refused(run: Runner, http_site: Site,
                                                 installed: str) -> None:
    path = http_site.root / "manifest.json"
    doc = json.loads(path.read_bytes())
    doc["files"]["registry.toml"]["sha256"] = "0" * 64
    path.write_text(json.dumps(doc), encoding="utf-8")
    err = refused(run, http_site.url, 7)
    assert "differs from the manifest's " + "0" * 64 in err


def test_a_truncated_download_is_refused(run: Runner, http_site: Site, installed: str) -> None:
    http_site.truncate.add("registry.toml")  # the connection breaks off halfway
    err = refused(run, http_site.url, 6)
    assert f"error: {http_site.url}registry.toml: cannot fetch: the connection broke off" in err
    http_site.truncate.clear()
    # a whole answer, shorter than the manifest says
    path = http_site.root / "registry.toml"
    path.write_bytes(path.read_bytes()[:1000])
    err = refused(run, http_site.url, 7)
    assert "registry.toml: received 1000 bytes, the manifest says " in err
    assert version_line(run) == f"registry {installed}"


def test_an_invalid_registry_is_refused_with_its_problems(
        run: Runner, http_site: Site, installed: str, tmp_path: Path) -> None:
    path = http_site.root / "registry.toml"
    data = path.read_bytes().replace(b'kind = "entry_into_force"', b'kind = "in_force"', 1)
    path.write_bytes(data)
    manifest = http_site.root / "manifest.json"
    doc = json.loads(manifest.read_bytes())
    doc["files"]["registry.toml"] = {"sha256": hashlib.sha256(data).hexdigest(),
                                     "size": len(data)}
    manifest.write_text(json.dumps(doc), encoding="utf-8")  # re-signed: only check catches it
    err = refused(run, http_site.url, 7)
    assert re.search(r"^registry\.toml:\d+: [a-z0-9-]+/in_force: kind: unknown kind "
                     r"'in_force'", err, re.M)
    assert err.endswith("error: 1 problem in the published registry; nothing installed\n"
                        "hint: tell the curator: `deadlines check` shows the same problems\n")


def test_an_older_registry_is_a_downgrade(run: Runner, http_site: Site, tmp_path: Path) -> None:
    newer = publish(run, http_site, ours(6), tmp_path)
    assert run("update", http_site.url).exit_code == 0
    older = publish(run, http_site, ours(3), tmp_path)
    err = refused(run, http_site.url, 7)
    assert err == (f"error: the published registry {older} is older than the one read now, "
                   f"{newer}: not installing it\nhint: a downgrade needs --allow-downgrade\n")
    result = run("update", "--allow-downgrade", http_site.url)
    assert result.exit_code == 0, result.stderr
    assert version_line(run) == f"registry {older}"  # still newer than the bundled one


def test_two_versions_of_the_same_day_are_ordered_by_the_server_copy(
        run: Runner, http_site: Site, tmp_path: Path) -> None:
    """Versions order by day only; of two that differ on the same day, a copy the same
    address last modified before the installed one is refused, a later one installed
    with a note."""
    first = publish(run, http_site, ours(3), tmp_path)
    assert run("update", http_site.url).exit_code == 0
    second = publish(run, http_site, ours(3, "2027-05-01"), tmp_path)
    assert second != first and second.split(".")[0] == first.split(".")[0]
    http_site.last_modified = "Mon, 30 Nov 2026 09:00:00 GMT"  # a stale mirror's copy
    err = refused(run, http_site.url, 7)
    assert err == (f"error: the published registry {second} records the same last day as "
                   f"the one read now, {first}, and the server's copy (Mon, 30 Nov 2026 "
                   "09:00:00 GMT) is older than the one installed (Tue, 01 Dec 2026 00:00:00 "
                   "GMT): not installing it\nhint: a downgrade needs --allow-downgrade\n")
    assert version_line(run) == f"registry {first}"
    http_site.last_modified = "Wed, 02 Dec 2026 16:30:00 GMT"  # the curator's fix that day
    result = run("update", http_site.url)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (f"note: {second} and {first} record the same last day, so their "
                             "versions cannot say which is newer: the published one is taken "
                             "as newer (a curator's later fix of the same day)\n")
    assert version_line(run) == f"registry {second}"


def test_server_down_is_unreachable(run: Runner) -> None:
    err = refused(run, f"http://127.0.0.1:{free_port()}/site/", 6)
    assert err.startswith("error: http://127.0.0.1:") and "cannot connect" in err


def test_a_redirect_loop_is_unreachable(run: Runner, http_site: Site, installed: str) -> None:
    err = refused(run, f"http://127.0.0.1:{http_site.port}/loop/1/", 6)
    assert err == (f"error: http://127.0.0.1:{http_site.port}/loop/1/manifest.json: cannot "
                   "fetch: more than 5 redirects\n")


def test_one_redirect_is_followed(run: Runner, http_site: Site, tmp_path: Path) -> None:
    version = publish(run, http_site, ours(3), tmp_path)
    result = run("update", f"http://127.0.0.1:{http_site.port}/moved/")
    assert result.exit_code == 0, result.stderr
    assert version_line(run) == f"registry {version}"


def test_a_slow_server_times_out(run: Runner, http_site: Site, installed: str) -> None:
    http_site.hang.add("manifest.json")  # answered only when the test ends
    err = refused(run, http_site.url, 6, "--timeout", "0.5")
    assert err == f"error: {http_site.url}manifest.json: cannot fetch: timed out\n"


def test_a_missing_manifest_is_an_http_error(run: Runner, http_site: Site) -> None:
    err = refused(run, f"http://127.0.0.1:{http_site.port}/site/nothing-here.json", 6)
    assert err.startswith(f"error: http://127.0.0.1:{http_site.port}/site/nothing-here.json: "
                          "cannot fetch: HTTP 404")


def test_a_page_that_is_not_a_manifest_is_refused(run: Runner, http_site: Site,
                                                  tmp_path: Path) -> None:
    publish(run, http_site, ours(3), tmp_path)
    (http_site.root / "manifest.json").write_text("<html>hello</html>", encoding="utf-8")
    err = refused(run, http_site.url, 7)
    assert err.startswith(f"error: {http_site.url}manifest.json: not a registry manifest: "
                          "invalid JSON")


def test_where_the_url_comes_from(run: Runner, http_site: Site, tmp_path: Path) -> None:
    publish(run, http_site, ours(3), tmp_path)
    nowhere = f"http://127.0.0.1:{free_port()}/"
    config = tmp_path / "config.toml"
    config.write_text(f'update_url = "{nowhere}"\n', encoding="utf-8")
    env = {"DEADLINES_CONFIG": str(config)}
    # the file alone: its URL is used (and is down)
    assert run("update", "-n", env=env).exit_code == 6
    # the environment wins over the file
    env["DEADLINES_UPDATE_URL"] = http_site.url
    assert run("update", "-n", env=env).exit_code == 0
    # the argument wins over both
    assert run("update", "-n", nowhere, env=env).exit_code == 6
    # none at all: a usage error saying where to put one
    missing = run("update", env={"DEADLINES_CONFIG": str(tmp_path / "none.toml")})
    assert missing.exit_code == 2
    assert missing.stderr.startswith("error: no URL to update from\nhint: give one")
    config.write_text("update_url = 3\n", encoding="utf-8")
    bad = run("update", env={"DEADLINES_CONFIG": str(config)})
    assert bad.exit_code == 2 and f"{config}:1: update_url: must be a URL" in bad.stderr
    assert run("update", "ftp://example.com/").exit_code == 2


def subprocess_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "XDG_DATA_HOME": os.environ["XDG_DATA_HOME"],
            "XDG_CACHE_HOME": str(tmp_path / "proc-cache"),
            "XDG_CONFIG_HOME": str(tmp_path / "proc-config"), **extra}


NO_CACHE = {"DEADLINES_NO_CACHE": "1"}  # under a file size limit, only the install writes


def deadlines(*args: str) -> list[str]:
    return [sys.executable, "-m", "sesec_deadlines", *args]


def test_disk_full_during_install_leaves_the_old_registry(
        run: Runner, http_site: Site, installed: str, tmp_path: Path) -> None:
    """A write that fails (RLIMIT_FSIZE: no file may grow past 20 kB, the registry is
    larger) fails the install; the installed registry is untouched, exit 1."""
    before = snapshot()

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    done = subprocess.run(deadlines("update", http_site.url), capture_output=True, text=True,
                          env=subprocess_env(tmp_path, **NO_CACHE), preexec_fn=small_files,
                          timeout=120)
    assert done.returncode == 1, done.stderr
    assert re.match(rf"error: {re.escape(str(installed_dir()))}: cannot install the "
                    r"registry: File too large\nhint: the installed registry is as it was",
                    done.stderr)
    assert snapshot() == before and whole(before)
    assert not [p for p in installed_dir().parent.iterdir() if p.name.startswith(".")]
    assert version_line(run) == f"registry {installed}"


def test_sigkill_mid_install_never_leaves_half_a_registry(
        run: Runner, http_site: Site, installed: str, tmp_path: Path) -> None:
    """SIGKILL the update the moment its new folder appears (polled), again and again:
    after each kill the installed folder is the old registry or the new one, whole, and
    that is what commands read."""
    new = json.loads((http_site.root / "manifest.json").read_bytes())["version"]
    old_site = tmp_path / "old-site"
    (tmp_path / "old.toml").write_text(ours(3), encoding="utf-8")
    assert run("publish", str(old_site), "-r", "bundled", "-r", str(tmp_path / "old.toml"),
               "--as-of", "2026-12-01").exit_code == 0
    parent = installed_dir().parent
    caught = 0
    for _ in range(30):
        before = set(os.listdir(parent))
        proc = subprocess.Popen(deadlines("update", http_site.url),
                                env=subprocess_env(tmp_path), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        while proc.poll() is None:
            if any(n.startswith(".registry.new-") for n in set(os.listdir(parent)) - before):
                proc.send_signal(signal.SIGKILL)
                break
        proc.wait()
        files = snapshot()
        assert whole(files)
        version = json.loads(files["manifest.json"])["version"]
        assert version in (installed, new)
        assert version_line(run) == f"registry {version}"
        caught += proc.returncode == -signal.SIGKILL
        if caught >= 3:
            break
        if version == new:  # start again from the old registry
            back = run("update", "--allow-downgrade", f"file://{old_site}/")
            assert back.exit_code == 0, back.stderr
    assert caught >= 1


def test_upcoming_never_imports_the_http_client(run: Runner, http_site: Site,
                                                tmp_path: Path) -> None:
    publish(run, http_site, ours(3), tmp_path)
    assert run("update", http_site.url).exit_code == 0
    code = ("import sys\nfrom sesec_deadlines.cli.app import main\n"
            "sys.argv = ['deadlines', 'upcoming']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('urllib3', 'http.client', "
            "'sesec_deadlines.update', 'sesec_deadlines.cli.update'))), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=subprocess_env(tmp_path), check=True, timeout=120)
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_bundled_newer_than_installed_wins(run: Runner, http_site: Site,
                                           tmp_path: Path) -> None:
    """A program upgrade whose bundled registry is newer than the installed one: the
    bundled one is read (an older one installed with --allow-downgrade is not)."""
    result = run("publish", str(http_site.root), "-r", str(REGISTRY), "--as-of", "2026-12-01")
    assert result.exit_code == 0, result.stderr  # a registry recorded before the bundled one
    result = run("update", "--allow-downgrade", http_site.url)
    assert result.exit_code == 0, result.stderr
    assert version_line(run) == f"registry {load([bundled_path()]).version}"
    lines = run("--version").stdout.splitlines()
    assert lines[-1].startswith("    (the registry `deadlines update` installed, ")


def test_the_reminder_configuration_may_hold_the_update_url(
        run: Runner, http_site: Site, tmp_path: Path) -> None:
    """One configuration file serves `remind` and `update`: `update_url` at its top."""
    from sesec_deadlines.remind.checks import load as load_config

    version = publish(run, http_site, ours(3), tmp_path)
    config = tmp_path / "config.toml"
    config.write_text(f'update_url = "{http_site.url}"\nfrom = "d@example.com"\n\n'
                      '[smtp]\nhost = "localhost"\nsecurity = "none"\n\n'
                      '[[subscription]]\nto = ["a@example.com"]\n', encoding="utf-8")
    config.chmod(0o600)
    assert load_config(config).sender == "d@example.com"  # remind accepts the key
    result = run("update", "--config", str(config))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(f"replacing {load([bundled_path()]).version}\n")
    assert version_line(run) == f"registry {version}"
    assert run("update", "-q", "--config", str(config)).stdout == ""


def test_dry_run_tells_a_correction_from_a_move(run: Runner, http_site: Site,
                                                tmp_path: Path) -> None:
    first = publish(run, http_site, ours(3), tmp_path)
    assert run("update", http_site.url).exit_code == 0
    day = (BUNDLED_DAY + timedelta(days=5)).isoformat()
    publish(run, http_site, ours(5, "2027-02-28", history=(
        f'history = [{{ date = "2027-03-01", certainty = "official", changed = {day}, '
        'change = "corrected", reason = "the source names the first day of compliance" }]')),
        tmp_path)
    dry = run("update", "-n", http_site.url)
    assert dry.exit_code == 0, dry.stderr
    (line,) = dry.stdout.splitlines()[1:]
    assert line.startswith(f"  {day}  corrected") and "moved" not in line
    assert line.endswith("  ours-charger-rule/entry_into_force")
    assert version_line(run) == f"registry {first}"
