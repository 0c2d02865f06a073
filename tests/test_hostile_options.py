"""Hostile options and output errors (cases 15-18), and the catalogue itself.

How these tests are built, and the catalogue they cover: tests/hostile.py.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import sim.execution.executors
import sim.execution.resources
import sim.execution.sweep_run
from sim.execution.folders import claim_new
from sim.execution.runner import run_workers
from tests.helpers import write_sweep
from tests.hostile import (
    HOSTILE,
    ROOT,
    cli,
    deter,
    hidden,
)

# --------------------------------------------------------------------------- 15, 16, 17: options


def test_case_15_resume_with_out_is_refused_not_ignored(tmp_path, capsys):
    _, folder = sim.execution.sweep_run.run_sweep(write_sweep(tmp_path), out=tmp_path / "s", workers=1)
    code, _, err = cli(capsys, "sweep", "--resume", folder, "--out", tmp_path / "elsewhere")
    assert code == 2 and "no --out" in err and not (tmp_path / "elsewhere").exists()


def test_case_15_many_workers_are_not_blamed_on_runs(tmp_path, scenario, capsys, monkeypatch):
    monkeypatch.setattr(sim.execution.resources, "physical_memory", lambda: 2**30)
    code, _, err = cli(
        capsys, "run", scenario, "--runs", "100000", "--workers", "1000", "--out", tmp_path / "o"
    )
    assert code == 2 and "--workers" in err and "on 500 workers" in err  # 100,000 worlds: 500 chunks


def test_case_16_runs_started_together_get_their_own_default_folders(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = claim_new(None, "baseline")
    second = claim_new(None, "baseline")
    try:
        assert first.path != second.path and second.path.name == f"{first.path.name}-2"
    finally:
        first.release()
        second.release()
    assert hidden(tmp_path / "results") == []


def test_case_17_a_run_never_starts_more_workers_than_it_has_chunks(tmp_path, scenario, capsys, monkeypatch):
    started = []
    real = sim.execution.executors.pool_map

    def counting(fn, job, todo, workers, ordered=False):
        started.append(workers)
        return real(fn, job, todo, workers, ordered)

    monkeypatch.setattr(sim.execution.executors, "pool_map", counting)
    assert run_workers(3, 40) == 3 and run_workers(3, None) <= 3
    assert cli(capsys, "run", scenario, "--runs", "600", "--workers", "40", "--out", tmp_path / "o",
               "--quiet", "--no-plots")[0] == 0  # fmt: skip
    assert started == [3]  # 600 worlds in chunks of 200


# --------------------------------------------------------------------------- 18. output errors


def test_case_18_stdout_on_a_full_device_is_one_line_and_the_folder_is_complete(tmp_path, scenario):
    out = tmp_path / "o"
    with open("/dev/full", "w") as full:
        res = subprocess.run(
            [sys.executable, "-m", "sim", "run", str(scenario), "--out", str(out), "--quiet", "--no-plots"],
            stdout=full, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        )  # fmt: skip
    assert res.returncode == 1 and "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert "standard output" in res.stderr and (out / "manifest.json").exists()


def test_case_18_a_terminal_that_cannot_show_the_euro_sign_still_gets_the_table():
    res = deter("packages", env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert res.returncode == 0 and "Traceback" not in res.stderr and "bn" in res.stdout


# --------------------------------------------------------------------------- the catalogue itself


def test_every_case_of_the_catalogue_has_a_test():
    catalogue = (HOSTILE / "README.md").read_text()
    names = {
        name
        for path in sorted((ROOT / "tests").glob("test_hostile_*.py"))
        for name in re.findall(r"^def (test_case\w+)\(", path.read_text(), re.M)
    }
    for number in range(1, 19):
        assert f"| {number} |" in catalogue, f"case {number} is not in the catalogue"
        assert any(f"_{number:02d}_" in name for name in names), f"case {number} has no test"
    for name in names:
        assert name in catalogue, f"{name} is not named in the catalogue"
