"""`--set` reaches events and offers, and a scenario takes packages from another file by name.

Schema-level only (no model runs): issue 30's finding 9 (--set) and issue 26's item 5 (taken packages).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sim.cli import main
from sim.schema.design import load_sweep
from sim.schema.scenario import load_scenario, scenario_from_dict, scenario_from_text
from tests.helpers import FORCE, force_with, refused
from tests.helpers import scenario_doc as doc

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"


# --------------------------------------------------------------------------- 5. --set


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", ".inf", "-.inf", ".nan", "Infinity"])
def test_set_infinity_says_it_is_not_allowed(value):
    text = refused(doc(), [f"world.europe.resolve={value}"])
    assert "world.europe.resolve:" in text and "NaN and infinities are not allowed" in text
    assert "write the number" not in text


def test_set_reaches_events_and_offers_by_index():
    events = [("withdraw", 6), ("deploy", 30)]
    document = doc([{"name": "none"}, *force_with(*events, offers=[{"after_months": 3, "package": "none"}])],
                   start="war")  # fmt: skip
    scenario = scenario_from_dict(
        document,
        [
            "packages.a.events.0.month=12",
            "packages.a.events.1.action=start",
            "packages.a.offers.0.after_months=9",
        ],
    )
    a = scenario.package("a")
    assert [(e.action.value, e.month) for e in a.events] == [("withdraw", 12), ("start", 30)]
    assert a.offers[0].after_months == 9
    whole = scenario_from_dict(
        document, ["packages.a.events.1={component: reassurance_force, action: deploy, month: 48}"]
    )
    assert whole.package("a").events[1].month == 48


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (
            "packages.a.events.2.month",
            "no events.2: the package has 2 events, numbered from 0 in the order of the file (last: 1",
        ),
        ("packages.a.events.x.month", "no events.x"),
        ("packages.none.events.0.month", "the package has no events to change; give the whole list"),
        ("packages.a.events.0.mnth", "unknown field 'mnth'; did you mean 'month'?"),
    ],
)
def test_set_on_an_event_that_is_not_there_says_so(path, message):
    document = doc([{"name": "none"}, *force_with(("withdraw", 6), ("deploy", 30))])
    assert message in refused(document, [f"{path}=12"])


# --------------------------------------------------------------------------- 6. packages from another file


def write(path: Path, document: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def test_a_scenario_takes_packages_from_another_file_by_name(tmp_path):
    theirs = write(tmp_path / "lib" / "theirs.yaml", {"name": "theirs", "packages": [
        {"name": "force_rear", "reassurance_force": {"troops": 25000, "posture": "rear"}},
        {"name": "pledge", "defence_pledge": {"strength": "treaty"}},
    ]})  # fmt: skip
    mine = write(tmp_path / "mine.yaml", doc([
        {"name": "none"},
        {"name": "my_force", "reassurance_force": {"troops": 20000}},
        {"from": "lib/theirs.yaml", "name": "force_rear"},
        {"from": "lib/theirs.yaml", "name": "pledge", "as": "their_pledge"},
    ]))  # fmt: skip
    scenario = load_scenario(mine)
    assert [p.name for p in scenario.packages] == ["none", "my_force", "force_rear", "their_pledge"]
    assert scenario.package("force_rear").reassurance_force.troops == 25000
    # --set reaches a package taken; the CLI's path (text and source) resolves from the file's folder
    changed = scenario_from_text(
        mine.read_text(), ["packages.force_rear.reassurance_force.troops=5000"], str(mine)
    )
    assert changed.package("force_rear").reassurance_force.troops == 5000
    # what a run stores (the manifest's scenario) holds the packages in full: the other file is not needed
    stored = scenario.model_dump(mode="json")
    theirs.unlink()
    assert scenario_from_dict(stored) == scenario


def test_the_baseline_s_packages_can_be_taken(tmp_path):
    mine = write(
        tmp_path / "mine.yaml", doc([{"name": "none"}, {"from": str(BASELINE), "name": "force_rear"}])
    )
    taken = load_scenario(mine).package("force_rear")
    assert taken == load_scenario(BASELINE).package("force_rear")
    assert main(["validate", str(mine)]) == 0


def test_a_sweep_base_takes_packages_relative_to_itself(tmp_path):
    write(
        tmp_path / "base" / "theirs.yaml",
        {"name": "x", "packages": [{"name": "f", "reassurance_force": FORCE}]},
    )
    write(tmp_path / "base" / "mine.yaml", doc([{"name": "none"}, {"from": "theirs.yaml", "name": "f"}]))
    troops = {"packages.f.reassurance_force.troops": {"values": [1000, 2000]}}
    sweep = {"name": "s", "base": "../base/mine.yaml", "design": "grid", "parameters": troops}
    sweep = write(tmp_path / "sweeps" / "s.yaml", sweep)
    _, base = load_sweep(sweep)
    assert [p.name for p in base.packages] == ["none", "f"]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"from": "nope.yaml", "name": "f"}, "packages[1].from: "),
        (
            {"from": "theirs.yaml", "name": "froce"},
            "packages[1].name: theirs.yaml has no package named 'froce'; did you mean 'force'?",
        ),
        (
            {"from": "theirs.yaml", "name": "none"},
            "two packages named 'none' once theirs.yaml's is taken; rename the one taken with as:",
        ),
        (
            {"from": "theirs.yaml", "name": "force", "troops": 3},
            "unknown key 'troops' in a package taken from another file",
        ),
        ({"from": "theirs.yaml"}, "packages[1].name: expected the name of a package, got null"),
        ({"from": 3, "name": "force"}, "packages[1].from: expected the path of a scenario file"),
        ({"from": "notes.yaml", "name": "force"}, "notes.yaml is not a scenario (it has no packages: list)"),
        ({"from": "loop.yaml", "name": "b"}, "takes packages from this file in turn (a loop)"),
    ],
)
def test_a_bad_package_taken_is_one_line_exit_2(tmp_path, capsys, entry, message):
    write(
        tmp_path / "theirs.yaml",
        {"name": "x", "packages": [{"name": "none"}, {"name": "force", "reassurance_force": FORCE}]},
    )
    (tmp_path / "notes.yaml").write_text("just: notes\n")
    write(
        tmp_path / "loop.yaml",
        {"name": "l", "packages": [{"name": "b"}, {"from": "mine.yaml", "name": "none"}]},
    )
    mine = write(tmp_path / "mine.yaml", doc([{"name": "none"}, entry]))
    assert main(["validate", str(mine)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err, err
