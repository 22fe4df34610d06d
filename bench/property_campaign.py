"""A long campaign of the property tests: thousands of generated registries and command lines.

    python bench/property_campaign.py [--examples 3000] [--out campaign.json]

Runs tests/test_properties.py under the `campaign` profile with the given number of
examples per test, then prints what the generated inputs did: how many registries passed
`check` and went through every output, how many were refused, by kind of problem, and how
many command lines were accepted or refused. A failure prints hypothesis's minimal
failing input and exits 1. Run it from the repository root with the Python of the
environment where sesec-deadlines is installed with its test extra.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=3000)
    parser.add_argument("--out", help="also write the tallies to this JSON file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        stats = Path(tmp) / "stats.json"
        env = {**os.environ, "DEADLINES_HYPOTHESIS_PROFILE": "campaign",
               "DEADLINES_HYPOTHESIS_EXAMPLES": str(args.examples),
               "DEADLINES_PROPERTY_STATS": str(stats)}
        proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                               "tests/test_properties.py"], cwd=ROOT, env=env)
        if not stats.exists():
            raise SystemExit(proc.returncode or 1)
        data = json.loads(stats.read_text(encoding="utf-8"))
    if args.out:
        Path(args.out).write_text(json.dumps(data, ensure_ascii=False, indent=1),
                                  encoding="utf-8")
    print("\n| generated inputs | count |\n|---|---:|")
    for name, count in data["tally"].items():
        print(f"| {name} | {count} |")
    print("\n| problem kind reported by check (file and line or field each) | count |\n|---|---:|")
    for kind, count in data["kinds"][:25]:
        print(f"| {kind.replace('|', '/')} | {count} |")
    raise SystemExit(proc.returncode)


if __name__ == "__main__":
    main()
