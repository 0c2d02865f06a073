"""Hostile input to result folders: --force, exclusive writers, leftovers (cases 1, 2, 10).

How these tests are built, and the catalogue they cover: tests/hostile.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

import sim.execution.executors
import sim.execution.resources
import sim.execution.sweep_run
from sim.execution.folders import PARTIAL_MARK, Claim, claim_new, clean_stale
from tests.helpers import write_sweep
from tests.hostile import (
    HOSTILE,
    ROOT,
    cli,
    hidden,
)

# --------------------------------------------------------------------------- 1. --force never loses data


def test_case_01_force_never_replaces_a_parent_the_working_directory_or_a_users_folder(
    tmp_path, scenario, capsys, monkeypatch
):
    p = tmp_path / "p"
    (p / "sub").mkdir(parents=True)
    (p / "precious.txt").write_text("keep me")
    shutil.copy(scenario, p / "S.yaml")
    monkeypatch.chdir(tmp_path)
    before = sorted(x.name for x in p.iterdir())
    code, _, err = cli(capsys, "run", "p/S.yaml", "--out", "p/sub/..", "--force", "--quiet", "--no-plots")
    assert code == 2 and "not a result folder of deter" in err
    assert sorted(x.name for x in p.iterdir()) == before and (p / "precious.txt").read_text() == "keep me"
    (tmp_path / "mydocs").mkdir()
    (tmp_path / "mydocs" / "letter.txt").write_text("mine")
    code, _, err = cli(capsys, "run", "p/S.yaml", "--out", "mydocs", "--force", "--quiet", "--no-plots")
    assert code == 2 and (tmp_path / "mydocs" / "letter.txt").read_text() == "mine"
    monkeypatch.chdir(p / "sub")
    for target in (".", "..", str(tmp_path)):
        code, _, err = cli(capsys, "run", "../S.yaml", "--out", target, "--force", "--quiet", "--no-plots")
        assert code == 2 and "working directory or one of its parents" in err
    assert (p / "precious.txt").exists()


def test_case_01_force_replaces_a_complete_result_folder_but_not_one_holding_a_users_file(
    tmp_path, scenario, capsys
):
    out = tmp_path / "res"
    assert cli(capsys, "run", scenario, "--out", out, "--quiet", "--no-plots")[0] == 0
    code, _, err = cli(capsys, "run", scenario, "--out", out, "--quiet", "--no-plots")
    assert code == 2 and "pass --force" in err
    assert (
        cli(capsys, "run", scenario, "--out", out, "--seed", "9", "--force", "--quiet", "--no-plots")[0] == 0
    )
    assert json.loads((out / "manifest.json").read_text())["seed"] == 9
    for mine in ("notes.txt", ".notes.txt", ".git/HEAD", "plots/my_analysis.txt"):
        (out / mine).parent.mkdir(exist_ok=True)
        (out / mine).write_text("my notes")
        code, _, err = cli(capsys, "run", scenario, "--out", out, "--force", "--quiet", "--no-plots")
        assert code == 2 and f"holds '{mine.split('/')[0] if mine.startswith('.git') else mine}'" in err
        assert (out / mine).read_text() == "my notes"
        shutil.rmtree(out / mine) if (out / mine).is_dir() else (out / mine).unlink()
        shutil.rmtree(out / ".git", ignore_errors=True)
    assert hidden(tmp_path) == []


# --------------------------------------------------------------------------- 2. exclusive ownership


def test_case_02_a_folder_another_process_is_writing_is_refused_at_once(tmp_path, scenario, capsys):
    out = tmp_path / "shared"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import sys; from sim.execution.folders import Claim; c = Claim({str(out)!r}); "
            "print('claimed', flush=True); sys.stdin.read()",
        ],  # fmt: skip
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "claimed"
        code, _, err = cli(capsys, "run", scenario, "--out", out, "--quiet", "--no-plots")
        assert code == 2 and f"another deter process (process {holder.pid}) is writing" in err
        sweep = write_sweep(tmp_path)
        code, _, err = cli(capsys, "sweep", sweep, "--out", out, "--quiet", "--no-plots", "--workers", "1")
        assert code == 2 and "another deter process" in err
    finally:
        holder.communicate("")
    assert not out.exists()
    assert cli(capsys, "run", scenario, "--out", out, "--quiet", "--no-plots")[0] == 0  # free once it left


def test_case_02_a_resume_of_a_sweep_being_resumed_is_refused(tmp_path, capsys):
    _, folder = sim.execution.sweep_run.run_sweep(write_sweep(tmp_path), out=tmp_path / "s", workers=1)
    with Claim(folder, "--resume"):
        code, _, err = cli(capsys, "sweep", "--resume", folder, "--quiet", "--no-plots")
    assert code == 2 and "another deter process" in err


# --------------------------------------------------------------------------- 10, 11: leftovers and signals


def test_case_10_what_a_killed_run_left_is_removed_by_the_next_run_in_that_folder(tmp_path, scenario, capsys):
    results = tmp_path / "results"
    partial = results / ".o.deter-partial-4242"
    partial.mkdir(parents=True)
    (partial / PARTIAL_MARK).write_bytes(b"")
    (partial / "runs.parquet").write_bytes(b"half")
    (results / ".o.deter-lock").write_text("4242")
    (results / ".gone.deter-lock").write_text("")
    assert cli(capsys, "run", scenario, "--out", results / "o", "--quiet", "--no-plots")[0] == 0
    assert hidden(results) == [] and (results / "o" / "manifest.json").exists()
    with Claim(results / "busy"):  # a live writer's files are left alone
        (results / ".busy.deter-partial-1").mkdir()
        (results / ".busy.deter-partial-1" / PARTIAL_MARK).write_bytes(b"")
        assert clean_stale(results) == []
        assert ".busy.deter-partial-1" in hidden(results)


def test_case_10_the_cleaning_never_touches_what_deter_did_not_write(tmp_path, scenario, capsys):
    """Files that merely look like leftovers (no mark, no manifest, not a lock) survive every command."""
    (tmp_path / "thesis").mkdir()
    lookalikes = {
        ".thesis.old-2019": "draft.txt",  # old naming, not deter's
        ".thesis.deter-old-2019": "draft.txt",  # deter's naming but no deter manifest inside
        ".cache.deter-partial-1": "data.bin",  # deter's naming but no mark
        ".photos.old-2020": "img.jpg",
    }
    for folder, name in lookalikes.items():
        (tmp_path / folder).mkdir()
        (tmp_path / folder / name).write_text("precious")
    (tmp_path / ".yarn.lock").write_text("# yarn lockfile v1")
    (tmp_path / ".npm.deter-lock").write_text("not a process number")
    before = hidden(tmp_path)
    assert cli(capsys, "run", scenario, "--out", tmp_path / "out1", "--quiet", "--no-plots")[0] == 0
    assert (
        cli(capsys, "run", scenario, "--out", tmp_path / "thesis", "--quiet", "--no-plots")[0] == 0
    )  # empty
    assert cli(capsys, "run", scenario, "--out", tmp_path / "thesis", "--quiet", "--no-plots")[0] == 2
    assert hidden(tmp_path) == before and not (tmp_path / "photos").exists()
    for folder, name in lookalikes.items():
        assert (tmp_path / folder / name).read_text() == "precious"


def test_case_10_a_killed_replacement_restores_the_old_folder(tmp_path, scenario, capsys):
    out = tmp_path / "o"
    assert cli(capsys, "run", scenario, "--out", out, "--quiet", "--no-plots")[0] == 0
    os.replace(out, tmp_path / ".o.deter-old-4242")  # killed after moving the old folder aside
    (tmp_path / ".o.deter-partial-4242").mkdir()
    (tmp_path / ".o.deter-partial-4242" / PARTIAL_MARK).write_bytes(b"")
    clean_stale(tmp_path)
    assert (out / "manifest.json").exists() and hidden(tmp_path) == []


def test_case_03_refused_commands_create_no_folders(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = cli(capsys, "sweep", "--resume", "newdir/sub/x")
    assert code == 2 and "no such folder" in err
    code, _, err = cli(capsys, "sweep", write_sweep(tmp_path), "--out", "nd2/a/b", "--executor", "dask",
                       "--scheduler", "notaurl")  # fmt: skip
    assert code == 2
    shutil.copy(HOSTILE / "empty_distribution.yaml", tmp_path / "bad.yaml")
    code, _, err = cli(capsys, "run", "bad.yaml", "--out", "nd3/a/b")
    assert code == 2

    with claim_new(tmp_path / "nd4" / "a" / "b", "x") as claim:  # claimed, then given up unused
        assert claim.path.parent.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "sweep.yaml"]


# --------------------------------------------------------------------------- found in review: plots, signals


def test_case_01_plot_out_never_draws_over_a_users_folder(tmp_path, scenario, capsys, monkeypatch):
    out = tmp_path / "r"
    assert cli(capsys, "run", scenario, "--out", out, "--quiet", "--no-plots")[0] == 0
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "report.html").write_text("my own report")
    code, _, err = cli(capsys, "plot", out, "--out", mine)
    assert code == 2 and "holds files deter did not draw" in err
    assert (mine / "report.html").read_text() == "my own report"
    monkeypatch.chdir(mine)
    code, _, err = cli(capsys, "plot", out, "--out", ".")
    assert code == 2 and "working directory" in err
    figures = tmp_path / "figures"
    assert cli(capsys, "plot", out, "--out", figures)[0] == 0
    assert cli(capsys, "plot", out, "--out", figures)[0] == 0  # deter's own figures: drawn again


def test_case_10_an_interrupted_write_leaves_no_temporary_file(tmp_path):
    from sim.execution.folders import atomic

    def interrupted(tmp):
        tmp.write_bytes(b"half a figure")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic(tmp_path / "figure.png", interrupted)
    assert list(tmp_path.iterdir()) == []
