"""After the first shot: the phases of a world's decade, and a month of renewed war.

Every (package, world) cell is in one phase each month (`Phase`): at peace under its ceasefire, in a
visible build-up to a full invasion, at war, or past a capitulation (or, with no ceasefire, outside
the story). A war month moves the front, wears both sides down, lets each guarantor join or leave,
climbs or leaves the escalation ladder and may end the war in a new ceasefire or a capitulation
(docs/model.md, "The renewed war"). The state lives in the model's declared records (the model's
`state`, each agent's `cells`); the formulas are the pure functions of `sim.model.decisions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from functools import reduce
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.model import decisions as d
from sim.model.decisions import Action
from sim.model.state import Record, Subset
from sim.model.types import total

if TYPE_CHECKING:
    from sim.model.types import Answers, Move, Theatre


class Phase(IntEnum):
    """The phase of a (package, world) cell in a month."""

    NONE = 0  # start: ceasefire, and Russia rejected it: outside the story (start: war scores that war)
    PEACE = 1
    BUILDUP = 2
    WAR = 3
    CAPITULATED = 4


@dataclass(slots=True)
class ModelCells(Record):
    """The model's own state per (package, world) cell."""

    accepted: np.ndarray  # the ceasefire took effect with this package (start: war: once it came)
    row: np.ndarray  # the package whose offer is on the table, or took effect (its offers move it)
    phase: np.ndarray  # the cell's phase this month (`sim.model.war.Phase`)
    kind: np.ndarray  # the war under way: a limited offensive or a full invasion (an `Action`)
    war_month: np.ndarray  # months into the war under way
    buildup_left: np.ndarray  # months of the build-up under way still to run
    territory: np.ndarray  # % of Ukraine's 1991 territory Russia holds
    territory_start: np.ndarray  # ... when the war under way began
    war_casualties: np.ndarray  # Russia's casualties in the war under way, thousands
    threat: np.ndarray  # Russia's nuclear threats are under way
    last_utility: np.ndarray  # the best attack's utility, once a month has run
    tripwire_true: np.ndarray  # automaticity a tripwire force really adds (drawn per world)
    tripwire_believed: np.ndarray  # what Russia believes it adds (the mean)
    spent: np.ndarray  # €bn spent on the package from month 0 (`sim.model.costs`)


class End(IntEnum):
    """How a world's first renewed war ended (`first_war_end`)."""

    NONE = 0  # no war
    ONGOING = 1  # still at war at the horizon
    DECISIVE = 2  # a ceasefire after a clear outcome (objective held, or the offensive failed)
    STALEMATE = 3  # a ceasefire on a contested line
    CAPITULATION = 4


END_NAMES = ("none", "ongoing", "ceasefire_decisive", "ceasefire_stalemate", "capitulation")


@dataclass(slots=True)
class WarMonth:
    """What a month of war did, for the recorder (every array over the model's cells)."""

    at_war: np.ndarray  # the cell was at war this month (a war month)
    new: np.ndarray  # a war began this month
    direct: np.ndarray  # a guarantor's forces fought Russia's this month
    threat: np.ndarray  # nuclear threats began this month
    threatening: np.ndarray  # nuclear threats were under way this month
    widened: np.ndarray  # a limited war became a full invasion this month
    fighting: dict  # each guarantor's forces fought Russia's this month
    forces_left: np.ndarray  # a guarantor's force left Ukraine, staying out of (or leaving) the war
    use: np.ndarray  # nuclear use this month (an assumption's exposure)
    ended: np.ndarray  # a renewed war ended in a ceasefire at the end of the month
    agreed: np.ndarray  # start: war: both sides accepted the offer on the table (the first ceasefire)
    end: np.ndarray  # how (an `End`), where it ended or capitulated
    capitulated: np.ndarray  # Ukraine capitulated this month
    territory_change: np.ndarray  # % of Ukraine Russia gained this month
    trend: np.ndarray  # the front's expected monthly movement, before its noise (what each side expects)


