"""Scenario discovery: the boxes of assumptions in which a package fails (Bryant & Lempert 2010).

From a sweep over assumptions (`deter robust`, or an LHS or Sobol sweep), each point is a case: its
assumptions are the inputs, and the case is of interest when the package's rate falls below (or
rises above) a threshold. PRIM (the Patient Rule Induction Method, from the EMA Workbench) peels the
space into a box that holds many of the cases of interest (coverage) and few others (density); its
quasi-p-values say how likely each restriction is to be chance. A CART tree (scikit-learn) gives a
second view. The box chosen on the peeling trajectory is the one with the best harmonic mean of
coverage and density (both matter: a box that covers every failure but holds as many successes says
little, and a pure box that covers a tenth of the failures says little more); then its restrictions
that are likely noise (quasi-p-value above 0.05) are dropped, as Bryant & Lempert (2010) advise.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.errors import ScenarioError


def _prim():
    """The EMA Workbench's PRIM, imported quietly (it warns about optional parts it does not need)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from ema_workbench.analysis import prim
    except ImportError:
        raise ScenarioError("deter discover needs the discover extra: pip install '.[discover]'") from None
    logging.getLogger("EMA").setLevel(logging.ERROR)
    return prim


@dataclass
class Discovery:
    """A box of assumptions in which the cases of interest concentrate."""

    trajectory: pd.DataFrame  # coverage, density, mass, res_dim per box of the peeling trajectory
    chosen: int  # the box chosen on the trajectory
    limits: pd.DataFrame  # per restricted dimension: low, high, qp_low, qp_high (quasi-p-values)
    ranges: pd.DataFrame  # per dimension: the range of the data (min, max)
    cases: int  # cases of interest
    points: int  # all cases
    tree: str  # the CART tree, as text

    @property
    def coverage(self) -> float:
        """Share of the cases of interest inside the box."""
        return float(self.trajectory.loc[self.chosen, "coverage"])

    @property
    def density(self) -> float:
        """Share of the cases inside the box that are of interest."""
        return float(self.trajectory.loc[self.chosen, "density"])

    def words(self, subject: str) -> str:
        """The box in a sentence: 'P falls below 80% when a > 1.1 and b < 0.3: coverage 78%, density 81%'."""
        parts = []
        for name, r in self.limits.iterrows():
            lo, hi = self.ranges.loc[name, "min"], self.ranges.loc[name, "max"]
            short = str(name).removeprefix("world.")
            if r.low > lo and r.high < hi:
                parts.append(f"{r.low:.3g} < `{short}` < {r.high:.3g}")
            elif r.low > lo:
                parts.append(f"`{short}` > {r.low:.3g}")
            else:
                parts.append(f"`{short}` < {r.high:.3g}")
        when = " and ".join(parts) if parts else "anywhere (no restriction found)"
        return f"{subject} when {when}: coverage {self.coverage:.0%}, density {self.density:.0%}"


MIN_DENSITY = 0.5
"""PRIM keeps a box only if at least this share of its cases are of interest (else: the whole space)."""


def choose(trajectory: pd.DataFrame) -> int:
    """The restricted box with the best harmonic mean of coverage and density (the first, at a tie).

    The unrestricted box (the whole space) is chosen only when PRIM found no other.
    """
    boxes = trajectory[trajectory["res_dim"] > 0]
    if boxes.empty:
        return int(trajectory.index[0])
    c, d = boxes["coverage"].to_numpy(), boxes["density"].to_numpy()
    score = np.where(c + d > 0, 2 * c * d / np.maximum(c + d, 1e-12), 0.0)
    return int(boxes.index[int(np.argmax(score))])


def discover(x: pd.DataFrame, interest: np.ndarray, box: int | None = None, depth: int = 3) -> Discovery:
    """PRIM's box (and a CART tree) for the cases of interest among the points x (floats)."""
    interest = np.asarray(interest, dtype=bool)
    if interest.all() or not interest.any():
        share = "every" if interest.all() else "no"
        raise ScenarioError(f"{share} point is of interest: there is no box to find (change the threshold)")
    prim = _prim()
    x = x.astype(float).reset_index(drop=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = prim.Prim(x, interest, threshold=MIN_DENSITY, peel_alpha=0.05, mass_min=0.05).find_box()
    columns = ["coverage", "density", "mass", "res_dim", "n", "k"]
    chosen = choose(found.peeling_trajectory) if box is None else box
    if chosen not in found.peeling_trajectory.index:
        last = found.peeling_trajectory.index.max()
        raise ScenarioError(f"--box {chosen}: the peeling trajectory has boxes 0 to {last}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if box is None:
            chosen = _significant(found, chosen)
        _, table = found.inspect(chosen, style="data")[0]
    trajectory = found.peeling_trajectory[columns].astype(float).copy()
    table.columns = ["low", "high", "qp_low", "qp_high"]
    table = table.astype(float)
    ranges = pd.DataFrame({"min": x.min(), "max": x.max()})
    return Discovery(
        trajectory, chosen, table, ranges, int(interest.sum()), len(x), _tree(x, interest, depth)
    )


def _significant(found, chosen: int) -> int:
    """Drop the chosen box's restrictions whose quasi-p-value exceeds SIGNIFICANCE (Bryant & Lempert).

    Each drop adds a box to the trajectory; the last is returned. A restriction is kept while either
    of its limits is significant.
    """
    for _ in range(3):  # dropping changes the others' quasi-p-values: settle in a few rounds
        _, table = found.inspect(chosen, style="data")[0]
        qp = table.iloc[:, 2:].astype(float).min(axis=1, skipna=True).fillna(1.0)
        weak = [name for name, p in qp.items() if p > SIGNIFICANCE]
        if len(weak) == len(qp):  # nothing significant: keep only the strongest restriction
            weak.remove(qp.idxmin())
        if not weak:
            break
        for name in weak:
            found.drop_restriction(name, i=chosen)
            chosen = int(found.peeling_trajectory.index[-1])
    return chosen


SIGNIFICANCE = 0.05
"""A box keeps a restriction only if its quasi-p-value is at most this."""


def _tree(x: pd.DataFrame, interest: np.ndarray, depth: int) -> str:
    """A shallow classification tree of the cases of interest, as text (scikit-learn)."""
    from sklearn.tree import DecisionTreeClassifier, export_text

    tree = DecisionTreeClassifier(max_depth=depth, min_samples_leaf=max(2, len(x) // 20), random_state=0)
    tree.fit(x.to_numpy(), interest)
    names = [str(c).removeprefix("world.") for c in x.columns]
    return export_text(tree, feature_names=names, class_names=["no", "yes"], show_weights=True)
