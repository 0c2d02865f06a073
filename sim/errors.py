"""The project's own errors, in a module with no heavy imports (the CLI catches them)."""

from __future__ import annotations

from pathlib import Path


class ScenarioError(ValueError):
    """A scenario, sweep file or option the simulator cannot accept; its message is one line for the user."""


class ResultDirError(ValueError):
    """An output folder the command must not write to, or a folder that is not a result; one line."""


class PlotError(ValueError):
    """A folder that holds no results to plot; the message is one line."""


class SweepFailed(RuntimeError):
    """A chunk failed; the message says which, where the finished parts are and how to resume."""


class SweepInterrupted(KeyboardInterrupt):
    """Ctrl-C during a sweep; `folder` holds the finished parts."""

    def __init__(self, folder: Path, terminated: bool = False):
        super().__init__(str(folder))
        self.folder = folder
        self.terminated = terminated


class OutputError(RuntimeError):
    """Results could not be written (disk full, folder removed); the message says what was kept."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: finished work is kept, temporary files removed."""


def terminated(err: BaseException) -> bool:
    """Whether an interruption was SIGTERM (itself, or a Ctrl-C raised while handling one)."""
    return isinstance(err, Terminated) or isinstance(err.__context__, Terminated)
