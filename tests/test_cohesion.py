"""A coalition of states that unravels: exits end what a member gives, contagion, viability, the wedge."""

from __future__ import annotations

import numpy as np
import pytest

from sim.execution.runner import run_scenario
from sim.model.model import DeterrenceModel
from sim.present.members import member_table
from sim.schema.coalition import members
from sim.schema.scenario import scenario_from_dict
from tests.helpers import scenario_doc

STEADY = {"resolve_volatility": 0.0, "election_shift_sd": 0.0, "stance_change_chance": 0.0}
PACKAGE = {
    "name": "p",
    "reassurance_force": {"troops": 30000},
    "defence_pledge": {"parties": ["europe"]},
    "arms_support": {"funding_bn_per_year": 40, "donors": ["europe"]},
}


def world(low: str | None, **cohesion) -> dict:
    """Every member steady at resolve 0.9, `low` at 0.05: it leaves after one month below its threshold."""
    parties = {m: {**STEADY, "resolve": 0.9, "withdrawal_months": 1} for m in members()}
    if low:
        parties[low]["resolve"] = 0.05
    return {"guarantors": parties, "cohesion": cohesion, "russia": {"ambition": 0.0}}


def model(low, n=4, packages=None, **cohesion) -> DeterrenceModel:
    top = {"coalition": "states", "start_date": "2027-01", "russia_veto": False, "horizon_months": 24}
    doc = scenario_doc(packages or [PACKAGE], world(low, **cohesion), runs=n, **top)
    return DeterrenceModel(scenario_from_dict(doc), n=n, seed=3)


def test_a_member_that_leaves_ends_everything_it_gave():
    m = model("france")
    france = m.guarantors["france"]
    assert france.cells.force_present.all() and not france.cells.left.any()
    m.step()
    assert france.cells.left.all() and not france.cells.force_present.any()
    assert not france.funding_paid().any()  # its arms stop
    assert np.all(france.engagement() == 0)  # its pledge is void; no membership binds it here
    assert m.guarantors["united_kingdom"].funding_paid().all()  # the others go on
    m.release()


def test_a_lead_nations_exit_weighs_more_on_the_others_than_a_small_members():
    def fatigue_after(low):
        m = model(low, exit_contagion=0.2, lead_exit_contagion=0.6)
        m.step()
        out = m.guarantors["germany"].cells.fatigue.copy()
        m.release()
        return out

    base = fatigue_after(None)
    assert fatigue_after("france") - base == pytest.approx(np.full_like(base, 0.6))
    assert fatigue_after("italy") - base == pytest.approx(np.full_like(base, 0.2))


def test_russia_reads_an_exit_as_a_signal_about_the_rest():
    def beta(low):
        m = model(low, exit_signal=2.0)
        m.step()
        out = m.russia.cells.beta["germany"].copy()
        m.release()
        return out

    assert beta("italy") - beta(None) == pytest.approx(np.full((1, 4), 2.0))


def test_a_force_below_its_viable_size_goes_home_and_is_counted():
    m = model("united_kingdom", viable_force_share=0.5)  # the UK gives 58% of the force's troops
    m.step()
    assert not any(g.cells.force_present.any() for g in m.guarantors.values())
    assert m.guarantors["france"].cells.withdrawn.all() and not m.guarantors["france"].cells.left.any()
    assert m.recorder.out["force_unviable"].all()
    m.release()
    kept = model("canada", viable_force_share=0.5)  # Canada's 4% leaves the rest viable
    kept.step()
    assert (
        kept.guarantors["france"].cells.force_present.all() and not kept.recorder.out["force_unviable"].any()
    )
    kept.release()


def test_a_wedge_puts_each_probe_to_one_member_only():
    doc = scenario_doc([PACKAGE], {"cohesion": {"wedge": 1.0}, "russia": {"probe_gain": 1.0}},
                       coalition="states", start_date="2027-01", russia_veto=False, runs=300,
                       horizon_months=12)  # fmt: skip
    m = DeterrenceModel(scenario_from_dict(doc), n=300, seed=5)
    seen = {"probes": 0, "several": 0}
    real = m.guarantors_answer

    def spy(move, u):
        answers = real(move, u)
        count = sum(a.astype(int) for a in answers.answered.values())
        seen["several"] += int((count > 1).sum())
        seen["probes"] += int(answers.detected.sum())
        return answers

    m.guarantors_answer = spy
    while m.running:
        m.step()
    m.release()
    assert seen["probes"] > 50 and seen["several"] == 0


def test_an_election_can_bring_a_government_of_another_stance():
    def baseline(chance):
        france = {"france": {"stance_change_chance": chance, "stance_change_shift": -2.0}}
        top = {"coalition": "states", "start_date": "2027-01", "horizon_months": 6}
        doc = scenario_doc([PACKAGE], france, runs=50, **top)
        m = DeterrenceModel(scenario_from_dict(doc), n=50, seed=9)
        for _ in range(5):  # France votes in month 4 (May 2027)
            m.step()
        out = m.guarantors["france"].worlds.baseline.copy()
        m.release()
        return out

    assert baseline(1.0) - baseline(0.0) == pytest.approx(np.full(50, -2.0))


def test_members_outcomes_are_reported_and_identical_on_any_number_of_workers():
    doc = scenario_doc([{"name": "none"}, PACKAGE], coalition="states", start_date="2027-01", runs=400,
                       chunk_size=200, start="war", world={"cohesion": {"wedge": 0.5}})  # fmt: skip
    scenario = scenario_from_dict(doc)
    one = run_scenario(scenario, workers=1).runs
    two = run_scenario(scenario, workers=2).runs
    assert one.equals(two)
    for m in members():
        assert {f"{m}_fought", f"{m}_left", f"{m}_left_month", f"{m}_fought_first"} <= set(one.columns)
        left = one[f"{m}_left"].astype(bool)
        assert (
            one.loc[~left, f"{m}_left_month"].isna().all() and one.loc[left, f"{m}_left_month"].notna().all()
        )
    table = member_table(one, "2027-01")
    assert ((table["left % low"] <= table["left %"]) & (table["left %"] <= table["left % high"])).all()
    assert (table.loc[table["left %"] > 0, "left % high"] > table.loc[table["left %"] > 0, "left %"]).all()
    for _, g in table.groupby("package"):
        if g["left %"].max() > 0:
            assert g["first to leave %"].sum() == pytest.approx(100.0)
    assert table.loc[table["package"] == "none", "left %"].max() == 0  # nothing given, nothing to leave
