"""What a result folder of deter is: its manifest, and the entries deter writes into it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sim.errors import ResultDirError
from sim.limits import MAX_MANIFEST_BYTES, read_capped

TOOL = "deter-sim"
RUN_ENTRIES = frozenset(
    {
        "manifest.json",
        "scenario.yaml",
        "runs.parquet",
        "trace.parquet",
        "monthly.parquet",
        "summary.csv",
        "report.html",
        "plots",
    }
)
"""What `deter run` writes into a result folder (and `deter plot` adds)."""
SWEEP_ENTRIES = frozenset(
    {
        "manifest.json",
        "design.parquet",
        "parts",
        "summary.csv",
        "summary.parquet",
        "sensitivity.csv",
        "report.html",
        "plots",
    }
)
"""What `deter sweep` writes into a sweep folder (and `deter plot` adds)."""
PLOTS_MARK = ".deter-plots"
"""Written into every folder `deter plot` draws into: what lets it draw there again."""


def manifest_kind(manifest: object) -> str | None:
    """'run' or 'sweep' for a manifest this tool wrote, else None."""
    if not isinstance(manifest, dict):
        return None
    if isinstance(manifest.get("sweep"), dict) and isinstance(manifest.get("base"), dict):
        return "sweep"
    if isinstance(manifest.get("scenario"), dict):
        return "run"
    return None


def read_manifest(folder: Path, error: type[ValueError] = ResultDirError) -> dict:
    """The manifest of a result folder, or a one-line `error` saying what is wrong with the folder."""
    folder = Path(folder)
    if not folder.exists():
        raise error(f"{folder}: no such folder")
    if not folder.is_dir():
        raise error(f"{folder}: not a folder")
    path = folder / "manifest.json"
    if not path.is_file():
        raise error(f"{folder}: not a result folder (no manifest.json)")
    try:
        raw = read_capped(path, MAX_MANIFEST_BYTES)
    except OSError as err:
        raise error(f"{path}: cannot be read ({err.strerror or type(err).__name__})") from None
    if len(raw) > MAX_MANIFEST_BYTES:
        raise error(f"{path}: larger than {MAX_MANIFEST_BYTES // 2**20} MiB; not a manifest of this tool")
    try:
        manifest = json.loads(raw)
    except (ValueError, RecursionError) as err:
        raise error(f"{path}: damaged, not valid JSON ({type(err).__name__})") from None
    if manifest_kind(manifest) is None:
        raise error(f"{path}: not a manifest of a deter run or sweep")
    return manifest


PLOT_SUFFIXES = (".png", ".svg", ".pdf", ".html")
_PART_FILE = re.compile(r"^(part|stats)-\d{5,}\.parquet$|^chunk-\d{5,}\.json$|^error-\d{5,}\.txt$")


def foreign_entries(folder: Path, kind: str) -> list[str]:
    """Entries of `folder` (hidden ones and those inside plots/ and parts/ included) deter did not write."""
    allowed = RUN_ENTRIES if kind == "run" else SWEEP_ENTRIES
    foreign = []
    for entry in sorted(folder.iterdir()):
        if entry.name not in allowed or entry.is_symlink():
            foreign.append(entry.name)
        elif entry.name in ("plots", "parts"):
            if not entry.is_dir():
                foreign.append(entry.name)
                continue
            for inner in sorted(entry.iterdir()):
                ours = (
                    inner.name == PLOTS_MARK or inner.suffix in PLOT_SUFFIXES
                    if entry.name == "plots"
                    else bool(_PART_FILE.match(inner.name))
                )
                if not ours or not inner.is_file() or inner.is_symlink():
                    foreign.append(f"{entry.name}/{inner.name}")
    return foreign


def replaceable(folder: Path) -> str | None:
    """None if --force may replace `folder`; otherwise why not, as a clause for an error message."""
    try:
        manifest = read_manifest(folder)
    except ResultDirError:
        return "it is not a result folder of deter (no valid manifest.json)"
    kind = manifest_kind(manifest)
    if kind == "sweep" and manifest.get("status") != "complete":
        return "it is an incomplete sweep (finish it with deter sweep --resume)"
    foreign = foreign_entries(folder, kind)
    if foreign:
        return f"it holds {foreign[0]!r}, which deter did not write"
    return None


# --------------------------------------------------------------------------- claims
