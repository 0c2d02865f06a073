"""The coalition as states: the data file, the calendar, the expansion of `europe`, and bad input."""

from __future__ import annotations

import pytest

from sim.schema.calendar import month_date, months_between
from sim.schema.coalition import data, members
from sim.schema.scenario import scenario_from_dict
from tests.helpers import refused, scenario_doc

STATES = {"coalition": "states", "start_date": "2027-01"}
FORCE = {"name": "force", "reassurance_force": {"troops": 30000}}


def states(packages=None, world=None, **top):
    return scenario_from_dict(scenario_doc(packages or [FORCE], world, **{**STATES, **top}))


def test_every_value_of_the_data_file_has_a_source_and_a_date():
    for member, entry in data()["members"].items():
        for section in ("contributes", "world", "elections", "russia"):
            for field, item in (entry.get(section) or {}).items():
                assert {"value", "source", "date"} <= set(item), f"{member}.{section}.{field}"
                assert str(item["source"]).strip() and str(item["date"])[:2] == "20", f"{member}.{field}"


def test_the_members_replace_europe_in_the_data_files_order_with_its_values():
    s = states()
    assert s.world.parties == list(members()) and "europe" not in s.world.guarantors
    france = s.world.guarantors["france"]
    assert france.resolve.mean == pytest.approx(0.47)
    assert "Ifop" in type(france).model_fields["resolve"].description  # the source travels with it
    assert s.world.russia.fight_cost.of("poland") == pytest.approx(0.04)
    assert states(world={"france": {"resolve": 0.3}}).world.guarantors["france"].resolve == 0.3


def test_elections_fall_on_their_dates_whatever_the_start():
    assert months_between("2027-01", "2027-05", "x") == 4 and month_date("2027-01", 22) == "2028-11"
    assert states().world.guarantors["france"].first_election_month == 4  # run-off, May 2027
    assert states().world.guarantors["us"].first_election_month == 22  # November 2028
    later = states(start_date="2028-01").world.guarantors
    assert later["france"].first_election_month == 4 + 60 - 12  # 2027 has passed: May 2032
    uk = states().world.guarantors["united_kingdom"].first_election_month
    assert (uk.low, uk.mode, uk.high) == (12, 31, 31)  # Jan 2028 to the latest poll, Aug 2029
    given = states(world={"us": {"first_election": "2028-11", "stance_change_chance": 1.0}})
    assert given.world.guarantors["us"].first_election_month == 22


def test_europe_in_a_package_stands_for_the_members_by_what_each_gives():
    combined = {
        "name": "combined",
        "reassurance_force": {"troops": 26000},
        "defence_pledge": {"parties": ["europe"]},
        "arms_support": {"funding_bn_per_year": 40},
        "eu_membership": {},
        "sanctions_snapback": {},
    }
    p = states([combined]).packages[0]
    force = p.reassurance_force.provider
    assert force == pytest.approx({"france": 4 / 13, "united_kingdom": 7.5 / 13, "nordic_baltic": 1 / 13,
                                   "canada": 0.5 / 13})  # fmt: skip
    assert "us" not in p.defence_pledge.parties and "germany" in p.defence_pledge.parties
    assert p.arms_support.donors["us"] == 0.5 and sum(p.arms_support.donors.values()) == pytest.approx(1)
    assert p.arms_support.donors["germany"] == pytest.approx(0.5 * 0.27)
    assert set(p.eu_membership.parties) == {"france", "germany", "poland", "italy", "nordic_baltic"}
    assert p.sanctions_snapback.decided_by == ["france", "germany", "poland", "italy", "nordic_baltic"]
    alone = states([{"name": "uk", "reassurance_force": {"troops": 30000, "provider": "united_kingdom"}}])
    assert alone.packages[0].reassurance_force.provider == "united_kingdom"


