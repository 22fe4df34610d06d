"""Linear work on a cold cache, held without timing: counted passes over the registry.

`timeline` on a registry the cache has not seen (a plain `Registry`) used to scan every
entry once per instrument shown: quadratic. `publish` encodes each event once and puts
the same bytes in every calendar that holds it. Speed itself is measured in bench/run.py
and docs/performance.md."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar

from sesec_deadlines.core.query import make_filters
from sesec_deadlines.core.vocab import GroupBy
from sesec_deadlines.output import ics
from sesec_deadlines.output.timeline import Window, from_registry
from sesec_deadlines.registry.load import load
from sesec_deadlines.registry.store import Registry

from .conftest import FIXTURES, Runner


class CountingRegistry(Registry):
    """A registry that counts the passes made over all its entries."""

    passes = 0

    @property
    def entries(self):  # type: ignore[no-untyped-def]
        self.passes += 1
        return super().entries


def test_the_cold_timeline_makes_a_fixed_number_of_passes() -> None:
    loaded = load([FIXTURES / "timeline.toml"])
    reg = CountingRegistry(loaded.instruments, loaded.entries, loaded.files, loaded.editions)
    today = date(2026, 6, 15)
    drawn = from_registry(reg, make_filters(), Window(date(2000, 1, 1), date(2040, 12, 31)),
                          GroupBy.TOPIC, today)
    shown = sum(len(g.rows) for g in drawn.groups)
    assert shown >= 5  # one pass per instrument shown, as before, would make 5 or more
    assert reg.passes <= 2, reg.passes
    for inst in loaded.instruments:  # the index answers like the old scan did
        assert reg.entries_of(inst.id) == [e for e in loaded.entries
                                           if e.instrument.id == inst.id]
        assert reg.instrument(inst.id) is inst
    assert reg.passes <= 3 and reg.entries_of("no-such-id") == []


def test_publish_encodes_each_event_once(run: Runner, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    made: Counter[str] = Counter()
    spec = ics.milestone_spec

    def counting(entry, *args, **kwargs):  # type: ignore[no-untyped-def]
        made[ics.uid(entry)] += 1
        return spec(entry, *args, **kwargs)

    monkeypatch.setattr(ics, "milestone_spec", counting)
    site = tmp_path / "site"
    result = run("publish", str(site), "-r", str(FIXTURES / "timeline.toml"),
                 "--as-of", "2026-06-15")
    assert result.exit_code == 0, result.output
    in_calendars: Counter[str] = Counter()
    events: dict[str, bytes] = {}
    for calendar in site.glob("*.ics"):
        for event in Calendar.from_ical(calendar.read_bytes()).walk("VEVENT"):
            in_calendars[str(event["UID"])] += 1
            events.setdefault(str(event["UID"]), event.to_ical())
            assert event.to_ical() == events[str(event["UID"])]  # the same event everywhere
    assert set(made) == set(in_calendars) and set(made.values()) == {1}
    assert max(in_calendars.values()) >= 2  # events shared by all.ics and a topic's
