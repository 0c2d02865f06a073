"""Summaries from sufficient statistics, so that any number of worlds summarises in small memory.

Each chunk of worlds is reduced to counts per (point, package): worlds, deterred, direct wars, gains,
a histogram of the month of aggression, and the sums of the paired difference against the reference
package. Chunks add up; the summary is computed from the sums. Because every world is followed to the
horizon or its first aggression, the only censoring is at the horizon, and the Kaplan-Meier survival
curve is the empirical one: the median and the restricted mean come from the histogram exactly (a test
checks them against `scipy.stats.ecdf`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from sim.model.decisions import Action

CONFIDENCE = 0.95


def month_columns(horizon: int) -> list[str]:
    """Names of the histogram columns: aggressions in month 1 ... horizon."""
    return [f"m{m}" for m in range(1, horizon + 1)]


def ceasefire_columns(horizon: int) -> list[str]:
    """Names of the histogram columns of the first ceasefire's month: 0 (start: ceasefire) ... horizon."""
    return [f"c{m}" for m in range(horizon + 1)]


def chunk_stats(out: dict[str, np.ndarray], packages: list[str], reference: int, point: np.ndarray,
                n_points: int, horizon: int, run: np.ndarray | None = None) -> pd.DataFrame:  # fmt: skip
    """Sufficient statistics of one chunk: one row per (point, package) present in it.

    `out` holds (packages, worlds) outcome arrays; `point` gives each world's design point (0 to
    n_points - 1, local to this chunk); `reference` is the row of the reference package; `run`, each
    world's run number, splits the worlds into two halves (odd runs: the `*_odd` counts) whose
    disagreement measures Monte Carlo noise (`sim.results.sensitivity.noise_share`).
    """
    accepted, scored = out["accepted"], out["scored"]
    deterred = accepted & ~out["aggression"]  # peace holds: a ceasefire, and no aggression after it
    own = np.arange(accepted.shape[0])[:, None]  # each package's row: its own offer
    diff = deterred.astype(np.int8) - deterred[reference].astype(np.int8)
    values = {
        "runs": np.ones_like(deterred, dtype=np.int64),
        "accepted": accepted,
        "scored": scored,
        "first_offer": accepted & (out["offer_accepted"] == own),
        "deterred": deterred,
        "direct_war": out["direct_war"],
        "gained": out["russia_gained"],
        "limited": out["kind"] == Action.LIMITED,
        "deliberate": out["deliberate"],
        "probes": out["probes"],
        "withdrawn": out["force_withdrawn"],
        "d_sum": diff,
        "d_sq": diff * diff,
    }
    decade = {  # the decade after the first shot: sums and sums of squares, for means with intervals
        "peace_months": out["peace_months"],
        "war_months": out["war_months"],
        "direct_war_months": out["direct_war_months"],
        "wars": out["wars"],
        "nuclear_threat": out["nuclear_threat"],
        "nuclear_use": out["nuclear_use"],
        "capitulated": out["capitulated"],
    }
    values |= decade
    values |= {f"{k}_sq": v.astype(np.int64) ** 2 for k, v in decade.items() if k.endswith("months")}
    odd = (np.arange(deterred.shape[1]) if run is None else np.asarray(run)) % 2 == 1
    values |= {
        "runs_odd": values["runs"] * odd,
        "accepted_odd": accepted & odd,
        "deterred_odd": deterred & odd,
    }
    amounts = {  # real-valued: summed as floats, in chunk order (the same bits on any number of workers)
        k: np.where(scored, np.nan_to_num(out[k]), 0.0)
        for k in ("territory_lost", "casualties_ukraine", "casualties_russia", "cost_bn")
    }
    amounts |= {f"{k}_sq": v**2 for k, v in list(amounts.items())}
    pairs = pair_squares(deterred, out["peace_months"], packages)
    frames = []
    month = np.where(out["aggression"], out["month"], 0).astype(np.int64)
    came = np.where(accepted, out["ceasefire_month"], horizon + 1).astype(np.int64)  # H + 1: none came
    for p, name in enumerate(packages):
        row = {
            k: np.bincount(point, weights=v[p], minlength=n_points).round().astype(np.int64)
            for k, v in values.items()
        }
        row |= {k: np.bincount(point, weights=v[p], minlength=n_points) for k, v in amounts.items()}
        row |= {k: np.bincount(point, weights=v[p], minlength=n_points).round().astype(np.int64)
                for k, v in pairs.items()}  # fmt: skip
        hist = np.bincount(point * (horizon + 1) + month[p], minlength=n_points * (horizon + 1))
        hist = hist.reshape(n_points, horizon + 1)[:, 1:]
        columns = {"point": np.arange(n_points), "package": name, **row}
        columns |= dict(zip(month_columns(horizon), hist.T, strict=True))
        bins = horizon + 2
        ceasefire = np.bincount(point * bins + came[p], minlength=n_points * bins).reshape(n_points, bins)
        columns |= dict(zip(ceasefire_columns(horizon), ceasefire[:, :-1].T, strict=True))
        frame = pd.DataFrame(columns)
        frames.append(frame[frame["runs"] > 0])
    return pd.concat(frames, ignore_index=True)


