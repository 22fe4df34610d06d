"""The settings in force, for `deadlines config show`: defaults filled in, secrets masked."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sesec_deadlines.core.query import Filters, Profile
from sesec_deadlines.remind.addresses import needs_smtputf8
from sesec_deadlines.remind.config import MASK, Config, is_env_name
from sesec_deadlines.remind.ladders import lead_value


def effective(config: Config) -> dict[str, Any]:
    """The settings in force, defaults filled in and secrets masked, for `config show`."""
    smtp: dict[str, Any] = {
        "host": config.smtp.host,
        "port": config.smtp.port,
        "security": config.smtp.security.value,
        "timeout": config.smtp.timeout,
    }
    if config.smtp.username:
        smtp["username"] = config.smtp.username
    pw = config.smtp.password
    if pw is not None:
        if pw.source == "env":
            # only a variable's name is shown; anything else may be the password itself
            smtp["password_env"] = pw.env if is_env_name(pw.env or "") else MASK
        elif pw.source == "command":
            smtp["password_command"] = (
                pw.command if isinstance(pw.command, str) else list(pw.command or ())
            )
        else:
            smtp["password"] = MASK
    if config.smtp.ca_file is not None:
        smtp["ca_file"] = str(config.smtp.ca_file)
    subs = []
    for sub in config.subscriptions:
        entry: dict[str, Any] = {"name": sub.name, "to": list(sub.to)}
        entry.update(filter_settings(sub.filters))
        if sub.leads is not None:
            entry["leads"] = [lead_value(lead) for lead in sub.leads]
        if sub.kind_leads:  # as configured: other kinds keep their own ladders
            entry["kind_leads"] = {k.value: [lead_value(lead) for lead in v]
                                   for k, v in sub.kind_leads}
        entry["include_approximate"] = sub.include_approximate
        subs.append(entry)
    doc: dict[str, Any] = {"from": config.sender, "smtp": smtp}
    doc["reminders"] = {"registry": list(config.registry)} if config.registry else {}
    if config.working_calendar is not None:
        doc["reminders"]["working_calendar"] = config.working_calendar
    doc["subscription"] = subs
    if config.profiles:
        doc["profile"] = {p.name: profile_settings(p) for p in config.profiles}
    return doc


def profile_settings(profile: Profile) -> dict[str, list[str]]:
    """A product profile as `config show` prints it."""
    pairs = (("topics", sorted(profile.topics)), ("search", list(profile.search)),
             ("numbers", list(profile.numbers)), ("product_codes", list(profile.product_codes)),
             ("authorities", sorted(profile.authorities)))
    return {key: values for key, values in pairs if values}


def warnings(config: Config) -> list[str]:
    """What the settings allow but some servers refuse: addresses that need SMTPUTF8."""
    out = []
    why = ("its part before the @ is not ASCII: only a server that offers SMTPUTF8 takes it "
           "(if yours does not, `deadlines remind` reports that email and sends the others)")
    if needs_smtputf8(config.sender):
        out.append(f"from: {config.sender!r}: {why}; no email can be sent without it")
    for sub in config.subscriptions:
        label = sub.name if sub.name.startswith("subscription ") else f"subscription {sub.name}"
        out += [f"{label}: to: {to!r}: {why}" for to in sub.to if needs_smtputf8(to)]
    return out


def filter_settings(filters: Filters) -> dict[str, list[str]]:
    pairs: Iterable[tuple[str, Iterable[str]]] = (
        ("topics", filters.topics),
        ("kinds", (k.value for k in filters.kinds)),
        ("authorities", filters.authorities),
        ("statuses", (s.value for s in filters.statuses)),
        ("certainty", (c.value for c in filters.certainties)),
        ("products", filters.products),
        ("search", filters.search),
        ("ids", filters.items),
        ("numbers", filters.numbers),
        ("profile", (p.name for p in filters.profiles)),
    )
    out: dict[str, list[str]] = {}
    for key, values in pairs:
        listed = list(values) if isinstance(values, tuple) else sorted(values)
        if listed:
            out[key] = listed
    return out


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def to_toml(doc: dict[str, Any]) -> str:
    """Settings as compact TOML: scalars first, then tables, then arrays of tables."""
    lines = [f"{k} = {_toml_value(v)}" for k, v in doc.items()
             if not isinstance(v, dict) and not (v and isinstance(v, list)
                                                 and isinstance(v[0], dict))]
    for key, value in doc.items():
        if isinstance(value, dict) and value:
            lines += ["", f"[{key}]", *(f"{k} = {_toml_value(v)}" for k, v in value.items())]
    for key, value in doc.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for table in value:
                lines += ["", f"[[{key}]]",
                          *(f"{k} = {_toml_value(v)}" for k, v in table.items())]
    return "\n".join(lines) + "\n"
