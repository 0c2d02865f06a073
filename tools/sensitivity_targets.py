"""The two calibration targets that need sweeps: no parameter dominates, the error scale is minor.

Runs the project's own Latin hypercube (`scenarios/sweeps/lhs_uncertainties.yaml`) and Sobol sweep
(`scenarios/sweeps/sobol_sensitivity.yaml`) into a temporary folder and prints, per package, the
largest |Spearman| correlation of the deterrence rate with any parameter (target: below 0.6) and the
temperature's total Sobol index (target: below 0.2). About four minutes on 2 cores; docs/calibration.md
quotes its output. Run: `python -m tools.sensitivity_targets [--workers N]`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

ROOT = Path(__file__).resolve().parents[1]
LHS = ROOT / "scenarios" / "sweeps" / "lhs_uncertainties.yaml"
SOBOL = ROOT / "scenarios" / "sweeps" / "sobol_sensitivity.yaml"
SPEARMAN_LIMIT, TEMPERATURE_LIMIT = 0.6, 0.2
TEMPERATURE = "world.russia.temperature"


def strongest(summary: pd.DataFrame) -> pd.DataFrame:
    """Per package, the parameter most correlated (Spearman) with the deterrence rate."""
    params = [c for c in summary.columns if c.startswith("world.")]
    rows = []
    for package, group in summary.groupby("package", sort=False):
        rates = group["deterrence_rate"].to_numpy()
        rho = {p: stats.spearmanr(group[p], rates).statistic for p in params if np.ptp(group[p]) > 0}
        name = max(rho, key=lambda p: abs(rho[p]))
        rows.append({"package": package, "parameter": name, "spearman": rho[name]})
    return pd.DataFrame(rows)


def main(argv: list[str]) -> int:
    """Run both sweeps and print the figures against their targets."""
    from sim.execution.sweep_run import run_sweep

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        summary, _ = run_sweep(LHS, out=Path(tmp) / "lhs", workers=args.workers)
        table = strongest(summary)
        print(f"LHS ({LHS.name}): strongest |Spearman| per package (target below {SPEARMAN_LIMIT})")
        print(table.to_string(index=False, float_format=lambda x: f"{x:+.2f}"))
        worst = table["spearman"].abs().max()
        print(f"largest: {worst:.2f} ({'met' if worst < SPEARMAN_LIMIT else 'NOT met'})\n")
        _, folder = run_sweep(SOBOL, out=Path(tmp) / "sobol", workers=args.workers)
        indices = pd.read_csv(folder / "sensitivity.csv")
        columns = ["package", "total", "total_low", "total_high"]
        temperature = indices[indices["parameter"] == TEMPERATURE][columns]
        print(f"Sobol ({SOBOL.name}): total index of {TEMPERATURE} (target below {TEMPERATURE_LIMIT})")
        print(temperature.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
        top = temperature["total"].max()
        print(f"largest: {top:.3f} ({'met' if top < TEMPERATURE_LIMIT else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
