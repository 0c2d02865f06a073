"""The road to a ceasefire (`start: war`): the war at month 0, and what moves each side to accept an offer.

Under `start: war` the horizon opens on the war as it stands (the front, both sides' power, losses so
far) and no ceasefire is in force. Every month both sides weigh the offer on the table (the package, or
the one its `offers:` have stepped down to, with its `terms:`) against fighting on; a ceasefire comes in
a month both accept. Russia's monthly log-odds of accepting (docs/model.md, "The road to a ceasefire"):

    russia_base + end_convergence × ln(months of war) + end_costs × ln(1 + casualties / 100k)
      + economy × years since month 0 − claim × (share of its claim not held) − end_momentum × gaining
      (the front's expected movement, before its noise, goes its way by more than stalled_front)
      − objection(package) − acceptance.ambition × ln(ambition) − acceptance.power × ln(force ratio)
      + recognition × (the deal recognises its hold) + army_limit × (the deal caps Ukraine's army)

Ukraine's: ukraine_base + ukraine_guarantee × (its belief that the guarantors would fight a renewed
attack) + ukraine_costs × ln(1 + its casualties since month 0 / 100k) − end_momentum × (Ukraine gaining)
− ukraine_recognition × recognition − ukraine_army_limit × army cap. [S] marks a figure from a public
source (docs/domain.md section 6), [M] this model's assumption, a prior with a wide range.
"""

from __future__ import annotations

from sim.schema.params import Section, Triangular, Uncertain, param


def _tri(low: float, mode: float, high: float) -> Triangular:
    return Triangular(dist="triangular", low=low, mode=mode, high=high)


