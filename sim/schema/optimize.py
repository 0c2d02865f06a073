"""What `deter optimize` searches: a scenario's `levers:` and its `optimize:` settings.

A lever is a field of a package that the search may set, by its dotted path in a package
(`reassurance_force.troops`), or a whole component (`sanctions_snapback`), with a range (`{low, high}`,
numbers; `integer: true` for whole numbers) or choices (`{choices: [...]}`). A design is one value per
lever; its package is built from them:

- a number at 0 on a component's size (its troops, funding, width, monitors) leaves the component out;
- a choice of `null` leaves the component out (`defence_pledge.strength: {choices: [null, agreement,
  treaty]}`); a whole component's lever takes `{choices: [false, true]}`.

The search works on [0, 1] for every lever (`decode`): a range maps linearly, choices by equal slices,
so one real-coded algorithm serves every kind of lever.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

import numpy as np
from pydantic import Field, field_validator, model_validator

from sim.schema.components import COMPONENTS
from sim.schema.params import Strict, param
from sim.schema.summary_columns import DECISION_OUTCOMES, DecisionOutcome

OBJECTIVES: dict[str, DecisionOutcome] = {
    **DECISION_OUTCOMES,
    "cost": DecisionOutcome("cost_bn_total", False, "cost over the horizon (€bn)", "points"),
}
"""What a search can optimise: the outcomes `deter robust` judges by, and the cost over the horizon."""

SIZE_FIELDS = frozenset({"troops", "funding_bn_per_year", "width_km", "monitors"})
"""A component's size: a lever on it at 0 leaves the component out."""
TIMING = "after_ceasefire"
"""A timing lever, `<component>.after_ceasefire`: the component comes into force this many months after the
ceasefire (0: at it), as an event of the package (deploy for troops, start for the rest)."""


class Lever(Strict):
    """One lever: a range of numbers or a list of choices."""

    low: float | None = None
    high: float | None = None
    integer: bool = False
    choices: list[Any] | None = None

    @model_validator(mode="after")
    def _range_or_choices(self) -> Lever:
        if self.choices is not None:
            if self.low is not None or self.high is not None:
                raise ValueError("a lever has a range {low, high} or choices, not both")
            if len(self.choices) < 2:
                raise ValueError("a lever's choices must offer at least two values")
            return self
        if self.low is None or self.high is None:
            raise ValueError("a lever needs a range {low, high} or {choices: [...]}")
        if not self.high > self.low:
            raise ValueError(f"a lever's range is empty: low {self.low:g} is not below high {self.high:g}")
        return self

    def value(self, u: float) -> Any:
        """The lever's value at u in [0, 1]."""
        if self.choices is not None:
            return self.choices[min(int(u * len(self.choices)), len(self.choices) - 1)]
        x = self.low + u * (self.high - self.low)
        return int(round(x)) if self.integer else float(x)

    def position(self, value: Any) -> float | None:
        """Where `value` sits in [0, 1] (the middle of its slice for a choice), or None if it cannot."""
        if self.choices is not None:
            return (self.choices.index(value) + 0.5) / len(self.choices) if value in self.choices else None
        if not isinstance(value, int | float) or not self.low <= value <= self.high:
            return None
        return (value - self.low) / (self.high - self.low)

    def at_bound(self, value: Any) -> bool:
        """Whether a numeric value sits at an end of its range (the range may be what binds)."""
        if self.choices is not None:
            return False
        span = self.high - self.low
        return bool(abs(value - self.low) <= 0.01 * span or abs(value - self.high) <= 0.01 * span)


class Constraints(Strict):
    """What no design may exceed."""

    budget_bn_per_year: float | None = param(
        None, "€bn per year", 0, 10_000, "Most a package may cost a year while in force (none: no limit)."
    )
    troops: int | None = param(
        None, "troops", 0, 1_000_000, "Most troops the guarantors could field in Ukraine (none: no limit)."
    )


class OptimizeSettings(Strict):
    """How `deter optimize` searches (each has a command-line option of the same name)."""

    objectives: list[str] = Field(
        default_factory=lambda: ["decade", "cost", "direct_war", "ground"],
        description="What to optimise, by name: " + ", ".join(OBJECTIVES) + ".",
    )
    measure: Literal["mean", "percentile", "share"] = Field(
        default="mean",
        description="How a design's score over the assumption sets is summed up: its mean, its worse "
        "tail (`percentile`), or the share of sets in which the first objective meets `threshold`.",
    )
    percentile: float = param(10, "percent", 0, 50, "The worse tail read by measure: percentile.")
    threshold: float = param(0.6, "share", 0, 1, "The first objective's bar for measure: share.")
    population: int = param(24, "designs", 4, 500, "Designs per generation.")
    generations: int = param(15, "generations", 1, 1000, "Generations of the search.")
    patience: int | None = param(
        None, "generations", 1, 1000, "Stop early after this many generations without a better front."
    )
    sets: int = param(40, "assumption sets", 2, 2000, "Assumption sets every design is scored on.")
    runs: int = param(400, "worlds", 10, 100_000, "Worlds per set and design.")
    fresh_sets: int = param(40, "assumption sets", 2, 2000, "Fresh sets the front is re-scored on.")
    seed: int = param(2026, "integer", 0, 2**32 - 1, "Seed of the search (the worlds keep the scenario's).")
    answer_peace: float = param(
        0.6, "share", 0, 1, "The brief's bar: the cheapest design keeping this much of the decade at peace."
    )
    answer_direct_war: float = param(0.2, "share", 0, 1, "The brief's bar: direct-war risk under this.")
    constraints: Constraints = Field(default_factory=Constraints)

    @field_validator("objectives")
    @classmethod
    def _objectives(cls, value: list[str]) -> list[str]:
        unknown = [v for v in value if v not in OBJECTIVES]
        if unknown:
            raise ValueError(
                f"{unknown[0]!r} is not an outcome a search can optimise "
                f"(objectives: {', '.join(OBJECTIVES)})"
            )
        if len(value) < 2 or len(set(value)) != len(value):
            raise ValueError("give at least two objectives, each once")
        return value


