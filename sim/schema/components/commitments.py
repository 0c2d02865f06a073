"""Components that commit, fund or punish: pledges, membership, arms support, sanctions."""

from __future__ import annotations

from pydantic import Field, field_validator

from sim.schema.components.kinds import Party, Strength
from sim.schema.params import Component, param


class DefencePledge(Component):
    """An Article-5-style pledge ('a robust security mechanism inspired by Article 5')."""

    strength: Strength = Field(
        default=Strength.AGREEMENT,
        description="declaration: binds no one, signals nothing | agreement: commits its parties "
        "| treaty: commits them, is a costly signal, and adds automaticity.",
    )
    parties: list[Party] = Field(
        default_factory=lambda: [Party.EUROPE],
        description="Who is committed: europe, us. [S] The US did not sign the Paris Declaration.",
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
    def _parties(cls, value: list[Party]) -> list[Party]:
        if not value or len(set(value)) != len(value):
            raise ValueError("parties must name europe and/or us, each once")
        return value


class ArmsSupport(Component):
    """Continued support 'with funds, weapons and expertise' (Foreman)."""

    funding_bn_per_year: float = param(
        40,
        "€bn per year",
        0,
        500,
        "[S/M] Western military aid to Ukraine ran at roughly €40-60bn a year in 2023-24 (Kiel).",
    )
    donors: list[Party] = Field(
        default_factory=lambda: [Party.EUROPE, Party.US],
        description="Who pays: the funding is split equally; each share flows while its donor's "
        "resolve is above its funding threshold.",
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
    def _donors(cls, value: list[Party]) -> list[Party]:
        if not value or len(set(value)) != len(value):
            raise ValueError("donors must name europe and/or us, each once")
        return value

    def default_cost(self) -> float:
        """The funding itself."""
        return self.funding_bn_per_year


class SanctionsSnapback(Component):
    """Sanctions restored on a detected violation: a punishment cost and slower regeneration."""

    regeneration_slowdown: float = param(
        0.5,
        "share",
        0,
        1,
        "Share of Russia's regeneration lost once sanctions snap back. [M]",
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


class NatoMembership(Component):
    """NATO membership: 'the strongest guarantee' (Pevkur). Commits Europe and the US."""

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
