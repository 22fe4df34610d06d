"""What the registry does not know as of a date: flags on milestones, and its own age.

Pure functions of (entries, today, thresholds); the rules and their defaults are in the
docs/user-guide.md, "What the registry knows and how fresh it is".
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from sesec_deadlines.core.coverage import Coverage, coverage, sentence
from sesec_deadlines.core.dates import Offset, PartialDate
from sesec_deadlines.core.model import Edition, Entry, Instrument, KnownEdition
from sesec_deadlines.core.vocab import Certainty, Kind, Precision, Status, milestone_label


class Flag(StrEnum):
    """Why a milestone's date (or its instrument) needs a second look."""

    LAPSED = "lapsed"  # a proposed or estimated date passed while the text is still a draft
    OVERDUE = "overdue"  # a pending milestone whose expected date has passed
    OUTCOME_UNKNOWN = "outcome_unknown"  # a draft whose comments closed long ago, no news
    UNVERIFIED = "unverified"  # not checked against its sources for a long time


DRAFT_STAGE = frozenset({Kind.COMMENT_OPEN, Kind.COMMENT_CLOSE})
"""Kinds that happen while a text is a draft: their dates do not wait for a final text."""

INSTRUMENT_FLAGS = frozenset({Flag.OUTCOME_UNKNOWN, Flag.UNVERIFIED})
"""Flags that belong to the instrument and are shown on each of its milestones."""


@dataclass(frozen=True)
class Thresholds:
    """When a flag is raised; settable (docs/user-guide.md: DEADLINES_* variables, `review`
    options)."""

    outcome_months: int = 6  # outcome_unknown: months since the comment window closed
    unverified_days: int = 180  # unverified: days since last_verified
    stale_months: int = 3  # the registry is old when its newest edition is older than this


THRESHOLD_ENV = {
    "outcome_months": "DEADLINES_OUTCOME_MONTHS",
    "unverified_days": "DEADLINES_UNVERIFIED_DAYS",
    "stale_months": "DEADLINES_STALE_MONTHS",
}
"""The environment variables that set the thresholds, for every command and the emails."""


def thresholds_from(environ: Mapping[str, str], **given: int | None) -> Thresholds:
    """The thresholds: `given` values (options), else the DEADLINES_* variables of
    `environ`, else the defaults. ValueError names a bad value."""
    values: dict[str, int] = {}
    for name, env in THRESHOLD_ENV.items():
        value = given.get(name)
        text = environ.get(env, "").strip()
        if value is None and text:
            if not text.isascii() or not text.isdigit() or len(text) > 6:
                raise ValueError(f"{env}={text!r}: give a whole number of "
                                 f"{name.rpartition('_')[2]}")
            value = int(text)
        if value is not None:
            if not 0 <= value <= 999_999:
                raise ValueError(f"--{name.replace('_', '-')} must be from 0 to 999999")
            values[name] = value
    return Thresholds(**values)


def edition_start(key: str) -> date | None:
    """The first day of the period an edition key names ("2025-11" -> 2025-11-01), or None
    for a key that is not a year and month."""
    try:
        year, month = (int(part) for part in key.split("-"))
        return date(year, month, 1)
    except ValueError:
        return None


def _whole_months(earlier: date, later: date) -> int:
    """Whole months from one day to a later one."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


def _months_after(day: date, months: int) -> date:
    """`months` after `day`; the calendar's last day when that is past year 9999 (so a
    threshold beyond the calendar is never reached)."""
    try:
        return PartialDate.of(day).plus(Offset(months, "month")).start
    except ValueError:
        return date.max


def _days_before(day: date, days: int) -> date:
    """`days` before `day`; the calendar's first day when that is before year 1."""
    try:
        return day - timedelta(days=days)
    except OverflowError:
        return date.min


