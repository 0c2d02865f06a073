"""From Python: run a scenario, change a package, sweep a parameter, and plot with the project's figures.

    .venv/bin/python examples/from_python.py                # about a minute on 2 cores
    .venv/bin/python examples/from_python.py --runs 500     # quicker, noisier
    .venv/bin/python examples/from_python.py --out my_dir   # where the figures go (default: results/example)

The test suite runs it (with 100 worlds) so that it keeps working as the code changes.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import yaml

from sim import load_scenario, run_scenario, run_sweep, scenario_from_dict
from sim.present import run_figures, sweep_figures
from sim.present.style import close

ROOT = Path(__file__).resolve().parents[1]


def main(runs: int, out: Path) -> None:
    """Run, change, sweep and plot, with `runs` worlds per package; figures go to `out`."""
    out.mkdir(parents=True, exist_ok=True)

    # 1. Run the baseline's packages as they stand, with Russia free to refuse each.
    baseline = load_scenario(ROOT / "scenarios" / "baseline.yaml")
    result = run_scenario(baseline, runs=runs, workers=None)
    table = result.summary[["package", "ceasefire_rate", "deterrence_rate", "peace_rate"]]
    print("The baseline, as it stands:")
    print(table.to_string(index=False, float_format=lambda v: f"{v:.0%}"))

    # 2. Change a package: the tripwire force, doubled, and a treaty pledge that Europe ratifies in year 2.
    doc = baseline.model_dump(mode="json")
    tripwire = next(p for p in doc["packages"] if p["name"] == "force_tripwire")
    bigger = {**tripwire, "name": "tripwire_60k_treaty"}
    bigger["reassurance_force"] = {**tripwire["reassurance_force"], "troops": 60000}
    bigger["defence_pledge"] = {"strength": "treaty", "parties": ["europe"]}
    bigger["events"] = [{"component": "defence_pledge", "action": "ratify", "month": 24}]
    doc["packages"] = [p for p in doc["packages"] if p["name"] in ("none", "force_tripwire")] + [bigger]
    changed = run_scenario(scenario_from_dict(doc, source="example"), runs=runs, workers=None)
    print("\nThe tripwire force, and a bigger one with a treaty ratified in month 24:")
    columns = ["package", "ceasefire_rate", "deterrence_rate", "peace_rate"]
    print(changed.summary[columns].to_string(index=False, float_format=lambda v: f"{v:.0%}"))

    fig = run_figures.deterrence_by_package(changed.summary, "none")
    fig.savefig(out / "changed_package.png", dpi=100)
    close(fig)
    fig = run_figures.survival_curves(changed.runs, baseline.horizon_months)
    fig.savefig(out / "changed_package_survival.png", dpi=100)
    close(fig)

    # 3. Sweep Europe's resolve for three packages, on the same worlds at every value.
    with tempfile.TemporaryDirectory() as tmp:
        sweep = {
            "name": "resolve_example",
            "base": str(ROOT / "scenarios" / "baseline.yaml"),
            "packages": ["none", "force_tripwire", "eu_membership"],
            "design": "grid",
            "parameters": {"world.europe.resolve": {"values": [0.1, 0.3, 0.5, 0.7, 0.9]}},
            "runs": runs,
        }
        path = Path(tmp) / "sweep.yaml"
        path.write_text(yaml.safe_dump(sweep))
        summary, _ = run_sweep(path, out=Path(tmp) / "sweep")
    pivot = summary.pivot(index="world.europe.resolve", columns="package", values="peace_rate")
    print("\nPeace holds, by Europe's resolve:")
    print(pivot.to_string(float_format=lambda v: f"{v:.0%}"))
    fig = sweep_figures.rate_by_parameter(summary, "world.europe.resolve")
    fig.savefig(out / "resolve_sweep.png", dpi=100)
    close(fig)
    print(f"\nfigures in {out}/")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000, help="worlds per package (default 2000)")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "results" / "example", help="folder for the figures"
    )
    args = parser.parse_args()
    main(args.runs, args.out)
