"""The uncertainties: what the world decides, not the policy-maker (EMA Workbench's 'uncertainties').

Each field is a fixed value or a distribution drawn once per world. Descriptions give the meaning
and the reason for the default; [S] marks a figure from a public source (see docs/domain.md),
[M] an assumption or a calibration choice of this model (docs in the README).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from sim.schema.params import Section, Uncertain, param
from sim.schema.parties import DEFAULT_PARTIES, check_party_name, fold_party
from sim.schema.russia_world import PerParty, RussiaWorld


class UkraineWorld(Section):
    """Ukraine's army and fortifications."""

    initial_power: Uncertain = param(
        1.0,
        "Ukraine's power at the ceasefire = 1",
        0.1,
        10,
        "The unit of power. [M] By definition.",
    )
    domestic_growth: Uncertain = param(
        0.024,
        "power per month",
        0,
        0.2,
        "Domestic production and recruitment. [S] With wear 0.03 the steady state is 0.8: the "
        "800k cap of the revised peace plan against ~900k now.",
    )
    wear: Uncertain = param(
        0.03,
        "per month",
        0,
        0.5,
        "Share of power lost each month to demobilisation, attrition and fatigue. [M]",
    )
    arms_effect: Uncertain = param(
        0.00036,
        "power per month per €bn/year",
        0,
        0.01,
        "Power added each month per €bn/year of arms support. [M] €40bn/year raises the steady "
        "state by 0.48, about 60%.",
    )
    fortification_initial: Uncertain = param(
        0.2,
        "0-1",
        0,
        1,
        "Fortification at the ceasefire. [M]",
    )
    fortification_max: Uncertain = param(
        0.9,
        "0-1",
        0,
        1,
        "Ceiling of fortification. [M]",
    )
    fortification_rate: Uncertain = param(
        0.06,
        "per month",
        0,
        1,
        "Share of the gap to the ceiling built each month. [M]",
    )
    fortification_gain: Uncertain = param(
        0.6,
        "multiplier",
        0,
        3,
        "Defence multiplier at full fortification: 1 + gain. [M]",
    )
    army_troops: Uncertain = param(
        800_000,
        "troops",
        10_000,
        3_000_000,
        "Troops of the army whose power is the unit (Ukraine's at the ceasefire): guarantor troops "
        "add power troop_quality × troops / army_troops. [S] The 800k cap of the revised peace plan.",
    )


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
    fighting_weight: Uncertain = param(
        1.0,
        "Ukraine's power at the ceasefire = 1",
        0,
        10,
        "Combat power the guarantor brings if it fights (beyond troops in Ukraine). [M]",
    )


class EuropeWorld(GuarantorWorld):
    """The European coalition of the willing (led by France and the UK)."""

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


class World(Section):
    """Everything the world decides: Russia's, Ukraine's and each guarantor's parameters.

    `guarantors` maps each party's name to its parameters; `europe` and `us` are always there, and
    `world.europe.*` / `world.us.*` (or `world.<party>.*` for any party) may be written for
    `world.guarantors.<party>.*`.
    """

    russia: RussiaWorld = Field(default_factory=RussiaWorld)
    ukraine: UkraineWorld = Field(default_factory=UkraineWorld)
    guarantors: dict[str, GuarantorWorld] = Field(
        default_factory=lambda: {name: party_class(name)() for name in DEFAULT_PARTIES},
        description="The guarantors, by name: europe and us always, and any the scenario adds.",
    )

    @model_validator(mode="before")
    @classmethod
    def _parties(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not isinstance(data.get("guarantors", {}), dict):
            return data  # pydantic says what is wrong
        data = fold_parties(data)
        parties = data["guarantors"]
        for name in parties:
            check_party_name(name)
        order = [*DEFAULT_PARTIES, *(k for k in parties if k not in DEFAULT_PARTIES)]
        data["guarantors"] = {name: _fill(name, parties.get(name, {})) for name in order}
        return data

    @model_validator(mode="after")
    def _typed(self) -> World:
        """Each party as its own class (so its defaults' reasons travel with it); Russia's keys checked."""
        for name, section in list(self.guarantors.items()):
            kind = party_class(name)
            if type(section) is not kind:
                self.guarantors[name] = kind.model_construct(**dict(section))
        for label in ("prior_resolve", "fight_cost"):
            record: PerParty = getattr(self.russia, label)
            unknown = [p for p in record.parties() if p not in self.guarantors]
            if unknown:
                raise ValueError(
                    f"world.russia.{label}.{unknown[0]} names no guarantor (guarantors: "
                    f"{', '.join(self.guarantors)}); declare it under world.guarantors"
                )
        return self

    @property
    def parties(self) -> list[str]:
        """The guarantors' names, in order: europe, us, then the scenario's own."""
        return list(self.guarantors)

    @property
    def europe(self) -> GuarantorWorld:
        """Europe's parameters (`world.guarantors.europe`)."""
        return self.guarantors["europe"]

    @property
    def us(self) -> GuarantorWorld:
        """The US's parameters (`world.guarantors.us`)."""
        return self.guarantors["us"]


def fold_parties(data: dict) -> dict:
    """The world as given, with every `world.<party>` spelling moved under `guarantors` (a copy).

    Refuses a parameter given in both spellings; a key that names no party is left for the schema to
    refuse as unknown.
    """
    data = dict(data)
    parties = dict(data.get("guarantors") or {})
    for name in [k for k in data if k not in World.model_fields and (k in DEFAULT_PARTIES or k in parties)]:
        fold_party(data, parties, name, "world")
    data["guarantors"] = parties
    return data


def _fill(name: str, given: Any) -> Any:
    """A party's parameters as given, the missing ones from its own class's defaults."""
    if not isinstance(given, dict):
        return given  # pydantic says what is wrong
    defaults = party_class(name)()
    return {**{k: getattr(defaults, k) for k in type(defaults).model_fields if k not in given}, **given}
