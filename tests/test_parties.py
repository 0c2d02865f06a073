"""Guarantors are parties keyed by name (a third one is a scenario file's change); state is declared."""

import numpy as np
import pandas as pd
import pytest

from sim.errors import ScenarioError
from sim.execution.runner import run_scenario
from sim.schema.scenario import load_scenario, scenario_from_dict
from tests.helpers import FORCE, make_scenario, model_of

THIRD = "scenarios/third_guarantor.yaml"


def test_a_third_guarantor_fights_is_believed_in_and_is_reported_like_the_others():
    result = run_scenario(load_scenario(THIRD), runs=1500)
    runs = result.runs
    for column in ("canada_fought", "belief_canada", "resolve_canada"):
        assert column in runs.columns
    fought = runs.groupby("package", observed=True)["canada_fought"].mean()
    assert fought["canada_pledge"] > 0.02  # its pledge engages it: it fights some attacks
    # nothing names it: only its own interest, under Russia's nuclear shadow, can bring it in
    assert (
        fought["europe_force"] < fought["canada_pledge"] / 3 and fought["none"] < fought["canada_pledge"] / 3
    )
    belief = runs.groupby("package", observed=True)["belief_canada"].mean()
    assert belief["canada_pledge"] > belief["none"] + 0.05  # a treaty naming it is a costly signal
    assert {"resolve_canada", "belief_canada"} <= set(result.monthly.columns)
    assert set(result.monthly["package"].astype(str)) == set(runs["package"].astype(str))


def test_adding_a_party_shifts_no_draw_of_the_others():
    """With no interest of its own, an unengaged Canada never fights: the others' numbers are the same."""
    base = load_scenario(THIRD, ["world.canada.interest=0"])
    doc = base.model_dump(mode="json")
    doc["world"]["guarantors"].pop("canada")
    doc["world"]["russia"]["prior_resolve"].pop("canada")
    doc["world"]["russia"]["fight_cost"].pop("canada")
    doc["packages"] = [p for p in doc["packages"] if p["name"] in ("none", "europe_force")]
    two = run_scenario(scenario_from_dict(doc), runs=800).runs
    three = run_scenario(base, runs=800).runs
    three = three[three["package"].astype(str).isin(["none", "europe_force"])].reset_index(drop=True)
    for column in two.columns:
        if column == "package":
            continue
        if column == "offer_accepted":  # a category of each scenario's packages: compare the names
            pd.testing.assert_series_equal(
                two[column].astype(str), three[column].astype(str), check_names=False
            )
            continue
        pd.testing.assert_series_equal(two[column], three[column], check_names=False)


@pytest.mark.parametrize(
    ("world", "message"),
    [
        ({"europe": {"resolve": 0.3}, "guarantors": {"europe": {"resolve": 0.4}}}, "set twice"),
        ({"russia": {"europe_fight_cost": 0.3, "fight_cost": {"europe": 0.4}}}, "set twice"),
        ({"guarantors": {"russia": {}}}, "cannot name a guarantor"),
        ({"russia": {"prior_resolve": {"canda": 0.2}}}, "names no guarantor"),
    ],
)
def test_a_parameter_in_both_spellings_or_a_bad_party_is_refused_in_one_line(world, message):
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict({"name": "t", "world": world, "packages": [{"name": "none"}]}, source="f.yaml")
    assert message in str(err.value) and "\n" not in str(err.value)


def test_a_component_naming_an_undeclared_party_is_refused():
    package = {"name": "p", "defence_pledge": {"parties": ["canada"]}}
    with pytest.raises(ScenarioError, match="'canada', which is not a guarantor"):
        scenario_from_dict({"name": "t", "packages": [package]}, source="f.yaml")


def test_both_spellings_of_a_parameter_mean_the_same():
    flat = scenario_from_dict(
        {"name": "t", "world": {"europe": {"resolve": 0.3}}, "packages": [{"name": "a"}]}
    )
    nested = {"name": "t", "world": {"guarantors": {"europe": {"resolve": 0.3}}}, "packages": [{"name": "a"}]}
    assert flat == scenario_from_dict(nested)
    old = scenario_from_dict(
        {"name": "t", "world": {"russia": {"us_fight_cost": 0.5}}, "packages": [{"name": "a"}]}
    )
    assert old.world.russia.fight_cost.us == 0.5


def test_an_undeclared_array_on_an_agent_fails_at_once():
    model = model_of([{"name": "none"}])
    with pytest.raises(TypeError, match="declared state"):
        model.guarantors["europe"].scratch = np.zeros(model.shape)
    with pytest.raises(AttributeError):
        model.guarantors["europe"].cells.scratch = np.zeros(model.shape)  # a record has no such field


