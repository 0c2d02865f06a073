"""Edge cases found in review: each names the behaviour it protects."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sim.cli import main
from sim.errors import ScenarioError
from sim.execution.runner import run_scenario
from sim.execution.storage import write_results
from sim.execution.sweep_run import run_sweep
from sim.present.plots import plot_results
from sim.results.sensitivity import noise_share
from sim.results.summary import paired_interval
from sim.schema.scenario import load_scenario, scenario_from_dict
from tests.helpers import make_scenario, write_sweep

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = {"name": "x", "packages": [{"name": "a"}]}


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (
            {**MINIMAL, "packages": [{"name": "a", "reassurance_force": {"troops": True}}]},
            "expected a number",
        ),
        ({**MINIMAL, "packages": [{"name": "a", "imposed": "yes"}]}, "expected true or false"),
        ({**MINIMAL, "world": {"europe": {"resolve": True}}}, "expected a number, got true"),
        ({**MINIMAL, "packages": [{"name": "a", "reassurance_force": {"troops": "1e9"}}]}, "text to YAML"),
        ({**MINIMAL, "world": {"europe": {"election_interval_months": 2.5}}}, "must be a whole number"),
        (
            {
                **MINIMAL,
                "packages": [{"name": "a", "reassurance_force": {"tripwire_low": 0.5, "tripwire_high": 0.1}}],
            },
            "must not exceed tripwire_high",
        ),
        ({**MINIMAL, "packages": ["a", "b"]}, "packages[0]"),
    ],
)
def test_no_silent_conversion_of_wrong_kinds(doc, message):
    with pytest.raises(ScenarioError, match=message.replace("[", r"\[")):
        scenario_from_dict(doc)


def test_duplicate_yaml_keys_are_refused(tmp_path):
    path = tmp_path / "dup.yaml"
    path.write_text("name: x\nruns: 10\nruns: 20\npackages:\n  - name: a\n")
    with pytest.raises(ScenarioError, match="key 'runs' appears twice"):
        load_scenario(path)


def test_argument_errors_are_one_line(tmp_path):
    res = subprocess.run(
        [sys.executable, "-m", "sim", "run", str(ROOT / "scenarios" / "baseline.yaml"), "--workers", "0"],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 2 and res.stderr.count("\n") == 1 and "--workers" in res.stderr


def test_a_closed_pipe_is_not_an_error():
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim", "params"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait() == 0 and "Traceback" not in err


def test_validate_accepts_sweep_files(capsys):
    assert main(["validate", str(ROOT / "scenarios" / "sweeps" / "resolve_x_force.yaml")]) == 0
    assert "sweep: grid, 36 points" in capsys.readouterr().out


def test_sweep_refuses_before_writing_anything(tmp_path, capsys):
    run_dir = tmp_path / "run"
    write_results(run_dir, run_scenario(make_scenario(runs=50)), None, {})
    assert main(["sweep", "--resume", str(run_dir)]) == 2
    assert "not a sweep folder" in capsys.readouterr().err
    path = write_sweep(
        tmp_path,
        design="lhs",
        samples=4,
        parameters={"packages.force.reassurance_force.troops": {"low": 1000, "high": 5000}},
    )
    assert main(["sweep", str(path), "--out", str(tmp_path / "s"), "--quiet"]) == 2
    assert "add integer: true" in capsys.readouterr().err and not (tmp_path / "s").exists()
    path = write_sweep(tmp_path, parameters={"world.europe.resolve": {"values": [0.1, {"dist": "uniform"}]}})
    assert main(["sweep", str(path), "--out", str(tmp_path / "s"), "--quiet"]) == 2
    assert "values must be numbers" in capsys.readouterr().err and not (tmp_path / "s").exists()


def test_plotting_elsewhere_leaves_the_folders_report_alone(tmp_path):
    folder = tmp_path / "run"
    write_results(folder, run_scenario(make_scenario(runs=100)), None, {})
    plot_results(folder)
    before = (folder / "report.html").read_text()
    plot_results(folder, fmt="pdf", out=tmp_path / "pdf")
    assert (folder / "report.html").read_text() == before
    report = (tmp_path / "pdf" / "report.html").read_text()
    assert '<a href="deterrence.pdf">' in report and "<img" not in report


def test_paired_intervals_stay_within_the_possible_range():
    mean, low, high = paired_interval(np.array([3]), np.array([3]), np.array([5]))
    assert -1 <= low[0] <= mean[0] <= high[0] <= 1


def test_noise_share_from_split_halves_is_the_noise_share_of_the_variance():
    rng = np.random.default_rng(0)
    a, b = rng.binomial(200, 0.5, (2, 2000)) / 200  # two halves of 400 worlds, no parameter effect
    assert noise_share((a + b) / 2, a, b) == pytest.approx(1.0, abs=0.1)
    signal = np.linspace(0.1, 0.9, 2000)
    a, b = rng.binomial(200, signal, (2, 2000)) / 200
    assert noise_share((a + b) / 2, a, b) < 0.02
    shared = rng.binomial(200, 0.5) / 200  # common random numbers: noise every point shares
    a, b = signal + shared, signal + rng.binomial(200, 0.5) / 200
    assert noise_share((a + b) / 2, a, b) < 1e-12  # shared noise moves no point against another


def test_sobol_sweeps_write_indices_with_their_noise_share(tmp_path):
    path = write_sweep(
        tmp_path,
        design="sobol",
        samples=4,
        runs=100,
        parameters={
            "world.europe.resolve": {"low": 0.05, "high": 0.95},
            "world.russia.imposition_grievance": {"low": 0.0, "high": 0.3},
        },
    )
    _, folder = run_sweep(path, out=tmp_path / "s", workers=1)
    import pandas as pd

    table = pd.read_csv(folder / "sensitivity.csv")
    assert {"first_order", "total", "noise_share"} <= set(table.columns)
    assert table["noise_share"].between(0, 1).all()


def test_sobol_indices_outside_0_1_or_wide_come_with_the_sample_size_that_would_fix_them():
    import pandas as pd

    from sim.results.sensitivity import sobol_warnings

    row = {
        "parameter": "x",
        "first_order_low": 0.3,
        "first_order_high": 0.4,
        "total_low": 0.35,
        "total_high": 0.45,
    }
    table = pd.DataFrame(
        [
            {"package": "fine", "first_order": 0.35, "total": 0.4, **row},
            {"package": "negative", "first_order": -0.02, "total": 0.4, **row},
            {
                "package": "wide",
                "first_order": 0.35,
                "total": 0.4,
                **row,
                "total_low": 0.0,
                "total_high": 0.8,
            },
        ]
    )
    lines = sobol_warnings(table, 256)
    assert len(lines) == 2 and all(len(line.splitlines()) == 1 for line in lines)
    assert lines[0].startswith("Sobol indices of negative: 1 index outside [0, 1]")
    assert "±0.40" in lines[1] and "4,096 samples (now 256)" in lines[1]  # 256 x (0.4 / 0.1)^2


def test_a_sobol_sweep_draws_no_binned_means_and_needs_two_parameters(tmp_path):
    from sim.present.plots import plot_results

    one = {"world.europe.resolve": {"low": 0.05, "high": 0.95}}
    with pytest.raises(ScenarioError, match="sobol needs at least two parameters"):
        run_sweep(write_sweep(tmp_path, design="sobol", samples=4, parameters=one), out=tmp_path / "x")
    two = {**one, "world.us.resolve": {"low": 0.05, "high": 0.95}}
    path = write_sweep(tmp_path, design="sobol", samples=4, runs=50, parameters=two)
    _, folder = run_sweep(path, out=tmp_path / "s", workers=1)
    stems = {p.stem for p in plot_results(folder)}
    assert "ranking" in stems and "binned" not in stems
