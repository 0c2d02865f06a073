"""`run_sweep`: a sweep folder written chunk by chunk, resumable, summarised from statistics.

A sweep folder holds `manifest.json` (the sweep and base scenario as resolved, seeds, versions,
executor, timings, status), `design.parquet` (the points), `parts/part-NNNNN.parquet` (one row per
package and world of a chunk) with `parts/stats-NNNNN.parquet` (that chunk's statistics), and, once
complete, `summary.csv` and `summary.parquet` (one row per point and package) and, for Sobol designs,
`sensitivity.csv`. Every file is written under a temporary name and renamed into place. A chunk is
finished when its record `parts/chunk-NNNNN.json` (written last) names this sweep and both its files
match the record's SHA-256 checksums; `--resume` checks every record and computes again any chunk whose
files are missing, damaged or foreign, saying so.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from sim.errors import ResultDirError, ScenarioError, SweepFailed, SweepInterrupted, terminated
from sim.execution import executors
from sim.execution.executors import ChunkError
from sim.execution.folders import (
    TOOL,
    Claim,
    atomic,
    check_free_space,
    claim_new,
    is_disk_full,
    manifest_kind,
    read_manifest,
    write_atomic,
)
from sim.execution.jobs import Job, plan, run_chunk
from sim.execution.manifests import FORMAT
from sim.execution.resources import check_memory
from sim.execution.storage import PART_BYTES_PER_ROW, versions
from sim.limits import shorten
from sim.results.sensitivity import constant, sobol_table, sobol_warnings, undefined
from sim.results.summary import combine, summary_from_stats
from sim.schema.design import Sweep, check_points, design_points, load_sweep, resolve_base
from sim.schema.scenario import Scenario, describe_error


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    atomic(path, lambda tmp: frame.to_parquet(tmp, index=False))


_CHUNK_FILE = re.compile(r"^(part|stats|chunk)-(\d{5,})\.(parquet|json)$")


LAYOUT = 2
"""How this code cuts a sweep into chunks and keys their draws (2: blocks of runs, common random numbers
across points). A chunk computed under another layout holds other worlds, so it is never reused."""


def sweep_id(manifest: dict) -> str:
    """A fingerprint of what a sweep computes (sweep, base, chunk layout), recorded with every chunk."""
    text = json.dumps(
        {"sweep": manifest["sweep"], "base": manifest["base"], "layout": LAYOUT}, sort_keys=True
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(2**20), b""):
            h.update(block)
    return h.hexdigest()


def _record(parts: Path, index: int, ident: str, table: pd.DataFrame, stats: pd.DataFrame) -> None:
    """Write a chunk's part and statistics, then the record that vouches for both (written last)."""
    files = {}
    for kind, frame in (("stats", stats), ("part", table)):
        path = parts / f"{kind}-{index:05d}.parquet"
        _write_parquet(frame, path)
        files[kind] = {"sha256": _digest(path), "rows": len(frame)}
    record = {"sweep_id": ident, "index": index, **files}
    write_atomic(parts / f"chunk-{index:05d}.json", json.dumps(record).encode())


def verified_chunks(parts: Path, ident: str, plan_size: int, notify: Callable[[str], None]) -> set[int]:
    """Indices of the chunks whose part and statistics match their record; the rest are removed.

    A chunk counts as finished only if its record names this sweep and both files have the recorded
    checksum: a deleted, truncated, altered or foreign file is caught, reported through `notify`, and
    the chunk is computed again.
    """
    good: set[int] = set()
    found: dict[int, set[str]] = {}
    for path in parts.iterdir():
        match = _CHUNK_FILE.match(path.name)
        if path.name.startswith(".") and ".tmp-" in path.name:
            path.unlink(missing_ok=True)  # a half-written file of a killed process
        elif match:
            found.setdefault(int(match[2]), set()).add(match[1])
    for index in sorted(found):
        problem = None
        if index >= plan_size:
            problem = "is not a chunk of this sweep"
        else:
            problem = _check_chunk(parts, index, ident)
        if problem is None:
            good.add(index)
            continue
        if "no integrity record" not in problem or found[index] - {"chunk"}:
            notify(f"chunk {index}: {problem}; computing it again")
        for kind, ext in (("part", "parquet"), ("stats", "parquet"), ("chunk", "json")):
            (parts / f"{kind}-{index:05d}.{ext}").unlink(missing_ok=True)
    return good


def _check_chunk(parts: Path, index: int, ident: str) -> str | None:
    record_path = parts / f"chunk-{index:05d}.json"
    if not record_path.is_file():
        return "no integrity record (an interrupted write, or a folder of an older version)"
    try:
        record = json.loads(record_path.read_bytes()[:10_000])
        if record["sweep_id"] != ident or record["index"] != index:
            return "its record belongs to another sweep"
        for kind in ("part", "stats"):
            path = parts / f"{kind}-{index:05d}.parquet"
            if not path.is_file():
                return f"{path.name} is missing"
            if _digest(path) != record[kind]["sha256"]:
                return f"{path.name} is damaged (checksum differs from its record)"
    except (ValueError, KeyError, TypeError):
        return "its record is damaged"
    return None


