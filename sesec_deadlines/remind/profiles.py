"""Product profiles: `[profile.NAME]` tables of the configuration, "what my products are"
written once and used by `--profile NAME` on every selecting command and by
`profile = "NAME"` in a reminder subscription."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sesec_deadlines.core.errors import ConfigError, Problem
from sesec_deadlines.core.query import Profile
from sesec_deadlines.core.vocab import AUTHORITIES, TOPICS, lookup
from sesec_deadlines.remind.config import ConfigProblems, parse_config
from sesec_deadlines.remind.reading import Scope
from sesec_deadlines.storage.toml import LineMap, suggest

PROFILE_KEYS = ("topics", "search", "numbers", "product_codes", "authorities")


def read_profiles(data: dict[str, Any], file: str, lines: LineMap,
                  problems: list[Problem]) -> dict[str, Profile]:
    """The `[profile.NAME]` tables of a parsed configuration; problems are appended."""
    tables = data.get("profile", {})
    top = Scope(file, lines, problems, "")
    if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
        top.report("profile", "write each profile as a table: [profile.NAME]")
        return {}
    profiles = {}
    for name, table in tables.items():
        s = Scope(file, lines, problems, f"profile.{name}", f"profile.{name}.",
                  entry=f"profile {name}")
        s.unknown(table, PROFILE_KEYS)
        profile = Profile(
            name=name,
            topics=frozenset(s.vocab(table, "topics", lookup(TOPICS, "topic"))),
            search=tuple(s.strings(table, "search")),
            numbers=tuple(s.strings(table, "numbers")),
            product_codes=tuple(s.strings(table, "product_codes")),
            authorities=frozenset(s.vocab(table, "authorities",
                                          lookup(AUTHORITIES, "authority"))),
        )
        if not profile.selects and not profile.authorities:
            s.report("topics", "the profile names nothing: give topics, search, numbers, "
                     "product_codes or authorities")
        profiles[name] = profile
    return profiles


def named(profiles: dict[str, Profile], names: list[str], file: str) -> list[Profile]:
    """The profiles called `names`; ConfigError for a name the file does not define."""
    chosen = []
    for name in names:
        if name not in profiles:
            known = ", ".join(sorted(profiles)) or "none"
            raise ConfigError(f"no profile {name!r} in {file}{suggest(name, tuple(profiles))}",
                              hint=f"profiles defined there: {known}; add a [profile.{name}] "
                                   "table (`deadlines help reminders`, \"Product profiles\")")
        chosen.append(profiles[name])
    return chosen


def load_profiles(path: Path) -> dict[str, Profile]:
    """Only the profiles of the configuration file at `path` (its other settings are not
    needed to select milestones, and are not checked here); ConfigError listing every
    problem of the profiles."""
    data, text, _ = parse_config(path, ConfigError(
        f"--profile: no configuration file at {path}",
        hint="profiles are [profile.NAME] tables of the configuration: `deadlines config "
             "init` writes one with an example"))
    problems: list[Problem] = []
    profiles = read_profiles(data, str(path), LineMap(text), problems)
    if problems:
        raise ConfigProblems(problems)
    return profiles
