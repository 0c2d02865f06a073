"""`deter optimize`: a many-objective robust search over a scenario's levers (NSGA-II, from pymoo).

Every design is scored on the same fixed sample of assumption sets (a Latin hypercube over the [M]
parameters, as `deter robust` draws them) and the same worlds in each set (common random numbers: a
design's score does not depend on what else is in its generation, and a generation is evaluated at
once, chunk by chunk, on the local pool or a Dask cluster, so the search is identical on any number of
workers). A robustness measure (`optimize.measure`) turns a design's per-set scores into one number
per objective. The scenario's hand-written packages that the levers can express seed the first
generation; all of them are scored on the same sets, and the front is the non-dominated set of every
design the search saw together with the hand-written packages, so none of those dominates it.

The search is pymoo's NSGA-II (Deb et al. 2002), chosen over platypus (the EMA Workbench's optimiser:
barely maintained since 2020) and optuna (built for expensive single trials, with a sampler that
proposes one trial at a time): pymoo is maintained, seeds exactly, takes a whole generation at a time
(ask and tell) and ships the hypervolume. Every evaluation is kept in the folder after each generation;
`--resume` replays the seeded search, taking the kept scores instead of simulating them again.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from sim.errors import ScenarioError, SweepInterrupted
from sim.execution import executors
from sim.execution.files import write_atomic
from sim.execution.jobs import Job, plan, run_chunk
from sim.execution.robust_run import robust_sweep
from sim.results.pareto import non_dominated
from sim.results.summary import combine, summary_from_stats
from sim.schema.design import design_points
from sim.schema.optimize import OBJECTIVES, OptimizeSettings, design_package, encode
from sim.schema.scenario import Scenario, scenario_from_dict

FRESH_SEED = 1_000_003
"""Added to the search's seed for the fresh assumption sets the front is re-scored on."""


@dataclass
class Evaluator:
    """Scores packages on a fixed sample of assumption sets (in-sample, or fresh)."""

    base: Scenario
    sweep: object
    design: pd.DataFrame
    workers: int | None = None
    executor: str = "local"
    scheduler: str | None = None
    cache: dict[str, pd.DataFrame] = field(default_factory=dict)
    simulated: int = 0

    def scores(self, packages: list[dict]) -> dict[str, pd.DataFrame]:
        """Each package's summary per set (point), simulating only those not scored before."""
        new = {p["name"]: p for p in packages if p["name"] not in self.cache}
        if new:
            doc = self.base.model_dump(mode="json", exclude={"levers"})
            offered = {o["package"] for p in new.values() for o in p.get("offers") or []} - set(new)
            steps = [
                p.model_dump(mode="json", exclude_none=True) for p in self.base.packages if p.name in offered
            ]
            doc["packages"] = [*new.values(), *steps]  # a design's offer steps down to one of the scenario's
            doc["reference_package"] = next(iter(new))
            scenario = scenario_from_dict(doc)
            job = Job(
                scenario.model_dump_json(),
                self.design.to_json(orient="split"),
                tuple(self.sweep.parameters),
                self.sweep.runs,
                self.sweep.seed,
            )
            todo = plan(self.sweep, self.design)
            workers = max(1, min(self.workers or 1, len(todo)))
            stats = [
                r.stats
                for r in executors.execute(self.executor, run_chunk, job, todo, workers, self.scheduler)
            ]
            summary = summary_from_stats(combine(stats), scenario.horizon_months, scenario.reference_package)
            for name, rows in summary.groupby("package", sort=False):
                self.cache[str(name)] = rows.sort_values("point").reset_index(drop=True)
            self.simulated += len(new)
        return {p["name"]: self.cache[p["name"]] for p in packages}


def robust_score(rows: pd.DataFrame, settings: OptimizeSettings) -> np.ndarray:
    """One number per objective, to minimise, from a design's per-set summary (the settings' measure)."""
    out = []
    for i, name in enumerate(settings.objectives):
        o = OBJECTIVES[name]
        v = rows[o.column].to_numpy(dtype=float)
        v = np.where(np.isnan(v), 0.0 if o.higher_is_better else np.nanmax(np.append(v, 0.0)), v)
        if settings.measure == "percentile":
            q = settings.percentile if o.higher_is_better else 100 - settings.percentile
            score = float(np.percentile(v, q))
        elif settings.measure == "share" and i == 0:
            met = v >= settings.threshold if o.higher_is_better else v <= settings.threshold
            score = float(met.mean())
        else:
            score = float(v.mean())
        out.append(-score if o.higher_is_better else score)
    return np.array(out)


