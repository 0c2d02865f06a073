"""The mechanisms of deliberate war: engagement by costly instruments, sanctions at the margin,
warning beyond the decision lag, refitting after the ceasefire, and the record of each attack's utility."""

import numpy as np
import pytest

from sim.schema.world import World
from tests.helpers import FIXED_WORLD, NOTHING, model_of, scripted

FORCE = {"reassurance_force": {"troops": 30000}}


def test_a_weak_guarantors_deployment_raises_russias_belief_less_than_a_strong_ones():
    """A costly signal is read at the guarantor's true resolve: only a resolute one means it."""
    beliefs = {}
    for resolve in (0.1, 0.8):
        world = {**FIXED_WORLD, "europe": {"resolve": resolve}}
        beliefs[resolve] = model_of([{"name": "force", **FORCE}], world).russia.believed("europe")[0, 0]
    prior = World().russia.prior_resolve.europe
    assert beliefs[0.1] < prior < beliefs[0.8]


def test_engagement_grows_with_troops_at_risk_and_with_the_strength_of_a_pledge():
    packages = [
        {"name": "token", "reassurance_force": {"troops": 5000}},
        {"name": "corps", "reassurance_force": {"troops": 60000}},
        {"name": "declaration", "defence_pledge": {"strength": "declaration"}},
        {"name": "agreement", "defence_pledge": {"strength": "agreement"}},
        {"name": "treaty", "defence_pledge": {"strength": "treaty"}},
        {"name": "none"},
    ]
    e = model_of(packages).guarantors["europe"].engagement()[:, 0]
    token, corps, declaration, agreement, treaty, none = e
    assert none == 0 < declaration < agreement < treaty == 1.0
    assert token < corps < 1.0


def test_cheap_talk_fights_seldom_even_at_high_resolve():
    """A guarantor engaged only by an agreement fights with chance engagement x resolve."""
    world = {**FIXED_WORLD, "europe": {"resolve": 0.9, "resolve_volatility": 0.0, "interest": 0.0}}
    model = model_of([{"name": "agreement", "defence_pledge": {}}], world, n=20000)
    europe = model.guarantors["europe"]
    chance = model.warfare.entry_chance(europe, europe.engagement(), 0.0, 1.0, False, 0.0)
    attacked = np.ones(model.shape, dtype=bool)
    fought = europe.fight(model.rng.random(model.shape), attacked, chance)
    assert fought.mean() == pytest.approx(0.25 * 0.9, abs=0.01)


def test_sanctions_snap_back_after_an_incident_not_a_probe_and_then_cost_nothing_more():
    world = {**FIXED_WORLD, "europe": {"resolve": 1.0, "resolve_volatility": 0.0}}
    model = model_of([{"name": "snap", "sanctions_snapback": {"trigger_probability": 1.0}}], world)
    russia = model.russia
    risk_before = russia.sanctions_risk()[0, 0]
    assert risk_before == pytest.approx(russia.believed("europe")[0, 0])  # a promise, at believed resolve
    russia.snap_back(np.zeros((1, 1), bool), np.zeros(1))  # no major violation: a probe is not one
    assert not russia.cells.sanctioned.any()
    russia.snap_back(np.ones((1, 1), bool), np.full(1, 0.99))  # an incident; the EU agrees (1 x 1.0)
    assert russia.cells.sanctioned.all() and russia.sanctions_risk()[0, 0] == 0.0


def test_a_probe_detected_and_ignored_brings_no_sanctions():
    probe = [0.999, 0.0, 0.0, 0.999, 0.999, 0.999, 0.999, 0.0]  # detected, nobody answers
    model = scripted([{"name": "snap", "sanctions_snapback": {}}], [probe, NOTHING])
    model.horizon = 2
    model.run()
    assert model.recorder.trace[0]["action"] == "probe" and model.recorder.trace[0]["detected"]
    assert not model.russia.cells.sanctioned.any()


def test_warning_within_the_decision_lag_does_not_speed_a_reaction():
    zone = {"buffer_zone": {"monitors": 5000}}
    packages = [{"name": "force", **FORCE}, {"name": "force_monitored", **FORCE, **zone}]
    for lag, same in ((10, True), (0, False)):
        world = {**FIXED_WORLD, "europe": {"decision_lag_days": lag}}
        model = model_of(packages, world)
        off = {g: np.zeros((2, 1), bool) for g in model.guarantors}
        reaction = model.theatre(off).reaction["europe"][:, 0]
        assert bool(reaction[0] == reaction[1]) is same, lag


def test_exhausted_units_refit_after_the_ceasefire():
    world = {**FIXED_WORLD, "russia": {**FIXED_WORLD["russia"], "initial_readiness": 0.4}}
    model = scripted([{"name": "none"}], [NOTHING] * 6, world)
    model.horizon = 6
    readiness = []
    for _ in range(6):
        model.step()
        readiness.append(float(model.russia.cells.readiness[0, 0]))
    assert 0.4 < readiness[0] < readiness[-1] < 1.0
    assert readiness == sorted(readiness)


@pytest.mark.parametrize(("ambition", "deliberate"), [(5.0, True), (0.3, False)])
def test_each_first_attack_records_its_utility_and_whether_it_paid(ambition, deliberate):
    """A forced attack by an unambitious Russia is a choice error; an ambitious Russia's pays."""
    world = {**FIXED_WORLD, "russia": {**FIXED_WORLD["russia"], "ambition": ambition}}
    attack = [0.0, 0.999, 0.999, 0.999, 0.999, 0.999, 0.999, 0.999]
    model = scripted([{"name": "none"}], [attack], world)
    out = model.run()
    assert out["aggression"][0, 0]
    assert out["deliberate"][0, 0] == deliberate
    assert (out["attack_utility"][0, 0] > 0) == deliberate


def test_cheap_talk_answers_probes_seldom():
    """A declaration engages Europe at 0.05: it answers a detected probe with chance 0.05 x resolve."""
    world = {**FIXED_WORLD, "europe": {"resolve": 0.8, "resolve_volatility": 0.0}}
    model = model_of([{"name": "declaration", "defence_pledge": {"strength": "declaration"}}], world, n=20000)
    asked = np.ones(model.shape, dtype=bool)
    answered = model.guarantors["europe"].answer(
        model.rng.random(model.shape), asked, model.guarantors["europe"].engagement()
    )
    assert answered.mean() == pytest.approx(0.05 * 0.8, abs=0.005)


def test_troops_holding_a_zone_tire_their_provider_and_signal_every_month():
    zone = {"name": "zone", "buffer_zone": {"armed": True, "armed_troops": 4000}}
    model = scripted([zone], [NOTHING] * 3)
    model.horizon = 3
    alpha = model.russia.cells.alpha["europe"].copy()
    for _ in range(3):
        model.step()
    assert (
        model.guarantors["europe"].cells.deployed.all()
        and (model.guarantors["europe"].cells.fatigue > 0).all()
    )
    assert (model.russia.cells.alpha["europe"] > alpha).all()  # the monthly costly signal of troops kept
