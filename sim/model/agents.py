"""The Mesa agents for Ukraine and the guarantors (Russia is in `sim/model/russia.py`).

Each holds its state as arrays over (packages, worlds) and decides by calling the pure rules of
`sim/model/decisions.py`; the model fixes the order of a month.

Shapes: P packages × n worlds. World parameters are scalars or (n,) arrays; package effects are
(P, 1) columns; state is (P, n) where it can differ between packages, (n,) where it cannot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from sim.model import decisions as d

if TYPE_CHECKING:
    from sim.model.model import DeterrenceModel
    from sim.schema.world import EuropeWorld, GuarantorWorld, UsWorld


class Guarantor(mesa.Agent):
    """A guarantor's politics: true resolve on the logit scale, elections, fatigue, funding."""

    key = ""  # "europe" or "us": the prefix of its world parameters

    def __init__(self, model: DeterrenceModel, funding: np.ndarray, force_troops, zone_troops, deployed):
        super().__init__(model)
        p = self.p = self.parameters(model)
        self.base_resolve = np.clip(p.resolve, 1e-4, 1 - 1e-4)
        self.casualty_aversion = p.casualty_aversion
        self.calendar = (np.round(p.first_election_month), np.round(p.election_interval_months))
        """First election month and interval, per world (a tuple: it stays per world when compacted)."""
        self.election_sd = p.election_shift_sd
        self.reversion, self.volatility = p.resolve_reversion, p.resolve_volatility
        self.fatigue_rate, self.incident_fatigue = p.fatigue_rate, p.incident_fatigue
        self.threshold = p.funding_threshold
        self.reaction_days, self.weight = p.reaction_days, p.fighting_weight
        self.decision_lag = p.decision_lag_days
        self.fight_cap = p.fight_cap
        self.half_troops = p.engagement_half_troops
        shape = model.shape
        self.baseline = np.broadcast_to(d.logit(self.base_resolve), (model.n,)).copy()
        self.x = np.broadcast_to(self.baseline, shape).copy()
        self.fatigue = np.zeros(shape)
        self.recovery, self.abstention = p.fatigue_recovery, p.abstention
        self.incident_month = np.zeros(shape, dtype=bool)  # an incident this month: no recovery
        self.resolve = d.expit(self.x)
        self.funding = funding  # €bn per year promised, (P, 1)
        self.deployed = np.broadcast_to(deployed, shape).copy()  # forces or backstop in place
        self.election = np.zeros(model.n, dtype=bool)
        self._election_rng = model.streams.generator(2, 0 if self.key == "europe" else 1)
        self.force_troops, self.zone_troops = force_troops, zone_troops  # its troops, (P, 1)
        self.force_present = np.broadcast_to(force_troops > 0, shape).copy()
        self.low_months = np.zeros(shape, dtype=np.int16)
        self.withdrawn = np.zeros(shape, dtype=bool)
        self.withdrawal_threshold = p.withdrawal_threshold
        self.withdrawal_months = np.round(p.withdrawal_months)
        self.troop_quality = p.troop_quality

    def parameters(self, model: DeterrenceModel) -> GuarantorWorld:
        """The guarantor's parameters, typed as the schema declares them."""
        raise NotImplementedError

    def politics(self, month: int, shock: np.ndarray) -> None:
        """Elections re-draw the baseline; resolve drifts towards it less fatigue."""
        first, interval = self.calendar
        election = np.broadcast_to((month >= first) & ((month - first) % interval == 0), (self.model.n,))
        per_world = self.model.cells.per_world
        self.election = per_world(election)
        if election.any():  # decided over every world, live or not, so the stream stays aligned
            draw = self._election_rng.standard_normal(self.model.n)
            fresh = d.logit(self.base_resolve) + self.election_sd * per_world(draw)
            self.baseline = np.where(self.election, fresh, self.baseline)
        self.fatigue *= 1 - self.recovery * ~self.incident_month
        self.incident_month[...] = False
        self.fatigue += self.fatigue_rate * self.casualty_aversion * self.deployed
        self.x = d.drift_resolve(self.x, self.baseline, self.fatigue, self.reversion, self.volatility, shock)
        self.resolve = d.expit(self.x)

    @property
    def willing(self) -> np.ndarray:
        """Whether resolve is above the threshold at which aid and backstop keep flowing."""
        return self.resolve >= self.threshold

    def funding_paid(self) -> np.ndarray:
        """€bn per year actually paid this month."""
        return self.funding * self.willing

    def answer(self, uniform: np.ndarray, asked: np.ndarray, engagement) -> np.ndarray:
        """Answer a detected probe with chance engagement × true resolve (cheap talk answers seldom)."""
        return asked & (uniform < engagement * self.resolve)

    def suffer_incident(self, incident: np.ndarray) -> None:
        """Casualties in an incident erode resolve, in proportion to casualty aversion."""
        self.fatigue += self.incident_fatigue * self.casualty_aversion * incident
        self.incident_month |= incident

    def consider_withdrawal(self) -> np.ndarray:
        """Withdraw, for good, its force once its resolve stayed low for too long; return who left."""
        low = (self.resolve < self.withdrawal_threshold) & self.force_present  # counted while deployed
        self.low_months = np.where(low, self.low_months + 1, 0).astype(np.int16)
        leaving = self.force_present & (self.low_months >= self.withdrawal_months)
        if leaving.any():
            self.force_present &= ~leaving
            self.withdrawn |= leaving
        return leaving

    def redeploy(self, force_troops, zone_troops, funding) -> np.ndarray:
        """Its troops and funding as the package's timeline now has them; return where its force left.

        A force withdrawn for want of resolve stays home; one scheduled to deploy arrives.
        """
        self.force_troops, self.zone_troops, self.funding = force_troops, zone_troops, funding
        present = (force_troops > 0) & ~self.withdrawn
        leaving = self.force_present & ~present
        self.force_present = np.broadcast_to(present, self.model.shape).copy()
        return leaving

    def troops_in_theatre(self) -> np.ndarray:
        """Its troops in Ukraine: its share of the force while present, plus of an armed zone."""
        return self.force_troops * self.force_present + self.zone_troops

    def static_engagement(self) -> np.ndarray:
        """Engagement by pledges and membership, (P, 1)."""
        raise NotImplementedError

    def engagement(self) -> np.ndarray:
        """How far its instruments engage it this month (0-1): pledges, membership, troops at risk."""
        troops = d.engagement_of_troops(self.troops_in_theatre(), self.half_troops)
        return d.combine(self.static_engagement(), troops)

    def fight(self, uniform: np.ndarray, attacked: np.ndarray, engagement, automaticity) -> np.ndarray:
        """Whether an engaged guarantor fights an attack, from its true resolve, unless it abstains."""
        chance = d.fight_probability(engagement, self.resolve, automaticity, self.fight_cap, self.abstention)
        return attacked & (uniform < chance)


