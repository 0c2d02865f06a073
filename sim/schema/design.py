"""Sweep files and their designs: grid, Latin hypercube and Sobol (scipy.stats.qmc).

A sweep names a base scenario, the packages to run, a design over parameters (dotted paths into the
world, the uncertainties, or into a package, the levers, exactly as `--set` takes them), runs per
point and a seed. `design_points` turns it into a table with one row per point.
"""

from __future__ import annotations

import copy
import itertools
import math
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import Field, ValidationError, model_validator
from scipy.stats import qmc

from sim.errors import ScenarioError
from sim.limits import MAX_NAME, MAX_POINTS, MAX_RUNS, MAX_SEED, shorten
from sim.schema.params import Strict
from sim.schema.sampling import flatten, world_key
from sim.schema.scenario import Scenario, apply_override, describe_error, read_yaml, scenario_from_dict

DESIGN_STREAM = 2**32 - 1
"""Spawn key of the design's random stream: apart from every chunk's streams."""


class Steps(Strict):
    """Evenly spaced values from low to high."""

    low: float
    high: float
    steps: int = Field(ge=2, le=10000)

    @model_validator(mode="after")
    def _ordered(self) -> Steps:
        if not self.low < self.high:
            raise ValueError(f"range needs low < high, got low={self.low}, high={self.high}")
        return self


class GridParameter(Strict):
    """A grid axis: explicit `values`, or a `range` of evenly spaced steps."""

    values: list[Any] | None = Field(default=None, min_length=1, max_length=MAX_POINTS)
    range: Steps | None = None

    @model_validator(mode="after")
    def _one(self) -> GridParameter:
        if (self.values is None) == (self.range is None):
            raise ValueError("give either values: [...] or range: {low, high, steps}")
        return self

    def levels(self) -> list[Any]:
        """The values of this axis."""
        if self.values is not None:
            return list(self.values)
        r = self.range
        # as a person writes the grid: 0.3, not 0.30000000000000004 (so `resolve == 0.3` finds it)
        return [float(f"{v:.12g}") for v in np.linspace(r.low, r.high, r.steps)]


class SampledParameter(Strict):
    """A sampled axis on [low, high], optionally on a log scale or rounded to integers."""

    low: float
    high: float
    log: bool = False
    integer: bool = False

    @model_validator(mode="after")
    def _ordered(self) -> SampledParameter:
        if not self.low < self.high:
            raise ValueError(f"low must be below high, got low={self.low}, high={self.high}")
        if self.log and self.low <= 0:
            raise ValueError(f"log: true needs low > 0, got {self.low}")
        return self

    def scale(self, u: np.ndarray) -> np.ndarray:
        """Map uniforms in [0, 1) to this parameter's values."""
        if self.log:
            values = np.exp(np.log(self.low) + u * (np.log(self.high) - np.log(self.low)))
        else:
            values = self.low + u * (self.high - self.low)
        if self.integer:
            lo, hi = np.ceil(self.low), np.floor(self.high)
            values = np.clip(np.floor(lo + u * (hi - lo + 1)), lo, hi)
        return values


