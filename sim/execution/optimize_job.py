"""`deter optimize` from start to finish: claim a folder, search, answer, re-score on fresh sets, write.

The folder holds `manifest.json` (the scenario, the settings, the status), `evaluations.parquet` (every
design's summary per assumption set, kept after each generation), `convergence.csv`, and once the
search is done `pareto.csv` (the front: levers, scores, levers at a bound, regret, fresh scores),
`designs.csv` (every design seen, and the hand-written packages), `fresh.csv`, `answer.txt`, the
figures and `report.html`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.errors import ResultDirError, ScenarioError
from sim.execution.files import write_atomic
from sim.execution.folders import Claim, claim_new
from sim.execution.optimize_run import (
    Evaluator,
    assumption_sets,
    check_feasible,
    constraint_values,
    keep_cache,
    lever_values,
    load_cache,
    robust_score,
    say,
    search,
    stamp,
)
from sim.results import pareto
from sim.schema.optimize import OBJECTIVES, OptimizeSettings, encode
from sim.schema.scenario import Scenario, load_scenario

FRESH = "fresh_evaluations.parquet"
"""The front's scores on the fresh sets, kept (a resumed search does not simulate them again)."""


@dataclass
class Outcome:
    """What a search found and wrote: its folder, the front, every design, convergence, the words."""

    folder: Path
    front: pd.DataFrame
    designs: pd.DataFrame
    convergence: pd.DataFrame
    settings: OptimizeSettings
    words: str
    text: str
    levers: dict


def run_optimize(
    path: Path | None,
    out: Path | None = None,
    resume: Path | None = None,
    workers: int | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    overrides: dict | None = None,
    quiet: bool = False,
) -> Outcome:
    """Search, answer and write; returns what was found (the figures are the caller's: `sim.present`)."""
    if resume is not None:
        manifest_path = Path(resume) / "manifest.json"
        if not manifest_path.exists():
            raise ResultDirError(f"{resume}: not an optimize folder (no manifest.json)")
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("kind") != "optimize":
            raise ResultDirError(f"{resume}: not an optimize folder")
        path, overrides = Path(manifest["source"]), manifest.get("overrides") or {}
    assert path is not None
    base = load_scenario(path, overrides or None)
    if not base.levers:
        raise ScenarioError(f"{path}: no levers: to search (declare levers: in the scenario)")
    check_feasible(base, base.optimize)
    claim = (
        Claim(Path(resume), "--resume", must_exist=True)
        if resume
        else claim_new(out, f"{base.name}-optimize")
    )
    with claim:
        folder = claim.path
        folder.mkdir(parents=True, exist_ok=True)
        manifest = {
            "kind": "optimize",
            "source": str(Path(path).resolve()),
            "overrides": overrides or {},
            "status": "incomplete",
            "started": stamp(),
            "scenario": base.model_dump(mode="json"),
        }
        write_atomic(folder / "manifest.json", json.dumps(manifest, indent=2).encode())
        sweep, _, design = assumption_sets(Path(path), base.optimize)
        evaluator = Evaluator(base, sweep, design, workers, executor, scheduler, load_cache(folder))
        progress = None if quiet else say
        result = search(base, evaluator, folder, progress)
        outcome = finish(base, path, result, evaluator, folder, workers, executor, scheduler, progress)
        manifest |= {"status": "complete", "finished": stamp(), "seconds": round(result.seconds, 1)}
        write_atomic(folder / "manifest.json", json.dumps(manifest, indent=2).encode())
    return outcome


def finish(
    base: Scenario, path, result, evaluator: Evaluator, folder: Path, workers, executor, scheduler, progress
) -> Outcome:
    """The front with the hand-written packages, regret, the fresh re-score, the choice; every file."""
    settings, levers, objectives = base.optimize, base.levers or {}, base.optimize.objectives
    written = [p.model_dump(mode="json", exclude_none=True) for p in base.packages]
    scored = evaluator.scores(written)
    rows = []
    for p in written:
        score = robust_score(scored[p["name"]], settings)
        g = constraint_values(p, base, settings)
        u = encode(levers, p)
        rows.append(
            {
                "design": p["name"],
                "kind": "written",
                **(lever_values(levers, u, p) if u is not None else {}),
                **{
                    o: (-v if OBJECTIVES[o].higher_is_better else v)
                    for o, v in zip(objectives, score, strict=True)
                },
                "feasible": bool((g <= 1e-9).all()),
                "package": json.dumps(p, sort_keys=True),
            }
        )
    same = {_body(r["package"]) for r in rows}  # a searched design that is a written package: keep the name
    searched = result.designs[[_body(p) not in same for p in result.designs["package"]]]
    designs = pd.concat([searched, pd.DataFrame(rows)], ignore_index=True)
    front = pareto.front_of(designs, objectives)
    front["at_bound"] = [pareto.at_bounds(r, levers) for _, r in front.iterrows()]
    first = objectives[0]
    front[f"regret_{first}"] = pareto.regret(front, evaluator.cache, first).to_numpy()
    if progress:
        progress(
            f"re-scoring the front ({len(front)} designs) on {settings.fresh_sets} fresh assumption sets"
        )
    fresh_sweep, _, fresh_design = assumption_sets(Path(path), settings, fresh=True)
    kept = load_cache(folder, FRESH)
    fresh_eval = Evaluator(base, fresh_sweep, fresh_design, workers, executor, scheduler, kept)
    packages = [json.loads(p) for p in front["package"]]
    again = fresh_eval.scores(packages)
    keep_cache(folder, fresh_eval, FRESH)
    fresh = pd.DataFrame(
        [
            {
                "design": p["name"],
                **{
                    o: (-v if OBJECTIVES[o].higher_is_better else v)
                    for o, v in zip(objectives, robust_score(again[p["name"]], settings), strict=True)
                },
            }
            for p in packages
        ]
    )
    moved = pareto.shift(front, fresh, objectives)
    for o in objectives:
        front[f"{o}_fresh"] = moved[f"{o}_fresh"].to_numpy()
    chosen, sentence = pareto.choose(front, settings)
    if chosen is not None and chosen["kind"] != "written":
        sentence += " " + pareto.against_written(chosen, designs, evaluator.cache, first)
    failing = where_chosen_fails(chosen, again, fresh_design, settings) if chosen is not None else ""
    write_atomic(folder / "pareto.csv", front.to_csv(index=False).encode())
    write_atomic(folder / "designs.csv", designs.to_csv(index=False).encode())
    write_atomic(folder / "fresh.csv", moved.to_csv(index=False).encode())
    shift_words = moved_words(moved, objectives)
    lines = [
        sentence,
        shift_words,
        failing,
        f"{len(result.designs)} designs scored in {len(result.convergence)} "
        f"generation{'s' if len(result.convergence) != 1 else ''} "
        f"({result.seconds:.0f} s{', stopped early' if result.stopped_early else ''}); "
        f"{settings.sets} assumption sets x {settings.runs} worlds each",
    ]
    words = "\n".join(line for line in lines if line)
    write_atomic(folder / "answer.txt", (words + "\n").encode())
    return Outcome(
        folder,
        front,
        designs,
        result.convergence,
        settings,
        words,
        front_text(front, levers, objectives) + "\n\n" + words,
        levers,
    )


