"""Which editions of the series a registry covers: the curated ones (declared with their
publication day, cited by its sources) against every edition known to fall in its span
(the `curated = false` declarations).

Counted only when the registry declares uncurated editions: a registry that says nothing
of the series' other editions makes no claim about them, so "5 of 5" is never printed
for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sesec_deadlines.core.model import Edition, KnownEdition

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_KEY = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def key_words(key: str) -> str:
    """An edition key for people: "2021-08" -> "Aug 2021"; another key as it is."""
    m = _MONTH_KEY.match(key)
    return f"{MONTHS[int(m[2]) - 1]} {m[1]}" if m else key


@dataclass(frozen=True)
class Coverage:
    curated: int
    total: int
    first: str  # the key of the span's first edition
    last: str  # and of its last
    missing: tuple[str, ...]  # the keys of the editions not curated, in order

    def words(self) -> str:
        """"5 of 26 editions from Aug 2021 to Nov 2025 curated"."""
        return (f"{self.curated} of {self.total} editions from {key_words(self.first)} to "
                f"{key_words(self.last)} curated")

    def record(self) -> dict[str, object]:
        return {"curated": self.curated, "total": self.total, "first": self.first,
                "last": self.last, "missing": list(self.missing)}


def coverage(editions: Iterable[Edition], uncurated: Iterable[KnownEdition]
             ) -> Coverage | None:
    """The coverage of the declared editions; None when no uncurated edition is declared."""
    known = list(uncurated)
    if not known:
        return None
    curated = list(editions)
    keys = sorted([e.key for e in curated] + [e.key for e in known])
    return Coverage(len(curated), len(keys), keys[0], keys[-1],
                    tuple(sorted(e.key for e in known)))


def sentence(span: Coverage | None) -> str:
    """" 5 of 26 editions from Aug 2021 to Nov 2025 curated.", or "" when not known."""
    return f" {span.words()}." if span else ""


def nothing_after(newest: Edition | None, last: date | None) -> str | None:
    """For an empty window ending `last` (None: open) that reaches past the `newest`
    edition: that the registry holds no later edition, so "nothing due" may only mean
    "nothing known"; None when the window ends before it was published."""
    if newest is None or (last is not None and last <= newest.published):
        return None
    return (f"The registry holds no edition after {newest.label} (published "
            f"{newest.published.isoformat()}): deadlines announced since are not in it.")
