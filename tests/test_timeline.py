"""A package's timeline: components that deploy, withdraw, stop, are ratified or scaled at a month or
an election, with the model reacting in the direction the evidence argues."""

import numpy as np
import pytest

from sim.cli import main
from sim.errors import ScenarioError
from sim.execution.runner import run_scenario
from tests.helpers import make_scenario

FORCE = {"reassurance_force": {"troops": 30000}}


def run(packages, runs=3000, **extra):
    """Run packages with every package in place (no veto), so that worlds pair one to one."""
    return run_scenario(make_scenario(packages, runs=runs, russia_veto=False, **extra))


def attacked_before(result, package, month):
    g = result.runs[result.runs["package"] == package].sort_values("world")
    return (g["aggression"] & (g["month"].fillna(9999) < month)).to_numpy()


def deterred(result, package):
    return float(result.summary.set_index("package").loc[package, "deterrence_rate"])


def test_a_scheduled_withdrawal_raises_the_risk_after_its_month_and_changes_nothing_before():
    leaves = {
        "name": "leaves",
        **FORCE,
        "events": [{"component": "reassurance_force", "action": "withdraw", "month": 36}],
    }
    r = run([{"name": "kept", **FORCE}, leaves])
    assert (attacked_before(r, "kept", 36) == attacked_before(r, "leaves", 36)).all()  # same worlds till then
    late = {p: (~attacked_before(r, p, 36) & attacked_before(r, p, 9999)).mean() for p in ("kept", "leaves")}
    assert late["leaves"] > late["kept"] + 0.05
    withdrawn = r.runs[(r.runs["package"] == "leaves") & r.runs["force_withdrawn"]]
    assert (withdrawn["withdrawal_month"] <= 36).all() and (withdrawn["withdrawal_month"] == 36).mean() > 0.5


def test_a_scheduled_withdrawal_is_a_signal_russia_reads():
    leaves = {
        "name": "leaves",
        **FORCE,
        "events": [{"component": "reassurance_force", "action": "withdraw", "month": 2}],
    }
    r = run([{"name": "kept", **FORCE}, leaves], runs=500, horizon_months=3)
    at_peace = r.runs[~r.runs["aggression"]]
    belief = at_peace.groupby("package")["belief_europe"].mean()
    assert belief["leaves"] < belief["kept"] - 0.05


def test_a_force_deployed_later_leaves_a_window_that_is_exactly_no_force():
    arrives = {
        "name": "arrives",
        **FORCE,
        "events": [{"component": "reassurance_force", "action": "deploy", "month": 12}],
    }
    r = run([{"name": "none"}, arrives, {"name": "at_once", **FORCE}])
    assert (attacked_before(r, "none", 12) == attacked_before(r, "arrives", 12)).all()
    assert attacked_before(r, "arrives", 12).mean() > attacked_before(r, "at_once", 12).mean()
    assert deterred(r, "none") < deterred(r, "arrives") < deterred(r, "at_once")


def test_accession_at_month_24_leaves_a_window_before_it():
    later = {"name": "later", "nato_membership": True}
    later["events"] = [{"component": "nato_membership", "action": "ratify", "month": 24}]
    r = run([{"name": "none"}, later, {"name": "nato", "nato_membership": True}])
    assert (attacked_before(r, "none", 24) == attacked_before(r, "later", 24)).all()
    assert attacked_before(r, "later", 24).mean() > 0.1 and attacked_before(r, "nato", 24).mean() < 0.01
    after = ~attacked_before(r, "later", 24) & attacked_before(r, "later", 9999)
    assert after.mean() < 0.01  # once a member, as safe as a member


def test_a_backstop_a_new_administration_ends_at_the_next_us_election():
    ends = {
        "name": "ends",
        "us_backstop": True,
        "events": [{"component": "us_backstop", "action": "stop", "election": "us"}],
    }
    r = run([{"name": "kept", "us_backstop": True}, ends])
    election = 34  # world.us.first_election_month
    assert (attacked_before(r, "kept", election) == attacked_before(r, "ends", election)).all()
    assert deterred(r, "ends") < deterred(r, "kept") - 0.03


def test_ratifying_a_treaty_later_is_an_agreement_until_then():
    agreement = {"name": "agreement", "defence_pledge": {"strength": "agreement"}}
    ratified = {"name": "ratified", "defence_pledge": {"strength": "treaty"}}
    ratified["events"] = [{"component": "defence_pledge", "action": "ratify", "month": 12}]
    treaty = {"name": "treaty", "defence_pledge": {"strength": "treaty"}}
    r = run([agreement, ratified, treaty], world={"europe": {"resolve": 0.7}})
    assert (attacked_before(r, "agreement", 12) == attacked_before(r, "ratified", 12)).all()
    assert deterred(r, "agreement") < deterred(r, "ratified") < deterred(r, "treaty")


def test_scaling_arms_up_deters_more_and_stopping_them_less():
    arms = {"arms_support": {"funding_bn_per_year": 20}}
    more = {
        "name": "more",
        **arms,
        "events": [{"component": "arms_support", "action": "scale", "factor": 3, "month": 12}],
    }
    stop = {"name": "stop", **arms, "events": [{"component": "arms_support", "action": "stop", "month": 12}]}
    r = run([{"name": "same", **arms}, more, stop])
    assert deterred(r, "stop") < deterred(r, "same") < deterred(r, "more")


