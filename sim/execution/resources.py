"""Memory needed by a run or a sweep, estimated before anything runs.

A request the machine cannot hold is refused with a clear message instead of dying half-way.

The per-row and per-element figures were measured on the benchmark machine (peak RSS against
problem size, Python 3.11, numpy 2.4, pandas 3.1) and rounded up.
"""

from __future__ import annotations

import os
from pathlib import Path

from sim.errors import ScenarioError

BASE_BYTES = 200 * 2**20
"""The interpreter with numpy, pandas, scipy, pyarrow and mesa imported (measured ~150 MB)."""
ROW_BYTES = 200
"""Per (package, world) row of the outcome table a run holds and writes (measured ~170 B)."""
STATE_BYTES = 500
"""Per (package, world) element of a chunk being simulated, with its outcome rows (measured ~500 B)."""
USABLE = 0.8
"""Share of physical memory a request may plan to use."""


CGROUP_ROOT = Path("/sys/fs/cgroup")
"""Where the kernel shows this process's control groups (v2: memory.max; v1: memory/memory.limit_in_bytes)."""


def physical_memory() -> int:
    """Physical memory of this machine, in bytes."""
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def cgroup_limit(root: Path | None = None) -> int | None:
    """The memory limit of this process's container (cgroup v2 or v1), or None if there is none."""
    root = root or CGROUP_ROOT
    for path in _cgroup_files(root):
        try:
            text = path.read_text().strip()
        except OSError:
            continue
        if text.isdigit() and int(text) < 2**60:  # v1 shows 'no limit' as a huge number, v2 as 'max'
            return int(text)
    return None


def _cgroup_files(root: Path) -> list[Path]:
    """The limit files of this process's own cgroup (v2 and v1), then those at the root."""
    files = []
    try:
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            _, controllers, group = line.split(":", 2)
            if controllers == "":
                files.append(root / group.lstrip("/") / "memory.max")
            elif "memory" in controllers.split(","):
                files.append(root / "memory" / group.lstrip("/") / "memory.limit_in_bytes")
    except OSError:
        pass
    return [*files, root / "memory.max", root / "memory" / "memory.limit_in_bytes"]


def usable_memory() -> tuple[int, str]:
    """The memory a request may plan on, and what limits it ('this machine's' or 'the container's')."""
    have, limit = physical_memory(), cgroup_limit()
    if limit is not None and limit < have:
        return limit, "the container's memory limit of"
    return have, "this machine's"


def check_memory(rows: int, chunk_elements: int, workers: int, what: str, advice: str) -> int:
    """Raise ScenarioError if the estimate exceeds the usable memory; return the estimate in bytes."""
    need = BASE_BYTES * (1 + workers) + rows * ROW_BYTES + workers * chunk_elements * STATE_BYTES
    have, whose = usable_memory()
    if need > USABLE * have:
        raise ScenarioError(
            f"{what} would need about {need / 2**30:.1f} GiB of memory, more than {USABLE:.0%} of "
            f"{whose} {have / 2**30:.1f} GiB; {advice}"
        )
    return need
