"""The records of the "New and changed" section in the state file, and their checking.

Three lists beside "sent" and "sending" (docs/reminders.md, "The state file"):
- "baselines": per subscription and recipient, the day of the first run that saw them;
  changes from that day on are announced;
- "announcing": the changes of an email about to be sent (written with its "sending"
  records, before it is sent);
- "announced": the changes the server accepted (moved there with its "sent" records).
A change left in "announcing" by a run that stopped is announced again: at most once more
per such fault, never lost. `state` reads and writes these lists with the others, in the
same atomic writes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any

from sesec_deadlines.remind.config import valid_address

KEYS = ("announced", "announcing", "baselines")
KEEP_DAYS = 400  # changes older than this are never announced, and their records dropped
_CHANGE_RE = re.compile(r"^(new_instrument|new_milestone|moved|certainty|status)/[^\s]+/"
                        r"\d{4}-\d{2}-\d{2}$")
_MESSAGE_ID_RE = re.compile(r"^<[^<>\s]+>$")


@dataclass(frozen=True, order=True)
class Announced:
    """A change in an email to a recipient (sent, or about to be)."""

    change: str  # the change's key, "<change>/<subject>/<day>" (core.changes.Event.key)
    recipient: str  # the bare address
    message_id: str
    sent_at: str  # ISO 8601, UTC


@dataclass(frozen=True, order=True)
class Baseline:
    """The day from which a subscription's changes are announced to a recipient."""

    subscription: str  # the subscription's name
    recipient: str  # the bare address
    since: str  # YYYY-MM-DD: the day of the first run that saw them


@dataclass(frozen=True)
class NewsState:
    announced: tuple[Announced, ...] = ()
    announcing: tuple[Announced, ...] = ()
    baselines: tuple[Baseline, ...] = ()


def change_day(key: str) -> date:
    """The day of a change key: its last part."""
    return date.fromisoformat(key.rpartition("/")[2])


def prune(records: Iterable[Announced], today: date) -> list[Announced]:
    """Keep the records of changes that could still be announced."""
    cutoff = today - timedelta(days=KEEP_DAYS)
    return [r for r in records if change_day(r.change) >= cutoff]


def to_doc(news: NewsState, today: date | None) -> dict[str, list[dict[str, Any]]]:
    """The non-empty lists for the state file, sorted; with `today`, old announcements
    dropped."""
    announced = news.announced if today is None else prune(news.announced, today)
    lists: dict[str, list[Announced] | list[Baseline]] = {
        "announced": sorted(set(announced)),
        "announcing": sorted(set(news.announcing)),
        "baselines": sorted(set(news.baselines))}
    return {key: [asdict(r) for r in records] for key, records in lists.items() if records}


def count(doc: dict[str, Any]) -> int:
    return sum(len(v) for k, v in doc.items() if k in KEYS and isinstance(v, list))


def read(doc: dict[str, Any], problems: list[str]) -> NewsState:
    """The lists of a state file's document; problems appended, each naming its record."""
    out: dict[str, list[Any]] = {key: [] for key in KEYS}
    for key in KEYS:
        items = doc.get(key, [])
        if not isinstance(items, list):
            problems.append(f'"{key}" is not a list')
            continue
        kind = Baseline if key == "baselines" else Announced
        for index, item in enumerate(items, start=1):
            record = _record(kind, item, f'record {index} of "{key}"', problems)
            if record is not None:
                out[key].append(record)
    return NewsState(tuple(out["announced"]), tuple(out["announcing"]),
                     tuple(out["baselines"]))


def _record(kind: type[Announced] | type[Baseline], item: Any, where: str,
            problems: list[str]) -> Announced | Baseline | None:
    names = [f.name for f in fields(kind)]
    if not isinstance(item, dict) or set(item) != set(names) or not all(
            isinstance(item[n], str) for n in names):
        problems.append(f"{where}: not an object of the strings " + ", ".join(names))
        return None
    before = len(problems)
    for name, why in _invalid(item):
        problems.append(f"{where}: {name}: {why}")
    if len(problems) > before:
        return None
    return kind(**item)


def _is_day(text: str) -> bool:
    try:
        return text.isascii() and date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def _invalid(item: dict[str, str]) -> Iterator[tuple[str, str]]:
    if "change" in item and not (_CHANGE_RE.match(item["change"])
                                 and _is_day(item["change"].rpartition("/")[2])):
        yield "change", "not a change key <change>/<subject>/<YYYY-MM-DD>"
    if not valid_address(item["recipient"]):
        yield "recipient", "not an email address"
    if "message_id" in item and not (_MESSAGE_ID_RE.match(item["message_id"])
                                     and item["message_id"].isprintable()):
        yield "message_id", "not a Message-ID <...>"
    if "sent_at" in item:
        try:
            moment = datetime.fromisoformat(item["sent_at"]) if item["sent_at"].isascii() \
                else None
            ok = moment is not None and moment.tzinfo is not None
        except ValueError:
            ok = False
        if not ok:
            yield "sent_at", "not a date and time with its UTC offset (ISO 8601)"
    if "since" in item and not _is_day(item["since"]):
        yield "since", "not a date YYYY-MM-DD"
    if "subscription" in item and not item["subscription"].strip():
        yield "subscription", "empty"
