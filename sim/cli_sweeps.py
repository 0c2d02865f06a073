"""`deter sweep`, `deter robust` and `deter explore`: the commands that run many points or serve an app."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sim.errors import ScenarioError, terminated
from sim.execution.executors import start_resource_tracker


def interrupted_code(err: KeyboardInterrupt) -> int:
    """The exit code of an interruption: 143 for SIGTERM, 130 for Ctrl-C."""
    return 143 if terminated(err) else 130


def _with_progress(args: argparse.Namespace, desc: str, call):
    """Run `call(progress=..., on_start=..., workers=..., executor=..., scheduler=...)` with a bar.

    The bar appears once the work is valid and starts; it counts worlds (points x runs x packages).
    """
    from tqdm import tqdm

    if args.scheduler and args.executor != "dask":
        raise ScenarioError("--scheduler goes with --executor dask")
    bars = []

    def start(todo: int, done: int) -> None:
        bars.append(
            tqdm(
                total=todo + done,
                initial=done,
                unit="worlds",
                unit_scale=True,
                disable=args.quiet,
                file=sys.stderr,
                desc=desc,
            )
        )

    try:
        return call(
            workers=args.workers,
            executor=args.executor,
            scheduler=args.scheduler,
            progress=lambda n: bars[0].update(n),
            on_start=start,
        )
    finally:
        for bar in bars:
            bar.close()


def cmd_sweep(args: argparse.Namespace) -> int:
    """Run or resume a sweep; print where its summary is."""
    from sim.execution.sweep_run import run_sweep
    from sim.present.plots import plot_results

    if (args.sweep is None) == (args.resume is None):
        raise ScenarioError("give a sweep file, or --resume DIR to finish one (not both)")
    if args.resume is not None:
        from sim.execution.manifests import refuse_robust_as_sweep

        if args.runs is not None or args.overrides:
            raise ScenarioError("--runs and --set go with a new sweep; a resumed sweep keeps its own")
        refuse_robust_as_sweep(args.resume)
    loaded = _loaded_sweep(args) if args.runs is not None or args.overrides else None
    path = None if loaded is not None else args.sweep
    start_resource_tracker()  # before the bar's lock starts it with stderr attached (SIGKILL: no warning)
    summary, folder = _with_progress(
        args, "sweep", lambda **kw: run_sweep(path, out=args.out, resume=args.resume, loaded=loaded, **kw)
    )
    if not args.no_plots:
        try:
            plot_results(folder)
        except KeyboardInterrupt as err:
            print(
                f"deter: interrupted while drawing figures; the sweep in {folder} is complete; draw them "
                f"with: deter plot {folder}",
                file=sys.stderr,
            )
            return interrupted_code(err)
    points, packages = summary["point"].nunique(), summary["package"].nunique()
    print(_sweep_answer(folder))
    print(f"\n{points} points x {packages} packages; summary in {folder}/summary.csv")
    if not args.no_plots:
        print(f"figures in {folder}/plots/; report: {folder}/report.html (open it in a browser)")
    return 0


def _loaded_sweep(args: argparse.Namespace):
    """The sweep file with --runs and --set applied: (sweep, base scenario), checked as a file is."""
    from sim.schema.design import Sweep, check_points, load_sweep
    from sim.schema.scenario import parse_overrides, scenario_from_dict

    sweep, scenario = load_sweep(args.sweep)
    if args.runs is not None:
        sweep = Sweep.model_validate({**sweep.model_dump(mode="json"), "runs": args.runs})
        check_points(sweep, str(args.sweep))
    overrides = parse_overrides(args.overrides)
    swept = [k for k in overrides if k in sweep.parameters]
    if swept:
        raise ScenarioError(f"--set {swept[0]}: the sweep varies it; remove it from --set or from the sweep")
    if overrides:
        scenario = scenario_from_dict(scenario.model_dump(mode="json"), overrides, source=str(args.sweep))
    return sweep, scenario


def _sweep_answer(folder: Path) -> str:
    """What a finished sweep found, as its report leads with it (a grid read at the default threshold)."""
    from sim.execution.manifests import read_manifest
    from sim.present import THRESHOLD
    from sim.present.sweep_answers import folder_answer

    found = folder_answer(folder, read_manifest(folder), THRESHOLD)
    return "\n".join([found[0], *(f"- {line}" for line in found[1:])])


def cmd_explore(args: argparse.Namespace) -> int:
    """Check the scenario and the port, then serve the explorer in this process until Ctrl-C."""
    import importlib.util

    from sim.schema.scenario import load_scenario

    scenario = Path(args.scenario).resolve() if args.scenario else None
    if scenario is not None:
        load_scenario(scenario)  # a bad file is one line, exit 2, before any server starts
    if importlib.util.find_spec("solara") is None:
        raise ScenarioError("deter explore needs the explore extra: pip install '.[explore]'")
    from sim.execution.serve import serve_explorer

    os.environ["DETER_EXPLORE_SCENARIO"] = str(scenario or "")  # read by the app, served in this process
    try:
        return serve_explorer(args.port)  # a busy port: one line, exit 2, before the URL is printed
    except KeyboardInterrupt as err:
        print("deter explore: stopped", file=sys.stderr)
        return interrupted_code(err)


def cmd_robust(args: argparse.Namespace) -> int:
    """Run a robust analysis; print its table and where its folder is."""
    from sim.execution.robust_run import run_robust
    from sim.present.plots import plot_results

    if (args.scenario is None) == (args.resume is None):
        raise ScenarioError("give a scenario file, or --resume DIR to finish a robust analysis (not both)")
    options = dict(
        resume=args.resume,
        sets=args.sets,
        runs=args.runs,
        seed=args.seed,
        ranges=args.ranges,
        outcome=args.outcome,
    )
    if os.name == "posix":  # before the progress bar's lock starts it: no leaked-semaphore warnings
        from sim.execution.executors import start_resource_tracker

        start_resource_tracker()
    text, folder = _with_progress(
        args, "robust", lambda **kw: run_robust(args.scenario, out=args.out, **options, **kw)
    )
    print(text)
    try:
        if not args.no_discover:
            _where_each_fails(folder, args.workers or os.cpu_count() or 1)
        if not args.no_plots:
            plot_results(folder)
            print(f"\nfigures in {folder}/plots/ (robust.png); report: {folder}/report.html")
    except KeyboardInterrupt as err:  # the analysis is complete: say so, and how to draw the rest
        print(
            f"deter: interrupted after the analysis; its tables in {folder} are complete; draw its "
            f"figures and report with: deter plot {folder}",
            file=sys.stderr,
        )
        return interrupted_code(err)
    print(f"robust.csv and robust_pairs.csv in {folder}/")
    return 0


def _where_each_fails(folder: Path, workers: int = 1) -> None:
    """Print, per package, the assumptions under which it does worse than its median (PRIM), on `workers`."""
    import importlib.util

    if importlib.util.find_spec("ema_workbench") is None:
        print(
            "\nnote: no discovered boxes: install the discover extra (pip install '.[discover]')",
            file=sys.stderr,
        )
        return
    from sim.present.discovery import WHERE_FAILS, where_each_fails

    print("\nWhere each package does worst (PRIM on the sets below its median; deter discover for more):")
    for words in where_each_fails(folder, workers)["words"]:
        print(f"- {words}")
    print(f"(boxes in {folder}/{WHERE_FAILS} and {folder}/discover/)")


def cmd_optimize(args: argparse.Namespace) -> int:
    """Search a scenario's levers; print the front and the answer; draw the figures."""
    from sim.execution.optimize_job import run_optimize

    try:
        import pymoo  # noqa: F401 - the optimiser, an extra
    except ImportError:
        hint = "pip install -e '.[optimize]' (make demo installs it)"
        raise ScenarioError(f"deter optimize needs pymoo: {hint}") from None
    if (args.scenario is None) == (args.resume is None):
        raise ScenarioError("give a scenario file, or --resume DIR to finish a search (not both)")
    names = ("generations", "population", "sets", "runs", "fresh_sets", "patience", "seed", "measure")
    overrides = {f"optimize.{n}": getattr(args, n) for n in names if getattr(args, n) is not None}
    if args.resume is not None and overrides:
        raise ScenarioError("--resume finishes a search with its own settings: give no other search options")
    if os.name == "posix":  # before any worker starts: no leaked-semaphore warnings
        start_resource_tracker()
    outcome = run_optimize(
        args.scenario,
        out=args.out,
        resume=args.resume,
        workers=args.workers,
        executor=args.executor,
        scheduler=args.scheduler,
        overrides=overrides,
        quiet=args.quiet,
    )
    print(outcome.text)
    if not args.no_plots:
        from sim.present.optimize_figures import write_figures

        write_figures(
            outcome.folder,
            outcome.front,
            outcome.designs,
            outcome.convergence,
            outcome.settings,
            outcome.words,
            outcome.levers,
        )
        print(f"\nfigures in {outcome.folder}/plots/; report: {outcome.folder}/report.html")
    print(f"pareto.csv, designs.csv, fresh.csv and answer.txt in {outcome.folder}/")
    return 0
