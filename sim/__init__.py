"""Deterrence scenario simulator: security guarantees for Ukraine after a ceasefire.

Python API::

    from sim import load_scenario, run_scenario
    scenario = load_scenario("scenarios/baseline.yaml", overrides={"world.europe.resolve": 0.2})
    result = run_scenario(scenario, runs=2000, seed=1)
    result.summary  # one row per package; result.runs: one row per package and world
"""

from importlib import import_module

_EXPORTS = {
    "DeterrenceModel": "sim.model.model",
    "RunResult": "sim.execution.runner",
    "run_scenario": "sim.execution.runner",
    "Scenario": "sim.schema.scenario",
    "ScenarioError": "sim.errors",
    "load_scenario": "sim.schema.scenario",
    "scenario_from_dict": "sim.schema.scenario",
    "run_sweep": "sim.execution.sweep_run",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    """Import the public API on first use, so that `deter --help` starts fast."""
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
