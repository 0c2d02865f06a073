"""What each package has in force, month by month: its components as its timeline moves them.

`Timeline` compiles the packages' `events:` into the month each happens in each world (an election's
month can differ between worlds) and keeps a level per changed channel, (P, n): 0 absent, 1 as
declared, a factor when scaled. `in_force` turns the levels into what the agents read (troops,
funding, engagement, the zone, the backstop); without events every level is 1 and it returns the
package as declared, bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.model.decisions import combine
from sim.model.state import scatter
from sim.schema.events import ON, RATIFIED, Action

if TYPE_CHECKING:
    from sim.model.packages import PackageArrays
    from sim.schema.scenario import Package


@dataclass(slots=True)
class PartyInForce:
    """What a package has in force for one guarantor this month: (P, 1) columns, or (P, n)."""

    engage: np.ndarray  # its engagement by pledges and membership (troops aside)
    auto: np.ndarray  # automaticity of its commitments, force aside
    bound: np.ndarray  # its engagement by membership alone (what binds a member that left)
    bound_auto: np.ndarray  # the automaticity of membership alone
    treaty: np.ndarray  # a ratified treaty binds it (a costly signal)
    member: np.ndarray  # membership binds it (a costly signal)
    force: np.ndarray  # its troops in the reassurance force
    zone: np.ndarray  # its troops in an armed zone
    funding: np.ndarray  # €bn a year it promised


@dataclass(slots=True)
class InForce:
    """What each package has in force this month: (P, 1) columns, or (P, n) once events differ by world."""

    nato: np.ndarray  # NATO membership in force
    backstop: np.ndarray
    snapback: np.ndarray
    monitors: np.ndarray
    zone_warning: np.ndarray  # days of warning the zone's monitors give
    zone_penalty: np.ndarray  # log-odds the zone takes off an offensive's success
    party: dict[str, PartyInForce]  # what binds, and what each guarantor sends and pays


FIELDS_OF = {
    "defence_pledge": ("engage", "auto", "treaty"),
    RATIFIED: ("engage", "auto", "treaty"),
    "eu_membership": ("engage", "auto", "member", "bound", "bound_auto"),
    "nato_membership": ("engage", "auto", "member", "nato", "bound", "bound_auto"),
    "reassurance_force": ("force",),
    "buffer_zone": ("zone", "monitors", "zone_warning", "zone_penalty"),
    "arms_support": ("funding",),
    "us_backstop": ("backstop",),
    "sanctions_snapback": ("snapback",),
}
"""What each channel's level moves in `in_force` (to recompute only that when only it changed)."""


def in_force(pk: PackageArrays, level, before: InForce | None = None, changed=None) -> InForce:
    """What is in force at these levels (`level(channel)` gives 1.0 for a channel without events).

    With `before` and `changed` (the channels whose levels moved since `before`), only what those
    channels move is recomputed; the rest is `before`'s (the same numbers, fewer passes).
    """
    if before is not None and changed is not None:
        fields = {f for channel in changed for f in FIELDS_OF[channel]}
    else:
        fields = None

    def want(*names) -> bool:
        return fields is None or any(n in fields for n in names)

    party = {}
    if want("engage", "auto", "treaty", "member"):
        pledge, ratified = level("defence_pledge"), level(RATIFIED)
        pledge_weight = pledge * (ratified * pk.pledge_engagement + (1 - ratified) * pk.pledge_unratified)
        treaty = pledge * ratified * pk.pledge_treaty
        pledge_auto = pledge * ratified * pk.pledge_automaticity
        eu, nato = level("eu_membership"), level("nato_membership")
        eu_engagement, nato_engagement = pk.eu_engagement * eu, pk.nato_engagement * nato
        eu_auto, nato_auto = pk.eu_automaticity * eu, pk.nato_automaticity * nato
    force, zone, arms = level("reassurance_force"), level("buffer_zone"), level("arms_support")
    for g, e in pk.party.items():
        old = before.party[g] if before is not None else None
        if want("engage", "auto", "treaty", "member"):
            bonds = dict(
                engage=combine(pledge_weight * e.pledge, eu_engagement * e.eu, nato_engagement * e.nato),
                auto=combine(pledge_auto * e.pledge, eu_auto * e.eu, nato_auto * e.nato),
                treaty=treaty * e.pledge,
                member=np.maximum(e.eu * pk.eu * eu, e.nato * pk.nato * nato),
                bound=combine(eu_engagement * e.eu, nato_engagement * e.nato),
                bound_auto=combine(eu_auto * e.eu, nato_auto * e.nato),
            )
        else:
            bonds = dict(
                engage=old.engage,
                auto=old.auto,
                treaty=old.treaty,
                member=old.member,
                bound=old.bound,
                bound_auto=old.bound_auto,
            )
        party[g] = PartyInForce(
            **bonds,
            force=e.force_troops * force if want("force") else old.force,
            zone=e.zone_troops * zone if want("zone") else old.zone,
            funding=e.funding * arms if want("funding") else old.funding,
        )
    if want("monitors", "zone_warning", "zone_penalty"):
        monitors = pk.monitors * zone
        width = pk.width_km / pk.reference_width_km * (zone > 0)
        zone_warning = pk.zone_warning_days * width * np.minimum(monitors / pk.monitor_scale, 1.0)
        zone_penalty = width * (pk.separation_penalty + pk.armed_penalty * pk.armed)
    else:
        monitors, zone_warning, zone_penalty = before.monitors, before.zone_warning, before.zone_penalty
    return InForce(
        nato=pk.nato & (level("nato_membership") > 0) if want("nato") else before.nato,
        backstop=pk.backstop & (level("us_backstop") > 0) if want("backstop") else before.backstop,
        snapback=pk.snapback & (level("sanctions_snapback") > 0) if want("snapback") else before.snapback,
        monitors=monitors,
        zone_warning=zone_warning,
        zone_penalty=zone_penalty,
        party=party,
    )


