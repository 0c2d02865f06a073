"""What a sweep found, in words: the lines a sweep's terminal answer and its report lead with.

For a grid: the outcome over all worlds along each swept parameter (`trend_lines`), its threshold
crossings (`grid_answer`), then deterrence once in place with the note that it is over the worlds that
accepted. For LHS and Sobol designs: the parameters that move each package most (`sampled_answer`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sim.present import leads
from sim.present.brief import pct
from sim.present.report import level_label, short_name


def trend_lines(summary: pd.DataFrame, parameters: list[str], lead: leads.Lead) -> list[str]:
    """How `lead` moves along each swept parameter, per package: from one end of the grid to the other.

    Each parameter pooled over the others; a package's lever only for that package. "Falls" or "rises"
    only where the difference between the two ends is beyond noise (a two-sample test at 95%, which
    ignores the pairing of the worlds and so errs towards "within noise").
    """
    lines = []
    for parameter in parameters:
        rates = leads.pooled_rate(summary, [parameter], lead)
        name = short_name(parameter)
        lever = parameter.split(".")[1] if parameter.startswith("packages.") else None
        kind = rates[parameter]
        numeric = pd.api.types.is_numeric_dtype(kind) and not pd.api.types.is_bool_dtype(kind)
        for package, g in rates.groupby("package", sort=False):
            g = g.dropna(subset=["rate"])
            if numeric:
                g = g.sort_values(parameter)
            if len(g) < 2 or (lever is not None and package != lever):
                continue
            a, b = g.iloc[0], g.iloc[-1]
            low, high = level_label(a[parameter]), level_label(b[parameter])
            ends = f"from {pct(a.rate, 1)} at {name} = {low} to {pct(b.rate, 1)} at {high}"
            more = f"more {name}" if numeric else f"{name} {level_label(b[parameter])}"
            z = _two_sample_z(a, b)
            if z > 1.96:
                lines.append(f"{package}: {lead.words} rises {ends} ({more} raises it)")
            elif z < -1.96:
                lines.append(f"{package}: {lead.words} falls {ends} ({more} lowers it)")
            else:
                lines.append(f"{package}: {lead.words} goes {ends}, a change within noise")
    return lines


def _two_sample_z(a, b) -> float:
    """The difference b - a over its standard error, each end's from its 95% interval (unpaired).

    The two ends share their worlds (common random numbers), so the paired test would be sharper; the
    summary keeps no pairs across points, and the unpaired test errs towards "within noise".
    """
    se = np.hypot((a.high - a.low) / (2 * 1.96), (b.high - b.low) / (2 * 1.96))
    diff = b.rate - a.rate
    if not np.isfinite(se) or se <= 0:
        return 0.0 if diff == 0 else np.sign(diff) * np.inf
    return float(diff / se)


def grid_answer(
    summary: pd.DataFrame, parameters: list[str], threshold: float, lead: leads.Lead = leads.DETERRENCE
) -> list[str]:
    """Where each package's `lead` rate crosses the threshold along the first swept parameter."""
    first = parameters[0]
    rates = leads.pooled_rate(summary, [first], lead)
    if not pd.api.types.is_numeric_dtype(rates[first]) or pd.api.types.is_bool_dtype(rates[first]):
        return level_answer(rates, first, parameters, lead)  # words (a posture): no crossing to find
    lines = []
    for package, g in rates.groupby("package", sort=False):
        g = g.sort_values(first)
        values, rate = g[first].to_numpy(dtype=float), g["rate"].to_numpy(dtype=float)
        known = ~np.isnan(rate)
        if not known.any():
            lines.append(f"{package}: no ceasefire at any point of the grid")
            continue
        values, rate = values[known], rate[known]
        name = short_name(first)
        above = rate >= threshold
        changes = np.nonzero(above[1:] != above[:-1])[0]  # every crossing, up or down
        verb = "deters" if lead is leads.DETERRENCE else "reaches"
        if len(rate) == 1:
            lines.append(f"{package}: {pct(rate[0])} at {name} = {values[0]:g} (one value swept)")
        elif np.ptp(rate) < 1e-12:
            lines.append(f"{package} does not move with {name}: {pct(rate[0])} throughout")
        elif above.all():
            lines.append(f"{package} {verb} at least {pct(threshold)} over the whole range of {name}")
        elif not above.any():
            top = int(np.argmax(rate))
            lines.append(
                f"{package} stays below {pct(threshold)} over the range swept (at most {pct(rate[top])}, "
                f"at {name} = {values[top]:g})"
            )
        else:
            words = []
            for i in changes:
                x0, x1, y0, y1 = values[i], values[i + 1], rate[i], rate[i + 1]
                at = _to_grid_precision(x0 + (threshold - y0) * (x1 - x0) / (y1 - y0), np.diff(values))
                words.append(
                    f"{'reaches' if above[i + 1] else 'falls below'} {pct(threshold)} at {name} ≈ {at:g}"
                )
            lines.append(f"{package} " + ", then ".join(words))
    others = ", ".join(short_name(p) for p in parameters[1:])
    pooled = f" (pooled over {others})" if others else ""
    title = "Deterrence once in place" if lead is leads.DETERRENCE else lead.words[0].upper() + lead.words[1:]
    return [f"{title}, along {short_name(first)}{pooled}:", *lines]


