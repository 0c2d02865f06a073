"""`deter robust`: every package over many assumption sets, and how each holds up across them.

The assumption sets are a Latin hypercube over every world parameter tagged [M] (an assumption of
this model), each over the plausible range of `sim.schema.assumptions` (one rule, stated once) or a
range given in a file. It runs as a sweep (same chunks, executors, resume and reproducibility), then
`sim.results.robust` summarises it per package.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from sim.errors import ScenarioError
from sim.execution.files import write_atomic
from sim.execution.sweep_run import load_sweep_folder, run_sweep
from sim.results.robust import format_robust, outcome_of, robust_table
from sim.schema.assumptions import spans
from sim.schema.design import Sweep, check_points, resolve_base
from sim.schema.scenario import describe_error, load_scenario
from sim.schema.yamlfiles import read_yaml

SETS, RUNS = 200, 1000
"""Assumption sets and worlds per set and package by default (about 3 minutes for the baseline)."""


def assumption_ranges(path: Path | None = None) -> dict[str, dict]:
    """The range of every assumption: the rule's, replaced or removed (null) by a YAML file's."""
    ranges = {
        s.path: {"low": s.low, "high": s.high, **({"integer": True} if s.integer else {})}
        for s in spans(assumptions_only=True)
    }
    if path is None:
        return ranges
    given = read_yaml(path)
    if not isinstance(given, dict) or not given:
        raise ScenarioError(f"{path}: expected a mapping of parameter paths to {{low, high}} or null")
    for dotted, spec in given.items():
        if spec is None:
            if dotted not in ranges:
                raise ScenarioError(
                    f"{path}: {dotted}: not an assumption of the robust analysis, so not removable"
                )
            del ranges[dotted]
        else:
            ranges[str(dotted)] = spec
    if not ranges:
        raise ScenarioError(f"{path}: every assumption removed: nothing left to vary")
    return ranges


def robust_sweep(scenario_path: Path, sets: int, runs: int, seed: int | None, ranges_path: Path | None):
    """The sweep of a robust analysis, and its base scenario (validated)."""
    scenario = load_scenario(scenario_path)
    doc = {
        "name": f"{scenario.name}-robust",
        "description": f"Robust analysis of {scenario.name}: every package over {sets} assumption sets.",
        "base": str(Path(scenario_path).resolve()),
        "design": "lhs",
        "samples": sets,
        "runs": runs,
        "seed": scenario.seed if seed is None else seed,
        "parameters": assumption_ranges(ranges_path),
    }
    try:
        sweep = Sweep.model_validate(doc)
    except ValidationError as err:
        source = str(ranges_path or scenario_path)
        raise ScenarioError(f"{source}: {describe_error(err, doc, root=Sweep)}") from None
    check_points(sweep, str(scenario_path))
    return sweep, resolve_base(sweep, Path("/"), str(ranges_path or scenario_path))


def analyse(
    folder: Path, summary: pd.DataFrame, sweep: Sweep, reference: str, outcome: str | None = None
) -> str:
    """Write robust.csv and robust_pairs.csv into the sweep folder; return the table as text.

    `outcome`: what a package is judged by (a key of DECISION_OUTCOMES; default peace holding).
    """
    table, pairs, w = robust_table(summary, reference, outcome)
    table["kendall_w"] = w
    table["outcome"] = outcome or ("peace" if outcome_of(summary) == "peace_rate" else "deterrence")
    write_atomic(folder / "robust.csv", table.to_csv(index=False).encode())
    write_atomic(folder / "robust_pairs.csv", pairs.to_csv().encode())
    text = format_robust(
        table,
        reference,
        w,
        outcome or outcome_of(summary),
        summary["point"].nunique(),
        sweep.runs,
        len(sweep.parameters),
    )
    write_atomic(folder / "robust.txt", (text + "\n").encode())
    return text


def run_robust(
    scenario_path: Path | None,
    *,
    resume: Path | None = None,
    sets: int = SETS,
    runs: int = RUNS,
    seed: int | None = None,
    ranges: Path | None = None,
    out: Path | None = None,
    outcome: str | None = None,
    **executor,
) -> tuple[str, Path]:
    """Run (or finish) a robust analysis; return its table as text and its folder (a sweep folder)."""
    if resume is not None:
        summary, folder = run_sweep(resume=resume, **executor)
        sweep, scenario, _ = load_sweep_folder(folder)
    else:
        sweep, scenario = robust_sweep(Path(scenario_path), sets, runs, seed, ranges)
        summary, folder = run_sweep(loaded=(sweep, scenario), out=out, **executor)
    return analyse(folder, summary, sweep, str(scenario.reference_package), outcome), folder
