"""Checks 11-13: that renewed war is calculated, that its risk falls, and that the error scale is minor.

They sit beside the ten stylised facts (`sim/validation/facts.py`) and are reported with them by
`deter validate --facts`: the first two are what the evidence says of ceasefires (Fortna, Peace Time)
and of war as a choice (Fearon 1995), the third that the model's answers do not hang on its one free
noise parameter.
"""

from __future__ import annotations

import numpy as np

from sim.schema.world import World
from sim.validation.checks import (
    Fact,
    Measure,
    Runs,
    above,
    deterred,
    exact_share,
    hazard,
    paired,
    per_world,
    rate_ratio,
    within,
)

EARLY_YEARS = 3
"""Failures within this many years must be a large share of ten-year failures."""
EARLY_SHARE = 0.4
"""... at least this share (the calibration target of docs/calibration.md)."""
FIRST_YEAR_RATIO = 2.0
"""The year-1 hazard must be at least this multiple of the mean hazard of years 5-10."""
DELIBERATE = 0.5
"""Share of first attacks chosen with positive expected utility: above this, war is 'mostly' chosen."""
SWING = 0.20
"""Halving or doubling the temperature may move `none`'s deterrence rate by less than this."""
TOP = 4
"""The ranking of the baseline's top packages that must survive halving or doubling the temperature."""
TIE = 0.01
"""Two packages are ordered at the default temperature when their paired interval lies above 1 pp."""
TIE_MARGIN = 0.05
"""... otherwise they are a tie, which changing the temperature must not turn into a 5-point lead."""
BASELINE = "../baseline.yaml"
"""Check 13 runs the baseline scenario itself (relative to scenarios/validation/)."""
IN_PLACE = ("russia_veto=false", "start=ceasefire")
"""Every package in place from month 0 (the question of checks 13 and 19: what a package does once agreed)."""
HELD_FIRM = ("none", "arms_only", "force_rear", "force_tripwire", "pledge_only", "us_backstop_force",
             "buffer_zone", "combined", "eu_membership", "nato")  # fmt: skip
"""The baseline's packages that hold one offer (a strategy that steps down means nothing from a ceasefire)."""
"""... with every package in place: the check is of the error scale of deterrence, not of the veto."""
TEMPERATURE = World().russia.temperature


def declining_hazard(runs: Runs) -> list[Measure]:
    """Check 11: without a guarantee the hazard falls: year 1 against years 5-10; early failures."""
    r = runs.get("fact02_early_peak.yaml")
    horizon = r.scenario.horizon_months
    ratio = rate_ratio(*hazard(r, "none", 1, 12), *hazard(r, "none", 49, horizon))
    month = per_world(r, "none", "month")
    failed = np.isfinite(month)
    early = exact_share(int((month[failed] <= 12 * EARLY_YEARS).sum()), int(failed.sum()))
    return [
        above(
            f"hazard ratio, year 1 / years 5-{horizon // 12}",
            f"> {FIRST_YEAR_RATIO:g}",
            ratio,
            "ratio",
            FIRST_YEAR_RATIO,
        ),
        above(
            f"failures within {EARLY_YEARS} years / within {horizon // 12}",
            f"> {EARLY_SHARE:.0%}",
            early,
            "share",
            EARLY_SHARE,
        ),
    ]


def deliberate_war(runs: Runs) -> list[Measure]:
    """Check 12: first attacks mostly come in a month where the attack chosen pays under Russia's beliefs."""
    out = []
    for scenario, package in (
        ("fact02_early_peak.yaml", "none"),
        ("fact03_mechanisms_add_up.yaml", "all_three"),
    ):
        r = runs.get(scenario)
        table = r.runs[r.runs["package"] == package]  # one package: its worlds are independent
        attacks = table[table["aggression"]]
        label = package if package == "none" else f"{package} ({scenario})"
        out.append(
            above(
                f"deliberate share of first attacks, {label}",
                f"> {DELIBERATE:.0%}",
                exact_share(int(attacks["deliberate"].sum()), len(attacks)),
                "share",
                DELIBERATE,
            )
        )
    return out


def temperature_robustness(runs: Runs) -> list[Measure]:
    """Check 13: halving or doubling the choice error moves little and keeps the top of the ranking."""
    default = runs.get(BASELINE, *IN_PLACE, packages=HELD_FIRM)
    ranked = default.summary.sort_values("deterrence_rate", ascending=False)["package"].tolist()
    order = ranked[: TOP + 1]  # the top four, and the fifth that must stay below them
    needed = tuple(dict.fromkeys(["none", *order]))
    out = []
    for factor in (0.5, 2.0):
        t = TEMPERATURE * factor
        changed = runs.get(BASELINE, *IN_PLACE, f"world.russia.temperature={t:g}", packages=needed)
        swing = paired(deterred(changed, "none"), deterred(default, "none"))
        out.append(
            Measure(
                f"deterred, none: temperature {t:g} - {TEMPERATURE:g}",
                f"within ±{SWING * 100:.0f} pp",
                *swing,
                "pp",
                bool(-SWING < swing[1] and swing[2] < SWING),
            )
        )
        for better, worse in zip(order, order[1:], strict=False):
            label = f"deterred: {better} - {worse}, temperature {t:g}"
            now = paired(deterred(changed, better), deterred(changed, worse))
            if paired(deterred(default, better), deterred(default, worse))[1] > TIE:
                out.append(above(label, "> 0", now, "pp"))
            else:  # a tie at the default temperature has no order to keep: it must stay a tie
                out.append(within(label + " (a tie at the default)", now, margin=TIE_MARGIN))
    return out


CHECKS = (
    Fact(
        11,
        "The risk falls as the peace lasts",
        f"Without a guarantee the year-1 hazard is at least {FIRST_YEAR_RATIO:g}x the mean of years 5-10, "
        f"and at least {EARLY_SHARE:.0%} of ten-year failures come within {EARLY_YEARS} years.",
        "Fortna, Peace Time 2004; CSIS/Jensen 2025",
        "fact02_early_peak.yaml",
        declining_hazard,
        note="The fall comes from selection (the worlds where Russia values more war most attack first), "
        "momentum pressure that fades, and Ukraine's fortification; Russia's regeneration pushes the "
        "other way (check 9), which is why the hazard of years 5-10 does not reach zero.",
    ),
    Fact(
        12,
        "War is calculated",
        f"More than {DELIBERATE:.0%} of first attacks come in a month where the attack chosen has positive "
        "expected utility under Russia's beliefs.",
        "Fearon, 'Rationalist Explanations for War', IO 1995",
        "fact02_early_peak.yaml",
        deliberate_war,
        note="The rest are choice errors at the margin: attacks in a month when the best attack's utility "
        "was just below zero (the logit temperature is small). Every package's share is in summary.csv "
        "(deliberate_share).",
    ),
    Fact(
        13,
        "The error scale is minor",
        f"Halving or doubling Russia's choice temperature moves none's deterrence by less than "
        f"{SWING * 100:.0f} points and keeps the baseline's top {TOP} in order (packages tied at the "
        f"default stay within {TIE_MARGIN * 100:.0f} points of each other).",
        "Fearon 1995; this model's calibration (docs/calibration.md)",
        BASELINE,
        temperature_robustness,
        note="The baseline scenario at the default temperature, at half and at double it, on the same "
        "worlds, every package in place (no veto); the top four and the fifth below them compared pair "
        "by pair.",
    ),
)
"""Checks 11-13, reported after the ten facts."""
