"""Figures and report: series, intervals and labels as promised; files valid; report complete."""

from pathlib import Path

import matplotlib.image as mpimg
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.container import BarContainer, ErrorbarContainer

from sim.cli import main
from sim.execution.runner import run_scenario
from sim.execution.storage import write_results
from sim.present import decade_figures as dfig
from sim.present import run_figures as rf
from sim.present import sweep_figures as sf
from sim.present.plots import plot_results
from tests.helpers import make_scenario

PACKAGES = [
    {"name": "none"},
    {"name": "pledge", "defence_pledge": {}},
    {"name": "force", "reassurance_force": {"troops": 30000}, "imposed": True},
]


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    result = run_scenario(make_scenario(PACKAGES, runs=400, seed=2), trace_world=5)
    folder = tmp_path_factory.mktemp("run") / "res"
    write_results(folder, result, None, {"trace_world": 5})
    return folder


def labelled(ax):
    return ax.get_xlabel() and ax.get_ylabel() is not None and ax.get_title()


def test_deterrence_figure_shows_acceptance_beside_deterrence_when_russia_can_veto(run_dir):
    summary = pd.read_csv(run_dir / "summary.csv")
    assert (summary["ceasefire_rate"] < 1).any()  # the pledge is offered to Russia, which may refuse it
    fig = rf.deterrence_by_package(summary, reference="none")
    assert len(fig.axes) == 3
    widths = [
        [b.get_width() for b in c] for ax in fig.axes for c in ax.containers if isinstance(c, BarContainer)
    ]
    order = summary.sort_values("peace_rate")
    assert widths[0] == pytest.approx(order["ceasefire_rate"].tolist())
    assert widths[1] == pytest.approx(order["deterrence_rate"].tolist())
    assert widths[2] == pytest.approx(order["peace_rate"].tolist()) and widths[2] == sorted(widths[2])
    assert [any(isinstance(c, ErrorbarContainer) for c in ax.containers) for ax in fig.axes] == [
        False,
        True,
        True,
    ]
    assert all("%" in ax.get_xlabel() for ax in fig.axes) and "accept" in fig.get_suptitle()


def test_deterrence_figure_has_a_bar_and_interval_per_package_sorted(run_dir):
    summary = pd.read_csv(run_dir / "summary.csv").assign(ceasefire_rate=1.0)  # every package in place
    fig = rf.deterrence_by_package(summary, reference="none")
    assert len(fig.axes) == 1
    ax = fig.axes[0]
    bars = [c for c in ax.containers if isinstance(c, BarContainer)][0]
    widths = [b.get_width() for b in bars]
    assert len(widths) == 3 and widths == sorted(widths)
    assert any(isinstance(c, ErrorbarContainer) for c in ax.containers)
    assert "%" in ax.get_xlabel() and (ax.get_title() or fig.get_suptitle())
    assert any("reference" in t.get_text() for t in ax.get_yticklabels())
    assert ax.get_legend() is not None


def test_survival_figure_has_a_curve_and_band_per_package(run_dir):
    runs = pd.read_parquet(run_dir / "runs.parquet")
    fig = rf.survival_curves(runs, 120)
    ax = fig.axes[0]
    assert len(ax.get_lines()) == 3
    assert sum(isinstance(c, PolyCollection) for c in ax.collections) == 3  # 95% bands
    assert "months" in ax.get_xlabel() and "%" in ax.get_ylabel() and ax.get_legend()
    # curves start at 100% and never rise
    for line in ax.get_lines():
        y = line.get_ydata()
        assert y[0] == 1.0 and np.all(np.diff(y) <= 1e-12)


def test_outcome_shares_partition_the_worlds_and_bars_stack(run_dir):
    runs = pd.read_parquet(run_dir / "runs.parquet")
    shares = rf.outcome_shares(runs)
    assert np.allclose(shares.sum(axis=1), 1.0)
    summary = pd.read_csv(run_dir / "summary.csv").set_index("package")
    assert shares.loc["force", "deterred"] == pytest.approx(summary.loc["force", "deterrence_rate"])
    assert shares.loc["force", "direct war"] == pytest.approx(summary.loc["force", "direct_war_rate"])
    fig = rf.failure_outcomes(runs)
    ax = fig.axes[0]
    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    assert len(bars) == 5 and all(len(b) == 3 for b in bars)  # no ceasefire, deterred, repelled, ...
    assert len(ax.get_legend().get_texts()) == 5
    assert shares.loc["pledge", "no ceasefire"] == pytest.approx(1 - summary.loc["pledge", "ceasefire_rate"])


