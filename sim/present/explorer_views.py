"""What the explorer shows, as plain HTML and figures: its table, its lead figure, one world's months.

Pure functions of a run's summary or trace (no Solara), so tests and the page share them; the page
itself is `sim.present.explorer`.
"""

from __future__ import annotations

import html
import math

import numpy as np
import pandas as pd

from sim.present import leads
from sim.present.brief import pct
from sim.present.style import colour, grid, percent_axis

OUTCOMES = {
    "peace_share": ("decade at peace", "peace_share_ci_low", "peace_share_ci_high",
                    "peace_share_vs_reference", "peace_share_vs_reference_ci_low",
                    "peace_share_vs_reference_ci_high"),
    "peace_rate": ("peace holds", "peace_ci_low", "peace_ci_high", "diff_vs_reference", "diff_ci_low",
                   "diff_ci_high"),
}  # fmt: skip
"""The two outcomes over all worlds: words, 95% interval, and paired difference from the reference."""


def _share(row, column: str, low: str, high: str) -> str:
    value = getattr(row, column, math.nan)
    a, b = getattr(row, low, math.nan), getattr(row, high, math.nan)
    text = pct(value, 1)
    return (
        text
        if math.isnan(a) or math.isnan(b) or math.isnan(value)
        else f"{text} [{100 * a:.1f}, {100 * b:.1f}]"
    )


def _points(row, column: str, low: str, high: str) -> str:
    value, a, b = (getattr(row, c, math.nan) for c in (column, low, high))
    if math.isnan(value):
        return "—"
    return f"{100 * value:+.1f}" + (
        "" if math.isnan(a) or math.isnan(b) else f" [{100 * a:+.1f}, {100 * b:+.1f}]"
    )


def answer_table(summary: pd.DataFrame, scenario: dict) -> tuple[list[str], list[list[str]], list[str]]:
    """The table under the headline: header, rows, and the packages named best (tied ones together).

    It leads with the outcome over all worlds (`leads.lead_outcome`) and its paired difference from the
    reference package on the same worlds, then the other outcome over all worlds, the ceasefire,
    deterrence once in place (marked: over the worlds whose ceasefire came), direct war and cost.
    """
    lead = leads.lead_outcome(scenario)
    other = "peace_rate" if lead.column == "peace_share" else "peace_share"
    ref = str(scenario.get("reference_package") or summary["package"].iloc[0])
    war, veto = scenario.get("start") == "war", scenario.get("russia_veto", True)
    best = leads.leaders(summary.set_index("package"), lead)
    words, low, high, diff, diff_low, diff_high = OUTCOMES[lead.column]
    head = ["package", f"{words} [95%]", f"vs {ref}, points [95%]", f"{OUTCOMES[other][0]} [95%]"]
    head += ["ceasefire [95%]"] if war or veto else []
    head += ["deters once in place* [95%]", "direct war [95%]", "€bn a year"]
    total = "cost_bn_total" in summary
    head += ["€bn over the horizon"] if total else []
    rows = []
    for r in summary.itertuples():
        name = str(r.package)
        tag = "best" if len(best) == 1 else "tied best"
        label = name + (" (reference)" if name == ref else "") + (f" ({tag})" if name in best else "")
        row = [
            label,
            _share(r, lead.column, low, high),
            "ref" if name == ref else _points(r, diff, diff_low, diff_high),
        ]
        row.append(_share(r, other, *OUTCOMES[other][1:3]))
        if war or veto:
            row.append(_share(r, "ceasefire_rate", "ceasefire_ci_low", "ceasefire_ci_high"))
        ceasefire = r.ceasefire_rate > 0
        row.append(_share(r, "deterrence_rate", "ci_low", "ci_high") if ceasefire else "no ceasefire")
        row.append(_share(r, "direct_war_rate", "direct_war_ci_low", "direct_war_ci_high"))
        row.append(f"{r.cost_bn_per_year:.1f}" if r.cost_bn_per_year else "none")
        if total:
            row.append(
                "—"
                if math.isnan(r.cost_bn_total)
                else f"{r.cost_bn_total:.1f}"
                if r.cost_bn_total
                else "none"
            )
        rows.append(row)
    return head, rows, best


