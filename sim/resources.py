"""Memory needed by a run or a sweep, estimated before anything runs.

A request the machine cannot hold is refused with a clear message instead of dying half-way.

The per-row and per-element figures were measured on the benchmark machine (peak RSS against
problem size, Python 3.11, numpy 2.4, pandas 3.1) and rounded up.
"""

from __future__ import annotations

import os

from sim.scenario import ScenarioError

BASE_BYTES = 200 * 2**20
"""The interpreter with numpy, pandas, scipy, pyarrow and mesa imported (measured ~150 MB)."""
ROW_BYTES = 200
"""Per (package, world) row of the outcome table a run holds and writes (measured ~170 B)."""
STATE_BYTES = 500
"""Per (package, world) element of a chunk being simulated, with its outcome rows (measured ~500 B)."""
USABLE = 0.8
"""Share of physical memory a request may plan to use."""


def physical_memory() -> int:
    """Physical memory of this machine, in bytes."""
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def check_memory(rows: int, chunk_elements: int, workers: int, what: str, advice: str) -> int:
    """Raise ScenarioError if the estimate exceeds the usable memory; return the estimate in bytes."""
    need = BASE_BYTES * (1 + workers) + rows * ROW_BYTES + workers * chunk_elements * STATE_BYTES
    have = physical_memory()
    if need > USABLE * have:
        raise ScenarioError(
            f"{what} would need about {need / 2**30:.1f} GiB of memory, more than {USABLE:.0%} of this "
            f"machine's {have / 2**30:.1f} GiB; {advice}"
        )
    return need