OFFERS = "offers"
"""An offer lever: `offers: {choices: [null, <package>, ...]}` (with no ceasefire by `offers.after_months`,
the design steps down to that package of the scenario; null: it holds firm) and `offers.after_months`."""

TROOPS = frozenset({"reassurance_force", "buffer_zone"})
"""Components that deploy (troops); the others start."""


def check_levers(levers: dict[str, Lever], packages: list[str]) -> None:
    """Each lever names a component or a field of one (or offers of the scenario's packages)."""
    if not levers:
        raise ValueError("levers: name at least one lever (a component, or component.field)")
    for path, lever in levers.items():
        component, _, field = path.partition(".")
        if component == OFFERS:
            if field not in ("", "after_months") or (field == "" and lever.choices is None):
                raise ValueError(
                    f"levers.{path}: offers take {{choices: [null, PACKAGE...]}} and offers.after_months"
                )
            if field == "after_months" and (lever.choices is not None or lever.low < 1):
                raise ValueError(f"levers.{path}: months {{low, high}}, from 1")
            unknown = [c for c in lever.choices or [] if c is not None and c not in packages]
            if unknown:
                raise ValueError(f"levers.{path}: {unknown[0]!r} is not a package of the scenario")
            continue
        if component not in COMPONENTS:
            raise ValueError(f"levers.{path}: {component!r} is not a component ({', '.join(COMPONENTS)})")
        if not field:
            if lever.choices is None or set(map(bool, lever.choices)) != {False, True}:
                raise ValueError(f"levers.{path}: a whole component's lever takes {{choices: [false, true]}}")
        elif field == TIMING:
            if lever.choices is not None or lever.low < 0:
                raise ValueError(f"levers.{path}: a timing lever takes months {{low, high}}, not below 0")
        elif field not in COMPONENTS[component].model_fields:
            raise ValueError(f"levers.{path}: {component} has no field {field!r}")


def design_package(levers: dict[str, Lever], u: np.ndarray) -> dict:
    """The package (as a scenario file writes it) of one design, at u in [0, 1] per lever; named by a hash."""
    components: dict[str, dict] = {}
    dropped: set[str] = set()
    later: dict[str, int] = {}
    offer: dict[str, Any] = {}
    for (path, lever), x in zip(levers.items(), u, strict=True):
        component, _, field = path.partition(".")
        value = lever.value(float(x))
        if component == OFFERS:
            offer[field or "package"] = value
            continue
        if field == TIMING:
            later[component] = int(round(value))
            continue
        if not field:
            (components.setdefault(component, {}) if value else dropped.add(component))
            continue
        if value is None or (field in SIZE_FIELDS and value == 0):
            dropped.add(component)
            continue
        components.setdefault(component, {})[field] = value
    body: dict[str, Any] = {k: v for k, v in components.items() if k not in dropped}
    events = [
        {"component": c, "action": "deploy" if c in TROOPS else "start", "after_ceasefire": m}
        for c, m in later.items()
        if m > 0 and c in body
    ]
    if events:
        body["events"] = events
    if offer.get("package") is not None:
        body["offers"] = [
            {"after_months": int(round(offer.get("after_months", 24))), "package": offer["package"]}
        ]
    digest = hashlib.sha1(json.dumps(body, sort_keys=True).encode()).hexdigest()[:8]
    return {"name": f"d{digest}", **body}


def encode(levers: dict[str, Lever], package: dict) -> np.ndarray | None:
    """A written package as a design (u per lever), or None where the levers cannot express it."""
    out = []
    switched = {p for p in levers if "." not in p}  # components with a lever of their own: in or out
    for path, lever in levers.items():
        component, _, field = path.partition(".")
        present = package.get(component) is not None
        if component == OFFERS:
            first = (package.get("offers") or [{}])[0]
            value = first.get("package") if not field else first.get("after_months", lever.low)
        elif field == TIMING:
            months = [
                e.get("after_ceasefire")
                for e in package.get("events") or []
                if e.get("component") == component
            ]
            value = next((m for m in months if m is not None), 0)
        elif not field:
            value: Any = present
        elif not present and component in switched:
            out.append(0.0)  # the component is out: its other levers do not matter
            continue
        elif not present:
            value = None if lever.choices is not None else 0
        else:
            value = (package[component] or {}).get(field, COMPONENTS[component].model_fields[field].default)
            value = getattr(value, "value", value)
        u = lever.position(value)
        if u is None:
            return None
        out.append(u)
    unused = [k for k in package if k in COMPONENTS and not any(p.partition(".")[0] == k for p in levers)]
    if package.get("offers") and OFFERS not in levers:
        unused.append(OFFERS)
    return None if unused else np.array(out)
