"""`deter discover`: PRIM's box of the assumptions under which a package fails, and a CART tree."""

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from sim.cli import main
from sim.errors import ScenarioError
from sim.execution.robust_run import assumption_ranges, run_robust
from sim.results.discover import choose, discover

pytest.importorskip("ema_workbench", reason="the discover extra is not installed: pip install '.[discover]'")


def test_prim_finds_a_known_box_within_005():
    """Points fail exactly when x1 > 0.7 and x2 < 0.3: the box must find those limits within 0.05."""
    rng = np.random.default_rng(7)
    x = pd.DataFrame(rng.random((1000, 4)), columns=["x1", "x2", "x3", "x4"])
    fails = ((x["x1"] > 0.7) & (x["x2"] < 0.3)).to_numpy()
    found = discover(x, fails)
    assert set(found.limits.index) == {"x1", "x2"}  # the noise dimensions stay unrestricted
    assert found.limits.loc["x1", "low"] == pytest.approx(0.7, abs=0.05)
    assert found.limits.loc["x2", "high"] == pytest.approx(0.3, abs=0.05)
    assert found.coverage > 0.9 and found.density > 0.9
    assert found.limits[["qp_low", "qp_high"]].min(axis=1).max() < 1e-6  # both restrictions significant
    assert "x1" in found.tree and "x2" in found.tree
    words = found.words("it fails")
    assert "`x1` > 0.7" in words or "`x1` > 0.69" in words
    assert ("`x2` < 0.3" in words or "`x2` < 0.29" in words) and "coverage" in words


def test_the_chosen_box_balances_coverage_and_density_and_is_restricted():
    trajectory = pd.DataFrame(
        {"coverage": [1.0, 0.9, 0.5], "density": [0.6, 0.8, 1.0], "res_dim": [0, 1, 2]}, index=[0, 1, 2]
    )
    assert choose(trajectory) == 1  # F: 0.75, 0.85, 0.67
    assert choose(trajectory.assign(res_dim=0)) == 0


KEPT = ("world.russia.cost_weight", "world.russia.acceptance.foreign_troops")
"""The two assumptions the small analysis varies (the others held): enough signal in few sets."""


@pytest.fixture(scope="module")
def robust_folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("discover")
    scenario = {
        "name": "small",
        "horizon_months": 24,
        "packages": [{"name": "none"}, {"name": "force", "reassurance_force": {"troops": 30000}}],
    }
    (root / "s.yaml").write_text(yaml.safe_dump(scenario))
    (root / "ranges.yaml").write_text(yaml.safe_dump({p: None for p in assumption_ranges() if p not in KEPT}))
    _, folder = run_robust(root / "s.yaml", sets=24, runs=100, ranges=root / "ranges.yaml", out=root / "r",
                           workers=1)  # fmt: skip
    return folder


def test_discover_on_a_robust_analysis_prints_the_box_and_writes_it(robust_folder, capsys):
    assert main(["discover", str(robust_folder), "--package", "none", "--below", "0.5"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("none keeps the peace in under 50% of worlds when") and "CART tree" in out
    assert "rests on only 24 sets, fewer than 50" in out.splitlines()[0]  # a hint, marked as such
    assert "NaN" not in out and "nan" not in out  # a limit at the data's own edge has no quasi-p: a dash
    stem = robust_folder / "discover" / "none-peace-below-0.5"
    for suffix in (".txt", "-trajectory.csv", "-box.csv", "-tradeoff.png", "-box.png"):
        assert Path(f"{stem}{suffix}").stat().st_size > 0, suffix
    trajectory = pd.read_csv(f"{stem}-trajectory.csv")
    assert {"coverage", "density", "res_dim"} <= set(trajectory.columns)
    assert main(["plot", str(robust_folder)]) == 0  # the report leads with the robust table and the box
    report = (robust_folder / "report.html").read_text()
    assert report.index("Across assumptions") < report.index("<h2>Figures")
    assert "none keeps the peace in under 50% of worlds when" in report


def test_discover_takes_any_decision_outcome_in_its_own_unit(robust_folder, capsys):
    """Months at war: lower is better, the threshold is in months (here, the package's median)."""
    summary = pd.read_parquet(robust_folder / "summary.parquet")
    months = summary.loc[summary["package"] == "none", "war_months_mean"]
    threshold = round(float(months.median()), 2)
    args = ["discover", str(robust_folder), "--package", "none", "--outcome", "war_months"]
    assert main([*args, "--above", str(threshold)]) == 0
    assert capsys.readouterr().out.startswith(f"none's months at war is over {threshold:g} months when")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--package", "nothing"], "not a package of this sweep"),
        (["--package", "none", "--below", "1.5"], "strictly between 0 and 1"),
        (["--package", "none", "--below", "0.5", "--above", "0.5"], "not allowed with argument"),
        (["--package", "none", "--above", "0.9999"], "no point is of interest"),
    ],
)
def test_bad_discover_input_is_one_line(robust_folder, capsys, args, message):
    try:
        code = main(["discover", str(robust_folder), *args])
    except SystemExit as stop:  # the argument parser's errors
        code = stop.code
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1 and message in err


