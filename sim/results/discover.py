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

Only a signal is reported as a finding (`Discovery.doubt`): a box with at least one restriction left,
every one of them with a quasi-p-value of at most 0.05, and denser in cases of interest than the whole
set of cases; otherwise the words say that no robust pattern was found with this many sets. A finding
from fewer than FEW_SETS sets is marked as resting on few sets. The CART tree keeps only the splits
that pass a significance rule of the same level (a permutation test: how often shuffled labels split
as well, over every dimension and threshold).
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
    tree: str  # the CART tree, as text (only its significant splits)

    @property
    def doubt(self) -> str | None:
        """Why the box is not a finding (a clause), or None if it passes the rules of signals."""
        if self.limits.empty:
            return f"no restriction has a quasi-p-value of at most {SIGNIFICANCE:g}"
        qp = self.limits[["qp_low", "qp_high"]].min(axis=1, skipna=True).fillna(1.0)
        if (qp > SIGNIFICANCE).any():
            return f"a restriction of this box has a quasi-p-value above {SIGNIFICANCE:g} (likely noise)"
        if self.density < MIN_DENSITY or self.density <= self.cases / self.points:
            return "the box holds no larger share of cases of interest than all the sets do"
        return None

    @property
    def few(self) -> bool:
        """Whether the box rests on fewer than FEW_SETS cases (assumption sets): a hint, not a finding."""
        return self.points < FEW_SETS

    @property
    def coverage(self) -> float:
        """Share of the cases of interest inside the box."""
        return float(self.trajectory.loc[self.chosen, "coverage"])

    @property
    def density(self) -> float:
        """Share of the cases inside the box that are of interest."""
        return float(self.trajectory.loc[self.chosen, "density"])

    def words(self, subject: str) -> str:
        """The box in a sentence: 'P falls below 80% when a > 1.1 and b < 0.3: coverage 78%, density 81%'.

        A box that is not a finding says so instead: '...: no robust pattern found with 24 sets (why)'.
        """
        if self.doubt is not None:
            return f"{subject}: no robust pattern found with {self.points} sets ({self.doubt})"
        return self.box_words(subject) + (
            f" (rests on only {self.points} sets, fewer than {FEW_SETS}: read it as a hint)"
            if self.few
            else ""
        )

    def box_words(self, subject: str) -> str:
        """The box in a sentence, whether or not it is a finding (for its figure)."""
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
FEW_SETS = 50
"""A finding from fewer assumption sets than this is marked as resting on few sets."""


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
    of its limits is significant; when none is, none is kept (the box is then not a finding).
    """
    for _ in range(3):  # dropping changes the others' quasi-p-values: settle in a few rounds
        _, table = found.inspect(chosen, style="data")[0]
        qp = table.iloc[:, 2:].astype(float).min(axis=1, skipna=True).fillna(1.0)
        weak = [name for name, p in qp.items() if p > SIGNIFICANCE]
        if not weak:
            break
        for name in weak:
            found.drop_restriction(name, i=chosen)
            chosen = int(found.peeling_trajectory.index[-1])
    return chosen


SIGNIFICANCE = 0.05
"""A box keeps a restriction only if its quasi-p-value is at most this."""


def _tree(x: pd.DataFrame, interest: np.ndarray, depth: int) -> str:
    """A shallow classification tree of the cases of interest, as text, with only its significant splits.

    The tree is scikit-learn's; a split is kept only if noise seldom splits as well: the best split of
    the node's cases (largest fall in Gini impurity over every dimension and threshold) is found again
    with the cases' labels shuffled, and the split is kept if at most SIGNIFICANCE of the shuffles do as
    well (a permutation test, which counts the search over dimensions and thresholds). The splits below
    a split that fails are dropped with it.
    """
    from sklearn.tree import DecisionTreeClassifier

    min_leaf = max(2, len(x) // 20)
    tree = DecisionTreeClassifier(max_depth=depth, min_samples_leaf=min_leaf, random_state=0)
    values = x.to_numpy(dtype=np.float32)  # the tree's own precision, so its thresholds split alike
    interest = np.asarray(interest, dtype=bool)
    tree.fit(values, interest)
    t = tree.tree_
    names = [str(c).removeprefix("world.") for c in x.columns]
    rng = np.random.default_rng(0)
    lines: list[str] = []

    def leaf(mask: np.ndarray, indent: str) -> None:
        k, n = int(interest[mask].sum()), int(mask.sum())
        lines.append(f"{indent}|--- weights: [{n - k}, {k}] class: {'yes' if 2 * k > n else 'no'}")

    def walk(node: int, mask: np.ndarray, indent: str) -> None:
        left_node, right_node = t.children_left[node], t.children_right[node]
        if left_node < 0:
            return leaf(mask, indent)
        p = _split_p(values[mask], interest[mask], min_leaf, rng)
        if p > SIGNIFICANCE:
            return leaf(mask, indent)
        feature, threshold = int(t.feature[node]), float(t.threshold[node])
        left = mask & (values[:, feature] <= threshold)
        lines.append(f"{indent}|--- {names[feature]} <= {threshold:.3g} (permutation p = {p:.2g})")
        walk(left_node, left, indent + "|   ")
        lines.append(f"{indent}|--- {names[feature]} >  {threshold:.3g}")
        walk(right_node, mask & ~left, indent + "|   ")

    walk(0, np.ones(len(values), dtype=bool), "")
    if len(lines) == 1:
        return (
            f"no split passes the significance rule (a permutation test at {SIGNIFICANCE:g}): "
            "no robust pattern\n"
        )
    return "\n".join(lines) + "\n"


def _split_p(values: np.ndarray, labels: np.ndarray, min_leaf: int, rng) -> float:
    """How often shuffled labels split these cases at least as well as theirs (a permutation p-value)."""
    n, d = values.shape
    order = np.argsort(values, axis=0, kind="stable")
    ordered = np.take_along_axis(values, order, axis=0)
    k = np.arange(1, n)[:, None]
    valid = (ordered[1:] > ordered[:-1]) & (k >= min_leaf) & (n - k >= min_leaf)
    if not valid.any():
        return 1.0

    def best(y: np.ndarray) -> float:
        left = np.cumsum(y[order], axis=0)[:-1].astype(float)  # cases of interest left of each cut
        total = float(y.sum())
        gini = (k * (left / k) * (1 - left / k) + (n - k) * ((total - left) / (n - k))
                * (1 - (total - left) / (n - k)))  # fmt: skip
        return float(-gini[valid].min())  # the fall in impurity, up to terms every cut shares

    shuffles = int(max(19, min(199, 4e6 // (n * d))))  # fewer on large data, never too few for 0.05
    observed, as_good = best(labels), 0
    for _ in range(shuffles):
        as_good += best(rng.permutation(labels)) >= observed - 1e-12
        if (1 + as_good) / (1 + shuffles) > SIGNIFICANCE:
            return 1.0  # already not significant: no need to shuffle on
    return (1 + as_good) / (1 + shuffles)
