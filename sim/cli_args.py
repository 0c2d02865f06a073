"""The options of `deter` and its commands: the parser, its number types, and its one-line errors."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from sim.limits import MAX_RUNS, MAX_SEED, shorten
from sim.present import THRESHOLD
from sim.schema.summary_columns import DECISION_OUTCOMES

EXIT_USAGE = 2

FACT_NUMBERS = range(1, 25)
"""The ten stylised facts and the three model checks of `sim.validation` (a test keeps them equal)."""


def _int_in(minimum: int, maximum: int):
    """An argparse type: a whole number from `minimum` to `maximum`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {shorten(text, 40)!r}") from None
        if not minimum <= value <= maximum:
            raise argparse.ArgumentTypeError(
                f"must be from {minimum} to {maximum:,}, got {shorten(str(value), 40)}"
            )
        return value

    return parse


MAX_WORKERS = 1024
"""More processes than this is a typing error on any machine this tool runs on."""
_runs, _seed, _workers = _int_in(1, MAX_RUNS), _int_in(0, MAX_SEED), _int_in(1, MAX_WORKERS)
_world = _int_in(0, MAX_RUNS - 1)
STORY_NAMES = ("first-failure", "withdrawal", "direct-war")


def _trace(text: str) -> int | str:
    """--trace: a world's number, or the name of a story to find a world for."""
    if text in STORY_NAMES:
        return text
    if text.strip().lstrip("+-").isdigit():
        return _world(text)
    raise argparse.ArgumentTypeError(
        f"expected a world number or one of {', '.join(STORY_NAMES)}, got {shorten(text, 40)!r}"
    )


def _number(text: str) -> float:
    """An argparse type: a finite number."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {shorten(text, 40)!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a finite number, got {shorten(text, 40)}")
    return value


def _share(text: str) -> float:
    """An argparse type: a rate strictly between 0 and 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a rate between 0 and 1, got {shorten(text, 40)!r}"
        ) from None
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"must lie strictly between 0 and 1, got {shorten(text, 40)}")
    return value


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr (exit status 2), like the rest.

    Options are never abbreviated: `deter robust --set X` would otherwise be read as `--sets X`.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str):
        """Print one line and exit with status 2."""
        command = self.prog.removeprefix("deter ")
        self.exit(EXIT_USAGE, f"deter: error: {command}: {shorten(message)} (see {self.prog} --help)\n")


