"""The caption of every figure a run, a sweep or a robust analysis draws, by its file stem."""

from __future__ import annotations

CAPTIONS = {
    "deterrence": "How often each package deters renewed aggression once its ceasefire holds, and how "
    "often Russia accepts the ceasefire with it, with 95% intervals.",
    "survival": "Share of ceasefires still unbroken, month by month after the ceasefire (Kaplan-Meier), "
    "with 95% bands.",
    "outcomes": "How the worlds end under each package: no ceasefire, peace to the horizon, or the kind "
    "of attack and who fought.",
    "tradeoff": "How often each package deters, against how often a guarantor's forces fight Russia's at "
    "some time in the decade (95% intervals).",
    "months": "When the first attacks come: months from the ceasefire to the first renewed aggression, "
    "per package.",
    "decade": "What the decade holds, per package: how many of its months are at war (left), and how "
    "much of Ukraine Russia holds beyond the line of month 0 at the end (right; a capitulation counts "
    "everything Ukraine held); over every world under start: war, over the ceasefires otherwise.",
    "beliefs": "What Russia believed of each guarantor's resolve when it attacked (or at the horizon): "
    "each box spans the middle half of the worlds, its line the median; whiskers the 5th to 95th "
    "percentile.",
    "monthly": "Month by month, per package: the share of all worlds at peace (a ceasefire in force, no "
    "build-up, no war), the share at war, and each guarantor's mean true resolve over the worlds at "
    "peace.",
    "robust": "Each package's outcome (the one its table judges by) and regret across the assumption sets.",
    "strategies": "Each strategy on two planes: mean months at war over the decade against the share of "
    "worlds in which a guarantor fought Russia (left), and the mean share of the decade at peace against "
    "the package's cost (right), with 95% intervals.",
    "ceasefire": "How soon a ceasefire comes under each strategy (start: war): the share of worlds with "
    "one by each month, with 95% bands.",
    "sobol": "Sobol indices: the share of the variance of each package's rate that each parameter "
    "explains alone (first order) and with its interactions (total).",
    "ranking": "How strongly each parameter moves each package's rate (Spearman rank correlation).",
    "binned": "Each package's rate against each parameter, averaged within bins of the parameter "
    "(over the other parameters' values).",
    "heatmap": "Each package's rate over the grid of the first two parameters.",
}


def caption(stem: str) -> str:
    """The caption of a figure, by its file stem."""
    if stem.startswith("trace-"):
        return (
            f"One world's decade under {stem.removeprefix('trace-')}, month by month: its powers, the front, "
            "resolve against Russia's belief, and the events (wars shaded)."
        )
    if stem.endswith("-box"):
        return (
            "The assumption sets over the box's two most significant dimensions: the sets of interest, "
            "and the box PRIM found."
        )
    if stem.endswith("-tradeoff"):
        return (
            "PRIM's peeling trajectory: each box's coverage (share of the sets of interest inside it) "
            "against its density."
        )
    if stem.startswith("rate-"):
        name = stem.removeprefix("rate-")
        return f"Each package's rate against {name}, with 95% bands (pooled over the other parameters)."
    return CAPTIONS.get(stem, stem)
