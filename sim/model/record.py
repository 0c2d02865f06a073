"""What is measured, apart from what is stepped: per-world outcomes, the traced world, monthly aggregates.

`Recorder` keeps the outcome arrays the schema declares (`sim.schema.outcomes`, one per guarantor where
the outcome is per party), the monthly story of one traced world, and, through Mesa's `DataCollector`,
each month's aggregates per package: how many worlds are at peace, Russia's power and beliefs, each
guarantor's resolve and whether a force is in place (sums over the worlds at peace, so that chunks add
up; `monthly_table` turns them into shares and means).
"""

from __future__ import annotations

from functools import reduce
from typing import TYPE_CHECKING, Any

import mesa
import numpy as np
import pandas as pd

from sim.model.decisions import Action
from sim.model.war import End, Phase
from sim.schema.calendar import month_date
from sim.schema.outcomes import outcomes_for

if TYPE_CHECKING:
    from sim.model.types import Answers, Move
    from sim.model.war import WarMonth


class Recorder:
    """The outcomes, the trace and the monthly aggregates of one model.

    Args:
        model: the model it measures.
        trace_world: the index of a world whose monthly story to keep (`trace`), or None.

    """

    def __init__(self, model: Any, trace_world: int | None):
        self.model = model
        self.parties = list(model.guarantors)
        self.declared = outcomes_for(self.parties)
        shape = model.shape
        self.out: dict[str, np.ndarray] = {}
        for o in self.declared:
            if o.record in ("state", "end"):
                self.out[o.name] = np.full(shape, np.nan)  # missing where no ceasefire
            elif o.record == "flag":
                self.out[o.name] = np.zeros(shape, dtype=bool)
            else:
                self.out[o.name] = np.zeros(shape, dtype=np.int16)
        self.out["accepted"][...] = model.state.accepted
        self.out["scored"][...] = model.active  # at month 0: every world at war, or at its ceasefire
        self.out["offer_accepted"][...] = model.state.row  # read only where a ceasefire came
        self.final: dict[str, np.ndarray] = {}
        """The (P, n) outcome arrays once the model runs on its live cells (`sim.model.cells`)."""
        self.trace_world = trace_world
        self.trace: list[dict] = []
        self.move: Move | None = None
        self.war: WarMonth | None = None
        self.columns = list(monthly_values(self.parties))
        self.collector = mesa.DataCollector(model_reporters=monthly_reporters(self.parties))

    # ----------------------------------------------------------------- each month
    def month(
        self,
        month: int,
        move: Move,
        answers: Answers,
        leaving: np.ndarray,
        gained: np.ndarray,
        war: WarMonth | None,
    ) -> None:
        """Record the month: the traced world's story, the outcomes, the monthly aggregates."""
        if self.trace_world is not None:
            self._trace(month, move, answers, gained, leaving, war)
        self._record(month, move, answers, leaving, gained, war)
        self.move, self.war = move, war  # what the monthly reporters read of the month
        self.collector.collect(self.model)

    def _record(self, month, move: Move, answers: Answers, leaving, gained, war: WarMonth | None) -> None:
        out, active, phase = self.out, self.model.active, self.model.state.phase
        before = active & ~out["aggression"]  # the first peace (an attack's month has no probe)
        out["probes"] += move.probe & before
        out["incidents"] += answers.incident & before
        first = leaving & active & ~out["force_withdrawn"]  # the first time a force leaves
        out["withdrawal_month"][first] = month
        out["force_withdrawn"] |= first
        if war is not None:
            out["force_left_war"] |= first & war.forces_left
        model = self.model
        for name, g in model.guarantors.items():
            if g.cells.left.any():  # who left this month (for good)
                new = g.cells.left & active & ~out[f"{name}_left"]
                out[f"{name}_left_month"][new] = month
                out[f"{name}_left"] |= new
        if model.unviable is not None:
            out["force_unviable"] |= model.unviable & active
        at_war = war.at_war if war is not None else False
        out["buildup_months"] += (phase == Phase.BUILDUP) & ~move.attack
        out["peace_months"] += (phase == Phase.PEACE) & ~at_war & ~(war.ended if war is not None else False)
        if war is None:
            return
        out["war_months"] += at_war
        out["wars"] += war.new
        out["ceasefires"] += war.ended
        out["direct_war"] |= war.direct
        if war.direct.any():
            for name, g in model.guarantors.items():
                out[f"{name}_fought"] |= g.cells.in_war & at_war
        out["direct_war_months"] += war.direct
        out["nuclear_threat"] |= war.threat
        out["nuclear_use"] |= war.use
        again = war.new & out["aggression"] & (out["month"] < month) & ~out["war_again"]
        out["war_again"] |= again
        out["second_war_month"][again] = month
        first_war = at_war & (out["wars"] == 1)
        out["first_war_months"] += first_war
        done = first_war & (war.ended | war.capitulated)
        out["first_war_end"][done] = war.end[done]
        if war.capitulated.any():
            out["capitulated"] |= war.capitulated
            out["capitulation_month"][war.capitulated] = month
            self.snapshot_end(war.capitulated)

    def ceasefire(self, agreed: np.ndarray, month: int) -> None:
        """The first ceasefire took effect where both sides accepted the offer on the table (start: war)."""
        out = self.out
        out["accepted"] |= agreed
        out["ceasefire_month"][agreed] = month
        out["offer_accepted"][agreed] = self.model.state.row[agreed]

    def first_aggression(self, month: int, move: Move, answers: Answers, gained: np.ndarray) -> None:
        """Record Russia's first renewed aggression, before its first month of war is fought.

        What today's first-shot outcomes describe: its month and kind, whether it took ground, who fought
        it, whether it paid under Russia's beliefs, and the state (beliefs, resolve, powers) as it stood
        when Russia chose to strike.
        """
        out = self.out
        new = move.attack & self.model.active & ~out["aggression"]
        if not new.any():
            return
        out["month"][new] = month
        out["kind"][new] = np.where(move.limited, Action.LIMITED, Action.FULL)[new]
        out["russia_gained"] |= new & gained
        for name in self.parties:
            out[f"{name}_fought_first"] |= new & answers.fought[name]
            out[f"{name}_fought"] |= new & answers.fought[name]
        out["deliberate"] |= new & (move.utility > 0)
        self.snapshot(new, move.utility)
        out["aggression"] |= new

    def snapshot(self, where: np.ndarray, utility: np.ndarray) -> None:
        """Record the state outcomes (beliefs, resolve, powers) of the worlds in `where` as final."""
        model, russia = self.model, self.model.russia
        values = {
            "attack_utility": utility,
            "russia_power": russia.power,
            "ukraine_power": model.ukraine.power,
        }
        for name, g in model.guarantors.items():
            values[f"belief_{name}"] = russia.believed(name)
            values[f"resolve_{name}"] = g.resolve
        for o in self.declared:  # every declared state outcome must be given a value here
            if o.record == "state":
                self.out[o.name][where] = np.broadcast_to(values[o.name], model.shape)[where]

    def snapshot_end(self, where: np.ndarray) -> None:
        """Record the decade's end outcomes (territory, casualties) of the worlds in `where`."""
        model = self.model
        s, w = model.state, model.params.war
        start = np.broadcast_to(w.initial_territory, model.shape)
        lost = np.where(self.out["capitulated"], 100.0 - start, s.territory - start)
        values = {
            "territory_lost": lost,
            "casualties_ukraine": model.ukraine.cells.casualties,
            "casualties_russia": model.russia.cells.casualties,
            "cost_bn": s.spent,
        }
        for name, g in model.guarantors.items():
            values[f"casualties_{name}"] = g.cells.casualties
        for o in self.declared:  # every declared end outcome must be given a value here
            if o.record == "end":
                self.out[o.name][where] = np.broadcast_to(values[o.name], model.shape)[where]

    def finish(self) -> None:
        """At the horizon: the state outcomes of the worlds never attacked; every live world's decade."""
        active = self.model.active
        self.snapshot(active & ~self.out["aggression"], self.model.state.last_utility)
        self.snapshot_end(active)
        ongoing = active & (self.model.state.phase == Phase.WAR) & (self.out["wars"] == 1)
        self.out["first_war_end"][ongoing] = End.ONGOING

    def flush(self) -> None:
        """Write the live cells' outcomes into the (P, n) outcome arrays."""
        layout = self.model.layout
        if layout.compacted:
            for name, values in self.out.items():
                self.final[name][layout.p, layout.w] = values

    def _trace(self, month, move: Move, answers: Answers, gained, leaving, war: WarMonth | None):
        """Keep the month of the traced world, for each package whose world's decade goes on."""
        model, w = self.model, self.trace_world
        s = model.state
        for p, package in enumerate(model.scenario.packages):
            ending = war is not None and bool(war.capitulated[p, w])
            if not (model.active[p, w] or ending):
                continue
            fighting = war is not None and bool(war.at_war[p, w])
            action = (
                "limited" if move.limited[p, w] else "full" if move.full[p, w]
                else "widen" if war is not None and war.widened[p, w]
                else "buildup" if move.buildup[p, w] else "stand_down" if move.stand_down[p, w]
                else "war" if fighting else "probe" if move.probe[p, w] else "comply"
            )  # fmt: skip
            phase = Phase(int(s.phase[p, w])).name.lower()
            row = {"package": package.name, "month": month, "action": action, "phase": phase,
                   "detected": bool(answers.detected[p, w])}  # fmt: skip
            if model.scenario.start_date:
                row["date"] = month_date(model.scenario.start_date, month)
            row |= {f"{g}_answered": bool(answers.answered[g][p, w]) for g in self.parties}
            row |= {f"{g}_fought": bool(answers.fought[g][p, w]) for g in self.parties}
            row |= {
                f"{g}_in_war": fighting and bool(model.guarantors[g].cells.in_war[p, w]) for g in self.parties
            }
            row |= {"russia_gained": bool(gained[p, w]), "withdrawal": bool(leaving[p, w])}
            row |= {f"{g}_election": bool(model.guarantors[g].worlds.election[w]) for g in self.parties}
            row |= {
                "territory": float(s.territory[p, w]),
                "nuclear_threat": fighting and bool(war.threatening[p, w]),
                "war_ended": war is not None and bool(war.ended[p, w]),
                "ceasefire": war is not None and bool(war.agreed[p, w]),
                "offer": model.scenario.packages[int(s.row[p, w])].name,
                "capitulated": ending,
                "russia_power": float(model.russia.power[p, w]),
                "ukraine_power": float(model.ukraine.power[p, w]),
                "casualties_ukraine": float(model.ukraine.cells.casualties[p, w]),
                "casualties_russia": float(model.russia.cells.casualties[p, w]),
            }
            row |= {f"{g}_left": bool(model.guarantors[g].cells.left[p, w]) for g in self.parties}
            row |= {f"resolve_{g}": float(model.guarantors[g].resolve[p, w]) for g in self.parties}
            row |= {f"belief_{g}": float(model.russia.believed(g)[p, w]) for g in self.parties}
            self.trace.append(row)

    # ----------------------------------------------------------------- the monthly aggregates
    def monthly(self) -> pd.DataFrame:
        """Each month's sums per package (one row per package and month, every month to the horizon)."""
        model = self.model
        names = [p.name for p in model.scenario.packages]
        collected = self.collector.get_model_vars_dataframe()["sums"].tolist()  # (columns, P) a month
        columns, months = self.columns, model.horizon
        sums = np.zeros((months, len(names), len(columns)))
        if collected:
            sums[: len(collected)] = np.stack(collected).transpose(0, 2, 1)
        frame = pd.DataFrame(sums.reshape(-1, len(columns)), columns=columns)
        frame.insert(0, "month", np.repeat(np.arange(1, months + 1, dtype=np.int16), len(names)))
        frame.insert(0, "package", pd.Categorical(np.tile(names, months), categories=names))
        frame.insert(2, "worlds", float(model.n))
        return frame


