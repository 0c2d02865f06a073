"""The Mesa agents for Ukraine and the guarantors (Russia is in `sim/model/russia.py`).

Each keeps its arrays in declared records (`sim/model/state.py`): `cells`, one value per (package, world)
cell, and `worlds`, one per world. Each decides by calling the pure rules of `sim/model/decisions.py`;
the model fixes the order of a month. A guarantor is a party keyed by name (`europe`, `us`, or one the
scenario adds): every rule is written once, for any party; its parameters are
`world.guarantors.<name>` (`model.params.guarantors[name]`, read where used, never copied), what its
package gives it is `model.now.party[name]`.

Shapes: P packages × n worlds. World parameters are scalars or (n,) arrays; package effects are
(P, 1) columns; state is (P, n) where it can differ between packages, (n,) where it cannot.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.model import decisions as d
from sim.model.state import Actor, Record
from sim.schema.sampling import ELECTIONS

if TYPE_CHECKING:
    from sim.model.timeline import PartyInForce
    from sim.model.types import ModelView
    from sim.schema.world import GuarantorWorld, UkraineWorld


NO_BACKSTOP = np.bool_(False)
"""What `backstop_on` gives a guarantor that gives no backstop in any package (no array to fill)."""


@dataclass(slots=True)
class GuarantorCells(Record):
    """A guarantor's state per (package, world) cell."""

    x: np.ndarray  # resolve on the logit scale
    resolve: np.ndarray  # resolve, logistic(x)
    fatigue: np.ndarray  # logit units taken off its baseline by deployments and incidents
    incident_month: np.ndarray  # an incident this month: no recovery of fatigue
    deployed: np.ndarray  # its troops or backstop in place (what tires it)
    force_present: np.ndarray  # its share of the reassurance force is in Ukraine
    low_months: np.ndarray  # months in a row its resolve stayed below the withdrawal threshold
    withdrawn: np.ndarray  # its force went home for want of resolve (for good)
    left: np.ndarray  # it left: its troops for want of resolve; a member of the states, everything it gave
    in_war: np.ndarray  # its forces fight Russia's in the war under way (direct war)
    war_draw: np.ndarray  # its own draw for the war under way: it joins when its chance rises above it
    casualties: np.ndarray  # thousands killed and wounded in renewed wars


@dataclass(slots=True)
class GuarantorWorlds(Record):
    """A guarantor's state per world (the same under every package)."""

    baseline: np.ndarray  # resolve's baseline on the logit scale, redrawn at elections
    election: np.ndarray  # an election this month


