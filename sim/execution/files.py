"""Writing files: atomically, and only where the disk has room."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from sim.errors import ResultDirError


def check_free_space(folder: Path, need: int, what: str) -> None:
    """Refuse, before any work, to write `need` bytes where the disk has less room."""
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return
    if need > free:
        raise ResultDirError(
            f"{folder}: {what} needs about {need / 2**20:,.0f} MiB of disk, but only {free / 2**20:,.0f} MiB "
            "is free; free some space or choose another --out"
        )


def is_disk_full(err: OSError) -> bool:
    """Whether an error means the disk (or quota) is full."""
    return err.errno in (errno.ENOSPC, errno.EDQUOT)


def atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Write a file through `write(temporary path)`, then rename it into place: never half-written.

    The one atomic-write helper of the project (results, parts, figures, reports).
    """
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Write bytes to a file under a temporary name, then rename it into place."""
    atomic(path, lambda tmp: tmp.write_bytes(data))
