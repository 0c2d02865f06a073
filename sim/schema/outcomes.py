"""What is measured: every per-world outcome, declared once (the summary's columns: `summary_columns`).

The model allocates and records outcomes by their `record` kind, the outcome table takes its columns
and types from here, and the README's table of `runs.parquet` is generated from it (`make readme`).
Adding an outcome means declaring it here and recording it in the model.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal


@dataclass(frozen=True)
class Outcome:
    """One column of the per-world outcome table (`runs.parquet`).

    `record` says how the model keeps it: a `flag` is set at the first aggression (or when the event
    happens) and never cleared; a `count` is a whole number (a month, a kind or a tally); a `state` is
    a value read at the first aggression or at the horizon; an `end` is a value read at the end of the
    world's decade (the horizon, or Ukraine's capitulation). `missing_unless` names the flag without
    which the value is missing (the month of an aggression that never came; a decade outcome of a
    world whose ceasefire never took effect).
    """

    name: str
    record: Literal["flag", "count", "state", "end"]
    unit: str
    description: str
    missing_unless: str | None = None
    categories: tuple[str, ...] | None = None
    party: str | None = None
    """The guarantor a per-party outcome is of (its declaration names it `{party}`)."""
    packages: bool = False
    """Its categories are the scenario's packages (recorded as a package's index)."""

    def of(self, party: str) -> Outcome:
        """The per-party outcome for one guarantor."""
        unless = self.missing_unless.format(party=party) if self.missing_unless else None
        return replace(self, name=self.name.format(party=party), description=self.description.format(
            party=PARTY_WORDS.get(party, party)), party=party, missing_unless=unless)  # fmt: skip


PARTY_WORDS = {
    "europe": "Europe",
    "us": "the US",
    "france": "France",
    "united_kingdom": "the United Kingdom",
    "germany": "Germany",
    "poland": "Poland",
    "italy": "Italy",
    "nordic_baltic": "the Nordic-Baltic states",
    "canada": "Canada",
}
"""How the text names a guarantor (any other by its key)."""


DECLARED: tuple[Outcome, ...] = (
    Outcome(
        "accepted",
        "flag",
        "yes/no",
        "a ceasefire took effect within the horizon: under start: ceasefire, Russia accepted it with this "
        "package at month 0 (or it was imposed); under start: war, both sides accepted the offer on the "
        "table in some month",
    ),
    Outcome(
        "scored",
        "flag",
        "yes/no",
        "the world's decade is scored from month 0 (every world under start: war; under start: ceasefire, "
        "the worlds whose ceasefire took effect: the decade outcomes are of these worlds only)",
    ),
    Outcome(
        "ceasefire_month",
        "count",
        "month",
        "month the first ceasefire took effect (0 under start: ceasefire)",
        missing_unless="accepted",
    ),
    Outcome(
        "offer_accepted",
        "count",
        "package",
        "the package whose offer the ceasefire was agreed on (the package itself, or one its offers "
        "stepped down to)",
        missing_unless="accepted",
        packages=True,
    ),
    Outcome("aggression", "flag", "yes/no", "Russia renewed its aggression before the horizon"),
    Outcome("month", "count", "month", "month of the first renewed aggression", missing_unless="aggression"),
    Outcome(
        "kind", "count", "category", "what the first aggression was", categories=("none", "limited", "full")
    ),
    Outcome(
        "deliberate",
        "flag",
        "yes/no",
        "the first offensive had positive expected utility under Russia's beliefs (not a choice error)",
    ),
    Outcome("russia_gained", "flag", "yes/no", "the first offensive took ground"),
    Outcome(
        "direct_war",
        "flag",
        "yes/no",
        "a guarantor's forces fought Russia's at any time in the horizon (the war Europe fears; by "
        "guarantor `<party>_fought`, and the first offensive's `<party>_fought_first`)",
    ),
    Outcome(
        "{party}_fought",
        "flag",
        "yes/no",
        "{party}'s forces fought Russia's at any time in the horizon",
        party="*",
    ),
    Outcome("{party}_fought_first", "flag", "yes/no", "{party} fought the first offensive", party="*"),
    Outcome(
        "{party}_left",
        "flag",
        "yes/no",
        "{party} left for good, for want of resolve: a member of the coalition's states ended everything it "
        "gave (troops, pledge, aid, backstop); the aggregate europe, or a party outside the coalition, "
        "took its troops home",
        party="*",
    ),
    Outcome(
        "{party}_left_month",
        "count",
        "month",
        "month {party} left",
        party="*",
        missing_unless="{party}_left",
    ),
    Outcome(
        "force_unviable",
        "flag",
        "yes/no",
        "the force fell below its viable size (world.cohesion.viable_force_share of its declared troops) as "
        "members left, and the rest went home (coalition: states)",
    ),
    Outcome("probes", "count", "probes", "grey-zone probes before the first aggression or the horizon"),
    Outcome("incidents", "count", "incidents", "answered probes that turned into incidents with casualties"),
    Outcome(
        "force_withdrawn",
        "flag",
        "yes/no",
        "the force went home (resolve ran out, on schedule, or its state would not fight the war around it)",
    ),
    Outcome(
        "force_left_war",
        "flag",
        "yes/no",
        "the force first went home because its state stayed out of (or left) a war, not at peace",
    ),
    Outcome(
        "withdrawal_month",
        "count",
        "month",
        "month the reassurance force first went home",
        missing_unless="force_withdrawn",
    ),  # fmt: skip
    Outcome(
        "attack_utility",
        "state",
        "utility units",
        "expected utility, under Russia's beliefs, of the offensive it chose (at peace: of its better "
        "offensive), at the end",
    ),
    Outcome(
        "belief_{party}",
        "state",
        "probability",
        "Russia's believed resolve of {party}, at the end",
        party="*",
    ),
    Outcome("resolve_{party}", "state", "probability", "the true resolve of {party}, at the end", party="*"),
    Outcome("russia_power", "state", "× Ukraine's at the ceasefire", "Russia's military power, at the end"),
    Outcome("ukraine_power", "state", "× Ukraine's at the ceasefire", "Ukraine's military power, at the end"),
    # ---------------------------------------------------------------- the decade (after the first shot)
    Outcome(
        "peace_months",
        "count",
        "months",
        "months at peace under the ceasefire (neither build-up nor war)",
        missing_unless="scored",
    ),
    Outcome(
        "buildup_months",
        "count",
        "months",
        "months of visible build-up to a full invasion (not war months)",
        missing_unless="scored",
    ),
    Outcome(
        "war_months",
        "count",
        "months",
        "months at war within the horizon: before the first ceasefire (start: war) and in renewed "
        "wars (the month a war begins and the month it ends count)",
        missing_unless="scored",
    ),
    Outcome("wars", "count", "wars", "renewed wars started", missing_unless="scored"),
    Outcome(
        "ceasefires",
        "count",
        "ceasefires",
        "ceasefires reached after renewed wars",
        missing_unless="scored",
    ),
    Outcome(
        "territory_lost",
        "end",
        "% of Ukraine (603,550 km²)",
        "points of Ukraine's 1991 territory Russia holds at the horizon beyond what it held at month 0 "
        "(negative: Ukraine took ground back; on capitulation, everything Ukraine held at month 0)",
        missing_unless="scored",
    ),
    Outcome(
        "casualties_ukraine",
        "end",
        "thousand killed and wounded",
        "Ukraine's military casualties from month 0 (the war before a ceasefire, and renewed wars)",
        missing_unless="scored",
    ),
    Outcome(
        "casualties_russia",
        "end",
        "thousand killed and wounded",
        "Russia's military casualties from month 0 (the war before a ceasefire, and renewed wars)",
        missing_unless="scored",
    ),
    Outcome(
        "cost_bn",
        "end",
        "€bn",
        "what the package cost from month 0 to the end of the decade: each component's annual cost for "
        "the months it was in force, at the size it had (a force that went home, a backstop that "
        "paused, arms a donor stopped paying cost nothing then; sim.model.costs)",
        missing_unless="scored",
    ),
    Outcome(
        "casualties_{party}",
        "end",
        "thousand killed and wounded",
        "{party}'s military casualties from month 0 (exposure, not a forecast)",
        party="*",
        missing_unless="scored",
    ),
    Outcome(
        "direct_war_months",
        "count",
        "months",
        "months in which a guarantor's forces fought Russia's",
        missing_unless="scored",
    ),
    Outcome(
        "nuclear_threat",
        "flag",
        "yes/no",
        "Russia made nuclear threats at war within the horizon",
        missing_unless="scored",
    ),
    Outcome(
        "nuclear_use",
        "flag",
        "yes/no",
        "nuclear use under the assumed hazard (world.war.nuclear_use_hazard: an "
        "assumption, reported as exposure, never a forecast)",
        missing_unless="scored",
    ),
    Outcome("capitulated", "flag", "yes/no", "Ukraine capitulated", missing_unless="scored"),
    Outcome(
        "capitulation_month",
        "count",
        "month",
        "month Ukraine capitulated (later months are neither peace nor war)",
        missing_unless="capitulated",
    ),
    Outcome(
        "first_war_months",
        "count",
        "months",
        "months the first renewed war lasted, within the horizon",
        missing_unless="aggression",
    ),
    Outcome(
        "first_war_end",
        "count",
        "category",
        "how the first renewed war ended",
        categories=("none", "ongoing", "ceasefire_decisive", "ceasefire_stalemate", "capitulation"),
    ),
    Outcome("war_again", "flag", "yes/no", "a second renewed war began after a ceasefire ended the first"),
    Outcome(
        "second_war_month", "count", "month", "month the second renewed war began", missing_unless="war_again"
    ),
)
"""The outcomes of every world under every package, in the column order of `runs.parquet`; a
per-party outcome (`party="*"`) stands for one column per guarantor of the scenario, in its order."""


def outcomes_for(parties: list[str] | tuple[str, ...]) -> tuple[Outcome, ...]:
    """The outcomes of a scenario with these guarantors, in column order."""
    return tuple(x for o in DECLARED for x in ([o.of(g) for g in parties] if o.party == "*" else [o]))


OUTCOMES = outcomes_for(("europe", "us"))
"""The outcomes of a scenario with the default guarantors (the README's table)."""
OUTCOME_COLUMNS = tuple(o.name for o in OUTCOMES)
IDENTITY_COLUMNS = {
    "package": "the package",
    "world": "index of the world (the same world under every package: common random numbers)",
    "seed": "the seed of the run",
    "chunk": "the chunk of work it ran in (its random streams are keyed by the block of runs)",
    "point": "design point (sweeps only)",
    "run": "the world's index within its point: run r is the same world at every point (sweeps only)",
}


def outcomes_table() -> str:
    """The columns of `runs.parquet` as a Markdown table (generated into the README)."""
    lines = ["| column | unit | meaning |", "| --- | --- | --- |"]
    for name, meaning in IDENTITY_COLUMNS.items():
        lines.append(f"| `{name}` | | {meaning} |")
    for o in OUTCOMES:
        note = f" (empty unless `{o.missing_unless}`)" if o.missing_unless else ""
        unit = ", ".join(o.categories) if o.categories else o.unit
        lines.append(f"| `{o.name}` | {unit} | {o.description}{note} |")
    return "\n".join(lines)
