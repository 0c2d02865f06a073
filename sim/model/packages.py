"""What each guarantee component does to the agents, compiled to arrays over packages: the one input seam.

`compile_packages` turns a scenario's packages into `PackageArrays`: one (P, 1) column per effect, so that
the model's (P, n) state broadcasts against it, and one `PartyArrays` per guarantor for the effects that
fall on a party (its troops, funding, pledges, memberships, the backstop it gives). How far each
guarantor is engaged (0-1; it fights with chance engagement × resolve, plus automaticity) follows from
its costly instruments (Fearon 1997; Reiter & Poast): a defence pledge naming it (declaration and
agreement a little, treaty fully), its troops at risk in Ukraine (troops / (troops + a half-engagement
size)), EU or NATO membership binding it. The backstop alone commits no one: it adds denial and
detection. Several instruments combine as independent reasons to fight: 1 - prod(1 - engagement).

A component's effect is one class: its schema (`sim.schema.components`) and an `effect` registered here
that writes typed fields of `Effects` (a misspelt field is an error at once). Adding a component is that
class, its registration and its documentation in `docs/model.md`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from sim.schema.components import COMPONENTS, Posture, Strength
from sim.schema.components.kinds import donor_shares, provider_shares
from sim.schema.scenario import Package


@dataclass(slots=True)
class PartyEffects:
    """What one package does to one guarantor (scalars while compiling; (P, 1) columns once compiled)."""

    force_troops: Any = 0.0  # its troops in the reassurance force
    zone_troops: Any = 0.0  # its troops holding an armed buffer zone
    funding: Any = 0.0  # €bn per year it pays while its resolve allows
    pledge: Any = 0.0  # 1 if the defence pledge names it
    eu: Any = 0.0  # 1 if EU membership binds it
    nato: Any = 0.0  # 1 if NATO membership binds it
    nato_weight: Any = 1.0  # its combat power multiplier under NATO (the US's)
    backstop: Any = 0.0  # 1 if it gives the package's backstop
    sanctions: Any = 0.0  # 1 if its will snaps sanctions back


PARTY_BOOLEAN = frozenset({"nato", "backstop"})


@dataclass(slots=True)
class PackageArrays:
    """What each package does, field by field: (P, 1) columns, or (P, n) in a lever sweep.

    Scalars for one package while it is compiled. Package-wide effects; what falls on each guarantor
    is in `party`.
    """

    party: dict[str, Any]
    imposed: Any = 0.0  # the whole package comes without Russia's consent
    imposes: Any = 0.0  # some of it does (grievance and friction)
    recognition: Any = 0.0  # the deal recognises Russia's hold (terms)
    army_limit: Any = 0.0  # the deal caps Ukraine's power at this (terms; 0: no cap)
    cost_bn_per_year: Any = 0.0
    cost_force: Any = 0.0  # €bn a year of each component as declared (what `sim.model.costs` charges)
    cost_zone: Any = 0.0
    cost_backstop: Any = 0.0
    cost_arms: Any = 0.0
    cost_pledge: Any = 0.0
    cost_snapback: Any = 0.0
    cost_eu: Any = 0.0
    cost_nato: Any = 0.0
    seen_troops: Any = 0.0  # what Russia's objection weighs: as declared, or over its lookahead (foresight)
    seen_nato: Any = 0.0
    seen_eu: Any = 0.0
    seen_pledge: Any = 0.0
    seen_backstop: Any = 0.0
    seen_funding: Any = 0.0
    seen_snapback: Any = 0.0
    foreign_troops: Any = 0.0  # troops of the guarantors in Ukraine, a force and an armed zone
    tripwire: Any = 0.0  # a force in tripwire posture
    tripwire_low: Any = 0.0
    tripwire_high: Any = 0.0
    force_reaction_saved: Any = 0.0  # days saved for its provider by full_reaction_troops in theatre
    full_reaction_troops: Any = 1.0
    force_surprise_penalty: Any = 0.0  # log-odds lost by an offensive with full_reaction_troops present
    pledge_engagement: Any = 0.0  # engagement of a defence pledge (weight × share), whoever its parties
    pledge_unratified: Any = 0.0  # engagement of a treaty pledge before it is ratified (an agreement's)
    pledge_automaticity: Any = 0.0  # automaticity of a ratified treaty
    pledge_treaty: Any = 0.0  # 1 if the pledge is a treaty (a costly signal once ratified)
    backstop: Any = 0.0
    intelligence: Any = 0.0
    air_defence: Any = 0.0
    surveillance: Any = 0.0
    intelligence_gain: Any = 0.0
    air_defence_gain: Any = 0.0
    backstop_reaction_saved: Any = 0.0
    warning_penalty: Any = 0.0
    surveillance_warning_days: Any = 0.0
    probe_detection: Any = 0.0  # share of undetected probes surveillance detects
    width_km: Any = 0.0
    reference_width_km: Any = 1.0
    monitors: Any = 0.0
    monitor_scale: Any = 1.0
    armed: Any = 0.0
    separation_penalty: Any = 0.0
    armed_penalty: Any = 0.0
    zone_warning_days: Any = 0.0
    snapback: Any = 0.0
    snap_trigger: Any = 0.0  # chance a major violation brings sanctions back (times the decider's resolve)
    regeneration_slowdown: Any = 0.0
    eu: Any = 0.0  # EU membership
    eu_engagement: Any = 0.0
    eu_automaticity: Any = 0.0
    nato: Any = 0.0
    nato_engagement: Any = 0.0
    nato_automaticity: Any = 0.0
    nato_reaction_days: Any = 0.0

    @property
    def size(self) -> int:
        """Number of packages."""
        return self.imposed.shape[0]

    def convert(self, convert: Callable[[np.ndarray], np.ndarray]) -> PackageArrays:
        """Every column passed through `convert` (to follow the model to its live cells)."""
        return _mapped(self, convert)


BOOLEAN = frozenset({"tripwire", "backstop", "armed", "snapback", "nato", "imposed", "imposes", "eu"})
COLUMNS = tuple(f.name for f in fields(PackageArrays) if f.name != "party")


def _mapped(pk: PackageArrays, fn: Callable[[np.ndarray], np.ndarray]) -> PackageArrays:
    party = {
        g: PartyEffects(**{f.name: fn(getattr(e, f.name)) for f in fields(PartyEffects)})
        for g, e in pk.party.items()
    }
    return PackageArrays(party=party, **{name: fn(getattr(pk, name)) for name in COLUMNS})


def gather(pk: PackageArrays, rows: np.ndarray, worlds: np.ndarray) -> PackageArrays:
    """Each cell's effects taken from package row `rows` of `pk` in its world (an offer on the table)."""
    size = pk.size

    def take(col):
        col = np.asarray(col)
        return np.broadcast_to(col, (size, col.shape[1]))[rows, worlds if col.shape[1] > 1 else 0]

    return _mapped(pk, take)


