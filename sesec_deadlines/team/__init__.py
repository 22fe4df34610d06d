"""The team's layer: decisions on milestones (progress, owner, act-by date, notes) kept in
an append-only tracking file that git merges without conflicts (docs/team.md).

events    one decision: the record, its JSON line, Progress, the checks (TrackingError)
actby     act-by rules: a day, or a span before the milestone's date, resolved per milestone
fold      the state folded from the events (last writer wins, field by field, order-
          independent), Decision and Tracking
logfile   the file: where it is, reading it (torn last line), appending under a lock,
          .gitattributes, who decides
cache     load_tracking: the folded state cached, new lines folded incrementally
select    TeamFilter: --owner, --progress, --undecided, done/not-applicable left out

May import `core`, `storage` and `registry`; `output`, `curation`, `remind` and `cli` may
import it.

The API other layers use:

    from sesec_deadlines.team import load_tracking, tracking_path

    tracking = load_tracking(tracking_path(option))   # a Tracking; empty if no file
    if tracking:                                       # anything decided at all?
        d = tracking.decision(entry)                   # Decision | None (undecided)
        d.progress      # Progress: open, in-progress, done, not-applicable
        d.closed        # done or not-applicable
        d.owner         # str | None
        d.act_by        # datetime.date | None: resolved for this milestone's date
        d.act_by_rule   # str | None: as written, "2026-05-01" or "3w"
        d.snooze_until  # datetime.date | None; d.snoozed(today)
        d.note, d.evidence (tuple of URLs), d.updated_at (UTC ISO), d.updated_by
        d.on            # the targets that decided: ("item",), ("item/key",) or both
        d.record()      # the `tracking` object of the JSON/CSV contract
    tracking.history(entry)   # tuple[Event, ...], on the milestone and its instrument,
                              # oldest first; Event: id, at, by, on, values, get(name),
                              # describe()
    tracking.torn             # a warning to print when the last line was torn, else None

A decision on an instrument applies to all its milestones; a milestone's own decision wins,
field by field (an instrument marked not-applicable with a milestone given its own
progress: that milestone has its own progress and the instrument's note).

To record a decision (under the file's lock, fsynced):

    from sesec_deadlines.team.logfile import append, new_event, who
    notices = append(path, new_event("item/key", {"progress": "open", "note": "..."},
                                     by=who(path.parent)))
"""

from sesec_deadlines.team.cache import load_tracking
from sesec_deadlines.team.events import CLOSED, Event, Progress, TrackingError
from sesec_deadlines.team.fold import Decision, Tracking
from sesec_deadlines.team.logfile import tracking_path

__all__ = ["CLOSED", "Decision", "Event", "Progress", "Tracking", "TrackingError",
           "load_tracking", "tracking_path"]
