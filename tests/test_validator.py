"""The validator on deliberately broken registries: every problem, with its location."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sesec_deadlines.registry.load import bundled_path, check

from .conftest import FIXTURES, REGISTRY, Runner

EDITIONS = FIXTURES / "editions.toml"  # declares the edition the test files cite

GOOD_INSTRUMENT = """
[[instrument]]
id = "{id}"
title = "A rule"
authority = ["SAMR"]
topics = ["ccc"]
status = "final"
summary = "Something."
last_verified = 2026-01-15
sources = [{{ edition = "2024-11", article = "An article" }}]

[[instrument.milestone]]
kind = "entry_into_force"
date = "2026-08-01"
certainty = "official"
"""


def good(ident: str = "a-rule") -> str:
    return GOOD_INSTRUMENT.format(id=ident)


def problems_of(path: Path, *more: Path) -> list[str]:
    _, problems = check([EDITIONS, path, *more])
    return [str(p) for p in problems]


def test_fixture_registry_is_clean() -> None:
    registry, problems = check([REGISTRY])
    assert problems == []
    assert len(registry.instruments) == 4
    assert len(registry.entries) == 10


def test_toml_syntax_error_has_line_and_column(write: Callable[..., Path]) -> None:
    path = write('schema = 1\n[[instrument]]\nid = "x\ntitle = 1\n')
    assert problems_of(path) == [f"{path}:3:8: TOML syntax error: Illegal character '\\n'"]


def test_truncated_file(write: Callable[..., Path]) -> None:
    path = write("schema = 1\n[[instrument]]\nid = ")
    assert problems_of(path) == [
        f"{path}:3: TOML syntax error: Invalid value (at the end of the file)"
    ]


def test_empty_file(write: Callable[..., Path]) -> None:
    path = write("  \n\n")
    assert problems_of(path) == [f"{path}: the file is empty; a registry starts with `schema = 1`"]


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(b"schema = 1\n# caf\xe9\n")
    assert problems_of(path) == [f"{path}:2:6: not valid UTF-8 text (save the file as UTF-8)"]


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    assert problems_of(path) == [f"{path}: no such file"]


def test_directory(tmp_path: Path) -> None:
    assert problems_of(tmp_path) == [f"{tmp_path}: is a directory, not a registry file"]


def test_schema_and_no_instruments(write: Callable[..., Path]) -> None:
    path = write("schema = 2\nname = 'x'\n")
    assert problems_of(path) == [
        f"{path}:2: name: unknown field 'name'; allowed: schema, edition, instrument, "
        "baseline, complete",
        f"{path}:1: schema: unsupported schema 2; this version reads schema 1",
        f"{path}:2: instrument: no [[instrument]] tables: the registry lists no deadlines",
    ]  # where the missing tables would go: the last line


@pytest.mark.parametrize("text", ["schema = 1", "schema = 1\n", "\n\nschema = 1\n\n"])
def test_no_instruments_is_located_whatever_the_file_ends_with(
        write: Callable[..., Path], text: str) -> None:
    path = write(text)
    last = max(1, len(text.split("\n")) - 1 if text.endswith("\n") else len(text.split("\n")))
    assert problems_of(path) == [
        f"{path}:{last}: instrument: no [[instrument]] tables: the registry lists no deadlines"]


def test_missing_schema(write: Callable[..., Path]) -> None:
    path = write(good())
    assert problems_of(path) == [f"{path}:1: schema: missing `schema = 1` at the top of the file"]


def test_every_problem_in_one_pass(write: Callable[..., Path]) -> None:
    text = """schema = 1

[[instrument]]
id = "Bad_Id"
titel = "typo"
authority = "SAMR"
topics = ["ccc", "rosh"]
status = "final-ish"
summary = ""
last_verified = "2026-01-15"
sources = [{ edition = "2024-13", article = "x" }]

[[instrument.milestone]]
kind = "entry_into_forse"
date = "2025-02-30"
certainty = "sure"

