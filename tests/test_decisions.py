"""Table-driven tests of the decision rules, with extreme and typical inputs."""

import numpy as np
import pytest

from sim.model import decisions as d


@pytest.mark.parametrize(
    ("engagement", "believed", "auto", "expected"),
    [
        (0.0, 0.9, 0.5, 0.0),  # an unengaged guarantor is never expected to fight
        (1.0, 0.0, 0.0, 0.0),  # no resolve, no automaticity: no fight expected
        (1.0, 0.3, 0.0, 0.3),  # resolve alone, fully engaged
        (0.25, 0.4, 0.0, 0.1),  # cheap talk: engagement x resolve
        (1.0, 0.0, 0.5, 0.5),  # automaticity alone takes the choice away
        (1.0, 0.5, 0.5, 0.75),  # 1 - (1 - 0.5)(1 - 0.5)
        (0.5, 0.5, 0.5, 0.625),  # 1 - (1 - 0.25)(1 - 0.5)
        (1.0, 1.0, 0.2, 1.0),
    ],
)
def test_perceived_fight(engagement, believed, auto, expected):
    assert d.perceived_fight(engagement, believed, auto, 1.0) == pytest.approx(expected)


def test_russia_knows_no_guarantor_fights_with_certainty():
    assert d.perceived_fight(1.0, 0.99, 0.5, 0.98) == pytest.approx(0.98)


def test_fight_probability_is_engagement_times_resolve_and_never_reaches_certainty():
    assert d.fight_probability(1.0, 1.0, 1.0, 0.98) == pytest.approx(0.98)
    assert d.fight_probability(1.0, 0.2, -0.05, 0.98) == pytest.approx(1 - 0.8 * 1.05)
    assert d.fight_probability(0.25, 0.8, 0.0, 0.98) == pytest.approx(0.2)
    assert d.fight_probability(0.0, 1.0, 1.0, 0.98) == 0.0
    # a guarantor that may abstain fights only in the share of cases it does not, and Russia knows it
    assert d.fight_probability(1.0, 1.0, 1.0, 0.98, 0.5) == pytest.approx(0.49)
    assert d.perceived_fight(1.0, 1.0, 1.0, 0.98, 0.5) == pytest.approx(0.49)


def test_troops_at_risk_engage_with_diminishing_returns():
    five, thirty, sixty = d.engagement_of_troops(np.array([5000.0, 30000.0, 60000.0]), 10000.0)
    assert five == pytest.approx(1 / 3) and thirty == pytest.approx(0.75)
    assert sixty - thirty < thirty - five and d.engagement_of_troops(0.0, 10000.0) == 0.0


def test_warning_shortens_a_reaction_only_beyond_the_decision_lag():
    assert d.effective_warning(8.0, 10.0) == 0.0  # a week's warning, a ten-day decision: nothing
    assert d.effective_warning(15.0, 10.0) == pytest.approx(5.0)
    assert d.effective_warning(np.array([3.0, 30.0]), 0.0).tolist() == [3.0, 30.0]


@pytest.mark.parametrize(
    ("ratio", "threshold", "penalty", "expected"),
    [
        (1.0, 1.0, 0.0, 0.5),  # at the threshold ratio, half the offensives succeed
        (2.0, 1.0, 0.0, 1 / (1 + 2.0**-3)),  # slope 3 in the log ratio
        (1.0, 1.0, 1.0, 1 / (1 + np.e)),  # a penalty lowers the log-odds by itself
        (0.5, 1.0, 0.0, 1 / (1 + 2.0**3)),
    ],
)
def test_success_probability(ratio, threshold, penalty, expected):
    got = d.success_probability(ratio, 1.0, threshold, 3.0, penalty)
    assert got == pytest.approx(expected)


def test_reach_share_arriving_in_time():
    assert d.reach(10.0, 0.0) == 1.0  # already there
    assert d.reach(10.0, 10.0) == pytest.approx(0.5)
    assert d.reach(10.0, -5.0) == 1.0  # warning beyond reaction time cannot help more than presence
    assert d.reach(1.0, 99.0) == pytest.approx(0.01)


