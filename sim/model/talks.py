"""The road to a ceasefire (`start: war`): the war at month 0, the offer on the table, and both sides' yes.

Under `start: war` no ceasefire is in force at month 0: every cell is at war (`Phase.WAR`, a full-scale
war) and the war phase of `sim.model.war` runs its front, attrition, intervention and escalation. Every
month both sides weigh the offer on the table: the cell's package, or the one its `offers:` have stepped
down to (`ModelCells.row`). Russia accepts with the monthly chance `decisions.russia_accepts`, Ukraine
with `decisions.ukraine_accepts` (its belief that the guarantors would fight is declared state, learned
from the aid they pay or stop); a ceasefire comes in a month both accept, on the line where the front
stands. Then the offer takes effect (`take_effect`): its components come into force, Russia reads the
costly signals of what deploys on top of what it learned in the war, a package imposed over its
objection leaves a grievance, a cap on Ukraine's army applies, and the peace phase begins
(docs/model.md, "The road to a ceasefire").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.model import decisions as d
from sim.model.foresight import Drift, priced
from sim.model.packages import compile_packages, gather
from sim.model.state import Record, Subset
from sim.model.timeline import in_force, open_gate
from sim.model.types import PerParty
from sim.schema.sampling import TALKS


@dataclass(slots=True)
class TalksCells(Record):
    """What the offer on the table is, as each side weighs it (recomputed when an offer changes)."""

    objection: np.ndarray  # Russia's objection to the offer, in log-odds (its terms conceded)
    grievance: np.ndarray  # what the offer leaves Russia if some of it is imposed over its objection
    concessions: np.ndarray  # what the offer's terms ask of Ukraine, in log-odds
    engage: PerParty  # how far the offer would engage each guarantor (pledges, membership, troops)
    auto: PerParty  # and its automaticity


class Talks:
    """The road to a ceasefire, applied to a model month by month (off under start: ceasefire)."""

    def __init__(self, model: Any):
        self.model = model
        scenario = model.scenario
        self.on = scenario.start == "war"
        names = [p.name for p in scenario.packages]
        self.schedule: dict[int, list[tuple[int, int]]] = {}
        """Offers by month: (the package whose strategy it is, the package offered)."""
        if self.on:
            for p, package in enumerate(scenario.packages):
                for offer in package.offers:
                    self.schedule.setdefault(offer.after_months, []).append((p, names.index(offer.package)))
        self.agreed_all = None
        self.drift = None
        self.cells: TalksCells | None = None
        if self.on:
            self.agreed_base = (  # a lever sweep's packages are weighed as swept (imposed ones: not at all)
                None
                if model.swept
                else compile_packages(scenario.packages, scenario.world.parties, agreed=True)
            )
            self.agreed_all = model.pk_all if model.swept else priced(self.agreed_base, model.foresight)
            self.drift = None
            if not model.swept and model.scenario.russia_veto and any(p.events for p in scenario.packages):
                lookahead = model.params_all.russia.acceptance.lookahead_months
                drift = Drift(scenario.packages, scenario.world.parties, model.horizon, lookahead, model.n)
                self.drift = drift or None
                """Events at fixed months, priced from the month Russia weighs the offer (`Drift`)."""
            self.draws = model.streams.generator(TALKS)

    # ------------------------------------------------------------------ month 0
    def open(self) -> None:
        """The war as it stands at month 0: every cell at war, Russia at its power and fully committed."""
        model = self.model
        t, n = model.params.talks, model.n
        russia = model.russia.cells
        russia.power = np.broadcast_to(t.russia_power, model.shape).astype(float)
        russia.readiness = np.ones(model.shape)
        for name, g in model.guarantors.items():  # each guarantor's own threshold for joining this war
            draw = model.streams.party(TALKS, name).random(n)
            g.cells.war_draw = np.broadcast_to(draw, model.shape).copy()
        self.weigh()

    def weigh(self) -> None:
        """What each side weighs of the offer on the table (at month 0, and when an offer changes)."""
        model = self.model
        t = model.params.talks
        if model.layout.compacted:
            rows, worlds = model.state.row, model.layout.w
        else:
            rows, worlds = model.state.row, np.arange(model.n)[None, :]
        agreed = gather(self.agreed_all, rows, worlds) if model.offers else self.agreed_all
        imposed = ~agreed.imposed if model.swept else 1.0  # (compiled as agreed, an imposed package is bare)
        objection = model.russia.objection(agreed) * imposed if model.scenario.russia_veto else 0.0
        pk = model.pk
        concessions = t.ukraine_recognition * pk.recognition + t.ukraine_army_limit * (pk.army_limit > 0)
        offered = in_force(pk, lambda channel: 1.0)  # the offer as declared, everything in force
        engage, auto = {}, {}
        for name, g in model.guarantors.items():
            party = offered.party[name]
            troops = d.engagement_of_troops(party.force + party.zone, g.p.engagement_half_troops)
            engage[name] = np.broadcast_to(d.combine(party.engage, troops), model.shape).copy()
            tripwire = model.state.tripwire_believed * (party.force > 0)
            auto[name] = np.broadcast_to(d.combine(party.auto, tripwire), model.shape).copy()
        shape = model.shape
        r = model.russia
        grievance = pk.imposes * r.p.imposition_grievance * (1 - r.acceptance_chance())
        self.cells = TalksCells(
            objection=np.broadcast_to(objection, shape).astype(float),
            grievance=np.broadcast_to(grievance, shape).astype(float),
            concessions=np.broadcast_to(concessions, shape).astype(float),
            engage=engage,
            auto=auto,
        )

    def reprice(self) -> None:
        """Russia's objection to the offer on the table, its fixed-month events seen from this month."""
        model = self.model
        weights = self.drift.weights(model.steps, model.foresight)
        if model.layout.compacted:
            rows, worlds = model.state.row, model.layout.w
        else:
            rows, worlds = model.state.row, np.arange(model.n)[None, :]
        agreed = gather(priced(self.agreed_base, weights), rows, worlds)
        objection = model.russia.objection(agreed)
        self.cells.objection = np.broadcast_to(objection, model.shape).astype(float)

    # ------------------------------------------------------------------ each month
    def month_draws(self) -> tuple[np.ndarray, np.ndarray] | None:
        """Russia's and Ukraine's uniforms for the month (every world draws, so the streams stay aligned)."""
        if not self.on:
            return None
        u = self.model.layout.per_world(self.draws.random((2, self.model.n)))
        return u[0], u[1]

    def offers_due(self, month: int) -> None:
        """Where no ceasefire has come, a package's strategy may put another offer on the table."""
        due = self.schedule.get(month)
        if not due:
            return
        model = self.model
        s, layout = model.state, model.layout
        package = layout.p if layout.compacted else np.arange(layout.packages)[:, None]
        waiting = ~s.accepted & model.active
        for p, q in due:
            where = waiting & (package == p)
            s.row[where] = q
            model.timeline.adopt(where, q, month)
        model.gather_packages()
        self.weigh()

    def protection(self, at: Subset | None = None) -> np.ndarray:
        """Ukraine's belief that the guarantors would fight a renewed attack under the offer on the table.

        `at`: at these cells only (default every cell).
        """
        model, c, at = self.model, self.cells, at or Subset(None)
        ukraine = model.ukraine.cells
        stays_out = 1.0
        for name, g in model.guarantors.items():
            believed = d.believed_resolve(at(ukraine.alpha[name]), at(ukraine.beta[name]))
            fight = d.perceived_fight(
                at(c.engage[name]), believed, at(c.auto[name]), at(g.p.fight_cap), at(g.p.abstention)
            )
            stays_out = stays_out * (1 - fight)
        return 1 - stays_out

    def decide(self, talking, trend, attack, defence, draws) -> np.ndarray:
        """Whether each side accepts the offer on the table this month; a ceasefire where both do.

        Weighed over every cell at once: gathering the cells still talking (most of them, early on) costs
        more than it saves.
        """
        p_russia, p_ukraine = self.chances(trend, attack, defence)
        russia_u, ukraine_u = draws
        return talking & (russia_u < p_russia) & (ukraine_u < p_ukraine)

    def chances(self, trend, attack, defence, at: Subset | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Russia's and Ukraine's chances of accepting the offer on the table this month.

        `trend`: the front's expected monthly movement (positive: Russia's way), what each side expects
        from fighting on: a side gains while it moves the front its way by more than `stalled_front`;
        `attack`, `defence`: the power each side fights with. `at`: weigh only these cells (default
        every cell).
        """
        model, at = self.model, at or Subset(None)
        if self.drift is not None:
            self.reprice()
        s, t, w = model.state, model.params.talks, model.params.war
        r, month = model.params.russia, model.steps
        claimed, stall, momentum = at(w.claimed_territory), at(t.stalled_front), at(w.end_momentum)
        unmet = np.clip((at(w.initial_territory) + claimed - at(s.territory)) / claimed, 0, 1)
        trend = at(trend)
        p_russia = d.russia_accepts(
            at(t.russia_base),
            at(w.end_convergence),
            at(t.war_age_months) + month,
            at(w.end_costs),
            at(t.russia_losses) + at(model.russia.cells.casualties),
            at(t.economy),
            month / 12.0,
            at(t.claim),
            unmet,
            momentum,
            trend > stall,
            at(self.cells.objection),
            at(r.acceptance.ambition),
            at(r.ambition),
            at(r.acceptance.power),
            at(attack) / at(defence),
        )
        p_ukraine = d.ukraine_accepts(
            at(t.ukraine_base),
            at(t.ukraine_guarantee),
            self.protection(at),
            at(t.ukraine_costs),
            at(model.ukraine.cells.casualties),
            momentum,
            trend < -stall,
            at(self.cells.concessions),
        )
        return p_russia, p_ukraine

    def take_effect(self, agreed: np.ndarray, month: int) -> None:
        """The offer on the table takes effect where both sides accepted it this month."""
        model = self.model
        s, r = model.state, model.russia
        s.accepted |= agreed
        model.recorder.ceasefire(agreed, month)
        model.timeline.ceasefire(agreed, month)
        at = Subset(agreed)
        open_gate(model.now, model.declared, at)
        for name, g in model.guarantors.items():
            now = model.now.party[name]
            arriving = at(now.force) > 0
            arriving &= ~at(g.cells.withdrawn)
            g.cells.force_present = at.set(g.cells.force_present, at(g.cells.force_present) | arriving)
            # what deploys is a costly signal, on top of what the war taught (at the true resolve)
            signal, resolve = r.package_signal(name, at), at(g.resolve)
            r.cells.alpha[name] = at.set(r.cells.alpha[name], at(r.cells.alpha[name]) + signal * resolve)
            r.cells.beta[name] = at.set(r.cells.beta[name], at(r.cells.beta[name]) + signal * (1 - resolve))
        r.cells.grievance = at.set(r.cells.grievance, at(self.cells.grievance))
        model.ukraine.cap(agreed)

    def ukraine_learns(self, paid: PerParty) -> None:
        """Aid paid is a costly signal at the donor's true resolve; aid promised but stopped, against."""
        model = self.model
        weight = model.params.talks.ukraine_signal
        c = model.ukraine.cells
        for name, g in model.guarantors.items():
            promised = model.now.party[name].funding > 0
            paying = paid[name] > 0
            c.alpha[name] = c.alpha[name] + weight * paying * g.resolve
            c.beta[name] = c.beta[name] + weight * (paying * (1 - g.resolve) + (promised & ~paying))
