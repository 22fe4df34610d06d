"""`deadlines track` on the command line: recording, printing the history, refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import AS_OF, REGISTRY, Runner


@pytest.fixture
def tracked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "team" / "tracking.jsonl"
    path.parent.mkdir(exist_ok=True)
    monkeypatch.setenv("DEADLINES_TRACKING", str(path))
    monkeypatch.setenv("DEADLINES_USER", "Anna Li")
    return path


def track(run: Runner, *args: str) -> object:
    return run("track", *args, "-r", str(REGISTRY), "--as-of", AS_OF)


def test_track_records_and_prints_the_state_and_history(run: Runner, tracked: Path) -> None:
    r = track(run, "ccc-chargers/mandatory_from", "--progress", "in-progress", "--owner",
              "Bo", "--act-by", "10d", "--evidence", "https://example.com/cert.pdf")
    assert r.exit_code == 0, r.stderr
    assert "Recorded for ccc-chargers/mandatory_from: progress in-progress, owner Bo" in r.stderr
    assert "act by    2026-03-15 (10d before the date)" in r.stdout
    r = track(run, "ccc-chargers", "--progress", "not-applicable", "--note", "no wallboxes")
    assert r.exit_code == 0, r.stderr
    r = track(run, "ccc-chargers/mandatory_from")
    assert r.exit_code == 0
    assert "progress  in-progress" in r.stdout  # the milestone's own decision wins
    assert "note      no wallboxes" in r.stdout  # the instrument's fills the rest
    assert "History of ccc-chargers/mandatory_from (2 events):" in r.stdout
    assert "Anna Li  ccc-chargers: progress not-applicable, note 'no wallboxes'" in r.stdout
    doc = json.loads(track(run, "ccc-chargers", "--format", "json").stdout)
    states = {m["id"]: m["tracking"]["progress"] for m in doc["milestones"]}
    assert states == {"ccc-chargers/application_open": "not-applicable",
                      "ccc-chargers/mandatory_from": "in-progress"}
    assert [e["by"] for e in doc["history"]] == ["Anna Li", "Anna Li"]
    assert len(tracked.read_text().splitlines()) == 2


def test_track_clears_a_field_with_an_empty_value(run: Runner, tracked: Path) -> None:
    track(run, "rohs-draft/comment_close", "--owner", "Bo", "--note", "ask lab")
    r = track(run, "rohs-draft/comment_close", "--owner", "", "--format", "json")
    record = json.loads(r.stdout)["milestones"][0]["tracking"]
    assert (record["owner"], record["note"]) == (None, "ask lab")


@pytest.mark.parametrize(("args", "message"), [
    (("ccc-chargrs/mandatory_from", "--owner", "Bo"), "did you mean ccc-chargers?"),
    (("ccc-chargers/mandatory", "--owner", "Bo"), "did you mean ccc-chargers/mandatory_from"),
    (("ccc-chargers", "--progress", "not-applicable"), "needs --note, the reason"),
    (("ccc-chargers", "--progress", "finished"), "is not a progress"),
    (("ccc-chargers", "--act-by", "soon"), "--act-by: 'soon' is neither a day"),
    (("ccc-chargers", "--evidence", "ftp://x"), "is not an http(s) URL"),
    (("ccc-chargers", "--snooze-until", "01/08/2026"), "--snooze-until"),
    (("ccc-chargers", "--owner", "ev\x1b[31mil"), "--owner: holds a control character"),
    (("ccc-chargers", "--note", "a\x01b"), "--note: holds a control character (U+0001)"),
    (("ccc-chargers", "--note", "a\uffffb"), "--note: holds a non-character (U+FFFF)"),
    (("ccc-chargers", "--evidence", "https://x.example/\x1b[2J"), "is not an http(s) URL"),
])
def test_track_refuses_bad_input_with_exit_2(run: Runner, tracked: Path,
                                             args: tuple[str, ...], message: str) -> None:
    r = track(run, *args)
    assert r.exit_code == 2
    assert message in r.stderr + r.stdout
    assert not tracked.exists()


def test_a_broken_tracking_file_is_exit_2_naming_the_line(run: Runner, tracked: Path) -> None:
    tracked.parent.mkdir(parents=True, exist_ok=True)
    tracked.write_text('{"v":1}\n')
    r = track(run, "ccc-chargers")
    assert r.exit_code == 2
    assert f"error: {tracked}:1: 'id' must be a non-empty string" in r.stderr


def test_who_decides_comes_from_the_environment_else_the_login(
        run: Runner, tracked: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEADLINES_USER", "Chen Wei")
    track(run, "ccc-chargers", "--owner", "Bo")
    assert json.loads(tracked.read_text())["by"] == "Chen Wei"
    monkeypatch.delenv("DEADLINES_USER")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    track(run, "ccc-chargers", "--owner", "Di")
    import getpass

    assert json.loads(tracked.read_text().splitlines()[1])["by"] == getpass.getuser()


def test_who_decides_may_not_carry_terminal_controls(run: Runner, tracked: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEADLINES_USER", "x\x1b[2Jy")
    r = track(run, "ccc-chargers", "--owner", "Bo")
    assert r.exit_code == 2
    assert "holds a control character (U+001B)" in r.stderr
    assert not tracked.exists()


def test_a_control_character_in_the_file_is_a_located_error(run: Runner,
                                                              tracked: Path) -> None:
    """A line written by hand or merged from elsewhere is checked as `track` checks."""
    tracked.parent.mkdir(parents=True, exist_ok=True)
    line = {"v": 1, "id": "0123456789abcdef", "at": "2026-12-04T10:00:00Z",
            "by": "Anna", "on": "ccc-chargers", "set": {"owner": "B\x1b[2Jo"}}
    tracked.write_text(json.dumps(line) + "\n")
    r = track(run, "ccc-chargers")
    assert r.exit_code == 2
    assert f"error: {tracked}:1: set: owner: holds a control character" in r.stderr
    assert "\x1b" not in r.stdout


@pytest.mark.parametrize("special", ["fifo", "/dev/zero", "/dev/null"])
def test_a_tracking_file_that_is_not_a_regular_file_is_refused(
        run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, special: str) -> None:
    """A FIFO would block every command for ever and /dev/zero never end."""
    import os

    if special == "fifo":
        path = tmp_path / "tracking.fifo"
        os.mkfifo(path)
    else:
        path = Path(special)
    before = path.stat()
    monkeypatch.setenv("DEADLINES_TRACKING", str(path))
    for args in (("inbox", "-r", str(REGISTRY), "--as-of", AS_OF),
                 ("track", "ccc-chargers", "--owner", "Bo", "-r", str(REGISTRY))):
        r = run(*args)
        assert r.exit_code == 2, (args, r.stdout, r.stderr)
        assert f"the tracking file {path} " in r.stderr
        assert "not a regular file" in r.stderr
    after = path.stat()
    assert (after.st_mode, after.st_ino, after.st_rdev) == (
        before.st_mode, before.st_ino, before.st_rdev)


def test_a_note_of_several_lines_stays_in_its_column(run: Runner, tracked: Path) -> None:
    r = track(run, "ccc-chargers/mandatory_from", "--note", "lab booked\nreport due in May")
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    first = next(n for n, line in enumerate(lines) if line.strip().startswith("note"))
    assert lines[first].endswith("note      lab booked")
    assert lines[first + 1] == " " * lines[first].index("lab booked") + "report due in May"


def test_a_named_tracking_file_in_a_missing_folder_is_refused(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    typo = tmp_path / "tema" / "tracking.jsonl"  # a mistyped folder
    r = run("track", "ccc-chargers", "--owner", "Bo", "-r", str(REGISTRY),
            "--tracking-file", str(typo))
    assert r.exit_code == 2, r.stderr
    assert f"the folder of the tracking file {typo} does not exist" in r.stderr
    assert "nothing was recorded" in r.stderr
    assert not typo.parent.exists()
    monkeypatch.setenv("DEADLINES_TRACKING", str(typo))
    assert run("track", "ccc-chargers", "--owner", "Bo", "-r", str(REGISTRY)).exit_code == 2
    assert not typo.parent.exists()


def test_the_default_tracking_file_gets_its_folder(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("DEADLINES_TRACKING", raising=False)
    r = run("track", "ccc-chargers", "--owner", "Bo", "-r", str(REGISTRY))
    assert r.exit_code == 0, r.stderr
    made = tmp_path / "data" / "sesec-deadlines" / "tracking.jsonl"
    assert json.loads(made.read_text())["set"] == {"owner": "Bo"}
