"""Components that put forces or capabilities in theatre: the force, the zone, the US backstop."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, field_validator, model_validator

from sim.schema.components.kinds import Party, PartyName, Posture, Provider, check_provider, provider_troops
from sim.schema.params import Component, param


class ReassuranceForce(Component):
    """Multinational reassurance force (led by France and the UK unless it names other providers)."""

    PARTY_FIELDS: ClassVar[tuple[str, ...]] = ("provider",)
    """The fields that name guarantors (the scenario checks each names one)."""

    troops: int = param(
        30000,
        "troops",
        0,
        300000,
        "[S] 25-30k discussed (Washington Post, Feb 2025); 15-30k (Paris Declaration, Jan 2026).",
    )
    provider: Provider = Field(
        default=Party.EUROPE,
        description="Who provides the troops: europe, us, or shares such as {europe: 0.7, us: 0.3}. "
        "Each provider's troops engage that provider, fight with its resolve, go home when its "
        "resolve stays low and tire it. [S] The Paris Declaration's force is European; a US or "
        "mixed force is the debate's alternative.",
    )
    posture: Posture = Field(
        default=Posture.REAR,
        description="rear: kept off the contact line (the plan discussed) | tripwire: at the line, "
        "adding a small, uncertain automaticity.",
    )
    tripwire_low: float = param(
        -0.05,
        "probability",
        -1,
        1,
        "Lowest true tripwire bonus to the chance Europe fights. [S] Reiter & Poast: casualties "
        "may bring exit, not escalation; survey effects 'far weaker' than assumed.",
    )
    tripwire_high: float = param(
        0.20,
        "probability",
        -1,
        1,
        "Highest true tripwire bonus; Russia believes the mean. [M]",
    )
    reaction_days_saved: float = param(
        20,
        "days",
        0,
        365,
        "Days cut from Europe's reaction time by a force of full_reaction_troops in theatre (pro "
        "rata below). [M] Forces in place reinforce faster than forces at home.",
    )
    surprise_penalty: float = param(
        0.3,
        "log-odds of success",
        0,
        3,
        "Log-odds of success an offensive loses while a force of full_reaction_troops is in Ukraine "
        "(pro rata below): troops on the ground see a build-up and deny surprise. [S] Fortna 2004: "
        "peacekeeping makes surprise attack harder. [M] The size.",
    )
    full_reaction_troops: int = param(
        30000,
        "troops",
        1,
        300000,
        "Troops in theatre that save the full reaction_days_saved and deny surprise in full. [M] "
        "The size the debate discusses (25-30k).",
    )
    cost_per_thousand_bn: float = param(
        0.3,
        "€bn per year per 1,000 troops",
        0,
        5,
        "[M] ~€300k per soldier-year deployed abroad (US figures near $1m in combat zones; a "
        "non-combat European deployment cheaper). Used when cost_bn_per_year is not given.",
    )
    cost_bn_per_year: float | None = param(
        None,
        "€bn per year",
        0,
        1000,
        "Annual cost; default troops/1000 × cost_per_thousand_bn.",
    )

    @field_validator("provider")
    @classmethod
    def _provider(cls, value: Provider) -> Provider:
        return check_provider(value)

    @model_validator(mode="before")
    @classmethod
    def _troops_by_provider(cls, data):
        return provider_troops(data, cls, "provider", "troops", "reassurance_force.provider")

    @model_validator(mode="after")
    def _tripwire_range(self) -> ReassuranceForce:
        if self.tripwire_low > self.tripwire_high:
            raise ValueError(
                f"tripwire_low ({self.tripwire_low}) must not exceed tripwire_high ({self.tripwire_high})"
            )
        return self

    def default_cost(self) -> float:
        """Estimated from the component's size."""
        return self.troops / 1000 * self.cost_per_thousand_bn


