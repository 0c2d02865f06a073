"""Robust analysis speed: the baseline's packages over assumption sets, on the local pool and on Dask.

Prints its figures; asserts nothing. The target (issue 14): 200 assumption sets x 1,000 worlds for
the baseline's packages in under 3 minutes on 2 cores. Each measurement runs in a fresh process.

    python benchmarks/robust.py              # 200 x 1,000, local pool and Dask LocalCluster, 2 workers
    python benchmarks/robust.py --quick      # 40 x 500, for a fast look
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import json, sys, time
from sim.execution.robust_run import run_robust
t0 = time.perf_counter()
text, folder = run_robust(sys.argv[1], sets=int(sys.argv[2]), runs=int(sys.argv[3]), out=sys.argv[4],
                          workers=2, executor=sys.argv[5])
print(json.dumps({"seconds": time.perf_counter() - t0}))
"""


def measure(sets: int, runs: int, executor: str, folder: Path) -> float:
    """Seconds for one robust analysis of the baseline in a fresh process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = folder / f"robust-{executor}"
    scenario = str(ROOT / "scenarios" / "baseline.yaml")
    args = [sys.executable, "-c", CHILD, scenario, str(sets), str(runs), str(out), executor]
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])["seconds"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="40 sets x 500 worlds")
    args = parser.parse_args()
    sets, runs = (40, 500) if args.quick else (200, 1000)
    from sim import load_scenario

    baseline = Path(__file__).resolve().parents[1] / "scenarios" / "baseline.yaml"
    packages = len(load_scenario(baseline).packages)
    print(f"machine: {os.cpu_count()} cores; baseline, {packages} packages, {sets} sets x {runs:,} worlds")
    with tempfile.TemporaryDirectory() as tmp:
        for executor in ("local", "dask"):
            seconds = measure(sets, runs, executor, Path(tmp))
            rate = sets * runs * packages * 120 / seconds / 1e6
            verdict = "under" if seconds < 180 else "OVER"
            print(f"{executor:>5}: {seconds:6.1f} s ({rate:.1f} M world-months/s), {verdict} 3 minutes")


if __name__ == "__main__":
    main()
