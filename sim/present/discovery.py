"""`deter discover`: where, among a sweep's assumption sets, a package fails (or succeeds)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from sim.errors import ResultDirError, ScenarioError
from sim.execution.files import write_atomic
from sim.execution.manifests import manifest_kind, read_manifest, resume_command
from sim.limits import shorten
from sim.results.discover import Discovery, discover
from sim.schema.summary_columns import DECISION_OUTCOMES

OUTCOMES = {key: o.column for key, o in DECISION_OUTCOMES.items()}
"""The summary column of each outcome a discovery can take (`--outcome`)."""


def read_sweep(folder: Path, columns: list[str] | None = None) -> tuple[dict, pd.DataFrame]:
    """A complete sweep folder's manifest and summary, or a one-line error naming the file and the remedy.

    Checked: the folder is a sweep folder of this version (its manifest's kind and format), complete,
    and its summary.parquet is there, readable and holds `columns` (and the packages and parameters).
    """
    folder = Path(folder)
    manifest = read_manifest(folder)
    if manifest_kind(manifest) != "sweep":
        raise ResultDirError(
            f"{folder}: a run folder; discovery needs a sweep over assumptions (deter robust)"
        )
    finish = f"{resume_command(manifest)} {folder}"
    if manifest.get("status") != "complete":
        raise ResultDirError(f"{folder}: the sweep is incomplete; finish it with {finish}")
    path = folder / "summary.parquet"
    if not path.is_file():
        raise ResultDirError(f"{path}: missing; rebuild it from the finished chunks with {finish}")
    try:
        summary = pd.read_parquet(path)
    except Exception as err:  # noqa: BLE001 - any failure to read the table means the same to the user
        why = getattr(err, "strerror", None) or "not a readable table"
        raise ResultDirError(f"{path}: damaged ({shorten(str(why), 80)}); rebuild it with {finish}") from None
    parameters = manifest.get("parameters")
    if not isinstance(parameters, list) or not all(isinstance(p, str) for p in parameters):
        raise ResultDirError(f"{folder / 'manifest.json'}: damaged (its parameters are not a list of names)")
    for column in ["point", "package", *parameters, *(columns or [])]:
        if column not in summary.columns:
            raise ResultDirError(
                f"{path}: no column {shorten(column, 80)!r}: damaged or of another version; rebuild it "
                f"with {finish}"
            )
    return manifest, summary


def cases(folder: Path, package: str, outcome: str, threshold: float, below: bool):
    """The sweep's points for one package: assumptions (x) and whether each is of interest."""
    manifest, summary = read_sweep(folder, [OUTCOMES[outcome]])
    names = list(dict.fromkeys(summary["package"]))
    if package not in names:
        raise ScenarioError(f"--package {package!r}: not a package of this sweep ({', '.join(names)})")
    rows = summary[summary["package"] == package]
    params = [p for p in manifest["parameters"] if rows[p].nunique() > 1]
    if not params:
        raise ScenarioError(f"{folder}: no parameter varies in this sweep: nothing to discover")
    rates = rows[OUTCOMES[outcome]].to_numpy(dtype=float)
    known = np.isfinite(rates)  # deterrence is undefined where Russia accepted no ceasefire
    interest = rates < threshold if below else rates > threshold
    return rows.loc[known, params].reset_index(drop=True), interest[known]


def writable(where: Path) -> None:
    """Refuse, before a long search, a folder the results could not be written to."""
    try:
        where.mkdir(exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=where, prefix=".deter-probe-"):
            pass
    except FileExistsError:
        raise ResultDirError(f"{where}: exists and is not a folder; move it away and run again") from None
    except OSError as err:
        raise ResultDirError(
            f"{where}: cannot be written ({err.strerror or 'refused'}); copy the result folder somewhere "
            "writable and run deter discover on the copy"
        ) from None


def default_outcome(folder: Path) -> str:
    """The outcome a folder's scenario leads with ("decade" from the war, else "peace")."""
    try:
        base = read_manifest(folder).get("base")
    except (ResultDirError, ScenarioError, OSError):
        return "peace"  # the folder's own checks, in `cases`, then say what is wrong with it
    return "decade" if isinstance(base, dict) and base.get("start") == "war" else "peace"


def run_discover(
    folder: Path,
    package: str,
    threshold: float,
    below: bool = True,
    outcome: str | None = None,
    box: int | None = None,
) -> tuple[str, Discovery, Path]:
    """Find the box; write its words, trajectory, limits, tree and figures; return the text.

    `outcome` defaults to the outcome over all worlds the sweep's scenario leads with: the decade at
    peace under `start: war`, peace holding under `start: ceasefire` (as `deter robust` judges).
    """
    from sim.present import discover_figures as df
    from sim.present.style import close

    if outcome is None:
        outcome = default_outcome(Path(folder))

    judged = DECISION_OUTCOMES[outcome]
    if judged.unit == "share" and not 0 < threshold < 1:
        raise ScenarioError(
            f"--{'below' if below else 'above'}: {outcome} is a share: must lie strictly between 0 and 1"
        )
    x, interest = cases(Path(folder), package, outcome, threshold, below)
    where = Path(folder) / "discover"
    writable(where)  # before the search, whose box would otherwise be lost
    found = discover(x, interest, box)
    side = "under" if below else "over"
    if outcome in ("peace", "deterrence"):
        what = "keeps the peace in" if outcome == "peace" else "deters"
        whole = "worlds" if outcome == "peace" else "ceasefires"
        subject = f"{package} {what} {side} {threshold:.0%} of {whole}"
    else:
        amount = f"{threshold:.0%}" if judged.unit == "share" else f"{threshold:g} {judged.unit}"
        subject = f"{package}'s {judged.words} is {side} {amount}"
    stem = f"{package}-{outcome}-{'below' if below else 'above'}-{threshold:g}"
    limits = found.limits.join(
        found.ranges.rename(columns={"min": "data_min", "max": "data_max"}), how="left"
    )
    shown = (
        limits.to_string(float_format=lambda v: f"{v:.3g}", na_rep="-")
        if len(limits)
        else "(none: the whole space)"
    )
    chosen = "chosen for the best harmonic mean of coverage and density" if box is None else "as asked"
    box_line = (
        f"{found.cases} of {found.points} assumption sets are of interest; box {found.chosen} of the "
        f"peeling trajectory (0 to {found.trajectory.index.max()}), {chosen} (--box N for another)."
    )
    if found.doubt is not None:
        box_line += f" Not a finding: {found.box_words('the box')}."
    text = "\n\n".join(
        [
            found.words(subject),
            box_line,
            "Restricted dimensions, with quasi-p-values (the chance the restriction is noise; - where a "
            "limit is the data's own):\n" + shown,
            "CART tree (scikit-learn), a second view, with only the splits that pass the significance "
            "rule (weights: [other, of interest]):\n" + found.tree,
        ]
    )
    write_atomic(where / f"{stem}.txt", (text + "\n").encode())
    write_atomic(where / f"{stem}-trajectory.csv", found.trajectory.to_csv(index_label="box").encode())
    write_atomic(where / f"{stem}-box.csv", limits.to_csv(index_label="parameter").encode())
    for name, fig in (
        ("tradeoff", df.tradeoff(found, f"PRIM: {subject}")),
        ("box", df.box_scatter(found, x, interest, found.box_words(subject).split(": coverage")[0])),
    ):
        fig.savefig(where / f"{stem}-{name}.png", dpi=110)
        close(fig)
    return text, found, where


WHERE_FAILS = "where_fails.csv"
"""A robust analysis's box per package (package, threshold, words, figure), for the report."""


def where_each_fails(folder: Path, workers: int = 1) -> pd.DataFrame:
    """Per package of a robust analysis, the box of assumption sets where it does worse than its median.

    Below its own median across sets is where a package does worst; PRIM says which assumptions put
    a set there. The packages' searches are independent and deterministic: with `workers` > 1 they run
    side by side in processes (the same boxes). Writes `where_fails.csv` into the folder (the report
    reads it) and returns it.
    """
    _, summary = read_sweep(Path(folder), ["peace_rate"])
    rows, searched = [], []
    for package in dict.fromkeys(summary["package"]):
        rates = summary.loc[summary["package"] == package, "peace_rate"]
        threshold = min(max(round(float(rates.median()), 3), 0.001), 0.999)
        if rates.nunique() < 2:
            words = f"{package} keeps the peace in {threshold:.1%} of worlds in every assumption set"
            rows.append({"package": package, "threshold": threshold, "words": words, "figure": ""})
        else:
            rows.append({"package": package, "threshold": threshold})
            searched.append(len(rows) - 1)
    jobs = [(Path(folder), rows[i]["package"], rows[i]["threshold"]) for i in searched]
    workers = min(workers, os.cpu_count() or 1, len(jobs))  # (a Dask worker count is not local cores)
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        from sim.execution.executors import pool_context, quiet_when_parent_gone

        # the chunks' workers: forked from the server that ignores Ctrl-C, silent if `deter` is killed
        pool = ProcessPoolExecutor(workers, mp_context=pool_context(), initializer=quiet_when_parent_gone)
        try:
            found = list(pool.map(_box_below_median, *zip(*jobs, strict=True)))
        except BaseException:  # Ctrl-C or a failed search: the searches not begun are not waited for
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
    else:
        found = [_box_below_median(*job) for job in jobs]
    for i, (words, figure) in zip(searched, found, strict=True):
        rows[i] |= {"words": words, "figure": figure}
    table = pd.DataFrame(rows, columns=["package", "threshold", "words", "figure"])
    write_atomic(Path(folder) / WHERE_FAILS, table.to_csv(index=False).encode())
    return table


def _box_below_median(folder: Path, package: str, threshold: float) -> tuple[str, str]:
    """PRIM's box for the sets where `package` keeps the peace below `threshold`: its words, its figure."""
    _, found, where = run_discover(folder, package, threshold, outcome="peace")  # its median's outcome
    subject = f"{package} keeps the peace in under {threshold:.1%} of worlds (its median)"
    figure = where / f"{package}-peace-below-{threshold:g}-box.png"
    return found.words(subject), str(figure.relative_to(folder))