def test_tradeoff_has_a_point_with_both_intervals_per_package(run_dir):
    summary = pd.read_csv(run_dir / "summary.csv")
    ax = rf.tradeoff(summary, "none").axes[0]
    points = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    assert len(points) == 3 and all(c.has_xerr and c.has_yerr for c in points)
    assert "direct war" in ax.get_xlabel() and "%" in ax.get_ylabel()


def test_distribution_and_trace_figures(run_dir):
    runs = pd.read_parquet(run_dir / "runs.parquet")
    fig = rf.months_histograms(runs, 120)
    assert sum(ax.get_visible() for ax in fig.axes) == 3
    fig = rf.belief_distributions(runs)
    assert len(fig.axes) == 2 and all("%" in ax.get_xlabel() for ax in fig.axes)
    trace = pd.read_parquet(run_dir / "trace.parquet")
    assert set(trace["package"]) == {"none", "pledge", "force"}
    for _name, t in trace.groupby("package"):
        # a world's decade: every month to the horizon (no capitulation here), one phase each month
        assert t["month"].tolist() == list(range(1, 121))
        assert set(t["phase"]) <= {"peace", "buildup", "war"}
    fig = dfig.trace_story(trace, "force")
    assert len(fig.axes) == 4 and all(ax.get_ylabel() for ax in fig.axes)


def test_the_decade_figure_stacks_each_packages_ceasefires_to_one(run_dir):
    runs = pd.read_parquet(run_dir / "runs.parquet")
    fig = dfig.decade_distributions(runs)
    assert len(fig.axes) == 2 and "months at war" in fig.axes[0].get_title().lower()
    for ax in fig.axes:
        widths = {}
        for bar in ax.patches:
            row = round(bar.get_y() + bar.get_height() / 2)
            widths[row] = widths.get(row, 0.0) + bar.get_width()
        assert len(widths) == 3 and all(abs(w - 1.0) < 1e-9 for w in widths.values())


def test_plot_results_writes_valid_images_and_a_complete_report(run_dir, tmp_path):
    paths = plot_results(run_dir)
    stems = {p.stem for p in paths}
    assert {"deterrence", "survival", "outcomes", "tradeoff", "months", "decade", "beliefs"} <= stems
    assert {"trace-none", "trace-force"} <= stems
    for p in paths:
        assert mpimg.imread(p).shape[0] > 100  # a real, readable PNG
    html = (run_dir / "report.html").read_text()
    import base64
    from html import escape

    from sim.present.brief import caption

    for p in paths:  # embedded, so the page alone (e-mailed) has its figures, each with its caption
        assert f'src="data:image/png;base64,{base64.b64encode(p.read_bytes()).decode()}"' in html
        assert escape(caption(p.stem)) in html and caption(p.stem) != p.stem
    assert "<table" in html and "deterrence_rate" in html and ">force<" in html
    assert html.index('class="headline"') < html.index("The packages compared") < html.index("<h2>Figures")
    svg = plot_results(run_dir, fmt="svg", out=tmp_path / "svg")
    assert all(p.suffix == ".svg" and p.read_text().lstrip().startswith("<?xml") for p in svg)


def test_no_overlapping_package_labels_with_ten_packages():
    names = [f"package_with_a_long_name_{i}" for i in range(10)]
    rates = np.linspace(0.1, 0.95, 10)
    summary = pd.DataFrame(
        {"package": names, "deterrence_rate": rates, "ci_low": rates - 0.02, "ci_high": rates + 0.02}
    )
    fig = rf.deterrence_by_package(summary, reference=names[0])
    fig.canvas.draw()
    boxes = [t.get_window_extent() for t in fig.axes[0].get_yticklabels()]
    for a, b in zip(boxes, boxes[1:], strict=False):
        assert not a.overlaps(b)


def sweep_summary(two=True):
    rows = []
    for i, x in enumerate([0.1, 0.5, 0.9]):
        for j, y in enumerate([1000, 30000] if two else [0]):
            for k, name in enumerate(["none", "force"]):
                rate = 0.3 + 0.2 * i + 0.1 * j * k
                rows.append(
                    {
                        "point": i * 2 + j,
                        "world.europe.resolve": x,
                        "packages.force.reassurance_force.troops": y,
                        "package": name,
                        "runs": 1000,
                        "deterrence_rate": rate,
                    }
                )
    return pd.DataFrame(rows)