[[instrument.milestone]]
kind = "comment_close"
date = 20250101
certainty = "official"
source = 3
"""
    path = write(text)
    m = "Bad_Id/entry_into_forse"
    assert problems_of(path) == [
        f"{path}:5: Bad_Id: titel: unknown field 'titel' (did you mean 'title'?); allowed: "
        "id, title, number, authority, topics, status, products, product_codes, summary, "
        "last_verified, added, sources, milestone, status_history, replaces, superseded_by, "
        "replaces_numbers",
        f"{path}:4: Bad_Id: id: 'Bad_Id' is not a slug: use lower-case letters, digits and "
        'single hyphens, e.g. "gb-26572-rohs"',
        f"{path}:3: Bad_Id: title: missing required field 'title'",
        f'{path}:6: Bad_Id: authority: must be a list of strings, not a string (write ["SAMR"])',
        f"{path}:7: Bad_Id: topics: unknown value 'rosh' (did you mean 'rohs'?); see "
        "`deadlines vocab` for the allowed values",
        f"{path}:8: Bad_Id: status: unknown status 'final-ish' (did you mean 'final'?); "
        "allowed: draft, final, superseded, withdrawn",
        f"{path}:9: Bad_Id: summary: must not be empty",
        f"{path}:10: Bad_Id: last_verified: must be a TOML date, not a string "
        "(write it without quotes: 2026-11-24)",
        f"{path}:11: Bad_Id: sources[0].edition: edition '2024-13' is not declared (did you "
        "mean '2024-11'?); declared: 2024-11. Add an [[edition]] table for it, or read this "
        "file beside the registry that declares it (-r bundled -r FILE)",
        f"{path}:14: {m}: kind: unknown kind 'entry_into_forse' (did you mean "
        "'entry_into_force'?); allowed: comment_open, comment_close, published, "
        "entry_into_force, mandatory_from, transition_end, application_open, report_due, other",
        f"{path}:16: {m}: certainty: unknown certainty 'sure'; allowed: official, proposed, "
        "estimated",
        f"{path}:15: {m}: date: impossible date: '2025-02-30' is not a real day: 2025-02 has "
        "28 days",
        f'{path}:20: Bad_Id/comment_close: date: must be a date string like "2026-08-01", '
        '"2026-08" or "2026", not a number',
        f"{path}:22: Bad_Id/comment_close: source: must be the index of one of the "
        "instrument's 1 sources (0 to 0)",
    ]


def test_duplicate_ids_in_one_file_and_across_files(write: Callable[..., Path]) -> None:
    first = write("schema = 1\n" + good("dup") + good("dup"), "one.toml")
    second = write("schema = 1\n" + good("dup"), "two.toml")
    assert problems_of(first, second) == [
        f"{first}:19: dup: id: duplicate id: also defined earlier in this file",
        f"{second}:4: dup: id: duplicate id: also defined in {first}",
    ]


def test_comment_close_before_open(write: Callable[..., Path]) -> None:
    text = (
        "schema = 1\n"
        + good("c")
        + """
[[instrument.milestone]]
kind = "comment_open"
date = "2026-03-10"
certainty = "official"

[[instrument.milestone]]
kind = "comment_close"
date = "2026-03-01"
certainty = "official"
"""
    )
    path = write(text)
    assert problems_of(path) == [
        f"{path}:25: c/comment_close: date: the comment window closes (2026-03-01) before it "
        "opens (2026-03-10)"
    ]


def test_duplicate_milestone_key(write: Callable[..., Path]) -> None:
    text = (
        "schema = 1\n"
        + good("k")
        + """
[[instrument.milestone]]
kind = "entry_into_force"
date = "2026-09-01"
certainty = "official"
"""
    )
    path = write(text)
    assert problems_of(path) == [
        f"{path}:18: k/entry_into_force: key: two milestones are called 'entry_into_force' "
        "(#1 and #2); give each a distinct `key`"
    ]


def test_relative_missing_anchor_and_cycle(write: Callable[..., Path]) -> None:
    text = (
        "schema = 1\n"
        + good("r")
        + """
[[instrument.milestone]]
key = "a"
kind = "other"
after = "b"
offset = "1 month"
certainty = "proposed"

