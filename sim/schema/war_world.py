"""The renewed war: lead times, build-up, the front, attrition, intervention, escalation and its end.

Every parameter says what it rests on: [S] a figure read in a public source (docs/domain.md section 5
gives the address), [M] this model's assumption or calibration choice, a prior and not a fact, and
[A] an assumption that is not calibrated at all and is reported only as exposure or a sensitivity
(nuclear use). Ranges are wide where the evidence is thin (docs/calibration.md, "The renewed war").
"""

from __future__ import annotations

from sim.schema.params import Section, Triangular, Uncertain, param


def _tri(low: float, mode: float, high: float) -> Triangular:
    return Triangular(dist="triangular", low=low, mode=mode, high=high)


class WarWorld(Section):
    """How a renewed war is prepared, fought, widened, escalated and ended, month by month."""

    # ------------------------------------------------------------------ before the shot
    limited_lead_months: Uncertain = param(
        _tri(1, 2, 6),
        "months",
        0,
        60,
        "Months after a ceasefire before Russia can mount a limited offensive (units must rest and "
        "refit). [S] CSIS/Jensen 2025: larger ceasefire failures came 65-193 days after the "
        "ceasefire; DDIS (Feb 2025): a local war within about 6 months. Drawn per world; at least "
        "1 by default, so no world attacks in the ceasefire's first month (0: ready at once).",
        whole=True,
    )
    full_lead_months: Uncertain = param(
        _tri(18, 36, 60),
        "months",
        1,
        240,
        "Months after a ceasefire before Russia could mount a full invasion again. [S] DDIS (Feb "
        "2025): a regional war in about 2 years, a large war in Europe in about 5; after Minsk II "
        "Russia waited 7 years. Drawn per world.",
        whole=True,
    )
    buildup_months: Uncertain = param(
        3,
        "months",
        1,
        12,
        "Months of visible build-up before a full invasion, in which the guarantors see it coming and "
        "Russia may stand down. [S] The 2021-22 build-up ran about four months (October 2021 to "
        "February 2022); the spring 2021 build-up ended without an attack.",
        whole=True,
    )
    buildup_warning_days: Uncertain = param(
        30.0,
        "days",
        0,
        180,
        "Days of warning a seen build-up gives the guarantors' forces (beyond their decision lag): "
        "their reaction days shorten by this for the invasion it ends in. [M] A month of the "
        "build-up's three or four used to reinforce.",
    )
    # ------------------------------------------------------------------ the front
    initial_territory: Uncertain = param(
        19.5,
        "% of Ukraine's 1991 territory",
        0,
        100,
        "Share of Ukraine's internationally recognised territory (603,550 km²) Russia holds at the "
        "ceasefire, Crimea included. [S] About 18% in January 2025 and 20% in March 2025 in "
        "ISW-based reports (docs/domain.md section 5).",
    )
    limited_objective: Uncertain = param(
        _tri(0.3, 1.0, 3.0),
        "% of Ukraine",
        0,
        20,
        "Ground a successful limited offensive takes in its first month (a salient, a city, the rest "
        "of an oblast). [M] 1% is about 6,000 km², a little more than the rest of Donetsk oblast; "
        "Georgia 2008 and Debaltseve 2015 were smaller.",
    )
    full_grab: Uncertain = param(
        _tri(4.0, 10.0, 20.0),
        "% of Ukraine",
        0,
        60,
        "Ground a successful full invasion takes in its manoeuvre phase (its first month). [S] About "
        "120,000 km² (20%) in the first weeks of 2022, of which Ukraine retook about 50,000 km² that "
        "year: the mode is the net.",
    )
    front_rate: Uncertain = param(
        0.25,
        "% of Ukraine per month per unit ln(force ratio)",
        0,
        2,
        "How fast the front moves in positional war: the monthly change in Russia's share is this × "
        "intensity × ln(attacking power / defence). [S] Russia's net gains were about 4,000-5,600 "
        "km² a year in 2024-25 (under 1% of Ukraine a year, ~0.07%/month); [M] at a force ratio of "
        "about 1.3 (ln 0.26). The 3:1 rule is contested, so the ratio is a wide prior.",
    )
    front_noise: Uncertain = param(
        0.03,
        "% of Ukraine per month",
        0,
        1,
        "Standard deviation of the front's monthly movement about its trend (offensives, "
        "weather, breakthroughs). [M] About half the trend at 2024-25's pace.",
    )
    front_max: Uncertain = param(
        0.17,
        "% of Ukraine per month",
        0.01,
        10,
        "Most ground that changes hands in a month of positional war, either way. [S] The 2024-25 "
        "monthly peaks were ~700-725 km² (0.12%); 1,000 km² is 0.17%.",
    )
    limited_intensity: Uncertain = param(
        _tri(0.03, 0.1, 0.3),
        "share of full-scale war",
        0,
        1,
        "Intensity of a limited war (casualties and the front's pace) against full-scale war. [S] "
        "Donbas 2014-15: about 9,200 killed in 22 months, 400 a month, against about 12,000 Russian "
        "soldiers killed a month in 2025; [M] a limited offensive on today's front would be more "
        "intense than 2014's, so the range is wide.",
    )
    claimed_territory: Uncertain = param(
        _tri(2.0, 4.0, 8.0),
        "% of Ukraine",
        0.1,
        100,
        "Ground Russia claims beyond the ceasefire line (the limited aims: the parts of the four "
        "oblasts it annexed in 2022 that it does not hold). A limited offensive is worth its value × "
        "the share of the claim not yet taken: aims that are met stop driving war. [S] Donetsk, "
        "Luhansk, Zaporizhzhia and Kherson oblasts cover about 109,000 km² (18% of Ukraine), of which "
        "Russia held roughly three quarters in 2025; [M] the rest, about 4%.",
    )
    occupation_cost: Uncertain = param(
        0.005,
        "utility units per % of Ukraine taken",
        0,
        1,
        "What holding ground beyond the ceasefire line costs Russia (garrisons, a longer front, "
        "insurgency), weighed in its choice at the ground an offensive would take: the reason limited "
        "aims are the cheaper choice where holding ground is dear. [M] No source gives its size: "
        "0.005 adds about 0.05 to a full invasion's expected cost (6% of full_cost); at 0.02 full "
        "invasions all but vanish and fact 9 (the commitment problem) fails (docs/calibration.md).",
    )
    # ------------------------------------------------------------------ attrition
    attrition: Uncertain = param(
        0.03,
        "power per month per unit defence",
        0,
        0.5,
        "Power Russia loses a month of full-scale war for each unit of defending power it fights "
        "(Lanchester's square law: losses grow with the enemy's strength). [S] Over 400,000 Russian "
        "casualties in 2025 (UK Defence Intelligence), about 35,000 a month; 1.2 million since 2022 "
        "(CSIS, Jan 2026); [M] against a defence of about 1.3, at casualties_per_power 900.",
    )
    exchange_ratio: Uncertain = param(
        _tri(2.0, 3.0, 4.0),
        "attacker : defender losses at parity",
        0.5,
        10,
        "Attacker's losses per defender's loss at a force ratio of one; the defenders lose "
        "attrition × intensity × attacking power / this, shared in proportion to the power each "
        "brings. [S] CSIS: about 1.2 million Russian against 0.5-0.6 million Ukrainian casualties "
        "(2-2.5 : 1) at force ratios near 1.2-1.5, so about 3 at parity [M].",
    )
    casualties_per_power: Uncertain = param(
        900.0,
        "thousand killed and wounded per unit of power",
        10,
        10000,
        "Casualties a unit of power lost stands for (the conversion to casualties). [S] Ukraine's "
        "army, whose power is the unit, is about 880,000-900,000 strong (docs/domain.md section 3).",
    )
    russia_replacement: Uncertain = param(
        _tri(0.6, 0.85, 1.0),
        "share of losses",
        0,
        1,
        "Share of its war losses Russia replaces each month by recruitment (on top of regeneration). "
        "[S] 30,000-40,000 recruits a month in 2025 (Western intelligence; Medvedev claimed ~35,000) "
        "against about 35,000 casualties (docs/domain.md section 5).",
    )
    ukraine_replacement: Uncertain = param(
        _tri(0.4, 0.7, 0.9),
        "share of losses",
        0,
        1,
        "Share of its war losses Ukraine replaces each month by mobilisation. [M] Below Russia's: "
        "Ukraine's mobilisation lagged its losses in 2024-25.",
    )
    capitulation_power: Uncertain = param(
        0.3,
        "Ukraine's power at the ceasefire = 1",
        0,
        1,
        "Ukraine capitulates when its army's power falls below this: it can no longer hold a front. "
        "[M] Less than a third of the army that held the ceasefire line.",
    )
    # ------------------------------------------------------------------ intervention
    interest_weight: Uncertain = param(
        0.5,
        "probability at full interest and resolve",
        0,
        1,
        "How far a guarantor's own interest in Ukraine's fate (its `interest`) brings it into a war "
        "without a treaty: its chance of fighting gains this × interest × resolve × the threat. "
        "[S] Korea 1950, Kuwait 1990 and the Falklands: interested powers fought without a treaty. "
        "[M] Size.",
    )
    nuclear_shadow: Uncertain = param(
        0.8,
        "share",
        0,
        1,
        "Share of the interest-driven pull a nuclear-armed attacker takes away. [S] The West fought "
        "nuclear-armed Russia for a non-ally in none of Georgia 2008, Crimea 2014 and 2022 (0 of 3); "
        "set 0 for a non-nuclear attacker.",
    )
    alliance_pull: Uncertain = param(
        0.3,
        "probability at full resolve",
        0,
        1,
        "Chance, × its resolve and × how far it is party to the guarantee (its engagement, or its "
        "interest if larger), that a guarantor follows another into the war (solidarity, shared "
        "risk). [M]",
    )
    threat_scale: Uncertain = param(
        5.0,
        "% of Ukraine",
        0.1,
        100,
        "Ground lost since the ceasefire at which the threat a guarantor sees is full: threat = "
        "min(ground lost / this, 1) (a full invasion's first month counts as full threat). [M]",
    )
    war_fatigue: Uncertain = param(
        0.3,
        "logit units per unit ln(1 + casualties / casualty_scale)",
        0,
        5,
        "How far a guarantor's own war casualties lower its resolve, × its casualty aversion: "
        "concave, steep at first, then slower. [S] Mueller 1973, 2005: support falls with the log "
        "of cumulative casualties.",
    )
    casualty_scale: Uncertain = param(
        0.05,
        "thousand killed and wounded",
        0.001,
        100,
        "Casualties at which the fall of support bends (the log's scale). [M] Tens of dead: a few "
        "dozen soldiers killed are a political event (Beirut 1983, Mogadishu 1993).",
    )
    winning_relief: Uncertain = param(
        0.5,
        "share",
        0,
        1,
        "Share of the casualty fatigue spared in a month the war goes the guarantor's way (Russia "
        "loses ground). [S] Gelpi, Feaver & Reifler 2009; Sidman & Norpoth 2012: the prospect of "
        "success moderates casualty sensitivity.",
    )
    # ------------------------------------------------------------------ escalation
    threat_on_invasion: Uncertain = param(
        0.5,
        "probability",
        0,
        1,
        "Chance Russia signals nuclear threats (alerts, deployments, explicit threats) in a full "
        "invasion's first month. [S] Russia put its deterrence forces on alert on the fourth day of "
        "the 2022 invasion, with no guarantor in the war.",
    )
    threat_direct: Uncertain = param(
        0.3,
        "probability per month",
        0,
        1,
        "Monthly chance of nuclear threats while a guarantor's forces fight Russia's. [M] Direct war "
        "with NATO states is the contingency Russia's doctrine names.",
    )
    threat_losing: Uncertain = param(
        0.2,
        "probability per month",
        0,
        1,
        "Monthly chance of nuclear threats while Ukraine retakes ground Russia held at the ceasefire "
        "(land it has annexed). [S] The US estimate of the chance of use rose to ~50% for the "
        "Kherson contingency in autumn 2022 (Woodward); but the Kursk incursion (2024) met a muted "
        "answer.",
    )
    losing_margin: Uncertain = param(
        1.0,
        "% of Ukraine",
        0,
        20,
        "Ground Russia must lose below the ceasefire line (land it annexed or held) before it counts "
        "as a threat to its own territory. [S] The Kursk incursion (~1,300 km², 0.2%) met a muted "
        "answer; the autumn 2022 counter-offensives (Kharkiv ~12,000 km², Kherson) brought the "
        "signalling of that autumn. [M] 1% (~6,000 km²).",
    )
    nuclear_restraint: Uncertain = param(
        0.9,
        "share",
        0,
        1,
        "Share of a guarantor's chance of entering a war that Russia's nuclear threats take away "
        "while they last. [M] Entry at most ~0.1 a month under threats.",
    )
    nuclear_use_hazard: Uncertain = param(
        0.002,
        "probability per month",
        0,
        0.1,
        "ASSUMPTION, not a calibrated figure [A]: the monthly chance of nuclear use while threats are "
        "made, a guarantor fights Russia directly and Russia is losing land it held at the ceasefire. "
        "No use since 1945 gives no base rate: the model's figure is exposure to the top of the "
        "ladder under this assumption, never a forecast. Sweep it.",
    )
    # ------------------------------------------------------------------ the end of a war
    end_limited: Uncertain = param(
        -1.5,
        "log-odds per month",
        -10,
        5,
        "Log-odds a month that a limited war ends in a ceasefire, before the terms below. [S] "
        "Russia's limited wars were short (Georgia 2008: five days; Ilovaisk and Debaltseve: weeks, "
        "each closed by a Minsk agreement); post-1945 interstate wars median under 3 months "
        "(Fearon 2004).",
    )
    end_full: Uncertain = param(
        -4.0,
        "log-odds per month",
        -10,
        5,
        "Log-odds a month that a full-scale war ends in a ceasefire, before the terms below. [S] The "
        "war since 2022 has run over 45 months without one; COW wars: mean about 13 months with a "
        "heavy tail.",
    )
    end_convergence: Uncertain = param(
        0.3,
        "log-odds per unit ln(months of war)",
        0,
        3,
        "How much the months of fighting raise the chance of a ceasefire: each month reveals the "
        "balance and expectations converge. [S] Slantchev 2003; Filson & Werner 2002.",
    )
    end_costs: Uncertain = param(
        0.2,
        "log-odds per unit ln(1 + Russia's casualties / 100k)",
        0,
        3,
        "How much Russia's casualties in this war raise the chance of a ceasefire. [S] Weak: 1.2 "
        "million casualties did not bring Russia to a general ceasefire by the end of 2025.",
    )
    end_decisive: Uncertain = param(
        2.0,
        "log-odds",
        0,
        10,
        "Added while the war's outcome is clear: a limited offensive holds at least half its objective, "
        "or Russia fights at less than failure_ratio of the defence. [S] Kreutz 2010: victories come in "
        "short wars; Werner & Yuen 2005: consistent battle outcomes end wars in lasting ceasefires.",
    )
    end_momentum: Uncertain = param(
        0.5,
        "log-odds",
        0,
        5,
        "Taken off in a month Russia gains ground (a side that believes momentum is with it fights "
        "on). [S] Filson & Werner 2002.",
    )
    failure_ratio: Uncertain = param(
        0.5,
        "force ratio",
        0.05,
        2,
        "Below this ratio of attacking power to defence the offensive has clearly failed (a decisive "
        "outcome). [M]",
    )
