"""Sobol sensitivity indices of each package's deterrence rate (scipy.stats.sobol_indices)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats


def sobol_from_blocks(
    f_a: np.ndarray, f_b: np.ndarray, f_ab: np.ndarray, seed: int = 0, resamples: int = 500
):
    """First-order and total indices with 95% bootstrap intervals from Saltelli's evaluations.

    f_a, f_b: (n,) outputs at A and B; f_ab: (d, n) outputs at AB_i. Returns a dict of arrays
    (first_order, total, and their low/high bounds), one value per parameter.
    """
    evaluations = {"f_A": f_a[None, :], "f_B": f_b[None, :], "f_AB": f_ab[:, None, :]}
    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        # a parameter with no effect, or a resample with no variance, has no interval: NaN bounds,
        # which `sobol_warnings` reports in one line
        warnings.simplefilter("ignore", stats.DegenerateDataWarning)
        result = stats.sobol_indices(func=evaluations, n=f_a.size, rng=np.random.default_rng(seed))

        centre = np.mean([f_a, f_b])  # as sobol_indices does, once, before it estimates (Sobol' 1999)
        a, b, ab = f_a - centre, f_b - centre, f_ab - centre

        def indices(idx):  # the same estimator on a resample of the rows
            return np.stack(saltelli_2010(a[idx], b[idx], ab[:, idx]))

        # `SobolResult.bootstrap` draws from numpy's global generator (scipy passes it no rng), so its
        # intervals changed from run to run; the same BCa bootstrap with the seeded generator does not
        boot = stats.bootstrap(
            [np.arange(f_a.size)], indices, method="BCa", n_resamples=resamples, confidence_level=0.95,
            vectorized=False, rng=np.random.default_rng(seed),
        )  # fmt: skip
    low, high = boot.confidence_interval
    return {
        "first_order": result.first_order[0] if result.first_order.ndim > 1 else result.first_order,
        "first_order_low": low[0],
        "first_order_high": high[0],
        "total": result.total_order[0] if result.total_order.ndim > 1 else result.total_order,
        "total_low": low[1],
        "total_high": high[1],
    }


def saltelli_2010(f_a: np.ndarray, f_b: np.ndarray, f_ab: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First-order and total indices by Saltelli et al. 2010 (Comput. Phys. Commun. 181, Table 2 b, f).

    The estimator `scipy.stats.sobol_indices` uses (a test checks they agree), written out so that the
    bootstrap can resample it with a seeded generator: f_a, f_b (n,), f_ab (d, n).
    """
    var = np.var([f_a, f_b])
    return np.mean(f_b * (f_ab - f_a), axis=-1) / var, 0.5 * np.mean((f_a - f_ab) ** 2, axis=-1) / var


def noise_share(rates: np.ndarray, half_a: np.ndarray, half_b: np.ndarray) -> float:
    """Share of the variance of the points' rates that Monte Carlo noise causes, from split halves.

    Each point's worlds split into two halves (odd and even runs), whose rates are `half_a` and
    `half_b`. Their difference is noise alone, and the point's rate (their mean) carries a quarter of
    its variance: var(a - b) / 4 over the points estimates the noise in the spread of the rates. It
    holds whether or not points share worlds; with common random numbers (run r the same world at
    every point) the noise shared by all points cancels and the share falls. Read indices below it
    as noise.
    """
    total = np.var(rates, ddof=1)
    if not total > 0:
        return 1.0
    noise = np.nanvar(np.asarray(half_a) - np.asarray(half_b), ddof=1) / 4
    return float(min(noise / total, 1.0))


