"""Random streams and per-world draws of the uncertainties.

One `SeedSequence` child per purpose and per chunk of worlds, so that a result never depends on how
many processes ran it, and world-parameter draws keyed by the parameter's name, so that adding a
parameter or a package never shifts another's draws.
"""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np
from pydantic import BaseModel

from sim.schema.params import field_range

WORLD, MONTHLY, ELECTIONS, EXTRAS = 0, 1, 2, 3
"""Purposes of the random streams (the second element of a stream's spawn key)."""


class Streams:
    """The random streams of one chunk of worlds, derived from the scenario seed."""

    def __init__(self, seed: int, chunk: int = 0):
        self.seed, self.chunk = int(seed), int(chunk)

    def generator(self, purpose: int, *key: int) -> np.random.Generator:
        """A generator for one purpose, keyed by chunk (never by worker)."""
        seq = np.random.SeedSequence(self.seed, spawn_key=(self.chunk, purpose, *key))
        return np.random.default_rng(seq)

    def world(self, name: str) -> np.random.Generator:
        """The generator of one world parameter, keyed by its dotted name."""
        return self.generator(WORLD, zlib.crc32(name.encode()))


def flatten(section: BaseModel, prefix: str = "") -> dict[str, tuple[Any, Any]]:
    """Map every leaf of a schema section to (value, field info), by dotted name."""
    out: dict[str, tuple[Any, Any]] = {}
    for name, info in type(section).model_fields.items():
        value = getattr(section, name)
        path = f"{prefix}{name}"
        if isinstance(value, BaseModel) and not hasattr(value, "draw"):
            out.update(flatten(value, path + "."))
        else:
            out[path] = (value, info)
    return out


def draw_world(world: BaseModel, n: int, streams: Streams) -> dict[str, Any]:
    """Draw every uncertain parameter for n worlds: fixed values stay scalars, others (n,) arrays."""
    out: dict[str, Any] = {}
    for path, (value, info) in flatten(world).items():
        if hasattr(value, "draw"):
            low, high = field_range(info)
            out[path] = value.draw(streams.world(path), n, low, high)
        else:
            out[path] = float(value)
    return out


def draw_moved(world: BaseModel, path: str, fields: dict[str, np.ndarray], streams: Streams) -> np.ndarray:
    """Draw a distributed parameter for worlds whose distribution differs in some fields (a sweep).

    `fields` maps a field of the parameter's distribution (its `mode`, `mean`, ...) to its value in
    each world. Every distinct setting draws from the parameter's own stream, as `draw_world` does,
    and each world takes its own draw under its setting.
    """
    value, info = flatten(world)[path]
    low, high = field_range(info)
    names = sorted(fields)
    settings = np.stack([np.asarray(fields[k], dtype=float) for k in names], axis=1)
    distinct, which = np.unique(settings, axis=0, return_inverse=True)
    which = which.ravel()
    out = np.empty(len(which))
    for i, setting in enumerate(distinct):
        given = dict(zip(names, setting.tolist(), strict=True))
        moved = type(value).model_validate({**value.model_dump(), **given})
        mine = which == i
        out[mine] = moved.draw(streams.world(path), len(which), low, high)[mine]
    return out


def as_record(section: BaseModel, values: dict[str, Any], prefix: str = ""):
    """The section's own type, its leaves replaced by the drawn values (scalars or (n,) arrays).

    The model reads parameters as attributes of these records (`params.russia.limited_cost`), so a
    reader or a tool can follow a parameter from its declaration in the schema to every formula.
    """
    fields = {}
    for name in type(section).model_fields:
        value = getattr(section, name)
        path = f"{prefix}{name}"
        if isinstance(value, BaseModel) and not hasattr(value, "draw"):
            fields[name] = as_record(value, values, path + ".")
        else:
            fields[name] = values[path]
    return type(section).model_construct(**fields)
