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
PINNED = {  # package: (worlds deterred, direct wars with a guarantor, Russian gains), of 2,000
    "none": (886, 0, 567),
    "arms_only": (1340, 0, 294),
    "force_rear": (1270, 208, 395),
    "force_tripwire": (1324, 205, 379),
    "pledge_only": (939, 146, 532),
    "us_backstop_force": (1519, 108, 285),
    "buffer_zone": (1034, 0, 510),
    "combined": (1936, 25, 29),
    "eu_membership": (1272, 408, 439),
    "nato": (2000, 0, 0),
}
WHAT_TO_CHECK = (
    "the baseline's headline figures moved. A refactor must not move them. If a model change moved "
    "them on purpose: run `deter validate --facts`, check the direction of the move, explain it in the "
    "closing note, then `make readme` and update PINNED in tests/test_baseline_pin.py"
)


@pytest.fixture(scope="module")
def counts():
    result = run_scenario(load_scenario(ROOT / "scenarios" / "baseline.yaml"), runs=RUNS, workers=2)
    rows = result.summary.set_index("package")
    return {
        name: tuple(int(round(rows.loc[name, column] * RUNS)) for column in
                    ("deterrence_rate", "direct_war_rate", "russia_gain_rate"))
        for name in rows.index
    }  # fmt: skip


def test_the_baseline_packages_are_the_pinned_ones(counts):
    assert list(counts) == list(PINNED), WHAT_TO_CHECK


@pytest.mark.parametrize("package", list(PINNED))
def test_the_baseline_figures_are_pinned(counts, package):
    assert counts[package] == PINNED[package], (
        f"{package}: {counts[package]} != {PINNED[package]}: {WHAT_TO_CHECK}"
    )
