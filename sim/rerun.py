"""`deter rerun`: reproduce a result folder from its manifest and say whether the summary is identical."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

import pandas as pd
import yaml

from sim.runner import run_scenario
from sim.scenario import Scenario
from sim.storage import ResultDirError, versions


def _fresh_summary(manifest: dict, workers: int | None) -> bytes:
    """Recompute summary.csv from the manifest alone."""
    if "sweep" in manifest:
        from sim.sweep_run import run_sweep

        doc = {**manifest["sweep"], "base": manifest["base"]}
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "sweep.yaml"
            path.write_text(yaml.safe_dump(doc, sort_keys=False))  # parameter order defines the design
            run_sweep(path, out=Path(tmp) / "rerun", workers=workers)
            return (Path(tmp) / "rerun" / "summary.csv").read_bytes()
    scenario = Scenario.model_validate(manifest["scenario"])
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
    manifest_path, summary_path = folder / "manifest.json", folder / "summary.csv"
    if not manifest_path.exists() or not summary_path.exists():
        raise ResultDirError(f"{folder}: not a complete result folder (needs manifest.json and summary.csv)")
    manifest = json.loads(manifest_path.read_text())
    old = summary_path.read_bytes()
    new = _fresh_summary(manifest, workers)
    changes = version_changes(manifest.get("versions", {}))
    rows = old.count(b"\n") - 1
    if old == new:
        note = f"; versions differ but results agree: {', '.join(changes)}" if changes else ""
        return True, f"reproduced: summary.csv is byte-identical ({rows} rows){note}"
    before, after = pd.read_csv(io.BytesIO(old)), pd.read_csv(io.BytesIO(new))
    differs = "the tables have different shapes"
    if before.shape == after.shape and list(before.columns) == list(after.columns):
        cells = ~((before == after) | (before.isna() & after.isna()))
        columns = [c for c in before.columns if cells[c].any()]
        differs = f"{int(cells.any(axis=1).sum())} of {rows} rows differ, in {', '.join(columns)}"
    cause = f"; versions differ: {', '.join(changes)}" if changes else "; the recorded versions match"
    return False, f"NOT reproduced: {differs}{cause}"