def test_sweep_line_and_heatmap_figures():
    summary = sweep_summary()
    ax = sf.rate_by_parameter(summary, "world.europe.resolve").axes[0]
    assert len(ax.get_lines()) == 2 and len(ax.collections) == 2  # a line and a band per package
    assert "uncertainty" in ax.get_xlabel() and "[probability]" in ax.get_xlabel() and "%" in ax.get_ylabel()
    fig = sf.heatmaps(summary, "world.europe.resolve", "packages.force.reassurance_force.troops", 0.6)
    maps = [ax for ax in fig.axes if ax.get_visible() and ax.images and ax.get_title()]
    assert len(maps) == 2
    limits = {tuple(ax.images[0].get_clim()) for ax in maps}
    assert limits == {(0.0, 1.0)}  # one shared colour scale
    assert [t.get_text() for t in maps[0].get_xticklabels()] == ["0.1", "0.5", "0.9"]  # cells on the grid
    assert "[troops]" in fig.get_supylabel() and "(lever)" in fig.get_supylabel()
    assert any(ax.get_label() == "<colorbar>" for ax in fig.axes)


def test_sobol_and_binned_figures():
    sensitivity = pd.DataFrame(
        [
            {
                "package": p,
                "parameter": q,
                "first_order": 0.3,
                "first_order_low": 0.2,
                "first_order_high": 0.4,
                "total": 0.5,
                "total_low": 0.4,
                "total_high": 0.6,
            }
            for p in ("none", "force")
            for q in ("world.europe.resolve", "world.us.resolve", "world.russia.ambition")
        ]
    )
    fig = sf.sobol_indices(sensitivity)
    for ax in fig.axes:
        bars = [c for c in ax.containers if isinstance(c, BarContainer)]
        assert len(bars) == 2 and all(len(b) == 3 for b in bars)
    rng = np.random.default_rng(0)
    lhs = pd.DataFrame(
        {
            "package": np.repeat(["none", "force"], 100),
            "runs": 500,
            "a": np.tile(rng.random(100), 2),
            "b": np.tile(rng.random(100), 2),
        }
    )
    lhs["deterrence_rate"] = 0.2 + 0.6 * lhs["a"] + 0.05 * rng.standard_normal(200)
    fig = sf.binned_means(lhs, ["a", "b"])
    assert sum(ax.get_visible() for ax in fig.axes) == 2
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert all(len(ax.lines) == 2 and len(ax.collections) == 2 for ax in visible)  # a line and a band each
    means = visible[0].lines[0].get_ydata()  # package "none" against a: rises with a
    band = visible[0].collections[0].get_paths()[0].vertices[:, 1]
    assert means[-1] - means[0] > 0.3 and fig.legends
    assert band.min() < means.min() and band.max() > means.max()  # the band surrounds the means


def test_plot_command_refuses_a_folder_without_results(tmp_path, capsys):
    assert main(["plot", str(tmp_path)]) == 2
    assert "not a result folder" in capsys.readouterr().err
    assert main(["plot", str(tmp_path / "nope")]) == 2


def test_parameter_ranking_puts_the_parameter_that_matters_first():
    rng = np.random.default_rng(1)
    n = 120
    table = pd.DataFrame(
        {
            "package": np.repeat(["none", "force"], n),
            "runs": 500,
            **{k: np.tile(rng.random(n), 2) for k in ("noise", "strong", "weak")},
        }
    )
    table["deterrence_rate"] = (
        0.5 + 0.4 * table["strong"] - 0.1 * table["weak"] + 0.02 * rng.standard_normal(2 * n)
    )
    ranking = sf.parameter_ranking(table, ["noise", "strong", "weak"])
    assert list(ranking.index) == ["strong", "weak", "noise"]
    assert (ranking.loc["strong"] > 0.8).all() and (ranking.loc["weak"] < 0).all()
    fig = sf.ranking_heatmap(table, ["noise", "strong", "weak"], top=2)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()][0].startswith("strong")
    assert len(ax.get_yticklabels()) == 2 and "2 strongest of 3" in fig.get_suptitle()
    binned = sf.binned_means(table, ["noise", "strong", "weak"], top=1)
    assert sum(a.get_visible() for a in binned.axes) == 1 and "strong" in binned.axes[0].get_xlabel()
