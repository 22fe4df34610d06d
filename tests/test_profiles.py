"""Product profiles: "what my products are", written once in the configuration and used by
every selecting command (`--profile NAME`) and by reminder subscriptions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sesec_deadlines.remind.checks import load
from sesec_deadlines.remind.config import ConfigProblems
from sesec_deadlines.remind.template import TEMPLATE

from .conftest import Runner

PROFILES = """\
from = "Deadlines <deadlines@example.com>"

[smtp]
host = "localhost"
security = "none"

[[subscription]]
name = "chargers"
to = ["alice@example.com"]
profile = "chargers"

[profile.chargers]
topics = ["ev"]
search = ["charger"]
numbers = ["GB 44263"]

[profile.appliances]
search = ["household appliance"]
product_codes = ["07"]
authorities = ["SAMR", "CNCA"]
"""
BUNDLED = ("--registry", "bundled", "--as-of", "2026-06-15")
CHARGERS = {"ccc-ev-charging-equipment", "gb-44263-ev-conductive-charging-system-safety",
            "gb-39752-ev-conductive-supply-equipment-safety"}
APPLIANCES = {"cnca-c07-01-2024-household-appliances-ccc",
              "gb-t-4706-1-2024-household-appliance-safety"}


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(PROFILES, encoding="utf-8")
    path.chmod(0o600)
    monkeypatch.setenv("DEADLINES_CONFIG", str(path))
    return path


def items(run: Runner, *args: str) -> set[str]:
    result = run("list", *BUNDLED, "--all", "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    return {m["item"] for key in ("milestones", "pending", "unconfirmed") for m in doc[key]}


def test_a_profile_selects_by_any_of_its_topics_words_numbers_or_codes(
        run: Runner, config: Path) -> None:
    chargers = items(run, "--profile", "chargers")
    assert chargers >= CHARGERS
    assert all(i in items(run, "-t", "ev") | items(run, "--search", "charger")
               | items(run, "--number", "GB 44263") for i in chargers)
    assert items(run, "--profile", "appliances") == APPLIANCES  # authorities hold too
    both = items(run, "--profile", "chargers", "--profile", "appliances")
    assert both == chargers | APPLIANCES
    # other filters still apply on top (AND)
    assert items(run, "--profile", "chargers", "-t", "ccc") <= chargers & items(run, "-t", "ccc")


@pytest.mark.parametrize("command", [
    ("upcoming", "--days", "400", "-f", "json"), ("list", "-f", "json"),
    ("export", "--format", "json", "--all"), ("timeline", "-f", "json"),
    ("changes", "--since", "2020-01-01", "-f", "json"), ("review", "-f", "json"),
    ("inbox", "-f", "json")])
def test_every_selecting_command_takes_a_profile(run: Runner, config: Path,
                                                 command: tuple[str, ...]) -> None:
    chosen = run(*command, "--profile", "appliances", *BUNDLED)
    assert chosen.exit_code == 0, chosen.stderr
    everything = run(*command, *BUNDLED)
    assert len(chosen.stdout) < len(everything.stdout), command
    mentioned = {i for i in APPLIANCES | CHARGERS if i in chosen.stdout}
    assert mentioned <= APPLIANCES, command


def test_publish_takes_a_profile(run: Runner, config: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = run("publish", str(site), "--profile", "chargers", *BUNDLED)
    assert result.exit_code == 0, result.stderr
    page = (site / "deadlines.json").read_text(encoding="utf-8")
    assert "ccc-ev-charging-equipment" in page
    assert "cnca-c07-01-2024-household-appliances-ccc" not in page


def test_an_unknown_profile_is_a_usage_error_with_a_suggestion(run: Runner,
                                                              config: Path) -> None:
    result = run("upcoming", "--profile", "charger", *BUNDLED)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"error: no profile 'charger' in {config} (did you mean 'chargers'?)\n")
    assert "profiles defined there: appliances, chargers" in result.stderr


def test_a_profile_needs_a_configuration_file(run: Runner, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEADLINES_CONFIG", str(tmp_path / "none.toml"))
    result = run("list", "--profile", "chargers", *BUNDLED)
    assert result.exit_code == 2
    assert "--profile: no configuration file at" in result.stderr


def test_a_bad_profile_is_located(run: Runner, config: Path) -> None:
    config.write_text(PROFILES.replace('topics = ["ev"]', 'topics = ["evs"]\ncolour = "red"'),
                      encoding="utf-8")
    result = run("list", "--profile", "chargers", *BUNDLED)
    assert result.exit_code == 2
    assert f"{config}:13: profile chargers: profile.chargers.topics: unknown topic 'evs'" \
        in result.stderr
    assert f"{config}:14: profile chargers: profile.chargers.colour: unknown setting " \
        "'colour'" in result.stderr


def test_a_profile_without_a_reminder_setup_is_enough(run: Runner, config: Path) -> None:
    config.write_text(PROFILES.split("[profile.chargers]", 1)[1].join(
        ["[profile.chargers]", ""]), encoding="utf-8")
    assert items(run, "--profile", "chargers") >= CHARGERS


def test_a_subscription_follows_its_profile(run: Runner, config: Path) -> None:
    loaded = load(config)
    (sub,) = loaded.subscriptions
    assert [p.name for p in sub.filters.profiles] == ["chargers"]
    assert {p.name for p in loaded.profiles} == {"chargers", "appliances"}
    mail = run("remind", "--dry-run", "--as-of", "2026-07-25", "--registry", "bundled")
    assert mail.exit_code == 0, mail.stderr
    assert "CCC certification of electric vehicle charging equipment" in mail.stdout
    assert "household" not in mail.stdout.casefold()


def test_a_subscription_naming_no_profile_is_located(config: Path) -> None:
    config.write_text(PROFILES.replace('profile = "chargers"', 'profile = "chargrs"'),
                      encoding="utf-8")
    with pytest.raises(ConfigProblems) as err:
        load(config)
    assert any(p.line == 10 and "no [profile.chargrs] table in this file (did you mean "
               "'chargers'?)" in p.message for p in err.value.problems)


def test_config_show_lists_profiles_and_init_writes_an_example(run: Runner,
                                                              config: Path) -> None:
    shown = run("config", "show")
    assert shown.exit_code == 0, shown.stderr
    profiles = shown.stdout.split("\n[profile]\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert profiles == [
        'chargers = { topics = ["ev"], search = ["charger"], numbers = ["GB 44263"] }',
        'appliances = { search = ["household appliance"], product_codes = ["07"], '
        'authorities = ["CNCA", "SAMR"] }']
    assert '\nprofile = ["chargers"]\n' in shown.stdout
    assert "# [profile.chargers]\n# topics = [\"ev\"]\n" in TEMPLATE
