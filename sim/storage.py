"""Result folders: written in full under a temporary name, then renamed into place.

A folder holds `manifest.json` (the resolved scenario, seeds, versions, command line, timings),
`scenario.yaml` (the file as given), `runs.parquet` (one row per package and world) and
`summary.csv`. A folder that exists is never overwritten unless asked to (`--force`).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from sim.errors import ResultDirError
from sim.runner import RunResult
from sim.sampling import flatten


def versions() -> dict[str, str]:
    """Versions of Python and of the packages that decide the numbers."""
    out = {"python": platform.python_version()}
    for name in ("deter-sim", "mesa", "numpy", "scipy", "pandas", "pydantic", "pyarrow"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def default_dir(name: str, root: Path = Path("results")) -> Path:
    """results/<scenario name>-<UTC time>/."""
    return root / f"{name}-{datetime.now(UTC).strftime('%Y%m%d-%H%M%S')}"


def check_target(path: Path, force: bool) -> None:
    """Refuse an existing folder unless forced, and a file in its place always."""
    if path.exists() and not path.is_dir():
        raise ResultDirError(f"{path}: exists and is not a folder")
    if path.exists() and any(path.iterdir()) and not force:
        raise ResultDirError(f"{path}: folder exists; choose another --out or pass --force")


def uncertain_draws(result: RunResult) -> dict[str, Any]:
    """The distributions from which world parameters were drawn, by dotted name."""
    leaves = flatten(result.scenario.world, "world.")
    return {k: v.model_dump() for k, (v, _) in leaves.items() if hasattr(v, "draw")}


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file under a temporary name, then rename it into place."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_results(
    path: Path,
    result: RunResult,
    source: str | None,
    info: dict[str, Any],
    force: bool = False,
    finish: Callable[[Path], None] | None = None,
) -> Path:
    """Write a complete result folder at `path` (built aside, then renamed into place).

    `finish`, if given, is called with the folder under construction before it is renamed (to add
    figures, for example), so that a folder that exists is always complete.
    """
    check_target(path, force)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.partial-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        scenario = result.scenario
        manifest = {
            "scenario": scenario.model_dump(mode="json"),
            "seed": scenario.seed,
            "runs": scenario.runs,
            "chunk_size": scenario.chunk_size,
            "chunks": int(result.runs["chunk"].nunique()),
            "uncertain_draws": uncertain_draws(result),
            "versions": versions(),
            "command": sys.argv,
            **info,
        }
        write_atomic(tmp / "manifest.json", json.dumps(manifest, indent=2).encode())
        if source is not None:
            write_atomic(tmp / "scenario.yaml", source.encode())
        result.runs.to_parquet(tmp / "runs.parquet", index=False)
        if result.trace is not None:
            result.trace.to_parquet(tmp / "trace.parquet", index=False)
        write_atomic(tmp / "summary.csv", result.summary.to_csv(index=False).encode())
        if finish is not None:
            finish(tmp)
        if path.exists():
            shutil.rmtree(path)
        os.replace(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return path
