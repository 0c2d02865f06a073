"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sim.schema.scenario import Scenario
from sim.validation.checks import Runs
from tests.helpers import make_scenario


@pytest.fixture
def scenario(tmp_path) -> Path:
    """The hostile tests' small scenario (tests/hostile.py's SMALL), written to a file."""
    from tests.hostile import SMALL

    path = tmp_path / "small.yaml"
    path.write_text(yaml.safe_dump(SMALL, sort_keys=False))
    return path


@pytest.fixture
def small() -> Scenario:
    return make_scenario()


@pytest.fixture(scope="session")
def fact_runs() -> Runs:
    """Runs of the validation scenarios, each done once per test session (facts and docs share them)."""
    return Runs(workers=1)  # in-process: the other test worker has the second core


# The files that take longest, first: pytest-xdist hands out whole files (--dist loadfile) in
# collection order, so a long file collected last would run alone at the end while the other
# worker idles. Longest first keeps both workers busy (roughly measured CPU seconds, largest first).
LONGEST_FIRST = (
    "tests/test_hostile_signals.py",
    "tests/validation/test_facts.py",
    "tests/test_optimize.py",
    "tests/test_hostile_folders.py",
    "tests/test_reliability.py",
    "tests/test_sweep.py",
    "tests/test_explorer.py",
    "tests/test_discover.py",
    "tests/test_plots.py",
    "tests/test_robust.py",
    "tests/test_cohesion.py",
)


def pytest_collection_modifyitems(config, items):  # noqa: ARG001 - pytest's hook signature
    """Put the longest test files first; every file keeps its own order."""
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))