class Sweep(Strict):
    """A sweep file."""

    name: str = Field(min_length=1, max_length=MAX_NAME, pattern=r"^[A-Za-z0-9_\-\.]+$")
    description: str = ""
    base: str | dict[str, Any] = Field(
        description="The base scenario: a path (relative to the sweep file) or a scenario inline."
    )
    packages: list[str] | None = Field(default=None, min_length=1, description="Default: all.")
    design: Literal["grid", "lhs", "sobol"]
    parameters: dict[str, GridParameter | SampledParameter] = Field(min_length=1)
    samples: int | None = Field(default=None, ge=2, le=MAX_POINTS)
    runs: int = Field(default=1000, ge=1, le=MAX_RUNS, description="Worlds per point and package.")
    seed: int = Field(default=2026, ge=0, le=MAX_SEED)
    chunk_size: int = Field(default=5000, ge=100, le=1_000_000, description="Worlds per chunk.")

    @model_validator(mode="before")
    @classmethod
    def _typed_parameters(cls, data: Any) -> Any:
        """Read each parameter as the kind its design takes, for clear errors."""
        known = isinstance(data, dict) and data.get("design") in ("grid", "lhs", "sobol")
        if known and isinstance(data.get("parameters"), dict):
            kind = GridParameter if data["design"] == "grid" else SampledParameter
            data = {**data, "parameters": {k: _as(kind, k, v) for k, v in data["parameters"].items()}}
        return data

    @model_validator(mode="after")
    def _samples(self) -> Sweep:
        if self.design == "grid" and self.samples is not None:
            raise ValueError("samples is for lhs and sobol designs; a grid takes values or range")
        if self.design != "grid" and self.samples is None:
            raise ValueError(f"design {self.design} needs samples")
        if self.design == "sobol" and self.samples & (self.samples - 1):
            raise ValueError(f"sobol needs samples to be a power of 2, got {self.samples}")
        if self.design == "sobol" and len(self.parameters) < 2:
            raise ValueError(
                "sobol needs at least two parameters (one explains all the variance); use a grid"
            )
        return self


def _as(kind: type[Strict], name: str, value: Any) -> Any:
    """Validate one parameter as the kind its design takes; errors name the parameter."""
    if not isinstance(value, dict):
        return value
    try:
        return kind.model_validate(value)
    except ValidationError as err:
        raise ValueError(f"parameters.{name}: {describe_error(err, value, root=kind)}") from None


def load_sweep(path: str | Path) -> tuple[Sweep, Scenario]:
    """Load a sweep file and its base scenario; check every parameter path and range."""
    path = Path(path)
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: expected a mapping of sweep fields at the top level")
    try:
        sweep = Sweep.model_validate(data)
    except ValidationError as err:
        raise ScenarioError(f"{path}: {describe_error(err, data, root=Sweep)}") from None
    check_points(sweep, str(path))
    return sweep, resolve_base(sweep, path.parent, str(path))


def resolve_base(sweep: Sweep, folder: Path, source: str) -> Scenario:
    """The base scenario restricted to the sweep's packages, with every sweep parameter checked."""
    if isinstance(sweep.base, str):
        base_path = folder / sweep.base
        base = read_yaml(base_path)
        base_source, base_folder = str(base_path), base_path.parent
    else:
        base, base_source, base_folder = sweep.base, f"{source}: base", folder
    if not isinstance(base, dict):
        raise ScenarioError(f"{base_source}: expected a mapping of scenario fields")
    scenario = scenario_from_dict(base, source=base_source, folder=base_folder)  # packages taken resolved
    names = [p.name for p in scenario.packages]
    chosen = sweep.packages or names
    missing = [n for n in chosen if n not in names]
    if missing:
        raise ScenarioError(
            f"{source}: packages: no package {missing[0]!r} in the base (has: {', '.join(names)})"
        )
    doc = scenario.model_dump(mode="json")
    doc["packages"] = [p for p in doc["packages"] if p["name"] in chosen]
    if doc["reference_package"] not in chosen:
        doc["reference_package"] = chosen[0]
    scenario = scenario_from_dict(doc, source=base_source)
    seen: dict[str, str] = {}
    for dotted in sweep.parameters:  # one parameter, one spelling: two would each claim its column
        key = world_key(dotted) if dotted.startswith("world.") else dotted
        if key in seen:
            raise ScenarioError(
                f"{source}: parameters.{seen[key]} and parameters.{dotted} are the same parameter: keep one"
            )
        seen[key] = dotted
    check_parameters(scenario, sweep.parameters, source)
    return _written_out(scenario, sweep, source)


