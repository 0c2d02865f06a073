"""The road to a ceasefire (start: war): offers, terms, timing from the ceasefire, and both sides' yes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim import run_scenario
from sim.cli import main
from sim.errors import ScenarioError
from sim.model.model import DeterrenceModel
from sim.model.war import Phase
from sim.schema.scenario import scenario_from_dict

FORCE = {"reassurance_force": {"troops": 30000}}
PLEDGE_ARMS = {
    "defence_pledge": {"strength": "agreement", "parties": ["europe"]},
    "arms_support": {"funding_bn_per_year": 40, "donors": ["europe", "us"]},
}


def war_doc(packages, runs=1500, **extra) -> dict:
    return {"name": "talks", "start": "war", "runs": runs, "seed": 5, "packages": packages, **extra}


def run(doc) -> pd.DataFrame:
    return run_scenario(scenario_from_dict(doc)).runs


def of(runs: pd.DataFrame, package: str) -> pd.DataFrame:
    return runs[runs["package"] == package].sort_values("world").reset_index(drop=True)


@pytest.mark.parametrize(
    ("offers", "message"),
    [
        ([{"after_months": 12, "package": "nope"}], "no package named 'nope'"),
        (
            [{"after_months": 24, "package": "none"}, {"after_months": 12, "package": "force"}],
            "steps back in time",
        ),
        ([{"after_months": 12, "package": "force"}, {"after_months": 24, "package": "force"}], "a loop"),
        ([{"after_months": 12, "package": "strategy"}], "a loop"),
        ([{"after_months": 500, "package": "none"}], "after the horizon"),
    ],
)
def test_a_bad_offer_strategy_is_one_line_exit_2(tmp_path, capsys, offers, message):
    packages = [{"name": "none"}, {"name": "force", **FORCE}, {"name": "strategy", "offers": offers}]
    path = tmp_path / "bad.yaml"
    import yaml

    path.write_text(yaml.safe_dump(war_doc(packages)))
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1


def test_imposed_names_only_the_packages_components_and_an_event_one_time():
    with pytest.raises(ScenarioError, match="not a component of the package"):
        scenario_from_dict(war_doc([{"name": "a", **FORCE, "imposed": ["nato_membership"]}]))
    event = {"component": "reassurance_force", "action": "deploy", "month": 3, "after_ceasefire": 3}
    with pytest.raises(ScenarioError, match="give one of month, after_ceasefire or election"):
        scenario_from_dict(war_doc([{"name": "a", **FORCE, "events": [event]}]))


def test_every_world_is_scored_from_month_0_and_the_ceasefire_columns_say_when_and_which():
    runs = run(war_doc([{"name": "none"}, {"name": "nato", "nato_membership": {}}]))
    assert runs["scored"].all()
    decade = ["peace_months", "war_months", "territory_lost", "casualties_russia", "direct_war"]
    assert runs[decade].notna().all().all()  # a package Russia rejects is scored by the war that goes on
    came = runs["accepted"].astype(bool)
    assert runs.loc[came, "ceasefire_month"].notna().all() and runs.loc[~came, "ceasefire_month"].isna().all()
    assert (runs.loc[came, "offer_accepted"].astype(str) == runs.loc[came, "package"].astype(str)).all()
    # no world is at peace before its ceasefire, and every month is counted once
    months = runs["peace_months"] + runs["war_months"] + runs["buildup_months"]
    assert (months <= 120).all() and (runs.loc[~came, "peace_months"] == 0).all()
    none, nato = of(runs, "none"), of(runs, "nato")
    assert none["accepted"].mean() > nato["accepted"].mean() + 0.3  # Russia's objection, monthly
    assert none["war_months"].mean() < nato["war_months"].mean()


def test_a_strategy_is_its_first_package_until_it_steps_down_and_the_second_after():
    """Same worlds: before month N it is A world by world; past N, where neither had one, it is B."""
    a, b = {"name": "a", **PLEDGE_ARMS, "nato_membership": {}}, {"name": "b", **PLEDGE_ARMS}
    step = {
        "name": "a_then_b",
        **PLEDGE_ARMS,
        "nato_membership": {},
        "offers": [{"after_months": 24, "package": "b"}],
    }
    runs = run(war_doc([a, b, step], runs=2000))
    first, second, strategy = of(runs, "a"), of(runs, "b"), of(runs, "a_then_b")
    month = strategy["ceasefire_month"].to_numpy(dtype=float, na_value=np.inf)
    early = month < 24
    assert early.sum() > 0 and (~early).sum() > 100
    columns = [c for c in runs.columns if c not in ("package", "offer_accepted")]
    pd.testing.assert_frame_equal(strategy.loc[early, columns], first.loc[early, columns])
    assert (strategy.loc[early, "offer_accepted"].astype(str) == "a_then_b").all()  # its own first offer
    b_month = second["ceasefire_month"].to_numpy(dtype=float, na_value=np.inf)
    later = (month >= 24) & (b_month >= 24)
    assert later.sum() > 100
    pd.testing.assert_frame_equal(strategy.loc[later, columns], second.loc[later, columns])
    agreed_later = later & strategy["accepted"].astype(bool).to_numpy()
    assert (strategy.loc[agreed_later, "offer_accepted"].astype(str) == "b").all()


def test_offers_never_apply_from_a_ceasefire_and_after_ceasefire_is_a_month_there():
    doc = {"name": "c", "runs": 800, "seed": 3, "horizon_months": 60}
    deploy = {"component": "reassurance_force", "action": "deploy"}
    plain = run(
        {**doc, "packages": [{"name": "none"}, {"name": "f", **FORCE, "events": [{**deploy, "month": 6}]}]}
    )
    timed = run(
        {
            **doc,
            "packages": [
                {"name": "none"},
                {"name": "f", **FORCE, "events": [{**deploy, "after_ceasefire": 6}],
                 "offers": [{"after_months": 12, "package": "none"}]},
            ],
        }
    )  # fmt: skip
    pd.testing.assert_frame_equal(plain, timed)


def test_a_component_timed_from_the_ceasefire_arrives_that_many_months_after_it():
    deploy = {"component": "reassurance_force", "action": "deploy", "after_ceasefire": 6}
    scenario = scenario_from_dict(war_doc([{"name": "later", **FORCE, "events": [deploy]}], runs=300))
    model = DeterrenceModel(scenario, 300, 5)
    agreed_at = np.full(300, -1)
    present = []
    while model.running:
        before = model.state.accepted[0].copy()
        model.step()
        agreed_at[model.state.accepted[0] & ~before] = model.steps
        present.append(model.guarantors["europe"].cells.force_present[0].copy())
    present = np.array(present)  # (months, worlds)
    checked = 0
    for w in np.flatnonzero((agreed_at > 0) & (agreed_at + 6 <= 110)):
        at = agreed_at[w]
        if model.state.phase[0, w] == Phase.CAPITULATED or model.guarantors["europe"].cells.withdrawn[0, w]:
            continue
        assert not present[at - 1 : at + 5 - 1, w].any()  # months at .. at+5: not yet
        assert present[at + 6 - 1, w] or model.recorder.out["aggression"][0, w]  # month at+6: in Ukraine
        checked += 1
    assert checked > 20


def test_ukraine_accepts_more_what_it_believes_the_guarantors_would_defend():
    scenario = scenario_from_dict(
        war_doc(
            [
                {"name": "none"},
                {"name": "guarantees", "reassurance_force": {"troops": 30000, "posture": "tripwire"},
                 "defence_pledge": {"strength": "treaty", "parties": ["europe"]}},
                {"name": "cession", "terms": {"recognition": True, "army_limit": 0.7}},
            ],
            runs=500,
        )
    )  # fmt: skip
    model = DeterrenceModel(scenario, 500, 5)
    model.step()
    war = model.recorder.war
    attack = model.russia.power * model.russia.cells.readiness
    theatre = model.theatre({g: np.zeros(model.shape, dtype=bool) for g in model.guarantors})
    p_russia, p_ukraine = model.talks.chances(war.trend, attack, theatre.local_defence)
    none, guarantees, cession = (p_ukraine[i].mean() for i in range(3))
    assert guarantees > none + 0.2 and cession < none / 10
    assert p_russia[2].mean() > p_russia[0].mean()  # the terms concede what Russia asks
    assert p_russia[1].mean() < p_russia[0].mean() / 2  # and troops are what it refuses


def test_what_russia_learned_in_the_war_is_its_prior_at_the_ceasefire():
    """Aid paid through the war moves Russia's belief in its donors; the ceasefire adds to it."""
    scenario = scenario_from_dict(war_doc([{"name": "none"}, {"name": "arms", **PLEDGE_ARMS}], runs=400))
    model = DeterrenceModel(scenario, 400, 5)
    prior = {g: model.russia.believed(g).copy() for g in model.guarantors}
    for _ in range(12):
        model.step()
    talking = ~model.state.accepted
    for g in ("europe", "us"):
        moved = np.abs(model.russia.believed(g) - prior[g])
        assert moved[1][talking[1]].mean() > 0.01  # the arms package's donors were watched
        assert np.median(moved[0][talking[0]]) == 0  # no aid: nothing learned (unless a guarantor fought)
        assert moved[1][talking[1]].mean() > moved[0][talking[0]].mean() + 0.01


