"""`deter optimize`: levers, designs, bad input, and a tiny search end to end (identical on any workers)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from sim.execution.optimize_job import run_optimize
from sim.results import pareto
from sim.schema.optimize import Lever, design_package, encode
from sim.schema.scenario import scenario_from_dict
from tests.helpers import refused, scenario_doc

LEVERS = {
    "reassurance_force": {"choices": [False, True]},
    "reassurance_force.troops": {"low": 5000, "high": 40000, "integer": True},
    "defence_pledge.strength": {"choices": [None, "agreement", "treaty"]},
    "arms_support.funding_bn_per_year": {"low": 0, "high": 60},
}
TINY = {"population": 4, "generations": 2, "sets": 2, "runs": 24, "fresh_sets": 2, "seed": 5}
WRITTEN = [
    {"name": "none"},
    {"name": "pledge", "defence_pledge": {"strength": "treaty"}},
    {"name": "force", "reassurance_force": {"troops": 30000}, "arms_support": {"funding_bn_per_year": 40}},
]


def test_a_design_is_built_from_its_levers_and_a_written_package_is_found_again():
    levers = {k: Lever.model_validate(v) for k, v in LEVERS.items()}
    none = design_package(levers, np.array([0.0, 0.5, 0.0, 0.0]))
    assert set(none) == {"name"}  # no force (switched off), no pledge (null), no arms (0)
    full = design_package(levers, np.array([0.9, 1.0, 0.9, 0.5]))
    assert full["reassurance_force"] == {"troops": 40000} and full["defence_pledge"] == {"strength": "treaty"}
    assert full["arms_support"] == {"funding_bn_per_year": 30.0}
    u = encode(levers, WRITTEN[2])
    again = design_package(levers, u)
    assert (
        again["reassurance_force"]["troops"] == 30000 and again["arms_support"]["funding_bn_per_year"] == 40
    )
    assert encode(levers, {"name": "x", "nato_membership": {}}) is None  # no lever can say NATO


@pytest.mark.parametrize(
    ("levers", "optimize", "words"),
    [
        ({"reassurance_force.troops": {"low": 5, "high": 5}}, {}, "a lever's range is empty"),
        ({"reassurance_force.troops": {"choices": [1]}}, {}, "at least two values"),
        ({"tank_force.troops": {"low": 0, "high": 9}}, {}, "'tank_force' is not a component"),
        ({"reassurance_force.tanks": {"low": 0, "high": 9}}, {}, "has no field 'tanks'"),
        ({"reassurance_force": {"low": 0, "high": 9}}, {}, "takes {choices: [false, true]}"),
        (
            LEVERS,
            {"objectives": ["decade", "happiness"]},
            "'happiness' is not an outcome a search can optimise",
        ),
    ],
)
def test_bad_levers_and_objectives_are_one_line(levers, optimize, words):
    assert words in refused(scenario_doc(WRITTEN, levers=levers, optimize=optimize))


def write(tmp_path: Path, **optimize) -> Path:
    doc = scenario_doc(
        WRITTEN, levers=LEVERS, optimize={**TINY, **optimize}, horizon_months=24, start="ceasefire"
    )
    path = tmp_path / "opt.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


def test_a_constraint_no_design_can_meet_is_refused_in_one_line(tmp_path):
    levers = {**LEVERS, "reassurance_force": {"choices": [True]}}  # (a force always: choices of one refused)
    assert "at least two values" in refused(scenario_doc(WRITTEN, levers=levers))
    path = write(tmp_path, constraints={"budget_bn_per_year": 100})
    doc = yaml.safe_load(path.read_text())
    doc["levers"]["arms_support.funding_bn_per_year"] = {"low": 200, "high": 300}  # at least €200bn a year
    path.write_text(yaml.safe_dump(doc))
    done = subprocess.run([sys.executable, "-m", "sim", "optimize", str(path), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True)  # fmt: skip
    assert (
        done.returncode == 2
        and "optimize.constraints.budget_bn_per_year: no design can meet it" in done.stderr
    )
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_tiny_search_finds_a_front_no_written_package_dominates_on_any_number_of_workers(tmp_path):
    path = write(tmp_path)
    one = run_optimize(path, out=tmp_path / "one", workers=1, quiet=True)
    two = run_optimize(path, out=tmp_path / "two", workers=2, quiet=True)
    a, b = (pd.read_csv(o.folder / "designs.csv") for o in (one, two))
    pd.testing.assert_frame_equal(a, b)
    front = one.front
    assert len(front) >= 1 and (one.folder / "pareto.csv").exists() and (one.folder / "answer.txt").exists()
    objectives = one.settings.objectives
    written = one.designs[one.designs["kind"] == "written"]
    assert len(written) == len(WRITTEN)
    for _, w in written[written["feasible"]].iterrows():
        assert not any(pareto.dominated_by(d, w, objectives) for _, d in front.iterrows())
    for o in objectives:
        assert f"{o}_fresh" in front  # the front re-scored on fresh sets
    assert "The cheapest design" in one.words or "No design found" in one.words
    # resumed, the search replays from its kept evaluations and simulates nothing again
    again = run_optimize(None, resume=one.folder, workers=1, quiet=True)
    pd.testing.assert_frame_equal(pd.read_csv(again.folder / "designs.csv"), a)
    curve = pd.read_csv(one.folder / "convergence.csv")
    assert list(curve["generation"]) == [1, 2] and (curve["hypervolume"] >= 0).all()
    assert json.loads((one.folder / "manifest.json").read_text())["status"] == "complete"


def test_a_scenario_with_levers_still_runs_its_written_packages():
    scenario = scenario_from_dict(scenario_doc(WRITTEN, levers=LEVERS))
    assert [p.name for p in scenario.packages] == ["none", "pledge", "force"] and scenario.levers


def test_timing_and_offer_levers_build_events_and_offers_the_scenario_accepts():
    levers = {
        "reassurance_force.troops": {"low": 5000, "high": 40000, "integer": True},
        "reassurance_force.after_ceasefire": {"low": 0, "high": 24, "integer": True},
        "offers": {"choices": [None, "pledge"]},
        "offers.after_months": {"low": 6, "high": 36, "integer": True},
    }
    parsed = {k: Lever.model_validate(v) for k, v in levers.items()}
    design = design_package(parsed, np.array([0.5, 0.5, 0.9, 0.5]))
    assert design["events"] == [{"component": "reassurance_force", "action": "deploy", "after_ceasefire": 12}]
    assert design["offers"] == [{"after_months": 21, "package": "pledge"}]
    doc = scenario_doc([*WRITTEN, design], levers=levers, start="war")
    scenario = scenario_from_dict(doc)
    assert scenario.package(design["name"]).offers[0].package == "pledge"
    assert np.allclose(encode(parsed, design), [0.5, 0.5, 0.75, 0.5], atol=0.02)
    bad = {**levers, "offers": {"choices": [None, "nowhere"]}}
    assert "'nowhere' is not a package of the scenario" in refused(scenario_doc(WRITTEN, levers=bad))


def test_a_design_that_steps_down_is_held_to_the_constraints_by_its_own_cost_and_troops():
    from sim.execution.optimize_run import constraint_values

    levers = {
        "reassurance_force.troops": {"low": 5000, "high": 40000},
        "offers": {"choices": [None, "pledge"]},
    }
    base = scenario_from_dict(
        scenario_doc(
            WRITTEN, levers=levers, optimize={"constraints": {"troops": 20000, "budget_bn_per_year": 5}}
        )
    )
    design = {
        "name": "d1",
        "reassurance_force": {"troops": 30000},
        "offers": [{"after_months": 12, "package": "pledge"}],
    }
    over = constraint_values(design, base, base.optimize)
    assert (
        over[0] == pytest.approx(30000 * 0.3 / 1000 - 5) and over[1] == 10000
    )  # €9bn a year; 10,000 troops over


def test_the_chosen_design_is_compared_with_the_best_written_package_paired_over_the_sets():
    designs = pd.DataFrame(
        [
            {"design": "d1", "kind": "searched", "decade": 0.61},
            {"design": "eu", "kind": "written", "decade": 0.60},
            {"design": "none", "kind": "written", "decade": 0.50},
        ]
    )
    same = np.array([0.5, 0.6, 0.7, 0.65])
    per_set = {"d1": pd.DataFrame({"peace_share": same + 0.01}), "eu": pd.DataFrame({"peace_share": same})}
    words = pareto.against_written(designs.iloc[0], designs, per_set, "decade")
    assert "eu: +1.00 points" in words and "within noise" not in words  # the same +1 point in every set
    per_set["d1"] = pd.DataFrame({"peace_share": same + np.array([0.02, -0.02, 0.01, -0.01])})
    assert "within noise" in pareto.against_written(designs.iloc[0], designs, per_set, "decade")
