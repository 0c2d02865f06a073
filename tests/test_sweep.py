"""Sweeps: designs, identical results on every executor, resume after SIGKILL, clear errors."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from sim.errors import ResultDirError, ScenarioError
from sim.execution.sweep_run import run_sweep
from sim.results.sensitivity import sobol_from_blocks
from sim.schema.design import Sweep, design_points, load_sweep
from tests.helpers import BASE, write_sweep

ROOT = Path(__file__).resolve().parents[1]


def sweep_of(**fields) -> Sweep:
    return Sweep.model_validate({"name": "t", "base": "x", "runs": 10, **fields})


def test_grid_points_are_the_product_of_the_axes():
    sweep = sweep_of(
        design="grid",
        parameters={
            "world.europe.resolve": {"range": {"low": 0.1, "high": 0.9, "steps": 5}},
            "world.us.resolve": {"values": [0.2, 0.4]},
        },
    )
    points = design_points(sweep)
    assert len(points) == 10 and points["point"].tolist() == list(range(10))
    assert sorted(points["world.europe.resolve"].unique()) == pytest.approx([0.1, 0.3, 0.5, 0.7, 0.9])


def test_lhs_points_stratify_respect_bounds_log_and_integer():
    sweep = sweep_of(
        design="lhs",
        samples=50,
        parameters={
            "a": {"low": 0.2, "high": 0.4},
            "b": {"low": 0.01, "high": 10, "log": True},
            "c": {"low": 1000, "high": 5000, "integer": True},
        },
    )
    p = design_points(sweep)
    assert len(p) == 50
    assert p["a"].between(0.2, 0.4).all() and p["b"].between(0.01, 10).all()
    # one point in each of 50 equal strata: of the log scale for b, of the range for a
    assert np.sort(np.floor((p["a"] - 0.2) / 0.2 * 50)).tolist() == list(range(50))
    assert np.sort(np.floor(np.log(p["b"] / 0.01) / np.log(1000) * 50)).tolist() == list(range(50))
    assert (p["c"] == p["c"].round()).all() and p["c"].between(1000, 5000).all()


def test_sobol_points_have_saltelli_structure():
    sweep = sweep_of(
        design="sobol", samples=16, parameters={"a": {"low": 0, "high": 1}, "b": {"low": 5, "high": 6}}
    )
    p = design_points(sweep)
    assert len(p) == 16 * (2 + 2)
    a, b = p[p.block == 0].reset_index(), p[p.block == 1].reset_index()
    ab0 = p[p.block == 2].reset_index()
    assert (ab0["a"] == b["a"]).all() and (ab0["b"] == a["b"]).all()  # AB_0: column 0 from B
    assert p["b"].between(5, 6).all()


def test_sobol_indices_of_ishigami_match_analytic_values():
    sweep = sweep_of(
        design="sobol",
        samples=4096,
        parameters={k: {"low": -np.pi, "high": np.pi} for k in ("x1", "x2", "x3")},
    )
    p = design_points(sweep)
    f = np.sin(p.x1) + 7 * np.sin(p.x2) ** 2 + 0.1 * p.x3**4 * np.sin(p.x1)
    v = f.to_numpy().reshape(5, 4096)
    idx = sobol_from_blocks(v[0], v[1], v[2:], resamples=100)
    assert idx["first_order"] == pytest.approx([0.3139, 0.4424, 0.0], abs=0.04)
    assert idx["total"] == pytest.approx([0.5576, 0.4424, 0.2437], abs=0.04)
    assert (idx["total_low"] <= idx["total"]).all() and (idx["total"] <= idx["total_high"]).all()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"parameters": {"world.europe.resolv": {"values": [0.2]}}}, "did you mean 'resolve'"),
        ({"parameters": {"horizon_months": {"values": [12]}}}, "sweeps vary world"),
        ({"parameters": {"world.europe.resolve": {"values": [0.2, 1.5]}}}, "outside the allowed range"),
        (
            {
                "design": "lhs",
                "samples": 8,
                "parameters": {"world.europe.resolve": {"low": 0.8, "high": 0.2}},
            },
            "low must be below high",
        ),
        (
            {"design": "sobol", "samples": 10, "parameters": {"world.us.resolve": {"low": 0.1, "high": 0.2}}},
            "power of 2",
        ),
        ({"packages": ["ghost"]}, "no package 'ghost'"),
        # checked together only when independent: a field inside a distribution swept with it, or two
        # of its fields, are each checked alone (together they would pass, and a point fail mid-run)
        (
            {
                "parameters": {
                    "world.russia.max_power.low": {"values": [1.3, 2.5]},
                    "world.russia.max_power": {"values": [1.5, 1.6]},
                }
            },
            "triangular needs",
        ),
        (
            {
                "parameters": {
                    "world.russia.max_power.low": {"values": [1.3, 1.95]},
                    "world.russia.max_power.mode": {"values": [1.8, 2.0]},
                }
            },
            "triangular needs",
        ),
        (  # the first parameter at fault is the one named, whatever is wrong with a later one
            {
                "parameters": {
                    "world.europe.resolve": {"values": [0.2, 1.5]},
                    "zone.width_km": {"values": [12]},
                }
            },
            "outside the allowed range",
        ),
    ],
)
def test_bad_sweeps_are_refused_before_anything_runs(tmp_path, fields, message):
    path = write_sweep(tmp_path, **fields)
    with pytest.raises(ScenarioError, match=message):
        load_sweep(path)


def test_serial_two_workers_and_dask_give_identical_summaries(tmp_path):
    path = write_sweep(tmp_path)
    serial, _ = run_sweep(path, out=tmp_path / "serial", workers=1)
    pool, _ = run_sweep(path, out=tmp_path / "pool", workers=2)
    dask, _ = run_sweep(path, out=tmp_path / "dask", workers=2, executor="dask")
    pd.testing.assert_frame_equal(serial, pool)
    pd.testing.assert_frame_equal(serial, dask)
    assert (tmp_path / "serial" / "summary.csv").read_bytes() == (
        tmp_path / "dask" / "summary.csv"
    ).read_bytes()
    parts = sorted((tmp_path / "pool" / "parts").glob("part-*.parquet"))
    assert len(parts) == 8  # 4 points x 150 runs: each point in blocks of 100 and 50 runs


def test_sweep_parameters_reach_the_model_and_packages_share_worlds(tmp_path):
    summary, folder = run_sweep(write_sweep(tmp_path), out=tmp_path / "s", workers=1)
    s = summary.set_index(["world.europe.resolve", "packages.force.reassurance_force.troops", "package"])
    big, small = s.loc[(0.9, 60000, "force")], s.loc[(0.9, 1000, "force")]
    assert big.deterrence_rate > small.deterrence_rate  # the lever changed the package
    assert (
        s.loc[(0.9, 1000, "force_copy")].deterrence_rate > s.loc[(0.05, 1000, "force_copy")].deterrence_rate
    )
    # identical packages in the same point see the same worlds: identical outcomes, paired difference 0
    for _, point in summary.groupby("point"):
        rows = point.set_index("package")
        for column in ("deterrence_rate", "direct_war_rate", "rmst_months", "diff_vs_reference"):
            assert rows.loc["force_copy", column] == rows.loc["force_twin", column]
    with pytest.raises(ResultDirError, match="exists"):
        run_sweep(write_sweep(tmp_path), out=folder)


def test_sweep_killed_midway_and_resumed_gives_the_same_summary(tmp_path):
    path = write_sweep(tmp_path, runs=400, parameters={"world.europe.resolve": {"values": [0.1, 0.5, 0.9]}})
    whole, _ = run_sweep(path, out=tmp_path / "whole", workers=1)
    folder = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, "-m", "sim", "sweep", str(path), "--out", str(folder),
                             "--workers", "1", "--quiet"], cwd=ROOT)  # fmt: skip
    deadline = time.time() + 60
    while time.time() < deadline and len(list((folder / "parts").glob("part-*.parquet"))) < 3:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    finished = len(list((folder / "parts").glob("part-*.parquet")))
    assert 3 <= finished < 12, finished  # killed after some chunks, before the end
    assert not (folder / "summary.csv").exists()
    resumed, _ = run_sweep(resume=folder, workers=2)
    pd.testing.assert_frame_equal(whole, resumed)
    assert (tmp_path / "whole" / "summary.csv").read_bytes() == (folder / "summary.csv").read_bytes()


def test_shipped_sweep_files_load():
    for path in sorted((ROOT / "scenarios" / "sweeps").glob("*.yaml")):
        sweep, scenario = load_sweep(path)
        assert len(design_points(sweep)) >= 2 and scenario.packages


def test_a_run_is_a_sweep_of_one_point_on_every_executor(tmp_path, capsys):
    """`deter run` streams its chunks to disk through the sweeps' chunk runner, on a pool or on Dask."""
    from sim.cli import main
    from sim.execution.runner import run_scenario
    from sim.schema.scenario import scenario_from_dict

    scenario = scenario_from_dict({**BASE, "runs": 450, "chunk_size": 100})
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(scenario.model_dump(mode="json")))
    memory = run_scenario(scenario, workers=1)
    for executor, workers in (("local", "1"), ("local", "2"), ("dask", "2")):
        out = tmp_path / f"{executor}-{workers}"
        args = ["run", str(path), "--out", str(out), "--quiet", "--no-plots", "--workers", workers]
        assert main([*args, "--executor", executor]) == 0
        assert (out / "summary.csv").read_bytes() == memory.summary.to_csv(index=False).encode()
        pd.testing.assert_frame_equal(pd.read_parquet(out / "runs.parquet"), memory.runs)
        assert not [p for p in out.rglob("*") if p.name.startswith(".")]  # no parts left behind
    capsys.readouterr()


def test_a_grid_range_is_stored_as_a_person_writes_it(tmp_path):
    path = write_sweep(
        tmp_path,
        runs=20,
        parameters={"world.europe.resolve": {"range": {"low": 0.1, "high": 0.9, "steps": 9}}},
    )
    summary, folder = run_sweep(path, out=tmp_path / "s", workers=1)
    assert sorted(summary["world.europe.resolve"].unique()) == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
    csv = pd.read_csv(folder / "summary.csv")
    assert (csv["world.europe.resolve"] == 0.3).sum() == summary["package"].nunique()
    assert "0.30000000000000004" not in (folder / "summary.csv").read_text()
