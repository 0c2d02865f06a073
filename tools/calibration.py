"""Generated parts of docs/calibration.md and the README's "What the model says" (`make readme`).

Every figure in those documents comes from here, run on the scenario files at their own seeds; the
documentation tests fail when a figure is stale.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from sim.execution.runner import RunResult, run_scenario
from sim.results.summary import wilson
from sim.schema.scenario import load_scenario
from sim.validation.checks import FactResult, Runs, facts_table, hazard, rate_ratio

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
FIGURE = ROOT / "docs" / "figures" / "baseline.png"
DECADE_FIGURE = ROOT / "docs" / "figures" / "decade.png"
FIGURE_KEY = "deter-summary-sha256"
"""PNG text key holding the hash of the summary the README figure was drawn from."""


@lru_cache(maxsize=1)
def baseline() -> RunResult:
    """The baseline scenario at its own runs and seed (run once per process)."""
    return run_scenario(load_scenario(BASELINE), workers=1)


def summary_hash(result: RunResult) -> str:
    """A fingerprint of a run's summary, to tell whether a figure was drawn from it."""
    return hashlib.sha256(result.summary.to_csv(index=False).encode()).hexdigest()


def _pct(k: int, n: int) -> str:
    low, high = wilson(np.array([k]), np.array([n]))
    return f"{100 * k / n:.1f}% [{100 * low[0]:.1f}, {100 * high[0]:.1f}]"


def _yearly(result: RunResult, package: str = "none") -> tuple[np.ndarray, np.ndarray]:
    """Aggressions and worlds at risk in each year of the horizon, for one package."""
    runs = result.runs[result.runs["package"] == package]
    month = runs["month"].to_numpy(dtype=float, na_value=np.inf)
    years = result.scenario.horizon_months // 12
    events = np.array([((month > 12 * y) & (month <= 12 * (y + 1))).sum() for y in range(years)])
    at_risk = np.array([(month > 12 * y).sum() for y in range(years)])
    return events, at_risk


def base_rate_table(result: RunResult) -> str:
    """The no-guarantee rates of renewed aggression beside the evidence they are compared with."""
    none = result.runs[result.runs["package"] == "none"]
    n = len(none)
    month = none["month"].to_numpy(dtype=float, na_value=np.inf)
    full = int((none["kind"] == "full").sum())
    attacks = int(none["aggression"].sum())
    rows = [
        (
            "Renewed aggression within ten years, no guarantee",
            '"Almost half" of interstate wars since 1945 were followed by renewed fighting (Fortna, '
            "*Peace Time*) [S]; Russia broke the 2014-15 Minsk ceasefires within a year and invaded in "
            "2022 [S]: target 45-65%, the upper half",
            _pct(attacks, n),
        ),
        (
            "... within 6 months",
            "DDIS (Feb 2025): Russia could fight a local war against a neighbour within 6 months of the "
            "fighting ending [S] (a capability, not a forecast); CSIS/Jensen (2025): larger ceasefire "
            "failures come 65-193 days after [S]",
            _pct(int((month <= 6).sum()), n),
        ),
        (
            "... within 2 years",
            "DDIS: a regional war in the Baltic within 2 years [S]",
            _pct(int((month <= 24).sum()), n),
        ),
        (
            "Share of ten-year failures within 3 years",
            "The hazard is highest right after a ceasefire and falls (Fortna, *Peace Time*) [S]: target "
            "at least 40%",
            _pct(int((month <= 36).sum()), attacks),
        ),
        (
            "Full invasions among renewed attacks",
            "No figure in the sources: after 2014 Russia first fought limited, deniable offensives [M]",
            _pct(full, attacks),
        ),
        (
            "Deliberate first attacks (positive expected utility under Russia's beliefs)",
            "War is chosen when it pays under the chooser's beliefs (Fearon 1995) [S]: target more than half",
            _pct(int(none["deliberate"].sum()), attacks),
        ),
    ]
    head = "| measure | evidence | model (baseline `none`, 95% interval) |\n|---|---|---|"
    return "\n".join([head, *(f"| {a} | {b} | {c} |" for a, b, c in rows)])


def hazard_table(result: RunResult) -> str:
    """The yearly hazard without a guarantee: aggressions over worlds still at peace, year by year."""
    events, at_risk = _yearly(result)
    hazards = events / np.maximum(at_risk, 1)
    ratio = hazards[0] / hazards[4:].mean()
    head = "| year | " + " | ".join(str(y + 1) for y in range(len(events))) + " |"
    rule = "|---" * (len(events) + 1) + "|"
    row = "| hazard, `none` | " + " | ".join(f"{h:.3f}" for h in hazards) + " |"
    note = (
        f"\nYear-1 hazard / mean hazard of years 5-{len(events)}: **{ratio:.1f}** (target at least 2; "
        "check 11 tests it, with its interval, on the 20,000 worlds of fact02_early_peak.yaml)."
    )
    return "\n".join([head, rule, row]) + "\n" + note


EFFECTS = (
    (
        "force_rear",
        "Peacekeepers cut the risk of renewed fighting by 50-75% (Fortna) and UN missions deployed at "
        "the end of a war by 85% (Gilligan & Sergenti); civil wars, PKSOI review [S]",
        "0.15-0.50",
    ),
    (
        "pledge_only",
        "A peace agreement cuts recurrence by about 60% (PKSOI review; civil wars) [S]",
        "about 0.40",
    ),
    (
        "buffer_zone",
        "DMZs are among the strongest provisions (Fortna 2003) [S]; hazard ratios not retrieved",
        "below 1",
    ),
    (
        "combined",
        "Stronger agreements, with more mechanisms, last longer (Fortna 2003) [S]",
        "below each single one",
    ),
    (
        "nato",
        "No NATO member has been attacked by a state since 1949 [S]: the one case of near-complete "
        "deterrence",
        "near 0",
    ),
)


