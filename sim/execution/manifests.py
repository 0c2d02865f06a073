"""What a result folder of deter is: its manifest, and the entries deter writes into it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sim.errors import ResultDirError
from sim.limits import MAX_MANIFEST_BYTES, read_capped, shorten

TOOL = "deter-sim"
FORMAT = 3
"""The version of the result folders this code writes and reads (the manifest's `format`)."""
ROBUST_DESCRIPTION = "Robust analysis of "
"""How the sweep of a robust analysis describes itself (in the sweep's fingerprint, so never edited)."""
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
    """'run' or 'sweep' for a manifest this tool wrote, else None (another tool's, or a kind at odds)."""
    if not isinstance(manifest, dict) or manifest.get("tool", TOOL) != TOOL:
        return None
    kind = None
    if isinstance(manifest.get("sweep"), dict) and isinstance(manifest.get("base"), dict):
        kind = "sweep"
    elif isinstance(manifest.get("scenario"), dict):
        kind = "run"
    return kind if manifest.get("kind", kind) == kind else None


def is_robust(manifest: object) -> bool:
    """Whether a manifest is a robust analysis's (`deter robust`), not a plain sweep's."""
    sweep = manifest.get("sweep") if isinstance(manifest, dict) else None
    return (
        isinstance(sweep, dict)
        and sweep.get("design") == "lhs"
        and str(sweep.get("description", "")).startswith(ROBUST_DESCRIPTION)
    )


def resume_command(manifest: object) -> str:
    """The command that finishes an incomplete sweep folder: robust analyses have their own."""
    return "deter robust --resume" if is_robust(manifest) else "deter sweep --resume"


def refuse_robust_as_sweep(folder: Path) -> None:
    """Refuse `deter sweep --resume` on a robust analysis: finished as a sweep, it would have no tables."""
    try:
        manifest = read_manifest(folder)
    except ResultDirError:
        return  # what is wrong with the folder is reported by the resume itself
    if is_robust(manifest):
        raise ResultDirError(f"{folder}: a robust analysis; finish it with deter robust --resume {folder}")


def read_manifest(folder: Path, error: type[ValueError] = ResultDirError, check_format: bool = True) -> dict:
    """The manifest of a result folder, or a one-line `error` saying what is wrong with the folder.

    The folder must be a run or sweep folder of this tool in the format this code reads (FORMAT);
    `check_format=False` only recognises it as deter's (to clean up or replace it, not to read it).
    """
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
    written = manifest.get("format")
    if check_format and (type(written) is not int or written != FORMAT):
        which = f"format {written}" if isinstance(written, int | float | str) else "no format recorded"
        raise error(
            f"{path}: written by another version of deter ({shorten(which, 40)}; this version reads format "
            f"{FORMAT}); run it again with this version"
        )
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
        manifest = read_manifest(folder, check_format=False)
    except ResultDirError:
        return "it is not a result folder of deter (no valid manifest.json)"
    kind = manifest_kind(manifest)
    if kind == "sweep" and manifest.get("status") != "complete":
        return f"it is an incomplete sweep (finish it with {resume_command(manifest)})"
    foreign = foreign_entries(folder, kind)
    if foreign:
        return f"it holds {foreign[0]!r}, which deter did not write"
    return None


# --------------------------------------------------------------------------- claims
