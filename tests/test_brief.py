"""`upcoming --brief` and `list --brief`: one line a milestone; the flag legend at most once a
day per terminal."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sesec_deadlines.output.brief import ELLIPSIS, fit

from .conftest import Runner
from .test_start import Terminal, in_terminal

AS_OF = ("--as-of", "2026-06-15")
DATED = re.compile(r"^\d{4}(-\d\d){0,2} ")

EXPECTED = """\
2026-07-01  16d  in force from   ?!  GB 18384: Revised electric vehicle safety requirements (draft, to replace GB 18384-2020)
2026-07-01  16d  mandatory from  ?!  GB 18384: Revised electric vehicle safety requirements (draft, to replace GB 18384-2020)
2026-07-01  16d  in force from       Measures on Data Security Management in the Energy Sector (Trial)
2026-08-01  47d  mandatory from      CNCA-C25-01:2024: CCC certification of electric vehicle charging equipment
2026-08-01  47d  mandatory from      CNCA-C07-01:2024: CCC implementation rules for household and similar electrical appliances (2024 update)
2026-08-01  47d  in force from       GB/T 4706.1-2024: Safety of household and similar electrical appliances, Part 1: general requirements, and its product-specific parts
"""  # noqa: E501


def freshness(run: Runner, *args: str) -> str:
    """The registry's age, as the tables say it."""
    line = run("upcoming", *args).stdout.splitlines()[0]
    assert line.startswith("Registry current to SESEC VI")
    return line


def test_upcoming_brief_is_one_line_a_milestone(run: Runner) -> None:
    result = run("upcoming", "--brief", *AS_OF)
    assert result.exit_code == 0, result.stderr
    pending = len(json.loads(run("upcoming", "-f", "json", *AS_OF).stdout)["pending"])
    counts = f"{pending} pending, 0 unconfirmed (`deadlines review`)"
    assert result.stdout == f"{EXPECTED}{freshness(run, *AS_OF)}\n{counts}\n"
    table = run("upcoming", *AS_OF).stdout
    assert "Flags as of" in table and "Flags as of" not in result.stdout  # no legend
    assert run("upcoming", "-b", *AS_OF).stdout == result.stdout


def test_the_same_milestones_as_the_table(run: Runner) -> None:
    for args in (["upcoming", "-t", "ccc", "-t", "ev", "-t", "electrical", *AS_OF],
                 ["list", "-t", "rohs", "--all", *AS_OF], ["list", "--from", "2026-01", *AS_OF]):
        brief = run(*args, "--brief").stdout.splitlines()
        data = json.loads(run(*args, "--format", "json").stdout)
        dated = [line for line in brief if DATED.match(line)]
        assert [line.split()[0] for line in dated] == [m["date"] for m in data["milestones"]]
        count = f"{len(data['pending'])} pending, {len(data['unconfirmed'])} unconfirmed"
        assert brief[-1] == f"{count} (`deadlines review`)"


def test_unconfirmed_dates_are_counted(run: Runner) -> None:
    result = run("list", "-t", "ev", "--brief", "--as-of", "2026-12-01")
    assert result.stdout.splitlines()[-1] == "0 pending, 2 unconfirmed (`deadlines review`)"


def test_nothing_due_says_what_comes_next(run: Runner) -> None:
    result = run("upcoming", "-b", "-t", "ccc", "--days", "10", *AS_OF)
    lines = result.stdout.splitlines()
    assert lines[0] == "Nothing due from 2026-06-15 to 2026-06-25. Next:"
    assert lines[1].startswith("2026-08-01  47d  mandatory from ")
    assert lines[2] == freshness(run, *AS_OF)
    none = run("upcoming", "-b", "-t", "ccc", "--as-of", "2027-06-01").stdout.splitlines()
    assert none[0] == ("Nothing due from 2027-06-01 to 2027-08-30. "
                       "No later milestone matches either.")


def test_a_setting_makes_it_the_default(run: Runner) -> None:
    table = run("upcoming", *AS_OF).stdout
    brief = run("upcoming", "--brief", *AS_OF).stdout
    for value in ("1", "true", "yes"):
        assert run("upcoming", *AS_OF, env={"DEADLINES_BRIEF": value}).stdout == brief
        assert run("list", *AS_OF, env={"DEADLINES_BRIEF": value}).stdout == \
            run("list", "--brief", *AS_OF).stdout
    assert run("upcoming", "--no-brief", *AS_OF, env={"DEADLINES_BRIEF": "1"}).stdout == table
    assert run("upcoming", *AS_OF, env={"DEADLINES_BRIEF": "0"}).stdout == table
    as_json = run("upcoming", "-f", "json", *AS_OF).stdout
    assert run("upcoming", "-f", "json", *AS_OF, env={"DEADLINES_BRIEF": "1"}).stdout == as_json
    bad = run("upcoming", *AS_OF, env={"DEADLINES_BRIEF": "sometimes"})
    assert bad.exit_code == 2
    assert "DEADLINES_BRIEF" in bad.stderr or "--brief" in bad.stderr


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_on_a_terminal_one_line_a_milestone_no_word_split(columns: int) -> None:
    args = ("upcoming", "--brief", "--days", "400", "--as-of", "2026-06-15")
    shown = in_terminal(*args, columns=columns).splitlines()
    piped = subprocess.run([sys.executable, "-m", "sesec_deadlines", *args],
                           capture_output=True, text=True, check=True).stdout.splitlines()
    full = [line for line in piped if DATED.match(line)]
    lines = [line for line in shown if DATED.match(line)]
    assert len(lines) == len(full) > len(EXPECTED.splitlines())  # one line a milestone
    for line, complete in zip(lines, full, strict=True):
        assert len(line) <= columns
        if line != complete:  # cut after a whole word, with an ellipsis
            assert line.endswith(ELLIPSIS)
            assert complete.startswith(line[:-1].rstrip(" ,;:"))
            rest = complete[len(line[:-1].rstrip(" ,;:")):]
            assert rest[:1] in (" ", ",", ";", ":"), (line, complete)
    assert "Flags as of" not in "\n".join(shown)
    assert all(len(line) <= columns for line in shown)


