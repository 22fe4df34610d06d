"""Reading typed values from a TOML table, reporting each problem with file, line and field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sesec_deadlines.core.errors import Problem
from sesec_deadlines.core.vocab import Kind
from sesec_deadlines.remind.ladders import Lead, parse_lead, sorted_ladder
from sesec_deadlines.storage.toml import LineMap, suggest, type_name


@dataclass
class Scope:
    """One table of the file: reports problems with its location and reads typed values."""

    file: str
    lines: LineMap
    problems: list[Problem]
    table: str  # in the line map: "", "smtp", "subscription[0]"
    prefix: str = ""  # before field names: "smtp."
    entry: str | None = None  # 'subscription "ccc-team"'

    def report(self, key: str, message: str) -> None:
        line = self.lines.nearest(self.table, key)
        self.problems.append(
            Problem(self.file, message, line, None, self.entry, f"{self.prefix}{key}")
        )

    def unknown(self, table: dict[str, Any], allowed: tuple[str, ...]) -> None:
        for key in table:
            if key not in allowed:
                self.report(key, f"unknown setting {key!r}{suggest(key, allowed)}; allowed: "
                            + ", ".join(allowed))

    def string(self, t: dict[str, Any], key: str, *, required: bool = False) -> str | None:
        if key not in t:
            if required:
                self.report(key, f"missing required setting {key!r}")
            return None
        value = t[key]
        if not isinstance(value, str) or not value.strip():
            self.report(key, f"must be a non-empty string, not {_describe(value)}")
            return None
        return value

    def strings(self, t: dict[str, Any], key: str) -> list[str]:
        value = t.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            hint = f' (write ["{value}"])' if isinstance(value, str) else ""
            if isinstance(value, list):  # say which item, not "not a list"
                bad = next(v for v in value if not (isinstance(v, str) and v))
                what = f"a list holding {_describe(bad)}"
            else:
                what = _describe(value)
            self.report(key, f"must be a list of non-empty strings, not {what}{hint}")
            return []
        return value

    def vocab(self, t: dict[str, Any], key: str, parse: Callable[[str], str]) -> list[str]:
        good = []
        for item in self.strings(t, key):
            try:
                good.append(parse(item))
            except ValueError as exc:
                self.report(key, str(exc))
        return good

    def number(self, t: dict[str, Any], key: str, low: float, high: float, *,
               integer: bool) -> float | None:
        if key not in t:
            return None
        value = t[key]
        kinds = (int,) if integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds) or not low <= value <= high:
            what = "a whole number" if integer else "a number"
            self.report(key, f"must be {what} from {low:g} to {high:g}, not {_describe(value)}")
            return None
        return value

    def boolean(self, t: dict[str, Any], key: str) -> bool | None:
        if key not in t:
            return None
        if not isinstance(t[key], bool):
            self.report(key, f"must be true or false, not {_describe(t[key])}")
            return None
        return bool(t[key])

    def table_of(self, t: dict[str, Any], key: str) -> dict[str, Any]:
        value = t.get(key, {})
        if not isinstance(value, dict):
            self.report(key, f"must be a table, written [{self.prefix}{key}], "
                        f"not {_describe(value)}")
            return {}
        return value

    def leads(self, t: dict[str, Any], key: str,
              label: str | None = None) -> tuple[Lead, ...] | None:
        """A ladder: a non-empty list of days (whole numbers) or spans ("15wd", "2w")
        before the date, each at most once (remind.ladders)."""
        if key not in t:
            return None
        value = t[key]
        label = label or key
        if not isinstance(value, list) or not value:
            self.report(label, "must be a non-empty list of days or working days before "
                        "the date (e.g. [30, 14, 7, 1, 0] or [\"15wd\", \"5wd\", 0]), "
                        f"not {_describe(value)}")
            return None
        rungs = []
        for item in value:
            try:
                rungs.append(parse_lead(item))
            except ValueError as exc:
                self.report(label, f"{exc}; give whole numbers of days from 0 to 3660 or "
                            "spans such as \"15wd\" (working days), \"2w\", \"6m\"")
                return None
        if len(set(rungs)) != len(rungs):
            self.report(label, "lists a number of days twice")
            return None
        return sorted_ladder(rungs)

    def kind_leads(self, t: dict[str, Any]) -> dict[Kind, tuple[Lead, ...]]:
        out = {}
        table = self.table_of(t, "kind_leads")
        kinds = [k.value for k in Kind]
        for name in table:
            ladder = self.leads(table, name, f"kind_leads.{name}")
            if name not in kinds:
                self.report(f"kind_leads.{name}", f"unknown kind {name!r}"
                            f"{suggest(name, kinds)}; allowed: " + ", ".join(kinds))
            elif ladder is not None:
                out[Kind(name)] = ladder
        return out


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return "an empty string" if not value.strip() else f"the string {value!r}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(value)
    return type_name(value)
