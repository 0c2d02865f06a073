"""What a compiled month could reach here: the reference kernel's work, done cell by cell in numba.

`reference_kernel.py` times the month's irreducible work (the baseline's draws, exp/log evaluations
and per-cell state arrays, counted from the model) done with numpy, pass by pass. This times the same
work per cell-month done by one compiled loop over the cells (numba), in two layouts of the state:

- **arrays** (what the model keeps today: one array per quantity): each cell reads and writes one
  number in each of the state arrays, so the loop walks as many memory streams as there are arrays;
- **records** (one row of numbers per cell): each cell reads and writes its own row, one stream.
  (Its inner loop over the quantities is also contiguous, which the compiler may vectorise; the
  arrays' is strided. The gap between the two is both effects, not the streams alone.)

Each month draws the baseline's 1.31 random numbers per cell with numpy (inside the timed loop, as
the model draws them) and each cell reads one of them.

It also times one exp and one log per element, in numpy (vectorised) and in a compiled loop (numba
calls the C library's scalar functions: the llvmlite wheels on PyPI are not built with Intel's SVML,
so numba cannot vectorise them; `numba -s` says "SVML State ... False").

Prints its figures; asserts nothing. Needs numba (`make bench` installs the `bench` extra). Run:
`.venv/bin/python benchmarks/compiled_kernel.py` (one core; about a minute).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numba  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reference_kernel import WORLDS, count_work  # noqa: E402


@numba.njit(cache=False, error_model="numpy")
def month(state, u, draws_per_cell, evaluations):
    """One month, cell by cell: `state[c, k]` is cell c's quantity k, whichever layout is underneath.

    Records: `state` is (cells, quantities), each cell's row contiguous. Arrays: `state` is the
    transposed view of (quantities, cells), so each quantity's array is contiguous and a cell reads
    one number from each (numba compiles one version for each layout).
    """
    cells, quantities = state.shape
    for c in range(cells):
        v = 0.0
        for k in range(draws_per_cell):
            v += u[(c * draws_per_cell + k) % u.size]
        x, total = v, 0.0
        for e in range(evaluations[c]):  # independent evaluations, as the month's mostly are
            total += np.exp(x + e) if e % 2 == 0 else np.log(x + e)
        v += total
        for k in range(quantities):
            state[c, k] += 1.0
        state[c, 0] += v


def compiled(work: dict, layout: str, chunks: int = 2, repeats: int = 3) -> float:
    """World-months per second of the compiled kernel doing `work` per cell-month (one core; best of
    `repeats`, as the machine's load varies)."""
    rng = np.random.default_rng(1)
    packages, months = work["packages"], work["months"]
    cells = packages * WORLDS
    draws = max(1, round(work["draws"] * cells))
    per_cell = np.full(cells, int(work["transcendental"]), dtype=np.int64)  # 13 or 14 each, on average
    per_cell[: round((work["transcendental"] % 1) * cells)] += 1
    state = np.zeros((work["states"], cells)).T if layout == "arrays" else np.zeros((cells, work["states"]))
    month(state, rng.random(draws), 1, per_cell)  # compile
    best = np.inf
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(chunks):
            for _ in range(months):
                month(state, rng.random(draws), max(1, round(work["draws"])), per_cell)
        best = min(best, time.perf_counter() - t0)
    return chunks * cells * months / best


@numba.njit(cache=False)
def _exp_log(x, out):
    for i in range(x.size):
        out[i] = np.log(np.exp(x[i]))


def transcendental_ns() -> tuple[float, float]:
    """Nanoseconds for one exp and one log per element: numpy's vectorised, numba's scalar loop."""
    x = np.random.default_rng(0).random(65_000)
    out = np.empty_like(x)
    _exp_log(x, out)
    timings = []
    for fn in (lambda: np.log(np.exp(x, out=out), out=out), lambda: _exp_log(x, out)):
        best = np.inf
        for _ in range(5):
            t0 = time.perf_counter()
            for _ in range(100):
                fn()
            best = min(best, (time.perf_counter() - t0) / 100 / x.size * 1e9)
        timings.append(best / 2)
    return timings[0], timings[1]


def main() -> None:
    work = count_work()
    print(
        f"per cell-month: {work['draws']:.2f} draws, {work['transcendental']:.2f} exp/log, "
        f"{work['states']} per-cell state quantities (counted from the baseline)"
    )
    for layout in ("arrays", "records"):
        rate = compiled(work, layout)
        exp_log = compiled(dict(work, states=1), layout)
        state = compiled(dict(work, transcendental=0.0), layout)
        print(
            f"compiled kernel, state as {layout:>7}: {rate / 1e6:5.1f} M world-months/s (one core); "
            f"its exp/log alone {exp_log / 1e6:.1f} M, its state alone {state / 1e6:.1f} M"
        )
    vectorised, scalar = transcendental_ns()
    print(
        f"one exp or log: numpy {vectorised:.2f} ns (vectorised), numba {scalar:.2f} ns "
        f"(scalar; SVML: {'yes' if numba.config.USING_SVML else 'no'})"
    )


if __name__ == "__main__":
    main()
