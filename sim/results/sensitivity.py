"""Sobol sensitivity indices of each package's deterrence rate (scipy.stats.sobol_indices)."""

from __future__ import annotations

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
    with np.errstate(divide="ignore", invalid="ignore"):  # a resample with no variance gives NaN bounds
        result = stats.sobol_indices(func=evaluations, n=f_a.size, rng=np.random.default_rng(seed))
        boot = result.bootstrap(confidence_level=0.95, n_resamples=resamples)
    return {
        "first_order": result.first_order[0] if result.first_order.ndim > 1 else result.first_order,
        "first_order_low": np.ravel(boot.first_order.confidence_interval.low),
        "first_order_high": np.ravel(boot.first_order.confidence_interval.high),
        "total": result.total_order[0] if result.total_order.ndim > 1 else result.total_order,
        "total_low": np.ravel(boot.total_order.confidence_interval.low),
        "total_high": np.ravel(boot.total_order.confidence_interval.high),
    }


def noise_share(rates: np.ndarray, runs: np.ndarray) -> float:
    """Share of the variance of the points' rates that binomial sampling noise alone would cause.

    Each point's rate is estimated from `runs` trials (worlds, or ceasefires for a rate over
    ceasefires), and points do not share worlds, so even a parameter with no effect gets an index
    near this share: read indices below it as noise.
    """
    total = np.var(rates, ddof=1)
    noise = np.mean(rates * (1 - rates) / runs)
    return float(min(noise / total, 1.0)) if total > 0 else 1.0


MISSING = dict.fromkeys(
    ("first_order", "first_order_low", "first_order_high", "total", "total_low", "total_high", "noise_share"),
    np.nan,
)
"""The indices of a package whose rate is undefined at some points (Russia accepted no ceasefire)."""


def trials(summary: pd.DataFrame, outcome: str) -> np.ndarray:
    """How many trials each point's rate is over: ceasefires for a rate over ceasefires, else worlds."""
    if outcome == "deterrence_rate" and "ceasefire_rate" in summary.columns:
        return np.maximum(np.round(summary["ceasefire_rate"] * summary["runs"]).to_numpy(), 1)
    return summary["runs"].to_numpy()


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
        half = float(
            np.nanmax(
                [
                    (g["first_order_high"] - g["first_order_low"]).max(),
                    (g["total_high"] - g["total_low"]).max(),
                ]
            )
            / 2
        )
        if not outside and half <= WIDE:
            continue
        needed = int(2 ** np.ceil(np.log2(samples * max(half / WIDE, 1.0) ** 2)))
        what = f"{outside} index{'es' if outside != 1 else ''} outside [0, 1], " if outside else ""
        lines.append(
            f"Sobol indices of {package}: {what}widest 95% interval ±{half:.2f}; about {needed:,} samples "
            f"(now {samples:,}) would narrow them to ±{WIDE:g}"
        )
    return lines


def sobol_table(summary: pd.DataFrame, parameters: list[str], n: int, seed: int = 0,
                outcome: str = "deterrence_rate") -> pd.DataFrame:  # fmt: skip
    """Indices of `outcome` for every package and parameter, from a Sobol sweep's summary."""
    rows = []
    d = len(parameters)
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
        noise = noise_share(g[outcome].to_numpy(), trials(g, outcome))
        for i, name in enumerate(parameters):
            values_i = {k: float(np.ravel(v)[i]) for k, v in idx.items()}
            rows.append({"package": package, "parameter": name, "outcome": outcome, **values_i,
                         "noise_share": noise})  # fmt: skip
    return pd.DataFrame(rows)
