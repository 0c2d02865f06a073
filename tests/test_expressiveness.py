"""What a scenario can say beyond the defaults: defection, partial pledges, power that falls, fatigue
that fades."""

import numpy as np
import pytest

from sim.execution.runner import run_scenario
from tests.helpers import FIXED_WORLD, make_scenario, model_of

PLEDGE = {"name": "pledge", "defence_pledge": {"strength": "treaty"}}


def test_a_guarantor_that_abstains_never_fights_and_russia_knows_it():
    world = {**FIXED_WORLD, "europe": {"resolve": 0.9, "abstention": 1.0, "interest": 0.0}}
    model = model_of([PLEDGE], world, n=500)
    europe = model.guarantors["europe"]
    engaged = europe.engagement()
    chance = model.warfare.entry_chance(europe, engaged, 0.5, 1.0, False, 0.0)
    assert not np.any(chance)  # what it promised counts for nothing (and it has no interest of its own)
    interested = model_of([PLEDGE], {**world, "europe": {"resolve": 0.9, "abstention": 1.0}}, n=500)
    g = interested.guarantors["europe"]
    assert np.all(interested.warfare.entry_chance(g, engaged, 0.5, 1.0, False, 0.0) > 0)
    off = {g: np.zeros(model.shape, dtype=bool) for g in ("europe", "us")}
    automaticity = {"europe": 0.5, "us": 0.0}

    def calculus(m):
        engagement = {"europe": engaged, "us": m.guarantors["us"].engagement()}
        return m.russia.calculus(m.theatre(off), engagement, automaticity, 0.0)

    calc = calculus(model)
    fair_calc = calculus(model_of([PLEDGE], {**world, "europe": {"resolve": 0.9}}, n=500))
    assert (calc.u_limited > fair_calc.u_limited).all()  # an abstaining guarantor deters nothing


def test_abstention_raises_renewed_war_on_the_same_worlds():
    base = make_scenario([PLEDGE], runs=3000)
    split = make_scenario([PLEDGE], runs=3000, world={"europe": {"abstention": 0.8}})
    kept = run_scenario(base).summary["deterrence_rate"].iloc[0]
    lost = run_scenario(split).summary["deterrence_rate"].iloc[0]
    assert lost < kept - 0.02


def test_a_pledge_commits_the_share_it_names():
    half = {"name": "half", "defence_pledge": {"strength": "treaty", "commitment_share": 0.5}}
    engaged = model_of([PLEDGE, half]).guarantors["europe"].engagement()[:, 0]
    assert engaged.tolist() == pytest.approx([1.0, 0.5])


def test_strain_makes_russias_power_fall_towards_its_steady_state():
    world = {**FIXED_WORLD, "russia": {**FIXED_WORLD["russia"], "initial_power": 5.0, "max_power": 1.7,
                                       "strain_rate": 0.02, "regeneration_rate": 0.02}}  # fmt: skip
    model = model_of([{"name": "none"}], world)
    powers = []
    for _ in range(24):
        model.russia.regenerate(np.zeros(1))
        powers.append(float(model.russia.power[0, 0]))
    assert powers == sorted(powers, reverse=True) and powers[-1] > 1.7 * 0.02 / 0.04


def test_power_can_be_set_where_one_side_has_several_times_the_others():
    """Analogues where one side has 3-5 times the other's power fit the declared ranges."""
    world = {"russia": {"initial_power": 5.0, "max_power": 8.0}, "ukraine": {"initial_power": 1.0}}
    assert (
        run_scenario(make_scenario([{"name": "none"}], runs=200, world=world)).summary["runs"].iloc[0] == 200
    )
    world = {"russia": {"initial_power": 0.5, "max_power": 0.8}, "ukraine": {"initial_power": 4.0}}
    assert (
        run_scenario(make_scenario([{"name": "none"}], runs=200, world=world)).summary["runs"].iloc[0] == 200
    )


@pytest.mark.parametrize(("recovery", "fades"), [(0.0, False), (0.05, True)])
def test_fatigue_fades_in_months_without_incidents(recovery, fades):
    world = {
        **FIXED_WORLD,
        "europe": {"resolve": 0.6, "fatigue_recovery": recovery, "resolve_volatility": 0.0},
    }
    model = model_of([{"name": "force", "reassurance_force": {}}], world)
    europe = model.guarantors["europe"]
    europe.cells.fatigue[:] = 1.0
    europe.cells.deployed[:] = False  # no new fatigue: only recovery acts
    for month in range(1, 13):
        europe.politics(month, np.zeros(1))
    assert bool(europe.cells.fatigue[0, 0] < 1.0) is fades
    if fades:
        assert europe.cells.fatigue[0, 0] == pytest.approx((1 - recovery) ** 12)