def test_fit_cuts_after_a_whole_word() -> None:
    text = "CNCA-C25-01:2024: CCC certification of electric vehicle charging equipment"
    assert fit(text, 200) == text
    assert fit(text, 30) == "CNCA-C25-01:2024: CCC…"
    assert fit(text, 10) == ELLIPSIS
    for room in range(1, len(text)):
        cut = fit(text, room)
        assert len(cut) <= max(room, 1)
        kept = cut.removesuffix(ELLIPSIS)
        assert text.startswith(kept)
        assert kept == "" or text[len(kept)] in " ,;:"  # it ends where a word ends


def test_the_legend_once_a_day_on_a_terminal(tmp_path: Path) -> None:
    args = ("upcoming", "--as-of", "2026-06-15")
    env = {"XDG_STATE_HOME": str(tmp_path / "state")}
    with Terminal() as terminal:
        first = terminal.run(*args, columns=120, env=env)
        assert "Flags as of 2026-06-15" in first and "outcome_unknown  a draft" in first
        second = terminal.run(*args, columns=120, env=env)
        assert "Flags as of" not in second
        assert "outcome_unknown" in second  # the flags themselves are still shown
        assert (tmp_path / "state" / "sesec-deadlines" / "explained.json").is_file()
        # a flag not explained yet today is explained, alone
        third = terminal.run("upcoming", "--as-of", "2026-12-01", "-t", "ev", columns=120,
                             env=env)
        with Terminal() as other:  # another window, open beside it, was told nothing yet
            assert "Flags as of 2026-06-15" in other.run(*args, columns=120, env=env)
    assert re.search(r"^  lapsed  a proposed or estimated date", third, re.M)
    assert "outcome_unknown  a draft" not in third


def test_an_unwritable_state_directory_explains_every_time(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x", encoding="utf-8")
    env = {"XDG_STATE_HOME": str(blocker)}
    for _ in range(2):
        shown = in_terminal("upcoming", "--as-of", "2026-06-15", columns=120, env=env)
        assert "Flags as of 2026-06-15" in shown
    corrupt = tmp_path / "corrupt"
    (corrupt / "sesec-deadlines").mkdir(parents=True)
    (corrupt / "sesec-deadlines" / "explained.json").write_text("{not json", encoding="utf-8")
    shown = in_terminal("upcoming", "--as-of", "2026-06-15", columns=120,
                        env={"XDG_STATE_HOME": str(corrupt)})
    assert "Flags as of 2026-06-15" in shown


def test_in_a_pipe_the_legend_is_always_there(run: Runner) -> None:
    for _ in range(2):
        assert "Flags as of 2026-06-15" in run("upcoming", *AS_OF).stdout


def test_an_estimated_window_is_said(run: Runner) -> None:
    """A window counted in working days of a year without a published schedule says so,
    as the table's title does."""
    lines = run("upcoming", "-b", "--within", "300wd", *AS_OF).stdout.splitlines()
    notes = [line for line in lines if line.startswith("Window ")]
    assert notes == ["Window 2026-06-15 to 2027-08-27 (estimated: counted in working days of a "
                     "year whose official holiday schedule is not yet published)."]
    assert not any(line.startswith("Window ") for line in
                   run("upcoming", "-b", "--within", "20wd", *AS_OF).stdout.splitlines())


def test_the_colour_legend_once_a_day_too(tmp_path: Path) -> None:
    args = ("upcoming", "--as-of", "2026-06-15", "--days", "400")
    env = {"XDG_STATE_HOME": str(tmp_path / "state"), "NO_COLOR": ""}
    ansi = re.compile(r"\x1b\[[0-9;]*m")
    with Terminal() as terminal:
        first = ansi.sub("", terminal.run(*args, columns=120, env=env))
        assert "colours: 8 to 30 days" in first
        second = ansi.sub("", terminal.run(*args, columns=120, env=env))
        assert "colours:" not in second
        assert "\x1b[" in terminal.run(*args, columns=120, env=env)  # still coloured
