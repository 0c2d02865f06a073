"""The headline figures, pinned: the baseline scenario at 2,000 worlds and its own seed, counted exactly.

These counts move only when the model's behaviour moves. A refactor must leave them alone. If a model
change moves them on purpose, check before updating them: that `deter validate --facts` still passes,
that the move has the direction the change intends, and that the closing note says how and why the
headline table moved; then regenerate the README (`make readme`) and update the counts below.
"""

from pathlib import Path

import pytest

from sim import load_scenario, run_scenario

ROOT = Path(__file__).resolve().parents[1]
RUNS = 2000
PINNED = {  # package: (ceasefires accepted, peace held, direct wars, Russian first gains, months at war,
    # renewed wars, nuclear threats), of 2,000 worlds
    "none": (1715, 835, 22, 472, 10540, 2242, 140),
    "arms_only": (1486, 1062, 11, 191, 3142, 1044, 6),
    "force_rear": (517, 393, 33, 75, 1157, 275, 35),
    "force_tripwire": (517, 405, 32, 60, 1086, 266, 32),
    "pledge_only": (1616, 818, 220, 422, 8199, 2006, 196),
    "us_backstop_force": (359, 310, 14, 29, 307, 99, 9),
    "buffer_zone": (1715, 950, 13, 416, 7243, 1914, 54),
    "combined": (44, 42, 1, 0, 31, 9, 0),
    "eu_membership": (1581, 1066, 360, 320, 2605, 1015, 206),
    "nato": (49, 49, 0, 0, 0, 0, 0),
}
WHAT_TO_CHECK = (
    "the baseline's headline figures moved. A refactor must not move them. If a model change moved "
    "them on purpose: run `deter validate --facts`, check the direction of the move, explain it in the "
    "closing note, then `make readme` and update PINNED in tests/test_baseline_pin.py"
)


@pytest.fixture(scope="module")
def counts():
    result = run_scenario(load_scenario(ROOT / "scenarios" / "baseline.yaml"), runs=RUNS, workers=2)
    runs = result.runs.assign(peace=result.runs["accepted"] & ~result.runs["aggression"])
    columns = ["accepted", "peace", "direct_war", "russia_gained", "war_months", "wars", "nuclear_threat"]
    counts = runs.groupby("package", observed=True, sort=False)[columns].sum()
    return {name: tuple(int(v) for v in row) for name, row in counts.iterrows()}


def test_the_baseline_packages_are_the_pinned_ones(counts):
    assert list(counts) == list(PINNED), WHAT_TO_CHECK


@pytest.mark.parametrize("package", list(PINNED))
def test_the_baseline_figures_are_pinned(counts, package):
    assert counts[package] == PINNED[package], (
        f"{package}: {counts[package]} != {PINNED[package]}: {WHAT_TO_CHECK}"
    )
