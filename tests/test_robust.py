"""`deter robust`: every package over many assumption sets, and how each holds up across them."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy import stats

from sim.cli import main
from sim.execution.robust_run import assumption_ranges, run_robust
from sim.results.robust import kendall_w, robust_table
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
    assert t.loc["a", "best_share"] == 0.75 and t.loc["b", "best_share"] == 0.5  # ties count for both
    assert t.loc["none", "p50"] == pytest.approx(np.median([0.2, 0.4, 0.6, 0.1]))
    assert pairs.loc["a", "b"] == 0.5 and pairs.loc["b", "a"] == 0.25


def test_an_outcome_where_lower_is_better_turns_regret_and_beating_around():
    months = {"none": [6.0, 2.0, 9.0], "a": [1.0, 3.0, 9.0], "b": [4.0, 2.0, 0.5]}
    summary = synthetic(months).rename(columns={"peace_rate": "war_months_mean"})
    table, pairs, _ = robust_table(summary, "none", "war_months")
    t = table.set_index("package")
    assert t.loc["a", "beats_reference"] == pytest.approx(1 / 3)  # fewer months: 1 < 6 only
    assert t.loc["none", "regret_mean"] == pytest.approx(np.mean([5.0, 0.0, 8.5]))  # excess over the best
    assert t.loc["b", "best_share"] == pytest.approx(2 / 3) and pairs.loc["b", "none"] == pytest.approx(2 / 3)
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
