"""Running a scenario: a sweep of one point, on the same chunk runner and executors as sweeps.

A chunk simulates every package on the same worlds in one `DeterrenceModel` (`jobs.run_chunk`). Its
random streams are keyed by (seed, chunk index), never by worker or executor, so any number of
workers, or a Dask cluster, gives identical results.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from sim.errors import ScenarioError
from sim.execution import executors
from sim.execution.chunks import chunks
from sim.execution.folders import atomic
from sim.execution.jobs import ChunkResult, run_chunk, run_job
from sim.execution.resources import check_memory
from sim.model.record import monthly_table
from sim.results.outcomes import summarise
from sim.results.stories import STORIES, candidates, pick
from sim.schema.scenario import Scenario, scenario_from_dict


@dataclass
class RunResult:
    """Per-world outcomes (one row per package and world) and the summary per package."""

    runs: pd.DataFrame
    summary: pd.DataFrame
    scenario: Scenario
    trace: pd.DataFrame | None = None
    monthly: pd.DataFrame | None = None
    """Monthly aggregates per package: the share of worlds at peace, means over them (`monthly.parquet`)."""


def default_workers(n_chunks: int) -> int:
    """All cores, but never more workers than chunks."""
    return max(1, min(os.cpu_count() or 1, n_chunks))


def run_workers(n_chunks: int, workers: int | None) -> int:
    """The processes a run uses: as asked (default all cores), never more than it has chunks."""
    return default_workers(n_chunks) if workers is None else max(1, min(workers, n_chunks))


def execute(scenario: Scenario, workers: int | None, executor: str = "local", scheduler: str | None = None,
            trace_world: int | str | None = None) -> Iterator[ChunkResult]:  # fmt: skip
    """Run every chunk of a scenario on an executor; yield each chunk's result as it finishes."""
    todo = chunks(scenario.runs, scenario.chunk_size)
    world = trace_world if isinstance(trace_world, int) else None  # a story is found after the run
    yield from executors.execute(executor, run_chunk, run_job(scenario, world), todo,
                                 run_workers(len(todo), workers), scheduler)  # fmt: skip


