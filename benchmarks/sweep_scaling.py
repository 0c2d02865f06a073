"""Sweep scaling: wall time, worlds per second, speed-up from 1 to 2 workers, and peak memory.

Prints its figures; asserts nothing. A "world" is one package in one world of one design point (the
unit of `runs.parquet` rows). Each measurement runs `run_sweep` in a fresh process, which reports its
own peak memory and that of its largest worker.

    python benchmarks/sweep_scaling.py            # 10^6 worlds on 1 and 2 workers; 10^4 to 10^7 on 2
    python benchmarks/sweep_scaling.py --quick    # 2 x 10^5 and 10^6, for a fast look
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["none", "force_rear", "pledge_only", "us_backstop_force", "combined"]

CHILD = """
import json, resource, sys, time
from sim.execution.sweep_run import run_sweep
t0 = time.perf_counter()
summary, folder = run_sweep(sys.argv[1], out=sys.argv[2], workers=int(sys.argv[3]))
seconds = time.perf_counter() - t0
# Workers are children of the pool's fork server: stop it and reap it, so that its peak (the largest
# of its reaped workers and itself) counts among this process's children. A private CPython helper.
from multiprocessing import forkserver
getattr(forkserver._forkserver, "_stop", lambda: None)()
print(json.dumps({"seconds": seconds, "rows": len(summary),
    "main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def sweep_file(folder: Path, points: int, runs: int) -> Path:
    """A grid over Europe's and the US's resolve (and Russian regeneration for more points)."""
    axes = {
        "world.europe.resolve": {"range": {"low": 0.05, "high": 0.95, "steps": 10}},
        "world.us.resolve": {"range": {"low": 0.05, "high": 0.95, "steps": 10}},
    }
    if points % 100 or points < 100:
        raise ValueError("points must be a multiple of 100")
    if points > 100:
        axes["world.russia.regeneration_rate"] = {
            "range": {"low": 0.005, "high": 0.05, "steps": points // 100}
        }
    doc = {
        "name": f"scale{points}",
        "base": str(ROOT / "scenarios" / "baseline.yaml"),
        "packages": PACKAGES,
        "design": "grid",
        "parameters": axes,
        "runs": runs,
        "seed": 1,
    }
    path = folder / f"sweep-{points}.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


def measure(folder: Path, points: int, runs: int, workers: int) -> dict:
    path = sweep_file(folder, points, runs)
    out = folder / f"out-{points}-{runs}-{workers}"
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    res = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(out), str(workers)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=ROOT,
    )
    figures = json.loads(res.stdout.strip().splitlines()[-1])
    figures.update(points=points, runs=runs, workers=workers, worlds=points * runs * len(PACKAGES))
    figures["parts_mb"] = sum(f.stat().st_size for f in (out / "parts").glob("*")) / 2**20
    return figures


def report(f: dict) -> None:
    # one worker runs in the main process; so does a sweep of one chunk, whatever the workers asked
    if f["workers"] == 1:
        where = "1 worker (the main process)"
    else:
        where = f"{f['workers']} workers" if f["worker_mb"] > 0 else "one chunk, in the main process"
    print(
        f"{f['worlds']:>12,} worlds ({f['points']} points x {len(PACKAGES)} packages x {f['runs']:,} runs), "
        f"{where}: {f['seconds']:.1f} s, {f['worlds'] / f['seconds']:,.0f} worlds/s, "
        f"peak memory main {f['main_mb']:.0f} MB, largest worker {f['worker_mb']:.0f} MB, "
        f"parts on disk {f['parts_mb']:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 x 10^5 and 10^6 worlds instead")
    args = parser.parse_args()
    small, large = ((100, 400), (100, 2000)) if args.quick else ((100, 2000), (1000, 2000))
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        one = measure(folder, *small, 1)
        report(one)
        two = measure(folder, *small, 2)
        report(two)
        print(f"speed-up from 1 to 2 workers: {one['seconds'] / two['seconds']:.2f}")
        if not args.quick:  # memory against the sweep's size, 10^4 to 10^7 worlds, on 2 workers
            for runs in (20, 200):
                report(measure(folder, 100, runs, 2))
        report(measure(folder, *large, 2))


if __name__ == "__main__":
    main()
