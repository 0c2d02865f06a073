"""The words of a report: a headline from the results, a readable table, the packages and assumptions.

Everything here is computed from a result folder's summary and manifest; nothing is written by hand
about a particular result.
"""

from __future__ import annotations

import html
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.present import leads
from sim.present.captions import CAPTIONS, caption  # noqa: F401 - re-exported (html.py, tests)
from sim.present.report import short_name, with_interval
from sim.schema.sampling import flatten
from sim.schema.scenario import Package, Scenario
from sim.schema.world import World

LIMITS = (
    "Russia is one decision-maker weighing expected gains against believed costs each month; its "
    "politics, and Ukraine's, are not modelled beyond a wandering domestic pressure.",
    "Guarantors answer from their true resolve, which drifts, tires and is redrawn at elections; "
    "coalition bargaining inside Europe is a single resolve.",
    "A renewed war is a monthly process (a front, attrition, guarantors joining or leaving, threats, a "
    "new ceasefire), calibrated on one war (2022-25) and on averages over interstate wars: trust its "
    "comparisons between packages more than its levels. Guarantor casualties and nuclear use are "
    "exposure under stated assumptions (nuclear use has no base rate), never forecasts.",
    "Most parameters are assumptions (tagged [M]): the robust analysis (deter robust) shows how far "
    "the answers move across their plausible ranges; the intervals here are sampling noise only.",
    "These are the model's implications under the stated assumptions, not forecasts.",
)


def pct(x: float, digits: int = 0) -> str:
    """A share as a percentage, or a dash when it is undefined."""
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{100 * x:.{digits}f}%"


def _interval(low: float, high: float) -> str:
    return "" if math.isnan(low) or math.isnan(high) else f" [{100 * low:.1f}, {100 * high:.1f}]"


def headline(summary: pd.DataFrame, scenario: dict) -> str:
    """One or two sentences that say what the run found, generated from its summary.

    They lead with an outcome over all worlds (`leads.lead_outcome`), name the best package only where
    its paired difference from the others excludes zero (else the tied packages together), and give
    deterrence once in place only with the note that it is over the worlds that accepted.
    """
    ref = str(scenario.get("reference_package") or summary["package"].iloc[0])
    years = scenario["horizon_months"] / 12
    veto = scenario.get("russia_veto", True)
    by = summary.set_index("package")
    if scenario.get("start") == "war" and "peace_share" in by:
        return war_headline(by, ref, years)
    lead = leads.PEACE
    best = leads.leaders(by, lead)
    b, r = by.loc[best[0]], by.loc[ref]
    if ref in best:
        others = [p for p in best if p != ref]
        text = (
            f"No package keeps the peace in more worlds than {ref} ({pct(r.peace_rate, 1)} over "
            f"{years:g} years)"
        )
        text += (
            f"; {leads.join(others)} {'is' if len(others) == 1 else 'are'} within noise of it."
            if others
            else "."
        )
    else:
        low, high = b.peace_ci_low, b.peace_ci_high
        text = (
            f"Under these assumptions, {leads.best_words(best)} {leads.verb(best, lead.verb)}: "
            f"{pct(b.peace_rate, 1)}"
            f"{_interval(low, high)} over {years:g} years, against {pct(r.peace_rate, 1)} with {ref} "
            f"({100 * b.diff_vs_reference:+.1f} points on the same worlds, [{100 * b.diff_ci_low:+.1f}, "
            f"{100 * b.diff_ci_high:+.1f}])."
        )
    if veto:
        text += (
            f" Russia accepts {best[0]}'s ceasefire in {pct(b.ceasefire_rate)} of worlds; once in place "
            f"it deters {pct(b.deterrence_rate)} of them (over those worlds only, so not comparable "
            "across packages Russia accepts at different rates)."
        )
    if "peace_share" in by:
        text += " " + decade_sentence(by, ref)
    return text


