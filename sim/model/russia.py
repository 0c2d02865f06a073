"""Russia: the agent whose choice the guarantees try to shape."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import mesa
import numpy as np

from sim.model import decisions as d

if TYPE_CHECKING:
    from sim.model.model import DeterrenceModel


@dataclass
class Theatre:
    """What an offensive would meet, as Russia or the battlefield sees it this month."""

    local_defence: np.ndarray  # Ukraine's own defence, with backstop multipliers
    troops_power_e: np.ndarray  # combat power of Europe's troops already in Ukraine
    troops_power_us: np.ndarray  # of the US's
    europe_reaction: np.ndarray  # days for Europe's other forces to arrive
    us_reaction: np.ndarray
    penalty: np.ndarray  # separation and lost surprise, in log-odds of success


@dataclass
class Calculus:
    """Russia's monthly calculus: choice probabilities and the quantities behind them."""

    p_limited: np.ndarray
    p_full: np.ndarray
    p_probe: np.ndarray
    detect: np.ndarray
    u_limited: np.ndarray  # expected utility of a limited offensive, under Russia's beliefs
    u_full: np.ndarray  # of a full invasion


@dataclass
class Move:
    """Russia's move this month, world by world, and what the guarantors' answers depend on."""

    limited: np.ndarray  # a limited offensive
    full: np.ndarray  # a full invasion
    probe: np.ndarray  # a grey-zone probe (only where there is no attack)
    detect: np.ndarray  # the chance a probe is detected
    engaged_e: np.ndarray  # Europe's engagement (only an engaged guarantor answers or fights)
    engaged_us: np.ndarray
    utility: np.ndarray  # expected utility of the offensive chosen (else of the better one)

    @property
    def committed_e(self) -> np.ndarray:
        """Europe is engaged at all."""
        return self.engaged_e > 0

    @property
    def committed_us(self) -> np.ndarray:
        """The US is engaged at all."""
        return self.engaged_us > 0

    @property
    def attack(self) -> np.ndarray:
        """An offensive of either kind."""
        return self.limited | self.full