def test_an_election_month_drawn_per_world_moves_the_event_with_it():
    ends = {
        "name": "ends",
        "us_backstop": True,
        "events": [{"component": "us_backstop", "action": "stop", "election": "us"}],
    }
    world = {"us": {"first_election_month": {"dist": "uniform", "low": 6, "high": 60}}}
    model_months = run([ends], runs=200, world=world)  # runs without error; the month differs by world
    assert model_months.summary["runs"].iloc[0] == 200
    from tests.helpers import model_of

    model = model_of([ends], world, n=200)
    months = model.timeline.events[0][2]
    assert len(np.unique(months)) > 10 and months.min() >= 6 and months.max() <= 60


def test_scaling_sets_the_size_and_never_brings_a_withdrawn_force_back():
    from tests.helpers import model_of

    events = [
        {"component": "reassurance_force", "action": "withdraw", "month": 2},
        {"component": "reassurance_force", "action": "scale", "factor": 0.5, "month": 3},
        {"component": "reassurance_force", "action": "deploy", "month": 5},
    ]
    model = model_of([{"name": "p", **FORCE, "events": events}], n=3)
    troops = {}
    for month in range(1, 7):
        model.step()
        troops[month] = float(model.guarantors["europe"].troops_in_theatre()[0, 0])
    assert troops[1] == 30000 and troops[2] == troops[3] == troops[4] == 0  # scaled while home: still home
    assert troops[5] == troops[6] == 15000  # deployed again, at the scaled size


def test_a_treaty_without_automaticity_is_still_a_costly_signal_and_ratification_adds_it():
    from tests.helpers import model_of

    treaty = {"name": "t", "defence_pledge": {"strength": "treaty", "treaty_automaticity": 0.0}}
    agreement = {"name": "a", "defence_pledge": {"strength": "agreement"}}
    model = model_of([treaty, agreement], n=2)
    counts = model.russia.cells.alpha["europe"] + model.russia.cells.beta["europe"]
    assert (counts[0] > counts[1]).all()  # the treaty's signal counts whatever its automaticity
    later = {**treaty, "events": [{"component": "defence_pledge", "action": "ratify", "month": 1}]}
    model = model_of([later, agreement], n=2)
    before = (model.russia.cells.alpha["europe"] + model.russia.cells.beta["europe"]).copy()
    assert (before[0] == before[1]).all()  # unratified: an agreement, no signal yet
    model.step()
    after = model.russia.cells.alpha["europe"] + model.russia.cells.beta["europe"]
    assert (after[0] - before[0] > after[1] - before[1] + 1).all()  # ratification is read in month 1


def test_the_withdrawal_month_is_the_first_time_the_force_left():
    events = [
        {"component": "reassurance_force", "action": "withdraw", "month": 12},
        {"component": "reassurance_force", "action": "deploy", "month": 24},
        {"component": "reassurance_force", "action": "withdraw", "month": 36},
    ]
    r = run([{"name": "p", **FORCE, "events": events}], runs=500)
    left = r.runs[r.runs["force_withdrawn"]]
    assert len(left) > 100 and (left["withdrawal_month"] <= 12).all()


@pytest.mark.parametrize(
    ("events", "component", "message"),
    [
        (
            [{"component": "reassurance_force", "action": "withdraw", "month": 200}],
            FORCE,
            "after the horizon",
        ),
        ([{"component": "us_backstop", "action": "stop", "month": 12}], FORCE, "has no us_backstop"),
        (
            [
                {"component": "reassurance_force", "action": "withdraw", "month": 12},
                {"component": "reassurance_force", "action": "scale", "factor": 2, "month": 12},
            ],
            FORCE,
            "at the same time",
        ),
        ([{"component": "reassurance_force", "action": "scale", "month": 12}], FORCE, "needs a factor"),
        (
            [{"component": "us_backstop", "action": "deploy", "month": 12}],
            {"us_backstop": True},
            "cannot deploy",
        ),
        (
            [{"component": "defence_pledge", "action": "ratify", "month": 12}],
            {"defence_pledge": {"strength": "agreement"}},
            "only a pledge of strength treaty",
        ),
        (
            [{"component": "reassurance_force", "action": "withdraw", "month": 12, "election": "us"}],
            FORCE,
            "give one of month, after_ceasefire or election",
        ),
        ([{"component": "tanks", "action": "start", "month": 12}], FORCE, "is not a component"),
        (
            [
                {"component": "reassurance_force", "action": "withdraw", "month": 34},
                {"component": "reassurance_force", "action": "deploy", "election": "us"},
            ],
            FORCE,
            "in the same month",
        ),
    ],
)
def test_malformed_events_are_refused_with_one_line(events, component, message, tmp_path, capsys):
    with pytest.raises(ScenarioError, match=message):
        make_scenario([{"name": "p", **component, "events": events}])
    path = tmp_path / "bad.yaml"
    import yaml

    path.write_text(
        yaml.safe_dump({"name": "bad", "packages": [{"name": "p", **component, "events": events}]})
    )
    assert main(["run", str(path), "--runs", "10", "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err
