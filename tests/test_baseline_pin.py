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
PINNED = {  # package: (ceasefires that came, peace held, direct wars, Russian first gains, months at war,
    # renewed wars, nuclear threats, the months at which the ceasefires came, summed), of 2,000 worlds
    "none": (1979, 1343, 48, 379, 91136, 1090, 210, 80836),
    "arms_only": (1710, 1388, 12, 165, 127917, 662, 863, 91098),
    "force_rear": (1304, 1263, 69, 22, 183518, 75, 129, 99622),
    "force_tripwire": (1322, 1281, 68, 19, 182586, 75, 128, 100817),
    "pledge_only": (1971, 1422, 142, 326, 96251, 924, 230, 86681),
    "us_backstop_force": (1041, 1026, 68, 9, 199386, 27, 133, 84191),
    "buffer_zone": (1979, 1481, 43, 278, 88682, 884, 143, 80836),
    "combined": (97, 97, 12, 0, 236670, 0, 1396, 8310),
    "eu_membership": (1978, 1695, 212, 186, 82586, 465, 152, 78529),
    "nato": (212, 212, 77, 0, 233889, 0, 143, 19329),
    "nato_then_force": (1032, 1020, 66, 7, 201448, 21, 132, 85194),
    "force_then_pledge": (1801, 1646, 61, 73, 126568, 291, 431, 101680),
    "pledge_arms_force_later": (1736, 1460, 80, 141, 122002, 550, 824, 88556),
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
    runs = runs.assign(to_ceasefire=runs["ceasefire_month"].fillna(0).astype(int))
    columns = ["accepted", "peace", "direct_war", "russia_gained", "war_months", "wars", "nuclear_threat",
               "to_ceasefire"]  # fmt: skip
    counts = runs.groupby("package", observed=True, sort=False)[columns].sum()
    return {name: tuple(int(v) for v in row) for name, row in counts.iterrows()}


def test_the_baseline_packages_are_the_pinned_ones(counts):
    assert list(counts) == list(PINNED), WHAT_TO_CHECK


@pytest.mark.parametrize("package", list(PINNED))
def test_the_baseline_figures_are_pinned(counts, package):
    assert counts[package] == PINNED[package], (
        f"{package}: {counts[package]} != {PINNED[package]}: {WHAT_TO_CHECK}"
    )
