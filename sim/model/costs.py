"""What a package costs, month by month: each component's annual cost while, and as far as, it is in force.

A component is charged for the months it is in force in a world, at the size it has there: a force
that goes home at month 24 (on schedule, or for want of resolve) costs nothing after; a force scaled
to half costs half; arms cost what the donors actually pay (a donor whose resolve fell below its
funding threshold pays nothing that month); a backstop costs while it runs; every component but arms
waits for the ceasefire (`start: war`). A buffer zone, treaties, memberships and the snap-back clause
cost their declared annual figure × their timeline's level (scaled, withdrawn) while in force. A
component's annual cost at full size is its `cost_bn_per_year` (or its default estimate from its
settings: a force's troops, a backstop's capabilities, a zone's monitors).
"""

from __future__ import annotations

from functools import reduce
from typing import TYPE_CHECKING

import numpy as np

from sim.model.types import total

if TYPE_CHECKING:
    from sim.model.packages import PackageArrays
    from sim.model.timeline import InForce

CHANNEL_COSTS = (
    ("buffer_zone", "cost_zone"),
    ("defence_pledge", "cost_pledge"),
    ("sanctions_snapback", "cost_snapback"),
    ("eu_membership", "cost_eu"),
    ("nato_membership", "cost_nato"),
)
"""Components charged at their declared cost × their timeline's level while the ceasefire holds them."""


def _share(part, whole) -> np.ndarray:
    """Part / whole, 0 where whole is 0."""
    part, whole = np.asarray(part, dtype=float), np.asarray(whole, dtype=float)
    shape = np.broadcast_shapes(part.shape, whole.shape)
    return np.divide(part, whole, out=np.zeros(shape), where=whole > 0)


class Costs:
    """The monthly charge of each cell's package (€bn), from what is in force and what is paid.

    Args:
        pk: the packages' arrays as declared (their cost columns, troops, funding).
        timed: the channels some package's timeline moves (the others are in force at level 1).

    """

    def __init__(self, pk: PackageArrays, timed):
        self.force = bool(np.any(pk.cost_force > 0))
        self.backstop = bool(np.any(pk.cost_backstop > 0))
        self.arms = bool(np.any(pk.cost_arms > 0))
        priced = [(c, f) for c, f in CHANNEL_COSTS if np.any(getattr(pk, f) > 0)]
        self.moving = [(c, f) for c, f in priced if c in timed]
        self.fixed = [f for c, f in priced if c not in timed]
        self.any = self.force or self.backstop or self.arms or bool(priced)
        self._pk: PackageArrays | None = None
        self._declared: tuple = (0.0, 0.0, 0.0)

    def declared(self, pk: PackageArrays) -> tuple:
        """Each cell's package's declared troops and funding, and the annual cost of its untimed channels.

        Kept until the model gathers or compacts its packages (a new `pk`).
        """
        if pk is not self._pk:
            self._pk = pk
            self._declared = (
                total(e.force_troops for e in pk.party.values()),
                total(e.funding for e in pk.party.values()),
                total(getattr(pk, f) for f in self.fixed) if self.fixed else 0.0,
            )
        return self._declared

    def month(self, pk, now: InForce, present: dict, backstop: dict, paid: dict, level, gate):
        """The month's charge per cell in €bn (a twelfth of each annual cost, as far as it is in force).

        `present`: per guarantor, where its share of the force is in Ukraine; `backstop`: where the
        backstop it gives runs; `paid`: €bn a year it pays in arms; `level(channel)`: the timeline's
        level; `gate`: where the ceasefire has taken effect.
        """
        troops, funding, fixed = self.declared(pk)
        charge = fixed * gate if self.fixed else 0.0
        if self.force:
            in_theatre = total(now.party[g].force * present[g] for g in now.party)
            charge = charge + pk.cost_force * _share(in_theatre, troops)
        if self.backstop:
            running = reduce(np.logical_or, backstop.values(), False)
            charge = charge + pk.cost_backstop * running
        if self.arms:
            charge = charge + pk.cost_arms * _share(total(paid.values()), funding)
        for channel, field in self.moving:
            charge = charge + getattr(pk, field) * (level(channel) * gate)
        return charge / 12.0
