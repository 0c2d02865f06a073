"""Imported first by the pool's fork server: it ignores Ctrl-C, then imports what a chunk needs.

Workers forked from that server start with the model already imported (milliseconds, where a spawned
worker spends seconds importing numpy, pandas, scipy and Mesa anew) and with Ctrl-C left to the
parent, which ends them (a terminal's Ctrl-C reaches every process of the group).
"""

import signal
import sys
import traceback

signal.signal(signal.SIGINT, signal.SIG_IGN)


def _quiet_when_orphaned(kind, value, tb) -> None:
    """A worker whose pool was torn down while it started ends without a traceback; anything else is shown.

    Ctrl-C or SIGTERM while the pool is starting: the parent leaves, its pool's semaphores are removed,
    and a worker the fork server forks afterwards cannot rebuild them (FileNotFoundError in
    `SemLock.__setstate__`). No work was lost: the parent has already reported the interruption.
    """
    frames = traceback.extract_tb(tb)
    if issubclass(kind, FileNotFoundError) and frames and frames[-1].name == "__setstate__":
        return
    sys.__excepthook__(kind, value, tb)


sys.excepthook = _quiet_when_orphaned

import sim.execution.jobs  # noqa: E402, F401  (the model, the schema and the outcome tables)
