"""Scenario files: every shipped file loads; every kind of bad input gets its clear error."""

from pathlib import Path

import pytest

from sim.errors import ScenarioError
from sim.schema.params import Beta, Normal, Triangular, Uniform
from sim.schema.sampling import Streams, draw_world
from sim.schema.scenario import load_scenario, scenario_from_dict
from sim.schema.world import World

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
MINIMAL = {"name": "x", "packages": [{"name": "a"}]}


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_every_shipped_scenario_loads(path):
    scenario = load_scenario(path)
    assert scenario.packages and scenario.reference_package in [p.name for p in scenario.packages]


def test_baseline_has_the_packages_of_the_debate():
    names = [p.name for p in load_scenario(ROOT / "scenarios" / "baseline.yaml").packages]
    assert len(names) >= 9 and "none" in names and "nato" in names


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({**MINIMAL, "runz": 5}, "runz: unknown key 'runz'; did you mean 'runs'"),
        ({**MINIMAL, "world": {"europe": {"resolve": 1.2}}}, "world.europe.resolve: 1.2 is outside"),
        ({**MINIMAL, "world": {"europe": {"casualty_aversion": -0.1}}}, "casualty_aversion"),
        ({**MINIMAL, "runs": 0}, "runs: 0 is outside"),
        ({**MINIMAL, "horizon_months": 0}, "horizon_months"),
        ({**MINIMAL, "runs": float("nan")}, "runs: NaN and infinities are not allowed"),
        ({"name": "x", "packages": []}, "packages"),
        ({"name": "x", "packages": [{"name": "a"}, {"name": "a"}]}, "repeated: a"),
        (
            {"name": "x", "packages": [{"name": "a", "reassurance_force": {"posture": "front"}}]},
            "packages.a.reassurance_force.posture",
        ),
        ({"name": "x", "packages": [{"name": "a", "peacekeepers": {}}]}, "unknown key 'peacekeepers'"),
        ({**MINIMAL, "world": {"us": {"resolve": {"dist": "gamma"}}}}, "unknown distribution"),
        (
            {**MINIMAL, "world": {"us": {"resolve": {"dist": "uniform", "low": 0.5, "high": 0.1}}}},
            "low < high",
        ),
        (
            {**MINIMAL, "world": {"us": {"resolve": {"dist": "uniform", "low": 0.5, "high": 1.5}}}},
            "outside the allowed range",
        ),
        ({**MINIMAL, "world": {"us": {"resolve": "high"}}}, "expected a number or a distribution"),
        ({**MINIMAL, "reference_package": "b"}, "reference_package 'b' is not a package"),
    ],
)
def test_bad_documents_give_one_line_naming_the_field(doc, message):
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(doc, source="f.yaml")
    text = str(err.value)
    assert message in text and text.startswith("f.yaml: ") and "\n" not in text


