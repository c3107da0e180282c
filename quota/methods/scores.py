"""Indicator values, their transforms and the one score kernel.

A street's workload score is ``s_k = sum_i w_i * share_ki`` with
``share_ki = x_ki / sum_k x_ki`` (after an optional per-indicator transform,
``sqrt`` or ``log1p``) and weights ``w_i >= 0`` summing to 1; scores sum to 1.
Every workload score of the program is computed by :func:`compute_share_scores`.

Every function is pure: inputs are never modified and results are new objects.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from quota._typing import FloatArray
from quota.config.schema import TRANSFORMS
from quota.errors import InputError, Msg
from quota.locale import msg
from quota.methods.phrases import quoted

# TRANSFORMS (applied to an indicator before it is normalised to shares) comes from
# quota.config.schema


# ---------------------------------------------------------------------- checks


def check_indicator_values(values: pd.DataFrame) -> pd.DataFrame:
    """Indicator values as a float DataFrame, or an error naming the bad cell.

    Raises
    ------
    InputError
        Empty table, a non-numeric, missing, infinite or negative value.
    """
    if values.shape[1] == 0:
        raise InputError(msg("methods.scores.no_indicators"))
    if values.shape[0] == 0:
        raise InputError(msg("methods.scores.no_streets"))
    problems: list[str | Msg] = []
    columns: dict[Any, np.ndarray] = {}
    for name in values.columns:
        raw = pd.to_numeric(values[name], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        bad = ~np.isfinite(raw)
        if bad.any():
            j = int(np.flatnonzero(bad)[0])
            problems.append(
                msg(
                    "methods.scores.not_finite",
                    name=name,
                    row=values.index[j],
                    value=values[name].iloc[j],
                )
            )
            continue
        neg = raw < 0
        if neg.any():
            j = int(np.flatnonzero(neg)[0])
            problems.append(
                msg("methods.scores.negative", name=name, row=values.index[j], value=raw[j])
            )
            continue
        columns[name] = raw
    if problems:
        raise InputError(problems)
    return pd.DataFrame(columns, index=values.index)


def check_weight_mapping(weights: Mapping[str, float], what: str = "weight") -> dict[str, float]:
    """Weights (or combination shares) as floats: finite, not negative, not all zero.

    Parameters
    ----------
    weights : mapping of str to float
        Name -> weight as typed.
    what : str
        ``weight`` or ``share`` (the shares of a combination), for the messages.

    Raises
    ------
    InputError
        No weights, a weight that is not a finite number, a negative weight, or all zero.
    """
    term = msg("methods.term.share") if what == "share" else msg("methods.term.weight")
    if not weights:
        raise InputError(msg("methods.scores.no_weights", what=term))
    out: dict[str, float] = {}
    for name, value in weights.items():
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise InputError(
                msg("methods.scores.weight_not_number", what=term, name=name, value=value)
            ) from None
        if not math.isfinite(number):
            raise InputError(
                msg("methods.scores.weight_not_finite", what=term, name=name, value=number)
            )
        if number < 0:
            raise InputError(
                msg("methods.scores.weight_negative", what=term, name=name, value=number)
            )
        out[str(name)] = number
    if sum(out.values()) <= 0:
        raise InputError(msg("methods.scores.weights_all_zero", what=term, names=list(out)))
    return out


# ------------------------------------------------------------------ transforms


def transform_values(values: pd.DataFrame, transforms: Mapping[str, str] | None) -> pd.DataFrame:
    """Apply per-indicator transforms (``none``, ``sqrt``, ``log1p``).

    Parameters
    ----------
    values : pandas.DataFrame
        One row per street, one numeric column per indicator [indicator units].
    transforms : mapping of str to str, optional
        Indicator -> transform; indicators not named are left as they are.

    Returns
    -------
    pandas.DataFrame
        A new float table, same index and columns.

    Raises
    ------
    InputError
        Unknown transform, a transform for a column that is not there, or bad values.
    """
    clean = check_indicator_values(values)
    if not transforms:
        return clean
    missing = [name for name in transforms if name not in clean.columns]
    if missing:
        raise InputError(
            msg(
                "methods.scores.transform_not_indicator",
                names=quoted(missing),
                indicators=[str(c) for c in clean.columns],
            )
        )
    out = clean.copy()
    for name, how in transforms.items():
        kind = "none" if how is None else str(how).strip().lower()
        if kind not in TRANSFORMS:
            raise InputError(
                msg("methods.scores.unknown_transform", how=how, name=name, valid=list(TRANSFORMS))
            )
        if kind != "none":
            out[name] = apply_transform(clean[name].to_numpy(), kind)
    return out


def apply_transform(column: FloatArray, how: str) -> FloatArray:
    """One indicator's values after its transform: ``none``, ``sqrt`` or ``log1p``.

    ``none`` (and any other name: callers check it against :data:`TRANSFORMS`)
    returns ``column`` itself.
    """
    if how == "sqrt":
        return np.sqrt(column)
    if how == "log1p":
        return np.log1p(column)
    return column


# ---------------------------------------------------------------------- scores


def compute_share_scores(
    values: FloatArray, weights: FloatArray, transforms: Sequence[str] | None = None
) -> FloatArray:
    """The score kernel: ``s_k = sum_i w_i * t_i(x_ki) / sum_k t_i(x_ki)``.

    Every workload score is computed here: :func:`compute_scores` (the
    scenario's scores) and each Monte Carlo draw of
    :mod:`quota.analysis.sensitivity`, so the two agree bit for bit. The sum
    runs over the indicators in column order, one term at a time.

    Parameters
    ----------
    values : float array, shape (streets, indicators)
        Indicator values [indicator units], non-negative and finite.
    weights : float array, shape (indicators,)
        Weights summing to 1 (not normalised here); an indicator whose weight
        is not above 0 is skipped (its values are not looked at).
    transforms : sequence of str, optional
        Per indicator: ``none``, ``sqrt`` or ``log1p`` (:func:`apply_transform`),
        applied before the shares; default none.

    Returns
    -------
    float array, shape (streets,)
        Scores summing to 1.

    Raises
    ------
    InputError
        A weighted indicator that sums to 0 over the streets (after its transform).
    """
    score = np.zeros(values.shape[0])
    for i in range(values.shape[1]):
        if not weights[i] > 0:
            continue
        column = values[:, i]
        if transforms is not None:
            column = apply_transform(column, transforms[i])
        total = column.sum()
        if not total > 0:
            raise InputError(msg("methods.scores.kernel_zero_sum", number=i + 1))
        score = score + weights[i] * (column / total)
    return score


def compute_scores(
    values: pd.DataFrame,
    weights: Mapping[str, float],
    transforms: Mapping[str, str] | None = None,
) -> pd.Series:
    """Workload score of each street: weighted sum of its indicator shares.

    Parameters
    ----------
    values : pandas.DataFrame
        One row per street (index kept), one numeric column per indicator.
        Columns without a weight are ignored.
    weights : mapping of str to float
        Indicator -> weight (>= 0, not all 0); normalised to sum 1. Indicators
        with weight 0 are not used (their values are not checked).
    transforms : mapping of str to str, optional
        Indicator -> ``none`` / ``sqrt`` / ``log1p``, applied before normalising.

    Returns
    -------
    pandas.Series
        Float scores named ``score``, same index as ``values``, summing to 1.

    Raises
    ------
    InputError
        A weight or transform for a column not present, a negative or non-finite
        weight, all weights zero, an unknown transform, a bad value, or a
        weighted indicator that sums to 0 over the streets.
    """
    w = check_weight_mapping(weights)
    columns = [str(c) for c in values.columns]
    missing = [name for name in w if name not in values.columns]
    if missing:
        raise InputError(
            msg("methods.scores.weight_not_column", names=quoted(missing), columns=columns)
        )
    stray = [name for name in (transforms or {}) if name not in values.columns]
    if stray:
        raise InputError(
            msg("methods.scores.transform_not_column", names=quoted(stray), columns=columns)
        )
    used = [name for name in w if w[name] > 0]
    relevant = {name: how for name, how in (transforms or {}).items() if name in used}
    table = transform_values(values.loc[:, used], relevant)
    totals = table.sum(axis=0)
    empty = [name for name in used if not totals[name] > 0]
    if empty:
        raise InputError(msg("methods.scores.zero_sum", names=quoted(empty)))
    total_weight = sum(w[name] for name in used)
    score = compute_share_scores(
        table.loc[:, used].to_numpy(dtype=np.float64),
        np.array([w[name] / total_weight for name in used], dtype=np.float64),
    )
    return pd.Series(score, index=values.index, name="score", dtype=float)
