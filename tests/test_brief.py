"""The brief's words come from the results: headline, table, packages, assumptions, a sweep's answer."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from sim.cli import main
from sim.execution.runner import run_scenario
from sim.present import brief, leads, sweep_answers
from tests.helpers import make_scenario, write_sweep

PACKAGES = [
    {"name": "none"},
    {"name": "arms", "arms_support": {}},
    {"name": "force", "reassurance_force": {"troops": 30000, "posture": "tripwire"}},
    {"name": "nato", "nato_membership": True},
]


@pytest.fixture(scope="module")
def run():
    scenario = make_scenario(PACKAGES, runs=1500, world={"europe": {"resolve": 0.3}})
    return scenario, run_scenario(scenario).summary


def test_the_headline_names_the_package_that_keeps_the_peace_most_with_its_rate_and_difference(run):
    scenario, summary = run
    doc = scenario.model_dump(mode="json")
    text = brief.headline(summary, doc)
    best = summary.loc[summary["peace_rate"].idxmax()]
    assert text.startswith(f"Under these assumptions, {best.package} keeps the peace in the most worlds")
    assert f"{100 * best.peace_rate:.1f}%" in text and f"{100 * best.diff_vs_reference:+.1f} points" in text
    # deterrence once in place is over the worlds that accepted: never compared across packages bare
    assert "would deter more once in place" not in text
    assert "over those worlds only, so not comparable across packages" in text


def test_two_identical_packages_are_reported_as_tied_wherever_a_best_is_named(tmp_path):
    twins = [{"name": "none"}, {"name": "eu_a", "eu_membership": {}}, {"name": "eu_b", "eu_membership": {}},
             {"name": "force", "reassurance_force": {"troops": 30000}}]  # fmt: skip
    for start in ("war", "ceasefire"):
        scenario = make_scenario(twins, runs=400, horizon_months=48, start=start)
        summary = run_scenario(scenario).summary
        doc = scenario.model_dump(mode="json")
        by = summary.set_index("package")
        lead = leads.lead_outcome(doc)
        assert by.loc["eu_a", lead.column] == by.loc["eu_b", lead.column]
        assert leads.leaders(by, lead)[:2] in (["eu_a", "eu_b"], ["eu_b", "eu_a"])
        assert "force" not in leads.leaders(by, lead)
        text = brief.headline(summary, doc)
        assert "eu_a and eu_b (tied" in text, text


def test_the_table_reads_at_a_glance(run):
    scenario, summary = run
    head, rows = brief.summary_rows(summary, scenario.model_dump(mode="json"))
    cells = " ".join(c for row in rows for c in row)
    assert not re.search(r"\de-\d", cells) and "_rate" not in " ".join(head)  # no 2.7e-20, no column names
    by = {row[0]: dict(zip(head, row, strict=True)) for row in rows}
    assert by["none"]["points per extra €10bn vs none"] == "—"  # the reference
    force = summary.set_index("package").loc["force"]
    assert by["force"]["decade at peace [95%]"].startswith(f"{100 * force.peace_share:.1f}% [")
    assert by["force"]["months at war [95%]"].startswith(f"{force.war_months_mean:.1f} [")
    assert by["force"]["deters once in place* [95%]"].startswith(f"{100 * force.deterrence_rate:.1f}% [")


def test_package_words_and_changed_assumptions():
    words = brief.package_words({"name": "f", "reassurance_force": {"troops": 60000}, "imposed": True})
    assert "Reassurance force (troops 60,000)" in words and "Imposed over Russia's objection" in words
    assert brief.package_words({"name": "none"}) == "No guarantee."
    changed = make_scenario(PACKAGES, world={"europe": {"resolve": 0.3}}, horizon_months=60).model_dump(
        mode="json"
    )
    rows = brief.changed_assumptions(changed)
    assert ["world.europe.resolve", "0.3"] == rows[0][:2] and ["horizon_months", "60", "120"] in rows
    assert brief.changed_assumptions(make_scenario(PACKAGES).model_dump(mode="json")) == []


def test_a_grid_answer_interpolates_where_a_package_crosses_the_threshold():
    values = [0.1, 0.5, 0.9]
    summary = pd.DataFrame(
        {
            "package": ["a"] * 3 + ["b"] * 3 + ["c"] * 3,
            "x": values * 3,
            "runs": 100,
            "ceasefire_rate": 1.0,
            "deterrence_rate": [0.5, 0.7, 0.9, 0.4, 0.5, 0.6, 0.3, 0.3, 0.3],
        }
    )
    lines = sweep_answers.grid_answer(summary, ["x"], 0.8)
    bump = summary.assign(deterrence_rate=[0.5, 0.9, 0.5, 0.4, 0.5, 0.6, 0.3, 0.3, 0.3])
    assert (
        sweep_answers.grid_answer(bump, ["x"], 0.8)[1]
        == "a reaches 80% at x ≈ 0.4, then falls below 80% at x ≈ 0.6"
    )
    assert lines[1] == "a reaches 80% at x ≈ 0.7"  # halfway between 0.5 (70%) and 0.9 (90%)
    assert lines[2] == "b stays below 80% over the range swept (at most 60%, at x = 0.9)"
    assert lines[3] == "c does not move with x: 30% throughout"


def test_deter_sweep_prints_its_answer_and_where_the_report_is(tmp_path, capsys):
    path = write_sweep(tmp_path, runs=100, parameters={"world.europe.resolve": {"values": [0.1, 0.5, 0.9]}})
    assert main(["sweep", str(path), "--out", str(tmp_path / "s"), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Peace holding over all worlds, along each swept parameter")
    assert "- none: peace holding goes from" in out and "*Deterred (once in place) is over the worlds" in out
    assert f"report: {tmp_path / 's'}/report.html" in out
    report = (tmp_path / "s" / "report.html").read_text()
    assert report.index("along europe.resolve") < report.index("<h2>Figures") < report.index("<details>")
    assert json.loads((tmp_path / "s" / "manifest.json").read_text())["status"] == "complete"


def test_points_per_euro_are_per_extra_euro_over_the_reference():
    summary = pd.DataFrame(
        {
            "package": ["ref", "dearer", "cheaper"],
            "runs": 1000,
            "ceasefire_rate": 1.0,
            "deterrence_rate": [0.5, 0.6, 0.55],
            "ci_low": 0.4,
            "ci_high": 0.7,
            "peace_rate": [0.5, 0.6, 0.55],
            "peace_ci_low": 0.4,
            "peace_ci_high": 0.7,
            "median_months_to_aggression": np.nan,
            "direct_war_rate": 0.0,
            "cost_bn_per_year": [10.0, 14.0, 5.0],
            "diff_vs_reference": [0, 0.1, 0.05],
            "diff_ci_low": 0.0,
            "diff_ci_high": 0.2,
            **{c: 0.5 for c in ("peace_share", "peace_share_ci_low", "peace_share_ci_high")},
            **{c: 2.0 for c in ("war_months_mean", "war_months_ci_low", "war_months_ci_high")},
            **{c: 0.1 for c in ("territory_lost_mean", "territory_ci_low", "territory_ci_high")},
            **{c: 0.0 for c in ("direct_war_ci_low", "direct_war_ci_high", "nuclear_threat_rate")},
        }  # fmt: skip
    )
    head, rows = brief.summary_rows(summary, {"reference_package": "ref", "horizon_months": 120})
    column = head.index("points per extra €bn a year vs ref")
    assert [row[column] for row in rows] == ["—", "+2.50", "—"]  # 10 points for €4bn more; cheaper: no ratio


def test_a_crossing_is_given_to_the_precision_the_grid_allows():
    """0.502 on a 0.1 grid is 0.5; 26,736 troops on a 5,000 grid is 26,700: no false digits."""

    def grid(x, rates):
        columns = {"package": "a", "x": x, "runs": 100, "ceasefire_rate": 1.0, "deterrence_rate": rates}
        return pd.DataFrame(columns)

    resolve = grid([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [0.5, 0.6, 0.7, 0.75, 0.7998, 0.9])
    assert sweep_answers.grid_answer(resolve, ["x"], 0.8)[1] == "a reaches 80% at x ≈ 0.5"
    troops = grid([5000, 10000, 15000, 20000, 25000, 30000], [0.5, 0.6, 0.7, 0.75, 0.79, 0.8186])
    assert sweep_answers.grid_answer(troops, ["x"], 0.8)[1] == "a reaches 80% at x ≈ 26700"


def test_a_grid_whose_first_parameter_is_a_word_gives_each_level_not_a_crossing():
    """A lever such as a posture has levels, not a line to interpolate along: its rate at each level."""
    from sim.present.sweep_figures import heatmaps

    columns = {
        "package": "force",
        "posture": ["rear", "rear", "tripwire", "tripwire"],
        "x": [0.2, 0.6, 0.2, 0.6],
        "runs": 100,
        "ceasefire_rate": 1.0,
        "deterrence_rate": [0.5, 0.7, 0.6, 0.8],
    }
    summary = pd.DataFrame(columns)
    lines = sweep_answers.grid_answer(summary, ["posture", "x"], 0.8)
    assert lines[1] == "force: 60% at rear, 70% at tripwire"  # pooled over x
    fig = heatmaps(summary, "posture", "x", 0.8)  # word levels label the axis as they are
    labels = [t.get_text() for ax in fig.axes for t in ax.get_xticklabels() + ax.get_yticklabels()]
    assert "rear" in labels and "tripwire" in labels


def test_a_sweep_with_the_veto_leads_with_peace_holding_and_says_more_troops_lower_it(tmp_path, capsys):
    """The finding of issue 26: deterrence once in place rises with troops while peace holding falls."""
    doc = {
        "name": "troops",
        "base": str(Path(__file__).parents[1] / "scenarios" / "russian_veto.yaml"),
        "packages": ["none", "robust_agreed"],
        "design": "grid",
        "parameters": {"packages.robust_agreed.reassurance_force.troops": {"values": [5000, 60000]}},
        "runs": 1500,
        "seed": 3,
    }
    path = tmp_path / "sweep.yaml"
    path.write_text(yaml.safe_dump(doc))
    assert main(["sweep", str(path), "--out", str(tmp_path / "s"), "--quiet", "--no-plots"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Peace holding over all worlds")
    assert lines[1].startswith("- robust_agreed: peace holding falls from")
    assert lines[1].endswith("(more robust_agreed.reassurance_force.troops lowers it)")
    summary = pd.read_csv(tmp_path / "s" / "summary.csv").query("package == 'robust_agreed'")
    assert summary["deterrence_rate"].iloc[-1] > summary["deterrence_rate"].iloc[0]  # the misleading view


def test_the_threshold_boundary_runs_along_cell_edges_never_across_a_cell():
    from sim.present.sweep_figures import threshold_edges

    z = np.array([[0.5, 0.814], [0.7, 0.9]])  # rows: y; columns: x
    edges = threshold_edges(z, 0.8)
    # (0,0) below, (0,1) and (1,1) above, (1,0) below: the edges x=0.5 on both rows, none between rows
    assert sorted(edges) == [((0.5, 0.5), (-0.5, 0.5)), ((0.5, 0.5), (0.5, 1.5))]
    assert threshold_edges(np.array([[0.9, 0.95]]), 0.8) == []
