"""What Russia expects to face: a package's timeline, priced over the months Russia looks ahead.

Russia's objection to a package (`world.russia.acceptance`) weighs what the package puts in Ukraine.
A package whose components come later or leave early puts less there over the years that matter to
Russia: a force that goes home at month 24 is, over a five-year horizon, two fifths of the force that
stays. Each component with events is therefore priced at its mean level over the first
`world.russia.acceptance.lookahead_months` months after the ceasefire (presence × size: a force scaled
to half counts half). A component without events counts in full, as before.

Under `start: war`, an event tied to the ceasefire (`after_ceasefire`) is priced from the ceasefire;
a component moved only by events at fixed months of the horizon (`month`) is priced from the month
Russia weighs the offer (`Drift`); one also moved by an election is priced as the timeline stands at
month 0 (a stated simplification).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from sim.model.packages import PackageArrays
from sim.model.timeline import Timeline

if TYPE_CHECKING:
    from sim.schema.scenario import Package

PRICED = (
    "reassurance_force",
    "buffer_zone",
    "nato_membership",
    "eu_membership",
    "defence_pledge",
    "us_backstop",
    "arms_support",
    "sanctions_snapback",
)
"""The channels whose presence Russia's objection weighs (a pledge's ratification is not one)."""


def foresight(packages: list[Package], n: int, elections: dict, lookahead) -> dict[str, np.ndarray]:
    """Each timed component's mean level over the first `lookahead` months after the ceasefire, (P, n).

    Empty where no package has events (every component then counts in full). `lookahead`: months,
    a number or one per world.
    """
    timeline = Timeline(packages, n, elections, war=False)  # `after_ceasefire` as months after it
    channels = [c for c in timeline.present if c in PRICED]
    if not channels:
        return {}
    months = np.broadcast_to(np.maximum(np.round(np.asarray(lookahead, dtype=float)), 1), (n,)).astype(int)
    sums = {c: np.zeros((len(packages), n)) for c in channels}
    weights = {c: np.ones((len(packages), n)) for c in channels}
    for month in range(1, int(months.max()) + 1):
        timeline.advance(month)
        ends = months == month
        for c in channels:
            sums[c] += timeline.level(c)
            if ends.any():
                weights[c][:, ends] = sums[c][:, ends] / month
    return weights


def priced(pk: PackageArrays, weights: dict[str, np.ndarray]) -> PackageArrays:
    """`pk` with what Russia sees of each timed component (`seen_*`) scaled by `weights`, (P, n).

    Only the fields `Russia.objection` reads change; what the package does is `pk`'s own.
    """
    if not weights:
        return pk

    def w(channel: str):
        return weights.get(channel, 1.0)

    force = sum(np.asarray(e.force_troops, dtype=float) for e in pk.party.values())
    zone = sum(np.asarray(e.zone_troops, dtype=float) for e in pk.party.values())
    funding = sum(np.asarray(e.funding, dtype=float) for e in pk.party.values())
    return replace(
        pk,
        seen_troops=force * w("reassurance_force") + zone * w("buffer_zone"),
        seen_nato=pk.nato * w("nato_membership"),
        seen_eu=pk.eu * w("eu_membership"),
        seen_pledge=pk.pledge_engagement * w("defence_pledge"),
        seen_backstop=pk.backstop * w("us_backstop"),
        seen_funding=funding * w("arms_support"),
        seen_snapback=pk.snapback * w("sanctions_snapback"),
    )


class Drift:
    """Under `start: war`, Russia's view of events at fixed months, priced from the month it weighs them.

    A component moved only by events at fixed months of the horizon (`month:`, the same in every world)
    has one level path for its package; Russia weighing the offer at month t prices the component at its
    mean level over months t+1 ... t+L (L: its lookahead), so a force withdrawn at month 6 is, from
    month 6 on, no force at all. Components also moved by events at elections or after the ceasefire
    keep their price from month 0 (`foresight`).

    Args:
        packages: the scenario's packages, in order.
        parties: the guarantors (for the timeline's election calendars, unused here).
        horizon: months in the horizon.
        lookahead: months Russia looks ahead, a number or one per world.
        n: number of worlds.

    """

    def __init__(self, packages: list[Package], parties, horizon: int, lookahead, n: int):
        self.rows: dict[str, np.ndarray] = {}  # per channel: the packages whose path is the same everywhere
        for p, package in enumerate(packages):
            for e in package.events:
                channel = e.channel
                if channel not in PRICED:
                    continue
                rows = self.rows.setdefault(channel, np.zeros(len(packages), dtype=bool))
                rows[p] = True
        for p, package in enumerate(packages):  # a path that differs by world or by ceasefire: not here
            for e in package.events:
                if e.channel in self.rows and e.month is None:
                    self.rows[e.channel][p] = False
        self.rows = {c: r for c, r in self.rows.items() if r.any()}
        self.months = np.broadcast_to(np.maximum(np.round(np.asarray(lookahead, dtype=float)), 1), (n,))
        self.months = self.months.astype(int)
        self.cumulative: dict[str, np.ndarray] = {}
        if not self.rows:
            return
        never = (np.array([1e9]), np.array([1e9]))
        timeline = Timeline(packages, 1, {g: never for g in parties}, war=False)
        last = horizon + int(self.months.max()) + 1
        paths = {c: np.zeros((len(packages), last + 1)) for c in self.rows}
        for month in range(1, last + 1):
            timeline.advance(month)
            for c in self.rows:
                paths[c][:, month] = np.broadcast_to(timeline.level(c), (len(packages), 1))[:, 0]
        self.cumulative = {c: np.cumsum(path, axis=1) for c, path in paths.items()}

    def __bool__(self) -> bool:
        return bool(self.rows)

    def weights(self, month: int, static: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Each timed channel's weight, (P, n), as Russia sees it at `month` (others: `static`'s)."""
        out = dict(static)
        for c, cumulative in self.cumulative.items():
            ends = np.minimum(month + self.months, cumulative.shape[1] - 1)
            seen = (cumulative[:, ends] - cumulative[:, [month]]) / self.months
            rows = self.rows[c][:, None]
            out[c] = np.where(rows, seen, static[c]) if c in static else np.where(rows, seen, 1.0)
        return out
