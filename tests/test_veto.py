"""Russia's veto: it accepts or rejects the ceasefire by what the package contains and its own
situation; an imposed package comes without its consent and costs a grievance."""

import numpy as np
import pytest

from sim.cli import main
from sim.execution.runner import run_scenario
from tests.helpers import make_scenario, model_of

NONE = {"name": "none"}
FORCE = {"name": "force", "reassurance_force": {"troops": 30000}}
SMALL = {"name": "small", "reassurance_force": {"troops": 3000}}
NATO = {"name": "nato", "nato_membership": True}
EU = {"name": "eu", "eu_membership": True}
MONITORS = {"name": "monitors", "buffer_zone": {"monitors": 5000}}


def accepted(result, package):
    g = result.runs[result.runs["package"] == package].sort_values("world")
    return g["accepted"].to_numpy()


def rates(result, column):
    return result.summary.set_index("package")[column]


@pytest.fixture(scope="module")
def vetoed():
    return run_scenario(make_scenario([NONE, MONITORS, EU, SMALL, FORCE, NATO], runs=4000))


def test_russia_accepts_less_the_more_the_package_holds_of_what_it_refuses(vetoed):
    ceasefire = rates(vetoed, "ceasefire_rate")
    assert ceasefire["none"] == ceasefire["monitors"]  # monitors are no objection (Minsk's OSCE)
    assert ceasefire["none"] > ceasefire["eu"] > ceasefire["small"] > ceasefire["force"] > ceasefire["nato"]
    assert ceasefire["force"] < 0.5 and ceasefire["nato"] < 0.1 and ceasefire["none"] > 0.8


def test_one_draw_per_world_so_a_world_that_accepts_more_accepts_less(vetoed):
    for milder, harsher in (("none", "eu"), ("eu", "small"), ("small", "force"), ("force", "nato")):
        assert not (accepted(vetoed, harsher) & ~accepted(vetoed, milder)).any()


def test_a_rejected_ceasefire_is_no_peace_and_no_war(vetoed):
    runs = vetoed.runs[~vetoed.runs["accepted"]]
    assert len(runs) > 0 and not runs["aggression"].any() and runs["russia_power"].isna().all()
    s = vetoed.summary.set_index("package")
    assert s["peace_rate"].to_numpy() == pytest.approx(
        (s["ceasefire_rate"] * s["deterrence_rate"]).to_numpy()
    )


def test_the_worlds_that_accept_are_the_less_ambitious_so_deterrence_once_accepted_is_higher(vetoed):
    model = model_of([FORCE], {}, n=4000)  # the default world: ambition drawn per world
    ambition = np.asarray(model.params.russia.ambition)
    chance = model.russia.acceptance_chance()[0]
    assert np.corrcoef(ambition, chance)[0, 1] < -0.5
    in_place = run_scenario(make_scenario([NONE, FORCE], runs=4000, russia_veto=False))
    assert rates(vetoed, "deterrence_rate")["force"] > rates(in_place, "deterrence_rate")["force"] + 0.02


def test_a_stronger_russia_accepts_less():
    weak = model_of([FORCE], {"russia": {"initial_power": 0.5}}, n=10).russia.acceptance_chance()
    strong = model_of([FORCE], {"russia": {"initial_power": 2.0}}, n=10).russia.acceptance_chance()
    assert (strong < weak).all()


def test_an_imposed_package_always_has_its_ceasefire_and_costs_a_grievance_by_objection():
    imposed = {**FORCE, "name": "imposed", "imposed": True}
    r = run_scenario(make_scenario([FORCE, imposed], runs=3000))
    assert rates(r, "ceasefire_rate")["imposed"] == 1.0 and rates(r, "ceasefire_rate")["force"] < 0.5
    model = model_of([FORCE, imposed, {**MONITORS, "imposed": True}], n=500)
    grievance = np.broadcast_to(model.russia.cells.grievance, model.shape)
    assert (grievance[0] == 0).all() and (grievance[1] > grievance[2]).all()  # troops offend, monitors barely
    agreed_in_place = run_scenario(make_scenario([FORCE, imposed], runs=3000, russia_veto=False))
    d = rates(agreed_in_place, "deterrence_rate")
    assert d["imposed"] < d["force"]  # the same worlds, the same force: imposition costs deterrence


def test_without_the_veto_every_package_is_in_place():
    r = run_scenario(make_scenario([NONE, NATO], runs=500, russia_veto=False))
    assert (rates(r, "ceasefire_rate") == 1.0).all() and r.runs["accepted"].all()


def test_acceptance_parameters_are_checked_like_any_other(capsys):
    code = main(
        ["run", "scenarios/baseline.yaml", "--runs", "10", "--set", "world.russia.acceptance.nato=-1"]
    )
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1 and "acceptance.nato" in err


def test_sweep_rates_pool_ceasefires_and_sensitivity_says_where_deterrence_is_undefined():
    import pandas as pd

    from sim.present.sweep_figures import parameter_ranking, rate_by_parameter
    from sim.results.sensitivity import half_rates, sobol_table, undefined

    summary = pd.DataFrame(
        {
            "package": ["p"] * 4,
            "x": [0.0, 0.0, 1.0, 1.0],
            "runs": [100, 100, 100, 100],
            "ceasefire_rate": [0.5, 0.1, 1.0, 0.0],
            "deterrence_rate": [0.8, 0.2, 0.5, np.nan],
        }
    )
    line = rate_by_parameter(summary, "x").axes[0].get_lines()[0]
    assert line.get_ydata().tolist() == pytest.approx([(40 + 2) / 60, 0.5])  # pooled over ceasefires
    stats = pd.DataFrame(
        {
            "point": [0],
            "package": ["p"],
            "runs": [100],
            "accepted": [50],
            "deterred": [40],
            "runs_odd": [50],
            "accepted_odd": [20],
            "deterred_odd": [10],
        }  # fmt: skip
    )
    halves = half_rates(stats, "deterrence_rate")  # over each half's ceasefires
    assert (halves["half_a"][0], halves["half_b"][0]) == pytest.approx((10 / 20, 30 / 30))
    halves = half_rates(stats, "peace_rate")  # over each half's worlds
    assert (halves["half_a"][0], halves["half_b"][0]) == pytest.approx((10 / 50, 30 / 50))
    ranked = parameter_ranking(summary.assign(x=[0, 1, 2, 3]), ["x"]).loc["x", "p"]
    assert ranked == pytest.approx(-0.5)  # over the three points with a ceasefire (the fourth has no rate)
    design = pd.DataFrame(
        {
            "point": np.arange(12),
            "package": "p",
            "block": np.repeat(np.arange(3), 4),
            "sample": np.tile(np.arange(4), 3),
        }
    )
    rates = np.linspace(0.1, 0.9, 12)
    rates[5] = np.nan  # no ceasefire at one point
    counts = {k: 10 for k in ("runs", "accepted", "deterred", "runs_odd", "accepted_odd", "deterred_odd")}
    table = sobol_table(design.assign(deterrence_rate=rates, runs=100), design.assign(**counts), ["x"], 4)
    assert table["total"].isna().all() and undefined(table) == ["p"]
