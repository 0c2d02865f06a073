"""The explorer in a real browser: change a control, and the rates shown move to what the model gives."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from sim.cli import main

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCENARIO = {
    "name": "explore_test",
    "packages": [
        {"name": "none"},
        {"name": "force", "reassurance_force": {"troops": 30000}},
        {"name": "pledge", "defence_pledge": {"strength": "treaty", "parties": ["europe"]}},
    ],
}


def _browser_or_skip():
    pytest.importorskip("solara", reason="the explore extra is not installed")
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not Path(CHROMIUM).exists():
        print("explorer browser test skipped: no chromium (apt-get install -y chromium)", file=sys.stderr)
        pytest.skip("no chromium: apt-get install -y chromium")
    return playwright


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    _browser_or_skip()
    scenario = tmp_path / "s.yaml"
    scenario.write_text(yaml.safe_dump(SCENARIO))
    port = _free_port()
    env = {**os.environ, "DETER_EXPLORE_SCENARIO": str(scenario)}
    command = [sys.executable, "-m", "solara", "run", "sim.present.explorer:Page", "--host", "127.0.0.1",
               "--port", str(port), "--production", "--no-open"]  # fmt: skip
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"the explorer did not start: {process.stderr.read().decode()[-1500:]}")
            time.sleep(0.5)
    yield url, scenario
    process.terminate()
    process.wait(timeout=20)


def _rates(page) -> dict[str, float]:
    texts = page.eval_on_selector_all(".deter-rate", "els => els.map(e => e.textContent)")
    return {name: float(value) for name, value in (t.split("=") for t in texts)}


def _wait_for_new_rates(page, before: dict[str, float]) -> dict[str, float]:
    page.wait_for_function(
        "old => [...document.querySelectorAll('.deter-rate')].map(e => e.textContent).join() !== old",
        arg=",".join(f"{k}={v:.6f}" for k, v in before.items()),
        timeout=60_000,
    )
    return _rates(page)


def _shown(result) -> dict[str, float]:
    return {k: round(v, 6) for k, v in result.summary.set_index("package")["peace_rate"].items()}


def test_changing_resolve_or_a_package_moves_the_rates_to_what_run_scenario_gives(server):
    """Europe's resolve, then a component added to a package: each time the rates shown are the model's."""
    from playwright.sync_api import sync_playwright

    from sim.present.explorer import WORLDS, control_paths, package_docs, run, with_component
    from sim.schema.scenario import load_scenario

    url, scenario_path = server
    base = load_scenario(scenario_path)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(url)
        page.wait_for_selector(".deter-rate", state="attached", timeout=90_000)
        before = _rates(page)
        field = page.get_by_label("Europe's resolve (mean)")
        field.fill("0.8")
        field.press("Enter")
        after = _wait_for_new_rates(page, before)
        page.get_by_text("package none").click()  # open its composition
        page.get_by_text("none: NATO membership").click()  # Vuetify hides the box under its label
        composed = _wait_for_new_rates(page, after)
        browser.close()
    settings = {path: value for path, (_, value) in control_paths(base).items()}
    settings["world.europe.resolve.mean"] = 0.8
    packages = package_docs(base)
    expected = run(base, settings, packages, base.russia_veto)
    assert after == pytest.approx(_shown(expected), abs=1e-6)
    assert after["force"] > before["force"] and after["none"] == before["none"]  # only what resolve moves
    assert expected.summary["runs"].iloc[0] == WORLDS
    with_nato = [with_component(packages[0], "nato_membership", True), *packages[1:]]
    assert composed == pytest.approx(_shown(run(base, settings, with_nato, base.russia_veto)), abs=1e-6)
    assert composed["none"] != after["none"] and composed["force"] == after["force"]


def test_deter_explore_refuses_a_bad_scenario_in_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\npackages: [{name: a, reassurance_force: {troops: -5}}]\n")
    assert main(["explore", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "troops" in err


def test_a_component_added_in_the_explorer_shows_the_numbers_the_model_uses():
    """Added: its defaults written out (a force's 30,000 troops, not 0); re-added: as the scenario had it."""
    pytest.importorskip("solara", reason="the explore extra is not installed")
    from sim.present.explorer import settings_scenario, with_component
    from sim.schema.scenario import scenario_from_dict

    base = scenario_from_dict(SCENARIO)
    none, force = base.model_dump(mode="json")["packages"][:2]
    added = with_component(none, "reassurance_force", True)
    assert added["reassurance_force"]["troops"] == 30000
    ran = settings_scenario(base, {}, [added], base.russia_veto).packages[0]
    assert ran.reassurance_force.troops == added["reassurance_force"]["troops"]
    in_scenario = {**force, "reassurance_force": {**force["reassurance_force"], "troops": 12000}}
    removed = with_component(in_scenario, "reassurance_force", False)
    assert removed["reassurance_force"] is None
    again = with_component(removed, "reassurance_force", True, in_scenario)
    assert again["reassurance_force"]["troops"] == 12000
