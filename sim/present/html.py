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


def _robust(folder: Path, where: Path) -> str:
    """A robust analysis's table, then one paragraph per package on where it does worst (if found)."""
    if not (folder / "robust.txt").exists():
        return ""
    head, _, table = (folder / "robust.txt").read_text(encoding="utf-8").partition("\n\n")
    parts = [f"<h2>Across assumptions</h2><p>{html.escape(head)}</p><pre>{html.escape(table)}</pre>"]
    if (folder / "robust.csv").exists() and (folder / "where_fails.csv").exists():
        robust = pd.read_csv(folder / "robust.csv").set_index("package")
        fails = pd.read_csv(folder / "where_fails.csv", keep_default_na=False)
        parts.append("<h2>Where each package does worst</h2>")
        parts += [_package_paragraph(r, robust.loc[r.package], folder, where) for r in fails.itertuples()]
    found = sorted((folder / "discover").glob("*.txt")) if (folder / "discover").is_dir() else []
    if found:
        lines = "".join(
            f"<li>{html.escape(p.read_text(encoding='utf-8').splitlines()[0])}</li>" for p in found
        )
        parts.append(f"<h2>Every box found (deter discover)</h2><ul>{lines}</ul>")
    return "".join(parts)


def _package_paragraph(fails, robust: pd.Series, folder: Path, where: Path) -> str:
    """One package across assumption sets: its spread, how it compares, and its failure box in words."""
    pct = lambda v: f"{100 * v:.0f}%"  # noqa: E731
    text = (
        f"<p><b>{html.escape(fails.package)}</b> keeps the peace in {pct(robust.p5)} to {pct(robust.p95)} of "
        f"worlds across assumption sets (5th to 95th percentile; median {pct(robust.p50)}). It is the best "
        f"package in {pct(robust.best_share)} of sets and falls short of the best by "
        f"{100 * robust.regret_mean:.1f} points on average ({100 * robust.regret_p90:.1f} in the worst tenth "
        f"of sets). {html.escape(fails.words)}.</p>"
    )
    if fails.figure and (folder / fails.figure).exists():
        text += _figure(folder / fails.figure, where)
    return text


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
{_robust(folder, where)}
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