def test_attack_utility_denial_and_punishment():
    base = dict(value=1.0, motive=1.0, cost=0.5, fait_accompli=0.6, cost_weight=1.0)
    # a sure quick win discounts punishment by the fait-accompli share
    assert d.attack_utility(1.0, punishment=1.0, **base) == pytest.approx(1.0 - (0.5 + 0.4))
    # a hopeless offensive pays cost and full punishment
    assert d.attack_utility(0.0, punishment=1.0, **base) == pytest.approx(-1.5)
    # more punishment never raises utility
    low = d.attack_utility(0.5, punishment=0.1, **base)
    high = d.attack_utility(0.5, punishment=0.9, **base)
    assert high < low


def test_nested_choice_probabilities():
    p_lim, p_full, p_probe = d.nested_choice(np.array(0.0), np.array(0.0), np.array(0.0), 1.0, 1.0)
    assert (p_lim, p_full) == (pytest.approx(1 / 3), pytest.approx(1 / 3))
    assert p_probe == pytest.approx(0.5)
    # very negative utilities: no attack; a cold temperature makes the choice almost certain
    p_lim, p_full, _ = d.nested_choice(np.array(-1.0), np.array(-2.0), np.array(0.0), 0.01, 0.1)
    assert p_lim < 1e-30 and p_full < 1e-30
    # no overflow for huge utilities
    p_lim, p_full, _ = d.nested_choice(np.array(500.0), np.array(-5.0), np.array(0.0), 0.01, 0.1)
    assert p_lim == pytest.approx(1.0) and np.isfinite(p_full)
    # the probe has its own temperature
    _, _, cold = d.nested_choice(np.array(-1.0), np.array(-1.0), np.array(0.05), 1.0, 0.01)
    _, _, warm = d.nested_choice(np.array(-1.0), np.array(-1.0), np.array(0.05), 1.0, 1.0)
    assert cold == pytest.approx(d.expit(5.0)) and warm == pytest.approx(d.expit(0.05))


def test_nested_choice_probe_does_not_leak_into_attacks():
    """Making probes worse changes no attack probability (the point of nesting)."""
    a = d.nested_choice(np.array(-0.1), np.array(-0.2), np.array(0.5), 0.1, 0.1)
    b = d.nested_choice(np.array(-0.1), np.array(-0.2), np.array(-5.0), 0.1, 0.1)
    assert a[0] == b[0] and a[1] == b[1] and b[2] < a[2]


def test_belief_update_counts_answers_for_and_silence_against():
    alpha, beta = np.array([1.0, 1.0, 1.0]), np.array([3.0, 3.0, 3.0])
    observed = np.array([True, True, False])
    responded = np.array([True, False, True])
    a, b = d.update_beliefs(alpha, beta, observed, responded)
    # a loosely engaged guarantor's silence counts only as much as it engaged
    _, loose = d.update_beliefs(alpha, beta, observed, responded, 0.25)
    assert loose.tolist() == [3.0, 3.25, 3.0]
    assert a.tolist() == [2.0, 1.0, 1.0]
    assert b.tolist() == [3.0, 4.0, 3.0]
    assert d.believed_resolve(a, b).tolist() == pytest.approx([0.4, 0.2, 0.25])


def test_belief_uncertainty_is_one_for_uniform_and_shrinks_with_evidence():
    assert d.belief_uncertainty(1.0, 1.0) == pytest.approx(1.0)
    assert d.belief_uncertainty(10.0, 10.0) < d.belief_uncertainty(2.0, 2.0) < 1.0


def test_detection_rises_with_monitors_and_surveillance():
    none = d.detection_probability(0.6, 0.0, 5000.0, 0.0, 0.5)
    assert none == pytest.approx(0.4)
    assert d.detection_probability(0.6, 5000.0, 5000.0, 0.0, 0.5) == pytest.approx(1 - 0.6 / np.e)
    assert d.detection_probability(0.6, 2000.0, 1000.0, 0.0, 0.5) == pytest.approx(1 - 0.6 / np.e**2)
    assert d.detection_probability(0.6, 0.0, 5000.0, 1.0, 0.5) == pytest.approx(0.7)
    assert d.detection_probability(0.6, 0.0, 5000.0, 1.0, 1.0) == pytest.approx(1.0)


def test_drift_resolve_reverts_to_baseline_less_fatigue():
    x = d.drift_resolve(np.array(0.0), 1.0, 0.5, 0.1, 0.0, 0.0)
    assert x == pytest.approx(0.05)
    assert d.drift_resolve(np.array(0.5), 1.0, 0.5, 0.1, 2.0, 0.0) == pytest.approx(0.5)
