"""What was sent: a JSON file in the user state directory, locked while a run works on it
(`lock`).

Each record is one reminder: (milestone, its date, lead, recipient) with the Message-ID
and the time. An email's records are written twice (docs/reminders.md, "The state file"):

1. before it is sent, under "sending": the intent. A run that cannot write the file sends
   nothing more;
2. once the server accepted it, moved to "sent".

Only "sent" records keep a reminder from being sent again. A "sending" record found on
load was left by a run that stopped between the two writes (killed, or the disk filled
up): its email may have been delivered or not, so its reminders are sent again, at most
once more per such fault, never lost. Both writes replace the file atomically with the
same records, so the second needs no more room than the first.

Every record is checked on load; a bad file is reported with its records named, and left
as it is, never reset.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sesec_deadlines.core.dates import PartialDate
from sesec_deadlines.core.errors import OutputError, StateError
from sesec_deadlines.remind import newsstate
from sesec_deadlines.remind.config import APP, MAX_LEAD, valid_address
from sesec_deadlines.remind.newsstate import Announced, Baseline, NewsState
from sesec_deadlines.storage.atomic import atomic_write
from sesec_deadlines.storage.files import REGISTRY_LIMIT, read_input

SCHEMA = 1
KEEP_DAYS = 400  # records of milestones gone from the registry this long past are dropped
FILE_NAME = "sent.json"
MAX_LISTED = 20  # bad records listed by name; the rest are counted
_MILESTONE_RE = re.compile(r"^[^/\s]+/[^/\s]+$")
_MESSAGE_ID_RE = re.compile(r"^<[^<>\s]+>$")


@dataclass(frozen=True, order=True)
class Sent:
    milestone: str  # the milestone id, "<instrument-id>/<key>"
    date: str  # its date when reminded: "2026-08-01", "2026-08" or "2026"
    lead: int  # the rung of the ladder: days before the date
    recipient: str  # the bare address
    message_id: str
    sent_at: str  # ISO 8601, UTC


@dataclass(frozen=True)
class State:
    sent: tuple[Sent, ...] = ()  # accepted by the server
    sending: tuple[Sent, ...] = ()  # an email's intent left by a run that stopped
    news: NewsState = field(default_factory=NewsState)  # "New and changed" (newsstate)


def state_path() -> Path:
    from platformdirs import user_state_dir

    return Path(user_state_dir(APP, appauthor=False)) / FILE_NAME


HINT = ("it was left untouched. Repair it, or move it aside to start afresh "
        "(reminders already sent may then be sent again)")


def _corrupt(path: Path, reason: str) -> StateError:
    return StateError(f"the reminder state file {path} is corrupt: {reason}", hint=HINT)


class StateProblems(StateError):
    """Records of the state file that are not valid, each named."""

    def __init__(self, path: Path, problems: list[str], total: int) -> None:
        count = len(problems)
        super().__init__(f"the reminder state file {path} is corrupt: {count} bad record"
                         f"{'s' if count != 1 else ''} of {total}", hint=HINT)
        self.path = path
        self.problems = problems

    def lines(self) -> list[str]:
        listed = [f"{self.path}: {p}" for p in self.problems[:MAX_LISTED]]
        if len(self.problems) > MAX_LISTED:
            listed.append(f"{self.path}: ... and {len(self.problems) - MAX_LISTED} more")
        return [*listed, *super().lines()]


class StateWriteError(OutputError):
    """The state file could not be written (disk full, no permission): exit code 1."""


def read(path: Path) -> tuple[Sent, ...]:
    """The records of reminders the server accepted; none if the file does not exist yet."""
    return load(path).sent


def load(path: Path) -> State:
    """Every record of the state file, each checked; StateError naming the bad ones."""
    try:  # a FIFO or device is refused, never read (it would block, or never end)
        raw = read_input(path, REGISTRY_LIMIT)
    except FileNotFoundError:
        return State()
    except OSError as exc:
        raise StateError(f"the reminder state file {path} cannot be read: "
                         f"{exc.strerror or exc}") from None
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        reason = str(exc) if not isinstance(exc, RecursionError) else "nested too deeply"
        raise _corrupt(path, f"not JSON ({reason})") from None
    if not isinstance(doc, dict) or doc.get("schema") != SCHEMA:
        raise _corrupt(path, f'not a state file of schema {SCHEMA} ({{"schema": 1, "sent": '
                       "[...]}} expected)")
    allowed = {"schema", "sent", "sending", *newsstate.KEYS}
    if set(doc) - allowed:
        raise _corrupt(path, "unknown keys " + ", ".join(
            repr(k) for k in sorted(set(doc) - allowed))
            + '; allowed: "schema", "sent", "sending", ' + ", ".join(
                f'"{k}"' for k in newsstate.KEYS))
    lists: dict[str, list[Any]] = {}
    for key in ("sent", "sending"):
        items = doc.get(key, [] if key == "sending" else None)
        if not isinstance(items, list):
            raise _corrupt(path, f'"{key}" is not a list')
        lists[key] = items
    problems: list[str] = []
    out: dict[str, list[Sent]] = {"sent": [], "sending": []}
    for key, items in lists.items():
        for index, item in enumerate(items, start=1):
            record = _record(item, f'record {index} of "{key}"', problems)
            if record is not None:
                out[key].append(record)
    news = newsstate.read(doc, problems)
    if problems:
        raise StateProblems(path, problems,
                            sum(len(v) for v in lists.values()) + newsstate.count(doc))
    return State(tuple(out["sent"]), tuple(out["sending"]), news)


_TYPES: dict[str, Any] = {f.name: (int if f.name == "lead" else str) for f in fields(Sent)}


def _record(item: Any, where: str, problems: list[str]) -> Sent | None:
    """The record, or None with its problems appended."""
    if not isinstance(item, dict):
        problems.append(f"{where}: not an object with the fields " + ", ".join(_TYPES))
        return None
    named = [str(item[k]) for k in ("milestone", "recipient")
             if isinstance(item.get(k), str) and item[k].isprintable()]
    if named:
        where += f" ({' to '.join(v[:80] for v in named)})"
    before = len(problems)
    missing = [k for k in _TYPES if k not in item]
    extra = sorted(str(k) for k in item if k not in _TYPES)
    if missing:
        problems.append(f"{where}: missing " + ", ".join(missing))
    if extra:
        problems.append(f"{where}: unknown field{'s' if len(extra) > 1 else ''} "
                        + ", ".join(repr(k[:40]) for k in extra))
    for name, kind in _TYPES.items():
        if name in item and (not isinstance(item[name], kind) or isinstance(item[name], bool)):
            what = "a whole number" if kind is int else "a string"
            problems.append(f"{where}: {name}: not {what}")
    if len(problems) > before:
        return None
    for name, why in _invalid(item):
        problems.append(f"{where}: {name}: {why}")
    return None if len(problems) > before else Sent(**item)


def _invalid(item: dict[str, Any]) -> Iterator[tuple[str, str]]:
    if not _MILESTONE_RE.match(item["milestone"]):
        yield "milestone", "not a milestone id <instrument-id>/<key>"
    text = item["date"]
    try:
        when = PartialDate.parse(text) if text.isascii() else None
        ok = when is not None and when.iso() == text and bool(when.start <= when.end)
    except ValueError:
        ok = False
    if not ok:
        yield "date", f"{text[:40]!r} is not a date YYYY-MM-DD, YYYY-MM or YYYY, years 1 to 9999"
    if not 0 <= item["lead"] <= MAX_LEAD:
        yield "lead", f"{item['lead']} is not a number of days from 0 to {MAX_LEAD}"
    if not valid_address(item["recipient"]):
        yield "recipient", "not an email address"
    if not (_MESSAGE_ID_RE.match(item["message_id"]) and item["message_id"].isprintable()):
        yield "message_id", "not a Message-ID <...>"
    try:
        moment = datetime.fromisoformat(item["sent_at"]) if item["sent_at"].isascii() else None
        ok = moment is not None and moment.tzinfo is not None
    except ValueError:
        ok = False
    if not ok:
        yield "sent_at", "not a date and time with its UTC offset (ISO 8601)"


def dumps(records: Iterable[Sent], sending: Iterable[Sent] = (),
          news: NewsState | None = None, today: date | None = None) -> bytes:
    doc: dict[str, Any] = {"schema": SCHEMA, "sent": [asdict(r) for r in sorted(set(records))]}
    pending = sorted(set(sending))
    if pending:
        doc["sending"] = [asdict(r) for r in pending]
    if news is not None:
        doc |= newsstate.to_doc(news, today)
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def prune(records: Iterable[Sent], today: date, known: Iterable[str] | None = None) -> list[Sent]:
    """Drop the records no longer needed: of milestones gone from the registry (`known`,
    the ids of all its milestones) whose date is long past.

    A record of a milestone still in the registry is kept whatever its date, so a clock
    set far ahead and back again never sends its reminders twice.
    """
    ids = frozenset(known or ())
    cutoff = today - timedelta(days=KEEP_DAYS)
    return [r for r in records if r.milestone in ids or PartialDate.parse(r.date).end >= cutoff]


class Ledger:
    """The state file during a run: each email's intent written before it is sent, and its
    records confirmed after the server accepted it."""

    def __init__(self, path: Path, state: State, today: date,
                 known: Iterable[str] | None = None) -> None:
        self.path = path
        self.records = tuple(state.sent)
        self.interrupted = tuple(state.sending)  # left by an earlier run that stopped
        self.sending: tuple[Sent, ...] = ()
        self.today = today
        self.known = frozenset(known or ())
        # the news: announced and baselines as in the file; "announcing" as `sending`
        self.news = replace(state.news, announcing=())
        self.interrupted_news = state.news.announcing

    @classmethod
    def open(cls, path: Path, today: date, known: Iterable[str] | None = None) -> Ledger:
        return cls(path, load(path), today, known)

    def _write(self, records: Sequence[Sent], sending: Sequence[Sent],
               news: NewsState | None = None) -> None:
        kept = prune(records, self.today, self.known)
        news = news or replace(self.news, announcing=())
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            atomic_write(self.path, dumps(kept, sending, news, self.today), mode=0o600)
        except OSError as exc:
            raise StateWriteError(f"cannot write the reminder state file {self.path}: "
                                  f"{exc.strerror or exc}") from None
        self.records = tuple(sorted(set(kept)))
        self.interrupted = self.interrupted_news = ()
        self.sending = tuple(sending)
        self.news = news

    def intend(self, new: Iterable[Sent], announce: Iterable[Announced] = ()) -> None:
        """Write the records of an email about to be sent, as "sending" (and the changes it
        announces, as "announcing")."""
        self._write(self.records, tuple(new), replace(self.news, announcing=tuple(announce)))

    def confirm(self) -> None:
        """The server accepted the email: its records move to "sent" (and "announced")."""
        news = self.news
        self._write((*self.records, *self.sending), (), replace(
            news, announced=(*news.announced, *news.announcing), announcing=()))

    def baseline(self, new: Iterable[Baseline]) -> bool:
        """Record the baselines of subscriptions and recipients seen for the first time.

        Kept for the run's later writes if this one fails: nothing is lost without them
        (nothing is announced before a baseline), so they never stop a run."""
        new = tuple(new)
        if not new:
            return True
        self.news = replace(self.news, baselines=(*self.news.baselines, *new))
        try:
            self._write(self.records, ())
        except StateWriteError:
            return False
        return True

    def abandon(self) -> None:
        """The email was not sent: drop its intent (if that cannot be written, the intent
        left in the file only makes the next run send it, as it would anyway)."""
        if self.sending:
            try:
                self._write(self.records, ())
            except StateWriteError:
                self.sending = ()

    def add(self, new: Iterable[Sent]) -> None:
        """Record reminders as sent, in one write."""
        self._write((*self.records, *new), ())
