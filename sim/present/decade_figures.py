"""Figures of the decade after a ceasefire: what it holds per package, month by month, and one world's story.

`decade_distributions` (months at war and ground lost, per package), `monthly_paths` (the shares at
peace and at war, and resolve, month by month) and `trace_story` (one traced world's decade). Each
takes a results table and returns a matplotlib Figure; `sim.present.plots` draws them into a folder.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim.present.style import LINESTYLES, MARKERS, colour, date_axis, grid, party_words, percent_axis

WAR_BINS = ((0, 0, "none"), (1, 6, "1-6"), (7, 24, "7-24"), (25, 60, "25-60"), (61, 10_000, "61+"))
"""Months at war over the decade, binned for the decade figure (inclusive bounds, label)."""
GROUND_BINS = (
    (-np.inf, -0.005, "Ukraine regained"),
    (-0.005, 0.005, "none"),
    (0.005, 1, "up to 1%"),
    (1, 3, "1-3%"),
    (3, 10, "3-10%"),
    (10, np.inf, "over 10%"),
)
"""Ground lost at the horizon (points of Ukraine), binned for the decade figure ([low, high), label)."""


def decade_distributions(runs: pd.DataFrame) -> Figure:
    """5b. Over the decade, per package: months at war, and ground lost at the horizon (of ceasefires).

    Stacked shares of the worlds whose ceasefire took effect, so that a package Russia rarely accepts
    is read over the few worlds it governs (its count is in the label).
    """
    from matplotlib.colors import ListedColormap

    names = list(
        runs["package"].cat.categories if hasattr(runs["package"], "cat") else runs["package"].unique()
    )
    scored = "scored" if "scored" in runs else "accepted"  # (folders before the road to a ceasefire)
    kept = runs[runs[scored].astype(bool)]
    every = bool(kept.shape[0] == runs.shape[0])  # start: war: every world is scored
    fig, (war, ground) = grid(1, 2, 14, 0.42 * len(names) + 2.6, squeeze=True, sharey=True)
    panels = (
        (war, "war_months", WAR_BINS, "Months at war over the decade", "months at war"),
        (ground, "territory_lost", GROUND_BINS, "Ground Russia holds beyond the line at month 0, at the end",
         "points of Ukraine"),
    )  # fmt: skip
    xlabel = "share of worlds (%)" if every else "share of ceasefires (%)"
    for ax, column, bins, title, legend in panels:
        cmap = ListedColormap(bin_colours(len(bins), diverging=column == "territory_lost"))
        for row, name in enumerate(names):
            values = kept.loc[kept["package"] == name, column].to_numpy(dtype=float)
            left = 0.0
            for k, (low, high, label) in enumerate(bins):
                inside = (
                    (values >= low) & (values <= high)
                    if column == "war_months"
                    else (values >= low) & (values < high)
                )
                share = inside.mean() if values.size else 0.0
                ax.barh(row, share, left=left, color=cmap(k), edgecolor="white", linewidth=0.5,
                        label=label if row == 0 else None)  # fmt: skip
                left += share
        ax.set_yticks(range(len(names)), [f"{n} ({(kept['package'] == n).sum():,})" for n in names])
        ax.set_xlim(0, 1)
        percent_axis(ax.xaxis)
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.legend(title=legend, fontsize="small", title_fontsize="small", loc="upper center",
                  bbox_to_anchor=(0.5, -0.16), ncols=len(bins), frameon=False)  # fmt: skip
    war.invert_yaxis()  # the first package on top (the axes share y: invert once)
    fig.suptitle(
        "What the decade holds, per package (worlds scored in brackets)"
        if every
        else "What the decade holds after a ceasefire, per package (worlds with a ceasefire in brackets)"
    )
    return fig


def bin_colours(n: int, diverging: bool = False) -> list:
    """Colours for n bins: grey for none, then sequential; for ground, blue (regained), grey, then warm."""
    from matplotlib import colormaps

    if diverging:
        warm = colormaps["YlOrRd"](np.linspace(0.25, 0.95, n - 2))
        return ["#88CCEE", "#DDDDDD", *warm]
    return ["#DDDDDD", *colormaps["viridis_r"](np.linspace(0.05, 0.85, n - 1))]


PARTY_COLOURS = (2, 1, 3, 4, 5, 7)
"""Each guarantor's colour in a story, in the scenario's order of parties."""


def story_events(parties: list[str]) -> dict[str, tuple[str, str]]:
    """The events a story marks, with marker and colour: each guarantor's answers, fights, elections."""
    mine = {p: colour(PARTY_COLOURS[i % len(PARTY_COLOURS)]) for i, p in enumerate(parties)}
    out = {f"{p}_fought": ("*", c) for p, c in mine.items()}
    out |= {f"{p}_answered": ("^", c) for p, c in mine.items()}
    out |= {f"{p}_in_war": ("_", c) for p, c in mine.items()}
    out |= {"detected": ("o", colour(5)), "probe": ("v", colour(4)), "buildup": (">", colour(7)),
            "stand_down": ("<", colour(7)), "limited": ("X", colour(6)), "full": ("X", colour(7)),
            "widen": ("P", colour(7)),
            "nuclear_threat": ("d", colour(9)), "war_ended": ("P", colour(3)),
            "withdrawal": ("s", colour(0))}  # fmt: skip
    return out | {f"{p}_election": ("|", c) for p, c in mine.items()}


