"""The levers: guarantee components a package is composed of (EMA Workbench's 'levers').

Each component has a `cost_bn_per_year` with a default and its basis, so packages can be compared
per euro. What each component does to the agents is in `sim/model/packages.py`.
"""

from sim.schema.components.commitments import (
    ArmsSupport,
    DefencePledge,
    EuMembership,
    NatoMembership,
    SanctionsSnapback,
)
from sim.schema.components.forces import BufferZone, ReassuranceForce, UsBackstop
from sim.schema.components.kinds import Party, Posture, Strength
from sim.schema.params import Component

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
