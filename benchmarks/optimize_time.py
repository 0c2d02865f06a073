"""How long the default `deter optimize scenarios/optimize.yaml` takes on this machine (all its cores).

Runs the search with the scenario's own settings (15 generations of 24 designs, 40 assumption sets x 400
worlds, a fresh re-score on 40 sets) and prints its wall time, the designs scored, the front and the
answer. The target: within 15 minutes on an idle 2-core machine.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "optimize"
        t0 = time.perf_counter()
        scenario = str(ROOT / "scenarios" / "optimize.yaml")
        command = [sys.executable, "-m", "sim", "optimize", scenario, "--out", str(out), "--quiet"]
        command.append("--no-plots")
        done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
        seconds = time.perf_counter() - t0
        answer = (out / "answer.txt").read_text().strip()
    print(f"deter optimize scenarios/optimize.yaml (defaults): {seconds / 60:.1f} min wall time")
    print(answer)
    print(done.stdout.split("\n\n")[0])


if __name__ == "__main__":
    main()
