"""Summary statistics against hand-checkable cases."""

import numpy as np
import pandas as pd
import pytest

from sim.outcomes import km_median, paired_difference, rmst, summarise, survival, wilson


def runs_table(months_by_package, horizon=12):
    rows = []
    for name, months in months_by_package.items():
        for world, m in enumerate(months):
            rows.append(
                {
                    "package": name,
                    "world": world,
                    "aggression": m is not None,
                    "month": m,
                    "direct_war": m is not None and m < 3,
                    "russia_gained": False,
                    "kind": "limited" if m is not None else "none",
                    "probes": 2,
                    "force_withdrawn": False,
                }
            )
    table = pd.DataFrame(rows)
    table["month"] = table["month"].astype("Int16")
    table["package"] = pd.Categorical(table["package"], categories=list(months_by_package))
    return table


def test_wilson_interval_matches_known_values():
    low, high = wilson(0, 10)
    assert low == 0.0 and high == pytest.approx(0.2775, abs=1e-4)
    low, high = wilson(50, 100)
    assert low == pytest.approx(0.4038, abs=1e-4) and high == pytest.approx(0.5962, abs=1e-4)


def test_survival_median_and_rmst():
    months = np.array([2, 4, 6, 0, 0])
    aggression = np.array([True, True, True, False, False])
    sf = survival(months, aggression, horizon=10)
    assert km_median(sf) == 6.0  # survival 0.8, 0.6, 0.4 after months 2, 4, 6
    # area: 2 months at 1.0, 2 at 0.8, 2 at 0.6, 4 at 0.4
    assert rmst(sf, 10) == pytest.approx(2 + 1.6 + 1.2 + 1.6)
    never = survival(np.zeros(4), np.zeros(4, dtype=bool), horizon=10)
    assert np.isnan(km_median(never)) and rmst(never, 10) == pytest.approx(10.0)


def test_paired_difference_of_identical_and_shifted_arrays():
    a = np.array([True, False, True, True])
    assert paired_difference(a, a) == (0.0, 0.0, 0.0)
    mean, low, high = paired_difference(np.ones(200, bool), np.arange(200) % 2 == 0)
    assert mean == pytest.approx(0.5) and low < 0.5 < high


def test_summarise_rates_and_reference():
    table = runs_table({"none": [1, 2, None, None], "force": [None, 5, None, None]})
    s = summarise(table, 12, "none", {"none": 0.0, "force": 9.0}).set_index("package")
    assert s.loc["none", "deterrence_rate"] == 0.5 and s.loc["force", "deterrence_rate"] == 0.75
    assert s.loc["force", "diff_vs_reference"] == pytest.approx(0.25)
    assert s.loc["none", "diff_vs_reference"] == 0.0
    assert s.loc["none", "direct_war_rate"] == 0.5 and s.loc["force", "direct_war_rate"] == 0.0
    assert s.loc["force", "cost_bn_per_year"] == 9.0
    assert s.loc["none", "ci_low"] < 0.5 < s.loc["none", "ci_high"]
    assert s.loc["none", "median_months_to_aggression"] == 2.0
    assert np.isnan(s.loc["force", "median_months_to_aggression"])
