"""The plausible range of every world parameter, by one rule, stated once.

A fixed parameter spans half to one and a half times its default (ordered, for a negative default);
a parameter drawn from a distribution keeps its spread across worlds (the private differences between
worlds) while its location moves: a triangular's mode spans its support, a beta's or normal's mean
half to one and a half times its default; a parameter whose default is 0 switches a mechanism off
(strain, abstention) and stays off; every range is clipped to the field's allowed range, and months
are whole numbers.

The Latin hypercube over every uncertainty (`scenarios/sweeps/lhs_uncertainties.yaml`) and
`deter robust` (every assumption tagged [M]) both take their ranges from here.
"""

from __future__ import annotations

from typing import NamedTuple

from sim.schema.params import Beta, Normal, Triangular, Uniform, field_range
from sim.schema.sampling import flatten
from sim.schema.world import World


class Span(NamedTuple):
    """The swept path (a parameter, or the field of its distribution that moves) and its range."""

    path: str
    low: float
    high: float
    integer: bool


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
    else:  # (a negative default, such as log-odds, spans 1.5 to 0.5 times itself)
        key, (low, high) = "", sorted((0.5 * float(value), 1.5 * float(value)))
    return key, max(low, lo if lo is not None else low), min(high, hi if hi is not None else high)


def spans(world: World | None = None, assumptions_only: bool = False) -> list[Span]:
    """One span per world parameter (or per assumption tagged [M]), in the schema's order."""
    out = []
    for path, (value, info) in flatten(world or World(), "world.").items():
        if isinstance(value, int | float) and value == 0:
            continue  # a mechanism switched off by default stays off
        if assumptions_only and "[M]" not in (info.description or ""):
            continue
        key, low, high = _span(value, info)
        whole = bool(isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get("whole"))
        if whole:
            low, high = round(low), round(high)
        out.append(Span(f"{path}{key}", low, high, whole))
    return out
