"""Properties over the parameter ranges (Hypothesis)."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.execution.runner import run_scenario
from tests.helpers import make_scenario

PACKAGES = [
    {"name": "pledge", "defence_pledge": {"parties": ["europe", "us"]}},
    {"name": "force", "reassurance_force": {"troops": 15000, "posture": "tripwire"}, "imposed": True},
    {
        "name": "combined",
        "reassurance_force": {},
        "us_backstop": {},
        "buffer_zone": {"armed": True},
        "arms_support": {},
        "sanctions_snapback": True,
        "defence_pledge": {"strength": "treaty"},
    },
]
unit = st.floats(0.0, 1.0)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(low=st.floats(0.02, 0.7), step=st.floats(0.1, 0.3), guarantor=st.sampled_from(["europe", "us"]))
def test_more_resolve_never_deters_significantly_less(low, step, guarantor):
    """On the same seeds, raising a guarantor's resolve does not lower the deterrence rate."""
    rates = []
    for resolve in (low, min(low + step, 0.99)):
        world = {guarantor: {"resolve": resolve}}
        scenario = make_scenario(PACKAGES, runs=1500, seed=3, world=world)
        rates.append(run_scenario(scenario).runs.sort_values(["package", "world"]))
    lower, higher = rates
    for name in ("pledge", "force", "combined"):
        a = ~lower[lower.package == name]["aggression"].to_numpy()
        b = ~higher[higher.package == name]["aggression"].to_numpy()
        diff = b.astype(float) - a.astype(float)
        half = 1.96 * diff.std(ddof=1) / np.sqrt(diff.size) if diff.std() > 0 else 0.0
        assert diff.mean() + half >= 0, (name, diff.mean(), half)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    e_resolve=unit,
    us_resolve=unit,
    aversion=unit,
    grievance=st.floats(0, 0.3),
    ambition=st.floats(0, 3),
    regen=st.floats(0, 0.2),
    temperature=st.floats(0.01, 1),
    risk=unit,
    prior=unit,
    initial=st.floats(0.1, 3),
)
def test_no_nan_or_out_of_range_anywhere(
    e_resolve, us_resolve, aversion, grievance, ambition, regen, temperature, risk, prior, initial
):
    world = {
        "europe": {"resolve": e_resolve, "casualty_aversion": aversion},
        "us": {"resolve": us_resolve},
        "russia": {
            "imposition_grievance": grievance,
            "ambition": ambition,
            "regeneration_rate": regen,
            "temperature": temperature,
            "cost_weight": 0.5 + risk,
            "initial_power": initial,
            "prior_resolve": {"europe": prior, "us": prior},
        },
    }
    result = run_scenario(make_scenario(PACKAGES, runs=200, seed=1, world=world, horizon_months=36))
    runs, summary = result.runs[result.runs.accepted], result.summary
    assert result.runs.loc[~result.runs.accepted, "russia_power"].isna().all()  # no ceasefire, no after
    for col in ("belief_europe", "belief_us", "resolve_europe", "resolve_us"):
        assert runs[col].between(0, 1).all(), col
    assert np.isfinite(runs[["russia_power", "ukraine_power"]].to_numpy()).all()
    assert (runs["russia_power"] > 0).all() and (runs["ukraine_power"] > 0).all()
    months = runs.loc[runs.aggression, "month"]
    assert months.between(1, 36).all() and runs.loc[~runs.aggression, "month"].isna().all()
    assert (runs["probes"] >= 0).all() and (runs["incidents"] <= runs["probes"]).all()
    assert summary.peace_rate.le(summary.ceasefire_rate).all() and summary.ceasefire_rate.between(0, 1).all()
    held = summary[summary.ceasefire_rate > 0]  # rates over ceasefires are missing where there were none
    assert summary.loc[summary.ceasefire_rate == 0, "deterrence_rate"].isna().all()
    for col in ("deterrence_rate", "ci_low", "ci_high", "direct_war_rate", "russia_gain_rate"):
        assert held[col].between(0, 1).all(), col
    assert (held.ci_low <= held.deterrence_rate).all()
    assert (held.deterrence_rate <= held.ci_high).all()
    assert held.rmst_months.between(0, 36).all()
