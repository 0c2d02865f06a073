"""Text for the terminal and the README: the summary table, components and the parameter table."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from sim.model.packages import COMPONENT_EFFECTS
from sim.schema.components import COMPONENTS
from sim.schema.events import ALLOWED
from sim.schema.params import field_range, field_unit
from sim.schema.sampling import flatten
from sim.schema.scenario import Package, Scenario
from sim.schema.world import World


def _pct(x: float) -> str:
    return "—" if math.isnan(x) else f"{100 * x:.1f}"


def _num_or_dash(x: float) -> str:
    return "—" if math.isnan(x) else f"{x:.1f}"


def with_interval(value: float, low: float, high: float, scale: float = 100.0, digits: int = 1) -> str:
    """A value with its interval, e.g. '45.9 [44.1, 47.6]' ('—' where missing)."""
    if value is None or math.isnan(value):
        return "—"
    v, lo, hi = (_fixed(scale * x, digits) for x in (value, low, high))
    return f"{v} [{lo}, {hi}]"


def _fixed(x: float, digits: int) -> str:
    """X to `digits` decimals, never '-0.00' (a small negative end of an interval reads as 0)."""
    text = f"{x:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def _lead_cells(r, war: bool, reference: str) -> dict[str, str]:
    """The like-for-like outcome over all worlds and its paired difference from the reference."""
    if war:
        lead = {
            "decade at peace %": with_interval(r.peace_share, r.peace_share_ci_low, r.peace_share_ci_high)
        }
        diff = [getattr(r, f"peace_share_vs_reference{e}", math.nan) for e in ("", "_ci_low", "_ci_high")]
    else:
        lead = {"peace holds %": with_interval(r.peace_rate, r.peace_ci_low, r.peace_ci_high)}
        diff = [r.diff_vs_reference, r.diff_ci_low, r.diff_ci_high]
    same = r.package == reference
    signed = with_interval(*diff)
    if signed != "—" and not signed.startswith("-"):
        signed = "+" + signed
    lead[f"vs {reference}, pts"] = "ref" if same else signed
    return lead


def format_summary(summary: pd.DataFrame, scenario: Scenario) -> str:
    """The summary as a table a reader can take in at a glance: what a reader weighs first.

    It leads with an outcome over all worlds (the share of the decade at peace from the war; peace
    holding from a ceasefire) and its paired difference from the reference package on the same worlds;
    then how often and how soon a ceasefire comes, how often the first shot after it is deterred (over
    the worlds whose ceasefire came), months at war, ground lost, casualties, direct war and nuclear
    threats, each with its 95% interval, and the cost.
    """
    rows = []
    veto, war = scenario.russia_veto, scenario.start == "war"
    for r in summary.itertuples():
        ceasefire = r.ceasefire_rate > 0
        if war:
            months = "-" if np.isnan(r.months_to_ceasefire) else f"{r.months_to_ceasefire:.0f}"
            accepted = {
                "ceasefire %": with_interval(r.ceasefire_rate, r.ceasefire_ci_low, r.ceasefire_ci_high),
                "months to it": months,
            }
        else:
            accepted = {"ceasefire %": _pct(r.ceasefire_rate)} if veto else {}
        row = {"package": r.package, **_lead_cells(r, war, scenario.reference_package), **accepted}
        row["deterred %*" if veto or war else "deterred %"] = (
            with_interval(r.deterrence_rate, r.ci_low, r.ci_high) if ceasefire else "no ceasefire"
        )
        if not war:
            row["decade at peace %"] = with_interval(
                r.peace_share, r.peace_share_ci_low, r.peace_share_ci_high
            )
        rows.append(
            row
            | {
                "months at war": with_interval(
                    r.war_months_mean, r.war_months_ci_low, r.war_months_ci_high, 1.0
                ),
                "ground lost %": with_interval(
                    r.territory_lost_mean, r.territory_ci_low, r.territory_ci_high, 1.0, 2
                ),
                "casualties k (UA / RU)": f"{_fixed(r.casualties_ukraine_mean, 0)} / "
                f"{_fixed(r.casualties_russia_mean, 0)}",
                "direct war %": with_interval(r.direct_war_rate, r.direct_war_ci_low, r.direct_war_ci_high),
                "nuclear threat %": with_interval(
                    r.nuclear_threat_rate, r.nuclear_threat_ci_low, r.nuclear_threat_ci_high
                ),
                **_cost_cells(r),
            }
        )
    table = pd.DataFrame(rows).to_string(index=False)
    over = "over every world" if war else "of the ceasefires" if veto else ""
    lead = (
        "Decade at peace = mean share of the horizon's months at peace, over all worlds"
        if war
        else "Peace holds = a ceasefire came and no renewed aggression followed by the horizon, over all "
        "worlds (95% Wilson interval)"
    )
    words = (
        f"{lead}; vs {scenario.reference_package} = its paired difference from the reference package, "
        "in points, on the same worlds (95% t interval). Deterred = no renewed aggression by the horizon "
        "once a ceasefire took effect (95% Wilson interval)"
        + (
            " (*over the worlds whose ceasefire came, not comparable across packages Russia accepts at "
            "different rates)"
            if veto or war
            else ""
        )
        + "; months at war, ground lost (points of Ukraine's territory beyond month 0), casualties "
        "(thousands killed and wounded, Ukraine's / Russia's, means; intervals in summary.csv), direct "
        f"war (a guarantor's forces fought Russia's) and nuclear threats{': ' + over if over else ''}, "
        "over the decade (95% t and Wilson intervals); cost while in force (€bn a year) and over the "
        "horizon (€bn, mean over worlds). Nuclear use is an assumption's exposure, in summary.csv only."
    )
    if war:
        words = (
            "Start: war. Ceasefire = both sides accepted the offer on the table within the horizon; "
            "months to it = the median over every world ('-' if fewer than half see one). " + words
        )
    elif veto:
        words = "Ceasefire = Russia accepted the ceasefire with the package (imposed ones: always). " + words
    else:
        words = (
            "No veto (russia_veto: false): every package takes effect at month 0; a package or component "
            "marked imposed is still imposed over Russia's objection (its grievance and the friction in "
            "incidents apply), so it deters less than the same package not imposed. " + words
        )
    head = (
        f"{scenario.name}: {scenario.runs:,} worlds per package, {scenario.horizon_months} "
        f"months, seed {scenario.seed}. {words}"
    )
    return f"{head}\n\n{table}"


def _cost_cells(r) -> dict[str, str]:
    """The package's cost per year in force and its mean total over the horizon (if known)."""
    cells = {"€bn/yr": f"{r.cost_bn_per_year:.1f}"}
    total = getattr(r, "cost_bn_total", math.nan)
    if not math.isnan(total):
        cells["€bn total"] = f"{total:.0f}"
    return cells