[[instrument.milestone]]
key = "b"
kind = "other"
after = "a"
offset = "1 month"
certainty = "proposed"

[[instrument.milestone]]
key = "c"
kind = "other"
after = "nowhere"
offset = "1 month"
certainty = "proposed"

[[instrument.milestone]]
key = "d"
kind = "other"
after = "elsewhere/x"
offset = "1 month"
certainty = "proposed"
"""
    )
    path = write(text)
    assert problems_of(path) == [
        f"{path}:21: r/a: after: relative milestones form a cycle: r/a -> r/b -> r/a",
        f"{path}:35: r/c: after: `after` names milestone 'nowhere', which does not exist "
        "(keys here: entry_into_force, a, b, c, d)",
        f"{path}:42: r/d: after: `after` names instrument 'elsewhere', which does not exist",
    ]


def test_relative_needs_both_fields_and_not_a_date(write: Callable[..., Path]) -> None:
    text = (
        "schema = 1\n"
        + good("q")
        + """
[[instrument.milestone]]
key = "x"
kind = "other"
date = "2026-01-01"
after = "entry_into_force"
offset = "soon"
certainty = "proposed"

[[instrument.milestone]]
key = "y"
kind = "other"
offset = "1 month"
certainty = "proposed"
"""
    )
    path = write(text)
    assert problems_of(path) == [
        f"{path}:23: q/x: offset: 'soon' is not an offset like '13 months', '2 weeks', "
        "'30 days' or '1 year'",
        f"{path}:21: q/x: date: give either a `date` or a relative rule (`after` + `offset`), "
        "not both",
        f"{path}:26: q/y: after: a relative milestone needs both `after` (the anchor) and `offset`",
    ]


def test_cross_file_anchor_resolves(write: Callable[..., Path]) -> None:
    base = write("schema = 1\n" + good("base"), "base.toml")
    rel = write(
        "schema = 1\n"
        + good("rel").replace(
            'date = "2026-08-01"', 'after = "base/entry_into_force"\noffset = "6 months"'
        ),
        "rel.toml",
    )
    registry, problems = check([EDITIONS, base, rel])
    assert problems == []
    entry = next(e for e in registry.entries if e.instrument.id == "rel")
    assert entry.date is not None and entry.date.iso() == "2027-02-01"
    assert entry.certainty.value == "estimated"
    assert entry.milestone.certainty.value == "official"


def test_missing_sections(write: Callable[..., Path]) -> None:
    text = """schema = 1
[[instrument]]
id = "bare"
title = "Bare"
authority = []
topics = ["ccc"]
status = "final"
summary = "x"
last_verified = 2026-01-01
"""
    path = write(text)
    assert problems_of(path) == [
        f"{path}:5: bare: authority: must list at least one value",
        f"{path}:2: bare: sources: missing required field 'sources': say where the dates come from",
        f"{path}:2: bare: milestone: no [[instrument.milestone]] tables: every instrument "
        "needs a date",
    ]


def test_inline_style_still_reports_entry_and_field(write: Callable[..., Path]) -> None:
    text = (
        'schema = 1\ninstrument = [{ id = "inl", title = "T", authority = ["SAMR"], '
        'topics = ["ccc"], status = "final", summary = "s", last_verified = 2026-01-01, '
        'sources = [{ edition = "2024-11" }], milestone = [{ kind = "other", '
        'certainty = "maybe" }] }]\n'
    )
    path = write(text)
    assert problems_of(path) == [
        f"{path}:2: inl/other: certainty: unknown certainty 'maybe'; allowed: official, "
        "proposed, estimated"
    ]


GARBAGE = [
    b"",
    b"\x00\x01\x02",
    b"schema = 1\ninstrument = 5\n",
    b"schema = 1\ninstrument = [1, 2]\n",
    b"[[instrument]]\n[[instrument.milestone]]\n",
    b"schema = 1\n[instrument]\nid = 1\n",
    b"schema = 1\n[[instrument]]\nmilestone = 'x'\nsources = 'y'\n",
    b"schema = 1\n[[instrument]]\nsources = [1]\nmilestone = [1]\n",
    b"schema = 1\n[[instrument]]\nsources = [{}]\n[[instrument.milestone]]\nhistory = [1]\n",
    b"schema = 1\n[[instrument]]\n[[instrument.milestone]]\nhistory = [{date = 5}]\n",
    b"\xef\xbb\xbfschema = 1\n",
    b"schema = '1'\n",
    b"schema = 1970-01-01T00:00:00\n",
    b"schema = 1\n[[instrument]]\nid = 'a'\n[[instrument.milestone]]\nafter = 'a/b/c'\n"
    b"offset = '1 day'\n",
]


@pytest.mark.parametrize("raw", GARBAGE)
def test_garbage_never_raises(raw: bytes, tmp_path: Path, run: Runner) -> None:
    path = tmp_path / "g.toml"
    path.write_bytes(raw)
    result = run("check", str(path))
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stderr.strip().endswith("fix them and run `deadlines check` again")
    assert result.stdout == ""


def test_a_period_is_checked_like_an_offset(write: Callable[..., Path]) -> None:
    text = (
        "schema = 1\n"
        + good("p")
        + """
