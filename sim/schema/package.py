"""A guarantee package: its components, whether it is imposed, and its timeline."""

from __future__ import annotations

import difflib
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
from sim.schema.components.kinds import provider_shares
from sim.schema.events import Event, check_events
from sim.schema.params import Section, Strict


def component_flag(value: Any) -> Any:
    """Let `component: true` mean the component with its defaults, and false mean absent."""
    if value is True:
        return {}
    if value is False:
        return None
    return value


class Offer(Strict):
    """A step of an offer strategy: with no ceasefire `after_months` into the horizon, offer `package`."""

    after_months: int = Field(ge=1, le=600, description="Months into the horizon without a ceasefire.")
    package: str = Field(min_length=1, max_length=MAX_NAME, description="A package of the same file.")


class Terms(Strict):
    """The terms of the deal beyond the guarantees (the line is the front where the ceasefire comes)."""

    recognition: bool = Field(
        default=False,
        description="The deal recognises Russia's hold on the territory it occupies: Russia accepts more "
        "(world.talks.recognition), Ukraine less (world.talks.ukraine_recognition).",
    )
    army_limit: float | None = Field(
        default=None,
        gt=0,
        le=2,
        description="A cap on Ukraine's army, as a multiple of its power at month 0 (the 28-point plan's "
        "600,000 is about 0.7): its power stays at or below it after the ceasefire; Russia accepts more "
        "(world.talks.army_limit), Ukraine less.",
    )


class Package(Section):
    """A guarantee package: a named set of components (absent ones are not part of it)."""

    name: str = Field(
        min_length=1,
        max_length=MAX_NAME,
        pattern=r"^[A-Za-z0-9_\-]+$",
        description="Identifier: letters, digits, _ and -.",
    )
    description: str = Field(default="", description="What the package stands for in the debate.")
    imposed: bool | list[str] = Field(
        default=False,
        description="true: the ceasefire and the package come without Russia's consent (no veto; "
        "a grievance in proportion to Russia's objection, and more friction in incidents); a list of "
        "components: the ceasefire is agreed without them (Russia weighs the rest) and they deploy "
        "anyway, with the grievance and friction; false: Russia accepts or rejects the ceasefire with "
        "this package (world.russia.acceptance, or world.talks under start: war).",
    )
    offers: list[Offer] = Field(
        default_factory=list,
        description="start: war only: the offer strategy, [{after_months: N, package: NAME}, ...]: with no "
        "ceasefire N months into the horizon the offer on the table becomes package NAME of the same file "
        "(its components, terms and timeline; not its own offers). Months increase; no package twice.",
    )
    terms: Terms = Field(default_factory=Terms, description="The deal's terms beyond the guarantees.")
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
    def _imposed(self) -> Package:
        if isinstance(self.imposed, list):
            present = self.components()
            for name in self.imposed:
                if name not in present:
                    raise ValueError(
                        f"imposed names {name!r}, which is not a component of the package "
                        f"(it has: {', '.join(present) or 'none'})"
                    )
        return self

    def agreed(self) -> Package:
        """The package as Russia is asked to agree to it: without the components imposed over it."""
        if self.imposed is True:
            return self.model_copy(update=dict.fromkeys(self.components()))
        if self.imposed:
            return self.model_copy(update=dict.fromkeys(self.imposed))
        return self

    @model_validator(mode="after")
    def _unarmed(self) -> Package:
        zone = self.buffer_zone
        if zone is None or zone.armed:
            return self
        fields = type(zone).model_fields
        for name in [n for n in fields if n.startswith("armed_")]:
            value, default = getattr(zone, name), fields[name].default
            if name in getattr(zone, "PARTY_FIELDS", ()):
                value, default = provider_shares(value), provider_shares(default)
            if value != default:
                shown = _shown(getattr(zone, name))
                raise ValueError(
                    f"buffer_zone: {name} {shown} goes with armed: true; an unarmed zone (armed: false) has "
                    f"no force, so it would be ignored: remove {name} or set armed: true"
                )
        return self

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


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v:g}" for k, v in value.items()) + "}"
    return f"{value:g}" if isinstance(value, float) else str(value)


PACKAGE_META = ("name", "description", "imposed", "events", "offers", "terms")
if set(Package.model_fields) - set(PACKAGE_META) != set(COMPONENTS):  # one registry, checked at import
    raise TypeError("Package's component fields must be exactly sim.schema.components.COMPONENTS")


def check_offers(package: Package, names: list[str], horizon: int) -> None:
    """Refuse an offer strategy that names an unknown package, steps back in time, loops or ends late."""
    seen = {package.name}
    last = 0
    for offer in package.offers:
        where = f"package {package.name}: offers: after_months {offer.after_months}"
        if offer.package not in names:
            close = difflib.get_close_matches(offer.package, names, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else f"; packages: {', '.join(names)}"
            raise ValueError(f"{where}: no package named {offer.package!r}{hint}")
        if offer.after_months <= last:
            raise ValueError(f"{where} steps back in time: months must increase (the one before is {last})")
        if offer.package in seen:
            raise ValueError(
                f"{where}: offers {offer.package!r} again, a loop (each package may be on the table once)"
            )
        if offer.after_months > horizon:
            raise ValueError(f"{where} comes after the horizon ({horizon} months)")
        seen.add(offer.package)
        last = offer.after_months
