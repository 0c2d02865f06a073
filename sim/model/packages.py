"""What each guarantee component does to the agents, compiled to arrays over packages.

`compile_packages` turns a list of packages into `PackageArrays`: one (P, 1) column per effect, so
that the model's (P, n) state broadcasts against it. How far each guarantor is engaged (0-1; it
fights with chance engagement × resolve, plus automaticity) follows from its costly instruments
(Fearon 1997; Reiter & Poast):
- Europe: a defence pledge naming it (declaration and agreement a little, treaty fully), its troops
  at risk in Ukraine (a reassurance force while deployed, an armed buffer zone: troops / (troops +
  a half-engagement size)), EU or NATO membership.
- US: a defence pledge naming it, NATO membership. The backstop alone commits no one: it adds
  denial and detection.
Several instruments combine as independent reasons to fight: 1 - prod(1 - engagement).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from sim.model.decisions import combine
from sim.schema.components import COMPONENTS, Party, Posture, Strength
from sim.schema.components.kinds import provider_shares
from sim.schema.scenario import Package


@dataclass
class PackageArrays:
    """Effects of each package as (P, 1) arrays (booleans or floats)."""

    engage_e: np.ndarray  # Europe's engagement by pledges and membership (troops aside)
    engage_us: np.ndarray  # the US's engagement by pledges and NATO
    auto_e: np.ndarray  # automaticity of Europe's commitment, force aside
    auto_us: np.ndarray
    force_troops: np.ndarray  # reassurance force troops (0 if none), all providers
    force_troops_e: np.ndarray  # of which Europe provides
    force_troops_us: np.ndarray  # of which the US provides
    tripwire: np.ndarray  # force in tripwire posture
    tripwire_low: np.ndarray
    tripwire_high: np.ndarray
    force_reaction_saved: np.ndarray  # days saved for Europe by full_reaction_troops in theatre
    full_reaction_troops: np.ndarray
    force_surprise_penalty: np.ndarray  # log-odds lost by an offensive with full_reaction_troops present
    zone_troops_e: np.ndarray  # troops of an armed buffer zone that Europe provides
    zone_troops_us: np.ndarray  # that the US provides
    signal_treaty_e: np.ndarray  # 1 if a treaty binds Europe
    signal_treaty_us: np.ndarray
    signal_member_e: np.ndarray  # 1 if membership binds Europe
    signal_member_us: np.ndarray
    backstop: np.ndarray
    intelligence: np.ndarray
    air_defence: np.ndarray
    surveillance: np.ndarray
    intelligence_gain: np.ndarray
    air_defence_gain: np.ndarray
    backstop_reaction_saved: np.ndarray
    warning_penalty: np.ndarray
    surveillance_warning_days: np.ndarray
    probe_detection: np.ndarray  # share of undetected probes surveillance detects
    width_km: np.ndarray
    reference_width_km: np.ndarray
    monitors: np.ndarray
    monitor_scale: np.ndarray
    armed: np.ndarray
    separation_penalty: np.ndarray
    armed_penalty: np.ndarray
    zone_warning_days: np.ndarray
    funding_e: np.ndarray  # €bn per year paid by Europe while its resolve allows
    funding_us: np.ndarray
    snapback: np.ndarray
    snap_trigger: np.ndarray  # chance a major violation brings sanctions back
    regeneration_slowdown: np.ndarray
    nato: np.ndarray
    nato_reaction_days: np.ndarray
    us_weight_multiplier: np.ndarray
    imposed: np.ndarray
    cost_bn_per_year: np.ndarray
    pledge_e: np.ndarray  # 1 if a defence pledge names Europe
    pledge_us: np.ndarray
    pledge_unratified: np.ndarray  # engagement of a treaty pledge before it is ratified (an agreement's)
    pledge_automaticity: np.ndarray  # automaticity of a ratified treaty
    pledge_treaty: np.ndarray  # 1 if the pledge is a treaty (a costly signal once ratified)
    eu_engagement: np.ndarray
    eu_automaticity: np.ndarray
    nato_engagement: np.ndarray
    nato_automaticity: np.ndarray
    foreign_troops: np.ndarray  # troops of the guarantors in Ukraine, a force and an armed zone
    pledge_engagement: np.ndarray  # engagement of a defence pledge (weight × share), whoever its parties
    eu: np.ndarray  # EU membership

    @property
    def size(self) -> int:
        """Number of packages."""
        return self.imposed.shape[0]


@dataclass
class Effect:
    """What one component does to the agents: `apply(component, effects, automaticity)` and its words."""

    apply: Callable[[Any, dict[str, float], dict[str, list[float]]], None]
    text: str


EFFECTS: dict[str, Effect] = {}
"""The effect of every component, by its name in a package: the one place a component's effect lives."""