def _written_out(scenario: Scenario, sweep: Sweep, source: str) -> Scenario:
    """The base with every swept world parameter present.

    A party, or Russia's value for a party, that the base leaves to its defaults (or to Europe's) is
    written out at the sweep's first value, so that each point's value has a place (every point then
    sets its own).
    """
    names = flatten(scenario.world).keys()
    doc = None
    for dotted, spec in sweep.parameters.items():
        key = world_key(dotted)
        if not dotted.startswith("world.") or key in names or key.rsplit(".", 1)[0] in names:
            continue
        doc = doc or scenario.model_dump(mode="json")
        first = spec.levels()[0] if isinstance(spec, GridParameter) else spec.low
        apply_override(doc, dotted, first, source, label="parameters:")
    return scenario if doc is None else scenario_from_dict(doc, source=source)


def check_parameters(scenario: Scenario, parameters: dict[str, Any], source: str) -> None:
    """Refuse a parameter whose path or values the scenario does not allow (`check_parameter`, each).

    The independent ones (`independent`: whole world parameters, none inside another) are checked
    together first: every such parameter's k-th representative value in one scenario, for each k (three
    scenarios for a robust analysis's 80-odd parameters, instead of three per parameter). The rest, and
    all of them if a joint scenario is refused, are checked one at a time, in order, which names the
    parameter at fault and says why, as before.
    """
    joint = independent(scenario, list(parameters))
    try:
        trials = {dotted: _trial_values(dotted, parameters[dotted], source) for dotted in joint}
        doc = scenario.model_dump(mode="json")
        for k in range(max((len(v) for v in trials.values()), default=0)):
            trial = copy.deepcopy(doc)
            for dotted, values in trials.items():
                apply_override(trial, dotted, values[min(k, len(values) - 1)], source, label="parameters:")
            scenario_from_dict(trial, source=source)
    except ScenarioError:
        joint = set()
    for dotted, spec in parameters.items():
        if dotted not in joint:
            check_parameter(scenario, dotted, spec, source)


def independent(scenario: Scenario, paths: list[str]) -> set[str]:
    """The paths whose values can be checked together: each valid alone if all are valid together.

    A whole world parameter (a distribution or a number the world declares) that no other path lies
    inside or contains. The world's validators relate no two such parameters' values (only a
    distribution's own fields, low ≤ mode ≤ high, and the parties' names); a field inside a
    distribution, or a package's field, is checked alone.
    """
    declared = flatten(scenario.world).keys()
    keys = {path: world_key(path) for path in paths if path.startswith("world.")}
    return {
        path
        for path, key in keys.items()
        if key in declared
        and not any(o != key and (o.startswith(key + ".") or key.startswith(o + ".")) for o in keys.values())
    }


def _trial_values(dotted: str, spec: Any, source: str) -> list:
    """The values of a parameter that decide whether all are valid (its path and kinds checked first)."""
    head = dotted.split(".")[0]
    if head not in ("world", "packages"):
        raise ScenarioError(
            f"{source}: parameters.{dotted}: sweeps vary world.* (uncertainties) or "
            "packages.<name>.* (levers); run separate scenarios to vary other fields"
        )
    if isinstance(spec, GridParameter):
        levels = spec.levels()
        allowed = (int, float) if head == "world" else (int, float, str, bool)
        for value in levels:
            if not isinstance(value, allowed):
                kinds = "numbers" if head == "world" else "numbers, words or true/false"
                shown = shorten(repr(value), 60)
                raise ScenarioError(f"{source}: parameters.{dotted}: values must be {kinds}, got {shown}")
        return _representatives(levels)
    # the ends, and a point inside: a field that takes whole numbers needs `integer: true`
    inside = spec.scale(np.array([0.3719]))[0]
    return [spec.low, spec.high, float(inside)]


