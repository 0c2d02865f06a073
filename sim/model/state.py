"""Declared state: what each agent keeps, per cell or per world, and the guard that keeps it declared.

An agent keeps its arrays in two records, `cells` (one value per (package, world) cell: (P, n), or (K,)
once the model runs on its K live cells) and `worlds` (one value per world: (n,), or (K,), each cell
its world's). Both are slotted dataclasses, so a field that is not declared cannot be set; an agent
refuses an array set on itself (`Actor.__setattr__`). Compaction (`sim.model.cells`) goes over
`model.agents` and these records, and nothing else, so no array can be left behind unseen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from functools import cached_property

import mesa
import numpy as np

Convert = Callable[[np.ndarray], np.ndarray]


class Record:
    """Base of a state record: a slotted dataclass of arrays (or of dicts of arrays keyed by party)."""

    __slots__ = ()

    def convert(self, convert: Convert) -> None:
        """Pass every array of the record through `convert` (dicts of arrays, value by value)."""
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if isinstance(value, dict):
                setattr(self, f.name, {k: convert(v) for k, v in value.items()})
            else:
                setattr(self, f.name, convert(value))


class Actor(mesa.Agent):
    """A Mesa agent whose arrays live in its declared `cells` and `worlds` records.

    Setting an array on the agent itself raises: declare it in the agent's record instead, so that
    compaction follows it.
    """

    cells: Record
    worlds: Record | None = None

    def __setattr__(self, name: str, value) -> None:
        if isinstance(value, np.ndarray):
            raise TypeError(
                f"{type(self).__name__}.{name}: an array belongs in the agent's declared state "
                "(its `cells` or `worlds` record, sim/model/state.py), where compaction follows it"
            )
        super().__setattr__(name, value)

    def records(self) -> tuple[Record | None, Record | None]:
        """Its per-cell and per-world records."""
        return self.cells, self.worlds


class Subset:
    """Some of the model's cells, to weigh a rule on them only: `at(x)` is x at those cells.

    `x` may be a scalar, an array over the cells (P, n) or (K,), a per-world array (n,) or a package
    column (P, 1); `put(values, fill)` spreads values computed at the cells back over every cell.
    With `mask` None, every cell (`at` and `put` return their argument).
    """

    def __init__(self, mask: np.ndarray | None):
        self.mask = mask
        if mask is None:
            return
        self.shape = mask.shape
        self.flat = np.flatnonzero(mask)

    @cached_property
    def _rows_columns(self) -> tuple[np.ndarray, np.ndarray]:
        """Each cell's package row and world column, on (P, n) arrays (found once, when first asked)."""
        return np.divmod(self.flat, self.shape[1])

    @property
    def row(self) -> np.ndarray:
        """Each cell's package row (on (P, n) arrays)."""
        return self._rows_columns[0]

    @property
    def col(self) -> np.ndarray:
        """Each cell's world column (on (P, n) arrays)."""
        return self._rows_columns[1]

    def __call__(self, x):
        """`x` at the cells (its own shape's way of naming them)."""
        if self.mask is None or np.ndim(x) == 0:
            return x
        x = np.asarray(x)
        if x.shape == self.shape:
            return x.take(self.flat) if x.flags.c_contiguous else x[self.mask]
        if len(self.shape) == 2 and x.ndim == 2 and x.shape[1] == 1:
            return x[self.row, 0]
        if len(self.shape) == 2 and x.ndim == 1:
            return x[self.col]
        return np.broadcast_to(x, self.shape)[self.mask]

    def set(self, target: np.ndarray, values) -> np.ndarray:
        """`target` with `values` at the cells: in place where it is a whole array of its own, else a copy."""
        if self.mask is None:
            return values
        if target.shape == self.shape and target.flags.writeable and target.flags.c_contiguous:
            scatter(target, self.flat, values)
            return target
        return self.put(values, target)

    def put(self, values, fill) -> np.ndarray:
        """Values at the cells, `fill` at every other cell (a scalar, or an array over every cell)."""
        if self.mask is None:
            return values
        if np.ndim(fill):
            out = np.array(np.broadcast_to(fill, self.shape), dtype=np.result_type(values, fill))
        else:
            out = np.full(self.shape, fill, dtype=np.result_type(values, fill))
        scatter(out, self.flat, values)
        return out


def scatter(target: np.ndarray, flat: np.ndarray, values) -> None:
    """`target`'s elements at the flat indices `flat` set to `values`, in place.

    On a C-contiguous array through a flat view (`reshape(-1)`: three to seven times faster than the
    `.flat` iterator at 65,000 cells, the same elements set); otherwise through `.flat`.
    """
    if target.flags.c_contiguous:
        target.reshape(-1)[flat] = values
    else:
        target.flat[flat] = values


def forget_model(model: mesa.Model) -> None:
    """Drop Mesa 3.3's class-level reference to a finished model, so that it can be freed.

    `mesa.Agent._ids` maps every model that ever created an agent to its id counter and is never
    emptied (upstream issue #3179): a process running many chunks would grow without bound. This is the
    one place the project touches a private Mesa name; remove it once Mesa frees finished models.
    """
    ids = getattr(mesa.Agent, "_ids", None)
    if isinstance(ids, dict):
        ids.pop(model, None)
