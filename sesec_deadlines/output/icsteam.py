"""The team's act-by dates as calendar events: one all-day event per tracked act-by date,
beside the milestone it serves (docs/calendar.md, "Act-by dates").

- UID: the milestone's UID with `-act-by`, so the event is updated, not duplicated, when
  the date moves;
- SEQUENCE: the milestone's own (its date changes) plus one per later decision on the
  milestone or its instrument, so a moved act-by date always comes with a higher number;
- DTSTAMP and LAST-MODIFIED: the latest of the milestone's stamp and the latest decision,
  so the same registry and tracking file give the same bytes;
- the owner and the milestone in the description, never the team's notes (a calendar
  file is easily shared).
"""

from __future__ import annotations

import datetime as dt

from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.vocab import capitalised
from sesec_deadlines.output.icstext import instrument_name
from sesec_deadlines.output.icswire import Props
from sesec_deadlines.output.terminal import kind_label
from sesec_deadlines.team import Decision, Tracking
from sesec_deadlines.team.actby import estimated

SUFFIX = "-act-by"


def act_by_spec(entry: Entry, decision: Decision, tracking: Tracking,
                alarm: dt.timedelta | None, common: Props, uid: str, sequence: int,
                stamp: dt.datetime) -> tuple[Props, Props | None]:
    """The event of a milestone's act-by date: its properties and its alarm's."""
    assert decision.act_by is not None
    history = tracking.history(entry)
    if history:
        latest = history[-1].when.replace(microsecond=0)
        stamp = max(stamp, latest)
    milestone = capitalised(kind_label(entry))
    title = f"Act by: {milestone}: {instrument_name(entry)}"
    day = entry.date.describe() if entry.date else "not yet dated"
    lines = [f"Act by {decision.act_by.isoformat()} for: {milestone}, {day}",
             f"Instrument: {instrument_name(entry)}",
             f"Owner: {decision.owner or 'nobody yet'}",
             f"Progress: {decision.progress.value}"]
    if decision.act_by_rule and decision.act_by_rule != decision.act_by.isoformat():
        lines.append(f"Rule: {decision.act_by_rule} before the milestone's date")
    tentative = estimated(decision.act_by_rule, entry.date)
    if tentative:
        lines.append("Estimated: counted in working days through a year whose official "
                     "holiday schedule is not yet published")
    lines += ["", f"Milestone id: {entry.id} (`deadlines track {entry.id}`)"]
    start = decision.act_by
    kept = [(name, value) for name, value in common
            if name not in ("DTSTART", "DTEND", "DTSTAMP", "LAST-MODIFIED", "SEQUENCE",
                            "STATUS")]
    props: Props = [
        ("UID", uid), ("SUMMARY", title), ("DESCRIPTION", "\n".join(lines)),
        ("DTSTART", start), ("DTEND", start + dt.timedelta(days=1)),
        ("DTSTAMP", stamp), ("LAST-MODIFIED", stamp),
        ("SEQUENCE", sequence + max(len(history) - 1, 0)),
        ("STATUS", "TENTATIVE" if tentative else "CONFIRMED"), *kept,
    ]
    if alarm is None:
        return props, None
    return props, [("ACTION", "DISPLAY"), ("DESCRIPTION", title), ("TRIGGER", -alarm)]
