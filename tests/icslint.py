"""A lint of raw .ics bytes for what Outlook enforces and ordinary parsers let through.

Parsers accept LF line ends, unfolded long lines, a VALARM before the event's properties
and DTEND <= DTSTART; Outlook does not. This checks the bytes themselves.
"""

from __future__ import annotations

import datetime as dt

CALENDAR_REQUIRED = ("VERSION", "PRODID", "CALSCALE", "METHOD", "X-WR-CALNAME")
EVENT_REQUIRED = ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE", "STATUS",
                  "TRANSP", "X-MICROSOFT-CDO-BUSYSTATUS", "X-MICROSOFT-CDO-ALLDAYEVENT")


def unfold(data: bytes) -> list[str]:
    lines: list[str] = []
    for raw in data.decode("utf-8").split("\r\n"):
        if raw.startswith((" ", "\t")) and lines:
            lines[-1] += raw[1:]
        else:
            lines.append(raw)
    return lines


def _date(value: str) -> dt.date:
    return dt.date(int(value[:4]), int(value[4:6]), int(value[6:8]))


def lint(data: bytes, *, require_method: bool = True, empty: bool = False) -> list[str]:
    """Every problem found, as readable strings; empty when the file is clean. A calendar
    without events is a problem unless `empty` allows it; then it must still hold one
    component (RFC 5545), a VTIMEZONE."""
    problems: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append("starts with a UTF-8 byte-order mark")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [f"not UTF-8: {exc}"]
    if not data.endswith(b"\r\n"):
        problems.append("does not end with CRLF")
    if data.replace(b"\r\n", b"").count(b"\n") or data.replace(b"\r\n", b"").count(b"\r"):
        problems.append("a bare LF or CR: every line must end with CRLF")
    for number, raw in enumerate(data.split(b"\r\n"), 1):
        if len(raw) > 75:
            problems.append(f"line {number} is {len(raw)} octets long (at most 75)")
    lines = [line for line in unfold(data) if line]
    stack: list[str] = []
    uids: set[str] = set()
    props: dict[str, list[str]] = {}
    calendar_props: set[str] = set()
    alarm_seen = False
    alarms = 0
    for line in lines:
        name, _, value = line.partition(":")
        prop = name.split(";")[0].upper()
        if prop == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                props, alarm_seen, alarms = {}, False, 0
            elif value == "VALARM":
                alarm_seen = True
                alarms += 1
            continue
        if prop == "END":
            if not stack or stack[-1] != value:
                problems.append(f"END:{value} does not close {stack[-1] if stack else 'anything'}")
                continue
            stack.pop()
            if value == "VEVENT":
                problems += _event_problems(props, uids, alarms)
            continue
        if not stack:
            problems.append(f"property {prop} outside any component")
        elif stack[-1] == "VCALENDAR":
            calendar_props.add(prop)
            if prop in ("ORGANIZER", "ATTENDEE"):
                problems.append(f"{prop} makes the file an invitation")
        elif stack[-1] == "VEVENT":
            if alarm_seen:
                problems.append(f"{prop} after a VALARM in event {props.get('UID', ['?'])[0]}")
            props.setdefault(prop, []).append(line)
    if stack:
        problems.append(f"unclosed components: {', '.join(stack)}")
    required = CALENDAR_REQUIRED if require_method else tuple(
        p for p in CALENDAR_REQUIRED if p != "METHOD")
    for prop in required:
        if prop not in calendar_props:
            problems.append(f"calendar lacks {prop}")
    if "BEGIN:VEVENT" not in lines and not empty:
        problems.append("no event")
    if empty and "BEGIN:VEVENT" not in lines and "BEGIN:VTIMEZONE" not in lines:
        problems.append("no component at all (RFC 5545 wants one)")
    return problems


def _event_problems(props: dict[str, list[str]], uids: set[str], alarms: int) -> list[str]:
    uid = props.get("UID", ["UID:?"])[0].partition(":")[2]
    out = [f"event {uid} lacks {p}" for p in EVENT_REQUIRED if p not in props]
    if uid in uids:
        out.append(f"UID {uid} is not unique")
    uids.add(uid)
    if not uid.isascii():
        out.append(f"UID {uid} is not ASCII")
    if alarms > 1:
        out.append(f"event {uid} has {alarms} VALARMs (Outlook keeps one)")
    start, end = props.get("DTSTART", [""])[0], props.get("DTEND", [""])[0]
    if start and end:
        if not (start.startswith("DTSTART;VALUE=DATE:") and end.startswith("DTEND;VALUE=DATE:")):
            out.append(f"event {uid} is not an all-day event")
        elif _date(end.rpartition(":")[2]) <= _date(start.rpartition(":")[2]):
            out.append(f"event {uid}: DTEND is not after DTSTART")
    return out