def table_html(head: list[str], rows: list[list[str]], best: list[str]) -> str:
    """The table as HTML, the best package's row (and those tied with it) in bold."""
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join(
        ('<tr class="deter-best">' if row[0].split(" ")[0] in best else "<tr>")
        + "".join(f"<td>{html.escape(c)}</td>" for c in row)
        + "</tr>"
        for row in rows
    )
    return f'<table class="deter-table"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def lead_figure(summary: pd.DataFrame, scenario: dict):
    """The lead outcome per package with 95% intervals, and its paired difference from the reference.

    Sorted, the best package and those tied with it in a colour of their own; the reference dashed.
    """
    lead = leads.lead_outcome(scenario)
    words, low, high, diff, diff_low, diff_high = OUTCOMES[lead.column]
    ref = str(scenario.get("reference_package") or summary["package"].iloc[0])
    best = leads.leaders(summary.set_index("package"), lead)
    s = summary.sort_values(lead.column).reset_index(drop=True)
    import matplotlib.ticker
    from matplotlib.patches import Patch

    fig, (left, right) = grid(1, 2, 10.5, 0.32 * len(s) + 1.9, sharey=True, squeeze=True)
    y = np.arange(len(s))
    colours = [colour(3) if p in best else colour(0) for p in s.package]
    for ax, (column, lo, hi) in ((left, (lead.column, low, high)), (right, (diff, diff_low, diff_high))):
        values = s[column].fillna(0.0) if column in s else pd.Series(0.0, index=s.index)
        ax.barh(y, values, color=colours, alpha=0.85)
        if lo in s and hi in s:
            err = np.clip([values - s[lo].fillna(values), s[hi].fillna(values) - values], 0, None)
            ax.errorbar(values, y, xerr=err, fmt="none", ecolor="black", capsize=2.5, lw=1)
        percent_axis(ax.xaxis)
    left.set_xlim(0, 1)
    if ref in set(s.package):
        left.axvline(float(s.loc[s.package == ref, lead.column].iloc[0]), color="grey", ls="--", lw=1)
    right.axvline(0, color="grey", ls="--", lw=1)
    labels = [f"{p} (reference)" if p == ref else p for p in s.package]
    left.set_yticks(y, labels)
    left.set_xlabel(lead.axis)
    right.set_xlabel(f"difference from {ref}, same worlds (points)")
    left.set_title(f"{words.capitalize()} over all worlds, 95% interval", fontsize="medium")
    right.set_title(f"Paired difference from {ref}, 95% interval", fontsize="medium")
    right.xaxis.set_major_formatter(
        matplotlib.ticker.FuncFormatter(lambda v, _: f"{100 * v:+.3g}" if v else "0")
    )
    handles = [Patch(color=colour(3), alpha=0.85, label="best" if len(best) == 1 else "tied best"),
               Patch(color=colour(0), alpha=0.85, label="the others")]  # fmt: skip
    fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize="small", frameon=False)
    return fig


def table_note(scenario: dict) -> str:
    """The note under the table: what bold means, and why deterrence once in place is not compared."""
    words = leads.lead_outcome(scenario).words
    return (
        f"Bold: the best package by {words}, with any tied with it (its paired difference from them on the "
        f"same worlds is within noise). * {leads.conditional_note(scenario)}"
    )


def world_html(trace: pd.DataFrame) -> str:
    """One package's months as a compact table: headers that wrap, numbers to 2 decimals, no index."""

    def cell(value) -> str:
        if isinstance(value, bool | np.bool_):
            return "yes" if value else ""
        if isinstance(value, float | np.floating):
            return "" if np.isnan(value) else f"{value:.2f}"
        return str(value)

    head = "".join(f"<th>{html.escape(c.replace('_', ' '))}</th>" for c in trace.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell(v))}</td>" for v in row) + "</tr>"
        for row in trace.itertuples(index=False)
    )
    return (
        f'<table class="deter-table deter-world"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )
