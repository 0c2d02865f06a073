"""Russia's uncertainties: capabilities, motives, its calculus and its beliefs about the guarantors.

[S] marks a figure from a public source (see shared DOMAIN.md), [M] an assumption or a calibration
choice of this model.
"""

from __future__ import annotations

from pydantic import Field

from sim.schema.params import Section, Triangular, Uncertain, param


def _tri(low: float, mode: float, high: float) -> Triangular:
    return Triangular(dist="triangular", low=low, mode=mode, high=high)


class PriorResolve(Section):
    """Russia's prior belief (mean of a Beta) that each guarantor fights if attacked."""

    europe: Uncertain = param(
        0.15,
        "probability",
        0,
        1,
        "Prior mean of Europe's resolve as Russia sees it. [M] Low: Moscow's reading that 'Europe "
        "will not have the courage' (Kyiv Independent debate).",
    )
    us: Uncertain = param(
        0.25,
        "probability",
        0,
        1,
        "Prior mean of the US's resolve as Russia sees it. [M] Above Europe's: larger forces, "
        "but 'no ground troops' (Trump, Aug 2025) [S].",
    )
    strength: Uncertain = param(
        4.0,
        "pseudo-observations",
        0.5,
        100,
        "Weight of the prior in Beta counts: 4 means four observed responses move it as much "
        "as the prior. [M] Weak prior, so costly signals and probes matter.",
    )


