"""DeterrenceModel: N worlds × P packages in lockstep, month by month after the ceasefire."""

from __future__ import annotations

from functools import reduce

import mesa
import numpy as np

from sim.model import cells as cell_layout
from sim.model import decisions as d
from sim.model.agents import Guarantor, Ukraine
from sim.model.cohesion import Cohesion
from sim.model.costs import Costs
from sim.model.decisions import Action
from sim.model.draws import LEGACY_ROWS, month_draws
from sim.model.foresight import foresight, priced
from sim.model.packages import PackageArrays, compile_packages, gather
from sim.model.record import Recorder
from sim.model.russia import Russia
from sim.model.state import Subset, forget_model
from sim.model.talks import Talks
from sim.model.theatre import theatre_of
from sim.model.timeline import InForce, Timeline, gated, in_force
from sim.model.types import Answers, Draws, Move, PerParty, Theatre, total
from sim.model.war import ModelCells, Phase, War
from sim.schema.sampling import EXTRAS, MONTHLY, WAR, Streams, as_record, draw_world
from sim.schema.scenario import Scenario
from sim.schema.world import World


class DeterrenceModel(mesa.Model):
    """Simulate every package of a scenario on the same n worlds (common random numbers).

    The agents: one `Guarantor` per party of the scenario (`self.guarantors`, by name), `Ukraine` and
    `Russia`, registered with Mesa (`self.agents`). A month is the list of phases in `step`.

    Args:
        scenario: the validated scenario (its world and packages).
        n: number of worlds.
        seed: the seed of every draw; with `chunk`, it keys the random streams.
        chunk: the block of world identities these worlds are (see `sim.execution.chunks`).
        copies: how many design points sit side by side in the n worlds, drawing the same numbers.
        trace_world: if given, the index of a world whose monthly story is kept in `self.trace`.
        world_overrides: per-world values of world parameters (a sweep), by flattened name.
        package_arrays: the packages' effects per world (a sweep of levers), else compiled here.

    """

    def __init__(
        self,
        scenario: Scenario,
        n: int,
        seed: int,
        chunk: int = 0,
        copies: int = 1,
        trace_world: int | None = None,
        world_overrides: dict[str, np.ndarray] | None = None,
        package_arrays: PackageArrays | None = None,
    ):
        self.streams = Streams(seed, chunk, copies)
        super().__init__(rng=self.streams.raw(MONTHLY))
        self.draws = self.streams.tile(self.rng)  # the month's draws: Mesa's generator, tiled
        self.war_draws = self.streams.generator(WAR)  # a war month's, from a stream of their own
        self.scenario, self.n = scenario, n
        self.horizon = scenario.horizon_months
        parties = scenario.world.parties
        self.swept = package_arrays is not None
        self.pk_all = package_arrays if self.swept else compile_packages(scenario.packages, parties)
        """Every package's effects, by its row (an offer on the table is a row: `gather_packages`)."""
        self.pk = self.pk_all
        """Each cell's effects: its package's, or the offer's on the table once its strategy moved it."""
        self.war_start = scenario.start == "war"
        self.offers = self.war_start and any(p.offers for p in scenario.packages)
        self.capped = bool((np.asarray(self.pk_all.army_limit) > 0).any())  # some deal caps Ukraine's army
        self.shape = (self.pk.size, n)
        pk = self.pk  # what binds whom, in some package (static: a month need not look again)
        self.nato_binds = {  # whom NATO binds, where it is: all its packages' (None), or a column
            name: None if np.array_equal(e.nato, pk.nato) else True for name, e in pk.party.items()
        }
        self.nato_weighted = {name: bool((e.nato_weight != 1.0).any()) for name, e in pk.party.items()}
        self.nato_any = bool(pk.nato.any())
        self.deciders = [name for name, e in pk.party.items() if e.sanctions.any()]
        """The guarantors whose will snaps sanctions back in some package."""
        self.layout = cell_layout.Cells(self.pk.size, n)
        """Where the live (package, world) cells are once the state is compacted (`sim.model.cells`)."""
        self.world_params = draw_world(scenario.world, n, self.streams) | (world_overrides or {})
        self.params_all: World = as_record(scenario.world, self.world_params)
        """The world's parameters for every world, typed as the schema declares them (never compacted)."""
        self.params: World = self.params_all
        """The same in the current layout of cells (one value per live cell once compacted)."""
        elections = {
            name: (g.first_election_month, g.election_interval_months)
            for name, g in self.params_all.guarantors.items()
        }
        self.timeline = Timeline(scenario.packages, n, elections, war=self.war_start)
        timed = any(p.events for p in scenario.packages)
        lookahead = self.params_all.russia.acceptance.lookahead_months
        self.foresight = foresight(scenario.packages, n, elections, lookahead) if timed else {}
        """Each timed component's mean level over Russia's lookahead: what its objection weighs."""
        self.pk_all = self.pk = priced(self.pk_all, self.foresight)
        pk, shape = self.pk, self.shape
        self.tripwire_bonus = self.streams.generator(EXTRAS).random(n)
        self.state = ModelCells(
            accepted=np.full(shape, not self.war_start),
            row=np.broadcast_to(np.arange(shape[0], dtype=np.int16)[:, None], shape).copy(),
            phase=np.full(shape, Phase.WAR if self.war_start else Phase.NONE, dtype=np.int8),
            kind=np.full(shape, Action.FULL if self.war_start else 0, dtype=np.int8),
            war_month=np.zeros(shape, dtype=np.int16),
            buildup_left=np.zeros(shape, dtype=np.int16),
            territory=np.broadcast_to(self.params.war.initial_territory, shape).astype(float),
            territory_start=np.broadcast_to(self.params.war.initial_territory, shape).astype(float),
            war_casualties=np.zeros(shape),
            threat=np.zeros(shape, dtype=bool),
            last_utility=np.full(shape, np.nan),
            tripwire_true=np.zeros(shape),
            tripwire_believed=np.zeros(shape),
            spent=np.zeros(shape),
        )
        self.costs = Costs(self.pk_all, self.timeline.present)
        self.tripwires()
        if self.war_start:
            self.timeline.package = self.state.row
        self.declared: InForce = in_force(self.pk, self.timeline.level)
        """What each package's timeline has in force this month, ceasefire or not."""
        self.now: InForce = self.declared
        """What each package has in force this month: its timeline's, once its ceasefire took effect."""
        self.refresh_in_force(declared=False)
        self.party_draws = {g: self.streams.party(MONTHLY, g) for g in parties if g not in LEGACY_ROWS}
        given = scenario.coalition.given() if scenario.coalition.states else {}
        self.members = tuple(name for name in parties if name in given)
        """The coalition's states (coalition: states): each leaves on its own (`sim.model.cohesion`)."""
        self.leads = tuple(name for name in self.members if given[name].lead)
        self.guarantors: dict[str, Guarantor] = {name: Guarantor(self, name) for name in parties}
        self.ukraine = Ukraine(self)
        self.russia = Russia(self)
        self.russia.form_beliefs()
        self.cohesion = Cohesion(self)
        self.unviable: np.ndarray | None = None
        """Where the force fell below its viable size this month (members only; None otherwise)."""
        if not self.war_start:
            self.state.accepted = self.veto(scenario.russia_veto)
            self.state.phase = np.where(self.state.accepted, Phase.PEACE, Phase.NONE).astype(np.int8)
        self.warfare = War(self)
        self.talks = Talks(self)
        if self.war_start:
            self.talks.open()
        self.recorder = Recorder(self, trace_world)

    @property
    def active(self) -> np.ndarray:
        """The cells whose story goes on: a ceasefire took effect and Ukraine has not capitulated."""
        phase = self.state.phase
        return (phase >= Phase.PEACE) & (phase <= Phase.WAR)

    def tripwires(self) -> None:
        """The automaticity a tripwire force really adds (drawn per world), and what Russia believes."""
        pk, s = self.pk, self.state
        bonus = self.layout.per_world(self.tripwire_bonus)
        s.tripwire_true = np.broadcast_to(
            pk.tripwire * (pk.tripwire_low + (pk.tripwire_high - pk.tripwire_low) * bonus), self.shape
        ).copy()
        s.tripwire_believed = np.broadcast_to(
            pk.tripwire * (pk.tripwire_low + pk.tripwire_high) / 2, self.shape
        ).copy()

    def gather_packages(self) -> None:
        """Each cell's effects from the package whose offer is on its table (`state.row`); what follows."""
        if self.layout.compacted:
            worlds = self.layout.w
        else:
            worlds = np.arange(self.n)[None, :]
        self.pk = gather(self.pk_all, self.state.row, worlds)
        self.tripwires()
        self.refresh_in_force()

    def refresh_in_force(self, declared: bool = True, changed: set[str] | None = None) -> None:
        """What each cell has in force, again: its timeline's (`declared`: recomputed), gated.

        Under start: war every component but arms waits for the cell's ceasefire (`timeline.gated`).
        """
        if declared:  # (only what the `changed` channels move, if given)
            self.declared = in_force(self.pk, self.timeline.level, self.declared, changed)
        if not self.war_start:
            self.now = self.declared
        elif changed is None:
            self.now = gated(self.declared, self.state.accepted)
        else:  # only what the changed channels move needs the gate again
            self.now = gated(self.declared, self.state.accepted, self.now, changed)

    @property
    def tripwire_believed(self) -> np.ndarray:
        """The automaticity Russia believes a tripwire force adds."""
        return self.state.tripwire_believed

    def veto(self, on: bool) -> np.ndarray:
        """0. Russia accepts or rejects the ceasefire with each package (imposed ones come regardless).

        One uniform per world, common to all packages, so a package Russia objects to more is
        rejected in every world a milder one is, and more.
        """
        if not on:
            return np.ones(self.shape, dtype=bool)
        draw = self.streams.generator(EXTRAS, 1).random(self.n)
        accepts = draw < self.russia.acceptance_chance()
        return np.broadcast_to(self.pk.imposed | accepts, self.shape).copy()

    # ------------------------------------------------------------------ one month
    def step(self) -> None:
        """One month (docs/model.md, "Process overview"): the phases, in order, each on every agent."""
        month = self.steps
        if cell_layout.due(self):  # enough stories have ended (or never began: a rejected ceasefire)
            cell_layout.compact(self)
        u = month_draws(self)
        self.talks.offers_due(month)  # 0. where no ceasefire has come, another offer may be on the table
        leaving = self.timeline_events(month)  # 0. the packages' timelines
        gone, troops, backstop = self.politics(month, u)  # 1. resolve, elections, withdrawals
        leaving |= gone
        self.capabilities(u, backstop, troops)  # 2. regeneration, arms, fortification, costly signals
        theatre = self.theatre(backstop, troops)
        surveillance = self.pk.surveillance * total(backstop.values())
        move = self.russia.choose(theatre, surveillance, u)  # 3. Russia chooses
        answers = self.guarantors_answer(move, u)  # 4. guarantors answer; Russia learns
        gained = self.war(theatre, move, answers, u)  # 5. the offensive, decided by who fought
        self.recorder.first_aggression(month, move, answers, gained)  # as it stood when Russia struck
        fighting = self.warfare.month(theatre, move, answers, gained, u)  # 6. a month of every war
        if fighting is not None:
            leaving |= fighting.forces_left
        self.recorder.month(month, move, answers, leaving, gained, fighting)  # 7. what is measured
        self.state.last_utility = move.utility
        if month >= self.horizon or not self.active.any():
            self.running = False

    def timeline_events(self, month: int) -> np.ndarray:
        """0. The packages' timelines: components come into force, are scaled or end; Russia sees it.

        Returns the worlds whose reassurance force left on schedule this month.
        """
        leaving = np.zeros(self.shape, dtype=bool)
        changed = self.timeline.advance(month)
        if not changed:
            return leaving
        before = self.now
        self.refresh_in_force(changed=changed)
        russia, signal = self.russia, self.russia.p
        for name, g in self.guarantors.items():
            engaged = g.troop_engagement(before.party[name])
            leaving |= g.redeploy()
            change = g.troop_engagement() - engaged
            share_left = np.divide(1.0, engaged, out=np.zeros_like(engaged), where=engaged > 0)
            russia.see_change(name, change, signal.signal_troops, share_left)
        for name in self.guarantors:
            now, then = self.now.party[name], before.party[name]
            russia.see_change(name, now.treaty - then.treaty, signal.signal_treaty)
            russia.see_change(name, now.member - then.member, signal.signal_membership)
        return leaving

    def politics(self, month: int, u: Draws) -> tuple[np.ndarray, PerParty, PerParty]:
        """1. Guarantors' resolve moves; a force may go home (Russia sees it); a backstop may pause.

        Returns where a force left, and each guarantor's troops in theatre and backstop for the month.
        """
        leaving = np.zeros(self.shape, dtype=bool)
        for name, g in self.guarantors.items():
            g.politics(month, u.resolve[name])
        if self.members:  # each state stays or leaves; the rest read it; a force may fall below viable
            leaving |= self.cohesion.exits()
        for name, g in self.guarantors.items():
            if not g.member:
                gone = g.consider_withdrawal()
                self.russia.see_withdrawal(name, gone)
                leaving |= gone
        if self.members:
            self.unviable = self.cohesion.viability()
            leaving |= self.unviable
        troops = {name: g.troops_in_theatre() for name, g in self.guarantors.items()}
        backstop = {name: g.backstop_on() for name, g in self.guarantors.items()}
        for name, g in self.guarantors.items():
            g.cells.deployed = backstop[name] | (troops[name] > 0) | g.cells.in_war
        return leaving, troops, backstop

    def capabilities(self, u: Draws, backstop: PerParty, troops: PerParty) -> None:
        """2. Russia regenerates; Ukraine is armed and fortifies; Russia reads the costly signals paid."""
        self.russia.regenerate(u.pressure)
        paid = {name: g.funding_paid() for name, g in self.guarantors.items()}
        self.ukraine.build(total(paid.values()))
        if self.war_start:
            self.talks.ukraine_learns(paid)
        for name in self.guarantors:
            paying = (paid[name] > 0) | backstop[name] | (troops[name] > 0)
            self.russia.see_monthly_signals(name, paying)
        if self.costs.any:
            present = {name: g.cells.force_present for name, g in self.guarantors.items()}
            gate = self.state.accepted
            self.state.spent += self.costs.month(
                self.pk, self.now, present, backstop, paid, self.timeline.level, gate
            )

    def guarantors_answer(self, move: Move, u: Draws) -> Answers:
        """4. Guarantors answer probes and attacks with their true resolve; Russia learns; sanctions."""
        russia = self.russia
        detected = move.probe & (u.detection < move.detect)
        answered = {}
        aims = self.cohesion.aims(move, u)  # a wedge: the probe put to the weakest member only
        for name, g in self.guarantors.items():
            asked = detected & (move.engaged[name] > 0)
            if aims is not None:
                asked &= aims[name]
            answered[name] = g.answer(u.response[name], asked, move.engaged[name])
            russia.learn(name, asked, answered[name], move.engaged[name])
        incident = russia.incidents(reduce(np.logical_or, answered.values()), u.incident)
        for name, g in self.guarantors.items():
            g.suffer_incident(incident & answered[name])
        russia.snap_back(incident | move.attack, u.sanctions)  # major violations only
        attack = move.attack
        if not attack.any():
            return Answers(detected, answered, incident, {name: attack for name in self.guarantors})
        at = Subset(attack)  # decided where Russia attacked only (the same numbers there)
        threat = self.warfare.threat_of(True, at(move.full), 0.0, at)  # an offensive's first month
        fought = {}
        for name, g in self.guarantors.items():  # each decides (`War.entry_chance`); Russia sees it
            automaticity = d.combine(
                at(g.automaticity()), at(self.state.tripwire_true) * at(g.cells.force_present)
            )
            engaged = at(move.engaged[name])
            chance = self.warfare.entry_chance(g, engaged, automaticity, threat, False, 0.0, at)
            fought[name] = at.put(g.fight(at(u.response[name]), True, chance), False)
            seen = attack & ((move.engaged[name] > 0) | fought[name])  # who fights, and who does not
            russia.learn(name, seen, fought[name], np.maximum(move.engaged[name], fought[name]))
        return Answers(detected, answered, incident, fought)

    def war(self, theatre: Theatre, move: Move, answers: Answers, u: Draws) -> np.ndarray:
        """5. The offensive's first month, decided by who actually fought; the phases move.

        An offensive that takes its objective gains its ground (`War.month`); a build-up begins, goes
        on, ends in an invasion or in standing down.
        """
        s, w = self.state, self.params.war
        gained = np.zeros(self.shape, dtype=bool)
        war = np.nonzero(move.attack & self.active)
        if war[0].size:
            p_lim = self.russia.success(theatre, "limited", answers.fought, war)
            p_full = self.russia.success(theatre, "full", answers.fought, war)
            world = war[-1]  # (package, world) indices; once compacted, cells whose draws are gathered
            gained[war] = u.war[world] < np.where(move.limited[war], p_lim, p_full)
        building = s.phase == Phase.BUILDUP
        if building.any() or move.buildup.any():
            s.buildup_left = np.where(building & ~move.attack, s.buildup_left - 1, s.buildup_left)
            s.buildup_left = np.where(move.buildup, np.round(w.buildup_months), s.buildup_left).astype(
                np.int16
            )
            s.phase = np.where(move.buildup, np.int8(Phase.BUILDUP), s.phase)
            s.phase = np.where(move.stand_down, np.int8(Phase.PEACE), s.phase)
        attack = move.attack
        if attack.any():
            s.phase = np.where(attack, np.int8(Phase.WAR), s.phase)
            s.kind = np.where(attack, np.where(move.limited, Action.LIMITED, Action.FULL), s.kind).astype(
                np.int8
            )
            s.war_month = np.where(attack, 0, s.war_month).astype(np.int16)
            s.territory_start = np.where(attack, s.territory, s.territory_start)
            s.war_casualties = np.where(attack, 0.0, s.war_casualties)
        return gained

    def theatre(self, backstop: PerParty, troops: PerParty | None = None) -> Theatre:
        """What an offensive would meet this month (`sim.model.theatre.theatre_of`)."""
        return theatre_of(self, backstop, troops)

    def run(self) -> dict[str, np.ndarray]:
        """Run to the horizon (or until every world has seen aggression); return the outcomes."""
        while self.running:
            self.step()
        self.recorder.finish()
        out = cell_layout.outcomes(self)
        self.release()
        return out

    def release(self) -> None:
        """Remove the agents (Mesa's public API) and let the model be freed once it has run.

        Mesa 3.3 also keeps every model in a class-level dict (upstream issue #3179):
        `sim.model.state.forget_model` drops that reference.
        """
        self.remove_all_agents()
        forget_model(self)

    def dispose(self) -> None:
        """Break the model's reference cycles, once everything wanted of it has been read.

        A model and its parts point at each other (agents and most parts keep `model`), so only the
        cyclic collector frees them, and in a worker running chunk after chunk it runs rarely: a worker
        of a 10^7-world sweep grew from 215 to 456 MB over 60 chunks (220 MB with this). Emptying each
        part lets reference counting free the model and its arrays at once; the model is unusable
        afterwards.
        """
        parts = [self.recorder, self.warfare, self.talks, self.cohesion, self.timeline, self.costs]
        for part in [*parts, self.russia, self.ukraine, *self.guarantors.values()]:
            vars(part).clear()
        vars(self).clear()
