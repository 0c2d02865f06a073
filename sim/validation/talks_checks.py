"""Checks 20-22: the road to a ceasefire, against how wars end and this war's own record.

Each rests on a source in docs/domain.md section 6 and gives its number. Checks 20 and 21 step the model
on `scenarios/validation/talks01_road.yaml` (2,000 worlds, the offer of a bare ceasefire held firm) and
count, month by month, the worlds still at war and those whose war ended in a ceasefire; check 22 reads
the baseline's strategies and both sides' chances in the first month. What the checks test is a
direction or an order of magnitude, not a trajectory: one war dominates the Ukraine-specific figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.model.model import DeterrenceModel
from sim.model.war import Phase
from sim.validation.checks import Fact, Measure, Runs, above, below, exact_share, rate_ratio

ROAD = "talks01_road.yaml"
BASELINE = "../baseline.yaml"
LATER = (25, 48)
"""Months whose ceasefire hazard is compared with the first year's (costs and convergence by then)."""
EXPECTS_RATIO = 0.5
"""A month in which Russia still expects to gain ground (it is gaining and holds less than half of what it
claims) ends in a ceasefire at most this share as often as any other month of the war."""
FEW_MONTHS = 6
WITHIN_FEW = 0.5
"""No default strategy of the baseline ends the war within FEW_MONTHS in as many as WITHIN_FEW of worlds."""
RULE_OF_THREE = 0.07
"""No general ceasefire in ~46 months of talks: by the rule of three, a monthly hazard below 3/46 (95%)."""
NONE_BY = 45
NONE_SHARE = 0.05
"""Fact 12 (docs/domain.md): at least this share of worlds has no ceasefire within NONE_BY months."""
FREEZE, CESSION = 0.6, 0.3
"""KIIS, Dec 2025: 72% accept a freeze on the line with guarantees (≥ FREEZE); 75% reject withdrawal with
army limits and recognition (cession accepted ≤ CESSION)."""


@dataclass
class Months:
    """Month-by-month counts of the worlds still at war before a ceasefire, and of ceasefires."""

    at_risk: np.ndarray  # worlds talking at the start of each month (months 1..H)
    agreed: np.ndarray  # of which a ceasefire took effect that month
    expects: np.ndarray  # worlds talking in a month a side expects to gain (see `road`)
    expects_agreed: np.ndarray
    unmet: np.ndarray  # worlds talking in a month Russia holds less than half its claim
    unmet_agreed: np.ndarray
    moving: np.ndarray  # ... of which the front is expected to move Russia's way
    moving_agreed: np.ndarray


def road(runs: Runs, package: str = "none") -> Months:
    """Step the road scenario's `package` (2,000 worlds) and count each month's worlds and ceasefires.

    Kept with the runs (checks 20 and 21 read the same counts).
    """
    kept = runs.__dict__.setdefault("roads", {})
    if package not in kept:
        kept[package] = _road(runs, package)
    return kept[package]


def _road(runs: Runs, package: str) -> Months:
    scenario = runs.scenario(ROAD)
    scenario = scenario.model_copy(update={"packages": [scenario.package(package)]})
    model = DeterrenceModel(scenario, scenario.runs, scenario.seed)
    h = scenario.horizon_months
    keys = ("at_risk", "expects", "unmet", "moving")
    counts = {
        k: np.zeros(h) for key in keys for k in (key, "agreed" if key == "at_risk" else f"{key}_agreed")
    }
    w = model.params.war
    for month in range(h):
        talking = (model.state.phase == Phase.WAR) & ~model.state.accepted
        model.step()
        war = model.recorder.war
        if war is None:
            continue
        stall = model.params.talks.stalled_front
        unmet = talking & (model.state.territory - w.initial_territory < 0.5 * w.claimed_territory)
        moving = unmet & (war.trend > stall)
        expects = moving | (talking & (war.trend < -stall))  # Russia short of its claim, or Ukraine, gaining
        for key, where in (("at_risk", talking), ("expects", expects), ("unmet", unmet), ("moving", moving)):
            counts[key][month] = where.sum()
            agreed_key = "agreed" if key == "at_risk" else f"{key}_agreed"
            counts[agreed_key][month] = (where & war.agreed).sum()
        if not model.running:
            break
    model.release()
    return Months(**counts)


def costs_and_stalemate(runs: Runs) -> list[Measure]:
    """Check 20: the ceasefire hazard rises as costs mount, and is higher in months the front stalls."""
    m = road(runs)
    first, later = slice(0, 12), slice(LATER[0] - 1, LATER[1])
    ratio = rate_ratio(
        m.agreed[later].sum(), m.at_risk[later].sum(), m.agreed[first].sum(), m.at_risk[first].sum()
    )
    stalled, stalled_agreed = m.unmet - m.moving, m.unmet_agreed - m.moving_agreed
    stall_ratio = rate_ratio(stalled_agreed.sum(), stalled.sum(), m.moving_agreed.sum(), m.moving.sum())
    return [
        above(f"ceasefire hazard, months {LATER[0]}-{LATER[1]} / months 1-12 (no guarantee)", "> 1", ratio,
              "ratio", 1.0),
        above("ceasefire hazard, Russia short of half its claim: front stalled or turned / moving its way",
              "> 1", stall_ratio, "ratio", 1.0),
    ]  # fmt: skip


def expecting_gains(runs: Runs) -> list[Measure]:
    """Check 21: a month in which Russia still expects to gain ground rarely ends in a ceasefire."""
    m = road(runs)
    other = m.at_risk - m.expects
    ratio = rate_ratio(
        m.expects_agreed.sum(), m.expects.sum(), (m.agreed - m.expects_agreed).sum(), other.sum()
    )
    label = "ceasefire hazard, months a side expects to gain / other months"
    return [
        below(label + " (the direction)", "< 1", ratio, "ratio", 1.0),
        below(label + " (rarely)", f"< {EXPECTS_RATIO:g}", ratio, "ratio", EXPECTS_RATIO, known=True),
    ]