def war_headline(by: pd.DataFrame, ref: str, years: float) -> str:
    """The headline of a run that starts from the war: the decade at peace, and how soon a ceasefire comes."""

    def soon(row) -> str:
        months = row.months_to_ceasefire
        when = (
            "fewer than half the worlds see one" if math.isnan(months) else f"a median of {months:.0f} months"
        )
        return f"a ceasefire comes in {pct(row.ceasefire_rate)} of worlds ({when})"

    lead = leads.DECADE
    best = leads.leaders(by, lead)
    b, r = by.loc[best[0]], by.loc[ref]
    interval = _interval(b.peace_share_ci_low, b.peace_share_ci_high)
    versus = ""
    if "peace_share_vs_reference" in by and best[0] != ref:
        low, high = b.peace_share_vs_reference_ci_low, b.peace_share_vs_reference_ci_high
        versus = (
            f" ({100 * b.peace_share_vs_reference:+.1f} points on the same worlds, "
            f"[{100 * low:+.1f}, {100 * high:+.1f}])"
        )
    if best[0] == ref:  # the reference itself keeps the most: say so, never compare it with itself
        others = [p for p in best if p != ref]
        verb = "is" if len(others) == 1 else "are"
        within = f"; {leads.join(others)} {verb} within noise of it" if others else ""
        text = (
            f"Under these assumptions, from the war as it stands, no package keeps more of the {years:g} "
            f"years at peace than {ref}: {pct(r.peace_share, 1)}{interval}{within}. With {ref} {soon(r)}."
        )
    else:
        text = (
            f"Under these assumptions, from the war as it stands, {leads.best_words(best)} "
            f"{leads.verb(best, 'keep')} the most of the {years:g} years at peace: {pct(b.peace_share, 1)}"
            f"{interval}, against {pct(r.peace_share, 1)} with {ref}{versus}. "
            f"With {best[0]} {soon(b)}; with {ref} {soon(r)}."
        )
    worst = leads.lowest(by, lead)
    if worst and not set(worst) & {*best, ref}:
        w = by.loc[worst[0]]
        names = leads.join(worst)
        tied = " (within noise of each other)" if len(worst) > 1 else ""
        text += f" Insisting on {names}{tied} leaves the least at peace, {pct(w.peace_share, 1)}: {soon(w)}."
    return text + " " + decade_sentence(by, ref, "world")


def decade_sentence(by: pd.DataFrame, ref: str, per: str = "ceasefire") -> str:
    """What the decade holds, in words.

    The reference's months at war and ground lost, the most peaceful package (with those tied with it),
    and the packages with the most direct war and the most nuclear threats (with those whose intervals
    overlap theirs).
    """
    r = by.loc[ref]
    calm = leads.leaders(by, leads.DECADE)
    calm_share = pct(by.loc[calm[0], "peace_share"])
    text = (
        f"Over the decade, {ref} leaves {pct(r.peace_share)} of its months at peace, with "
        f"{r.war_months_mean:.1f} months at war and {r.territory_lost_mean:.2f} points of Ukraine lost per "
        f"{per} on average"
    )
    if per == "world":  # (the war's headline has already named the package that keeps the most)
        text += "."
    else:
        text += (
            f"; {leads.best_words(calm)} {leads.verb(calm, 'keep')} the most of the decade at peace "
            f"({calm_share})."
        )
    for column, low, high, words in (
        (
            "direct_war_rate",
            "direct_war_ci_low",
            "direct_war_ci_high",
            "direct war between a guarantor and Russia",
        ),
        ("nuclear_threat_rate", "nuclear_threat_ci_low", "nuclear_threat_ci_high", "Russian nuclear threats"),
    ):
        rates = by[column].dropna()
        if len(rates) and rates.max() > 0:
            most = leads.trailers(by, column, low, high)
            tied = " (intervals overlapping)" if len(most) > 1 else ""
            text += f" Most {words}: {leads.join(most)}{tied} ({pct(rates.max(), 1)} of {per}s)."
    return text


