"""Executors: where chunks run. Results never depend on which one ran them.

- serial: in this process;
- local: a process pool over the cores, forked from a server that has imported the model once
  ('forkserver'; 'spawn' where the platform has no fork server);
- dask: tasks on a Dask distributed cluster (`--scheduler tcp://host:8786`), or on a LocalCluster
  started for the sweep when no scheduler is given. Needs the `cluster` extra.

Each yields a chunk's result as it finishes. A chunk that raises stops the work with a ChunkError naming
the chunk; results already yielded stay with the caller (a sweep has written them to disk).
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import pickle
import re
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sim.errors import ScenarioError
from sim.execution.chunks import Chunk
from sim.limits import shorten

Result = tuple[int, object, object]


@dataclass(frozen=True)
class ChunkFailure:
    """A chunk that raised: its index and the error, sent back instead of a result."""

    index: int
    error: str
    detail: str


class ChunkError(RuntimeError):
    """A chunk of work failed; finished chunks are kept."""

    def __init__(self, failure: ChunkFailure):
        super().__init__(f"chunk {failure.index} failed: {failure.error}")
        self.failure = failure


def guarded(fn: Callable, job, chunk: Chunk):
    """Run one chunk; turn an exception into a ChunkFailure that names the chunk."""
    try:
        return fn(job, chunk)
    except Exception as err:  # reported to the user with the chunk's index, never swallowed
        return ChunkFailure(chunk.index, f"{type(err).__name__}: {err}", traceback.format_exc())


def checked(result):
    """Raise ChunkError for a failed chunk; pass results through."""
    if isinstance(result, ChunkFailure):
        raise ChunkError(result)
    return result


_WORKER: tuple[Callable, object] | None = None


def _init_worker(fn: Callable, job) -> None:
    """Pool initializer: keep the task and its job once per process; leave Ctrl-C to the parent."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    quiet_when_parent_gone()
    _WORKER = (fn, job)


def quiet_when_parent_gone() -> None:
    """In a pool worker: end silently, at once, when the result cannot be sent because the parent is gone.

    A `deter` killed with SIGKILL closes its end of the pool's pipes; a worker that then finishes its
    chunk fails to send the result (BrokenPipeError), fails again sending the error, and prints both
    tracebacks (about 40 lines per worker). Nobody is left to read the result, so there is nothing to
    report: the worker exits with status 0. Only this worker process's pipes change; the results a
    living parent receives are the same bytes.
    """
    from multiprocessing import connection

    send = connection.Connection.send_bytes
    if getattr(send, "quiet_when_parent_gone", False):
        return

    def send_bytes(self, *args, **kwargs):
        try:
            return send(self, *args, **kwargs)
        except (BrokenPipeError, ConnectionResetError):
            os._exit(0)

    send_bytes.quiet_when_parent_gone = True
    connection.Connection.send_bytes = send_bytes


def _run_in_worker(chunk: Chunk):
    fn, job = _WORKER
    return guarded(fn, job, chunk)


def pool_context():
    """The pool's start method: on Linux, a fork server that imported the model once; elsewhere spawn.

    Each worker then starts in milliseconds instead of importing numpy, pandas, scipy and Mesa anew
    (about 2.7 s of CPU each); results do not depend on it. Never plain fork: the parent may hold
    threads (progress bars, Dask). macOS keeps spawn, its own default (Mesa sets spawn globally anyway).
    """
    if sys.platform != "linux":
        return mp.get_context("spawn")
    context = mp.get_context("forkserver")
    context.set_forkserver_preload(["sim.execution.worker_start"])
    _start_fork_server()
    return context


