"""The built wheel carries the registry and the documents `deadlines help` prints: `deadlines`
works from any directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_installs_and_runs_from_anywhere(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        check=True,
        timeout=600,
    )
    wheels = list(dist.glob("sesec_deadlines-*.whl"))
    assert len(wheels) == 1
    with zipfile.ZipFile(wheels[0]) as wheel:
        names = set(wheel.namelist())
    for doc in ("user-guide.md", "reminders.md", "registry-format.md", "calendar.md"):
        assert f"sesec_deadlines/docs/{doc}" in names
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheels[0])],
        check=True,
        timeout=900,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEADLINES_")}
    result = subprocess.run(
        [str(bin_dir / "deadlines"), "list", "--all", "--format", "json"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["schema"] == 1
    assert len(doc["milestones"]) > 0
    check = subprocess.run(
        [str(bin_dir / "python"), "-m", "sesec_deadlines", "check"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("ok: ")
    help_ = subprocess.run(
        [str(bin_dir / "deadlines"), "help", "reminders"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert help_.returncode == 0, help_.stderr
    assert help_.stdout == (ROOT / "docs" / "reminders.md").read_text(encoding="utf-8")
