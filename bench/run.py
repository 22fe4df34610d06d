"""Benchmark the CLI as users run it: whole processes, median wall time and peak memory.

    python bench/run.py [--runs 10] [--sizes 1000,10000,50000] [--out results.md]
    python bench/run.py --cold-only --runs 3 --sizes 5000,20000,50000


Run it with the Python of the environment where sesec-deadlines is installed (it calls the
`deadlines` script beside that interpreter). It measures, in one run:
- baselines: `python -c pass` and `python -c "import typer, rich"`;
- `deadlines upcoming` on the bundled registry (warm cache);
- for synthetic registries of each size (bench/make_registry.py): `check`, `upcoming` warm
  (cache primed) and cold (empty cache: the first run after the registry changed), a
  narrow warm query (`upcoming --days 30 --topic ccc`, with its ratio to the bundled
  `upcoming` printed under the table),
  `list --all --format json`, and `export --format ics` (when the command exists).
- with `--cold` (or `--cold-only`, without the rows above): every command that reads the
  registry on a cold cache (emptied before each run, as on the first run after the
  registry changed): `timeline`, `timeline --format svg`, `list`, `export` (ics), `changes`,
  `review`, `show`, `remind --dry-run` and `publish`; and `publish` warm.
Each figure is the median of --runs runs; peak memory is the largest resident set size
of those runs (from wait4). It prints one Markdown table.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
DEADLINES = str(BIN / "deadlines")
AS_OF = "2026-01-01"
NARROW = "upcoming --days 30 --topic ccc (warm)"
WIDE = ["--from", "2020-01-01", "--to", "2035-12-31"]  # most of a synthetic registry's years
CONFIG = ('from = "Deadlines <d@example.com>"\n[smtp]\nhost = "127.0.0.1"\nsecurity = "none"\n'
          '[[subscription]]\nname = "all"\nto = ["a@example.com"]\n')


def cold_commands(work: Path, reg: list[str]) -> list[tuple[str, list[str]]]:
    """Every command that reads the registry, as run on a cold cache."""
    config = work / "bench-config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    config.chmod(0o600)
    site = work / "site"
    return [
        ("timeline (text)", ["timeline", "--width", "120", *WIDE]),
        ("timeline --format svg", ["timeline", "--format", "svg", *WIDE]),
        ("list --all --format json", ["list", "--all", "--format", "json"]),
        ("export --all (ics)", ["export", "--all", "-o", str(work / "cold.ics")]),
        ("changes --since 2000-01-01", ["changes", "--since", "2000-01-01"]),
        ("review", ["review"]),
        ("show ID", ["show", "bench-000001"]),
        ("remind --dry-run", ["remind", "--dry-run", "--config", str(config)]),
        ("publish", ["publish", str(site)]),
    ]


def measure(
    cmd: list[str], runs: int, env: dict[str, str], before: Callable[[], None] | None = None
) -> tuple[float, float]:
    """Median seconds and peak MB over `runs` runs of `cmd`."""
    times: list[float] = []
    peak = 0
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read().decode() if proc.stderr else ""
        if proc.stderr:
            proc.stderr.close()
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err}")
        peak = max(peak, usage.ru_maxrss)  # kilobytes on Linux
    return statistics.median(times), peak / 1024


def has_command(name: str) -> bool:
    probe = subprocess.run([DEADLINES, name, "--help"], capture_output=True)
    return probe.returncode == 0


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--out", type=Path, help="also write the table to this file")
    parser.add_argument("--cold", action="store_true",
                        help="also run every command on a cold cache, and publish warm")
    parser.add_argument("--cold-only", action="store_true",
                        help="only the cold-cache rows (and the baselines)")
    args = parser.parse_args()
    args.cold = args.cold or args.cold_only
    sizes = [int(s) for s in args.sizes.split(",") if s]
    rows: list[tuple[str, str, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("DEADLINES_")}
        env["XDG_CACHE_HOME"] = str(work / "cache")
        env["NO_COLOR"] = "1"

        def record(
            label: str, what: str, cmd: list[str], before: Callable[[], None] | None = None
        ) -> None:
            seconds, mb = measure(cmd, args.runs, env, before)
            rows.append((label, what, seconds, mb))
            print(
                f"  {label:<10} {what:<34} {seconds * 1000:9.1f} ms {mb:8.1f} MB", file=sys.stderr
            )

        def cold(label: str, work: Path, reg: list[str]) -> None:
            cold_cache = work / "cold-cache"
            empty_cache = partial(shutil.rmtree, cold_cache, ignore_errors=True)
            cold_env = dict(env, XDG_CACHE_HOME=str(cold_cache))
            for what, command in cold_commands(work, reg):
                cmd = [DEADLINES, *command, *reg, "--as-of", AS_OF]
                seconds, mb = measure(cmd, args.runs, cold_env, empty_cache)
                rows.append((label, f"{what} (cold cache)", seconds, mb))
                print(f"  {label:<10} {what + ' (cold)':<34} {seconds * 1000:9.1f} ms "
                      f"{mb:8.1f} MB", file=sys.stderr)
            publish = [DEADLINES, "publish", str(work / "site"), *reg, "--as-of", AS_OF]
            subprocess.run(publish, env=env, capture_output=True, check=True)
            record(label, "publish (warm)", publish)

        record("baseline", "python -c pass", [sys.executable, "-c", "pass"])
        record(
            "baseline",
            "python -c 'import typer, rich'",
            [sys.executable, "-c", "import typer, rich"],
        )
        subprocess.run([DEADLINES, "upcoming"], env=env, capture_output=True, check=True)
        record("bundled", "upcoming", [DEADLINES, "upcoming"])
        export = has_command("export")
        for n in sizes:
            path = work / f"registry-{n}.toml"
            subprocess.run(
                [sys.executable, str(HERE / "make_registry.py"), str(n), str(path)], check=True
            )
            old = time.time() - 3600
            os.utime(path, (old, old))  # older than the cache's "racy" window
            label = f"{n:,}"
            reg = ["--registry", str(path)]
            if args.cold:
                cold(label, work, reg)
            if args.cold_only:
                continue
            record(label, "check", [DEADLINES, "check", *reg])
            cold_cache = work / "cold-cache"
            empty_cache = partial(shutil.rmtree, cold_cache, ignore_errors=True)
            cold_env = dict(env, XDG_CACHE_HOME=str(cold_cache))
            seconds, mb = measure(
                [DEADLINES, "upcoming", *reg, "--as-of", AS_OF], args.runs, cold_env, empty_cache
            )
            rows.append((label, "upcoming (first run, cache built)", seconds, mb))
            print(
                f"  {label:<10} {'upcoming (first run)':<34} {seconds * 1000:9.1f} ms {mb:8.1f} MB",
                file=sys.stderr,
            )
            subprocess.run([DEADLINES, "upcoming", *reg], env=env, capture_output=True, check=True)
            record(label, "upcoming (warm)", [DEADLINES, "upcoming", *reg, "--as-of", AS_OF])
            record(label, NARROW, [DEADLINES, "upcoming", "--days", "30", "--topic", "ccc", *reg,
                                   "--as-of", AS_OF])
            record(
                label,
                "list --all --format json",
                [DEADLINES, "list", "--all", "--format", "json", *reg, "--as-of", AS_OF],
            )
            if export:
                record(
                    label,
                    "export --format ics",
                    [
                        DEADLINES,
                        "export",
                        "--all",
                        "--format",
                        "ics",
                        "--output",
                        str(work / "out.ics"),
                        *reg,
                        "--as-of",
                        AS_OF,
                    ],
                )
    lines = [
        f"Machine: {machine()}. Median of {args.runs} runs; peak RSS over the runs.",
        "",
        "| registry | command | median | peak memory |",
        "|---|---|---:|---:|",
    ]
    lines += [
        f"| {label} | `{what}` | {s * 1000:.0f} ms | {mb:.0f} MB |" for label, what, s, mb in rows
    ]
    bundled = next(s for label, what, s, _ in rows if label == "bundled")
    lines += [""] + [
        f"{label} `{what}` takes {s / bundled:.2f} times as long as `upcoming` on the bundled "
        "registry." for label, what, s, _ in rows if what == NARROW
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
