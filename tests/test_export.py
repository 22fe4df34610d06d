"""`deadlines export`: the .ics file read back by a lint of its bytes, icalendar, vobject and
khal (a real calendar client), a golden file, and the JSON/CSV contract of `list`."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
import vobject

from sesec_deadlines.output.ics import build_calendar, calendar_parts, fold, parse_alarm, to_event
from sesec_deadlines.registry.load import bundled_path, load

from .conftest import AS_OF, FIXTURES, REGISTRY, Runner
from .icslint import lint, unfold

GOLDEN = FIXTURES / "golden" / "export.ics"
FULL = ("--all", "--windows", "--include-approximate")

# What the fixture registry gives with FULL: UID -> (DTSTART, DTEND).
EXPECTED = {
    "old-data-rule.comment_close@sesec-deadlines": ("2025-12-31", "2026-01-01"),
    "ccc-chargers.application_open@sesec-deadlines": ("2026-03-01", "2026-03-02"),
    "rohs-draft.comment_open@sesec-deadlines": ("2026-03-10", "2026-03-11"),
    "ccc-chargers.mandatory_from@sesec-deadlines": ("2026-03-25", "2026-03-26"),
    "battery-standard.approval@sesec-deadlines": ("2026-04-01", "2026-04-02"),
    "rohs-draft.comment_close@sesec-deadlines": ("2026-04-09", "2026-04-10"),
    "battery-standard.entry_into_force@sesec-deadlines": ("2027-04-01", "2027-04-02"),
    "battery-standard.transition_end@sesec-deadlines": ("2028-01-01", "2028-01-02"),
    "rohs-draft.comment_close-window@sesec-deadlines": ("2026-03-10", "2026-04-10"),
}


def export(run: Runner, *args: str, registry: Path = REGISTRY) -> bytes:
    result = run("export", "--registry", str(registry), "--as-of", AS_OF, *args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout_bytes


def events(data: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def span(event: icalendar.Event) -> tuple[str, str]:
    return (event.decoded("DTSTART").isoformat(), event.decoded("DTEND").isoformat())


# -- the golden file ---------------------------------------------------------------------


def test_golden_file(run: Runner) -> None:
    """A fixed registry and as-of date give exactly these bytes (UPDATE_GOLDEN=1 rewrites)."""
    data = export(run, *FULL)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_bytes(data)
    assert data == GOLDEN.read_bytes()


def test_the_same_registry_gives_the_same_bytes(run: Runner) -> None:
    assert export(run, *FULL) == export(run, *FULL)


# -- the lint of raw bytes ---------------------------------------------------------------


def test_the_export_passes_the_lint(run: Runner) -> None:
    assert lint(export(run, *FULL)) == []
    assert lint(export(run, "--all", "--alarm", "none")) == []


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda d: d.replace(b"\r\n", b"\n"), "bare LF"),
        (lambda d: d.replace(b"\r\n ", b""), "octets long"),
        (lambda d: d.replace(b"END:VALARM\r\n", b"END:VALARM\r\nCOMMENT:late\r\n", 1),
         "COMMENT after a VALARM"),
        (lambda d: d.replace(b"DTEND;VALUE=DATE:20260326", b"DTEND;VALUE=DATE:20260325"),
         "DTEND is not after DTSTART"),
        (lambda d: d.replace(b"UID:rohs-draft.comment_open@", b"UID:ccc-chargers.mandatory_from@"),
         "is not unique"),
        (lambda d: d.replace(b"END:VEVENT\r\n", b"", 1), "does not close"),
        (lambda d: d.replace(b"METHOD:PUBLISH\r\n", b""), "calendar lacks METHOD"),
        (lambda d: d.replace(b"TRANSP:TRANSPARENT\r\n", b"", 1), "lacks TRANSP"),
    ],
)
def test_the_lint_catches_what_outlook_rejects(run: Runner, damage: object,
                                              problem: str) -> None:
    data = export(run, *FULL)
    assert callable(damage)
    problems = lint(damage(data))
    assert any(problem in p for p in problems), problems


def test_raw_properties_outlook_needs(run: Runner) -> None:
    data = export(run, *FULL)
    lines = unfold(data)
    assert lines[:4] == ["BEGIN:VCALENDAR", "VERSION:2.0",
                         "PRODID:-//sesec-deadlines//China compliance deadlines 1.0//EN",
                         "CALSCALE:GREGORIAN"]
    for line in ("METHOD:PUBLISH", "X-WR-CALNAME:China compliance deadlines",
                 "REFRESH-INTERVAL;VALUE=DURATION:PT12H", "X-PUBLISHED-TTL:PT12H",
                 "X-MICROSOFT-CDO-BUSYSTATUS:FREE", "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE",
                 "TRIGGER:-P7D", "ACTION:DISPLAY"):
        assert line in lines
    assert not any(line.startswith(("ORGANIZER", "ATTENDEE")) for line in lines)


# -- independent readers -----------------------------------------------------------------


def test_icalendar_reads_every_event_on_its_date(run: Runner) -> None:
    found = events(export(run, *FULL))
    assert {uid: span(e) for uid, e in found.items()} == EXPECTED


def test_vobject_reads_every_event_on_its_date(run: Runner) -> None:
    cal = vobject.readOne(export(run, *FULL).decode("utf-8"))
    found = {e.uid.value: (e.dtstart.value.isoformat(), e.dtend.value.isoformat())
             for e in cal.vevent_list}
    assert found == EXPECTED
    assert cal.x_wr_calname.value == "China compliance deadlines"


def khal_events(ics: Path, tmp_path: Path) -> dict[str, tuple[str, str]]:
    """Import a file into a fresh khal calendar and list what khal shows, once per event."""
    home = tmp_path / "khal"
    (home / "calendar").mkdir(parents=True)
    config = home / "config"
    config.write_text(
        f"[calendars]\n[[deadlines]]\npath = {home / 'calendar'}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "default_timezone = Asia/Shanghai\nlocal_timezone = Asia/Shanghai\n"
        f"[default]\ndefault_calendar = deadlines\n[sqlite]\npath = {home / 'khal.db'}\n",
        encoding="utf-8",
    )
    khal = Path(sys.executable).with_name("khal")
    env = {**os.environ, "HOME": str(home), "TZ": "UTC"}

    def call(*args: str) -> str:
        done = subprocess.run([str(khal), "-c", str(config), *args], capture_output=True,
                              text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        assert "error" not in done.stderr.lower(), done.stderr
        return done.stdout

    call("import", "--batch", "-a", "deadlines", str(ics))
    out = call("list", "--once", "--day-format", "", "--format",
               "{start-date}|{end-date}|{uid}", "2000-01-01", "2100-01-01")
    shown: dict[str, tuple[str, str]] = {}
    for line in out.splitlines():
        if line.strip():
            start, end, uid = line.split("|")
            assert uid not in shown, f"khal shows {uid} twice"
            shown[uid] = (start, end)
    return shown


def test_khal_imports_every_event_on_its_date(run: Runner, tmp_path: Path) -> None:
    ics = tmp_path / "deadlines.ics"
    run("export", "--registry", str(REGISTRY), "--as-of", AS_OF, *FULL, "-o", str(ics))
    shown = khal_events(ics, tmp_path)
    # khal shows the last day of an all-day event (DTEND is exclusive).
    expected = {uid: (start, (dt.date.fromisoformat(end) - dt.timedelta(days=1)).isoformat())
                for uid, (start, end) in EXPECTED.items()}
    assert shown == expected


# -- what goes in ------------------------------------------------------------------------


def test_default_export_leaves_out_approximate_pending_and_past(run: Runner) -> None:
    found = events(export(run))
    assert sorted(found) == ["ccc-chargers.mandatory_from@sesec-deadlines",
                             "rohs-draft.comment_close@sesec-deadlines"]


def test_approximate_dates_are_marked_and_placed_on_their_first_day(run: Runner) -> None:
    found = events(export(run, "--all", "--include-approximate"))
    approval = found["battery-standard.approval@sesec-deadlines"]
    assert str(approval["SUMMARY"]).startswith("[approx. April 2026] Published: Battery safety")
    assert "the source gives only the month" in str(approval["DESCRIPTION"])
    assert str(approval["STATUS"]) == "TENTATIVE"  # official, but the day is not known
    year = found["battery-standard.transition_end@sesec-deadlines"]
    assert str(year["SUMMARY"]).startswith("[approx. 2028] Last day of transition:")
    # Pending milestones never become events, even with every option.
    assert not any("rohs-draft.approval" in uid or "rohs-draft.entry_into_force" in uid
                   for uid in found)


def test_status_sequence_and_stamps_come_from_the_data(run: Runner) -> None:
    found = events(export(run, *FULL))
    mandatory = found["ccc-chargers.mandatory_from@sesec-deadlines"]
    assert str(mandatory["STATUS"]) == "CONFIRMED"
    assert mandatory["SEQUENCE"] == 1  # one recorded change in its history
    assert str(mandatory["SUMMARY"]) == "Mandatory from: CCC for EV chargers (CNCA-C25-01:2024)"
    assert mandatory["CATEGORIES"].cats == ["ccc", "ev"]
    assert str(mandatory["URL"]) == "https://example.org/ccc"
    assert mandatory.decoded("DTSTAMP") == dt.datetime(2026, 1, 15, tzinfo=dt.UTC)
    assert mandatory.decoded("LAST-MODIFIED") == dt.datetime(2026, 1, 15, tzinfo=dt.UTC)
    description = str(mandatory["DESCRIPTION"])
    for text in ("Certainty: official", "Authority: SAMR (State Administration for Market "
                 "Regulation), CNCA", "Chargers need CCC.", "Products: EV AC charging "
                 "equipment, EV DC charging equipment (codes 0701, 0702)",
                 "Note: No CCC mark, no sale.", "Source: SESEC V, November–December 2024, "
                 "“SAMR Includes Electric Vehicle Charging Equipment under CCC Certification”"):
        assert text in description
    estimated = found["battery-standard.entry_into_force@sesec-deadlines"]
    assert str(estimated["STATUS"]) == "TENTATIVE"
    assert "Rule: 12 months after approval (official)" in str(estimated["DESCRIPTION"])
    withdrawn = found["old-data-rule.comment_close@sesec-deadlines"]
    assert str(withdrawn["STATUS"]) == "CANCELLED"
    assert withdrawn["SEQUENCE"] == 1
    assert str(withdrawn["SUMMARY"]).startswith("[withdrawn] Last day for comments:")


def test_a_changed_date_keeps_its_uid_and_raises_the_sequence(run: Runner, tmp_path: Path) -> None:
    text = REGISTRY.read_text(encoding="utf-8").replace(
        'kind = "comment_close"\ndate = "2026-04-09"\ncertainty = "official"',
        'kind = "comment_close"\ndate = "2026-04-30"\ncertainty = "official"\n'
        'history = [{ date = "2026-04-09", certainty = "official", changed = 2026-03-01 }]')
    changed = tmp_path / "changed.toml"
    changed.write_text(text, encoding="utf-8")
    before = events(export(run))["rohs-draft.comment_close@sesec-deadlines"]
    after = events(export(run, registry=changed))["rohs-draft.comment_close@sesec-deadlines"]
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert span(after) == ("2026-04-30", "2026-05-01")
    assert after.decoded("DTSTAMP") == dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


def test_alarm_lead_and_none(run: Runner) -> None:
    assert b"TRIGGER:-P14D" in export(run, "--alarm", "2w")
    assert b"TRIGGER:-PT12H" in export(run, "--alarm", "12h")
    assert b"VALARM" not in export(run, "--alarm", "none")
    result = run("export", "--registry", str(REGISTRY), "--alarm", "soon")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --alarm: 'soon' is not a span: give a number and a unit, e.g. 90 days, "
        "2 weeks, 6 months, 1 year, or short: 90d, 2w, 6m, 1y, 12h; or 'none' for no alarm\n")
    assert parse_alarm("0d") == dt.timedelta(0)


def test_windows_add_the_comment_period_even_when_it_opened_before_the_range(
    run: Runner,
) -> None:
    found = events(export(run, "--windows"))  # from today: the opening is past
    window = found["rohs-draft.comment_close-window@sesec-deadlines"]
    assert span(window) == ("2026-03-10", "2026-04-10")
    assert str(window["SUMMARY"]) == "Comment period: Draft RoHS standard (GB 26572)"
    assert "VALARM" not in window.to_ical().decode()
    assert "rohs-draft.comment_open@sesec-deadlines" not in found


def test_name_and_filters(run: Runner) -> None:
    data = export(run, "--name", "CCC, our team", "-t", "ccc", "--all")
    assert b"X-WR-CALNAME:CCC\\, our team\r\n" in data
    assert all(uid.startswith("ccc-chargers.") for uid in events(data))


# -- files and errors --------------------------------------------------------------------


def test_an_empty_selection_is_refused_and_the_file_left_alone(run: Runner,
                                                              tmp_path: Path) -> None:
    out = tmp_path / "old.ics"
    out.write_bytes(b"previous calendar")
    result = run("export", "--registry", str(REGISTRY), "--as-of", AS_OF, "-t", "ai",
                 "-o", str(out))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == ("error: no milestone to export: the calendar would be empty\n"
                             "hint: widen the filters, add --all for past milestones, or "
                             "--allow-empty for an empty calendar\n")
    assert out.read_bytes() == b"previous calendar"
    result = run("export", "--registry", str(REGISTRY), "--as-of", AS_OF, "-t", "battery")
    assert result.exit_code == 2
    assert "--include-approximate exports the month and year ones" in result.stderr


def test_output_file_is_written_whole(run: Runner, tmp_path: Path) -> None:
    out = tmp_path / "out" / "deadlines.ics"
    out.parent.mkdir()
    result = run("export", "--registry", str(REGISTRY), "--as-of", AS_OF, *FULL, "-o", str(out))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert out.read_bytes() == GOLDEN.read_bytes()
    assert sorted(p.name for p in out.parent.iterdir()) == ["deadlines.ics"]  # no temp file left


def test_an_unwritable_output_is_a_clear_error(run: Runner, tmp_path: Path) -> None:
    result = run("export", "--registry", str(REGISTRY), "--as-of", AS_OF,
                 "-o", str(tmp_path / "missing" / "x.ics"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {tmp_path / 'missing' / 'x.ics'}: the folder "
                                    f"{tmp_path / 'missing'} does not exist")
    result = run("export", "--registry", str(REGISTRY), "--as-of", AS_OF, "-o", "/dev/full")
    assert result.exit_code == 1  # a device that cannot take the bytes: a runtime failure
    assert result.stderr.startswith("error: /dev/full: cannot write: No space left on device")
    result = run("export", "--registry", str(REGISTRY), "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "is a directory" in result.stderr


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_json_and_csv_are_those_of_list(run: Runner, fmt: str) -> None:
    common = ("--registry", str(REGISTRY), "--as-of", AS_OF, "-t", "ccc", "-t", "rohs")
    listed = run("list", *common, "--format", fmt)
    exported = run("export", *common, "--format", fmt)
    assert exported.exit_code == 0
    assert exported.stdout == listed.stdout


# -- the real registry -------------------------------------------------------------------


def test_the_real_registry_exports_cleanly(run: Runner, tmp_path: Path) -> None:
    ics = tmp_path / "real.ics"
    result = run("export", "--registry", "bundled", "--as-of", "2020-01-01", *FULL,
                 "-o", str(ics))
    assert result.exit_code == 0, result.stderr
    data = ics.read_bytes()
    assert lint(data) == []
    entries = [e for e in load([bundled_path()]).entries if e.date is not None]
    found = events(data)
    expected = {f"{e.instrument.id}.{e.milestone.key}@sesec-deadlines":
                e.date.start.isoformat() for e in entries if e.date is not None}
    assert {uid: e.decoded("DTSTART").isoformat() for uid, e in found.items()
            if not uid.endswith("-window@sesec-deadlines")} == expected
    cal = vobject.readOne(data.decode("utf-8"))
    assert len(cal.vevent_list) == len(found)
    shown = khal_events(ics, tmp_path)
    assert {uid: start for uid, (start, _) in shown.items()} == {
        uid: e.decoded("DTSTART").isoformat() for uid, e in found.items()}


# -- serialisation -----------------------------------------------------------------------


def synthetic_registry(tmp_path: Path, count: int = 400) -> Path:
    """A registry made by the benchmark generator: long texts, every precision and kind."""
    out = tmp_path / "synthetic.toml"
    script = Path(__file__).parent.parent / "bench" / "make_registry.py"
    subprocess.run([sys.executable, str(script), str(count), str(out)], check=True,
                   capture_output=True)
    return out


@pytest.mark.parametrize("which", ["fixture", "bundled", "synthetic"])
def test_the_bytes_are_icalendars_own(which: str, tmp_path: Path) -> None:
    """build_calendar encodes events itself, for speed; the result must be exactly what
    icalendar's Calendar.to_ical() gives for the same calendar built from components."""
    path = {"fixture": lambda: REGISTRY, "bundled": bundled_path,
            "synthetic": lambda: synthetic_registry(tmp_path)}[which]()
    entries = load([path]).entries
    for options in ({"name": "x, y", "alarm": dt.timedelta(days=7), "windows": True,
                     "include_approximate": True},
                    {"name": "Deadlines", "alarm": None, "windows": False,
                     "include_approximate": False, "method": None}):
        cal, events = calendar_parts(entries, **options)  # type: ignore[arg-type]
        count = 0
        for spec in events:
            cal.add_component(to_event(spec))
            count += 1
        assert count > 0
        assert build_calendar(entries, **options) == cal.to_ical()  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", range(5))
