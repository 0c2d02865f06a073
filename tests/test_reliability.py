"""Reliability: any document is accepted or refused cleanly; interruptions lose nothing; reruns agree."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim.execution.resources
from sim.cli import main
from sim.errors import ScenarioError
from sim.execution.rerun import rerun
from sim.execution.runner import run_scenario
from sim.execution.sweep_run import SweepFailed, run_sweep
from sim.schema.sampling import flatten
from sim.schema.scenario import scenario_from_dict
from sim.schema.world import World
from tests.helpers import default_ctrl_c, write_sweep

ROOT = Path(__file__).resolve().parents[1]
HANG_SECONDS = 120.0
"""How long to wait for an interrupted process before calling it hung (it stops in well under a second
on an idle machine). The exit status and what is left on disk show that the work stopped; no test
asserts how fast."""
WORLD_PATHS = [p.split(".")[1:] for p in flatten(World(), "world.")]
PACKAGE_FIELDS = [
    ["reassurance_force", "troops"],
    ["reassurance_force", "posture"],
    ["defence_pledge", "strength"],
    ["defence_pledge", "parties"],
    ["buffer_zone", "width_km"],
    ["buffer_zone", "armed"],
    ["us_backstop", "air_defence"],
    ["arms_support", "funding_bn_per_year"],
    ["nato_membership", "automaticity"],
    ["sanctions_snapback"],
    ["imposed"],
    ["bogus"],
]
TOP = [["runs"], ["horizon_months"], ["seed"], ["chunk_size"], ["reference_package"], ["name"], ["extra_key"]]

values = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-5, 10**7),
    st.booleans(),
    st.none(),
    st.text(max_size=6),
    st.lists(st.integers(), max_size=2),
    st.sampled_from(["rear", "tripwire", "treaty", "us"]),
    st.fixed_dictionaries(
        {
            "dist": st.sampled_from(["uniform", "triangular", "beta", "normal", "gamma"]),
            "low": st.floats(-1, 3),
            "high": st.floats(-1, 3),
            "mode": st.floats(-1, 3),
            "mean": st.floats(-1, 3),
            "sd": st.floats(-1, 2),
        }
    ),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
)
mutation = st.tuples(
    st.one_of(
        st.sampled_from([["world", *p] for p in WORLD_PATHS]),
        st.sampled_from(TOP),
        st.sampled_from([["packages", 1, *p] for p in PACKAGE_FIELDS]),
    ),
    values,
)


def apply(doc, path, value):
    node = doc
    for key in path[:-1]:
        if isinstance(node, list):
            node = node[key]
        else:
            node = node.setdefault(key, {}) if isinstance(node.get(key, {}), dict) else {}
    if isinstance(node, dict):
        node[path[-1]] = value


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutation, max_size=4))
def test_any_document_is_accepted_and_runs_cleanly_or_refused_with_our_error(mutations):
    doc = {"name": "h", "runs": 40, "packages": [{"name": "none"}, {"name": "p", "reassurance_force": {}}]}
    for path, value in mutations:
        apply(doc, path, value)
    try:
        scenario = scenario_from_dict(doc)
    except ScenarioError as err:
        assert "\n" not in str(err)
        return
    scenario = scenario.model_copy(update={"runs": 40, "horizon_months": min(scenario.horizon_months, 24)})
    result = run_scenario(scenario, workers=1)
    runs = result.runs[result.runs["accepted"]]  # a ceasefire Russia rejected has no state after it
    summary = result.summary[result.summary["ceasefire_rate"] > 0]
    for col in ("belief_europe", "belief_us", "resolve_europe", "resolve_us"):
        assert runs[col].between(0, 1).all()
    assert np.isfinite(runs[["russia_power", "ukraine_power"]].to_numpy()).all()
    assert result.summary[["ceasefire_rate", "peace_rate"]].apply(lambda c: c.between(0, 1)).all().all()
    assert (
        summary[["deterrence_rate", "ci_low", "ci_high", "direct_war_rate"]]
        .apply(lambda c: c.between(0, 1))
        .all()
        .all()
    )


def test_a_request_larger_than_memory_is_refused_before_anything_runs(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(sim.execution.resources, "physical_memory", lambda: 2**30)
    out = tmp_path / "big"
    code = main(
        ["run", str(ROOT / "scenarios" / "baseline.yaml"), "--runs", "2000000", "--out", str(out), "--quiet"]
    )
    err = capsys.readouterr().err
    assert code == 2 and "GiB of memory" in err and "--runs" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()
    path = write_sweep(tmp_path, chunk_size=1_000_000)
    with pytest.raises(ScenarioError, match="lower chunk_size"):
        run_sweep(path, out=tmp_path / "sweep")
    assert not (tmp_path / "sweep").exists()


def test_a_failing_chunk_stops_the_sweep_clearly_and_keeps_finished_parts(monkeypatch, tmp_path):
    import sim.execution.sweep_run as sweep_run

    real = sweep_run.run_chunk

    def flaky(job, chunk):
        if chunk.index == 3:
            raise ValueError("injected failure")
        return real(job, chunk)

    path = write_sweep(tmp_path)
    monkeypatch.setattr(sweep_run, "run_chunk", flaky)
    with pytest.raises(SweepFailed, match=r"chunk 3 failed: ValueError: injected failure.*--resume") as err:
        run_sweep(path, out=tmp_path / "s", workers=1)
    parts = sorted(p.name for p in (tmp_path / "s" / "parts").glob("part-*.parquet"))
    assert parts == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    assert "injected failure" in (tmp_path / "s" / "parts" / "error-00003.txt").read_text()
    assert json.loads((tmp_path / "s" / "manifest.json").read_text())["status"] == "incomplete"
    assert "3 finished chunks are kept" in str(err.value)
    monkeypatch.setattr(sweep_run, "run_chunk", real)
    resumed, _ = run_sweep(resume=tmp_path / "s", workers=1)
    whole, _ = run_sweep(path, out=tmp_path / "whole", workers=1)
    pd.testing.assert_frame_equal(whole, resumed)


def _parts(folder):
    return len(list((folder / "parts").glob("part-*.parquet")))


def _start_sweep(path, folder, workers, **popen):
    """Start `deter sweep` in a child process and wait until `parts` chunks have been written."""
    cmd = [
        sys.executable,
        "-m",
        "sim",
        "sweep",
        str(path),
        "--out",
        str(folder),
        "--workers",
        str(workers),
        "--quiet",
        "--no-plots",
    ]
    return subprocess.Popen(cmd, cwd=ROOT, preexec_fn=default_ctrl_c, **popen)


def _wait_for_parts(folder, parts):
    deadline = time.time() + 60
    while time.time() < deadline and _parts(folder) < parts:
        time.sleep(0.005)


def _assert_resume_matches(path, folder, tmp_path):
    """Resuming `folder` gives exactly the summary of an uninterrupted sweep, and no stray files."""
    resumed, _ = run_sweep(resume=folder, workers=1)
    whole, _ = run_sweep(path, out=tmp_path / "whole", workers=1)
    pd.testing.assert_frame_equal(whole, resumed)
    assert (folder / "summary.csv").read_bytes() == (tmp_path / "whole" / "summary.csv").read_bytes()
    assert not [p for p in (folder / "parts").iterdir() if p.name.startswith(".")]  # no half-written file


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sigkill_at_random_points_then_resume_gives_the_uninterrupted_summary(tmp_path, seed):
    path = write_sweep(tmp_path, runs=400, parameters={"world.europe.resolve": {"values": [0.1, 0.5, 0.9]}})
    kill_after = int(np.random.default_rng(seed).integers(1, 10))
    folder = tmp_path / "killed"
    proc = _start_sweep(path, folder, 1)
    _wait_for_parts(folder, kill_after)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _parts(folder) < 12 and not (folder / "summary.csv").exists()
    _assert_resume_matches(path, folder, tmp_path)


def test_ctrl_c_stops_a_sweep_promptly_and_says_how_to_resume(tmp_path):
    path = write_sweep(tmp_path, runs=400, parameters={"world.europe.resolve": {"values": [0.1, 0.5, 0.9]}})
    folder = tmp_path / "s"
    proc = _start_sweep(path, folder, 2, stderr=subprocess.PIPE, text=True)
    _wait_for_parts(folder, 2)
    proc.send_signal(signal.SIGINT)
    err = proc.communicate(timeout=HANG_SECONDS)[1]
    assert proc.returncode == 130
    assert _parts(folder) < 12  # it stopped: it did not run on to the end
    assert f"deter sweep --resume {folder}" in err and "Traceback" not in err
    assert not [p for p in (folder / "parts").iterdir() if p.name.startswith(".")]
    assert json.loads((folder / "manifest.json").read_text())["status"] == "incomplete"
    _assert_resume_matches(path, folder, tmp_path)


def test_a_killed_dask_worker_is_replaced_and_the_summary_is_unchanged(tmp_path):
    from distributed import Client, LocalCluster

    path = write_sweep(
        tmp_path,
        runs=300,
        chunk_size=150,
        parameters={"world.europe.resolve": {"values": [0.1, 0.3, 0.5, 0.7, 0.9]}},
    )
    serial, _ = run_sweep(path, out=tmp_path / "serial", workers=1)
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        outcome = {}
        folder = tmp_path / "dask"
        worker = threading.Thread(
            target=lambda: outcome.update(
                summary=run_sweep(path, out=folder, executor="dask", scheduler=cluster.scheduler_address)[0]
            )
        )
        worker.start()
        deadline = time.time() + 60
        while time.time() < deadline and _parts(folder) < 1:
            time.sleep(0.005)
        pids = client.run(os.getpid)
        os.kill(next(iter(pids.values())), signal.SIGKILL)
        worker.join(timeout=180)
        pd.testing.assert_frame_equal(serial, outcome["summary"])
        assert (tmp_path / "serial" / "summary.csv").read_bytes() == (folder / "summary.csv").read_bytes()


def test_rerun_reproduces_a_run_and_a_sweep_and_reports_a_difference(tmp_path):
    out = tmp_path / "run"
    assert (
        main(
            [
                "run",
                str(ROOT / "scenarios" / "baseline.yaml"),
                "--runs",
                "300",
                "--out",
                str(out),
                "--quiet",
                "--no-plots",
                "--set",
                "world.europe.resolve=0.3",
            ]
        )
        == 0
    )
    identical, message = rerun(out, workers=2)
    assert identical and "byte-identical" in message
    summary = pd.read_csv(out / "summary.csv")
    summary.loc[2, "deterrence_rate"] += 0.01
    summary.to_csv(out / "summary.csv", index=False)
    identical, message = rerun(out, workers=1)
    assert not identical and "1 of 13 rows differ, in deterrence_rate" in message
    _, folder = run_sweep(write_sweep(tmp_path), out=tmp_path / "sweep", workers=1)
    identical, message = rerun(folder, workers=1)
    assert identical, message


@pytest.mark.parametrize("workers, signum, status", [("1", signal.SIGINT, 130), ("2", signal.SIGTERM, 143)])
def test_ctrl_c_or_sigterm_stops_a_run_promptly_and_leaves_nothing(tmp_path, workers, signum, status):
    out = tmp_path / "run"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sim",
            "run",
            str(ROOT / "scenarios" / "baseline.yaml"),
            "--runs",
            "200000",
            "--set",
            "chunk_size=500",  # a first chunk within a second or two: the test is about the signal
            "--workers",
            workers,
            "--out",
            str(out),
            "--quiet",
        ],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=default_ctrl_c,
    )
    deadline = time.time() + 120
    while time.time() < deadline and not list(tmp_path.rglob("part-*.parquet")):  # a chunk is written
        time.sleep(0.01)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    assert list(tmp_path.rglob("part-*.parquet")), "no chunk was written within two minutes"
    proc.send_signal(signum)
    err = proc.communicate(timeout=60)[1]  # it stops (a run this size takes far longer)
    assert proc.returncode == status and "interrupted" in err and "Traceback" not in err
    assert not out.exists() and list(tmp_path.iterdir()) == []  # no folder, no partial folder
