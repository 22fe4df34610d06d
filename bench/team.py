"""Benchmark the team's tracking file: `upcoming` with and without 100,000 decisions, and
the time `track` takes to append one.

    python bench/team.py [--runs 10] [--milestones 50000] [--events 100000]

It writes a synthetic registry (bench/make_registry.py) and a tracking file of random
decisions on its milestones and instruments (seeded), then measures whole processes as
bench/run.py does (median wall time, peak memory):
- `upcoming` warm, without a tracking file;
- `upcoming` warm, with the tracking file (its folded state cached);
- `upcoming` on the first run after the tracking file changed (one decision appended:
  only the new line is folded);
- `upcoming` with the tracking file's cache emptied before each run (everything folded);
- `track ID --owner NAME` as a whole command, and the append alone (in this process:
  lock, write, fsync), the median of --runs appends.
It prints one Markdown table.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import AS_OF, DEADLINES, HERE, machine, measure

FIELDS = ("progress", "owner", "act_by", "note")
PROGRESS = ("open", "in-progress", "done", "not-applicable")


def tracking_file(ids: list[str], count: int, path: Path) -> None:
    """`count` decisions, one a line, on random milestones (and a tenth on instruments)."""
    from datetime import UTC, datetime, timedelta

    from sesec_deadlines.team.logfile import new_event

    rnd = random.Random(7)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            target = rnd.choice(ids)
            if rnd.random() < 0.1:
                target = target.split("/")[0]
            values: dict[str, object] = {"progress": rnd.choice(PROGRESS)}
            if values["progress"] == "not-applicable" or rnd.random() < 0.3:
                values["note"] = f"decision {n}: checked against the product list"
            if rnd.random() < 0.5:
                values["owner"] = rnd.choice(("Anna Li", "Bo Chen", "Chen Wei", "Di Wang"))
            if rnd.random() < 0.2:
                values["act_by"] = rnd.choice(("3w", "10d", "2m", "2026-03-01"))
            when = start + timedelta(seconds=n * 37)
            out.write(new_event(target, values, "bench", when).line())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--milestones", type=int, default=50_000)
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-team-"))
    cache = work / "cache"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "XDG_DATA_HOME": str(work / "data"),
           "DEADLINES_USER": "bench"}
    env.pop("DEADLINES_TRACKING", None)
    registry = work / "registry.toml"
    subprocess.run([sys.executable, str(HERE / "make_registry.py"), str(args.milestones),
                    str(registry)], check=True, stdout=subprocess.DEVNULL)
    listed = subprocess.run([DEADLINES, "list", "--all", "--format", "csv", "-r",
                             str(registry), "--as-of", AS_OF], env=env, check=True,
                            capture_output=True, text=True).stdout.splitlines()[1:]
    ids = [line.split(",", 1)[0] for line in listed]
    tracked = work / "tracking.jsonl"
    tracking_file(ids, args.events, tracked)
    with_file = {**env, "DEADLINES_TRACKING": str(tracked)}
    upcoming = [DEADLINES, "upcoming", "-r", str(registry), "--as-of", AS_OF]
    track = [DEADLINES, "track", ids[0], "--owner", "Bench", "-r", str(registry),
             "--as-of", AS_OF]
    subprocess.run(upcoming, env=with_file, check=True, stdout=subprocess.DEVNULL)
    time.sleep(2.5)  # past the racy window: the cache may keep the stamp
    subprocess.run(upcoming, env=with_file, check=True, stdout=subprocess.DEVNULL)

    def append_one() -> None:
        subprocess.run(track, env=with_file, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)

    def drop_cache() -> None:
        for old in cache.rglob("tracking-*.bin"):
            old.unlink()

    rows = [
        ("`upcoming` (warm), no tracking file", measure(upcoming, args.runs, env)),
        (f"`upcoming` (warm), {args.events:,} decisions",
         measure(upcoming, args.runs, with_file)),
        ("`upcoming`, one decision appended since the last run",
         measure(upcoming, args.runs, with_file, before=append_one)),
        ("`upcoming`, tracking cache emptied (all folded)",
         measure(upcoming, args.runs, with_file, before=drop_cache)),
        ("`track ID --owner NAME` (whole command)", measure(track, args.runs, with_file)),
    ]
    from sesec_deadlines.team.logfile import append, new_event

    appends = []
    for _ in range(max(args.runs, 20)):
        event = new_event(ids[1], {"owner": "Bench"}, "bench")
        start = time.perf_counter()
        append(tracked, event)
        appends.append(time.perf_counter() - start)
    print(f"Machine: {machine()}; {args.milestones:,} milestones, {args.events:,} decisions "
          f"({tracked.stat().st_size / 1e6:.1f} MB), median of {args.runs} runs\n")
    print("| command | median | peak memory |\n|---|---:|---:|")
    for name, (seconds, peak) in rows:
        print(f"| {name} | {seconds * 1000:.0f} ms | {peak:.0f} MB |")
    print(f"| the append alone (lock, write, fsync), in-process | "
          f"{statistics.median(appends) * 1000:.1f} ms | |")
    base, team = rows[0][1][0], rows[1][1][0]
    print(f"\nwarm `upcoming` with the tracking file: {team / base:.2f} times without it")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
