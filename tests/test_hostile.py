"""Hostile registries: every one ends in a located problem and exit 2, never an internal error.

Dates at the edges of the calendar, deep nesting, long chains and cycles of relative
milestones, special files, control characters and odd values of `schema`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from sesec_deadlines.core.dates import Offset, PartialDate
from sesec_deadlines.core.datetext import parse_bound
from sesec_deadlines.core.errors import MAX_SHOWN
from sesec_deadlines.registry.load import check

from .conftest import FIXTURES, Runner

EDITIONS = FIXTURES / "editions.toml"  # declares the edition the test files cite

INSTRUMENT = """
[[instrument]]
id = "{id}"
title = "A rule"
authority = ["SAMR"]
topics = ["ccc"]
status = "final"
summary = "Something."
last_verified = 2026-01-15
sources = [{{ edition = "2024-11", article = "An article" }}]
"""
DATED = """
[[instrument.milestone]]
kind = "entry_into_force"
date = "{date}"
certainty = "official"
"""
RELATIVE = """
[[instrument.milestone]]
kind = "other"
key = "{key}"
after = "{after}"
offset = "{offset}"
certainty = "official"
"""


def registry(*parts: str) -> str:
    return "schema = 1\n" + "".join(parts)


def dated(when: str, ident: str = "a-rule") -> str:
    return INSTRUMENT.format(id=ident) + DATED.format(date=when)


def problems_of(path: Path) -> list[str]:
    return [str(p) for p in check([EDITIONS, path])[1]]


# -- dates at the edges -------------------------------------------------------------------

@pytest.mark.parametrize(
    ("when", "reason"),
    [
        ("0000-01-01", "'0000-01-01' is in year 0000, outside the supported dates"),
        ("0000", "'0000' is in year 0000"),
        ("0000-01", "'0000-01' is in year 0000"),
        ("9999-12-31", "'9999-12-31' is outside the supported dates: 0001-01-01 to 9999-12-30"),
        ("9999-12", "'9999-12' is outside the supported dates"),
        ("9999", "'9999' is outside the supported dates"),
        ("٢٠٢٦-٠٣-٢٥", "is not a date of the form YYYY-MM-DD"),
        ("𝟚𝟘𝟚𝟞", "is not a date of the form YYYY-MM-DD"),
    ],
)
def test_dates_outside_the_calendar_are_located(
    write: Callable[..., Path], when: str, reason: str
) -> None:
    path = write(registry(dated(when)))
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:15: a-rule/entry_into_force: date: impossible date: ")
    assert reason in problem


@pytest.mark.parametrize(
    ("when", "offset", "reason"),
    [
        ("9999-12-30", "1 day", "9999-12-30 plus 1 day is 9999-12-31, outside the supported"),
        ("2026", "99999 years", "2026 plus 99999 years is outside the supported dates"),
        ("2026-01-01", "99999999999 days", "plus 99999999999 days is outside the supported"),
        ("2026-01", "99999999999 weeks", "plus 99999999999 weeks is outside the supported"),
    ],
)
def test_offsets_past_the_calendar_are_located(
    write: Callable[..., Path], when: str, offset: str, reason: str
) -> None:
    text = registry(dated(when), RELATIVE.format(key="later", after="entry_into_force",
                                                 offset=offset))
    path = write(text)
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:22: a-rule/later: offset: impossible date: ")
    assert reason in problem


def test_toml_dates_outside_the_calendar(write: Callable[..., Path]) -> None:
    text = registry(dated("2026-01-01").replace("last_verified = 2026-01-15",
                                                "last_verified = 9999-12-31"))
    path = write(text.replace('date = "2026-01-01"', "date = 9999-12-31"))
    assert problems_of(path) == [
        f"{path}:10: a-rule: last_verified: 9999-12-31 is outside the supported dates: "
        "0001-01-01 to 9999-12-30",
        f"{path}:15: a-rule/entry_into_force: date: impossible date: 9999-12-31 is outside "
        "the supported dates: 0001-01-01 to 9999-12-30",
    ]


@pytest.mark.parametrize("when", ["9999-12-30", "0001-01-01", "9999-11"])
def test_the_last_and_first_supported_dates_go_through_every_output(
    run: Runner, write: Callable[..., Path], when: str
) -> None:
    path = write(registry(dated(when)))
    assert run("check", str(EDITIONS), str(path)).exit_code == 0
    for fmt in ("ics", "json", "csv"):
        result = run("export", "-r", str(EDITIONS), "-r", str(path), "--all",
                     "--include-approximate", "-f", fmt)
        assert result.exit_code == 0, result.stderr
        assert when.replace("-", "") in result.stdout.replace("-", "")
    for args in (["list", "--all"], ["upcoming", "--as-of", "2026-01-01"], ["show", "a-rule"]):
        result = run(*args, "-r", str(EDITIONS), "-r", str(path))
        assert result.exit_code == 0, result.stderr


def test_date_arithmetic_raises_value_error_never_overflow() -> None:
    day = PartialDate.parse("2026-01-01")
    for offset in (Offset(99999999999, "day"), Offset(99999999999, "week"),
                   Offset(99999, "year"), Offset(-99999, "month"), Offset(-1, "day")):
        start = PartialDate.parse("0001-01-01") if offset.amount == -1 else day
        with pytest.raises(ValueError, match="outside the supported dates"):
            start.plus(offset)
    last = PartialDate(9999, 12, 31)
    for text in ("tomorrow", "+1 day", "+99999 years", "+99999999999 days"):
        with pytest.raises(ValueError):
            parse_bound(text, last.start, end=False)


def test_offsets_take_only_ascii_digits(write: Callable[..., Path]) -> None:
    with pytest.raises(ValueError):
        Offset.parse("١٣ months")
    path = write(registry(dated("2026-01-01"), RELATIVE.format(
        key="later", after="entry_into_force", offset="١٣ months")))
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:22: a-rule/later: offset: ")


# -- schema, empty keys, line numbers ---------------------------------------------------

@pytest.mark.parametrize(("value", "what"), [("true", "a boolean"), ("1.0", "a number")])
def test_schema_must_be_the_integer_one(write: Callable[..., Path], value: str, what: str) -> None:
    path = write(registry(dated("2026-01-01")).replace("schema = 1", f"schema = {value}"))
    assert problems_of(path) == [f"{path}:1: schema: must be written `schema = 1`, not {what}"]


def test_empty_key_is_located(write: Callable[..., Path]) -> None:
    path = write('schema = 1\n"" = "v"\n' + dated("2026-01-01"))
    assert problems_of(path) == [
        f"{path}:2: \"\": unknown field ''; allowed: schema, edition, instrument, baseline, "
        "complete"
    ]
    path = write(registry(dated("2026-01-01").replace('title = "A rule"',
                                                      'title = "A rule"\n"" = 1')))
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:6: a-rule: \"\": unknown field ''")


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
def test_line_numbers_do_not_drift_after_unicode_line_separators(
    write: Callable[..., Path], separator: str
) -> None:
    text = registry(dated("2026-01-01")).replace(
        'summary = "Something."',
        f'summary = """Some{separator}thing.\nMore{separator}text."""')
    path = write(text.replace('status = "final"', 'status = "finall"').replace(
        'kind = "entry_into_force"', 'kind = "entry_into_forse"'))
    problems = problems_of(path)
    assert problems[0].startswith(f"{path}:8: a-rule: status: unknown status 'finall'")
    assert problems[-1].startswith(f"{path}:15: a-rule/entry_into_forse: kind:")


@pytest.mark.parametrize(
    "text",
    ["schema = 1\nx = [\n", "schema = 1\nx = [\n\n\n\n", 'schema = 1\nx = """a\n\n',
     "schema = 1\r\nx =\r\n\r\n", "schema = 1\n\u2028\nx = [", "schema = 1\n[[instrument]]\nid"],
)
def test_the_end_of_the_file_is_never_past_it(write: Callable[..., Path], text: str) -> None:
    path = write(text)
    [problem] = check([EDITIONS, path])[1]
    lines = text.split("\n")
    assert problem.line is not None and 1 <= problem.line <= len(lines)


