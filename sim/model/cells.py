"""Skipping the worlds whose story has ended: the model's state compacted to the live (package, world) cells.

A package's world stops changing what the outcomes record once Russia rejected its ceasefire or
attacked after it; about two thirds of the (package × world × month) cells of the baseline are such
dead cells. The model starts on (P, n) arrays. When few enough cells are live, `compact` gathers every
per-cell array to the live cells only, a flat (K,) vector, and keeps each cell's package and world;
later compactions drop more. Every operation of a month is elementwise, so a live cell's numbers are
the same as they would be in the full arrays, bit for bit (a test checks outcomes are identical with
and without compaction). What stays per world, not per cell: the random draws (drawn for all n
worlds, as before, then gathered), the election calendars, and the drawn world parameters.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import TYPE_CHECKING

import numpy as np

from sim.schema.sampling import as_record

if TYPE_CHECKING:
    from sim.model.model import DeterrenceModel

LIVE_SHARE = 0.85
"""Compact when at most this share of the current cells is live."""
MIN_CELLS = 2048
"""Never compact models smaller than this (gathering would cost more than it saves; small test models
keep their (P, n) arrays)."""

KEPT = frozenset({"world_params", "final", "out"})
"""Model attributes `compact` leaves alone (world-level, the final outcomes, or handled on their own)."""


class Cells:
    """Where the live cells are: their package and world, or None while the model is on (P, n) arrays."""

    def __init__(self, packages: int, worlds: int):
        self.packages, self.worlds = packages, worlds
        self.p: np.ndarray | None = None
        self.w: np.ndarray | None = None

    @property
    def compacted(self) -> bool:
        """Whether the model runs on its live cells (else on (P, n) arrays)."""
        return self.p is not None

    def per_world(self, x):
        """A per-world array (n,) (a draw, an election), as the current layout reads it."""
        if self.w is None or np.ndim(x) == 0:
            return x
        return np.take(x, self.w, axis=-1)


def due(model: DeterrenceModel) -> bool:
    """Whether the model should compact now: not traced, large, and few enough cells live."""
    size = model.active.size
    return model.trace_world is None and size >= MIN_CELLS and model.active.sum() <= LIVE_SHARE * size


def compact(model: DeterrenceModel) -> None:
    """Keep only the live cells of every per-cell array of the model and its agents."""
    cells = model.cells
    if cells.compacted:
        keep = model.active.copy()

        def convert(a):
            return a[keep] if isinstance(a, np.ndarray) and a.shape == keep.shape else a

        flush(model)
        cells.p, cells.w = cells.p[keep], cells.w[keep]
        model.out = {k: v[keep] for k, v in model.out.items()}
    else:
        p, w = np.nonzero(model.active)
        grid = (cells.packages, cells.worlds)

        def convert(a):
            if not isinstance(a, np.ndarray):
                return a
            if a.ndim == 2:
                return np.broadcast_to(a, grid)[p, w]
            if a.shape == (cells.worlds,):
                return a[w]
            return a

        model.final = model.out
        model.out = {k: np.broadcast_to(v, grid)[p, w] for k, v in model.out.items()}
        cells.p, cells.w = p, w
    _convert_attributes(model, convert)
    model.shape = (int(cells.p.size),)
    model.params = as_record(
        model.scenario.world, {k: cells.per_world(v) for k, v in model.world_params.items()}
    )
    model.europe.p, model.us.p, model.russia.p = model.params.europe, model.params.us, model.params.russia
    model.timeline.compact(convert, cells)


def _convert_attributes(model: DeterrenceModel, convert) -> None:
    for obj, skip in (
        (model, KEPT),
        (model.europe, ()),
        (model.us, ()),
        (model.ukraine, ()),
        (model.russia, ()),
    ):
        for name, value in list(vars(obj).items()):
            if name in skip:
                continue
            if isinstance(value, np.ndarray):
                setattr(obj, name, convert(value))
            elif isinstance(value, dict) and value and all(isinstance(v, np.ndarray) for v in value.values()):
                setattr(obj, name, {k: convert(v) for k, v in value.items()})
    for name in ("pk", "now"):
        record = getattr(model, name)
        setattr(
            model, name, replace(record, **{f.name: convert(getattr(record, f.name)) for f in fields(record)})
        )


def flush(model: DeterrenceModel) -> None:
    """Write the live cells' outcomes into the (P, n) outcome arrays."""
    cells = model.cells
    if cells.compacted:
        for name, values in model.out.items():
            model.final[name][cells.p, cells.w] = values


def outcomes(model: DeterrenceModel) -> dict[str, np.ndarray]:
    """The (P, n) outcome arrays, whatever the layout."""
    if not model.cells.compacted:
        return model.out
    flush(model)
    return model.final
