"""Deterrence scenario simulator: security guarantees for Ukraine after a ceasefire.

Python API::

    from sim import load_scenario, run_scenario
    scenario = load_scenario("scenarios/baseline.yaml", overrides={"world.europe.resolve": 0.2})
    result = run_scenario(scenario, runs=2000, seed=1)
    result.summary  # one row per package; result.runs: one row per package and world
"""

from sim.model import DeterrenceModel
from sim.runner import RunResult, run_scenario
from sim.scenario import Scenario, ScenarioError, load_scenario
from sim.sweep_run import run_sweep

__all__ = [
    "DeterrenceModel",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "load_scenario",
    "run_scenario",
    "run_sweep",
]
