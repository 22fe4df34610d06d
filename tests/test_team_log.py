"""The tracking file: the fold (order-independent, property-tested), located errors, torn
last lines, a real `git merge` of two branches' decisions, and writers killed mid-append."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sesec_deadlines.core.dates import PartialDate
from sesec_deadlines.team import TrackingError, load_tracking
from sesec_deadlines.team.events import Event, make_values, parse_line
from sesec_deadlines.team.fold import decide, fold
from sesec_deadlines.team.logfile import append, new_event, read_events

TARGETS = ("a", "a/x", "a/y", "b/z")
MILESTONES = (("a", "a/x"), ("a", "a/y"), ("b", "b/z"))

values_st = st.fixed_dictionaries({}, optional={
    "progress": st.sampled_from([None, "open", "in-progress", "done", "not-applicable"]),
    "owner": st.sampled_from([None, "Anna", "Bo"]),
    "act_by": st.sampled_from([None, "3w", "2026-05-01", "10d"]),
    "note": st.sampled_from([None, "n1", "n2"]),
    "snooze_until": st.sampled_from([None, "2026-06-01"]),
    "evidence": st.sampled_from([None, ["https://a.example/1"], ["https://b.example/2"]]),
})
event_st = st.builds(
    lambda i, at, by, on, values: Event(f"{i:032x}", f"2026-12-0{at}T09:00:00.000000Z", by,
                                        on, make_values(values)),
    st.integers(0, 40), st.integers(1, 3), st.sampled_from(["Anna", "Bo"]),
    st.sampled_from(TARGETS), values_st)


def decisions(events: list[Event]) -> list[object]:
    state = fold(events)
    return [decide(state, item, target, PartialDate(2026, 8, 1)) for item, target in MILESTONES]


@settings(max_examples=300, deadline=None)
@given(st.lists(event_st, max_size=25), st.randoms())
def test_any_order_and_repeated_lines_fold_to_the_same_state(events: list[Event],
                                                             rnd: random.Random) -> None:
    shuffled = events + rnd.sample(events, k=len(events) // 2)  # lines a merge repeated
    rnd.shuffle(shuffled)
    assert decisions(shuffled) == decisions(events)
    # and through the file: lines written in another order read back the same
    assert [parse_line(e.line()) for e in events] == events


@settings(max_examples=100, deadline=None)
@given(st.lists(event_st, max_size=20), st.integers(0, 20))
def test_folding_in_two_parts_is_folding_at_once(events: list[Event], cut: int) -> None:
    first = fold(events[:cut])
    state = fold(events[cut:], first)
    once = fold(events)
    for item, target in MILESTONES:
        assert decide(state, item, target, None) == decide(once, item, target, None)


def test_the_later_event_wins_field_by_field_and_the_milestone_over_its_instrument() -> None:
    at = "2026-12-0{}T09:00:00.000000Z".format
    events = [
        Event("1" * 32, at(1), "Anna", "a", make_values({"progress": "not-applicable",
                                                          "note": "not for us"})),
        Event("2" * 32, at(2), "Bo", "a/x", make_values({"progress": "done", "owner": "Bo"})),
        Event("3" * 32, at(3), "Anna", "a/x", make_values({"owner": None,
                                                            "evidence": ["https://e.example/1"]})),
        Event("4" * 32, at(4), "Anna", "a/x", make_values({"evidence": ["https://e.example/2"]})),
    ]
    state = fold(events)
    x = decide(state, "a", "a/x", PartialDate(2026, 8, 1))
    y = decide(state, "a", "a/y", None)
    assert x is not None and y is not None
    assert (x.progress.value, x.owner, x.note) == ("done", None, "not for us")
    assert x.evidence == ("https://e.example/1", "https://e.example/2")
    assert (x.updated_by, x.updated_at, x.on) == ("Anna", at(4), ("a", "a/x"))
    assert (y.progress.value, y.on) == ("not-applicable", ("a",))
    assert decide(state, "b", "b/z", None) is None


def test_act_by_span_counts_back_from_the_milestones_date() -> None:
    event = Event("1" * 32, "2026-12-01T09:00:00.000000Z", "A", "a",
                  make_values({"act_by": "3w"}))
    state = fold([event])
    assert str(decide(state, "a", "a/x", PartialDate(2026, 8, 1)).act_by) == "2026-07-11"
    assert str(decide(state, "a", "a/x", PartialDate.parse("2026-09")).act_by) == "2026-08-11"
    in_working_days = fold([Event("2" * 32, "2026-12-02T09:00:00.000000Z", "A", "b",
                                  make_values({"act_by": "10wd"}))])
    assert str(decide(in_working_days, "b", "b/z", PartialDate(2026, 12, 31)).act_by) == \
        "2026-12-17"  # ten working days back, weekends skipped
    pending = decide(state, "a", "a/y", None)
    assert pending.act_by is None and pending.act_by_rule == "3w"


def _record(path: Path, on: str, **values: object) -> Event:
    event = new_event(on, dict(values), "tester")
    append(path, event)
    return event


def test_a_broken_line_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "tracking.jsonl"
    _record(path, "a/x", progress="done")
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"v":1,"id":"zz"}\n')
    _record(path, "a/y", progress="open")
    with pytest.raises(TrackingError) as err:
        load_tracking(path)
    assert err.value.message.startswith(f"{path}:2: ")
    assert err.value.exit_code == 2
    lines = path.read_text().splitlines()
    lines[1] = lines[0].replace('"progress":"done"', '"progres":"done"')
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(TrackingError, match=rf"{path}:2: set: unknown field 'progres'"):
        load_tracking(path)


def test_a_torn_last_line_is_reported_and_moved_aside_by_the_next_writer(
        tmp_path: Path) -> None:
    path = tmp_path / "tracking.jsonl"
    first = _record(path, "a/x", progress="done")
    torn = new_event("a/y", {"progress": "open"}, "tester").line()[:40]
    with path.open("a", encoding="utf-8") as handle:
        handle.write(torn)
    tracking = load_tracking(path)
    assert tracking.torn is not None and f"{path}:2: an incomplete last line" in tracking.torn
    assert tracking.state["a/x"]["progress"][2] == "done"
    notices = append(path, new_event("b/z", {"owner": "Bo"}, "tester"))
    assert notices and f"{path}:2:" in notices[0]
    assert (tmp_path / "tracking.jsonl.torn").read_text() == torn + "\n"
    events = read_events(path)
    assert [e.on for e in events] == ["a/x", "b/z"] and events[0] == first
    assert load_tracking(path).torn is None


def test_a_whole_last_line_without_its_newline_is_read(tmp_path: Path) -> None:
    path = tmp_path / "tracking.jsonl"
    path.write_text(new_event("a/x", {"progress": "done"}, "t").line().rstrip("\n"))
    assert load_tracking(path).torn is None
    append(path, new_event("a/y", {"progress": "open"}, "t"))
    assert [e.on for e in read_events(path)] == ["a/x", "a/y"]


def test_the_cache_folds_new_lines_and_notices_a_rewrite(tmp_path: Path) -> None:
    path = tmp_path / "tracking.jsonl"
    for i in range(5):
        _record(path, "a/x", owner=f"o{i}")
    assert load_tracking(path).state["a/x"]["owner"][2] == "o4"
    _record(path, "a/x", progress="done")
    again = load_tracking(path)  # grown: only the new line folded
    assert again.state["a/x"]["progress"][2] == "done" and again.events == 6
    lines = path.read_text().splitlines()
    path.write_text("\n".join(reversed(lines[:3])) + "\n")  # rewritten: folded afresh
    assert load_tracking(path).state["a/x"]["owner"][2] == "o2"


GIT = shutil.which("git")


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
           "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.skipif(GIT is None, reason="needs git")
def test_two_branches_merge_without_conflict_and_fold_to_both_decisions(
        tmp_path: Path) -> None:
    repo = tmp_path / "team"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    path = repo / "tracking.jsonl"
    notices = append(path, new_event("a", {"owner": "Anna"}, "Anna"))
    assert any("merge=union" in n for n in notices)
    assert (repo / ".gitattributes").read_text() == "tracking.jsonl merge=union\n"
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "start")
    _git(repo, "checkout", "-q", "-b", "bo")
    append(path, new_event("a/x", {"progress": "done", "note": "certificate"}, "Bo"))
    append(path, new_event("b/z", {"owner": "Bo"}, "Bo"))
    _git(repo, "commit", "-q", "-am", "Bo's decisions")
    _git(repo, "checkout", "-q", "main")
    append(path, new_event("a/y", {"progress": "not-applicable", "note": "no"}, "Anna"))
    append(path, new_event("a/x", {"act_by": "2w"}, "Anna"))
    _git(repo, "commit", "-q", "-am", "Anna's decisions")
    _git(repo, "merge", "-q", "--no-edit", "bo")
    assert "<<<<" not in path.read_text()
    state = load_tracking(path).state
    x = decide(state, "a", "a/x", PartialDate(2026, 8, 1))
    y = decide(state, "a", "a/y", None)
    z = decide(state, "b", "b/z", None)
    assert (x.progress.value, x.owner, x.note, x.act_by_rule) == ("done", "Anna",
                                                                  "certificate", "2w")
    assert (y.progress.value, z.owner) == ("not-applicable", "Bo")
    assert len(read_events(path)) == 5


WRITER = """
import sys
from pathlib import Path
from sesec_deadlines.team.logfile import append, new_event
path, name = Path(sys.argv[1]), sys.argv[2]
for i in range(10_000):
    event = new_event(f"{name}/m{i}", {"note": "x" * (i % 300), "owner": name}, name)
    append(path, event)
    print(event.id, flush=True)