def select(settings: list[PackageArrays], which: np.ndarray) -> PackageArrays:
    """Per-world effects of a lever sweep: world j takes setting `which[j]`'s columns, (P, n)."""

    def pick(get) -> np.ndarray:
        return np.stack([get(s)[:, 0] for s in settings], axis=1)[:, which]

    party = {
        g: PartyEffects(
            **{f.name: pick(lambda s, g=g, n=f.name: getattr(s.party[g], n)) for f in fields(PartyEffects)}
        )
        for g in settings[0].party
    }
    return PackageArrays(party=party, **{n: pick(lambda s, n=n: getattr(s, n)) for n in COLUMNS})


@dataclass
class Effect:
    """What one component does: `apply(component, effects)`, and its words (`deter packages`)."""

    apply: Callable[[Any, PackageArrays], None]
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
    """Engages each provider (Europe unless it names others or shares) while its
    troops are deployed, more the more troops it has at risk (troops / (troops + its half-engagement
    size)). Troops add denial at once (quality × troops / Ukraine's army, fighting if their provider
    fights), cut their provider's reaction time and deny surprise; a costly signal of the provider's
    resolve as large as the engagement; they tire their provider. Tripwire posture adds a small,
    uncertain automaticity to each provider whatever the size (drawn per world; Russia believes its
    mean). Each provider's troops go home for good after months of its resolve below its threshold.""",
)
def _force(force, e: PackageArrays) -> None:
    e.foreign_troops += force.troops
    for party, share in provider_shares(force.provider).items():
        e.party[party].force_troops = force.troops * share
    e.tripwire = float(force.posture is Posture.TRIPWIRE)
    e.tripwire_low, e.tripwire_high = force.tripwire_low, force.tripwire_high
    e.force_reaction_saved = force.reaction_days_saved
    e.full_reaction_troops = float(force.full_reaction_troops)
    e.force_surprise_penalty = force.surprise_penalty


