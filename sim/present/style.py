"""Shared look of the figures: a colour-blind-safe palette, units on every axis, no clutter."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # figures are files; no screen needed

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

# Paul Tol's "muted" scheme (colour-blind safe, https://personal.sron.nl/~pault/), then black.
PALETTE = [
    "#332288",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
    "#000000",
]
MARKERS = ["o", "s", "D", "^", "v", "P", "X", "<", ">", "*"]
LINESTYLES = ["-", "--", "-.", ":"]
OUTCOME_COLOURS = {
    "no ceasefire": "#BBBBBB",
    "deterred": "#44AA99",
    "repelled": "#88CCEE",
    "gained": "#DDCC77",
    "direct war": "#CC6677",
}
SEQUENTIAL = "viridis"  # perceptually uniform, readable in grey and by colour-blind readers


def colour(i: int) -> str:
    """The i-th series colour (cycling)."""
    return PALETTE[i % len(PALETTE)]


def new_figure(width: float = 8.0, height: float = 5.0, ax=None):
    """A new figure and axes, or the figure of the axes given (plots accept an optional `ax`)."""
    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return fig, ax


def grid(rows: int, cols: int, width: float, height: float, **kwargs):
    """A new figure with a grid of axes (always a 2-D array unless squeeze is asked for)."""
    kwargs.setdefault("squeeze", False)
    return plt.subplots(rows, cols, figsize=(width, height), layout="constrained", **kwargs)


def percent_axis(axis) -> None:
    """Format an axis holding shares as percentages, at ticks whose labels are exact.

    Ticks fall on 1, 2 or 5 times a power of ten (in percent), and each label is written with the
    digits it needs: never 2.5% shown as "2%" (as a fixed zero-decimal format did on a 0-20% axis).
    """
    axis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins="auto", steps=[1, 2, 5, 10]))
    axis.set_major_formatter(matplotlib.ticker.FuncFormatter(_percent))


def _percent(share: float, _pos=None) -> str:
    return f"{round(100 * share, 9) + 0.0:g}%"  # + 0.0: never "-0%"


def close(fig: Figure) -> None:
    """Release a figure's memory once saved."""
    plt.close(fig)


def party_words(party: str, short: bool = False) -> str:
    """How a figure names a guarantor: Europe, the US (US when short), or its key, capitalised."""
    words = {"europe": "Europe", "us": "US" if short else "the US"}
    return words.get(party, party.replace("_", " ").title() if short else party.replace("_", " ").title())


def legend_by_end(ax, ends: dict[str, float]) -> None:
    """A legend beside the axes (it never hides a curve), in the order the curves end, top first."""
    handles, labels = ax.get_legend_handles_labels()
    order = sorted(range(len(labels)), key=lambda k: -ends[labels[k]])
    ax.legend(
        [handles[k] for k in order],
        [labels[k] for k in order],
        fontsize="small",
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        title="top to bottom\nat the horizon",
        title_fontsize="small",
    )


def date_axis(ax, start: str | None, horizon: int, label: str) -> None:
    """Label the month axis: with dates (each January, by year) where the scenario has a start date.

    `label` is the axis label without dates; with a start date it reads "year (month 0 = 2027-01)".
    """
    if not start:
        ax.set_xlabel(label)
        return
    from sim.schema.calendar import month_date

    first_january = (13 - int(start[5:7])) % 12
    ticks = list(range(first_january, horizon + 1, 12))
    step = max(1, len(ticks) // 8 + (1 if len(ticks) % 8 else 0)) if len(ticks) > 8 else 1
    ticks = ticks[::step]
    ax.set_xticks(ticks, [month_date(start, m)[:4] for m in ticks])
    ax.set_xlabel(f"year (month 0 = {start})")
