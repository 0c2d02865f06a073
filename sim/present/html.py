"""report.html: one self-contained page a reader can open offline (figures linked from plots/)."""

from __future__ import annotations

import html
import os
from pathlib import Path

import pandas as pd

from sim.execution.folders import write_atomic

MAX_ROWS = 300

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
table { border-collapse: collapse; font-size: 0.85em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
figure { margin: 2em 0; } img { max-width: 100%; border: 1px solid #eee; }
.facts td { text-align: left; }
"""


def _facts(manifest: dict) -> dict[str, str]:
    versions = ", ".join(f"{k} {v}" for k, v in manifest.get("versions", {}).items())
    if "sweep" in manifest:
        sweep = manifest["sweep"]
        return {
            "design": sweep["design"],
            "parameters": ", ".join(manifest["parameters"]),
            "points": str(manifest["points"]),
            "runs per point": str(manifest["runs_per_point"]),
            "packages": ", ".join(manifest["packages"]),
            "seed": str(manifest["seed"]),
            "seeding": manifest["seeding"],
            "versions": versions,
        }
    scenario = manifest["scenario"]
    return {
        "runs per package": str(manifest["runs"]),
        "horizon": f"{scenario['horizon_months']} months",
        "seed": str(manifest["seed"]),
        "reference package": scenario["reference_package"],
        "chunks": f"{manifest['chunks']} of {manifest['chunk_size']} worlds",
        "overrides": ", ".join(f"{k}={v}" for k, v in manifest.get("overrides", {}).items()) or "none",
        "versions": versions,
        "finished": manifest.get("finished", ""),
    }


def _summary_table(folder: Path, manifest: dict) -> str:
    summary = pd.read_csv(folder / "summary.csv")
    note = ""
    if len(summary) > MAX_ROWS:
        note = f"<p>First {MAX_ROWS} of {len(summary)} rows; the whole table is in summary.csv.</p>"
        summary = summary.head(MAX_ROWS)
    return summary.to_html(index=False, float_format=lambda v: f"{v:.4g}", na_rep="", border=0) + note


def _figure(path: Path, where: Path) -> str:
    link = html.escape(os.path.relpath(path, where))
    if path.suffix == ".pdf":  # browsers do not show PDF in <img>: link it
        return f'<p><a href="{link}">{html.escape(path.stem)} (PDF)</a></p>'
    return (
        f'<figure><img src="{link}" alt="{html.escape(path.stem)}">'
        f"<figcaption>{html.escape(path.stem)}</figcaption></figure>"
    )


def _robust(folder: Path) -> str:
    """A robust analysis's table and the boxes discovered in it, if the folder holds them."""
    if not (folder / "robust.txt").exists():
        return ""
    head, _, table = (folder / "robust.txt").read_text(encoding="utf-8").partition("\n\n")
    parts = [f"<h2>Across assumptions</h2><p>{html.escape(head)}</p><pre>{html.escape(table)}</pre>"]
    found = sorted((folder / "discover").glob("*.txt")) if (folder / "discover").is_dir() else []
    if found:
        lines = "".join(
            f"<li>{html.escape(p.read_text(encoding='utf-8').splitlines()[0])}</li>" for p in found
        )
        parts.append(f"<h2>Where each package fails (deter discover)</h2><ul>{lines}</ul>")
    return "".join(parts)


def write_report(where: Path, folder: Path, manifest: dict, figures: list[Path]) -> Path:
    """Write where/report.html for the result `folder`: name, description, summary, figures, key facts."""
    meta = manifest.get("scenario") or manifest["sweep"]
    name, description = meta.get("name", ""), meta.get("description", "")
    facts = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in _facts(manifest).items()
    )
    images = "".join(_figure(p, where) for p in figures)
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(name)}: deterrence report</title>
<style>{STYLE}</style></head><body>
<h1>{html.escape(name)}</h1>
<p>{html.escape(description)}</p>
<p>Ceasefire rate: share of worlds in which Russia accepted the ceasefire with the package (imposed
packages: all). Deterrence rate: share of those ceasefires with no renewed Russian aggression by the
horizon, with its 95% Wilson interval (ci_low, ci_high). Peace rate: both, over all worlds.
diff_vs_reference: paired difference in peace holding against the reference package on the same
worlds, with its 95% interval. These are the model's implications under the stated assumptions,
not forecasts.</p>
{_robust(folder)}
<h2>Summary</h2>
{_summary_table(folder, manifest)}
<h2>Figures</h2>
{images}
<h2>How this was made</h2>
<table class="facts">{facts}</table>
</body></html>
"""
    path = where / "report.html"
    write_atomic(path, page.encode("utf-8"))
    return path