def monthly_values(parties: list[str]) -> dict[str, Any]:
    """What the monthly aggregates sum over the live worlds, by column: a function of the model each.

    `at_peace` and `at_war` count the worlds in each phase, `talking` those at war with no ceasefire yet
    (start: war); the rest are summed over the worlds at peace (each value times the peace mask), to be
    divided by `at_peace`.
    """

    def at_peace(m):
        return m.state.phase == Phase.PEACE

    values: dict[str, Any] = {
        "at_peace": at_peace,
        "at_war": lambda m: m.state.phase == Phase.WAR,
        "talking": lambda m: (m.state.phase == Phase.WAR) & ~m.state.accepted,  # no ceasefire yet
        "force_present": lambda m: (
            reduce(np.logical_or, [g.cells.force_present for g in m.guarantors.values()]) & at_peace(m)
        ),
        "russia_power": lambda m: m.russia.power * at_peace(m),
    }
    for name in parties:
        values[f"resolve_{name}"] = lambda m, g=name: m.guarantors[g].resolve * at_peace(m)
        values[f"belief_{name}"] = lambda m, g=name: m.recorder.move.believed[g] * at_peace(m)  # as it chose
    return values


def monthly_reporters(parties: list[str]) -> dict[str, Any]:
    """Mesa DataCollector reporters: per-package sums over the live worlds this month.

    One reporter gives every column at once, (columns, P), in one pass over the cells (a reporter a
    column took a tenth of the month's time).
    """
    values = monthly_values(parties)

    def sums(model) -> np.ndarray:
        return model.layout.per_package([f(model) for f in values.values()], model.active)

    return {"sums": sums}


def monthly_table(sums: pd.DataFrame) -> pd.DataFrame:
    """Shares and means from summed monthly aggregates (of one chunk, or of every chunk added up).

    `at_peace`, `at_war`, `talking` (at war, no ceasefire yet) and `force_present` (a force in place, at
    peace) become shares of all worlds;
    the others, means over the worlds at peace that month (empty when none is): Russia's power and
    each guarantor's resolve at the end of the month, Russia's belief in each as it chose that month.
    """
    frame = sums.groupby(["package", "month"], observed=True, sort=True).sum().reset_index()
    worlds, peace = frame.pop("worlds"), frame["at_peace"]
    out = frame[["package", "month"]].copy()
    out["at_peace"] = peace / worlds
    out["at_war"] = frame["at_war"] / worlds
    out["talking"] = frame["talking"] / worlds
    out["force_present"] = frame["force_present"] / worlds
    shares = ("package", "month", "at_peace", "at_war", "talking", "force_present")
    for column in [c for c in frame.columns if c not in shares]:
        out[column] = (frame[column] / peace).where(peace > 0)
    return out