def constraint_values(package: dict, base: Scenario, settings: OptimizeSettings) -> np.ndarray:
    """What each constraint leaves (≤ 0 is met): cost a year over the budget, troops over the limit."""
    c = settings.constraints
    out = []
    if c.budget_bn_per_year is not None or c.troops is not None:
        doc = base.model_dump(mode="json", exclude={"levers"})
        alone = {k: v for k, v in package.items() if k != "offers"}  # (its own cost and troops)
        parsed = scenario_from_dict({**doc, "packages": [alone], "reference_package": package["name"]})
        p = parsed.packages[0]
        if c.budget_bn_per_year is not None:
            out.append(p.cost() - c.budget_bn_per_year)
        if c.troops is not None:
            troops = (p.reassurance_force.troops if p.reassurance_force else 0) + (
                p.buffer_zone.armed_troops if p.buffer_zone and p.buffer_zone.armed else 0
            )
            out.append(troops - c.troops)
    return np.array(out, dtype=float)


def check_feasible(base: Scenario, settings: OptimizeSettings) -> None:
    """Refuse constraints no design can meet (the least every lever can give still breaks them)."""
    levers = base.levers or {}
    least = design_package(levers, np.array([_lowest(lever) for lever in levers.values()]))
    over = constraint_values(least, base, settings)
    if (over > 1e-9).any():
        names = [
            n
            for n, v in (
                ("budget_bn_per_year", settings.constraints.budget_bn_per_year),
                ("troops", settings.constraints.troops),
            )
            if v is not None
        ]
        broken = names[int(np.argmax(over > 1e-9))]
        raise ScenarioError(
            f"optimize.constraints.{broken}: no design can meet it (the levers at their least exceed it)"
        )


def _lowest(lever) -> float:
    """The position in [0, 1] of a lever's least setting (a range's low end; a choice of none or false)."""
    if lever.choices is None:
        return 0.0
    for value in (None, False, 0):
        if value in lever.choices:
            return lever.position(value)
    return 0.0


def hypervolume(f: np.ndarray, low: np.ndarray, high: np.ndarray) -> float:
    """The hypervolume of points f (minimised), each objective scaled to [0, 1] by the first generation."""
    from pymoo.indicators.hv import HV

    span = np.where(high > low, high - low, 1.0)
    scaled = (f - low) / span
    return float(HV(ref_point=np.full(f.shape[1], 1.1))(scaled)) if len(scaled) else 0.0


@dataclass
class SearchResult:
    """What a search found: every design scored, the hand-written packages, convergence, timing."""

    designs: pd.DataFrame  # one row per design: name, lever values, scores, feasible, kind
    convergence: pd.DataFrame
    seconds: float
    stopped_early: bool


def search(
    base: Scenario,
    evaluator: Evaluator,
    folder: Path,
    progress: Callable[[str], None] | None = None,
) -> SearchResult:
    """Run NSGA-II over the levers; keep every evaluation in `folder` after each generation."""
    from pymoo.algorithms.moo.nsga2 import NSGA2
    from pymoo.core.evaluator import Evaluator as PymooEvaluator
    from pymoo.core.problem import Problem
    from pymoo.problems.static import StaticProblem

    settings, levers = base.optimize, base.levers or {}
    n_con = sum(v is not None for v in (settings.constraints.budget_bn_per_year, settings.constraints.troops))
    problem = Problem(n_var=len(levers), n_obj=len(settings.objectives), n_ieq_constr=n_con, xl=0.0, xu=1.0)
    rng = np.random.default_rng(settings.seed)
    seeds = [
        x
        for p in base.packages
        if (x := encode(levers, p.model_dump(mode="json", exclude_none=True))) is not None
    ][: settings.population]
    start = np.vstack([*seeds, rng.random((settings.population - len(seeds), len(levers)))])
    algorithm = NSGA2(pop_size=settings.population, sampling=start)
    algorithm.setup(problem, termination=("n_gen", settings.generations), seed=settings.seed, verbose=False)
    rows: dict[str, dict] = {}
    curve, best, flat, t0 = [], -1.0, 0, time.perf_counter()
    bounds: tuple[np.ndarray, np.ndarray] | None = None
    stopped = False
    try:
        while algorithm.has_next():
            pop = algorithm.ask()
            x = pop.get("X")
            packages = [design_package(levers, u) for u in x]
            unique = list({p["name"]: p for p in packages}.values())
            before = evaluator.simulated
            scores = evaluator.scores(unique)
            f = np.vstack([robust_score(scores[p["name"]], settings) for p in packages])
            g = np.vstack([constraint_values(p, base, settings) for p in packages]) if n_con else None
            for p, u, fi, gi in zip(
                packages, x, f, g if g is not None else [None] * len(packages), strict=True
            ):
                rows.setdefault(
                    p["name"],
                    {
                        "package": p,
                        "u": u.tolist(),
                        "f": fi.tolist(),
                        "feasible": bool(gi is None or (gi <= 1e-9).all()),
                    },
                )
            PymooEvaluator().eval(StaticProblem(problem, F=f, G=g), pop)
            algorithm.tell(infills=pop)
            all_f = np.array([r["f"] for r in rows.values()])
            feasible = np.array([r["feasible"] for r in rows.values()])
            if bounds is None:
                bounds = (all_f.min(axis=0), all_f.max(axis=0))
            front = non_dominated(all_f, feasible)
            hv = hypervolume(all_f[front], *bounds)
            gen = len(curve) + 1
            curve.append({"generation": gen, "designs": len(rows), "front": len(front), "hypervolume": hv})
            _save(folder, rows, curve, evaluator)
            if progress:
                progress(
                    f"generation {gen}/{settings.generations}: {len(unique)} designs "
                    f"({evaluator.simulated - before} new), front {len(front)}, hypervolume {hv:.4f}"
                )
            flat = 0 if hv > best + 1e-9 else flat + 1
            best = max(best, hv)
            if settings.patience is not None and flat >= settings.patience:
                stopped = True
                break
    except KeyboardInterrupt as err:
        _save(folder, rows, curve, evaluator)
        raise SweepInterrupted(folder) from err
    return SearchResult(
        _table(rows, levers, settings),
        pd.DataFrame(curve),
        time.perf_counter() - t0,
        stopped,
    )


