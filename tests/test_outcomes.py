"""Summary statistics: the fast sufficient-statistics path equals scipy's reference results."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sim.results.outcomes import survival
from sim.results.summary import chunk_stats, combine, paired_interval, summary_from_stats, wilson


def fake_out(months_by_package, rejected=()):
    """Outcome arrays as the model returns them, from lists of months (None: no aggression).

    `rejected`: (package, world) pairs where Russia rejected the ceasefire (no aggression there).
    """
    months = np.array([[0 if m is None else m for m in ms] for ms in months_by_package])
    aggression = months > 0
    shape = months.shape
    accepted = np.ones(shape, bool)
    for p, w in rejected:
        accepted[p, w], aggression[p, w], months[p, w] = False, False, 0
    return {
        "accepted": accepted,
        "scored": accepted.copy(),  # start: ceasefire: the decade is scored where the ceasefire took effect
        "ceasefire_month": np.zeros(shape, np.int16),
        "offer_accepted": np.broadcast_to(np.arange(shape[0], dtype=np.int16)[:, None], shape).copy(),
        "aggression": aggression,
        "month": months.astype(np.int16),
        "kind": np.where(aggression, 2, 0).astype(np.int16),
        "direct_war": aggression & (months < 3),
        "russia_gained": np.zeros(shape, bool),
        "deliberate": aggression & (months % 2 == 0),
        "probes": np.full(shape, 2, np.int16),
        "force_withdrawn": np.zeros(shape, bool),
        **decade(months, accepted, aggression),
    }


def decade(months, accepted, aggression, horizon=8):
    """Decade outcomes consistent with the months: a war of (month % 3 + 1) months after each attack."""
    war = np.where(aggression, np.minimum(months % 3 + 1, horizon - months + 1), 0).astype(np.int16)
    return {
        "peace_months": np.where(accepted, horizon - war, 0).astype(np.int16),
        "war_months": war,
        "direct_war_months": np.where(aggression & (months < 3), 1, 0).astype(np.int16),
        "wars": aggression.astype(np.int16),
        "nuclear_threat": aggression & (months == 4),
        "nuclear_use": np.zeros(months.shape, bool),
        "capitulated": np.zeros(months.shape, bool),
        "territory_lost": np.where(accepted, 0.25 * war, np.nan),
        "casualties_ukraine": np.where(accepted, 10.0 * war, np.nan),
        "casualties_russia": np.where(accepted, 25.0 * war, np.nan),
        "cost_bn": np.where(accepted, 0.75 * (horizon - war), np.nan),
    }


def test_wilson_matches_scipy_binomtest():
    for k, n in [(0, 10), (50, 100), (99, 100), (3, 7), (5000, 10000)]:
        ci = stats.binomtest(k, n).proportion_ci(0.95, method="wilson")
        low, high = wilson(np.array([k]), np.array([n]))
        assert low[0] == pytest.approx(ci.low, abs=1e-12) and high[0] == pytest.approx(ci.high, abs=1e-12)


def test_paired_interval_matches_scipy_ttest_rel():
    rng = np.random.default_rng(0)
    a, b = rng.random(300) < 0.6, rng.random(300) < 0.4
    d = a.astype(int) - b.astype(int)
    mean, low, high = paired_interval(np.array([d.sum()]), np.array([(d * d).sum()]), np.array([300]))
    ci = stats.ttest_rel(a.astype(float), b.astype(float)).confidence_interval(0.95)
    assert mean[0] == pytest.approx(d.mean())
    assert low[0] == pytest.approx(ci.low) and high[0] == pytest.approx(ci.high)


def test_median_and_rmst_match_kaplan_meier_from_scipy():
    rng = np.random.default_rng(1)
    horizon = 24
    months = rng.integers(1, 40, 500)
    months[months > horizon] = 0  # not yet by the horizon: censored there
    out = fake_out([months.tolist()])
    table = chunk_stats(out, ["a"], 0, np.zeros(500, np.int64), 1, horizon)
    summary = summary_from_stats(table, horizon)
    sf = survival(months, months > 0, horizon)
    below = np.nonzero(sf.probabilities <= 0.5)[0]
    km_median = sf.quantiles[below[0]] if below.size else np.nan
    times = np.clip(np.concatenate([[0.0], sf.quantiles, [horizon]]), 0, horizon)
    km_rmst = np.sum(np.concatenate([[1.0], sf.probabilities]) * np.diff(times))
    assert summary["median_months_to_aggression"][0] == pytest.approx(km_median, nan_ok=True)
    assert summary["rmst_months"][0] == pytest.approx(km_rmst)


def test_summary_rates_reference_and_points():
    # two points of two worlds each; package 0 is the reference
    out = fake_out([[1, None, 2, None], [None, 5, None, None]])
    point = np.array([0, 0, 1, 1])
    table = combine([chunk_stats(out, ["none", "force"], 0, point, 2, 12)])
    s = summary_from_stats(table, 12).set_index(["point", "package"])
    assert s.loc[(0, "none"), "deterrence_rate"] == 0.5 and s.loc[(1, "force"), "deterrence_rate"] == 1.0
    assert s.loc[(1, "force"), "diff_vs_reference"] == pytest.approx(0.5)
    assert s.loc[(0, "force"), "diff_vs_reference"] == 0.0  # one better, one worse
    assert s.loc[(0, "none"), "direct_war_rate"] == 0.5
    assert s.loc[(0, "none"), "median_months_to_aggression"] == 1.0
    assert np.isnan(s.loc[(1, "force"), "median_months_to_aggression"])
    assert s.loc[(1, "force"), "rmst_months"] == pytest.approx(12.0)
    # point 1 of none: one attack, in month 2 (even: deliberate); point 0: one in month 1 (not)
    assert s.loc[(1, "none"), "deliberate_share"] == 1.0 and s.loc[(0, "none"), "deliberate_share"] == 0.0


def test_statistics_add_up_across_chunks():
    out = fake_out([[1, None, 3, 4, None, 6], [None, None, 3, None, 5, None]])
    point = np.array([0, 0, 0, 1, 1, 1])
    whole = summary_from_stats(combine([chunk_stats(out, ["a", "b"], 0, point, 2, 8)]), 8)
    first = {k: v[:, :4] for k, v in out.items()}
    second = {k: v[:, 4:] for k, v in out.items()}
    parts = [
        chunk_stats(first, ["a", "b"], 0, point[:4], 2, 8),
        chunk_stats(second, ["a", "b"], 0, point[4:], 2, 8),
    ]
    split = summary_from_stats(combine(parts), 8)
    key = ["point", "package"]
    pd.testing.assert_frame_equal(
        whole.sort_values(key).reset_index(drop=True), split.sort_values(key).reset_index(drop=True)
    )


def test_decade_means_and_their_intervals_are_scipys_over_the_right_worlds():
    """The share of the decade at peace is over all worlds; months at war and ground over ceasefires."""
    out = fake_out([[1, None, 3, 4, None, 6, None, 2]], rejected=[(0, 1), (0, 6)])
    s = summary_from_stats(chunk_stats(out, ["a"], 0, np.zeros(8, dtype=int), 1, 8), 8).iloc[0]
    share = out["peace_months"][0] / 8.0
    ci = stats.ttest_1samp(share, 0).confidence_interval(0.95)
    assert s["peace_share"] == pytest.approx(share.mean())
    assert (s["peace_share_ci_low"], s["peace_share_ci_high"]) == pytest.approx(
        (max(ci.low, 0), min(ci.high, 1))
    )
    kept = out["accepted"][0]
    months = out["war_months"][0][kept].astype(float)
    ci = stats.ttest_1samp(months, 0).confidence_interval(0.95)
    assert s["war_months_mean"] == pytest.approx(months.mean())
    assert (s["war_months_ci_low"], s["war_months_ci_high"]) == pytest.approx((max(ci.low, 0), ci.high))
    assert s["territory_lost_mean"] == pytest.approx(np.mean(out["territory_lost"][0][kept]))
    assert s["nuclear_threat_rate"] == pytest.approx(1 / 6)  # of the six ceasefires


def test_deterrence_is_over_ceasefires_and_peace_over_all_worlds():
    """A rejected ceasefire is neither deterred nor attacked: it lowers the peace rate, not deterrence."""
    out = fake_out([[None, None, 5, None], [None, None, 5, None]], rejected=[(1, 0), (1, 1)])
    stats = chunk_stats(out, ["none", "vetoed"], 0, np.zeros(4, dtype=int), 1, 12)
    s = summary_from_stats(stats, 12).set_index("package")
    assert s.loc["none", "ceasefire_rate"] == 1.0 and s.loc["vetoed", "ceasefire_rate"] == 0.5
    assert s.loc["none", "deterrence_rate"] == 0.75 and s.loc["vetoed", "deterrence_rate"] == 0.5
    assert s.loc["none", "peace_rate"] == 0.75 and s.loc["vetoed", "peace_rate"] == 0.25
    assert s.loc["vetoed", "diff_vs_reference"] == -0.5  # paired on peace, over the same four worlds
    never = summary_from_stats(
        chunk_stats(
            fake_out([[None, None]], rejected=[(0, 0), (0, 1)]), ["nato"], 0, np.zeros(2, int), 1, 12
        ),
        12,
    )
    assert np.isnan(never["deterrence_rate"][0]) and never["peace_rate"][0] == 0.0


def test_a_paired_difference_of_shares_is_exact_when_few_worlds_differ():
    """Five worlds, all one way, of a thousand: the t interval calls it a difference, McNemar's does not."""
    from sim.results.summary import discordant_interval, mean_interval

    mean, low, high = discordant_interval(np.array([-5.0]), np.array([5.0]), np.array([1000.0]))
    assert mean[0] == -0.005 and low[0] == -0.005 and high[0] > 0  # tied
    assert stats.binomtest(0, 5).pvalue > 0.05  # the exact test agrees: not a difference
    assert mean_interval(np.array([-5.0]), np.array([5.0]), np.array([1000.0]))[2][0] < 0  # t: "differs"
    same = discordant_interval(np.array([0.0]), np.array([0.0]), np.array([1000.0]))
    assert [x[0] for x in same] == [0.0, 0.0, 0.0]  # no world differs: identical packages
    many = discordant_interval(np.array([-50.0]), np.array([150.0]), np.array([1000.0]))
    t = mean_interval(np.array([-50.0]), np.array([150.0]), np.array([1000.0]))
    assert abs(many[1][0] - t[1][0]) < 0.002 and abs(many[2][0] - t[2][0]) < 0.002  # many: as the t
