"""Hostile conditions: Dask scheduler faults, SIGTERM and Ctrl-C (cases 9, 10, 11).

How these tests are built, and the catalogue they cover: tests/hostile.py.
"""

from __future__ import annotations

import http.server
import os
import signal
import socketserver
import subprocess
import sys
import threading
import time

import pytest

import sim.execution.executors
import sim.execution.resources
import sim.execution.sweep_run
from sim.cli import main
from tests.helpers import BASE, default_ctrl_c, write_sweep
from tests.hostile import (
    ROOT,
    _children,
    _cmdline,
    _descendants,
    _gone,
    _pool_workers,
    _sweep_process,
    _wait_for,
    _whole,
    cli,
    hidden,
)

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
