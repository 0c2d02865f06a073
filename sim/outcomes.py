"""Per-world outcomes as one tidy table, and summaries with their uncertainty (scipy.stats)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from sim.model import OUTCOME_COLUMNS, STATE_COLUMNS, Action

KIND_NAMES = {int(Action.COMPLY): "none", int(Action.LIMITED): "limited", int(Action.FULL): "full"}
CONFIDENCE = 0.95

SUMMARY_COLUMNS = (
    "package",
    "runs",
    "deterrence_rate",
    "ci_low",
    "ci_high",
    "median_months_to_aggression",
    "rmst_months",
    "direct_war_rate",
    "direct_war_ci_low",
    "direct_war_ci_high",
    "russia_gain_rate",
    "limited_share",
    "probes_per_world",
    "force_withdrawn_rate",
    "cost_bn_per_year",
    "diff_vs_reference",
    "diff_ci_low",
    "diff_ci_high",
)


def outcome_table(
    out: dict[str, np.ndarray], package_names: list[str], first_world: int, seed: int, chunk: int
) -> pd.DataFrame:
    """One row per package and world: the outcomes of DESIGN.md, with world index and seed."""
    n_pkg, n = out["aggression"].shape
    frame = {
        "package": pd.Categorical(np.repeat(package_names, n), categories=package_names),
        "world": np.tile(np.arange(first_world, first_world + n, dtype=np.int64), n_pkg),
        "seed": np.full(n_pkg * n, seed, dtype=np.int64),
        "chunk": np.full(n_pkg * n, chunk, dtype=np.int32),
    }
    for name in OUTCOME_COLUMNS:
        frame[name] = out[name].reshape(-1)
    table = pd.DataFrame(frame)
    table["month"] = table["month"].where(table["aggression"]).astype("Int16")
    table["kind"] = pd.Categorical(table["kind"].map(KIND_NAMES), categories=["none", "limited", "full"])
    for name in STATE_COLUMNS:
        table[name] = table[name].astype(np.float32)
    return table


def wilson(successes: int, trials: int) -> tuple[float, float]:
    """95% Wilson score interval for a proportion (scipy's binomtest)."""
    ci = stats.binomtest(int(successes), int(trials)).proportion_ci(CONFIDENCE, method="wilson")
    return float(ci.low), float(ci.high)


def survival(months: np.ndarray, aggression: np.ndarray, horizon: int):
    """Kaplan-Meier survival of 'no aggression yet', censored at the horizon (scipy.stats.ecdf)."""
    data = stats.CensoredData(
        uncensored=months[aggression].astype(float),
        right=np.full(int((~aggression).sum()), float(horizon)),
    )
    return stats.ecdf(data).sf


def km_median(sf) -> float:
    """First month at which survival falls to one half or below; NaN when not reached."""
    below = np.nonzero(sf.probabilities <= 0.5)[0]
    return float(sf.quantiles[below[0]]) if below.size else float("nan")


def rmst(sf, horizon: int) -> float:
    """Restricted mean months without aggression up to the horizon: the area under survival."""
    times = np.concatenate([[0.0], sf.quantiles, [float(horizon)]])
    probs = np.concatenate([[1.0], sf.probabilities])
    times = np.clip(times, 0.0, float(horizon))
    return float(np.sum(probs * np.diff(times)))


def paired_difference(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """Mean of a − b over the same worlds with its 95% interval (paired t, scipy's ttest_rel)."""
    diff = a.astype(float) - b.astype(float)
    mean = float(diff.mean())
    if diff.size < 2 or np.all(diff == diff[0]):
        return mean, mean, mean
    ci = stats.ttest_rel(a.astype(float), b.astype(float)).confidence_interval(CONFIDENCE)
    return mean, float(ci.low), float(ci.high)


def summarise(runs: pd.DataFrame, horizon: int, reference: str, costs: dict[str, float]) -> pd.DataFrame:
    """One row per package: deterrence with intervals, survival, escalation, paired differences."""
    runs = runs.sort_values(["package", "world"], kind="stable")
    groups = {name: g for name, g in runs.groupby("package", observed=True, sort=False)}
    ref_deterred = ~groups[reference]["aggression"].to_numpy()
    rows = []
    for name, g in groups.items():
        aggression = g["aggression"].to_numpy()
        n, deterred = len(g), int((~aggression).sum())
        months = g["month"].to_numpy(dtype=float, na_value=np.nan)
        sf = survival(np.nan_to_num(months), aggression, horizon)
        war = int(g["direct_war"].sum())
        diff = paired_difference(~aggression, ref_deterred)
        rows.append(
            {
                "package": name,
                "runs": n,
                "deterrence_rate": deterred / n,
                **dict(zip(("ci_low", "ci_high"), wilson(deterred, n), strict=True)),
                "median_months_to_aggression": km_median(sf),
                "rmst_months": rmst(sf, horizon),
                "direct_war_rate": war / n,
                **dict(zip(("direct_war_ci_low", "direct_war_ci_high"), wilson(war, n), strict=True)),
                "russia_gain_rate": float(g["russia_gained"].mean()),
                "limited_share": float((g["kind"] == "limited").sum() / max(aggression.sum(), 1)),
                "probes_per_world": float(g["probes"].mean()),
                "force_withdrawn_rate": float(g["force_withdrawn"].mean()),
                "cost_bn_per_year": costs[name],
                "diff_vs_reference": diff[0],
                "diff_ci_low": diff[1],
                "diff_ci_high": diff[2],
            }
        )
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))
