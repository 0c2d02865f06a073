"""Executors: where chunks run. Results never depend on which one ran them.

- serial: in this process;
- local: a process pool over the cores, from an explicit 'spawn' context (Mesa forces spawn anyway);
- dask: tasks on a Dask distributed cluster (`--scheduler tcp://host:8786`), or on a LocalCluster
  started for the sweep when no scheduler is given. Needs the `cluster` extra.

Each yields a chunk's result as it finishes. A chunk that raises stops the work with a ChunkError naming
the chunk; results already yielded stay with the caller (a sweep has written them to disk).
"""

from __future__ import annotations

import multiprocessing as mp
import signal
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sim.runner import Chunk
from sim.scenario import ScenarioError

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
    _WORKER = (fn, job)


def _run_in_worker(chunk: Chunk):
    fn, job = _WORKER
    return guarded(fn, job, chunk)


def pool_map(fn: Callable, job, todo: list[Chunk], workers: int, ordered: bool = False) -> Iterator:
    """Run fn(job, chunk) for every chunk on a 'spawn' process pool; yield results as they come.

    On Ctrl-C, an error, or when the consumer stops early, the workers are terminated at once.
    """
    pool = mp.get_context("spawn").Pool(workers, initializer=_init_worker, initargs=(fn, job))
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


def check_dask(scheduler: str | None) -> None:
    """Refuse, before anything is written, a Dask run without Dask or with an unreachable scheduler."""
    try:
        from distributed import Client
    except ImportError:
        raise ScenarioError("--executor dask needs the cluster extra: pip install '.[cluster]'") from None
    if scheduler is None:
        return
    try:
        Client(scheduler, timeout=10).close()
    except (OSError, TimeoutError) as err:
        raise ScenarioError(f"--scheduler {scheduler}: cannot reach a Dask scheduler there ({err})") from None


def dask(
    fn: Callable, job, todo: list[Chunk], workers: int, scheduler: str | None = None
) -> Iterator[Result]:
    """Run chunks as tasks on a Dask cluster; start a LocalCluster if no scheduler is given."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise RuntimeError("the dask executor needs the cluster extra: pip install '.[cluster]'") from None
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                               dashboard_address=None)  # fmt: skip
    client = Client(scheduler or cluster)
    try:
        remote_job = client.scatter(job, broadcast=True)
        pending = list(reversed(todo))
        limit = 2 * max(1, sum(client.nthreads().values()))
        batch = as_completed()
        for _ in range(min(limit, len(pending))):  # at most two chunks per worker thread in flight
            batch.add(client.submit(guarded, fn, remote_job, pending.pop(), pure=False))
        for future in batch:
            result = checked(future.result())
            future.release()
            yield result
            if pending:
                batch.add(client.submit(guarded, fn, remote_job, pending.pop(), pure=False))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
