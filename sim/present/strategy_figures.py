"""Figures of the road to a ceasefire: when a ceasefire comes under each strategy, and what the decade costs.

`ceasefire_curves` (the share of worlds with a ceasefire by each month, per strategy, start: war) and
`strategy_plane` (each strategy on two planes: months at war against direct war with a guarantor, and
the share of the decade at peace against the cost). Each takes a results table and returns a Figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from scipy import stats

from sim.present.run_figures import _whiskers
from sim.present.style import (
    LINESTYLES,
    MARKERS,
    PALETTE,
    colour,
    date_axis,
    grid,
    legend_by_end,
    new_figure,
    percent_axis,
)


def ceasefire_curves(runs: pd.DataFrame, horizon: int, ax=None, start: str | None = None) -> Figure:
    """The share of worlds with a ceasefire by each month, per strategy, with 95% bands (start: war)."""
    fig, ax = new_figure(10, 5.5, ax)
    ends = {}
    for i, (name, g) in enumerate(runs.groupby("package", observed=True, sort=False)):
        came = g["accepted"].to_numpy(dtype=bool)
        month = g["ceasefire_month"].to_numpy(dtype=float, na_value=np.inf)
        n = len(month)
        t = np.arange(horizon + 1)
        share = np.array([(month <= m).sum() / n for m in t])
        ci = [stats.binomtest(int(round(s * n)), n).proportion_ci(0.95, method="wilson") for s in share]
        style = dict(color=colour(i), ls=LINESTYLES[i % len(LINESTYLES)], lw=1.6)
        ax.step(t, share, where="post", label=name, **style)
        ax.fill_between(
            t, [c.low for c in ci], [c.high for c in ci], step="post", color=colour(i), alpha=0.2, lw=0
        )
        ends[name] = came.mean()
    ax.set_xlim(0, horizon)
    ax.set_ylim(0, 1.02)
    percent_axis(ax.yaxis)
    date_axis(ax, start, horizon, "months from the start of the horizon (the war goes on at month 0)")
    ax.set_ylabel("worlds with a ceasefire by then (%)")
    ax.set_title("How soon a ceasefire comes under each strategy (95% bands)")
    legend_by_end(ax, ends)
    return fig


def strategy_plane(summary: pd.DataFrame, axes=None) -> Figure:
    """Each strategy on two planes: months at war against direct war, and decade at peace against cost."""
    if axes is None:
        fig, (war, cost) = grid(1, 2, 15, 6.2, squeeze=True)
        fig.suptitle("Strategies on one plane (95% intervals over the worlds)")
    else:
        war, cost = axes
        fig = war.figure
    for i, r in enumerate(summary.itertuples()):
        hollow = (i // len(PALETTE)) % 2 == 1  # past the palette's colours, open markers tell them apart
        style = dict(fmt=MARKERS[i % len(MARKERS)], color=colour(i), capsize=3, ms=7, label=r.package,
                     mfc="white" if hollow else colour(i), mew=1.5)  # fmt: skip
        war.errorbar(
            r.war_months_mean, r.direct_war_rate,
            xerr=_whiskers(r.war_months_mean, r.war_months_ci_low, r.war_months_ci_high),
            yerr=_whiskers(r.direct_war_rate, r.direct_war_ci_low, r.direct_war_ci_high), **style,
        )  # fmt: skip
        cost.errorbar(
            r.cost_bn_per_year, r.peace_share,
            yerr=_whiskers(r.peace_share, r.peace_share_ci_low, r.peace_share_ci_high), **style,
        )  # fmt: skip
    war.set_xlim(left=0)
    war.set_ylim(bottom=0)
    percent_axis(war.yaxis)
    war.set_xlabel("mean months at war over the decade")
    war.set_ylabel("worlds in which a guarantor fought Russia (%)")
    war.set_title("Months at war against direct war with a guarantor")
    cost.set_xlim(left=-1)
    cost.set_ylim(0, 1.02)
    percent_axis(cost.yaxis)
    cost.set_xlabel("cost of the package (€bn a year, while in force)")
    cost.set_ylabel("mean share of the decade at peace (%)")
    cost.set_title("The decade at peace against the cost")
    cost.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return fig
