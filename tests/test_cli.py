"""The commands through the CLI runner: exit code, stdout and stderr, JSON contract."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from .conftest import AS_OF, REGISTRY, Runner

R = ("--registry", str(REGISTRY), "--as-of", AS_OF)


def ids(result_stdout: str) -> list[str]:
    return [m["id"] for m in json.loads(result_stdout)["milestones"]]


def test_upcoming_plain_text_in_a_pipe(run: Runner) -> None:
    result = run("upcoming", *R)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "Deadlines from 2026-03-20 to 2026-06-18",
        "DATE        LEFT     KIND                   CERTAINTY  AUTHORITY   TITLE",
        "2026-03-25  5 days   mandatory from         official   SAMR, CNCA  CCC for EV chargers "
        "(CNCA-C25-01:2024)",
        "2026-04     12 days  published              official   SAC         Battery safety "
        "standard (GB 31241)",
        "2026-04-09  20 days  last day for comments  official   MIIT        Draft RoHS standard "
        "(GB 26572)",
        "",
        "Pending: 2 milestone(s) without a date yet",
        "ID                           KIND           RULE                                       "
        "    TITLE",
        "rohs-draft/approval          published      date not yet known                         "
        "    Draft RoHS standard",
        "rohs-draft/entry_into_force  in force from  13 months after approval (date not yet "
        "known)  Draft RoHS standard",
    ]
    assert "\x1b[" not in result.stdout


def test_upcoming_window_options(run: Runner) -> None:
    assert ids(run("upcoming", *R, "--days", "5", "-f", "json").stdout) == [
        "ccc-chargers/mandatory_from"
    ]
    assert ids(run("upcoming", *R, "--within", "2 years", "-f", "json").stdout) == [
        "ccc-chargers/mandatory_from",
        "battery-standard/approval",
        "rohs-draft/comment_close",
        "battery-standard/entry_into_force",
        "battery-standard/transition_end",
    ]
    both = run("upcoming", *R, "--days", "5", "--within", "1 month")
    assert both.exit_code == 2
    assert both.stderr == "error: give --days or --within, not both\n"


def test_upcoming_nothing_due_names_the_next(run: Runner) -> None:
    result = run("upcoming", *R, "--days", "3", "--topic", "battery")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        "Nothing due from 2026-03-20 to 2026-03-23.",
        "Next: 2026-04 (12 days) published: Battery safety standard",
    ]


def test_upcoming_month_in_progress_is_still_upcoming(run: Runner) -> None:
    result = run(
        "upcoming", "--registry", str(REGISTRY), "--as-of", "2026-04-15", "--topic", "battery"
    )
    assert "2026-04  this month  published" in result.stdout


def test_json_contract(run: Runner) -> None:
    result = run("list", *R, "--all", "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["schema"] == 1 and doc["as_of"] == AS_OF
    first = doc["milestones"][0]
    required = {
        "id",
        "item",
        "kind",
        "date",
        "precision",
        "certainty",
        "title",
        "authority",
        "topics",
        "status",
        "days_left",
        "source",
    }
    assert required <= set(first)
    assert first == doc["milestones"][0] | {
        "id": "old-data-rule/comment_close",
        "item": "old-data-rule",
        "kind": "comment_close",
        "date": "2025-12-31",
        "precision": "day",
        "certainty": "proposed",
        "authority": ["CAC"],
        "topics": ["data"],
        "status": "withdrawn",
        "days_left": -79,
    }
    by_id = {m["id"]: m for m in doc["milestones"]}
    assert len(by_id) == len(doc["milestones"]) == 8
    est = by_id["battery-standard/entry_into_force"]
    assert (
        est["date"],
        est["precision"],
        est["certainty"],
        est["rule_certainty"],
        est["rule"],
    ) == ("2027-04", "month", "estimated", "official", "12 months after approval")
    assert by_id["ccc-chargers/mandatory_from"]["source"] == {
        "edition": "2024-11",
        "edition_label": "SESEC V, November–December 2024",
        "article": "SAMR Includes Electric Vehicle Charging Equipment under CCC Certification",
        "title": None,
        "url": "https://example.org/ccc",
    }
    assert by_id["ccc-chargers/mandatory_from"]["sequence"] == 1
    assert [p["id"] for p in doc["pending"]] == [
        "rohs-draft/approval",
        "rohs-draft/entry_into_force",
    ]
    assert all(p["date"] is None and p["days_left"] is None for p in doc["pending"])


def test_list_defaults_to_not_past(run: Runner) -> None:
    assert ids(run("list", *R, "-f", "json").stdout) == [
        "ccc-chargers/mandatory_from",
        "battery-standard/approval",
        "rohs-draft/comment_close",
        "battery-standard/entry_into_force",
        "battery-standard/transition_end",
    ]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--kind", "comment_close"), ["old-data-rule/comment_close", "rohs-draft/comment_close"]),
        (
            ("--kind", "comment_close", "--kind", "comment_open"),
            ["old-data-rule/comment_close", "rohs-draft/comment_open", "rohs-draft/comment_close"],
        ),
        (("--topic", "ccc", "--kind", "mandatory_from"), ["ccc-chargers/mandatory_from"]),
        (
            ("--topic", "ccc", "--topic", "data"),
            [
                "old-data-rule/comment_close",
                "ccc-chargers/application_open",
                "ccc-chargers/mandatory_from",
            ],
        ),
        (("--authority", "miit"), ["rohs-draft/comment_open", "rohs-draft/comment_close"]),
        (("--status", "withdrawn"), ["old-data-rule/comment_close"]),
        (
            ("--certainty", "estimated"),
            ["battery-standard/entry_into_force", "battery-standard/transition_end"],
        ),
        (
            ("--product", "dc charging"),
            ["ccc-chargers/application_open", "ccc-chargers/mandatory_from"],
        ),
        (("--product", "0702"), ["ccc-chargers/application_open", "ccc-chargers/mandatory_from"]),
        (("--search", "CCC mark"), ["ccc-chargers/mandatory_from"]),
        (
            ("--search", "hazardous", "--search", "dropped"),
            ["old-data-rule/comment_close", "rohs-draft/comment_open", "rohs-draft/comment_close"],
        ),
        (
            ("--from", "2026-04", "--to", "2026-04"),
            ["battery-standard/approval", "rohs-draft/comment_close"],
        ),
        (
            ("--from", "2027"),
            ["battery-standard/entry_into_force", "battery-standard/transition_end"],
        ),
        (
            ("--to", "2026-03-10"),
            [
                "old-data-rule/comment_close",
                "ccc-chargers/application_open",
                "rohs-draft/comment_open",
            ],
        ),
        (
            ("--from", "today", "--to", "+1 month"),
            [
                "ccc-chargers/mandatory_from",
                "battery-standard/approval",
                "rohs-draft/comment_close",
            ],
        ),
        (
            ("--id", "battery-standard", "--kind", "transition_end"),
            ["battery-standard/transition_end"],
        ),
    ],
)
def test_list_filters(run: Runner, args: tuple[str, ...], expected: list[str]) -> None:
    result = run("list", *R, "--all", "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    assert ids(result.stdout) == expected


def test_list_csv(run: Runner) -> None:
    result = run("list", *R, "--all", "--format", "csv", "--topic", "ccc")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows] == [
        "ccc-chargers/application_open",
        "ccc-chargers/mandatory_from",
    ]
    assert rows[1]["authority"] == "SAMR; CNCA"
    assert rows[1]["days_left"] == "5"
    assert rows[1]["source"].startswith("SESEC V, November–December 2024, SAMR Includes")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("list", "--topic", "rosh"),
            "Invalid value for '--topic' / '-t': unknown topic 'rosh'. Did you mean 'rohs'?",
        ),
        (("list", "--kind", "deadline"), "Invalid value for '--kind' / '-k'"),
        (("list", "--from", "someday"), "error: --from: 'someday' is not a date"),
        (
            ("list", "--from", "2026-05", "--to", "2026-04"),
            "error: the window ends (2026-04-30) before it starts (2026-05-01)",
        ),
        (("upcoming", "--within", "a while"), "error: --within: 'a while' is not a span"),
        (("upcoming", "--as-of", "2025-02-30"), "error: --as-of: '2025-02-30' is not a real day"),
        (
            ("show", "ccc-charger"),
            "error: no instrument with id or number 'ccc-charger'\n"
            "hint: did you mean ccc-chargers?",
        ),
    ],
)
def test_usage_errors_exit_2(run: Runner, args: tuple[str, ...], message: str) -> None:
    result = run(*args, "--registry", str(REGISTRY))
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_bad_registry_exits_2_with_every_problem(run: Runner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('schema = 1\n[[instrument]]\nid = "x"\n', encoding="utf-8")
    result = run("upcoming", "--registry", str(bad))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"{bad}:2: x: title: missing required field 'title'"
    assert (
        lines[-1] == "error: 8 problems in the registry; fix them and run `deadlines check` again"
    )


def test_registry_from_environment_and_bundled_beside(run: Runner, tmp_path: Path) -> None:
    result = run(
        "list", "--all", "-f", "json", "--as-of", AS_OF, env={"DEADLINES_REGISTRY": str(REGISTRY)}
    )
    assert len(ids(result.stdout)) == 8
    twice = run("check", "--registry", "bundled", "--registry", str(REGISTRY))
    assert twice.exit_code == 2  # the fixture declares an edition the bundled one declares
    assert f"{REGISTRY}:6: edition 2024-11: key: edition '2024-11' is already declared in " \
        "data/deadlines.toml" in twice.stderr
    ours = tmp_path / "ours.toml"  # a company's file citing the bundled editions
    text = REGISTRY.read_text(encoding="utf-8")
    ours.write_text(text[:text.index("[[edition]]")] + text[text.index("[[instrument]]"):],
                    encoding="utf-8")
    alone = run("check", str(ours))
    assert alone.exit_code == 2
    assert "edition '2024-11' is not declared" in alone.stderr
    both = run("check", "--registry", "bundled", "--registry", str(ours))
    assert both.exit_code == 0, both.stderr
    assert both.stdout.startswith("ok: ")
    assert "in 2 file(s)" in both.stdout


def test_show(run: Runner) -> None:
    result = run("show", "ccc-chargers", *R)
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith(
        "CCC for EV chargers\nid:            ccc-chargers\nnumber:        CNCA-C25-01:2024\n"
    )
    assert "product codes: 0701, 0702" in out
    assert "  2026-03-01  19 days ago  applications open  official   [0]" in out
    assert "  2026-03-25  5 days       mandatory from     official   [0]" in out
    assert "    No CCC mark, no sale." in out
    assert "    changed on 2026-01-10, was 2026-03-01 (proposed)" in out
    assert (
        "  [0] SESEC V, November–December 2024, “SAMR Includes Electric Vehicle Charging "
        "Equipment under CCC Certification” <https://example.org/ccc>"
    ) in out


def test_show_relative_and_json(run: Runner) -> None:
    text = run("show", "rohs-draft", *R).stdout
    assert "rule: 13 months after approval (date not yet known)" in text
    doc = json.loads(run("show", "battery-standard", *R, "-f", "json").stdout)
    assert [m["id"] for m in doc["milestones"]] == [
        "battery-standard/approval",
        "battery-standard/entry_into_force",
        "battery-standard/transition_end",
    ]


def test_check_ok_and_version(run: Runner) -> None:
    result = run("check", str(REGISTRY))
    assert (result.exit_code, result.stdout) == (
        0,
        f"ok: 4 instruments, 10 milestones (2 pending) in 1 file(s): {REGISTRY.resolve()}\n",
    )
    assert run("--version").stdout.startswith("deadlines ")


def test_vocab_lists_every_kind(run: Runner) -> None:
    out = run("vocab").stdout
    for word in ("comment_close", "transition_end", "rohs", "CNCA", "2025-11"):
        assert word in out


def test_default_today_is_shanghai(run: Runner) -> None:
    from sesec_deadlines.core.dates import today_in_shanghai

    doc = json.loads(run("list", "--registry", str(REGISTRY), "-f", "json").stdout)
    assert doc["as_of"] == today_in_shanghai().isoformat()


@pytest.mark.parametrize(
    "args",
    [
        ("upcoming", *R),
        ("list", *R, "--all", "-f", "csv"),
        ("show", "rohs-draft", *R),
    ],
)
def test_the_real_entry_point_matches_the_runner(run: Runner, args: tuple[str, ...]) -> None:
    """`main()` builds only the invoked command; the output must not change."""
    import subprocess
    import sys

    script = Path(sys.executable).parent / "deadlines"
    real = subprocess.run([str(script), *args], capture_output=True, text=True, timeout=60)
    assert real.returncode == 0, real.stderr
    assert real.stdout == run(*args).stdout


def test_the_real_entry_point_lists_every_command_in_help() -> None:
    import subprocess
    import sys

    from .test_docs import command_names

    script = Path(sys.executable).parent / "deadlines"
    real = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
    for name in command_names():
        assert f"  {name.split()[0]} " in real.stdout, name
    upcoming = subprocess.run(
        [str(script), "upcoming", "--help"], capture_output=True, text=True, timeout=60
    )
    assert upcoming.stdout.startswith("Usage: deadlines upcoming [OPTIONS]")
