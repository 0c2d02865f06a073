"""What a page leads with, and which package it may call the best.

Every headline, figure and sweep answer leads with an outcome measured over all worlds, so that the
packages are compared like for like: the share of the decade at peace when a run starts from the war,
and the share of worlds in which peace holds (a ceasefire, and no renewed aggression to the horizon)
when it starts at a ceasefire. Deterrence once in place is a rate over the worlds that accepted each
package, and the less ambitious Russias accept the harsher ones, so it is never compared across
packages without saying so (`CONDITIONAL`).

A package is named the best only where its paired difference from every other package, on the same
worlds, has a 95% interval that excludes zero; otherwise the packages within noise of it are named
together as tied (`leaders`, `best_words`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.results.summary import wilson


@dataclass(frozen=True)
class Lead:
    """The outcome a page leads with: a summary column over all worlds, with its words."""

    column: str
    words: str  # a noun phrase: "the decade at peace"
    verb: str  # what the best package does: "keeps the most of the decade at peace"
    axis: str  # an axis label
    mean: bool  # a mean share of months (t intervals), not a share of worlds (Wilson intervals)

    @property
    def low(self) -> str:
        """The column of its interval's low end."""
        return f"{self.column}_ci_low"

    @property
    def high(self) -> str:
        """The column of its interval's high end."""
        return f"{self.column}_ci_high"


DECADE = Lead(
    "peace_share",
    "the decade at peace",
    "keeps the most of the decade at peace",
    "decade at peace, over all worlds (%)",
    True,
)
PEACE = Lead(
    "peace_rate",
    "peace holding",
    "keeps the peace in the most worlds",
    "peace holds, over all worlds (%)",
    False,
)

CONDITIONAL = (
    "deterred (once in place) is over the worlds whose ceasefire came; Russias that accept a harsher "
    "package are the less ambitious ones, so it is not comparable across packages with different "
    "ceasefire rates: compare packages on {words}"
)
"""The note that goes with every rate conditional on acceptance (format with `words`)."""


def lead_outcome(scenario: dict) -> Lead:
    """The outcome a run or sweep of this scenario leads with: over all worlds, like for like."""
    return DECADE if scenario.get("start") == "war" else PEACE


def conditional_note(scenario: dict) -> str:
    """One sentence on why deterrence once in place is not compared across packages."""
    words = lead_outcome(scenario).words
    text = CONDITIONAL.format(words=words)
    return text[0].upper() + text[1:] + "."


def _ends(by: pd.DataFrame, lead: Lead):
    low = by[lead.low] if lead.low in by else by[lead.column]
    high = by[lead.high] if lead.high in by else by[lead.column]
    return low, high


def leaders(by: pd.DataFrame, lead: Lead) -> list[str]:
    """The best package by `lead` and every package tied with it (paired interval from it reaches 0).

    `by` is one point's summary indexed by package. Without the paired columns (a folder written by an
    older version), packages whose 95% intervals overlap the best one's are taken as tied: a
    conservative rule, since unpaired intervals are wider than paired ones.
    """
    values = by[lead.column].dropna()
    if values.empty:
        return []
    best = str(values.idxmax())
    gap = f"{lead.column}_vs_best_ci_high"
    if gap in by and by[gap].notna().all():
        tied = by.index[by[gap] >= 0]
    else:
        low, high = _ends(by, lead)
        tied = by.index[high >= low[best]]
    return [best, *[str(p) for p in tied if p != best]]


def trailers(by: pd.DataFrame, column: str, low: str | None = None, high: str | None = None) -> list[str]:
    """The package with the most of `column` and those whose 95% intervals overlap it (unpaired)."""
    values = by[column].dropna()
    if values.empty:
        return []
    top = str(values.idxmax())
    if low is None or high is None or low not in by or high not in by:
        return [top]
    tied = [str(p) for p in values.index if p != top and by.loc[p, high] >= by.loc[top, low]]
    return [top, *tied]


def lowest(by: pd.DataFrame, lead: Lead) -> list[str]:
    """The package with the least of `lead` and those whose 95% intervals overlap it (unpaired)."""
    values = by[lead.column].dropna()
    if values.empty:
        return []
    worst = str(values.idxmin())
    low, high = _ends(by, lead)
    return [worst, *[str(p) for p in values.index if p != worst and low[p] <= high[worst]]]


def join(names: list[str]) -> str:
    """Names in a sentence: "a", "a and b", "a, b and c"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def best_words(names: list[str]) -> str:
    """The subject of a 'best' sentence: one name, or the names that are tied."""
    if len(names) == 1:
        return names[0]
    return f"{join(names)} (tied: their differences on the same worlds are within noise)"


def verb(names: list[str], words: str) -> str:
    """A verb phrase agreeing with one name or several ("keeps the most" for one, "keep the most" for two)."""
    first, _, rest = words.partition(" ")
    if len(names) > 1:
        first = first.removesuffix("s")
    elif not first.endswith("s"):
        first += "s"
    return f"{first} {rest}".strip()


DETERRENCE = Lead(
    "deterrence_rate",
    "deterrence once in place",
    "deters most often once in place",
    "ceasefires with no renewed aggression (%)",
    False,
)
"""Deterrence once in place: over the worlds whose ceasefire came (pooled by ceasefires)."""


def pooled_rate(summary: pd.DataFrame, by: list[str], lead: Lead = DETERRENCE) -> pd.DataFrame:
    """`lead`'s rate pooled over the other parameters per package and value of `by`, with a 95% interval.

    Deterrence once in place pools over ceasefires; an outcome over all worlds pools over worlds.
    """
    conditional = lead is DETERRENCE and "ceasefire_rate" in summary  # (without it, every world accepted)
    s = summary.assign(_c=summary["ceasefire_rate"] * summary["runs"] if conditional else summary["runs"])
    s = s.assign(_d=s[lead.column].fillna(0) * s["_c"])
    if lead.mean and lead.low in s:  # the standard error of each point's mean, from its t interval
        se = (s[lead.high] - s[lead.low]) / (2 * 1.96)
        s = s.assign(_v=(se * s["_c"]) ** 2)
    else:
        s = s.assign(_v=0.0)
    g = s.groupby(["package", *by], sort=False)[["_d", "_c", "_v"]].sum()
    rate = g["_d"] / g["_c"].where(g["_c"] > 0)
    if lead.mean:
        half = 1.96 * np.sqrt(g["_v"]) / g["_c"]
        low, high = rate - half, rate + half
    else:
        with np.errstate(invalid="ignore", divide="ignore"):
            low, high = wilson(g["_d"].round().to_numpy(), g["_c"].round().to_numpy())
    out = pd.DataFrame({"rate": rate, "low": np.asarray(low), "high": np.asarray(high)}, index=g.index)
    return out.reset_index()