class Guarantor(Actor):
    """A guarantor's politics, keyed by name: true resolve on the logit scale, elections, fatigue.

    Args:
        model: the model.
        name: the party's name under `world.guarantors`.

    """

    def __init__(self, model: ModelView, name: str):
        super().__init__(model)
        self.name = name
        self.zone_troops = bool(np.any(np.asarray(model.pk_all.party[name].zone_troops) > 0))
        """Whether some package puts its troops in an armed buffer zone (they can go home too)."""
        shape, n = model.shape, model.n
        baseline = np.broadcast_to(d.logit(self.base_resolve()), (n,)).copy()
        x = np.broadcast_to(baseline, shape).copy()
        now = model.now.party[name]
        backstop = model.now.backstop & model.pk.party[name].backstop
        self.cells = GuarantorCells(
            x=x,
            resolve=d.expit(x),
            fatigue=np.zeros(shape),
            incident_month=np.zeros(shape, dtype=bool),
            deployed=np.broadcast_to(backstop | ((now.force + now.zone) > 0), shape).copy(),
            force_present=np.broadcast_to(now.force > 0, shape).copy(),
            low_months=np.zeros(shape, dtype=np.int16),
            withdrawn=np.zeros(shape, dtype=bool),
            left=np.zeros(shape, dtype=bool),
            in_war=np.zeros(shape, dtype=bool),
            war_draw=np.ones(shape),
            casualties=np.zeros(shape),
        )
        self.worlds = GuarantorWorlds(baseline=baseline, election=np.zeros(n, dtype=bool))
        self.election_draws = model.streams.party(ELECTIONS, name)
        self.member = name in model.members
        """A member of the coalition of states: it leaves by ending everything it gives."""
        self.lead = name in model.leads
        """A lead nation of the force: its exit weighs more on the others (world.cohesion)."""
        calendar = model.params_all.guarantors[name]
        self.stance_changes = bool(np.any(np.asarray(calendar.stance_change_chance) > 0))
        """Some world's election may bring a government of another stance (an extra draw, only then)."""

    @property
    def p(self) -> GuarantorWorld:
        """Its parameters, in the model's current layout of cells."""
        return self.model.params.guarantors[self.name]

    @property
    def resolve(self) -> np.ndarray:
        """Its true resolve this month."""
        return self.cells.resolve

    def base_resolve(self):
        """Its baseline resolve, kept off 0 and 1 (the logit of it is finite)."""
        return np.clip(self.p.resolve, 1e-4, 1 - 1e-4)

    def politics(self, month: int, shock: np.ndarray) -> None:
        """Elections re-draw the baseline; resolve drifts towards it less fatigue."""
        p, c, w = self.p, self.cells, self.worlds
        calendar = self.model.params_all.guarantors[self.name]  # every world's, live or not
        first, interval = np.round(calendar.first_election_month), np.round(calendar.election_interval_months)
        election = np.broadcast_to((month >= first) & ((month - first) % interval == 0), (self.model.n,))
        per_world = self.model.layout.per_world
        w.election = per_world(election)
        if election.any():  # decided over every world, live or not, so the stream stays aligned
            draw = self.election_draws.standard_normal(self.model.n)
            fresh = d.logit(self.base_resolve()) + p.election_shift_sd * per_world(draw)
            if self.stance_changes:  # a government of another stance, with its chance
                turn = per_world(self.election_draws.random(self.model.n)) < p.stance_change_chance
                fresh = fresh + p.stance_change_shift * turn
            w.baseline = np.where(w.election, fresh, w.baseline)
        c.fatigue *= np.where(c.incident_month, 1.0, 1 - p.fatigue_recovery)  # no recovery after an incident
        c.incident_month[...] = False
        c.fatigue += p.fatigue_rate * p.casualty_aversion * c.deployed
        c.x = d.drift_resolve(c.x, w.baseline, c.fatigue, p.resolve_reversion, p.resolve_volatility, shock)
        c.resolve = d.expit(c.x)

    def willing(self) -> np.ndarray:
        """Whether resolve is above the threshold at which aid and backstop keep flowing."""
        return self.cells.resolve >= self.p.funding_threshold

    def funding_paid(self) -> np.ndarray:
        """€bn per year actually paid this month (nothing once a member has left)."""
        paid = self.model.now.party[self.name].funding * self.willing()
        return paid * ~self.cells.left if self.member else paid

    def backstop_on(self) -> np.ndarray:
        """The backstop it gives is in place while its resolve is above its funding threshold."""
        gives = self.model.now.backstop & self.model.pk.party[self.name].backstop
        if not gives.any():
            return NO_BACKSTOP
        return gives & self.willing() & ~self.cells.left if self.member else gives & self.willing()

    def bonds(self) -> tuple[np.ndarray, np.ndarray]:
        """Its engagement and automaticity by pledges and membership (troops aside).

        A member that left the coalition ended its pledge: only a membership treaty still binds it.
        """
        now = self.model.now.party[self.name]
        if not self.member or not self.cells.left.any():
            return now.engage, now.auto
        left = self.cells.left
        return np.where(left, now.bound, now.engage), np.where(left, now.bound_auto, now.auto)

    def gives(self) -> np.ndarray:
        """Where it gives something: troops, a zone's, funding, a backstop, a pledge (not yet left)."""
        now, c = self.model.now.party[self.name], self.cells
        giving = c.force_present | (now.funding > 0) | (now.engage > now.bound)
        if self.zone_troops:
            giving = giving | ((now.zone > 0) & ~c.withdrawn)
        backstop = self.model.now.backstop & self.model.pk.party[self.name].backstop
        return (giving | backstop) & ~c.left

    def consider_exit(self) -> tuple[np.ndarray, np.ndarray]:
        """A member leaves the coalition, for good, once its resolve stayed low for too long.

        It ends everything it gives (troops home, funding and backstop stopped, its pledge void).
        Returns where it left, and where its troops went home with it.
        """
        c = self.cells
        leaving = self.low_too_long(self.gives())
        troops = leaving & c.force_present
        if leaving.any():
            c.left |= leaving
            c.force_present &= ~leaving
            c.withdrawn |= leaving
        return leaving, troops

    def answer(self, uniform: np.ndarray, asked: np.ndarray, engagement) -> np.ndarray:
        """Answer a detected probe with chance engagement × true resolve (cheap talk answers seldom)."""
        return asked & (uniform < engagement * self.cells.resolve)

    def suffer_incident(self, incident: np.ndarray) -> None:
        """Casualties in an incident erode resolve, in proportion to casualty aversion."""
        p = self.p
        self.cells.fatigue += p.incident_fatigue * p.casualty_aversion * incident
        self.cells.incident_month |= incident

    def low_too_long(self, where: np.ndarray) -> np.ndarray:
        """Where its resolve has stayed below its withdrawal threshold for its months, counted in `where`."""
        c = self.cells
        low = (c.resolve < self.p.withdrawal_threshold) & where  # counted only where it gives or is deployed
        c.low_months = np.where(low, c.low_months + 1, 0).astype(np.int16)
        return where & (c.low_months >= np.round(self.p.withdrawal_months))

    def consider_withdrawal(self) -> np.ndarray:
        """Withdraw, for good, its troops once its resolve stayed low for too long; return who left.

        Its troops are its share of the reassurance force and of an armed buffer zone: both go home
        together (a zone's troops are not held there by a resolve that sent the force home).
        """
        c = self.cells
        deployed = c.force_present
        if self.zone_troops:
            deployed = deployed | ((self.model.now.party[self.name].zone > 0) & ~c.withdrawn)
        leaving = self.low_too_long(deployed)
        if leaving.any():
            c.force_present &= ~leaving
            c.withdrawn |= leaving
            c.left |= leaving
        return leaving

    def redeploy(self) -> np.ndarray:
        """Its troops as the package's timeline now has them; return where its force left.

        A force withdrawn for want of resolve stays home; one scheduled to deploy arrives.
        """
        c = self.cells
        present = (self.model.now.party[self.name].force > 0) & ~c.withdrawn
        leaving = c.force_present & ~present
        c.force_present = np.broadcast_to(present, self.model.shape).copy()
        return leaving

    def troops_in_theatre(self, now: PartyInForce | None = None) -> np.ndarray:
        """Its troops in Ukraine: its share of the force while present, plus of an armed zone.

        `now`: what its package has in force for it (default this month's; the month before's, to
        compare).
        """
        now = now or self.model.now.party[self.name]
        if not self.zone_troops:  # no package puts its troops in a zone: its zone troops are all 0
            return now.force * self.cells.force_present
        return now.force * self.cells.force_present + now.zone * ~self.cells.withdrawn

    def troop_engagement(self, now: PartyInForce | None = None) -> np.ndarray:
        """How far its troops at risk engage it (0-1)."""
        return d.engagement_of_troops(self.troops_in_theatre(now), self.p.engagement_half_troops)

    def engagement(self) -> np.ndarray:
        """How far its instruments engage it this month (0-1): pledges, membership, troops at risk."""
        return d.combine(self.bonds()[0], self.troop_engagement())

    def automaticity(self) -> np.ndarray:
        """The automaticity of its commitments this month, force aside."""
        return self.bonds()[1]

    def fight(self, uniform: np.ndarray, attacked: np.ndarray, chance) -> np.ndarray:
        """Whether it fights an attack in its first month.

        `chance` is what its bonds, resolve and interests give it (`sim.model.war.War.entry_chance`);
        the draw stays its own for the rest of the war.
        """
        return attacked & (uniform < chance)


