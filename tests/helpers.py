"""Small scenarios built in code for the tests."""

from __future__ import annotations

import signal
from pathlib import Path

import numpy as np
import pytest
import yaml

from sim.errors import ScenarioError
from sim.model.model import DeterrenceModel
from sim.schema.scenario import Scenario, scenario_from_dict

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


BASE = {
    "name": "base",
    "horizon_months": 36,
    "seed": 1,
    "packages": [
        {"name": "none"},
        {"name": "force", "reassurance_force": {"troops": 20000}},
        {"name": "force_copy", "reassurance_force": {"troops": 20000}},
        {"name": "force_twin", "reassurance_force": {"troops": 20000}},
    ],
}


def write_sweep(folder: Path, **fields) -> Path:
    doc = {
        "name": "t",
        "base": BASE,
        "design": "grid",
        "runs": 150,
        "seed": 5,
        "chunk_size": 100,
        "parameters": {
            "world.europe.resolve": {"values": [0.05, 0.9]},
            "packages.force.reassurance_force.troops": {"values": [1000, 60000]},
        },
    }
    doc.update(fields)
    path = folder / "sweep.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


def default_ctrl_c() -> None:
    """For subprocesses that a test interrupts: start with Ctrl-C handled, as from a terminal.

    A background job of a non-interactive shell (`make test &`, a CI runner) starts with SIGINT
    ignored, and its children inherit that; a Ctrl-C test would then test nothing. The signal mask is
    inherited too: a child started while the test process held SIGINT blocked (as the project's own
    code does for a moment, starting a fork server or importing the schema) would never see it.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


# ------------------------------------------------------------------ scripted worlds
FIXED_WORLD = {
    "europe": {"resolve": 0.6, "resolve_volatility": 0.0},
    "us": {"resolve": 0.5, "resolve_volatility": 0.0},
    "russia": {"ambition": 1.0, "max_power": 1.7, "pressure_volatility": 0.0},
    "war": {"limited_lead_months": 0},  # a scripted attack may come in month 1
}


class ScriptedRng:
    """Stands in for the model's generator: no shocks, and the uniforms we choose, month by month."""

    def __init__(self, months):
        self.months = list(months)

    def standard_normal(self, shape):
        return np.zeros(shape)

    def random(self, shape):
        row = np.array(self.months.pop(0), dtype=float)
        return np.broadcast_to(row[:, None], shape).copy()


NOTHING = [0.999] * 8  # no attack, no probe, nothing detected, nobody answers, no sanctions


def scripted(packages, months, world=FIXED_WORLD):
    """A one-world model whose monthly uniforms are the rows given (no normal shocks)."""
    scenario = make_scenario(packages, runs=1, world=world)
    model = DeterrenceModel(scenario, n=1, seed=1, trace_world=0)
    model.draws = ScriptedRng(months)
    model.horizon = len(months)  # the decade goes on after an attack: the script is the whole story
    return model


def model_of(packages, world=FIXED_WORLD, n=1, **kw) -> DeterrenceModel:
    """A model of n worlds (seed 1), before its first month, to inspect its agents."""
    return DeterrenceModel(make_scenario(packages, runs=n, world=world, **kw), n=n, seed=1)


FORCE = {"troops": 30000}


def scenario_doc(packages=None, world=None, **top) -> dict:
    """A small scenario document (as read from YAML), for schema-level tests."""
    out = {"name": "t", "runs": 100, "packages": packages or [{"name": "none"}], **top}
    if world is not None:
        out["world"] = world
    return out


def force_with(*events, **package) -> list[dict]:
    """One package with a reassurance force and these events, (action, month) or full mappings."""
    listed = [
        e if isinstance(e, dict) else {"component": "reassurance_force", "action": e[0], "month": e[1]}
        for e in events
    ]
    return [{"name": "a", "reassurance_force": FORCE, "events": listed, **package}]


def refused(document: dict, overrides=None) -> str:
    """The one-line message with which the schema refuses `document` (it must refuse it)."""
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(document, overrides, source="f.yaml")
    text = str(err.value)
    assert text.startswith("f.yaml: ") and "\n" not in text
    return text