class War:
    """The war's rules, applied to a model month by month (the arrays live in the model's records)."""

    def __init__(self, model: Any):
        self.model = model

    @property
    def p(self):
        """The war's parameters, in the model's current layout."""
        return self.model.params.war

    def threat_of(self, new, full, territory_lost, at=None) -> np.ndarray:
        """How threatened the guarantors' interests are (0-1).

        The ground lost since the ceasefire over `threat_scale`; in an offensive's first month, the
        ground a limited offensive aims at (`limited_objective`) over it, and a full invasion fully.
        """
        w, at = self.p, at or (lambda x: x)
        ground = np.where(new, at(w.limited_objective), np.maximum(territory_lost, 0.0))
        return np.where(new & full, 1.0, np.minimum(ground / at(w.threat_scale), 1.0))

    def entry_chance(self, g: Any, engaged, automaticity, threat, allies, restraint, at=None) -> np.ndarray:
        """Guarantor g's chance of being in the war this month (`decisions.war_entry`), at true resolve.

        What binds it (engagement, automaticity), its interest under the threat it sees, an ally's pull
        (`allies`: another guarantor is in), less `restraint` while nuclear threats last. `at` (a
        `Subset`): the arguments are already at its cells; the parameters and resolve are taken there.
        """
        p, w, at = g.p, self.p, at or (lambda x: x)
        resolve, interest = at(g.resolve), at(p.interest)
        bound = d.fight_probability(engaged, resolve, automaticity, at(p.fight_cap), at(p.abstention))
        pull = d.interest_pull(at(w.interest_weight), interest, resolve, threat, at(w.nuclear_shadow))
        allied = at(w.alliance_pull) * resolve * allies * np.maximum(engaged, interest)  # a party to it
        return d.war_entry(bound, pull, allied, restraint)

    def month(
        self, theatre: Theatre, move: Move, answers: Answers, gained: np.ndarray, u: Any
    ) -> WarMonth | None:
        """One month of every war under way (and of those that began this month); return a `WarMonth`."""
        model, s, w = self.model, self.model.state, self.p
        at_war = s.phase == Phase.WAR
        if not at_war.any():
            return None
        russia, ukraine, guarantors = model.russia, model.ukraine, model.guarantors
        new = move.attack & at_war
        going = at_war & ~new
        widen = move.widen & going  # the ladder's first step: a limited war becomes a full invasion
        if widen.any():
            s.kind = np.where(widen, np.int8(Action.FULL), s.kind)
        full = s.kind == Action.FULL
        intensity = np.where(full, 1.0, w.limited_intensity)
        lost_since = s.territory - w.initial_territory
        # --- intervention: who fights this month (those who fought the first month are in)
        threat = self.threat_of(new, full, lost_since)
        restraint = w.nuclear_restraint * s.threat
        for name, g in guarantors.items():
            c = g.cells
            c.in_war = np.where(new, answers.fought[name], c.in_war)
            c.war_draw = np.where(new, u.response[name], c.war_draw)
        allies = {  # decided together: each sees who was in at the start of the month
            name: reduce(np.logical_or, [guarantors[o].cells.in_war for o in guarantors if o != name])
            for name in guarantors
        }
        forces_left = np.zeros(model.shape, dtype=bool)
        for name, g in guarantors.items():
            c = g.cells
            leave = going & c.in_war & (g.resolve < g.p.withdrawal_threshold)
            automaticity = d.combine(g.automaticity(), s.tripwire_true * c.force_present)
            chance = self.entry_chance(g, g.engagement(), automaticity, threat, allies[name], restraint)
            join = going & ~c.in_war & (c.war_draw < chance)
            if leave.any():
                c.war_draw = np.where(leave, 2.0, c.war_draw)  # a guarantor that left stays out of this war
            if join.any():
                russia.learn(name, join, join, 1.0)  # fighting is an answer Russia sees
            c.in_war = (c.in_war | join) & ~leave
            # no force stays in a war its state will not fight
            stays_out = at_war & c.force_present & ~c.in_war
            if stays_out.any():
                c.force_present &= ~stays_out
                c.withdrawn |= stays_out
                forces_left |= stays_out
            russia.see_withdrawal(name, leave | stays_out)  # one signal, whichever way it went
        fighting = {name: g.cells.in_war & at_war for name, g in guarantors.items()}
        direct = reduce(np.logical_or, fighting.values())
        # --- the front and attrition
        brought = {
            name: fighting[name] * (theatre.troops_power[name] + theatre.weight[name]) for name in guarantors
        }
        local = theatre.local_defence
        defence = local + total(brought.values())
        attack = np.maximum(russia.cells.power * russia.cells.readiness, 1e-6)
        grab = np.where(full, w.full_grab, w.limited_objective)
        positional = d.front_change(
            w.front_rate, intensity, attack, defence, w.front_noise, u.front, w.front_max
        )
        trend = d.front_change(w.front_rate, intensity, attack, defence, 0.0, 0.0, w.front_max) * at_war
        change = np.where(new, gained * grab, positional) * at_war
        before = s.territory
        s.territory = np.clip(before + change, 0.0, 100.0)
        change = s.territory - before
        lost_r, lost_d = d.war_losses(w.attrition, intensity, attack, defence, w.exchange_ratio)
        lost_r, lost_d = lost_r * at_war, lost_d * at_war
        per_power = w.casualties_per_power
        russia.cells.power = np.maximum(russia.cells.power - lost_r * (1 - w.russia_replacement), 1e-3)
        russia.cells.casualties = russia.cells.casualties + lost_r * per_power
        s.war_casualties = s.war_casualties + lost_r * per_power
        share_u = local / defence
        ukraine.cells.power = ukraine.cells.power - lost_d * share_u * (1 - w.ukraine_replacement)
        ukraine.cells.casualties = ukraine.cells.casualties + lost_d * share_u * per_power
        winning = change < 0
        for name, g in guarantors.items():  # (where it fights: elsewhere nothing is added)
            at = Subset(fighting[name])
            if not at.flat.size:
                continue
            c = g.cells
            before_k = at(c.casualties)
            after_k = before_k + at(lost_d) * (at(brought[name]) / at(defence)) * at(per_power)
            step = d.casualty_fatigue(
                at(w.war_fatigue),
                at(g.p.casualty_aversion),
                before_k,
                after_k,
                at(w.casualty_scale),
                at(winning),
                at(w.winning_relief),
            )
            c.casualties = at.set(c.casualties, after_k)
            c.fatigue = at.set(c.fatigue, at(c.fatigue) + step)
        # --- escalation: nuclear threats, and (an assumption) use
        losing = s.territory < w.initial_territory - w.losing_margin  # Ukraine retakes what Russia held
        invading = (new & full) | widen  # a full invasion's first month, or a limited war widening into one
        chance = d.combine(
            w.threat_on_invasion * invading, w.threat_direct * direct, w.threat_losing * losing
        )
        onset = at_war & ~s.threat & (u.threat < chance)
        s.threat = (s.threat & (direct | losing)) | onset  # threats lapse once their cause has gone
        use = at_war & s.threat & direct & losing & (u.use < w.nuclear_use_hazard)
        threatening = s.threat.copy()
        # --- the end: capitulation, or a ceasefire both sides take
        s.war_month = s.war_month + at_war
        capitulated = at_war & (ukraine.cells.power < w.capitulation_power)
        held = (s.kind == Action.LIMITED) & (s.territory - s.territory_start >= 0.5 * w.limited_objective)
        decisive = held | (attack / defence < w.failure_ratio)
        talking = at_war & ~s.accepted  # start: war, before the first ceasefire: the offer decides
        at = Subset(at_war & s.accepted)  # a renewed war's end, where there is one
        chance = d.war_end_probability(
            np.where(at(full), at(w.end_full), at(w.end_limited)),
            at(w.end_convergence),
            at(s.war_month),
            at(w.end_costs),
            at(s.war_casualties),
            at(w.end_decisive) * at(decisive),
            at(w.end_momentum),
            at(change) > 0,
        )
        ended = at.put(at(u.end) < chance, False) & ~capitulated
        agreed = talking & ~capitulated
        if agreed.any():
            agreed = model.talks.decide(agreed, trend, attack, defence, u.talks)
        end = np.where(capitulated, End.CAPITULATION, np.where(decisive, End.DECISIVE, End.STALEMATE))
        if ended.any():
            self.ceasefire(ended, decisive)
        if agreed.any():
            self.ceasefire(agreed, decisive)
            model.talks.take_effect(agreed, model.steps)
        if capitulated.any():
            s.phase = np.where(capitulated, np.int8(Phase.CAPITULATED), s.phase)
        return WarMonth(at_war, new, direct, onset, threatening, widen, fighting, forces_left, use, ended,
                        agreed, end.astype(np.int8), capitulated, change, trend)  # fmt: skip

    def ceasefire(self, where: np.ndarray, decisive: np.ndarray) -> None:
        """A new ceasefire on the line where the front stands: the peace phase resumes.

        The package stays as it is, less the forces that left (they do not come back by themselves);
        Russia's units must rest and refit again (readiness, lead times from now); a clear outcome ends
        the pressure that drove the war, a stalemate leaves it (Fortna 2003; Werner & Yuen 2005).
        """
        s, r = self.model.state, self.model.russia
        s.phase = np.where(where, np.int8(Phase.PEACE), s.phase)
        s.threat = s.threat & ~where
        c = r.cells
        c.since = np.where(where, 0, c.since).astype(np.int16)
        c.readiness = np.where(where, r.p.initial_readiness, c.readiness)
        c.pressure = np.where(where & decisive, 0.0, c.pressure)
        for g in self.model.guarantors.values():
            g.cells.in_war = g.cells.in_war & ~where
