"""Three ways to run a month-like toy: numpy pass by pass, numba cell by cell, XLA (jax) fused.

The toy is not the model: per cell-month it does about 400 elementwise operations in a chain of 50
steps (a branch, a clip, a few multiply-adds each), 13 exp/log evaluations (6 log1p, 7 exp) and one
read and one write of 55 state quantities, on the baseline's shape (13 packages x 5,000 worlds, 120
months). It asks what each compiler would give a month of about the model's size and mix, before
anyone ports the model (docs/speed.md).

- numpy: the toy as numpy expressions, each a pass over every cell (as the model runs today);
- numba: one compiled loop over the cells, the state as one record per cell (the faster layout);
- jax: the numpy expressions under `jax.jit` (XLA fuses them and vectorises exp/log); only if jax is
  installed (`pip install "jax[cpu]"`; not a dependency of the project), on one thread.

Prints its figures; asserts nothing. Run on one core: `taskset -c 0 .venv/bin/python
benchmarks/compilers_toy.py` (about a minute).
"""

from __future__ import annotations

import math
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")

import numba  # noqa: E402
import numpy as np  # noqa: E402

PACKAGES, WORLDS, MONTHS, STATES, STEPS = 13, 5000, 120, 55, 50
CELLS = PACKAGES * WORLDS


def toy_month(xp, state, u):
    """One month of the toy with the array library `xp` (numpy or jax.numpy); returns the new state."""
    x = u.reshape(PACKAGES, WORLDS)
    a, b, c = state[1], state[2], state[3]
    logged = 0.0
    for k in range(STEPS):
        y = xp.where(x > 0.5, a * x + b, c - x * 0.3) * (1 + 0.01 * k)
        y = xp.minimum(xp.maximum(y, 0.0), 1.0)
        if k < 6:
            logged = logged + xp.log1p(y)
        elif k < 13:
            logged = logged + xp.exp(-y)
        a, b, c = b + y * 0.1, c * 0.99 + 0.01, a
    state = state + 1.0
    if xp is np:
        state[0] += logged + a + b + c
        return state
    return state.at[0].add(logged + a + b + c)


@numba.njit(error_model="numpy")
def toy_records(state, u):
    """The toy cell by cell, the state one row per cell."""
    for i in range(state.shape[0]):
        x = u[i]
        a, b, c = state[i, 1], state[i, 2], state[i, 3]
        logged = 0.0
        for k in range(STEPS):
            y = (a * x + b) if x > 0.5 else (c - x * 0.3)
            y = min(max(y * (1 + 0.01 * k), 0.0), 1.0)
            if k < 6:
                logged += math.log1p(y)
            elif k < 13:
                logged += math.exp(-y)
            a, b, c = b + y * 0.1, c * 0.99 + 0.01, a
        for q in range(state.shape[1]):
            state[i, q] += 1.0
        state[i, 0] += logged + a + b + c


def rate(run, repeats: int = 3) -> float:
    """World-months per second of `run()` (a whole horizon), best of `repeats`."""
    run()
    best = np.inf
    for _ in range(repeats):
        t0 = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - t0)
    return CELLS * MONTHS / best


def main() -> None:
    rng = np.random.default_rng(1)
    arrays = np.zeros((STATES, PACKAGES, WORLDS))

    def with_numpy():
        nonlocal arrays
        for _ in range(MONTHS):
            arrays = toy_month(np, arrays, rng.random(CELLS))

    records = np.zeros((CELLS, STATES))

    def with_numba():
        for _ in range(MONTHS):
            toy_records(records, rng.random(CELLS))

    print("a month-like toy (about 400 operations, 13 exp/log, 55 state quantities a cell), one core:")
    print(f"numpy, pass by pass:            {rate(with_numpy) / 1e6:4.1f} M world-months/s")
    print(f"numba, cell by cell (records):  {rate(with_numba) / 1e6:4.1f} M world-months/s")
    try:
        import jax
    except ImportError:
        print("jax (XLA), fused:               not installed (pip install 'jax[cpu]' to measure it)")
        return
    jax.config.update("jax_enable_x64", True)  # float64, as the model computes
    import jax.numpy as jnp

    step = jax.jit(lambda s, u: toy_month(jnp, s, u), donate_argnums=0)
    fused = jnp.zeros((STATES, PACKAGES, WORLDS))

    def with_jax():
        nonlocal fused
        for _ in range(MONTHS):
            fused = step(fused, jnp.asarray(rng.random(CELLS)))
        fused.block_until_ready()

    fused_rate = rate(with_jax) / 1e6
    print(f"jax (XLA), fused, float64:      {fused_rate:4.1f} M world-months/s (jax {jax.__version__})")


if __name__ == "__main__":
    main()
