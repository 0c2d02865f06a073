"""The ranges of the Latin hypercube over every world parameter, by one rule (`make readme`).

`scenarios/sweeps/lhs_uncertainties.yaml` varies every world parameter of the schema. Its ranges
follow one rule, so that no parameter is favoured: a fixed parameter spans half to one and a half
times its default; a parameter drawn from a distribution keeps its spread across worlds (the private
differences between worlds) while its location moves: a triangular's mode spans its support, a
beta's or normal's mean half to one and a half times its default; a parameter whose default is 0
switches a mechanism off (strain, abstention) and stays off; every range is clipped to the field's
allowed range, and months are whole numbers. This module writes the `parameters:` block
of that file from the schema, and the documentation tests fail when the file is stale (a parameter
added to the schema and not to the sweep).
"""

from __future__ import annotations

import sys
from pathlib import Path

from sim.schema.params import Beta, Normal, Triangular, Uniform, field_range
from sim.schema.sampling import flatten
from sim.schema.world import World

ROOT = Path(__file__).resolve().parents[1]
LHS_FILE = ROOT / "scenarios" / "sweeps" / "lhs_uncertainties.yaml"
BEGIN = "\nparameters:\n"
"""The block runs from this line to the end of the file."""


def _span(value, info) -> tuple[str, float, float]:
    """The sub-field that moves ('' for a fixed value) and its range."""
    lo, hi = field_range(info)
    if isinstance(value, Triangular):
        return ".mode", value.low, value.high
    if isinstance(value, Uniform):
        raise ValueError("a uniform world parameter has no location to sweep: give the rule one")
    if isinstance(value, Beta | Normal):
        key, low, high = ".mean", 0.5 * value.mean, 1.5 * value.mean
        if isinstance(value, Beta):  # keep the beta possible: sd below sqrt(m (1 - m)) on its range
            width = hi - lo
            for m in (low, high):
                share = (m - lo) / width
                if value.sd / width >= (share * (1 - share)) ** 0.5:
                    raise ValueError(f"mean {m} with sd {value.sd} is not a beta: narrow the rule")
    else:
        key, low, high = "", 0.5 * float(value), 1.5 * float(value)
    return key, max(low, lo if lo is not None else low), min(high, hi if hi is not None else high)


def _number(x: float) -> str:
    return f"{x:.6g}"


def ranges() -> list[str]:
    """One `  path: {low, high}` line per world parameter, in the schema's order."""
    lines = []
    for path, (value, info) in flatten(World(), "world.").items():
        if isinstance(value, int | float) and value == 0:
            continue  # a mechanism switched off by default stays off
        key, low, high = _span(value, info)
        whole = isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get("whole")
        extra = ", integer: true" if whole else ""
        if whole:
            low, high = round(low), round(high)
        lines.append(f"  {path}{key}: {{low: {_number(low)}, high: {_number(high)}{extra}}}")
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
