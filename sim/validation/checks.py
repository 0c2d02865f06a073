"""The machinery of the stylised-facts checks: measures, runs, statistics and the report.

A `Fact` measures comparisons (`Measure`), each an estimate with a 95% interval from scipy. A
comparison passes when its interval lies on the expected side of zero (or of one, for ratios), or,
for "no better than", within a stated margin of zero. One the model does not reproduce is marked
`known`, and its fact says why. The ten facts themselves are in `sim/validation/facts.py`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from sim.errors import ScenarioError
from sim.execution.runner import RunResult, run_scenario
from sim.schema.scenario import Scenario, load_scenario

VALIDATION_DIR = Path(__file__).resolve().parents[2] / "scenarios" / "validation"
"""The validation scenarios of a source checkout (`--scenarios` points elsewhere)."""
MARGIN = 0.02
"""Margin of a "no better than" comparison: the paired difference's interval within ±2 points."""
from sim.results.summary import CONFIDENCE  # noqa: E402 - one confidence level for the project

UNITS = {
    "pp": (100, "{:+.1f}", " pp"),
    "share": (100, "{:.1f}%", ""),
    "months": (1, "{:+.2f}", " months"),
    "per 1000": (1000, "{:+.2f}", " per 1,000 world-months"),
    "number": (1, "{:+.2f}", ""),
    "ratio": (1, "{:.3g}", ""),
}
"""How a measure's unit is shown: scale, number format, suffix."""


@dataclass(frozen=True)
class Measure:
    """An estimate with its 95% interval, and whether it shows what the fact expects."""

    label: str
    expected: str
    value: float
    low: float
    high: float
    unit: str  # a key of UNITS
    passed: bool
    known: bool = False  # a documented failure of the model (see the fact's known_failure)

    def text(self) -> str:
        """The estimate and interval in the measure's unit."""
        scale, fmt, suffix = UNITS[self.unit]
        v, lo, hi = (fmt.format(x * scale) for x in (self.value, self.low, self.high))
        return f"{v}{suffix} [{lo}, {hi}]"


@dataclass(frozen=True)
class Fact:
    """One stylised fact: what docs/domain.md says, where from, and how it is measured here."""

    number: int
    title: str
    claim: str
    source: str
    scenario: str
    measure: Callable[[Runs], list[Measure]]
    known_failure: str = ""
    """Why the comparisons marked `known` fail under this model's assumptions ('' if none do)."""
    note: str = ""
    """What the reader must know to read the result (printed by `deter validate --facts`)."""


@dataclass(frozen=True)
class FactResult:
    """The measures of one fact."""

    fact: Fact
    measures: list[Measure] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """Whether every comparison of the fact shows what the evidence expects."""
        return all(m.passed for m in self.measures)

    def differences(self) -> list[str]:
        """How the result departs from its documentation: a comparison broken, or a known one holding."""
        out = []
        for m in self.measures:
            if m.known and m.passed:
                out.append(f"known failure now holds ({m.label}): update the documentation")
            elif not m.known and not m.passed:
                out.append(f"fails ({m.label}: {m.text()}, expected {m.expected})")
        return out


class Runs:
    """Runs of the validation scenarios, each done once and kept (same file, same overrides)."""

    def __init__(self, directory: Path | None = None, workers: int | None = 1):
        self.directory = Path(directory) if directory else default_directory()
        self.workers = workers
        self._cache: dict[tuple, RunResult] = {}

    def scenario(self, scenario: str) -> Scenario:
        """A validation scenario, loaded (for a check that steps the model itself)."""
        path = self.directory / scenario
        if not path.exists():
            raise ScenarioError(f"{path}: validation scenario not found (give --scenarios DIR)")
        return load_scenario(path)

    def get(self, scenario: str, *overrides: str, packages: tuple[str, ...] | None = None) -> RunResult:
        """The result of a validation scenario with `PATH=VALUE` overrides applied.

        `packages`: run only these of its packages. A package's results do not depend on which
        others run beside it (common random numbers keyed by world), so this only saves time.
        """
        key = (scenario, overrides, packages)
        if key not in self._cache:
            path = self.directory / scenario
            if not path.exists():
                raise ScenarioError(
                    f"{path}: validation scenario not found (run from a source checkout, or give "
                    "--scenarios DIR)"
                )
            loaded = load_scenario(path, list(overrides))
            if loaded.russia_veto and loaded.start == "ceasefire":  # every world must be a ceasefire at risk
                raise ScenarioError(
                    f"{path}: a validation scenario asks about ceasefires in place: set russia_veto: false"
                )
            if packages is not None:
                kept = [p for p in loaded.packages if p.name in packages]
                loaded = loaded.model_copy(update={"packages": kept})
            self._cache[key] = run_scenario(loaded, workers=self.workers)
        return self._cache[key]


def default_directory() -> Path:
    """The checkout's scenarios/validation/, else ./scenarios/validation/ (a non-editable install)."""
    return VALIDATION_DIR if VALIDATION_DIR.exists() else Path.cwd() / "scenarios" / "validation"


