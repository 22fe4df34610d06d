"""Option values: one spelling rule, one span syntax, no guessed dates, no internal error."""

from __future__ import annotations

import json
from datetime import date

import pytest

from sesec_deadlines.core.dates import Offset
from sesec_deadlines.core.datetext import parse_bound, parse_span, shift
from sesec_deadlines.core.numbers import number_matches
from sesec_deadlines.core.vocab import lookup, spelling_key

from .conftest import AS_OF, REGISTRY, Runner

R = ("--registry", str(REGISTRY), "--as-of", AS_OF)
TODAY = date(2026, 3, 20)


def ids(out: str) -> list[str]:
    return [m["id"] for m in json.loads(out)["milestones"]]


@pytest.mark.parametrize("text", ["01/08/2026", "1.8.2026", "1-8-2026", "01/08/26", "1/8",
                                  "13.8.2026", "8/13/2026"])
def test_numeric_dates_not_year_first_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="year-month-day"):
        parse_bound(text, TODAY, end=False)


def test_the_refusal_names_both_readings() -> None:
    with pytest.raises(ValueError, match=r"ambiguous.*2026-08-01 or 2026-01-08.*'1 Aug 2026'"):
        parse_bound("01/08/2026", TODAY, end=False)


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-08-01", date(2026, 8, 1)), ("1 Aug 2026", date(2026, 8, 1)),
    ("August 1, 2026", date(2026, 8, 1)), ("2026/08/01", date(2026, 8, 1)),
    ("+2w", date(2026, 4, 3)), ("-1 month", date(2026, 2, 20)), ("+6m", date(2026, 9, 20)),
    ("tomorrow", date(2026, 3, 21)), ("2026-08", date(2026, 8, 1)),
])
def test_unambiguous_dates_are_read(text: str, expected: date) -> None:
    assert parse_bound(text, TODAY, end=False) == expected


def test_non_ascii_digits_are_not_dates() -> None:
    with pytest.raises(ValueError, match="0-9"):
        parse_bound("٢٠٢٦-٠٣-٢٥", TODAY, end=False)


@pytest.mark.parametrize(("text", "span"), [
    ("6m", Offset(6, "month")), ("6 months", Offset(6, "month")), ("6mo", Offset(6, "month")),
    ("2w", Offset(2, "week")), ("2 weeks", Offset(2, "week")), ("7d", Offset(7, "day")),
    ("90 days", Offset(90, "day")), ("1y", Offset(1, "year")), ("1 Year", Offset(1, "year")),
])
def test_one_span_syntax(text: str, span: Offset) -> None:
    assert parse_span(text) == span


@pytest.mark.parametrize("text", ["12h", "a while", "-3 days", "6", "1000000 weeks",
                                  "99999999999d", "3 fortnights"])
def test_bad_spans_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_span(text)


def test_shift_outside_the_calendar_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="outside the calendar"):
        shift(date(1, 1, 1), Offset(-1, "day"))
    with pytest.raises(ValueError, match="outside the calendar"):
        shift(date(9999, 12, 1), Offset(2, "month"))


@pytest.mark.parametrize("args", [
    ("upcoming", "--days", "99999999999999999999"),
    ("upcoming", "--within", "1000000 weeks"),
    ("upcoming", "--as-of", "-9999999999 days"),
    ("upcoming", "--as-of", "9999-12-31"),
    ("list", "--as-of", "9999-12-31"),
    ("export", "--alarm", "99999999999d"),
    ("export", "--alarm", "6 months"),
    ("list", "--from", "-1 day", "--as-of", "0001-01-01"),
    ("list", "--from", "-1 day", "--as-of", "1900-01-01", "--to", "+9999 years"),
    ("list", "--from", "01/08/2026"),
    ("list", "--to", "1.8.2026"),
    ("upcoming", "--as-of", "01/08/2026"),
    ("remind", "--as-of", "1.8.2026"),
])
def test_odd_option_values_are_usage_errors(run: Runner, args: tuple[str, ...]) -> None:
    result = run(*args, "--registry", str(REGISTRY))
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: --"), result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def test_within_and_alarm_take_the_same_spans(run: Runner) -> None:
    assert ids(run("upcoming", *R, "--within", "2w", "-f", "json").stdout) == \
        ids(run("upcoming", *R, "--within", "14 days", "-f", "json").stdout) == \
        ids(run("upcoming", *R, "--days", "14", "-f", "json").stdout)
    assert run("upcoming", *R, "--within", "6m").exit_code == 0
    assert b"TRIGGER:-P14D" in run("export", *R, "--alarm", "2 weeks").stdout_bytes
    assert b"TRIGGER:-PT12H" in run("export", *R, "--alarm", "12 hours").stdout_bytes


