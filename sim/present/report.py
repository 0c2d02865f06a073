"""Text for the terminal and the README: the summary table, components and the parameter table."""

from __future__ import annotations

import math

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


def format_summary(summary: pd.DataFrame, scenario: Scenario) -> str:
    """The summary as a table a reader can take in at a glance (rates in %, 95% intervals)."""
    rows = []
    veto = scenario.russia_veto
    for r in summary.itertuples():
        median = r.median_months_to_aggression
        accepted = {"ceasefire %": _pct(r.ceasefire_rate)} if veto else {}
        peace = {"peace holds %": f"{_pct(r.peace_rate)} [{_pct(r.peace_ci_low)}, {_pct(r.peace_ci_high)}]"}
        rows.append(
            {
                "package": r.package,
                **accepted,
                "deterred %": (
                    f"{_pct(r.deterrence_rate)} [{_pct(r.ci_low)}, {_pct(r.ci_high)}]"
                    if r.ceasefire_rate > 0
                    else "no ceasefire"
                ),
                **(peace if veto else {}),
                "vs " + str(scenario.reference_package) + " (pp)": (
                    "ref"
                    if r.package == scenario.reference_package
                    else f"{100 * r.diff_vs_reference:+.1f} [{100 * r.diff_ci_low:+.1f}, "
                    f"{100 * r.diff_ci_high:+.1f}]"
                ),
                "median mo": "not reached" if math.isnan(median) or not r.ceasefire_rate else f"{median:.0f}",
                "RMST mo": _num_or_dash(r.rmst_months),
                "direct war %": f"{_pct(r.direct_war_rate)}",
                "Russia gains %": f"{_pct(r.russia_gain_rate)}",
                "€bn/yr": f"{r.cost_bn_per_year:.1f}",
            }
        )
    table = pd.DataFrame(rows).to_string(index=False)
    if veto:
        words = (
            "Ceasefire = Russia accepted the ceasefire with the package (imposed ones: always); "
            "deterred = no renewed aggression by the horizon, of the ceasefires; peace holds = both "
            "(95% Wilson intervals); vs = paired difference in peace holding, on the same worlds."
        )
    else:
        words = (
            "Every package in place (no veto: russia_veto is false). Deterred = no renewed aggression "
            "by the horizon (95% Wilson interval); vs = paired difference on the same worlds."
        )
    head = (
        f"{scenario.name}: {scenario.runs:,} worlds per package, {scenario.horizon_months} "
        f"months, seed {scenario.seed}. {words}"
    )
    return f"{head}\n\n{table}"


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
    return "\n".join(
        f"{r['parameter']}\n    {r['default']} [{r['unit']}] range {r['range']}\n    {r['reason / source']}"
        for r in rows
    )


def short_name(path: str) -> str:
    """A parameter's path without its `world.` or `packages.` prefix, as figures and answers name it."""
    return path.removeprefix("world.").removeprefix("packages.")


DISTRIBUTION_FIELDS = ("mean", "mode", "low", "high", "sd")
"""Fields of a distribution that share the unit of the parameter it draws."""


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
