"""The words of a report: a headline from the results, a readable table, the packages and assumptions.

Everything here is computed from a result folder's summary and manifest; nothing is written by hand
about a particular result.
"""

from __future__ import annotations

import html
import math
from typing import Any

import pandas as pd

from sim.present import leads
from sim.present.captions import CAPTIONS, caption  # noqa: F401 - re-exported (html.py, tests)
from sim.present.report import with_interval
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
    if isinstance(value, float):
        return f"{value:.3g}"
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
    if parsed.coalition.states:  # the members' defaults are the data file's, on this calendar
        keys = ("name", "start_date", "coalition", "horizon_months", "packages")
        bare = {k: scenario[k] for k in keys if k in scenario}
        bare["world"] = {"guarantors": {g: {} for g in parsed.world.parties}}
        plain = Scenario.model_validate(bare).world
    else:
        plain = World.model_validate({"guarantors": {g: {} for g in parsed.world.parties}})
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
