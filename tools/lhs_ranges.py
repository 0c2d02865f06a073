"""The ranges of the Latin hypercube over every world parameter, by one rule (`make readme`).

`scenarios/sweeps/lhs_uncertainties.yaml` varies every world parameter of the schema. Its ranges
follow one rule, so that no parameter is favoured (`sim.schema.assumptions`, where the rule is
stated). This module writes the `parameters:` block
of that file from the schema, and the documentation tests fail when the file is stale (a parameter
added to the schema and not to the sweep).
"""

from __future__ import annotations

import sys
from pathlib import Path

from sim.schema.assumptions import spans

ROOT = Path(__file__).resolve().parents[1]
LHS_FILE = ROOT / "scenarios" / "sweeps" / "lhs_uncertainties.yaml"
BEGIN = "\nparameters:\n"
"""The block runs from this line to the end of the file."""


def _number(x: float) -> str:
    return f"{x:.6g}"


def ranges() -> list[str]:
    """One `  path: {low, high}` line per world parameter, in the schema's order."""
    lines = []
    for s in spans():
        extra = ", integer: true" if s.integer else ""
        lines.append(f"  {s.path}: {{low: {_number(s.low)}, high: {_number(s.high)}{extra}}}")
    return lines


def rendered(text: str) -> str:
    """The sweep file's text with its parameters block regenerated."""
    start = text.index(BEGIN) + len(BEGIN)
    return text[:start] + "\n".join(ranges()) + "\n"


def main(argv: list[str]) -> int:
    """Rewrite the LHS sweep's parameters block in place."""
    path = Path(argv[0]) if argv else LHS_FILE
    path.write_text(rendered(path.read_text()))
    print(f"{path}: {len(ranges())} parameters")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
