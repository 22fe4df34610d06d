"""The loaded registry: checked instruments and their resolved milestones."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sesec_deadlines.core.model import Edition, Entry, Instrument, KnownEdition
from sesec_deadlines.core.query import Filters
from sesec_deadlines.core.staleness import DRAFT_STAGE
from sesec_deadlines.core.vocab import Certainty, Status

UNSURE = (Certainty.PROPOSED, Certainty.ESTIMATED)


class Registry:
    """Checked instruments and all their milestones, sorted soonest first, pending last."""

    def __init__(self, instruments: tuple[Instrument, ...], entries: tuple[Entry, ...],
                 files: tuple[str, ...], editions: tuple[Edition, ...] = (),
                 version: str = "") -> None:
        self._instruments = instruments
        self._entries = entries
        self.files = files
        self.editions = editions  # as declared by the `[[edition]]` tables, in file order
        self.version = version  # the data version (core.dataversion, registry.version)
        self.uncurated: tuple[KnownEdition, ...] = ()  # `curated = false` editions
        self.baselines: dict[str, date] = {}  # file -> the day of its first build (header)
        self.complete: frozenset[str] = frozenset()  # files that declare `complete = true`
        # per file, the SHA-256 of the text checked (UTF-8), so that publish can tell the
        # file it reads again is the one checked without parsing it (registry.merge)
        self.digests: tuple[str, ...] = ()
        self._by_id: dict[str, Instrument] | None = None  # built on first use, in one pass
        self._entries_by_id: dict[str, list[Entry]] | None = None

    def counts(self) -> tuple[int, int]:
        """How many instruments and milestones the registry holds."""
        return len(self._instruments), len(self._entries)

    def edition(self, key: str) -> Edition | None:
        """The declared edition with this key."""
        return next((e for e in self.editions if e.key == key), None)

    @property
    def instruments(self) -> tuple[Instrument, ...]:
        return self._instruments

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self._entries

    def cited_editions(self) -> frozenset[str]:
        """The edition keys the registry's sources cite."""
        return frozenset(s.edition for i in self.instruments for s in i.sources if s.edition)

    def instrument(self, ident: str) -> Instrument | None:
        if self._by_id is None:
            self._by_id = {}
            for instrument in self.instruments:
                self._by_id.setdefault(instrument.id, instrument)
        return self._by_id.get(ident)

    def entries_of(self, ident: str) -> list[Entry]:
        """The instrument's entries, in the registry's order. The first call indexes every
        entry by instrument (one pass), so asking for each instrument stays linear."""
        if self._entries_by_id is None:
            self._entries_by_id = {}
            for entry in self.entries:
                self._entries_by_id.setdefault(entry.instrument.id, []).append(entry)
        return list(self._entries_by_id.get(ident, ()))

    def window(self, first: date | None, last: date | None,
               filters: Filters | None = None) -> Iterator[Entry]:
        """Dated milestones overlapping [first, last] in order, then every pending one;
        with `filters`, only those that match them (their window aside)."""
        for entry in self.entries:
            if (entry.date is None or entry.date.overlaps(first, last)) and (
                    filters is None or filters.matches(entry)):
                yield entry

    def unconfirmed_before(self, day: date, filters: Filters | None = None) -> Iterator[Entry]:
        """Proposed or estimated dates that ended before `day`, of drafts or computed by a
        relative rule, in order: the candidates for the `lapsed` flag (core.staleness);
        with `filters`, only those that match them (their window aside)."""
        for entry in self.entries:
            if entry.date is None or entry.date.end >= day or entry.certainty not in UNSURE:
                continue
            if entry.milestone.kind in DRAFT_STAGE and entry.anchor is None:
                continue
            if (entry.instrument.status is Status.DRAFT or entry.anchor is not None) and (
                    filters is None or filters.matches(entry)):
                yield entry