def effects_table(result: RunResult, runs: Runs) -> str:
    """Model hazard ratios (events per world-month against `none`) beside the evidence's effect sizes."""
    horizon = result.scenario.horizon_months
    base = hazard(result, "none", 1, horizon)
    rows = []
    for package, evidence, expected in EFFECTS:
        value, low, high = rate_ratio(*hazard(result, package, 1, horizon), *base)
        rows.append((f"`{package}` vs `none` (baseline)", evidence, expected, value, low, high))
    zones = runs.get("fact04_monitors.yaml")
    value, low, high = rate_ratio(
        *hazard(zones, "zone_monitored", 1, horizon), *hazard(zones, "zone", 1, horizon)
    )
    rows.append(
        (
            "`zone_monitored` vs `zone` (fact04_monitors.yaml)",
            "Monitors had no effect on battle deaths (Hultman et al.) [S]; CSIS (2025) finds external "
            "monitors cut large-scale violence but not minor clashes [S]",
            "about 1",
            value,
            low,
            high,
        )
    )
    head = (
        "| comparison | evidence | evidence's hazard ratio | model hazard ratio [95%] | model risk cut |\n"
        "|---|---|---|---|---|"
    )
    body = [
        f"| {c} | {e} | {x} | {v:.2f} [{lo:.2f}, {hi:.2f}] | {100 * (1 - v):.0f}% |"
        for c, e, x, v, lo, hi in rows
    ]
    return "\n".join([head, *body])


def facts_markdown(results: list[FactResult]) -> str:
    """The stylised-facts table as Markdown."""
    table = facts_table(results)
    head = "| " + " | ".join(table.columns) + " |\n" + "|---" * len(table.columns) + "|"
    cell = lambda v: str(v).replace("|", "\\|")  # noqa: E731
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in table.itertuples(index=False)]
    return "\n".join([head, *body])


def evidence_table() -> str:
    """Every parameter grouped by what its default rests on, read from the tags of its reason."""
    from sim.present.report import parameter_rows

    names = ("cites a source [S]", "cites a source and an assumption [S/M]", "assumption [M]")
    groups: dict[str, list[str]] = {name: [] for name in names}
    other = []
    for row in parameter_rows():
        reason, name = row["reason / source"], f"`{row['parameter']}`"
        tags = set(re.findall(r"\[(S/M|S|M)[^\]]*\]", reason))
        if "S/M" in tags or {"S", "M"} <= tags:
            groups["cites a source and an assumption [S/M]"].append(name)
        elif "S" in tags:
            groups["cites a source [S]"].append(name)
        elif "M" in tags:
            groups["assumption [M]"].append(name)
        else:
            other.append(name)
    groups["settings, choices and untagged values"] = other
    head = "| the documented reason | parameters | count |\n|---|---|---|"
    return "\n".join([head, *(f"| {k} | {', '.join(v)} | {len(v)} |" for k, v in groups.items())])


def baseline_figure(result: RunResult, path: Path = FIGURE) -> Path:
    """The README figure: how soon a ceasefire comes, and each strategy on one plane, from the baseline."""
    import matplotlib.pyplot as plt

    from sim.present.strategy_figures import ceasefire_curves, strategy_plane
    from sim.present.style import close

    fig = plt.figure(figsize=(16, 12), layout="constrained")
    top, bottom = fig.subfigures(2, 1, height_ratios=[1, 1])
    ceasefire_curves(result.runs, result.scenario.horizon_months, ax=top.subplots())
    strategy_plane(result.summary, axes=bottom.subplots(1, 2))
    scenario = result.scenario
    fig.suptitle(f"Baseline scenario: {scenario.runs:,} worlds per package, seed {scenario.seed}")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110, metadata={FIGURE_KEY: summary_hash(result)})
    close(fig)
    return path


def decade_figure(result: RunResult, path: Path = DECADE_FIGURE) -> Path:
    """The README's decade figure: months at war and ground lost by package, from the baseline run."""
    from sim.present.decade_figures import decade_distributions
    from sim.present.style import close

    fig = decade_distributions(result.runs)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90, metadata={FIGURE_KEY: summary_hash(result)})
    close(fig)
    return path


def figure_hash(path: Path = FIGURE) -> str | None:
    """The summary hash stored in the README figure, or None if it has none."""
    from PIL import Image

    if not path.exists():
        return None
    with Image.open(path) as image:
        return image.info.get(FIGURE_KEY)


def facts_summary(results: list[FactResult]) -> str:
    """One paragraph: which facts hold in every comparison, and which only in part."""
    whole = [r.fact for r in results if r.passed]
    part = [r.fact for r in results if not r.passed]

    def names(facts):
        return "; ".join(f"{f.number}, {f.title[0].lower()}{f.title[1:]}" for f in facts)

    facts = sum(r.fact.number <= 10 for r in results)
    checks = sum(10 < r.fact.number <= 13 for r in results)
    decade = sum(13 < r.fact.number <= 19 for r in results)
    talks = sum(19 < r.fact.number <= 22 for r in results)
    coalition = len(results) - facts - checks - decade - talks
    counted = (
        f"Of the {facts} stylised facts of deterrence, {checks} model checks, {decade} checks of the "
        f"decade, {talks} of the road to a ceasefire and {coalition} of the coalition as states"
    )
    if not part:
        return f"{counted}, all {len(whole)} hold in every comparison ({names(whole)})."
    return (
        f"{counted}, {len(whole)} hold in every comparison ({names(whole)}). "
        f"{len(part)} do not hold, or hold only in part ({names(part)}): what fails is reported as a "
        "known failure with the reason, beside what the model shows instead."
    )