"""


def test_writers_killed_mid_append_lose_nothing_decided_before(tmp_path: Path) -> None:
    path = tmp_path / "tracking.jsonl"
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    recorded: set[str] = set()
    for round_ in range(3):
        writers = [subprocess.Popen([sys.executable, str(script), str(path), f"w{round_}{n}"],
                                    stdout=subprocess.PIPE, text=True) for n in range(3)]
        wanted = (round_ + 1) * 60  # let them write (however busy the machine), then kill
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (
                not path.exists() or path.read_bytes().count(b"\n") < wanted):
            time.sleep(0.01)
        time.sleep(random.random() * 0.05)
        for writer in writers:
            writer.send_signal(signal.SIGKILL)
        for writer in writers:
            out, _ = writer.communicate()
            recorded.update(line for line in out.splitlines() if len(line) == 32)
        # a writer killed between write() and its last byte leaves a torn line at most
        with path.open("ab") as handle:
            handle.write(b'{"v":1,"id":"' + bytes(str(round_), "ascii"))
    tracking = load_tracking(path)
    assert tracking.torn is not None
    on_disk = {e.id for e in read_events(path)}
    assert recorded and recorded <= on_disk  # every decision confirmed is there
    append(path, new_event("after/kill", {"progress": "done"}, "t"))
    assert recorded <= {e.id for e in read_events(path)}


@pytest.mark.skipif(GIT is None, reason="needs git")
@pytest.mark.parametrize("name", ["team tracking.jsonl", 'our "decisions" [v2].jsonl',
                                  "#a b.jsonl", "plain*.jsonl"])
def test_the_gitattributes_line_names_the_file_whatever_its_name(tmp_path: Path,
                                                                  name: str) -> None:
    """git itself says the file merges as a union: a name with a space is quoted, since a
    backslash before a space would make git read the rest as an invalid attribute."""
    repo = tmp_path / "team"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    append(repo / name, new_event("a", {"owner": "Anna"}, "Anna"))
    done = subprocess.run(["git", "check-attr", "-z", "merge", "--", name], cwd=repo,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert done.stdout.split("\0")[2] == "union"