def _table(rows: dict[str, dict], levers, settings: OptimizeSettings) -> pd.DataFrame:
    out = []
    for name, r in rows.items():
        values = lever_values(levers, r["u"], r["package"])
        scores = {
            o: (-v if OBJECTIVES[o].higher_is_better else v)
            for o, v in zip(settings.objectives, r["f"], strict=True)
        }
        out.append(
            {
                "design": name,
                "kind": "searched",
                **values,
                **scores,
                "feasible": r["feasible"],
                "package": json.dumps(r["package"], sort_keys=True),
            }
        )
    return pd.DataFrame(out)


def _save(folder: Path, rows: dict[str, dict], curve: list[dict], evaluator: Evaluator) -> None:
    """Every evaluation so far (per set) and the convergence curve, written atomically."""
    if not evaluator.cache:
        return
    keep_cache(folder, evaluator)
    write_atomic(folder / "convergence.csv", pd.DataFrame(curve).to_csv(index=False).encode())


def keep_cache(folder: Path, evaluator: Evaluator, name: str = "evaluations.parquet") -> None:
    """Every evaluation of an evaluator (per set), written atomically."""
    kept = pd.concat([v.assign(package=k) for k, v in evaluator.cache.items()], ignore_index=True)
    write_atomic(folder / name, _parquet(kept))


def _parquet(frame: pd.DataFrame) -> bytes:
    import io

    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def load_cache(folder: Path, name: str = "evaluations.parquet") -> dict[str, pd.DataFrame]:
    """The evaluations a folder keeps (to resume a search without simulating them again)."""
    path = folder / name
    if not path.exists():
        return {}
    kept = pd.read_parquet(path)
    return {
        str(k): v.drop(columns="package").reset_index(drop=True)
        for k, v in kept.groupby("package", sort=False)
    }


def assumption_sets(path: Path, settings: OptimizeSettings, fresh: bool = False):
    """The sweep and design of the assumption sets: in-sample, or fresh (another seed) for the re-score."""
    sets = settings.fresh_sets if fresh else settings.sets
    seed = settings.seed + (FRESH_SEED if fresh else 0)
    sweep, base = robust_sweep(path, sets, settings.runs, seed, None)
    sweep = sweep.model_copy(update={"seed": base.seed})  # the worlds are the scenario's, whatever the sets
    return sweep, base, design_points(sweep.model_copy(update={"seed": seed}))


def stamp() -> str:
    """The time now, for a manifest."""
    return datetime.now(UTC).isoformat()


def say(line: str) -> None:
    """A progress line on standard error."""
    print(line, file=sys.stderr, flush=True)


def lever_values(levers, u, package: dict) -> dict:
    """Each lever's value in a design (None for a lever of a component the design leaves out)."""
    return {
        path: (package.get(path) is not None)
        if "." not in path
        else lever.value(x)
        if package.get(path.partition(".")[0]) is not None
        else None
        for (path, lever), x in zip(levers.items(), u, strict=True)
    }
