"""Compacting the model to its live cells changes no outcome, bit for bit, and does happen."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sim.model.cells as cells
from sim.execution.runner import run_scenario
from sim.execution.sweep_run import run_sweep
from sim.model.model import DeterrenceModel
from sim.schema.scenario import load_scenario, scenario_from_dict
from tests.helpers import write_sweep

PHASED = {
    "name": "phased",
    "runs": 3000,
    "seed": 4,
    "horizon_months": 60,
    "packages": [
        {"name": "none"},
        {"name": "arms", "arms_support": {"cost_bn_per_year": 20}},
        {
            "name": "phased",
            "reassurance_force": {"troops": 30000},
            "defence_pledge": {"strength": "treaty", "parties": ["europe"]},
            "us_backstop": True,
            "events": [
                {"component": "reassurance_force", "action": "withdraw", "election": "europe", "nth": 1},
                {"component": "defence_pledge", "action": "ratify", "month": 12},
                {"component": "us_backstop", "action": "stop", "month": 30},
            ],
        },
        {"name": "nato", "nato_membership": True},
    ],
    "world": {"us": {"first_election_month": {"dist": "uniform", "low": 6, "high": 40}}},
}


ROAD = {
    "name": "road",
    "start": "war",
    "runs": 2500,
    "seed": 6,
    "horizon_months": 72,
    "packages": [
        {"name": "none"},
        {
            "name": "later",
            "defence_pledge": {"strength": "agreement", "parties": ["europe"]},
            "arms_support": {"funding_bn_per_year": 40},
            "reassurance_force": {"troops": 30000},
            "imposed": ["reassurance_force"],
            "events": [{"component": "reassurance_force", "action": "deploy", "after_ceasefire": 6}],
        },
        {"name": "nato_then_later", "nato_membership": True, "terms": {"army_limit": 0.8},
         "offers": [{"after_months": 18, "package": "later"}]},
    ],
    "world": {"war": {"capitulation_power": 0.75}},  # capitulations: cells leave, so it compacts
}  # fmt: skip


def _without_compaction(monkeypatch):
    monkeypatch.setattr(cells, "MIN_CELLS", 10**12)


@pytest.mark.parametrize("doc", [PHASED, {**PHASED, "russia_veto": False}, ROAD])
def test_a_run_gives_identical_outcomes_with_and_without_compaction(doc, monkeypatch):
    """With no veto, or from the war, every story runs to the horizon (or a capitulation): compact at
    every month then (offers, a timeline counted from each cell's ceasefire, terms and all)."""
    if not doc.get("russia_veto", True) or doc.get("start") == "war":
        monkeypatch.setattr(cells, "LIVE_SHARE", 1.0)
    scenario = scenario_from_dict(doc)
    model = DeterrenceModel(scenario, 3000, scenario.seed)
    model.run()
    assert model.layout.compacted  # it did compact: the test is not empty
    assert model.shape[0] < 4 * 3000 or not doc.get("russia_veto", True) or doc.get("start") == "war"
    compacted = run_scenario(scenario)
    _without_compaction(monkeypatch)
    full = run_scenario(scenario)
    assert compacted.runs["wars"].sum() > 100  # the decades have wars whose months compaction must keep
    pd.testing.assert_frame_equal(compacted.runs, full.runs)
    pd.testing.assert_frame_equal(compacted.summary, full.summary)
    # the monthly aggregates are sums in another order once compacted: equal to the last bits
    pd.testing.assert_frame_equal(compacted.monthly, full.monthly, check_exact=False, rtol=1e-12)
    assert compacted.monthly["force_present"].max() > 0.01  # forces are counted, not just flagged


def test_the_baseline_is_identical_with_and_without_compaction(monkeypatch):
    scenario = load_scenario("scenarios/baseline.yaml")
    compacted = run_scenario(scenario, runs=1500)
    _without_compaction(monkeypatch)
    pd.testing.assert_frame_equal(compacted.runs, run_scenario(scenario, runs=1500).runs)


def test_a_sweep_of_levers_and_moved_distributions_is_identical_with_and_without_compaction(
    tmp_path, monkeypatch
):
    path = write_sweep(
        tmp_path,
        runs=600,
        chunk_size=2400,
        parameters={
            "packages.force.reassurance_force.troops": {"values": [5000, 60000]},
            "world.russia.ambition.mode": {"values": [0.8, 1.6]},
        },
    )
    compacted, _ = run_sweep(path, out=tmp_path / "a", workers=1)
    _without_compaction(monkeypatch)
    full, _ = run_sweep(path, out=tmp_path / "b", workers=1)
    assert (tmp_path / "a" / "summary.csv").read_bytes() == (tmp_path / "b" / "summary.csv").read_bytes()
    for a, b in zip(
        sorted((tmp_path / "a" / "parts").glob("part-*")),
        sorted((tmp_path / "b" / "parts").glob("part-*")),
        strict=True,
    ):
        pd.testing.assert_frame_equal(pd.read_parquet(a), pd.read_parquet(b))
    assert len(compacted) == len(full)


def test_a_traced_world_keeps_the_full_arrays():
    scenario = scenario_from_dict(PHASED)
    model = DeterrenceModel(scenario, 3000, scenario.seed, trace_world=7)
    model.run()
    assert not model.layout.compacted and model.recorder.trace


@pytest.mark.parametrize("packages", [[0, 0, 2, 2], [1, 1, 1, 3], [0, 3, 3, 3]])
def test_sums_by_package_hold_when_packages_have_no_live_cells(packages):
    layout = cells.Cells(4, 10)
    layout.p = np.array(packages)
    values = np.array([1.0, 2.0, 3.0, 4.0])
    where = np.array([True, True, False, True])
    expected = np.bincount(layout.p, values * where, 4)
    got = layout.per_package([values, None], where)
    np.testing.assert_array_equal(got[0], expected)
    np.testing.assert_array_equal(got[1], np.bincount(layout.p, where.astype(float), 4))