def effect(name: str, text: str):
    """Register the function below as what component `name` does (`text` is shown by deter packages)."""
    if name not in COMPONENTS:
        raise KeyError(f"{name} is not a component of sim.schema.components")

    def register(fn):
        EFFECTS[name] = Effect(fn, " ".join(text.split()))
        return fn

    return register


@effect(
    "reassurance_force",
    """Engages each provider (Europe unless it names the US or shares) while its
    troops are deployed, more the more troops it has at risk (troops / (troops + its half-engagement
    size)). Troops add denial at once (quality × troops / Ukraine's army, fighting if their provider
    fights), cut their provider's reaction time and deny surprise; a costly signal of the provider's
    resolve as large as the engagement; they tire their provider. Tripwire posture adds a small,
    uncertain automaticity to each provider whatever the size (drawn per world; Russia believes its
    mean). Each provider's troops go home for good after months of its resolve below its threshold.""",
)
def _force(force, e, auto) -> None:
    e["force_troops"] = float(force.troops)
    e["foreign_troops"] += force.troops
    shares = provider_shares(force.provider)
    e["force_troops_e"] = force.troops * shares[Party.EUROPE]
    e["force_troops_us"] = force.troops * shares[Party.US]
    e["tripwire"] = float(force.posture is Posture.TRIPWIRE)
    e["tripwire_low"], e["tripwire_high"] = force.tripwire_low, force.tripwire_high
    e["force_reaction_saved"] = force.reaction_days_saved
    e["full_reaction_troops"] = float(force.full_reaction_troops)
    e["force_surprise_penalty"] = force.surprise_penalty


@effect(
    "defence_pledge",
    """Engages its parties: a declaration barely, an agreement a little (cheap
    talk), a treaty fully; both the parties' real chance of fighting and Russia's estimate of it are
    engagement × resolve. A treaty is also a costly signal and adds a little automaticity.""",
)
def _pledge(pledge, e, auto) -> None:
    weight = {
        Strength.DECLARATION: pledge.declaration_weight,
        Strength.AGREEMENT: pledge.agreement_weight,
        Strength.TREATY: pledge.treaty_weight,
    }[pledge.strength] * pledge.commitment_share
    e["pledge_engagement"] = weight
    e["pledge_unratified"] = pledge.agreement_weight * pledge.commitment_share
    treaty = pledge.strength is Strength.TREATY
    e["pledge_automaticity"] = pledge.treaty_automaticity if treaty else 0.0
    e["pledge_treaty"] = float(treaty)
    for party, suffix in ((Party.EUROPE, "e"), (Party.US, "us")):
        if party in pledge.parties:
            e[f"pledge_{suffix}"] = 1.0
            auto[f"engage_{suffix}"].append(weight)
            e[f"signal_treaty_{suffix}"] = float(treaty)
            auto[suffix].append(pledge.treaty_automaticity if treaty else 0.0)


@effect(
    "us_backstop",
    """Raises Ukraine's defence (intelligence, air defence), detects probes
    (surveillance), gives warning and speeds the US. Commits no one. Paused while US resolve is below
    its funding threshold.""",
)
def _backstop(b, e, auto) -> None:
    e.update(
        backstop=1.0,
        intelligence=b.intelligence,
        air_defence=b.air_defence,
        surveillance=b.surveillance,
        intelligence_gain=b.intelligence_gain,
        air_defence_gain=b.air_defence_gain,
        backstop_reaction_saved=b.reaction_days_saved,
        warning_penalty=b.warning_penalty,
        surveillance_warning_days=b.warning_days,
        probe_detection=b.probe_detection,
    )


