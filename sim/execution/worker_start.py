"""Imported first by the pool's fork server: it ignores Ctrl-C, then imports what a chunk needs.

Workers forked from that server start with the model already imported (milliseconds, where a spawned
worker spends seconds importing numpy, pandas, scipy and Mesa anew) and with Ctrl-C left to the
parent, which ends them (a terminal's Ctrl-C reaches every process of the group). The server was
started with Ctrl-C blocked (`executors._start_fork_server`); once it is ignored, it is unblocked.
"""

import signal
import sys

signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})

from sim.execution.executors import quiet_when_orphaned  # noqa: E402

sys.excepthook = quiet_when_orphaned

import sim.execution.jobs  # noqa: E402, F401  (the model, the schema and the outcome tables)
