"""Frozen, typed records of the registry, and the resolved milestones the commands use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sesec_deadlines.core.dates import Offset, PartialDate
from sesec_deadlines.core.vocab import Certainty, ChangeOrigin, Kind, Status


@dataclass(frozen=True)
class Edition:
    """A publication the registry cites, declared by an `[[edition]]` table.

    `key` is what sources cite ("2025-11"); `label` names it for people; `published` is
    the day it came out; `masthead` is the text that recognises its plain text (the first
    lines of the edition), if it has one.
    """

    key: str
    label: str
    published: dt.date
    masthead: str | None = None
    file: str = ""


@dataclass(frozen=True)
class KnownEdition:
    """An edition of the series that falls in the registry's span but is not curated
    (an `[[edition]]` table with `curated = false`): only what is known of it. Sources
    cannot cite it; `editions` and the freshness line count it."""

    key: str
    label: str
    published: dt.date | None = None  # None: not known (never guessed)
    note: str | None = None  # how it is known, e.g. inferred from the series' schedule
    file: str = ""


@dataclass(frozen=True)
class Source:
    edition: str | None = None
    article: str | None = None
    title: str | None = None
    url: str | None = None
    edition_label: str | None = None  # the cited edition's label, from its declaration

    def words(self) -> str:
        """The edition, article and title, without the address."""
        parts = []
        if self.edition:
            parts.append(self.edition_label or self.edition)
        if self.article:
            parts.append(f"“{self.article}”")
        if self.title:
            parts.append(self.title)
        return ", ".join(parts)

    def describe(self) -> str:
        text = self.words()
        if self.url:
            text = f"{text} <{self.url}>" if text else self.url
        return text


@dataclass(frozen=True)
class Change:
    """An earlier value of a milestone, recorded when a curator changed it: because the
    authority moved it (`origin` MOVED), or because the registry corrected its own record
    (CORRECTED, with the `reason`)."""

    date: PartialDate | None
    certainty: Certainty | None
    changed: dt.date
    origin: ChangeOrigin = ChangeOrigin.MOVED
    reason: str | None = None


@dataclass(frozen=True)
class StatusChange:
    """A step of an instrument's lifecycle: the status it took on that day, and the source
    (index into the instrument's `sources`) that says so."""

    status: Status
    date: dt.date
    source: int = 0


@dataclass(frozen=True)
class Milestone:
    key: str
    kind: Kind
    certainty: Certainty
    date: PartialDate | None = None
    after: str | None = None  # "key" or "instrument-id/key"
    offset: Offset | None = None
    source: int = 0
    note: str | None = None
    history: tuple[Change, ...] = ()
    period: Offset | None = None  # with `after`, instead of `offset`: the period's last day
    added: dt.date | None = None  # the day it entered the registry; None: with its instrument
    expected: PartialDate | None = None  # a pending milestone's once-announced date


@dataclass(frozen=True)
class Instrument:
    id: str
    title: str
    authority: tuple[str, ...]
    topics: tuple[str, ...]
    status: Status
    summary: str
    last_verified: dt.date
    sources: tuple[Source, ...]
    milestones: tuple[Milestone, ...]
    number: str | None = None
    products: tuple[str, ...] = ()
    product_codes: tuple[str, ...] = ()
    file: str = ""
    added: dt.date | None = None  # the day it entered the registry (the validator fills it)
    status_history: tuple[StatusChange, ...] = ()
    replaces: tuple[str, ...] = ()
    superseded_by: str | None = None
    replaces_numbers: tuple[str, ...] = ()  # numbers of the standards it replaces

    @property
    def added_on(self) -> dt.date:
        """The day the instrument entered the registry (`last_verified` if not recorded)."""
        return self.added or self.last_verified


@dataclass(frozen=True)
class Entry:
    """A milestone with its instrument, its date resolved where it can be.

    `date` is None for a pending milestone (no date known, or its anchor has none).
    `certainty` is the certainty of `date`: a date computed from a relative rule is
    "estimated"; the rule's own certainty stays in `milestone.certainty`.
    """

    instrument: Instrument
    milestone: Milestone
    date: PartialDate | None
    certainty: Certainty
    anchor: Entry | None = field(default=None, compare=False, repr=False)

    @property
    def id(self) -> str:
        return f"{self.instrument.id}/{self.milestone.key}"

    @property
    def pending(self) -> bool:
        return self.date is None

    @property
    def source(self) -> Source:
        return self.instrument.sources[self.milestone.source]

    @property
    def added(self) -> dt.date:
        """The day the milestone entered the registry: its own `added`, else its
        instrument's."""
        return self.milestone.added or self.instrument.added_on

    @property
    def sequence(self) -> int:
        return len(self.milestone.history)

    def rule(self) -> str | None:
        """The relative rule in words: "13 months after approval" for an offset, "last day
        of 36 months from entry into force" for a period."""
        m = self.milestone
        if m.after is None or (m.offset is None and m.period is None):
            if self.date is not None:
                return None
            if m.expected is not None:
                return f"date not yet known; expected {m.expected.words()}"
            return "date not yet known"
        anchor = self.anchor
        what = anchor.milestone.key.replace("_", " ") if anchor else m.after
        if anchor and anchor.instrument.id != self.instrument.id:
            what += f" of {anchor.instrument.id}"
        if m.period is not None:
            text = f"last day of {m.period} from {what}"
        else:
            text = f"{m.offset} after {what}"
        if self.date is None:
            text += " (date not yet known)"
        return text

    def sort_key(self) -> tuple[dt.date, int, str, str]:
        if self.date is None:
            return (dt.date.max, 9, self.instrument.id, self.milestone.key)
        start, rank = self.date.sort_key()
        return (start, rank, self.instrument.id, self.milestone.key)
