"""Benchmark `deadlines update` for the bundled registry, served from 127.0.0.1.

    python bench/update.py [--runs 10]

Publishes the bundled registry into a temporary folder, serves it with a threaded
http.server on 127.0.0.1, and times whole processes (median of --runs):
- `update URL` into an empty data directory (fetch, verify, check, install);
- `update URL` again (the server answers 304 Not Modified to the conditional request);
- `upcoming` with nothing installed, and with the installed registry (which costs the
  bundled registry's version from its cache too).
Run it with the Python of the environment where sesec-deadlines is installed.
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
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DEADLINES = str(Path(sys.executable).parent / "deadlines")


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def timed(cmd: list[str], env: dict[str, str], runs: int,
          before: partial[None] | None = None) -> float:
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-update-"))
    try:
        site = work / "site"
        env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache"),
               "XDG_DATA_HOME": str(work / "data"), "XDG_CONFIG_HOME": str(work / "config")}
        env.pop("DEADLINES_REGISTRY", None)
        subprocess.run([DEADLINES, "publish", str(site), "-r", "bundled"], env=env, check=True)
        server = ThreadingHTTPServer(("127.0.0.1", 0),
                                     partial(Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        size = (site / "registry.toml").stat().st_size
        fresh = partial(shutil.rmtree, work / "data", ignore_errors=True)
        rows = [
            ("`upcoming`, nothing installed", timed([DEADLINES, "upcoming"], env, args.runs)),
            (f"`update {url}` (install, {size // 1024} kB registry)",
             timed([DEADLINES, "update", "-q", url], env, args.runs, before=fresh)),
        ]
        subprocess.run([DEADLINES, "update", "-q", url], env=env, check=True)
        rows += [
            ("`update` again (304 Not Modified)",
             timed([DEADLINES, "update", "-q", url], env, args.runs)),
            ("`upcoming`, the update installed", timed([DEADLINES, "upcoming"], env,
                                                         args.runs)),
        ]
        server.shutdown()
        print(f"Machine: {platform.system()} {platform.release()}, {os.cpu_count()} cores, "
              f"Python {platform.python_version()}. Median of {args.runs} runs.\n")
        print("| command | median |\n|---|---:|")
        for what, ms in rows:
            print(f"| {what} | {ms:.0f} ms |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
