"""Russia: the agent whose choice the guarantees try to shape."""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from typing import TYPE_CHECKING

import numpy as np

from sim.model import decisions as d
from sim.model.decisions import Action
from sim.model.state import Actor, Record, Subset
from sim.model.types import Move, PerParty, Theatre, total
from sim.model.war import Phase

if TYPE_CHECKING:
    from sim.model.types import Draws, ModelView
    from sim.schema.russia_world import RussiaWorld


@dataclass(slots=True)
class Calculus:
    """Russia's monthly calculus: choice probabilities and the quantities behind them."""

    p_limited: np.ndarray
    p_full: np.ndarray
    p_probe: np.ndarray
    detect: np.ndarray
    u_limited: np.ndarray  # expected utility of a limited offensive, under Russia's beliefs
    u_full: np.ndarray  # of a full invasion
    believed: PerParty  # its believed resolve of each guarantor


@dataclass(slots=True)
class RussiaCells(Record):
    """Russia's state per (package, world) cell."""

    power: np.ndarray  # its military power (Ukraine's at the ceasefire = 1)
    grievance: np.ndarray  # added to its motive by a package imposed over its objection
    sanctioned: np.ndarray  # sanctions have snapped back
    alpha: PerParty  # its Beta belief about each guarantor's resolve: counts for
    beta: PerParty  # and against
    readiness: np.ndarray  # share of its power it could put into an offensive now
    pressure: np.ndarray  # domestic pressure, a wandering motive (reset by how a war ended)
    since: np.ndarray  # months since the ceasefire in force (the first, or the last war's)
    casualties: np.ndarray  # thousands killed and wounded in renewed wars


