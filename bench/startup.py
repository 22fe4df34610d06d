"""Start-up cost of one command in two or more installations, measured side by side.

    python bench/startup.py [--runs 40] [--args "upcoming --as-of 2026-06-15"] \
        OLD/.venv/bin/deadlines NEW/.venv/bin/deadlines

Runs the command of each installation in turn (interleaved, so a busy machine slows
them alike) with a warm registry cache, and prints per installation the median CPU time
(user + system, from wait4: what the process itself spent, which a shared machine's
load changes far less than wall time), the median wall time and the peak memory. For
before/after figures of a change: install the commit before it and the change each in its
own environment (`pip install .`).
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import tempfile
import time


def once(script: str, args: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """CPU seconds, wall seconds and peak MB of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen([script, *args], stdout=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{script} {' '.join(args)} failed")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scripts", nargs="+", help="the `deadlines` script of each installation")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--args", default="upcoming --as-of 2026-06-15")
    options = parser.parse_args()
    args = shlex.split(options.args)
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DEADLINES_")}
        env["XDG_CACHE_HOME"] = tmp
        for script in options.scripts:  # warm each one's cache
            once(script, args, env)
        results: dict[str, list[tuple[float, float, float]]] = {s: [] for s in options.scripts}
        for _ in range(options.runs):
            for script in options.scripts:
                results[script].append(once(script, args, env))
        print(f"`deadlines {options.args}`, median of {options.runs} interleaved runs:\n")
        print("| installation | CPU time | wall time | peak memory |")
        print("|---|---:|---:|---:|")
        for script, runs in results.items():
            cpu = statistics.median(r[0] for r in runs) * 1000
            wall = statistics.median(r[1] for r in runs) * 1000
            peak = max(r[2] for r in runs)
            print(f"| {script} | {cpu:.0f} ms | {wall:.0f} ms | {peak:.0f} MB |")


if __name__ == "__main__":
    main()
