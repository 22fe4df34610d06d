"""Lifecycles: status histories, replacement links across files, the chain in `show`, the
calendar SEQUENCE of a draft that became final, and expected dates of pending milestones."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path

import icalendar

from sesec_deadlines.registry.load import check

from .conftest import Runner

HEAD = """schema = 1

[[edition]]
key = "2024-11"
label = "SESEC V, November–December 2024"
published = 2025-01-11

[[edition]]
key = "2025-11"
label = "SESEC VI, November–December 2025"
published = 2026-01-01
"""

BASE = """
[[instrument]]
id = "{id}"
title = "Rule {id}"
authority = ["SAMR"]
topics = ["ccc"]
status = "{status}"
summary = "Something."
last_verified = 2026-01-15
sources = [{{ edition = "2024-11", article = "First" }},
           {{ edition = "2025-11", article = "Second" }}]
{extra}
[[instrument.milestone]]
kind = "entry_into_force"
date = "2026-08-01"
certainty = "{certainty}"
"""


def inst(ident: str, status: str = "final", extra: str = "", certainty: str = "official") -> str:
    return BASE.format(id=ident, status=status, extra=extra, certainty=certainty)


def problems(paths: list[Path]) -> list[str]:
    _, found = check(paths)
    return [str(p) for p in found]


def test_a_valid_chain_across_two_files(write: Callable[..., Path], run: Runner) -> None:
    history = ('status_history = [{ status = "final", date = 2015-05-01 },'
               ' { status = "superseded", date = 2020-06-01, source = 1 }]\n')
    old = write(HEAD + inst("gb-1-2015", "superseded",
                                      'superseded_by = "gb-1-2020"\n' + history), "old.toml")
    new = write("schema = 1\n"  # the editions are declared in the other file
                + inst("gb-1-2020", "superseded",
                       'replaces = ["gb-1-2015"]\nsuperseded_by = "gb-1-2026"\n')
                + inst("gb-1-2026", "final", 'replaces = ["gb-1-2020"]\n'), "new.toml")
    assert problems([old, new]) == []
    out = run("show", "gb-1-2020", "-r", str(old), "-r", str(new), "--as-of", "2026-06-01")
    assert out.exit_code == 0, out.stderr
    assert "  chain: gb-1-2015 -> gb-1-2020 (this) -> gb-1-2026" in out.stdout
    assert "  replaces: gb-1-2015 (Rule gb-1-2015)" in out.stdout
    assert "  superseded by: gb-1-2026 (Rule gb-1-2026)" in out.stdout
    first = run("show", "gb-1-2015", "-r", str(old), "-r", str(new), "--as-of", "2026-06-01")
    assert "  2015-05-01  final       [0]\n  2020-06-01  superseded  [1]\n" in first.stdout


def test_missing_ends_and_one_sided_links(write: Callable[..., Path]) -> None:
    path = write(HEAD
                 + inst("a-rule", "superseded", 'superseded_by = "nowhere"\n')
                 + inst("b-rule", "final", 'replaces = ["gone", "c-rule"]\n')
                 + inst("c-rule", "final"))
    found = problems([path])
    assert found == [
        f"{path}:23: a-rule: superseded_by: names 'nowhere', which is not in the registry "
        "files read together",
        f"{path}:40: b-rule: replaces: names 'gone', which is not in the registry files read "
        "together",
        f"{path}:40: b-rule: replaces: 'c-rule' does not say `superseded_by = \"b-rule\"`; "
        "write the link at both ends",
    ]


def test_a_successor_must_list_what_it_replaces(write: Callable[..., Path]) -> None:
    path = write(HEAD + inst("a-rule", "superseded", 'superseded_by = "b-rule"\n')
                 + inst("b-rule"))
    assert problems([path]) == [
        f"{path}:23: a-rule: superseded_by: 'b-rule' does not list 'a-rule' in its `replaces`;"
        " write the link at both ends"]


def test_cycles_are_reported_once(write: Callable[..., Path]) -> None:
    text = HEAD
    for this, nxt, prev in (("x-1", "x-2", "x-3"), ("x-2", "x-3", "x-1"), ("x-3", "x-1", "x-2")):
        text += inst(this, "superseded", f'superseded_by = "{nxt}"\nreplaces = ["{prev}"]\n')
    found = problems([write(text)])
    assert len(found) == 1
    assert found[0].endswith("x-1: superseded_by: the replacement links form a cycle: "
                             "x-1 -> x-2 -> x-3 -> x-1")


def test_long_chains_check_in_linear_time(write: Callable[..., Path]) -> None:
    import time

    n = 3000
    text = HEAD
    for i in range(n):
        extra = ""
        if i:
            extra += f'replaces = ["c-{i - 1}"]\n'
        if i < n - 1:
            extra += f'superseded_by = "c-{i + 1}"\n'
        text += inst(f"c-{i}", "superseded" if i < n - 1 else "final", extra)
    path = write(text)
    started = time.perf_counter()
    assert problems([path]) == []
    assert time.perf_counter() - started < 20  # quadratic walks would take minutes


def test_link_fields_and_status_history_are_checked(write: Callable[..., Path]) -> None:
    path = write(HEAD + inst("a-rule", "final", 'superseded_by = "a-rule"\n'
                                       'replaces = "b-rule"\n'
                                       'status_history = [{ status = "final", date = 2025-01-01 },'
                                       ' { status = "draft", date = 2024-01-01, source = 5 },'
                                       ' { status = "withdrawn", date = "2026" }]\n'))
    fields = [p.split(": ")[2] for p in problems([path])]
    assert fields == ["status_history[1].source", "status_history[2].date",
                      "replaces", "superseded_by", "superseded_by"]
    history = ('status_history = [{ status = "final", date = 2025-01-01 },'
               ' { status = "draft", date = 2024-01-01 }]\n')
    ordered = write(HEAD + inst("b-rule", "draft", history))
    assert [p.split(": ", 3)[3] for p in problems([ordered])] == [
        "2024-01-01 is before the previous change (2025-01-01); list the changes oldest first",
        "a final instrument cannot become draft (it can become: superseded, withdrawn)",
    ]


def test_status_history_must_end_with_the_status(write: Callable[..., Path]) -> None:
    history = 'status_history = [{ status = "draft", date = 2025-01-01 }]\n'
    path = write(HEAD + inst("a-rule", "final", history))
    assert problems([path])[0].endswith(
        "a-rule: status_history: the last change is to 'draft' but the instrument's status is "
        "'final'; they must agree")


def _event(run: Runner, path: Path) -> icalendar.Event:
    out = run("export", "-r", str(path), "--as-of", "2026-06-01")
    assert out.exit_code == 0, out.stderr
    cal = icalendar.Calendar.from_ical(out.stdout_bytes)
    (event,) = cal.walk("VEVENT")
    return event


def test_a_draft_that_becomes_final_keeps_its_uid_and_bumps_the_sequence(
        write: Callable[..., Path], run: Runner) -> None:
    draft = write(HEAD + inst("a-rule", "draft", certainty="proposed"), "draft.toml")
    final = write(HEAD + inst(
        "a-rule", "final", 'status_history = [{ status = "draft", date = 2025-11-01 },'
        ' { status = "final", date = 2026-03-20, source = 1 }]\n'), "final.toml")
    before, after = _event(run, draft), _event(run, final)
    assert str(before["UID"]) == str(after["UID"]) == "a-rule.entry_into_force@sesec-deadlines"
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert (str(before["STATUS"]), str(after["STATUS"])) == ("TENTATIVE", "CONFIRMED")
    assert after.decoded("LAST-MODIFIED").date().isoformat() == "2026-03-20"


def test_a_recorded_withdrawal_counts_once(write: Callable[..., Path], run: Runner) -> None:
    path = write(HEAD + inst(
        "a-rule", "withdrawn", 'status_history = [{ status = "final", date = 2025-11-01 },'
        ' { status = "withdrawn", date = 2026-03-20 }]\n'))
    event = _event(run, path)
    assert (event["SEQUENCE"], str(event["STATUS"])) == (1, "CANCELLED")


def test_a_lapsed_date_says_so_in_the_calendar(write: Callable[..., Path], run: Runner) -> None:
    path = write(HEAD + inst("a-rule", "draft", certainty="proposed"))
    out = run("export", "-r", str(path), "--as-of", "2026-09-01", "--all")
    (event,) = icalendar.Calendar.from_ical(out.stdout_bytes).walk("VEVENT")
    description = str(event["DESCRIPTION"])
    assert ("Unconfirmed: proposed for 1 August 2026 in a draft; no final text known"
            in description.splitlines())
    assert str(event["STATUS"]) == "TENTATIVE"


EXPECTED = HEAD + """
[[instrument]]
id = "late-standard"
title = "A late standard"
authority = ["MIIT"]
topics = ["rohs"]
status = "draft"
summary = "Something."
last_verified = 2026-11-25
sources = [{ edition = "2024-11", article = "An article" }]