def trace_story(trace: pd.DataFrame, package: str, start: str | None = None) -> Figure:
    """6. One world's decade under one package: powers, the front, resolve against belief, the events.

    Months at war are shaded in every panel (build-up months lighter).
    """
    t = trace[trace["package"] == package]
    fig, (power, front, resolve, events) = grid(
        4, 1, 10, 11.5, sharex=True, squeeze=True, height_ratios=[1.6, 1.4, 2, 2.4]
    )
    phase = t["phase"] if "phase" in t else pd.Series("peace", index=t.index)
    at_war = t.action.isin(WAR_ACTIONS)
    for ax in (power, front, resolve, events):
        for month, war, kind in zip(t.month, at_war, phase, strict=True):
            if war:
                ax.axvspan(month - 0.5, month + 0.5, color=colour(6), alpha=0.12, lw=0)
            elif kind == "buildup":
                ax.axvspan(month - 0.5, month + 0.5, color=colour(5), alpha=0.15, lw=0)
    power.plot(t.month, t.russia_power, color=colour(6), label="Russia")
    power.plot(t.month, t.ukraine_power, color=colour(0), label="Ukraine")
    power.set_ylabel("military power\n(Ukraine at ceasefire = 1)")
    power.legend(fontsize="small")
    if "territory" in t:
        front.plot(t.month, t.territory, color=colour(7), label="held by Russia")
        front.set_ylabel("Ukraine held by\nRussia (%)")
        front.legend(
            fontsize="small", title="shaded: at war (red), build-up (yellow)", title_fontsize="small"
        )
    parties = [c.removeprefix("resolve_") for c in t.columns if c.startswith("resolve_")]
    for i, who in enumerate(parties):
        label, c = party_words(who, short=True), colour(PARTY_COLOURS[i % len(PARTY_COLOURS)])
        resolve.plot(t.month, t[f"resolve_{who}"], color=c, label=f"{label}: true resolve")
        resolve.plot(t.month, t[f"belief_{who}"], color=c, ls="--", label=f"{label}: Russia's belief")
    resolve.set_ylim(0, 1)
    percent_axis(resolve.yaxis)
    resolve.set_ylabel("chance of fighting (%)")
    resolve.legend(fontsize="small", ncols=2)
    marks = story_events(parties)
    for row, (name, (marker, c)) in enumerate(marks.items()):
        months = t.month[(t.action == name) | _flag(t, name)]
        events.scatter(months, np.full(len(months), row), marker=marker, color=c, s=40)
    events.set_yticks(
        range(len(marks)),
        ["probe detected" if n == "detected" else n.replace("_", " ") for n in marks],
        fontsize="small",
    )
    date_axis(events, start, int(t.month.max()) if len(t) else 0, "months from month 0")
    events.set_ylabel("events")
    events.set_ylim(-0.5, len(marks) - 0.5)
    world = int(trace.attrs.get("world", 0))
    fig.suptitle(f"One world's decade under '{package}' (world {world}): {story_ending(t)}")
    return fig


