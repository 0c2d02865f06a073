"""Guarantors as parties keyed by name, and Russia's parameters that are kept per party.

A scenario's guarantors are `world.guarantors: {NAME: {...}}`; `europe` and `us` are always there (with
their own defaults, `EuropeWorld` and `UsWorld`), and a scenario may add others (a generic
`GuarantorWorld`'s defaults). A party's parameters may also be written `world.<party>.<field>` (today's
`world.europe.*` and `world.us.*` spellings), the name results, sweeps and the parameter table use.
Russia keeps what it believes and fears of each party under `world.russia.prior_resolve.<party>` and
`world.russia.fight_cost.<party>`; a party without its own takes Europe's values.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ConfigDict, TypeAdapter, model_validator

from sim.schema.params import Section, Uncertain, check_kind, check_range, param

DEFAULT_PARTIES = ("europe", "us")
"""The guarantors of every scenario, in order; a scenario's own come after them."""

RESERVED = frozenset({"russia", "ukraine", "guarantors", "strength", "world", "packages", "none", "all"})
"""Names a party may not take: they would collide with another key of the world or of Russia's records."""

NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")

FALLBACK = "europe"
"""The party whose values Russia's per-party parameters take for a party that has none of its own."""


def check_party_name(name: Any) -> str:
    """A party's name: lower-case letters, digits and underscores, not a reserved key."""
    if not isinstance(name, str) or not NAME.match(name):
        raise ValueError(
            f"guarantor name {name!r} may hold only lower-case letters, digits and _, starting with a "
            "letter, and no spaces (at most 32 characters)"
        )
    if name in RESERVED:
        raise ValueError(
            f"{name!r} cannot name a guarantor: it is a reserved key ({', '.join(sorted(RESERVED))})"
        )
    return name


_UNCERTAIN = TypeAdapter(Uncertain)


class PerParty(Section):
    """Russia's parameter for each guarantor: `europe` and `us` declared, any other party by its name.

    A party that is not given takes `europe`'s value (`of`). The extra keys are checked like `europe`'s
    field (its unit and range); the world checks they name parties of the scenario.
    """

    model_config = ConfigDict(extra="allow")

    @model_validator(mode="after")
    def _parties(self) -> PerParty:
        info = type(self).model_fields[FALLBACK]
        for name, raw in list((self.model_extra or {}).items()):
            check_party_name(name)
            value = _UNCERTAIN.validate_python(check_kind(raw, info))
            self.__pydantic_extra__[name] = check_range(value, info)
        return self

    def parties(self) -> list[str]:
        """The parties given a value of their own, besides the declared ones."""
        return list(self.model_extra or {})

    def of(self, party: str) -> Any:
        """The value for `party`: its own, or `europe`'s."""
        if party in type(self).model_fields:
            return getattr(self, party)
        return (self.model_extra or {}).get(party, getattr(self, FALLBACK))


def fold_party(data: dict, parties: dict, name: str, where: str) -> None:
    """Move the flat spelling `where.<name>` of a party into `parties[name]`, refusing a field set twice."""
    flat = data.pop(name)
    nested = parties.get(name)
    if isinstance(flat, dict) and isinstance(nested, dict):
        both = [k for k in flat if k in nested]
        if both:
            raise ValueError(
                f"{where}.{name}.{both[0]} and {where}.guarantors.{name}.{both[0]} are the same parameter, "
                "set twice: keep one"
            )
        parties[name] = {**nested, **flat}
    elif nested is None:
        parties[name] = flat
    else:
        raise ValueError(f"{where}.{name} and {where}.guarantors.{name} are the same guarantor, given twice")


class PriorResolve(PerParty):
    """Russia's prior belief (mean of a Beta) that each guarantor fights if attacked, by party.

    A party of the scenario without a prior of its own (`prior_resolve.<party>`) takes Europe's.
    """

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


class FightCost(PerParty):
    """Cost to Russia of each guarantor fighting it directly, by party.

    A party of the scenario without a cost of its own (`fight_cost.<party>`) takes Europe's.
    """

    europe: Uncertain = param(
        0.4,
        "utility units",
        0,
        5,
        "Cost to Russia of Europe fighting it directly (beyond the denial it adds). [M] A war with "
        "the UK, France and their allies, two nuclear powers among them: half the US's.",
    )
    us: Uncertain = param(
        0.8,
        "utility units",
        0,
        5,
        "Cost to Russia of the US fighting it directly. [M] Large: air power, escalation risk.",
    )
