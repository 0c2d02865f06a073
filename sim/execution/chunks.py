"""Chunks: the unit of work. Random streams are keyed by a block of world identities, never by who runs it.

A world's identity is its run number r within a design point. Runs are cut into blocks of at most
`chunk_size`; block b holds runs [b × B, (b + 1) × B) and has its own random streams. A chunk is one
block of one point or, when a point's runs fit several times in a chunk, whole points side by side,
each with the same draws (common random numbers: run r is the same world at every point, so the
difference between two points is the parameters' doing, not Monte Carlo noise).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Chunk:
    """Worlds [first, first + size) of the numbering point × runs + run.

    `block` keys the random streams; the chunk holds `copies` points of `size / copies` runs each,
    and every copy draws the block's numbers (for a run, one point: block is the chunk's index).
    """

    index: int
    first: int
    size: int
    block: int = -1
    copies: int = 1

    @property
    def key(self) -> int:
        """The key of this chunk's random streams."""
        return self.index if self.block < 0 else self.block


def chunks(runs: int, chunk_size: int) -> list[Chunk]:
    """Split one point's `runs` worlds into chunks of `chunk_size` (the last may be smaller)."""
    return sweep_chunks(1, runs, chunk_size)


def sweep_chunks(points: int, runs: int, chunk_size: int) -> list[Chunk]:
    """The chunks of `points` design points of `runs` worlds each, keyed by run blocks.

    With runs ≤ chunk_size, a chunk holds ⌊chunk_size / runs⌋ whole points (fewer in the last); else
    each point is cut into blocks of chunk_size runs, the last one smaller.
    """
    out: list[Chunk] = []
    if runs <= chunk_size:
        per = chunk_size // runs
        for first_point in range(0, points, per):
            copies = min(per, points - first_point)
            out.append(Chunk(len(out), first_point * runs, copies * runs, 0, copies))
        return out
    for point in range(points):
        for block, first in enumerate(range(0, runs, chunk_size)):
            size = min(chunk_size, runs - first)
            out.append(Chunk(len(out), point * runs + first, size, block, 1))
    return out
