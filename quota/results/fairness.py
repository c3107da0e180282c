"""Fairness figures and per-street explanations of an allocation, as tidy DataFrames.

Fairness is measured on *workload per quota*: a street's workload share
(``score``, the scores of a kind sum to 1) divided by its quota share. With
``quota`` the street's quotas on one basis and ``Q = sum(quota)``::

    quota_share_k        = quota_k / Q
    workload_per_quota_k = score_k / quota_share_k     (1: exactly its workload share)
    relative_deviation_k = |quota_share_k - score_k| / score_k

Per kind and basis :func:`compute_fairness` reports the ratio of the largest to
the smallest workload per quota, its Gini coefficient across streets
(unweighted: each street counts once) and the largest relative deviation from
the ideal share. Two bases are reported: ``quantified`` (the part shared by
workload, where the ideal is exactly ``score``) and ``entitlement`` (base +
quantified, what the street keeps for its duties; base quotas follow structure,
not workload, so small streets get more per unit of workload by design).

:func:`build_explanations` says for every street and kind why it gets its
number ("why this number"), and :func:`build_binding_table` puts the binding
constraints into words; both follow the report language.

Everything here is pure: inputs are never modified, results are new frames.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt
import pandas as pd

from quota._typing import FloatArray
from quota.errors import InputError
from quota.locale import msg

#: quota bases fairness is measured on: name -> columns added up
FAIRNESS_BASES: dict[str, tuple[str, ...]] = {
    "quantified": ("quantified",),
    "entitlement": ("base", "quantified"),
}

#: columns of :func:`compute_fairness`
FAIRNESS_COLUMNS: tuple[str, ...] = (
    "kind",
    "basis",
    "streets",
    "streets_without_quota",
    "max_min_ratio",
    "gini",
    "max_relative_deviation",
    "most_loaded",
    "least_loaded",
    "most_deviating",
)

#: columns of :func:`build_explanations`
EXPLANATION_COLUMNS: tuple[str, ...] = (
    "street",
    "kind",
    "score",
    "base",
    "ideal",
    "quantified",
    "deviation",
    "turnover",
    "total",
    "current",
    "change",
    "onboard",
    "reasons",
    "text",
)

#: diagnostics codes that are binding constraints (the report lists these)
BINDING_CONSTRAINTS: tuple[str, ...] = (
    "floor",
    "ceiling",
    "change_cap_up",
    "change_cap_down",
    "turnover",
    "no_dismissal",
    "moved",
    "turnover_pool",
    "decision",
)

#: constraints that move a street's own quantified quota, in order of precedence
OWN_LIMITS: tuple[str, ...] = ("floor", "ceiling", "change_cap_up", "change_cap_down")

_TOLERANCE = 1e-9


# --------------------------------------------------------------------------
# Fairness figures
# --------------------------------------------------------------------------


def compute_gini(values: Iterable[float]) -> float:
    """Return the Gini coefficient of non-negative values.

    ``G = sum_i sum_j |x_i - x_j| / (2 n^2 mean)``, computed from the sorted
    values as ``2 sum_i i x_(i) / (n sum x) - (n + 1) / n`` (``i = 1..n``).

    Parameters
    ----------
    values : iterable of float
        Finite, non-negative values, one per street.

    Returns
    -------
    float
        0 when every value is equal, approaching 1 when one value holds
        everything; NaN when there are no values or they sum to 0.

    Raises
    ------
    InputError
        If a value is negative or not finite.
    """
    x = np.sort(np.asarray(list(values), dtype=float))
    if x.size and (not np.all(np.isfinite(x)) or x[0] < 0):
        raise InputError(msg("results.gini_values"))
    total = float(x.sum())
    if x.size == 0 or total <= 0:
        return float("nan")
    n = x.size
    ranks = np.arange(1, n + 1, dtype=float)
    # equal values give 0 up to rounding; never report a negative coefficient
    return max(0.0, float(2.0 * np.dot(ranks, x) / (n * total) - (n + 1.0) / n))


def _numbers(frame: pd.DataFrame, column: str) -> FloatArray:
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _check_basis(basis: str) -> tuple[str, ...]:
    if basis not in FAIRNESS_BASES:
        raise InputError(
            msg("results.fairness_basis", basis=repr(basis), choices=list(FAIRNESS_BASES))
        )
    return FAIRNESS_BASES[basis]


def compute_workload_per_quota(table: pd.DataFrame, basis: str = "entitlement") -> pd.DataFrame:
    """Return each street's quota share and workload per quota, per kind.

    Parameters
    ----------
    table : DataFrame
        Allocation table (``Result.table``): ``street, kind, score`` and the
        columns of the basis.
    basis : {"entitlement", "quantified"}
        ``entitlement``: base + quantified quotas; ``quantified``: the
        workload-driven part only.

    Returns
    -------
    DataFrame
        ``street, kind, score, quota, quota_share, workload_per_quota,
        relative_deviation`` in table order. ``quota`` [quotas];
        ``quota_share`` and ``score`` [-] sum to 1 within a kind;
        ``workload_per_quota`` [-] is ``score / quota_share`` (NaN for a street
        without quotas); ``relative_deviation`` [-] is
        ``|quota_share - score| / score`` (NaN for a street without workload).
    """
    columns = _check_basis(basis)
    missing = [c for c in ("street", "kind", "score", *columns) if c not in table.columns]
    if missing:
        raise InputError(msg("results.table_columns_missing", columns=missing))
    quota = np.nansum(np.column_stack([_numbers(table, c) for c in columns]), axis=1)
    score = _numbers(table, "score")
    kinds = table["kind"].astype(str).to_numpy()
    share = np.full(len(table), np.nan)
    for kind in pd.unique(kinds):
        mask = kinds == kind
        total = quota[mask].sum()
        share[mask] = quota[mask] / total if total > 0 else np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        per_quota = np.where(quota > 0, score / share, np.nan)
        deviation = np.where(score > 0, np.abs(share - score) / score, np.nan)
    return pd.DataFrame(
        {
            "street": table["street"].astype("string").to_numpy(),
            "kind": pd.array(kinds, dtype="string"),
            "score": score,
            "quota": quota,
            "quota_share": share,
            "workload_per_quota": per_quota,
            "relative_deviation": deviation,
        }
    )


def _first_at(values: FloatArray, names: npt.NDArray[np.object_], target: float) -> str:
    """Name of the first street (table order) whose value equals ``target``."""
    hits = np.flatnonzero(np.isclose(values, target, rtol=1e-12, atol=1e-15))
    return str(names[hits[0]]) if hits.size else ""


def compute_fairness(table: pd.DataFrame) -> pd.DataFrame:
    """Return fairness figures per kind and basis.

    Parameters
    ----------
    table : DataFrame
        Allocation table (``Result.table``).

    Returns
    -------
    DataFrame
        One row per kind and basis (``quantified``, then ``entitlement``) with
        the columns of :data:`FAIRNESS_COLUMNS`:

        ``streets``
            Streets with quotas on this basis (the figures below use these).
        ``streets_without_quota``
            Streets with no quota on this basis (their workload per quota is
            undefined).
        ``max_min_ratio`` [-]
            Largest over smallest workload per quota (1: perfectly even;
            infinite when a street has quotas but no workload).
        ``gini`` [-]
            Gini coefficient of workload per quota across streets.
        ``max_relative_deviation`` [-]
            Largest ``|quota share - score| / score``.
        ``most_loaded``, ``least_loaded``, ``most_deviating``
            The streets with the most and least workload per quota and the one
            furthest from its ideal share (first in table order on ties).
    """
    rows: list[dict[str, object]] = []
    kinds = list(dict.fromkeys(table["kind"].astype(str)))
    for basis in FAIRNESS_BASES:
        figures = compute_workload_per_quota(table, basis)
        for kind in kinds:
            part = figures.loc[figures["kind"] == kind]
            names = part["street"].astype(str).to_numpy(dtype=object)
            per_quota = part["workload_per_quota"].to_numpy(dtype=float)
            deviation = part["relative_deviation"].to_numpy(dtype=float)
            valid = np.isfinite(per_quota)
            used = per_quota[valid]
            largest = float(used.max()) if used.size else float("nan")
            smallest = float(used.min()) if used.size else float("nan")
            if not used.size:
                ratio = float("nan")
            elif smallest > 0:
                ratio = largest / smallest
            else:
                ratio = float("inf") if largest > 0 else 1.0
            finite_dev = deviation[np.isfinite(deviation)]
            worst = float(finite_dev.max()) if finite_dev.size else float("nan")
            rows.append(
                {
                    "kind": kind,
                    "basis": basis,
                    "streets": int(valid.sum()),
                    "streets_without_quota": int((~valid).sum()),
                    "max_min_ratio": round(ratio, 6),
                    "gini": round(compute_gini(used), 6),
                    "max_relative_deviation": round(worst, 6),
                    "most_loaded": _first_at(per_quota, names, largest) if used.size else "",
                    "least_loaded": _first_at(per_quota, names, smallest) if used.size else "",
                    "most_deviating": _first_at(deviation, names, worst) if finite_dev.size else "",
                }
            )
    frame = pd.DataFrame(rows, columns=list(FAIRNESS_COLUMNS))
    order = {kind: i for i, kind in enumerate(kinds)}
    frame = frame.sort_values(
        by=["kind", "basis"],
        key=lambda s: s.map(order) if s.name == "kind" else s.map(list(FAIRNESS_BASES).index),
        kind="stable",
    ).reset_index(drop=True)
    return frame.astype({"kind": "string", "basis": "string"})


# --------------------------------------------------------------------------
# Number formatting shared by the explanations and the reports
# --------------------------------------------------------------------------