def story_trace(scenario: Scenario, story: str, found: list[dict], summary: pd.DataFrame,
                notify: Callable[[str], None] | None = None) -> pd.DataFrame | None:  # fmt: skip
    """The monthly story of the world that shows `story` (`sim.results.stories`), or None if none does.

    The world's chunk is simulated again with the trace kept: the same draws, so the same story.
    """
    world, why = pick(story, found, summary)
    if notify:
        notify(f"--trace {story}: {why}" if world is not None else f"--trace {story}: no trace kept: {why}")
    if world is None:
        return None
    chunk = chunks(scenario.runs, scenario.chunk_size)[world // scenario.chunk_size]
    trace = run_chunk(run_job(scenario, world), chunk).trace
    trace.attrs.update(world=world, story=story, why=why)
    return trace


def check_run(
    scenario: Scenario, workers: int | None, trace_world: int | None = None, in_memory: bool = True
) -> None:
    """Refuse, before anything runs, a run larger than memory or a trace of a world that does not exist.

    `in_memory`: whether the whole outcome table will be held at once (by `run_scenario`, or to draw the
    figures); `deter run --no-plots` streams it to disk and holds one chunk per worker.
    """
    n_packages = len(scenario.packages)
    chunk = min(scenario.chunk_size, scenario.runs)
    workers = run_workers(len(chunks(scenario.runs, scenario.chunk_size)), workers)
    check_memory(
        scenario.runs * n_packages if in_memory else 0,
        chunk * n_packages,
        workers,
        f"{scenario.runs:,} worlds x {n_packages} packages on {workers} worker{'s' * (workers > 1)}",
        "use fewer --runs, --workers or a smaller chunk_size, or run it as a sweep (deter sweep), "
        "which writes its results chunk by chunk",
    )
    if isinstance(trace_world, str) and trace_world not in STORIES:
        raise ScenarioError(f"--trace: {trace_world!r} is not a world or a story ({', '.join(STORIES)})")
    if isinstance(trace_world, int) and not 0 <= trace_world < scenario.runs:
        raise ScenarioError(f"--trace: world {trace_world} does not exist (worlds 0 to {scenario.runs - 1})")


def run_scenario(
    scenario: Scenario,
    runs: int | None = None,
    seed: int | None = None,
    workers: int | None = 1,
    progress: Callable[[int], None] | None = None,
    trace_world: int | str | None = None,
    executor: str = "local",
    scheduler: str | None = None,
) -> RunResult:
    """Run every package of a scenario on the same worlds; return outcomes and summary, in memory.

    (`deter run` streams the outcomes to disk instead: see `stream_run`.)

    Args:
        scenario: a validated scenario (see `load_scenario`).
        runs: worlds per package (default: the scenario's `runs`).
        seed: seed of every draw (default: the scenario's `seed`).
        workers: processes to use; None means all cores. Results do not depend on it.
        progress: called with the number of worlds finished after each chunk.
        trace_world: index of a world whose monthly story to keep (`result.trace`), for every package,
            or a story to find a world for: "first-failure", "withdrawal" or "direct-war".
        executor: "local" (a process pool; one worker runs here) or "dask".
        scheduler: address of a running Dask scheduler (dask only; default a LocalCluster).

    """
    updates = {k: v for k, v in (("runs", runs), ("seed", seed)) if v is not None}
    if updates:
        doc = {**scenario.model_dump(mode="json"), **updates}
        scenario = scenario_from_dict(doc, source="run_scenario")  # ranges still hold
    check_run(scenario, workers, trace_world)
    results = []
    for result in execute(scenario, workers, executor, scheduler, trace_world):
        results.append(result)
        if progress:
            progress(result.worlds)
    results.sort(key=lambda r: r.index)
    summary = _summary(scenario, [r.stats for r in results])
    trace = next((r.trace for r in results if r.trace is not None), None)
    if isinstance(trace_world, str):
        trace = story_trace(scenario, trace_world, [candidates(r.table) for r in results], summary)
    runs = pd.concat([r.table for r in results], ignore_index=True)
    return RunResult(runs, summary, scenario, trace, combine_monthly([r.monthly for r in results]))


def stream_run(
    scenario: Scenario,
    folder: Path,
    workers: int | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    progress: Callable[[int], None] | None = None,
    trace_world: int | str | None = None,
    notify: Callable[[str], None] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Run a scenario and write its outcomes to `folder/runs.parquet` chunk by chunk (flat memory).

    Each chunk's table goes to disk as it finishes; the parts are then joined in chunk order, one at a
    time, into one Parquet file with a row group per chunk; the monthly aggregates go to
    `monthly.parquet`. Returns the summary and the trace.
    """
    parts = folder / ".parts"
    parts.mkdir()
    stats, trace, found, monthly = {}, None, [], {}
    for result in execute(scenario, workers, executor, scheduler, trace_world):
        monthly[result.index] = result.monthly
        path = parts / f"part-{result.index:05d}.parquet"
        atomic(path, lambda tmp, table=result.table: table.to_parquet(tmp, index=False))
        stats[result.index] = result.stats
        if isinstance(trace_world, str):
            found.append(candidates(result.table))
        trace = result.trace if result.trace is not None else trace
        if progress:
            progress(result.worlds)
    order = sorted(stats)
    writer = None
    try:
        for index in order:
            table = pq.read_table(parts / f"part-{index:05d}.parquet")
            if writer is None:
                writer = pq.ParquetWriter(folder / "runs.parquet", table.schema)
            writer.write_table(table)
            (parts / f"part-{index:05d}.parquet").unlink()
    finally:
        if writer is not None:
            writer.close()
    parts.rmdir()
    table = combine_monthly([monthly[i] for i in order])
    atomic(folder / "monthly.parquet", lambda tmp: table.to_parquet(tmp, index=False))
    summary = _summary(scenario, [stats[i] for i in order])
    if isinstance(trace_world, str):
        trace = story_trace(scenario, trace_world, found, summary, notify)
    return summary, trace


def combine_monthly(sums: list[pd.DataFrame | None]) -> pd.DataFrame:
    """The monthly aggregates of a run from its chunks' sums, added up in chunk order."""
    return monthly_table(pd.concat([s for s in sums if s is not None], ignore_index=True))


def _summary(scenario: Scenario, stats: list[pd.DataFrame]) -> pd.DataFrame:
    costs = {p.name: p.cost() for p in scenario.packages}
    return summarise(
        pd.concat(stats, ignore_index=True), scenario.horizon_months, costs, scenario.reference_package
    )