class Russia(mesa.Agent):
    """Power that regenerates, a wandering pressure, and Beta beliefs about each guarantor."""

    def __init__(self, model: DeterrenceModel):
        super().__init__(model)
        pk, shape = model.pk, model.shape
        r = self.p = model.params.russia
        self.power = np.broadcast_to(r.initial_power, shape).astype(float)
        self.readiness = np.broadcast_to(r.initial_readiness, (model.n,)).astype(float)
        self.max_power, self.regeneration = r.max_power, r.regeneration_rate
        self.pressure = np.broadcast_to(r.initial_pressure, (model.n,)).astype(float)
        self.acceptance = self.acceptance_chance()
        self.grievance = pk.imposed * r.imposition_grievance * (1 - self.acceptance)
        self.cost_weight = r.cost_weight
        self.sanctioned = np.zeros(shape, dtype=bool)
        self.alpha, self.beta = {}, {}

    def objection(self) -> np.ndarray:
        """How much Russia objects to each package, in log-odds of accepting it, (P, 1)."""
        pk, a = self.model.pk, self.p.acceptance
        troops = d.engagement_of_troops(pk.foreign_troops, a.troops_scale)
        return (
            a.foreign_troops * troops
            + a.nato * pk.nato
            + a.eu * pk.eu
            + a.pledge * pk.pledge_engagement
            + a.backstop * pk.backstop
            + a.arms * (pk.funding_e + pk.funding_us)
            + a.snapback * pk.snapback
        )

    def acceptance_chance(self) -> np.ndarray:
        """Chance Russia accepts the ceasefire with each package, in each world, (P, n) or (P, 1)."""
        r, a = self.p, self.p.acceptance
        return d.acceptance_probability(
            a.base, self.objection(), r.ambition, a.ambition, r.initial_power, a.power
        )

    def form_beliefs(self, europe, us) -> None:
        """Prior beliefs plus the costly signals of the package, at each guarantor's true resolve.

        A signal of weight w adds w·r pseudo-observations for and w·(1 − r) against, r the
        guarantor's true resolve: only a resolute guarantor pays a cost it means to honour, so a weak
        guarantor's deployment raises Russia's belief less than a strong one's (or lowers it).
        """
        now, r = self.model.now, self.p
        troops = {
            g.key: r.signal_troops * d.engagement_of_troops(g.force_troops + g.zone_troops, g.half_troops)
            for g in (europe, us)
        }
        signals = {
            "europe": r.signal_treaty * now.treaty_e + r.signal_membership * now.member_e,
            "us": r.signal_treaty * now.treaty_us + r.signal_membership * now.member_us,
        }
        signals = {key: signals[key] + troops[key] for key in signals}
        n0 = r.prior_resolve.strength
        for g in (europe, us):
            prior = r.prior_resolve.europe if g.key == "europe" else r.prior_resolve.us
            self.alpha[g.key] = prior * n0 + signals[g.key] * g.resolve
            self.beta[g.key] = (1 - prior) * n0 + signals[g.key] * (1 - g.resolve)

    def choose(self, theatre: Theatre, backstop: np.ndarray, u) -> Move:
        """3. Russia weighs its options under its beliefs and chooses (the nested logit, drawn)."""
        model, pk = self.model, self.model.pk
        europe, us = model.europe, model.us
        engaged_e, engaged_us = europe.engagement(), us.engagement()
        auto_e = d.combine(model.now.auto_e, model.tripwire_believed * europe.force_present)
        auto_us = d.combine(model.now.auto_us, model.tripwire_believed * us.force_present)
        calc = self.calculus(theatre, engaged_e, engaged_us, auto_e, auto_us, pk.surveillance * backstop)
        limited = u.attack < calc.p_limited
        full = ~limited & (u.attack < calc.p_limited + calc.p_full)
        probe = ~(limited | full) & (u.probe < calc.p_probe)
        best = np.maximum(calc.u_limited, calc.u_full)
        utility = np.where(limited, calc.u_limited, np.where(full, calc.u_full, best))
        return Move(limited, full, probe, calc.detect, engaged_e, engaged_us, utility)

    def see_withdrawal(self, key: str, leaving: np.ndarray) -> None:
        """Troops going home are a costly signal of low resolve: Russia's belief in their provider falls."""
        if leaving.any():
            self.beta[key] = self.beta[key] + self.p.signal_withdrawal * leaving

    def see_change(self, guarantor, change, weight, against=1.0) -> None:
        """A commitment that grows or shrinks on the package's timeline, as Russia reads it.

        Growth is a costly signal at the guarantor's true resolve (`weight` × the growth); a commitment
        that shrinks on schedule counts against it as a withdrawal does (× `against`).
        """
        if np.any(change != 0):
            self.observe(guarantor.key, weight * np.maximum(change, 0.0), guarantor.resolve)
            self.see_withdrawal(guarantor.key, np.maximum(-change, 0.0) * against)

    def see_monthly_signals(self, guarantor, paying: np.ndarray) -> None:
        """Aid paid or troops kept this month: a small costly signal at the guarantor's true resolve."""
        self.observe(guarantor.key, self.p.signal_monthly * paying, guarantor.resolve)

    def incident_chance(self) -> np.ndarray:
        """Chance an answered probe turns into an incident with casualties (more often if imposed)."""
        friction = np.where(self.model.pk.imposed, self.p.imposed_friction, 1.0)
        return np.minimum(self.p.incident_probability * friction, 1.0)

    def incidents(self, answered: np.ndarray, uniform: np.ndarray) -> np.ndarray:
        """Answered probes that turn into incidents with casualties."""
        return answered & (uniform < self.incident_chance())

    def snap_back(self, violation: np.ndarray, uniform: np.ndarray) -> None:
        """After a major violation, sanctions come back with Europe's will and the EU's unanimity.

        The chance is the package's trigger probability × Europe's true resolve.
        """
        pk = self.model.pk
        chance = pk.snap_trigger * self.model.europe.resolve
        self.sanctioned |= self.model.now.snapback & violation & (uniform < chance)

    def sanctions_risk(self) -> np.ndarray:
        """Russia's believed chance a major violation brings back sanctions (at the margin).

        Sanctions already back cost nothing more; a snap-back clause is a promise, priced like the
        others at Europe's believed resolve.
        """
        pk = self.model.pk
        return self.model.now.snapback * pk.snap_trigger * self.believed("europe") * ~self.sanctioned

    def believed(self, key: str) -> np.ndarray:
        """Russia's believed resolve of a guarantor."""
        return d.believed_resolve(self.alpha[key], self.beta[key])

    def observe(self, key: str, weight, resolve) -> None:
        """A costly signal of the given weight (pseudo-observations) at the true resolve."""
        self.alpha[key] = self.alpha[key] + weight * resolve
        self.beta[key] = self.beta[key] + weight * (1 - resolve)

    def learn(self, key: str, observed, responded, engagement) -> None:
        """Update from a detected probe: an answer counts for, a silence against as much as it engaged."""
        self.alpha[key], self.beta[key] = d.update_beliefs(
            self.alpha[key], self.beta[key], observed, responded, engagement
        )

    def regenerate(self, shock: np.ndarray) -> None:
        """Power regrows towards its ceiling, slowed by sanctions; exhausted units refit; pressure wanders."""
        slow = 1 - self.model.pk.regeneration_slowdown * self.sanctioned
        self.power += (
            self.regeneration * (self.max_power - self.power) * slow - self.p.strain_rate * self.power
        )
        self.readiness += self.p.readiness_recovery * (1 - self.readiness)
        self.pressure = self.p.pressure_persistence * self.pressure + (self.p.pressure_volatility * shock)

    def success(self, theatre: Theatre, kind: str, fight_e, fight_us, where=None) -> np.ndarray:
        """Chance an offensive of this kind succeeds if Europe and the US fight with these odds.

        With `where` (indices into (packages, worlds)), compute it for those worlds only.
        """
        shape = self.model.shape
        at = (lambda x: x) if where is None else (lambda x: np.broadcast_to(x, shape)[where])  # noqa: E731
        r, local, power = self.p, at(theatre.local_defence), at(self.power * self.readiness)
        limited = kind == "limited"
        days = at(r.limited_days if limited else r.full_days) * local / power
        europe_reach = d.reach(days, at(theatre.europe_reaction))
        europe, us = self.model.europe, self.model.us
        us_weight = us.weight * np.where(self.model.now.nato, self.model.pk.us_weight_multiplier, 1.0)
        us_reach = d.reach(days, at(theatre.us_reaction))
        defence = (
            local
            + at(fight_e) * (at(theatre.troops_power_e) + at(europe.weight) * europe_reach)
            + at(fight_us) * (at(theatre.troops_power_us) + at(us_weight) * us_reach)
        )
        return d.success_probability(
            power,
            defence,
            at(r.limited_threshold if limited else r.full_threshold),
            at(r.success_slope),
            at(theatre.penalty),
        )

    def calculus(self, theatre: Theatre, engaged_e, engaged_us, auto_e, auto_us, surveillance) -> Calculus:
        """Expected utilities of each option under Russia's beliefs, and the nested logit choice."""
        r, pk = self.p, self.model.pk
        europe, us = self.model.europe, self.model.us
        pf_e = d.perceived_fight(
            engaged_e, self.believed("europe"), auto_e, europe.fight_cap, europe.abstention
        )
        pf_us = d.perceived_fight(engaged_us, self.believed("us"), auto_us, us.fight_cap, us.abstention)
        motive = r.ambition * np.maximum(1 + self.pressure + self.grievance, 0.0)
        sanctions = self.sanctions_risk() * r.sanctions_cost
        punishment = pf_e * r.europe_fight_cost + pf_us * r.us_fight_cost + sanctions
        utility = {}
        options = (("limited", r.limited_value, r.limited_cost), ("full", 1.0, r.full_cost))
        for kind, value, cost in options:
            p = self.success(theatre, kind, pf_e, pf_us)
            utility[kind] = d.attack_utility(
                p,
                value,
                motive,
                cost,
                punishment,
                r.fait_accompli,
                self.cost_weight,
            )
        detect = d.detection_probability(
            r.probe_undetected, self.model.now.monitors, pk.monitor_scale, surveillance, pk.probe_detection
        )
        information = r.probe_information_value * (
            (engaged_e > 0) * d.belief_uncertainty(self.alpha["europe"], self.beta["europe"])
            + (engaged_us > 0) * d.belief_uncertainty(self.alpha["us"], self.beta["us"])
        )
        # answered (at about the believed chance of a fight), a probe may cost an incident and sanctions
        answered = np.maximum(pf_e, pf_us)
        threat = answered * (r.probe_response_cost + self.incident_chance() * sanctions)
        u_probe = d.probe_utility(detect, r.probe_gain, r.probe_cost, information, threat, self.cost_weight)
        p_lim, p_full, p_probe = d.nested_choice(
            utility["limited"], utility["full"], u_probe, r.temperature, r.probe_temperature
        )
        return Calculus(p_lim, p_full, p_probe, detect, utility["limited"], utility["full"])