def test_an_incident_stops_recovery_that_month():
    world = {**FIXED_WORLD, "europe": {"resolve": 0.6, "fatigue_recovery": 0.5}}
    model = model_of([{"name": "force", "reassurance_force": {}}], world)
    europe = model.guarantors["europe"]
    europe.cells.deployed[:] = False
    europe.suffer_incident(np.ones(model.shape, dtype=bool))
    after_incident = europe.cells.fatigue.copy()
    europe.politics(1, np.zeros(1))
    assert europe.cells.fatigue[0, 0] == pytest.approx(after_incident[0, 0])  # no recovery in that month
    europe.politics(2, np.zeros(1))
    assert europe.cells.fatigue[0, 0] == pytest.approx(after_incident[0, 0] * 0.5)


def test_a_sweep_over_a_distributions_mode_redraws_the_parameter_at_each_point(tmp_path):
    """world.russia.ambition.mode moves where ambition lies; worlds still differ around it."""
    from sim.execution.sweep_run import run_sweep
    from tests.helpers import write_sweep

    parameters = {"world.russia.ambition.mode": {"values": [0.4, 2.6]}}
    path = write_sweep(tmp_path, parameters=parameters, runs=600, chunk_size=300)
    summary, _ = run_sweep(path, out=tmp_path / "s", workers=1)
    none = summary[summary["package"] == "none"].set_index("world.russia.ambition.mode")["deterrence_rate"]
    assert none[0.4] > none[2.6] + 0.1  # a more ambitious Russia, in distribution, attacks more
    assert 0.0 < none[2.6] and none[0.4] < 1.0  # worlds still differ: neither all nor none attack


US_FORCE = {"name": "us_force", "reassurance_force": {"troops": 30000, "provider": "us"}}
EU_FORCE = {"name": "eu_force", "reassurance_force": {"troops": 30000}}


def rates(world, packages=(US_FORCE, EU_FORCE), runs=2000):
    summary = run_scenario(make_scenario(list(packages), runs=runs, world=world)).summary
    return summary.set_index("package")["deterrence_rate"]


def test_a_us_provided_force_draws_on_us_resolve_and_a_european_one_on_europes():
    low, high = {"resolve": 0.05}, {"resolve": 0.9}
    us_high = rates({"us": high, "europe": low})
    europe_high = rates({"us": low, "europe": high})
    assert us_high["us_force"] > europe_high["us_force"] + 0.05
    assert europe_high["eu_force"] > us_high["eu_force"] + 0.05


def test_each_provider_of_a_mixed_force_is_engaged_by_its_own_troops():
    mixed = {"name": "mixed", "reassurance_force": {"troops": 30000, "provider": {"europe": 0.5, "us": 0.5}}}
    model = model_of([mixed, US_FORCE])
    half = 15000 / (15000 + 10000)
    assert model.guarantors["europe"].engagement()[:, 0].tolist() == pytest.approx([half, 0.0])
    assert model.guarantors["us"].engagement()[:, 0].tolist() == pytest.approx([half, 0.75])
    assert (
        model.guarantors["us"].cells.deployed[:, 0].all()
        and not model.guarantors["europe"].cells.force_present[1, 0]
    )


def test_us_troops_go_home_when_us_resolve_stays_low():
    world = {**FIXED_WORLD, "us": {"resolve": 0.05, "resolve_volatility": 0.0}}
    model = model_of([US_FORCE], world)
    model.horizon = 8
    for _ in range(8):
        model.step()
    assert (
        model.guarantors["us"].cells.withdrawn.all() and not model.guarantors["us"].cells.force_present.any()
    )
    assert model.recorder.out["force_withdrawn"].all()


@pytest.mark.parametrize(
    ("provider", "message"),
    [
        ("{europe: 0.5, us: 0.6}", "shares must sum to 1"),
        ("{europe: 1.5, us: -0.5}", "must lie in [0, 1]"),
        ("nato", "provider"),
    ],
)
def test_a_malformed_provider_is_refused_in_one_line(provider, message, capsys, tmp_path):
    from sim.cli import main

    path = tmp_path / "bad.yaml"
    path.write_text(f"name: bad\npackages:\n  - name: f\n    reassurance_force: {{provider: {provider}}}\n")
    code = main(["validate", str(path)])
    err = capsys.readouterr().err
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1, err
