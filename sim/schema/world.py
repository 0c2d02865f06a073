"""The uncertainties: what the world decides, not the policy-maker (EMA Workbench's 'uncertainties').

Each field is a fixed value or a distribution drawn once per world. Descriptions give the meaning
and the reason for the default; [S] marks a figure from a public source (see docs/domain.md),
[M] an assumption or a calibration choice of this model (docs in the README).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from sim.schema.coalition import AGGREGATE, european, member_class, members
from sim.schema.cohesion_world import CohesionWorld
from sim.schema.guarantor_world import PARTY_DEFAULTS, EuropeWorld, GuarantorWorld, UsWorld, party_class
from sim.schema.params import Section, Uncertain, param
from sim.schema.parties import DEFAULT_PARTIES, PerParty, check_party_name, fold_party
from sim.schema.russia_world import RussiaWorld, fold_aliases
from sim.schema.talks_world import TalksWorld
from sim.schema.war_world import WarWorld


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


class World(Section):
    """Everything the world decides: Russia's, Ukraine's and each guarantor's parameters.

    `guarantors` maps each party's name to its parameters; `europe` and `us` are always there, and
    `world.europe.*` / `world.us.*` (or `world.<party>.*` for any party) may be written for
    `world.guarantors.<party>.*`.
    """

    russia: RussiaWorld = Field(default_factory=RussiaWorld)
    ukraine: UkraineWorld = Field(default_factory=UkraineWorld)
    war: WarWorld = Field(default_factory=WarWorld)
    talks: TalksWorld = Field(default_factory=TalksWorld)
    cohesion: CohesionWorld = Field(default_factory=CohesionWorld)
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
        states = coalition_of_states(parties)
        defaults = [p for p in DEFAULT_PARTIES if not (states and p == AGGREGATE)]
        if states:  # the members in the data file's order, then the us, then the scenario's own
            order = [*(k for k in parties if k in members()), *defaults]
            order += [k for k in parties if k not in order]
        else:
            order = [*defaults, *(k for k in parties if k not in defaults)]
        data["guarantors"] = {name: _fill(name, parties.get(name, {}), states) for name in order}
        return data

    @model_validator(mode="after")
    def _typed(self) -> World:
        """Each party as its own class (so its defaults' reasons travel with it); Russia's keys checked."""
        states = coalition_of_states(self.guarantors)
        for name, section in list(self.guarantors.items()):
            kind = world_party_class(name, states)
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


def coalition_of_states(parties) -> bool:
    """Whether these guarantors are the coalition's states (a European member among them)."""
    return any(name in european() for name in parties)


def world_party_class(name: str, states: bool) -> type[GuarantorWorld]:
    """The class of a party's parameters: a member's from the data file under the states, else its own."""
    if states and name in members():
        return member_class(name)
    return party_class(name)


def _fill(name: str, given: Any, states: bool = False) -> Any:
    """A party's parameters as given, the missing ones from its own class's defaults."""
    if not isinstance(given, dict):
        return given  # pydantic says what is wrong
    defaults = world_party_class(name, states)()
    return {**{k: getattr(defaults, k) for k in type(defaults).model_fields if k not in given}, **given}


def canonical_parts(data: dict, dotted: str) -> list[str]:
    """A dotted path's parts in the schema's own spelling, the document's world folded the same way.

    `world.<party>.x` stands for `world.guarantors.<party>.x` (europe, us, or a party the document
    declares), and `world.russia.europe_fight_cost` for `world.russia.fight_cost.europe`. Folds the
    document's own flat spellings under `guarantors` (in place), so that a value set at the canonical
    path never meets a second spelling of it; raises ValueError for a parameter the document sets twice.
    """
    parts = dotted.split(".")
    if parts[0] != "world" or len(parts) < 2 or not isinstance(data.get("world", {}), dict):
        return parts
    world = fold_parties(data.get("world") or {})
    if isinstance(world.get("russia"), dict):
        world["russia"] = fold_aliases(world["russia"])
    data["world"] = world
    if parts[1] in world["guarantors"] or parts[1] in DEFAULT_PARTIES or parts[1] in members():
        return ["world", "guarantors", *parts[1:]]
    if len(parts) >= 3 and parts[1] == "russia" and parts[2] in RussiaWorld.ALIASES:  # (or a field of it)
        return ["world", "russia", *RussiaWorld.ALIASES[parts[2]], *parts[3:]]
    return parts


def valid_party(name: str) -> bool:
    """Whether `name` can name a guarantor."""
    try:
        check_party_name(name)
    except ValueError:
        return False
    return True


__all__ = [
    "PARTY_DEFAULTS",
    "EuropeWorld",
    "GuarantorWorld",
    "UkraineWorld",
    "UsWorld",
    "World",
    "party_class",
]