@pytest.mark.parametrize("opening,closing", [("[", "]"), ("{a=", "}"), ("[{a=", "}]")])
def test_deep_nesting_is_a_syntax_problem_everywhere(
    run: Runner, write: Callable[..., Path], opening: str, closing: str
) -> None:
    path = write(f"schema = 1\nx = {opening * 1000}1{closing * 1000}\n")
    for args in (["check", str(path)], ["list", "-r", str(path)],
                 ["export", "-r", str(path)], ["upcoming", "-r", str(path)]):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert f"{path}:2: TOML syntax error: values nested too deeply" in result.stderr
        assert "internal error" not in result.output


# -- chains and cycles ----------------------------------------------------------------

def chain(n: int) -> str:
    links = [RELATIVE.format(key=f"m{i}", after=f"m{i + 1}", offset="1 day") for i in range(n)]
    last = DATED.format(date="2026-01-01").replace(
        'kind = "entry_into_force"', f'kind = "entry_into_force"\nkey = "m{n}"')
    return registry(INSTRUMENT.format(id="chain"), *links, last)


def test_a_chain_of_a_thousand_listed_anchor_last(
    run: Runner, write: Callable[..., Path]
) -> None:
    path = write(chain(1500))
    registry_, problems = check([EDITIONS, path])
    assert problems == []
    dates = {e.milestone.key: e.date for e in registry_.entries}
    assert str(dates["m0"]) == "2030-02-09"  # 1,500 days after 2026-01-01
    for _ in range(2):  # cold, then from the cache
        result = run("list", "-r", str(EDITIONS), "-r", str(path), "--all", "--id", "chain",
                     "-f", "json")
        assert result.exit_code == 0, result.stderr
        assert '"date": "2030-02-09"' in result.stdout


