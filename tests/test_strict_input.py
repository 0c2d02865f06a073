"""Nothing silently wrong in a scenario: contradictions, broken distributions, loose types, our words.

Schema-level only (no model runs): each class of issue 30's findings 2, 3, 7 and 9 and issue 26's
item 5 (messages, percentages, packages taken from another file), each with its cousins.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import yaml

from sim.errors import ScenarioError
from sim.schema.design import load_sweep
from sim.schema.params import MAX_SD_RANGES, Normal
from sim.schema.scenario import load_scenario, scenario_from_dict
from tests.helpers import FORCE, force_with, refused
from tests.helpers import scenario_doc as doc

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
PYDANTIC_WORDS = re.compile(
    r"str-enum|function-after|function-before|tagged-union|\[key\]|Input should|String should|"
    r"Field required|Value error|\^\[|\]\+\$|dict\[|list\["
)


# --------------------------------------------------------------------------- 1. contradictions


@pytest.mark.parametrize(
    ("zone", "field"),
    [
        ({"armed": False, "armed_provider": "us"}, "armed_provider us"),
        ({"armed": False, "armed_provider": {"europe": 0.5, "us": 0.5}}, "armed_provider {europe: 0.5"),
        ({"armed": False, "armed_troops": 20000}, "armed_troops 20000"),
        ({"armed": False, "armed_penalty": 0.9}, "armed_penalty 0.9"),
    ],
)
def test_an_unarmed_zone_with_settings_of_an_armed_force_is_refused(zone, field):
    text = refused(doc([{"name": "a", "buffer_zone": zone}]))
    assert f"buffer_zone: {field}" in text and "goes with armed: true" in text


def test_an_armed_zone_or_an_unarmed_one_at_the_defaults_is_accepted():
    armed = scenario_from_dict(doc([{"name": "a", "buffer_zone": {"armed": True, "armed_provider": "us"}}]))
    zone = armed.package("a").buffer_zone
    assert zone.armed is True and zone.armed_provider == "us"
    plain = {"armed": False, "armed_provider": "europe"}  # the default provider, written out: nothing ignored
    unarmed = scenario_from_dict(doc([{"name": "a", "buffer_zone": plain}])).package("a").buffer_zone
    assert unarmed.armed is False and unarmed.armed_provider == "europe"


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_scenario_survives_its_own_manifest(path):
    """A scenario as stored (every default written out) validates again: rerun and sweeps rely on it."""
    scenario = load_scenario(path)
    again = scenario_from_dict(scenario.model_dump(mode="json"))
    assert again == scenario


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([("withdraw", 6), ("withdraw", 12)], "has already ended"),
        ([("withdraw", 12), ("withdraw", 6)], "'withdraw reassurance_force at month 12' changes nothing"),
        ([("deploy", 6), ("deploy", 12)], "is already in force"),
        ([("deploy", 6), ("start", 12)], "is already in force"),
        ([("deploy", 6), ("withdraw", 12), ("stop", 24)], "has already ended"),
        (
            [
                {"component": "reassurance_force", "action": "scale", "month": 6, "factor": 0.5},
                {"component": "reassurance_force", "action": "scale", "month": 12, "factor": 0.5},
            ],
            "already at 0.5×",
        ),
        (
            [{"component": "reassurance_force", "action": "scale", "month": 6, "factor": 1}],
            "already at 1× (its declared size)",
        ),
        (  # on one clock (elections of one guarantor) the order is known too
            [
                {"component": "reassurance_force", "action": "withdraw", "election": "us", "nth": 1},
                {"component": "reassurance_force", "action": "withdraw", "election": "us", "nth": 2},
            ],
            "has already ended",
        ),
    ],
)
def test_an_event_that_changes_nothing_is_refused(events, message):
    text = refused(doc(force_with(*events)))
    assert "package a: event" in text and "changes nothing" in text and message in text


def test_a_pledge_ratified_twice_is_refused():
    events = [{"component": "defence_pledge", "action": "ratify", "month": m} for m in (6, 12)]
    package = {"name": "a", "defence_pledge": {"strength": "treaty"}, "events": events}
    assert "the pledge is already ratified" in refused(doc([package]))


def test_a_fixed_election_month_orders_events_against_months():
    # the US's first election is at month 34 by default: a withdrawal there after one at month 12
    events = [("withdraw", 12), {"component": "reassurance_force", "action": "stop", "election": "us"}]
    assert "has already ended" in refused(doc(force_with(*events)))


@pytest.mark.parametrize(
    "events",
    [
        [("deploy", 6), ("withdraw", 12), ("deploy", 24)],  # back again
        [("withdraw", 6), ("deploy", 12)],
        [
            {"component": "reassurance_force", "action": "scale", "month": 6, "factor": 0.5},
            {"component": "reassurance_force", "action": "withdraw", "month": 12},
            {"component": "reassurance_force", "action": "scale", "month": 18, "factor": 1},
        ],
    ],
)
def test_events_that_each_change_something_are_accepted(events):
    scenario = scenario_from_dict(doc(force_with(*events)))
    assert len(scenario.package("a").events) == len(events)  # every event kept, none refused


def test_order_unknown_when_an_election_month_is_drawn_is_not_refused():
    drawn = {"us": {"first_election_month": {"dist": "uniform", "low": 6, "high": 30}}}
    events = [("withdraw", 12), {"component": "reassurance_force", "action": "withdraw", "election": "us"}]
    scenario = scenario_from_dict(doc(force_with(*events), world=drawn))  # before month 12 in some worlds
    assert [e.action.value for e in scenario.package("a").events] == ["withdraw", "withdraw"]


def test_imposed_without_the_veto_is_meaningful_and_defined():
    package = {"name": "a", "imposed": True, "reassurance_force": FORCE}
    scenario = scenario_from_dict(
        doc([{"name": "b", "reassurance_force": FORCE}, package], russia_veto=False)
    )
    assert scenario.package("a").imposed is True
    described = type(scenario).model_fields["russia_veto"].description
    assert "imposed is still imposed" in described and "grievance" in described


# --------------------------------------------------------------------------- 2. distributions


@pytest.mark.parametrize("sd", [1e15, 1e17, 1e20, 1e300])
def test_a_normal_far_wider_than_its_field_is_refused_with_the_range(sd):
    text = refused(doc(world={"europe": {"resolve": {"dist": "normal", "mean": 0.5, "sd": sd}}}))
    assert "world.europe.resolve: normal sd" in text and "range [0, 1]" in text and "at most 10" in text
    text = refused(doc(world={"russia": {"acceptance": {"base": {"dist": "normal", "mean": 0, "sd": sd}}}}))
    assert "range [-10, 10]" in text and "at most 200" in text


@pytest.mark.parametrize("ranges", [1e-3, 0.3, 1, MAX_SD_RANGES])
@pytest.mark.parametrize(("low", "high", "mean"), [(0, 1, 0.5), (0, 1, 0.0), (-10, 10, 9.9), (1, 240, 30)])
def test_every_normal_allowed_draws_inside_its_range_and_varies(ranges, low, high, mean):
    normal = Normal(dist="normal", mean=mean, sd=ranges * (high - low))
    normal.check_scale(low, high)
    x = normal.draw(np.random.default_rng(3), 4000, low, high)
    assert np.isfinite(x).all() and x.min() >= low and x.max() <= high
    assert np.unique(x).size > 3000  # the uncertainty is kept, not collapsed onto the mean


@pytest.mark.parametrize("sd", [1e-13, 1e-160, 1e-200, 5e-324])
def test_a_beta_too_narrow_to_draw_is_one_line_not_a_traceback(sd):
    text = refused(doc(world={"europe": {"resolve": {"dist": "beta", "mean": 0.5, "sd": sd}}}))
    assert "beta sd" in text and "too small for the field's range [0, 1]" in text


@pytest.mark.parametrize(
    "dist",
    [
        {"dist": "uniform", "low": -1e300, "high": 1e300},
        {"dist": "triangular", "low": 0, "mode": 0.5, "high": 1e308},
        {"dist": "beta", "mean": 1e300, "sd": 0.1},
        {"dist": "normal", "mean": -1e300, "sd": 0.1},
    ],
)
def test_distributions_reaching_past_the_field_are_refused(dist):
    assert "outside the allowed range [0, 1]" in refused(doc(world={"europe": {"resolve": dist}}))


def test_a_sweep_cannot_move_a_normal_to_an_absurd_scale(tmp_path):
    base = doc(world={"europe": {"resolve": {"dist": "normal", "mean": 0.5, "sd": 0.1}}})
    sweep = {
        "name": "s",
        "base": base,
        "design": "grid",
        "parameters": {"world.europe.resolve.sd": {"values": [0.1, 1e17]}},
    }
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(sweep))
    with pytest.raises(ScenarioError, match="too large for the field's range"):
        load_sweep(path)


# --------------------------------------------------------------------------- 3. loose types


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ({"action": "withdraw", "month": True}, "events.0.month: expected a number, got true"),
        ({"action": "withdraw", "month": "12"}, "events.0.month: '12' is text to YAML"),
        ({"action": "withdraw", "after_ceasefire": "12"}, "events.0.after_ceasefire: '12' is text"),
        ({"action": "withdraw", "election": "us", "nth": "2"}, "events.0.nth: '2' is text"),
        (
            {"action": "withdraw", "election": "us", "nth": False},
            "events.0.nth: expected a number, got false",
        ),
        ({"action": "scale", "month": 3, "factor": "0.5"}, "events.0.factor: '0.5' is text"),
        ({"action": "withdraw", "month": 2.5}, "events.0.month: expected a whole number, got 2.5"),
    ],
)
def test_event_numbers_are_strict(event, message):
    assert message in refused(doc(force_with({"component": "reassurance_force", **event})))


@pytest.mark.parametrize(
    ("package", "message"),
    [
        (
            {"reassurance_force": {"provider": {"europe": "0.5", "us": 0.5}}},
            "provider: europe: '0.5' is text",
        ),
        (
            {"reassurance_force": {"provider": {"europe": True}}},
            "provider: europe: expected a number, got true",
        ),
        ({"buffer_zone": {"armed": True, "armed_provider": {"us": "1"}}}, "armed_provider: us: '1' is text"),
        ({"terms": {"army_limit": "0.7"}}, "terms.army_limit: '0.7' is text"),
        ({"terms": {"recognition": "yes"}}, "terms.recognition: expected true or false, got 'yes'"),
        ({"offers": [{"after_months": "12", "package": "none"}]}, "offers.0.after_months: '12' is text"),
        ({"offers": [{"after_months": True, "package": "none"}]}, "expected a number, got true"),
    ],
)
def test_package_numbers_and_flags_are_strict(package, message):
    assert message in refused(doc([{"name": "none"}, {"name": "a", **package}], start="war"))


@pytest.mark.parametrize(
    ("dist", "message"),
    [
        ({"dist": "uniform", "low": "0.1", "high": 0.5}, "resolve.low: '0.1' is text"),
        ({"dist": "uniform", "low": False, "high": 0.5}, "resolve.low: expected a number, got false"),
        ({"dist": "beta", "mean": 0.5, "sd": "0.1"}, "resolve.sd: '0.1' is text"),
    ],
)
def test_distribution_numbers_are_strict(dist, message):
    assert message in refused(doc(world={"europe": {"resolve": dist}}))


def test_a_sweep_file_is_strict_too(tmp_path):
    sweep = {"name": "s", "base": doc(), "design": "grid", "runs": "100",
             "parameters": {"world.europe.resolve": {"values": [0.1, 0.2]}}}  # fmt: skip
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(sweep))
    with pytest.raises(ScenarioError, match="runs: '100' is text to YAML"):
        load_sweep(path)


def test_an_election_event_after_the_horizon_is_refused_like_a_month():
    late = {"component": "reassurance_force", "action": "withdraw", "election": "us", "nth": 3}
    # the US votes at months 34, 82, 130 by default: the third is after a 120-month horizon
    text = refused(doc(force_with(late)))
    assert "comes after the horizon (120 months): us election 3 is at month 130" in text
    scenario_from_dict(doc(force_with(late), horizon_months=130))
    month = {"component": "reassurance_force", "action": "withdraw", "month": 130}
    assert "comes after the horizon (120 months)" in refused(doc(force_with(month)))
    after = {"component": "reassurance_force", "action": "withdraw", "after_ceasefire": 130}
    assert "comes after the horizon (120 months)" in refused(doc(force_with(after), start="war"))


def test_an_election_event_with_a_drawn_calendar_past_the_horizon_in_every_world_is_refused():
    late = {"component": "reassurance_force", "action": "withdraw", "election": "us", "nth": 2}
    drawn = {"us": {"first_election_month": {"dist": "uniform", "low": 100, "high": 120}}}
    assert "us election 2 is at month 148 at the earliest" in refused(doc(force_with(late), world=drawn))


def test_an_election_event_past_the_horizon_in_some_worlds_is_noted():
    late = {"component": "reassurance_force", "action": "withdraw", "election": "us", "nth": 2}
    drawn = {"us": {"first_election_month": {"dist": "uniform", "low": 20, "high": 100}}}
    scenario = scenario_from_dict(doc(force_with(late), world=drawn))
    (note,) = scenario.timeline_notes()
    assert "package a:" in note and "months 68 to 148" in note and "never happens" in note
    fixed = scenario_from_dict(doc(force_with({**late, "nth": 1})))
    assert fixed.timeline_notes() == []


# --------------------------------------------------------------------------- 4. our words


BAD = [
    ({"reassurance_force": {"provider": None}}, "provider: expected a guarantor's name"),
    ({"reassurance_force": {"provider": 3}}, "shares such as {europe: 0.7, us: 0.3}, got 3"),
    ({"reassurance_force": {"provider": ["europe"]}}, "got ['europe']"),
    ({"reassurance_force": {"provider": {"europe": float("nan"), "us": 0.5}}}, "provider.europe: NaN and"),
    ({"reassurance_force": {"provider": {"europe": 0.5, "china": 0.5}}}, "names 'china', which is not a"),
    ({"reassurance_force": {"provider": "France"}}, "name 'France' may hold only lower-case letters"),
    ({"reassurance_force": {"posture": "tripwyre"}}, "'tripwyre' is not one of: rear, tripwire; did you"),
    ({"defence_pledge": {"parties": "europe"}}, "parties: expected a list, got 'europe': write [europe]"),
    ({"defence_pledge": {"strength": "strong"}}, "not one of: declaration, agreement, treaty"),
    ({"imposed": [1]}, "imposed.0: expected text, got 1"),
    ({"imposed": "yes"}, "imposed: expected true or false or a list"),
    ({"terms": {"army_limit": 0}}, "army_limit: must be more than 0, got 0"),
    ({"terms": {"army_limit": 50}}, "army_limit: must be at most 2, got 50"),
    ({"events": [{"component": "reassurance_force", "action": "fly", "month": 3}]}, "'fly' is not one of"),
    ({"events": {"x": 1}}, "events: expected a list, got {'x': 1}"),
    ({"name": "a b"}, "[1].name: 'a b' may hold only letters, digits, _ - and no spaces"),
    ({"name": ""}, "[1].name: must not be empty"),
    ({"name": "x" * 300}, "[1].name: is 300 characters long, more than the limit of 100"),
]


@pytest.mark.parametrize(("package", "message"), BAD)
def test_package_errors_are_in_our_words(package, message):
    text = refused(doc([{"name": "none"}, {"name": "a", "reassurance_force": FORCE, **package}]))
    assert message in text and not PYDANTIC_WORDS.search(text), text


@pytest.mark.parametrize(
    ("top", "message"),
    [
        ({"name": "my run"}, "name: 'my run' may hold only letters, digits, _ - . and no spaces"),
        ({"start": "peace"}, "start: 'peace' is not one of: ceasefire, war"),
        ({"packages": ["none"]}, "packages[0]: expected a mapping (key: value, ...), got 'none'"),
        ({"packages": []}, "packages: needs at least 1 entries, got 0"),
        ({"world": {"europe": {"resolve": None}}}, "expected a number or a distribution such as"),
        ({"world": {"europe": {"resolve": {"dist": "uniform", "low": 0.1}}}}, "resolve: 'high' is required"),
        (
            {"world": {"europe": {"resolve": 50}}},
            "50.0 is outside the allowed range [0, 1] (did you mean 0.5?)",
        ),
        ({"world": {"europe": {"resolve": 1.4}}}, "1.4 is outside the allowed range [0, 1]"),
        (
            {"world": {"europe": {"resolve": {"dist": "uniform", "low": 20, "high": 50}}}},
            "(percentages? write shares of 1: 50% is 0.5)",
        ),
    ],
)
def test_scenario_errors_are_in_our_words(top, message):
    text = refused({**doc(), **top})
    assert message in text and not PYDANTIC_WORDS.search(text), text
    if "1.4" in message:
        assert "did you mean" not in text  # 1.4 is no percentage
