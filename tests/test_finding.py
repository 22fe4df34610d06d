"""Finding what applies: word forms, standard numbers in any spelling, suggestions."""

from __future__ import annotations

import json

import pytest

from sesec_deadlines.core.words import term_matches, text_keys, word_key

from .conftest import Runner

BUNDLED = ("--registry", "bundled", "--as-of", "2026-06-15")


def items(run: Runner, *args: str) -> set[str]:
    result = run("list", *BUNDLED, "--all", "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    return {m["item"] for key in ("milestones", "pending", "unconfirmed") for m in doc[key]}


@pytest.mark.parametrize(("forms", "must"), [
    (("charger", "chargers", "charging", "Charging"), "ccc-ev-charging-equipment"),
    (("battery", "batteries"), "gb-power-bank-safety-technical-specification"),
    (("appliance", "appliances"), "cnca-c07-01-2024-household-appliances-ccc"),
])
def test_search_matches_word_forms(run: Runner, forms: tuple[str, ...], must: str) -> None:
    found = [items(run, "--search", form) for form in forms]
    assert all(f == found[0] for f in found), forms
    assert must in found[0]


def test_every_word_of_a_query_must_match(run: Runner) -> None:
    both = items(run, "--search", "household appliances")
    assert both and both <= items(run, "--search", "household")
    assert both <= items(run, "--search", "appliance")
    assert items(run, "--search", "household xyzzy") == set()


def test_a_part_of_a_word_or_number_still_matches_as_written(run: Runner) -> None:
    assert "gb-t-4706-1-2024-household-appliance-safety" in items(run, "--search", "4706")
    assert "ccc-ev-charging-equipment" in items(run, "--search", "char")


def test_word_keys() -> None:
    assert word_key("chargers") == word_key("charging") == word_key("charger")
    assert word_key("batteries") == word_key("battery")
    assert word_key("user") != word_key("us")  # short stems keep their "-er"
    text = "ev charging equipment"
    assert term_matches("Chargers", text, text_keys(text))
    assert not term_matches("chargers plugs", text, text_keys(text))


@pytest.mark.parametrize("spelling", [
    "GB/T 26572", "gb26572", "GB 26572", "GB/T 26572-2011", "gb/t26572-2011", "GB-26572"])
def test_show_finds_a_standard_by_the_number_it_replaces(run: Runner, spelling: str) -> None:
    result = run("show", spelling, *BUNDLED)
    assert result.exit_code == 0, result.stderr
    assert "id:            gb-26572-rohs-revision" in result.stdout
    assert "replaces:      GB/T 26572-2011" in result.stdout


@pytest.mark.parametrize("spelling", ["GB 4706.1", "gb4706.1-2024", "GB/T 4706.1-2024"])
def test_show_finds_a_number_in_any_spelling(run: Runner, spelling: str) -> None:
    result = run("show", spelling, *BUNDLED)
    assert result.exit_code == 0, result.stderr
    assert "gb-t-4706-1-2024-household-appliance-safety" in result.stdout


def test_number_filter_uses_replaced_numbers_and_years(run: Runner) -> None:
    assert items(run, "--number", "GB/T 26572-2011") == {"gb-26572-rohs-revision"}
    assert items(run, "--number", "GB/T 26572-2006") == set()
    assert "gb-36980-1-ev-energy-consumption-limits" in items(run, "--number", "GB/T 36980")


def test_an_unknown_number_or_id_prefix_suggests_ids(run: Runner) -> None:
    result = run("show", "ccc-ev", *BUNDLED)
    assert result.exit_code == 2
    assert result.stderr == ("error: no instrument with id or number 'ccc-ev'\n"
                             "hint: did you mean ccc-ev-charging-equipment?\n")
    # "gb-26572" is also a spelling of the number GB 26572, which the RoHS revision replaces
    assert "gb-26572-rohs-revision" in run("show", "gb-26572", *BUNDLED).stdout
    missing = run("show", "GB/T 99999", *BUNDLED)
    assert missing.exit_code == 2
    assert "'GB/T 99999'" in missing.stderr


@pytest.mark.parametrize(("option", "value", "suggestion"), [
    ("--topic", "household appliances", "electrical"),
    ("--topic", "Compulsory Certification", "ccc"),
    ("--kind", "last day of transition", "transition_end"),
    ("--kind", "last day for comments", "comment_close"),
    ("--authority", "Ministry of Industry", "MIIT"),
])
def test_vocabularies_suggest_by_their_descriptions(run: Runner, option: str, value: str,
                                                    suggestion: str) -> None:
    result = run("list", *BUNDLED, option, value)
    assert result.exit_code == 2
    said = result.stderr.split("Did you mean ", 1)[1].split("?", 1)[0]
    assert repr(suggestion) in said.split(" or ")


def test_an_empty_list_says_what_matches_outside_its_window(run: Runner) -> None:
    out = run("list", "--registry", "bundled", "--as-of", "2027-06-01", "-t", "ccc",
              "-k", "mandatory_from").stdout
    assert "No milestone matches (from 2027-06-01)." in out
    assert "milestone(s) outside the window match the filters: add `--all`" in out
    none = run("list", *BUNDLED, "--search", "xyzzy").stdout
    assert "outside the window" not in none