def packages_text() -> str:
    """Every component: what it does, and its parameters with defaults."""
    lines = [
        "Guarantee components (a package combines any of them). Russia accepts or rejects the "
        "ceasefire with a package by what it contains (world.russia.acceptance); `imposed: true` "
        "puts it in place over Russia's objection, without a veto, at the cost of a grievance in "
        "proportion to that objection and more friction in incidents.",
    ]
    for name, model in COMPONENTS.items():
        lines.append(f"\n{name}: {(model.__doc__ or '').strip()}")
        lines.append(f"  effect: {COMPONENT_EFFECTS[name]}")
        for field, info in model.model_fields.items():
            unit = field_unit(info)
            default = info.default if info.default_factory is None else info.default_factory()
            lines.append(f"  - {field} = {_show(default)}" + (f" [{unit}]" if unit else ""))
    lines.append(
        "\nevents: the package's timeline, a list of {component, action, month | election (+ nth), "
        "factor}. deploy / start bring a component into force (absent until then if that is its "
        "first event), withdraw / stop end it, ratify makes a treaty pledge binding (an agreement "
        "until then) or brings membership into force, scale sets troops or funding to factor × the "
        "declared size. Russia reads each change when it happens. Actions by component:"
    )
    lines += [
        f"  - {name}: {', '.join(sorted(a.value for a in actions))}" for name, actions in ALLOWED.items()
    ]
    return "\n".join(lines)


