"""`deadlines publish` of a large registry, warm and cold, in one or more installations.

    python bench/publish.py [--runs 5] [--size 50000] [--as-of 2026-06-15] \
        [--cold] OLD/.venv/bin/deadlines NEW/.venv/bin/deadlines

Writes the synthetic registry of --size milestones (bench/make_registry.py), then runs
`deadlines publish SITE -r REGISTRY --as-of DATE` of each installation in turn
(interleaved, so a busy machine slows them alike), each with its own cache and site
folder: warm (the registry's cache built beforehand, the site already there, as on a
publish after the last one) and, with --cold, on an emptied cache (the first publish
after the registry changed). Prints per installation and case the median and best wall
time, the median CPU time (user + system, from wait4: what the process itself spent,
which a shared machine's load changes far less than wall time) and the peak resident
memory over the runs, and the load average before and after (a shared machine's figures
are only comparable side by side). Without arguments it measures the `deadlines` beside
this Python.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def once(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak MB of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scripts", nargs="*", help="the `deadlines` script of each installation")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", type=int, default=50000)
    parser.add_argument("--as-of", default="2026-06-15")
    parser.add_argument("--cold", action="store_true", help="also publish on an empty cache")
    options = parser.parse_args()
    scripts = options.scripts or [str(Path(sys.executable).parent / "deadlines")]
    cases = ["warm", "cold"] if options.cold else ["warm"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        registry = work / "registry.toml"
        subprocess.run([sys.executable, str(HERE / "make_registry.py"), str(options.size),
                        str(registry)], check=True, capture_output=True)
        old = time.time() - 3600
        os.utime(registry, (old, old))  # older than the cache's "racy" window
        base = {k: v for k, v in os.environ.items() if not k.startswith("DEADLINES_")}
        base["DEADLINES_REGISTRY_NOTICE"] = "0"
        envs, commands = [], []
        for n, script in enumerate(scripts):
            envs.append(dict(base, XDG_CACHE_HOME=str(work / f"cache-{n}")))
            commands.append([script, "publish", str(work / f"site-{n}"), "-r", str(registry),
                             "--as-of", options.as_of])
            once(commands[-1], envs[-1])  # builds the cache and the site
        load_before = os.getloadavg()
        results: dict[tuple[int, str], list[tuple[float, float, float]]] = {
            (n, case): [] for n in range(len(scripts)) for case in cases}
        for _ in range(options.runs):
            for case in cases:
                for n in range(len(scripts)):
                    if case == "cold":
                        shutil.rmtree(envs[n]["XDG_CACHE_HOME"], ignore_errors=True)
                    results[n, case].append(once(commands[n], envs[n]))
        load_after = os.getloadavg()
    print(f"`deadlines publish SITE -r REGISTRY --as-of {options.as_of}`, {options.size:,} "
          f"milestones, {options.runs} interleaved runs; load average "
          f"{load_before[0]:.2f} before, {load_after[0]:.2f} after.\n")
    print("| installation | cache | median | best | CPU (median) | peak memory |")
    print("|---|---|---:|---:|---:|---:|")
    for (n, case), runs in results.items():
        walls = [r[0] for r in runs]
        cpu = statistics.median(r[1] for r in runs)
        peak = max(r[2] for r in runs)
        print(f"| {scripts[n]} | {case} | {statistics.median(walls):.2f} s | "
              f"{min(walls):.2f} s | {cpu:.2f} s | {peak:.0f} MB |")


if __name__ == "__main__":
    main()
