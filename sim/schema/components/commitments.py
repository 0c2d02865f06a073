"""Components that commit, fund or punish: pledges, membership, arms support, sanctions."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, field_validator

from sim.schema.components.kinds import Party, PartyName, Strength, check_parties, check_provider
from sim.schema.params import Component, param


class DefencePledge(Component):
    """An Article-5-style pledge ('a robust security mechanism inspired by Article 5')."""

    PARTY_FIELDS: ClassVar[tuple[str, ...]] = ("parties",)
    """The fields that name guarantors (the scenario checks each names one)."""

    strength: Strength = Field(
        default=Strength.AGREEMENT,
        description="declaration: cheap talk, engages its parties barely | agreement: engages them "
        "a little (unratified) | treaty: engages them fully, is a costly signal, and adds "
        "automaticity.",
    )
    parties: list[PartyName] = Field(
        default_factory=lambda: [Party.EUROPE],
        description="Who is committed: guarantors by name (europe, us, or one the scenario adds). [S] The "
        "US did not sign the Paris Declaration.",
    )
    declaration_weight: float = param(
        0.05,
        "engagement, 0-1",
        0,
        1,
        "How far a declaration engages its parties: their chance of fighting is engagement × "
        "resolve, and Russia prices it the same way. [S] Fearon 1997: statements that cost nothing "
        "to break signal nothing; Budapest 1994.",
    )
    agreement_weight: float = param(
        0.25,
        "engagement, 0-1",
        0,
        1,
        "How far an unratified agreement engages its parties (cheap talk with a signature). [M] "
        "Above a declaration, far below a treaty: Georgia after Bucharest 2008.",
    )
    treaty_weight: float = param(
        1.0,
        "engagement, 0-1",
        0,
        1,
        "How far a ratified treaty engages its parties: fully, so that resolve alone decides. [S] "
        "Reiter & Poast; Fearon 1994: ratification ties hands.",
    )
    commitment_share: float = param(
        1.0,
        "share",
        0,
        1,
        "Share of a full commitment the pledge makes (a clause to 'consult' or to help 'by all means "
        "it deems necessary' commits a part): it scales the engagement of its strength. [M] 1.",
    )
    treaty_automaticity: float = param(
        0.15,
        "probability",
        0,
        1,
        "Share of the choice a ratified treaty takes out of a guarantor's hands (audience costs, "
        "Fearon 1994). [M]",
    )
    cost_bn_per_year: float = param(
        0.0,
        "€bn per year",
        0,
        1000,
        "A pledge costs nothing until honoured.",
    )

    @field_validator("parties")
    @classmethod
    def _parties(cls, value: list[str]) -> list[str]:
        return check_parties(value, "parties")


class ArmsSupport(Component):
    """Continued support 'with funds, weapons and expertise' (Foreman)."""

    PARTY_FIELDS: ClassVar[tuple[str, ...]] = ("donors",)
    """The fields that name guarantors (the scenario checks each names one)."""

    funding_bn_per_year: float = param(
        40,
        "€bn per year",
        0,
        500,
        "[S/M] Western military aid to Ukraine ran at roughly €40-60bn a year in 2023-24 (Kiel).",
    )
    donors: list[PartyName] | dict[PartyName, float] = Field(
        default_factory=lambda: [Party.EUROPE, Party.US],
        description="Who pays: a list splits the funding equally, shares such as {europe: 0.7, us: 0.3} "
        "as given; each share flows while its donor's resolve is above its funding threshold.",
    )
    cost_bn_per_year: float | None = param(
        None,
        "€bn per year",
        0,
        1000,
        "Default: the funding itself.",
    )

    @field_validator("donors")
    @classmethod
    def _donors(cls, value: list[str] | dict[str, float]) -> list[str] | dict[str, float]:
        if isinstance(value, dict):
            check_provider(value)
            if any(v > 1 for v in value.values()):
                raise ValueError("donors' shares must lie in [0, 1] and sum to 1")
            return value
        return check_parties(value, "donors")

    def default_cost(self) -> float:
        """The funding itself."""
        return self.funding_bn_per_year


class SanctionsSnapback(Component):
    """Sanctions restored on a major violation: a punishment at the margin and slower regeneration."""

    PARTY_FIELDS: ClassVar[tuple[str, ...]] = ("decided_by",)
    """The fields that name guarantors (the scenario checks each names one)."""

    decided_by: PartyName | list[PartyName] = Field(
        default=Party.EUROPE,
        description="The guarantor whose will snaps sanctions back (its resolve, and Russia's belief in it), "
        "or several deciding together (unanimity: the least willing decides). [S] The EU's sanctions: "
        "Europe; under coalition: states, the EU's members together.",
    )

    trigger_probability: float = param(
        0.8,
        "probability",
        0,
        1,
        "Chance that, willing (at Europe's resolve), the EU agrees to snap sanctions back after a "
        "major violation (an offensive, or an incident with casualties); grey-zone probes do not "
        "trigger them. [S] EU sanctions need unanimity and their six-monthly renewal has been held "
        "up by single members (Hungary, 2023-25). [M] 0.8.",
    )
    regeneration_slowdown: float = param(
        0.2,
        "share",
        0,
        1,
        "Share of Russia's regeneration lost while sanctions are back. [M] An assumption: Russia's "
        "arms output grew under the 2022-25 sanctions (export controls slowed, did not stop it), "
        "so the slowdown is partial.",
    )
    cost_bn_per_year: float = param(
        5.0,
        "€bn per year",
        0,
        1000,
        "[M] Trade forgone and enforcement, kept ready.",
    )


class EuMembership(Component):
    """EU membership, with the mutual-assistance clause (TEU art. 42(7)): commits Europe."""

    PARTY_FIELDS: ClassVar[tuple[str, ...]] = ("parties",)
    """The fields that name guarantors (the scenario checks each names one)."""

    parties: list[PartyName] = Field(
        default_factory=lambda: [Party.EUROPE],
        description="The guarantors membership binds (the EU's members among them). [S] Europe.",
    )

    engagement: float = param(
        1.0,
        "engagement, 0-1",
        0,
        1,
        "How far membership engages Europe: a ratified treaty obligation among members. [M]",
    )
    automaticity: float = param(
        0.15,
        "probability",
        0,
        1,
        "42(7) binds less than NATO's Article 5. [M]",
    )
    cost_bn_per_year: float = param(
        12.5,
        "€bn per year",
        0,
        1000,
        "[S] Ukraine Facility: €50bn over 2024-27.",
    )

    @field_validator("parties")
    @classmethod
    def _parties(cls, value: list[str]) -> list[str]:
        return check_parties(value, "parties")


class NatoMembership(Component):
    """NATO membership: 'the strongest guarantee' (Pevkur). Commits Europe and the US."""

    PARTY_FIELDS: ClassVar[tuple[str, ...]] = ("parties",)
    """The fields that name guarantors (the scenario checks each names one)."""

    parties: list[PartyName] = Field(
        default_factory=lambda: [Party.EUROPE, Party.US],
        description="The guarantors Article 5 binds (the allies among them): each is engaged, gains "
        "NATO's reaction time, and the US its combat power multiplier. [S] Europe and the US.",
    )

    engagement: float = param(
        1.0,
        "engagement, 0-1",
        0,
        1,
        "How far membership engages Europe and the US: Article 5, ratified by every member. [S] "
        "No NATO member has been attacked by a state since 1949.",
    )
    automaticity: float = param(
        0.5,
        "probability",
        0,
        1,
        "Article 5 plus integrated command take much of the choice away. [M]",
    )
    us_weight_multiplier: float = param(
        1.5,
        "multiplier",
        1,
        5,
        "US combat power brought under integrated NATO planning. [M]",
    )
    reaction_days: float = param(
        5,
        "days",
        0,
        365,
        "Reaction time of integrated NATO forces (plans, pre-positioning). [M]",
    )
    cost_bn_per_year: float = param(
        15.0,
        "€bn per year",
        0,
        1000,
        "[M] Forward defence plans and reinforcement posture.",
    )

    @field_validator("parties")
    @classmethod
    def _parties(cls, value: list[str]) -> list[str]:
        return check_parties(value, "parties")