@dataclass(frozen=True)
class Freshness:
    """How current the registry is: its newest edition (by publication date) and its age."""

    today: date
    newest: Edition | None
    stale: bool
    version: str | None = None  # the registry's data version (core.dataversion)
    source: str | None = None  # which registry, when it is not the bundled one: "installed"
    coverage: Coverage | None = None  # how many editions of the span are curated
    files: tuple[str, ...] = ()  # the registry files read, as messages name them

    @property
    def newest_edition(self) -> str | None:
        return self.newest.key if self.newest else None

    @property
    def edition_label(self) -> str | None:
        return self.newest.label if self.newest else None

    @property
    def age_days(self) -> int | None:
        """Days from the newest edition's publication to `today`."""
        return None if self.newest is None else (self.today - self.newest.published).days

    def line(self) -> str | None:
        """The one line tables print when the registry is old, else None."""
        if not self.stale or self.newest is None:
            return None
        which = " installed by `deadlines update`" if self.source == "installed" else ""
        return (f"Registry{which} current to {self.newest.label} (its newest edition, "
                f"published {self.newest.published.isoformat()}, {self.age_days} days ago): "
                f"later deadlines are not in it.{sentence(self.coverage)}")

    def record(self) -> dict[str, object]:
        return {"version": self.version, "newest_edition": self.newest_edition,
                "edition_label": self.edition_label,
                "published": self.newest.published.isoformat() if self.newest else None,
                "age_days": self.age_days, "stale": self.stale,
                "editions": self.coverage.record() if self.coverage else None,
                "files": list(self.files)}


def freshness(editions: Iterable[Edition], cited: Collection[str], today: date,
              thresholds: Thresholds = Thresholds(), *,
              version: str | None = None,
              uncurated: Iterable[KnownEdition] = (), files: Sequence[str] = ()
              ) -> Freshness:
    """The freshness of a registry, as of `today`: of the declared `editions` that its
    sources cite, the one published last. Old when that was more than `stale_months`
    before `today`. `version` is the registry's data version, carried along; with the
    `uncurated` editions, how many editions of the span are curated (core.coverage)."""
    editions = list(editions)
    span = coverage(editions, uncurated)
    known = [e for e in editions if e.key in cited]
    if not known:
        return Freshness(today, None, False, version, coverage=span, files=tuple(files))
    newest = max(known, key=lambda e: (e.published, e.key))
    stale = _months_after(newest.published, thresholds.stale_months) < today
    return Freshness(today, newest, stale, version, coverage=span, files=tuple(files))


