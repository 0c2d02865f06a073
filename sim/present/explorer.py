"""`deter explore`: a local web app to move a package or an assumption and watch the answer move.

A Solara page (the stack Mesa 3's SolaraViz uses). Each change re-runs the scenario's packages on the
same worlds (common random numbers: the seed is fixed, so only the change moves the answer) and redraws
the deterrence bars and the survival curves; a second view steps one world month by month. The
scenario comes from the environment variable DETER_EXPLORE_SCENARIO (set by `deter explore`).
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import solara

from sim.execution.runner import run_scenario
from sim.present import decade_figures as dfig
from sim.present import run_figures as rf
from sim.present.brief import component_words, headline, pct
from sim.present.style import close
from sim.schema.components import COMPONENTS
from sim.schema.scenario import load_scenario, scenario_from_dict

ROOT = Path(__file__).resolve().parents[2]
WORLDS = 2000
"""Worlds per package for each re-run (about half a second for ten packages on one core)."""


def base_scenario():
    """The scenario the app explores: DETER_EXPLORE_SCENARIO, or the baseline."""
    return load_scenario(os.environ.get("DETER_EXPLORE_SCENARIO") or ROOT / "scenarios" / "baseline.yaml")


CONTROLS = {
    "world.europe.resolve": "Europe's resolve",
    "world.us.resolve": "US resolve",
    "world.russia.ambition": "Russia's ambition",
    "world.russia.cost_weight": "weight Russia gives costs",
}
"""The assumptions the app moves: a fixed value itself, or where a distribution is centred."""


def control_paths(base) -> dict[str, tuple[str, float]]:
    """Each control's path for `--set` (a distribution's mean or mode) and its starting value."""
    from sim.schema.sampling import flatten

    values = flatten(base.world)
    out = {}
    for path, label in CONTROLS.items():
        value = values[path.removeprefix("world.")][0]
        for field in ("mean", "mode"):
            if hasattr(value, field):
                out[f"{path}.{field}"] = (f"{label} ({field})", float(getattr(value, field)))
                break
        else:
            out[path] = (label, float(value))
    return out


def settings_scenario(base, settings: dict, packages: list[dict], veto: bool):
    """The base scenario with the app's settings (the same paths as `--set`) and packages applied."""
    from sim.schema.scenario import apply_override

    doc = base.model_dump(mode="json")
    doc["runs"], doc["russia_veto"], doc["packages"] = WORLDS, veto, packages
    for path, value in settings.items():
        apply_override(doc, path, value)
    return scenario_from_dict(doc, source="deter explore")


def run(base, settings: dict, packages: list[dict], veto: bool):
    """Run the packages on WORLDS common worlds with these settings."""
    return run_scenario(settings_scenario(base, settings, packages, veto))


def package_docs(base) -> list[dict]:
    """The scenario's packages as plain data, the state the composition controls edit."""
    return base.model_dump(mode="json")["packages"]


COMPONENT_LABELS = {name: component_words(name) for name in COMPONENTS}
"""Every component a package can hold, in the schema's order, named as the report names them."""

MAIN_FIELD = {
    "reassurance_force": ("troops", "troops", int),
    "arms_support": ("funding_bn_per_year", "€bn a year", float),
    "buffer_zone": ("monitors", "monitors", int),
}
"""The one number of a component the app lets you move (others keep the scenario's values)."""


def with_component(package: dict, component: str, present: bool, original: dict | None = None) -> dict:
    """The package with a component removed, or added: as the scenario had it, else at its defaults.

    The defaults are written out (not `{}`), so the controls show the numbers the model will use.
    """
    if not present:
        return {**package, component: None}
    value = (original or {}).get(component) or COMPONENTS[component]().model_dump(mode="json")
    return {**package, component: value}


def with_field(package: dict, component: str, field: str, value) -> dict:
    """The package with one field of a component changed."""
    return {**package, component: {**(package.get(component) or {}), field: value}}


@solara.component
def Page():
    """The explorer: controls on the left, the answer on the right; a second view steps one world."""
    base = solara.use_memo(base_scenario, dependencies=[])
    paths = solara.use_memo(lambda: control_paths(base), dependencies=[])
    settings, set_settings = solara.use_state({path: value for path, (_, value) in paths.items()})
    originals = solara.use_memo(lambda: package_docs(base), dependencies=[])
    packages, set_packages = solara.use_state(originals)
    veto, set_veto = solara.use_state(base.russia_veto)
    world, set_world = solara.use_state(0)

    def compute():
        try:
            return run(base, settings, packages, veto), ""
        except ValueError as err:  # a value outside its range, an event without its component: say so
            return None, str(err)

    result, problem = solara.use_memo(compute, dependencies=[str(settings), str(packages), veto])
    solara.Title(f"deter explore: {base.name}")
    with solara.Columns([1, 3]):
        with solara.Column():
            solara.Markdown(f"**{base.name}**: {len(base.packages)} packages on {WORLDS:,} common worlds")
            for path, (label, _) in paths.items():
                solara.InputFloat(
                    label,
                    value=settings[path],
                    on_value=lambda v, path=path: set_settings({**settings, path: float(v)}),
                )
            solara.Checkbox(label="Russia may refuse the ceasefire", value=veto, on_value=set_veto)
            for i, package in enumerate(packages):

                def change(new, i=i):
                    set_packages([*packages[:i], new, *packages[i + 1 :]])

                PackageControls(package, originals[i], change)
        with solara.Column():
            Main(base, settings, packages, veto, result, problem, world, set_world)


