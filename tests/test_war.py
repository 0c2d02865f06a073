"""After the first shot: phases that add up, a war that goes on and ends, guarantors who re-decide only
when their situation changes, an escalation ladder that keeps its order."""

import numpy as np
import pandas as pd
import pytest

from sim.execution.runner import run_scenario
from sim.model import decisions as d
from sim.model.model import DeterrenceModel
from sim.model.war import Phase
from tests.helpers import make_scenario

PACKAGES = [
    {"name": "none"},
    {"name": "force", "reassurance_force": {"troops": 30000, "posture": "tripwire"}},
    {"name": "pledge", "defence_pledge": {"strength": "treaty", "parties": ["europe", "us"]}},
]
EAGER = {  # a Russia that attacks early and often, and a Ukraine that can break
    "russia": {"ambition": 3.0},
    "war": {"capitulation_power": 0.75, "full_lead_months": 6},
}


@pytest.fixture(scope="module")
def decades() -> pd.DataFrame:
    scenario = make_scenario(PACKAGES, runs=1500, russia_veto=False, world=EAGER)
    return run_scenario(scenario).runs


def test_every_month_of_an_accepted_world_is_in_exactly_one_phase(decades):
    """Peace, build-up and war months, and the months after a capitulation, make up the horizon."""
    runs = decades
    after = np.where(runs["capitulated"], 120 - runs["capitulation_month"].fillna(0), 0)
    total = runs["peace_months"] + runs["buildup_months"] + runs["war_months"] + after
    assert (total == 120).all()
    assert runs["capitulated"].any() and runs["ceasefires"].sum() > 100  # the cases the test is about
    assert (runs["wars"] >= runs["ceasefires"]).all() and (runs["wars"] - runs["ceasefires"] <= 1).all()
    assert (runs["war_again"] == (runs["wars"] >= 2)).all()  # a second war is a second war
    again = runs[runs["war_again"]]
    assert (again["second_war_month"] > again["month"] + again["first_war_months"] - 1).all()


def test_a_capitulation_loses_everything_ukraine_held_and_ends_the_story(decades):
    runs = decades[decades["capitulated"].astype(bool)]
    assert np.allclose(runs["territory_lost"], 100 - 19.5)
    assert (runs["first_war_end"].isin(["capitulation", "ceasefire_decisive", "ceasefire_stalemate"])).all()


def test_nuclear_use_never_comes_before_threats_and_direct_war():
    scenario = make_scenario(PACKAGES, runs=1500, russia_veto=False,
                             world={**EAGER, "war": {**EAGER["war"], "nuclear_use_hazard": 0.1}})  # fmt: skip
    runs = run_scenario(scenario).runs
    use = runs["nuclear_use"].astype(bool)
    assert use.any()  # the assumption, raised, gives exposure to test
    assert (runs.loc[use, "nuclear_threat"].astype(bool) & runs.loc[use, "direct_war"].astype(bool)).all()
    assert use.mean() < runs["nuclear_threat"].astype(bool).mean()


def test_a_guarantor_re_decides_only_when_its_situation_changes():
    """With its situation fixed, the chance of entry is the same each month and its draw stays: no
    guarantor comes in after the first month by drawing again (1 - (1 - p)^n would bring all in)."""
    world = {"europe": {"resolve": 0.5, "resolve_volatility": 0.0, "interest": 0.0},
             "us": {"resolve": 0.5, "resolve_volatility": 0.0, "interest": 0.0},
             "war": {"alliance_pull": 0.0, "end_full": -10.0, "end_limited": -10.0, "limited_lead_months": 1},
             "russia": {"ambition": 3.0}}  # fmt: skip
    pledge = [{"name": "pledge", "defence_pledge": {"strength": "agreement", "parties": ["europe"]}}]
    scenario = make_scenario(pledge, runs=2000, russia_veto=False, world=world, horizon_months=24)
    runs = run_scenario(scenario).runs
    attacked = runs["aggression"].astype(bool)
    assert attacked.sum() > 500
    first = runs.loc[attacked, "europe_fought_first"].mean()
    ever = runs.loc[attacked, "direct_war"].astype(bool).mean()
    # fatigue from deployment is nil here; only the war's own course (resolve unchanged) could move it
    assert first == pytest.approx(0.25 * 0.5, abs=0.03)  # an agreement engages a quarter, at resolve 0.5
    assert ever < first + 0.03  # a month-by-month redraw would give about 1 - (1 - 0.125)^20 = 93%


def test_ground_lost_raises_an_interested_guarantors_chance_and_the_nuclear_shadow_lowers_it():
    chance = d.interest_pull(0.5, 0.8, 0.6, np.array([0.0, 0.5, 1.0]), 0.0)
    assert chance[0] == 0 and chance[0] < chance[1] < chance[2]
    shadowed = d.interest_pull(0.5, 0.8, 0.6, 1.0, 0.8)
    assert shadowed == pytest.approx(0.2 * chance[2])
    assert d.war_entry(0.3, 0.2, 0.0, 0.9) == pytest.approx((1 - 0.7 * 0.8) * 0.1)


