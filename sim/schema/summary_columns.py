"""What a summary says: every column of `summary.csv`, and the outcomes a package can be judged by.

Both are declared once: `SUMMARY` (the columns of `summary.csv`) and `DECISION_OUTCOMES` (what
`deter robust --outcome` and `deter discover --outcome` accept).

The summary's columns and their order come from here, and so does the README's table of them
(`make readme`); the per-world outcomes they summarise are in `sim.schema.outcomes`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class SummaryColumn:
    """One column of `summary.csv`: per package (and, in a sweep, per design point)."""

    name: str
    unit: str
    description: str


def _interval(column: SummaryColumn, low: str, high: str, kind: str) -> tuple[SummaryColumn, ...]:
    """A summary column followed by the two ends of its 95% interval (`kind`: "Wilson" or "t")."""
    unit = "share" if column.unit.startswith("share") else column.unit
    return (
        column,
        SummaryColumn(low, unit, f"its 95% {kind} interval, low end"),
        SummaryColumn(high, unit, f"its 95% {kind} interval, high end"),
    )


SUMMARY: tuple[SummaryColumn, ...] = (
    SummaryColumn("package", "", "the package"),
    SummaryColumn("runs", "worlds", "worlds simulated"),
    *_interval(
        SummaryColumn(
            "ceasefire_rate",
            "share",
            "a ceasefire took effect within the horizon (start: ceasefire: Russia accepted it at month 0, "
            "or it was imposed; start: war: both sides accepted an offer)",
        ),
        "ceasefire_ci_low",
        "ceasefire_ci_high",
        "Wilson",
    ),
    SummaryColumn(
        "months_to_ceasefire",
        "months",
        "median months until a ceasefire, over every world (empty if fewer than half see one; 0 under "
        "start: ceasefire)",
    ),
    SummaryColumn(
        "first_offer_share",
        "share of ceasefires",
        "ceasefires agreed on the package's own offer, not one its offers stepped down to",
    ),
    SummaryColumn(
        "deterrence_rate",
        "share of ceasefires",
        "no renewed aggression by the horizon, once the ceasefire took effect",
    ),
    SummaryColumn("ci_low", "share", "95% Wilson interval of the deterrence rate, low end"),
    SummaryColumn("ci_high", "share", "95% Wilson interval of the deterrence rate, high end"),
    *_interval(
        SummaryColumn(
            "peace_rate", "share", "peace holds: a ceasefire took effect and no aggression followed"
        ),
        "peace_ci_low",
        "peace_ci_high",
        "Wilson",
    ),
    SummaryColumn(
        "median_months_to_aggression", "months", "Kaplan-Meier median, over ceasefires; empty if not reached"
    ),
    SummaryColumn(
        "rmst_months", "months", "restricted mean months without aggression, to the horizon, over ceasefires"
    ),
    *_interval(
        SummaryColumn(
            "direct_war_rate",
            "share of scored worlds",
            "a guarantor's forces fought Russia's at any time in the horizon",
        ),
        "direct_war_ci_low",
        "direct_war_ci_high",
        "Wilson",
    ),
    SummaryColumn("russia_gain_rate", "share of ceasefires", "the first offensive took ground"),
    SummaryColumn("limited_share", "share of attacks", "first aggressions that were limited offensives"),
    SummaryColumn(
        "deliberate_share", "share of attacks", "first aggressions chosen with positive expected utility"
    ),
    SummaryColumn("probes_per_world", "probes", "mean grey-zone probes per ceasefire"),
    SummaryColumn("force_withdrawn_rate", "share of ceasefires", "the reassurance force went home"),
    SummaryColumn(
        "cost_bn_per_year",
        "€bn per year",
        "the package's annual cost while all of it is in force, at its declared size (runs only)",
    ),
    *_interval(
        SummaryColumn(
            "cost_bn_total",
            "€bn",
            "mean cost over the horizon, over every world: each component for the months it was in force "
            "and at the size it had (a force gone home, a paused backstop, unpaid arms cost nothing)",
        ),
        "cost_bn_total_ci_low",
        "cost_bn_total_ci_high",
        "t",
    ),
    SummaryColumn(
        "diff_vs_reference",
        "share",
        "paired difference in peace holding from the reference package (same worlds)",
    ),
    SummaryColumn("diff_ci_low", "share", "its 95% t interval (same worlds), low end"),
    SummaryColumn("diff_ci_high", "share", "its 95% t interval, high end"),
    *_interval(
        SummaryColumn(
            "peace_share",
            "share of months",
            "mean share of the horizon's months at peace, over all worlds (a world with no ceasefire has "
            "none); unlike peace_rate, a peace broken and made again counts its months",
        ),
        "peace_share_ci_low",
        "peace_share_ci_high",
        "t",
    ),
    *_interval(
        SummaryColumn(
            "peace_share_vs_reference",
            "share of months",
            "paired difference in the decade at peace from the reference package (same worlds)",
        ),
        "peace_share_vs_reference_ci_low",
        "peace_share_vs_reference_ci_high",
        "t",
    ),
    *_interval(
        SummaryColumn(
            "peace_share_vs_best",
            "share of months",
            "paired difference in the decade at peace from the package that keeps the most of it (same "
            "worlds; 0 for that package): where the interval reaches 0, the two are tied",
        ),
        "peace_share_vs_best_ci_low",
        "peace_share_vs_best_ci_high",
        "t",
    ),
    *_interval(
        SummaryColumn(
            "peace_rate_vs_best",
            "share",
            "paired difference in peace holding from the package with the highest peace_rate (same "
            "worlds; 0 for that package): where the interval reaches 0, the two are tied",
        ),
        "peace_rate_vs_best_ci_low",
        "peace_rate_vs_best_ci_high",
        "exact (McNemar, Clopper-Pearson)",
    ),
    *_interval(
        SummaryColumn("war_months_mean", "months", "mean months at war, over the scored worlds"),
        "war_months_ci_low",
        "war_months_ci_high",
        "t",
    ),
    SummaryColumn("wars_mean", "wars", "mean renewed wars per scored world"),
    *_interval(
        SummaryColumn(
            "territory_lost_mean",
            "% of Ukraine",
            "mean points of Ukraine Russia holds at the horizon beyond month 0",
        ),
        "territory_ci_low",
        "territory_ci_high",
        "t",
    ),
    *_interval(
        SummaryColumn(
            "casualties_ukraine_mean",
            "thousand",
            "mean Ukrainian military casualties (killed and wounded) from month 0, over the scored worlds",
        ),
        "casualties_ukraine_ci_low",
        "casualties_ukraine_ci_high",
        "t",
    ),
    *_interval(
        SummaryColumn(
            "casualties_russia_mean",
            "thousand",
            "mean Russian military casualties (killed and wounded) from month 0, over the scored worlds",
        ),
        "casualties_russia_ci_low",
        "casualties_russia_ci_high",
        "t",
    ),
    SummaryColumn(
        "direct_war_months_mean",
        "months",
        "mean months a guarantor's forces fought Russia's, over the scored worlds",
    ),
    *_interval(
        SummaryColumn("nuclear_threat_rate", "share of scored worlds", "Russia made nuclear threats at war"),
        "nuclear_threat_ci_low",
        "nuclear_threat_ci_high",
        "Wilson",
    ),
    SummaryColumn(
        "nuclear_use_rate",
        "share of scored worlds",
        "nuclear use under the assumed hazard (an assumption's exposure, never a forecast)",
    ),
    SummaryColumn("capitulation_rate", "share of scored worlds", "Ukraine capitulated"),
)
"""The columns of a run's `summary.csv`, in order (a sweep's add the design and drop the cost)."""

SUMMARY_COLUMNS = tuple(c.name for c in SUMMARY)


@dataclass(frozen=True)
class DecisionOutcome:
    """A summary column a package can be judged by (`deter robust --outcome`, `deter discover`)."""

    column: str
    higher_is_better: bool
    words: str  # what the column says, for a table's heading
    unit: Literal["share", "months", "points"]


DECISION_OUTCOMES: dict[str, DecisionOutcome] = {
    "ceasefire": DecisionOutcome("ceasefire_rate", True, "a ceasefire comes", "share"),
    "peace": DecisionOutcome("peace_rate", True, "peace holds", "share"),
    "deterrence": DecisionOutcome("deterrence_rate", True, "deterred", "share"),
    "decade": DecisionOutcome("peace_share", True, "decade at peace", "share"),
    "war_months": DecisionOutcome("war_months_mean", False, "months at war", "months"),
    "ground": DecisionOutcome("territory_lost_mean", False, "ground lost", "points"),
    "direct_war": DecisionOutcome("direct_war_rate", False, "direct war", "share"),
    "nuclear_threat": DecisionOutcome("nuclear_threat_rate", False, "nuclear threats", "share"),
}
"""The outcomes a robust analysis or a discovery can take, by the name the command line gives them:
the first peace holding, deterrence once in place, the share of the decade at peace, months at war,
ground lost, direct war and nuclear threats (the last four: lower is better)."""


def summary_table() -> str:
    """The columns of `summary.csv` as a Markdown table (generated into the README)."""
    lines = ["| column | unit | meaning |", "| --- | --- | --- |"]
    lines += [f"| `{c.name}` | {c.unit} | {c.description} |" for c in SUMMARY]
    return "\n".join(lines)