@dataclass
class Staleness:
    """The flags of milestones as of `today`; instrument flags are worked out once each."""

    today: date
    thresholds: Thresholds = field(default_factory=Thresholds)
    _by_instrument: dict[str, tuple[Flag, ...]] = field(default_factory=dict, repr=False)

    def flags(self, entry: Entry) -> tuple[Flag, ...]:
        own: list[Flag] = []
        if self.lapsed(entry):
            own.append(Flag.LAPSED)
        if self.overdue(entry):
            own.append(Flag.OVERDUE)
        return (*own, *self.instrument_flags(entry.instrument))

    def lapsed(self, entry: Entry) -> bool:
        """A draft's proposed or estimated date of what follows the draft stage has passed,
        or the date is computed (by a relative rule) from such a date. Comment windows
        belong to the draft stage itself and never lapse."""
        return self.own_lapsed(entry) or self.lapsed_anchor(entry) is not None

    def own_lapsed(self, entry: Entry) -> bool:
        """The milestone's own date has lapsed (not one it is computed from)."""
        return (entry.date is not None and entry.instrument.status is Status.DRAFT
                and entry.milestone.kind not in DRAFT_STAGE
                and entry.certainty in (Certainty.PROPOSED, Certainty.ESTIMATED)
                and entry.date.end < self.today)

    def lapsed_anchor(self, entry: Entry) -> Entry | None:
        """The lapsed date a dated milestone is computed from, along its relative rules."""
        if entry.date is None:
            return None
        anchor, seen = entry.anchor, 0
        while anchor is not None and seen < 10_000:
            if self.own_lapsed(anchor):
                return anchor
            anchor, seen = anchor.anchor, seen + 1
        return None

    def overdue(self, entry: Entry) -> bool:
        expected = entry.milestone.expected
        return entry.date is None and expected is not None and expected.end < self.today

    def instrument_flags(self, inst: Instrument) -> tuple[Flag, ...]:
        flags = self._by_instrument.get(inst.id)
        if flags is None:
            found = []
            if self.closed_without_news(inst) is not None:
                found.append(Flag.OUTCOME_UNKNOWN)
            if self.unverified(inst):
                found.append(Flag.UNVERIFIED)
            flags = self._by_instrument[inst.id] = tuple(found)
        return flags

    def closed_without_news(self, inst: Instrument) -> PartialDate | None:
        """The day a draft's outcome is counted from, when that lies more than
        `outcome_months` back and nothing is known since (no status change, no source from a
        later edition); see `outcome_basis`."""
        basis = self.outcome_basis(inst)
        return basis[1] if basis else None

    def outcome_basis(self, inst: Instrument) -> tuple[str, PartialDate] | None:
        """Why a draft's outcome is unknown: ("closed", its last comment close), or for a
        draft without one ("opened", its last comment opening), or for a draft with neither
        ("reported", the first day of the newest edition that reports it); None when the
        instrument is not a draft, the day is less than `outcome_months` back, or something
        is known since."""
        if inst.status is not Status.DRAFT:
            return None
        basis = self._outcome_day(inst)
        if basis is None:
            return None
        last = basis[1].end
        reported = [day for s in inst.sources if s.edition
                    for day in (edition_start(s.edition),) if day is not None]
        if basis[0] != "closed":
            # No closing day: count from the newest edition that still reports the draft.
            last = max([last, *(PartialDate(d.year, d.month, precision=Precision.MONTH).end
                                for d in reported)])
        elif any(began > last for began in reported):
            return None  # an edition after the close reports on it
        if _months_after(last, self.thresholds.outcome_months) >= self.today:
            return None
        if any(change.date > last for change in inst.status_history):
            return None
        return basis

    @staticmethod
    def _outcome_day(inst: Instrument) -> tuple[str, PartialDate] | None:
        for kind, why in ((Kind.COMMENT_CLOSE, "closed"), (Kind.COMMENT_OPEN, "opened")):
            days = [m.date for m in inst.milestones if m.kind is kind and m.date]
            if days:
                return why, max(days, key=lambda d: d.end)
        starts = [edition_start(s.edition) for s in inst.sources if s.edition]
        known = [day for day in starts if day is not None]
        if not known:
            return None
        newest = max(known)
        return "reported", PartialDate(newest.year, newest.month, precision=Precision.MONTH)

    def unverified(self, inst: Instrument) -> bool:
        limit = _days_before(self.today, self.thresholds.unverified_days)
        return inst.last_verified < limit

    def detail(self, entry: Entry, flag: Flag) -> str:
        """The flag in a sentence about this milestone, as calendars and emails print it."""
        inst = entry.instrument
        if flag is Flag.LAPSED:
            assert entry.date is not None
            origin = None if self.own_lapsed(entry) else self.lapsed_anchor(entry)
            if origin is not None and origin.date is not None:
                name = (milestone_label(origin.milestone.kind, origin.milestone.key)
                        if origin.instrument.id == inst.id else origin.id)
                return (f"unconfirmed: computed from an unconfirmed date ({name}: "
                        f"{origin.certainty.value} for {origin.date.words()} in a draft)")
            return (f"unconfirmed: {entry.certainty.value} for {entry.date.words()} in a draft;"
                    " no final text known")
        if flag is Flag.OVERDUE:
            expected = entry.milestone.expected
            assert expected is not None
            late = _whole_months(expected.end, self.today)
            ago = f"{late} month{'s' if late != 1 else ''} ago" if late else "this month"
            return f"overdue: expected {expected.words()} ({ago}); no date known yet"
        if flag is Flag.OUTCOME_UNKNOWN:
            basis = self.outcome_basis(inst)
            why, when = (basis[0], basis[1].words()) if basis else ("closed", "long ago")
            said = {"closed": f"comments on the draft closed on {when}",
                    "opened": f"the draft was opened for comment on {when}, closing date "
                              "not known",
                    "reported": f"reported as a draft in the edition of {when}"}[why]
            return f"outcome unknown: {said}; nothing known since"
        days = (self.today - inst.last_verified).days
        return (f"unverified: last checked against its sources on "
                f"{inst.last_verified.isoformat()}, {days} days ago")

    def lines(self, entry: Entry) -> list[str]:
        """One sentence per flag of the milestone (empty when it has none)."""
        return [self.detail(entry, flag) for flag in self.flags(entry)]


def flag_lines(entry: Entry, today: date, thresholds: Thresholds = Thresholds()) -> list[str]:
    """The flags of one milestone in sentences: what reminder emails and calendars print."""
    return Staleness(today, thresholds).lines(entry)