def gated(now: InForce, gate: np.ndarray, before: InForce | None = None, changed=None) -> InForce:
    """What is in force where the ceasefire has taken effect (`gate`), arms support everywhere.

    Every component but arms waits for the ceasefire; a gate of 0 or 1 multiplies each of their
    quantities (and `combine`, of terms each × the gate, is the gate × `combine` of the terms). With
    `before` (the gated values at the same gate) and `changed` channels, only what they move is gated
    again.
    """
    fields = {f for channel in changed for f in FIELDS_OF[channel]} if changed is not None else None
    old = before if before is not None else now

    def gate_of(name: str, value, kept, boolean: bool = False):
        if fields is not None and name not in fields:
            return kept
        return value & gate if boolean else value * gate

    bonds = ("engage", "auto", "treaty", "member", "bound", "bound_auto", "force", "zone")
    party = {
        g: PartyInForce(
            **{f: gate_of(f, getattr(e, f), getattr(old.party[g], f)) for f in bonds}, funding=e.funding
        )
        for g, e in now.party.items()
    }
    return InForce(
        nato=gate_of("nato", now.nato, old.nato, True),
        backstop=gate_of("backstop", now.backstop, old.backstop, True),
        snapback=gate_of("snapback", now.snapback, old.snapback, True),
        monitors=gate_of("monitors", now.monitors, old.monitors),
        zone_warning=gate_of("zone_warning", now.zone_warning, old.zone_warning),
        zone_penalty=gate_of("zone_penalty", now.zone_penalty, old.zone_penalty),
        party=party,
    )


def open_gate(now: InForce, declared: InForce, at) -> None:
    """The ceasefire took effect at `at`'s cells: there, what is in force becomes what the timeline has.

    In place, at those cells only (`gated` with the gate opened there: the same numbers).
    """
    if not at.flat.size:
        return

    def copy(target: np.ndarray, source) -> None:
        scatter(target, at.flat, at(source))

    for name in ("nato", "backstop", "snapback", "monitors", "zone_warning", "zone_penalty"):
        copy(getattr(now, name), getattr(declared, name))
    for party, e in now.party.items():
        for name in ("engage", "auto", "treaty", "member", "bound", "bound_auto", "force", "zone"):
            copy(getattr(e, name), getattr(declared.party[party], name))


def election_months(first: np.ndarray, interval: np.ndarray, nth: int) -> np.ndarray:
    """Month of a guarantor's n-th election after the ceasefire, world by world."""
    return np.round(first) + (nth - 1) * np.round(interval)


