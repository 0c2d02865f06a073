"""The `deter` command: run scenarios, validate files, list packages and parameters."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path

from sim.cli_args import EXIT_USAGE, build_parser
from sim.cli_sweeps import cmd_explore, cmd_robust, cmd_sweep, interrupted_code
from sim.errors import (
    OutputError,
    PlotError,
    ResultDirError,
    ScenarioError,
    SweepFailed,
    SweepInterrupted,
    Terminated,
)
from sim.limits import shorten

# Everything heavy (numpy, pydantic, the model) is imported inside the commands, once the signal
# handlers are in place, so that Ctrl-C at any moment after start-up gives one line, not a traceback.

if getattr(sys.modules.get("__main__"), "__name__", "") == "__mp_main__":
    # A worker process started by `deter` (multiprocessing's spawn runs the parent's main module,
    # which imports this one, before it imports anything heavy): leave Ctrl-C to the parent, which
    # ends the workers. A terminal's Ctrl-C reaches every process of the group, and a worker still
    # importing its modules would otherwise print a KeyboardInterrupt traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def cmd_run(args: argparse.Namespace) -> int:
    """Run a scenario, print its summary, write its result folder (outcomes streamed to disk)."""
    from tqdm import tqdm

    from sim.execution.folders import check_free_space, check_target, claim_new
    from sim.execution.runner import check_run, stream_run
    from sim.execution.storage import FIGURE_BYTES, RUN_BYTES_PER_ROW, write_run
    from sim.schema.scenario import parse_overrides, read_text, scenario_from_dict, scenario_from_text

    if args.scheduler and args.executor != "dask":
        raise ScenarioError("--scheduler goes with --executor dask")
    overrides = parse_overrides(args.overrides)
    source = str(args.scenario)
    text = read_text(args.scenario)  # read once: what is stored is what ran
    scenario = scenario_from_text(text, overrides, source)
    updates = {k: v for k, v in (("runs", args.runs), ("seed", args.seed)) if v is not None}
    if updates:
        scenario = scenario_from_dict({**scenario.model_dump(mode="json"), **updates}, source=source)
    check_run(scenario, args.workers, args.trace, in_memory=not args.no_plots)
    if args.executor == "dask":
        from sim.execution.executors import check_dask

        check_dask(args.scheduler)
    from sim.present.plots import plot_results
    from sim.present.report import format_summary

    def produce(folder: Path):
        bar = tqdm(total=scenario.runs, unit="worlds", disable=args.quiet, file=sys.stderr,
                   desc=f"{scenario.name}: {len(scenario.packages)} packages")  # fmt: skip
        with bar:
            summary, trace = stream_run(
                scenario, folder, args.workers, args.executor, args.scheduler, bar.update, args.trace,
                notify=lambda line: notes.append(line),
            )  # fmt: skip
        if trace is not None and isinstance(args.trace, str):  # the manifest records the world found
            info.update(trace_world=trace.attrs["world"], trace_story=args.trace)
        return summary, trace

    notes: list[str] = [f"note: {line}" for line in scenario.timeline_notes()]

    with claim_new(args.out, scenario.name) as claim:
        check_target(claim.path, args.force, claim.option, claim.given)
        rows = scenario.runs * len(scenario.packages)
        check_free_space(claim.path.parent, rows * RUN_BYTES_PER_ROW + FIGURE_BYTES, f"{rows:,} rows")
        info = {
            "workers": args.workers,
            "executor": args.executor,
            "scheduler": args.scheduler,
            "overrides": overrides,
            "source": source,
            "trace_world": args.trace,
        }
        finish = None if args.no_plots else plot_results
        written = write_run(claim, scenario, produce, text, info, force=args.force, finish=finish)
    for line in notes + _untraced(written.path, scenario, args.trace):
        print(line, file=sys.stderr)
    print(format_summary(written.summary, scenario))
    if scenario.coalition.states:
        import pandas as pd

        from sim.present.members import members_text

        print(members_text(pd.read_parquet(written.path / "runs.parquet"), scenario.start_date))
    months = scenario.runs * len(scenario.packages) * scenario.horizon_months
    print(f"\n{months / written.seconds / 1e6:.1f} M world-months/s; results in {written.path}/")
    if not args.no_plots:
        print(f"figures in {written.path}/plots/; report: {written.path}/report.html (open it in a browser)")
    return 0


def _untraced(folder: Path, scenario, trace) -> list[str]:
    """A note naming the packages the traced world has no story for (Russia rejected their ceasefire)."""
    path = folder / "trace.parquet"
    if trace is None or not path.exists():
        return []
    import pandas as pd

    traced = set(pd.read_parquet(path, columns=["package"])["package"].astype(str))
    missing = [p.name for p in scenario.packages if p.name not in traced]
    if not missing:
        return []
    import json

    world = json.loads((folder / "manifest.json").read_text(encoding="utf-8")).get("trace_world", trace)
    return [
        f"note: --trace: world {world} has no story for {', '.join(missing)}: Russia rejected the "
        "ceasefire with it (start: ceasefire), so its decade was never scored"
    ]


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate files (exit 2 if any fails), then, with --facts, check the stylised facts."""
    from sim.schema.design import design_points, load_sweep
    from sim.schema.scenario import load_scenario, read_yaml

    if not args.files and not args.facts:
        raise ScenarioError("validate: give scenario or sweep files, or --facts")
    for option, given in (
        ("--fact N", args.fact),
        ("--workers", args.workers),
        ("--scenarios", args.scenarios),
    ):
        if given and not args.facts:
            raise ScenarioError(f"validate: {option} goes with --facts")
    status = 0
    for path in args.files:
        try:
            data = read_yaml(path)
            if isinstance(data, dict) and "design" in data:
                sweep, base = load_sweep(path)
                points = len(design_points(sweep))
                print(f"{path}: ok (sweep: {sweep.design}, {points} points x {len(base.packages)} packages)")
            else:
                s = load_scenario(path)
                print(f"{path}: ok ({len(s.packages)} packages, {s.runs} runs, seed {s.seed})")
        except ScenarioError as err:
            _error(str(err))
            status = EXIT_USAGE
    if status or not args.facts:
        return status
    return cmd_facts(args)


