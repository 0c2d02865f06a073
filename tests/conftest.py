"""Shared fixtures."""

from __future__ import annotations

import pytest

from sim.schema.scenario import Scenario
from sim.validation.checks import Runs
from tests.helpers import make_scenario


@pytest.fixture
def small() -> Scenario:
    return make_scenario()


@pytest.fixture(scope="session")
def fact_runs() -> Runs:
    """Runs of the validation scenarios, each done once per test session (facts and docs share them)."""
    return Runs(workers=1)  # in-process: the other test worker has the second core