def _executor_options(command: argparse.ArgumentParser) -> None:
    """--workers, --executor and --scheduler: where the chunks run (runs and sweeps alike)."""
    command.add_argument(
        "--workers",
        type=_workers,
        help="processes or Dask workers (default: all cores; results do not depend on it)",
    )
    command.add_argument(
        "--executor",
        choices=["local", "dask"],
        default="local",
        help="local: a process pool (default); dask: a Dask cluster",
    )
    command.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler, e.g. tcp://host:8786 (default: start a LocalCluster)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `deter` and its sub-commands."""
    parser = OneLineParser(
        prog="deter",
        description="Simulate security guarantees for Ukraine after a ceasefire: how often each "
        "package deters renewed Russian aggression, and how sure that is.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser(
        "run",
        help="run every package of a scenario and summarise",
        description="Run every package of a scenario on the same worlds (common "
        "random numbers), print the summary table and write a result folder.",
    )
    run.add_argument("scenario", type=Path, help="scenario YAML file")
    run.add_argument("--runs", type=_runs, help="worlds per package (default: the file's)")
    run.add_argument("--seed", type=_seed, help="seed of every draw (default: the file's)")
    run.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="override a field by its dotted path, e.g. world.europe.resolve=0.2, "
        "packages.tripwire.reassurance_force.troops=10000 or packages.NAME.events.0.month=12 (an event "
        "by its index) (repeatable)",
    )
    run.add_argument("--out", type=Path, help="result folder (default: results/<name>-<time>/)")
    run.add_argument("--force", action="store_true", help="overwrite an existing --out folder")
    _executor_options(run)
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.add_argument(
        "--trace",
        type=_trace,
        metavar="WORLD|STORY",
        help="keep a world's monthly story (trace.parquet) and plot it per package: a world's number, or "
        "a story to find one: first-failure (the package that deters most often fails), withdrawal (a "
        "force goes home, then Russia attacks), direct-war (a guarantor fights Russia)",
    )
    run.add_argument("--no-plots", action="store_true", help="do not write figures and report.html")

    sw = sub.add_parser(
        "sweep",
        help="run a parameter sweep (grid, Latin hypercube or Sobol)",
        description="Run a sweep file: every design point x runs x packages, in chunks, on local "
        "processes or a Dask cluster. Results are identical whatever the executor and workers.",
    )
    sw.add_argument("sweep", type=Path, nargs="?", help="sweep YAML file (not needed with --resume)")
    _executor_options(sw)
    sw.add_argument("--out", type=Path, help="sweep folder (default: results/<name>-<time>/); must not exist")
    sw.add_argument("--resume", type=Path, metavar="DIR", help="finish an interrupted sweep folder")
    sw.add_argument(
        "--runs", type=_runs, help="worlds per point and package (default: the file's; a new sweep)"
    )
    sw.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="override a field of the base scenario by its dotted path, e.g. world.us.resolve=0.3 "
        "(repeatable; not a swept parameter; a new sweep)",
    )
    sw.add_argument("--quiet", action="store_true", help="no progress bar")
    sw.add_argument("--no-plots", action="store_true", help="do not write figures and report.html")

    rb = sub.add_parser(
        "robust",
        help="every package over many assumption sets: how sure, given what we don't know",
        description="Run every package of a scenario over a Latin hypercube of assumption sets (every "
        "world parameter tagged [M], each over its plausible range: sim/schema/assumptions.py, or "
        "--ranges), on the same worlds for every package, and report per package the spread of its "
        "rate across sets, how often it beats the reference, its regret and how often it is the best. "
        "Writes a sweep folder with robust.csv, robust_pairs.csv and robust.png.",
    )
    rb.add_argument("scenario", type=Path, nargs="?", help="scenario YAML file (not needed with --resume)")
    rb.add_argument("--sets", type=_int_in(2, 100_000), help="assumption sets (default 200; a new analysis)")
    rb.add_argument("--runs", type=_runs, help="worlds per set and package (default 1000; a new analysis)")
    rb.add_argument("--seed", type=_seed, help="seed of the design and the worlds (default: the scenario's)")
    rb.add_argument(
        "--ranges",
        type=Path,
        metavar="FILE",
        help="YAML mapping parameter paths to {low, high} (replacing or adding a range) or null "
        "(holding an assumption at its default)",
    )
    _executor_options(rb)
    rb.add_argument(
        "--out", type=Path, help="folder (default: results/<name>-robust-<time>/); must not exist"
    )
    rb.add_argument(
        "--resume",
        type=Path,
        metavar="DIR",
        help="finish an interrupted robust analysis in its folder (its sets, runs, seed and ranges)",
    )
    rb.add_argument("--quiet", action="store_true", help="no progress bar")
    rb.add_argument("--no-plots", action="store_true", help="do not write figures and report.html")
    rb.add_argument(
        "--outcome",
        choices=list(DECISION_OUTCOMES),
        default=None,
        help="what packages are judged by: decade (share of the decade at peace; the default under start: "
        "war), peace (the first ceasefire holds, over all worlds; the default under start: ceasefire), "
        "deterrence (over ceasefires), war_months, ground, direct_war, nuclear_threat (the last four: "
        "lower is better)",
    )
    rb.add_argument(
        "--no-discover",
        action="store_true",
        help="do not look for the assumptions under which each package does worst (PRIM, per package)",
    )

    ex = sub.add_parser(
        "explore",
        help="a local web app: move a package or an assumption and watch the answer move",
        description="Start the explorer (a Solara app) on 127.0.0.1: controls for Europe's and the US's "
        "resolve, Russia's ambition and cost weight and Russia's veto, and each package's composition "
        "(components in or out, a force's troops, arms funding, monitors, pledge strength, imposed); "
        "sliders where a parameter's range is known; each change re-runs the scenario's packages on "
        "2,000 common worlds and redraws the table and figures, led by the decade at peace (start: war) "
        "or peace holding, with 95% intervals and the paired difference from the reference (tied "
        "packages marked as tied); a second view steps one world month by month. Needs the explore "
        "extra (make demo installs it). Ctrl-C stops it.",
    )
    ex.add_argument("scenario", type=Path, nargs="?", help="scenario YAML file (default: the baseline)")
    ex.add_argument("--port", type=_int_in(1024, 65535), default=8765, help="port to serve on (default 8765)")

    ds = sub.add_parser(
        "discover",
        help="find the assumptions under which a package fails (PRIM, CART)",
        description="Scenario discovery on a sweep over assumptions (deter robust, or an lhs or sobol "
        "sweep): the box of assumptions in which a package's rate falls below (or rises above) a "
        "threshold, found by PRIM (EMA Workbench) with coverage, density and quasi-p-values, and a CART "
        "tree as a second view. Prints the box in words; writes it, the peeling trajectory and two "
        "figures to RESULT_DIR/discover/. Needs the discover extra: pip install '.[discover]'.",
    )
    ds.add_argument("result_dir", type=Path, metavar="RESULT_DIR", help="a sweep folder")
    ds.add_argument("--package", required=True, help="the package whose failures to explain")
    side = ds.add_mutually_exclusive_group()
    side.add_argument(
        "--below", type=_number, metavar="RATE", help="cases: the outcome is below RATE (default 0.8)"
    )
    side.add_argument("--above", type=_number, metavar="RATE", help="cases: the outcome is above RATE")
    ds.add_argument(
        "--outcome",
        choices=list(DECISION_OUTCOMES),
        default=None,
        help="what the package is judged by: decade (share of the decade at peace; the default when the "
        "sweep starts from the war), peace (the first ceasefire holds, over all worlds; the default from "
        "a ceasefire), deterrence (over ceasefires), war_months, ground (points of Ukraine lost), "
        "direct_war, nuclear_threat; RATE is in the outcome's unit (a share, months or points)",
    )
    ds.add_argument(
        "--box", type=_int_in(0, 10_000), help="a box of the peeling trajectory (default: best F)"
    )

    pl = sub.add_parser(
        "plot",
        help="draw the figures and report.html of a result folder",
        description="Draw the default figures of a `deter run` or `deter sweep` folder into "
        "RESULT_DIR/plots/ and write RESULT_DIR/report.html; with --out, the figures and a report.html "
        "linking them go to that folder instead. Reads stored results only.",
    )
    pl.add_argument("result_dir", type=Path, metavar="RESULT_DIR", help="a result folder")
    pl.add_argument(
        "--format", choices=["png", "svg", "pdf"], default="png", help="image format (default png)"
    )
    pl.add_argument("--out", type=Path, help="folder for the figures (default RESULT_DIR/plots/)")
    pl.add_argument(
        "--threshold",
        type=float,
        default=THRESHOLD,
        help=f"deterrence rate a sweep's answer and heatmap contours are read at (default {THRESHOLD})",
    )

    rr = sub.add_parser(
        "rerun",
        help="reproduce a result folder and check its summary is identical",
        description="Re-run a `deter run` or `deter sweep` folder from its manifest alone and compare "
        "the new summary.csv with the stored one, byte for byte. Exit 0 if identical, 1 if not (and "
        "say what differs, and which installed versions changed).",
    )
    rr.add_argument("result_dir", type=Path, metavar="RESULT_DIR", help="a result folder")
    rr.add_argument(
        "--workers", type=_workers, help="processes (default: all cores; results do not depend on it)"
    )

    val = sub.add_parser(
        "validate",
        help="check scenario and sweep files, or the model against the stylised facts",
        description="Validate scenario and sweep files (a sweep file is one with a `design`); print one "
        "line per file; exit 2 if any is invalid. With --facts, run the ten stylised facts of the "
        "evidence and twelve checks of the model: its calibration, the decade after the first shot and "
        "the road to a ceasefire (scenarios/validation/, fixed seeds, a few minutes on 2 cores) and "
        "print fact, expected, "
        "measured with its 95% interval, and pass or fail; exit 1 if any result differs from the "
        "documented one (docs/calibration.md).",
    )
    val.add_argument("files", type=Path, nargs="*", help="scenario or sweep YAML files")
    val.add_argument("--facts", action="store_true", help="check the model against the stylised facts")
    val.add_argument(
        "--fact",
        type=int,
        action="append",
        choices=FACT_NUMBERS,
        metavar="N",
        help=f"with --facts: only fact or check N (1-{FACT_NUMBERS[-1]}; repeatable)",
    )
    val.add_argument(
        "--workers",
        type=_workers,
        help="with --facts: processes (default: all cores; results do not depend on it)",
    )
    val.add_argument(
        "--scenarios",
        type=Path,
        metavar="DIR",
        help="with --facts: folder of the validation scenarios (default: scenarios/validation/)",
    )

    op = sub.add_parser(
        "optimize",
        help="search the scenario's levers for the packages that hold up best (many-objective, robust)",
        description="Search the package space a scenario declares under levers: for the non-dominated "
        "designs on its objectives (default: the decade at peace, the cost over the horizon, direct war, "
        "ground lost), each scored across a fixed sample of assumption sets on the same worlds (NSGA-II, "
        "pymoo). Prints the front and the cheapest design that meets the brief's bars, re-scores the front "
        "on fresh sets, and writes pareto.csv, designs.csv, fresh.csv, answer.txt, figures and report.html.",
    )
    op.add_argument(
        "scenario", type=Path, nargs="?", help="scenario YAML file with levers: (not with --resume)"
    )
    for name, kind, words in (
        ("generations", _int_in(1, 1000), "generations of the search"),
        ("population", _int_in(4, 500), "designs per generation"),
        ("sets", _int_in(2, 2000), "assumption sets every design is scored on"),
        ("runs", _runs, "worlds per set and design"),
        ("fresh-sets", _int_in(2, 2000), "fresh sets the front is re-scored on"),
        ("patience", _int_in(1, 1000), "stop after this many generations without a better front"),
        ("seed", _seed, "seed of the search (the worlds keep the scenario's)"),
    ):
        op.add_argument(f"--{name}", type=kind, help=f"{words} (default: the scenario's optimize: settings)")
    op.add_argument(
        "--measure", choices=["mean", "percentile", "share"], help="robustness measure over the sets"
    )
    _executor_options(op)
    op.add_argument(
        "--out", type=Path, help="folder (default: results/<name>-optimize-<time>/); must not exist"
    )
    op.add_argument("--resume", type=Path, metavar="DIR", help="finish an interrupted search in its folder")
    op.add_argument("--quiet", action="store_true", help="no progress lines")
    op.add_argument("--no-plots", action="store_true", help="do not write figures and report.html")

    sub.add_parser(
        "packages",
        help="list guarantee components and what each does",
        description="List the components packages are made of, their parameters, and "
        "what each does to the agents.",
    )
    par = sub.add_parser(
        "params",
        help="print the table of every parameter",
        description="Print every parameter with its unit, range, default and "
        "reason, generated from the schema.",
    )
    par.add_argument("--format", choices=["markdown", "text"], default="text")
    par.add_argument(
        "--coalition",
        action="store_true",
        help="instead, the default coalition of `coalition: states`: every member's value, with the date "
        "of its source (sim/schema/data/coalition.yaml has the sources)",
    )
    return parser