def the_record(runs: Runs) -> list[Measure]:
    """Check 22: the baseline's default offers do not end the war in a few months; Ukraine's side (KIIS)."""
    base = runs.get(BASELINE, "runs=2000")
    table = base.runs
    out = []
    soonest, worst = "", (0.0, 0.0, 0.0)
    for name, rows in table.groupby("package", observed=True):
        month = rows["ceasefire_month"].to_numpy(dtype=float, na_value=np.inf)
        share = exact_share(int((month <= FEW_MONTHS).sum()), len(month))
        if share[0] >= worst[0]:
            soonest, worst = str(name), share
    out.append(below(f"share with a ceasefire within {FEW_MONTHS} months, the soonest strategy ({soonest})",
                     f"< {WITHIN_FEW:.0%}", worst, "share", WITHIN_FEW))  # fmt: skip
    none = table[table["package"] == "none"]["ceasefire_month"].to_numpy(dtype=float, na_value=np.inf)
    out.append(above(f"share with no ceasefire within {NONE_BY} months (none)", f"> {NONE_SHARE:.0%}",
                     exact_share(int((none > NONE_BY).sum()), len(none)), "share", NONE_SHARE))  # fmt: skip
    first_year = exact_share(int((none <= 12).sum()), len(none))
    hazard = tuple(1 - (1 - x) ** (1 / 12) for x in first_year)
    out.append(below("monthly ceasefire hazard in the first year (none)", f"< {RULE_OF_THREE:.0%}", hazard,
                     "share", RULE_OF_THREE))  # fmt: skip
    freeze, cession = ukraine_first_month(runs)
    out.append(
        above(
            "Ukraine accepts a freeze with guarantees (month 1)", f"> {FREEZE:.0%}", freeze, "share", FREEZE
        )
    )
    out.append(below("Ukraine accepts a cession (month 1)", f"< {CESSION:.0%}", cession, "share", CESSION))
    return out


def ukraine_first_month(runs: Runs) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    """Ukraine's mean chance of accepting the road scenario's guarantees and cession offers in month 1.

    The chances themselves (`Talks.chances`), averaged over the worlds, with the worlds' spread as a
    95% t interval of the mean.
    """
    scenario = runs.scenario(ROAD)
    model = DeterrenceModel(scenario, scenario.runs, scenario.seed)
    model.step()
    names = [p.name for p in scenario.packages]
    war = model.recorder.war
    theatre = model.theatre({g: np.zeros(model.shape, dtype=bool) for g in model.guarantors})
    attack = model.russia.power * model.russia.cells.readiness
    _, p_ukraine = model.talks.chances(war.territory_change, attack, theatre.local_defence)
    model.release()

    def mean(row: np.ndarray) -> tuple[float, float, float]:
        half = 1.96 * row.std(ddof=1) / np.sqrt(row.size)
        return float(row.mean()), float(row.mean() - half), float(row.mean() + half)

    return mean(p_ukraine[names.index("guarantees")]), mean(p_ukraine[names.index("cession")])


TALKS_CHECKS = (
    Fact(
        20,
        "Costs and stalemate bring a ceasefire",
        f"Without a guarantee, the monthly chance of a ceasefire in months {LATER[0]}-{LATER[1]} exceeds "
        "the first year's, and, with Russia short of half its claim, a month in which the front stalls (or "
        "turns) ends in one more often than a month it moves Russia's way.",
        "Slantchev 2003; Filson & Werner 2002; Werner & Yuen 2005",
        ROAD,
        costs_and_stalemate,
        note="Fighting reveals the balance and costs mount (convergence), against the selection of the "
        "worlds still at war (the most ambitious Russia fights longest).",
    ),
    Fact(
        21,
        "A side that expects to gain fights on",
        f"A month in which a side expects to gain ground (Russia, short of half its claim, or Ukraine) ends "
        f"in a ceasefire less often than the war's other months, and less than {EXPECTS_RATIO:g} times as "
        "often.",
        "Fearon 1995; Filson & Werner 2002; Goemans 2000",
        ROAD,
        expecting_gains,
        known_failure="Such months end in a ceasefire about half as often as the others (0.53), not "
        "clearly less: the momentum term (world.war.end_momentum, 0.5 log-odds, the renewed war's) is "
        "small beside the costs and convergence that accumulate while Russia advances. The threshold was "
        "set before the model was run and is not moved to pass; a larger end_momentum would make the "
        "check hold and is left to a recalibration of both wars together (docs/calibration.md).",
        note="Russia's momentum and its unmet claim lower its acceptance; Ukraine's own momentum lowers "
        "its acceptance when the front moves its way.",
    ),
    Fact(
        22,
        "This war's record: talks, and no ceasefire for years",
        f"No strategy of the baseline brings a ceasefire within {FEW_MONTHS} months in {WITHIN_FEW:.0%} of "
        f"worlds; without a guarantee at least {NONE_SHARE:.0%} see none within {NONE_BY} months and the "
        f"first year's monthly chance is under {RULE_OF_THREE:.0%}; Ukraine accepts a freeze with "
        f"guarantees more than {FREEZE:.0%} of the time and a cession less than {CESSION:.0%}.",
        "No general ceasefire Feb 2022-Jan 2026 despite talks; KIIS Dec 2025 (docs/domain.md section 6)",
        BASELINE,
        the_record,
        note="Not independent of the calibration: world.talks.russia_base rests on the same record "
        "(docs/calibration.md), so this checks consistency, not a prediction.",
    ),
)
"""Checks 20-22, reported after the war's."""
