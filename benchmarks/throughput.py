"""Throughput of the model: worlds in lockstep against one world per model, and peak memory.

Prints its figures; it asserts nothing. Each measurement runs in a fresh process so that peak
memory (ru_maxrss) belongs to that measurement alone. Run: `make bench` or
`python benchmarks/throughput.py [--worlds 100000] [--single 300]`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"


def lockstep(worlds: int) -> dict:
    """Run the baseline with `worlds` per package on one core, as `deter run` would."""
    from sim import load_scenario, run_scenario

    scenario = load_scenario(BASELINE)
    t0 = time.perf_counter()
    result = run_scenario(scenario, runs=worlds, workers=1)
    seconds = time.perf_counter() - t0
    months = worlds * len(scenario.packages) * scenario.horizon_months
    return {
        "packages": len(scenario.packages),
        "worlds_per_package": worlds,
        "chunk_size": scenario.chunk_size,
        "seconds": seconds,
        "world_months_per_s": months / seconds,
        "rows": len(result.runs),
    }


def one_world_per_model(models: int) -> dict:
    """The same model, one world per DeterrenceModel instance (how Mesa models usually run)."""
    from sim import DeterrenceModel, load_scenario

    scenario = load_scenario(BASELINE)
    t0 = time.perf_counter()
    months = 0
    for i in range(models):
        model = DeterrenceModel(scenario, n=1, seed=scenario.seed, chunk=i)
        model.run()
        months += len(scenario.packages) * model.steps  # worlds stop early at aggression
    seconds = time.perf_counter() - t0
    return {"models": models, "seconds": seconds, "world_months_per_s": months / seconds}


def child(kind: str, size: int) -> None:
    """Run one measurement and print it as JSON with this process's peak memory."""
    out = lockstep(size) if kind == "lockstep" else one_world_per_model(size)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


def measure(kind: str, size: int) -> dict:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    res = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(size)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=ROOT,
    )
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worlds", type=int, default=100_000, help="worlds per package")
    parser.add_argument("--single", type=int, default=300, help="one-world models to time")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    fast = measure("lockstep", args.worlds)
    slow = measure("single", args.single)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(
        f"lockstep: {fast['packages']} packages x {fast['worlds_per_package']:,} worlds "
        f"(chunks of {fast['chunk_size']:,}), one core: {fast['seconds']:.1f} s, "
        f"{fast['world_months_per_s'] / 1e6:.2f} M world-months/s, "
        f"peak memory {fast['peak_rss_mb']:.0f} MB"
    )
    print(
        f"one world per model: {slow['models']} models: {slow['seconds']:.1f} s, "
        f"{slow['world_months_per_s'] / 1e3:.1f} k world-months/s"
    )
    print(f"ratio: {fast['world_months_per_s'] / slow['world_months_per_s']:.0f}x")


if __name__ == "__main__":
    main()
