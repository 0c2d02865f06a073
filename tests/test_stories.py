"""`--trace first-failure | withdrawal | direct-war` find a world that shows the story, and trace it."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from sim.cli import main
from sim.execution.runner import run_scenario
from tests.helpers import make_scenario

PACKAGES = [
    {"name": "none"},
    {"name": "force", "reassurance_force": {"troops": 30000}},
    {"name": "pledge", "defence_pledge": {"strength": "treaty", "parties": ["europe", "us"]}},
]


@pytest.fixture(scope="module")
def result():
    return run_scenario(make_scenario(PACKAGES, runs=1500, russia_veto=False), trace_world="first-failure")


def test_first_failure_traces_the_first_world_where_the_most_deterring_package_fails(result):
    rates = result.summary.set_index("package")["deterrence_rate"]
    best = rates.idxmax()
    runs = result.runs[result.runs["package"] == best]
    world = int(runs.loc[runs["aggression"], "world"].min())
    assert result.trace.attrs["world"] == world and best in result.trace.attrs["why"]
    mine = result.trace[result.trace["package"] == best]
    month = int(runs.loc[runs["world"] == world, "month"].iloc[0])
    attack = mine[mine["month"] == month]
    assert attack["action"].iloc[0] in ("limited", "full")  # the first attack is told in its month
    assert mine["month"].max() == result.scenario.horizon_months  # and the decade after it


def test_withdrawal_and_direct_war_pick_worlds_that_show_them():
    scenario = make_scenario(PACKAGES, runs=1500, russia_veto=False, world={"europe": {"resolve": 0.15}})
    withdrawal = run_scenario(scenario, trace_world="withdrawal")
    runs, world = withdrawal.runs, withdrawal.trace.attrs["world"]
    shown = runs[(runs["world"] == world) & runs["force_withdrawn"]]
    assert len(shown) and (shown["withdrawal_month"] <= shown["month"]).any()  # a force left, then war came
    earlier = runs[(runs["world"] < world) & runs["force_withdrawn"] & runs["aggression"]]
    assert not (earlier["withdrawal_month"] <= earlier["month"]).any()  # and it is the first such world
    assert withdrawal.trace["withdrawal"].any()
    war = run_scenario(scenario, trace_world="direct-war")
    fought = war.runs.loc[war.runs["direct_war"], "world"]
    assert war.trace.attrs["world"] == int(fought.min())


def test_deter_run_says_which_world_it_traced_and_records_it(tmp_path, capsys):
    scenario = tmp_path / "s.yaml"
    scenario.write_text(json.dumps({"name": "s", "runs": 800, "russia_veto": False, "packages": PACKAGES}))
    code = main(
        ["run", str(scenario), "--trace", "direct-war", "--out", str(tmp_path / "r"), "--quiet", "--no-plots"]
    )
    assert code == 0
    err = capsys.readouterr().err
    manifest = json.loads((tmp_path / "r" / "manifest.json").read_text())
    world = manifest["trace_world"]
    assert f"--trace direct-war: world {world}: a guarantor fought Russia directly" in err
    assert manifest["trace_story"] == "direct-war"
    runs = pd.read_parquet(tmp_path / "r" / "runs.parquet")
    assert runs.loc[runs["world"] == world, "direct_war"].any()
    assert (tmp_path / "r" / "trace.parquet").exists()


def test_a_story_no_world_shows_keeps_no_trace_and_says_why(tmp_path, capsys):
    scenario = tmp_path / "s.yaml"
    scenario.write_text(json.dumps({"name": "s", "runs": 300, "packages": [{"name": "none"}]}))
    code = main(
        ["run", str(scenario), "--trace", "withdrawal", "--out", str(tmp_path / "r"), "--quiet", "--no-plots"]
    )
    assert code == 0
    assert (
        "--trace withdrawal: no trace kept: no reassurance force went home in any world"
        in capsys.readouterr().err
    )
    assert not (tmp_path / "r" / "trace.parquet").exists()


@pytest.mark.parametrize("value", ["nonsense", "-3", "first_failure"])
def test_a_bad_trace_is_one_line(tmp_path, capsys, value):
    scenario = tmp_path / "s.yaml"
    scenario.write_text(json.dumps({"name": "s", "runs": 10, "packages": [{"name": "none"}]}))
    with pytest.raises(SystemExit) as exit_:
        main(["run", str(scenario), "--trace", value])
    err = capsys.readouterr().err.strip()
    assert exit_.value.code == 2 and len(err.splitlines()) == 1 and "--trace" in err


def test_first_failure_says_so_when_the_package_that_deters_most_never_failed():
    scenario = make_scenario([{"name": "none"}, {"name": "nato", "nato_membership": True}], runs=200,
                             russia_veto=False, horizon_months=3)  # fmt: skip
    result = run_scenario(scenario, trace_world="first-failure")
    rates = result.summary.set_index("package")["deterrence_rate"]
    assert rates["nato"] == 1.0 and rates["none"] < 1.0
    assert "nato never failed; none, next most often" in result.trace.attrs["why"]