def test_a_cap_on_ukraines_army_holds_after_the_ceasefire_and_imposed_components_are_not_weighed():
    capped = {"name": "capped", "terms": {"army_limit": 0.5}, **PLEDGE_ARMS}
    later = {"name": "later", **PLEDGE_ARMS, **FORCE, "imposed": ["reassurance_force"]}
    scenario = scenario_from_dict(war_doc([{"name": "bare", **PLEDGE_ARMS}, capped, later], runs=600))
    model = DeterrenceModel(scenario, 600, 5)
    np.testing.assert_allclose(model.talks.cells.objection[2], model.talks.cells.objection[0])
    assert (model.talks.cells.grievance[2] > 0).all() and (model.talks.cells.grievance[0] == 0).all()
    for _ in range(60):
        model.step()
    agreed = model.state.accepted[1]
    assert agreed.sum() > 20
    assert (model.ukraine.power[1][agreed] <= 0.5 + 1e-12).all()


def test_without_a_veto_russia_weighs_every_offer_alike():
    packages = [{"name": "none"}, {"name": "nato", "nato_membership": {}}]
    scenario = scenario_from_dict(war_doc(packages, runs=300, russia_veto=False))
    model = DeterrenceModel(scenario, 300, 5)
    model.step()
    attack = model.russia.power * model.russia.cells.readiness
    theatre = model.theatre({g: np.zeros(model.shape, dtype=bool) for g in model.guarantors})
    p_russia, p_ukraine = model.talks.chances(model.recorder.war.trend, attack, theatre.local_defence)
    talking = ~model.state.accepted.any(axis=0)  # (a ceasefire in month 1 resets a cell's readiness)
    np.testing.assert_array_equal(p_russia[0][talking], p_russia[1][talking])
    assert p_ukraine[1].mean() > p_ukraine[0].mean()  # Ukraine still weighs what the offer brings