def load_sweep_folder(resume: Path) -> tuple[Sweep, Scenario, dict]:
    """The sweep, base scenario and manifest of a folder to resume, or a one-line error."""
    manifest = read_manifest(resume)
    if manifest_kind(manifest) != "sweep":
        raise ResultDirError(f"{resume}: a run folder, not a sweep folder; nothing to resume")
    source = str(resume / "manifest.json")
    try:
        sweep = Sweep.model_validate(manifest["sweep"])
    except (ValidationError, ValueError) as err:
        detail = (
            describe_error(err, manifest["sweep"], root=Sweep) if isinstance(err, ValidationError) else err
        )
        raise ResultDirError(f"{source}: damaged sweep ({detail})") from None
    try:
        scenario = resolve_base(sweep.model_copy(update={"base": manifest["base"]}), resume, source)
    except ScenarioError as err:
        raise ResultDirError(f"damaged manifest: {err}") from None
    if not isinstance(manifest.get("sessions"), list):
        manifest["sessions"] = []
    parts = resume / "parts"
    if parts.exists() and not parts.is_dir():
        raise ResultDirError(f"{parts}: not a folder; the sweep folder is damaged")
    return sweep, scenario, manifest


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
    notify: Callable[[str], None] | None = None,
    loaded: tuple[Sweep, Scenario] | None = None,
) -> tuple[pd.DataFrame, Path]:
    """Run (or finish) a sweep; return its summary (one row per point and package) and its folder.

    Args:
        sweep_path: the sweep YAML file (not needed with `resume` or `loaded`).
        out: the sweep folder (default results/<name>-<time>[-N]/); must not exist.
        resume: a sweep folder to finish: verified finished chunks are kept, the rest run.
        workers: processes (local) or LocalCluster workers (dask); default all cores, never more than
            there are chunks to run.
        executor: "local" (a process pool; 1 worker runs in this process) or "dask".
        scheduler: address of a running Dask scheduler (dask executor only).
        progress: called with the number of worlds finished after each chunk.
        on_start: called with (worlds to run, worlds already done) before running.
        notify: called with a line for the user (chunks found damaged on resume); default stderr.
        loaded: a sweep and its base scenario already loaded (instead of `sweep_path`).

    """
    notify = notify or (lambda line: print(f"deter: {line}", file=sys.stderr))
    if executor not in ("local", "dask"):
        raise ScenarioError(f"--executor: {executor!r} is not an executor; allowed: local, dask")
    if resume is not None and (out is not None or sweep_path is not None or loaded is not None):
        raise ScenarioError("--resume takes the sweep from its folder: give no sweep file and no --out")
    if executor == "dask":  # before anything is claimed or written
        executors.check_dask(scheduler)
    if resume is not None:
        claim = Claim(Path(resume), "--resume", must_exist=True)
        try:
            sweep, scenario, old = load_sweep_folder(claim.given)
        except BaseException:
            claim.release()
            raise
    else:
        sweep, scenario = loaded if loaded is not None else load_sweep(sweep_path)
        old = None
        check_points(sweep)
        claim = claim_new(Path(out) if out is not None else None, sweep.name)
    with claim:
        folder = claim.given
        if old is None and (folder.exists() or folder.is_symlink()):
            raise ResultDirError(f"{folder}: folder exists; choose another --out, or --resume it")
        return _run_claimed(sweep, scenario, old, folder, workers, executor, scheduler, progress,
                            on_start, notify)  # fmt: skip


