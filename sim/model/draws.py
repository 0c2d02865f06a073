"""A month's random numbers, drawn for every world from the streams the model keeps, as `Draws`.

Every world draws, live or not, so the streams stay aligned whatever is compacted; the draws are then
gathered to the live cells (`Cells.per_world`).
"""

from __future__ import annotations

from typing import Any

from sim.model.types import Draws

LEGACY_ROWS = {"europe": 0, "us": 1}
"""Rows of Europe's and the US's resolve shocks and responses in the model's monthly draws."""


def month_draws(model: Any) -> Draws:
    """The month's random numbers of `model` (its monthly, war, party and talks streams)."""
    per_world, n, guarantors = model.layout.per_world, model.n, model.guarantors
    normal = per_world(model.draws.standard_normal((3, n)))
    uniform = per_world(model.draws.random((8, n)))
    front = per_world(model.war_draws.standard_normal(n))  # the front's shock
    war = per_world(model.war_draws.random((3, n)))
    talks = model.talks.month_draws()
    resolve = {name: normal[row] for name, row in LEGACY_ROWS.items() if name in guarantors}
    response = {name: uniform[3 + row] for name, row in LEGACY_ROWS.items() if name in guarantors}
    for name, stream in model.party_draws.items():
        resolve[name] = per_world(stream.standard_normal(n))
        response[name] = per_world(stream.random(n))
    return Draws(
        resolve={name: resolve[name] for name in guarantors},
        response={name: response[name] for name in guarantors},
        pressure=normal[2],
        attack=uniform[0],
        probe=uniform[1],
        detection=uniform[2],
        incident=uniform[5],
        war=uniform[6],
        sanctions=uniform[7],
        front=front,
        threat=war[0],
        use=war[1],
        end=war[2],
        talks=talks,
    )
