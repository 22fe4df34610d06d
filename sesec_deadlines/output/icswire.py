"""iCalendar content lines, encoded and folded exactly as icalendar does, but fast.

icalendar decides each property's value type. A text value (icalendar's `vText`: UID,
SUMMARY, DESCRIPTION, STATUS, X- properties), a list of them (`vCategory`: CATEGORIES) or
a URI (`vUri`: URL) is written here directly: RFC 5545 TEXT escaping exactly as icalendar
escapes (`escape_text`), no parameters. Any other value (dates, stamps, durations,
numbers) is encoded by icalendar's own type for the property, once per distinct value
(they repeat). The assembly of a line (name, parameters, value) and the folding at 75
octets are done here. `ics` builds the events; this module turns their properties into
bytes, the same bytes as icalendar's `Calendar.to_ical()` (tests hold them equal).
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from icalendar import Alarm, Event, vCategory, vText, vUri
from icalendar.caselessdict import canonsort_keys

Props = list[tuple[str, Any]]

_EVENT_FACTORY = Event.types_factory


@functools.lru_cache(maxsize=64)
def _encoder(name: str) -> Any:
    return _EVENT_FACTORY.for_property(name)


@functools.lru_cache(maxsize=64)
def _order(component: str, names: tuple[str, ...]) -> list[str]:
    canonical = (Event if component == "VEVENT" else Alarm).canonical_order
    return canonsort_keys(names, canonical)


def _encode(name: str, value: Any) -> bytes:
    """One folded content line, `value` encoded by icalendar's type for the property."""
    typed = _encoder(name)(value)
    params = typed.params.to_ical() if typed.params else b""
    encoded = typed.to_ical()
    if isinstance(encoded, str):
        encoded = encoded.encode("utf-8")
    head = name.encode("ascii")
    return fold_bytes(head + b";" + params + b":" + encoded if params else head + b":" + encoded)


@functools.lru_cache(maxsize=4096)
def _encode_constant(name: str, value: Any) -> bytes:
    """`_encode` for hashable values that repeat (dates, stamps, statuses, numbers)."""
    return _encode(name, value)


def escape_text(text: str) -> str:
    """A TEXT value escaped as icalendar escapes it (RFC 5545, 3.3.11): backslash,
    semicolon and comma escaped, each line break (CRLF, LF or a lone CR) written as `\\n`;
    a `\\N` already in the text is taken for a line break too. The order matters."""
    if "\\" in text:  # each step only where its character is: most texts lack most
        text = text.replace("\\N", "\n").replace("\\", "\\\\")
    if ";" in text:
        text = text.replace(";", "\\;")
    if "," in text:
        text = text.replace(",", "\\,")
    if "\r" in text:
        return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return text.replace("\n", "\\n") if "\n" in text else text


@functools.lru_cache(maxsize=64)
def _head(name: str) -> tuple[bytes, str]:
    """The line's start (name and colon) and how its value is written: "text", "list"
    (of texts, comma-separated), "uri" (as it is; icalendar refuses one with a line break),
    or "typed" (by icalendar's type)."""
    kind = _encoder(name)
    how = {vText: "text", vCategory: "list", vUri: "uri"}.get(kind, "typed")
    return name.encode("ascii") + b":", how


def _line(name: str, value: Any) -> bytes:
    head, how = _head(name)
    if how == "text" and isinstance(value, str):
        return fold_bytes(head + escape_text(value).encode("utf-8"))
    if how == "list" and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return fold_bytes(head + ",".join(map(escape_text, value)).encode("utf-8"))
    if how == "uri" and isinstance(value, str) and "\r" not in value and "\n" not in value:
        return fold_bytes(head + value.encode("utf-8"))
    if isinstance(value, (dt.date, int)) or name in _REPEATING:
        return _encode_constant(name, value)
    return _encode(name, value)


_REPEATING = frozenset({"STATUS", "TRANSP", "X-MICROSOFT-CDO-BUSYSTATUS",
                        "X-MICROSOFT-CDO-ALLDAYEVENT", "ACTION", "TRIGGER"})


@functools.lru_cache(maxsize=64)
def _plan(component: str, names: tuple[str, ...]) -> tuple[tuple[str, bytes, str], ...]:
    """The properties in icalendar's order, each with its line's start and how its value
    is written (see `_head`)."""
    return tuple((name, *_head(name)) for name in _order(component, names))


def content_lines(component: str, props: Props, sub: Props | None) -> list[bytes]:
    values = dict(props)
    out = [b"BEGIN:" + component.encode()]
    for name, head, how in _plan(component, tuple(values)):
        value = values[name]
        if how == "text" and type(value) is str:  # most lines: inline what _line does
            out.append(fold_bytes(head + escape_text(value).encode("utf-8")))
        elif how == "typed" and isinstance(value, (dt.date, int)):  # dates, stamps, numbers
            out.append(_encode_constant(name, value))
        else:
            out.append(_line(name, value))
    if sub is not None:
        out += content_lines("VALARM", sub, None)
    out.append(b"END:" + component.encode())
    return out


FOLD_LIMIT = 75
_WIDTH = FOLD_LIMIT - 1  # octets of content in each physical line
_ESCAPES = frozenset(b"\\^")


def fold(line: str) -> bytes:
    """A content line folded as icalendar folds it: pieces of at most 74 octets, split
    between characters, joined by CRLF and a space, never splitting a backslash or caret
    escape from the character after it."""
    return fold_bytes(line.encode("utf-8"))


def fold_bytes(data: bytes) -> bytes:
    """`fold` for a line already encoded as UTF-8."""
    if len(data) <= _WIDTH:
        return data
    pieces = []
    start = 0
    while len(data) - start > _WIDTH:
        end = start + _WIDTH
        while data[end] & 0xC0 == 0x80:  # inside a UTF-8 sequence: split before it
            end -= 1
        if data[end - 1] in _ESCAPES:
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)


def china_zone() -> list[str]:
    """A VTIMEZONE for Asia/Shanghai, UTC+8 without daylight saving: the one component of a
    calendar with no event (all-day events carry no TZID, so no event refers to it)."""
    from icalendar import Timezone, TimezoneStandard

    zone = Timezone()
    zone.add("tzid", "Asia/Shanghai")
    standard = TimezoneStandard()
    standard.add("dtstart", dt.datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", dt.timedelta(hours=8))
    standard.add("tzoffsetto", dt.timedelta(hours=8))
    standard.add("tzname", "CST")
    zone.add_component(standard)
    return [line for line in zone.content_lines() if line]
