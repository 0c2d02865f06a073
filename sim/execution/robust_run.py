"""`deter robust`: every package over many assumption sets, and how each holds up across them.

The assumption sets are a Latin hypercube over every world parameter tagged [M] (an assumption of
this model), each over the plausible range of `sim.schema.assumptions` (one rule, stated once) or a
range given in a file. It runs as a sweep (same chunks, executors, resume and reproducibility), then
`sim.results.robust` summarises it per package.
"""

from __future__ import annotations

import copy
import math
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import ValidationError

from sim.errors import ResultDirError, ScenarioError, SweepFailed
from sim.execution.files import write_atomic
from sim.execution.manifests import ROBUST_DESCRIPTION, is_robust, manifest_kind, read_manifest
from sim.execution.sweep_run import load_sweep_folder, run_sweep
from sim.limits import shorten
from sim.results.robust import format_robust, outcome_of, robust_table
from sim.schema.assumptions import spans
from sim.schema.design import Sweep, check_points, design_points, independent, resolve_base
from sim.schema.scenario import Scenario, apply_override, describe_error, load_scenario, scenario_from_dict
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


def _fraction(low: float, high: float) -> float:
    """A value between low and high that is not a whole number (a field of whole numbers refuses it)."""
    middle = (low + high) / 2
    probe = math.floor(middle) + 0.5 if high - low >= 1 else middle
    if float(probe).is_integer():
        probe += (high - low) / 4
    return probe


def _accepted(scenario: Scenario, values: dict[str, float]) -> bool:
    """Whether the scenario takes these values (by path) together."""
    trial = scenario.model_dump(mode="json")
    try:
        for dotted, value in values.items():
            apply_override(trial, dotted, value, label="--ranges:")
        scenario_from_dict(trial)
    except ScenarioError:
        return False
    return True


def _takes_whole_numbers(scenario: Scenario, dotted: str, low: float, high: float) -> bool:
    """Whether the field at `dotted` refuses a fraction between low and high but takes a whole number there.

    Decided by the scenario's own validation (troops, months), not by the wording of its message.
    """
    probe = _fraction(low, high)
    if _accepted(scenario, {dotted: probe}):
        return False
    return any(_accepted(scenario, {dotted: v}) for v in (math.floor(probe), math.ceil(probe)))


def _whole_where_needed(scenario: Scenario, ranges: dict[str, Any], source: str) -> dict[str, Any]:
    """The ranges with `integer: true` on every field that takes whole numbers (sampled as integers).

    A range a file gives for such a field (a force's troops, a month) would otherwise be sampled as
    fractions that the field refuses, and every chunk of the analysis would fail. The fields whose rule
    does not say are probed with a fraction, the independent ones (`independent`) all in one scenario
    first: if it takes them all, none needs whole numbers; else each is probed alone.
    """
    rule = {s.path: s.integer for s in spans(assumptions_only=True)}
    ranged = {}
    for dotted, spec in ranges.items():
        plain = isinstance(spec, dict) and "integer" not in spec
        numbers = plain and all(isinstance(spec.get(k), int | float) for k in ("low", "high"))
        if numbers and not isinstance(spec["low"], bool) and spec["low"] < spec["high"]:
            ranged[dotted] = spec
    unknown = [d for d in ranged if not rule.get(d)]
    fractions = independent(scenario, unknown)
    if fractions and not _accepted(
        scenario, {d: _fraction(ranged[d]["low"], ranged[d]["high"]) for d in fractions}
    ):
        fractions = set()
    out = {}
    for dotted, spec in ranges.items():
        if dotted in ranged:
            low, high = spec["low"], spec["high"]
            whole = rule.get(dotted) or (
                dotted not in fractions and _takes_whole_numbers(scenario, dotted, low, high)
            )  # (the rule decides where it says; only where it does not is the field probed)
            if whole:
                if math.ceil(low) > math.floor(high):
                    raise ScenarioError(
                        f"{source}: {dotted}: takes whole numbers, and none lies between low "
                        f"{low:g} and high {high:g}"
                    )
                spec = {**spec, "integer": True}
        out[dotted] = spec
    return out


def _native(value):
    """A design value as the scenario takes it: a Python number, an integer where it is whole."""
    value = value.item() if hasattr(value, "item") else value
    return int(value) if isinstance(value, float) and value.is_integer() else value


def check_settings(sweep: Sweep, scenario: Scenario, source: str) -> None:
    """Refuse, before anything runs, a design with a package setting the scenario does not allow.

    A range is checked at its ends when the sweep is loaded; here every setting of the packages'
    levers that a chunk will build is built first, so that no chunk can fail on one.
    """
    levers = [p for p in sweep.parameters if p.startswith("packages.")]
    if not levers:
        return
    doc = scenario.model_dump(mode="json")
    for row in design_points(sweep)[levers].drop_duplicates().itertuples(index=False):
        trial = copy.deepcopy(doc)
        values = [_native(v) for v in row]
        try:
            for path, value in zip(levers, values, strict=True):
                apply_override(trial, path, value, source, label="--ranges:")
            scenario_from_dict(trial, source=source)
        except ScenarioError as err:
            shown = ", ".join(f"{p} = {v!r}" for p, v in zip(levers, values, strict=True))
            raise ScenarioError(f"{err} (an assumption set draws {shorten(shown, 160)})") from None