class EuropeanCoalition(Guarantor):
    """The coalition of the willing: a reassurance force that can go home."""

    key = "europe"

    def __init__(self, model: DeterrenceModel):
        now = model.now
        super().__init__(model, now.funding_e, now.force_e, now.zone_e, now.force_e > 0)
        self.deployed = self.troops_in_theatre() > 0  # what tires Europe: its troops in Ukraine

    def parameters(self, model: DeterrenceModel) -> EuropeWorld:
        """Europe's parameters."""
        return model.params.europe

    def static_engagement(self) -> np.ndarray:
        """Europe is engaged by pledges naming it and by EU or NATO membership."""
        return self.model.now.engage_e


class UnitedStates(Guarantor):
    """The United States: a backstop it can pause, and commitments by pledge or NATO."""

    key = "us"

    def __init__(self, model: DeterrenceModel):
        now = model.now
        troops = (now.force_us + now.zone_us) > 0
        super().__init__(model, now.funding_us, now.force_us, now.zone_us, now.backstop | troops)

    def parameters(self, model: DeterrenceModel) -> UsWorld:
        """The US's parameters."""
        return model.params.us

    def backstop_on(self) -> np.ndarray:
        """The backstop is in place while US resolve is above its threshold."""
        return self.model.now.backstop & self.willing

    def static_engagement(self) -> np.ndarray:
        """The US is engaged by a pledge naming it or by NATO membership (the backstop alone does not)."""
        return self.model.now.engage_us


class Ukraine(mesa.Agent):
    """Ukraine's army and fortifications."""

    def __init__(self, model: DeterrenceModel):
        super().__init__(model)
        u = model.params.ukraine
        self.power = np.broadcast_to(u.initial_power, model.shape).astype(float)
        self.fortification = np.broadcast_to(u.fortification_initial, (model.n,)).astype(float)
        self.growth, self.wear = u.domestic_growth, u.wear
        self.arms_effect = u.arms_effect
        self.fort_max, self.fort_rate = (
            u.fortification_max,
            u.fortification_rate,
        )
        self.fort_gain = u.fortification_gain

    def build(self, funding_paid: np.ndarray) -> None:
        """Grow with domestic production and arms paid for, wear down, fortify."""
        self.power += self.growth + self.arms_effect * funding_paid - self.wear * self.power
        self.fortification += self.fort_rate * (self.fort_max - self.fortification)

    def local_defence(self, intelligence, air_defence) -> np.ndarray:
        """Ukraine's own defence: power × fortification × backstop multipliers."""
        return self.power * (1 + self.fort_gain * self.fortification) * (1 + intelligence + air_defence)
