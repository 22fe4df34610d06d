"""The package layout: one TOML reader with exact line numbers, and commands loaded lazily."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sesec_deadlines.core.errors import Problem
from sesec_deadlines.storage.toml import LineMap, parse_bytes

from .conftest import REGISTRY


def test_line_map_names_nested_tables_and_keys() -> None:
    text = (
        "schema = 1\n"
        "[[instrument]]\n"
        'id = "a"\n'
        "[[instrument.milestone]]\n"
        'kind = "published"\n'
        "[[instrument.milestone]]\n"
        'date = "2026"\n'
        "[[instrument]]\n"
        'id = "b"\n'
        "[[instrument.milestone]]\n"
        'kind = "other"\n'
        "[smtp]\n"
        'host = "x"\n'
    )
    lines = LineMap(text)
    assert lines.find("", "schema") == 1
    assert lines.find("instrument[0]", "id") == 3
    assert lines.find("instrument[0].milestone[1]", "date") == 7
    assert lines.find("instrument[1].milestone[0]", "kind") == 11
    assert lines.find("instrument[1].milestone[0]", "note") == 10  # the header, when absent
    assert lines.find("smtp", "host") == 13
    assert lines.count("instrument") == 2


def test_line_numbers_count_only_lf_and_skip_multiline_strings() -> None:
    text = (
        'a = "one\u2028two\u2029three\x85four"\r\n'
        'b = """\n'
        "c = not a key\n"
        '[not.a.table]\n"""\n'
        "d = 1\n"
    )
    lines = LineMap(text)
    assert lines.find("", "a") == 1
    assert lines.find("", "b") == 2
    assert lines.find("", "c") is None
    assert lines.find("not.a.table") is None
    assert lines.find("", "d") == 6


def test_syntax_errors_have_line_and_column_and_stay_inside_the_file() -> None:
    problems: list[Problem] = []
    parse_bytes("f.toml", 'a = 1\nb = "x\u2028y"\nc = \n'.encode(), problems)
    assert [(p.line, p.column) for p in problems] == [(3, 5)]
    problems = []
    parse_bytes("f.toml", b'a = 1\nb = [1,\n\n\n', problems)
    assert len(problems) == 1
    assert problems[0].line is not None and problems[0].line <= 4


def test_deeply_nested_toml_is_a_problem_not_a_crash() -> None:
    problems: list[Problem] = []
    parse_bytes("f.toml", b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n", problems)
    assert len(problems) == 1
    assert "TOML" in problems[0].message


def test_upcoming_loads_only_its_own_command(tmp_path: Path) -> None:
    """`deadlines upcoming` imports neither the calendar, the email nor other commands."""
    code = (
        "import sys\n"
        "from sesec_deadlines.cli.app import main\n"
        f"sys.argv = ['deadlines', 'upcoming', '-r', {str(REGISTRY)!r}, '--as-of', '2026-03-20']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('sesec_deadlines.', 'icalendar',"
        " 'email.mime', 'smtplib'))), file=sys.stderr)\n"
    )
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, check=True)
    loaded = eval(done.stderr.strip().splitlines()[-1])
    commands = {m for m in loaded if m.startswith("sesec_deadlines.cli.")}
    assert commands <= {"sesec_deadlines.cli.app", "sesec_deadlines.cli.base",
                        "sesec_deadlines.cli.common", "sesec_deadlines.cli.options",
                        "sesec_deadlines.cli.filtering", "sesec_deadlines.cli.brief",
                        "sesec_deadlines.cli.tracking",
                        "sesec_deadlines.cli.upcoming", "sesec_deadlines.cli.notice"}
    assert "sesec_deadlines.cli.upcoming" in commands
    assert not any(m.startswith(("icalendar", "smtplib", "sesec_deadlines.remind",
                                 "sesec_deadlines.output.ics")) for m in loaded)
