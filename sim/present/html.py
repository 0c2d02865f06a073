"""report.html: a brief in one self-contained page (figures embedded), readable offline or e-mailed.

A run's brief: a headline generated from the results, the packages compared in a table a reader
takes in at a glance, what each package contains, the assumptions that differ from the defaults, the
figures with captions, and the model's known limits. A sweep's report leads with its answer (where
each package crosses the threshold, or the parameters that matter), the tables below it, collapsed.
"""

from __future__ import annotations

import base64
import html
import os
from pathlib import Path

import pandas as pd

from sim.execution.folders import write_atomic
from sim.present import THRESHOLD, brief, leads, sweep_answers
from sim.present.members import members_html

MAX_ROWS = 300

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222;
       line-height: 1.45; }
.headline { font-size: 1.2em; border-left: 4px solid #1f6f8b; padding: 0.4em 0.8em; background: #f3f8fa; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: right; }
table.brief td { white-space: nowrap; }
th { background: #f4f4f4; }
th:first-child, td:first-child { text-align: left; }
figure { margin: 2em 0; overflow-x: auto; }
img { max-width: 100%; box-sizing: border-box; border: 1px solid #eee; cursor: zoom-in; }
img.full { max-width: none; cursor: zoom-out; }
figcaption { color: #444; font-size: 0.9em; }
details { margin: 1em 0; } summary { cursor: pointer; font-weight: 600; }
.facts td { text-align: left; }
.wide { overflow-x: auto; }
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


MEDIA = {".png": "image/png", ".svg": "image/svg+xml"}


def _figure(path: Path, where: Path) -> str:
    """A figure embedded in the page (PNG or SVG as data), with its caption; a PDF is linked from `where`."""
    if path.suffix not in MEDIA:  # browsers do not show PDF in <img>: link it
        link = html.escape(os.path.relpath(path, where))
        words = html.escape(brief.caption(path.stem))
        return f'<p><a href="{link}">{html.escape(path.stem)} (PDF)</a>: {words}</p>'
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return (
        f'<figure><img src="data:{MEDIA[path.suffix]};base64,{data}" alt="{html.escape(path.stem)}" '
        'title="click for full size" onclick="this.classList.toggle(\'full\')">'
        f"<figcaption>{html.escape(brief.caption(path.stem))}</figcaption></figure>"
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
    pct = brief.pct
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


def run_legend(scenario: dict) -> str:
    """What the run's table says, column by column, for how the scenario starts."""
    war, veto = scenario.get("start") == "war", scenario.get("russia_veto", True)
    ref = scenario.get("reference_package", "the reference")
    if war:
        first = (
            "Decade at peace: the mean share of the horizon's months at peace, over all worlds (the months "
            f"before a ceasefire are war); vs {ref}: its paired difference on the same worlds, in points. "
            "Ceasefire: both sides accepted the offer on the table within the horizon; months to it: the "
            "median over every world."
        )
    else:
        first = (
            "Peace holds: a ceasefire took effect and no renewed aggression followed by the horizon, over "
            f"all worlds; vs {ref}: its paired difference on the same worlds, in points."
        )
        first += (
            " Ceasefire: Russia accepted the ceasefire with the package (imposed ones: always)."
            if veto
            else " No veto: every package takes effect at month 0 (imposed components are still imposed "
            "over Russia's objection and leave a grievance)."
        )
    conditional = f" *{leads.conditional_note(scenario)}" if veto or war else ""
    over = "over every world's decade" if war else "over the ceasefires' decades"
    words = "the decade at peace" if war else "peace holding"
    return (
        f"{first} Deters once in place: no renewed aggression by the horizon, of the worlds whose ceasefire "
        f"came.{conditional} Months at war, ground lost (points of Ukraine Russia holds beyond the front "
        f"of month 0 at the end), direct war (a guarantor's forces fought Russia's) and nuclear threats: "
        f"{over}. "
        f"Cost: €bn a year with everything in force, and the mean spent over the horizon (each component "
        f"for the months it was in force, at the size it had); points per extra €10bn: points of {words} "
        f"gained over {ref} per €10bn more spent over the horizon. 95% intervals are sampling noise only."
    )


def states(scenario: dict) -> bool:
    """Whether a result's scenario lists the coalition's states as parties."""
    coalition = scenario.get("coalition") or {}
    return (coalition.get("form") if isinstance(coalition, dict) else coalition) == "states"


def _members(folder: Path, scenario: dict) -> str:
    """The report's section on the coalition's members (a run of the states only)."""
    if not states(scenario) or not (folder / "runs.parquet").exists():
        return ""
    runs = pd.read_parquet(folder / "runs.parquet")
    return members_html(runs, scenario.get("start_date"))


def _run_body(folder: Path, manifest: dict) -> str:
    scenario = manifest["scenario"]
    summary = pd.read_csv(folder / "summary.csv")
    head, rows = brief.summary_rows(summary, scenario)
    changed = brief.changed_assumptions(scenario)
    overrides = manifest.get("overrides") or {}
    given = (
        "<p>Set on the command line: "
        + html.escape(", ".join(f"{k}={v}" for k, v in overrides.items()))
        + "</p>"
        if overrides
        else ""
    )
    assumptions = (
        brief.html_table(["parameter", "this scenario", "default"], changed)
        if changed
        else "<p>None: the defaults throughout (see the parameter table in the README).</p>"
    )
    legend = run_legend(scenario)
    return f"""<p class="headline">{html.escape(brief.headline(summary, scenario))}</p>
<h2>The packages compared</h2>
<div class="wide">{brief.html_table(head, rows)}</div>
<p>{html.escape(legend)} {manifest["runs"]:,} worlds per package, {scenario["horizon_months"]} months.</p>
{_members(folder, scenario)}
<h2>What each package contains</h2>
{brief.packages_list(scenario)}
<h2>Assumptions that differ from the defaults</h2>
{assumptions}{given}"""


def _sweep_body(folder: Path, manifest: dict, threshold: float) -> str:
    sensitivity = sweep_answers.read_sensitivity(folder)
    answer = sweep_answers.folder_answer(folder, manifest, threshold)
    items = "".join(f"<li>{html.escape(line)}</li>" for line in answer[1:])
    body = f'<div class="headline"><p>{html.escape(answer[0])}</p><ul>{items}</ul></div>'
    body += _robust(folder, folder)
    if sensitivity is not None and len(sensitivity):
        table = sensitivity.to_html(index=False, float_format=lambda v: f"{v:.3f}", na_rep="—", border=0)
        body += f"<h2>Sobol indices (sensitivity.csv)</h2><div class='wide'>{table}</div>"
    return body


def write_report(
    where: Path, folder: Path, manifest: dict, figures: list[Path], threshold: float = THRESHOLD
) -> Path:
    """Write where/report.html for the result `folder`: the brief, its figures embedded, how it was made."""
    meta = manifest.get("scenario") or manifest["sweep"]
    name, description = meta.get("name", ""), meta.get("description", "")
    facts = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in _facts(manifest).items()
    )
    sweep = "sweep" in manifest
    body = _sweep_body(folder, manifest, threshold) if sweep else _run_body(folder, manifest)
    images = "".join(_figure(p, where) for p in figures)
    limits = "".join(f"<li>{html.escape(line)}</li>" for line in brief.LIMITS)
    table_name = "Every design point (summary.csv)" if sweep else "Every column (summary.csv)"
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(name)}: deterrence brief</title>
<style>{STYLE}</style></head><body>
<h1>{html.escape(name)}</h1>
<p>{html.escape(description)}</p>
{body}
<h2>Figures</h2>
{images or "<p>No figures.</p>"}
<h2>What the model leaves out</h2>
<ul>{limits}</ul>
<details><summary>{table_name}</summary><div class="wide">{_summary_table(folder, manifest)}</div></details>
<details><summary>How this was made</summary><table class="facts">{facts}</table></details>
</body></html>
"""
    path = where / "report.html"
    write_atomic(path, page.encode("utf-8"))
    return path
