"""Shared fixtures."""

from __future__ import annotations

import pytest

from sim.scenario import Scenario
from tests.helpers import make_scenario


@pytest.fixture
def small() -> Scenario:
    return make_scenario()