@effect(
    "defence_pledge",
    """Engages its parties: a declaration barely, an agreement a little (cheap
    talk), a treaty fully; both the parties' real chance of fighting and Russia's estimate of it are
    engagement × resolve. A treaty is also a costly signal and adds a little automaticity.""",
)
def _pledge(pledge, e: PackageArrays) -> None:
    weight = {
        Strength.DECLARATION: pledge.declaration_weight,
        Strength.AGREEMENT: pledge.agreement_weight,
        Strength.TREATY: pledge.treaty_weight,
    }[pledge.strength] * pledge.commitment_share
    e.pledge_engagement = weight
    e.pledge_unratified = pledge.agreement_weight * pledge.commitment_share
    treaty = pledge.strength is Strength.TREATY
    e.pledge_automaticity = pledge.treaty_automaticity if treaty else 0.0
    e.pledge_treaty = float(treaty)
    for party in pledge.parties:
        e.party[party].pledge = 1.0


@effect(
    "us_backstop",
    """Raises Ukraine's defence (intelligence, air defence), detects probes
    (surveillance), gives warning and speeds its provider (the US). Commits no one. Paused while its
    provider's resolve is below its funding threshold.""",
)
def _backstop(b, e: PackageArrays) -> None:
    e.backstop, e.intelligence, e.air_defence, e.surveillance = (
        1.0,
        b.intelligence,
        b.air_defence,
        b.surveillance,
    )
    e.intelligence_gain, e.air_defence_gain = b.intelligence_gain, b.air_defence_gain
    e.backstop_reaction_saved, e.warning_penalty = b.reaction_days_saved, b.warning_penalty
    e.surveillance_warning_days, e.probe_detection = b.warning_days, b.probe_detection
    e.party[b.provider].backstop = 1.0


@effect(
    "buffer_zone",
    """Separates the forces (penalises any offensive in proportion to width) and,
    with monitors, detects probes and gives committed guarantors warning, which shortens their reaction
    only beyond their decision lag. Unarmed monitors alone do not commit anyone. armed: a force
    (European unless it names its providers) holds the zone; its troops at risk engage their provider,
    as a reassurance force's do.""",
)
def _zone(zone, e: PackageArrays) -> None:
    e.width_km, e.monitors = zone.width_km, float(zone.monitors)
    e.reference_width_km, e.monitor_scale = zone.reference_width_km, zone.monitor_scale
    e.separation_penalty, e.armed_penalty = zone.separation_penalty, zone.armed_penalty
    e.zone_warning_days = zone.warning_days
    if zone.armed:
        e.armed = 1.0
        e.foreign_troops += zone.armed_troops
        for party, share in provider_shares(zone.armed_provider).items():
            e.party[party].zone_troops = zone.armed_troops * share


@effect(
    "arms_support",
    """Raises Ukraine's power towards a higher steady state (time constant ~33
    months) while each donor's resolve is above its funding threshold; a monthly costly signal.""",
)
def _arms(arms, e: PackageArrays) -> None:
    for party, share in donor_shares(arms.donors).items():
        e.party[party].funding = arms.funding_bn_per_year * share


