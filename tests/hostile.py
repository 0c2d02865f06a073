"""Shared helpers of the hostile-input tests (tests/test_hostile_*.py).

Every attack of the catalogue (tests/data/hostile/README.md) is refused or handled; each test names the
case it covers. Cases run through the real CLI, in this process where a subprocess adds nothing
(signals, pipes and concurrency need one). Here: a small scenario, the CLI run in this process or as a
subprocess, and the /proc readers the signal tests wait on.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import sim.execution.sweep_run
from sim.cli import main
from tests.helpers import default_ctrl_c

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


def _whole(tmp_path, path):
    whole, _ = sim.execution.sweep_run.run_sweep(path, out=tmp_path / "whole", workers=1)
    return (tmp_path / "whole" / "summary.csv").read_bytes()
