"""The figures and report of `deter optimize`: the trade-off, the front's levers, convergence."""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import Normalize

from sim.execution.folders import write_atomic
from sim.present.html import STYLE
from sim.present.style import close, grid, new_figure, percent_axis
from sim.schema.optimize import OBJECTIVES, OptimizeSettings


def tradeoff(front: pd.DataFrame, designs: pd.DataFrame, settings: OptimizeSettings):
    """Peace against cost for every design seen, the front drawn out, coloured by direct-war risk."""
    x_name = "cost" if "cost" in settings.objectives else settings.objectives[1]
    y_name = "decade" if "decade" in settings.objectives else settings.objectives[0]
    colour_name = "direct_war" if "direct_war" in settings.objectives else None
    fig, ax = new_figure(10, 6)
    cmap = colormaps["viridis_r"]
    values = designs[colour_name] if colour_name else pd.Series(0.0, index=designs.index)
    norm = Normalize(float(np.nanmin(values)), float(np.nanmax(values)) + 1e-9)
    seen = designs[designs["kind"] == "searched"]
    ax.scatter(seen[x_name], seen[y_name], s=12, color="0.75", label="a design the search scored", zorder=1)
    on = front.sort_values(x_name)
    edge = on[on[y_name].cummax() == on[y_name]]  # the most at peace for what it costs
    ax.step(
        edge[x_name],
        edge[y_name],
        where="post",
        color="0.3",
        lw=1,
        ls="--",
        zorder=2,
        label="the most at peace for the cost",
    )
    colours = cmap(norm(on[colour_name])) if colour_name else "C0"
    ax.scatter(on[x_name], on[y_name], s=60, c=colours, edgecolor="black", zorder=3, label="the front")
    written = designs[designs["kind"] == "written"]
    ax.scatter(
        written[x_name],
        written[y_name],
        marker="D",
        s=50,
        facecolor="none",
        edgecolor="#CC3311",
        lw=1.5,
        zorder=4,
        label="the scenario's own packages",
    )
    for _, r in written.iterrows():
        ax.annotate(
            r["design"],
            (r[x_name], r[y_name]),
            fontsize="x-small",
            xytext=(4, 3),
            textcoords="offset points",
            color="#CC3311",
        )
    if colour_name:
        bar = fig.colorbar(_mappable(norm), ax=ax)
        bar.set_label(f"{OBJECTIVES[colour_name].words} ({settings.measure} over the sets)")
        percent_axis(bar.ax.yaxis)
    ax.set_xlabel(f"{OBJECTIVES[x_name].words} ({settings.measure} over the assumption sets)")
    ax.set_ylabel(f"{OBJECTIVES[y_name].words} ({settings.measure} over the assumption sets)")
    if OBJECTIVES[y_name].unit == "share" and settings.measure != "share":
        percent_axis(ax.yaxis)
    ax.set_title("The designs a search found: what each keeps at peace, and at what cost")
    ax.legend(fontsize="small", loc="best", framealpha=0.9)
    return fig


def _mappable(norm):
    from matplotlib.cm import ScalarMappable

    return ScalarMappable(norm=norm, cmap=colormaps["viridis_r"])


OUT = -0.12
"""Where the parallel-coordinates figure puts a lever of a component the design leaves out."""