def _show(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(getattr(v, "value", v)) for v in value) + "]"
    if hasattr(value, "model_dump"):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.model_dump().items()) + "}"
    return str(getattr(value, "value", value))


def parameter_rows() -> list[dict[str, str]]:
    """One row per parameter of the schema: path, unit, range, default, reason."""
    rows = []
    leaves = {f"world.{k}": v for k, v in flatten(World(), "").items()}
    for name, top in Scenario.model_fields.items():
        if name in ("horizon_months", "runs", "seed", "chunk_size", "reference_package"):
            leaves[name] = (top.default, top)
    for comp, model in COMPONENTS.items():
        for field, info in model.model_fields.items():
            default = info.default if info.default_factory is None else info.default_factory()
            leaves[f"packages.<name>.{comp}.{field}"] = (default, info)
    leaves["packages.<name>.imposed"] = (False, Package.model_fields["imposed"])
    for path, (value, info) in leaves.items():
        low, high = field_range(info)
        rng = "" if low is None and high is None else f"{_num(low)}–{_num(high)}"
        rows.append(
            {
                "parameter": path,
                "unit": field_unit(info),
                "range": rng,
                "default": _show(value),
                "reason / source": " ".join((info.description or "").split()),
            }
        )
    return rows


def _num(x) -> str:
    return "" if x is None else f"{x:g}"


def params_table(fmt: str = "text") -> str:
    """The parameter table, as Markdown or as plain text."""
    rows = parameter_rows()
    if fmt == "markdown":
        head = "| parameter | unit | range | default | reason / source |\n|---|---|---|---|---|"
        body = ["| " + " | ".join(r[k].replace("|", "\\|") for k in r) + " |" for r in rows]
        return "\n".join([head, *body])
    return "\n".join(f"{r['parameter']}\n    {_value_line(r)}\n    {r['reason / source']}" for r in rows)


def _value_line(row: dict[str, str]) -> str:
    """A parameter's default, with its unit and range where it has them (a name or a list has neither)."""
    unit = f" [{row['unit']}]" if row["unit"] else ""
    span = f" range {row['range']}" if row["range"] else ""
    return f"{row['default']}{unit}{span}"


def short_name(path: str) -> str:
    """A parameter's path without its `world.` or `packages.` prefix, as figures and answers name it."""
    return path.removeprefix("world.").removeprefix("packages.")


DISTRIBUTION_FIELDS = ("mean", "mode", "low", "high", "sd")
"""Fields of a distribution that share the unit of the parameter it draws."""


def level_label(value) -> str:
    """A grid level as text: a number in its shortest form, a word (a posture) as it is."""
    number = isinstance(value, int | float | np.number) and not isinstance(value, bool | np.bool_)
    return f"{value:g}" if number else str(value)


def unit_of(path: str) -> str:
    """The unit declared for a world or package parameter given by its dotted path ('' if none)."""
    parts = path.split(".")
    if parts[0] == "world":
        leaves = flatten(World(), "world.")
        if path not in leaves and parts[-1] in DISTRIBUTION_FIELDS:  # where a distribution sits or spreads
            path = ".".join(parts[:-1])
        return field_unit(leaves[path][1]) if path in leaves else ""
    if parts[0] == "packages" and len(parts) == 4 and parts[2] in COMPONENTS:
        info = COMPONENTS[parts[2]].model_fields.get(parts[3])
        return field_unit(info) if info else ""
    return ""
