"""The machinery of the fact checks: its statistics, its verdicts and `deter validate --facts`."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from sim.cli import main
from sim.cli_args import FACT_NUMBERS
from sim.validation.checks import (
    VALIDATION_DIR,
    Fact,
    FactResult,
    Measure,
    facts_table,
    paired,
    rate_interaction,
    rate_ratio,
    unexpected,
)
from sim.validation.facts import FACTS


def test_rate_ratio_interval_covers_the_true_ratio_about_95_percent_of_the_time():
    rng = np.random.default_rng(3)
    time_a, time_b, true_ratio = 2000.0, 5000.0, 1.6
    covered = 0
    for _ in range(400):
        a = rng.poisson(0.02 * true_ratio * time_a)
        b = rng.poisson(0.02 * time_b)
        value, low, high = rate_ratio(a, time_a, b, time_b)
        assert value == pytest.approx((a / time_a) / (b / time_b))
        covered += low <= true_ratio <= high
    assert 0.92 <= covered / 400 <= 0.995  # exact intervals are a little conservative


def test_paired_difference_matches_ttest_rel_and_is_exact_without_variation():
    rng = np.random.default_rng(1)
    a, b = rng.random(500) < 0.6, rng.random(500) < 0.5
    mean, low, high = paired(a, b)
    ci = stats.ttest_rel(a.astype(float), b.astype(float)).confidence_interval(0.95)
    assert mean == pytest.approx(a.mean() - b.mean())
    assert (low, high) == pytest.approx((ci.low, ci.high))
    assert paired(np.ones(10), np.zeros(10)) == (1.0, 1.0, 1.0)


def measure(passed: bool, known: bool = False) -> Measure:
    value, low = (0.1, 0.05) if passed else (-0.1, -0.2)
    return Measure("x", "> 0", value, low, 0.2, "pp", passed, known)


def fact() -> Fact:
    return Fact(99, "test", "claim", "source", "none.yaml", lambda runs: [])


def test_a_result_unlike_its_documentation_is_flagged():
    f = fact()
    assert not unexpected([FactResult(f, [measure(True)])])
    assert unexpected([FactResult(f, [measure(True), measure(False)])])  # a comparison broke
    assert not unexpected([FactResult(f, [measure(False, known=True), measure(True)])])
    flagged = unexpected([FactResult(f, [measure(True, known=True), measure(True)])])
    assert flagged and "now holds" in flagged[0].differences()[0]  # update the documentation


def test_table_marks_known_failures():
    table = facts_table([FactResult(fact(), [measure(False, known=True), measure(True), measure(False)])])
    assert table["result"].tolist() == ["FAIL (known)", "pass", "FAIL"]
    assert table["measured [95%]"].iloc[0] == "-10.0 pp [-20.0, +20.0]"


def test_each_fact_has_a_commented_scenario_and_each_check_an_existing_one():
    assert [f.number for f in FACTS] == list(range(1, 25)) == list(FACT_NUMBERS)
    for f in FACTS:
        text = (VALIDATION_DIR / f.scenario).read_text()
        if f.number <= 10:
            assert text.startswith(f"# Stylised fact {f.number} (docs/domain.md)"), f.scenario
        if f.number >= 14 and not f.scenario.startswith(
            ".."
        ):  # the checks' own scenarios say which they serve
            assert text.startswith("# Check"), f.scenario


def test_validate_facts_prints_the_table_and_exits_0_when_as_documented(capsys):
    code = main(["validate", "--facts", "--fact", "10", "--workers", "1"])
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["fact", "comparison"]
    assert "10. A guarantor can defect" in lines[1] and lines[1].rstrip().endswith("pass")
    assert "fact 10: A guarantor can defect" in err  # progress goes to stderr


def test_rate_interaction_matches_the_rates_and_their_poisson_variance():
    value, low, high = rate_interaction([(50, 1000.0), (20, 1000.0)], [(30, 1000.0), (10, 1000.0)])
    assert value == pytest.approx(0.03)
    half = 1.959964 * np.sqrt(110) / 1000
    assert (low, high) == pytest.approx((0.03 - half, 0.03 + half), rel=1e-5)


def test_validate_facts_reads_another_scenarios_folder_and_names_a_missing_one(tmp_path, capsys):
    assert main(["validate", "--facts", "--fact", "2", "--scenarios", str(tmp_path)]) == 2
    assert "fact02_early_peak.yaml: validation scenario not found" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give scenario or sweep files, or --facts"),
        (("scenarios/baseline.yaml", "--fact", "3"), "--fact N goes with --facts"),
        (("scenarios/baseline.yaml", "--workers", "2"), "--workers goes with --facts"),
        (("--facts", "--fact", "25"), "invalid choice"),
    ],
)
def test_validate_without_work_or_with_a_stray_fact_exits_2_in_one_line(args, message, capsys):
    try:
        code = main(["validate", *map(str, args)])
    except SystemExit as exit_:  # the option parser's errors
        code = exit_.code
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1
