"""DeterrenceModel: N worlds × P packages in lockstep, month by month after the ceasefire."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import mesa
import numpy as np

from sim.model import cells as cell_layout
from sim.model import decisions as d
from sim.model.agents import EuropeanCoalition, Ukraine, UnitedStates
from sim.model.decisions import Action
from sim.model.packages import PackageArrays, compile_packages
from sim.model.russia import Move, Russia, Theatre
from sim.model.timeline import InForce, Timeline, in_force
from sim.schema.outcomes import COUNT_COLUMNS, FLAG_COLUMNS, STATE_COLUMNS
from sim.schema.sampling import EXTRAS, MONTHLY, Streams, as_record, draw_world
from sim.schema.scenario import Scenario
from sim.schema.world import World


class Shocks(NamedTuple):
    """The month's normal shocks, one (n,) array each, drawn in this order from the model's stream."""

    europe_resolve: np.ndarray  # Europe's resolve on the logit scale
    us_resolve: np.ndarray  # the US's resolve on the logit scale
    russia_pressure: np.ndarray  # Russia's domestic pressure


class Uniforms(NamedTuple):
    """The month's uniform draws, one (n,) array each, in this order (common to all packages)."""

    attack: np.ndarray  # whether Russia attacks, and how (limited or full)
    probe: np.ndarray  # whether a world that does not attack probes
    detection: np.ndarray  # whether a probe is detected
    europe_response: np.ndarray  # whether Europe answers a probe, or fights an attack
    us_response: np.ndarray  # whether the US answers a probe, or fights an attack
    incident: np.ndarray  # whether an answered probe turns into an incident with casualties
    war: np.ndarray  # whether an offensive succeeds
    sanctions: np.ndarray  # whether sanctions snap back after a major violation


@dataclass
class Answers:
    """How the guarantors answered this month's move, world by world."""

    detected: np.ndarray  # the probe was detected
    answered_e: np.ndarray  # Europe answered a detected probe
    answered_us: np.ndarray
    incident: np.ndarray  # an answered probe turned into an incident with casualties
    fought_e: np.ndarray  # Europe fought an attack
    fought_us: np.ndarray


