"""Figures of a sweep. Each takes the sweep's summary (or sensitivity) table and returns a Figure."""

from __future__ import annotations

import matplotlib.ticker
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from scipy import stats

from sim.present import THRESHOLD
from sim.present.leads import DETERRENCE, Lead, pooled_rate
from sim.present.report import level_label, short_name, unit_of
from sim.present.style import MARKERS, SEQUENTIAL, colour, grid, new_figure, percent_axis


def _wrap(path: str, width: int = 34) -> str:
    """A dotted path broken after its dots into lines of at most about `width` characters."""
    lines, line = [], ""
    for part in path.split("."):
        piece = part if not line else "." + part
        if line and len(line) + len(piece) > width:
            lines.append(line + ".")
            line = part
        else:
            line += piece
    return "\n".join([*lines, line])


def _label(path: str, width: int | None = None) -> str:
    """A parameter's dotted path with its unit, marked as uncertainty (world) or lever (package).

    With `width`, the path is broken into lines (axis labels of narrow panels must not be clipped).
    """
    kind = "uncertainty" if path.startswith("world.") else "lever"
    unit = unit_of(path)
    short = short_name(path)
    if width is None:
        return f"{short} [{unit or 'no unit'}] ({kind})"
    return f"{_wrap(short, width)}\n[{unit or 'no unit'}] ({kind})"


def rate_by_parameter(summary: pd.DataFrame, parameter: str, ax=None, lead: Lead | None = None) -> Figure:
    """7. `lead` (default: deterrence once in place) against one swept parameter, a line per package.

    Each line has its 95% band. With other parameters swept too, each line pools over them (counts
    pooled), and the title says so. A package's lever moves only that package: the others are drawn as
    faint reference lines. Deterrence once in place is over the worlds that accepted each package, and
    the axis says so.
    """
    lead = lead or DETERRENCE
    fig, ax = new_figure(8, 5, ax)
    lever = parameter.split(".")[1] if parameter.startswith("packages.") else None
    rates = pooled_rate(summary, [parameter], lead)
    for i, (name, g) in enumerate(rates.groupby("package", sort=False)):
        g = g.dropna(subset=["rate"]).sort_values(parameter)  # no ceasefire at a value: no rate
        if lever is not None and name != lever:
            ax.plot(g[parameter], g["rate"], color=colour(i), lw=1, ls=":", alpha=0.6,
                    label=f"{name} (this lever does not act on it)")  # fmt: skip
            continue
        ax.plot(g[parameter], g["rate"], marker=MARKERS[i % len(MARKERS)], color=colour(i), label=name)
        ax.fill_between(g[parameter], g["low"], g["high"], color=colour(i), alpha=0.2, lw=0)
    ax.set_ylim(0, 1.02)
    percent_axis(ax.yaxis)
    ax.set_xlabel(_label(parameter, 70))
    ax.set_ylabel(lead.axis if lead is not DETERRENCE else "ceasefires with no renewed aggression (%)\n"
                  "(over the worlds that accepted)")  # fmt: skip
    others = [c for c in summary.columns if c.startswith(("world.", "packages.")) and c != parameter]
    pooled_over = (
        "\neach point pools the worlds over " + ", ".join(c.split(".")[-1].replace("_", " ") for c in others)
        if others
        else ""
    )
    what = "Deterrence once in place" if lead is DETERRENCE else lead.words[0].upper() + lead.words[1:]
    ax.set_title(
        f"{what} against {parameter.split('.')[-1].replace('_', ' ')} (95% bands){pooled_over}",
        fontsize="medium",
    )
    ax.legend(fontsize="small")
    return fig


