"""The reminder configuration: one TOML file, checked whole, every problem with file and field.

See docs/reminders.md for the format. The password is never taken from the command line
and never printed: it comes from an environment variable, a command, or this file when
the file is readable by its owner alone.
"""

from __future__ import annotations

import ipaddress
import os
import re
import stat
from dataclasses import dataclass, field
from email.utils import parseaddr
from enum import StrEnum
from pathlib import Path
from typing import Any

from sesec_deadlines.core.dates import Offset
from sesec_deadlines.core.errors import ConfigError, Problem, ProblemsError
from sesec_deadlines.core.query import Filters, Profile
from sesec_deadlines.core.vocab import Kind
from sesec_deadlines.remind.ladders import MAX_LEAD, Lead, default_ladder, sorted_ladder

__all__ = ["MAX_LEAD"]

APP = "sesec-deadlines"
ENV_CONFIG = "DEADLINES_CONFIG"
DEFAULT_TIMEOUT = 30.0
MASK = "********"
_ENV_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CONTROL_CHARS_RE = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")
# a domain label: letters (any script) and digits, with hyphens inside
_LABEL_RE = re.compile(r"^(?!-)(?:[^\W_]|-){1,63}(?<!-)$")


class Security(StrEnum):
    STARTTLS = "starttls"
    SSL = "ssl"
    NONE = "none"


DEFAULT_PORTS = {Security.STARTTLS: 587, Security.SSL: 465, Security.NONE: 25}


@dataclass(frozen=True)
class Password:
    """Where the SMTP password comes from: "env", "command" or "file"."""

    source: str
    env: str | None = None
    command: str | tuple[str, ...] | None = None
    value: str | None = field(default=None, repr=False)

    def resolve(self, timeout: float) -> str:
        """The password itself; ConfigError when its source gives none."""
        if self.source == "env":
            value = os.environ.get(self.env or "", "")
            if not value:
                raise ConfigError(
                    f"smtp.password_env names the environment variable {self.env}, "
                    "which is not set or empty",
                    hint="set it where cron or systemd runs `deadlines remind` "
                    "(e.g. Environment= in the service, or a line in the crontab)",
                )
            return value
        if self.source == "command":
            return _run_password_command(self.command or "", timeout)
        return self.value or ""


def _run_password_command(command: str | tuple[str, ...], timeout: float) -> str:
    import subprocess

    try:
        done = subprocess.run(
            command if isinstance(command, str) else list(command),
            shell=isinstance(command, str),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConfigError(f"smtp.password_command could not run: {exc}") from None
    if done.returncode != 0:
        said = done.stderr.strip().splitlines()
        raise ConfigError(
            f"smtp.password_command failed with exit code {done.returncode}"
            + (f": {said[-1][:200]}" if said else "")
        )
    lines = done.stdout.splitlines()
    if not lines or not lines[0]:
        raise ConfigError("smtp.password_command printed no password on its first line")
    return lines[0]


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    security: Security
    username: str | None = None
    password: Password | None = None
    timeout: float = DEFAULT_TIMEOUT
    ca_file: Path | None = None

    def loopback(self) -> bool:
        return is_loopback(self.host)


def is_loopback(host: str) -> bool:
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Subscription:
    """Who gets which milestones, and how long ahead (remind.ladders)."""

    name: str
    to: tuple[str, ...]  # as written: "alice@example.com" or "Alice <alice@example.com>"
    filters: Filters = field(default_factory=Filters)
    leads: tuple[Lead, ...] | None = None  # None: each kind's own ladder
    kind_leads: tuple[tuple[Kind, tuple[Lead, ...]], ...] = ()
    include_approximate: bool = False

    def ladder(self, kind: Kind) -> tuple[Offset, ...]:
        """The rungs for a kind, earliest first: its `kind_leads`, else `leads`, else the
        kind's default ladder."""
        chosen = dict(self.kind_leads).get(kind) or self.leads or default_ladder(kind)
        return sorted_ladder(chosen)


@dataclass(frozen=True)
class Config:
    path: Path
    sender: str
    smtp: Smtp
    subscriptions: tuple[Subscription, ...]
    registry: tuple[str, ...] = ()
    working_calendar: str | None = None  # "DE": spans in working days count with it
    profiles: tuple[Profile, ...] = ()  # [profile.NAME] tables
    people: tuple[tuple[str, str], ...] = ()  # [people]: owner's name -> address
    act_by_leads: tuple[Lead, ...] | None = None  # None: remind.owners.ACT_BY_LEADS


def address(text: str) -> str:
    """The bare address of "Name <addr>" or "addr"."""
    return parseaddr(text)[1]


def config_path(option: str | Path | None) -> Path:
    """--config, else $DEADLINES_CONFIG, else config.toml in the user config directory."""
    if option is not None:
        return Path(option)
    env = os.environ.get(ENV_CONFIG, "").strip()
    if env:
        return Path(env)
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP, appauthor=False)) / "config.toml"


