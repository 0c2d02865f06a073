"""The levers: guarantee components a package is composed of (EMA Workbench's 'levers').

Each component has a `cost_bn_per_year` with a default and its basis, so packages can be compared
per euro. What each component does to the agents is in `sim/packages.py`.
"""

from sim.components.commitments import (
    ArmsSupport,
    DefencePledge,
    EuMembership,
    NatoMembership,
    SanctionsSnapback,
)
from sim.components.forces import BufferZone, ReassuranceForce, UsBackstop
from sim.components.kinds import Party, Posture, Strength
from sim.params import Component

COMPONENTS: dict[str, type[Component]] = {
    "reassurance_force": ReassuranceForce,
    "defence_pledge": DefencePledge,
    "us_backstop": UsBackstop,
    "buffer_zone": BufferZone,
    "arms_support": ArmsSupport,
    "sanctions_snapback": SanctionsSnapback,
    "eu_membership": EuMembership,
    "nato_membership": NatoMembership,
}

__all__ = [
    "COMPONENTS",
    "ArmsSupport",
    "BufferZone",
    "DefencePledge",
    "EuMembership",
    "NatoMembership",
    "Party",
    "Posture",
    "ReassuranceForce",
    "SanctionsSnapback",
    "Strength",
    "UsBackstop",
]
