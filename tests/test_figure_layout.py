"""No figure clips or overprints its text, whatever the number of packages or the length of names."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

from sim.present import decade_figures as dfig
from sim.present import run_figures as rf
from sim.present import sweep_figures as sf
from sim.present.style import close

LONG = [f"package_with_quite_a_long_name_{i}" for i in range(10)]
LEVER = "packages.package_with_quite_a_long_name_1.reassurance_force.troops"
WORLD = "world.russia.acceptance.foreign_troops"


def texts(fig) -> list:
    """Every text the figure draws (tick labels only for ticks inside the view), with its box in pixels."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ticks, drawn = set(), []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            span = (high - low) * 1e-6
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():  # every label an axis holds...
                ticks.update((id(tick.label1), id(tick.label2)))
            major = axis.get_major_ticks(len(axis.get_majorticklocs()))  # ...and the ones it draws
            minor = axis.get_minor_ticks(len(axis.get_minorticklocs()))
            for tick in major + minor:
                if low - span <= tick.get_loc() <= high + span:
                    drawn += [t for t in (tick.label1, tick.label2) if t.get_visible()]
    drawn += [t for t in fig.findobj(Text) if id(t) not in ticks and t.get_visible()]
    return [
        (t.get_text(), t.get_window_extent(renderer))
        for t in {id(t): t for t in drawn}.values()
        if t.get_text().strip() and (t.axes is None or t.axes.get_visible())
    ]


def check(fig) -> None:
    """Every text lies inside the figure and no two texts overlap."""
    canvas = fig.bbox
    boxes = texts(fig)
    for text, box in boxes:
        assert box.x0 >= canvas.x0 - 1 and box.x1 <= canvas.x1 + 1, f"clipped sideways: {text!r}"
        assert box.y0 >= canvas.y0 - 1 and box.y1 <= canvas.y1 + 1, f"clipped: {text!r}"
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        overlap = box_a.intersection(box_a, box_b)
        if overlap is not None and overlap.width > 1 and overlap.height > 1:
            raise AssertionError(f"{a!r} overprints {b!r}")
    close(fig)


def run_summary(names) -> pd.DataFrame:
    rates = np.linspace(0.1, 0.95, len(names))
    return pd.DataFrame(
        {
            "package": names,
            "runs": 1000,
            "ceasefire_rate": np.linspace(1.0, 0.05, len(names)),
            "deterrence_rate": rates,
            "ci_low": rates - 0.02,
            "ci_high": rates + 0.02,
            "peace_rate": rates * 0.8,
            "peace_ci_low": rates * 0.8 - 0.02,
            "peace_ci_high": rates * 0.8 + 0.02,
            "cost_bn_per_year": np.linspace(0, 50, len(names)),
            "direct_war_rate": np.linspace(0, 0.2, len(names)),
            "direct_war_ci_low": np.linspace(0, 0.18, len(names)),
            "direct_war_ci_high": np.linspace(0.01, 0.22, len(names)),
            "diff_vs_reference": rates - rates[0],
            "diff_ci_low": rates - rates[0] - 0.02,
            "diff_ci_high": rates - rates[0] + 0.02,
        }
    )


def sweep_summary(names, x, y) -> pd.DataFrame:
    rows = []
    for i, xv in enumerate([0.1, 0.3, 0.5, 0.7, 0.9]):
        for j, yv in enumerate([5000, 15000, 30000, 60000]):
            for k, name in enumerate(names):
                rate = min(0.2 + 0.15 * i + 0.05 * j * (k % 2), 0.99)
                rows.append({"point": i * 4 + j, x: xv, y: yv, "package": name, "runs": 500,
                             "ceasefire_rate": 1.0, "deterrence_rate": rate})  # fmt: skip
    return pd.DataFrame(rows)


@pytest.mark.parametrize("count", [1, 3, 10])
def test_run_figures_keep_their_text_inside_and_apart(count):
    names = LONG[:count]
    check(rf.deterrence_by_package(run_summary(names), names[0]))
    check(rf.tradeoff(run_summary(names), names[0]))
    rng = np.random.default_rng(1)
    runs = pd.DataFrame(
        {
            "package": pd.Categorical(np.repeat(names, 300), categories=names),
            "accepted": True,
            "aggression": rng.random(300 * count) < 0.5,
            "month": rng.integers(1, 121, 300 * count),
            "kind": "limited",
            "direct_war": False,
            "russia_gained": False,
            "europe_fought": False,
            "us_fought": False,
            "belief_europe": rng.random(300 * count),
            "belief_us": rng.random(300 * count),
            "resolve_europe": rng.random(300 * count),
            "resolve_us": rng.random(300 * count),
        }
    )
    check(rf.survival_curves(runs, 120))
    check(rf.months_histograms(runs, 120))
    check(rf.belief_distributions(runs))
    check(dfig.monthly_paths(monthly(names, ("europe", "us"))))


