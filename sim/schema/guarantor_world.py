"""A guarantor's uncertainties: its politics and forces, and the defaults of Europe and the US.

A scenario's guarantors are parties keyed by name (`world.guarantors`, `sim/schema/world.py`); each
party's parameters are a `GuarantorWorld`, with Europe's and the US's own defaults in `EuropeWorld` and
`UsWorld`. [S] marks a figure from a public source (see docs/domain.md), [M] an assumption or a
calibration choice of this model.
"""

from __future__ import annotations

from sim.schema.params import Section, Uncertain, param


class GuarantorWorld(Section):
    """A guarantor's politics and forces: the defaults of a party the scenario adds."""

    resolve: Uncertain = param(
        0.5,
        "probability",
        0,
        1,
        "Baseline chance the guarantor honours its commitment now.",
    )
    casualty_aversion: Uncertain = param(
        0.5,
        "0-1",
        0,
        1,
        "How much deployments and incidents erode resolve. [S] 'Casualties are a political "
        "liability' (debate); tripwire survey experiments find weak rally effects.",
    )
    election_interval_months: Uncertain = param(
        30,
        "months",
        1,
        240,
        "Months between elections that re-draw the resolve baseline.",
        whole=True,
    )
    first_election_month: Uncertain = param(
        30,
        "months after the ceasefire",
        1,
        240,
        "Month of the first election.",
        whole=True,
    )
    election_shift_sd: Uncertain = param(
        0.5,
        "logit units",
        0,
        3,
        "Standard deviation of the baseline shift at an election.",
    )
    stance_change_chance: Uncertain = param(
        0.0,
        "probability",
        0,
        1,
        "Chance an election brings a government of another stance on the guarantee (its baseline moves "
        "by stance_change_shift until the next election). [S] Pilster, Böhmelt & Tago 2015: leadership "
        "turnover precedes premature exits from coalitions; Spain 2004. [M] 0 unless a member's data "
        "says otherwise.",
    )
    stance_change_shift: Uncertain = param(
        0.0,
        "logit units",
        -5,
        5,
        "How far such a government moves the resolve baseline (negative: less willing). [M] Per member "
        "in sim/schema/data/coalition.yaml.",
    )
    resolve_reversion: Uncertain = param(
        0.08,
        "per month",
        0,
        1,
        "Pull of resolve (logit scale) back to its baseline each month. [M]",
    )
    resolve_volatility: Uncertain = param(
        0.15,
        "logit units per month",
        0,
        2,
        "Monthly noise of resolve (logit scale). [M]",
    )
    fatigue_rate: Uncertain = param(
        0.004,
        "logit units per month",
        0,
        0.1,
        "Resolve lost each month a force or backstop is deployed, times casualty aversion. [M]",
    )
    incident_fatigue: Uncertain = param(
        0.05,
        "logit units per incident",
        0,
        1,
        "Resolve lost per incident with Russian forces, times casualty aversion. [M]",
    )
    fatigue_recovery: Uncertain = param(
        0.02,
        "per month",
        0,
        1,
        "Share of fatigue that fades in each month without an incident: a deployment that costs "
        "nothing becomes normal. [S] US garrisons in Korea (since 1953) and Germany lasted decades. "
        "[M] 0.02: half of it fades in about three years.",
    )
    abstention: Uncertain = param(
        0.0,
        "probability",
        0,
        1,
        "Chance the guarantor abstains when an attack comes whatever its resolve or commitments "
        "(divergent interests, e.g. a treaty partner that is party to the dispute); Russia knows "
        "it. [S] Cyprus 1974: guarantors of the 1960 treaty did not act, one invaded. [M] 0.",
    )
    funding_threshold: Uncertain = param(
        0.25,
        "probability",
        0,
        1,
        "Resolve below which funding and backstop pause (aid fatigue), month by month. [M]",
    )
    reaction_days: Uncertain = param(
        30,
        "days",
        0,
        365,
        "Days for the guarantor's forces outside Ukraine to arrive and fight.",
    )
    decision_lag_days: Uncertain = param(
        10,
        "days",
        0,
        120,
        "Days between warning of an offensive and a decision to act on it: warning shortens the "
        "reaction only beyond this lag. [S] Betts, Surprise Attack (1982): warning is usually "
        "available, decisions lag it. [M] 10 days for a coalition that must consult.",
    )
    fight_cap: Uncertain = param(
        0.98,
        "probability",
        0,
        1,
        "Highest chance the guarantor fights an attack, whatever binds it: no commitment takes the "
        "choice away entirely. [M]",
    )
    engagement_half_troops: Uncertain = param(
        10_000,
        "troops",
        100,
        1_000_000,
        "Troops at risk in Ukraine that engage the guarantor half as fully as a ratified treaty: "
        "a force engages troops / (troops + this). [M] Schelling's hostages, Reiter & Poast: "
        "commitment grows with the stakes put at risk: a 5,000 brigade engages a third, a 30,000 "
        "corps three quarters.",
    )
    withdrawal_threshold: Uncertain = param(
        0.2,
        "probability",
        0,
        1,
        "Resolve below which, for withdrawal_months in a row, the guarantor's troops in Ukraine go home. [M]",
    )
    withdrawal_months: Uncertain = param(
        6,
        "months",
        1,
        600,
        "Months of low resolve before a force withdraws (permanently). [M]",
        whole=True,
    )
    troop_quality: Uncertain = param(
        3.0,
        "power per army_troops troops",
        0,
        10,
        "Combat power of the guarantor's deployed troops per army_troops of Ukraine's (Ukraine's "
        "army = 1). [M] Better equipped and supported than the average Ukrainian soldier.",
    )
    interest: Uncertain = param(
        0.3,
        "0-1",
        0,
        1,
        "How much a Russian gain in Ukraine harms the guarantor's own interests (its security, "
        "precedent, its neighbours): what can bring it into a war no treaty binds it to "
        "(world.war.interest_weight). [M] A prior; wide.",
    )
    fighting_weight: Uncertain = param(
        1.0,
        "Ukraine's power at the ceasefire = 1",
        0,
        10,
        "Combat power the guarantor brings if it fights (beyond troops in Ukraine). [M]",
    )


