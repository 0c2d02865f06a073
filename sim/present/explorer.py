"""`deter explore`: a local web app to move a package or an assumption and watch the answer move.

A Solara page (the stack Mesa 3's SolaraViz uses). Each change re-runs the scenario's packages on the
same worlds (common random numbers: the seed is fixed, so only the change moves the answer). The page
leads, as the report does, with an outcome over all worlds (`leads.lead_outcome`: the decade at peace
from the war, peace holding from a ceasefire), with 95% intervals and the paired difference from the
reference package; it names a best package only where the others are outside noise of it, else the
tied ones together. Deterrence once in place is shown only with the note that it is over the worlds
whose ceasefire came. A second view steps one world month by month. The scenario comes from the
environment variable DETER_EXPLORE_SCENARIO (set by `deter explore`, which serves this page).
"""

from __future__ import annotations

import html
import math
import os
from dataclasses import dataclass
from pathlib import Path

import solara

from sim.execution.runner import run_scenario
from sim.present import decade_figures as dfig
from sim.present import run_figures as rf
from sim.present.brief import component_words, headline
from sim.present.explorer_views import answer_table, lead_figure, table_html, table_note, world_html
from sim.present.style import close, party_words
from sim.schema.components import COMPONENTS
from sim.schema.params import field_range
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


def nice_step(low: float | None, high: float | None, whole: bool = False) -> float:
    """A round step giving a hundred positions or more over [low, high] (whole numbers: at least 1)."""
    if low is None or high is None or not high > low:
        return 1.0 if whole else 0.01
    step = 10.0 ** math.floor(math.log10((high - low) / 100))
    return max(step, 1.0) if whole else step


@dataclass(frozen=True)
class Control:
    """One number the app moves: its label and starting value, and a slider's range where it is known."""

    label: str
    value: float
    low: float | None = None
    high: float | None = None
    step: float = 0.01
    whole: bool = False

    @property
    def slider(self) -> bool:
        """Whether the range is known (a slider), or not (a number field)."""
        return self.low is not None and self.high is not None and self.high > self.low


def _control(label: str, value, info) -> tuple[str, Control] | None:
    """The path suffix and control for one world parameter: a fixed value, or a distribution's centre.

    The slider spans the field's declared range (`deter params`); a triangular's mode spans its own
    low..high, and a beta's mean stays strictly inside the range (a step in from each end). A uniform
    has no centre to move: it keeps the scenario's range (None).
    """
    low, high = field_range(info)
    step = nice_step(low, high)
    if isinstance(value, int | float):
        return "", Control(label, float(value), low, high, step)
    for field in ("mode", "mean"):
        if hasattr(value, field):
            if field == "mode":
                low, high = value.low, value.high
            elif value.dist == "beta" and low is not None and high is not None:
                low, high = low + step, high - step
            return f".{field}", Control(f"{label} ({field})", float(getattr(value, field)), low, high, step)
    return None


def control_paths(base) -> dict[str, Control]:
    """Each control's path for `--set` (a distribution's mean or mode), its starting value and range."""
    from sim.schema.sampling import flatten

    values = flatten(base.world)
    out = {}
    resolve = {f"world.{p}.resolve": p for p in base.world.parties}
    controls = {k: CONTROLS.get(k) or f"{party_words(p, short=True)}'s resolve" for k, p in resolve.items()}
    controls |= {k: v for k, v in CONTROLS.items() if not k.endswith(".resolve")}
    for path, label in controls.items():
        if path.removeprefix("world.") not in values:
            continue
        found = _control(label, *values[path.removeprefix("world.")])
        if found is not None:
            out[path + found[0]] = found[1]
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


def main_control(package: dict, component: str) -> Control:
    """The control of a component's main number, over the range its schema declares."""
    field, unit, kind = MAIN_FIELD[component]
    low, high = field_range(COMPONENTS[component].model_fields[field])
    whole = kind is int
    value = float(package[component].get(field) or 0)
    return Control(f"{package['name']}: {unit}", value, low, high, nice_step(low, high, whole), whole)


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


STYLE = """
.deter-table-box { max-width: 100%; overflow-x: auto; }
.deter-table { border-collapse: collapse; font-size: 13px; margin: 4px 0 8px 0; }
.deter-table th { font-weight: 600; text-align: right; vertical-align: bottom; padding: 4px 6px;
                  border-bottom: 1px solid #999; }
.deter-table td { text-align: right; padding: 3px 6px; border-bottom: 1px solid #e4e4e4;
                  white-space: nowrap; font-variant-numeric: tabular-nums; }
.deter-table th:first-child, .deter-table td:first-child { text-align: left; }
.deter-table tr.deter-best td { font-weight: 600; }
.deter-world { font-size: 12px; } .deter-world th { white-space: normal; min-width: 3em; }
.deter-world td { padding: 2px 4px; }
.deter-note { font-size: 13px; color: #444; margin: 0 0 12px 0; }
.deter-control-label { font-size: 13px; margin: 8px 0 0 0; line-height: 1.3; }
.deter-figure img, .deter-figure .widget-image { max-width: 100%; height: auto; margin: 0; }
"""
"""The page's own styles: a table that fits its column, figures scaled to it, labels that wrap."""


