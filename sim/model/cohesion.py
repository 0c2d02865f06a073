"""A coalition of states that can unravel: exits, contagion, a force below its viable size, the wedge.

Under `coalition: states` every member decides on its own to stay or leave (`Guarantor.consider_exit`:
its resolve stayed below its threshold for its months, worn by casualties, time and threats); a member
that leaves ends everything it gives. Here what follows (`world.cohesion`):

- **Contagion.** Each remaining member's resolve falls by `exit_contagion` (`lead_exit_contagion` when a
  lead nation leaves), as fatigue that fades like any other (Davidson 2014: allies leave when the fallout
  of leaving looks small; an exit shows it is).
- **Russia reads an exit** as a signal about the leaver (`world.russia.signal_withdrawal`) and about every
  member still in (`exit_signal` pseudo-observations against each).
- **A viable force.** A force shrinks by what its leavers provided; below `viable_force_share` of its
  declared troops, the rest go home (for good).
- **The wedge.** With chance `wedge` a month's probe is aimed at the member Russia believes weakest among
  those committed: only it answers (and bears any incident), and it is threatened (`wedge_threat` of
  fatigue, times its casualty aversion) (Weisiger 2015; Crawford 2011).

With the aggregate `europe` (no members) none of this runs and no draw is taken.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.types import total
from sim.schema.sampling import WEDGE

if TYPE_CHECKING:
    from sim.model.types import Draws, ModelView, Move


class Cohesion:
    """The coalition's cohesion rules, for the model's members (`model.members`)."""

    def __init__(self, model: ModelView):
        self.model = model
        self.members = list(model.members)
        wedge = np.asarray(model.params_all.cohesion.wedge)
        self.wedge_on = bool(self.members) and bool(np.any(wedge > 0))
        """Whether some world's Russia may aim its probes (then, and only then, a draw a month)."""
        self.wedge_draws = model.streams.generator(WEDGE) if self.wedge_on else None

    @property
    def p(self):
        """`world.cohesion`, in the model's current layout of cells."""
        return self.model.params.cohesion

    def exits(self) -> np.ndarray:
        """Members leave or stay; the others and Russia read each exit. Returns where troops went home."""
        model, russia = self.model, self.model.russia
        troops_home = np.zeros(model.shape, dtype=bool)
        exits = {}
        for name in self.members:
            g = model.guarantors[name]
            left, troops = g.consider_exit()
            exits[name] = left
            troops_home |= troops
            russia.see_withdrawal(name, left)
        p = self.p
        for name, left in exits.items():
            if not left.any():
                continue
            size = p.lead_exit_contagion if model.guarantors[name].lead else p.exit_contagion
            for other in self.members:
                if other == name:
                    continue
                g = model.guarantors[other]
                still = left & ~g.cells.left
                g.cells.fatigue = g.cells.fatigue + size * still
                russia.cells.beta[other] = russia.cells.beta[other] + p.exit_signal * still
        return troops_home

    def viability(self) -> np.ndarray:
        """Where the force fell below its viable size this month: its remaining troops go home."""
        model = self.model
        now, guarantors = model.now, model.guarantors
        declared = total(now.party[name].force for name in guarantors)
        if not np.any(declared > 0):
            return np.zeros(model.shape, dtype=bool)
        present = total(g.cells.force_present * now.party[name].force for name, g in guarantors.items())
        below = (present > 0) & (present < self.p.viable_force_share * declared)
        below = np.broadcast_to(below, model.shape)
        if below.any():
            for name, g in guarantors.items():
                gone = below & g.cells.force_present
                if gone.any():
                    g.cells.force_present = g.cells.force_present & ~below
                    g.cells.withdrawn = g.cells.withdrawn | gone
                    model.russia.see_withdrawal(name, gone)
        return below

    def aims(self, move: Move, u: Draws) -> dict[str, np.ndarray] | None:
        """Whom each cell's probe is put to: every committed guarantor, or (wedged) the weakest member.

        None when no world's Russia wedges (every committed guarantor is asked). The target member is
        threatened this month.
        """
        if not self.wedge_on:
            return None
        model = self.model
        draw = model.layout.per_world(self.wedge_draws.random(model.n))
        wedged = draw < self.p.wedge
        scores = np.stack(
            [
                np.where(
                    (move.engaged[name] > 0) & ~model.guarantors[name].cells.left,
                    move.believed[name],
                    np.inf,
                )
                for name in self.members
            ]
        )
        weakest = np.argmin(scores, axis=0)
        someone = np.isfinite(scores.min(axis=0))
        aims = {name: np.ones(model.shape, dtype=bool) for name in model.guarantors}
        p = self.p
        for i, name in enumerate(self.members):
            target = wedged & someone & (weakest == i)
            aims[name] = ~wedged | target
            g = model.guarantors[name]
            threatened = target & move.probe
            if threatened.any():
                g.cells.fatigue = g.cells.fatigue + p.wedge_threat * g.p.casualty_aversion * threatened
        for name in model.guarantors:
            if name not in self.members:
                aims[name] = ~wedged | ~someone
        return aims
