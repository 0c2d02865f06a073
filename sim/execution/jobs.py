"""The one chunk runner of runs and sweeps: a run is a sweep of one point.

A job is a scenario, a design (one row per point; a run has one point and no parameters), runs per
point and a seed. Its worlds are numbered point by point (point p, run r is world p × runs + r) and cut
into chunks (`sim.execution.chunks`): a block of one point's runs, or several whole points. Random
streams are keyed by the block of runs, never by worker or executor, so run r is the same world at
every point (common random numbers), and the packages within a point share their worlds (paired
comparisons). Parameters may vary from world to world, so one model runs a whole chunk.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from sim.execution.chunks import Chunk, sweep_chunks
from sim.model.model import DeterrenceModel
from sim.model.packages import PackageArrays, compile_packages, select
from sim.results.outcomes import outcome_table
from sim.results.summary import chunk_stats
from sim.schema.design import Sweep
from sim.schema.sampling import Streams, draw_moved, flatten, world_key
from sim.schema.scenario import Scenario, apply_override, scenario_from_dict


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to run chunks of a run or a sweep (it pickles; it travels as JSON).

    `sweep` is False for a run: its outcome table has no `point` and `run` columns. `trace_world`, for
    a run, is the index of a world whose monthly story to keep.
    """

    scenario_json: str
    design_json: str
    parameters: tuple[str, ...]
    runs: int
    seed: int
    sweep: bool = True
    trace_world: int | None = None


def run_job(scenario: Scenario, trace_world: int | None = None) -> Job:
    """The job of a run: one design point, no parameters, the scenario's runs and seed."""
    design = pd.DataFrame({"point": [0]})
    return Job(scenario.model_dump_json(), design.to_json(orient="split"), (), scenario.runs, scenario.seed,
               sweep=False, trace_world=trace_world)  # fmt: skip


@dataclass
class ChunkResult:
    """What a chunk sends back: its index and worlds, outcome table, statistics and trace (or None)."""

    index: int
    worlds: int
    table: pd.DataFrame
    stats: pd.DataFrame
    trace: pd.DataFrame | None = None
    monthly: pd.DataFrame | None = None


def plan(sweep: Sweep, design: pd.DataFrame) -> list[Chunk]:
    """The chunks of a sweep: blocks of each point's runs, or whole points side by side."""
    return sweep_chunks(len(design), sweep.runs, sweep.chunk_size)


@lru_cache(maxsize=4)
def _decode(scenario_json: str, design_json: str) -> tuple[Scenario, pd.DataFrame]:
    from io import StringIO

    return Scenario.model_validate_json(scenario_json), pd.read_json(StringIO(design_json), orient="split")


def run_chunk(job: Job, chunk: Chunk) -> ChunkResult:
    """Simulate one chunk of a run or a sweep: its outcome table, statistics and (runs) trace."""
    scenario, design = _decode(job.scenario_json, job.design_json)
    world = np.arange(chunk.first, chunk.first + chunk.size)
    point, run = world // job.runs, world % job.runs
    local, first_point = point - point[0], int(point[0])
    n_points = int(local[-1]) + 1
    values = design.iloc[first_point : first_point + n_points]
    world_over = _world_overrides(scenario, values, job, chunk, local)
    levers = [p for p in job.parameters if p.startswith("packages.")]
    package_arrays = _lever_arrays(scenario, values, levers, local) if levers else None
    local_trace = None
    if job.trace_world is not None and chunk.first <= job.trace_world < chunk.first + chunk.size:
        local_trace = job.trace_world - chunk.first
    model = DeterrenceModel(scenario, chunk.size, job.seed, chunk.key, chunk.copies, trace_world=local_trace,
                            world_overrides=world_over, package_arrays=package_arrays)  # fmt: skip
    out = model.run()
    names = [p.name for p in scenario.packages]
    reference = names.index(scenario.reference_package)
    stats = chunk_stats(out, names, reference, local, n_points, scenario.horizon_months, run)
    stats["point"] += first_point
    table = outcome_table(out, names, chunk.first, job.seed, chunk.index, scenario.world.parties)
    if job.sweep:
        table.insert(1, "point", np.tile(point, len(names)))
        table.insert(2, "run", np.tile(run, len(names)))
    trace = pd.DataFrame(model.recorder.trace) if local_trace is not None else None
    monthly = None if job.sweep else model.recorder.monthly()
    model.dispose()  # freed now, not when the cyclic collector next runs (memory flat over chunks)
    return ChunkResult(chunk.index, chunk.size, table, stats, trace, monthly)


def _world_overrides(scenario: Scenario, values: pd.DataFrame, job: Job, chunk: Chunk, local) -> dict:
    """Each world's values of the swept world parameters; a swept field of a distribution redraws it."""
    names = flatten(scenario.world).keys()
    whole, moved = {}, {}
    for path in (p for p in job.parameters if p.startswith("world.")):
        name, column = world_key(path), values[path].to_numpy(dtype=float)[local]
        if name in names:
            whole[name] = column
        else:  # name.field: a field of a distributed parameter (checked when the sweep was loaded)
            parameter, field = name.rsplit(".", 1)
            moved.setdefault(parameter, {})[field] = column
    streams = Streams(job.seed, chunk.key, chunk.copies)
    whole |= {name: draw_moved(scenario.world, name, fields, streams) for name, fields in moved.items()}
    return whole


def _lever_arrays(
    scenario: Scenario, values: pd.DataFrame, levers: list[str], local: np.ndarray
) -> PackageArrays:
    """Package effects per world: compile the packages once per distinct setting of the levers."""
    settings = values[levers].drop_duplicates()
    key = values[levers].merge(settings.reset_index(drop=True).reset_index(), on=levers, how="left")["index"]
    compiled = []
    doc = scenario.model_dump(mode="json")
    for row in settings.itertuples(index=False):
        trial = {**doc, "packages": [dict(p) for p in doc["packages"]]}
        for path, value in zip(levers, row, strict=True):
            apply_override(trial, path, _native(value))
        compiled.append(compile_packages(scenario_from_dict(trial).packages, scenario.world.parties))
    return select(compiled, key.to_numpy()[local])  # each world takes its setting's effects


def _native(value):
    """Numpy scalars to Python numbers, integers where they are whole (troops, monitors)."""
    value = value.item() if hasattr(value, "item") else value
    return int(value) if isinstance(value, float) and value.is_integer() else value
