"""Hostile input to resume and rerun: what they reuse is verified first (cases 3, 14).

How these tests are built, and the catalogue they cover: tests/hostile.py.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

import sim.execution.executors
import sim.execution.resources
import sim.execution.sweep_run
from tests.helpers import write_sweep
from tests.hostile import (
    _whole,
    cli,
)

# --------------------------------------------------------------------------- 3. and 14. resume verifies


def test_case_03_resume_recomputes_a_chunk_whose_statistics_were_deleted_or_part_truncated(tmp_path, capsys):
    path = write_sweep(tmp_path)
    folder = tmp_path / "s"
    sim.execution.sweep_run.run_sweep(path, out=folder, workers=1)
    (folder / "parts" / "stats-00002.parquet").unlink()
    part = folder / "parts" / "part-00001.parquet"
    part.write_bytes(part.read_bytes()[:100])
    (folder / "summary.csv").unlink()
    code, _, err = cli(capsys, "sweep", "--resume", folder, "--quiet", "--no-plots")
    assert code == 0
    assert (
        "chunk 1: part-00001.parquet is damaged" in err and "chunk 2: stats-00002.parquet is missing" in err
    )
    assert (folder / "summary.csv").read_bytes() == _whole(tmp_path, path)


def test_case_14_a_foreign_or_copied_chunk_file_is_not_trusted(tmp_path, capsys):
    path = write_sweep(tmp_path)
    folder = tmp_path / "s"
    sim.execution.sweep_run.run_sweep(path, out=folder, workers=1)
    (tmp_path / "other").mkdir()
    other = write_sweep(tmp_path / "other", seed=77)
    sim.execution.sweep_run.run_sweep(other, out=tmp_path / "o", workers=1)
    for kind in ("part", "stats", "chunk"):  # chunk 0 from another sweep, record and all
        ext = "json" if kind == "chunk" else "parquet"
        shutil.copy(
            tmp_path / "o" / "parts" / f"{kind}-00000.{ext}", folder / "parts" / f"{kind}-00000.{ext}"
        )
    shutil.copy(folder / "parts" / "part-00001.parquet", folder / "parts" / "part-00001 (copy).parquet")
    (folder / "parts" / ".part-00003.parquet.tmp-4242").write_bytes(b"half")
    code, _, err = cli(capsys, "sweep", "--resume", folder, "--quiet", "--no-plots")
    assert code == 0 and "chunk 0: its record belongs to another sweep" in err
    assert (folder / "summary.csv").read_bytes() == _whole(tmp_path, path)
    assert not list((folder / "parts").glob(".*"))  # the half-written file is gone
    assert cli(capsys, "plot", folder)[0] == 0 and cli(capsys, "rerun", folder, "--workers", "1")[0] == 0


DAMAGES = {
    "truncated manifest": (
        lambda f: (f / "manifest.json").write_text('{"sweep": {"na'),
        "damaged, not valid JSON",
    ),
    "null manifest": (
        lambda f: (f / "manifest.json").write_text("null"),
        "not a manifest of a deter run or sweep",
    ),
    "list manifest": (
        lambda f: (f / "manifest.json").write_text("[]"),
        "not a manifest of a deter run or sweep",
    ),
    "no manifest": (lambda f: (f / "manifest.json").unlink(), "not a result folder (no manifest.json)"),
    "parts a file": (lambda f: _replace_with_file(f / "parts"), "parts: not a folder"),
    "bad sweep": (lambda f: _edit_manifest(f, lambda m: m["sweep"].update(runs="many")), "damaged sweep"),
    "bad base": (
        lambda f: _edit_manifest(f, lambda m: m["base"].update(horizon_months=-1)),
        "damaged manifest",
    ),
}
MANIFEST_DAMAGES = ["truncated manifest", "null manifest", "list manifest", "no manifest"]


def test_case_03_an_edited_manifest_does_not_adopt_another_sweeps_chunks(tmp_path, capsys):
    path = write_sweep(tmp_path)
    folder = tmp_path / "s"
    sim.execution.sweep_run.run_sweep(path, out=folder, workers=1)
    edited = {**yaml.safe_load(path.read_text()), "seed": 99}
    path.write_text(yaml.safe_dump(edited))

    def edit(m):
        m["sweep"]["seed"] = 99
        m["status"] = "incomplete"

    _edit_manifest(folder, edit)
    for name in ("summary.csv", "summary.parquet"):
        (folder / name).unlink()
    code, _, err = cli(capsys, "sweep", "--resume", folder, "--quiet", "--no-plots")
    assert code == 0 and "its record belongs to another sweep" in err
    assert (folder / "summary.csv").read_bytes() == _whole(tmp_path, path)


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_case_14_a_damaged_sweep_folder_is_refused_in_one_line_by_resume_and_rerun(tmp_path, capsys, damage):
    _, folder = sim.execution.sweep_run.run_sweep(write_sweep(tmp_path), out=tmp_path / "s", workers=1)
    change, message = DAMAGES[damage]
    change(folder)
    for command in (["sweep", "--resume"], ["rerun"]):
        code, _, err = cli(capsys, *command, folder)
        assert code == 2 and message in err, (command, err)
        if damage == "bad base":  # case 15: the message names the folder's manifest, not a temporary file
            assert str(folder / "manifest.json") in err
    if damage in MANIFEST_DAMAGES:
        code, _, err = cli(capsys, "plot", folder)
        assert code == 2 and message in err


def _replace_with_file(path: Path) -> None:
    shutil.rmtree(path)
    path.write_text("not a folder")


def _edit_manifest(folder: Path, change) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    change(manifest)
    (folder / "manifest.json").write_text(json.dumps(manifest))


def test_case_14_a_damaged_run_folder_is_refused_by_rerun_and_plot(tmp_path, scenario, capsys):
    out = tmp_path / "r"
    assert cli(capsys, "run", scenario, "--out", out, "--quiet", "--no-plots")[0] == 0
    _edit_manifest(out, lambda m: m.pop("scenario"))
    code, _, err = cli(capsys, "rerun", out)
    assert code == 2 and "not a manifest of a deter run or sweep" in err
    code, _, err = cli(capsys, "sweep", "--resume", out)
    assert code == 2 and "not a manifest" in err
    assert (
        cli(capsys, "run", scenario, "--out", out, "--force", "--quiet", "--no-plots")[0] == 2
    )  # not ours now
    shutil.rmtree(out)
    assert cli(capsys, "run", scenario, "--out", out, "--quiet", "--no-plots")[0] == 0
    code, _, err = cli(capsys, "sweep", "--resume", out)
    assert code == 2 and "a run folder, not a sweep folder" in err
    (out / "runs.parquet").write_bytes(b"PAR1 truncated")
    code, _, err = cli(capsys, "plot", out)
    assert code == 2 and "damaged result files" in err
    _edit_manifest(out, lambda m: m["scenario"].update(runs=-5))
    code, _, err = cli(capsys, "rerun", out)
    assert code == 2 and "damaged manifest" in err and "manifest.json" in err