def _run_claimed(
    sweep, scenario, old, folder: Path, workers, executor, scheduler, progress, on_start, notify
):
    design = design_points(sweep)
    todo_all = plan(sweep, design)
    n_packages = len(scenario.packages)
    manifest = old or new_manifest(sweep, scenario, design, len(todo_all))
    ident = sweep_id(manifest)  # recomputed, never trusted: an edited manifest invalidates its chunks
    if old is not None and old.get("sweep_id") not in (None, ident):
        notify("the manifest's sweep differs from the one its chunks were computed for; checking each chunk")
    parts = folder / "parts"
    done = verified_chunks(parts, ident, len(todo_all), notify) if parts.is_dir() else set()
    todo = [c for c in todo_all if c.index not in done]
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo) or 1))
    check_memory(
        0,
        sweep.chunk_size * n_packages,
        workers,
        f"chunks of {sweep.chunk_size:,} worlds x {n_packages} packages on each of {workers} workers",
        "lower chunk_size in the sweep file, or use fewer --workers",
    )
    worlds = sum(c.size for c in todo) * n_packages
    check_free_space(folder.parent, worlds * PART_BYTES_PER_ROW, f"a sweep of {worlds:,} rows")
    created = not folder.exists()
    try:
        parts.mkdir(parents=True, exist_ok=True)
        for stray in folder.glob(".*.tmp-*"):
            stray.unlink(missing_ok=True)
        manifest["status"] = "incomplete"
        manifest["sweep_id"] = ident
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
    except OSError as err:
        if created:
            shutil.rmtree(folder, ignore_errors=True)
        raise ResultDirError(f"{folder}: cannot write the sweep folder ({err.strerror})") from None
    job = Job(
        scenario.model_dump_json(),
        design.to_json(orient="split"),
        tuple(sweep.parameters),
        sweep.runs,
        sweep.seed,
    )
    if on_start:
        on_start(sum(c.size for c in todo), sum(c.size for c in todo_all) - sum(c.size for c in todo))
    t0 = time.perf_counter()
    resume_hint = f"deter sweep --resume {folder}"
    try:
        for result in executors.execute(executor, run_chunk, job, todo, workers, scheduler):
            _record(parts, result.index, ident, result.table, result.stats)
            if progress:
                progress(result.worlds)
        summary = summarise_sweep(folder, sweep, scenario, design)
        manifest["status"] = "complete"
        manifest["sessions"][-1] |= {
            "finished": datetime.now(UTC).isoformat(),
            "seconds": round(time.perf_counter() - t0, 3),
        }
        write_atomic(folder / "manifest.json", json.dumps(manifest, indent=2).encode())
    except ChunkError as err:
        log = parts / f"error-{err.failure.index:05d}.txt"
        write_atomic(log, err.failure.detail.encode())
        kept = len(verified_chunks(parts, ident, len(todo_all), notify))
        raise SweepFailed(
            f"{err} (details in {log}); the {kept} finished chunks are kept in {folder}; "
            f"fix the cause and finish with: {resume_hint}"
        ) from None
    except KeyboardInterrupt as err:
        raise SweepInterrupted(folder, terminated=terminated(err)) from None
    except OSError as err:
        what = "the disk is full" if is_disk_full(err) else f"{type(err).__name__}: {err}"
        raise SweepFailed(
            f"sweep stopped: {shorten(what, 200)}; finished chunks are kept in {folder}; "
            f"fix the cause and finish with: {resume_hint}"
        ) from None
    except Exception as err:  # e.g. the Dask scheduler went away: keep what is done, say how to go on
        raise SweepFailed(
            f"sweep stopped: {type(err).__name__}: {shorten(str(err), 200)}; finished chunks are kept "
            f"in {folder}; finish with: {resume_hint}"
        ) from None
    return summary, folder


def new_manifest(sweep: Sweep, scenario: Scenario, design: pd.DataFrame, n_chunks: int) -> dict:
    """The manifest of a new sweep folder (the design itself is in design.parquet)."""
    manifest = {
        "tool": TOOL,
        "kind": "sweep",
        "format": FORMAT,
        "sweep": sweep.model_dump(mode="json"),
        "base": scenario.model_dump(mode="json"),
        "parameters": list(sweep.parameters),
        "points": len(design),
        "runs_per_point": sweep.runs,
        "worlds_per_package": len(design) * sweep.runs,
        "packages": [p.name for p in scenario.packages],
        "chunks": n_chunks,
        "chunk_size": sweep.chunk_size,
        "seed": sweep.seed,
        "seeding": "numpy SeedSequence(seed, spawn_key=(block, purpose, ...)): keyed by the block of runs, "
        "not by chunk or worker; run r is the same world at every point (common random numbers)",
        "versions": versions(),
        "command": sys.argv,
        "sessions": [],
    }
    manifest["sweep_id"] = sweep_id(manifest)
    return manifest


def summarise_sweep(folder: Path, sweep: Sweep, scenario, design: pd.DataFrame) -> pd.DataFrame:
    """Summary per point and package from every chunk's statistics; written as CSV and Parquet."""
    n_chunks = len(plan(sweep, design))
    stats = combine([pd.read_parquet(folder / "parts" / f"stats-{i:05d}.parquet") for i in range(n_chunks)])
    summary = summary_from_stats(stats, scenario.horizon_months, scenario.reference_package)
    order = {p.name: i for i, p in enumerate(scenario.packages)}
    summary = summary.sort_values(
        ["point", "package"], key=lambda s: s.map(order) if s.name == "package" else s
    )
    summary = design.merge(summary, on="point", how="right").reset_index(drop=True)
    summary.insert(summary.columns.get_loc("package") + 1, "reference", scenario.reference_package)
    write_atomic(folder / "summary.csv", summary.to_csv(index=False).encode())
    _write_parquet(summary, folder / "summary.parquet")
    if sweep.design == "sobol":
        table = sobol_table(summary, stats, list(sweep.parameters), sweep.samples, seed=sweep.seed)
        write_atomic(folder / "sensitivity.csv", table.to_csv(index=False).encode())
        for line in sobol_warnings(table, sweep.samples):
            print(f"note: {line}", file=sys.stderr)
        if same := constant(summary):
            print(
                f"note: no Sobol indices for {', '.join(same)}: the rate is the same at every point "
                "(on common worlds, no parameter of the design moves it)",
                file=sys.stderr,
            )
        if missing := undefined(table):
            print(
                f"note: no Sobol indices for {', '.join(missing)}: Russia accepted no ceasefire at some "
                "points, where deterrence is undefined (russia_veto: false asks about packages in place)",
                file=sys.stderr,
            )
    return summary
