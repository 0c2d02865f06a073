"""The examples run as a new user would run them, and produce what they say."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_python_example_runs_a_scenario_changes_a_package_sweeps_and_plots(tmp_path):
    done = subprocess.run(
        [sys.executable, "examples/from_python.py", "--runs", "100", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "tripwire_60k_treaty" in done.stdout and "Peace holds, by Europe's resolve" in done.stdout
    for name in ("changed_package.png", "changed_package_survival.png", "resolve_sweep.png"):
        assert (tmp_path / name).stat().st_size > 10_000, name
