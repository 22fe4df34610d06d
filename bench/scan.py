"""Benchmark `deadlines scan`: one edition's text to reviewed candidates.

    python bench/scan.py [--runs 10] [--editions DIR] [--out results.md]

Run it with the Python of the environment where sesec-deadlines is installed. For each
edition (the `.txt` files of --editions that carry a bundled edition's masthead, and
synthetic editions of 35 and 140 articles from bench/make_edition.py) it reports:
- the scan itself in-process (split into articles, find every date and rule, review
  against the bundled registry), median wall and CPU time of --runs;
- `deadlines scan FILE --format json` as a whole process (start-up, registry from the
  cache, scan, output), median wall time and peak resident memory.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_edition import make  # noqa: E402
from run import DEADLINES, machine, measure  # noqa: E402

from sesec_deadlines.curation.readers import read_document  # noqa: E402
from sesec_deadlines.curation.review import review  # noqa: E402
from sesec_deadlines.curation.scan import scan_text  # noqa: E402
from sesec_deadlines.curation.texts import which_edition  # noqa: E402
from sesec_deadlines.registry.load import bundled_path, load  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--editions", type=Path, help="folder of editions' plain text")
    parser.add_argument("--out", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    registry = load([bundled_path()])
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        files = sorted(args.editions.glob("*.txt")) if args.editions else []
        for articles in (35, 140):
            path = work / f"synthetic-{articles}.txt"
            path.write_text(make(articles), encoding="utf-8")
            files.append(path)
        env = {k: v for k, v in os.environ.items() if not k.startswith("DEADLINES_")}
        env["XDG_CACHE_HOME"] = str(work / "cache")
        subprocess.run([DEADLINES, "upcoming"], env=env, capture_output=True, check=True)
        for path in files:
            text = read_document(path).text
            edition = which_edition(text, registry.editions)
            if edition is None:
                continue
            label = edition.key if path.parent == args.editions else path.stem
            times, cpu = [], []
            for _ in range(args.runs):
                start, start_cpu = time.perf_counter(), time.process_time()
                found = review(scan_text(text, edition.published), registry.entries,
                               edition.key)
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
            inside, inside_cpu = statistics.median(times), statistics.median(cpu)
            whole, mb = measure([DEADLINES, "scan", str(path), "--format", "json"], args.runs,
                                env)
            rows.append((label, len(text) // 1024, len(found), inside, inside_cpu, whole, mb))
            print(f"  {label:<14} {len(text) // 1024:5d} KB {len(found):5d} candidates "
                  f"{inside * 1000:8.1f} ms ({inside_cpu * 1000:.1f} CPU) "
                  f"{whole * 1000:8.1f} ms {mb:6.1f} MB", file=sys.stderr)
    busy = os.getloadavg()[0]
    lines = [f"Machine: {machine()}; load average {busy:.1f}. Median of {args.runs} runs; peak "
             "RSS over the runs.", "",
             "| edition | text | candidates | scan (in-process) | its CPU time | "
             "`deadlines scan -f json` | peak memory |", "|---|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {label} | {kb} KB | {n} | {inside * 1000:.0f} ms | {cpu * 1000:.0f} ms | "
              f"{whole * 1000:.0f} ms | {mb:.0f} MB |"
              for label, kb, n, inside, cpu, whole, mb in rows]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
