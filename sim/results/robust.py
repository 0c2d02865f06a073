"""Answers across assumptions: how each package fares over many plausible assumption sets.

Robust Decision Making (Lempert, Popper & Bankes 2003) asks not which package is best under one set
of assumptions but which holds up across all the plausible ones. From a sweep whose design points
are assumption sets (every package run on the same worlds at each point), per package: the spread of
its rate across sets (5th, 50th, 95th percentile), the share of sets in which it beats the
reference and each other package, its regret (its shortfall from the best package of each set: mean
and 90th percentile), how often it is the best, and, for the ranking as a whole, Kendall's W (1: every
set ranks the packages alike; 0: no agreement).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from sim.schema.summary_columns import DECISION_OUTCOMES, DecisionOutcome

PERCENTILES = (5, 50, 95)


def outcome_of(summary: pd.DataFrame) -> str:
    """The rate compared: peace holding (a ceasefire, and no aggression after it) over all worlds.

    Without Russia's veto every world has its ceasefire and this is the deterrence rate; with it, a
    package Russia rejects cannot hold the peace, which is what a policy comparison needs.
    """
    return "peace_rate" if "peace_rate" in summary.columns else "deterrence_rate"


def rates_by_set(summary: pd.DataFrame, outcome: str | None = None) -> pd.DataFrame:
    """The rate of each package (columns, in the summary's order) at each assumption set (rows)."""
    outcome = outcome or outcome_of(summary)
    order = list(dict.fromkeys(summary["package"]))
    return summary.pivot(index="point", columns="package", values=outcome)[order]


def kendall_w(rates: pd.DataFrame) -> float:
    """Kendall's coefficient of concordance of the packages' ranks across sets (ties averaged)."""
    m, n = rates.shape
    if m < 2 or n < 2:
        return float("nan")
    ranks = np.apply_along_axis(stats.rankdata, 1, -rates.to_numpy())
    totals = ranks.sum(axis=0)
    s = ((totals - totals.mean()) ** 2).sum()
    ties = 0.0
    for row in ranks:  # the correction for tied ranks within a set
        counts = np.unique(row, return_counts=True)[1]
        ties += float((counts**3 - counts).sum())
    return float(12 * s / (m * m * (n**3 - n) - m * ties))


def judged(outcome: str | None, summary: pd.DataFrame) -> DecisionOutcome:
    """The outcome a package is judged by: a key of DECISION_OUTCOMES, or by default peace holding."""
    if outcome is None:
        return DECISION_OUTCOMES["peace" if outcome_of(summary) == "peace_rate" else "deterrence"]
    return DECISION_OUTCOMES[outcome]


def robust_table(
    summary: pd.DataFrame, reference: str, outcome: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """Per package: spread, beating the reference, regret, share best; the pairwise table; Kendall's W.

    `outcome` (a key of DECISION_OUTCOMES; default peace holding) is what a package is judged by; where
    lower is better (months at war, ground lost, direct war, threats) the regret is the excess over the
    best package of the set and "beats" means lower. Returns (table, pairs, w): `pairs` gives, for each
    row package and column package, the share of sets in which the row does better than the column.
    """
    what = judged(outcome, summary)
    rates = rates_by_set(summary, what.column)
    values = rates.to_numpy()
    good = values if what.higher_is_better else -values  # higher is better, in these units
    best = good.max(axis=1, keepdims=True)  # "beats" below is strict: an exact tie beats nothing
    regret = best - good
    spread = np.percentile(values, PERCENTILES, axis=0)
    table = pd.DataFrame(
        {
            "package": rates.columns,
            "sets": len(rates),
            **{f"p{q}": spread[i] for i, q in enumerate(PERCENTILES)},
            "beats_reference": beats(summary, what.column, good, list(rates.columns).index(reference)),
            "regret_mean": regret.mean(axis=0),
            "regret_p90": np.percentile(regret, 90, axis=0),
            "best_share": best_shares(regret, tied_with_best(summary, what.column)),
        }
    )
    pairs = pd.DataFrame(
        (good[:, :, None] > good[:, None, :]).mean(axis=0), index=rates.columns, columns=rates.columns
    )
    pairs.index.name = "package"
    return table, pairs, kendall_w(rates)


PAIRED_COLUMNS = {
    "peace_rate": ("diff_ci_low", "diff_ci_high", "peace_rate_vs_best_ci_high"),
    "peace_share": (
        "peace_share_vs_reference_ci_low",
        "peace_share_vs_reference_ci_high",
        "peace_share_vs_best_ci_high",
    ),
}
"""For the outcomes compared world by world (peace holding, the decade at peace): the columns of each
set's paired interval from the reference and from the set's best package."""


def _paired(summary: pd.DataFrame, column: str) -> tuple[str, str, str] | None:
    names = PAIRED_COLUMNS.get(column)
    return names if names is not None and all(n in summary for n in names) else None


def beats(summary: pd.DataFrame, column: str, good: np.ndarray, ref: int) -> np.ndarray:
    """The share of sets in which each package does better than the reference beyond noise.

    Where the outcome is paired world by world, "better" means the paired difference's 95% interval
    lies above zero (a difference within noise beats nothing); otherwise strictly better.
    """
    names = _paired(summary, column)
    if names is None:
        return (good > good[:, [ref]]).mean(axis=0)
    low = rates_by_set(summary, names[0]).to_numpy()
    return (np.nan_to_num(low, nan=-1.0) > 0).mean(axis=0)


def tied_with_best(summary: pd.DataFrame, column: str) -> np.ndarray | None:
    """(sets, packages): whether a package is within noise of the set's best (None if not paired)."""
    names = _paired(summary, column)
    if names is None:
        return None
    return rates_by_set(summary, names[2]).to_numpy() >= 0


def best_shares(regret: np.ndarray, tied: np.ndarray | None = None) -> np.ndarray:
    """How often each package is the best: a set's best shared equally by the packages tied for it.

    Packages with exactly the same outcome in a set (two identical packages under different names), or,
    where `tied` is given, whose paired difference from the set's best is within noise, split that set
    between them, so that the shares sum to 1 across packages.
    """
    best = (regret == 0) if tied is None else (regret == 0) | tied
    best = best.astype(float)  # a set where the outcome is undefined (NaN) has no best
    tied = best.sum(axis=1, keepdims=True)
    return np.divide(best, tied, out=np.zeros_like(best), where=tied > 0).mean(axis=0)


def format_robust(table: pd.DataFrame, reference: str, w: float, outcome: str, sets: int, runs: int,
                  parameters: int) -> str:  # fmt: skip
    """The robust table as the terminal and the README show it (percentages, months or points).

    `outcome`: a key of DECISION_OUTCOMES, or (older callers) the summary column of peace or deterrence.
    """
    key = {"peace_rate": "peace", "deterrence_rate": "deterrence"}.get(outcome, outcome)
    what = DECISION_OUTCOMES[key]
    scale, unit = (100, " %") if what.unit == "share" else (1, f" ({what.unit})")
    regret = "regret pp" if what.unit == "share" else f"regret, {what.unit}"
    rows = [
        {
            "package": r.package,
            f"{what.words}{unit} (5% / median / 95%)": f"{scale * r.p5:5.1f} / {scale * r.p50:5.1f} / "
            f"{scale * r.p95:5.1f}",
            f"beats {reference} %": "ref" if r.package == reference else f"{100 * r.beats_reference:.0f}",
            f"{regret} (mean / 90%)": f"{scale * r.regret_mean:4.1f} / {scale * r.regret_p90:4.1f}",
            "best in %": f"{100 * r.best_share:.0f}",
        }
        for r in table.sort_values("regret_mean").itertuples()
    ]
    side = "" if what.higher_is_better else " (lower is better)"
    paired = what.column in PAIRED_COLUMNS
    agreement = "undefined (every package ties in every set)" if np.isnan(w) else f"{w:.2f}"
    beaten = "its paired difference on the same worlds above zero beyond noise" if paired else "strictly"
    tie = ", within noise on the same worlds," if paired else ""
    judged = f"how often {what.words}" if key in ("peace", "deterrence") else f"{what.words}{side}"
    head = (
        f"Across {sets} assumption sets ({parameters} assumptions, each over its plausible range; "
        f"{runs:,} worlds per set and package, the same worlds for every package): {judged}, "
        f"its spread across sets, how often it beats {reference} ({beaten}), its regret (shortfall from "
        f"the best package of each set) and how often it is the best (a set where packages tie for the "
        f"best{tie} counts an equal share for each, so the column sums to 100 before rounding). Ranking "
        f"agreement across sets (Kendall's W): {agreement}."
    )
    return f"{head}\n\n{pd.DataFrame(rows).to_string(index=False)}"