class Timeline:
    """The packages' events, compiled to months per world, and the levels they set.

    A channel's level is its presence (0 or 1: deploy, start, ratify / withdraw, stop) times its
    size (1, or the factor of the last `scale`), so a force scaled down and withdrawn comes back at
    its scaled size, and one withdrawn stays home whatever it is scaled to. At one month, events apply
    in the order the package lists them. Under start: war (`war=True`) an event `after_ceasefire`
    happens that many months after each cell's ceasefire (`ceasefire`); what waits for the ceasefire is
    `gated`.

    Args:
        packages: the scenario's packages, in order.
        n: number of worlds.
        elections: for each guarantor, the (first month, interval) of its elections, scalars or (n,).
        war: the horizon opens on the war (`start: war`).

    """

    def __init__(self, packages: list[Package], n: int, elections: dict[str, tuple], war: bool = False):
        self.relative = war and any(e.after_ceasefire is not None for p in packages for e in p.events)
        self.events: list[tuple[int, str, np.ndarray, Action, float]] = []  # package, channel, month, ...
        for p, package in enumerate(packages):
            for e in package.events:
                if e.month is not None:
                    month = np.full(n, float(e.month))
                elif e.after_ceasefire is not None:  # a month once the cell's ceasefire comes
                    later = np.full((len(packages), n), np.inf)
                    month = later if war else np.full(n, float(e.after_ceasefire))
                else:
                    first, interval = elections[str(e.election)]
                    month = np.broadcast_to(election_months(first, interval, e.nth), (n,)).astype(float)
                self.events.append((p, e.channel, month, e.action, e.factor or 0.0))
        self.after = [float(e.after_ceasefire or 0) for package in packages for e in package.events]
        self.present: dict[str, np.ndarray] = {}
        self.size: dict[str, np.ndarray] = {}
        for channel in dict.fromkeys(c for _, c, *_ in self.events):
            self.present[channel] = np.ones((len(packages), n))
            self.size[channel] = np.ones((len(packages), n))
        for p, channel in dict.fromkeys((p, c) for p, c, *_ in self.events):
            mine = [
                (m, a) for q, c, m, a, _ in self.events if (q, c) == (p, channel) and a is not Action.SCALE
            ]
            if not mine:
                continue
            months = np.stack([m if m.ndim == 1 else m[p] for m, _ in mine])  # relative ones: inf until then
            first = np.array([a in ON for _, a in mine])[months.argmin(axis=0)]  # at a tie, the first listed
            self.present[channel][p] = np.where(first, 0.0, 1.0)  # absent until it comes into force
        self.initial = {c: v.copy() for c, v in self.present.items()}
        """Each channel's presence before any event, (P, n): where a cell offered another package starts."""
        finite = [m for _, _, month, _, _ in self.events for m in np.unique(month) if np.isfinite(m)]
        self.months = {int(m) for m in finite}
        self.package: np.ndarray | None = None  # each cell's package row, once compacted or offers move it
        self.worlds: np.ndarray | None = None  # each cell's world, once compacted

    def level(self, channel: str):
        """The level of a channel: presence × size, (P, n) if events move it, else 1.0."""
        if channel not in self.present:
            return 1.0
        return self.present[channel] * self.size[channel]

    def ceasefire(self, where: np.ndarray, month: int) -> None:
        """The cells in `where` reached a ceasefire this month: their `after_ceasefire` events get months."""
        if not self.relative:
            return
        for (_, _, when, _, _), after in zip(self.events, self.after, strict=True):
            if after and when.shape == where.shape:
                when[where] = month + after

    def adopt(self, where: np.ndarray, row: int, month: int) -> None:
        """The cells in `where` take package `row`'s timeline as it stands at `month` (an offer changed)."""
        for channel in self.present:
            initial = self.initial[channel][row]
            start = initial[self.worlds] if self.worlds is not None else np.broadcast_to(initial, where.shape)
            self.present[channel][where] = start[where]
            self.size[channel][where] = 1.0
        for p, channel, when, action, factor in self.events:
            if p != row or not np.isfinite(when).any():
                continue
            due = where & (np.broadcast_to(when, where.shape) <= month)
            if action is Action.SCALE:
                self.size[channel][due] = factor
            else:
                self.present[channel][due] = float(action in ON)

    def advance(self, month: int) -> set[str]:
        """Apply this month's events, in the order listed; return the channels they moved (empty: none)."""
        if month not in self.months and not self.relative:
            return set()
        applied: set[str] = set()
        for p, channel, when, action, factor in self.events:
            now = when == month
            if not now.any():
                continue
            applied.add(channel)
            where = (p, now) if self.package is None else now & (self.package == p)
            if action is Action.SCALE:
                self.size[channel][where] = factor
            else:
                self.present[channel][where] = float(action in ON)
        return applied

    def compact(self, convert, cells, rows: np.ndarray) -> None:
        """Follow the model to its live cells: levels and event months per cell (`sim.model.cells`)."""
        self.present = {k: convert(v) for k, v in self.present.items()}
        self.size = {k: convert(v) for k, v in self.size.items()}
        self.events = [(p, c, convert(m), a, f) for p, c, m, a, f in self.events]
        self.package, self.worlds = rows, cells.w
