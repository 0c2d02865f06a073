"""Executors: where chunks run. Results never depend on which one ran them.

- serial: in this process;
- local: a process pool over the cores, from an explicit 'spawn' context (Mesa forces spawn anyway);
- dask: tasks on a Dask distributed cluster (`--scheduler tcp://host:8786`), or on a LocalCluster
  started for the sweep when no scheduler is given. Needs the `cluster` extra.

Each yields (chunk index, outcome table, statistics) as chunks finish, keeping only a bounded number of
chunks in flight so that memory does not grow with the size of the sweep.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

from sim.runner import Chunk

Result = tuple[int, object, object]


def serial(fn: Callable, job, todo: list[Chunk], workers: int) -> Iterator[Result]:
    """Run every chunk here, in order."""
    for chunk in todo:
        yield fn(job, chunk)


def local(fn: Callable, job, todo: list[Chunk], workers: int) -> Iterator[Result]:
    """Run chunks on a pool of `workers` processes, at most two per worker in flight."""
    if workers <= 1:
        yield from serial(fn, job, todo, workers)
        return
    pending = list(reversed(todo))
    with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn")) as pool:
        running = set()
        while pending or running:
            while pending and len(running) < 2 * workers:
                running.add(pool.submit(fn, job, pending.pop()))
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()


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
        in_flight = 0
        while pending and in_flight < limit:
            batch.add(client.submit(fn, remote_job, pending.pop(), pure=False))
            in_flight += 1
        for future in batch:
            result = future.result()
            future.release()
            yield result
            if pending:
                batch.add(client.submit(fn, remote_job, pending.pop(), pure=False))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