@solara.component
def Page():
    """The explorer: controls on the left, the answer on the right; a second view steps one world."""
    base = solara.use_memo(base_scenario, dependencies=[])
    paths = solara.use_memo(lambda: control_paths(base), dependencies=[])
    settings, set_settings = solara.use_state({path: c.value for path, c in paths.items()})
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
    solara.Style(STYLE)
    with solara.Columns([1, 3]):
        with solara.Column():
            start = "from the war" if base.start == "war" else "from a ceasefire"
            solara.Markdown(
                f"**{base.name}**: {len(base.packages)} packages on {WORLDS:,} common worlds, {start}"
            )
            for path, control in paths.items():
                NumberControl(
                    control,
                    settings[path],
                    lambda v, path=path: set_settings({**settings, path: v}),
                )
            for path, value in settings.items():  # what a test (or a screen reader) reads
                solara.HTML(tag="span", unsafe_innerHTML=html.escape(f"{path}={value!r}"),
                            classes=["deter-setting"], style="display:none")  # fmt: skip
            solara.Checkbox(label="Russia may refuse the ceasefire", value=veto, on_value=set_veto)
            for i, package in enumerate(packages):

                def change(new, i=i):
                    set_packages([*packages[:i], new, *packages[i + 1 :]])

                PackageControls(package, originals[i], change)
        with solara.Column():
            Main(base, settings, packages, veto, result, problem, world, set_world)


@solara.component
def NumberControl(control: Control, value: float, on_value):
    """A slider over the control's range (the model re-runs when it is let go), else a number field."""
    if control.slider:
        Slider(control, value, on_value)
    elif control.whole:
        solara.InputInt(control.label, value=int(value), on_value=lambda v: on_value(int(v)))
    else:
        solara.InputFloat(control.label, value=float(value), on_value=lambda v: on_value(float(v)))


@solara.component
def Slider(control: Control, value: float, on_value):
    """A slider whose new value counts once it is let go (a click, a key, the end of a drag)."""
    kind = int if control.whole else float
    shown = f"{value:,.0f}" if control.whole else f"{value:g}"
    ends = f"{control.low:,.10g}–{control.high:,.10g}"
    solara.HTML(tag="div", unsafe_innerHTML=html.escape(f"{control.label}: {shown}  (range {ends})"),
                classes=["deter-control-label"])  # fmt: skip
    slider = solara.v.Slider(
        v_model=value,
        min=control.low,
        max=control.high,
        step=control.step,
        thumb_label=True,
        hide_details=True,
        dense=True,
        attributes={"aria-label": control.label},
    )
    digits = max(0, -math.floor(math.log10(control.step)))

    def commit(*event):  # (widget, event name, value): on release, a click or a key, not every pixel
        new = kind(round(float(event[-1]), digits))
        if new != value:
            on_value(new)

    solara.v.use_event(slider, "change", commit)


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
                field = MAIN_FIELD[component][0]
                control = main_control(package, component)
                NumberControl(
                    control,
                    control.value,
                    lambda v, c=component, f=field: change(with_field(package, c, f, v)),
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
def Figure(fig):
    """A figure saved tight (nothing outside its canvas is cut) and scaled to its column."""
    with solara.Div(classes=["deter-figure"]):
        solara.FigureMatplotlib(fig, format="png", bbox_inches="tight", dpi=100)
    close(fig)


@solara.component
def Answer(result):
    """The headline, each package's outcomes with intervals and costs, and the figures."""
    scenario = result.scenario.model_dump(mode="json")
    solara.Markdown(headline(result.summary, scenario))
    head, rows, best = answer_table(result.summary, scenario)
    solara.HTML(tag="div", unsafe_innerHTML=table_html(head, rows, best), classes=["deter-table-box"])
    solara.HTML(tag="p", classes=["deter-note"], unsafe_innerHTML=html.escape(table_note(scenario)))
    for r in result.summary.itertuples():  # what a test (or a screen reader) reads
        solara.HTML(tag="span", unsafe_innerHTML=f"{r.package}={r.peace_rate:.6f}",
                    classes=["deter-rate"], style="display:none")  # fmt: skip
    Figure(lead_figure(result.summary, scenario))
    solara.HTML(tag="p", classes=["deter-note"], unsafe_innerHTML=html.escape(
        "Below: when aggression returns after the ceasefire, over the worlds whose ceasefire came, so "
        "not comparable across packages Russia accepts at different rates."))  # fmt: skip
    Figure(rf.survival_curves(result.runs, result.scenario.horizon_months))
    Figure(dfig.decade_distributions(result.runs))


@solara.component
def World(base, settings, packages, veto, world):
    """One world's story, month by month, under each package (Russia's choice, answers, beliefs)."""
    scenario = settings_scenario(base, settings, packages, veto)
    world = min(max(int(world), 0), WORLDS - 1)
    chosen, choose = solara.use_state("")  # the package whose months are shown (hooks before any return)
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
    names = list(dict.fromkeys(trace["package"].astype(str)))
    chosen = chosen if chosen in names else names[0]
    solara.Select(label="package", values=names, value=chosen, on_value=choose)
    shown = trace[trace["package"].astype(str) == chosen]
    shown = shown[[c for c in columns if c in shown.columns and c != "package"]]
    solara.HTML(tag="div", unsafe_innerHTML=world_html(shown), classes=["deter-table-box"])
