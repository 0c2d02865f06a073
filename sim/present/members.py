"""Outcomes per member of a coalition of states: who left, who left first, who fought, the force's size.

Read from the per-world outcomes (`runs.parquet`): for each package and member, the share of worlds in
which the member left (`<member>_left`, with its 95% Wilson interval) and the median date it did
(`<member>_left_month`), the share of worlds in which it was the first to leave (among the worlds where
some member left; ties share the credit), the share in which its forces fought Russia's
(`<member>_fought`), its mean casualties and Russia's mean belief in it at the end; and per package how
often the force fell below its viable size (`force_unviable`). Shares are over the worlds whose decade
is scored.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from sim.present.style import PALETTE, new_figure, party_words, percent_axis
from sim.results.summary import wilson
from sim.schema.calendar import month_label


def parties_of(runs: pd.DataFrame) -> list[str]:
    """The guarantors of a result, in order (from its `<party>_left` columns)."""
    return [c.removesuffix("_left") for c in runs.columns if c.endswith("_left")]


def _scored(group: pd.DataFrame) -> pd.DataFrame:
    return group[group["scored"].astype(bool)] if "scored" in group else group


def member_table(runs: pd.DataFrame, start: str | None = None) -> pd.DataFrame:
    """One row per package and member: left %, left by (median), first to leave %, fought %, and more."""
    parties = parties_of(runs)
    rows = []
    for package, group in runs.groupby("package", observed=True, sort=False):
        g = _scored(group)
        n = max(len(g), 1)
        months = np.column_stack(
            [
                np.where(g[f"{p}_left"].astype(bool), g[f"{p}_left_month"].astype(float), np.inf)
                for p in parties
            ]
        )
        first = months.min(axis=1)
        anyone = np.isfinite(first)
        ties = (months == first[:, None]) & anyone[:, None]
        credit = ties / np.maximum(ties.sum(axis=1, keepdims=True), 1)
        for i, p in enumerate(parties):
            left = g[f"{p}_left"].astype(bool).to_numpy()
            median = float(np.median(months[left, i])) if left.any() else np.nan
            low, high = wilson(np.array([left.sum()]), np.array([max(len(g), 1)]))
            rows.append(
                {
                    "package": str(package),
                    "member": p,
                    "left %": 100 * left.mean() if len(g) else np.nan,
                    "left % low": 100 * float(low[0]),
                    "left % high": 100 * float(high[0]),
                    "left by (median)": "-" if np.isnan(median) else month_label(start, int(median)),
                    "first to leave %": 100 * credit[:, i].sum() / max(anyone.sum(), 1),
                    "fought %": 100 * g[f"{p}_fought"].astype(bool).mean() if len(g) else np.nan,
                    "casualties k": float(g[f"casualties_{p}"].mean()) if f"casualties_{p}" in g else np.nan,
                    "Russia's belief %": 100 * float(g[f"belief_{p}"].mean()),
                    "worlds": n,
                }
            )
    return pd.DataFrame(rows)


def unviable_shares(runs: pd.DataFrame) -> pd.Series:
    """Per package, the share of scored worlds in which the force fell below its viable size."""
    if "force_unviable" not in runs:
        return pd.Series(dtype=float)
    return runs.groupby("package", observed=True, sort=False).apply(
        lambda g: _scored(g)["force_unviable"].astype(bool).mean(), include_groups=False
    )


def first_leavers(table: pd.DataFrame) -> dict[str, str]:
    """Per package, the member most often first to leave, in words ("" where no member left)."""
    out = {}
    for package, g in table.groupby("package", sort=False):
        top = g.sort_values("first to leave %", ascending=False).iloc[0]
        if g["left %"].max() > 0:
            out[str(package)] = f"{party_words(top.member)} ({top['first to leave %']:.0f}% of first exits)"
        else:
            out[str(package)] = ""
    return out


def members_text(runs: pd.DataFrame, start: str | None = None) -> str:
    """The terminal's words on the members: left % by package, who left first, the force's viability."""
    table = member_table(runs, start)
    if table.empty:
        return ""
    wide = table.pivot(index="member", columns="package", values="left %")
    wide = wide.reindex(
        index=list(dict.fromkeys(table["member"])), columns=list(dict.fromkeys(table["package"]))
    )
    shown = wide.map(lambda v: "-" if np.isnan(v) else f"{v:.0f}")
    lines = [
        "",
        "Members of the coalition: share of worlds in which each left for good (%), by package (95% Wilson "
        "intervals in report.html and plots/members.png); a member that leaves ends everything it gives "
        "(world.cohesion):",
        shown.to_string(),
    ]
    unviable = unviable_shares(runs)
    for package, who in first_leavers(table).items():
        parts = []
        if who:
            parts.append(f"first to leave: {who}")
        if package in unviable.index and unviable[package] > 0:
            parts.append(f"force below its viable size in {100 * unviable[package]:.1f}% of worlds")
        if parts:
            lines.append(f"  {package}: " + "; ".join(parts))
    return "\n".join(lines)


def members_html(runs: pd.DataFrame, start: str | None = None) -> str:
    """The report's section on the members (empty for a result without members)."""
    table = member_table(runs, start)
    if table.empty:
        return ""
    unviable = unviable_shares(runs)
    leaders = first_leavers(table)
    items = "".join(
        f"<li><b>{html.escape(p)}</b>: "
        + (f"first to leave {html.escape(who)}" if who else "no member left")
        + (
            f"; the force fell below its viable size in {100 * unviable[p]:.1f}% of worlds"
            if p in unviable
            else ""
        )
        + "</li>"
        for p, who in leaders.items()
    )
    shown = table.drop(columns="worlds").to_html(
        index=False, float_format=lambda v: f"{v:.1f}", na_rep="—", border=0
    )
    return (
        "<h2>Members of the coalition</h2><p>Who left (for good, ending everything it gave), when, who "
        "left first, who fought, and what Russia believed of each at the end; over the scored worlds.</p>"
        f"<ul>{items}</ul><details><summary>Every member, every package</summary>"
        f"<div class='wide'>{shown}</div></details>"
    )


def members_figure(runs: pd.DataFrame):
    """Each member's share of worlds in which it left, by package (grouped bars)."""
    table = member_table(runs)
    members = list(dict.fromkeys(table["member"]))
    packages = list(dict.fromkeys(table["package"]))
    fig, ax = new_figure(max(8.0, 1.1 * len(packages) + 4), 5.0)
    width = 0.8 / max(len(members), 1)
    for j, member in enumerate(members):
        mine = table[table["member"] == member].set_index("package").reindex(packages)
        x = np.arange(len(packages)) + (j - (len(members) - 1) / 2) * width
        value = mine["left %"] / 100
        errors = np.vstack([value - mine["left % low"] / 100, mine["left % high"] / 100 - value])
        ax.bar(x, value, width, yerr=errors, capsize=1.5, error_kw={"lw": 0.7},
               label=party_words(member), color=PALETTE[j % len(PALETTE)])  # fmt: skip
    ax.set_xticks(np.arange(len(packages)), packages, rotation=20, ha="right")
    percent_axis(ax.yaxis)
    ax.set_ylabel("worlds in which the member left (%)")
    ax.set_title(
        "Who leaves the coalition, by package (for good: ending everything it gave; 95% Wilson intervals)"
    )
    ax.legend(fontsize="small", ncols=4)
    return fig


__all__ = ["member_table", "members_figure", "members_html", "members_text", "unviable_shares"]