@pytest.mark.parametrize("parties", [("europe", "us", "canada"), ("europe", "us", "nordic_baltic", "canada")])
def test_party_figures_keep_their_text_inside_and_apart_with_more_guarantors(parties):
    names = LONG[:10]
    rng = np.random.default_rng(2)
    runs = pd.DataFrame(
        {"package": pd.Categorical(np.repeat(names, 100), categories=names), "accepted": True}
    )
    for party in parties:
        runs[f"belief_{party}"] = rng.random(len(runs))
        runs[f"resolve_{party}"] = rng.random(len(runs))
    check(rf.belief_distributions(runs))
    check(dfig.monthly_paths(monthly(names, parties)))


def monthly(names, parties) -> pd.DataFrame:
    rows = {"package": np.repeat(names, 120), "month": np.tile(np.arange(1, 121), len(names))}
    frame = pd.DataFrame(rows)
    frame["at_peace"] = 1 / (1 + frame["month"] / 40)
    frame["force_present"] = 0.2
    frame["russia_power"] = 1.2
    for i, party in enumerate(parties):
        frame[f"resolve_{party}"] = 0.3 + 0.1 * i
        frame[f"belief_{party}"] = 0.2 + 0.1 * i
    return frame


@pytest.mark.parametrize("count", [2, 6])
def test_sweep_figures_keep_their_text_inside_and_apart(count):
    names = LONG[:count]
    summary = sweep_summary(names, WORLD, LEVER)
    check(sf.rate_by_parameter(summary, WORLD))
    check(sf.rate_by_parameter(summary, LEVER))
    check(sf.heatmaps(summary, WORLD, LEVER))
    check(sf.ranking_heatmap(summary, [WORLD, LEVER]))
    sensitivity = pd.DataFrame(
        [
            {
                "package": n,
                "parameter": p,
                "first_order": 0.3,
                "first_order_low": 0.2,
                "first_order_high": 0.4,
                "total": 0.4,
                "total_low": 0.3,
                "total_high": 0.5,
                "noise_share": 0.05,
            }  # fmt: skip
            for n in names
            for p in (WORLD, LEVER, "world.europe.resolve")
        ]
    )
    check(sf.sobol_indices(sensitivity))


def test_a_lever_sweep_draws_the_packages_it_does_not_move_as_faint_labelled_references():
    summary = sweep_summary(LONG[:3], WORLD, LEVER)
    fig = sf.rate_by_parameter(summary, LEVER)
    lines = {line.get_label(): line for line in fig.axes[0].get_lines()}
    assert LONG[1] in lines and (lines[LONG[1]].get_alpha() or 1.0) == 1.0
    for other in (LONG[0], LONG[2]):
        faint = lines[f"{other} (this lever does not act on it)"]
        assert faint.get_alpha() < 1 and faint.get_linestyle() == ":"
    assert "pools the worlds over foreign troops" in fig.axes[0].get_title()
    close(fig)


def test_percent_ticks_are_labelled_exactly():
    """A 0-20% axis was labelled 0%, 2%, 5%, 8%: ticks at 2.5% steps printed with no decimals."""
    import matplotlib.pyplot as plt

    from sim.present.style import percent_axis

    for high, expected in ((0.2, None), (0.004, None), (1.0, ["0%", "20%", "40%", "60%", "80%", "100%"])):
        fig, ax = plt.subplots()
        ax.set_xlim(0, high)
        percent_axis(ax.xaxis)
        fig.canvas.draw()
        labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
        values = [float(t.rstrip("%")) / 100 for t in labels]
        ticks = [v for v in ax.get_xticks() if -1e-12 <= v <= high + 1e-12]
        assert values == pytest.approx(ticks, abs=1e-12), labels  # each label is its tick's value
        assert len(set(labels)) == len(labels) and "-0%" not in labels
        if expected:
            assert labels == expected
        close(fig)


def test_a_distributions_centre_is_labelled_with_its_parameters_unit():
    from sim.present.report import unit_of

    assert unit_of("world.europe.resolve.mean") == unit_of("world.europe.resolve") == "probability"
    assert unit_of("world.russia.ambition.mode") == "utility units"
    assert "[no unit]" not in sf._label("world.russia.ambition.mode")
