"""Hostile input files and settings: memory, bad files, what ran is stored (cases 4-8, 12, 13, 15).

How these tests are built, and the catalogue they cover: tests/hostile.py.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

import sim.execution.executors
import sim.execution.resources
import sim.execution.sweep_run
from sim.cli import main
from tests.hostile import (
    HOSTILE,
    cli,
    deter,
)

# --------------------------------------------------------------------------- 4. memory and the container


def test_case_04_memory_is_checked_against_the_containers_limit(tmp_path, scenario, capsys, monkeypatch):
    groups = tmp_path / "cgroup"
    groups.mkdir()
    (groups / "memory.max").write_text(f"{700 * 2**20}\n")
    monkeypatch.setattr(sim.execution.resources, "CGROUP_ROOT", groups)
    code, _, err = cli(capsys, "run", scenario, "--runs", "1000000", "--out", tmp_path / "o", "--quiet")
    assert code == 2 and "the container's memory limit of 0.7 GiB" in err
    assert not (tmp_path / "o").exists()
    (groups / "memory.max").write_text("max\n")
    assert sim.execution.resources.cgroup_limit(groups) is None


# --------------------------------------------------------------------------- 5, 6, 12, 13: bad input files


@pytest.mark.parametrize(
    "name, message",
    [
        ("grid_3x10000_steps.yaml", "1,000,000,000,000 points, more than the limit of 100,000"),
        ("grid_million_points.yaml", "1,000,000 points, more than the limit of 100,000"),
        ("sweep_seed_2_to_63.yaml", "seed: must be at most 9223372036854775807, got 9223372036854775808"),
        ("nested_500_deep.yaml", "nested deeper than the limit of 32 levels"),
        ("list_as_key.yaml", "a key must be a plain value"),
        ("alias_bomb_sweep.yaml", "more than 100,000 values once YAML aliases are expanded"),
        ("name_300_characters.yaml", "name: is 300 characters long, more than the limit of 100"),
        ("empty_distribution.yaml", "expected a number or a distribution"),
    ],
)
def test_cases_05_06_07_12_13_15_hostile_files_are_refused_in_one_short_line(tmp_path, capsys, name, message):
    path = HOSTILE / name
    code, _, err = cli(capsys, "validate", path)
    assert code == 2 and message in err
    command = "sweep" if "design" in path.read_text() else "run"
    code, _, err = cli(capsys, command, path, "--out", tmp_path / "o", "--quiet", "--no-plots")
    assert code == 2 and message in err
    assert list(tmp_path.iterdir()) == []


def test_case_12_a_file_without_end_is_read_with_a_cap(capsys):
    code, _, err = cli(capsys, "validate", "/dev/zero")
    assert code == 2 and "larger than the limit of 1 MiB" in err


@pytest.mark.parametrize(
    "option, value",
    [("--runs", "1000000000000"), ("--runs", "10000001"), ("--runs", "0"), ("--seed", str(2**63)),
     ("--seed", "-1"), ("--workers", "0"), ("--trace", "-3")],
)  # fmt: skip
def test_case_12_out_of_range_numbers_on_the_command_line_are_refused(
    tmp_path, scenario, capsys, option, value
):
    with pytest.raises(SystemExit) as exit_:
        main(["run", str(scenario), option, value, "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and option in err and "must be from" in err and len(err.splitlines()) == 1


def test_case_12_a_set_value_nested_too_deep_is_one_line(tmp_path, scenario, capsys):
    code, _, err = cli(
        capsys, "run", scenario, "--set", "world.europe.resolve=" + "[" * 1000, "--out", tmp_path / "o"
    )
    assert code == 2 and "nested deeper than the limit" in err


def test_case_15_set_with_an_empty_mapping_says_what_is_expected(tmp_path, scenario, capsys):
    code, _, err = cli(capsys, "run", scenario, "--set", "world.europe.resolve={}", "--out", tmp_path / "o")
    assert code == 2 and "expected a number or a distribution" in err and "discriminator" not in err


# --------------------------------------------------------------------------- 7, 8: what ran is what is stored


def test_cases_07_08_the_scenario_edited_or_deleted_during_the_run_changes_nothing(
    tmp_path, scenario, capsys, monkeypatch
):
    import sim.execution.runner

    original = scenario.read_text()
    real = sim.execution.runner.run_scenario

    def edit_then_run(*args, **kwargs):
        scenario.write_text(original.replace("seed: 3", "seed: 999"))
        result = real(*args, **kwargs)
        scenario.unlink()
        return result

    monkeypatch.setattr(sim.execution.runner, "run_scenario", edit_then_run)
    out = tmp_path / "o"
    assert cli(capsys, "run", scenario, "--out", out, "--quiet", "--no-plots")[0] == 0
    assert (out / "scenario.yaml").read_text() == original
    assert json.loads((out / "manifest.json").read_text())["seed"] == 3


def test_case_08_a_scenario_piped_through_stdin_is_stored_as_given(tmp_path, scenario):
    out = tmp_path / "o"
    text = scenario.read_text()
    res = deter("run", "/dev/stdin", "--out", out, "--quiet", "--no-plots", input=text)
    assert res.returncode == 0, res.stderr
    assert (out / "scenario.yaml").read_text() == text


def test_case_07_symbolic_links_unwritable_places_and_long_names_are_refused_before_the_run(
    tmp_path, scenario, capsys
):
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    for target in ("link", "dangling"):
        code, _, err = cli(capsys, "run", scenario, "--out", tmp_path / target, "--quiet", "--no-plots")
        assert code == 2 and "is a symbolic link" in err
    (tmp_path / "afile").write_text("x")
    code, _, err = cli(capsys, "run", scenario, "--out", tmp_path / "afile" / "o", "--quiet", "--no-plots")
    assert code == 2 and "cannot create" in err
    code, _, err = cli(capsys, "run", scenario, "--out", tmp_path / ("x" * 300), "--quiet", "--no-plots")
    assert code == 2 and "name too long" in err.lower()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile", "dangling", "link", "real", "small.yaml"]


def test_case_07_a_read_only_mount_is_refused_before_the_run(tmp_path, scenario, capsys):
    target = Path("/sys/fs/deter-results")
    if os.access("/sys/fs", os.W_OK) and not _read_only("/sys/fs"):
        pytest.skip("no read-only mount to write to on this machine (/sys/fs is writable)")
    code, _, err = cli(capsys, "run", scenario, "--out", target, "--quiet", "--no-plots")
    assert code == 2 and "cannot" in err and str(target) in err


def _read_only(path: str) -> bool:
    try:
        with open(os.path.join(path, ".deter-probe"), "w"):
            pass
    except OSError:
        return True
    os.unlink(os.path.join(path, ".deter-probe"))
    return False


def test_case_07_a_full_disk_is_refused_before_the_run_and_reported_if_it_fills_while_writing(
    tmp_path, scenario, capsys, monkeypatch
):
    import sim.execution.folders

    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(sim.execution.folders.shutil, "disk_usage", lambda _: usage._replace(free=1000))
    code, _, err = cli(capsys, "run", scenario, "--out", tmp_path / "o", "--quiet", "--no-plots")
    assert code == 2 and "MiB of disk" in err and "is free" in err
    monkeypatch.undo()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    code, _, err = cli(capsys, "run", scenario, "--out", tmp_path / "o", "--quiet", "--no-plots")
    assert code == 1 and "No space left on device" in err and "free some disk space" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small.yaml"]  # no partial folder, no lock