def test_spelling_key() -> None:
    assert spelling_key("Comment-Close") == spelling_key("comment_close") == "comment-close"
    assert spelling_key(" state  council ") == spelling_key("State Council")


@pytest.mark.parametrize(("option", "value"), [
    ("--topic", "RoHS"), ("--topic", "Mandatory_Standard"), ("--authority", "samr"),
    ("--kind", "Comment-Close"), ("--kind", "MANDATORY_FROM"), ("--status", "Final"),
    ("--certainty", "Official"),
])
def test_every_vocabulary_ignores_case_and_separators(run: Runner, option: str,
                                                      value: str) -> None:
    result = run("list", *R, "--all", option, value, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert ids(result.stdout)


@pytest.mark.parametrize(("option", "value", "suggestion"), [
    ("--kind", "comment_closed", "comment_close"), ("--topic", "rosh", "rohs"),
    ("--status", "finale", "final"), ("--certainty", "oficial", "official"),
    ("--authority", "SAMRR", "SAMR"),
])
def test_every_vocabulary_says_did_you_mean(run: Runner, option: str, value: str,
                                            suggestion: str) -> None:
    result = run("list", *R, option, value)
    assert result.exit_code == 2
    assert f"Did you mean {suggestion!r}?" in result.stderr


def test_lookup_returns_the_canonical_value() -> None:
    assert lookup(["SAMR", "State Council"], "authority")("state-council") == "State Council"


@pytest.mark.parametrize(("wanted", "number", "matches"), [
    ("GB 4706", "GB/T 4706.1-2024", True), ("gb4706", "GB 4706.2-2024", True),
    ("GB/T 4706", "GB/T 4706.1-2024", True), ("GB/T 4706", "GB 4706.1-2024", False),
    ("GB 4706", "GB 47061-2024", False), ("GB", "GB 26572", True),
    ("GB 26572", "GB 26572", True), ("CNCA-C25", "CNCA-C25-01:2024", True),
    ("GB 2657", "GB 26572", False), ("GB 26572", None, False),
])
def test_number_prefix(wanted: str, number: str | None, matches: bool) -> None:
    assert number_matches(wanted, number) is matches


def test_number_filter(run: Runner) -> None:
    result = run("list", *R, "--all", "--number", "gb 26572", "-f", "json")
    assert {i.split("/")[0] for i in ids(result.stdout)} == {"rohs-draft"}
    both = run("list", *R, "--all", "--number", "GB", "--number", "CNCA", "-f", "json")
    assert {i.split("/")[0] for i in ids(both.stdout)} == \
        {"rohs-draft", "battery-standard", "ccc-chargers"}
    assert run("upcoming", *R, "--number", "GB 26572", "-f", "json").exit_code == 0


def test_show_finds_an_instrument_by_number(run: Runner) -> None:
    by_id = run("show", *R, "rohs-draft")
    for number in ("GB 26572", "gb26572", "GB  26572"):
        result = run("show", *R, number)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == by_id.stdout
    several = run("show", *R, "GB")
    assert several.exit_code == 2
    assert "2 instruments have a number starting with 'GB'" in several.stderr
    assert "rohs-draft (GB 26572)" in several.stderr


@pytest.mark.parametrize("command", ["list", "upcoming", "export"])
def test_an_unknown_id_is_named(run: Runner, command: str) -> None:
    result = run(command, *R, "--id", "rohs-draft", "--id", "rohs-drafts")
    assert result.exit_code == 2
    assert result.stderr == ("error: no instrument with id 'rohs-drafts'\n"
                             "hint: did you mean rohs-draft?\n")
    assert "widen the filters" not in result.stderr


def test_check_bundled_is_the_bundled_registry(run: Runner) -> None:
    named = run("check", "bundled")
    assert named.exit_code == 0, named.stderr
    assert named.stdout == run("check", "-r", "bundled").stdout


def test_a_subscription_filters_by_number(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sesec_deadlines.core.query import Filters
    from sesec_deadlines.remind.checks import load

    config = tmp_path / "config.toml"
    config.write_text('from = "a@example.org"\n[smtp]\nhost = "localhost"\n'
                      'security = "none"\nport = 2525\n'
                      '[[subscription]]\nto = ["b@example.org"]\nnumbers = ["gb 26572"]\n')
    config.chmod(0o600)
    filters: Filters = load(config).subscriptions[0].filters
    assert filters.numbers == ("gb 26572",)