def test_folding_matches_icalendar(seed: int) -> None:
    import random

    from icalendar.parser import Contentline

    rng = random.Random(seed)
    alphabet = "abc ,;:\\^\"'é中文🙂" + "x" * 20
    for _ in range(400):
        line = "DESCRIPTION:" + "".join(rng.choice(alphabet)
                                        for _ in range(rng.randrange(0, 400)))
        if rng.random() < 0.5:
            line = line.encode("ascii", "ignore").decode()
        assert fold(line) == Contentline(line).to_ical(), line


@pytest.mark.parametrize("seed", range(5))
def test_text_lines_are_icalendars_own(seed: int) -> None:
    """Text, category and URI values are written without icalendar's value types, for
    speed: each line must be what icalendar's own type for the property gives."""
    import random

    from icalendar import Event

    from sesec_deadlines.output.icswire import content_lines

    rng = random.Random(seed)
    alphabet = ["a", "Z", " ", ",", ";", ":", "\\", "\\N", "\\n", "\n", "\r", "\r\n", "\"",
                "^", "é", "中", "🙂", "\t", "x" * 30]
    for _ in range(200):
        def text() -> str:
            return "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 60)))

        props = [("UID", text()), ("SUMMARY", text()), ("DESCRIPTION", text()),
                 ("LOCATION", text()),
                 ("URL", "https://example.com/" + text().replace("\r", "").replace("\n", "")),
                 ("CATEGORIES", [text() for _ in range(rng.randrange(1, 4))])]
        event = Event()
        for name, value in props:
            event.add(name, value)
        assert b"\r\n".join(content_lines("VEVENT", props, None)) + b"\r\n" \
            == event.to_ical()
    with pytest.raises(ValueError, match="URI"):  # as icalendar refuses it
        content_lines("VEVENT", [("URL", "https://example.com/\nX-INJECTED:1")], None)