def check_parameter(scenario: Scenario, dotted: str, spec: Any, source: str) -> None:
    """Refuse a path that is not a world or package field, or values the field does not allow."""
    values = _trial_values(dotted, spec, source)
    doc = scenario.model_dump(mode="json")
    for value in values:
        try:
            trial = {**doc}
            apply_override(trial, dotted, value, source, label="parameters:")
            scenario_from_dict(trial, source=source)
        except ScenarioError as err:
            hint = "; add integer: true to this parameter" if "whole number" in str(err) else ""
            raise ScenarioError(
                f"{err} (sweep parameter {dotted} = {value:.6g}{hint})"
                if isinstance(value, float)
                else f"{err} (sweep parameter {dotted} = {value!r})"
            ) from None


def count_points(sweep: Sweep) -> int:
    """How many points the design has, computed without building it."""
    if sweep.design == "grid":
        return math.prod(len(spec.values) if spec.values is not None else spec.range.steps
                         for spec in sweep.parameters.values())  # fmt: skip
    if sweep.design == "lhs":
        return sweep.samples
    return sweep.samples * (len(sweep.parameters) + 2)


def check_points(sweep: Sweep, source: str = "sweep") -> int:
    """Refuse a design of more than MAX_POINTS points before it is built; return the count."""
    n = count_points(sweep)
    if n > MAX_POINTS:
        raise ScenarioError(
            f"{source}: the design has {n:,} points, more than the limit of {MAX_POINTS:,}; use fewer "
            "values or samples, or split it into several sweeps"
        )
    return n


def _representatives(levels: list[Any]) -> list[Any]:
    """The values of a grid axis that decide whether all are valid.

    A field's bounds are an interval, so among numbers the smallest, the largest and the first one
    that is not whole (for fields that take whole numbers) stand for all; other values are checked
    once each.
    """
    numbers = [v for v in levels if isinstance(v, int | float) and not isinstance(v, bool)]
    others = list(
        dict.fromkeys(v for v in levels if not (isinstance(v, int | float) and not isinstance(v, bool)))
    )
    if not numbers:
        return others
    fractional = [v for v in numbers if isinstance(v, float) and not v.is_integer()][:1]
    return list(dict.fromkeys([min(numbers), max(numbers), *fractional])) + others


def design_points(sweep: Sweep) -> pd.DataFrame:
    """One row per design point: `point`, the parameter values, and for Sobol `block` and `sample`."""
    check_points(sweep, sweep.name)
    names = list(sweep.parameters)
    specs = list(sweep.parameters.values())
    rng = np.random.default_rng(np.random.SeedSequence(sweep.seed, spawn_key=(DESIGN_STREAM,)))
    if sweep.design == "grid":
        rows = list(itertools.product(*(spec.levels() for spec in specs)))
        table = pd.DataFrame(rows, columns=names)
    elif sweep.design == "lhs":
        u = qmc.LatinHypercube(d=len(names), rng=rng).random(sweep.samples)
        table = pd.DataFrame({n: s.scale(u[:, i]) for i, (n, s) in enumerate(zip(names, specs, strict=True))})
    else:
        table = saltelli_points(names, specs, sweep.samples, rng)
    table.insert(0, "point", np.arange(len(table)))
    return table


def saltelli_points(names: list[str], specs: list[SampledParameter], n: int, rng) -> pd.DataFrame:
    """Saltelli's A, B and AB_i matrices from a scrambled Sobol sequence, stacked as points.

    Block 0 is A, block 1 is B, block 2 + i is A with column i taken from B; `sample` is the row.
    """
    d = len(names)
    u = qmc.Sobol(d=2 * d, scramble=True, rng=rng).random(n)
    a, b = u[:, :d], u[:, d:]
    blocks = [a, b]
    for i in range(d):
        ab = a.copy()
        ab[:, i] = b[:, i]
        blocks.append(ab)
    stacked = np.vstack(blocks)
    table = pd.DataFrame(
        {name: spec.scale(stacked[:, i]) for i, (name, spec) in enumerate(zip(names, specs, strict=True))}
    )
    table.insert(0, "block", np.repeat(np.arange(d + 2), n))
    table.insert(1, "sample", np.tile(np.arange(n), d + 2))
    return table