class DeterrenceModel(mesa.Model):
    """Simulate every package of a scenario on the same n worlds (common random numbers).

    Args:
        scenario: the validated scenario (its world and packages).
        n: number of worlds.
        seed: the seed of every draw; with `chunk`, it keys the random streams.
        chunk: the block of world identities these worlds are (see `sim.execution.chunks`).
        copies: how many design points sit side by side in the n worlds, drawing the same numbers.
        trace_world: if given, the index of a world whose monthly story is kept in `self.trace`.

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
        self.scenario, self.n = scenario, n
        self.horizon = scenario.horizon_months
        self.pk = package_arrays if package_arrays is not None else compile_packages(scenario.packages)
        self.shape = (self.pk.size, n)
        self.cells = cell_layout.Cells(self.pk.size, n)
        """Where the live (package, world) cells are once the state is compacted (`sim.model.cells`)."""
        self.world_params = draw_world(scenario.world, n, self.streams) | (world_overrides or {})
        self.params: World = as_record(scenario.world, self.world_params)
        """The world's parameters for these worlds, typed as the schema declares them."""
        europe_p, us_p = self.params.europe, self.params.us
        elections = {
            "europe": (europe_p.first_election_month, europe_p.election_interval_months),
            "us": (us_p.first_election_month, us_p.election_interval_months),
        }
        self.timeline = Timeline(scenario.packages, n, elections)
        self.now: InForce = in_force(self.pk, self.timeline.level)
        """What each package has in force this month (its timeline moves it)."""
        self.europe = EuropeanCoalition(self)
        self.us = UnitedStates(self)
        self.ukraine = Ukraine(self)
        self.russia = Russia(self)
        self.russia.form_beliefs(self.europe, self.us)
        pk = self.pk
        bonus = self.streams.generator(EXTRAS).random(n)
        self.tripwire_true = pk.tripwire * (pk.tripwire_low + (pk.tripwire_high - pk.tripwire_low) * bonus)
        self.tripwire_believed = pk.tripwire * (pk.tripwire_low + pk.tripwire_high) / 2
        self.accepted = self.veto(scenario.russia_veto)
        self.active = self.accepted.copy()  # a world without a ceasefire has no peace to break
        self.last_utility = np.full(self.shape, np.nan)  # the best attack's utility, once a month has run
        self.out = self._empty_outcomes()
        self.out["accepted"][...] = self.accepted
        self.trace_world = trace_world
        self.trace: list[dict] = []

    def veto(self, on: bool) -> np.ndarray:
        """0. Russia accepts or rejects the ceasefire with each package (imposed ones come regardless).

        One uniform per world, common to all packages, so a package Russia objects to more is
        rejected in every world a milder one is, and more.
        """
        if not on:
            return np.ones(self.shape, dtype=bool)
        draw = self.streams.generator(EXTRAS, 1).random(self.n)
        return np.broadcast_to(self.pk.imposed | (draw < self.russia.acceptance), self.shape).copy()

    def _empty_outcomes(self) -> dict[str, np.ndarray]:
        out = {c: np.full(self.shape, np.nan) for c in STATE_COLUMNS}  # missing where no ceasefire
        out |= {c: np.zeros(self.shape, dtype=bool) for c in FLAG_COLUMNS}
        out |= {c: np.zeros(self.shape, dtype=np.int16) for c in COUNT_COLUMNS}
        return out

    # ------------------------------------------------------------------ one month
    def step(self) -> None:
        """One month, in the order of DESIGN.md: who acts, in what order."""
        month = self.steps
        if cell_layout.due(self):  # enough stories have ended (or never began: a rejected ceasefire)
            cell_layout.compact(self)
        per_world = self.cells.per_world  # every world draws, live or not, so the streams stay aligned
        shocks = Shocks(*per_world(self.draws.standard_normal((3, self.n))))
        u = Uniforms(*per_world(self.draws.random((8, self.n))))
        leaving, backstop = self.politics(month, shocks)
        self.capabilities(shocks, backstop)
        theatre = self._theatre(backstop)
        move = self.russia.choose(theatre, backstop, u)
        answers = self.guarantors_answer(move, u)
        gained = self.war(theatre, move, answers, u)
        if self.trace_world is not None:
            self._trace(month, move, answers, gained, leaving)
        self._record(month, move, answers, leaving, gained)
        self.last_utility = move.utility
        if month >= self.horizon or not self.active.any():
            self.running = False

    def politics(self, month: int, shocks: Shocks) -> tuple[np.ndarray, np.ndarray]:
        """1. Guarantors' resolve moves; a force may go home (Russia sees it); the backstop may pause."""
        leaving = self.events(month)
        self.europe.politics(month, shocks.europe_resolve)
        self.us.politics(month, shocks.us_resolve)
        for guarantor in (self.europe, self.us):
            gone = guarantor.consider_withdrawal()
            self.russia.see_withdrawal(guarantor.key, gone)
            leaving |= gone
        backstop = self.us.backstop_on()
        self.europe.deployed = self.europe.troops_in_theatre() > 0
        self.us.deployed = backstop | (self.us.troops_in_theatre() > 0)
        return leaving, backstop

    def events(self, month: int) -> np.ndarray:
        """0. The packages' timelines: components come into force, are scaled or end; Russia sees it.

        Returns the worlds whose reassurance force left on schedule this month.
        """
        leaving = np.zeros(self.shape, dtype=bool)
        if not self.timeline.advance(month):
            return leaving
        before, self.now = self.now, in_force(self.pk, self.timeline.level)
        now, russia = self.now, self.russia
        for g, troops, zone, funding in (
            (self.europe, now.force_e, now.zone_e, now.funding_e),
            (self.us, now.force_us, now.zone_us, now.funding_us),
        ):
            engaged = d.engagement_of_troops(g.troops_in_theatre(), g.half_troops)
            left = g.redeploy(troops, zone, funding)
            leaving |= left
            change = d.engagement_of_troops(g.troops_in_theatre(), g.half_troops) - engaged
            share_left = np.divide(1.0, engaged, out=np.zeros_like(engaged), where=engaged > 0)
            russia.see_change(g, change, russia.p.signal_troops, share_left)
        for g, treaty, member in ((self.europe, "treaty_e", "member_e"), (self.us, "treaty_us", "member_us")):
            russia.see_change(g, getattr(now, treaty) - getattr(before, treaty), russia.p.signal_treaty)
            russia.see_change(g, getattr(now, member) - getattr(before, member), russia.p.signal_membership)
        return leaving

    def capabilities(self, shocks: Shocks, backstop: np.ndarray) -> None:
        """2. Russia regenerates; Ukraine is armed and fortifies; Russia reads the costly signals paid."""
        europe, us = self.europe, self.us
        self.russia.regenerate(shocks.russia_pressure)
        self.ukraine.build(europe.funding_paid() + us.funding_paid())
        self.russia.see_monthly_signals(
            europe, (europe.funding_paid() > 0) | (europe.troops_in_theatre() > 0)
        )
        self.russia.see_monthly_signals(us, (us.funding_paid() > 0) | backstop | (us.troops_in_theatre() > 0))

    def guarantors_answer(self, move: Move, u: Uniforms) -> Answers:
        """4. Guarantors answer probes and attacks with their true resolve; Russia learns; sanctions."""
        europe, us, russia = self.europe, self.us, self.russia
        detected = move.probe & (u.detection < move.detect)
        asked_e, asked_us = detected & move.committed_e, detected & move.committed_us
        answered_e = europe.answer(u.europe_response, asked_e, move.engaged_e)
        answered_us = us.answer(u.us_response, asked_us, move.engaged_us)
        russia.learn("europe", asked_e, answered_e, move.engaged_e)
        russia.learn("us", asked_us, answered_us, move.engaged_us)
        incident = russia.incidents(answered_e | answered_us, u.incident)
        europe.suffer_incident(incident & answered_e)
        us.suffer_incident(incident & answered_us)
        russia.snap_back(incident | move.attack, u.sanctions)  # major violations only
        auto_e_true = d.combine(self.now.auto_e, self.tripwire_true * europe.force_present)
        auto_us_true = d.combine(self.now.auto_us, self.tripwire_true * us.force_present)
        attacked_e, attacked_us = move.attack & move.committed_e, move.attack & move.committed_us
        fought_e = europe.fight(u.europe_response, attacked_e, move.engaged_e, auto_e_true)
        fought_us = us.fight(u.us_response, attacked_us, move.engaged_us, auto_us_true)
        return Answers(detected, answered_e, answered_us, incident, fought_e, fought_us)

    def war(self, theatre: Theatre, move: Move, answers: Answers, u: Uniforms) -> np.ndarray:
        """5. The war, decided by who actually fought (computed only where Russia attacked)."""
        gained = np.zeros(self.shape, dtype=bool)
        war = np.nonzero(move.attack & self.active)
        if war[0].size:
            fought = (answers.fought_e, answers.fought_us)
            p_lim = self.russia.success(theatre, "limited", *fought, war)
            p_full = self.russia.success(theatre, "full", *fought, war)
            world = war[-1]  # (package, world) indices; once compacted, cells whose draws are gathered
            gained[war] = u.war[world] < np.where(move.limited[war], p_lim, p_full)
        return gained

    def _theatre(self, backstop: np.ndarray) -> Theatre:
        pk, europe, us = self.pk, self.europe, self.us
        army = self.params.ukraine.army_troops
        intelligence = pk.intelligence_gain * pk.intelligence * backstop
        air_defence = pk.air_defence_gain * pk.air_defence * backstop
        now = self.now
        warning = now.zone_warning + pk.surveillance_warning_days * pk.surveillance * backstop
        troops_e, troops_us = europe.troops_in_theatre(), us.troops_in_theatre()

        def saved(troops):  # days a force in theatre saves its provider, pro rata below full size
            return pk.force_reaction_saved * np.minimum(troops / pk.full_reaction_troops, 1.0)

        europe_days = europe.reaction_days - saved(troops_e)
        us_days = us.reaction_days - pk.backstop_reaction_saved * backstop - saved(troops_us)
        europe_days = np.where(now.nato, np.minimum(europe_days, pk.nato_reaction_days), europe_days)
        us_days = np.where(now.nato, np.minimum(us_days, pk.nato_reaction_days), us_days)
        force = europe.force_troops * europe.force_present + us.force_troops * us.force_present
        return Theatre(
            local_defence=self.ukraine.local_defence(intelligence, air_defence),
            troops_power_e=europe.troop_quality * troops_e / army,
            troops_power_us=us.troop_quality * troops_us / army,
            europe_reaction=europe_days - d.effective_warning(warning, europe.decision_lag),
            us_reaction=us_days - d.effective_warning(warning, us.decision_lag),
            penalty=now.zone_penalty
            + pk.warning_penalty * pk.intelligence * backstop
            + pk.force_surprise_penalty * np.minimum(force / pk.full_reaction_troops, 1.0),
        )

    def _record(self, month, move: Move, answers: Answers, leaving, gained) -> None:
        out, active = self.out, self.active
        out["probes"] += move.probe & active
        out["incidents"] += answers.incident & active
        first = leaving & active & ~out["force_withdrawn"]  # the first time a force leaves
        out["withdrawal_month"][first] = month
        out["force_withdrawn"] |= first
        new = move.attack & active
        if not new.any():
            return
        out["aggression"] |= new
        out["month"][new] = month
        out["kind"][new] = np.where(move.limited, Action.LIMITED, Action.FULL)[new]
        out["russia_gained"] |= new & gained
        out["europe_fought"] |= new & answers.fought_e
        out["us_fought"] |= new & answers.fought_us
        out["direct_war"] |= new & (answers.fought_e | answers.fought_us)
        out["deliberate"] |= new & (move.utility > 0)
        self._snapshot(new, move.utility)
        self.active &= ~new

    def _snapshot(self, where: np.ndarray, utility: np.ndarray) -> None:
        """Record the state outcomes (beliefs, resolve, powers) of the worlds in `where` as final."""
        r = self.russia
        values = {
            "attack_utility": utility,
            "belief_europe": r.believed("europe"),
            "belief_us": r.believed("us"),
            "resolve_europe": self.europe.resolve,
            "resolve_us": self.us.resolve,
            "russia_power": r.power,
            "ukraine_power": self.ukraine.power,
        }
        for name in STATE_COLUMNS:  # every declared state outcome must be given a value here
            self.out[name][where] = np.broadcast_to(values[name], self.shape)[where]

    def _trace(self, month, move: Move, answers: Answers, gained, leaving):
        """Keep the month of the traced world, for each package whose world has not yet ended."""
        w = self.trace_world
        limited, full, probe, detected = move.limited, move.full, move.probe, answers.detected
        answered = (answers.answered_e, answers.answered_us)
        fought = (answers.fought_e, answers.fought_us)
        for p, package in enumerate(self.scenario.packages):
            if not self.active[p, w]:
                continue
            action = (
                Action.LIMITED
                if limited[p, w]
                else Action.FULL
                if full[p, w]
                else (Action.PROBE if probe[p, w] else Action.COMPLY)
            )
            self.trace.append(
                {
                    "package": package.name,
                    "month": month,
                    "action": action.name.lower(),
                    "detected": bool(detected[p, w]),
                    "europe_answered": bool(answered[0][p, w]),
                    "us_answered": bool(answered[1][p, w]),
                    "europe_fought": bool(fought[0][p, w]),
                    "us_fought": bool(fought[1][p, w]),
                    "russia_gained": bool(gained[p, w]),
                    "withdrawal": bool(leaving[p, w]),
                    "europe_election": bool(self.europe.election[w]),
                    "us_election": bool(self.us.election[w]),
                    "russia_power": float(self.russia.power[p, w]),
                    "ukraine_power": float(self.ukraine.power[p, w]),
                    "resolve_europe": float(self.europe.resolve[p, w]),
                    "resolve_us": float(self.us.resolve[p, w]),
                    "belief_europe": float(self.russia.believed("europe")[p, w]),
                    "belief_us": float(self.russia.believed("us")[p, w]),
                }
            )

    def run(self) -> dict[str, np.ndarray]:
        """Run to the horizon (or until every world has seen aggression); return the outcomes."""
        while self.running:
            self.step()
        self._snapshot(self.active, self.last_utility)
        self.release()
        return cell_layout.outcomes(self)

    def release(self) -> None:
        """Let this model be freed once it has run.

        Mesa 3.3 keeps every model alive in `Agent._ids`, a class-level dict keyed by model (upstream
        issue #3179), so a process running many chunks would otherwise grow without bound.
        """
        mesa.Agent._ids.pop(self, None)