def test_a_finished_model_removes_its_agents_and_is_freed():
    """Mesa 3.3 keeps every model in a class-level dict (upstream #3179); a run must not leak its chunks."""
    import gc
    import weakref

    model = model_of([{"name": "none"}], n=50)
    assert len(model.agents) == 4  # europe, us, Ukraine, Russia
    model.run()
    assert len(model.agents) == 0
    ref = weakref.ref(model)
    del model
    gc.collect()
    assert ref() is None


def test_a_chunks_model_is_freed_when_the_chunk_returns_without_the_cyclic_collector(monkeypatch):
    """A worker runs chunk after chunk: a finished model must not wait for a collection that comes rarely."""
    import gc
    import weakref

    from sim.execution.chunks import chunks
    from sim.execution.jobs import run_chunk, run_job
    from sim.model import model as model_module

    made = []
    init = model_module.DeterrenceModel.__init__

    def recording(self, *args, **kwargs):
        init(self, *args, **kwargs)
        made.append(weakref.ref(self))

    monkeypatch.setattr(model_module.DeterrenceModel, "__init__", recording)
    job = run_job(make_scenario([{"name": "none"}, {"name": "force", "reassurance_force": FORCE}], runs=100))
    gc.collect()
    gc.disable()
    try:
        result = run_chunk(job, chunks(100, 50)[0])
        alive = [ref() is not None for ref in made]
    finally:
        gc.enable()
    assert len(result.table) == 2 * 50 and alive == [False]  # the results are kept, the model is gone


def test_a_sweep_takes_every_spelling_of_a_parameter_and_each_gives_the_same_numbers(tmp_path):
    from sim.execution.sweep_run import run_sweep
    from tests.helpers import write_sweep

    summaries = []
    for i, (resolve, cost) in enumerate(
        [
            ("world.europe.resolve", "world.russia.europe_fight_cost"),
            ("world.guarantors.europe.resolve", "world.russia.fight_cost.europe"),
        ]
    ):
        folder = tmp_path / str(i)
        folder.mkdir()
        parameters = {resolve: {"values": [0.1, 0.9]}, cost: {"values": [0.2, 2.0]}}
        summary, _ = run_sweep(write_sweep(folder, parameters=parameters), out=folder / "out", workers=1)
        summaries.append(summary.drop(columns=[resolve, cost]))
    pd.testing.assert_frame_equal(*summaries)
    rates = summaries[0].groupby("point")["deterrence_rate"].mean()
    assert rates.nunique() > 1  # the swept values act


def test_a_sweep_over_a_party_the_base_leaves_to_defaults_acts(tmp_path):
    """Russia's cost of fighting Canada, left to Europe's value in the base, is written out per point."""
    import yaml

    from sim.execution.sweep_run import run_sweep

    doc = yaml.safe_load(open("scenarios/third_guarantor.yaml"))
    del doc["world"]["russia"]["fight_cost"]
    doc.update(runs=200, packages=[p for p in doc["packages"] if p["name"] in ("none", "canada_pledge")])
    (tmp_path / "base.yaml").write_text(yaml.safe_dump(doc))
    sweep = {
        "name": "t",
        "base": "base.yaml",
        "design": "grid",
        "runs": 200,
        "seed": 5,
        "parameters": {"world.russia.fight_cost.canada": {"values": [0.0, 5.0]}},
    }
    (tmp_path / "sweep.yaml").write_text(yaml.safe_dump(sweep))
    summary, _ = run_sweep(tmp_path / "sweep.yaml", out=tmp_path / "out", workers=1)
    pledge = summary[summary["package"] == "canada_pledge"].set_index("world.russia.fight_cost.canada")
    assert pledge.loc[5.0, "deterrence_rate"] > pledge.loc[0.0, "deterrence_rate"]


@pytest.mark.parametrize(
    "parameters",
    [
        {"world.europe.resolve": {"values": [0.2]}, "world.guarantors.europe.resolve": {"values": [0.3]}},
        {
            "world.russia.europe_fight_cost": {"values": [1.0]},
            "world.russia.fight_cost.europe": {"values": [2.0]},
        },
    ],
)
def test_a_sweep_naming_one_parameter_twice_is_refused(tmp_path, parameters):
    from sim.schema.design import load_sweep
    from tests.helpers import write_sweep

    with pytest.raises(ScenarioError, match="are the same parameter: keep one"):
        load_sweep(write_sweep(tmp_path, parameters=parameters))
