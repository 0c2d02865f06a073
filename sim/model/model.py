"""DeterrenceModel: N worlds × P packages in lockstep, month by month after the ceasefire."""

from __future__ import annotations

from typing import NamedTuple

import mesa
import numpy as np

from sim.model import decisions as d
from sim.model.agents import EuropeanCoalition, Ukraine, UnitedStates
from sim.model.decisions import Action
from sim.model.packages import TROOPS_REFERENCE, PackageArrays, compile_packages
from sim.model.russia import Russia, Theatre
from sim.schema.outcomes import COUNT_COLUMNS, FLAG_COLUMNS, STATE_COLUMNS
from sim.schema.sampling import EXTRAS, MONTHLY, Streams, draw_world
from sim.schema.scenario import Scenario


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


class DeterrenceModel(mesa.Model):
    """Simulate every package of a scenario on the same n worlds (common random numbers).

    Args:
        scenario: the validated scenario (its world and packages).
        n: number of worlds.
        seed: the seed of every draw; with `chunk`, it keys the random streams.
        chunk: index of this chunk of worlds within a larger run.
        trace_world: if given, the index of a world whose monthly story is kept in `self.trace`.

    """

    def __init__(
        self,
        scenario: Scenario,
        n: int,
        seed: int,
        chunk: int = 0,
        trace_world: int | None = None,
        world_overrides: dict[str, np.ndarray] | None = None,
        package_arrays: PackageArrays | None = None,
    ):
        self.streams = Streams(seed, chunk)
        super().__init__(rng=self.streams.generator(MONTHLY))
        self.scenario, self.n = scenario, n
        self.horizon = scenario.horizon_months
        self.pk = package_arrays if package_arrays is not None else compile_packages(scenario.packages)
        self.shape = (self.pk.size, n)
        self.world_params = draw_world(scenario.world, n, self.streams) | (world_overrides or {})
        self.europe = EuropeanCoalition(self)
        self.us = UnitedStates(self)
        self.ukraine = Ukraine(self)
        self.russia = Russia(self)
        self.russia.form_beliefs(self.europe, self.us)
        pk = self.pk
        bonus = self.streams.generator(EXTRAS).random(n)
        self.tripwire_true = pk.tripwire * (pk.tripwire_low + (pk.tripwire_high - pk.tripwire_low) * bonus)
        self.tripwire_believed = pk.tripwire * (pk.tripwire_low + pk.tripwire_high) / 2
        width = pk.width_km / 40.0
        self.zone_warning = pk.zone_warning_days * width * np.minimum(pk.monitors / 5000.0, 1.0)
        self.zone_penalty = width * (pk.separation_penalty + pk.armed_penalty * pk.armed)
        self.active = np.ones(self.shape, dtype=bool)
        self.out = self._empty_outcomes()
        self.trace_world = trace_world
        self.trace: list[dict] = []

    def _empty_outcomes(self) -> dict[str, np.ndarray]:
        out = {c: np.zeros(self.shape) for c in STATE_COLUMNS}
        out |= {c: np.zeros(self.shape, dtype=bool) for c in FLAG_COLUMNS}
        out |= {c: np.zeros(self.shape, dtype=np.int16) for c in COUNT_COLUMNS}
        return out

    # ------------------------------------------------------------------ one month
    def step(self) -> None:
        """One month: politics, capabilities, Russia's choice, responses, war outcome."""
        month = self.steps
        shocks = Shocks(*self.rng.standard_normal((3, self.n)))
        u = Uniforms(*self.rng.random((7, self.n)))
        europe, us, russia, ukraine, pk = self.europe, self.us, self.russia, self.ukraine, self.pk

        # 1. politics
        europe.politics(month, shocks.europe_resolve)
        us.politics(month, shocks.us_resolve)
        leaving = europe.consider_withdrawal()
        if leaving.any():
            russia.beta["europe"] = russia.beta["europe"] + russia.w("signal_withdrawal") * leaving
        backstop = us.backstop_on()
        us.deployed = backstop

        # 2. capabilities and costly signals
        russia.regenerate(shocks.russia_pressure)
        ukraine.build(europe.funding_paid() + us.funding_paid())
        monthly = russia.w("signal_monthly")
        russia.observe(
            "europe", monthly * ((europe.funding_paid() > 0) | europe.force_present), europe.resolve
        )
        russia.observe("us", monthly * ((us.funding_paid() > 0) | backstop), us.resolve)

        # 3. Russia chooses, under its beliefs
        theatre = self._theatre(backstop)
        committed_e, committed_us = europe.committed(), us.committed()
        auto_e = d.combine(pk.auto_e, self.tripwire_believed * europe.force_present)
        surveillance = pk.surveillance * backstop
        us_weight = pk.us_weight_multiplier
        calc = russia.calculus(
            theatre, committed_e, committed_us, auto_e, pk.auto_us, pk.snapback, surveillance, us_weight
        )
        limited = u.attack < calc.p_limited
        full = ~limited & (u.attack < calc.p_limited + calc.p_full)
        attack = limited | full
        probe = ~attack & (u.probe < calc.p_probe)

        # 4. guarantors answer, with their true resolve
        detected = probe & (u.detection < calc.detect)
        answered_e = europe.answer(u.europe_response, detected & committed_e)
        answered_us = us.answer(u.us_response, detected & committed_us)
        russia.learn("europe", detected & committed_e, answered_e)
        russia.learn("us", detected & committed_us, answered_us)
        friction = np.where(pk.imposed, russia.w("imposed_friction"), 1.0)
        incident = (answered_e | answered_us) & (
            u.incident < np.minimum(russia.w("incident_probability") * friction, 1.0)
        )
        europe.suffer_incident(incident & answered_e)
        us.suffer_incident(incident & answered_us)
        russia.sanctioned |= pk.snapback & detected
        auto_e_true = d.combine(pk.auto_e, self.tripwire_true * europe.force_present)
        fought_e = europe.fight(u.europe_response, attack & committed_e, auto_e_true)
        fought_us = us.fight(u.us_response, attack & committed_us, pk.auto_us)

        # 5. the war, decided by who actually fought (computed where Russia attacked)
        gained = np.zeros(self.shape, dtype=bool)
        war = np.nonzero(attack & self.active)
        if war[0].size:
            p_lim = russia.success(theatre, "limited", fought_e, fought_us, us_weight, war)
            p_full = russia.success(theatre, "full", fought_e, fought_us, us_weight, war)
            gained[war] = u.war[war[1]] < np.where(limited[war], p_lim, p_full)

        if self.trace_world is not None:
            self._trace(month, limited, full, probe, detected, (answered_e, answered_us),
                        (fought_e, fought_us), gained, leaving)  # fmt: skip
        self._record(month, limited, full, probe, incident, leaving, gained, fought_e, fought_us)
        if month >= self.horizon or not self.active.any():
            self.running = False

    def _theatre(self, backstop: np.ndarray) -> Theatre:
        pk, europe, us = self.pk, self.europe, self.us
        troops = europe.troops_in_theatre()
        intelligence = pk.intelligence_gain * pk.intelligence * backstop
        air_defence = pk.air_defence_gain * pk.air_defence * backstop
        warning = self.zone_warning + pk.surveillance_warning_days * pk.surveillance * backstop
        in_theatre = np.minimum(troops / TROOPS_REFERENCE, 1.0)
        europe_days = europe.reaction_days - pk.force_reaction_saved * in_theatre
        us_days = us.reaction_days - pk.backstop_reaction_saved * backstop
        europe_days = np.where(pk.nato, np.minimum(europe_days, pk.nato_reaction_days), europe_days)
        us_days = np.where(pk.nato, np.minimum(us_days, pk.nato_reaction_days), us_days)
        return Theatre(
            local_defence=self.ukraine.local_defence(intelligence, air_defence),
            troops_power=europe.troop_quality * troops / 800_000.0,
            europe_reaction=europe_days - warning,
            us_reaction=us_days - warning,
            penalty=self.zone_penalty + pk.warning_penalty * pk.intelligence * backstop,
        )

    def _record(self, month, limited, full, probe, incident, leaving, gained, fought_e, fought_us):
        out, active = self.out, self.active
        out["probes"] += probe & active
        out["incidents"] += incident & active
        out["force_withdrawn"] |= leaving & active
        out["withdrawal_month"][leaving & active] = month  # a force leaves once, for good
        new = (limited | full) & active
        if not new.any():
            return
        out["aggression"] |= new
        out["month"][new] = month
        out["kind"][new] = np.where(limited, Action.LIMITED, Action.FULL)[new]
        out["russia_gained"] |= new & gained
        out["europe_fought"] |= new & fought_e
        out["us_fought"] |= new & fought_us
        out["direct_war"] |= new & (fought_e | fought_us)
        self._snapshot(new)
        self.active &= ~new

    def _snapshot(self, where: np.ndarray) -> None:
        """Record the state outcomes (beliefs, resolve, powers) of the worlds in `where` as final."""
        r = self.russia
        values = {
            "belief_europe": r.believed("europe"),
            "belief_us": r.believed("us"),
            "resolve_europe": self.europe.resolve,
            "resolve_us": self.us.resolve,
            "russia_power": r.power,
            "ukraine_power": self.ukraine.power,
        }
        for name in STATE_COLUMNS:  # every declared state outcome must be given a value here
            self.out[name][where] = np.broadcast_to(values[name], self.shape)[where]

    def _trace(self, month, limited, full, probe, detected, answered, fought, gained, leaving):
        """Keep the month of the traced world, for each package whose world has not yet ended."""
        w = self.trace_world
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
        self._snapshot(self.active)
        self.release()
        return self.out

    def release(self) -> None:
        """Let this model be freed once it has run.

        Mesa 3.3 keeps every model alive in `Agent._ids`, a class-level dict keyed by model (upstream
        issue #3179), so a process running many chunks would otherwise grow without bound.
        """
        mesa.Agent._ids.pop(self, None)