@effect(
    "buffer_zone",
    """Separates the forces (penalises any offensive in proportion to width) and,
    with monitors, detects probes and gives committed guarantors warning, which shortens their reaction
    only beyond their decision lag. Unarmed monitors alone do not commit anyone. armed: a force
    (European unless it names its providers) holds the zone; its troops at risk engage their provider,
    as a reassurance force's do.""",
)
def _zone(zone, e, auto) -> None:
    e["width_km"], e["monitors"] = zone.width_km, float(zone.monitors)
    e["reference_width_km"], e["monitor_scale"] = zone.reference_width_km, zone.monitor_scale
    e["separation_penalty"], e["armed_penalty"] = zone.separation_penalty, zone.armed_penalty
    e["zone_warning_days"] = zone.warning_days
    if zone.armed:
        shares = provider_shares(zone.armed_provider)
        e["armed"] = 1.0
        e["foreign_troops"] += zone.armed_troops
        e["zone_troops_e"] = zone.armed_troops * shares[Party.EUROPE]
        e["zone_troops_us"] = zone.armed_troops * shares[Party.US]


@effect(
    "arms_support",
    """Raises Ukraine's power towards a higher steady state (time constant ~33
    months) while each donor's resolve is above its funding threshold; a monthly costly signal.""",
)
def _arms(arms, e, auto) -> None:
    share = arms.funding_bn_per_year / len(arms.donors)
    e["funding_e"] = share * (Party.EUROPE in arms.donors)
    e["funding_us"] = share * (Party.US in arms.donors)


@effect(
    "sanctions_snapback",
    """Snaps back after a major violation (an offensive, or an incident with
    casualties; probes do not trigger it) with chance trigger probability × Europe's resolve (will and
    unanimity). Russia weighs the expected cost at the margin (nothing more once sanctions are back)
    and at Europe's believed resolve; back in place, sanctions slow its regeneration.""",
)
def _snapback(snap, e, auto) -> None:
    e["snapback"], e["regeneration_slowdown"] = 1.0, snap.regeneration_slowdown
    e["snap_trigger"] = snap.trigger_probability


@effect("eu_membership", "Engages Europe fully with modest automaticity (art. 42(7)); a costly signal.")
def _eu(eu, e, auto) -> None:
    e["signal_member_e"], e["eu"] = 1.0, 1.0
    e["eu_engagement"], e["eu_automaticity"] = eu.engagement, eu.automaticity
    auto["engage_e"].append(eu.engagement)
    auto["e"].append(eu.automaticity)


@effect(
    "nato_membership",
    """Engages Europe and the US fully with high automaticity; faster reaction
    and more US combat power; a costly signal.""",
)
def _nato(nato, e, auto) -> None:
    e.update(signal_member_e=1.0, signal_member_us=1.0, nato=1.0)
    e["nato_engagement"], e["nato_automaticity"] = nato.engagement, nato.automaticity
    auto["engage_e"].append(nato.engagement)
    auto["engage_us"].append(nato.engagement)
    e["nato_reaction_days"] = nato.reaction_days
    e["us_weight_multiplier"] = nato.us_weight_multiplier
    auto["e"].append(nato.automaticity)
    auto["us"].append(nato.automaticity)


def _effects(p: Package) -> dict[str, float]:
    """Effects of one package as scalars: each component applies its registered effect, in order."""
    e = dict.fromkeys((f.name for f in fields(PackageArrays)), 0.0)
    e["us_weight_multiplier"] = 1.0
    e["full_reaction_troops"], e["reference_width_km"], e["monitor_scale"] = 1.0, 1.0, 1.0
    e["imposed"] = float(p.imposed)
    e["cost_bn_per_year"] = p.cost()
    auto: dict[str, list[float]] = {"e": [], "us": [], "engage_e": [], "engage_us": []}
    for name, component in p.components().items():  # in the order the package declares them
        EFFECTS[name].apply(component, e, auto)
    for key in ("e", "us"):
        e[f"auto_{key}"] = float(combine(*auto[key])) if auto[key] else 0.0
        e[f"engage_{key}"] = float(combine(*auto[f"engage_{key}"])) if auto[f"engage_{key}"] else 0.0
    return e


def compile_packages(packages: list[Package]) -> PackageArrays:
    """Stack the effects of each package into (P, 1) columns."""
    rows = [_effects(p) for p in packages]
    columns = {}
    for f in fields(PackageArrays):
        col = np.array([r[f.name] for r in rows], dtype=float).reshape(-1, 1)
        columns[f.name] = col.astype(bool) if f.name in _BOOLEAN else col
    return PackageArrays(**columns)


_BOOLEAN = {
    "tripwire",
    "backstop",
    "armed",
    "snapback",
    "nato",
    "imposed",
    "eu",
}


COMPONENT_EFFECTS = {name: e.text for name, e in EFFECTS.items()}
"""What each component does, in words (`deter packages`)."""
