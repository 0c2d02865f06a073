"""Small scenarios built in code for the tests."""

from __future__ import annotations

from sim.scenario import Scenario, scenario_from_dict

PACKAGES = [
    {"name": "none"},
    {"name": "pledge", "defence_pledge": {"strength": "agreement", "parties": ["europe"]}},
    {"name": "force", "reassurance_force": {"troops": 30000}},
    {"name": "nato", "nato_membership": True},
]


def make_scenario(packages=None, runs: int = 2000, seed: int = 7, **extra) -> Scenario:
    """A small scenario with the default world."""
    doc = {"name": "test", "runs": runs, "seed": seed, "packages": packages or PACKAGES}
    doc.update(extra)
    return scenario_from_dict(doc)
