"""The registry cache is invisible: same answers, never stale, survives any damage."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from sesec_deadlines.registry.cache import cache_dir, index_of

from .conftest import AS_OF, REGISTRY, Runner

OLD = 1_600_000_000  # a modification time well past the "racy" window


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    path = tmp_path / "reg.toml"
    shutil.copy(REGISTRY, path)
    os.utime(path, (OLD, OLD))
    return path


def listing(run: Runner, path: Path, *extra: str) -> dict[str, object]:
    result = run("list", "--all", "-f", "json", "--as-of", AS_OF, "-r", str(path), *extra)
    assert result.exit_code == 0, result.stderr
    doc: dict[str, object] = json.loads(result.stdout)
    return doc


def cache_files() -> list[Path]:
    return sorted(cache_dir().glob("registry-*.bin")) if cache_dir().is_dir() else []


def test_cached_answers_equal_uncached(
    run: Runner, registry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = listing(run, registry)
    assert len(cache_files()) == 1
    second = listing(run, registry)
    assert second == first
    for args in (
        ("--topic", "battery"),
        ("--from", "2026-04", "--to", "2026-04"),
        ("--search", "hazardous"),
    ):
        cached = listing(run, registry, *args)
        monkeypatch.setenv("DEADLINES_NO_CACHE", "1")
        assert listing(run, registry, *args) == cached
        monkeypatch.delenv("DEADLINES_NO_CACHE")
    upcoming = run("upcoming", "-r", str(registry), "--as-of", AS_OF)
    shown = run("show", "rohs-draft", "-r", str(registry), "--as-of", AS_OF)
    calendar = ("export", "--windows", "--include-approximate", "-r", str(registry),
                "--as-of", "2026-04-01")
    exported = run(*calendar)
    assert b"rohs-draft.comment_close-window@" in exported.stdout_bytes  # opened before
    monkeypatch.setenv("DEADLINES_NO_CACHE", "1")
    assert run("upcoming", "-r", str(registry), "--as-of", AS_OF).stdout == upcoming.stdout
    assert run("show", "rohs-draft", "-r", str(registry), "--as-of", AS_OF).stdout == shown.stdout
    assert run(*calendar).stdout_bytes == exported.stdout_bytes


def test_a_changed_file_is_read_again(run: Runner, registry: Path) -> None:
    listing(run, registry)
    text = registry.read_text(encoding="utf-8").replace('"2026-03-25"', '"2026-03-26"')
    registry.write_text(text, encoding="utf-8")  # same size, new content
    os.utime(registry, (OLD, OLD))  # even with the old modification time
    doc = listing(run, registry)
    dates = {m["id"]: m["date"] for m in doc["milestones"]}  # type: ignore[union-attr,index]
    assert dates["ccc-chargers/mandatory_from"] == "2026-03-26"


def test_a_file_changed_just_now_is_not_cached(run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "fresh.toml"
    shutil.copy(REGISTRY, path)
    listing(run, path)
    assert cache_files() == []
    path.write_text(
        path.read_text(encoding="utf-8").replace('"2026-03-25"', '"2026-03-27"'), encoding="utf-8"
    )
    doc = listing(run, path)
    dates = {m["id"]: m["date"] for m in doc["milestones"]}  # type: ignore[union-attr,index]
    assert dates["ccc-chargers/mandatory_from"] == "2026-03-27"


@pytest.mark.parametrize("damage", [b"", b"garbage", b"\xff" * 100, None])
def test_a_corrupt_cache_is_rebuilt(run: Runner, registry: Path, damage: bytes | None) -> None:
    expected = listing(run, registry)
    (cache,) = cache_files()
    data = cache.read_bytes()
    cache.write_bytes(data[: len(data) // 2] if damage is None else damage)
    assert listing(run, registry) == expected
    rebuilt = index_of(cache.read_bytes())  # marshal bytes vary with reference counts
    assert rebuilt["key"] == index_of(data)["key"]
    assert len(rebuilt["ids"]) == 4


def test_an_unwritable_cache_directory_is_ignored(
    run: Runner, registry: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "cache"))
    result = run("upcoming", "-r", str(registry), "--as-of", AS_OF)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "CCC for EV chargers" in result.stdout


def test_an_invalid_registry_is_never_cached(run: Runner, registry: Path) -> None:
    listing(run, registry)
    registry.write_text(
        registry.read_text(encoding="utf-8") + "\n[[instrument]]\n", encoding="utf-8"
    )
    os.utime(registry, (OLD, OLD))
    result = run("upcoming", "-r", str(registry))
    assert result.exit_code == 2
    assert "missing required field 'id'" in result.stderr


def test_the_index_prefilter_selects_what_the_filters_select(tmp_path: Path) -> None:
    """Filters decided on the cache's integer columns pick exactly the milestones that the
    filters pick on the records, for every kind of filter the index knows."""
    import datetime as dt
    import itertools

    from sesec_deadlines.core.query import make_filters
    from sesec_deadlines.core.vocab import Certainty, Kind, Status
    from sesec_deadlines.registry import cache
    from sesec_deadlines.registry.load import bundled_path, load

    plain = load([bundled_path()])
    where = tmp_path / "cache.bin"
    where.write_bytes(b"".join(cache.encode(plain, ["k"])))
    cached = cache._read(where, ["k"])
    assert cached is not None
    options: list[dict[str, object]] = [
        {}, {"topic": ["ccc"]}, {"topic": ["rohs", "battery"]}, {"authority": ["samr"]},
        {"authority": ["MIIT", "CNCA"]}, {"kind": [Kind.COMMENT_CLOSE]},
        {"kind": [Kind.ENTRY_INTO_FORCE, Kind.MANDATORY_FROM]},
        {"certainty": [Certainty.PROPOSED, Certainty.ESTIMATED]},
        {"status": [Status.DRAFT]}, {"item": ["gb-26572-rohs-revision", "no-such-id"]},
        {"product": ["battery"]}, {"search": ["carbon footprint"]},
    ]
    windows = [(None, None), (dt.date(2025, 1, 1), None), (dt.date(2026, 6, 15),
                                                         dt.date(2026, 9, 13))]
    checked = 0
    for (a, b), (first, last) in itertools.product(
            itertools.combinations_with_replacement(options, 2), windows):
        filters = make_filters(**{**a, **b}, first=first, last=last)  # type: ignore[arg-type]
        expected = [e.id for e in plain.window(first, last) if filters.matches(e)]
        assert [e.id for e in cached.window(first, last, filters)] == expected
        checked += 1
    assert checked == 78 * 3


def test_a_period_survives_the_cache(run: Runner, registry: Path) -> None:
    text = registry.read_text(encoding="utf-8") + """
[[instrument]]
id = "grace-rule"
title = "Grace rule"
authority = ["SAMR"]
topics = ["ccc"]
status = "final"
summary = "Old products may be sold for three more years."
last_verified = 2026-01-15
sources = [{ edition = "2024-11", article = "An article" }]

[[instrument.milestone]]
kind = "entry_into_force"
date = "2027-01-01"
certainty = "official"

[[instrument.milestone]]
kind = "transition_end"
after = "entry_into_force"
period = "36 months"
certainty = "official"
"""
    registry.write_text(text, encoding="utf-8")
    os.utime(registry, (OLD, OLD))
    first = listing(run, registry, "--id", "grace-rule")
    assert len(cache_files()) == 1
    cached = listing(run, registry, "--id", "grace-rule")
    assert cached == first
    grace = next(m for m in cached["milestones"]  # type: ignore[attr-defined]
                 if m["key"] == "transition_end")
    assert (grace["date"], grace["rule"]) == ("2029-12-31",
                                             "last day of 36 months from entry into force")
