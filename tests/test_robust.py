"""`deter robust`: every package over many assumption sets, and how each holds up across them."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy import stats

from sim.cli import main
from sim.execution.robust_run import assumption_ranges, run_robust
from sim.results.robust import format_robust, kendall_w, robust_table
from sim.schema.assumptions import spans

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = {
    "name": "small",
    "horizon_months": 24,
    "seed": 3,
    "packages": [
        {"name": "none"},
        {"name": "arms", "arms_support": {"funding_bn_per_year": 40}},
        {"name": "force", "reassurance_force": {"troops": 30000}},
    ],
}


def synthetic(rates: dict[str, list[float]]) -> pd.DataFrame:
    rows = [
        {"point": i, "package": name, "peace_rate": r}
        for name, values in rates.items()
        for i, r in enumerate(values)
    ]
    return pd.DataFrame(rows)


def test_the_robust_table_is_what_its_definitions_give():
    summary = synthetic({"none": [0.2, 0.4, 0.6, 0.1], "a": [0.5, 0.3, 0.9, 0.2], "b": [0.4, 0.8, 0.1, 0.2]})
    table, pairs, _ = robust_table(summary, "none")
    t = table.set_index("package")
    assert t.loc["a", "beats_reference"] == 0.75  # 0.5 > 0.2, 0.3 < 0.4, 0.9 > 0.6, 0.2 > 0.1
    assert t.loc["b", "regret_mean"] == pytest.approx(np.mean([0.1, 0.0, 0.8, 0.0]))
    assert t.loc["a", "regret_p90"] == pytest.approx(np.percentile([0.0, 0.5, 0.0, 0.0], 90))
    assert t.loc["a", "best_share"] == 0.625 and t.loc["b", "best_share"] == 0.375  # a tie shares the set
    assert t.loc["none", "p50"] == pytest.approx(np.median([0.2, 0.4, 0.6, 0.1]))
    assert pairs.loc["a", "b"] == 0.5 and pairs.loc["b", "a"] == 0.25


def test_an_outcome_where_lower_is_better_turns_regret_and_beating_around():
    months = {"none": [6.0, 2.0, 9.0], "a": [1.0, 3.0, 9.0], "b": [4.0, 2.0, 0.5]}
    summary = synthetic(months).rename(columns={"peace_rate": "war_months_mean"})
    table, pairs, _ = robust_table(summary, "none", "war_months")
    t = table.set_index("package")
    assert t.loc["a", "beats_reference"] == pytest.approx(1 / 3)  # fewer months: 1 < 6 only
    assert t.loc["none", "regret_mean"] == pytest.approx(np.mean([5.0, 0.0, 8.5]))  # excess over the best
    assert t.loc["b", "best_share"] == pytest.approx(0.5) and pairs.loc["b", "none"] == pytest.approx(2 / 3)
    assert t.loc["a", "p50"] == 3.0  # the spread stays in months


def test_kendalls_w_agrees_with_friedmans_statistic_and_its_limits():
    rng = np.random.default_rng(1)
    rates = pd.DataFrame(rng.random((30, 5)))
    friedman = stats.friedmanchisquare(*rates.T.to_numpy()).statistic
    assert kendall_w(rates) == pytest.approx(friedman / (30 * 4))
    same = pd.DataFrame(np.tile([0.1, 0.5, 0.9], (10, 1)))
    assert kendall_w(same) == pytest.approx(1.0)


def test_the_assumptions_are_the_models_m_parameters_over_the_rule_and_a_file_overrides_them(tmp_path):
    ranges = assumption_ranges()
    assert len(ranges) == len(spans(assumptions_only=True)) > 50
    assert "world.russia.temperature" in ranges and "world.europe.resolve.mean" in ranges
    assert "world.russia.full_days" not in ranges  # sourced [S], not an assumption
    path = tmp_path / "ranges.yaml"
    path.write_text(
        yaml.safe_dump(
            {"world.russia.temperature": None, "world.russia.acceptance.nato": {"low": 3, "high": 9}}
        )
    )
    changed = assumption_ranges(path)
    assert "world.russia.temperature" not in changed and changed["world.russia.acceptance.nato"]["high"] == 9


@pytest.fixture(scope="module")
def scenario_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("robust") / "small.yaml"
    path.write_text(yaml.safe_dump(SCENARIO))
    return path


def test_a_robust_analysis_runs_end_to_end_and_is_reproducible_byte_for_byte(scenario_file, tmp_path, capsys):
    args = ["robust", str(scenario_file), "--sets", "6", "--runs", "60", "--quiet", "--no-plots"]
    assert main([*args, "--out", str(tmp_path / "a"), "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert "Kendall's W" in out and "regret" in out and "beats none" in out
    assert main([*args, "--out", str(tmp_path / "b"), "--workers", "2"]) == 0
    for name in ("robust.csv", "robust_pairs.csv", "summary.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    table = pd.read_csv(tmp_path / "a" / "robust.csv")
    assert list(table["package"]) == ["none", "arms", "force"] and (table["sets"] == 6).all()
    assert table["p5"].le(table["p50"]).all() and table["p50"].le(table["p95"]).all()


def test_resuming_a_robust_analysis_finishes_it(scenario_file, tmp_path):
    folder = tmp_path / "r"
    text, _ = run_robust(scenario_file, sets=4, runs=40, out=folder, workers=1)
    (folder / "robust.csv").unlink()
    again, _ = run_robust(None, resume=folder, workers=1)
    assert again == text and (folder / "robust.csv").exists()


@pytest.mark.parametrize(
    ("ranges", "message"),
    [
        ({"world.russia.nothing": {"low": 0, "high": 1}}, "nothing"),
        ({"world.russia.cost_weight": {"low": 2, "high": 1}}, "low must be below high"),
        ({"world.russia.full_days": None}, "not an assumption"),
        ([1, 2], "expected a mapping"),
    ],
)
def test_a_bad_ranges_file_is_refused_in_one_line(scenario_file, tmp_path, capsys, ranges, message):
    path = tmp_path / "ranges.yaml"
    path.write_text(yaml.safe_dump(ranges))
    assert main(["robust", str(scenario_file), "--ranges", str(path), "--sets", "2", "--runs", "5"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err


def test_packages_tied_for_the_best_share_it_and_a_twin_beats_nothing():
    """Two identical packages under different names: the best is split, the column sums to 100."""
    rates = {"none": [0.2, 0.5, 0.1], "a": [0.4, 0.3, 0.6], "twin": [0.4, 0.3, 0.6]}
    table, pairs, w = robust_table(synthetic(rates), "a")
    t = table.set_index("package")
    assert t["best_share"].sum() == pytest.approx(1.0)
    assert t.loc["a", "best_share"] == pytest.approx(1 / 3) == t.loc["twin", "best_share"]
    assert t.loc["twin", "beats_reference"] == 0 and pairs.loc["twin", "a"] == 0 == pairs.loc["a", "twin"]
    text = format_robust(table, "a", w, "peace", 3, 10, 2)
    assert "equal share" in text and "sums to 100" in text


def test_a_range_on_a_whole_number_field_is_sampled_as_whole_numbers(scenario_file, tmp_path, capsys):
    ranges = tmp_path / "troops.yaml"
    ranges.write_text(
        yaml.safe_dump({"packages.force.reassurance_force.troops": {"low": 10000, "high": 50000}})
    )
    args = [
        "robust",
        str(scenario_file),
        "--ranges",
        str(ranges),
        "--sets",
        "5",
        "--runs",
        "10",
        "--workers",
        "1",
    ]
    assert main([*args, "--out", str(tmp_path / "o"), "--quiet", "--no-plots", "--no-discover"]) == 0
    troops = pd.read_csv(tmp_path / "o" / "summary.csv")["packages.force.reassurance_force.troops"]
    assert (troops == troops.round()).all() and troops.between(10000, 50000).all() and troops.nunique() == 5
    capsys.readouterr()
    ranges.write_text(
        yaml.safe_dump({"packages.force.reassurance_force.troops": {"low": 10.2, "high": 10.7}})
    )
    assert main([*args, "--out", str(tmp_path / "p")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "troops: takes whole numbers" in err
    assert not (tmp_path / "p").exists()


def test_a_failed_robust_analysis_says_to_finish_it_with_robust_resume(scenario_file, tmp_path, monkeypatch):
    import sim.execution.sweep_run
    from sim.errors import SweepFailed

    def broken(job, chunk):
        raise RuntimeError("a disk hiccup")

    monkeypatch.setattr(sim.execution.sweep_run, "run_chunk", broken)
    with pytest.raises(SweepFailed, match=f"finish with: deter robust --resume {tmp_path / 'r'}$"):
        run_robust(scenario_file, sets=2, runs=10, out=tmp_path / "r", workers=1)


def test_options_that_conflict_with_resume_are_refused_in_one_line(scenario_file, tmp_path, capsys):
    from sim.errors import ResultDirError
    from sim.execution.manifests import refuse_robust_as_sweep

    folder = tmp_path / "r"
    run_robust(scenario_file, sets=3, runs=10, seed=4, out=folder, workers=1)
    before = (folder / "manifest.json").read_bytes()
    resume = ["robust", "--resume", str(folder), "--quiet", "--no-plots", "--no-discover", "--workers", "1"]
    for extra, message in (
        (["--out", str(tmp_path / "new")], "--out: --resume finishes the analysis in the folder"),
        (["--sets", "5"], "--sets 5: " + f"{folder} was started with 3 assumption sets"),
        (["--runs", "20"], "was started with 10 worlds per set"),
        (["--seed", "5"], "was started with seed 4"),
        (["--ranges", str(tmp_path / "r.yaml")], "--ranges: --resume takes its ranges from the folder"),
        (["--outcome", "war_months"], "--outcome war_months: " + f"{folder} was judged by peace"),
    ):
        assert main([*resume, *extra]) == 2, extra
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and message in err, err
    assert not (tmp_path / "new").exists() and (folder / "manifest.json").read_bytes() == before
    assert main([*resume, "--sets", "3", "--runs", "10", "--seed", "4"]) == 0  # what is stored: accepted
    assert pd.read_csv(folder / "robust.csv")["outcome"].iloc[0] == "peace"  # judged as it was
    with pytest.raises(
        ResultDirError, match=f"a robust analysis; finish it with deter robust --resume {folder}"
    ):
        refuse_robust_as_sweep(folder)  # for deter sweep --resume


def test_robust_resume_of_a_plain_sweep_folder_names_the_sweep_command(tmp_path, capsys):
    from sim.execution.sweep_run import run_sweep
    from tests.helpers import write_sweep

    _, folder = run_sweep(write_sweep(tmp_path, runs=20), out=tmp_path / "s", workers=1)
    assert main(["robust", "--resume", str(folder), "--quiet"]) == 2
    assert f"not a robust analysis; finish it with deter sweep --resume {folder}" in capsys.readouterr().err


def test_a_worker_whose_parent_is_gone_exits_quietly():
    """The pool worker's send to a dead parent: no traceback, status 0 (SIGKILLed deter, issue 30)."""
    import subprocess
    import sys

    script = (
        "import multiprocessing as mp\n"
        "from sim.execution.executors import _init_worker\n"
        "_init_worker(print, None)\n"
        "reader, writer = mp.Pipe(duplex=False)\n"
        "reader.close()\n"
        "writer.send_bytes(b'result' * 1000)\n"
        "print('still here')\n"
    )
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert (res.returncode, res.stdout, res.stderr) == (0, "", "")