def test_a_cycle_through_twenty_thousand_instruments(write: Callable[..., Path]) -> None:
    n = 20_000
    parts = [INSTRUMENT.format(id=f"rule-{i}")
             + RELATIVE.format(key="step", after=f"rule-{(i + 1) % n}/step", offset="1 day")
             for i in range(n)]
    path = write(registry(*parts))
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:16: rule-0/step: after: relative milestones form a "
                              "cycle: rule-0/step -> rule-1/step -> rule-2/step")
    assert problem.endswith("rule-19999/step -> rule-0/step")


def test_dangling_anchors_and_duplicates_each_named_once(write: Callable[..., Path]) -> None:
    parts = [dated("2026-01-01", "anchor")]
    parts += [INSTRUMENT.format(id=f"rule-{i}")
              + RELATIVE.format(key="later", after="missing/published", offset="1 day")
              for i in range(3)]
    parts += [dated("2026-01-01", "anchor")] * 2
    path = write(registry(*parts))
    problems = problems_of(path)
    assert problems == [
        f"{path}:70: anchor: id: duplicate id: also defined earlier in this file",
        f"{path}:85: anchor: id: duplicate id: also defined earlier in this file",
        *(f"{path}:{31 + 17 * i}: rule-{i}/later: after: `after` names instrument 'missing', "
          "which does not exist" for i in range(3)),
    ]


# -- many problems --------------------------------------------------------------------

def test_problems_are_capped_and_counted_by_kind(run: Runner, write: Callable[..., Path]) -> None:
    path = write("schema = 1\n" + "[[instrument]]\n" * 5000)
    result = run("check", str(EDITIONS), str(path))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == MAX_SHOWN + 1 + 9 + 1
    assert lines[MAX_SHOWN] == f"... and {45_000 - MAX_SHOWN} more problems not shown:"
    assert "  4977 x id: missing required field …" in lines
    assert "  4978 x milestone: no [[instrument.milestone]] tables: every instrument needs " \
        "a date" in lines
    assert lines[-1] == "error: 45000 problems in the registry; fix them and run " \
        "`deadlines check` again"


# -- special files --------------------------------------------------------------------

