"""A guarantee package: its components, whether it is imposed, and its timeline."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator, model_validator

from sim.limits import MAX_NAME
from sim.schema.components import (
    COMPONENTS,
    ArmsSupport,
    BufferZone,
    DefencePledge,
    EuMembership,
    NatoMembership,
    ReassuranceForce,
    SanctionsSnapback,
    Strength,
    UsBackstop,
)
from sim.schema.events import Event, check_events
from sim.schema.params import Section


def component_flag(value: Any) -> Any:
    """Let `component: true` mean the component with its defaults, and false mean absent."""
    if value is True:
        return {}
    if value is False:
        return None
    return value


class Package(Section):
    """A guarantee package: a named set of components (absent ones are not part of it)."""

    name: str = Field(
        min_length=1,
        max_length=MAX_NAME,
        pattern=r"^[A-Za-z0-9_\-]+$",
        description="Identifier: letters, digits, _ and -.",
    )
    description: str = Field(default="", description="What the package stands for in the debate.")
    imposed: bool = Field(
        default=False,
        description="true: the ceasefire and the package come without Russia's consent (no veto; "
        "a grievance in proportion to Russia's objection, and more friction in incidents); false: "
        "Russia accepts or rejects the ceasefire with this package (world.russia.acceptance).",
    )
    reassurance_force: ReassuranceForce | None = None
    defence_pledge: DefencePledge | None = None
    us_backstop: UsBackstop | None = None
    buffer_zone: BufferZone | None = None
    arms_support: ArmsSupport | None = None
    sanctions_snapback: SanctionsSnapback | None = None
    eu_membership: EuMembership | None = None
    nato_membership: NatoMembership | None = None
    events: list[Event] = Field(
        default_factory=list,
        description="The package's timeline: components that deploy, withdraw, start, stop, are "
        "ratified or scaled at a month or at a guarantor's election (sim/schema/events.py).",
    )

    @field_validator(*COMPONENTS, mode="before")
    @classmethod
    def _component_flag(cls, value: Any) -> Any:
        return component_flag(value)

    @model_validator(mode="after")
    def _events(self) -> Package:
        treaty = self.defence_pledge is not None and self.defence_pledge.strength is Strength.TREATY
        check_events(self.events, set(self.components()), treaty)
        return self

    def components(self) -> dict[str, Section]:
        """The components present in this package, by name."""
        names = [n for n, f in type(self).model_fields.items() if n not in PACKAGE_META]
        return {n: getattr(self, n) for n in names if getattr(self, n) is not None}

    def named_parties(self) -> list[tuple[str, str]]:
        """(where, party) for every guarantor the package names: providers, parties, donors, elections."""
        out = []
        for name, component in self.components().items():
            for field in getattr(component, "PARTY_FIELDS", ()):
                value = getattr(component, field)
                if name == "buffer_zone" and not component.armed:
                    continue  # an unarmed zone's provider is never used
                for party in [value] if isinstance(value, str) else list(value):
                    out.append((f"{name}.{field}", party))
        out += [("events", str(e.election)) for e in self.events if e.election is not None]
        return out

    def cost(self) -> float:
        """Annual cost of the package in €bn."""
        return float(sum(c.cost() for c in self.components().values()))


PACKAGE_META = ("name", "description", "imposed", "events")
if set(Package.model_fields) - set(PACKAGE_META) != set(COMPONENTS):  # one registry, checked at import
    raise TypeError("Package's component fields must be exactly sim.schema.components.COMPONENTS")