def test_missing_file_directory_and_malformed_yaml(tmp_path):
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario(tmp_path / "nope.yaml")
    with pytest.raises(ScenarioError, match="is a directory"):
        load_scenario(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\npackages:\n  - name: a\n   oops: [\n")
    with pytest.raises(ScenarioError, match=r"malformed YAML at line \d+, column \d+"):
        load_scenario(bad)


def test_python_tags_are_refused(tmp_path):
    evil = tmp_path / "evil.yaml"
    evil.write_text('!!python/object/apply:os.system ["echo pwned"]\n')
    with pytest.raises(ScenarioError, match="malformed YAML"):
        load_scenario(evil)


def test_overrides_set_fields_by_dotted_path():
    doc = {"name": "x", "packages": [{"name": "tripwire", "reassurance_force": {"troops": 5000}}]}
    s = scenario_from_dict(
        doc,
        [
            "world.europe.resolve=0.2",
            "packages.tripwire.reassurance_force.troops=10000",
            "packages.tripwire.buffer_zone.width_km=15",
            "world.us.resolve={dist: uniform, low: 0.1, high: 0.3}",
        ],
    )
    assert s.world.europe.resolve == 0.2
    assert s.packages[0].reassurance_force.troops == 10000
    assert s.packages[0].buffer_zone.width_km == 15  # a component absent before is created
    assert isinstance(s.world.us.resolve, Uniform)


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("world.europe.resolv=0.2", "did you mean 'resolve'"),
        ("packages.ghost.reassurance_force.troops=1", "no package named 'ghost'"),
        ("packages.a.reassurance_force.troops=lots", "troops"),
        ("world.europe.resolve", "expected PATH=VALUE"),
        ("world.europe.resolve.low=0.1", "a beta distribution has no 'low'; allowed: mean, sd"),
        ("world.russia.limited_value.mode=0.3", "'limited_value' is not a distribution here"),
        ("world.russia.ambition.mode=9", "mode <= high"),
        ("world.europe.resolve.mean.x=1", "has no sub-fields"),
        (
            "world.russia.risk_tolerance=0.3",
            "'world.russia.risk_tolerance' was renamed: use world.russia.cost_weight",
        ),
    ],
)
def test_bad_overrides(item, message):
    with pytest.raises(ScenarioError, match=message):
        scenario_from_dict(MINIMAL, [item])


def test_a_renamed_parameter_in_a_file_names_its_replacement():
    data = {**MINIMAL, "world": {"russia": {"risk_tolerance": 0.3}}}
    with pytest.raises(
        ScenarioError, match=r"world.russia.risk_tolerance was renamed: use world.russia.cost_weight"
    ):
        scenario_from_dict(data)


def test_an_override_moves_one_field_of_a_distribution_and_keeps_the_rest():
    """A sweep can move where a distribution lies (its mode, its mean) while worlds still differ."""
    s = scenario_from_dict(MINIMAL, ["world.russia.ambition.mode=2.0", "world.europe.resolve.mean=0.6"])
    default = World().russia.ambition
    assert s.world.russia.ambition == Triangular(
        dist="triangular", low=default.low, mode=2.0, high=default.high
    )
    assert s.world.europe.resolve.mean == 0.6 and s.world.europe.resolve.sd == World().europe.resolve.sd
    given = scenario_from_dict(
        MINIMAL, ["world.us.resolve={dist: uniform, low: 0.1, high: 0.5}", "world.us.resolve.high=0.9"]
    )
    assert given.world.us.resolve == Uniform(
        dist="uniform", low=0.1, high=0.9
    )  # the one given, not the default


@pytest.mark.parametrize(
    "dist",
    [
        Uniform(dist="uniform", low=0.2, high=0.4),
        Triangular(dist="triangular", low=0.1, mode=0.2, high=0.6),
        Beta(dist="beta", mean=0.3, sd=0.1),
        Normal(dist="normal", mean=0.9, sd=0.3),
    ],
    ids=lambda d: d.dist,
)
def test_distributions_draw_within_the_field_range_with_the_right_centre(dist):
    world = World.model_validate({"europe": {"resolve": dist.model_dump()}})
    values = draw_world(world, 20000, Streams(5))["europe.resolve"]
    assert values.shape == (20000,) and values.min() >= 0 and values.max() <= 1
    if isinstance(dist, Beta):
        assert values.mean() == pytest.approx(0.3, abs=0.005)
        assert values.std() == pytest.approx(0.1, abs=0.005)
    if isinstance(dist, Uniform):
        assert values.min() >= 0.2 and values.max() <= 0.4
    if isinstance(dist, Normal):  # truncated at 1: the mean falls below 0.9
        assert values.max() <= 1.0 and values.mean() < 0.9


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_every_shipped_scenario_runs_with_its_reference_first_and_in_range(path):
    from sim.execution.runner import run_scenario

    scenario = load_scenario(path)
    summary = run_scenario(scenario, runs=300, workers=1).summary.set_index("package")
    assert summary.loc[scenario.reference_package, "diff_vs_reference"] == 0.0
    assert summary["deterrence_rate"].between(0, 1).all() and len(summary) == len(scenario.packages)
