"""`deadlines publish` also writes the registry and a manifest: checked, hashed, reproducible."""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from sesec_deadlines.registry.cache import load_cached
from sesec_deadlines.registry.cached import CachedRegistry
from sesec_deadlines.registry.load import bundled_path, check, load
from sesec_deadlines.registry.manifest import ManifestError, read_manifest

from .conftest import FIXTURES, REGISTRY, Runner

AS_OF = "2026-06-15"
OURS = """schema = 1
# a company's own file, citing the bundled editions
[[instrument]]
id = "ours-rule"
title = "Our own rule"
authority = ["MIIT"]
topics = ["ev"]
status = "final"
summary = "What we track ourselves."
last_verified = 2026-01-01
sources = [{ edition = "2025-11", article = "An article" }]

[[instrument.milestone]]
kind = "entry_into_force"
certainty = "official"
date = 2026-09-01
"""


def publish(run: Runner, site: Path, *args: str) -> dict[str, bytes]:
    result = run("publish", str(site), "--as-of", AS_OF, *args)
    assert result.exit_code == 0, result.stderr
    return {p.name: p.read_bytes() for p in sorted(site.iterdir())}


def test_manifest_names_every_file_with_its_hash(run: Runner, tmp_path: Path) -> None:
    files = publish(run, tmp_path / "site", "-r", str(REGISTRY))
    doc = json.loads(files["manifest.json"])
    reg = load([REGISTRY])
    assert doc["manifest"] == 1 and doc["version"] == reg.version
    assert doc["built"] == AS_OF and doc["registry"] == "registry.toml"
    assert (doc["instruments"], doc["milestones"]) == reg.counts()
    assert doc["newest_edition"] == "2025-11"
    assert [(e["key"], e["cited"]) for e in doc["editions"]] == [("2024-11", True),
                                                                 ("2025-11", True)]
    assert sorted(doc["files"]) == sorted(n for n in files if n != "manifest.json")
    for name, entry in doc["files"].items():
        assert entry == {"sha256": hashlib.sha256(files[name]).hexdigest(),
                         "size": len(files[name])}
    manifest = read_manifest(files["manifest.json"], "manifest.json")
    assert manifest.version == reg.version and manifest.registry == "registry.toml"


def test_a_single_file_is_published_as_it_is(run: Runner, tmp_path: Path) -> None:
    files = publish(run, tmp_path / "site", "-r", str(REGISTRY), "--topic", "ccc")
    # the site's views follow the filters; the registry is whole
    assert files["registry.toml"] == REGISTRY.read_bytes()


def test_files_read_together_are_published_merged_and_checked(
        run: Runner, tmp_path: Path) -> None:
    ours = tmp_path / "ours.toml"
    ours.write_text(OURS, encoding="utf-8")
    files = publish(run, tmp_path / "site", "-r", "bundled", "-r", str(ours))
    merged = tmp_path / "merged.toml"
    merged.write_bytes(files["registry.toml"])
    result = run("check", str(merged))
    assert result.exit_code == 0, result.stderr
    together = load([bundled_path(), ours])
    alone = load([merged])
    assert alone.version == together.version == json.loads(files["manifest.json"])["version"]
    assert alone.counts() == together.counts()
    # the same records in the same order, but for the file each names
    assert [replace(i, file="") for i in alone.instruments] == [
        replace(i, file="") for i in together.instruments]
    assert [(e.id, e.date, e.certainty) for e in alone.entries] == [
        (e.id, e.date, e.certainty) for e in together.entries]
    assert [replace(e, file="") for e in alone.editions] == [
        replace(e, file="") for e in together.editions]
    assert files["registry.toml"].startswith(b"# The registry of China compliance deadlines")


def test_publish_is_byte_reproducible(run: Runner, tmp_path: Path) -> None:
    first = publish(run, tmp_path / "one", "-r", str(FIXTURES / "timeline.toml"))
    second = publish(run, tmp_path / "two", "-r", str(FIXTURES / "timeline.toml"))
    assert first == second


def test_the_page_links_the_registry(run: Runner, tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(run, site, "-r", str(REGISTRY), "--base-url", "https://example.com/d/")
    page = (site / "index.html").read_text(encoding="utf-8")
    assert '<a href="registry.toml">registry.toml</a>' in page
    assert "<code>deadlines update https://example.com/d/</code>" in page


@pytest.mark.parametrize(("mutate", "says"), [
    (lambda d: d.pop("version"), "version None is not a data version"),
    (lambda d: d.update(manifest=2), "manifest format 2"),
    (lambda d: d["files"].update({"../x": {"sha256": "0" * 64, "size": 1}}), "'../x'"),
    (lambda d: d["files"]["registry.toml"].update(sha256="abc"), "registry.toml: needs"),
    (lambda d: d.update(registry="other.toml"), "'other.toml' is not among its files"),
])
def test_a_malformed_manifest_is_refused(run: Runner, tmp_path: Path, mutate, says) -> None:  # type: ignore[no-untyped-def]
    files = publish(run, tmp_path / "site", "-r", str(REGISTRY))
    doc = json.loads(files["manifest.json"])
    mutate(doc)
    with pytest.raises(ManifestError) as caught:
        read_manifest(json.dumps(doc).encode(), "https://example.com/manifest.json")
    assert caught.value.message.startswith("https://example.com/manifest.json: not a "
                                           "registry manifest: ")
    assert says in caught.value.message
    with pytest.raises(ManifestError, match="invalid JSON"):
        read_manifest(b"<html>", "x")


def test_the_published_registry_checks_like_the_bundled_one(run: Runner,
                                                            tmp_path: Path) -> None:
    files = publish(run, tmp_path / "site")
    merged = tmp_path / "registry.toml"
    merged.write_bytes(files["registry.toml"])
    registry, problems = check([merged])
    assert not problems and registry.version == load([bundled_path()]).version


def test_a_file_changed_while_publishing_is_not_published(tmp_path: Path) -> None:
    """The registry published is the content that was checked: its hash must match."""
    from sesec_deadlines.registry.merge import MergeError, published_registry

    path = tmp_path / "r.toml"
    path.write_bytes(REGISTRY.read_bytes())
    registry = load([path])
    os.utime(path, (time.time() - 3600, time.time() - 3600))  # old enough to be cached
    load_cached([path])
    cached = load_cached([path])  # the digest kept in the cache is the same
    assert isinstance(cached, CachedRegistry)
    assert registry.digests == cached.digests and len(registry.digests) == 1
    assert published_registry([path], registry) == REGISTRY.read_bytes()
    path.write_bytes(b"\xef\xbb\xbf" + REGISTRY.read_bytes())  # a byte-order mark
    assert published_registry([path], registry) == REGISTRY.read_bytes()
    path.write_text(REGISTRY.read_text(encoding="utf-8").replace(
        "Chargers need CCC.", "Chargers need CCC now."), encoding="utf-8")
    for checked in (registry, cached):
        with pytest.raises(MergeError, match="changed while it was published"):
            published_registry([path], checked)
    registry.digests = ()  # none recorded: parsed again, its content hash compared
    with pytest.raises(MergeError, match="changed while it was published"):
        published_registry([path], registry)
    path.write_text(REGISTRY.read_text(encoding="utf-8") + "\n# a comment\n",
                    encoding="utf-8")
    assert published_registry([path], registry) == path.read_bytes()
