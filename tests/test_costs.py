"""Costs follow the timeline, and Russia prices the calendar: what a package costs and what it objects to."""

from __future__ import annotations

import numpy as np
import pytest

from sim.execution.runner import run_scenario
from sim.model.foresight import foresight
from sim.schema.scenario import Package
from tests.helpers import make_scenario

FORCE = {"troops": 30000, "posture": "rear"}
PACKAGES = [
    {"name": "stays", "reassurance_force": FORCE},
    {"name": "leaves24", "reassurance_force": FORCE,
     "events": [{"component": "reassurance_force", "action": "withdraw", "month": 24}]},
    {"name": "halved", "reassurance_force": FORCE,
     "events": [{"component": "reassurance_force", "action": "scale", "factor": 0.5, "month": 1}]},
    {"name": "intel_only", "us_backstop": {"intelligence": 1, "air_defence": 0, "surveillance": 0}},
    {"name": "backstop", "us_backstop": {}},
]  # fmt: skip


@pytest.fixture(scope="module")
def no_veto():
    scenario = make_scenario(PACKAGES, runs=600, horizon_months=60, russia_veto=False)
    return run_scenario(scenario).summary.set_index("package")


def test_a_force_that_leaves_at_month_24_costs_less_over_the_horizon_than_one_that_stays(no_veto):
    stays, leaves = no_veto.loc["stays"], no_veto.loc["leaves24"]
    assert stays.cost_bn_per_year == leaves.cost_bn_per_year == 9.0  # the same force while in force
    assert leaves.cost_bn_total <= 9.0 * 24 / 12 + 1e-9  # never charged after it went home
    assert leaves.cost_bn_total < stays.cost_bn_total - 10


def test_a_force_scaled_to_half_costs_half_while_it_serves(no_veto):
    halved, stays = no_veto.loc["halved"], no_veto.loc["stays"]
    # month 0 at full size, then half; a force withdrawn for want of resolve costs nothing after
    assert 0.4 * stays.cost_bn_total < halved.cost_bn_total < 0.6 * stays.cost_bn_total


def test_a_backstop_with_intelligence_only_costs_its_share(no_veto):
    intel, full = no_veto.loc["intel_only"], no_veto.loc["backstop"]
    assert intel.cost_bn_per_year == pytest.approx(0.5) and full.cost_bn_per_year == pytest.approx(4.0)
    assert intel.cost_bn_total < 0.2 * full.cost_bn_total
    assert full.cost_bn_total <= 4.0 * 61 / 12 + 1e-9  # at most every month of the horizon


def test_russia_accepts_a_force_that_leaves_more_often_and_only_when_it_looks_beyond_the_leaving():
    def rates(lookahead: float) -> tuple[float, float]:
        world = {"russia": {"acceptance": {"lookahead_months": lookahead}}}
        scenario = make_scenario(PACKAGES[:2], runs=1500, horizon_months=36, world=world)
        by = run_scenario(scenario).summary.set_index("package")
        return by.loc["stays", "ceasefire_rate"], by.loc["leaves24", "ceasefire_rate"]

    stays, leaves = rates(60)
    assert leaves > stays + 0.05  # over five years the force is there two fifths of the time
    stays, leaves = rates(23)
    assert leaves == stays  # looking no further than the month before it leaves, the same force


def test_foresight_is_the_mean_presence_over_the_lookahead():
    packages = [Package.model_validate(p) for p in PACKAGES[:3]]
    weights = foresight(packages, 3, {}, np.array([12, 24, 48]))
    force = weights["reassurance_force"]
    assert force[0].tolist() == [1.0, 1.0, 1.0]  # no events: in full
    assert force[1].tolist() == pytest.approx([1.0, 23 / 24, 23 / 48])  # gone from month 24
    assert force[2].tolist() == pytest.approx([0.5, 0.5, 0.5])  # half from month 1


def test_from_the_war_russia_prices_a_fixed_month_withdrawal_from_the_month_it_weighs_the_offer():
    from sim.model.foresight import Drift

    packages = [Package.model_validate(p) for p in PACKAGES[:2]]  # stays; leaves at month 24
    tied = Package.model_validate({**PACKAGES[1], "name": "tied", "events": [
        {"component": "reassurance_force", "action": "withdraw", "after_ceasefire": 24}]})  # fmt: skip
    drift = Drift([*packages, tied], ["europe", "us"], 60, np.array([12, 60]), 2)
    static = foresight([*packages, tied], 2, {}, np.array([12, 60]))
    at_0, at_30 = drift.weights(0, static), drift.weights(30, static)
    force = "reassurance_force"
    assert at_0[force][1].tolist() == pytest.approx(static[force][1].tolist())  # month 0: as before
    assert at_30[force][1].tolist() == [0.0, 0.0]  # gone at month 24: from month 30, no force at all
    assert at_30[force][0].tolist() == [1.0, 1.0]  # the force that stays
    assert at_30[force][2].tolist() == at_0[force][2].tolist()  # tied to the ceasefire: priced from it