@effect(
    "sanctions_snapback",
    """Snaps back after a major violation (an offensive, or an incident with
    casualties; probes do not trigger it) with chance trigger probability × the resolve of the
    guarantor that decides (Europe: will and unanimity). Russia weighs the expected cost at the margin
    (nothing more once sanctions are back) and at that guarantor's believed resolve; back in place,
    sanctions slow its regeneration.""",
)
def _snapback(snap, e: PackageArrays) -> None:
    e.snapback, e.regeneration_slowdown, e.snap_trigger = (
        1.0,
        snap.regeneration_slowdown,
        snap.trigger_probability,
    )
    deciders = [snap.decided_by] if isinstance(snap.decided_by, str) else snap.decided_by
    for party in deciders:
        e.party[party].sanctions = 1.0


@effect(
    "eu_membership",
    "Engages its parties (Europe) fully with modest automaticity (art. 42(7)); a costly signal.",
)
def _eu(eu, e: PackageArrays) -> None:
    e.eu, e.eu_engagement, e.eu_automaticity = 1.0, eu.engagement, eu.automaticity
    for party in eu.parties:
        e.party[party].eu = 1.0


@effect(
    "nato_membership",
    """Engages its parties (Europe and the US) fully with high automaticity;
    faster reaction and more US combat power; a costly signal.""",
)
def _nato(nato, e: PackageArrays) -> None:
    e.nato, e.nato_engagement, e.nato_automaticity = 1.0, nato.engagement, nato.automaticity
    e.nato_reaction_days = nato.reaction_days
    for party in nato.parties:
        e.party[party].nato = 1.0
        if party == "us":
            e.party[party].nato_weight = nato.us_weight_multiplier


def effects(p: Package, parties: list[str]) -> PackageArrays:
    """Effects of one package as scalars: each component applies its registered effect, in order."""
    e = PackageArrays(party={g: PartyEffects() for g in parties})
    e.imposed, e.imposes, e.cost_bn_per_year = float(p.imposed is True), float(bool(p.imposed)), p.cost()
    e.recognition, e.army_limit = float(p.terms.recognition), float(p.terms.army_limit or 0.0)
    for name, component in p.components().items():  # in the order the package declares them
        EFFECTS[name].apply(component, e)
        setattr(e, COST_FIELDS[name], component.cost())
    e.seen_troops, e.seen_nato, e.seen_eu = e.foreign_troops, float(e.nato), float(e.eu)
    e.seen_pledge, e.seen_backstop, e.seen_snapback = (
        e.pledge_engagement,
        float(e.backstop),
        float(e.snapback),
    )
    e.seen_funding = sum(party.funding for party in e.party.values())
    return e


COST_FIELDS = {
    "reassurance_force": "cost_force",
    "buffer_zone": "cost_zone",
    "us_backstop": "cost_backstop",
    "arms_support": "cost_arms",
    "defence_pledge": "cost_pledge",
    "sanctions_snapback": "cost_snapback",
    "eu_membership": "cost_eu",
    "nato_membership": "cost_nato",
}
"""The `PackageArrays` field of each component's annual cost."""


def compile_packages(
    packages: list[Package], parties: list[str] | None = None, agreed: bool = False
) -> PackageArrays:
    """Stack the effects of each package into (P, 1) columns, for every guarantor in `parties`.

    `agreed`: of each package as Russia is asked to agree to it (without its imposed components).
    """
    parties = list(parties or ("europe", "us"))
    rows = [effects(p.agreed() if agreed else p, parties) for p in packages]

    def column(values, boolean: bool) -> np.ndarray:
        col = np.array(values, dtype=float).reshape(-1, 1)
        return col.astype(bool) if boolean else col

    party = {
        g: PartyEffects(
            **{
                f.name: column([getattr(r.party[g], f.name) for r in rows], f.name in PARTY_BOOLEAN)
                for f in fields(PartyEffects)
            }
        )
        for g in parties
    }
    return PackageArrays(
        party=party, **{n: column([getattr(r, n) for r in rows], n in BOOLEAN) for n in COLUMNS}
    )


COMPONENT_EFFECTS = {name: e.text for name, e in EFFECTS.items()}
"""What each component does, in words (`deter packages`)."""