WAR_ACTIONS = ("limited", "full", "widen", "war")
"""A traced month's actions that make it a war month (an offensive's first month, or one that goes on)."""


def story_ending(t: pd.DataFrame) -> str:
    """The decade in a line: wars, months at war, ground lost, a capitulation."""
    if not len(t):
        return "Russia rejected the ceasefire"
    wars = int(t.action.isin(["limited", "full"]).sum())
    if not wars:
        return "no renewed aggression by the horizon"
    months = int(t.action.isin(WAR_ACTIONS).sum())
    words = f"{wars} war{'s' * (wars > 1)}, {months} months at war"
    if "territory" in t:
        words += f", Russia holds {t.territory.iloc[-1]:.1f}% of Ukraine at the end"
    if "capitulated" in t and t.capitulated.any():
        words += f"; Ukraine capitulated in month {int(t.month[t.capitulated.astype(bool)].iloc[0])}"
    return words


def _flag(t: pd.DataFrame, name: str) -> pd.Series:
    return t[name].astype(bool) if name in t.columns else pd.Series(False, index=t.index)


def monthly_paths(monthly: pd.DataFrame, start: str | None = None) -> Figure:
    """7. Month by month, per package: the shares of worlds at peace and at war, and mean resolve.

    A package has one colour and one line style in every panel; in the right one the marker is the
    guarantor (one every 12 months).
    """
    from matplotlib.lines import Line2D

    parties = [c.removeprefix("resolve_") for c in monthly.columns if c.startswith("resolve_")]
    fig, (peace, war, resolve) = grid(1, 3, 17, 5.5, squeeze=True)
    names = list(dict.fromkeys(monthly["package"].astype(str)))
    for i, name in enumerate(names):
        m = monthly[monthly["package"].astype(str) == name]
        peace.plot(m["month"], m["at_peace"], label=name, color=colour(i), ls=LINESTYLES[i % len(LINESTYLES)])
        if "at_war" in m:  # folders written before the decade model have no war share
            war.plot(m["month"], m["at_war"], color=colour(i), ls=LINESTYLES[i % len(LINESTYLES)])
        for j, party in enumerate(parties):
            resolve.plot(m["month"], m[f"resolve_{party}"], color=colour(i), lw=1.3,
                         ls=LINESTYLES[i % len(LINESTYLES)], marker=MARKERS[j % len(MARKERS)], markevery=12,
                         ms=4)  # fmt: skip
    top = float(np.nanmax(monthly["at_war"])) if "at_war" in monthly and len(monthly) else 0.0
    for ax, title, label, high in (
        (peace, "Share of worlds at peace", "worlds at peace (%)", 1.0),
        (war, "Share of worlds at war", "worlds at war (%)", min(1.0, max(0.05, 1.15 * top))),
        (resolve, "Guarantors' mean resolve, worlds at peace", "mean true resolve (%)", 1.0),
    ):
        ax.set_ylim(0, high)
        percent_axis(ax.yaxis)
        ax.set_title(title)
        ax.set_ylabel(label)
        horizon = int(monthly["month"].max()) if len(monthly) else 0
        date_axis(ax, start, horizon, "months from month 0 (a ceasefire, or the war as it stands)")
    marks = [
        Line2D([], [], color="0.25", ls="", marker=MARKERS[j % len(MARKERS)]) for j in range(len(parties))
    ]
    who = [party_words(p, short=True) for p in parties]
    resolve.legend(marks, who, fontsize="small", loc="lower right", title="guarantor (marker)",
                   title_fontsize="small", ncols=min(len(parties), 3))  # fmt: skip
    handles, labels = peace.get_legend_handles_labels()
    fig.legend(handles, labels, fontsize="small", loc="outside right center", frameon=False,
               title="package (colour, style)", title_fontsize="small")  # fmt: skip
    months = int(monthly["month"].max()) if len(monthly) else 0
    fig.suptitle(f"Month by month from month 0 ({months} months), per package")
    return fig
