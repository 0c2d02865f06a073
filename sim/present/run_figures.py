"""Figures of a run (one point, several packages). Each takes result tables and returns a Figure."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim.present.style import (
    LINESTYLES,
    OUTCOME_COLOURS,
    colour,
    grid,
    legend_by_end,
    new_figure,
    party_words,
    percent_axis,
)
from sim.results.outcomes import survival


def _whiskers(value, low, high) -> np.ndarray:
    """Error-bar lengths below and above a value (never negative from rounding)."""
    return np.clip(np.array([np.atleast_1d(value - low), np.atleast_1d(high - value)], dtype=float), 0, None)


def in_place(runs: pd.DataFrame) -> pd.DataFrame:
    """The worlds in which the ceasefire took effect (Russia accepted it, or it was imposed)."""
    return runs[runs["accepted"]] if "accepted" in runs.columns else runs


def vetoed(summary: pd.DataFrame) -> bool:
    """Whether Russia rejected any package in any world (then acceptance is shown beside deterrence)."""
    return "ceasefire_rate" in summary.columns and bool((summary["ceasefire_rate"] < 1).any())


PANELS = (
    ("ceasefire_rate", None, None, colour(1), "Russia accepts the ceasefire (%)", "accepted"),
    (
        "deterrence_rate",
        "ci_low",
        "ci_high",
        colour(2),
        "no renewed aggression, of ceasefires (%)\n(over different worlds: compare on the right)",
        "deters",
    ),
    (
        "peace_rate",
        "peace_ci_low",
        "peace_ci_high",
        colour(3),
        "peace holds: both, of all worlds (%)",
        "peace",
    ),
)


def deterrence_by_package(summary: pd.DataFrame, reference: str | None = None, ax=None, axes=None) -> Figure:
    """1. Deterrence rate by package with 95% intervals, sorted; the reference package marked.

    Where Russia may reject a package, three panels side by side (`axes`, three of them, or a new
    figure): how often it accepts the ceasefire, how often the package deters once in place, and how
    often peace holds (both). With `ax`, deterrence alone.
    """
    if axes is not None and not vetoed(summary):  # three axes given, one panel to draw: use the first
        ax = axes[0]
    three = vetoed(summary) and ax is None
    s = summary.sort_values("peace_rate" if three else "deterrence_rate").reset_index(drop=True)
    panels = PANELS if three else PANELS[1:2]
    if three and axes is not None:
        fig = axes[0].figure
    elif three:
        fig, axes = grid(1, 3, 13, 0.45 * len(s) + 2.2, sharey=True, squeeze=True)
    else:
        fig, ax = new_figure(8, 0.45 * len(s) + 1.8, ax)
        axes = [ax]
    y = np.arange(len(s))
    labels = [f"{p}  (reference)" if p == reference else p for p in s.package]
    for ax, (column, low, high, c, xlabel, short) in zip(axes, panels, strict=True):
        values = s[column].fillna(0.0)
        ax.barh(y, values, color=c, alpha=0.8, label=short)
        if low:
            err = _whiskers(values, s[low].fillna(0.0), s[high].fillna(0.0))
            ax.errorbar(values, y, xerr=err, fmt="none", ecolor="black", capsize=3, label="95% interval")
        if reference in set(s.package):
            ref = s.index[s.package == reference][0]
            ax.axvline(values[ref], color="grey", ls="--", lw=1, label=f"{reference} (reference)")
        ax.set_xlim(0, 1)
        percent_axis(ax.xaxis)
        ax.set_xlabel(xlabel)
    axes[0].set_yticks(y, labels)
    for ax in axes[1:]:
        ax.tick_params(labelleft=False)
    if reference in set(s.package):
        axes[0].get_yticklabels()[int(s.index[s.package == reference][0])].set_fontweight("bold")
    axes[-1].legend(loc="lower right", fontsize="small")
    if not three:
        axes[0].set_xlabel("ceasefires with no renewed aggression by the horizon (%)")
    title = (
        "Does Russia accept each package, does it deter once in place, and does peace hold over all worlds?"
        if three
        else "How often does each package deter renewed aggression?"
    )
    if len(fig.axes) == len(axes):  # the figure is this plot's own: a title over the whole figure
        fig.suptitle(title)
    else:
        axes[len(axes) // 2].set_title(title, fontsize="medium")
    return fig


def survival_curves(runs: pd.DataFrame, horizon: int, ax=None) -> Figure:
    """2. Kaplan-Meier curves of 'no aggression yet' per package, 95% bands, censored at the horizon."""
    fig, ax = new_figure(10, 5.5, ax)
    ends = {}
    for i, (name, g) in enumerate(in_place(runs).groupby("package", observed=True, sort=False)):
        aggression = g["aggression"].to_numpy()
        months = g["month"].to_numpy(dtype=float, na_value=0.0)
        sf = survival(months, aggression, horizon)
        t = np.concatenate([[0.0], sf.quantiles, [horizon]])
        p = np.concatenate(
            [[1.0], sf.probabilities, [sf.probabilities[-1] if sf.probabilities.size else 1.0]]
        )
        style = dict(color=colour(i), ls=LINESTYLES[i % len(LINESTYLES)], lw=1.6)  # colour and dash apart
        ax.step(t, p, where="post", label=name, **style)
        ends[name] = p[-1]
        if aggression.any():
            ci = sf.confidence_interval(0.95)
            lo, hi = ci.low.evaluate(t), ci.high.evaluate(t)
            ax.fill_between(t, lo, hi, step="post", color=colour(i), alpha=0.25, lw=0)
    ax.set_xlim(0, horizon)
    ax.set_ylim(0, 1.02)
    percent_axis(ax.yaxis)
    ax.set_xlabel("months after the ceasefire")
    ax.set_ylabel("ceasefires with no renewed aggression yet (%)")
    ax.set_title("When does aggression return? Kaplan-Meier curves with 95% bands")
    legend_by_end(ax, ends)
    return fig


OUTCOMES = ("no ceasefire", "deterred", "repelled", "gained", "direct war")


def outcome_shares(runs: pd.DataFrame) -> pd.DataFrame:
    """Per package, the share of worlds with no ceasefire / deterred / repelled / gains / direct war.

    The five partition the worlds: Russia rejected the ceasefire, or it took effect and then direct war
    (a guarantor fought) takes precedence; otherwise an attack either took ground or was repelled.
    """
    attacked = runs["aggression"]
    accepted = runs["accepted"] if "accepted" in runs.columns else pd.Series(True, index=runs.index)
    war = attacked & runs["direct_war"]
    frame = pd.DataFrame(
        {
            "package": runs["package"],
            "no ceasefire": ~accepted,
            "deterred": accepted & ~attacked,
            "repelled": attacked & ~war & ~runs["russia_gained"],
            "gained": attacked & ~war & runs["russia_gained"],
            "direct war": war,
        }
    )
    return frame.groupby("package", observed=True, sort=False).mean()


def failure_outcomes(runs: pd.DataFrame, ax=None) -> Figure:
    """3. What happens when deterrence fails: stacked shares per package."""
    shares = outcome_shares(runs).sort_values("deterred")
    fig, ax = new_figure(9, 0.45 * len(shares) + 1.8, ax)
    left = np.zeros(len(shares))
    shown = [n for n in OUTCOMES if n != "no ceasefire" or shares[n].any()]
    for name in shown:
        label = {
            "repelled": "attack repelled",
            "gained": "Russia gains ground (no guarantor fought)",
            "direct war": "direct war with a guarantor",
        }.get(name, name)
        ax.barh(shares.index.astype(str), shares[name], left=left, color=OUTCOME_COLOURS[name], label=label)
        left += shares[name].to_numpy()
    ax.set_xlim(0, 1)
    percent_axis(ax.xaxis)
    ax.set_xlabel("share of worlds by the horizon (%)")
    ax.set_title("What happens when deterrence fails?")
    ax.legend(
        ncols=3 if len(shown) > 4 else 4,
        fontsize="small",
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12 - 0.1 / len(shares)),
    )
    return fig


def tradeoff(summary: pd.DataFrame, reference: str | None = None, ax=None) -> Figure:
    """4. Deterrence rate against the risk of direct war with a guarantor, with 95% whiskers."""
    fig, ax = new_figure(8, 6, ax)
    for i, r in enumerate(summary.itertuples()):
        ax.errorbar(
            r.direct_war_rate,
            r.deterrence_rate,
            xerr=_whiskers(r.direct_war_rate, r.direct_war_ci_low, r.direct_war_ci_high),
            yerr=_whiskers(r.deterrence_rate, r.ci_low, r.ci_high),
            fmt="o",
            color=colour(i),
            capsize=3,
            ms=7,
            label=f"{r.package} (reference)" if r.package == reference else r.package,
        )
    ax.set_xlim(left=-0.01 * max(summary.direct_war_ci_high.max(), 0.05))
    ax.set_ylim(0, 1.02)
    percent_axis(ax.xaxis)
    percent_axis(ax.yaxis)
    ax.set_xlabel("worlds ending in direct war between Russia and a guarantor (%)")
    ax.set_ylabel("ceasefires with no renewed aggression (%)")
    ax.set_title("The trade-off: deterrence against escalation (95% intervals)")
    ax.legend(fontsize="small", ncols=2, loc="lower right")
    return fig


def months_histograms(runs: pd.DataFrame, horizon: int) -> Figure:
    """5a. Months to renewed aggression, one panel per package (worlds with aggression only)."""
    names = list(
        runs["package"].cat.categories if hasattr(runs["package"], "cat") else runs["package"].unique()
    )
    rows = int(np.ceil(len(names) / 5))
    cols = int(np.ceil(len(names) / rows))  # 6 panels in 2 rows of 3, not 5 and 1
    fig, axes = grid(rows, cols, max(2.6 * cols + 1, 6.0), 2.2 * rows + 1.4, sharex=True, sharey=True)
    bins = np.arange(0, horizon + 6, 6)
    runs = in_place(runs)
    for i, name in enumerate(names):
        ax = axes.flat[i]
        g = runs[runs["package"] == name]
        months = g.loc[g["aggression"], "month"].to_numpy(dtype=float)
        ax.hist(months, bins=bins, color=colour(i), weights=np.full(months.size, 1 / max(len(g), 1)))
        ax.set_title(f"{name}\n{months.size / max(len(g), 1):.0%} attacked", fontsize="small")
        percent_axis(ax.yaxis)
    for ax in axes.flat[len(names) :]:
        ax.set_visible(False)
    fig.supxlabel("months after the ceasefire (6-month bins)")
    fig.supylabel("share of ceasefires\nattacked in the bin (%)")
    fig.suptitle("When does aggression come, for each package?")
    return fig


def belief_distributions(runs: pd.DataFrame) -> Figure:
    """5b. Russia's final belief in each guarantor's resolve, per package (box: quartiles, 5-95%)."""
    parties = [c.removeprefix("belief_") for c in runs.columns if c.startswith("belief_")]
    fig, axes = grid(1, len(parties), 5.5 * len(parties), 0.4 * runs["package"].nunique() + 2, sharey=True)
    axes = list(np.ravel(axes))
    names = list(dict.fromkeys(runs["package"].astype(str)))
    runs = in_place(runs)
    for ax, party in zip(axes, parties, strict=True):
        column, who = f"belief_{party}", party_words(party)
        data = [runs.loc[runs["package"] == n, column].to_numpy() for n in names]
        first = ax is axes[0]  # the axes share y: the names are set once (twice would print them twice)
        ax.boxplot(
            data,
            orientation="horizontal",
            whis=(5, 95),
            showfliers=False,
            tick_labels=names if first else None,
            manage_ticks=first,
            patch_artist=True,
            boxprops={"facecolor": colour(1), "alpha": 0.6},
            medianprops={"color": colour(0), "lw": 2},
        )
        truth = runs.groupby("package", observed=True, sort=False)[
            column.replace("belief", "resolve")
        ].median()
        ax.plot(
            truth.reindex(names),
            np.arange(1, len(names) + 1),
            "D",
            color=colour(6),
            ms=5,
            label="median true resolve",
        )
        ax.set_xlim(0, 1)
        percent_axis(ax.xaxis)
        ax.set_xlabel(f"Russia's believed chance {who} fights (%)")
        ax.legend(fontsize="small", loc="lower right")
    axes[1].tick_params(labelleft=False)
    fig.suptitle(
        "Credibility: what Russia believes at the end (first aggression or horizon)\n"
        "box: the middle half of the worlds, line: median, whiskers: 5th to 95th percentile",
        fontsize="medium",
    )
    return fig
