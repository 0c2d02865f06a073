"""Figures of scenario discovery: PRIM's trade-off of coverage against density, and the box itself."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from sim.present.style import colour, new_figure, percent_axis
from sim.results.discover import Discovery


def tradeoff(found: Discovery, title: str) -> Figure:
    """Coverage against density along the peeling trajectory, coloured by restricted dimensions."""
    fig, ax = new_figure(7, 5.5)
    t = found.trajectory
    points = ax.scatter(t["coverage"], t["density"], c=t["res_dim"], cmap="viridis", s=25)
    fig.colorbar(points, ax=ax, label="restricted dimensions")
    chosen = t.loc[found.chosen]
    ax.scatter([chosen["coverage"]], [chosen["density"]], s=160, facecolors="none", edgecolors="black",
               label=f"chosen box {found.chosen}")  # fmt: skip
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    percent_axis(ax.xaxis)
    percent_axis(ax.yaxis)
    ax.set_xlabel("coverage: share of the cases of interest inside the box (%)")
    ax.set_ylabel("density: share of the box's cases of interest (%)")
    ax.set_title(title, fontsize="medium")
    ax.legend(loc="lower left", fontsize="small")
    return fig


def box_scatter(found: Discovery, x: pd.DataFrame, interest: np.ndarray, title: str) -> Figure:
    """The cases over the box's two most significant dimensions (lowest quasi-p-value), box drawn."""
    limits = found.limits.assign(qp=found.limits[["qp_low", "qp_high"]].min(axis=1)).sort_values("qp")
    dims = list(limits.index[:2])
    others = [c for c in x.columns if c not in dims and x[c].nunique() > 1]
    while len(dims) < 2 and others:
        dims.append(others.pop(0))
    fig, ax = new_figure(7, 5.5)
    if len(dims) < 2:
        ax.set_title("fewer than two varying dimensions: nothing to draw")
        return fig
    a, b = dims
    ax.scatter(
        x.loc[~interest, a], x.loc[~interest, b], s=14, color=colour(1), alpha=0.6, label="other cases"
    )
    ax.scatter(x.loc[interest, a], x.loc[interest, b], s=14, color=colour(6), label="cases of interest")
    low_a, high_a = _limits(found, x, a)
    low_b, high_b = _limits(found, x, b)
    ax.add_patch(Rectangle((low_a, low_b), high_a - low_a, high_b - low_b, fill=False, lw=2, color="black",
                           label="PRIM's box"))  # fmt: skip
    ax.set_xlabel(str(a).removeprefix("world."))
    ax.set_ylabel(str(b).removeprefix("world."))
    ax.set_title(title, fontsize="medium")
    ax.legend(fontsize="small", loc="best")
    return fig


def _limits(found: Discovery, x: pd.DataFrame, name: str) -> tuple[float, float]:
    if name in found.limits.index:
        return float(found.limits.loc[name, "low"]), float(found.limits.loc[name, "high"])
    return float(x[name].min()), float(x[name].max())
