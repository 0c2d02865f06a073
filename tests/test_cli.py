"""The deter command end to end: results written, bad input refused with one line and exit 2."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim.cli import main

ROOT = Path(__file__).resolve().parents[1]
BAD = sorted((ROOT / "tests" / "data" / "bad").glob("*.yaml"))


def deter(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "sim", *map(str, args)], capture_output=True, text=True, cwd=cwd
    )


def test_run_writes_a_complete_result_folder(tmp_path):
    out = tmp_path / "res"
    code = main(
        [
            "run",
            str(ROOT / "scenarios" / "baseline.yaml"),
            "--runs",
            "300",
            "--seed",
            "5",
            "--out",
            str(out),
            "--quiet",
            "--no-plots",  # (figures and the report: tests/test_plots.py, test_edge_cases.py)
            "--set",
            "world.europe.resolve=0.3",
        ]
    )
    assert code == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed"] == 5 and manifest["runs"] == 300
    assert manifest["scenario"]["world"]["guarantors"]["europe"]["resolve"] == 0.3
    assert "world.us.resolve" in manifest["uncertain_draws"]
    assert manifest["versions"]["mesa"].startswith("3.3")
    summary = pd.read_csv(out / "summary.csv")
    for column in (
        "package",
        "runs",
        "deterrence_rate",
        "ci_low",
        "ci_high",
        "median_months_to_aggression",
        "direct_war_rate",
        "rmst_months",
        "russia_gain_rate",
        "cost_bn_per_year",
        "diff_vs_reference",
        "diff_ci_low",
        "diff_ci_high",
    ):
        assert column in summary.columns
    runs = pd.read_parquet(out / "runs.parquet")
    assert len(runs) == 300 * len(summary)
    assert (out / "scenario.yaml").exists()
    # an existing folder is refused without --force
    again = deter("run", ROOT / "scenarios" / "baseline.yaml", "--runs", "10", "--out", out, "--quiet")
    assert again.returncode == 2 and "--force" in again.stderr


BAD_SWEEPS = sorted((ROOT / "tests" / "data" / "bad_sweeps").glob("*.yaml"))
BAD_CASES = [("run", p) for p in BAD] + [("sweep", p) for p in BAD_SWEEPS]


@pytest.mark.parametrize(("command", "path"), BAD_CASES, ids=lambda c: getattr(c, "name", c))
def test_bad_files_exit_2_with_one_line_and_write_nothing(command, path, tmp_path, capsys):
    out = tmp_path / "should-not-exist"
    code = main([command, str(path), "--out", str(out), "--quiet"])  # in this process: the same code path
    err = capsys.readouterr().err
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert lines[0].startswith("deter: error: ")
    if command == "run" or path.name != "missing_base.yaml":  # that one names the missing base file
        assert path.name in lines[0]
    assert not out.exists()


def test_bad_set_and_bad_numbers_exit_2(tmp_path, capsys):
    base = str(ROOT / "scenarios" / "baseline.yaml")
    assert main(["run", base, "--set", "world.europe.resolv=0.2", "--out", str(tmp_path / "o")]) == 2
    assert "did you mean 'resolve'" in capsys.readouterr().err
    res = deter("run", base, "--runs", "0")  # the option parser exits the process: a subprocess
    assert res.returncode == 2 and "must be from 1" in res.stderr
    assert not (tmp_path / "o").exists()


def test_validate_params_and_packages_commands(capsys):
    assert main(["validate", str(ROOT / "scenarios" / "baseline.yaml")]) == 0
    assert "ok (13 packages" in capsys.readouterr().out
    assert main(["params", "--format", "markdown"]) == 0
    table = capsys.readouterr().out
    for name in (
        "world.russia.initial_power",
        "world.russia.prior_resolve.europe",
        "world.europe.election_interval_months",
        "world.russia.imposition_grievance",
        "packages.<name>.reassurance_force.troops",
        "packages.<name>.imposed",
    ):
        assert f"| {name} |" in table
    assert main(["packages"]) == 0
    text = capsys.readouterr().out
    for component in (
        "reassurance_force",
        "defence_pledge",
        "us_backstop",
        "buffer_zone",
        "arms_support",
        "sanctions_snapback",
        "eu_membership",
        "nato_membership",
    ):
        assert f"\n{component}:" in text


@pytest.mark.parametrize("command", [[], ["run"], ["sweep"], ["plot"], ["rerun"], ["validate"], ["packages"],
                                     ["params"]])  # fmt: skip
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([*command, "--help"])
    assert exit_.value.code == 0 and "usage: deter" in capsys.readouterr().out


def test_a_ctrl_c_while_handling_sigterm_still_counts_as_sigterm():
    """Exit 143 and a sweep's 'terminated' follow one rule: SIGTERM, or Ctrl-C raised handling it."""
    from sim.cli_sweeps import interrupted_code
    from sim.errors import Terminated, terminated

    try:
        try:
            raise Terminated()
        except Terminated:
            raise KeyboardInterrupt from None  # `from None` hides the cause; the context stays
    except KeyboardInterrupt as err:
        during = err
    assert terminated(Terminated()) and terminated(during) and not terminated(KeyboardInterrupt())
    assert interrupted_code(during) == 143 and interrupted_code(KeyboardInterrupt()) == 130


def test_params_as_text_gives_a_unit_and_range_only_where_a_parameter_has_them(capsys):
    assert main(["params"]) == 0
    lines = capsys.readouterr().out.splitlines()
    provider = lines[lines.index("packages.<name>.reassurance_force.provider") + 1]
    assert provider.strip() == "europe"  # a name: no empty "[]" and no "range " with nothing after it
    front = lines[lines.index("world.war.front_rate") + 1]
    assert front.strip() == "0.25 [% of Ukraine per month per unit ln(force ratio)] range 0–2"
