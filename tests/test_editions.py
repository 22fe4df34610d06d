"""Editions are data: declared by [[edition]] tables, checked, and recognised by masthead."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from sesec_deadlines.registry.load import bundled_path, check, load

from .conftest import Runner

NEXT_EDITION = """schema = 1

[[edition]]
key = "2026-01"
label = "SESEC VI, January–February 2026"
published = 2026-03-02
masthead = "January - February 2026"

[[instrument]]
id = "widget-marking-rules"
title = "Marking rules for widgets"
authority = ["SAMR"]
topics = ["product-safety"]
status = "final"
summary = "Widgets carry a new mark."
last_verified = 2026-03-05
sources = [{ edition = "2026-01", article = "Widgets Get a Mark" }]

[[instrument.milestone]]
kind = "mandatory_from"
date = "2026-09-01"
certainty = "official"
"""

NEXT_TEXT = """SESEC VI

China Standardisation Newsletter

January – February 2026

Index

Takeaways\t2
Widgets Get a Mark\t3

Takeaways

Widgets Get a Mark

From 1 September 2026 every widget needs the mark; the rules were issued on 20 February.
"""


def test_the_bundled_editions_are_declared_in_the_data() -> None:
    registry = load([bundled_path()])
    assert [e.key for e in registry.editions] == [
        "2021-08", "2023-09", "2023-11", "2024-11", "2025-11"]
    last = registry.edition("2025-11")
    assert last is not None
    assert (last.label, last.published, last.masthead) == (
        "SESEC VI, November–December 2025", date(2026, 1, 22), "November - December 2025")
    every = {s.edition for i in registry.instruments for s in i.sources}
    assert every == {e.key for e in registry.editions}


def test_a_new_edition_needs_no_code_change(run: Runner, write: Callable[..., Path],
                                            tmp_path: Path) -> None:
    ours = write(NEXT_EDITION, "next.toml")
    result = run("check", "-r", "bundled", "-r", str(ours))
    assert result.exit_code == 0, result.stderr
    vocab = run("vocab", "-r", "bundled", "-r", str(ours)).stdout
    assert "  2026-01              SESEC VI, January–February 2026 (published 2026-03-02)" \
        in vocab
    shown = run("show", "widget-marking-rules", "-r", "bundled", "-r", str(ours)).stdout
    assert "[0] SESEC VI, January–February 2026, “Widgets Get a Mark”" in shown
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "next.txt").write_text(NEXT_TEXT, encoding="utf-8")
    verified = run("verify-sources", str(texts), "-r", "bundled", "-r", str(ours), "-v")
    assert verified.exit_code == 0, verified.stdout + verified.stderr
    assert "Editions found: 2026-01" in verified.stdout
    assert "  widget-marking-rules/mandatory_from 2026-09-01: “1 September 2026”" \
        in verified.stdout


def test_edition_problems_with_their_lines(write: Callable[..., Path]) -> None:
    first = write("""schema = 1

[[edition]]
key = "2026 01"
label = ""
published = "2026-03-02"
mast = "x"

[[edition]]
key = "ours-1"
label = "Our bulletin 1"
published = 2026-03-02
""", "first.toml")
    second = write("""schema = 1

[[edition]]
key = "ours-1"
label = "Our bulletin 1, again"
published = 2026-03-03
""", "second.toml")
    _, problems = check([first, second])
    assert [str(p) for p in problems] == [
        f"{first}:7: edition 2026 01: mast: unknown field 'mast' (did you mean 'masthead'?); "
        "allowed: key, label, "
        "published, masthead, curated, note",
        f"{first}:4: edition 2026 01: key: '2026 01' is not an edition key: use letters, "
        "digits, '.', '-' and '_', e.g. \"2026-01\"",
        f"{first}:5: edition 2026 01: label: must not be empty",
        f"{first}:6: edition 2026 01: published: must be a TOML date, not a string (write it "
        "without quotes: 2026-11-24)",
        f"{second}:4: edition ours-1: key: edition 'ours-1' is already declared in {first}",
    ]


def test_a_file_may_declare_editions_only(write: Callable[..., Path]) -> None:
    only = write('schema = 1\n\n[[edition]]\nkey = "x"\nlabel = "X"\npublished = 2026-01-01\n')
    registry, problems = check([only])
    assert problems == []
    assert [e.key for e in registry.editions] == ["x"]


def test_the_cache_keeps_editions_and_labels(run: Runner, write: Callable[..., Path]) -> None:
    from sesec_deadlines.registry.cache import load_cached

    ours = write(NEXT_EDITION, "next.toml")
    import os
    import time

    old = time.time() - 60
    os.utime(ours, (old, old))
    first = load_cached([bundled_path(), ours])
    again = load_cached([bundled_path(), ours])
    assert type(again).__name__ == "CachedRegistry"
    assert again.editions == first.editions
    inst = again.instrument("widget-marking-rules")
    assert inst is not None and inst.sources[0].edition_label == \
        "SESEC VI, January–February 2026"