def summary_rows(summary: pd.DataFrame, scenario: dict) -> tuple[list[str], list[list[str]]]:
    """The run's table for a reader: percentages, intervals, words where a number has no meaning.

    It leads with the outcome over all worlds (`leads.lead_outcome`) and its paired difference from the
    reference; deterrence once in place is marked as over the worlds that accepted; the cost is per
    year in force and over the horizon, and the value for money is points of the lead outcome per
    extra €10bn spent over the horizon.
    """
    ref = str(scenario.get("reference_package") or summary["package"].iloc[0])
    veto, war = scenario.get("russia_veto", True), scenario.get("start") == "war"
    lead = leads.lead_outcome(scenario)
    by = summary.set_index("package")
    total = "cost_bn_total" if "cost_bn_total" in by and by["cost_bn_total"].notna().all() else None
    ref_lead = by.loc[ref, lead.column]
    ref_cost = by.loc[ref, total] if total else by.loc[ref, "cost_bn_per_year"]
    words = "decade at peace" if war else "peace holds"
    head = ["package", f"{words} [95%]", f"vs {ref}, points (same worlds)"]
    head += ["ceasefire [95%]", "months to it"] if war else ["ceasefire"] if veto else []
    conditional = "deters once in place* [95%]" if veto or war else "deters [95%]"
    head += [conditional] + ([] if war else ["decade at peace [95%]"])
    head += ["months at war [95%]", "ground lost, points [95%]", "direct war [95%]", "nuclear threats",
             "€bn a year in force", "€bn over the horizon" if total else "",
             f"points per extra €10bn vs {ref}" if total else
             f"points per extra €bn a year vs {ref}"]  # fmt: skip
    head = [h for h in head if h]
    rows = []
    for r in summary.itertuples():
        ceasefire = r.ceasefire_rate > 0
        row = [str(r.package)]
        if war:
            row.append(f"{pct(r.peace_share, 1)}{_interval(r.peace_share_ci_low, r.peace_share_ci_high)}")
            diff = [getattr(r, f"peace_share_vs_reference{e}", math.nan) for e in ("", "_ci_low", "_ci_high")]
        else:
            row.append(f"{pct(r.peace_rate, 1)}{_interval(r.peace_ci_low, r.peace_ci_high)}")
            diff = [r.diff_vs_reference, r.diff_ci_low, r.diff_ci_high]
        row.append(
            "reference" if r.package == ref else "—" if math.isnan(diff[0]) else
            f"{100 * diff[0]:+.1f} [{100 * diff[1]:+.1f}, {100 * diff[2]:+.1f}]"
        )  # fmt: skip
        if war:
            months = "—" if math.isnan(r.months_to_ceasefire) else f"{r.months_to_ceasefire:.0f}"
            row += [f"{pct(r.ceasefire_rate, 1)}{_interval(r.ceasefire_ci_low, r.ceasefire_ci_high)}", months]
        elif veto:
            row.append(pct(r.ceasefire_rate))
        row.append(
            f"{pct(r.deterrence_rate, 1)}{_interval(r.ci_low, r.ci_high)}" if ceasefire else "no ceasefire"
        )
        if not war:
            row.append(f"{pct(r.peace_share, 1)}{_interval(r.peace_share_ci_low, r.peace_share_ci_high)}")
        if ceasefire or war:  # (from the war every world's decade is scored)
            row.append(with_interval(r.war_months_mean, r.war_months_ci_low, r.war_months_ci_high, 1.0))
            row.append(with_interval(r.territory_lost_mean, r.territory_ci_low, r.territory_ci_high, 1.0, 2))
            row.append(f"{pct(r.direct_war_rate, 1)}{_interval(r.direct_war_ci_low, r.direct_war_ci_high)}")
            row.append(pct(r.nuclear_threat_rate, 1))
        else:
            row += ["—"] * 4
        row.append(f"{r.cost_bn_per_year:.1f}" if r.cost_bn_per_year else "none")
        spent = getattr(r, total) if total else r.cost_bn_per_year
        if total:
            row.append(f"{spent:.0f}")
        gain, extra = (getattr(r, lead.column) - ref_lead) * 100, spent - ref_cost
        per = extra / 10 if total else extra
        row.append("—" if r.package == ref or extra <= 0 else f"{gain / per:+.2f}")
        rows.append(row)
    return head, rows


def html_table(head: list[str], rows: list[list[str]], cls: str = "brief") -> str:
    """A plain HTML table (the first column is a name, the others right-aligned)."""
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


NAMES = {
    "eu_membership": "EU membership",
    "nato_membership": "NATO membership",
    "us_backstop": "US backstop",
    "arms_support": "arms and funding",
    "sanctions_snapback": "sanctions snap-back",
}