[[instrument.milestone]]
key = "approval"
kind = "published"
certainty = "proposed"
expected = "2025-03"

[[instrument.milestone]]
kind = "entry_into_force"
after = "approval"
offset = "13 months"
certainty = "proposed"
"""


def test_an_expected_date_is_shown_but_never_a_deadline(
        write: Callable[..., Path], run: Runner) -> None:
    path = write(EXPECTED)
    common = ("-r", str(path), "--as-of", "2025-02-01")
    up = run("upcoming", *common, "--days", "365").stdout
    assert "Nothing due" in up
    assert "date not yet known; expected March 2025" in up
    listed = json.loads(run("list", *common, "--all", "-f", "json").stdout)
    assert listed["milestones"] == []
    approval = listed["pending"][0]
    assert (approval["date"], approval["expected"], approval["flags"]) == (None, "2025-03", [])
    exported = run("export", *common, "--all", "--include-approximate")
    assert exported.exit_code == 2  # nothing to export: an expected date is not an event
    late = json.loads(run("list", "-r", str(path), "--as-of", "2026-12-01", "-f", "json").stdout)
    # a draft reported without a comment window: its outcome is counted from the edition
    assert late["pending"][0]["flags"] == ["overdue", "outcome_unknown"]
    shown = run("show", "late-standard", "-r", str(path), "--as-of", "2025-02-01").stdout
    assert "expected March 2025; no date known yet" in shown


def test_expected_only_on_a_pending_milestone(write: Callable[..., Path]) -> None:
    text = EXPECTED.replace('expected = "2025-03"', 'expected = "2025-03"\ndate = "2025-04"')
    assert problems([write(text)])[0].endswith(
        "late-standard/approval: expected: only a milestone without a date or rule (a pending "
        "one) can give the date it was `expected`")


def test_the_cache_keeps_lifecycles_and_expected_dates(write: Callable[..., Path]) -> None:
    import os

    from sesec_deadlines.registry.cache import load_cached
    from sesec_deadlines.registry.load import load

    history = ('status_history = [{ status = "final", date = 2015-05-01 },'
               ' { status = "superseded", date = 2020-06-01, source = 1 }]\n')
    path = write(HEAD
                 + inst("gb-1-2015", "superseded", 'superseded_by = "gb-1-2020"\n' + history)
                 + inst("gb-1-2020", "draft", 'replaces = ["gb-1-2015"]\n', "proposed")
                 + EXPECTED.removeprefix(HEAD))
    os.utime(path, (1_600_000_000, 1_600_000_000))
    fresh = load([path])
    load_cached([path])  # writes the cache
    cached = load_cached([path])
    assert type(cached).__name__ == "CachedRegistry"
    assert cached.instruments == fresh.instruments
    assert cached.cited_editions() == fresh.cited_editions() == frozenset({"2024-11",
                                                                          "2025-11"})
    today = datetime.date(2026, 12, 1)
    assert [e.id for e in cached.unconfirmed_before(today)] == [
        e.id for e in fresh.unconfirmed_before(today)] == ["gb-1-2020/entry_into_force"]


def test_a_recorded_status_change_is_a_change(write: Callable[..., Path], run: Runner) -> None:
    path = write(HEAD + inst(
        "a-rule", "final", 'status_history = [{ status = "draft", date = 2025-11-01 },'
        ' { status = "final", date = 2026-03-20, source = 1 }]\n'))
    out = run("changes", "-r", str(path), "--since", "2026-03-01", "--until", "2026-03-31",
              "--as-of", "2026-04-01", "-f", "json")
    assert out.exit_code == 0, out.stderr
    assert "status/a-rule/2026-03-20" in out.stdout and '"final"' in out.stdout