def describe_mode(path: Path) -> str:
    try:
        return stat.filemode(path.stat().st_mode)
    except OSError:
        return "?"


def is_env_name(text: str) -> bool:
    """Whether the text is an environment variable's name (letters, digits, _)."""
    return bool(_ENV_NAME_RE.match(text))


def valid_address(text: str) -> bool:
    """One mailbox, "addr" or "Name <addr>", that a server can deliver to as written.

    The email package's own header parser reads it (so "a@b, c@d" is two addresses and
    refused, and "x@exa mple" is a defect, not "x@exa"); the domain must be dot-separated
    labels of letters, digits and inner hyphens (Unicode letters allowed: they are sent
    in IDNA form)."""
    if _CONTROL_CHARS_RE.search(text):
        return False
    from email import policy

    try:
        parsed = policy.default.header_factory("To", text)
    except Exception:  # the parser raises on some malformed input; that is a "no"
        return False
    defects = [d for d in parsed.defects if type(d).__name__ != "NonASCIILocalPartDefect"]
    if defects or len(parsed.addresses) != 1:
        return False
    mailbox = parsed.addresses[0]
    if not mailbox.username or " " in mailbox.username or not mailbox.domain:
        return False
    if mailbox.addr_spec != address(text):
        return False
    labels = mailbox.domain.split(".")  # labels in Unicode are checked by their IDNA form
    return all(label and (not label.isascii() or _LABEL_RE.match(label)) for label in labels)


class ConfigProblems(ProblemsError, ConfigError):
    """Every problem of a configuration file, each with its file and field."""

    subject = "the configuration"
    recheck = "run `deadlines config show` to check"

    def lines(self) -> list[str]:
        return [*super().lines(), "hint: `deadlines help reminders` describes every setting"]


def parse_config(path: Path, missing: ConfigError
                 ) -> tuple[dict[str, Any], str, os.stat_result]:
    """The configuration file parsed (the one TOML reader): its tables, its text and its
    status; `missing` is
    raised when there is no file, ConfigError when it cannot be read, ConfigProblems for
    a syntax error."""
    from sesec_deadlines.storage.files import CONFIG_LIMIT, RefusedFile, read_input
    from sesec_deadlines.storage.toml import parse_bytes

    try:
        raw = read_input(path, CONFIG_LIMIT)
        info = path.stat()
    except FileNotFoundError:
        raise missing from None
    except RefusedFile as exc:
        raise ConfigError(f"{path}: {exc.reason}; the configuration is a TOML text file"
                          ) from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    problems: list[Problem] = []
    parsed = parse_bytes(str(path), raw, problems, empty_hint="`deadlines config init` "
                         "writes a starting configuration")
    if parsed.data is None:
        raise ConfigProblems(problems)
    return parsed.data, parsed.text, info
