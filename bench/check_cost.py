"""Time `deadlines check` on registries made to be slow: a timing benchmark, not a test.

    python bench/check_cost.py [--sizes 10000] [--runs 1] [--out results.md]

Cases, each with N instruments (N from --sizes):
- `duplicate-ids`: every instrument has the same id;
- `dangling-anchors`: one valid instrument, then N whose relative milestone names a
  missing instrument;
- `chain`: N relative milestones in one instrument, each after the next, anchor last;
- `cycle`: N instruments whose milestones form one cycle;
- `duplicate-editions`: N `[[edition]]` tables with the same key;
- `bare-tables`: N bare `[[instrument]]` lines.
`check` must exit 2 (1 for no case); each figure is one run's wall time and peak memory
(median time of --runs runs). Run it with the Python of the environment where
sesec-deadlines is installed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BIN = Path(sys.executable).parent
DEADLINES = str(BIN / "deadlines")

HEAD = ('schema = 1\n\n[[edition]]\nkey = "2024-11"\nlabel = "An edition"\n'
        'published = 2025-01-11\n')
INSTRUMENT = """
[[instrument]]
id = "{id}"
title = "Rule {n}"
authority = ["SAMR"]
topics = ["ccc"]
status = "final"
summary = "Something."
last_verified = 2026-01-15
sources = [{{ edition = "2024-11", article = "An article" }}]
"""
DATED = ('\n[[instrument.milestone]]\nkind = "published"\ndate = "2026-08-01"\n'
         'certainty = "official"\n')
RELATIVE = ('\n[[instrument.milestone]]\nkind = "other"\nkey = "{key}"\nafter = "{after}"\n'
            'offset = "1 day"\ncertainty = "official"\n')


def duplicate_ids(n: int) -> str:
    return HEAD + "".join(INSTRUMENT.format(id="same", n=i) + DATED for i in range(n))


def dangling_anchors(n: int) -> str:
    parts = [HEAD, INSTRUMENT.format(id="anchor", n=0), DATED]
    for i in range(n):
        parts.append(INSTRUMENT.format(id=f"rule-{i}", n=i))
        parts.append(RELATIVE.format(key="later", after="missing-instrument/published"))
    return "".join(parts)


def chain(n: int) -> str:
    parts = [HEAD, INSTRUMENT.format(id="chain", n=0)]
    for i in range(n):
        parts.append(RELATIVE.format(key=f"m{i}", after=f"m{i + 1}"))
    parts.append(DATED.replace('kind = "published"', f'kind = "published"\nkey = "m{n}"'))
    return "".join(parts)


def cycle(n: int) -> str:
    parts = [HEAD]
    for i in range(n):
        parts.append(INSTRUMENT.format(id=f"rule-{i}", n=i))
        parts.append(RELATIVE.format(key="step", after=f"rule-{(i + 1) % n}/step"))
    return "".join(parts)


def duplicate_editions(n: int) -> str:
    edition = '\n[[edition]]\nkey = "2024-11"\nlabel = "An edition"\npublished = 2025-01-11\n'
    return HEAD + edition * n


def bare_tables(n: int) -> str:
    return HEAD + "[[instrument]]\n" * n


CASES: dict[str, Callable[[int], str]] = {
    "duplicate-ids": duplicate_ids,
    "dangling-anchors": dangling_anchors,
    "chain": chain,
    "cycle": cycle,
    "duplicate-editions": duplicate_editions,
    "bare-tables": bare_tables,
}


def measure(cmd: list[str], runs: int) -> tuple[float, float, int, int]:
    """Median seconds, peak MB, exit code and stderr lines of `cmd`."""
    times: list[float] = []
    peak = 0
    code = lines = 0
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        assert proc.stderr is not None
        lines = sum(1 for _ in proc.stderr)
        proc.stderr.close()
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        code = os.waitstatus_to_exitcode(status)
        peak = max(peak, usage.ru_maxrss)
    return statistics.median(times), peak / 1024, code, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--out")
    args = parser.parse_args()
    rows = ["| case | N | file | seconds | peak MB | exit | stderr lines |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            for name in args.cases.split(","):
                path = Path(tmp) / f"{name}-{size}.toml"
                path.write_text(CASES[name](size), encoding="utf-8")
                mb = path.stat().st_size / 1e6
                seconds, peak, code, lines = measure([DEADLINES, "check", str(path)], args.runs)
                rows.append(f"| {name} | {size} | {mb:.1f} MB | {seconds:.2f} | {peak:.0f} "
                            f"| {code} | {lines} |")
                print(rows[-1], flush=True)
    text = "\n".join(rows) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        print(text)


if __name__ == "__main__":
    main()
