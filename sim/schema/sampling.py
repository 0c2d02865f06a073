"""Random streams and per-world draws of the uncertainties.

One `SeedSequence` child per purpose and per block of world identities, so that a result never depends
on how many processes ran it, and world-parameter draws keyed by the parameter's name, so that adding a
parameter or a package never shifts another's draws. A chunk holding several design points side by side
draws one block's numbers and repeats them for each point (`Tiled`): common random numbers.
"""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np
from pydantic import BaseModel

from sim.schema.params import field_range

WORLD, MONTHLY, ELECTIONS, EXTRAS, WAR, TALKS, WEDGE = 0, 1, 2, 3, 4, 5, 6
"""Purposes of the random streams (the second element of a stream's spawn key)."""


class Tiled:
    """A generator for `copies` design points side by side: each draws the same numbers.

    A draw of size (..., copies × B) is a draw of size (..., B) repeated `copies` times along the
    last axis, so world r of every point sees the numbers world r of the first point sees.
    """

    def __init__(self, rng: np.random.Generator, copies: int):
        self.rng, self.copies = rng, copies

    def _tile(self, values: np.ndarray) -> np.ndarray:
        return np.tile(values, (1,) * (values.ndim - 1) + (self.copies,))

    def _size(self, size) -> tuple[int, ...]:
        shape = (size,) if np.ndim(size) == 0 else tuple(size)
        if shape[-1] % self.copies:
            raise ValueError(f"a draw of {shape[-1]} worlds cannot be {self.copies} equal copies")
        return (*shape[:-1], shape[-1] // self.copies)

    def random(self, size) -> np.ndarray:
        """`Generator.random`, the same numbers for every copy."""
        return self._tile(self.rng.random(self._size(size)))

    def standard_normal(self, size) -> np.ndarray:
        """`Generator.standard_normal`, the same numbers for every copy."""
        return self._tile(self.rng.standard_normal(self._size(size)))

    def uniform(self, low, high, size) -> np.ndarray:
        """`Generator.uniform`, the same numbers for every copy."""
        return self._tile(self.rng.uniform(low, high, self._size(size)))

    def triangular(self, left, mode, right, size) -> np.ndarray:
        """`Generator.triangular`, the same numbers for every copy."""
        return self._tile(self.rng.triangular(left, mode, right, self._size(size)))

    def beta(self, a, b, size) -> np.ndarray:
        """`Generator.beta`, the same numbers for every copy."""
        return self._tile(self.rng.beta(a, b, self._size(size)))


class Streams:
    """The random streams of one block of world identities, derived from the scenario seed.

    `copies` design points sit side by side in the chunk and share the block's draws (see `Tiled`).
    """

    def __init__(self, seed: int, block: int = 0, copies: int = 1):
        self.seed, self.block, self.copies = int(seed), int(block), int(copies)

    def raw(self, purpose: int, *key: int) -> np.random.Generator:
        """The block's generator for one purpose, as numpy gives it (one copy's draws)."""
        seq = np.random.SeedSequence(self.seed, spawn_key=(self.block, purpose, *key))
        return np.random.default_rng(seq)

    def generator(self, purpose: int, *key: int) -> np.random.Generator | Tiled:
        """A generator for one purpose, keyed by block (never by worker), tiled over the copies."""
        return self.tile(self.raw(purpose, *key))

    def tile(self, rng: np.random.Generator) -> np.random.Generator | Tiled:
        """`rng` itself for one copy, else its draws repeated for every copy."""
        return rng if self.copies == 1 else Tiled(rng, self.copies)

    def world(self, name: str) -> np.random.Generator:
        """The generator of one world parameter, keyed by its dotted name (its older name, if renamed)."""
        return self.generator(WORLD, zlib.crc32(STREAM_NAMES.get(name, name).encode()))

    def party(self, purpose: int, party: str) -> np.random.Generator | Tiled:
        """A party's own generator for one purpose, keyed by its name (Europe's and the US's by 0 and 1).

        Europe and the US keep the keys they had before parties were named, so their draws are
        unchanged; another party's key is a checksum of its name, so adding one shifts no other draw.
        """
        return self.generator(purpose, LEGACY_PARTY_KEYS.get(party, zlib.crc32(party.encode())))


STREAM_NAMES = {
    "russia.fight_cost.europe": "russia.europe_fight_cost",
    "russia.fight_cost.us": "russia.us_fight_cost",
}
"""World parameters whose draws keep the stream of their former name."""

LEGACY_PARTY_KEYS = {"europe": 0, "us": 1}
"""Europe's and the US's keys in their own streams (the elections), as before parties were named."""


def _leaves(section: BaseModel):
    """(name, value, field info) of each field of a section, then of each party it keys by name.

    The world's guarantors stand at the world's level (`europe.resolve`, as `world.europe.resolve` is
    written); a per-party record's extra parties take the field info of its fallback party.
    """
    fields = type(section).model_fields
    for name, info in fields.items():
        value = getattr(section, name)
        if isinstance(value, dict):  # parties by name: each party's section at this level
            for party, sub in value.items():
                yield party, sub, info
        else:
            yield name, value, info
    for name, value in (section.model_extra or {}).items():
        yield name, value, fields[getattr(section, "FALLBACK", "europe")]


def flatten(section: BaseModel, prefix: str = "") -> dict[str, tuple[Any, Any]]:
    """Map every leaf of a schema section to (value, field info), by dotted name."""
    out: dict[str, tuple[Any, Any]] = {}
    for name, value, info in _leaves(section):
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
    fields: dict[str, Any] = {}
    for name, value in dict(section).items():
        if isinstance(value, dict):  # parties by name, each at this level
            fields[name] = {
                party: as_record(sub, values, f"{prefix}{party}.") for party, sub in value.items()
            }
        elif isinstance(value, BaseModel) and not hasattr(value, "draw"):
            fields[name] = as_record(value, values, f"{prefix}{name}.")
        else:
            fields[name] = values[f"{prefix}{name}"]
    return type(section).model_construct(**fields)


def world_key(path: str) -> str:
    """The flattened name of a world parameter written in any of its spellings (`world.` dropped).

    `world.guarantors.europe.resolve` and `world.europe.resolve` are `europe.resolve`;
    `world.russia.europe_fight_cost` is `russia.fight_cost.europe`.
    """
    name = path.removeprefix("world.")
    name = name.removeprefix("guarantors.")
    for old, new in (("europe_fight_cost", "fight_cost.europe"), ("us_fight_cost", "fight_cost.us")):
        if name == f"russia.{old}" or name.startswith(f"russia.{old}."):
            name = name.replace(f"russia.{old}", f"russia.{new}", 1)
    return name
