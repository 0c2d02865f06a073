"""The analyses users wait for, timed: an explorer re-run, and the default `deter robust` on 2 cores.

Prints its figures against the speed targets (an explorer re-run at 2,000 worlds under 1 s; the
default `deter robust` on the baseline under 60 s on 2 cores); asserts nothing. Each measurement runs
in a fresh process. Run: `make bench`, or `.venv/bin/python benchmarks/targets.py [--skip-robust]`.

- **Explorer re-run**: what a slider move costs in `deter explore` (`sim.present.explorer.run`: the
  baseline's packages on its 2,000 common worlds, one process), after one warm-up run; median of 3.
- **Robust**: `deter robust scenarios/baseline.yaml` as a user types it (200 assumption sets x 1,000
  worlds x every package, then the analysis, the boxes and the figures), wall time on 2 workers; then
  `deter robust --resume` on the finished folder, which does only what follows the simulation.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DETER = Path(sys.executable).with_name("deter")

EXPLORER = """
import json, time
from sim import load_scenario
from sim.present.explorer import WORLDS, package_docs, run
base = load_scenario("scenarios/baseline.yaml")
packages = package_docs(base)
run(base, {}, packages, True)
times = []
for value in (0.3, 0.4, 0.5):
    t0 = time.perf_counter()
    run(base, {"world.europe.resolve.mean": value}, packages, True)
    times.append(time.perf_counter() - t0)
print(json.dumps({"worlds": WORLDS, "packages": len(packages), "times": times}))
"""


def explorer() -> dict:
    """Seconds per explorer re-run (a fresh process, one core)."""
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    done = subprocess.run(
        [sys.executable, "-c", EXPLORER], capture_output=True, text=True, check=True, env=env, cwd=ROOT
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def timed(args: list[str]) -> float:
    """Wall seconds of a `deter` command."""
    t0 = time.perf_counter()
    subprocess.run([str(DETER), *args], capture_output=True, check=True, cwd=ROOT)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-robust", action="store_true", help="time the explorer only")
    args = parser.parse_args()
    found = explorer()
    median = statistics.median(found["times"])
    print(
        f"explorer re-run: {found['packages']} packages x {found['worlds']:,} worlds, one core: "
        f"{median:.2f} s (median of 3; target under 1 s: {'met' if median < 1 else 'NOT met'})"
    )
    if args.skip_robust:
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "robust"
        whole = timed(["robust", "scenarios/baseline.yaml", "--out", str(out), "--workers", "2"])
        after = timed(["robust", "--resume", str(out), "--workers", "2"])
    print(
        f"deter robust scenarios/baseline.yaml (200 sets x 1,000 worlds), 2 workers: {whole:.0f} s, of "
        f"which {after:.0f} s after the simulation (analysis, boxes, figures); target under 60 s: "
        f"{'met' if whole < 60 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