def test_a_killed_process_leaves_no_leaked_semaphore_warning():
    import subprocess
    import sys

    script = (
        "import os, signal, multiprocessing as mp\n"
        "from sim.execution.executors import start_resource_tracker\n"
        "start_resource_tracker()\n"
        "lock = mp.get_context('spawn').Lock()\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert res.returncode == -9 and "leaked" not in res.stderr and "Traceback" not in res.stderr


def test_beating_and_being_the_best_across_sets_count_only_differences_beyond_noise():
    """With each set's paired intervals, a difference within noise neither beats nor loses the best."""
    summary = synthetic({"none": [0.2, 0.4], "a": [0.5, 0.41], "b": [0.49, 0.3]})
    paired = {  # set 0: a beats none and is tied with b; set 1: a within noise of none, alone best
        "diff_ci_low": [0.0, 0.0, 0.2, -0.02, 0.15, -0.2],
        "diff_ci_high": [0.0, 0.0, 0.4, 0.04, 0.45, -0.05],
        "peace_rate_vs_best_ci_high": [-0.2, 0.01, 0.0, 0.0, 0.02, -0.05],
    }
    table, _, _ = robust_table(summary.assign(**paired), "none")
    t = table.set_index("package")
    assert t.loc["a", "beats_reference"] == 0.5 and t.loc["b", "beats_reference"] == 0.5
    assert t.loc["a", "best_share"] == pytest.approx((1 / 2 + 1 / 2) / 2)  # set 1: a and none tied
    assert t.loc["b", "best_share"] == pytest.approx(1 / 4) and t.loc["none", "best_share"] == pytest.approx(
        1 / 4
    )
    strict, _, _ = robust_table(summary, "none")  # without the intervals: strictly
    assert strict.set_index("package").loc["a", "beats_reference"] == 1.0