def test_discover_on_a_run_folder_says_it_needs_a_sweep(tmp_path, capsys):
    from sim.execution.runner import run_scenario
    from sim.execution.storage import write_results
    from tests.helpers import make_scenario

    write_results(tmp_path / "run", run_scenario(make_scenario([{"name": "none"}], runs=50)), None, {})
    assert main(["discover", str(tmp_path / "run"), "--package", "none"]) == 2
    assert "needs a sweep" in capsys.readouterr().err
    with pytest.raises(ScenarioError, match="every point"):
        discover(pd.DataFrame({"a": [0.1, 0.2]}), np.array([True, True]))


def test_a_robust_analysis_says_where_each_package_does_worst_in_words_and_in_its_report(tmp_path, capsys):
    scenario = {
        "name": "small",
        "horizon_months": 24,
        "packages": [{"name": "none"}, {"name": "force", "reassurance_force": {"troops": 30000}}],
    }
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(scenario))
    args = ["robust", str(tmp_path / "s.yaml"), "--sets", "24", "--runs", "40", "--workers", "1", "--quiet"]
    assert main([*args, "--out", str(tmp_path / "r")]) == 0
    out = capsys.readouterr().out
    fails = pd.read_csv(tmp_path / "r" / "where_fails.csv")
    assert fails["package"].tolist() == ["none", "force"]
    robust = pd.read_csv(tmp_path / "r" / "robust.csv").set_index("package")
    summary = pd.read_csv(tmp_path / "r" / "summary.csv")
    for row in fails.itertuples():  # the threshold is the package's median across sets
        assert row.threshold == pytest.approx(
            summary.loc[summary.package == row.package, "peace_rate"].median(), abs=6e-4
        )
        assert f"- {row.words}" in out
        assert (tmp_path / "r" / row.figure).stat().st_size > 0
    report = (tmp_path / "r" / "report.html").read_text()
    assert report.index("Where each package does worst") < report.index("<h2>Figures")
    force = robust.loc["force"]
    assert f"<b>force</b> keeps the peace in {100 * force.p5:.0f}% to {100 * force.p95:.0f}%" in report
    assert (
        "force keeps the peace in under" in report and "the box PRIM found" in report
    )  # its figure, embedded
    small = ["robust", str(tmp_path / "s.yaml"), "--sets", "4", "--runs", "10", "--workers", "1", "--quiet"]
    assert main([*small, "--out", str(tmp_path / "q"), "--no-discover", "--no-plots"]) == 0
    assert not (tmp_path / "q" / "where_fails.csv").exists()


def test_noise_is_not_printed_as_a_finding():
    """Cases of interest drawn at random: no box passes the rules, and no CART split survives."""
    rng = np.random.default_rng(5)
    x = pd.DataFrame(rng.random((60, 8)), columns=[f"x{i}" for i in range(8)])
    found = discover(x, rng.random(60) < 0.5)
    assert found.doubt is not None
    qp = found.limits[["qp_low", "qp_high"]].min(axis=1)
    assert (qp <= 0.05).all()  # a restriction likely to be noise is dropped, never kept as the last one
    assert found.words("it fails").startswith("it fails: no robust pattern found with 60 sets (")
    assert found.tree.startswith("no split passes the significance rule")


def test_a_signal_from_many_sets_is_a_finding_without_a_mark():
    rng = np.random.default_rng(7)
    x = pd.DataFrame(rng.random((200, 3)), columns=["a", "b", "c"])
    found = discover(x, (x["a"] > 0.6).to_numpy())
    assert found.doubt is None and not found.few and "`a` > 0.6" in found.words("it fails")
    assert "rests on only" not in found.words("it fails") and "a <= 0.6" in found.tree


def _copy(folder: Path, tmp_path: Path) -> Path:
    shutil.copytree(folder, tmp_path / "copy")
    return tmp_path / "copy"


def _edit(folder: Path, change) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    change(manifest)
    (folder / "manifest.json").write_text(json.dumps(manifest))