def cmd_facts(args: argparse.Namespace) -> int:
    """Check the model against the stylised facts and print the table; 1 if any is not as documented."""
    from sim.validation.checks import Runs, facts_report, unexpected
    from sim.validation.facts import check_facts

    def progress(fact) -> None:
        print(f"fact {fact.number}: {fact.title} ({fact.scenario})", file=sys.stderr, flush=True)

    results = check_facts(Runs(args.scenarios, workers=args.workers), args.fact, progress)
    print(facts_report(results))
    odd = unexpected(results)
    for result in odd:
        for difference in result.differences():
            print(f"deter: fact {result.fact.number} {difference}", file=sys.stderr)
    return 1 if odd else 0


_TERMINATED: list[bool] = []
"""Set when SIGTERM arrives, in case its exception is swallowed (raised inside a garbage-collector hook)."""


def _on_sigterm(signum, frame):  # noqa: ARG001 - a signal handler's signature
    _TERMINATED.append(True)
    raise Terminated()


def _safe_streams() -> None:
    """Never fail on a character the terminal's encoding lacks (PYTHONIOENCODING=ascii and '€')."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


def main(argv: list[str] | None = None) -> int:
    """Entry point of `deter`; returns the exit status.

    Exit statuses: 0 success; 1 the work failed or results differ (a chunk failed, the disk filled,
    output could not be written, `rerun` found a difference, a fact departed from its documentation);
    2 bad input (a file, option or folder refused with one line); 130 interrupted by Ctrl-C, 143 by
    SIGTERM (finished work is kept and temporary files removed).
    """
    _safe_streams()
    args = build_parser().parse_args(argv)
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _on_sigterm) if main_thread else None
    real_stdout = sys.stdout
    sys.stdout = _GuardedStdout(real_stdout)
    _TERMINATED.clear()
    try:
        status = _dispatch(args)
        sys.stdout.flush()
        if _TERMINATED and status != 143:  # SIGTERM arrived but its exception was lost: report it
            print("deter: terminated by SIGTERM; check the result before using it", file=sys.stderr)
            return 143
        return status
    except BrokenPipeError:  # `deter params | head`: the reader left; that is not an error
        _silence(real_stdout)
        return 0
    except StdoutError as err:  # stdout on a full device: the work itself is complete
        _silence(real_stdout)
        _error(f"cannot write to standard output ({err}); any result folder is complete")
        return 1
    except OSError as err:  # anything the file system refused that no check foresaw
        where = f": {err.filename}" if err.filename else ""
        _error(f"{err.strerror or type(err).__name__}{where}")
        return 1
    finally:
        sys.stdout = real_stdout
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


class StdoutError(Exception):
    """Standard output refused a write (a full device, a closed pipe's cousins)."""


class _GuardedStdout:
    """Standard output whose write errors are told apart from the file system's (StdoutError)."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._guard(self._stream.write, text)

    def flush(self) -> None:
        self._guard(self._stream.flush)

    def _guard(self, call, *args):
        try:
            return call(*args)
        except BrokenPipeError:
            raise
        except OSError as err:
            raise StdoutError(err.strerror or str(err)) from None

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _silence(stream) -> None:
    """Send what is left in `stream`'s buffer nowhere, so that the exit does not fail on it again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _error(message: str) -> None:
    print(f"deter: error: {shorten(message)}", file=sys.stderr)


INTERRUPTED = {
    "run": "nothing was written (a result folder appears only when complete)",
    "plot": "the figures already drawn are kept, none half-written; run deter plot again to finish",
    "rerun": "the result folder was not changed",
}
"""What an interruption left, by command (a sweep's interruptions say how to resume)."""


def _import_schemas() -> None:
    """Import the scenario schema with Ctrl-C held back until it is built.

    pydantic builds each model's validator in compiled code, where an interrupt comes out as a
    `SchemaError` wrapped around it (a traceback, not `KeyboardInterrupt`); held back, the interrupt
    arrives once the import is done, as a `KeyboardInterrupt` the commands answer in one line.
    """
    held = hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread()
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if held else None
    try:
        import sim.schema.scenario  # noqa: F401 - imported for its side effect: the built schema
    finally:
        if held:
            signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _dispatch(args: argparse.Namespace) -> int:
    try:
        _import_schemas()
        if args.command == "run":
            return cmd_run(args)
        if args.command == "rerun":
            from sim.execution.rerun import rerun

            identical, message = rerun(args.result_dir, args.workers)
            print(message)
            return 0 if identical else 1
        if args.command == "plot":
            from sim.present.plots import plot_results

            paths = plot_results(args.result_dir, args.format, args.out, args.threshold)
            report = (args.out or args.result_dir) / "report.html"
            figures = f"{len(paths)} figure" + ("" if len(paths) == 1 else "s")
            print(f"{figures} in {paths[0].parent}/; report: {report}")
            return 0
        if args.command == "sweep":
            return cmd_sweep(args)
        if args.command == "validate":
            return cmd_validate(args)
        if args.command == "robust":
            return cmd_robust(args)
        if args.command == "explore":
            return cmd_explore(args)
        if args.command == "discover":
            from sim.present.discovery import run_discover

            below = args.above is None
            threshold = args.above if not below else (0.8 if args.below is None else args.below)
            text, _, where = run_discover(
                args.result_dir, args.package, threshold, below, args.outcome, args.box
            )
            print(text)
            print(f"written to {where}/ (words, trajectory, box limits, tradeoff and box figures)")
            return 0
        if args.command == "optimize":
            from sim.cli_sweeps import cmd_optimize

            return cmd_optimize(args)
        if args.command == "packages":
            from sim.present.report import packages_text

            print(packages_text())
            return 0
        if args.command == "params":
            from sim.present.report import params_table

            if args.coalition:
                from sim.schema.coalition import coalition_table

                print(coalition_table())
                return 0
            print(params_table(args.format))
            return 0
    except SweepInterrupted as err:
        print(
            f"deter: interrupted; finished chunks are kept; finish with: deter {args.command} --resume "
            f"{err.folder}",
            file=sys.stderr,
        )
        return 143 if err.terminated else 130
    except (SweepFailed, OutputError) as err:
        _error(str(err))
        return 1
    except (ScenarioError, ResultDirError, PlotError) as err:
        _error(str(err))
        return EXIT_USAGE
    except KeyboardInterrupt as err:
        print(f"deter: interrupted; {INTERRUPTED.get(args.command, 'nothing was changed')}", file=sys.stderr)
        return interrupted_code(err)
    return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
