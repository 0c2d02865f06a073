"""The explorer in a real browser: change a control, and the rates shown move to what the model gives."""

from __future__ import annotations

import shutil
import signal
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


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=2).close()
        return True
    except OSError:
        return False


def _explore(scenario: Path, logs: Path):
    """`deter explore` in a process of its own, once it serves: (process, url, stdout file, stderr file)."""
    port = _free_port()
    out, err = logs / f"explore-{port}.out", logs / f"explore-{port}.err"
    command = [sys.executable, "-m", "sim.cli", "explore", str(scenario), "--port", str(port)]
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen(command, cwd=ROOT, stdout=stdout, stderr=stderr)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    while not _answers(url):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the explorer did not start: {err.read_text()[-1500:]}")
        time.sleep(0.25)
    return process, url, out, err


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One explorer for the module's browser tests, served as users start it (`deter explore`)."""
    _browser_or_skip()
    folder = tmp_path_factory.mktemp("explore")
    scenario = folder / "s.yaml"
    scenario.write_text(yaml.safe_dump(SCENARIO))
    process, url, _, _ = _explore(scenario, folder)
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


def _settings(page) -> dict[str, float]:
    texts = page.eval_on_selector_all(".deter-setting", "els => els.map(e => e.textContent)")
    return {path: float(value) for path, value in (t.split("=") for t in texts)}


OVERFLOW = """() => {
  const out = [];
  const all = document.querySelectorAll('img, label, th, td, .deter-control-label, .deter-table, .v-slider');
  for (const el of all) {
    const box = el.getBoundingClientRect();
    if (!box.width) continue;
    const column = el.closest('.col, .v-col, [class*="col-"]') || document.body;
    const edge = column.getBoundingClientRect().right;
    if (box.right > Math.min(edge, window.innerWidth) + 1 || el.scrollWidth > el.clientWidth + 1)
      out.push(`${el.tagName}.${el.className}: ${(el.textContent || '').slice(0, 40)}`);
  }
  if (document.documentElement.scrollWidth > window.innerWidth) out.push('the page scrolls sideways');
  return out;
}"""
"""Every image, label, table cell and slider that overflows its column or is cut (scrollWidth)."""


def test_changing_resolve_or_a_package_moves_the_rates_to_what_run_scenario_gives(server):
    """Europe's resolve, then a component added to a package: each time the rates shown are the model's.

    At 1400 px wide, nothing is clipped: no figure, label or table cell overflows its column.
    """
    from playwright.sync_api import sync_playwright

    from sim.present.explorer import WORLDS, package_docs, run, with_component
    from sim.schema.scenario import load_scenario

    url, scenario_path = server
    base = load_scenario(scenario_path)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(url)
        page.wait_for_selector(".deter-rate", state="attached", timeout=90_000)
        page.wait_for_selector(".deter-figure img", timeout=30_000)
        clipped = page.evaluate(OVERFLOW)
        before, settings_before = _rates(page), _settings(page)
        slider = page.get_by_role("slider", name="Europe's resolve (mean)")
        slider.focus()
        slider.press("PageUp")  # ten steps up, let go at once: one re-run
        after = _wait_for_new_rates(page, before)
        settings = _settings(page)
        page.get_by_text("package none").click()  # open its composition
        page.get_by_text("none: NATO membership").click()  # Vuetify hides the box under its label
        composed = _wait_for_new_rates(page, after)
        page.get_by_text("one world").click()  # a world's months: a table of its own, no index column
        page.wait_for_selector(".deter-world td", timeout=60_000)
        world_clipped = page.evaluate(OVERFLOW)
        world_head = page.eval_on_selector_all(".deter-world th", "els => els.map(e => e.textContent)")
        browser.close()
    assert clipped == [] and world_clipped == []
    assert world_head[0] == "month" and "europe answered" in world_head
    assert settings["world.europe.resolve.mean"] == pytest.approx(
        settings_before["world.europe.resolve.mean"] + 0.1
    )
    packages = package_docs(base)
    expected = run(base, settings, packages, base.russia_veto)
    assert after == pytest.approx(_shown(expected), abs=1e-6)
    assert after["force"] > before["force"] and after["none"] == before["none"]  # only what resolve moves
    assert expected.summary["runs"].iloc[0] == WORLDS
    with_nato = [with_component(packages[0], "nato_membership", True), *packages[1:]]
    assert composed == pytest.approx(_shown(run(base, settings, with_nato, base.russia_veto)), abs=1e-6)
    assert composed["none"] != after["none"] and composed["force"] == after["force"]


