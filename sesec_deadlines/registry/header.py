"""The top-level keys of a registry file besides its tables: what the file says of itself.

- `baseline = 2026-11-25`: the day of the file's first build. Every instrument and
  milestone that entered the file on or before it is the registry's creation, which
  `deadlines changes` shows as one change ("registry created with N instruments, M
  milestones"), not one per entry.
- `complete = true`: the file is a registry of its own, not an addition to the bundled
  one, so reading it without the bundled registry needs no notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sesec_deadlines.core.errors import Problem
from sesec_deadlines.registry.checker import Checker
from sesec_deadlines.storage.toml import ParsedFile, type_name

HEADER_KEYS = ("baseline", "complete")


@dataclass(frozen=True)
class Header:
    baseline: date | None = None
    complete: bool = False


def read_header(parsed: ParsedFile, problems: list[Problem]) -> Header:
    """The file's `baseline` and `complete`, each problem located."""
    data = parsed.data or {}
    c = Checker(parsed, problems, None, None)
    baseline = c.toml_date(data, "baseline", required=False)
    complete = data.get("complete", False)
    if type(complete) is not bool:
        c.report("complete", f"must be true or false, not {type_name(complete)}")
        complete = False
    return Header(baseline, complete)