def threshold_edges(z: np.ndarray, threshold: float) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The cell edges between cells at or above `threshold` and cells below it (image coordinates).

    A grid knows a value per cell, not between cells: the boundary is drawn along the edges of the
    cells, so it never crosses a cell on the wrong side (an interpolated contour can).
    """
    above = np.where(np.isnan(z), np.nan, z >= threshold)
    edges = []
    rows, cols = z.shape
    for i in range(rows):
        for j in range(cols):
            if (
                j + 1 < cols
                and not np.isnan(above[i, j] + above[i, j + 1])
                and above[i, j] != above[i, j + 1]
            ):
                edges.append(((j + 0.5, j + 0.5), (i - 0.5, i + 0.5)))
            if (
                i + 1 < rows
                and not np.isnan(above[i, j] + above[i + 1, j])
                and above[i, j] != above[i + 1, j]
            ):
                edges.append(((j - 0.5, j + 0.5), (i + 0.5, i + 0.5)))
    return edges


def heatmaps(
    summary: pd.DataFrame, x: str, y: str, threshold: float = THRESHOLD, lead: Lead | None = None
) -> Figure:
    """8. A heatmap per package over two parameters, on one colour scale, with the threshold's boundary.

    Cells sit on the grid's own values (one cell per swept value, evenly spaced), so no cell reaches
    beyond the swept range; the boundary runs along cell edges (`threshold_edges`). `lead`: the outcome
    (default deterrence once in place).
    """
    lead = lead or DETERRENCE
    names = list(dict.fromkeys(summary["package"]))
    cols = min(3, len(names))
    rows = int(np.ceil(len(names) / cols))
    fig, axes = grid(rows, cols, 4.2 * cols + 1.2, 3.6 * rows + 0.8, sharex=True, sharey=True)
    image, contoured = None, False
    for i, name in enumerate(names):
        ax = axes.flat[i]
        table = summary[summary["package"] == name].pivot_table(index=y, columns=x, values=lead.column)
        z = table.to_numpy()
        image = ax.imshow(z, vmin=0, vmax=1, cmap=SEQUENTIAL, origin="lower", aspect="auto")
        for xs, ys in threshold_edges(z, threshold):
            ax.plot(xs, ys, color="white", lw=2.5, solid_capstyle="round")
            contoured = True
        ax.set_xticks(
            range(len(table.columns)), [level_label(v) for v in table.columns], rotation=45, fontsize="small"
        )
        ax.set_yticks(range(len(table.index)), [level_label(v) for v in table.index], fontsize="small")
        ax.set_title(name)
    for ax in axes.flat[len(names) :]:
        ax.set_visible(False)
    label = (
        "ceasefires with no renewed aggression\n(over the worlds that accepted)"
        if lead is DETERRENCE
        else lead.axis
    )
    fig.colorbar(image, ax=axes, label=label, format=lambda v, _: f"{v:.0%}")
    fig.supxlabel(_label(x, 60))
    fig.supylabel(_label(y, 34))
    line = (
        f"White line: the edge of the cells at {threshold:.0%} or more."
        if contoured
        else f"No package crosses {threshold:.0%} inside the grid."
    )
    what = (
        "deter once in place"
        if lead is DETERRENCE
        else f"keep {lead.words}".replace("keep peace holding", "keep the peace")
    )
    fig.suptitle(f"Where does each package {what}? {line}")
    return fig


def sobol_indices(sensitivity: pd.DataFrame) -> Figure:
    """9. First-order and total Sobol indices per parameter and package, with 95% intervals."""
    names = list(dict.fromkeys(sensitivity["package"]))
    params = list(dict.fromkeys(sensitivity["parameter"]))
    fig, axes = grid(1, 2, 12, 0.5 * len(params) * max(1, len(names) / 3) + 2, sharey=True, squeeze=True)
    height = 0.8 / len(names)
    for ax, (kind, title) in zip(axes, (("first_order", "first-order"), ("total", "total")), strict=True):
        for i, name in enumerate(names):
            g = sensitivity[sensitivity["package"] == name].set_index("parameter").reindex(params)
            y = np.arange(len(params)) + (i - (len(names) - 1) / 2) * height
            err = np.clip([g[kind] - g[f"{kind}_low"], g[f"{kind}_high"] - g[kind]], 0, None)
            ax.barh(y, g[kind], height=height, color=colour(i), label=name, xerr=err, capsize=2)
            if "noise_share" in g and kind == "total":
                ax.vlines(
                    g["noise_share"].iloc[0],
                    y.min() - height,
                    y.max() + height,
                    color=colour(i),
                    ls=":",
                    lw=1.5,
                )
        ax.axvline(0, color="black", lw=0.8)
        ax.set_xlabel(f"{title} index\n(share of the variance of the deterrence rate)")
        ax.set_title(f"{title} effects")
    axes[0].set_yticks(range(len(params)), [_label(p, 40) for p in params])
    handles, labels = axes[1].get_legend_handles_labels()
    axes[1].legend(handles[::-1], labels[::-1], fontsize="small")  # top to bottom, as the bars stack
    note = "; dotted: share of variance that is Monte Carlo noise" if "noise_share" in sensitivity else ""
    fig.suptitle(f"Which assumptions decide the deterrence rate? Sobol indices with 95% intervals{note}")
    return fig


def parameter_ranking(
    summary: pd.DataFrame, parameters: list[str], column: str = "deterrence_rate"
) -> pd.DataFrame:
    """Spearman rank correlation of each package's `column` (default the deterrence rate) with each parameter.

    Rows: parameters, sorted by the mean absolute correlation over packages (the strongest first);
    columns: packages. A package whose rate never varies gets 0.
    """
    table = {}
    for name, g in summary.groupby("package", sort=False):
        known = g[np.isfinite(g[column])]  # points with no ceasefire have no rate
        rates = known[column].to_numpy()
        table[name] = [
            np.nan
            if len(known) < 3 or (p.startswith("packages.") and p.split(".")[1] != name)
            else 0.0
            if np.ptp(rates) == 0 or np.ptp(known[p]) == 0
            else stats.spearmanr(known[p], rates).statistic
            for p in parameters
        ]  # a package's lever cannot move another package: no correlation is reported for it
    ranking = pd.DataFrame(table, index=parameters)
    return ranking.loc[ranking.abs().mean(axis=1).sort_values(ascending=False).index]


def ranking_heatmap(
    summary: pd.DataFrame, parameters: list[str], top: int = 30, lead: Lead | None = None
) -> Figure:
    """10a. Which parameters matter: Spearman correlation with `lead` (default: deterrence), strongest 1st."""
    column = lead.column if lead else "deterrence_rate"
    words = lead.words if lead else "deterrence rate"
    ranking = parameter_ranking(summary, parameters, column).head(top)
    longest = max(len(str(c)) for c in ranking.columns)  # package names stand upright below the map
    fig, ax = new_figure(
        max(1.2 * ranking.shape[1] + 5, 9), max(0.45 * len(ranking) + 1.6 + 0.08 * longest, 4.5)
    )
    image = ax.imshow(ranking.to_numpy(), cmap="RdBu", vmin=-1, vmax=1, aspect="auto")
    ax.set_yticks(range(len(ranking)), [_label(p, 44) for p in ranking.index], fontsize="small")
    ax.set_xticks(
        range(ranking.shape[1]), ranking.columns, rotation=90, fontsize="small"
    )  # apart at any length
    for (i, j), value in np.ndenumerate(ranking.to_numpy()):
        ax.text(
            j,
            i,
            f"{value:+.2f}",
            ha="center",
            va="center",
            fontsize="x-small",
            color="white" if abs(value) > 0.5 else "black",
        )
    fig.colorbar(image, ax=ax, label="Spearman correlation")
    shown = (
        f"the {len(ranking)} strongest of {len(parameters)} parameters"
        if len(parameters) > top
        else ("all parameters")
    )
    fig.suptitle(f"Which parameters move each package's {words}?\n({shown})", fontsize="medium")
    return fig


def binned_means(
    summary: pd.DataFrame, parameters: list[str], bins: int = 8, top: int = 9, lead: Lead | None = None
) -> Figure:
    """10. LHS or Sobol study: the deterrence rate against each parameter, binned means with 95% bands.

    Each bin holds about the same number of design points; its interval is the t interval of the
    points' rates, so it counts the spread that the other parameters cause, not only sampling noise.
    With more than `top` parameters, the `top` with the strongest rank correlation are shown.
    """
    column = lead.column if lead else "deterrence_rate"
    chosen = list(parameter_ranking(summary, parameters, column).index[:top])
    parameters = [p for p in parameters if p in chosen]
    cols = min(3, len(parameters))
    rows = int(np.ceil(len(parameters) / cols))
    fig, axes = grid(rows, cols, 4.4 * cols, 3.2 * rows + 1.4, sharey=True)
    for k, parameter in enumerate(parameters):
        ax = axes.flat[k]
        edges = np.unique(np.quantile(summary[parameter], np.linspace(0, 1, bins + 1)))
        which = np.clip(np.searchsorted(edges, summary[parameter], side="right") - 1, 0, len(edges) - 2)
        data = summary.assign(bin=which)
        for i, (name, g) in enumerate(data.groupby("package", sort=False)):
            b = g.groupby("bin").agg(
                x=(parameter, "mean"),
                rate=(column, "mean"),
                sd=(column, "std"),
                k=(column, "size"),
            )
            half = stats.t.ppf(0.975, np.maximum(b.k - 1, 1)) * b.sd.fillna(0) / np.sqrt(b.k)
            ax.plot(b.x, b.rate, color=colour(i), marker=MARKERS[i % len(MARKERS)], ms=4, label=name)
            ax.fill_between(b.x, b.rate - half, b.rate + half, color=colour(i), alpha=0.12, lw=0)
        ax.set_xlabel(_label(parameter), fontsize="small")
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(4))
        percent_axis(ax.yaxis)
        ax.set_ylim(0, 1.02)
    for ax in axes.flat[len(parameters) :]:
        ax.set_visible(False)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=min(5, len(labels)), fontsize="small")
    fig.supylabel(lead.axis if lead else "ceasefires with no renewed aggression (%)")
    words = lead.words if lead else "the deterrence rate"
    fig.suptitle(f"Which parameters move {words}? Mean over design points per bin, 95% bands")
    return fig


def robust_spread(summary: pd.DataFrame, reference: str | None = None, outcome: str | None = None) -> Figure:
    """11. Across assumption sets: each package's rate (left) and its regret (right), as boxes.

    Boxes: the middle half of the sets; whiskers: 5th to 95th percentile; the line in the box is the
    median. Packages in order of mean regret (the most robust first, at the top).
    """
    from sim.results.robust import judged, rates_by_set

    what = judged(outcome, summary)
    rates = rates_by_set(summary, what.column)
    good = rates.to_numpy() if what.higher_is_better else -rates.to_numpy()
    regret = good.max(axis=1)[:, None] - good
    order = np.argsort(-regret.mean(axis=0))  # boxplot draws bottom-up: most robust last, at the top
    names = [str(rates.columns[i]) for i in order]
    labels = [f"{n}  (reference)" if n == reference else n for n in names]
    fig, (left, right) = grid(1, 2, 12, 0.45 * len(names) + 2.2, sharey=True, squeeze=True)
    box = dict(
        orientation="horizontal",
        whis=(5, 95),
        showfliers=False,
        patch_artist=True,
        tick_labels=labels,
        medianprops=dict(color="black"),
    )
    parts = left.boxplot([rates.iloc[:, i] for i in order], **box)
    for patch in parts["boxes"]:
        patch.set(facecolor=colour(2), alpha=0.6)
    parts = right.boxplot([regret[:, i] for i in order], **box)
    for patch in parts["boxes"]:
        patch.set(facecolor=colour(6), alpha=0.5)
    right.tick_params(labelleft=False)
    right.set_xlim(left=0)
    if what.unit == "share":
        left.set_xlim(0, 1)
        percent_axis(left.xaxis)
        percent_axis(right.xaxis)
        left.set_xlabel(f"{what.words}, across assumption sets (%)")
        right.set_xlabel("regret: shortfall from the best package of the set (points)")
    else:
        left.set_xlim(left=0)
        left.set_xlabel(f"{what.words}, across assumption sets ({what.unit})")
        right.set_xlabel(f"regret: excess over the best package of the set ({what.unit})")
    fig.suptitle(
        f"How each package holds up across {len(rates)} assumption sets (box: middle half; whiskers: 5-95%)"
    )
    return fig