def test_troops_by_member_must_add_up_to_the_force():
    ok = {
        "name": "f",
        "reassurance_force": {"troops": 30000, "provider": {"united_kingdom": 20000, "france": 10000}},
    }
    assert states([ok]).packages[0].reassurance_force.provider == pytest.approx(
        {"united_kingdom": 2 / 3, "france": 1 / 3}
    )
    over = {
        "name": "f",
        "reassurance_force": {"troops": 30000, "provider": {"united_kingdom": 25000, "france": 10000}},
    }
    text = refused(scenario_doc([over], **STATES))
    assert "contributions add to 35,000 troops, more than the force's 30,000" in text


def test_a_coalition_without_a_member_leaves_it_out_and_shares_its_part():
    s = states(coalition={"form": "states", "members": ["france", "united_kingdom", "poland", "us"]})
    assert s.world.parties == ["france", "united_kingdom", "poland", "us"]
    spain = states(
        world={"guarantors": {"spain": {"resolve": 0.5}}},
        coalition={"form": "states", "contributions": {"spain": {"force_troops": 13000, "pledge": True}}},
    )
    assert spain.packages[0].reassurance_force.provider["spain"] == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("top", "world", "words"),
    [
        ({"coalition": {"form": "states", "members": ["spain"]}}, None, "unknown member 'spain'"),
        ({}, {"europe": {"resolve": 0.3}}, "world.guarantors.europe is the aggregate coalition"),
        ({"start_date": "2027-13"}, None, "start_date must be a month written YYYY-MM"),
        ({"start_date": "January"}, None, "start_date must be a month written YYYY-MM"),
        ({"start_date": None}, None, "coalition: states needs start_date"),
        ({}, {"us": {"first_election": "2040-01"}}, "is outside the horizon"),
        ({}, {"us": {"first_election": "2026-06"}}, "is outside the horizon"),
        (
            {},
            {"us": {"first_election": {"earliest": "2026-12", "latest": "2026-12"}}},
            "is outside the horizon",
        ),
        (
            {},
            {"france": {"resolve": 0.3}, "guarantors": {"france": {"resolve": 0.4}}},
            "same parameter, set twice",
        ),
        (
            {"coalition": {"form": "states", "contributions": {"malta": {"pledge": True}}}},
            None,
            "names no guarantor",
        ),
    ],
)
def test_bad_coalition_input_is_one_line(top, world, words):
    assert words in refused(scenario_doc([FORCE], world, **{**STATES, **top}))


def test_a_member_under_the_aggregate_and_a_dated_election_without_a_start_are_refused():
    assert "add `coalition: states`" in refused(scenario_doc([FORCE], {"france": {"resolve": 0.3}}))
    assert "give the scenario a start_date" in refused(
        scenario_doc([FORCE], {"us": {"first_election": "2028-11"}})
    )
    assert "europe" in scenario_from_dict(scenario_doc([FORCE], {"guarantors": {"canada": {}}})).world.parties


def test_a_members_parameter_can_be_set_from_the_command_line():
    s = scenario_from_dict(scenario_doc([FORCE], **STATES), {"world.guarantors.france.resolve": 0.3})
    assert s.world.guarantors["france"].resolve == 0.3
    s = scenario_from_dict(scenario_doc([FORCE], **STATES), {"world.cohesion.wedge": 1.0})
    assert s.world.cohesion.wedge == 1.0


def test_a_members_distribution_can_be_moved_in_either_spelling_and_the_explorer_offers_each():
    from sim.present.explorer import control_paths

    doc = scenario_doc([FORCE], **STATES)
    s = scenario_from_dict(
        doc, {"world.france.resolve.mean": 0.3, "world.guarantors.italy.resolve.mean": 0.6}
    )
    assert (s.world.guarantors["france"].resolve.mean, s.world.guarantors["france"].resolve.sd) == (0.3, 0.15)
    assert s.world.guarantors["italy"].resolve.mean == 0.6
    paths = control_paths(scenario_from_dict(doc))
    assert {f"world.{m}.resolve.mean" for m in members()} <= set(paths)