def level_answer(
    rates: pd.DataFrame, first: str, parameters: list[str], lead: leads.Lead = leads.DETERRENCE
) -> list[str]:
    """Each package's rate at each level of a swept word (a lever such as a posture), in grid order."""
    name = short_name(first)
    lines = []
    for package, g in rates.groupby("package", sort=False):
        levels = ", ".join(f"{pct(r)} at {v}" for v, r in zip(g[first], g["rate"], strict=True))
        lines.append(f"{package}: {levels}")
    others = ", ".join(short_name(p) for p in parameters[1:])
    pooled = f" (pooled over {others})" if others else ""
    title = "Deterrence once in place" if lead is leads.DETERRENCE else lead.words[0].upper() + lead.words[1:]
    return [f"{title}, at each {name}{pooled}:", *lines]


def _to_grid_precision(x: float, steps) -> float:
    """An interpolated crossing rounded to a tenth of the grid's finest step (0.502 on a 0.1 grid: 0.5).

    The grid cannot place a crossing more finely than that, so more digits would be false precision.
    """
    step = float(np.min(np.abs(steps))) if len(steps) else 0.0
    if step <= 0:
        return float(f"{x:.3g}")
    unit = 10.0 ** (np.floor(np.log10(step)) - 1)
    return float(f"{round(x / unit) * unit:.12g}")


def sampled_answer(
    summary: pd.DataFrame,
    parameters: list[str],
    sensitivity: pd.DataFrame | None,
    lead: leads.Lead = leads.DETERRENCE,
) -> list[str]:
    """The parameters that move each package most: Sobol total indices, else rank correlations.

    The correlations are with `lead` (the sweep's outcome over all worlds); a package's lever only for
    that package; correlations under 0.1 in size are left out as no finding.
    """
    lines = []
    if sensitivity is not None and len(sensitivity):
        lines.append(
            "The parameters that explain most of each package's deterrence rate, over the worlds that "
            "accepted it (Sobol total index):"
        )
        for package, g in sensitivity.dropna(subset=["total"]).groupby("package", sort=False):
            top = g.sort_values("total", ascending=False).head(3)
            named = ", ".join(f"{short_name(r.parameter)} ({r.total:.2f})" for r in top.itertuples())
            lines.append(f"{package}: {named}")
        return lines
    from sim.present.sweep_figures import parameter_ranking

    ranking = parameter_ranking(summary, parameters, lead.column)
    what = "deterrence rate (over the worlds that accepted)" if lead is leads.DETERRENCE else lead.words
    lines.append(f"The parameters that move each package's {what} most (Spearman correlation):")
    for package in ranking.columns:
        strong = ranking[package].dropna()
        top = strong[strong.abs() >= 0.1].abs().sort_values(ascending=False).head(3).index
        named = ", ".join(f"{short_name(p)} ({ranking.loc[p, package]:+.2f})" for p in top)
        lines.append(f"{package}: {named or 'no parameter moves it (every correlation under 0.1)'}")
    return lines


def read_sensitivity(folder) -> pd.DataFrame | None:
    """A Sobol sweep's indices (sensitivity.csv), or None for other designs."""
    path = Path(folder) / "sensitivity.csv"
    return pd.read_csv(path) if path.exists() else None


def folder_answer(folder, manifest: dict, threshold: float) -> list[str]:
    """What the sweep in `folder` found (`sweep_answer` on its summary and indices)."""
    summary = pd.read_parquet(Path(folder) / "summary.parquet")
    return sweep_answer(summary, manifest, threshold, read_sensitivity(folder))


def sweep_answer(summary: pd.DataFrame, manifest: dict, threshold: float,
                 sensitivity: pd.DataFrame | None = None) -> list[str]:  # fmt: skip
    """What a sweep found, in lines: for a grid, the outcome over all worlds first; LHS, Sobol: what matters.

    For a grid: the outcome over all worlds along the first parameter (its direction, then its threshold
    crossings), then deterrence once in place with the note that it is over the worlds that accepted.
    """
    parameters = list(manifest["parameters"])
    scenario = manifest.get("base") or manifest.get("scenario") or {}
    lead = leads.lead_outcome(scenario)
    if manifest["sweep"]["design"] == "grid":
        if lead.column not in summary:  # a folder written before the paired outcomes
            return grid_answer(summary, parameters, threshold)
        title = lead.words[0].upper() + lead.words[1:]
        lines = [f"{title} over all worlds, along each swept parameter (each pooled over the others):"]
        lines += trend_lines(summary, parameters, lead)
        crossings = grid_answer(summary, parameters, threshold, lead)
        lines.append(f"{crossings[0][:-1]}, read at {pct(threshold)}: " + "; ".join(crossings[1:]))
        if scenario.get("russia_veto", True) or scenario.get("start") == "war":
            conditional = grid_answer(summary, parameters, threshold)
            lines.append(f"{conditional[0][:-1]}*: " + "; ".join(conditional[1:]))
            lines.append("*" + leads.conditional_note(scenario))
        return lines
    lead = lead if lead.column in summary else leads.DETERRENCE
    return sampled_answer(summary, parameters, sensitivity, lead)