class Russia(Actor):
    """Power that regenerates, a wandering pressure, and Beta beliefs about each guarantor."""

    def __init__(self, model: ModelView):
        super().__init__(model)
        r, shape = self.p, model.shape
        self.cells = RussiaCells(
            power=np.broadcast_to(r.initial_power, shape).astype(float),
            grievance=model.pk.imposes * r.imposition_grievance * (1 - self.acceptance_chance()),
            sanctioned=np.zeros(shape, dtype=bool),
            alpha={},
            beta={},
            readiness=np.broadcast_to(r.initial_readiness, shape).astype(float),
            pressure=np.broadcast_to(r.initial_pressure, shape).astype(float),
            since=np.zeros(shape, dtype=np.int16),
            casualties=np.zeros(shape),
        )

    @property
    def p(self) -> RussiaWorld:
        """Russia's parameters, in the model's current layout."""
        return self.model.params.russia

    @property
    def power(self) -> np.ndarray:
        """Its military power."""
        return self.cells.power

    def objection(self, pk=None) -> np.ndarray:
        """How much Russia objects to each package (default the model's), in log-odds of accepting it.

        What it contains (world.russia.acceptance), as it expects to face it over its lookahead
        (`sim.model.foresight`), less what its terms concede (world.talks).
        """
        pk, a, t = pk if pk is not None else self.model.pk, self.p.acceptance, self.model.params.talks
        troops = d.engagement_of_troops(pk.seen_troops, a.troops_scale)
        return (
            a.foreign_troops * troops
            + a.nato * pk.seen_nato
            + a.eu * pk.seen_eu
            + a.pledge * pk.seen_pledge
            + a.backstop * pk.seen_backstop
            + a.arms * pk.seen_funding
            + a.snapback * pk.seen_snapback
            - t.recognition * pk.recognition
            - t.army_limit * (pk.army_limit > 0)
        )

    def acceptance_chance(self, pk=None) -> np.ndarray:
        """Chance Russia accepts the ceasefire with each package once (start: ceasefire), (P, n) or (P, 1)."""
        r, a = self.p, self.p.acceptance
        return d.acceptance_probability(
            a.base, self.objection(pk), r.ambition, a.ambition, r.initial_power, a.power
        )

    def package_signal(self, name: str, at=None) -> np.ndarray:
        """The costly signal (pseudo-observations) of what the package has in force for a guarantor.

        `at` (a `Subset`): at its cells only.
        """
        r, now, g = self.p, self.model.now.party[name], self.model.guarantors[name]
        at = at or (lambda x: x)
        troops = at(r.signal_troops) * d.engagement_of_troops(
            at(now.force) + at(now.zone), at(g.p.engagement_half_troops)
        )
        return at(r.signal_treaty) * at(now.treaty) + at(r.signal_membership) * at(now.member) + troops

    def form_beliefs(self) -> None:
        """Prior beliefs plus the costly signals of the package, at each guarantor's true resolve.

        A signal of weight w adds w·r pseudo-observations for and w·(1 − r) against, r the
        guarantor's true resolve: only a resolute guarantor pays a cost it means to honour, so a weak
        guarantor's deployment raises Russia's belief less than a strong one's (or lowers it). Under
        start: war nothing is in force yet: the prior, to which the war and the ceasefire add.
        """
        r, c = self.p, self.cells
        n0 = r.prior_resolve.strength
        for name, g in self.model.guarantors.items():
            signal = self.package_signal(name)
            prior = r.prior_resolve.of(name)
            c.alpha[name] = prior * n0 + signal * g.resolve
            c.beta[name] = (1 - prior) * n0 + signal * (1 - g.resolve)

    def choose(self, theatre: Theatre, surveillance: np.ndarray, u: Draws) -> Move:
        """3. Russia weighs its options under its beliefs and chooses (the nested logit, drawn).

        At peace: a limited offensive once its units are ready again (`limited_lead_months` after the
        ceasefire), the start of a build-up to a full invasion once it could mount one
        (`full_lead_months`), a probe, or nothing. At the end of a build-up: invade, or stand down. In
        a limited war: widen it into a full invasion, once it could mount one, with the chance that a
        full invasion pays better than its limited aims, logistic((U_full − max(U_limited, 0))/τ).
        """
        model = self.model
        state, w, since = model.state, model.params.war, self.cells.since
        peace = state.phase == Phase.PEACE
        engaged = {name: g.engagement() for name, g in model.guarantors.items()}
        automaticity = {
            name: d.combine(g.automaticity(), model.tripwire_believed * g.cells.force_present)
            for name, g in model.guarantors.items()
        }
        due = (state.phase == Phase.BUILDUP) & (state.buildup_left <= 1)  # the build-up's last month
        # in a limited war it could widen: a full invasion once it could mount one and it pays better
        limited_war = (
            (state.phase == Phase.WAR) & (state.kind == Action.LIMITED) & (since > w.full_lead_months)
        )
        choosing = peace | due | limited_war  # the cells whose choice does something this month
        at = Subset(choosing)  # weighed there only: the same numbers, fewer of them
        calc = self.calculus(theatre, engaged, automaticity, surveillance, at)
        peace_at, since_at, attack_u = at(peace), at(since), at(u.attack)
        ready_limited = peace_at & (since_at > at(w.limited_lead_months))
        ready_full = peace_at & (since_at > at(w.full_lead_months))
        p_lim = np.where(ready_limited, calc.p_limited, 0.0)
        p_full = np.where(ready_full, calc.p_full, 0.0)
        limited = attack_u < p_lim
        buildup = ~limited & (attack_u < p_lim + p_full)
        probe = peace_at & ~(limited | buildup) & (at(u.probe) < calc.p_probe)
        widen = full = np.zeros(attack_u.shape, dtype=bool)
        if limited_war.any():
            better = calc.u_full - np.maximum(calc.u_limited, 0.0)
            widen = at(limited_war) & (attack_u < d.expit(better / at(self.p.temperature)))
        if due.any():  # invade, else stand down
            full = at(due) & (attack_u < d.expit(calc.u_full / at(self.p.temperature)))
        best = np.maximum(calc.u_limited, calc.u_full)
        chosen = np.where(limited, calc.u_limited, np.where(full, calc.u_full, best))
        # at war, or in a build-up's early months, Russia chooses nothing: its last choice's utility stays
        utility = at.put(chosen, state.last_utility)
        limited, full, probe, buildup, widen = (
            at.put(x, False) for x in (limited, full, probe, buildup, widen)
        )
        detect = at.put(calc.detect, 0.0)
        return Move(
            limited, full, probe, detect, engaged, utility, calc.believed, buildup, due & ~full, widen
        )

    def see_withdrawal(self, name: str, leaving: np.ndarray) -> None:
        """Troops going home are a costly signal of low resolve: Russia's belief in their provider falls."""
        if leaving.any():
            self.cells.beta[name] = self.cells.beta[name] + self.p.signal_withdrawal * leaving

    def see_change(self, name: str, change, weight, against=1.0) -> None:
        """A commitment that grows or shrinks on the package's timeline, as Russia reads it.

        Growth is a costly signal at the guarantor's true resolve (`weight` × the growth); a commitment
        that shrinks on schedule counts against it as a withdrawal does (× `against`).
        """
        if np.any(change != 0):
            self.observe(name, weight * np.maximum(change, 0.0))
            self.see_withdrawal(name, np.maximum(-change, 0.0) * against)

    def see_monthly_signals(self, name: str, paying: np.ndarray) -> None:
        """Aid paid or troops kept this month: a small costly signal at the guarantor's true resolve."""
        self.observe(name, self.p.signal_monthly * paying)

    def incident_chance(self) -> np.ndarray:
        """Chance an answered probe turns into an incident with casualties (more often if imposed)."""
        friction = np.where(self.model.pk.imposes, self.p.imposed_friction, 1.0)
        return np.minimum(self.p.incident_probability * friction, 1.0)

    def incidents(self, answered: np.ndarray, uniform: np.ndarray) -> np.ndarray:
        """Answered probes that turn into incidents with casualties."""
        return answered & (uniform < self.incident_chance())

    def decider(self, of) -> np.ndarray:
        """`of(party)` for the guarantor whose will snaps sanctions back in each package (0 if none)."""
        pk = self.model.pk
        deciders = self.model.deciders
        return decided({name: pk.party[name].sanctions for name in deciders}, of)

    def snap_back(self, violation: np.ndarray, uniform: np.ndarray) -> None:
        """After a major violation, sanctions come back with the deciding guarantor's will (EU unanimity).

        The chance is the package's trigger probability × that guarantor's true resolve.
        """
        chance = self.model.pk.snap_trigger * self.decider(lambda name: self.model.guarantors[name].resolve)
        self.cells.sanctioned |= self.model.now.snapback & violation & (uniform < chance)

    def sanctions_risk(self, believed: PerParty | None = None) -> np.ndarray:
        """Russia's believed chance a major violation brings back sanctions (at the margin).

        Sanctions already back cost nothing more; a snap-back clause is a promise, priced like the
        others at the deciding guarantor's believed resolve (`believed`, by party, if already known).
        """
        model = self.model
        risk = self.decider(self.believed if believed is None else believed.__getitem__)
        return model.now.snapback * model.pk.snap_trigger * risk * ~self.cells.sanctioned

    def believed(self, name: str) -> np.ndarray:
        """Russia's believed resolve of a guarantor."""
        return d.believed_resolve(self.cells.alpha[name], self.cells.beta[name])

    def observe(self, name: str, weight) -> None:
        """A costly signal of the given weight (pseudo-observations) at the guarantor's true resolve."""
        resolve = self.model.guarantors[name].resolve
        self.cells.alpha[name] = self.cells.alpha[name] + weight * resolve
        self.cells.beta[name] = self.cells.beta[name] + weight * (1 - resolve)

    def learn(self, name: str, observed, responded, engagement) -> None:
        """Update from a detected probe: an answer counts for, a silence against as much as it engaged."""
        c = self.cells
        c.alpha[name], c.beta[name] = d.update_beliefs(
            c.alpha[name], c.beta[name], observed, responded, engagement
        )

    def regenerate(self, shock: np.ndarray) -> None:
        """Power regrows towards its ceiling, slowed by sanctions; exhausted units refit; pressure wanders."""
        r, c = self.p, self.cells
        slow = 1 - self.model.pk.regeneration_slowdown * c.sanctioned
        c.power += r.regeneration_rate * (r.max_power - c.power) * slow - r.strain_rate * c.power
        c.readiness += r.readiness_recovery * (1 - c.readiness)
        c.pressure = r.pressure_persistence * c.pressure + (r.pressure_volatility * shock)
        c.since = c.since + np.int16(1)

    def success(self, theatre: Theatre, kind: str, fight: PerParty, where=None, at=None) -> np.ndarray:
        """Chance an offensive of this kind succeeds if each guarantor fights with these odds.

        With `where` (indices into (packages, worlds)), compute it for those worlds only; with `at` (a
        `Subset`), for its cells, `fight` already given for them.
        """
        shape = self.model.shape
        weighed = at
        if at is None:
            at = (lambda x: x) if where is None else (lambda x: np.broadcast_to(x, shape)[where])  # noqa: E731
        r, local = self.p, at(theatre.local_defence)
        power = at(self.cells.power) * at(self.cells.readiness)
        limited = kind == "limited"
        days = at(r.limited_days if limited else r.full_days) * local / power
        defence = local
        for name in self.model.guarantors:
            reach = d.reach(days, at(theatre.reaction[name]))
            odds = fight[name] if weighed is not None else at(fight[name])
            defence = defence + odds * (at(theatre.troops_power[name]) + at(theatre.weight[name]) * reach)
        return d.success_probability(
            power,
            defence,
            at(r.limited_threshold if limited else r.full_threshold),
            at(r.success_slope),
            at(theatre.penalty),
        )

    def calculus(
        self,
        theatre: Theatre,
        engaged: PerParty,
        automaticity: PerParty,
        surveillance,
        at: Subset | None = None,
    ) -> Calculus:
        """Expected utilities of each option under Russia's beliefs, and the nested logit choice.

        `at`: weigh only these cells (every array but `believed` is then over them alone); every
        operation is elementwise, so a cell weighed gets the same numbers as over every cell.
        """
        at = at or Subset(None)
        r, pk, c, model = self.p, self.model.pk, self.cells, self.model
        guarantors = model.guarantors
        believed = {name: self.believed(name) for name in guarantors}  # (every cell: the monthly figures)
        mine = {name: at(believed[name]) for name in guarantors}
        w = model.params.war
        bound = {
            name: d.perceived_fight(
                at(engaged[name]), mine[name], at(automaticity[name]), at(g.p.fight_cap), at(g.p.abstention)
            )
            for name, g in guarantors.items()
        }
        motive = at(r.ambition) * np.maximum(1 + at(c.pressure) + at(c.grievance), 0.0)
        deciders = model.deciders
        risk = decided({name: at(pk.party[name].sanctions) for name in deciders}, mine.__getitem__)
        sanctions = (
            at(model.now.snapback) * at(pk.snap_trigger) * risk * ~at(c.sanctioned) * at(r.sanctions_cost)
        )
        utility = {}
        claimed_territory, territory = at(w.claimed_territory), at(model.state.territory)
        claimed = np.maximum(at(w.initial_territory) + claimed_territory - territory, 0.0)
        options = (  # a limited offensive is worth what is left of Russia's claim
            (
                "limited",
                at(r.limited_value) * np.minimum(claimed / claimed_territory, 1.0),
                at(r.limited_cost),
                at(w.limited_objective),
            ),
            ("full", 1.0, at(r.full_cost), at(w.full_grab)),
        )
        for kind, value, cost, grab in options:  # Russia prices each guarantor as its interests say too
            threat = 1.0 if kind == "full" else np.minimum(grab / at(w.threat_scale), 1.0)
            fights = {
                name: d.war_entry(
                    bound[name],
                    d.interest_pull(
                        at(w.interest_weight), at(g.p.interest), mine[name], threat, at(w.nuclear_shadow)
                    ),
                )
                for name, g in guarantors.items()
            }
            punishment = total(fights[name] * at(r.fight_cost.of(name)) for name in guarantors) + sanctions
            p = self.success(theatre, kind, fights, at=at)
            utility[kind] = d.attack_utility(
                p,
                value,
                motive,
                cost + at(w.occupation_cost) * grab * p,
                punishment,
                at(r.fait_accompli),
                at(r.cost_weight),
            )
        detect = d.detection_probability(
            at(r.probe_undetected),
            at(model.now.monitors),
            at(pk.monitor_scale),
            at(surveillance),
            at(pk.probe_detection),
        )
        information = at(r.probe_information_value) * total(
            (at(engaged[name]) > 0) * d.belief_uncertainty(at(c.alpha[name]), at(c.beta[name]))
            for name in guarantors
        )
        # answered (at about the believed chance of a fight), a probe may cost an incident and sanctions
        answered = reduce(np.maximum, bound.values())
        friction = np.where(at(pk.imposes), at(self.p.imposed_friction), 1.0)
        incident = np.minimum(at(self.p.incident_probability) * friction, 1.0)
        threat = answered * (at(r.probe_response_cost) + incident * sanctions)
        u_probe = d.probe_utility(
            detect, at(r.probe_gain), at(r.probe_cost), information, threat, at(r.cost_weight)
        )
        p_lim, p_full, p_probe = d.nested_choice(
            utility["limited"], utility["full"], u_probe, at(r.temperature), at(r.probe_temperature)
        )
        return Calculus(p_lim, p_full, p_probe, detect, utility["limited"], utility["full"], believed)


def decided(flags: dict, of) -> np.ndarray | float:
    """`of(party)` of the guarantor deciding sanctions in each cell (0 where none does).

    Several deciding together (the EU's members under coalition: states) decide as one: unanimity, so
    the least willing of them decides.
    """
    if len(flags) <= 1:
        return total(flag * of(name) for name, flag in flags.items()) if flags else 0.0
    least = reduce(np.minimum, [np.where(flag, of(name), np.inf) for name, flag in flags.items()])
    return np.where(np.isinf(least), 0.0, least)
