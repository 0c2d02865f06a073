"""Running a scenario: chunks of worlds, seeded by chunk, on one process or a pool.

A chunk simulates every package on the same worlds in one `DeterrenceModel`. Its random streams are
keyed by (seed, chunk index), never by worker, so any number of workers gives identical results.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.model import DeterrenceModel
from sim.outcomes import outcome_table, summarise
from sim.scenario import Scenario
from sim.summary import chunk_stats


@dataclass(frozen=True)
class Chunk:
    """A slice of worlds [first, first + size) with its own random streams."""

    index: int
    first: int
    size: int


@dataclass
class RunResult:
    """Per-world outcomes (one row per package and world) and the summary per package."""

    runs: pd.DataFrame
    summary: pd.DataFrame
    scenario: Scenario


def chunks(runs: int, chunk_size: int) -> list[Chunk]:
    """Split `runs` worlds into chunks of `chunk_size` (the last may be smaller)."""
    return [
        Chunk(i, first, min(chunk_size, runs - first)) for i, first in enumerate(range(0, runs, chunk_size))
    ]


def run_chunk(scenario: Scenario, chunk: Chunk) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Simulate one chunk of worlds for every package; return its outcome table and statistics."""
    model = DeterrenceModel(scenario, chunk.size, scenario.seed, chunk.index)
    out = model.run()
    names = [p.name for p in scenario.packages]
    reference = names.index(scenario.reference_package)
    point = np.zeros(chunk.size, dtype=np.int64)
    stats = chunk_stats(out, names, reference, point, 1, scenario.horizon_months)
    return outcome_table(out, names, chunk.first, scenario.seed, chunk.index), stats


def _run_chunk_json(payload: tuple[str, Chunk]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Worker entry point: the scenario travels as JSON (it pickles, but JSON is version-proof)."""
    text, chunk = payload
    return run_chunk(Scenario.model_validate_json(text), chunk)


def default_workers(n_chunks: int) -> int:
    """All cores, but never more workers than chunks."""
    return max(1, min(os.cpu_count() or 1, n_chunks))


def iter_chunks(
    scenario: Scenario, workers: int | None = None
) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """Yield each chunk's outcome table and statistics, in chunk order, from `workers` processes."""
    todo = chunks(scenario.runs, scenario.chunk_size)
    workers = default_workers(len(todo)) if workers is None else max(1, workers)
    if workers == 1 or len(todo) == 1:
        for chunk in todo:
            yield run_chunk(scenario, chunk)
        return
    text = scenario.model_dump_json()
    context = mp.get_context("spawn")  # mesa forces spawn; say so explicitly
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(_run_chunk_json, [(text, c) for c in todo])


def run_scenario(
    scenario: Scenario,
    runs: int | None = None,
    seed: int | None = None,
    workers: int | None = 1,
    progress: Callable[[int], None] | None = None,
) -> RunResult:
    """Run every package of a scenario on the same worlds; return outcomes and summary.

    Args:
        scenario: a validated scenario (see `load_scenario`).
        runs: worlds per package (default: the scenario's `runs`).
        seed: seed of every draw (default: the scenario's `seed`).
        workers: processes to use; None means all cores. Results do not depend on it.
        progress: called with the number of worlds finished after each chunk.

    """
    updates = {k: v for k, v in (("runs", runs), ("seed", seed)) if v is not None}
    if updates:
        scenario = scenario.model_copy(update=updates)
        type(scenario).model_validate(scenario.model_dump())  # ranges still hold
    tables, stats = [], []
    for table, chunk_stats_table in iter_chunks(scenario, workers):
        tables.append(table)
        stats.append(chunk_stats_table)
        if progress:
            progress(table["world"].nunique())
    costs = {p.name: p.cost() for p in scenario.packages}
    summary = summarise(pd.concat(stats, ignore_index=True), scenario.horizon_months, costs)
    return RunResult(pd.concat(tables, ignore_index=True), summary, scenario)
