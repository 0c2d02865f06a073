"""Result folders: written in full under a temporary name, then renamed into place.

A folder holds `manifest.json` (the resolved scenario, seeds, versions, command line, timings),
`scenario.yaml` (the file as given), `runs.parquet` (one row per package and world), `monthly.parquet`
(each month's aggregates per package) and `summary.csv`. A folder that exists is never overwritten
unless asked to (`--force`), and then only if it is a result folder of this tool (see
`sim.execution.folders`).
"""

from __future__ import annotations

import json
import platform
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from sim.errors import OutputError
from sim.execution.chunks import chunks
from sim.execution.folders import TOOL, Claim, atomic, check_target, is_disk_full, write_atomic
from sim.execution.manifests import FORMAT
from sim.schema.sampling import flatten
from sim.schema.scenario import Scenario

if TYPE_CHECKING:
    from sim.execution.runner import RunResult

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


def uncertain_draws(scenario: Scenario) -> dict[str, Any]:
    """The distributions from which world parameters were drawn, by dotted name."""
    leaves = flatten(scenario.world, "world.")
    return {k: v.model_dump() for k, (v, _) in leaves.items() if hasattr(v, "draw")}


@dataclass
class Written:
    """A result folder written: where, its summary, its trace (or None) and the seconds it took."""

    path: Path
    summary: pd.DataFrame
    trace: pd.DataFrame | None
    seconds: float


def write_run(
    path: Path | Claim,
    scenario: Scenario,
    produce: Callable[[Path], tuple[pd.DataFrame, pd.DataFrame | None]],
    source: str | None,
    info: dict[str, Any],
    force: bool = False,
    finish: Callable[[Path], None] | None = None,
) -> Written:
    """Write a complete run folder at `path`: built aside, then renamed into place.

    `produce(folder)` writes `runs.parquet` into the folder under construction (`deter run` streams it
    there chunk by chunk) and returns the summary and the trace (or None). `path` may be a folder,
    claimed here for the time of writing, or a `Claim` taken before the run (as `deter run` does, so
    that two processes cannot compute for one folder). `finish`, if given, is called with the folder
    before it is renamed (to add figures), so that a folder that exists is always complete. An existing
    result folder is replaced only with `force`, and only once the new one is complete.
    """
    claim = path if isinstance(path, Claim) else Claim(Path(path))
    try:
        check_target(claim.path, force, claim.option, claim.given)
        tmp = claim.partial()
        try:
            started, t0 = datetime.now(UTC), time.perf_counter()
            summary, trace = produce(tmp)
            seconds = time.perf_counter() - t0
            timing = {"started": started.isoformat(), "finished": datetime.now(UTC).isoformat(),
                      "seconds": round(seconds, 3)}  # fmt: skip
            _describe(tmp, scenario, summary, trace, source, {**timing, **info})
            if finish is not None:
                finish(tmp)
            claim.commit(tmp, force)
            return Written(claim.given, summary, trace, seconds)
        except OSError as err:
            advice = (
                "free some disk space and run again" if is_disk_full(err) else "fix the cause and run again"
            )
            reason = err.strerror or err
            raise OutputError(
                f"{claim.given}: cannot write the results ({reason}); nothing was kept; {advice}"
            ) from None
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    finally:
        if not isinstance(path, Claim):
            claim.release()


def write_results(
    path: Path | Claim,
    result: RunResult,
    source: str | None,
    info: dict[str, Any],
    force: bool = False,
    finish: Callable[[Path], None] | None = None,
) -> Path:
    """Write the result folder of a run held in memory (`run_scenario`), like `write_run`."""

    def produce(folder: Path):
        atomic(folder / "runs.parquet", lambda tmp: result.runs.to_parquet(tmp, index=False))
        if result.monthly is not None:
            atomic(folder / "monthly.parquet", lambda tmp: result.monthly.to_parquet(tmp, index=False))
        return result.summary, result.trace

    return write_run(path, result.scenario, produce, source, info, force, finish).path


def _describe(folder, scenario, summary, trace, source: str | None, info: dict[str, Any]) -> None:
    """Write what every run folder holds beside its outcomes: scenario, trace, summary, manifest."""
    manifest = {
        "tool": TOOL,
        "kind": "run",
        "format": FORMAT,
        "scenario": scenario.model_dump(mode="json"),
        "seed": scenario.seed,
        "runs": scenario.runs,
        "chunk_size": scenario.chunk_size,
        "chunks": len(chunks(scenario.runs, scenario.chunk_size)),
        "uncertain_draws": uncertain_draws(scenario),
        "versions": versions(),
        "command": sys.argv,
        **info,
    }
    if source is not None:
        write_atomic(folder / "scenario.yaml", source.encode())
    if trace is not None:
        atomic(folder / "trace.parquet", lambda tmp: trace.to_parquet(tmp, index=False))
    write_atomic(folder / "summary.csv", summary.to_csv(index=False).encode())
    write_atomic(folder / "manifest.json", json.dumps(manifest, indent=2).encode())
