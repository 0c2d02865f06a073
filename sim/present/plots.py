"""Figures and the HTML report, made from stored results only (plotting never runs the model).

`plot_results(folder)` recognises a run folder (`deter run`) or a sweep folder (`deter sweep`),
writes its default figures into `folder/plots/` (or `out`) and a `report.html` beside them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim.errors import PlotError
from sim.execution import folders
from sim.execution.folders import atomic
from sim.execution.manifests import resume_command
from sim.limits import shorten
from sim.present import THRESHOLD, leads
from sim.present import decade_figures as dfig
from sim.present import run_figures as rf
from sim.present import strategy_figures as sfig
from sim.present import sweep_figures as sf
from sim.present.html import states, write_report
from sim.present.members import members_figure
from sim.present.style import close

FORMATS = ("png", "svg", "pdf")


def _save(fig, folder: Path, stem: str, fmt: str) -> Path:
    path = folder / f"{stem}.{fmt}"
    atomic(path, lambda tmp: fig.savefig(tmp, dpi=150, format=fmt))
    close(fig)
    return path


def read_manifest(folder: Path) -> dict:
    """The manifest of a result folder, or a one-line error."""
    manifest = folders.read_manifest(folder, PlotError)
    if "sweep" in manifest and manifest.get("status") != "complete":
        raise PlotError(
            f"{folder}: the sweep is incomplete; finish it with {resume_command(manifest)} {folder}"
        )
    needed = ("summary.csv", "summary.parquet") if "sweep" in manifest else ("summary.csv", "runs.parquet")
    missing = [name for name in needed if not (folder / name).exists()]
    if missing:
        raise PlotError(f"{folder}: incomplete result folder, missing {', '.join(missing)}")
    return manifest


def run_plots(folder: Path, manifest: dict) -> dict[str, object]:
    """The figures of a run folder, by file stem."""
    summary = pd.read_csv(folder / "summary.csv")
    runs = pd.read_parquet(folder / "runs.parquet")
    horizon = manifest["scenario"]["horizon_months"]
    reference = manifest["scenario"]["reference_package"]
    start = manifest["scenario"].get("start_date")
    figures = {
        "deterrence": lambda: rf.deterrence_by_package(summary, reference),
        "survival": lambda: rf.survival_curves(runs, horizon),
        "outcomes": lambda: rf.failure_outcomes(runs),
        "tradeoff": lambda: rf.tradeoff(summary, reference),
        "months": lambda: rf.months_histograms(runs, horizon),
        "decade": lambda: dfig.decade_distributions(runs),
        "beliefs": lambda: rf.belief_distributions(runs),
        "strategies": lambda: sfig.strategy_plane(summary),
    }
    if states(manifest["scenario"]):  # who leaves the coalition
        figures["members"] = lambda: members_figure(runs)
    if manifest["scenario"].get("start") == "war":  # the road to a ceasefire
        figures["ceasefire"] = lambda: sfig.ceasefire_curves(runs, horizon, start=start)
    if (folder / "monthly.parquet").exists():  # folders written before the monthly aggregates have none
        monthly = pd.read_parquet(folder / "monthly.parquet")
        figures["monthly"] = lambda: dfig.monthly_paths(monthly, start)
    if (folder / "trace.parquet").exists():
        trace = pd.read_parquet(folder / "trace.parquet")
        trace.attrs["world"] = manifest.get("trace_world", 0)
        for name in dict.fromkeys(trace["package"]):
            figures[f"trace-{name}"] = lambda name=name: dfig.trace_story(trace, name, start)
    return figures


def sweep_plots(folder: Path, manifest: dict, threshold: float) -> dict[str, object]:
    """The figures of a sweep folder, by file stem, chosen by its design."""
    summary = pd.read_parquet(folder / "summary.parquet")
    params = manifest["parameters"]
    design = manifest["sweep"]["design"]
    figures: dict[str, object] = {}
    lead = leads.lead_outcome(manifest.get("base") or {})
    lead = lead if lead.column in summary else None  # a folder written before the outcomes over all worlds
    if design == "sobol":
        sensitivity = pd.read_csv(folder / "sensitivity.csv")
        if len(sensitivity):
            figures["sobol"] = lambda: sf.sobol_indices(sensitivity)
    if (folder / "robust.csv").exists():  # a robust analysis (deter robust)
        reference = str(summary["reference"].iloc[0]) if "reference" in summary else None
        judged = pd.read_csv(folder / "robust.csv").get("outcome")
        outcome = str(judged.iloc[0]) if judged is not None and len(judged) else None
        figures["robust"] = lambda: sf.robust_spread(summary, reference, outcome)
    if design in ("lhs", "sobol"):
        figures["ranking"] = lambda: sf.ranking_heatmap(summary, params, lead=lead)
        if design == "lhs":  # Sobol's A/B/AB_i points confound a bin with the other parameters
            figures["binned"] = lambda: sf.binned_means(summary, params, lead=lead)
        return figures
    for p in params:
        figures[f"rate-{p}"] = lambda p=p: sf.rate_by_parameter(summary, p, lead=lead)
    if len(params) >= 2:
        figures["heatmap"] = lambda: sf.heatmaps(summary, params[0], params[1], threshold, lead=lead)
    return figures


def _check_plot_target(target: Path) -> None:
    """Draw into a folder given by --out only if it is new, empty, or one deter drew into before."""
    resolved = target.resolve()
    cwd = Path.cwd().resolve()
    if resolved == cwd or resolved in cwd.parents:
        raise PlotError(f"--out {target}: refused, it is the working directory or one of its parents")
    if target.is_dir() and any(target.iterdir()) and not (target / folders.PLOTS_MARK).exists():
        raise PlotError(f"--out {target}: holds files deter did not draw; choose a new or empty folder")


def plot_results(
    folder: str | Path, fmt: str = "png", out: str | Path | None = None, threshold: float = THRESHOLD
) -> list[Path]:
    """Write every default figure of a result folder and its report.html; return the figure paths."""
    folder = Path(folder)
    if fmt not in FORMATS:
        raise PlotError(f"--format: {fmt!r} is not supported; allowed: {', '.join(FORMATS)}")
    if not 0 < threshold < 1:
        raise PlotError(f"--threshold: {threshold} must lie strictly between 0 and 1")
    manifest = read_manifest(folder)
    target = Path(out) if out else folder / "plots"
    if target.exists() and not target.is_dir():
        raise PlotError(f"--out {target}: exists and is not a folder")
    if out is not None:
        _check_plot_target(target)
    try:
        figures = (
            sweep_plots(folder, manifest, threshold) if "sweep" in manifest else run_plots(folder, manifest)
        )
        target.mkdir(parents=True, exist_ok=True)
        (target / folders.PLOTS_MARK).touch()
        paths = [_save(make(), target, stem, fmt) for stem, make in figures.items()]
    except (ValueError, KeyError, TypeError, IndexError) as err:  # pyarrow's ArrowInvalid is a ValueError
        detail = shorten(f"{type(err).__name__}: {err}", 160)
        raise PlotError(f"{folder}: damaged result files ({detail})") from None
    except OSError as err:
        raise PlotError(f"{target}: cannot write the figures ({err.strerror or err})") from None
    # the folder's own report links its own figures; figures drawn elsewhere get a report beside them
    write_report(folder if out is None else target, folder, manifest, paths, threshold)
    return paths