def test_fifo_device_and_directory_are_refused(run: Runner, tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    cases = [(fifo, "is a FIFO, not a regular file"), (Path("/dev/zero"), "is a device"),
             (tmp_path, "is a directory")]
    for path, reason in cases:
        for args in (["check", str(path)], ["list", "-r", str(path)],
                     ["export", "-r", str(path)]):
            result = run(*args)
            assert result.exit_code == 2, result.output
            assert result.stderr.startswith(f"{path}: {reason}")


def test_files_over_the_size_limit_are_refused(
    run: Runner, write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sesec_deadlines.storage import files

    monkeypatch.setattr(files, "REGISTRY_LIMIT", 2 * files.MiB)
    path = write(registry(dated("2026-01-01")) + "# padding\n" * 300_000)
    result = run("check", str(EDITIONS), str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}: is too large (2.9 MiB; the limit is 2 MiB)")


def test_a_fifo_as_configuration_is_refused(run: Runner, tmp_path: Path) -> None:
    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    for args in (["config", "show"], ["remind", "--dry-run"]):
        result = run(*args, "--config", str(fifo))
        assert result.exit_code == 2, result.output
        assert f"{fifo}: is a FIFO, not a regular file" in result.stderr


def test_add_refuses_a_fifo(run: Runner, tmp_path: Path) -> None:
    fifo = tmp_path / "ours.toml"
    os.mkfifo(fifo)
    result = run("add", str(fifo), "--id", "x-rule", "--title", "T", "-a", "SAMR", "-t", "ccc",
                 "--status", "final", "--summary", "S", "--source-title", "Doc",
                 "-m", "kind=published; date=2026-06-30; certainty=official")
    assert result.exit_code == 2, result.output
    assert "is a FIFO, not a regular file; nothing was written" in result.stderr


# -- control characters and URLs ------------------------------------------------------

@pytest.mark.parametrize(
    ("old", "new", "line", "field"),
    [
        ('title = "A rule"', 'title = "A\\rrule"', 5, "title"),
        ('title = "A rule"', 'title = "A\\u0000rule"', 5, "title"),
        ('title = "A rule"', 'title = "A\\u2028rule"', 5, "title"),
        ('title = "A rule"', 'title = "A\\trule"', 5, "title"),
        ('summary = "Something."', 'summary = "Some\\u001bthing."', 9, "summary"),
        ('summary = "Something."', 'summary = "Some\\rthing."', 9, "summary"),
        ('article = "An article"', 'article = "An\\narticle"', 11, "sources[0].article"),
        ('status = "final"', 'status = "final"\nnumber = "GB\\u0085 1"', 9, "number"),
        ('status = "final"', 'status = "final"\nproducts = ["a\\nb"]', 9, "products"),
        ('certainty = "official"', 'certainty = "official"\nnote = "a\\u007fb"', 17,
         "entry_into_force: note"),
    ],
)
def test_control_characters_are_refused(
    write: Callable[..., Path], old: str, new: str, line: int, field: str
) -> None:
    path = write(registry(dated("2026-01-01")).replace(old, new))
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:{line}: a-rule")
    assert f"{field}: " in problem and "control character (U+" in problem


def test_line_breaks_and_tabs_are_allowed_in_summaries_and_notes(
    write: Callable[..., Path]
) -> None:
    text = registry(dated("2026-01-01")).replace(
        'summary = "Something."', 'summary = """Some\n\tthing."""').replace(
        'certainty = "official"', 'certainty = "official"\nnote = "one\\ntwo"')
    assert problems_of(write(text)) == []


@pytest.mark.parametrize(
    "url",
    ["https://example.org/a\r\nX-Evil: 1", "https://example.org/a b", "javascript:alert(1)",
     "ftp://example.org/x", "example.org/x", "https://", "http://[::1"],
)
def test_source_urls_must_be_web_addresses(write: Callable[..., Path], url: str) -> None:
    escaped = url.replace("\r", "\\r").replace("\n", "\\n")
    path = write(registry(dated("2026-01-01")).replace(
        'article = "An article" }', f'article = "An article", url = "{escaped}" }}'))
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:11: a-rule: sources[0].url: ")


def test_good_urls_pass(write: Callable[..., Path]) -> None:
    path = write(registry(dated("2026-01-01")).replace(
        'article = "An article" }',
        'article = "An article", url = "https://www.example.org/n?a=1&b=%20#x" }'))
    assert problems_of(path) == []


def test_deep_nesting_in_the_configuration(run: Runner, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('from = "a@example.com"\nx = ' + "{a=" * 1000 + "1" + "}" * 1000 + "\n",
                      encoding="utf-8")
    config.chmod(0o600)
    for args in (["config", "show"], ["remind", "--dry-run"]):
        result = run(*args, "--config", str(config))
        assert result.exit_code == 2, result.output
        assert f"{config}:2: TOML syntax error: values nested too deeply" in result.stderr


def test_a_duplicate_edition_is_named_at_its_own_table(write: Callable[..., Path]) -> None:
    edition = '\n[[edition]]\nkey = "{key}"\nlabel = "An edition"\npublished = 2025-01-11\n'
    path = write("schema = 1\n" + edition.format(key="bad key") + edition.format(key="e-1")
                 + edition.format(key="e-1") + edition.format(key="e-1"))
    problems = [str(p) for p in check([path])[1]]
    assert problems[1:] == [
        f"{path}:14: edition e-1: key: edition 'e-1' is already declared earlier in this file",
        f"{path}:19: edition e-1: key: edition 'e-1' is already declared earlier in this file",
    ]


def test_list_with_nothing_matching_is_not_an_error(run: Runner) -> None:
    from .conftest import REGISTRY

    result = run("list", "--kind", "comment_open", "--from", "2099", "-r", str(REGISTRY))
    assert result.exit_code == 0, result.output
    assert "No milestone matches (from 2099-01-01)." in result.stdout


def test_staleness_thresholds_past_the_calendar(
    run: Runner, write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = registry(dated("9999-12-30").replace('kind = "entry_into_force"',
                                                'kind = "comment_close"')
                    .replace('status = "final"', 'status = "draft"'))
    path = write(text)
    monkeypatch.setenv("DEADLINES_UNVERIFIED_DAYS", "999999")
    monkeypatch.setenv("DEADLINES_STALE_MONTHS", "999999")
    for args in (["list", "--all"], ["list", "--all", "-f", "json"],
                 ["upcoming", "--as-of", "1900-01-01"]):
        result = run(*args, "-r", str(EDITIONS), "-r", str(path))
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize("window", [["--to", "9999-12-30"], ["--from", "9999-12-01"],
                                    ["--from", "0001-01-01", "--to", "9999-12-30"],
                                    ["--to", "0001-01-31"]])
def test_timeline_windows_at_the_ends_of_the_calendar(
    run: Runner, write: Callable[..., Path], window: list[str]
) -> None:
    path = write(registry(dated("9999-12-30")))
    for args in (["timeline"], ["export", "-f", "svg"]):
        result = run(*args, *window, "-r", str(EDITIONS), "-r", str(path))
        assert result.exit_code == 0, result.output
