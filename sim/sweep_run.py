"""`run_sweep`: a sweep folder written chunk by chunk, resumable, summarised from statistics.

A sweep folder holds `manifest.json` (the sweep and base scenario as resolved, seeds, versions,
executor, timings, status), `design.parquet` (the points), `parts/part-NNNNN.parquet` (one row per
package and world of a chunk) with `parts/stats-NNNNN.parquet` (that chunk's statistics), and, once
complete, `summary.csv` and `summary.parquet` (one row per point and package) and, for Sobol designs,
`sensitivity.csv`. Every file is written under a temporary name and renamed into place; a chunk is
finished when its part file exists.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from sim import executors
from sim.design import Sweep, design_points, load_sweep, resolve_base
from sim.errors import SweepFailed, SweepInterrupted
from sim.executors import ChunkError
from sim.resources import check_memory
from sim.scenario import ScenarioError
from sim.sensitivity import sobol_table
from sim.storage import ResultDirError, versions, write_atomic
from sim.summary import combine, summary_from_stats
from sim.sweep import SweepJob, plan, run_sweep_chunk


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        frame.to_parquet(tmp, index=False)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _done(parts: Path) -> set[int]:
    return {int(p.stem.split("-")[1]) for p in parts.glob("part-*.parquet")}


def _prepare(sweep_path: Path | None, out: Path | None, resume: Path | None):
    """Load the sweep (from its file, or from the folder being resumed) and its folder."""
    if resume is not None:
        manifest_path = resume / "manifest.json"
        if not manifest_path.exists():
            raise ResultDirError(f"{resume}: not a sweep folder (no manifest.json)")
        manifest = json.loads(manifest_path.read_text())
        if "sweep" not in manifest:
            raise ResultDirError(f"{resume}: a run folder, not a sweep folder; nothing to resume")
        sweep = Sweep.model_validate(manifest["sweep"])
        scenario = resolve_base(sweep.model_copy(update={"base": manifest["base"]}), resume, str(resume))
        return sweep, scenario, resume, manifest
    sweep, scenario = load_sweep(sweep_path)
    out = out or Path("results") / f"{sweep.name}-{datetime.now(UTC).strftime('%Y%m%d-%H%M%S')}"
    if out.exists():
        raise ResultDirError(f"{out}: folder exists; choose another --out, or --resume it")
    return sweep, scenario, out, None


def run_sweep(
    sweep_path: str | Path | None = None,
    *,
    out: str | Path | None = None,
    resume: str | Path | None = None,
    workers: int | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    progress: Callable[[int], None] | None = None,
    on_start: Callable[[int, int], None] | None = None,
) -> tuple[pd.DataFrame, Path]:
    """Run (or finish) a sweep; return its summary (one row per point and package) and its folder.

    Args:
        sweep_path: the sweep YAML file (not needed with `resume`).
        out: the sweep folder (default results/<name>-<time>/); must not exist.
        resume: a sweep folder to finish: finished chunks are kept, the rest run.
        workers: processes (local) or LocalCluster workers (dask); default all cores.
        executor: "local" (a process pool; 1 worker runs in this process) or "dask".
        scheduler: address of a running Dask scheduler (dask executor only).
        progress: called with the number of worlds finished after each chunk.
        on_start: called with (worlds to run, worlds already done) before running.

    """
    if executor not in ("local", "dask"):
        raise ScenarioError(f"--executor: {executor!r} is not an executor; allowed: local, dask")
    sweep, scenario, folder, old = _prepare(
        Path(sweep_path) if sweep_path else None, Path(out) if out else None, Path(resume) if resume else None
    )
    if executor == "dask":
        executors.check_dask(scheduler)
    design = design_points(sweep)
    todo_all = plan(sweep, design)
    n_packages = len(scenario.packages)
    check_memory(
        0,
        sweep.chunk_size * n_packages,
        workers or os.cpu_count() or 1,
        f"chunks of {sweep.chunk_size:,} worlds x {n_packages} packages on each worker",
        "lower chunk_size in the sweep file",
    )
    parts = folder / "parts"
    parts.mkdir(parents=True, exist_ok=True)
    done = _done(parts)
    todo = [c for c in todo_all if c.index not in done]
    workers = workers or os.cpu_count() or 1
    manifest = old or {
        "sweep": sweep.model_dump(mode="json"),
        "base": scenario.model_dump(mode="json"),
        "parameters": list(sweep.parameters),
        "points": len(design),
        "design": design.to_dict(orient="list"),
        "runs_per_point": sweep.runs,
        "worlds_per_package": len(design) * sweep.runs,
        "packages": [p.name for p in scenario.packages],
        "chunks": len(todo_all),
        "chunk_size": sweep.chunk_size,
        "seed": sweep.seed,
        "seeding": "numpy SeedSequence(seed, spawn_key=(chunk, purpose, ...)): keyed by chunk, not worker",
        "versions": versions(),
        "command": sys.argv,
        "sessions": [],
    }
    manifest["status"] = "incomplete"
    manifest["sessions"].append(
        {
            "started": datetime.now(UTC).isoformat(),
            "executor": executor,
            "workers": workers,
            "scheduler": scheduler,
            "chunks_to_run": len(todo),
        }  # fmt: skip
    )
    write_atomic(folder / "manifest.json", json.dumps(manifest, indent=2).encode())
    if not (folder / "design.parquet").exists():
        _write_parquet(design, folder / "design.parquet")
    job = SweepJob(
        scenario.model_dump_json(),
        design.to_json(orient="split"),
        tuple(sweep.parameters),
        sweep.runs,
        sweep.seed,
    )
    if on_start:
        on_start(sum(c.size for c in todo), sum(c.size for c in todo_all) - sum(c.size for c in todo))
    t0 = time.perf_counter()
    if executor == "dask":
        results = executors.dask(run_sweep_chunk, job, todo, workers, scheduler)
    else:
        results = executors.local(run_sweep_chunk, job, todo, workers)
    sizes = {c.index: c.size for c in todo}
    try:
        for index, table, stats in results:
            _write_parquet(stats, parts / f"stats-{index:05d}.parquet")
            _write_parquet(table, parts / f"part-{index:05d}.parquet")
            if progress:
                progress(sizes[index])
    except ChunkError as err:
        log = parts / f"error-{err.failure.index:05d}.txt"
        write_atomic(log, err.failure.detail.encode())
        kept = len(_done(parts))
        raise SweepFailed(
            f"{err} (details in {log}); the {kept} finished chunks are kept in {folder}; "
            f"fix the cause and finish with: deter sweep --resume {folder}"
        ) from None
    except KeyboardInterrupt:
        raise SweepInterrupted(folder) from None
    seconds = time.perf_counter() - t0
    summary = summarise_sweep(folder, sweep, scenario, design)
    manifest["status"] = "complete"
    manifest["sessions"][-1] |= {"finished": datetime.now(UTC).isoformat(), "seconds": round(seconds, 3)}
    write_atomic(folder / "manifest.json", json.dumps(manifest, indent=2).encode())
    return summary, folder


def summarise_sweep(folder: Path, sweep: Sweep, scenario, design: pd.DataFrame) -> pd.DataFrame:
    """Summary per point and package from every chunk's statistics; written as CSV and Parquet."""
    files = sorted((folder / "parts").glob("stats-*.parquet"))
    stats = combine([pd.read_parquet(f) for f in files])
    summary = summary_from_stats(stats, scenario.horizon_months)
    order = {p.name: i for i, p in enumerate(scenario.packages)}
    summary = summary.sort_values(
        ["point", "package"], key=lambda s: s.map(order) if s.name == "package" else s
    )
    summary = design.merge(summary, on="point", how="right").reset_index(drop=True)
    summary.insert(summary.columns.get_loc("package") + 1, "reference", scenario.reference_package)
    write_atomic(folder / "summary.csv", summary.to_csv(index=False).encode())
    _write_parquet(summary, folder / "summary.parquet")
    if sweep.design == "sobol":
        table = sobol_table(summary, list(sweep.parameters), sweep.samples, seed=sweep.seed)
        write_atomic(folder / "sensitivity.csv", table.to_csv(index=False).encode())
    return summary