[[instrument.milestone]]
key = "a"
kind = "transition_end"
after = "entry_into_force"
period = "a while"
certainty = "official"

[[instrument.milestone]]
key = "b"
kind = "transition_end"
after = "entry_into_force"
period = "0 months"
certainty = "official"

[[instrument.milestone]]
key = "c"
kind = "transition_end"
after = "entry_into_force"
offset = "1 month"
period = "1 month"
certainty = "official"

[[instrument.milestone]]
key = "d"
kind = "transition_end"
period = "1 month"
certainty = "official"

[[instrument.milestone]]
key = "e"
kind = "transition_end"
after = "entry_into_force"
certainty = "official"

[[instrument.milestone]]
key = "ok"
kind = "transition_end"
after = "entry_into_force"
period = "36 months"
certainty = "official"
"""
    )
    path = write(text)
    assert problems_of(path) == [
        f"{path}:22: p/a: period: 'a while' is not a period like '36 months', '5 years', "
        "'12 weeks' or '60 days'",
        f"{path}:29: p/b: period: '0 months': a period is at least 1 month long",
        f"{path}:37: p/c: period: give either `offset` (a day after the anchor) or `period` "
        "(the last day of a period from the anchor), not both",
        f"{path}:40: p/d: after: a relative milestone needs both `after` (the anchor) and "
        "`offset` (or `period`)",
        f"{path}:46: p/e: offset: a relative milestone needs both `after` (the anchor) and "
        "`offset` (or `period`)",
    ]
    path.write_text(text.replace('period = "a while"', 'period = "1 week"')
                    .replace('period = "0 months"', 'period = "1 day"')
                    .replace('offset = "1 month"\nperiod', 'period')
                    .replace('key = "d"\nkind = "transition_end"\n',
                             'key = "d"\nkind = "transition_end"\nafter = "ok"\n')
                    .replace('key = "e"\nkind = "transition_end"\nafter = "entry_into_force"\n',
                             'key = "e"\nkind = "transition_end"\nafter = "entry_into_force"\n'
                             'period = "2 years"\n'), encoding="utf-8")
    registry, problems = check([EDITIONS, path])
    assert problems == []
    days = {e.milestone.key: e.date.iso() for e in registry.entries if e.date}
    assert days == {"entry_into_force": "2026-08-01", "a": "2026-08-07", "b": "2026-08-01",
                    "c": "2026-08-31", "ok": "2029-07-31", "d": "2029-08-30",
                    "e": "2028-07-31"}


def test_a_file_named_twice_is_read_once(run: Runner, tmp_path: Path) -> None:
    result = run("check", "bundled", "bundled")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.endswith("in 1 file(s): " + str(bundled_path()) + " (bundled)\n")
    again = run("list", "--all", "-f", "json", "-r", "bundled", "-r", "bundled")
    assert again.exit_code == 0, again.stderr