DAMAGES = {
    "truncated summary": (
        lambda f: (f / "summary.parquet").write_bytes((f / "summary.parquet").read_bytes()[:300]),
        "summary.parquet: damaged",
    ),
    "missing summary": (lambda f: (f / "summary.parquet").unlink(), "summary.parquet: missing"),
    "summary without the outcome": (
        lambda f: (
            pd.read_parquet(f / "summary.parquet")
            .drop(columns="peace_rate")
            .to_parquet(f / "summary.parquet")
        ),
        "no column 'peace_rate'",
    ),
    "older format": (lambda f: _edit(f, lambda m: m.update(format=1)), "written by another version of deter"),
    "no format": (
        lambda f: _edit(f, lambda m: m.pop("format")),
        "another version of deter (no format recorded",
    ),
    "kind at odds": (
        lambda f: _edit(f, lambda m: m.update(kind="run")),
        "not a manifest of a deter run or sweep",
    ),
    "another tool": (
        lambda f: _edit(f, lambda m: m.update(tool="other")),
        "not a manifest of a deter run or sweep",
    ),
    "incomplete": (lambda f: _edit(f, lambda m: m.update(status="incomplete")), "the sweep is incomplete"),
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_discover_on_a_damaged_or_foreign_folder_is_one_line_naming_the_file(
    robust_folder, tmp_path, capsys, damage
):
    from tests.hostile import cli

    folder = _copy(robust_folder, tmp_path)
    change, message = DAMAGES[damage]
    change(folder)
    code, _, err = cli(capsys, "discover", folder, "--package", "none", "--below", "0.5")
    assert code == 2 and message in err, err
    if damage in ("truncated summary", "missing summary", "incomplete"):
        assert f"deter robust --resume {folder}" in err  # the command that rebuilds a robust folder


def test_discover_checks_it_can_write_before_it_searches(robust_folder, tmp_path, capsys, monkeypatch):
    import sim.present.discovery
    from tests.hostile import cli

    folder = _copy(robust_folder, tmp_path)
    shutil.rmtree(folder / "discover", ignore_errors=True)
    (folder / "discover").write_text("a file where the folder goes")

    def never(*args, **kwargs):
        raise AssertionError("the search ran before the check")

    monkeypatch.setattr(sim.present.discovery, "discover", never)
    code, _, err = cli(capsys, "discover", folder, "--package", "none", "--below", "0.5")
    assert code == 2 and "discover: exists and is not a folder" in err


def test_discover_judges_by_default_by_the_outcome_the_scenario_leads_with(robust_folder, tmp_path):
    """From a ceasefire, peace holding; a sweep whose scenario starts from the war, the decade at peace."""
    import json
    import shutil

    from sim.present.discovery import default_outcome

    assert default_outcome(robust_folder) == "peace"
    war = tmp_path / "war"
    shutil.copytree(robust_folder, war)
    manifest = json.loads((war / "manifest.json").read_text())
    manifest["base"]["start"] = "war"
    (war / "manifest.json").write_text(json.dumps(manifest))
    assert default_outcome(war) == "decade"
    assert default_outcome(tmp_path / "missing") == "peace"  # its own checks then say what is wrong


def test_where_each_fails_reads_peace_holding_whatever_the_scenario_leads_with(robust_folder, tmp_path):
    """Its thresholds are medians of peace holding: a war scenario's default outcome must not replace it."""
    import json
    import shutil

    from sim.present.discovery import where_each_fails

    war = tmp_path / "war"
    shutil.copytree(robust_folder, war)
    manifest = json.loads((war / "manifest.json").read_text())
    manifest["base"]["start"] = "war"
    (war / "manifest.json").write_text(json.dumps(manifest))
    table = where_each_fails(war)  # raised "every point is of interest" when judged by the decade
    assert list(table["package"]) == ["none", "force"]


def test_where_each_fails_finds_the_same_boxes_on_two_workers_as_on_one(robust_folder, tmp_path):
    """The packages' searches run side by side in processes: each row is its package's box, as serially."""
    import shutil

    from sim.present.discovery import where_each_fails

    serial, parallel = tmp_path / "one", tmp_path / "two"
    shutil.copytree(robust_folder, serial)
    shutil.copytree(robust_folder, parallel)
    one, two = where_each_fails(serial, workers=1), where_each_fails(parallel, workers=2)
    pd.testing.assert_frame_equal(one, two)
    assert list(two["package"]) == ["none", "force"]
    assert [w.split()[0] for w in two["words"]] == ["none", "force"]
    assert all(two["figure"])  # both packages searched (their rates vary across the sets)
    for figure in two["figure"]:
        assert (parallel / figure).stat().st_size > 0