def test_the_front_moves_towards_the_stronger_side_and_within_its_cap():
    move = d.front_change(0.25, 1.0, np.array([0.5, 1.0, 1.3, 50.0]), 1.0, 0.0, 0.0, 0.17)
    assert move[0] < 0 == move[1] < move[2] < move[3] == pytest.approx(0.17)
    lost_attacker, lost_defender = d.war_losses(0.03, 1.0, 1.3, 1.0, 3.0)
    assert lost_attacker / lost_defender == pytest.approx(
        3.0 / 1.3
    )  # the exchange falls as the attacker grows


def test_a_war_ends_more_often_as_it_goes_on_and_when_its_outcome_is_clear():
    months = np.array([1, 6, 24])
    p = d.war_end_probability(-4.0, 0.3, months, 0.2, 0.0, 0.0, 0.5, False)
    assert p[0] < p[1] < p[2]
    assert d.war_end_probability(-4.0, 0.3, 6, 0.2, 0.0, 2.0, 0.5, False) > p[1]
    assert d.war_end_probability(-4.0, 0.3, 6, 0.2, 0.0, 0.0, 0.5, True) < p[1]  # momentum


def test_casualties_tire_a_guarantor_less_at_the_margin_and_less_when_it_wins():
    first = d.casualty_fatigue(0.3, 0.5, 0.0, 0.1, 0.05, False, 0.5)
    later = d.casualty_fatigue(0.3, 0.5, 1.0, 1.1, 0.05, False, 0.5)
    assert first > later > 0  # Mueller: the first hundred cost more support than the hundred after a thousand
    assert d.casualty_fatigue(0.3, 0.5, 0.0, 0.1, 0.05, True, 0.5) == pytest.approx(first / 2)


def test_no_offensive_before_the_lead_time_and_a_full_invasion_only_after_a_build_up():
    world = {"russia": {"ambition": 3.0}, "war": {"limited_lead_months": 4}}
    scenario = make_scenario([{"name": "none"}], runs=3000, russia_veto=False, world=world)
    runs = run_scenario(scenario).runs
    assert runs["aggression"].any() and (runs.loc[runs["aggression"].astype(bool), "month"] > 4).all()
    full = runs[runs["kind"] == "full"]
    assert (full["buildup_months"] >= 3).all()  # every full invasion came after its build-up


def test_a_force_whose_state_stays_out_of_the_war_leaves_and_does_not_come_back():
    scenario = make_scenario([PACKAGES[1]], runs=2000, russia_veto=False,
                             world={"europe": {"resolve": 0.05}, "russia": {"ambition": 3.0}})  # fmt: skip
    model = DeterrenceModel(scenario, 2000, scenario.seed)
    europe = model.guarantors["europe"]
    left_in_war = np.zeros(model.shape, dtype=bool)
    while model.running:
        model.step()
        s = model.state
        at_war = s.phase == Phase.WAR
        left_in_war |= at_war & ~europe.cells.in_war & europe.cells.withdrawn
        assert not (at_war & europe.cells.force_present & ~europe.cells.in_war).any()
    assert left_in_war.any()
    assert not (europe.cells.withdrawn & europe.cells.force_present).any()  # gone for good
    model.release()


def test_a_force_sent_home_by_a_war_it_stays_out_of_is_counted_as_withdrawn(decades):
    force = decades[decades["package"] == "force"]
    stayed_out = force["aggression"].astype(bool) & ~force["europe_fought_first"].astype(bool)
    assert stayed_out.sum() > 50
    assert force.loc[stayed_out, "force_withdrawn"].all()
    assert (force.loc[stayed_out, "withdrawal_month"] <= force.loc[stayed_out, "month"]).all()
    by_war = force["force_left_war"].astype(bool)
    assert by_war[stayed_out].mean() > 0.9  # most left because of the war; the rest had left at peace
    assert (force.loc[by_war, "withdrawal_month"] >= force.loc[by_war, "month"]).all()  # never before a war


def test_a_limited_war_widens_into_a_full_invasion_only_once_russia_could_mount_one():
    """The ladder's first step: no widening before full_lead_months, some after, each a full war then."""
    world = {"russia": {"ambition": 3.0}, "war": {"full_lead_months": 12, "end_limited": -6.0}}
    scenario = make_scenario([{"name": "none"}], runs=2000, russia_veto=False, world=world, horizon_months=48)
    model = DeterrenceModel(scenario, 2000, scenario.seed)
    widened = 0
    while model.running:
        model.step()
        war = model.recorder.war
        if war is not None and war.widened.any():
            assert model.steps > 12  # never before Russia could mount a full invasion
            assert (model.state.kind[war.widened] == 3).all()  # a full war from then on
            widened += int(war.widened.sum())
    model.release()
    assert widened > 0