def half_rates(stats: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """Each (point, package)'s rate in its odd-run and even-run halves (columns half_a, half_b)."""
    if outcome == "deterrence_rate":
        num, den = "deterred", "accepted"
    elif outcome == "peace_rate":
        num, den = "deterred", "runs"
    else:
        raise ValueError(f"no split-half noise for {outcome}")
    with np.errstate(invalid="ignore", divide="ignore"):
        a = stats[f"{num}_odd"] / stats[f"{den}_odd"]
        b = (stats[num] - stats[f"{num}_odd"]) / (stats[den] - stats[f"{den}_odd"])
    return pd.DataFrame({"point": stats["point"], "package": stats["package"], "half_a": a, "half_b": b})


MISSING = dict.fromkeys(
    ("first_order", "first_order_low", "first_order_high", "total", "total_low", "total_high", "noise_share"),
    np.nan,
)
"""The indices of a package whose rate is undefined at some points (Russia accepted no ceasefire)."""


def constant(summary: pd.DataFrame, outcome: str = "deterrence_rate") -> list[str]:
    """Packages whose rate is the same at every point: no parameter moves them, so no indices."""
    spread = summary.groupby("package", sort=False)[outcome].agg(lambda s: np.ptp(s.to_numpy()))
    return [str(p) for p, v in spread.items() if v == 0]


def undefined(table: pd.DataFrame) -> list[str]:
    """Packages whose indices are missing because Russia accepted no ceasefire at some points."""
    return sorted(set(table.loc[table["total"].isna(), "package"])) if len(table) else []


WIDE = 0.1
"""A Sobol index's 95% interval is wide when its half-width exceeds this."""


def sobol_warnings(table: pd.DataFrame, samples: int) -> list[str]:
    """One line per package whose indices fall outside [0, 1] or whose intervals are wide.

    The intervals narrow as 1/sqrt(samples), so the line says about how many samples would bring the
    widest half-width down to WIDE (rounded up to a power of two, as Sobol sequences prefer).
    """
    lines = []
    for package, g in table.dropna(subset=["total"]).groupby("package", sort=False):
        indices = g[["first_order", "total"]].to_numpy()
        outside = int(((indices < 0) | (indices > 1)).sum())
        widths = np.concatenate(
            [g["first_order_high"] - g["first_order_low"], g["total_high"] - g["total_low"]]
        )
        if np.isnan(widths).all():  # the bootstrap found no spread to resample: too few samples
            lines.append(
                f"Sobol indices of {package}: no 95% interval could be computed from {samples:,} samples; "
                f"try {max(4 * samples, 64):,} or more"
            )
            continue
        half = float(np.nanmax(widths) / 2)
        if not outside and half <= WIDE:
            continue
        needed = int(2 ** np.ceil(np.log2(samples * max(half / WIDE, 1.0) ** 2)))
        what = f"{outside} index{'es' if outside != 1 else ''} outside [0, 1], " if outside else ""
        lines.append(
            f"Sobol indices of {package}: {what}widest 95% interval ±{half:.2f}; about {needed:,} samples "
            f"(now {samples:,}) would narrow them to ±{WIDE:g}"
        )
    return lines


def sobol_table(summary: pd.DataFrame, stats: pd.DataFrame, parameters: list[str], n: int, seed: int = 0,
                outcome: str = "deterrence_rate") -> pd.DataFrame:  # fmt: skip
    """Indices of `outcome` for every package and parameter, from a Sobol sweep's summary.

    `stats` are the sweep's combined statistics (`sim.results.summary.combine`), for the noise share.
    """
    rows = []
    d = len(parameters)
    summary = summary.merge(half_rates(stats, outcome), on=["point", "package"], how="left")
    for package, g in summary.groupby("package", sort=False):
        g = g.sort_values(["block", "sample"])
        values = g[outcome].to_numpy().reshape(d + 2, n)
        if np.isnan(values).any():  # no ceasefire at some points: the rate, and its indices, undefined
            rows += [
                {"package": package, "parameter": name, "outcome": outcome, **MISSING} for name in parameters
            ]
            continue
        if np.ptp(values) == 0:  # no variation at all: indices are undefined
            continue
        idx = sobol_from_blocks(values[0], values[1], values[2:], seed=seed)
        noise = noise_share(g[outcome].to_numpy(), g["half_a"].to_numpy(), g["half_b"].to_numpy())
        for i, name in enumerate(parameters):
            values_i = {k: float(np.ravel(v)[i]) for k, v in idx.items()}
            rows.append({"package": package, "parameter": name, "outcome": outcome, **values_i,
                         "noise_share": noise})  # fmt: skip
    return pd.DataFrame(rows)
