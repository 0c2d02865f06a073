"""Running a scenario: chunks of worlds, seeded by chunk, on one process or a pool.

A chunk simulates every package on the same worlds in one `DeterrenceModel`. Its random streams are
keyed by (seed, chunk index), never by worker, so any number of workers gives identical results.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from sim.errors import ScenarioError
from sim.execution.chunks import Chunk, chunks
from sim.execution.resources import check_memory
from sim.model.model import DeterrenceModel
from sim.results.outcomes import outcome_table, summarise
from sim.results.summary import chunk_stats
from sim.schema.scenario import Scenario, scenario_from_dict


@dataclass
class RunResult:
    """Per-world outcomes (one row per package and world) and the summary per package."""

    runs: pd.DataFrame
    summary: pd.DataFrame
    scenario: Scenario
    trace: pd.DataFrame | None = None


def run_chunk(scenario: Scenario, chunk: Chunk, trace_world: int | None = None):
    """Simulate one chunk of worlds for every package.

    Returns its outcome table, its statistics, and the monthly trace of `trace_world` (a world index
    of the whole run) if that world is in this chunk, else None.
    """
    local = None
    if trace_world is not None and chunk.first <= trace_world < chunk.first + chunk.size:
        local = trace_world - chunk.first
    model = DeterrenceModel(scenario, chunk.size, scenario.seed, chunk.index, trace_world=local)
    out = model.run()
    names = [p.name for p in scenario.packages]
    reference = names.index(scenario.reference_package)
    point = np.zeros(chunk.size, dtype=np.int64)
    stats = chunk_stats(out, names, reference, point, 1, scenario.horizon_months)
    trace = pd.DataFrame(model.trace) if local is not None else None
    return outcome_table(out, names, chunk.first, scenario.seed, chunk.index), stats, trace


def _run_chunk_job(job: tuple[str, int | None], chunk: Chunk):
    """Worker entry point: the scenario travels as JSON (it pickles, but JSON is version-proof)."""
    text, trace_world = job
    return run_chunk(_scenario_from_json(text), chunk, trace_world)


@lru_cache(maxsize=2)
def _scenario_from_json(text: str) -> Scenario:
    return Scenario.model_validate_json(text)


def default_workers(n_chunks: int) -> int:
    """All cores, but never more workers than chunks."""
    return max(1, min(os.cpu_count() or 1, n_chunks))


def run_workers(n_chunks: int, workers: int | None) -> int:
    """The processes a run uses: as asked (default all cores), never more than it has chunks."""
    return default_workers(n_chunks) if workers is None else max(1, min(workers, n_chunks))


def iter_chunks(scenario: Scenario, workers: int | None = None, trace_world: int | None = None) -> Iterator:
    """Yield each chunk's (outcome table, statistics, trace), in chunk order, from `workers` processes."""
    todo = chunks(scenario.runs, scenario.chunk_size)
    workers = run_workers(len(todo), workers)
    if workers == 1 or len(todo) == 1:
        for chunk in todo:
            yield run_chunk(scenario, chunk, trace_world)
        return
    from sim.execution.executors import pool_map

    yield from pool_map(
        _run_chunk_job, (scenario.model_dump_json(), trace_world), todo, workers, ordered=True
    )


def check_run(scenario: Scenario, workers: int | None, trace_world: int | None = None) -> None:
    """Refuse, before anything runs, a run larger than memory or a trace of a world that does not exist."""
    n_packages = len(scenario.packages)
    chunk = min(scenario.chunk_size, scenario.runs)
    workers = run_workers(len(chunks(scenario.runs, scenario.chunk_size)), workers)
    check_memory(
        scenario.runs * n_packages,
        chunk * n_packages,
        workers,
        f"{scenario.runs:,} worlds x {n_packages} packages on {workers} worker{'s' * (workers > 1)}",
        "use fewer --runs, --workers or a smaller chunk_size, or run it as a sweep (deter sweep), "
        "which writes its results chunk by chunk",
    )
    if trace_world is not None and not 0 <= trace_world < scenario.runs:
        raise ScenarioError(f"--trace: world {trace_world} does not exist (worlds 0 to {scenario.runs - 1})")


def run_scenario(
    scenario: Scenario,
    runs: int | None = None,
    seed: int | None = None,
    workers: int | None = 1,
    progress: Callable[[int], None] | None = None,
    trace_world: int | None = None,
) -> RunResult:
    """Run every package of a scenario on the same worlds; return outcomes and summary.

    Args:
        scenario: a validated scenario (see `load_scenario`).
        runs: worlds per package (default: the scenario's `runs`).
        seed: seed of every draw (default: the scenario's `seed`).
        workers: processes to use; None means all cores. Results do not depend on it.
        progress: called with the number of worlds finished after each chunk.
        trace_world: index of a world whose monthly story to keep (`result.trace`), for every package.

    """
    updates = {k: v for k, v in (("runs", runs), ("seed", seed)) if v is not None}
    if updates:
        doc = {**scenario.model_dump(mode="json"), **updates}
        scenario = scenario_from_dict(doc, source="run_scenario")  # ranges still hold
    check_run(scenario, workers, trace_world)
    tables, stats, trace = [], [], None
    for table, chunk_stats_table, chunk_trace in iter_chunks(scenario, workers, trace_world):
        tables.append(table)
        stats.append(chunk_stats_table)
        trace = chunk_trace if chunk_trace is not None else trace
        if progress:
            progress(table["world"].nunique())
    costs = {p.name: p.cost() for p in scenario.packages}
    summary = summarise(pd.concat(stats, ignore_index=True), scenario.horizon_months, costs)
    return RunResult(pd.concat(tables, ignore_index=True), summary, scenario, trace)