class RussiaWorld(Section):
    """Russia's capabilities, motives and calculus."""

    initial_power: Uncertain = param(
        0.9,
        "Ukraine's power at the ceasefire = 1",
        0.1,
        3,
        "Military power at the ceasefire. [M] Slightly below Ukraine's defence: the front froze "
        "because neither side could advance (stalemate).",
    )
    max_power: Uncertain = param(
        _tri(1.3, 1.7, 2.2),
        "Ukraine's power at the ceasefire = 1",
        0.5,
        4,
        "Ceiling towards which Russia regenerates. [S] ~700k troops in the war zone and ~30k "
        "recruits a month (DOMAIN.md section 3); spread because industry and recruitment are "
        "uncertain.",
    )
    regeneration_rate: Uncertain = param(
        0.02,
        "per month",
        0.0,
        0.2,
        "Share of the gap to the ceiling closed each month. [M] 0.02: half the gap closes in "
        "~3 years, matching DDIS's 2-5 year horizon for larger wars [S].",
    )
    ambition: Uncertain = param(
        _tri(0.2, 0.7, 1.6),
        "utility units",
        0,
        3,
        "Value Russia puts on further conquest (its maximalist aims). [M] Wide spread across "
        "worlds: heterogeneity is what makes the population hazard fall over time (fact 2).",
    )
    risk_tolerance: Uncertain = param(
        0.5,
        "0-1",
        0,
        1,
        "Weight on costs is 1.5 - risk_tolerance. [M] Mid-range.",
    )
    initial_pressure: Uncertain = param(
        0.6,
        "share of ambition",
        0,
        3,
        "Domestic and momentum pressure at the ceasefire, decaying over months. [S] DDIS (Feb "
        "2025): a local war 'within 6 months' once fighting ends or freezes.",
    )
    pressure_persistence: Uncertain = param(
        0.9,
        "per month",
        0,
        1,
        "Share of pressure kept from one month to the next (AR(1)). [M] Half-life ~6.6 months.",
    )
    pressure_volatility: Uncertain = param(
        0.1,
        "share of ambition",
        0,
        1,
        "Standard deviation of the monthly pressure shock. [M]",
    )
    imposition_grievance: Uncertain = param(
        0.05,
        "share of ambition",
        0,
        0.3,
        "Extra value of attacking when a package is imposed over Russia's objection. [M] Its "
        "size decides whether an imposed force helps: sweep it.",
    )
    temperature: Uncertain = param(
        0.1,
        "utility units",
        0.01,
        1,
        "Logit temperature of Russia's monthly choice (bounded rationality). [M] Sets every "
        "effect size; at 0.1 a 30k force's hazard ratio is a little weaker than Fortna's civil-war "
        "0.25-0.5 [S], which DOMAIN.md says to discount for interstate wars (docs/calibration.md).",
    )
    limited_cost: Uncertain = param(
        0.80,
        "utility units",
        0,
        5,
        "Cost of a limited offensive. [M] Calibrates the no-guarantee base rate: 0.80 gives ~63% "
        "renewed aggression in ten years ('almost half' of interstate wars recur [S]; Russia's "
        "record since 2014 is worse). Sensitive: 0.78 gives 66%, 0.82 gives 60%.",
    )
    full_cost: Uncertain = param(
        0.85,
        "utility units",
        0,
        5,
        "Cost of a full invasion. [M] Above a limited offensive's; 0.85 makes about a quarter of "
        "renewed attacks without a guarantee full invasions (the prototype's 1.0 made almost "
        "none, contradicting DDIS's large-war scenarios).",
    )
    limited_value: Uncertain = param(
        0.45,
        "share of ambition",
        0,
        1,
        "Value of a successful limited offensive relative to a full invasion. [M]",
    )
    limited_threshold: Uncertain = param(
        0.8,
        "force ratio",
        0.1,
        5,
        "Force ratio at which a limited offensive succeeds half the time. [M] Below parity: a "
        "salient can be seized with local superiority.",
    )
    full_threshold: Uncertain = param(
        1.6,
        "force ratio",
        0.1,
        5,
        "Force ratio at which a full invasion succeeds half the time. [M] Attackers need "
        "superiority for a country-wide offensive.",
    )
    success_slope: Uncertain = param(
        3.0,
        "per log force ratio",
        0.1,
        20,
        "Steepness of success in the log force ratio. [M]",
    )
    limited_days: Uncertain = param(
        14.0,
        "days at parity",
        1,
        365,
        "Days to the objective of a limited offensive at parity. [M]",
    )
    full_days: Uncertain = param(
        60.0,
        "days at parity",
        1,
        730,
        "Days to the objective of a full invasion at parity. [S] RAND's Baltic wargames: 36-60 h "
        "for a small theatre; Ukraine is far larger.",
    )
    fait_accompli: Uncertain = param(
        0.6,
        "0-1",
        0,
        1,
        "Share of punishment Russia discounts when it expects a quick win (fait accompli). [S] "
        "Mearsheimer 1983: deterrence fails when a blitzkrieg looks winnable.",
    )
    europe_fight_cost: Uncertain = param(
        0.15,
        "utility units",
        0,
        5,
        "Cost to Russia of Europe fighting it directly (beyond the denial it adds). [M]",
    )
    us_fight_cost: Uncertain = param(
        0.8,
        "utility units",
        0,
        5,
        "Cost to Russia of the US fighting it directly. [M] Large: air power, escalation risk.",
    )
    sanctions_cost: Uncertain = param(
        0.1,
        "utility units",
        0,
        5,
        "Cost to Russia of sanctions snapping back. [M] Small: sanctions did not stop 2022.",
    )
    probe_gain: Uncertain = param(
        0.08,
        "utility units",
        0,
        1,
        "Value of an undetected grey-zone probe. [M]",
    )
    probe_cost: Uncertain = param(
        0.2,
        "utility units",
        0,
        2,
        "Cost of mounting a probe. [M]",
    )
    probe_information_value: Uncertain = param(
        0.25,
        "utility units",
        0,
        2,
        "Value of what a detected probe reveals, scaled by how unsure Russia's beliefs are. [M]",
    )
    probe_response_cost: Uncertain = param(
        0.3,
        "utility units",
        0,
        2,
        "Cost to Russia of a guarantor answering a probe. [M]",
    )
    signal_treaty: Uncertain = param(
        4.0,
        "pseudo-observations",
        0,
        50,
        "Belief counts a ratified treaty adds, at the guarantor's true resolve. [S] Fearon 1997: "
        "tied hands are costly signals; statements alone move nothing.",
    )
    signal_troops: Uncertain = param(
        10.0,
        "pseudo-observations per 30,000 troops",
        0,
        100,
        "Belief counts deployed troops add, in proportion to their size (sunk costs). [M]",
    )
    signal_membership: Uncertain = param(
        8.0,
        "pseudo-observations",
        0,
        100,
        "Belief counts EU or NATO membership adds. [M]",
    )
    signal_monthly: Uncertain = param(
        0.05,
        "pseudo-observations per month",
        0,
        1,
        "Belief counts added each month a guarantor keeps troops, a backstop or paid aid in place. [M]",
    )
    signal_withdrawal: Uncertain = param(
        3.0,
        "pseudo-observations",
        0,
        50,
        "Counts against Europe's resolve when its force withdraws (withdrawal is a signal). [M]",
    )
    probe_undetected: Uncertain = param(
        0.6,
        "probability",
        0,
        1,
        "Chance a probe goes undetected with no monitors or surveillance. [M] Grey-zone action "
        "is deniable; monitors and surveillance lower this.",
    )
    incident_probability: Uncertain = param(
        0.2,
        "probability",
        0,
        1,
        "Chance that answering a probe causes an incident with casualties. [M]",
    )
    imposed_friction: Uncertain = param(
        2.0,
        "multiplier",
        1,
        10,
        "Incidents are this much likelier when the package was imposed over Russia's objection. [M]",
    )
    prior_resolve: PriorResolve = Field(default_factory=PriorResolve)
