"""Per-world outcomes as one tidy table, and summaries with their uncertainty (scipy.stats)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from sim.model.decisions import Action
from sim.results.summary import combine, summary_from_stats
from sim.schema.outcomes import outcomes_for
from sim.schema.summary_columns import SUMMARY_COLUMNS

KIND_NAMES = {int(Action.COMPLY): "none", int(Action.LIMITED): "limited", int(Action.FULL): "full"}


def outcome_table(
    out: dict[str, np.ndarray],
    package_names: list[str],
    first_world: int,
    seed: int,
    chunk: int,
    parties: list[str] | tuple[str, ...] = ("europe", "us"),
) -> pd.DataFrame:
    """One row per package and world: the declared outcomes (one per guarantor where per party)."""
    declared = outcomes_for(parties)
    n_pkg, n = out["aggression"].shape
    frame = {
        "package": pd.Categorical(np.repeat(package_names, n), categories=package_names),
        "world": np.tile(np.arange(first_world, first_world + n, dtype=np.int64), n_pkg),
        "seed": np.full(n_pkg * n, seed, dtype=np.int64),
        "chunk": np.full(n_pkg * n, chunk, dtype=np.int32),
    }
    for outcome in declared:
        frame[outcome.name] = out[outcome.name].reshape(-1)
    table = pd.DataFrame(frame)
    for outcome in declared:
        column = table[outcome.name]
        given = table[outcome.missing_unless].fillna(False).astype(bool) if outcome.missing_unless else None
        if outcome.packages:  # a package's index; missing where no ceasefire came
            codes = column.where(given) if given is not None else column
            names = dict(enumerate(package_names))
            table[outcome.name] = pd.Categorical(codes.map(names), categories=list(package_names))
        elif outcome.categories:  # `kind` by its Action code; any other category by its index
            names = KIND_NAMES if outcome.name == "kind" else dict(enumerate(outcome.categories))
            table[outcome.name] = pd.Categorical(column.map(names), categories=list(outcome.categories))
        elif outcome.record in ("state", "end"):
            values = column.astype(np.float32)
            table[outcome.name] = values if given is None else values.where(given)
        elif outcome.missing_unless:
            kind = "boolean" if outcome.record == "flag" else "Int16"
            table[outcome.name] = column.astype(kind).where(given)
    return table


def survival(months: np.ndarray, aggression: np.ndarray, horizon: int):
    """Kaplan-Meier survival of 'no aggression yet', censored at the horizon (scipy.stats.ecdf)."""
    data = stats.CensoredData(
        uncensored=months[aggression].astype(float),
        right=np.full(int((~aggression).sum()), float(horizon)),
    )
    return stats.ecdf(data).sf


def summarise(
    stats_table: pd.DataFrame, horizon: int, costs: dict[str, float], reference: str | None = None
) -> pd.DataFrame:
    """One row per package of a single-point run, from its sufficient statistics."""
    summary = summary_from_stats(combine([stats_table]), horizon, reference)
    summary["cost_bn_per_year"] = summary["package"].map(costs)
    return summary[list(SUMMARY_COLUMNS)].reset_index(drop=True)