class TalksWorld(Section):
    """The war at month 0 and both sides' monthly acceptance of the offer on the table (`start: war`)."""

    # ------------------------------------------------------------------ the war at month 0
    war_age_months: Uncertain = param(
        47,
        "months",
        0,
        600,
        "Months the war has run at month 0 (the convergence term's clock). [S] 24 February 2022 to "
        "January 2026, the date of the front, powers and losses below.",
        whole=True,
    )
    russia_power: Uncertain = param(
        _tri(1.0, 1.3, 1.7),
        "Ukraine's power at month 0 = 1",
        0.1,
        10,
        "Russia's military power at month 0 under start: war (start: ceasefire uses "
        "world.russia.initial_power). [S] ~700,000 troops in the war zone against Ukraine's "
        "~880,000-900,000 under arms (docs/domain.md section 3), and a front moving slowly Russia's "
        "way through 2024-25; [M] about 1.3 against Ukraine's fortified defence, as front_rate assumes.",
    )
    russia_losses: Uncertain = param(
        1200.0,
        "thousand killed and wounded",
        0,
        10000,
        "Russia's casualties before month 0, for its cost term. [S] About 1.2 million by January 2026 "
        "(CSIS, Jan 2026; docs/domain.md section 5).",
    )
    ukraine_losses: Uncertain = param(
        _tri(400.0, 550.0, 700.0),
        "thousand killed and wounded",
        0,
        10000,
        "Ukraine's casualties before month 0 (reported, not weighed: Ukraine's cost term counts from "
        "month 0). [S] 500,000-600,000 (CSIS, Jan 2026).",
    )
    stalled_front: Uncertain = param(
        0.02,
        "% of Ukraine per month",
        0,
        1,
        "A side expects to gain by fighting on (world.war.end_momentum comes off its acceptance) while "
        "the front's expected movement, before its monthly noise, goes its way by more than this. [S] "
        "Russia's monthly gains in 2024-25 were ~300-725 km² (0.05-0.12%); [M] 0.02% (~120 km²) a "
        "month is a stalled front.",
    )
    # ------------------------------------------------------------------ Russia's side
    russia_base: Uncertain = param(
        _tri(-3.5, -2.5, -1.5),
        "log-odds per month",
        -15,
        5,
        "Log-odds a month that Russia accepts a ceasefire on the line with nothing it objects to, "
        "before the terms of the formula. [S] No general ceasefire in ~47 months of war despite "
        "talks (Istanbul 2022; Istanbul, Alaska and the 28-point plan in 2025); Russia answered the "
        "30-day ceasefire Ukraine accepted on 11 Mar 2025 with conditions. [M] Set so that, with "
        "the claim unmet and the front moving its way, the monthly chance is about 1% "
        "(docs/calibration.md): under the rule-of-three bound of ~7% the record gives.",
    )
    claim: Uncertain = param(
        _tri(1.0, 2.5, 4.0),
        "log-odds at the whole claim unmet",
        0,
        10,
        "How much less Russia accepts a ceasefire while the line leaves its claim unmet "
        "(× the share of world.war.claimed_territory it does not hold): face-saving terms, which costs "
        "erode only slowly (Goemans 2000). [S] Putin, 14 Jun 2024: Ukraine's withdrawal from the four "
        "oblasts as a condition; the demand for the rest of Donetsk in 2025. [M] The size.",
    )
    economy: Uncertain = param(
        _tri(0.0, 0.1, 0.3),
        "log-odds per year since month 0",
        0,
        3,
        "How much a longer war's economic strain raises Russia's acceptance each year. [S] Military "
        "spending US$149bn in 2024 (+38%, SIPRI) and growth slowing in 2025; [M] slow: the strain "
        "has not forced a ceasefire.",
    )
    recognition: Uncertain = param(
        1.0,
        "log-odds",
        0,
        10,
        "Added to Russia's acceptance when the deal recognises its hold on the occupied territory "
        "(a package's terms.recognition). [S] Putin, 14 Jun 2024: recognition of the annexations "
        "as a condition; [M] the size.",
    )
    army_limit: Uncertain = param(
        1.0,
        "log-odds",
        0,
        10,
        "Added to Russia's acceptance when the deal caps Ukraine's army (terms.army_limit). [S] "
        "Istanbul 2022: Russia asked for a cap of 85,000 (docs/evidence.md); the 28-point plan's "
        "600,000. [M] The size.",
    )
    # ------------------------------------------------------------------ Ukraine's side
    ukraine_base: Uncertain = param(
        _tri(-1.5, -0.5, 0.5),
        "log-odds per month",
        -15,
        10,
        "Log-odds a month that Ukraine accepts a ceasefire on the line with no guarantee at all. "
        "[S] Ukraine accepted the US 30-day ceasefire on 11 Mar 2025, but 63% were ready to endure "
        "the war 'as long as necessary' and 56-69% expected Russia to attack again after a deal "
        "(KIIS, Sep and Dec 2025). [M] About 38%: a freeze it fears will not hold.",
    )
    ukraine_guarantee: Uncertain = param(
        _tri(1.5, 3.0, 4.5),
        "log-odds at full believed protection",
        0,
        20,
        "How much more Ukraine accepts a ceasefire the more it believes the guarantors would fight a "
        "renewed attack (1 − Π(1 − chance each fights), at its beliefs about their resolve). [S] "
        "KIIS, Dec 2025: 72% accept a freeze on the line with guarantees and no recognition. [M] "
        "Full protection lifts 38% to about 92%.",
    )
    ukraine_costs: Uncertain = param(
        _tri(0.0, 0.3, 0.6),
        "log-odds per unit ln(1 + casualties since month 0 / 100k)",
        0,
        3,
        "How much Ukraine's losses after month 0 raise its acceptance (manpower exhaustion). [S] "
        "The share of Ukrainians ready for territorial concessions rose through 2024-25 as losses "
        "mounted (KIIS); [M] the size.",
    )
    ukraine_recognition: Uncertain = param(
        4.0,
        "log-odds",
        0,
        20,
        "Taken off Ukraine's acceptance when the deal recognises Russia's hold. [S] KIIS, Dec 2025: "
        "75% reject the plan with withdrawal, army limits and recognition; Ukraine's constitution "
        "forbids ceding territory. [M] The size.",
    )
    ukraine_army_limit: Uncertain = param(
        1.5,
        "log-odds",
        0,
        20,
        "Taken off Ukraine's acceptance when the deal caps its army. [S] Ukraine offered 250,000 "
        "against Russia's 85,000 in 2022; [M] the size.",
    )
    ukraine_prior: Uncertain = param(
        0.5,
        "probability",
        0.01,
        0.99,
        "Ukraine's prior belief in each guarantor's resolve at month 0 (a Beta mean, strength "
        "ukraine_prior_strength). [M] Neither trusting nor distrusting, after 2022-25.",
    )
    ukraine_prior_strength: Uncertain = param(
        4.0,
        "pseudo-observations",
        0.1,
        100,
        "How firmly Ukraine holds its prior: aid paid or stopped moves it by ukraine_signal a month. [M]",
    )
    ukraine_signal: Uncertain = param(
        0.1,
        "pseudo-observations per month",
        0,
        5,
        "Weight of a month of aid paid (at the donor's true resolve) or promised and stopped (against) "
        "in Ukraine's belief. [M] Twice Russia's signal_monthly: Ukraine sees its partners closely.",
    )