def robust_sweep(
    scenario_path: Path, sets: int | None, runs: int | None, seed: int | None, ranges_path: Path | None
):
    """The sweep of a robust analysis, and its base scenario (validated, every setting checked)."""
    sets, runs = sets or SETS, runs or RUNS
    scenario = load_scenario(scenario_path)
    source = str(ranges_path or scenario_path)
    doc = {
        "name": f"{scenario.name}-robust",
        "description": f"{ROBUST_DESCRIPTION}{scenario.name}: every package over {sets} assumption sets.",
        "base": str(Path(scenario_path).resolve()),
        "design": "lhs",
        "samples": sets,
        "runs": runs,
        "seed": scenario.seed if seed is None else seed,
        "parameters": _whole_where_needed(scenario, assumption_ranges(ranges_path), source),
    }
    try:
        sweep = Sweep.model_validate(doc)
    except ValidationError as err:
        raise ScenarioError(f"{source}: {describe_error(err, doc, root=Sweep)}") from None
    except ValueError as err:  # a parameter's own check, already naming it
        raise ScenarioError(f"{source}: {err}") from None
    check_points(sweep, str(scenario_path))
    base = resolve_base(sweep, Path("/"), source)
    check_settings(sweep, base, source)
    return sweep, base


def check_resume(folder: Path, **given) -> None:
    """Refuse options that conflict with finishing the robust analysis in `folder` (same values pass).

    `given`: the options of the command line, None where not given (sets, runs, seed, ranges, out).
    """
    manifest = read_manifest(folder)
    if manifest_kind(manifest) != "sweep":
        raise ResultDirError(f"{folder}: a run folder, not a robust analysis; nothing to resume")
    if not is_robust(manifest):
        raise ResultDirError(
            f"{folder}: a sweep folder, not a robust analysis; finish it with deter sweep --resume {folder}"
        )
    stored = manifest["sweep"]
    stored_as = {"sets": ("samples", "{} assumption sets"), "runs": ("runs", "{} worlds per set"),
                 "seed": ("seed", "seed {}")}  # fmt: skip
    for option, (key, what) in stored_as.items():
        value = given.get(option)
        if value is not None and value != stored.get(key):
            raise ScenarioError(
                f"--{option} {value}: {folder} was started with {what.format(stored.get(key))}; --resume "
                f"finishes the analysis as it was started (start a new one for --{option} {value})"
            )
    for option in ("ranges", "out"):
        if given.get(option) is not None:
            where = "takes its ranges from" if option == "ranges" else "finishes the analysis in"
            raise ScenarioError(f"--{option}: --resume {where} the folder {folder}; give no --{option}")


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


def stored_outcome(folder: Path, given: str | None) -> str | None:
    """The outcome a finished analysis was judged by (robust.csv), or `given`; a conflict is refused.

    An analysis interrupted before its tables has none stored: it takes `given` (or the default).
    """
    path = folder / "robust.csv"
    if not path.exists():
        return given
    try:
        stored = pd.read_csv(path, usecols=["outcome"])["outcome"]
    except (ValueError, OSError):
        return given  # a damaged table is rewritten from the summary
    before = str(stored.iloc[0]) if len(stored) else None
    if given is not None and before is not None and given != before:
        raise ScenarioError(
            f"--outcome {given}: {folder} was judged by {before}; resume it without --outcome, or run a "
            f"new analysis to judge by {given}"
        )
    return before or given


def run_robust(
    scenario_path: Path | None,
    *,
    resume: Path | None = None,
    sets: int | None = None,
    runs: int | None = None,
    seed: int | None = None,
    ranges: Path | None = None,
    out: Path | None = None,
    outcome: str | None = None,
    **executor,
) -> tuple[str, Path]:
    """Run (or finish) a robust analysis; return its table as text and its folder (a sweep folder).

    `sets` and `runs` default to SETS and RUNS; with `resume`, the folder's are used, and options that
    would change them (or `out`, `ranges`) are refused. `outcome` defaults to the outcome over all
    worlds the scenario's headline leads with (`sim.present.leads`): the decade at peace under
    `start: war`, peace holding under `start: ceasefire`, so a resumed analysis judges as the first did.
    """
    try:
        if resume is not None:
            check_resume(Path(resume), sets=sets, runs=runs, seed=seed, ranges=ranges, out=out)
            outcome = stored_outcome(Path(resume), outcome)
            summary, folder = run_sweep(resume=resume, **executor)
            sweep, scenario, _ = load_sweep_folder(folder)
        else:
            sweep, scenario = robust_sweep(Path(scenario_path), sets, runs, seed, ranges)
            summary, folder = run_sweep(loaded=(sweep, scenario), out=out, **executor)
    except SweepFailed as err:  # the sweep's advice names its own command: a robust folder has its own
        raise SweepFailed(str(err).replace("deter sweep --resume", "deter robust --resume")) from None
    if outcome is None:  # like for like: the decade at peace from the war, peace holding from a ceasefire
        outcome = "decade" if scenario.start == "war" else "peace"
    return analyse(folder, summary, sweep, str(scenario.reference_package), outcome), folder