def test_deter_explore_serves_quietly_and_a_kill_9_leaves_nothing_on_its_port(tmp_path):
    """One URL line, no upgrade prompt, no cookie warning; SIGKILL on it frees the port (no child left)."""
    pytest.importorskip("solara", reason="the explore extra is not installed")
    scenario = tmp_path / "s.yaml"
    scenario.write_text(yaml.safe_dump(SCENARIO))
    process, url, out, err = _explore(scenario, tmp_path)
    try:
        urllib.request.urlopen(url, timeout=10).read()  # a page load: where Solara warned about cookies
        time.sleep(0.5)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=20)
    deadline = time.monotonic() + 20
    while _answers(url) and time.monotonic() < deadline:
        time.sleep(0.25)
    assert not _answers(url), "something still serves on the port after kill -9 on deter explore"
    with socket.socket() as s:  # and the port can be taken again at once
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", int(url.rsplit(":", 1)[1].strip("/"))))
    printed = out.read_text()
    assert printed == f"deter explore: {url} (Ctrl-C stops it)\n"
    said = (printed + err.read_text()).lower()
    for chatter in ("new version", "upgrade", "pip install", "cookie", "samesite", "warning"):
        assert chatter not in said, said


def test_deter_explore_refuses_a_busy_port_before_printing_a_url(tmp_path, capsys, monkeypatch):
    pytest.importorskip("solara", reason="the explore extra is not installed")
    monkeypatch.setenv("DETER_EXPLORE_SCENARIO", "")  # the command sets it for the app it serves
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["explore", "--port", str(port)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.strip().splitlines() == [
        f"deter: error: port {port} is in use; choose another with --port"
    ]


def test_world_parameters_and_component_numbers_with_a_known_range_get_sliders():
    """The range is the schema's (`deter params`); a triangular's mode stays within its own low..high."""
    pytest.importorskip("solara", reason="the explore extra is not installed")
    from sim.present.explorer import control_paths, main_control
    from sim.schema.scenario import load_scenario

    controls = control_paths(load_scenario(ROOT / "scenarios" / "baseline.yaml"))
    resolve = controls["world.europe.resolve.mean"]  # a beta's mean: strictly inside 0..1
    assert resolve.slider and (resolve.low, resolve.high, resolve.step) == pytest.approx((0.01, 0.99, 0.01))
    ambition = controls["world.russia.ambition.mode"]
    assert (ambition.low, ambition.high) == pytest.approx((0.3, 3.0))
    weight = controls["world.russia.cost_weight"]
    assert (weight.low, weight.high, weight.value) == pytest.approx((0.1, 3.0, 1.0))
    troops = main_control({"name": "f", "reassurance_force": {"troops": 30000}}, "reassurance_force")
    assert troops.slider and troops.whole and (troops.low, troops.high, troops.step) == (0, 300000, 1000)


def test_the_explorer_names_tied_packages_together_and_leads_with_an_outcome_over_all_worlds():
    """Two identical packages under different names: both marked tied best, in the table and headline."""
    pytest.importorskip("solara", reason="the explore extra is not installed")
    from sim.present.explorer import run
    from sim.present.explorer_views import answer_table, table_note
    from sim.present.leads import conditional_note
    from sim.schema.scenario import scenario_from_dict

    twin = {**SCENARIO["packages"][1], "name": "force_twin"}
    packages = [*SCENARIO["packages"][:2], twin]  # without the veto, the force keeps the peace best
    base = scenario_from_dict({**SCENARIO, "russia_veto": False, "packages": packages})
    result = run(base, {}, base.model_dump(mode="json")["packages"], base.russia_veto)
    scenario = result.scenario.model_dump(mode="json")
    head, rows, best = answer_table(result.summary, scenario)
    assert head[:3] == ["package", "peace holds [95%]", "vs none, points [95%]"]  # from a ceasefire
    assert "deters once in place* [95%]" in head and "€bn a year" in head and "#" not in head
    labels = [row[0] for row in rows]
    assert set(best) >= {"force", "force_twin"}
    assert "force (tied best)" in labels and "force_twin (tied best)" in labels
    assert all("[" in row[1] and "[" in row[2] for row in rows if not row[0].startswith("none"))
    assert "tied" in headline_of(result) and "force_twin" in headline_of(result)
    assert conditional_note(scenario) in table_note(scenario)  # the * of "deters once in place*"


def headline_of(result) -> str:
    from sim.present.brief import headline

    return headline(result.summary, result.scenario.model_dump(mode="json"))


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
