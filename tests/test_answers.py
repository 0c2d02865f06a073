"""Answers that cannot be misread, and options that do what they say: traces, sweep options, hints."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from sim.cli import main
from tests.helpers import write_sweep

VETOED = {
    "name": "vetoed",
    "runs": 40,
    "seed": 1,
    "horizon_months": 12,
    "packages": [{"name": "none"}, {"name": "nato", "nato_membership": {}}],
}


def test_a_trace_says_which_packages_have_no_story_in_that_world(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(VETOED))
    assert main(["run", str(path), "--trace", "0", "--out", str(tmp_path / "r"), "--no-plots"]) == 0
    err = capsys.readouterr().err
    traced = set(pd.read_parquet(tmp_path / "r" / "trace.parquet")["package"].astype(str))
    if "nato" in traced:  # Russia accepted NATO in world 0 (rare): nothing to say
        assert "no story" not in err
    else:
        assert "note: --trace: world 0 has no story for nato: Russia rejected the ceasefire" in err


def test_sweep_runs_and_set_make_a_new_sweep_with_them(tmp_path, capsys):
    path = write_sweep(tmp_path, runs=100, parameters={"world.europe.resolve": {"values": [0.2, 0.8]}})
    out = tmp_path / "s"
    args = ["sweep", str(path), "--runs", "30", "--set", "world.us.resolve=0.3", "--out", str(out)]
    assert main([*args, "--quiet", "--no-plots"]) == 0
    summary = pd.read_csv(out / "summary.csv")
    assert set(summary["runs"]) == {30}
    manifest = yaml.safe_load((out / "manifest.json").read_text())
    assert manifest["base"]["world"]["guarantors"]["us"]["resolve"] == 0.3
    capsys.readouterr()


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--set", "world.europe.resolve=0.5"], "the sweep varies it"),
        (["--resume", "RESUME", "--runs", "5"], "--runs and --set go with a new sweep"),
    ],
)
def test_sweep_options_that_cannot_apply_are_refused_in_one_line(tmp_path, capsys, extra, words):
    path = write_sweep(tmp_path, runs=20, parameters={"world.europe.resolve": {"values": [0.2, 0.8]}})
    done = tmp_path / "done"
    assert main(["sweep", str(path), "--out", str(done), "--quiet", "--no-plots"]) == 0
    capsys.readouterr()
    args = ["sweep", *[str(done) if a == "RESUME" else a for a in extra]]
    if "--resume" not in extra:
        args.insert(1, str(path))
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and words in err


def test_provider_shares_written_as_percentages_get_a_hint(tmp_path, capsys):
    doc = {**VETOED, "packages": [{"name": "f", "reassurance_force": {"provider": {"europe": 50, "us": 50}}}]}
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(doc))
    assert main(["validate", str(path)]) == 2
    assert "50% is 0.5" in capsys.readouterr().err


def test_from_the_war_events_at_fixed_months_are_noted_since_russia_prices_them_from_month_0():
    from sim.schema.scenario import scenario_from_dict

    force = {"reassurance_force": {"troops": 30000}}
    fixed = {"name": "fixed", **force, "events": [{"component": "reassurance_force", "action": "withdraw",
                                                    "month": 6}]}  # fmt: skip
    tied = {**fixed, "name": "tied", "events": [{**fixed["events"][0], "month": None, "after_ceasefire": 6}]}
    doc = {**VETOED, "start": "war", "packages": [fixed, tied]}
    (note,) = scenario_from_dict(doc).timeline_notes()
    assert note.startswith("package fixed: 1 event(s) at fixed months") and "after_ceasefire" in note
    assert scenario_from_dict({**doc, "start": "ceasefire"}).timeline_notes() == []


def test_an_armed_zones_troops_go_home_for_want_of_resolve_as_a_force_does():
    from sim.execution.runner import run_scenario
    from sim.schema.scenario import scenario_from_dict

    doc = {**VETOED, "russia_veto": False, "runs": 200, "horizon_months": 36,
           "world": {"europe": {"resolve": 0.05}},
           "packages": [{"name": "zone", "buffer_zone": {"armed": True, "armed_troops": 20000}},
                        {"name": "force", "reassurance_force": {"troops": 20000}}]}  # fmt: skip
    by = run_scenario(scenario_from_dict(doc)).summary.set_index("package")
    assert by.loc["force", "force_withdrawn_rate"] == 1.0
    assert by.loc["zone", "force_withdrawn_rate"] == 1.0  # before: the zone's troops never left
