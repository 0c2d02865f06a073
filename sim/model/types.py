"""Types the model's modules share, below all of them (so no module imports the model for its types).

`ModelView` is what an agent may read of the model; `Draws`, `Theatre`, `Move` and `Answers` carry a
month's random numbers, what an offensive would meet, Russia's move and the guarantors' answers. Every
per-guarantor quantity is a dict keyed by the party's name, in the scenario's order of parties.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

if TYPE_CHECKING:
    from sim.model.packages import PackageArrays
    from sim.model.timeline import InForce
    from sim.schema.sampling import Streams
    from sim.schema.world import World

PerParty = dict[str, np.ndarray]
"""One array per guarantor, by name."""


def total(values):
    """The sum of arrays, left to right (the first term is not added to a zero: the same bits as a + b)."""
    return reduce(lambda a, b: a + b, values)


class ModelView(Protocol):
    """What the agents read of the model (`sim.model.model.DeterrenceModel` is one)."""

    n: int
    shape: tuple[int, ...]
    pk: PackageArrays
    now: InForce
    params: World
    params_all: World
    streams: Streams
    layout: Any
    guarantors: dict[str, Any]
    tripwire_believed: np.ndarray
    members: tuple[str, ...]  # the coalition's states (coalition: states), else empty
    leads: tuple[str, ...]  # its lead nations
    russia: Any
    active: np.ndarray


@dataclass(slots=True)
class Draws:
    """The month's random numbers, one (n,) array each (gathered to the live cells once compacted).

    Europe's and the US's come from the model's monthly stream in the order they always had; another
    party's from a stream of its own, keyed by its name, so adding a party shifts no other draw.
    """

    resolve: PerParty  # each guarantor's resolve shock, on the logit scale
    response: PerParty  # whether each guarantor answers a probe, or fights an attack
    pressure: np.ndarray  # Russia's domestic pressure shock
    attack: np.ndarray  # whether Russia attacks, and how (limited or full)
    probe: np.ndarray  # whether a world that does not attack probes
    detection: np.ndarray  # whether a probe is detected
    incident: np.ndarray  # whether an answered probe turns into an incident with casualties
    war: np.ndarray  # whether an offensive succeeds
    sanctions: np.ndarray  # whether sanctions snap back after a major violation
    front: np.ndarray  # the front's shock in a war month (standard normal; from the war's own stream)
    threat: np.ndarray  # whether nuclear threats begin
    use: np.ndarray  # whether nuclear use comes (an assumption's exposure)
    end: np.ndarray  # whether a war ends in a ceasefire
    talks: tuple[np.ndarray, np.ndarray] | None = None  # whether Russia, Ukraine accept (start: war)


@dataclass(slots=True)
class Theatre:
    """What an offensive would meet, as Russia or the battlefield sees it this month."""

    local_defence: np.ndarray  # Ukraine's own defence, with backstop multipliers
    troops_power: PerParty  # combat power of each guarantor's troops already in Ukraine
    reaction: PerParty  # days for each guarantor's other forces to arrive
    weight: PerParty  # combat power each guarantor brings if it fights (beyond troops in Ukraine)
    penalty: np.ndarray  # separation and lost surprise, in log-odds of success


@dataclass(slots=True)
class Move:
    """Russia's move this month, world by world, and what the guarantors' answers depend on."""

    limited: np.ndarray  # a limited offensive
    full: np.ndarray  # a full invasion (at the end of a build-up)
    probe: np.ndarray  # a grey-zone probe (only where there is no attack)
    detect: np.ndarray  # the chance a probe is detected
    engaged: PerParty  # each guarantor's engagement (only an engaged guarantor answers or fights)
    utility: np.ndarray  # expected utility of the offensive chosen (else of the better one)
    believed: PerParty  # Russia's believed resolve of each guarantor when it chose
    buildup: np.ndarray  # a build-up to a full invasion begins
    stand_down: np.ndarray  # a build-up ends without an invasion
    widen: np.ndarray  # a limited war becomes a full invasion (the ladder's first step)

    @property
    def attack(self) -> np.ndarray:
        """An offensive of either kind."""
        return self.limited | self.full


@dataclass(slots=True)
class Answers:
    """How the guarantors answered this month's move, world by world."""

    detected: np.ndarray  # the probe was detected
    answered: PerParty  # each guarantor answered a detected probe
    incident: np.ndarray  # an answered probe turned into an incident with casualties
    fought: PerParty  # each guarantor fought an attack