def component_words(name: str) -> str:
    """A component's (or setting's) name in words: `nato_membership` is "NATO membership"."""
    return NAMES.get(name, name.replace("_", " "))


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, list):
        return " and ".join(_value(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{component_words(k)} {_value(v)}" for k, v in value.items())
    return str(value)


def package_words(package: dict) -> str:
    """What a package contains, in words: its components with the settings that differ from defaults."""
    parsed = Package.model_validate(package)
    parts = []
    for name, component in parsed.components().items():
        default = type(component)().model_dump(mode="json")
        given = {k: v for k, v in component.model_dump(mode="json").items() if default.get(k) != v}
        parts.append(component_words(name) + (f" ({_value(given)})" if given else ""))
    text = "; ".join(parts) if parts else "no guarantee"
    text = text[0].upper() + text[1:] if text[0].islower() else text
    if parsed.events:
        steps = [
            f"{e.action.value} {component_words(e.component)} "
            + (
                f"in month {e.month}"
                if e.month is not None
                else f"{e.after_ceasefire} months after the ceasefire"
                if e.after_ceasefire is not None
                else f"at {e.election}'s election {e.nth}"
            )  # fmt: skip
            for e in parsed.events
        ]
        text += "; then " + ", ".join(steps)
    if parsed.imposed is True:
        text += ". Imposed over Russia's objection."
    elif parsed.imposed:
        text += f". Imposed over Russia's objection: {', '.join(map(component_words, parsed.imposed))}."
    else:
        text += "."
    if parsed.terms.recognition or parsed.terms.army_limit:
        terms = ["recognition of Russia's hold"] * parsed.terms.recognition
        terms += [f"Ukraine's army capped at {parsed.terms.army_limit:g}×"] * bool(parsed.terms.army_limit)
        text += f" Terms: {', '.join(terms)}."
    if parsed.offers:
        steps = [f"after {o.after_months} months without a ceasefire, {o.package}" for o in parsed.offers]
        text += " Offers: " + "; ".join(steps) + "."
    return text


def packages_list(scenario: dict) -> str:
    """Each package of the scenario: its description, then what it contains."""
    items = []
    for p in scenario["packages"]:
        description = f"{html.escape(p['description'])} " if p.get("description") else ""
        contains = html.escape(package_words(p))
        items.append(f"<li><b>{html.escape(p['name'])}</b>: {description}<i>Contains: {contains}</i></li>")
    return "<ul>" + "".join(items) + "</ul>"


def changed_assumptions(scenario: dict) -> list[list[str]]:
    """The world parameters (and scenario settings) this scenario sets away from the defaults."""
    parsed = Scenario.model_validate(scenario)
    plain = World.model_validate({"guarantors": {g: {} for g in parsed.world.parties}})  # a party's defaults
    given, default = flatten(parsed.world), flatten(plain)
    rows = []
    for path, (value, _) in given.items():
        fallback = path.rsplit(".", 1)[0] + ".europe"  # Russia's value for a party without its own
        before = (default.get(path) or default[fallback])[0]
        as_text = [v.model_dump(mode="json") if hasattr(v, "model_dump") else v for v in (value, before)]
        if as_text[0] != as_text[1]:
            rows.append([f"world.{path}", _value(as_text[0]), _value(as_text[1])])
    for field in ("horizon_months", "russia_veto"):
        value, before = getattr(parsed, field), type(parsed).model_fields[field].default
        if value != before:
            rows.append([field, _value(value), _value(before)])
    return rows


def trend_lines(summary: pd.DataFrame, parameters: list[str], lead: leads.Lead) -> list[str]:
    """How `lead` moves along each swept parameter, per package: from one end of the grid to the other.

    Each parameter pooled over the others; a package's lever only for that package. "Falls" or "rises"
    only where the difference between the two ends is beyond noise (a two-sample test at 95%, which
    ignores the pairing of the worlds and so errs towards "within noise").
    """
    lines = []
    for parameter in parameters:
        rates = leads.pooled_rate(summary, [parameter], lead)
        name = short_name(parameter)
        lever = parameter.split(".")[1] if parameter.startswith("packages.") else None
        kind = rates[parameter]
        numeric = pd.api.types.is_numeric_dtype(kind) and not pd.api.types.is_bool_dtype(kind)
        for package, g in rates.groupby("package", sort=False):
            g = g.dropna(subset=["rate"])
            if numeric:
                g = g.sort_values(parameter)
            if len(g) < 2 or (lever is not None and package != lever):
                continue
            a, b = g.iloc[0], g.iloc[-1]
            low, high = level(a[parameter]), level(b[parameter])
            ends = f"from {pct(a.rate, 1)} at {name} = {low} to {pct(b.rate, 1)} at {high}"
            more = f"more {name}" if numeric else f"{name} {level(b[parameter])}"
            z = _two_sample_z(a, b)
            if z > 1.96:
                lines.append(f"{package}: {lead.words} rises {ends} ({more} raises it)")
            elif z < -1.96:
                lines.append(f"{package}: {lead.words} falls {ends} ({more} lowers it)")
            else:
                lines.append(f"{package}: {lead.words} goes {ends}, a change within noise")
    return lines


def _two_sample_z(a, b) -> float:
    """The difference b - a over its standard error, each end's from its 95% interval (unpaired).

    The two ends share their worlds (common random numbers), so the paired test would be sharper; the
    summary keeps no pairs across points, and the unpaired test errs towards "within noise".
    """
    se = np.hypot((a.high - a.low) / (2 * 1.96), (b.high - b.low) / (2 * 1.96))
    diff = b.rate - a.rate
    if not np.isfinite(se) or se <= 0:
        return 0.0 if diff == 0 else np.sign(diff) * np.inf
    return float(diff / se)


def level(value) -> str:
    """A grid value as text: a number in its shortest form, a word as it is."""
    return (
        f"{value:g}"
        if isinstance(value, int | float | np.number) and not isinstance(value, bool)
        else str(value)
    )


def grid_answer(
    summary: pd.DataFrame, parameters: list[str], threshold: float, lead: leads.Lead = leads.DETERRENCE
) -> list[str]:
    """Where each package's `lead` rate crosses the threshold along the first swept parameter."""
    first = parameters[0]
    rates = leads.pooled_rate(summary, [first], lead)
    if not pd.api.types.is_numeric_dtype(rates[first]) or pd.api.types.is_bool_dtype(rates[first]):
        return level_answer(rates, first, parameters, lead)  # words (a posture): no crossing to find
    lines = []
    for package, g in rates.groupby("package", sort=False):
        g = g.sort_values(first)
        values, rate = g[first].to_numpy(dtype=float), g["rate"].to_numpy(dtype=float)
        known = ~np.isnan(rate)
        if not known.any():
            lines.append(f"{package}: no ceasefire at any point of the grid")
            continue
        values, rate = values[known], rate[known]
        name = short_name(first)
        above = rate >= threshold
        changes = np.nonzero(above[1:] != above[:-1])[0]  # every crossing, up or down
        verb = "deters" if lead is leads.DETERRENCE else "reaches"
        if len(rate) == 1:
            lines.append(f"{package}: {pct(rate[0])} at {name} = {values[0]:g} (one value swept)")
        elif np.ptp(rate) < 1e-12:
            lines.append(f"{package} does not move with {name}: {pct(rate[0])} throughout")
        elif above.all():
            lines.append(f"{package} {verb} at least {pct(threshold)} over the whole range of {name}")
        elif not above.any():
            top = int(np.argmax(rate))
            lines.append(
                f"{package} stays below {pct(threshold)} over the range swept (at most {pct(rate[top])}, "
                f"at {name} = {values[top]:g})"
            )
        else:
            words = []
            for i in changes:
                x0, x1, y0, y1 = values[i], values[i + 1], rate[i], rate[i + 1]
                at = _to_grid_precision(x0 + (threshold - y0) * (x1 - x0) / (y1 - y0), np.diff(values))
                words.append(
                    f"{'reaches' if above[i + 1] else 'falls below'} {pct(threshold)} at {name} ≈ {at:g}"
                )
            lines.append(f"{package} " + ", then ".join(words))
    others = ", ".join(short_name(p) for p in parameters[1:])
    pooled = f" (pooled over {others})" if others else ""
    title = "Deterrence once in place" if lead is leads.DETERRENCE else lead.words[0].upper() + lead.words[1:]
    return [f"{title}, along {short_name(first)}{pooled}:", *lines]


def level_answer(
    rates: pd.DataFrame, first: str, parameters: list[str], lead: leads.Lead = leads.DETERRENCE
) -> list[str]:
    """Each package's rate at each level of a swept word (a lever such as a posture), in grid order."""
    name = short_name(first)
    lines = []
    for package, g in rates.groupby("package", sort=False):
        levels = ", ".join(f"{pct(r)} at {v}" for v, r in zip(g[first], g["rate"], strict=True))
        lines.append(f"{package}: {levels}")
    others = ", ".join(short_name(p) for p in parameters[1:])
    pooled = f" (pooled over {others})" if others else ""
    title = "Deterrence once in place" if lead is leads.DETERRENCE else lead.words[0].upper() + lead.words[1:]
    return [f"{title}, at each {name}{pooled}:", *lines]


def _to_grid_precision(x: float, steps) -> float:
    """An interpolated crossing rounded to a tenth of the grid's finest step (0.502 on a 0.1 grid: 0.5).

    The grid cannot place a crossing more finely than that, so more digits would be false precision.
    """
    step = float(np.min(np.abs(steps))) if len(steps) else 0.0
    if step <= 0:
        return float(f"{x:.3g}")
    unit = 10.0 ** (np.floor(np.log10(step)) - 1)
    return float(f"{round(x / unit) * unit:.12g}")


def sampled_answer(
    summary: pd.DataFrame,
    parameters: list[str],
    sensitivity: pd.DataFrame | None,
    lead: leads.Lead = leads.DETERRENCE,
) -> list[str]:
    """The parameters that move each package most: Sobol total indices, else rank correlations.

    The correlations are with `lead` (the sweep's outcome over all worlds); a package's lever only for
    that package; correlations under 0.1 in size are left out as no finding.
    """
    lines = []
    if sensitivity is not None and len(sensitivity):
        lines.append(
            "The parameters that explain most of each package's deterrence rate, over the worlds that "
            "accepted it (Sobol total index):"
        )
        for package, g in sensitivity.dropna(subset=["total"]).groupby("package", sort=False):
            top = g.sort_values("total", ascending=False).head(3)
            named = ", ".join(f"{short_name(r.parameter)} ({r.total:.2f})" for r in top.itertuples())
            lines.append(f"{package}: {named}")
        return lines
    from sim.present.sweep_figures import parameter_ranking

    ranking = parameter_ranking(summary, parameters, lead.column)
    what = "deterrence rate (over the worlds that accepted)" if lead is leads.DETERRENCE else lead.words
    lines.append(f"The parameters that move each package's {what} most (Spearman correlation):")
    for package in ranking.columns:
        strong = ranking[package].dropna()
        top = strong[strong.abs() >= 0.1].abs().sort_values(ascending=False).head(3).index
        named = ", ".join(f"{short_name(p)} ({ranking.loc[p, package]:+.2f})" for p in top)
        lines.append(f"{package}: {named or 'no parameter moves it (every correlation under 0.1)'}")
    return lines


def read_sensitivity(folder) -> pd.DataFrame | None:
    """A Sobol sweep's indices (sensitivity.csv), or None for other designs."""
    path = Path(folder) / "sensitivity.csv"
    return pd.read_csv(path) if path.exists() else None


def folder_answer(folder, manifest: dict, threshold: float) -> list[str]:
    """What the sweep in `folder` found (`sweep_answer` on its summary and indices)."""
    summary = pd.read_parquet(Path(folder) / "summary.parquet")
    return sweep_answer(summary, manifest, threshold, read_sensitivity(folder))


def sweep_answer(summary: pd.DataFrame, manifest: dict, threshold: float,
                 sensitivity: pd.DataFrame | None = None) -> list[str]:  # fmt: skip
    """What a sweep found, in lines: for a grid, the outcome over all worlds first; LHS, Sobol: what matters.

    For a grid: the outcome over all worlds along the first parameter (its direction, then its threshold
    crossings), then deterrence once in place with the note that it is over the worlds that accepted.
    """
    parameters = list(manifest["parameters"])
    scenario = manifest.get("base") or manifest.get("scenario") or {}
    lead = leads.lead_outcome(scenario)
    if manifest["sweep"]["design"] == "grid":
        if lead.column not in summary:  # a folder written before the paired outcomes
            return grid_answer(summary, parameters, threshold)
        title = lead.words[0].upper() + lead.words[1:]
        lines = [f"{title} over all worlds, along each swept parameter (each pooled over the others):"]
        lines += trend_lines(summary, parameters, lead)
        crossings = grid_answer(summary, parameters, threshold, lead)
        lines.append(f"{crossings[0][:-1]}, read at {pct(threshold)}: " + "; ".join(crossings[1:]))
        if scenario.get("russia_veto", True) or scenario.get("start") == "war":
            conditional = grid_answer(summary, parameters, threshold)
            lines.append(f"{conditional[0][:-1]}*: " + "; ".join(conditional[1:]))
            lines.append("*" + leads.conditional_note(scenario))
        return lines
    lead = lead if lead.column in summary else leads.DETERRENCE
    return sampled_answer(summary, parameters, sensitivity, lead)