def test_streamed_json_is_the_documented_document(run: Runner) -> None:
    import json

    from sesec_deadlines.core.query import Filters, select
    from sesec_deadlines.output.records import document

    today = dt.date.fromisoformat(AS_OF)
    reg = load([REGISTRY])
    selection = select(reg.window(None, None), Filters(), today)
    out = run("list", "--registry", str(REGISTRY), "--as-of", AS_OF, "--all", "-f", "json")
    doc = json.loads(out.stdout)
    assert doc.pop("unconfirmed") == []  # --all: lapsed dates are among the milestones
    assert doc.pop("registry")["newest_edition"] is not None
    assert doc.pop("window") == {"from": None, "to": None, "estimated": False}
    assert doc == document(selection.dated, selection.pending, today)
    assert out.stdout.splitlines()[6].startswith('    {"id": "old-data-rule/comment_close", ')
    empty = run("list", "--registry", str(REGISTRY), "--as-of", AS_OF, "-t", "ai", "-f", "json")
    assert empty.stdout == (
        '{\n  "schema": 1,\n  "as_of": "2026-03-20",\n  "registry": {"version": '
        f'"{reg.version}", "newest_edition": '
        '"2025-11", "edition_label": "SESEC VI, November–December 2025", "published": '
        '"2026-01-01", "age_days": 78, "stale": false, "editions": null, "files": '
        + json.dumps([str(REGISTRY)]) + '},\n  "window": {"from": "2026-03-20", '
        '"to": null, "estimated": false},\n  "milestones": [],\n'
        '  "pending": [],\n  "unconfirmed": []\n}\n')


def test_an_other_milestone_is_named_by_its_key(run: Runner, tmp_path: Path) -> None:
    registry = tmp_path / "other.toml"
    registry.write_text(
        'schema = 1\n\n[[instrument]]\nid = "battery-footprint"\ntitle = "Battery footprint"\n'
        'authority = ["MIIT"]\ntopics = ["battery"]\nstatus = "final"\nsummary = "Report it."\n'
        'last_verified = 2026-01-01\nsources = [{ title = "Notice" }]\n\n'
        '[[instrument.milestone]]\nkey = "pilot_phase_end"\nkind = "other"\n'
        'date = "2026-04-01"\ncertainty = "official"\n', encoding="utf-8")
    table = run("upcoming", "-r", str(registry), "--as-of", AS_OF)
    assert "pilot phase end" in table.stdout
    found = events(export(run, registry=registry))
    assert str(found["battery-footprint.pilot_phase_end@sesec-deadlines"]["SUMMARY"]) == \
        "Pilot phase end: Battery footprint"
