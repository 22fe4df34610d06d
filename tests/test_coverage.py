"""Coverage: the editions of the series a registry curates and those it declares it does
not, in `deadlines editions` and wherever the registry's age is shown."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from sesec_deadlines.core.staleness import freshness
from sesec_deadlines.registry.load import bundled_path, check, load
from sesec_deadlines.remind.items import freshness_text
from sesec_deadlines.remind.message import build
from sesec_deadlines.remind.select import Digest, Reminder

from .conftest import Runner

Write = Callable[..., Path]
BUNDLED = ("--registry", "bundled")
TEXT = """schema = 1

[[edition]]
key = "2026-01"
label = "Bulletin, January 2026"
published = 2026-02-01

[[edition]]
key = "2026-02"
label = "Bulletin, February 2026"
curated = false

[[edition]]
key = "2026-03"
label = "Bulletin, March 2026"
published = 2026-04-01
curated = false
note = "seen on the publisher's site"

[[instrument]]
id = "a-rule"
title = "A rule"
authority = ["SAMR"]
topics = ["ccc"]
status = "final"
summary = "A rule."
last_verified = 2026-02-01
sources = [{ edition = "2026-01", article = "A rule is issued" }]

[[instrument.milestone]]
kind = "entry_into_force"
date = "2026-06-01"
certainty = "official"
"""


def test_uncurated_editions_are_declared_with_only_what_is_known(write: Write) -> None:
    reg = load([write(TEXT)])
    assert [e.key for e in reg.editions] == ["2026-01"]
    assert [(e.key, e.published, e.note) for e in reg.uncurated] == [
        ("2026-02", None, None), ("2026-03", date(2026, 4, 1), "seen on the publisher's site")]
    bad = TEXT.replace("curated = false\nnote", 'curated = "no"\nnote').replace(
        'published = 2026-02-01\n', "")
    _, problems = check([write(bad, "bad.toml")])
    text = [str(p) for p in problems]
    assert any(":3: edition 2026-01: published: missing required field" in t for t in text)
    assert any(":16: edition 2026-03: curated: must be true or false, not a string" in t
               for t in text)


def test_editions_lists_curated_and_uncurated(run: Runner, write: Write) -> None:
    path = str(write(TEXT))
    table = run("editions", "-r", path).stdout
    assert table.splitlines()[0] == "Editions: 1 of 3 editions from Jan 2026 to Mar 2026 curated"
    row = next(line for line in table.splitlines() if line.startswith("2026-02"))
    assert row.split()[-4:] == ["-", "no", "0", "0"]
    doc = json.loads(run("editions", "-r", path, "-f", "json").stdout)
    assert doc["coverage"] == {"curated": 1, "total": 3, "first": "2026-01", "last": "2026-03",
                               "missing": ["2026-02", "2026-03"]}
    assert doc["registry"]["files"] == [path]
    assert doc["editions"][0] == {"key": "2026-01", "label": "Bulletin, January 2026",
                                  "published": "2026-02-01", "curated": True,
                                  "instruments": 1, "milestones": 1, "note": None}
    assert doc["editions"][1]["published"] is None and doc["editions"][1]["curated"] is False
    rows = list(csv.DictReader(io.StringIO(run("editions", "-r", path, "-f", "csv").stdout)))
    assert [(r["key"], r["curated"], r["published"]) for r in rows] == [
        ("2026-01", "true", "2026-02-01"), ("2026-02", "false", ""),
        ("2026-03", "false", "2026-04-01")]
    # without uncurated editions, no claim about the rest of the series
    alone = write(TEXT.split("[[edition]]\nkey = \"2026-02\"")[0]
                  + "[[instrument]]" + TEXT.split("[[instrument]]", 1)[1], "alone.toml")
    first = run("editions", "-r", str(alone)).stdout.splitlines()[0]
    assert "of" not in first.split(":")[0] and "says nothing of the others" in first
    assert json.loads(run("editions", "-r", str(alone), "-f", "json").stdout)["coverage"] is None


def test_the_bundled_registry_covers_5_of_26_editions(run: Runner) -> None:
    doc = json.loads(run("editions", *BUNDLED, "-f", "json").stdout)
    assert (doc["coverage"]["curated"], doc["coverage"]["total"]) == (5, 26)
    curated = [e for e in doc["editions"] if e["curated"]]
    assert [e["key"] for e in curated] == ["2021-08", "2023-09", "2023-11", "2024-11",
                                           "2025-11"]
    assert all(e["instruments"] > 0 and e["milestones"] > 0 for e in curated)
    others = [e for e in doc["editions"] if not e["curated"]]
    assert not [e for e in others if e["published"] or e["instruments"]]  # nothing invented
    assert len([e for e in others if e["key"].startswith("2022")]) == 6
    assert all("inferred" in e["note"] for e in others)
    # the figure in the user guide is real output
    guide = (Path(__file__).resolve().parent.parent / "docs" / "user-guide.md").read_text(
        encoding="utf-8")
    block = guide.split("```console\n$ deadlines editions\n", 1)[1].split("\n```", 1)[0]
    assert run("editions").stdout == block + "\n"


def test_the_age_says_how_many_editions_are_curated_everywhere(run: Runner,
                                                               tmp_path: Path) -> None:
    words = "5 of 26 editions from Aug 2021 to Nov 2025 curated"
    as_of = ("--as-of", "2026-12-01")
    assert words in run("upcoming", *BUNDLED, *as_of).stdout.splitlines()[0]
    assert words in run("list", *BUNDLED, *as_of, "-t", "ccc").stdout.splitlines()[0]
    listing = json.loads(run("list", *BUNDLED, *as_of, "-f", "json").stdout)
    assert listing["registry"]["editions"]["total"] == 26
    assert words in run("review", *BUNDLED, *as_of).stdout
    assert words in " ".join(run("timeline", *BUNDLED, *as_of).stdout.split())
    assert words in run("timeline", *BUNDLED, *as_of, "-f", "svg").stdout
    reg = load([bundled_path()])
    fresh = freshness(reg.editions, reg.cited_editions(), date(2026, 12, 1),
                      uncurated=reg.uncurated)
    sentence = freshness_text(fresh)
    assert sentence.startswith("Registry current to SESEC VI") and words in sentence
    entry = next(e for e in reg.entries if e.date is not None and e.date.start.year == 2027)
    digest = Digest("a@example.com", "a@example.com", (Reminder(entry, 30, 30),), ("ccc",),
                    freshness=fresh)
    message = build(digest, sender="deadlines@example.com", today=date(2026, 12, 1),
                    now=dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC))
    text = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert words in " ".join(text.split())


def test_nothing_due_says_the_registry_holds_no_later_edition(run: Runner) -> None:
    out = run("upcoming", *BUNDLED, "--as-of", "2026-12-01", "-t", "ccc", "-d", "30").stdout
    assert "Nothing due from 2026-12-01 to 2026-12-31." in out
    assert ("The registry holds no edition after SESEC VI, November–December 2025 "
            "(published 2026-01-22): deadlines announced since are not in it.") in out
    # a window that ends before the newest edition came out says nothing of the kind
    old = run("upcoming", *BUNDLED, "--as-of", "2025-06-01", "-t", "ccc", "-d", "5").stdout
    assert "Nothing due from 2025-06-01 to 2025-06-06." in old
    assert "holds no edition after" not in old


# -- curator traps: which files, and what is left out ---------------------------------


def test_check_names_the_files_it_read_and_which_is_bundled(run: Runner, write: Write) -> None:
    result = run("check")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.rstrip("\n").endswith(f"in 1 file(s): {bundled_path()} (bundled)")
    ours = write(TEXT, "ours.toml")
    both = run("check", "bundled", str(ours)).stdout
    assert f": {bundled_path()} (bundled), {ours.resolve()}" in both


def test_reading_a_file_without_the_bundled_registry_says_so(
        run: Runner, write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEADLINES_REGISTRY_NOTICE")
    ours = str(write(TEXT, "ours.toml"))
    result = run("upcoming", "-r", ours, "--as-of", "2026-03-01")
    assert result.exit_code == 0
    notice = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    n, m = load([bundled_path()]).counts()
    assert notice == [
        f"note: {ours} read without the bundled registry ({n} instruments, {m} milestones), "
        "which is left out: `-r bundled` reads both; `complete = true` in the file or "
        "`deadlines --no-registry-notice` silences this"]
    assert "note:" not in result.stdout  # the output itself stays clean for pipes
    # with the bundled registry, silenced by the option, the variable, or the file itself
    assert run("upcoming", "-r", "bundled", "-r", ours, "--as-of", "2026-03-01").stderr == ""
    assert run("--no-registry-notice", "upcoming", "-r", ours).stderr == ""
    assert run("list", "-r", ours, env={"DEADLINES_REGISTRY_NOTICE": "0"}).stderr == ""
    alone = write("complete = true\n" + TEXT, "alone.toml")
    assert run("list", "-r", str(alone)).stderr == ""
    assert json.loads(run("list", "-r", str(alone), "-f", "json").stdout)["registry"][
        "files"] == [str(alone)]
    # the default registry: no notice
    assert run("upcoming").stderr == ""
    bad = write("complete = 1\n" + TEXT, "bad.toml")
    refused = run("check", str(bad)).stderr
    assert "bad.toml:1: complete: must be true or false, not a number" in refused


def test_a_source_cannot_cite_an_uncurated_edition(write: Write) -> None:
    text = TEXT.replace('sources = [{ edition = "2026-01"', 'sources = [{ edition = "2026-02"')
    _, problems = check([write(text)])
    assert [str(p).split(": ", 1)[1] for p in problems] == [
        "a-rule: sources[0].edition: edition '2026-02' is declared `curated = false`: curate it "
        "first (give its `published` day, drop `curated = false`), then cite it"]
