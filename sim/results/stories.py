"""Finding a world worth tracing: `deter run --trace first-failure | withdrawal | direct-war`.

Each chunk's outcome table is reduced to a few candidate worlds (the first of each kind); after the
run, the story picks one and says why. The world is then simulated again with its monthly story kept
(its chunk's draws are keyed by its block of runs, so the story is the one the outcomes recorded).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

STORIES = {
    "first-failure": "the first world in which the package that deters most often still saw Russia attack "
    "(if it never failed, the next most often)",
    "withdrawal": "the first world in which a reassurance force went home and Russia attacked then or "
    "afterwards (else the first in which a force went home)",
    "direct-war": "the first world in which a guarantor fought Russia directly",
}


SIGNS = {
    "withdrawal": (
        ("withdrawal_then_attack", "a reassurance force went home, and Russia attacked then or afterwards"),
        ("withdrawal", "a reassurance force went home (Russia did not attack after it)"),
    ),
    "direct-war": (("direct_war", "a guarantor fought Russia directly"),),
}
"""Per story told by one world's flags: the candidates to look for, in order, and what each shows."""
NONE = {
    "withdrawal": "no reassurance force went home in any world",
    "direct-war": "no guarantor fought Russia directly in any world",
}


def candidates(table: pd.DataFrame) -> dict:
    """The first world of each kind in one chunk's outcome table (one row per package and world)."""
    accepted = table["accepted"].to_numpy(dtype=bool)
    attacked = table["aggression"].to_numpy(dtype=bool) & accepted
    withdrawn = table["force_withdrawn"].to_numpy(dtype=bool)
    after = withdrawn & attacked
    # in the month a force leaves, Russia sees it before it chooses: an attack that month comes after it
    after &= table["withdrawal_month"].to_numpy(dtype=float, na_value=np.inf) <= table["month"].to_numpy(
        dtype=float, na_value=-np.inf
    )
    world, package = table["world"].to_numpy(), table["package"].astype(str).to_numpy()

    def first(mask, rows=slice(None)):
        chosen = world[rows][mask[rows]]
        return int(chosen.min()) if chosen.size else None

    failures = {p: first(attacked, package == p) for p in dict.fromkeys(package)}
    return {
        "failure": {p: w for p, w in failures.items() if w is not None},
        "withdrawal_then_attack": first(after),
        "withdrawal": first(withdrawn),
        "direct_war": first(table["direct_war"].to_numpy(dtype=bool) & accepted),
    }


def pick(story: str, found: list[dict], summary: pd.DataFrame) -> tuple[int | None, str]:
    """The world to trace for `story` from every chunk's candidates, and a sentence on why (or why none)."""

    def first(key):
        worlds = [c[key] for c in found if c[key] is not None]
        return min(worlds) if worlds else None

    if story == "first-failure":
        rates = (
            summary.set_index("package")["deterrence_rate"]
            .dropna()
            .sort_values(ascending=False, kind="stable")
        )
        never = []  # packages that deter more often but never failed
        for package, rate in rates.items():
            worlds = [c["failure"][package] for c in found if package in c["failure"]]
            if not worlds:
                never.append(str(package))
                continue
            world = min(worlds)
            if not never:
                return world, f"world {world}: {package}, which deters most often ({rate:.0%}), fails there"
            return world, (
                f"world {world}: {', '.join(never)} never failed; {package}, next most often ({rate:.0%}), "
                "fails there"
            )
        return None, "no package's ceasefire broke in any world"
    if story not in SIGNS:
        raise ValueError(f"unknown story {story!r}")
    for key, words in SIGNS[story]:  # the telling sign first, then a weaker one
        world = first(key)
        if world is not None:
            return world, f"world {world}: {words}"
    return None, NONE[story]
