"""Checking a parsed configuration file: every problem in one pass, with file, line and field."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sesec_deadlines.core.errors import ConfigError, Problem
from sesec_deadlines.core.query import Filters, Profile, make_filters
from sesec_deadlines.core.vocab import AUTHORITIES, TOPICS, Certainty, Kind, Status
from sesec_deadlines.core.vocab import lookup as _vocab
from sesec_deadlines.remind.addresses import domain_problem
from sesec_deadlines.remind.config import (
    DEFAULT_PORTS,
    DEFAULT_TIMEOUT,
    ENV_CONFIG,
    Config,
    ConfigProblems,
    Password,
    Security,
    Smtp,
    Subscription,
    describe_mode,
    is_env_name,
    is_loopback,
    parse_config,
    valid_address,
)
from sesec_deadlines.remind.ladders import Lead
from sesec_deadlines.remind.profiles import read_profiles
from sesec_deadlines.remind.reading import Scope
from sesec_deadlines.storage.toml import LineMap, suggest

TOP_KEYS = ("from", "smtp", "reminders", "subscription", "profile", "people",
            "update_url")  # `deadlines update`
SMTP_KEYS = ("host", "port", "security", "username", "password", "password_env",
             "password_command", "timeout", "ca_file")
PASSWORD_KEYS = ("password_env", "password_command", "password")
REMINDER_KEYS = ("leads", "kind_leads", "include_approximate", "registry", "working_calendar",
                 "act_by_leads")
FILTER_KEYS = ("topics", "kinds", "authorities", "statuses", "certainty", "products",
               "search", "ids", "numbers")
SUBSCRIPTION_KEYS = ("name", "to", *FILTER_KEYS, "profile", "leads", "kind_leads",
                     "include_approximate")


@dataclass(frozen=True)
class Defaults:
    leads: tuple[Lead, ...] | None  # None: each kind's own ladder (remind.ladders)
    kind_leads: dict[Kind, tuple[Lead, ...]]
    include_approximate: bool


def read_config(data: dict[str, Any], path: Path, text: str, problems: list[Problem], *,
                owner_only: bool) -> Config | None:
    """The typed configuration, or None; problems are appended, not raised."""
    file = str(path)
    lines = LineMap(text)
    top = Scope(file, lines, problems, "")
    top.unknown(data, TOP_KEYS)
    sender = top.string(data, "from", required=True)
    if sender is not None and not valid_address(sender):
        top.report("from", f"{sender!r} is not an email address like "
                   "\"Deadlines <deadlines@example.com>\"")
    elif sender is not None and (why := domain_problem(sender)):
        top.report("from", why)
    if "smtp" not in data:
        top.report("smtp", "missing the [smtp] table: which server sends the mail?")
    smtp = _smtp(Scope(file, lines, problems, "smtp", "smtp."),
                 top.table_of(data, "smtp"), path, owner_only)
    rem = Scope(file, lines, problems, "reminders", "reminders.")
    reminders = top.table_of(data, "reminders")
    rem.unknown(reminders, REMINDER_KEYS)
    defaults = Defaults(rem.leads(reminders, "leads"),
                        rem.kind_leads(reminders),
                        bool(rem.boolean(reminders, "include_approximate")))
    registry = [v if v == "bundled" else str(path.parent / Path(v).expanduser())
                for v in rem.strings(reminders, "registry")]
    working = rem.string(reminders, "working_calendar")
    if working is not None:
        from sesec_deadlines.core.workdays import WorkingCalendar

        try:
            working = WorkingCalendar.parse(working).checked().code
        except ValueError as exc:
            rem.report("working_calendar", str(exc))
    profiles = read_profiles(data, file, lines, problems)
    tables = data.get("subscription", [])
    if not isinstance(tables, list) or not all(isinstance(s, dict) for s in tables):
        top.report("subscription", "must be an array of tables, written [[subscription]]")
        tables = []
    elif not tables and not data.get("people"):
        top.report("subscription", "no [[subscription]] tables and no [people]: nobody would "
                   "get a reminder")
    subs = []
    for index, table in enumerate(tables):
        raw_name = table.get("name")
        label = raw_name if isinstance(raw_name, str) and raw_name.strip() else f"#{index + 1}"
        scope = Scope(file, lines, problems, f"subscription[{index}]",
                      entry=f"subscription {label}")
        name = label if label != f"#{index + 1}" else f"subscription {label}"
        subs.append(_subscription(scope, table, name, defaults, profiles))
    people = _people(Scope(file, lines, problems, "people", "people."),
                     top.table_of(data, "people"))
    act_by_leads = rem.leads(reminders, "act_by_leads")
    if problems or sender is None or smtp is None:
        return None
    return Config(path, sender, smtp, tuple(subs), tuple(registry), working,
                  tuple(profiles.values()), tuple(people.items()), act_by_leads)


def _people(s: Scope, t: dict[str, Any]) -> dict[str, str]:
    """`[people]`: each owner's name, as the team writes it with `deadlines track
    --owner`, and the address their digest goes to."""
    people: dict[str, str] = {}
    seen: dict[str, str] = {}
    for name in t:
        to = s.string(t, name)
        if to is None:
            continue
        if not valid_address(to):
            s.report(name, f"{to!r} is not an email address")
        elif why := domain_problem(to):
            s.report(name, f"{to!r}: {why}")
        elif name.casefold() in seen:
            s.report(name, f"{name!r} is {seen[name.casefold()]!r} again: owners' names are "
                     "compared in any case")
        else:
            seen[name.casefold()] = name
            people[name] = to
    return people


def _smtp(s: Scope, t: dict[str, Any], path: Path, owner_only: bool) -> Smtp | None:
    s.unknown(t, SMTP_KEYS)
    host = s.string(t, "host", required=True)
    security = Security.STARTTLS
    if "security" in t:
        text = s.string(t, "security") or ""
        if text in Security._value2member_map_:
            security = Security(text)
        elif text:
            s.report("security", f"unknown security {text!r}; allowed: starttls, ssl, none")
    port = s.number(t, "port", 1, 65535, integer=True)
    timeout = s.number(t, "timeout", 1, 600, integer=False)
    username = s.string(t, "username")
    ca_file = None
    if (ca := s.string(t, "ca_file")) is not None:
        ca_file = path.parent / Path(ca).expanduser()
        if not ca_file.is_file():
            s.report("ca_file", f"no such file: {ca_file}")
    password = _password(s, t, path, owner_only)
    if username and password is None and not any(k in t for k in PASSWORD_KEYS):
        s.report("username", "a username needs a password: set password_env, "
                 "password_command or password")
    if password is not None and not username:
        s.report(password_key(password), "a password needs smtp.username")
    if username and security is Security.NONE and host and not is_loopback(host):
        s.report("security", 'security = "none" would send the password in clear text; '
                 'use "starttls" or "ssl" (or a relay on this machine, host = "localhost")')
    if host is None:
        return None
    return Smtp(host, int(port or DEFAULT_PORTS[security]), security, username, password,
                float(timeout or DEFAULT_TIMEOUT), ca_file)


def password_key(password: Password) -> str:
    return {"env": "password_env", "command": "password_command"}.get(password.source,
                                                                     "password")


def _password(s: Scope, t: dict[str, Any], path: Path, owner_only: bool) -> Password | None:
    given = [k for k in PASSWORD_KEYS if k in t]
    if len(given) > 1:
        s.report(given[1], f"give one of {', '.join(given)}, not several")
        return None
    if not given:
        return None
    key = given[0]
    if key == "password_env":
        name = t[key]
        if not isinstance(name, str) or not is_env_name(name):
            # never shown: a value that is not a variable's name may be the password itself
            s.report(key, "is not the name of an environment variable (letters, digits and "
                     "_, not starting with a digit); its value is not shown, in case it is "
                     "the password: put the password in a variable, e.g. "
                     "DEADLINES_SMTP_PASSWORD, and its name here")
            return None
        return Password("env", env=name)
    if key == "password_command":
        value = t[key]
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return Password("command", command=tuple(value))
        command = s.string(t, key)
        return Password("command", command=command) if command else None
    value = t[key]
    if not isinstance(value, str) or not value:
        s.report(key, "must be a non-empty string")
        return None
    if not owner_only:
        s.report(key, f"the file holds a password but is not readable by its owner alone "
                 f"({describe_mode(path)}): run `chmod 600 {path}`, or use password_env "
                 "or password_command instead")
        return None
    return Password("file", value=value)


def _subscription(s: Scope, t: dict[str, Any], name: str, defaults: Defaults,
                  profiles: dict[str, Profile]) -> Subscription:
    s.unknown(t, SUBSCRIPTION_KEYS)
    if "to" not in t:
        s.report("to", "missing required setting 'to': the recipients' addresses")
    to = s.strings(t, "to")
    if "to" in t and not to and isinstance(t["to"], list):
        s.report("to", "lists no recipient")
    for item in to:
        if not valid_address(item):
            s.report("to", f"{item!r} is not an email address")
        elif why := domain_problem(item):
            s.report("to", f"{item!r}: {why}")
    filters = _filters(s, t, profiles)
    kind_leads = {**defaults.kind_leads, **s.kind_leads(t)}
    approximate = s.boolean(t, "include_approximate")
    return Subscription(
        name=name,
        to=tuple(to),
        filters=filters,
        leads=s.leads(t, "leads") or defaults.leads,
        kind_leads=tuple(sorted(kind_leads.items())),
        include_approximate=defaults.include_approximate if approximate is None else approximate,
    )


def _filters(s: Scope, t: dict[str, Any], profiles: dict[str, Profile]) -> Filters:
    def allowed(enum: Any) -> list[str]:
        return [member.value for member in enum]

    return make_filters(
        kind=[Kind(v) for v in s.vocab(t, "kinds", _vocab(allowed(Kind), "kind"))],
        topic=s.vocab(t, "topics", _vocab(TOPICS, "topic")),
        authority=s.vocab(t, "authorities", _vocab(AUTHORITIES, "authority", fold=True)),
        status=[Status(v) for v in s.vocab(t, "statuses", _vocab(allowed(Status), "status"))],
        certainty=[Certainty(v) for v in s.vocab(t, "certainty",
                                                 _vocab(allowed(Certainty), "certainty"))],
        product=s.strings(t, "products"),
        search=s.strings(t, "search"),
        item=s.strings(t, "ids"),
        number=s.strings(t, "numbers"),
        profiles=_profiles(s, t, profiles),
    )


def _profiles(s: Scope, t: dict[str, Any], profiles: dict[str, Profile]) -> list[Profile]:
    """A subscription's `profile = "NAME"` (or a list of names): the profiles it names."""
    if "profile" not in t:
        return []
    value = t["profile"]
    names = [value] if isinstance(value, str) and value else s.strings(t, "profile")
    chosen = []
    for name in names:
        if name in profiles:
            chosen.append(profiles[name])
        else:
            s.report("profile", f"no [profile.{name}] table in this file"
                     f"{suggest(name, tuple(profiles))}")
    return chosen


def load(path: Path) -> Config:
    """Read and check the configuration; raise ConfigError listing every problem."""
    data, text, info = parse_config(path, ConfigError(
        f"no configuration file at {path}",
        hint="create one with `deadlines config init`, or point --config or "
        f"{ENV_CONFIG} at yours"))
    problems: list[Problem] = []
    config = read_config(data, path, text, problems,
                         owner_only=_owner_only(info))
    if problems or config is None:
        raise ConfigProblems(problems)
    return config


def _owner_only(info: os.stat_result) -> bool:
    return info.st_mode & 0o077 == 0 and info.st_uid == os.getuid()


def password_problems(config: Config) -> list[Problem]:
    """Whether the password's source gives one now: the variable is set, the command works.

    `remind` asks only when it connects; `config show` and `config test` ask at once, so a
    set-up mistake shows before cron runs into it. The password itself is never shown.
    """
    return get_password(config)[1]


def get_password(config: Config) -> tuple[str | None, list[Problem]]:
    """The password from its source (None without one), or the problem it has, located."""
    password = config.smtp.password
    if password is None:
        return None, []
    if password.source == "file":
        return password.value, []
    key = password_key(password)
    if password.source == "env":
        value = os.environ.get(password.env or "")
        if value:
            return value, []
        message = (f"the environment variable {password.env} is not set or empty here; set it "
                   "where `deadlines remind` runs too (a line in the crontab, or Environment= "
                   "or EnvironmentFile= in the systemd service)")
    else:
        try:
            return password.resolve(config.smtp.timeout), []
        except ConfigError as exc:
            message = exc.message.removeprefix(f"smtp.{key} ")
    try:
        text = config.path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    line = LineMap(text).find("smtp", key)
    return None, [Problem(str(config.path), message, line, None, None, f"smtp.{key}")]
