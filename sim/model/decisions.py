"""Decision rules: pure functions of numpy arrays, where the social science lives.

Nothing here knows of Mesa, files or YAML. Every argument broadcasts: a parameter may be a scalar, an
array over worlds (n,), or over packages and worlds (P, n). The formulas are those of docs/model.md
("Submodels").
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np
from scipy.special import expit, logit

__all__ = ["expit", "logit"]

SD_UNIFORM = np.sqrt(1 / 12)


class Action(IntEnum):
    """Russia's monthly choice."""

    COMPLY = 0
    PROBE = 1
    LIMITED = 2
    FULL = 3


def drift_resolve(x, baseline, fatigue, reversion, volatility, shock):
    """Move resolve on the logit scale: mean-reverting to its baseline less fatigue, plus noise."""
    return x + reversion * (baseline - fatigue - x) + volatility * shock


def believed_resolve(alpha, beta):
    """Russia's point estimate of a guarantor's resolve: the mean of its Beta belief."""
    return alpha / (alpha + beta)


def belief_uncertainty(alpha, beta):
    """Standard deviation of a Beta belief relative to a uniform belief's (1 = knows nothing)."""
    total = alpha + beta
    return np.sqrt(alpha * beta / (total * total * (total + 1))) / SD_UNIFORM


def combine(*probabilities):
    """Chance that at least one of several independent mechanisms takes the choice away."""
    if not probabilities:
        return 0.0
    out = 1.0 - probabilities[0]  # (the same numbers as 1 × (1 − p), one pass fewer)
    for p in probabilities[1:]:
        out = out * (1 - p)
    return 1 - out


def fight_probability(engagement, resolve, automaticity, cap, abstention=0.0):
    """Chance an engaged guarantor fights: [1 − (1 − e·r)(1 − a)], at most `cap`, × (1 − abstention).

    Engagement e (0-1) is how far the guarantor's instruments tie it: cheap talk little, a ratified
    treaty or troops at risk much (Fearon 1997); a guarantor that abstains stays out whatever binds it.
    With its true resolve r this is what the guarantor does; with the resolve Russia believes, what
    Russia expects (it prices a promise as the guarantor keeps it).
    """
    bound = (engagement > 0) * np.clip(combine(engagement * resolve, automaticity), 0.0, cap)
    if np.ndim(abstention) == 0 and abstention == 0:
        return bound  # the same numbers as × 1, without the pass over every cell
    return bound * (1 - abstention)


def perceived_fight(engagement, believed, automaticity, cap, abstention=0.0):
    """Russia's believed chance a guarantor fights: `fight_probability` at its believed resolve."""
    return fight_probability(engagement, believed, automaticity, cap, abstention)


def engagement_of_troops(troops, half_troops):
    """How far troops at risk engage their guarantor: troops / (troops + half_troops)."""
    return troops / (troops + half_troops)


def effective_warning(warning_days, decision_lag_days):
    """Days of warning that shorten a reaction: only those beyond the decision lag (Betts 1982)."""
    return np.maximum(warning_days - decision_lag_days, 0.0)


def reach(days_to_objective, reaction_days):
    """Share of a guarantor's force that arrives before the objective falls."""
    return days_to_objective / (days_to_objective + np.maximum(reaction_days, 0.0))


def success_probability(attack_power, defence, threshold, slope, penalty):
    """Chance an offensive takes its objective: logistic in the log force ratio, less penalties."""
    return expit(slope * (np.log(attack_power / defence) - np.log(threshold)) - penalty)


def attack_utility(success, value, motive, cost, punishment, fait_accompli, cost_weight):
    """Expected utility of an offensive against complying (0).

    success × value × motive − cost_weight × [cost + punishment × (1 − fait_accompli × success)]:
    denial works through `success`, punishment through `punishment`, which a quick win discounts.
    """
    return success * value * motive - cost_weight * (cost + punishment * (1 - fait_accompli * success))


def probe_utility(detect, gain, cost, information, response_threat, cost_weight):
    """Expected utility of a grey-zone probe: undetected gain, minus cost, plus what it reveals.

    information: value of learning (scaled by belief uncertainty over committed guarantors);
    response_threat: the believed cost of being answered if detected.
    """
    return (1 - detect) * gain - cost + detect * (information - cost_weight * response_threat)


def nested_choice(u_limited, u_full, u_probe, temperature, probe_temperature):
    """Probabilities of limited offensive, full invasion, and probe-if-not-attacking.

    First attack (limited / full) or not, by a logit over utilities (complying is 0) whose small
    temperature is the choice error; then, if not attacking, probe or comply, by a logit of its own
    temperature (probing is a mixed strategy of the grey zone). Nesting keeps a cheaper probe from
    leaking into attacks.
    """
    top = np.maximum(np.maximum(u_limited, u_full), 0.0)
    e_lim = np.exp((u_limited - top) / temperature)
    e_full = np.exp((u_full - top) / temperature)
    e_none = np.exp(-top / temperature)
    total = e_lim + e_full + e_none
    return e_lim / total, e_full / total, expit(u_probe / probe_temperature)


def detection_probability(undetected, monitors, monitor_scale, surveillance, surveillance_detection):
    """Chance a probe is detected: monitors and surveillance shrink the undetected share."""
    return 1 - undetected * np.exp(-monitors / monitor_scale) * (1 - surveillance_detection * surveillance)