def where_chosen_fails(chosen, fresh_scores: dict, design: pd.DataFrame, settings) -> str:
    """PRIM on the fresh sets: where the chosen design keeps less of the decade at peace than the bar."""
    from sim.results.discover import discover

    rows = fresh_scores.get(chosen["design"])
    if rows is None or "peace_share" not in rows:
        return ""
    interest = rows["peace_share"].to_numpy(float) < settings.answer_peace
    if interest.all() or not interest.any():
        share = "every" if interest.all() else "no"
        bar = f"{settings.answer_peace:.0%}"
        return f"Where it fails: {share} fresh assumption set keeps it under {bar} of the decade at peace."
    x = design.drop(columns=[c for c in ("point", "block", "sample") if c in design]).reset_index(drop=True)
    try:
        found = discover(x, interest)
    except (ScenarioError, ImportError, ValueError) as err:
        return f"Where it fails: no box found ({err})."
    limits = found.limits
    if limits.empty:
        share = f"{interest.mean():.0%}"
        return f"Where it fails: in {share} of the fresh sets, in no box of assumptions that holds them."
    box = "; ".join(
        f"{name.removeprefix('world.')} {r['low']:.3g} to {r['high']:.3g}" for name, r in limits.iterrows()
    )
    return f"Where it fails (PRIM on the fresh sets, {interest.mean():.0%} of them): {box}."


def moved_words(moved: pd.DataFrame, objectives: list[str]) -> str:
    """How far the front moved on fresh sets: the mean and largest move per objective."""
    parts = []
    for o in objectives:
        m = moved[f"{o}_moved"].to_numpy(float)
        share = OBJECTIVES[o].unit == "share"
        fmt = (lambda v: f"{100 * v:+.1f} pts") if share else (lambda v: f"{v:+,.1f}")
        parts.append(f"{o} {fmt(float(np.mean(m)))} (largest {fmt(float(m[np.argmax(np.abs(m))]))})")
    return "On fresh assumption sets the front moved by " + "; ".join(parts) + "."


def front_text(front: pd.DataFrame, levers, objectives: list[str]) -> str:
    """The front as a terminal table: its designs on the first two objectives' own frontier, by the second.

    With several objectives most designs are non-dominated; the table shows those that trade the first
    objective against the second best (all of them are in pareto.csv).
    """
    shown = pareto.front_of(front.assign(feasible=True), objectives[:2])
    shown = shown.sort_values(objectives[1], ascending=not OBJECTIVES[objectives[1]].higher_is_better)
    show = shown[["design", "kind"]].copy()
    show["contains"] = [pareto.contents(json.loads(p)) for p in shown["package"]]
    show = pd.concat([show, shown[[*objectives, "at_bound"]]], axis=1)
    for o in objectives:
        show[o] = show[o].map(
            lambda v, o=o: f"{100 * v:.1f}%" if OBJECTIVES[o].unit == "share" else f"{v:,.1f}"
        )
    return (
        f"The front: {len(front)} designs no other beats on every objective (pareto.csv). Those that trade "
        f"{OBJECTIVES[objectives[0]].words} against {OBJECTIVES[objectives[1]].words} best:\n"
        + show.to_string(index=False)
    )


def _body(package_json: str) -> str:
    """A package's contents without its name (to find a searched design that is a written package)."""
    from sim.schema.package import Package

    parsed = Package.model_validate({**json.loads(package_json), "name": "x", "description": ""})
    return json.dumps(parsed.model_dump(mode="json"), sort_keys=True)
