"""Result folders: written in full under a temporary name, then renamed into place.

A folder holds `manifest.json` (the resolved scenario, seeds, versions, command line, timings),
`scenario.yaml` (the file as given), `runs.parquet` (one row per package and world) and
`summary.csv`. A folder that exists is never overwritten unless asked to (`--force`), and then only if it
is a result folder of this tool (see `sim.execution.folders`).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from sim.errors import OutputError
from sim.execution.folders import TOOL, Claim, check_target, is_disk_full
from sim.execution.runner import RunResult
from sim.schema.sampling import flatten

RUN_BYTES_PER_ROW = 48
"""Disk per (package, world) row of runs.parquet: measured 24 B for 2,000 rows (less for more), doubled."""
PART_BYTES_PER_ROW = 16
"""Disk per (package, world) row of a sweep's parts: measured 5.2 B (26 MB for 5 million rows), tripled."""
FIGURE_BYTES = 10 * 2**20
"""Disk for the figures and report of a run: measured about 1 MB for ten packages, rounded up."""


def versions() -> dict[str, str]:
    """Versions of Python and of the packages that decide the numbers."""
    out = {"python": platform.python_version()}
    for name in ("deter-sim", "mesa", "numpy", "scipy", "pandas", "pydantic", "pyarrow"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def uncertain_draws(result: RunResult) -> dict[str, Any]:
    """The distributions from which world parameters were drawn, by dotted name."""
    leaves = flatten(result.scenario.world, "world.")
    return {k: v.model_dump() for k, (v, _) in leaves.items() if hasattr(v, "draw")}


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file under a temporary name, then rename it into place."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_results(
    path: Path | Claim,
    result: RunResult,
    source: str | None,
    info: dict[str, Any],
    force: bool = False,
    finish: Callable[[Path], None] | None = None,
) -> Path:
    """Write a complete result folder at `path` (built aside, then renamed into place).

    `path` may be a folder, claimed here for the time of writing, or a `Claim` taken before the run
    (as `deter run` does, so that two processes cannot compute for one folder). `finish`, if given, is
    called with the folder under construction before it is renamed (to add figures, for example), so
    that a folder that exists is always complete. An existing result folder is replaced only with
    `force`, and only once the new one is complete.
    """
    claim = path if isinstance(path, Claim) else Claim(Path(path))
    try:
        check_target(claim.path, force, claim.option, claim.given)
        tmp = claim.partial()
        try:
            _fill(tmp, result, source, info)
            if finish is not None:
                finish(tmp)
            claim.commit(tmp, force)
            return claim.given
        except OSError as err:
            raise OutputError(
                f"{claim.given}: cannot write the results ({err.strerror or err}); nothing was kept; "
                + (
                    "free some disk space and run again"
                    if is_disk_full(err)
                    else "fix the cause and run again"
                )
            ) from None
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    finally:
        if not isinstance(path, Claim):
            claim.release()


def _fill(folder: Path, result: RunResult, source: str | None, info: dict[str, Any]) -> None:
    scenario = result.scenario
    manifest = {
        "tool": TOOL,
        "kind": "run",
        "format": 2,
        "scenario": scenario.model_dump(mode="json"),
        "seed": scenario.seed,
        "runs": scenario.runs,
        "chunk_size": scenario.chunk_size,
        "chunks": int(result.runs["chunk"].nunique()),
        "uncertain_draws": uncertain_draws(result),
        "versions": versions(),
        "command": sys.argv,
        **info,
    }
    if source is not None:
        write_atomic(folder / "scenario.yaml", source.encode())
    result.runs.to_parquet(folder / "runs.parquet", index=False)
    if result.trace is not None:
        result.trace.to_parquet(folder / "trace.parquet", index=False)
    write_atomic(folder / "summary.csv", result.summary.to_csv(index=False).encode())
    write_atomic(folder / "manifest.json", json.dumps(manifest, indent=2).encode())
