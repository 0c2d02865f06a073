"""A search's answer: the front, where it sits at a lever's bound, regret, the fresh re-score, the choice.

Pure functions of score tables: `designs` has one row per design (its levers, its robust score per
objective, whether it meets the constraints, and `kind`: searched or written), `per_set` each design's
summary per assumption set.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from sim.schema.optimize import OBJECTIVES, Lever, OptimizeSettings


def minimised(designs: pd.DataFrame, objectives: list[str]) -> np.ndarray:
    """The objectives as a matrix to minimise (a score where higher is better, negated)."""
    return np.column_stack(
        [designs[o].to_numpy(float) * (-1 if OBJECTIVES[o].higher_is_better else 1) for o in objectives]
    )


def non_dominated(f: np.ndarray, feasible: np.ndarray) -> np.ndarray:
    """Indices, in order, of the feasible points (rows of f, minimised) no other feasible point dominates."""
    from pymoo.util.nds.non_dominated_sorting import NonDominatedSorting

    idx = np.flatnonzero(feasible)
    if not idx.size:
        return idx
    return np.sort(idx[NonDominatedSorting().do(f[idx], only_non_dominated_front=True)])


def front_of(designs: pd.DataFrame, objectives: list[str]) -> pd.DataFrame:
    """The feasible designs no other feasible design dominates (searched and written alike)."""
    keep = non_dominated(minimised(designs, objectives), designs["feasible"].to_numpy(bool))
    return designs.iloc[keep].reset_index(drop=True)


def dominated_by(a: pd.Series, b: pd.Series, objectives: list[str]) -> bool:
    """Whether design b dominates design a (no worse in every objective, better in one)."""
    fa = minimised(a.to_frame().T, objectives)[0]
    fb = minimised(b.to_frame().T, objectives)[0]
    return bool((fb <= fa).all() and (fb < fa).any())


def at_bounds(row: pd.Series, levers: dict[str, Lever]) -> str:
    """The levers at an end of their range in this design (the range, not the answer, may bind).

    Only levers of components the design has count (a force's troops do not bind a design without one).
    """
    if row["kind"] == "written":
        return ""
    package = json.loads(row["package"])
    return ", ".join(
        p
        for p, lever in levers.items()
        if p in row
        and not pd.isna(row[p])
        and package.get(p.partition(".")[0]) is not None
        and lever.at_bound(row[p])
    )


def regret(front: pd.DataFrame, per_set: dict[str, pd.DataFrame], objective: str) -> pd.Series:
    """Each design's largest shortfall, over the sets, from the best of the front in that set."""
    column = OBJECTIVES[objective].column
    sign = 1 if OBJECTIVES[objective].higher_is_better else -1
    values = np.vstack([per_set[d][column].to_numpy(float) for d in front["design"]]) * sign
    best = np.nanmax(values, axis=0)
    return pd.Series(np.nanmax(best - values, axis=1), index=front.index)  # in the objective's units


def shift(front: pd.DataFrame, fresh: pd.DataFrame, objectives: list[str]) -> pd.DataFrame:
    """The front's scores on fresh sets beside the search's: the move per design and objective."""
    merged = front[["design", *objectives]].merge(
        fresh[["design", *objectives]], on="design", suffixes=("", "_fresh")
    )
    for o in objectives:
        merged[f"{o}_moved"] = merged[f"{o}_fresh"] - merged[o]
    return merged


def choose(front: pd.DataFrame, settings: OptimizeSettings) -> tuple[pd.Series | None, str]:
    """The cheapest design on the front that meets the brief's bars, and the sentence that says so."""
    peace, war = settings.answer_peace, settings.answer_direct_war
    have = set(front.columns)
    ok = np.ones(len(front), dtype=bool)
    if "decade" in have:
        ok &= front["decade"].to_numpy(float) >= peace
    if "direct_war" in have:
        ok &= front["direct_war"].to_numpy(float) < war
    bar = f"keeps at least {peace:.0%} of the decade at peace with direct-war risk under {war:.0%}"
    by = "cost" if "cost" in have else settings.objectives[0]
    if not ok.any():
        best = front.sort_values("decade", ascending=False).iloc[0] if "decade" in have else front.iloc[0]
        return best, (
            f"No design found {bar} (measure: {settings.measure}); the design keeping the most of the "
            f"decade at peace is {best['design']} ({_scores(best, settings)})."
        )
    chosen = front[ok].sort_values(by).iloc[0]
    return chosen, f"The cheapest design that {bar} is {chosen['design']} ({_scores(chosen, settings)})."


def _scores(row: pd.Series, settings: OptimizeSettings) -> str:
    parts = []
    for o in settings.objectives:
        v = float(row[o])
        unit = OBJECTIVES[o].unit
        words = OBJECTIVES[o].words
        parts.append(f"{words} {v:.2%}" if unit == "share" else f"{words} {v:,.1f}")
    return "; ".join(parts)


SHORT = {
    "reassurance_force": lambda c: f"force {c.get('troops', 30000):,.0f} {c.get('posture', 'rear')}",
    "us_backstop": lambda c: "US backstop",
    "defence_pledge": lambda c: f"{c.get('strength', 'agreement')} pledge",
    "arms_support": lambda c: f"arms €{c.get('funding_bn_per_year', 40):.0f}bn/yr",
    "buffer_zone": lambda c: f"zone {c.get('width_km', 40):.0f} km",
    "sanctions_snapback": lambda c: "snap-back",
    "eu_membership": lambda c: "EU",
    "nato_membership": lambda c: "NATO",
}
"""How the front's table names each component of a design, with its lever settings."""


def contents(package: dict) -> str:
    """A design's components in a few words ("force 30,000 rear; treaty pledge; arms €40bn/yr")."""
    later = {e["component"]: e.get("after_ceasefire") for e in package.get("events") or []}
    parts = [
        SHORT[k](v or {}) + (f" from month {later[k]}" if later.get(k) else "")
        for k, v in package.items()
        if k in SHORT and v is not None
    ]
    steps = [f"then {o['package']} after {o['after_months']} months" for o in package.get("offers") or []]
    return "; ".join([*(parts or ["nothing"]), *steps])


def against_written(
    chosen: pd.Series, designs: pd.DataFrame, per_set: dict[str, pd.DataFrame], objective: str
) -> str:
    """The chosen design against the best of the scenario's own packages, paired over the assumption sets.

    Each set's value is a mean over the same worlds for both, so the difference is paired by set; the
    interval is Student's t over the sets (a difference within it is within the noise of the search).
    """
    from scipy import stats

    o = OBJECTIVES[objective]
    written = designs[designs["kind"] == "written"]
    if written.empty or objective not in written:
        return ""
    best = written.sort_values(objective, ascending=not o.higher_is_better).iloc[0]
    a = per_set[chosen["design"]][o.column].to_numpy(float)
    b = per_set[best["design"]][o.column].to_numpy(float)
    d = a - b
    if len(d) < 2 or not np.isfinite(d).all():
        return ""
    half = stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d))
    scale, unit = (100, " points") if o.unit == "share" else (1, "")
    noise = " (within noise)" if abs(d.mean()) <= half else ""
    low, high = scale * (d.mean() - half), scale * (d.mean() + half)
    return (
        f"Against the best of the scenario's own packages, {best['design']}: {scale * d.mean():+.2f}{unit} "
        f"of {o.words} [{low:+.2f}, {high:+.2f}] over the sets, paired{noise}."
    )
