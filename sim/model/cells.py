"""Skipping the worlds whose story has ended: the model's state compacted to the live (package, world) cells.

A package's world stops changing what the outcomes record once Russia rejected its ceasefire or
Ukraine capitulated (a world whose ceasefire was broken goes on through its wars to the horizon);
about half of the (package × world × month) cells of the baseline are such dead cells, most of them
ceasefires Russia rejected. The model starts on (P, n) arrays. When few enough cells are live,
`compact` gathers every declared array to the live cells only, a flat (K,) vector, and keeps each
cell's package and world; later compactions drop more. What it gathers is declared, not found: each
agent's `cells` and `worlds` records (`sim.model.state`), the model's own `state`, the packages'
effects, the timeline's levels and the recorder's outcomes. Every operation of a month is
elementwise, so a live cell's numbers are the same as they would be in the full arrays, bit for bit
(a test checks outcomes are identical with and without compaction). What stays per world, not per
cell: the random draws (drawn for all n worlds, as before, then gathered), the election calendars,
and the drawn world parameters (`params_all`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from sim.schema.sampling import as_record

if TYPE_CHECKING:
    from sim.model.types import ModelView

LIVE_SHARE = 0.93
"""Compact when at most this share of the current cells is live. Measured by instructions per chunk of
the baseline (cachegrind, 5,000 worlds x 10 packages) before worlds went on after the first shot: 5.30 G
at 0.85, 5.23 G at 0.93, 5.39 G at 0.96 (more compactions than they save). Now the dead cells are mostly
there from month 0 (rejected ceasefires), so the first month compacts and few compactions follow."""
MIN_CELLS = 2048
"""Never compact models smaller than this (gathering would cost more than it saves; small test models
keep their (P, n) arrays)."""


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

    def per_package(self, values: list, where: np.ndarray) -> np.ndarray:
        """Sums over each package's cells in `where` of each per-cell array in `values`, (len(values), P).

        A value of None counts the cells. Once compacted, the live cells are in package order
        (`np.nonzero` of the (P, n) grid, and every later compaction keeps their order), so each
        package's cells are one run (`reduceat`), and the few cells not in `where` are taken off.
        """
        if self.p is None:
            return np.stack([(where if v is None else v * where).sum(axis=-1) for v in values])
        if not self.p.size:
            return np.zeros((len(values), self.packages))
        starts = np.searchsorted(self.p, np.arange(self.packages))
        counts = np.diff(np.append(starts, self.p.size))
        out = np.flatnonzero(~where)
        p_out = self.p[out]

        def total(v) -> np.ndarray:
            if v is None:
                return counts - np.bincount(p_out, minlength=self.packages)
            v = np.broadcast_to(v, self.p.shape)
            padded = np.append(v.astype(float), 0.0)  # a package with no cells starts past the end
            inside = np.where(counts > 0, np.add.reduceat(padded, starts), 0.0)
            return inside - np.bincount(p_out, v[out], self.packages)

        return np.stack([total(v) for v in values]).astype(float)


def due(model: Any) -> bool:
    """Whether the model should compact now: not traced, large, and few enough cells live."""
    size = model.active.size
    return (
        model.recorder.trace_world is None and size >= MIN_CELLS and model.active.sum() <= LIVE_SHARE * size
    )


def compact(model: ModelView) -> None:
    """Keep only the live cells of every declared array of the model and its agents."""
    layout, recorder = model.layout, model.recorder
    if layout.compacted:
        keep = model.active.copy()

        def convert(a):
            return a[keep] if isinstance(a, np.ndarray) and a.shape == keep.shape else a

        recorder.flush()
        layout.p, layout.w = layout.p[keep], layout.w[keep]
        recorder.out = {k: v[keep] for k, v in recorder.out.items()}
    else:
        p, w = np.nonzero(model.active)
        grid = (layout.packages, layout.worlds)

        def convert(a):
            if not isinstance(a, np.ndarray):
                return a
            if a.ndim == 2:
                return np.broadcast_to(a, grid)[p, w]
            if a.shape == (layout.worlds,):
                return a[w]
            return a

        recorder.final = recorder.out
        recorder.out = {k: np.broadcast_to(v, grid)[p, w] for k, v in recorder.out.items()}
        layout.p, layout.w = p, w
    for agent in model.agents:
        for record in agent.records():
            if record is not None:
                record.convert(convert)
    model.state.convert(convert)
    if model.talks.cells is not None:
        model.talks.cells.convert(convert)
    model.shape = (int(layout.p.size),)
    model.params = as_record(
        model.scenario.world, {k: layout.per_world(v) for k, v in model.world_params.items()}
    )
    model.pk = model.pk.convert(convert)
    model.timeline.compact(convert, layout, model.state.row)
    model.refresh_in_force()  # elementwise: the same values, cell by cell


def outcomes(model: ModelView) -> dict[str, np.ndarray]:
    """The (P, n) outcome arrays, whatever the layout."""
    recorder = model.recorder
    if not model.layout.compacted:
        return recorder.out
    recorder.flush()
    return recorder.final
