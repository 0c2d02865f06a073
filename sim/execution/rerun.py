"""`deter rerun`: reproduce a result folder from its manifest and say whether the summary is identical."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pandas as pd

from sim.errors import ResultDirError, ScenarioError
from sim.execution.folders import manifest_kind, read_manifest
from sim.execution.runner import run_scenario
from sim.execution.storage import versions
from sim.schema.scenario import scenario_from_dict


def _fresh_summary(folder: Path, manifest: dict, workers: int | None) -> bytes:
    """Recompute summary.csv from the manifest alone."""
    if manifest_kind(manifest) == "sweep":
        from sim.execution.sweep_run import load_sweep_folder, run_sweep

        sweep, scenario, _ = load_sweep_folder(folder)
        with tempfile.TemporaryDirectory() as tmp:
            run_sweep(loaded=(sweep, scenario), out=Path(tmp) / "rerun", workers=workers, notify=print)
            return (Path(tmp) / "rerun" / "summary.csv").read_bytes()
    try:
        scenario = scenario_from_dict(manifest["scenario"], source=f"{folder / 'manifest.json'}: scenario")
    except ScenarioError as err:
        raise ResultDirError(f"damaged manifest: {err}") from None
    return run_scenario(scenario, workers=workers).summary.to_csv(index=False).encode()


def version_changes(recorded: dict[str, str]) -> list[str]:
    """Packages whose installed version differs from the one recorded."""
    now = versions()
    return [
        f"{k} {v} (then) vs {now.get(k, 'missing')} (now)" for k, v in recorded.items() if now.get(k) != v
    ]


def rerun(folder: str | Path, workers: int | None = None) -> tuple[bool, str]:
    """Re-run a result folder; return (identical, a one-paragraph account for the user)."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    summary_path = folder / "summary.csv"
    if not summary_path.is_file():
        raise ResultDirError(f"{folder}: not a complete result folder (no summary.csv)")
    old = summary_path.read_bytes()
    new = _fresh_summary(folder, manifest, workers)
    recorded = manifest.get("versions")
    changes = version_changes(recorded if isinstance(recorded, dict) else {})
    rows = old.count(b"\n") - 1
    if old == new:
        note = f"; versions differ but results agree: {', '.join(changes)}" if changes else ""
        return True, f"reproduced: summary.csv is byte-identical ({rows} rows){note}"
    try:
        before = pd.read_csv(io.BytesIO(old))
    except (ValueError, pd.errors.ParserError):
        return False, "NOT reproduced: the stored summary.csv is not a readable table"
    after = pd.read_csv(io.BytesIO(new))
    differs = "the tables have different shapes"
    if before.shape == after.shape and list(before.columns) == list(after.columns):
        cells = ~((before == after) | (before.isna() & after.isna()))
        columns = [c for c in before.columns if cells[c].any()]
        differs = f"{int(cells.any(axis=1).sum())} of {rows} rows differ, in {', '.join(columns)}"
    cause = f"; versions differ: {', '.join(changes)}" if changes else "; the recorded versions match"
    return False, f"NOT reproduced: {differs}{cause}"