@solara.component
def PackageControls(package: dict, original: dict, change):
    """One package's composition: each component in or out, its main number, imposed or agreed."""
    with solara.Details(summary=f"package {package['name']}"):
        solara.Checkbox(
            label=f"{package['name']}: imposed over Russia's objection",
            value=bool(package.get("imposed")),
            on_value=lambda v: change({**package, "imposed": bool(v)}),
        )
        for component, label in COMPONENT_LABELS.items():
            present = package.get(component) is not None
            solara.Checkbox(
                label=f"{package['name']}: {label}",
                value=present,
                on_value=lambda v, c=component: change(with_component(package, c, bool(v), original)),
            )
            if present and component in MAIN_FIELD:
                field, unit, kind = MAIN_FIELD[component]
                widget = solara.InputInt if kind is int else solara.InputFloat
                widget(
                    f"{package['name']}: {unit}",
                    value=kind(package[component].get(field) or 0),
                    on_value=lambda v, c=component, f=field, k=kind: change(with_field(package, c, f, k(v))),
                )
            if present and component == "defence_pledge":
                solara.Select(
                    label=f"{package['name']}: pledge strength",
                    values=["declaration", "agreement", "treaty"],
                    value=package[component].get("strength", "agreement"),
                    on_value=lambda v: change(with_field(package, "defence_pledge", "strength", v)),
                )


@solara.component
def Main(base, settings, packages, veto, result, problem, world, set_world):
    """The answer for the current settings, or one world's story."""
    view, set_view = solara.use_state("packages")
    if problem:
        solara.Error(problem)
    if result is None:
        return
    solara.ToggleButtonsSingle(value=view, values=["packages", "one world"], on_value=set_view)
    if view == "packages":
        Answer(result)
    else:
        solara.InputInt("world", value=world, on_value=set_world)
        World(base, settings, packages, veto, world)


@solara.component
def Answer(result):
    """The headline, each package's rates, and the two figures."""
    scenario = result.scenario.model_dump(mode="json")
    solara.Markdown(headline(result.summary, scenario))
    rows = [
        {
            "package": r.package,
            "ceasefire": pct(r.ceasefire_rate),
            "deters once in place": pct(r.deterrence_rate, 1),
            "peace holds": pct(r.peace_rate, 1),
            "decade at peace": pct(r.peace_share, 1),
            "months at war": f"{r.war_months_mean:.1f}" if r.ceasefire_rate > 0 else "—",
            "direct war": pct(r.direct_war_rate, 1),
        }  # fmt: skip
        for r in result.summary.itertuples()
    ]
    solara.DataFrame(pd.DataFrame(rows), items_per_page=20)
    for r in result.summary.itertuples():  # what a test (or a screen reader) reads
        solara.HTML(tag="span", unsafe_innerHTML=f"{r.package}={r.peace_rate:.6f}",
                    classes=["deter-rate"], style="display:none")  # fmt: skip
    bars = rf.deterrence_by_package(result.summary, scenario.get("reference_package"))
    solara.FigureMatplotlib(bars, format="png")
    close(bars)
    curves = rf.survival_curves(result.runs, result.scenario.horizon_months)
    solara.FigureMatplotlib(curves, format="png")
    close(curves)
    decade = dfig.decade_distributions(result.runs)
    solara.FigureMatplotlib(decade, format="png")
    close(decade)


@solara.component
def World(base, settings, packages, veto, world):
    """One world's story, month by month, under each package (Russia's choice, answers, beliefs)."""
    scenario = settings_scenario(base, settings, packages, veto)
    world = min(max(int(world), 0), WORLDS - 1)
    trace = solara.use_memo(lambda: run_scenario(scenario, trace_world=world).trace,
                            dependencies=[str(settings), str(packages), veto, world])  # fmt: skip
    if trace is None or not len(trace):
        solara.Info("Russia rejected every package's ceasefire in this world: no story to follow.")
        return
    parties = [c.removeprefix("resolve_") for c in trace.columns if c.startswith("resolve_")]
    columns = ["package", "month", "action", "phase", "territory", "detected",
               *(f"{g}_answered" for g in parties), *(f"{g}_in_war" for g in parties), "nuclear_threat",
               "withdrawal", *(x for g in parties for x in (f"resolve_{g}", f"belief_{g}")),
               "russia_power", "ukraine_power"]  # fmt: skip
    solara.DataFrame(trace[[c for c in columns if c in trace.columns]].round(3), items_per_page=24)