@dataclass(slots=True)
class UkraineCells(Record):
    """Ukraine's state per cell."""

    power: np.ndarray  # its army's power (1 at month 0)
    casualties: np.ndarray  # thousands killed and wounded since month 0
    alpha: dict  # its Beta belief about each guarantor's resolve (start: war): counts for
    beta: dict  # and against


@dataclass(slots=True)
class UkraineWorlds(Record):
    """Ukraine's state per world."""

    fortification: np.ndarray  # 0-1, towards its ceiling


class Ukraine(Actor):
    """Ukraine's army and fortifications."""

    def __init__(self, model: ModelView):
        super().__init__(model)
        u, t = self.p, model.params.talks
        prior = np.broadcast_to(t.ukraine_prior * t.ukraine_prior_strength, model.shape)
        against = np.broadcast_to((1 - t.ukraine_prior) * t.ukraine_prior_strength, model.shape)
        war = model.scenario.start == "war"
        self.cells = UkraineCells(
            power=np.broadcast_to(u.initial_power, model.shape).astype(float),
            casualties=np.zeros(model.shape),
            alpha={name: prior.astype(float) for name in model.guarantors} if war else {},
            beta={name: against.astype(float) for name in model.guarantors} if war else {},
        )
        self.worlds = UkraineWorlds(
            fortification=np.broadcast_to(u.fortification_initial, (model.n,)).astype(float)
        )

    @property
    def p(self) -> UkraineWorld:
        """Ukraine's parameters, in the model's current layout."""
        return self.model.params.ukraine

    @property
    def power(self) -> np.ndarray:
        """Its army's power."""
        return self.cells.power

    def build(self, funding_paid: np.ndarray) -> None:
        """Grow with domestic production and arms paid for, wear down, fortify."""
        u, c, w = self.p, self.cells, self.worlds
        c.power += u.domestic_growth + u.arms_effect * funding_paid - u.wear * c.power
        w.fortification += u.fortification_rate * (u.fortification_max - w.fortification)
        if self.model.capped:
            self.cap(self.model.state.accepted)

    def cap(self, where: np.ndarray) -> None:
        """A deal's cap on its army (terms.army_limit, × its power at month 0) holds where it took effect."""
        limit = self.model.pk.army_limit
        capped = where & (limit > 0)
        if np.any(capped):
            self.cells.power = np.where(capped, np.minimum(self.cells.power, limit), self.cells.power)

    def local_defence(self, intelligence, air_defence) -> np.ndarray:
        """Ukraine's own defence: power × fortification × backstop multipliers."""
        u = self.p
        return (
            self.cells.power
            * (1 + u.fortification_gain * self.worlds.fortification)
            * (1 + intelligence + air_defence)
        )
