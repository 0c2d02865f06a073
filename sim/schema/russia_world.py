"""Russia's uncertainties: capabilities, motives, its calculus and its beliefs about the guarantors.

[S] marks a figure from a public source (see docs/domain.md), [M] an assumption or a calibration
choice of this model.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field, model_validator

from sim.schema.acceptance import Acceptance
from sim.schema.params import Section, Triangular, Uncertain, param
from sim.schema.parties import FightCost, PerParty, PriorResolve


def _tri(low: float, mode: float, high: float) -> Triangular:
    return Triangular(dist="triangular", low=low, mode=mode, high=high)


class RussiaWorld(Section):
    """Russia's capabilities, motives and calculus."""

    RENAMED: ClassVar[dict[str, str]] = {"risk_tolerance": "cost_weight (= 1.5 - risk_tolerance)"}
    """Fields renamed, with what replaces them: a clear error at the old name, not a silent change."""

    ALIASES: ClassVar[dict[str, tuple[str, str]]] = {
        "europe_fight_cost": ("fight_cost", "europe"),
        "us_fight_cost": ("fight_cost", "us"),
    }
    """Older spellings that still work, with the field and key they stand for."""

    @model_validator(mode="before")
    @classmethod
    def _renamed(cls, data: Any) -> Any:
        for old in cls.RENAMED.keys() & (data.keys() if isinstance(data, dict) else set()):
            raise ValueError(f"world.russia.{old} was renamed: use world.russia.{cls.RENAMED[old]}")
        return fold_aliases(data) if isinstance(data, dict) else data

    initial_power: Uncertain = param(
        0.9,
        "Ukraine's power at the ceasefire = 1",
        0.1,
        10,
        "Military power at the ceasefire. [M] Slightly below Ukraine's defence: the front froze "
        "because neither side could advance (stalemate).",
    )
    initial_readiness: Uncertain = param(
        0.5,
        "share of power",
        0.05,
        1,
        "Share of its power Russia could put into a new offensive at the ceasefire: units worn out "
        "by the war must rest and refit first. [M]",
    )
    readiness_recovery: Uncertain = param(
        0.25,
        "per month",
        0.01,
        1,
        "Share of the readiness gap closed each month as units refit (operational pause). [S] "
        "CSIS/Jensen 2025: larger ceasefire failures come 65-193 days after the ceasefire; DDIS: "
        "a local war within 6 months. 0.25 closes 90% of the gap in 8 months.",
    )
    max_power: Uncertain = param(
        _tri(1.3, 1.7, 2.2),
        "Ukraine's power at the ceasefire = 1",
        0.1,
        20,
        "Ceiling towards which Russia regenerates. [S] ~700k troops in the war zone and ~30k "
        "recruits a month (docs/domain.md section 3); spread because industry and recruitment are "
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
    strain_rate: Uncertain = param(
        0.0,
        "per month",
        0,
        0.2,
        "Share of its power Russia loses each month to economic strain and demobilisation, against "
        "regeneration: power settles at regeneration × ceiling / (regeneration + strain), and falls "
        "when it stands above that. [M] 0: the default Russia rebuilds (DDIS); set it for a war "
        "economy that cannot last.",
    )
    ambition: Uncertain = param(
        _tri(0.3, 1.0, 3.0),
        "utility units",
        0,
        5,
        "Value Russia puts on further conquest (its maximalist aims), private to Russia and "
        "persistent: drawn once per world. [M] Wide and right-skewed: most worlds value more war "
        "too little to pay its cost, a few very much; the ambitious attack first, so the hazard falls "
        "as the peace lasts (selection, Fortna's Peace Time; fact 2).",
    )
    cost_weight: Uncertain = param(
        1.0,
        "weight",
        0.1,
        3,
        "Weight Russia puts on the costs and punishments of an offensive against its gains (1: as "
        "they come; above 1: risk-averse). [M] Neutral. Replaces risk_tolerance (cost_weight = "
        "1.5 - risk_tolerance).",
    )
    initial_pressure: Uncertain = param(
        1.0,
        "share of ambition",
        0,
        3,
        "Domestic and momentum pressure at the ceasefire (unfinished business), fading with "
        "pressure_persistence. [S] DDIS (Feb 2025): a local war 'within 6 months' once fighting ends "
        "or freezes. [M] 1.0: at the ceasefire the motive is twice its settled level.",
    )
    pressure_persistence: Uncertain = param(
        0.95,
        "per month",
        0,
        1,
        "Share of pressure kept from one month to the next (AR(1)): shocks to Russia's motive "
        "move slowly, so a window of opportunity lasts months. [M] Half-life ~13.5 months.",
    )
    pressure_volatility: Uncertain = param(
        0.1,
        "share of ambition",
        0,
        1,
        "Standard deviation of the monthly pressure shock. [M]",
    )
    imposition_grievance: Uncertain = param(
        0.2,
        "share of ambition at full objection",
        0,
        1,
        "Extra value of attacking when a package is imposed over Russia's objection, × the share "
        "of worlds in which Russia would have rejected it (1 − its acceptance): imposing what "
        "Russia barely minds costs little. [S] Werner & Yuen 2005: ceasefires that come of "
        "third-party pressure fail more often; against it, Fortna 2008: consent-based and "
        "enforcement missions are equally effective. [M] 0.2: its size decides whether an imposed "
        "force helps, so sweep it.",
    )
    temperature: Uncertain = param(
        0.01,
        "utility units",
        0.001,
        1,
        "Logit temperature of Russia's monthly choice to attack: its choice error. [M] Small, so "
        "that renewed war is chosen where it pays under Russia's beliefs (Fearon 1995), not drawn "
        "from noise; halving or doubling it moves little (docs/calibration.md).",
    )
    probe_temperature: Uncertain = param(
        0.1,
        "utility units",
        0.001,
        1,
        "Logit temperature of the choice to probe or comply. [M] Grey-zone probing is a mixed "
        "strategy: larger than the attack's, so probes come and go.",
    )
    limited_cost: Uncertain = param(
        _tri(0.3, 0.65, 1.2),
        "utility units",
        0,
        5,
        "Cost Russia expects of a limited offensive (losses, mobilisation, isolation), private and "
        "drawn once per world. [M] With ambition, calibrates the no-guarantee base rate jointly "
        "against Fortna's 'almost half' and Russia's record since 2014 (docs/calibration.md).",
    )
    full_cost: Uncertain = param(
        0.85,
        "utility units",
        0,
        5,
        "Cost of a full invasion (a second national mobilisation). [M] Above a typical limited "
        "offensive's, so most renewed attacks are limited ones, as after 2014, when Russia first "
        "fought limited, deniable offensives.",
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
    fight_cost: FightCost = Field(default_factory=FightCost)
    sanctions_cost: Uncertain = param(
        0.1,
        "utility units",
        0,
        5,
        "Cost to Russia of sanctions snapping back; Russia weighs it at the chance they come back "
        "and only while they are not back already. [M] Small: sanctions did not stop 2022.",
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
        "pseudo-observations at full engagement",
        0,
        100,
        "Belief counts troops at risk add (sunk costs): this × the engagement of their number, "
        "troops / (troops + engagement_half_troops), so 30,000 add 7.5 at the defaults. [M]",
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
    acceptance: Acceptance = Field(default_factory=Acceptance)


def fold_aliases(data: dict) -> dict:
    """Russia's parameters with the older spellings (`europe_fight_cost`) moved to their new place.

    Refuses a parameter given in both spellings.
    """
    if not RussiaWorld.ALIASES.keys() & data.keys():
        return data
    data = dict(data)
    for old in [k for k in RussiaWorld.ALIASES if k in data]:
        section, key = RussiaWorld.ALIASES[old]
        into = data.get(section)
        into = dict(into) if isinstance(into, dict) else {}
        if key in into:
            raise ValueError(
                f"world.russia.{old} and world.russia.{section}.{key} are the same parameter, "
                "set twice: keep one"
            )
        into[key] = data.pop(old)
        data[section] = into
    return data


__all__ = ["FightCost", "PerParty", "PriorResolve", "RussiaWorld", "fold_aliases"]