# ---------------------------------------------------------------------------- statistics (scipy)
def per_world(result: RunResult, package: str, column: str) -> np.ndarray:
    """One package's column, in world order, as floats (missing months as +inf)."""
    table = result.runs[result.runs["package"] == package].sort_values("world")
    return table[column].to_numpy(dtype=float, na_value=np.inf)


def paired(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """Mean of a - b over the same worlds, with its 95% t interval (scipy.stats.ttest_rel)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    diff = a - b
    if np.all(diff == diff[0]):  # no variation: the difference is known exactly
        return float(diff[0]), float(diff[0]), float(diff[0])
    ci = stats.ttest_rel(a, b).confidence_interval(CONFIDENCE)
    return float(diff.mean()), float(ci.low), float(ci.high)


def exact_share(k: int, n: int) -> tuple[float, float, float]:
    """A share k / n with its exact (Clopper-Pearson) interval, for independent trials."""
    ci = stats.binomtest(int(k), int(n)).proportion_ci(CONFIDENCE, method="exact")
    return k / n, ci.low, ci.high


def rate_ratio(events_a: int, time_a: float, events_b: int, time_b: float) -> tuple[float, float, float]:
    """Ratio of two Poisson rates with its exact interval (binomial, conditional on all events).

    Exact for independent samples; for two packages on the same worlds, which are positively
    correlated, the interval is conservative.
    """
    k, n = int(events_a), int(events_a + events_b)
    ci = stats.binomtest(k, n).proportion_ci(CONFIDENCE, method="exact")
    to_ratio = lambda p: (p / (1 - p)) * (time_b / time_a) if p < 1 else np.inf  # noqa: E731
    return to_ratio(k / n), to_ratio(ci.low), to_ratio(ci.high)


def rate_interaction(
    rises: list[tuple[int, float]], falls: list[tuple[int, float]]
) -> tuple[float, float, float]:
    """Sum of the rates in `rises` minus those in `falls`, with a normal (Poisson variance) interval."""
    rates = [(e / t, e / t**2) for e, t in rises] + [(-e / t, e / t**2) for e, t in falls]
    value = sum(r for r, _ in rates)
    half = stats.norm.ppf(0.5 + CONFIDENCE / 2) * np.sqrt(sum(v for _, v in rates))
    return value, value - half, value + half


def hazard(result: RunResult, package: str, first: int, last: int) -> tuple[int, float]:
    """Aggressions and world-months at risk in months first..last (inclusive, clipped to the horizon)."""
    last = min(last, result.scenario.horizon_months)
    month = per_world(result, package, "month")
    at_risk = np.where(month >= first, np.minimum(month, last) - first + 1, 0)
    return int(((month >= first) & (month <= last)).sum()), float(at_risk.sum())


def restricted_months(result: RunResult, package: str) -> np.ndarray:
    """Months without aggression per world, up to the horizon (their mean is the RMST)."""
    return np.minimum(per_world(result, package, "month"), result.scenario.horizon_months)


def deterred(result: RunResult, package: str) -> np.ndarray:
    """1 where the package's world had a ceasefire and saw no aggression to the horizon."""
    return per_world(result, package, "accepted") * (1.0 - per_world(result, package, "aggression"))


def above(label, expected, estimate, unit, threshold=0.0, known=False) -> Measure:
    """A comparison that passes when the whole interval lies above `threshold`."""
    value, low, high = estimate
    return Measure(label, expected, value, low, high, unit, bool(low > threshold), known)


def below(label, expected, estimate, unit, threshold=0.0, known=False) -> Measure:
    """A comparison that passes when the whole interval lies below `threshold`."""
    value, low, high = estimate
    return Measure(label, expected, value, low, high, unit, bool(high < threshold), known)


def within(label, estimate, margin=MARGIN, known=False) -> Measure:
    """A "no better than" comparison: the interval lies within ±margin of zero."""
    value, low, high = estimate
    expected = f"within ±{margin * 100:.0f} pp of 0"
    return Measure(label, expected, value, low, high, "pp", bool(low >= -margin and high <= margin), known)


def verdict(m: Measure) -> str:
    """pass, FAIL, FAIL (known) or 'pass (known failure)' for one comparison."""
    if m.known:
        return "pass (was a known failure)" if m.passed else "FAIL (known)"
    return "pass" if m.passed else "FAIL"


def facts_table(results: list[FactResult]) -> pd.DataFrame:
    """One row per comparison: fact, expected, measured with interval, pass or fail."""
    rows = [
        {
            "fact": f"{r.fact.number}. {r.fact.title}",
            "comparison": m.label,
            "expected": m.expected,
            "measured [95%]": m.text(),
            "result": verdict(m),
        }
        for r in results
        for m in r.measures
    ]
    return pd.DataFrame(rows)


def facts_report(results: list[FactResult], width: int = 100) -> str:
    """What `deter validate --facts` prints: the table, then each fact's known failure and note."""
    parts = [facts_table(results).to_string(index=False)]
    for result in results:
        fact = result.fact
        for kind, text in (("known failure", fact.known_failure), ("note", fact.note)):
            if text:
                parts.append(textwrap.fill(f"Fact {fact.number}, {kind}: {text}", width))
    return "\n\n".join(parts)


def unexpected(results: list[FactResult]) -> list[FactResult]:
    """Facts whose result departs from their documentation."""
    return [r for r in results if r.differences()]
