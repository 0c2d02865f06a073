"""The hostile-input catalogue (tests/data/hostile/README.md): every attack refused or handled.

Each test names the catalogue case it covers. Cases run through the real CLI, in this process where a
subprocess adds nothing (signals, pipes and concurrency need one).
"""

from __future__ import annotations

import errno
import http.server
import json
import os
import shutil
import signal
import socketserver
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

import sim.execution.executors
import sim.execution.resources
import sim.execution.sweep_run
from sim.cli import main
from sim.execution.folders import PARTIAL_MARK, Claim, claim_new, clean_stale
from sim.execution.runner import run_workers
from tests.helpers import BASE, default_ctrl_c, write_sweep

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ROOT / "tests" / "data" / "hostile"
SMALL = {
    "name": "small",
    "runs": 200,
    "horizon_months": 24,
    "seed": 3,
    "chunk_size": 200,  # one chunk: runs in this process, no pool to start
    "packages": [{"name": "none"}, {"name": "force", "reassurance_force": {"troops": 30000}}],
}


@pytest.fixture
def scenario(tmp_path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(yaml.safe_dump(SMALL, sort_keys=False))
    return path


def cli(capsys, *args) -> tuple[int, str, str]:
    """Run `deter ARGS` here; check that any error is one line and no traceback."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out
    if code != 0:
        lines = [line for line in err.splitlines() if line.strip()]
        assert len(lines) == 1, err
        assert len(lines[0]) <= 500
    return code, out, err


def deter(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sim", *map(str, args)], capture_output=True, text=True, cwd=ROOT, **kwargs
    )


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


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


# --------------------------------------------------------------------------- 3. and 14. resume verifies


def _whole(tmp_path, path):
    whole, _ = sim.execution.sweep_run.run_sweep(path, out=tmp_path / "whole", workers=1)
    return (tmp_path / "whole" / "summary.csv").read_bytes()


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
        ("sweep_seed_2_to_63.yaml", "seed: Input should be less than or equal to 9223372036854775807"),
        ("nested_500_deep.yaml", "nested deeper than the limit of 32 levels"),
        ("list_as_key.yaml", "a key must be a plain value"),
        ("alias_bomb_sweep.yaml", "more than 100,000 values once YAML aliases are expanded"),
        ("name_300_characters.yaml", "name: String should have at most 100 characters"),
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


# --------------------------------------------------------------------------- 9. Dask scheduler faults


class _QuietHttp(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Banner(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.sendall(b"\xff" * 64 + b"SSH-2.0-OpenSSH\r\n")
        time.sleep(0.5)


def _serve(handler) -> tuple[socketserver.TCPServer, int]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


@pytest.mark.parametrize("service", ["http", "banner", "nothing", "notaurl"])
def test_case_09_a_scheduler_address_that_is_no_scheduler_is_refused_in_one_line(
    tmp_path, capsys, monkeypatch, service
):
    pytest.importorskip("distributed")
    monkeypatch.setattr(sim.execution.executors, "CONNECT_SECONDS", 3.0)
    server = None
    if service == "http":
        server, port = _serve(_QuietHttp)
        address = f"tcp://127.0.0.1:{port}"
    elif service == "banner":
        server, port = _serve(_Banner)
        address = f"tcp://127.0.0.1:{port}"
    elif service == "nothing":
        address = "tcp://127.0.0.1:9"
    else:
        address = "notaurl"
    try:
        args = [
            "--executor",
            "dask",
            "--scheduler",
            address,
            "--out",
            tmp_path / "o",
            "--quiet",
            "--no-plots",
        ]
        code, _, err = cli(capsys, "sweep", write_sweep(tmp_path), *args)
    finally:
        if server:
            server.shutdown()
    assert code == 2 and "--scheduler" in err and "EiB" not in err
    assert not (tmp_path / "o").exists()


def test_case_09_a_lost_scheduler_stops_the_sweep_with_a_resume_hint(tmp_path, capsys, monkeypatch):
    comm = pytest.importorskip("distributed.comm.core")
    real = sim.execution.executors.local

    def dies_after_one(fn, job, todo, workers, scheduler=None):
        results = real(fn, job, todo, 1)
        yield next(results)
        raise comm.CommClosedError("in <TCP (closed)>: Stream is closed")

    monkeypatch.setattr(sim.execution.executors, "dask", dies_after_one)
    monkeypatch.setattr(sim.execution.executors, "check_dask", lambda scheduler: None)
    path = write_sweep(tmp_path)
    folder = tmp_path / "s"
    code, _, err = cli(capsys, "sweep", path, "--executor", "dask", "--out", folder, "--quiet", "--no-plots")
    assert code == 1 and "CommClosedError" in err and f"deter sweep --resume {folder}" in err
    monkeypatch.undo()
    assert cli(capsys, "sweep", "--resume", folder, "--quiet", "--no-plots", "--workers", "1")[0] == 0
    assert (folder / "summary.csv").read_bytes() == _whole(tmp_path, path)


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
    from sim.execution.folders import claim_new

    with claim_new(tmp_path / "nd4" / "a" / "b", "x") as claim:  # claimed, then given up unused
        assert claim.path.parent.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "sweep.yaml"]


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _descendants(pid: int) -> list[int]:
    out = []
    for child in _children(pid):
        out += [child, *_descendants(child)]
    return out


def _pool_workers(pid: int) -> list[int]:
    """The pool's workers under `deter` (forked by its fork server, or spawned), once they ignore Ctrl-C."""
    server = [c for c in _children(pid) if "forkserver" in _cmdline(c)]
    return [p for p in _descendants(pid) if p not in server and _ignores_sigint(p)]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text()
    except OSError:
        return ""


def _ignores_sigint(pid: int) -> bool:
    """Whether the process has SIGINT ignored (bit 1 of SigIgn) and has not yet loaded the model."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        ignored = int(status.split("SigIgn:")[1].split()[0], 16) & (1 << (signal.SIGINT - 1))
        tracker = "multiprocessing.resource_tracker" in Path(f"/proc/{pid}/cmdline").read_text()
        return bool(ignored) and not tracker
    except (OSError, IndexError, ValueError):
        return False


def _gone(pids, seconds=30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not [p for p in pids if Path(f"/proc/{p}").exists() and "Z" not in _state(p)]:
            return True
        time.sleep(0.1)
    return False


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return "Z"


def _sweep_process(path, folder, **popen):
    cmd = [sys.executable, "-m", "sim", "sweep", str(path), "--out", str(folder), "--workers", "2", "--quiet",
           "--no-plots"]  # fmt: skip
    return subprocess.Popen(
        cmd, cwd=ROOT, stderr=subprocess.PIPE, text=True, preexec_fn=default_ctrl_c, **popen
    )


def _wait_for(predicate, seconds=90.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not predicate():
        time.sleep(0.01)
    assert predicate()


def test_case_10_sigterm_stops_a_sweep_like_ctrl_c_ends_its_workers_and_keeps_its_chunks(tmp_path):
    # 45 chunks: workers forked from a warm fork server finish a few in well under a second
    resolve = {"world.europe.resolve": {"values": [0.1, 0.5, 0.9]}}
    base = {**BASE, "horizon_months": 12}  # cheap chunks: the test is about the signal
    path = write_sweep(tmp_path, base=base, runs=1500, chunk_size=100, parameters=resolve)
    folder = tmp_path / "s"
    proc = _sweep_process(path, folder)
    _wait_for(lambda: len(list((folder / "parts").glob("chunk-*.json"))) >= 1 if folder.exists() else False)
    workers = _descendants(proc.pid)
    proc.send_signal(signal.SIGTERM)
    err = proc.communicate(timeout=60)[1]
    assert proc.returncode == 143, err
    assert f"deter sweep --resume {folder}" in err and "Traceback" not in err and "BrokenPipe" not in err
    assert _gone(workers), "pool workers outlived the sweep"
    assert hidden(tmp_path) == [] and not list((folder / "parts").glob(".*"))
    sim.execution.sweep_run.run_sweep(resume=folder, workers=1)
    assert (folder / "summary.csv").read_bytes() == _whole(tmp_path, path)


def test_case_11_ctrl_c_from_a_terminal_during_worker_start_up_prints_no_worker_tracebacks(tmp_path):
    path = write_sweep(tmp_path, runs=400, parameters={"world.europe.resolve": {"values": [0.1, 0.5, 0.9]}})
    # While the pool's fork server starts (0.01 s and 0.04 s after it appears: Python's start-up, then
    # its imports; without the server's start-up shielded from Ctrl-C, most such attempts printed a
    # traceback), then once both workers run.
    for attempt, delay in (("starting", 0.01), ("importing", 0.04), ("started", None)):
        folder = tmp_path / attempt
        proc = _sweep_process(path, folder, start_new_session=True)
        if delay is not None:
            _wait_for(lambda proc=proc: any("forkserver" in _cmdline(c) for c in _children(proc.pid)))
            time.sleep(delay)
        else:
            _wait_for(lambda proc=proc: len(_pool_workers(proc.pid)) >= 2)
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole group
        err = proc.communicate(timeout=60)[1]
        assert proc.returncode == 130, err
        assert "Traceback" not in err and "KeyboardInterrupt" not in err
        assert "deter sweep --resume" in err or "nothing was written" in err


def test_case_11_a_worker_ignores_ctrl_c_before_it_imports_anything_heavy():
    """A spawned worker runs the parent's main module as __mp_main__, which imports sim.cli first."""
    probe = (
        "import sys, types, signal; main = types.ModuleType('__mp_main__'); sys.modules['__main__'] = main; "
        "import sim.cli; print(signal.getsignal(signal.SIGINT) is signal.SIG_IGN, 'numpy' in sys.modules)"
    )
    run = {"capture_output": True, "text": True, "cwd": ROOT, "preexec_fn": default_ctrl_c}
    worker = subprocess.run([sys.executable, "-c", probe], **run)
    assert worker.stdout.split() == ["True", "False"], worker.stderr
    plain = "import signal, sim.cli; print(signal.getsignal(signal.SIGINT))"
    parent = subprocess.run([sys.executable, "-c", plain], **run)
    assert "default_int_handler" in parent.stdout  # the command itself still handles Ctrl-C


def test_case_11_ctrl_c_after_the_last_chunk_keeps_the_chunks_and_says_how_to_finish(
    tmp_path, capsys, monkeypatch
):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(sim.execution.sweep_run, "summarise_sweep", interrupted)
    folder = tmp_path / "s"
    code, _, err = cli(capsys, "sweep", write_sweep(tmp_path), "--out", folder, "--quiet", "--workers", "1")
    assert code == 130 and f"deter sweep --resume {folder}" in err and "nothing was written" not in err
    monkeypatch.undo()
    assert cli(capsys, "sweep", "--resume", folder, "--quiet", "--no-plots")[0] == 0


# --------------------------------------------------------------------------- 15, 16, 17: options


def test_case_15_resume_with_out_is_refused_not_ignored(tmp_path, capsys):
    _, folder = sim.execution.sweep_run.run_sweep(write_sweep(tmp_path), out=tmp_path / "s", workers=1)
    code, _, err = cli(capsys, "sweep", "--resume", folder, "--out", tmp_path / "elsewhere")
    assert code == 2 and "no --out" in err and not (tmp_path / "elsewhere").exists()


def test_case_15_many_workers_are_not_blamed_on_runs(tmp_path, scenario, capsys, monkeypatch):
    monkeypatch.setattr(sim.execution.resources, "physical_memory", lambda: 2**30)
    code, _, err = cli(
        capsys, "run", scenario, "--runs", "100000", "--workers", "1000", "--out", tmp_path / "o"
    )
    assert code == 2 and "--workers" in err and "on 500 workers" in err  # 100,000 worlds: 500 chunks


def test_case_16_runs_started_together_get_their_own_default_folders(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = claim_new(None, "baseline")
    second = claim_new(None, "baseline")
    try:
        assert first.path != second.path and second.path.name == f"{first.path.name}-2"
    finally:
        first.release()
        second.release()
    assert hidden(tmp_path / "results") == []


def test_case_17_a_run_never_starts_more_workers_than_it_has_chunks(tmp_path, scenario, capsys, monkeypatch):
    started = []
    real = sim.execution.executors.pool_map

    def counting(fn, job, todo, workers, ordered=False):
        started.append(workers)
        return real(fn, job, todo, workers, ordered)

    monkeypatch.setattr(sim.execution.executors, "pool_map", counting)
    assert run_workers(3, 40) == 3 and run_workers(3, None) <= 3
    assert cli(capsys, "run", scenario, "--runs", "600", "--workers", "40", "--out", tmp_path / "o",
               "--quiet", "--no-plots")[0] == 0  # fmt: skip
    assert started == [3]  # 600 worlds in chunks of 200


# --------------------------------------------------------------------------- 18. output errors


def test_case_18_stdout_on_a_full_device_is_one_line_and_the_folder_is_complete(tmp_path, scenario):
    out = tmp_path / "o"
    with open("/dev/full", "w") as full:
        res = subprocess.run(
            [sys.executable, "-m", "sim", "run", str(scenario), "--out", str(out), "--quiet", "--no-plots"],
            stdout=full, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        )  # fmt: skip
    assert res.returncode == 1 and "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert "standard output" in res.stderr and (out / "manifest.json").exists()


def test_case_18_a_terminal_that_cannot_show_the_euro_sign_still_gets_the_table():
    res = deter("packages", env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert res.returncode == 0 and "Traceback" not in res.stderr and "bn" in res.stdout


# --------------------------------------------------------------------------- the catalogue itself


def test_every_case_of_the_catalogue_has_a_test():
    catalogue = (HOSTILE / "README.md").read_text()
    names = {name for name in globals() if name.startswith("test_case")}
    for number in range(1, 19):
        assert f"| {number} |" in catalogue, f"case {number} is not in the catalogue"
        assert any(f"_{number:02d}_" in name for name in names), f"case {number} has no test"
    for name in names:
        assert name in catalogue, f"{name} is not named in the catalogue"


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


def test_case_10_a_sigterm_whose_exception_is_swallowed_is_still_reported(capsys, monkeypatch):
    import sim.present.report

    def swallowing():
        try:
            signal.raise_signal(signal.SIGTERM)  # as if it landed in a garbage-collector callback
        except BaseException:
            pass
        return "the table"

    monkeypatch.setattr(sim.present.report, "packages_text", swallowing)
    code = main(["packages"])
    out, err = capsys.readouterr()
    assert code == 143 and "terminated by SIGTERM" in err and "Traceback" not in err


def test_case_11_ctrl_c_while_the_command_starts_is_one_line(tmp_path, scenario):
    command = [sys.executable, "-m", "sim", "run", str(scenario), "--out", str(tmp_path / "o"), "--quiet"]
    for delay in (0.8,):
        proc = subprocess.Popen(
            command, cwd=ROOT, stderr=subprocess.PIPE, text=True, preexec_fn=default_ctrl_c
        )
        time.sleep(delay)  # the command is importing its libraries, or running
        proc.send_signal(signal.SIGINT)
        err = proc.communicate(timeout=60)[1]
        if proc.returncode == 0:
            continue  # it finished first: nothing to interrupt
        # 130, or ended by SIGINT itself (which a shell also shows as 130)
        assert proc.returncode in (130, -signal.SIGINT), err
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
        assert not (tmp_path / "o").exists()


def test_case_11_a_worker_orphaned_while_starting_is_quiet_and_any_other_failure_is_shown(capsys):
    """The fork server's excepthook hides only a worker whose pool's semaphores are gone."""
    from sim.execution.executors import quiet_when_orphaned

    class Lock:
        def __setstate__(self, state):
            raise FileNotFoundError(2, "No such file or directory")

    cases = ((lambda: Lock().__setstate__(None), False), (lambda: open("/nonexistent/x"), True))
    for failing, shown in cases:
        try:
            failing()
        except FileNotFoundError as err:
            quiet_when_orphaned(type(err), err, err.__traceback__)
        assert ("FileNotFoundError" in capsys.readouterr().err) == shown