class EuropeWorld(GuarantorWorld):
    """The European coalition of the willing (led by France and the UK)."""

    interest: Uncertain = param(
        0.5,
        "0-1",
        0,
        1,
        "How much a Russian gain in Ukraine harms Europe's own security. [M] Above the US's: the war "
        "is on Europe's border (Poland, the Baltics, the Nordics).",
    )

    resolve: Uncertain = param(
        {"dist": "beta", "mean": 0.45, "sd": 0.15},
        "probability",
        0,
        1,
        "Baseline chance Europe honours a commitment. [M] Below even: 'Europe will not have the "
        "courage' is argued, not settled; wide uncertainty.",
    )


class UsWorld(GuarantorWorld):
    """The United States."""

    resolve: Uncertain = param(
        {"dist": "beta", "mean": 0.40, "sd": 0.20},
        "probability",
        0,
        1,
        "Baseline chance the US honours a commitment. [S] 'No ground troops', help 'probably by "
        "air' (Trump, Aug 2025): uncertain, below even.",
    )
    election_interval_months: Uncertain = param(
        48,
        "months",
        1,
        240,
        "US presidential term.",
        whole=True,
    )
    first_election_month: Uncertain = param(
        34,
        "months after the ceasefire",
        1,
        240,
        "First US election. [M] Nov 2028 for a ceasefire early in 2026.",
        whole=True,
    )
    election_shift_sd: Uncertain = param(
        1.0,
        "logit units",
        0,
        3,
        "Administration changes move US policy further than Europe's.",
    )
    reaction_days: Uncertain = param(
        14,
        "days",
        0,
        365,
        "US air power arrives faster than European ground forces. [M]",
    )
    decision_lag_days: Uncertain = param(
        5,
        "days",
        0,
        120,
        "Days between warning and a US decision to act on it. [S] Betts 1982. [M] One government "
        "decides faster than a coalition.",
    )
    fighting_weight: Uncertain = param(
        1.5,
        "Ukraine's power at the ceasefire = 1",
        0,
        10,
        "US combat power if it fights (air power). [M]",
    )


PARTY_DEFAULTS: dict[str, type[GuarantorWorld]] = {"europe": EuropeWorld, "us": UsWorld}
"""The parties of every scenario and the class of each one's defaults; any other is a GuarantorWorld."""


def party_class(name: str) -> type[GuarantorWorld]:
    """The schema class of a party's parameters (its defaults and their reasons)."""
    return PARTY_DEFAULTS.get(name, GuarantorWorld)
