"""Common random numbers across a sweep's points: run r is the same world at every point."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.execution.chunks import sweep_chunks
from sim.execution.runner import run_scenario
from sim.execution.sweep_run import run_sweep
from sim.schema.scenario import scenario_from_dict
from tests.helpers import BASE, write_sweep


@pytest.mark.parametrize(
    ("points", "runs", "size"), [(7, 150, 100), (7, 30, 100), (3, 100, 100), (1, 250, 100)]
)
def test_chunks_cover_every_world_once_and_key_streams_by_block_of_runs(points, runs, size):
    plan = sweep_chunks(points, runs, size)
    worlds = np.concatenate([np.arange(c.first, c.first + c.size) for c in plan])
    assert worlds.tolist() == list(range(points * runs))  # in order, each once
    assert [c.index for c in plan] == list(range(len(plan)))
    for c in plan:
        assert c.size <= size and c.size % c.copies == 0
        first_run = c.first % runs
        assert first_run == c.key * min(runs, size)  # the block is the runs it holds, not the chunk
        assert c.copies == 1 or (first_run == 0 and c.size == c.copies * runs)  # whole points side by side


def _worlds(folder) -> pd.DataFrame:
    parts = sorted((folder / "parts").glob("part-*.parquet"))
    return pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)


@pytest.mark.parametrize("runs", [150, 40])  # blocks of one point's runs; several points per chunk
def test_a_package_a_lever_does_not_touch_lives_the_same_worlds_at_every_point(tmp_path, runs):
    path = write_sweep(
        tmp_path,
        runs=runs,
        parameters={"packages.force.reassurance_force.troops": {"values": [1000, 30000, 60000]}},
    )
    _, folder = run_sweep(path, out=tmp_path / "s", workers=1)
    table = _worlds(folder)
    none = table[table["package"] == "none"].pivot(index="run", columns="point", values="month")
    assert none.notna().any().all()
    for point in (1, 2):  # `none` does not change with the force's size: world by world the same story
        pd.testing.assert_series_equal(none[0], none[point], check_names=False)
    force = table[table["package"] == "force"].pivot(index="run", columns="point", values="aggression")
    assert not force[0].equals(force[2])  # the lever does act on its own package


def test_a_sweep_point_is_the_run_of_the_same_settings(tmp_path):
    path = write_sweep(tmp_path, runs=150, parameters={"world.europe.resolve": {"values": [0.3, 0.6]}})
    _, folder = run_sweep(path, out=tmp_path / "s", workers=1)
    table = _worlds(folder)
    scenario = scenario_from_dict(
        {**BASE, "runs": 150, "seed": 5, "chunk_size": 100, "world": {"europe": {"resolve": 0.6}}}
    )
    alone = run_scenario(scenario).runs
    point = table[table["point"] == 1].reset_index(drop=True)
    for column in ("aggression", "month", "kind", "probes", "belief_europe"):
        pd.testing.assert_series_equal(point[column], alone[column], check_names=False, check_index=False)


def test_the_difference_between_nearby_points_carries_little_monte_carlo_noise():
    """Paired worlds: the difference of two points' peace rates varies far less than with fresh worlds."""
    doc = {**BASE, "runs": 4000, "chunk_size": 4000, "horizon_months": 60}

    def peace(resolve: float, seed: int) -> np.ndarray:
        scenario = scenario_from_dict({**doc, "seed": seed, "world": {"europe": {"resolve": resolve}}})
        runs = run_scenario(scenario).runs
        mine = runs[runs["package"] == "force"]
        return (mine["accepted"] & ~mine["aggression"]).to_numpy(dtype=float)

    low, high, fresh = peace(0.45, 11), peace(0.50, 11), peace(0.50, 12)
    assert high.mean() - low.mean() > 0  # more resolve, more peace: the effect is there to measure
    paired = np.var(high - low, ddof=1)  # the variance of one world's difference: common random numbers
    independent = np.var(low, ddof=1) + np.var(fresh, ddof=1)  # the same with a fresh world at each point
    assert paired < 0.25 * independent


def test_a_sobol_sweeps_noise_share_is_below_what_independent_worlds_would_give(tmp_path):
    path = write_sweep(
        tmp_path,
        design="sobol",
        samples=32,
        runs=200,
        chunk_size=1000,
        parameters={
            "world.europe.resolve": {"low": 0.1, "high": 0.9},
            "packages.force.reassurance_force.troops": {"low": 1000, "high": 60000, "integer": True},
        },
    )
    _, folder = run_sweep(path, out=tmp_path / "s", workers=1)
    summary = pd.read_csv(folder / "summary.csv")
    table = pd.read_csv(folder / "sensitivity.csv")
    assert "none" not in set(table["package"])  # no European commitment: not one world moves, no indices
    for package in ("force", "force_copy"):
        s = summary[summary["package"] == package]
        rate, trials = s["deterrence_rate"], s["runs"] * s["ceasefire_rate"]
        binomial = float(np.mean(rate * (1 - rate) / trials) / np.var(rate, ddof=1))  # fresh worlds per point
        shared = table.loc[table["package"] == package, "noise_share"].iloc[0]
        assert shared < 0.5 * binomial, package