def _start_fork_server() -> None:
    """Start the fork server with Ctrl-C blocked, so that it is never interrupted while it starts.

    A terminal's Ctrl-C reaches the whole process group: in the moments before the server's first
    import ignores it, it would print a traceback. The blocked signal stays pending and is discarded
    once `sim.execution.worker_start` ignores it and unblocks it. The resource tracker is started
    first because it unblocks Ctrl-C itself when it has started (CPython's own use of this trick).
    """
    from multiprocessing import forkserver

    start_resource_tracker()
    if threading.current_thread() is not threading.main_thread():
        forkserver.ensure_running()
        return
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        forkserver.ensure_running()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker (if not running) with its warnings sent nowhere.

    The tracker removes the pool's semaphores when `deter` is killed (SIGKILL) before it could, and
    then warns of "leaked semaphore objects": noise to the user, since it has just cleaned them up.
    """
    from multiprocessing import resource_tracker

    try:
        saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    except OSError:  # no standard error to redirect: start it as it is
        resource_tracker.ensure_running()
        return
    try:
        if sys.stderr is not None:
            sys.stderr.flush()
        os.dup2(devnull, 2)  # the tracker inherits descriptor 2 as it is when it starts
        resource_tracker.ensure_running()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def quiet_when_orphaned(kind, value, tb) -> None:
    """A worker whose pool was torn down while it started ends without a traceback; anything else is shown.

    Ctrl-C, SIGTERM or SIGKILL while the pool is starting: the parent leaves, its pool's semaphores are
    removed, and a worker the fork server forks afterwards cannot rebuild them (FileNotFoundError in
    `SemLock.__setstate__`), or finds the parent's message cut short (a truncated pickle, or none at all,
    while reading what to run). No work was lost: the parent has already reported the interruption, or
    was killed. The fork server installs this as its excepthook (`sim.execution.worker_start`).
    """
    frames = traceback.extract_tb(tb)
    if issubclass(kind, FileNotFoundError) and frames and frames[-1].name == "__setstate__":
        return
    starting = any(f.name == "_main" and f.filename.endswith("spawn.py") for f in frames)
    if starting and (issubclass(kind, pickle.UnpicklingError | EOFError) or kind is BrokenPipeError):
        return
    sys.__excepthook__(kind, value, tb)


def pool_map(fn: Callable, job, todo: list[Chunk], workers: int, ordered: bool = False) -> Iterator:
    """Run fn(job, chunk) for every chunk on a process pool; yield results as they come.

    On Ctrl-C, an error, or when the consumer stops early, the workers are terminated at once.
    """
    pool = pool_context().Pool(workers, initializer=_init_worker, initargs=(fn, job))
    try:
        mapper = pool.imap if ordered else pool.imap_unordered
        for result in mapper(_run_in_worker, todo, chunksize=1):
            yield checked(result)
        pool.close()
        pool.join()
    finally:
        pool.terminate()


def serial(fn: Callable, job, todo: list[Chunk], workers: int = 1) -> Iterator[Result]:
    """Run every chunk here, in order."""
    for chunk in todo:
        yield checked(guarded(fn, job, chunk))


def local(fn: Callable, job, todo: list[Chunk], workers: int) -> Iterator[Result]:
    """Run chunks on a pool of `workers` processes (here, in order, for one worker)."""
    if workers <= 1 or len(todo) <= 1:
        yield from serial(fn, job, todo)
    else:
        yield from pool_map(fn, job, todo, workers)


def execute(executor: str, fn: Callable, job, todo: list[Chunk], workers: int, scheduler: str | None = None):
    """Run fn(job, chunk) for every chunk on the named executor ("local" or "dask")."""
    if executor == "dask":
        return dask(fn, job, todo, workers, scheduler)
    if executor == "local":
        return local(fn, job, todo, workers)
    raise ScenarioError(f"--executor: {executor!r} is not an executor; allowed: local, dask")


SCHEDULER_ADDRESS = re.compile(r"^(tcp|tls|ws|wss)://[A-Za-z0-9.\-_\[\]:]+:\d{1,5}$")
CONNECT_SECONDS = 15.0
"""How long a scheduler may take to answer before it is declared unreachable."""


def check_dask(scheduler: str | None) -> None:
    """Refuse, before anything is written, a Dask run without Dask or with an unreachable scheduler.

    The address must look like tcp://host:port; something that listens there but is not a Dask
    scheduler (a web server, a service that sends a banner) is refused within CONNECT_SECONDS.
    """
    try:
        from distributed import Client
    except ImportError:
        raise ScenarioError("--executor dask needs the cluster extra: pip install '.[cluster]'") from None
    if scheduler is None:
        return
    if not SCHEDULER_ADDRESS.match(scheduler):
        raise ScenarioError(f"--scheduler {scheduler!r}: expected an address such as tcp://host:8786")
    outcome: dict[str, object] = {}

    def connect() -> None:
        try:
            Client(scheduler, timeout=CONNECT_SECONDS).close()
            outcome["ok"] = True
        except BaseException as err:  # whatever answered, it was not a scheduler
            outcome["error"] = f"{type(err).__name__}: {err}"  # text: the traceback would keep the Client
        finally:
            # A Client that failed half-way must be closed here, in this thread. Left to the garbage
            # collector, its __del__ may run inside another Client's start, which holds distributed's
            # loop-runner lock that close() takes again: a deadlock seen in the test suite.
            gc.collect()

    thread = threading.Thread(target=connect, daemon=True)
    thread.start()
    thread.join(CONNECT_SECONDS)
    if outcome.get("ok"):
        return
    why = str(outcome.get("error") or f"no answer within {CONNECT_SECONDS} s")
    raise ScenarioError(f"--scheduler {scheduler}: no Dask scheduler answered there ({shorten(why, 120)})")


def _worker_environ() -> dict:
    """Dask's environment for the workers it starts, without its MALLOC_TRIM_THRESHOLD_.

    Dask sets glibc's trim threshold (to hand memory back to the system), which also freezes glibc's
    mmap threshold: every state array of a chunk (hundreds of kB) is then mapped and unmapped anew,
    and a robust analysis ran 2.6 times slower than on the local pool (36.4 s against 13.9 s without
    it, benchmarks/robust.py --quick). A chunk's memory is bounded, so nothing needs trimming.
    """
    import dask

    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", default={}) or {})
    environ.pop("MALLOC_TRIM_THRESHOLD_", None)
    return environ


def dask(
    fn: Callable, job, todo: list[Chunk], workers: int, scheduler: str | None = None
) -> Iterator[Result]:
    """Run chunks as tasks on a Dask cluster; start a LocalCluster if no scheduler is given.

    The job travels with each task (it is small) rather than being scattered once: scattered data is
    lost with a killed worker, and the tasks that need it would be cancelled.
    """
    try:
        import dask
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise RuntimeError("the dask executor needs the cluster extra: pip install '.[cluster]'") from None
    cluster = None
    if scheduler is None:
        with dask.config.set({"distributed.nanny.pre-spawn-environ": _worker_environ()}):
            cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                   dashboard_address=None)  # fmt: skip
    client = Client(scheduler or cluster, timeout=CONNECT_SECONDS)
    try:
        pending = list(reversed(todo))
        limit = 2 * max(1, sum(client.nthreads().values()))
        batch = as_completed()
        for _ in range(min(limit, len(pending))):  # at most two chunks per worker thread in flight
            batch.add(client.submit(guarded, fn, job, pending.pop(), pure=False))
        for future in batch:
            result = checked(future.result())
            future.release()
            yield result
            if pending:
                batch.add(client.submit(guarded, fn, job, pending.pop(), pure=False))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