def update_beliefs(alpha, beta, observed, responded, engagement=1.0):
    """Update a Beta belief about resolve r from a probe answered with chance engagement × r.

    An answer counts one observation for (its likelihood is proportional to r whatever the
    engagement); a silence counts `engagement` against (approximately: a loosely engaged
    guarantor's silence says little about its resolve). With engagement 1 this is Bayes' rule.
    """
    return alpha + (observed & responded), beta + (observed & ~responded) * engagement


def acceptance_probability(base, objection, ambition, ambition_weight, power, power_weight):
    """Chance Russia accepts a ceasefire with a package: logistic in what it objects to and its situation.

    logit P = base − objection − ambition_weight × ln(ambition) − power_weight × ln(power): the more
    the package contains of what Russia refuses, the more it values further conquest and the
    stronger it stands at the ceasefire, the likelier it fights on (Fearon 1995).
    """
    ambition = np.maximum(ambition, 1e-6)
    return expit(base - objection - ambition_weight * np.log(ambition) - power_weight * np.log(power))


# ---------------------------------------------------------------------- the renewed war
# (docs/model.md, "The renewed war"; every argument broadcasts, as above)


def interest_pull(weight, interest, resolve, threat, nuclear_shadow):
    """Chance a guarantor enters a war for its own interests, no treaty needed.

    weight × interest × resolve × threat × (1 − nuclear_shadow): interested powers fought in Korea,
    Kuwait and the Falklands without a treaty; against a nuclear-armed attacker most of that pull goes.
    """
    return weight * interest * resolve * threat * (1 - nuclear_shadow)


def war_entry(bound, interest, allied=0.0, restraint=0.0):
    """Chance a guarantor is in a war this month: what binds it, its interest, its allies, less restraint.

    Three routes in, any one suffices (`combine`), and nuclear threats take away the share `restraint`.
    """
    return combine(bound, interest, allied) * (1 - restraint)


def front_change(rate, intensity, attack, defence, noise, shock, most):
    """The front's monthly movement in positional war, in % of Ukraine (positive: Russia gains).

    rate × intensity × ln(attack / defence), plus noise, within ± most × intensity: attrition moves the
    front slowly, towards the stronger side.
    """
    trend = rate * intensity * np.log(attack / defence) + noise * intensity * shock
    return np.clip(trend, -most * intensity, most * intensity)


def war_losses(attrition, intensity, attack, defence, exchange_ratio):
    """Power each side loses in a month of war (Lanchester's square law: losses grow with the enemy).

    Returns (the attacker's loss, the defenders' loss): attrition × intensity × defence, and
    attrition × intensity × attack / exchange_ratio.
    """
    scale = attrition * intensity
    return scale * defence, scale * attack / exchange_ratio


def casualty_fatigue(weight, aversion, before, after, scale, winning, relief):
    """Resolve (logit) lost to a guarantor's own casualties this month: concave in the total (Mueller).

    weight × aversion × [ln(1 + after/scale) − ln(1 + before/scale)], less the share `relief` in a
    month the war goes its way.
    """
    step = np.log1p(after / scale) - np.log1p(before / scale)
    return weight * aversion * step * (1 - relief * winning)


def war_end_probability(base, convergence, months, costs, casualties, decisive, momentum, gaining):
    """Chance a war ends in a ceasefire this month (the bargaining view of war termination).

    logistic(base + convergence × ln(months) + costs × ln(1 + casualties / 100k) + decisive − momentum
    × gaining): fighting reveals the balance, costs mount, a clear outcome ends it, momentum prolongs it.
    """
    logit_p = (
        base
        + convergence * np.log(np.maximum(months, 1))
        + costs * np.log1p(casualties / 100.0)
        + decisive
        - momentum * gaining
    )
    return expit(logit_p)


# ---------------------------------------------------------------------- the road to a ceasefire
# (docs/model.md, "The road to a ceasefire"; start: war)


def russia_accepts(base, convergence, age, costs, casualties, economy, years, claim, unmet, momentum,
                   gaining, objection, ambition_weight, ambition, power_weight, force_ratio):  # fmt: skip
    """Chance Russia accepts the offer on the table this month (the bargaining view of war termination).

    logistic(base + convergence × ln(months of war) + costs × ln(1 + casualties / 100k) + economy ×
    years − claim × unmet − momentum × gaining − objection − ambition_weight × ln(ambition) −
    power_weight × ln(force ratio)): fighting reveals the balance and costs mount (Slantchev 2003;
    Filson & Werner 2002), a claim unmet and momentum keep it fighting (Goemans 2000), and what the
    offer contains is what it refuses (Fearon 1995; Powell 2006).
    """
    logit_p = (
        base
        + convergence * np.log(np.maximum(age, 1))
        + costs * np.log1p(casualties / 100.0)
        + economy * years
        - claim * unmet
        - momentum * gaining
        - objection
        - ambition_weight * np.log(np.maximum(ambition, 1e-6))
        - power_weight * np.log(np.maximum(force_ratio, 1e-6))
    )
    return expit(logit_p)


def ukraine_accepts(base, guarantee, protection, costs, casualties, momentum, gaining, concessions):
    """Chance Ukraine accepts the offer on the table this month.

    logistic(base + guarantee × protection + costs × ln(1 + casualties / 100k) − momentum × gaining −
    concessions): it takes a ceasefire it believes the guarantors would defend (its commitment problem,
    Walter 2002), more as its losses mount, less while it gains ground or is asked to concede.
    """
    logit_p = base + guarantee * protection + costs * np.log1p(casualties / 100.0) - momentum * gaining
    return expit(logit_p - concessions)
