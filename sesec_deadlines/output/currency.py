"""How current the registry is, as the timeline, its picture and the published page say:
its newest edition and age (core.staleness) and its newest verification."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from sesec_deadlines.core.coverage import Coverage
from sesec_deadlines.core.model import Edition, Instrument, KnownEdition
from sesec_deadlines.core.staleness import Freshness, Staleness, freshness


@dataclass(frozen=True)
class Currency:
    """How current the registry is: its newest edition and age (core.staleness), and its
    newest verification."""

    freshness: Freshness
    last_verified: date | None = None
    version: str | None = None  # the registry's data version (core.dataversion)

    def age(self) -> str | None:
        """"SESEC VI, ... (published 2026-01-01, 334 days ago)", with ": later deadlines
        are not in it" when the registry is old; None without a known edition."""
        newest = self.freshness.newest
        if newest is None:
            return None
        days = self.freshness.age_days or 0
        ago = f", {days} day{'s' if days != 1 else ''} ago" if days >= 0 else ""
        text = f"{newest.label} (published {newest.published.isoformat()}{ago})"
        return text + (": later deadlines are not in it" if self.freshness.stale else "")

    def describe(self) -> str:
        parts = []
        age = self.age()
        if age:
            parts.append(f"registry current to {age}")
        if self.freshness.coverage:
            parts.append(self.freshness.coverage.words())
        if self.last_verified:
            parts.append(f"last verified {self.last_verified.isoformat()}")
        return "; ".join(parts) or "registry freshness unknown"


def currency(editions: Iterable[Edition], instruments: Iterable[Instrument], today: date,
             staleness: Staleness | None = None, version: str | None = None, *,
             uncurated: Iterable[KnownEdition] = (),
             coverage: Coverage | None = None) -> Currency:
    """The registry's currency as of `today`: core.staleness.freshness of the declared
    `editions` its `instruments` cite, and the newest `last_verified` among them;
    `version` is the registry's data version; with the `uncurated` editions (or their
    `coverage`, worked out already), how many editions of the span are curated."""
    insts = list(instruments)
    cited = {s.edition for inst in insts for s in inst.sources if s.edition}
    thresholds = (staleness or Staleness(today)).thresholds
    verified = max((inst.last_verified for inst in insts), default=None)
    fresh = freshness(editions, cited, today, thresholds, version=version, uncurated=uncurated)
    if coverage is not None:
        fresh = replace(fresh, coverage=coverage)
    return Currency(fresh, verified, version)
