"""Chunks: the unit of work. Random streams are keyed by a chunk's index, never by who runs it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Chunk:
    """A slice of worlds [first, first + size) with its own random streams."""

    index: int
    first: int
    size: int


def chunks(runs: int, chunk_size: int) -> list[Chunk]:
    """Split `runs` worlds into chunks of `chunk_size` (the last may be smaller)."""
    return [
        Chunk(i, first, min(chunk_size, runs - first)) for i, first in enumerate(range(0, runs, chunk_size))
    ]