PAIRED = {"peace": ("deterred", "pair_peace__"), "decade": ("peace_months", "pair_decade__")}
"""The outcomes every package is compared on with every other on the same worlds: peace holds (a
ceasefire and no renewed aggression to the horizon) and the months of the decade at peace. For each,
a statistics row keeps, per other package q, the sum of squared differences from q over its worlds:
with the two packages' sums, that gives the paired difference and its t interval for any pair."""


def pair_squares(deterred: np.ndarray, peace_months: np.ndarray, packages: list[str]) -> dict:
    """(packages, worlds) arrays: for each paired outcome and package q, (x_p - x_q)^2 per world."""
    out = {}
    for values, prefix in ((deterred.astype(np.int64), PAIRED["peace"][1]),
                           (np.asarray(peace_months, dtype=np.int64), PAIRED["decade"][1])):  # fmt: skip
        for q, name in enumerate(packages):
            out[f"{prefix}{name}"] = (values - values[q]) ** 2
    return out


def paired_with(table: pd.DataFrame, outcome: str, other: np.ndarray, scale: float = 1.0):
    """Each row's paired difference in `outcome` from another package at one point, with its 95% interval.

    `outcome` is "peace" or "decade"; `other` names the other package, one name per row; NaN without
    the sums. Packages compared on the same worlds: the difference of their means, and its variance from the
    sum of squared differences per world, so common noise cancels.
    """
    total, prefix = PAIRED[outcome]
    n = table["runs"].to_numpy(dtype=float)
    sums = table.set_index(["point", "package"])[total]
    mine = table[total].to_numpy(dtype=float)
    theirs = sums.reindex(list(zip(table["point"], other, strict=True))).to_numpy(dtype=float)
    squares = np.full(len(table), np.nan)
    for name in dict.fromkeys(other):
        column = f"{prefix}{name}"
        if column in table:
            rows = np.asarray(other) == name
            squares[rows] = table.loc[rows, column].to_numpy(dtype=float)
    diff_sum = (mine - theirs) / scale
    if outcome == "peace":  # a yes/no outcome: exact, however few worlds differ
        return discordant_interval(diff_sum, squares, n)
    mean, low, high = mean_interval(diff_sum, squares / scale**2, n)
    return mean, low, high


def discordant_interval(diff_sum, discordant, n):
    """Paired difference of two shares with an exact 95% interval, from the worlds where they differ.

    Of the `discordant` worlds where exactly one of the two packages keeps the peace, b favour the first
    and c the second (b - c = `diff_sum`). Conditional on their number, b is binomial (McNemar's exact
    test), so a Clopper-Pearson interval for b's share gives the difference's: (b - c) / n ranges over
    discordant / n × (2π - 1). With a handful of discordant worlds this is wide where the t interval
    is not (five worlds all one way: the t interval excludes zero, the exact one does not).
    """
    diff_sum, m, n = (np.asarray(x, dtype=float) for x in (diff_sum, discordant, n))
    with np.errstate(invalid="ignore", divide="ignore"):
        b = (m + diff_sum) / 2
        low_share = np.where(b > 0, stats.beta.ppf((1 - CONFIDENCE) / 2, b, m - b + 1), 0.0)
        high_share = np.where(b < m, stats.beta.ppf(1 - (1 - CONFIDENCE) / 2, b + 1, m - b), 1.0)
        mean = diff_sum / n
        low, high = m / n * (2 * low_share - 1), m / n * (2 * high_share - 1)
    none = m == 0  # no world differs: the two are the same on these worlds
    return mean, np.where(none, 0.0, low), np.where(none, 0.0, high)