def parallel(front: pd.DataFrame, levers: dict, settings: OptimizeSettings):
    """Each front design as a line across its levers and scores, each axis scaled to its own range.

    A choice is placed by its index among the lever's choices (the ends are labelled with the first and
    last); a lever of a component the design leaves out sits below the axis ("component out").
    """
    front = front[
        front[[p for p in levers if p in front]].notna().any(axis=1)
    ]  # (a package no lever can say)
    columns = [p for p in levers if p in front] + settings.objectives
    data = pd.DataFrame(index=front.index)
    labels = {}
    for c in columns:
        lever = levers.get(c)
        if lever is not None and lever.choices is not None:
            index = {str(v): i for i, v in enumerate(lever.choices)}
            data[c] = [index.get(str(v)) if not pd.isna(v) else index.get("None", np.nan) for v in front[c]]
            labels[c] = (str(lever.choices[0]).lower(), str(lever.choices[-1]).lower())
        else:
            data[c] = pd.to_numeric(front[c], errors="coerce")
    data = data.astype(float)
    low, high = data.min(), data.max()
    scaled = ((data - low) / (high - low).replace(0, 1)).fillna(OUT)  # out: below the axis
    fig, ax = new_figure(max(10.0, 1.1 * len(columns)), 6)
    order = front[settings.objectives[0]].rank(method="first")
    cmap = colormaps["viridis"]
    for i, (_, row) in enumerate(scaled.iterrows()):
        ax.plot(
            range(len(columns)),
            row.to_numpy(),
            color=cmap(order.iloc[i] / max(len(front), 1)),
            lw=1.0,
            alpha=0.6,
            marker=".",
            ms=3,
        )
    ax.set_xticks(range(len(columns)), [c.replace(".", ".\n") for c in columns], fontsize="x-small")
    for j, c in enumerate(columns):
        bottom, top = labels.get(c, (f"{low[c]:.3g}", f"{high[c]:.3g}"))
        ax.annotate(
            bottom, (j, 0), xytext=(0, -12), textcoords="offset points", ha="center", fontsize="xx-small"
        )
        ax.annotate(top, (j, 1), xytext=(0, 4), textcoords="offset points", ha="center", fontsize="xx-small")
    ax.set_yticks([OUT], ["(component out)"], fontsize="xx-small")
    ax.axhline(OUT / 2, color="0.85", lw=0.8)
    ax.set_ylim(OUT - 0.05, 1.08)
    ax.set_title(f"The front's designs, lever by lever (colour: {OBJECTIVES[settings.objectives[0]].words})")
    return fig


def convergence(curve: pd.DataFrame):
    """Hypervolume and the size of the front, generation by generation."""
    fig, (hv, size) = grid(1, 2, 11, 4, squeeze=True)
    hv.plot(curve["generation"], curve["hypervolume"], marker="o")
    hv.set_xlabel("generation")
    hv.set_ylabel("hypervolume of the front (objectives scaled by the first generation)")
    size.plot(curve["generation"], curve["front"], marker="s", color="C1")
    size.set_xlabel("generation")
    size.set_ylabel("designs on the front")
    fig.suptitle("Convergence of the search")
    return fig


def write_figures(
    folder: Path, front, designs, curve, settings: OptimizeSettings, words: str, levers: dict
) -> None:
    """tradeoff.png, parallel.png, convergence.png and report.html in the folder's plots/."""
    plots = folder / "plots"
    plots.mkdir(exist_ok=True)
    figures = {
        "tradeoff": lambda: tradeoff(front, designs, settings),
        "parallel": lambda: parallel(front, levers, settings),
        "convergence": lambda: convergence(curve),
    }
    paths = []
    for name, make in figures.items():
        fig = make()
        path = plots / f"{name}.png"
        fig.savefig(path, dpi=150, bbox_inches="tight")
        close(fig)
        paths.append(path)
    table = front.drop(columns=["package"]).to_html(index=False, float_format=lambda v: f"{v:.3g}", border=0)
    images = "".join(f'<figure><img src="plots/{p.name}" alt="{p.stem}"></figure>' for p in paths)
    body = "".join(f"<p>{html.escape(line)}</p>" for line in words.splitlines())
    page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>optimize</title>
<style>{STYLE}</style></head><body><h1>Designed packages</h1><div class="headline">{body}</div>
<h2>The front</h2><div class="wide">{table}</div><h2>Figures</h2>{images}</body></html>"""
    write_atomic(folder / "report.html", page.encode("utf-8"))
