"""A subscribed calendar that keeps its history (--past, alarms only ahead), and CSV that
spreadsheets open safely (--excel, quoted line breaks, neutralised formulas)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest

from sesec_deadlines.output.records import csv_cell, csv_line

from .conftest import AS_OF, REGISTRY, Runner

R = ("--registry", str(REGISTRY), "--as-of", AS_OF)


def calendar(run: Runner, *args: str) -> dict[str, icalendar.Event]:
    result = run("export", *R, *args)
    assert result.exit_code == 0, result.stderr
    cal = icalendar.Calendar.from_ical(result.stdout_bytes)
    return {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}


def has_alarm(event: icalendar.Event) -> bool:
    return bool(event.walk("VALARM"))


def test_past_keeps_the_span_before_today(run: Runner) -> None:
    default = calendar(run)
    past = calendar(run, "--past", "12m")
    assert "ccc-chargers.application_open" not in default  # 2026-03-01, before 2026-03-20
    assert "ccc-chargers.application_open" in past
    assert "old-data-rule.comment_close" in past  # 2025-12-31: within 12 months
    assert "old-data-rule.comment_close" not in calendar(run, "--past", "2 weeks")
    assert set(default) < set(past)


def test_alarms_only_on_events_still_ahead_whatever_the_selection(run: Runner) -> None:
    for args in (("--past", "12 months"), ("--all",), ("--from", "2025-01-01")):
        events = calendar(run, *args)
        for uid, event in events.items():
            ahead = event.decoded("DTSTART").isoformat() >= AS_OF
            assert has_alarm(event) is ahead, uid
    assert has_alarm(calendar(run, "--past", "12m")["ccc-chargers.mandatory_from"])


@pytest.mark.parametrize(("args", "message"), [
    (("--past", "12m", "--all"), "give --past, --from or --all, not two of them"),
    (("--past", "12m", "--from", "2025-01"), "give --past, --from or --all, not two of them"),
    (("--past", "soon"), "--past: 'soon' is not a span"),
    (("--past", "9000 years"), "--past: 2026-03-20 - 9000 years falls outside the calendar"),
])
def test_bad_past_is_a_usage_error(run: Runner, args: tuple[str, ...], message: str) -> None:
    result = run("export", *R, *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_excel_csv_has_a_bom_and_crlf(run: Runner) -> None:
    plain = run("list", *R, "--all", "-f", "csv").stdout_bytes
    excel = run("list", *R, "--all", "-f", "csv", "--excel").stdout_bytes
    assert excel.startswith(b"\xef\xbb\xbfid,item,kind,")
    assert excel[3:].replace(b"\r\n", b"\n") == plain
    exported = run("export", *R, "--all", "-f", "csv", "--excel").stdout_bytes
    assert exported == excel
    rows = list(csv.DictReader(io.StringIO(excel.decode("utf-8-sig"), newline="")))
    assert rows[0]["id"] and "\ufeff" not in rows[0]


@pytest.mark.parametrize("command", [("list",), ("export",), ("export", "-f", "ics")])
def test_excel_is_for_csv_only(run: Runner, command: tuple[str, ...]) -> None:
    result = run(*command, *R, "--excel")
    assert result.exit_code == 2
    assert "--excel is for CSV output" in result.stderr


def test_cells() -> None:
    assert csv_cell(-166) == "-166"  # numbers stay numbers
    assert csv_cell(0) == "0"
    assert csv_cell("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\""
    for start in "=+-@":
        assert csv_cell(start + "1") == "'" + start + "1"
    assert csv_cell("a\rb") == '"a\rb"'
    assert csv_cell("a\nb") == '"a\nb"'
    assert csv_cell("plain, text") == '"plain, text"'
    assert csv_cell(None) == ""
    assert csv_line(["a", 1, "b c"]) == "a,1,b c\n"


def hostile_registry(write: Callable[[str, str], Path]) -> Path:
    return write("""schema = 1
[[instrument]]
id = "x"
title = "=HYPERLINK(\\"http://evil\\")"
authority = ["SAMR"]
topics = ["ccc"]
status = "final"
summary = "s"
last_verified = 2026-01-15
sources = [{ title = "-2+3" }]
[[instrument.milestone]]
kind = "published"
date = "2026-01-01"
certainty = "official"
note = "@SUM(A1)"
""", "hostile.toml")


def test_a_csv_of_hostile_text_is_safe_in_a_spreadsheet(run: Runner,
                                                        write: Callable[[str, str], Path]) -> None:
    path = hostile_registry(write)
    result = run("list", "-r", str(path), "--as-of", AS_OF, "--all", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert len(rows) == 1
    row = rows[0]
    assert row["title"] == "'=HYPERLINK(\"http://evil\")"
    assert row["source"] == "'-2+3"
    assert row["note"] == "'@SUM(A1)"
    assert row["days_left"] == "-78"  # a negative number, untouched


def test_a_line_break_in_a_field_never_makes_a_row() -> None:
    from sesec_deadlines.output.records import CSV_FIELDS

    values = {k: "" for k in CSV_FIELDS} | {"id": "x/y", "title": "one\rtwo", "note": "a\nb"}
    text = csv_line(CSV_FIELDS) + csv_line(values[k] for k in CSV_FIELDS)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 2
    assert rows[1][CSV_FIELDS.index("title")] == "one\rtwo"