def combine(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Add up the statistics of several chunks (a point may span chunks)."""
    table = pd.concat(parts, ignore_index=True)
    return table.groupby(["point", "package"], sort=False, as_index=False).sum()


def wilson(successes: np.ndarray, trials: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """95% Wilson score intervals, vectorised (equal to scipy's binomtest(...).proportion_ci)."""
    z = stats.norm.ppf(0.5 + CONFIDENCE / 2)
    n = np.asarray(trials, dtype=float)
    p = np.asarray(successes, dtype=float) / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    low = np.where(p == 0, 0.0, np.clip(centre - half, 0, 1))  # exact at the ends, not off by rounding
    high = np.where(p == 1, 1.0, np.clip(centre + half, 0, 1))
    return low, high


def survival_measures(hist: np.ndarray, runs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Kaplan-Meier median month and restricted mean months from histograms of aggression months."""
    cumulative = np.cumsum(hist, axis=1)  # aggressions by the end of each month
    share = cumulative / runs[:, None]
    reached = share >= 0.5
    median = np.where(reached.any(axis=1), reached.argmax(axis=1) + 1.0, np.nan)
    horizon = hist.shape[1]
    alive = 1 - np.concatenate([np.zeros((len(runs), 1)), share[:, : horizon - 1]], axis=1)
    return median, alive.sum(axis=1)


def paired_interval(d_sum: np.ndarray, d_sq: np.ndarray, n: np.ndarray):
    """Mean paired difference with its 95% t interval (as scipy's ttest_rel gives), within [-1, 1].

    The t interval is an approximation that needs many worlds; with very few (a handful of runs) it
    is wide and is clipped to the possible range of a difference of two shares.
    """
    mean, low, high = mean_interval(d_sum, d_sq, n)
    return mean, np.clip(low, -1, 1), np.clip(high, -1, 1)


def mean_interval(total, squares, n):
    """Mean with its 95% t interval from a sum and a sum of squares over n values (NaN where n is 0)."""
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.asarray(total, dtype=float) / n
        var = np.clip((np.asarray(squares, dtype=float) - n * mean * mean) / np.maximum(n - 1, 1), 0, None)
        half = stats.t.ppf(0.5 + CONFIDENCE / 2, np.maximum(n - 1, 1)) * np.sqrt(var / n)
    return mean, mean - half, mean + half


def _share(part, whole) -> np.ndarray:
    """Part / whole, missing (NaN) where whole is 0 (a package Russia never accepted)."""
    part, whole = np.asarray(part, dtype=float), np.asarray(whole, dtype=float)
    return np.divide(part, whole, out=np.full(whole.shape, np.nan), where=whole > 0)


def casualty_intervals(table: pd.DataFrame, scored: np.ndarray) -> dict[str, np.ndarray]:
    """Mean casualties of each side over the scored worlds, with 95% t intervals (from sums of squares)."""
    out = {}
    for side in ("ukraine", "russia"):
        total = table[f"casualties_{side}"]
        squares = table[f"casualties_{side}_sq"] if f"casualties_{side}_sq" in table else np.nan * total
        mean, low, high = mean_interval(total, squares, scored)
        out |= {f"casualties_{side}_mean": mean, f"casualties_{side}_ci_low": np.maximum(low, 0),
                f"casualties_{side}_ci_high": high}  # fmt: skip
    return out


def _against(table: pd.DataFrame, outcome: str, rates: np.ndarray, reference: str | None, scale: float):
    """Paired differences from the best package of each point (and from the reference, if named)."""
    order = pd.Series(rates, index=table.index).fillna(-np.inf)
    best = table.loc[order.groupby(table["point"].to_numpy(), sort=False).idxmax(), ["point", "package"]]
    best_at = table["point"].map(dict(zip(best["point"], best["package"], strict=True))).to_numpy()
    out = dict(zip(("vs_best", "vs_best_ci_low", "vs_best_ci_high"),
                   paired_with(table, outcome, best_at, scale), strict=True))  # fmt: skip
    if reference is not None:
        against = np.full(len(table), reference, dtype=object)
        out |= dict(zip(("vs_reference", "vs_reference_ci_low", "vs_reference_ci_high"),
                        paired_with(table, outcome, against, scale), strict=True))  # fmt: skip
    return out


def cost_interval(table: pd.DataFrame, runs: np.ndarray) -> dict[str, np.ndarray]:
    """Mean €bn spent over the horizon, over every world (a package never in force costs nothing)."""
    if "cost_bn" not in table:  # statistics written before costs followed the timeline
        nothing = np.full(len(table), np.nan)
        return {"cost_bn_total": nothing, "cost_bn_total_ci_low": nothing, "cost_bn_total_ci_high": nothing}
    mean, low, high = mean_interval(table["cost_bn"], table["cost_bn_sq"], runs)
    return {"cost_bn_total": mean, "cost_bn_total_ci_low": np.maximum(low, 0), "cost_bn_total_ci_high": high}


def summary_from_stats(table: pd.DataFrame, horizon: int, reference: str | None = None) -> pd.DataFrame:
    """Rates with intervals, survival, escalation and paired differences per (point, package).

    Deterrence and what follows the first aggression are rates over the worlds in which a ceasefire
    took effect; the decade's outcomes are over the scored worlds (every world under start: war, the
    ceasefires under start: ceasefire); the ceasefire rate and the peace rate are over every world.
    """
    runs = table["runs"].to_numpy()
    ceasefires = table["accepted"].to_numpy()
    scored = table["scored"].to_numpy()
    hist = table[month_columns(horizon)].to_numpy()
    came = np.cumsum(table[ceasefire_columns(horizon)].to_numpy(), axis=1) / runs[:, None]
    half = came >= 0.5  # the month by which half the worlds have a ceasefire
    to_ceasefire = np.where(half.any(axis=1), half.argmax(axis=1).astype(float), np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        low, high = wilson(table["deterred"], ceasefires)
        war_low, war_high = wilson(table["direct_war"], scored)
        median, rmst = survival_measures(hist, ceasefires)
        cf_low, cf_high = wilson(ceasefires, runs)
    peace_low, peace_high = wilson(table["deterred"], runs)
    diff, diff_low, diff_high = paired_interval(table["d_sum"], table["d_sq"], runs)
    attacks = ceasefires - table["deterred"].to_numpy()
    h = float(horizon)
    peace, peace_lo, peace_hi = mean_interval(
        table["peace_months"] / h, table["peace_months_sq"] / h**2, runs
    )
    war, war_lo, war_hi = mean_interval(table["war_months"], table["war_months_sq"], scored)
    peace_lo, peace_hi, war_lo = np.clip(peace_lo, 0, 1), np.clip(peace_hi, 0, 1), np.maximum(war_lo, 0)
    ground, ground_lo, ground_hi = mean_interval(table["territory_lost"], table["territory_lost_sq"], scored)
    with np.errstate(invalid="ignore", divide="ignore"):
        threat_lo, threat_hi = wilson(table["nuclear_threat"], scored)
    decade = {
        "peace_share": peace,
        "peace_share_ci_low": peace_lo,
        "peace_share_ci_high": peace_hi,
        "war_months_mean": war,
        "war_months_ci_low": war_lo,
        "war_months_ci_high": war_hi,
        "wars_mean": _share(table["wars"], scored),
        "territory_lost_mean": ground,
        "territory_ci_low": ground_lo,
        "territory_ci_high": ground_hi,
        **casualty_intervals(table, scored),
        "direct_war_months_mean": _share(table["direct_war_months"], scored),
        "nuclear_threat_rate": _share(table["nuclear_threat"], scored),
        "nuclear_threat_ci_low": threat_lo,
        "nuclear_threat_ci_high": threat_hi,
        "nuclear_use_rate": _share(table["nuclear_use"], scored),
        "capitulation_rate": _share(table["capitulated"], scored),
        **cost_interval(table, runs),
    }
    table = table.reset_index(drop=True)
    peace_rate = table["deterred"].to_numpy() / runs
    paired = {f"peace_rate_{k}": v for k, v in _against(table, "peace", peace_rate, None, 1.0).items()}
    paired |= {f"peace_share_{k}": v for k, v in _against(table, "decade", peace, reference, h).items()}
    return pd.DataFrame(
        {
            "point": table["point"].to_numpy(),
            "package": table["package"].to_numpy(),
            "runs": runs,
            "ceasefire_rate": ceasefires / runs,
            "ceasefire_ci_low": cf_low,
            "ceasefire_ci_high": cf_high,
            "months_to_ceasefire": to_ceasefire,
            "first_offer_share": _share(table["first_offer"], ceasefires),
            "deterrence_rate": _share(table["deterred"], ceasefires),
            "ci_low": low,
            "ci_high": high,
            "peace_rate": peace_rate,
            "peace_ci_low": peace_low,
            "peace_ci_high": peace_high,
            "median_months_to_aggression": median,
            "rmst_months": rmst,
            "direct_war_rate": _share(table["direct_war"], scored),
            "direct_war_ci_low": war_low,
            "direct_war_ci_high": war_high,
            "russia_gain_rate": _share(table["gained"], ceasefires),
            "limited_share": table["limited"].to_numpy() / np.maximum(attacks, 1),
            "deliberate_share": table["deliberate"].to_numpy() / np.maximum(attacks, 1),
            "probes_per_world": _share(table["probes"], ceasefires),
            "force_withdrawn_rate": _share(table["withdrawn"], ceasefires),
            "diff_vs_reference": np.asarray(diff),
            "diff_ci_low": np.asarray(diff_low),
            "diff_ci_high": np.asarray(diff_high),
            **decade,
            **paired,
        }
    )