class UsBackstop(Component):
    """US intelligence, air defence and surveillance for a Europe-led force (FT)."""

    PARTY_FIELDS: ClassVar[tuple[str, ...]] = ("provider",)
    """The fields that name guarantors (the scenario checks each names one)."""

    provider: PartyName = Field(
        default=Party.US,
        description="The guarantor that gives the backstop: it pauses while that guarantor's resolve is "
        "below its funding threshold, speeds that guarantor's reaction and tires it. [S] The US.",
    )

    intelligence: float = param(
        1.0,
        "0-1",
        0,
        1,
        "Intelligence support: warning and targeting (adds denial). [S] FT.",
    )
    air_defence: float = param(
        1.0,
        "0-1",
        0,
        1,
        "Air defence: the largest denial multiplier (+25% at 1). [M]",
    )
    surveillance: float = param(
        1.0,
        "0-1",
        0,
        1,
        "Battlefield surveillance: detects probes, gives warning. [M]",
    )
    intelligence_gain: float = param(
        0.1,
        "multiplier",
        0,
        2,
        "Ukraine's defence × (1 + gain × intelligence). [M]",
    )
    air_defence_gain: float = param(
        0.25,
        "multiplier",
        0,
        2,
        "Ukraine's defence × (1 + gain × air_defence). [M]",
    )
    reaction_days_saved: float = param(
        7,
        "days",
        0,
        365,
        "Days cut from the US reaction time by the backstop in place. [M]",
    )
    warning_penalty: float = param(
        0.2,
        "log-odds of success",
        0,
        3,
        "Intelligence at full level lowers an offensive's log-odds of success (lost surprise). [M]",
    )
    warning_days: float = param(
        3,
        "days",
        0,
        60,
        "Warning time surveillance at full level gives a committed guarantor. [M]",
    )
    probe_detection: float = param(
        0.5,
        "share",
        0,
        1,
        "Share of otherwise undetected probes that surveillance at full level detects. [M]",
    )
    intelligence_cost_bn: float = param(
        0.5,
        "€bn per year at full level",
        0,
        100,
        "Cost of intelligence support at full level. [M] Sharing what is already collected is cheap: "
        "an assumption, a tenth of the backstop's cost.",
    )
    air_defence_cost_bn: float = param(
        3.0,
        "€bn per year at full level",
        0,
        100,
        "Cost of air defence at full level. [M] A few Patriot-class batteries in place, crews and "
        "interceptors: most of the backstop's cost (the CSIS Missile Defense Project puts a battery "
        "with its missiles near $1bn; quoted from memory, not re-checked: a wide range).",
    )
    surveillance_cost_bn: float = param(
        0.5,
        "€bn per year at full level",
        0,
        100,
        "Cost of battlefield surveillance at full level. [M] ISR sorties and satellite tasking.",
    )
    cost_bn_per_year: float | None = param(
        None,
        "€bn per year",
        0,
        1000,
        "Annual cost; default each capability's cost × its level (4.0 at full levels). [M] A few "
        "Patriot-class batteries and ISR sorties: a few €bn a year.",
    )

    def default_cost(self) -> float:
        """Each capability's cost at full level × the level given: intelligence only costs its share."""
        return (
            self.intelligence * self.intelligence_cost_bn
            + self.air_defence * self.air_defence_cost_bn
            + self.surveillance * self.surveillance_cost_bn
        )


class BufferZone(Component):
    """A demilitarised zone between the forces, with monitors (Politico: 40 km)."""

    PARTY_FIELDS: ClassVar[tuple[str, ...]] = ("armed_provider",)
    """The fields that name guarantors (the scenario checks each names one)."""

    width_km: float = param(
        40,
        "km",
        0,
        200,
        "[S] 40 km (Politico, Aug 2025); Kellogg proposed 30 km.",
    )
    monitors: int = param(
        5000,
        "people",
        0,
        100000,
        "[S] A patrol force of 4,000-60,000 was discussed.",
    )
    reference_width_km: float = param(
        40,
        "km",
        1,
        200,
        "Width at which the separation and armed penalties and the warning apply in full (pro rata "
        "to width). [S] The 40 km of the Politico plan.",
    )
    monitor_scale: float = param(
        5000,
        "people",
        1,
        100000,
        "Monitors that give the full warning (pro rata below) and cut undetected probes by a "
        "factor e. [M] The OSCE SMM's ~1,000 saw much but not all; 5,000 is the plan's scale.",
    )
    armed: bool = Field(
        default=False,
        description="true: an armed force holds the zone (its troops engage their provider); false: "
        "unarmed monitors only, which detect probes but do not deter an offensive.",
    )
    armed_provider: Provider = Field(
        default=Party.EUROPE,
        description="Who provides an armed zone force: europe, us, or shares such as {europe: 0.5, us: 0.5}.",
    )
    armed_troops: int = param(
        4000,
        "troops",
        0,
        300000,
        "Troops of an armed zone force. [S] Lower end of 4,000-60,000.",
    )
    separation_penalty: float = param(
        0.3,
        "log-odds of success at 40 km",
        0,
        3,
        "Separation of the forces lowers an offensive's log-odds of success, pro rata to width. "
        "[S] Fortna 2003: DMZs are among the provisions that make peace last.",
    )
    armed_penalty: float = param(
        0.5,
        "log-odds of success at 40 km",
        0,
        3,
        "Extra penalty when an armed force holds the zone (it must be fought through). [M]",
    )
    warning_days: float = param(
        5,
        "days at 40 km with 5,000 monitors",
        0,
        60,
        "Warning time monitors give a committed guarantor (pro rata to width and to monitors, "
        "up to monitor_scale). [S] Fortna 2004: monitoring makes surprise attack harder; "
        "warning shortens a reaction only beyond the guarantor's decision lag.",
    )
    cost_per_monitor_m: float = param(
        0.1,
        "€m per monitor per year",
        0,
        5,
        "[S/M] The OSCE SMM cost ~€100m a year for ~1,000 monitors.",
    )
    armed_cost_per_thousand_bn: float = param(
        0.3,
        "€bn per year per 1,000 troops",
        0,
        5,
        "Cost of an armed zone force's troops: as the reassurance force's. [M]",
    )
    cost_bn_per_year: float | None = param(
        None,
        "€bn per year",
        0,
        1000,
        "Default: monitors' cost plus armed troops'.",
    )

    @field_validator("armed_provider")
    @classmethod
    def _provider(cls, value: Provider) -> Provider:
        return check_provider(value)

    @model_validator(mode="before")
    @classmethod
    def _troops_by_provider(cls, data):
        return provider_troops(data, cls, "armed_provider", "armed_troops", "buffer_zone.armed_provider")

    def default_cost(self) -> float:
        """Estimated from the component's size."""
        troops = self.armed_troops / 1000 * self.armed_cost_per_thousand_bn if self.armed else 0.0
        return self.monitors * self.cost_per_monitor_m / 1000 + troops
