"""The machine's own limit for the model's month: a reference kernel that does the irreducible work only.

First it counts, by running the baseline for one chunk with every random generator and every exp/log
the model calls wrapped in counters, how much irreducible work a cell-month holds: random draws (the
model draws per world; per cell they are that over the packages), exp/log evaluations, and the per-cell
state arrays the agents and the model declare (each read and written once a month at least). Then it
times a kernel that does exactly that much work per cell-month on the same shape (13 packages × 5,000
worlds a chunk, 120 months) with numpy, and prints the model's throughput as a share of the kernel's.

Run: `.venv/bin/python benchmarks/reference_kernel.py` (one core; about a minute).
"""

from __future__ import annotations

import os
import time
from dataclasses import fields
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
WORLDS = 5000


class Counted:
    """A random generator whose draws are counted (random, standard_normal, uniform)."""

    def __init__(self, inner, tally: dict):
        self.inner, self.tally = inner, tally

    def __getattr__(self, name):
        method = getattr(self.inner, name)
        if name not in ("random", "standard_normal", "uniform", "beta", "triangular"):
            return method

        def counted(*args, **kwargs):
            out = method(*args, **kwargs)
            self.tally["draws"] += int(np.size(out))
            return out

        return counted


def count_work() -> dict:
    """Draws, exp/log evaluations and per-cell state arrays of the baseline month, per cell-month."""
    from sim import load_scenario
    from sim.model import decisions as d
    from sim.model.model import DeterrenceModel

    scenario = load_scenario(BASELINE)
    tally = {"draws": 0, "transcendental": 0}
    originals = {name: getattr(np, name) for name in ("exp", "log", "log1p")}
    special = {name: getattr(d, name) for name in ("expit", "logit")}

    def counting(fn):
        def wrapped(x, *args, **kwargs):
            tally["transcendental"] += int(np.size(x))
            return fn(x, *args, **kwargs)

        return wrapped

    for name, fn in originals.items():
        setattr(np, name, counting(fn))
    for name, fn in special.items():
        setattr(d, name, counting(fn))
    try:
        model = DeterrenceModel(scenario, n=WORLDS, seed=scenario.seed)
        model.draws = Counted(model.draws, tally)
        model.war_draws = Counted(model.war_draws, tally)
        model.party_draws = {k: Counted(v, tally) for k, v in model.party_draws.items()}
        for g in model.guarantors.values():
            g.election_draws = Counted(g.election_draws, tally)
        if getattr(model.talks, "draws", None) is not None:
            model.talks.draws = Counted(model.talks.draws, tally)
        cells = len(scenario.packages) * WORLDS
        states = sum(
            len(v) if isinstance(v, dict) else 1
            for record in [*(r for a in model.agents for r in a.records() if r is not None), model.state]
            for v in (getattr(record, f.name) for f in fields(record))
            if isinstance(v, dict) or np.ndim(v) == 2
        )
        model.run()
        months = model.steps
    finally:
        for name, fn in originals.items():
            setattr(np, name, fn)
        for name, fn in special.items():
            setattr(d, name, fn)
    cell_months = cells * months
    return {
        "packages": len(scenario.packages),
        "draws": tally["draws"] / cell_months,
        "transcendental": tally["transcendental"] / cell_months,
        "states": states,
        "months": months,
    }


def kernel(work: dict, chunks: int = 4) -> float:
    """World-months per second of the reference kernel doing `work` per cell-month (one core)."""
    rng = np.random.default_rng(1)
    packages, months = work["packages"], work["months"]
    shape = (packages, WORLDS)
    cells = packages * WORLDS
    draws = max(1, round(work["draws"] * cells))
    evaluations = max(1, round(work["transcendental"] * cells))
    state = [np.zeros(shape) for _ in range(work["states"])]
    scratch = np.empty(evaluations)
    t0 = time.perf_counter()
    for _ in range(chunks):
        for _ in range(months):
            u = rng.random(draws)
            np.exp(np.resize(u, evaluations), out=scratch)
            np.log(scratch, out=scratch)
            for a in state:
                np.add(a, 1.0, out=a)  # one read and one write of each per-cell array
    seconds = time.perf_counter() - t0
    return chunks * WORLDS * packages * months / seconds


def model_rate(chunks: int = 4) -> float:
    """World-months per second of the model on the same chunks (one core)."""
    from sim import load_scenario
    from sim.model.model import DeterrenceModel

    scenario = load_scenario(BASELINE)
    t0 = time.perf_counter()
    for chunk in range(chunks):
        DeterrenceModel(scenario, n=WORLDS, seed=scenario.seed, chunk=chunk).run()
    return chunks * WORLDS * len(scenario.packages) * scenario.horizon_months / (time.perf_counter() - t0)


def main() -> None:
    work = count_work()
    limit = kernel(work)
    model = model_rate()
    print(
        f"per cell-month the baseline draws {work['draws']:.2f} random numbers, evaluates "
        f"{work['transcendental']:.2f} exp/log, and keeps {work['states']} per-cell state arrays"
    )
    print(
        f"reference kernel (that work and nothing else, numpy, one core): {limit / 1e6:.1f} M world-months/s"
    )
    print(f"model: {model / 1e6:.2f} M world-months/s, {100 * model / limit:.1f}% of the kernel's rate")


if __name__ == "__main__":
    main()
