"""Indicator weights and workload scores.

A street's workload score is ``s_k = sum_i w_i * share_ki`` with
``share_ki = x_ki / sum_k x_ki`` (after an optional per-indicator transform,
``sqrt`` or ``log1p``) and weights ``w_i >= 0`` summing to 1; scores sum to 1.

Weights are set by hand (``manual``) or derived:

``entropy`` (熵值法)
    ``p_ki = x_ki / sum_k x_ki``, ``e_i = -sum_k p_ki ln p_ki / ln n`` with
    ``0 ln 0 = 0``, ``w_i ∝ 1 - e_i``. An indicator equal for every street has
    ``e_i = 1`` and weight 0; if every indicator is equal across streets the
    weights are undefined and :class:`~quota.errors.InputError` is raised, as it
    is for fewer than two streets (``ln 1 = 0``).
``critic`` (Diakoulaki, Mavrotas & Papayannakis 1995)
    Min–max normalise each indicator, ``sigma_i`` = its *sample* standard
    deviation (``ddof = 1``, as in the textbook presentations), ``r`` the
    Pearson correlation matrix, ``C_i = sigma_i * sum_j (1 - r_ij)``,
    ``w_i ∝ C_i``. An indicator equal for every street cannot be normalised and
    is refused; a single indicator gets weight 1.
``ahp`` (Saaty)
    Principal (Perron) eigenvector of a positive reciprocal pairwise-comparison
    matrix; ``CI = (lambda_max - n) / (n - 1)``, ``CR = CI / RI(n)`` with
    Saaty's random index; ``CR > 0.1`` is refused unless forced.
``combined``
    A convex combination of the above, e.g. ``{"ahp": 0.8, "entropy": 0.2}``.

Every function is pure: inputs are never modified and results are new objects.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from quota._typing import FloatArray
from quota.config.columns import COLUMN_ALIASES, normalize_header
from quota.config.schema import (
    TABLE_WEIGHT_METHODS,
    TRANSFORMS,
    WEIGHT_METHODS,
    IndicatorSpec,
    WeightsConfig,
    canonical_column,
)
from quota.errors import InputError
from quota.io.files import decode_bytes, read_bytes_bounded
from quota.io.table import StreetTable, check_numeric_columns

# WEIGHT_METHODS (accepted by :func:`derive_weights`) and TRANSFORMS (applied to an
# indicator before it is normalised to shares) come from quota.config.schema
#: methods that may appear inside ``combined``
COMBINABLE_METHODS: tuple[str, ...] = tuple(m for m in WEIGHT_METHODS if m != "combined")
#: largest acceptable AHP consistency ratio
CR_LIMIT = 0.1
#: ``a_ij * a_ji`` may differ from 1 by this much (so 0.33 for 1/3 is accepted)
RECIPROCAL_TOLERANCE = 0.05
#: hand-set weights whose sum differs from 1 by more than this are rescaled with a notice
WEIGHT_SUM_TOLERANCE = 1e-9
#: largest AHP matrix file read (a 15 x 15 matrix takes about 2 KB) [bytes]
MAX_MATRIX_BYTES = 1024 * 1024
#: what an AHP matrix file is called in messages about the file itself
MATRIX_WHAT = "pairwise-comparison (AHP) matrix"
#: advice added when the file is too large
MATRIX_SIZE_HINT = "; a 15 x 15 matrix takes about 2 KB: is it the right file?"

#: Saaty's random consistency index RI(n), n = 1..15: the mean consistency index
#: of random reciprocal matrices with entries from the 1/9..9 scale, in the table
#: Saaty published (T. L. Saaty, *The Analytic Hierarchy Process*, McGraw-Hill
#: 1980, extended to n = 15 in his later books, e.g. *Fundamentals of Decision
#: Making and Priority Theory*, RWS 2000), the table most software reproduces.
SAATY_RI: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}


@dataclass(frozen=True)
class AhpResult:
    """Weights derived from a pairwise-comparison matrix, with its consistency.

    Attributes
    ----------
    weights : pandas.Series
        Normalised principal eigenvector, indexed by indicator (sums to 1).
    lambda_max : float
        Principal eigenvalue of the matrix.
    ci : float
        Consistency index ``(lambda_max - n) / (n - 1)`` (0 for ``n <= 2``).
    ri : float
        Saaty's random index for ``n``.
    cr : float
        Consistency ratio ``ci / ri`` (0 for ``n <= 2``).
    """

    weights: pd.Series
    lambda_max: float
    ci: float
    ri: float
    cr: float


@dataclass(frozen=True)
class WeightResult:
    """Weights of one quota kind and how they were obtained.

    Attributes
    ----------
    weights : pandas.Series
        Weight per indicator as used (index: indicator names in the order of the
        data columns), non-negative, summing to 1.
    method : str
        One of :data:`WEIGHT_METHODS`.
    details : dict of str to float
        Figures worth reporting: ``lambda_max``, ``ci``, ``ri``, ``cr`` for AHP;
        ``entropy[<indicator>]`` for entropy; ``sigma[<indicator>]`` and
        ``information[<indicator>]`` for CRITIC; ``share[<method>]`` for a
        combination (plus its components' details).
    given : dict of str to float
        The hand-set weights as typed (``manual``, or a combination with
        ``manual``), in the order of the data columns; empty for derived weights.
    rescaled : bool
        Whether the typed weights did not add up to 1 (within
        :data:`WEIGHT_SUM_TOLERANCE`) and were rescaled to add up to 1.
    notices : tuple of str
        What the user must be told: every rescaling, with the weights before and
        after (see :func:`describe_rescaling`).
    skipped : dict of str to str
        Columns of a street table left out of the indicators, with the reason
        (``row numbers``, ``codes``, ...); filled by :func:`derive_table_weights`.
    """

    weights: pd.Series
    method: str
    details: dict[str, float] = field(default_factory=dict)
    given: dict[str, float] = field(default_factory=dict)
    rescaled: bool = False
    notices: tuple[str, ...] = ()
    skipped: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------------- checks


def check_indicator_values(values: pd.DataFrame) -> pd.DataFrame:
    """Indicator values as a float DataFrame, or an error naming the bad cell.

    Raises
    ------
    InputError
        Empty table, a non-numeric, missing, infinite or negative value.
    """
    if values.shape[1] == 0:
        raise InputError("no indicator columns given")
    if values.shape[0] == 0:
        raise InputError("the indicator table has no rows (streets)")
    problems: list[str] = []
    columns: dict[Any, np.ndarray] = {}
    for name in values.columns:
        raw = pd.to_numeric(values[name], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        bad = ~np.isfinite(raw)
        if bad.any():
            row = values.index[int(np.flatnonzero(bad)[0])]
            problems.append(
                f"indicator {name!r}, row {row!r}: value {values[name].iloc[int(np.flatnonzero(bad)[0])]!r} "
                "is not a finite number"
            )
            continue
        neg = raw < 0
        if neg.any():
            j = int(np.flatnonzero(neg)[0])
            problems.append(
                f"indicator {name!r}, row {values.index[j]!r}: value {raw[j]:g} is negative"
            )
            continue
        columns[name] = raw
    if problems:
        raise InputError(problems)
    return pd.DataFrame(columns, index=values.index)


def _check_weight_mapping(weights: Mapping[str, float], what: str = "weight") -> dict[str, float]:
    if not weights:
        raise InputError(f"no {what}s given")
    out: dict[str, float] = {}
    for name, value in weights.items():
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise InputError(f"{what} of {name!r} is {value!r}, not a number") from None
        if not math.isfinite(number):
            raise InputError(f"{what} of {name!r} is {number}, not a finite number")
        if number < 0:
            raise InputError(f"{what} of {name!r} is {number:g}; {what}s must not be negative")
        out[str(name)] = number
    if sum(out.values()) <= 0:
        raise InputError(f"all {what}s are zero: {', '.join(out)}")
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
            f"transform given for indicator(s) {', '.join(map(repr, missing))} not in the data; "
            f"indicators: {', '.join(map(str, clean.columns))}"
        )
    out = clean.copy()
    for name, how in transforms.items():
        kind = "none" if how is None else str(how).strip().lower()
        if kind not in TRANSFORMS:
            raise InputError(
                f"unknown transform {how!r} for indicator {name!r}; valid: {', '.join(TRANSFORMS)}"
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
            raise InputError(f"indicator number {i + 1} sums to 0 over the streets")
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
    w = _check_weight_mapping(weights)
    missing = [name for name in w if name not in values.columns]
    if missing:
        raise InputError(
            f"weight given for indicator(s) {', '.join(map(repr, missing))} not in the data; "
            f"columns: {', '.join(map(str, values.columns))}"
        )
    stray = [name for name in (transforms or {}) if name not in values.columns]
    if stray:
        raise InputError(
            f"transform given for indicator(s) {', '.join(map(repr, stray))} not in the data; "
            f"columns: {', '.join(map(str, values.columns))}"
        )
    used = [name for name in w if w[name] > 0]
    relevant = {name: how for name, how in (transforms or {}).items() if name in used}
    table = transform_values(values.loc[:, used], relevant)
    totals = table.sum(axis=0)
    empty = [name for name in used if not totals[name] > 0]
    if empty:
        raise InputError(
            f"indicator(s) {', '.join(map(repr, empty))} sum to 0 over all streets; "
            "shares are undefined (give them weight 0 or fix the data)"
        )
    total_weight = sum(w[name] for name in used)
    score = compute_share_scores(
        table.loc[:, used].to_numpy(dtype=np.float64),
        np.array([w[name] / total_weight for name in used], dtype=np.float64),
    )
    return pd.Series(score, index=values.index, name="score", dtype=float)


# --------------------------------------------------------------------- methods


def compute_manual_weights(weights: Mapping[str, float]) -> pd.Series:
    """Normalise hand-set weights to sum 1.

    The rescaling is silent here; :func:`derive_weights` reports it with
    :func:`describe_rescaling` in :attr:`WeightResult.notices`.

    Raises
    ------
    InputError
        No weights, a negative or non-finite weight, or all zero.
    """
    w = _check_weight_mapping(weights)
    total = sum(w.values())
    return pd.Series({name: value / total for name, value in w.items()}, name="weight", dtype=float)


def _plain_number(value: float) -> str:
    """A typed number as the user would write it: ``0.9`` (not ``0.9000000000000001``), ``2``."""
    rounded = round(float(value), 9)
    return str(int(rounded)) if rounded == int(rounded) else repr(rounded)


def describe_rescaling(given: Mapping[str, float], what: str = "the weights") -> str | None:
    """The notice for weights that do not add up to 1, or None when they do.

    Within :data:`WEIGHT_SUM_TOLERANCE` of 1 nothing is said. Otherwise, e.g.
    ``the weights add up to 0.9, not 1; they were rescaled to add up to 1
    (population 0.4 → 0.444, area_km2 0.5 → 0.556)``: every weight as typed and
    as used (three significant digits).

    Parameters
    ----------
    given : mapping of str to float
        Name -> weight as typed (non-negative, not all zero).
    what : str
        What the numbers are, starting the sentence (``the weights``,
        ``the combination shares``).
    """
    total = math.fsum(float(v) for v in given.values())
    if not total > 0 or abs(total - 1.0) <= WEIGHT_SUM_TOLERANCE:
        return None
    pairs = ", ".join(
        f"{name} {_plain_number(value)} → {float(value) / total:.3g}"
        for name, value in given.items()
    )
    return (
        f"{what} add up to {_plain_number(total)}, not 1; "
        f"they were rescaled to add up to 1 ({pairs})"
    )


def compute_entropy(values: pd.DataFrame) -> pd.Series:
    """Normalised Shannon entropy ``e_i`` of each indicator's shares (0..1).

    Raises
    ------
    InputError
        Fewer than 2 streets, bad values, or an indicator summing to 0.
    """
    table = check_indicator_values(values)
    n = len(table)
    if n < 2:
        raise InputError(f"entropy weights need at least 2 streets, got {n} (ln 1 = 0)")
    x = table.to_numpy(dtype=float)
    totals = x.sum(axis=0)
    empty = [str(c) for c, t in zip(table.columns, totals, strict=True) if not t > 0]
    if empty:
        raise InputError(
            f"indicator(s) {', '.join(map(repr, empty))} sum to 0; entropy is undefined"
        )
    p = x / totals
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(p), 0.0)
    e = np.clip(-plogp.sum(axis=0) / math.log(n), 0.0, 1.0)
    # an indicator equal for every street has e = 1 exactly (ln n / ln n), whatever the rounding
    e[np.all(x == x[0], axis=0)] = 1.0
    return pd.Series(e, index=table.columns, name="entropy", dtype=float)


def compute_entropy_weights(values: pd.DataFrame) -> pd.Series:
    """Entropy-weight method (熵值法): ``w_i ∝ 1 - e_i``.

    Parameters
    ----------
    values : pandas.DataFrame
        One row per street, one non-negative column per indicator.

    Returns
    -------
    pandas.Series
        Weights named ``weight``, indexed by indicator, summing to 1. An
        indicator with the same value for every street gets weight 0.

    Raises
    ------
    InputError
        Fewer than 2 streets, bad values, an indicator summing to 0, or every
        indicator equal across streets (all ``e_i = 1``).
    """
    e = compute_entropy(values)
    d = 1.0 - e.to_numpy()
    if not d.sum() > 0:
        raise InputError(
            "every indicator has the same value for all streets; entropy weights are undefined"
        )
    return pd.Series(d / d.sum(), index=e.index, name="weight", dtype=float)


def compute_critic_information(values: pd.DataFrame) -> pd.DataFrame:
    """CRITIC figures per indicator: ``sigma`` (sample std of the min–max values) and ``information`` ``C_i``.

    Raises
    ------
    InputError
        Fewer than 2 streets, bad values, or an indicator with the same value
        for every street (it cannot be min–max normalised).
    """
    table = check_indicator_values(values)
    n = len(table)
    if n < 2:
        raise InputError(f"CRITIC weights need at least 2 streets, got {n}")
    x = table.to_numpy(dtype=float)
    lo, hi = x.min(axis=0), x.max(axis=0)
    flat = [str(c) for c, a, b in zip(table.columns, lo, hi, strict=True) if not b > a]
    if flat:
        raise InputError(
            f"indicator(s) {', '.join(map(repr, flat))} have the same value for every street; "
            "CRITIC cannot normalise them (drop them or use another method)"
        )
    z = (x - lo) / (hi - lo)
    sigma = z.std(axis=0, ddof=1)
    if z.shape[1] == 1:
        info = sigma.copy()
    else:
        r = np.corrcoef(z, rowvar=False)
        info = sigma * (1.0 - r).sum(axis=0)
    return pd.DataFrame({"sigma": sigma, "information": info}, index=table.columns)


def compute_critic_weights(values: pd.DataFrame) -> pd.Series:
    """CRITIC weights (Diakoulaki et al. 1995): ``w_i ∝ sigma_i * sum_j (1 - r_ij)``.

    ``sigma_i`` is the sample standard deviation (``ddof = 1``) of the min–max
    normalised indicator; ``r`` the Pearson correlation matrix. A single
    indicator gets weight 1.

    Returns
    -------
    pandas.Series
        Weights named ``weight``, indexed by indicator, summing to 1.

    Raises
    ------
    InputError
        See :func:`compute_critic_information`; also when every indicator is
        perfectly correlated with every other (all ``C_i = 0``).
    """
    figures = compute_critic_information(values)
    c = figures["information"].to_numpy()
    if not c.sum() > 0:
        raise InputError(
            "all indicators are perfectly correlated across streets; CRITIC weights are undefined"
        )
    return pd.Series(c / c.sum(), index=figures.index, name="weight", dtype=float)


def parse_comparison(value: Any) -> float:
    """A pairwise-comparison entry as a float: a number or a fraction such as ``"1/3"``.

    Raises
    ------
    InputError
        Anything else.
    """
    if isinstance(value, bool):
        raise InputError(f"comparison {value!r} is not a number")
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    text = str(value).strip().replace("／", "/").replace(" ", "")
    try:
        return float(Fraction(text))
    except (ValueError, ZeroDivisionError):
        raise InputError(f"comparison {value!r} is not a number or a fraction like 1/3") from None


def check_comparison_matrix(matrix: Any, indicators: Sequence[str]) -> FloatArray:
    """A validated square, positive, reciprocal comparison matrix.

    Raises
    ------
    InputError
        Wrong shape, an entry that is not a positive finite number, a diagonal
        entry other than 1, or ``a_ji`` not ``1 / a_ij`` (within
        :data:`RECIPROCAL_TOLERANCE`); the message names the cell.
    """
    names = [str(x) for x in indicators]
    n = len(names)
    if n == 0:
        raise InputError("the AHP matrix needs at least one indicator")
    if len(set(names)) != n:
        raise InputError(f"indicator names repeat in the AHP matrix: {', '.join(names)}")
    rows = np.asarray(matrix, dtype=object) if not isinstance(matrix, np.ndarray) else matrix
    if rows.ndim != 2 or rows.shape != (n, n):
        raise InputError(
            f"the AHP matrix must be {n} x {n} (one row and column per indicator: "
            f"{', '.join(names)}), got shape {tuple(rows.shape)}"
        )
    a = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            try:
                a[i, j] = parse_comparison(rows[i, j])
            except InputError as exc:
                raise InputError(f"AHP matrix cell ({names[i]}, {names[j]}): {exc}") from None
            if not (math.isfinite(a[i, j]) and a[i, j] > 0):
                raise InputError(
                    f"AHP matrix cell ({names[i]}, {names[j]}) is {a[i, j]:g}; entries must be positive"
                )
    for i in range(n):
        if abs(a[i, i] - 1.0) > RECIPROCAL_TOLERANCE:
            raise InputError(
                f"AHP matrix cell ({names[i]}, {names[i]}) is {a[i, i]:g}; the diagonal must be 1"
            )
        for j in range(i + 1, n):
            if abs(a[i, j] * a[j, i] - 1.0) > RECIPROCAL_TOLERANCE:
                raise InputError(
                    f"AHP matrix is not reciprocal at cell ({names[j]}, {names[i]}): it is {a[j, i]:g} "
                    f"but cell ({names[i]}, {names[j]}) is {a[i, j]:g}, so it should be {1.0 / a[i, j]:.4g}"
                )
    return a


def compute_ahp_weights(
    matrix: Any, indicators: Sequence[str], *, force: bool = False
) -> AhpResult:
    """AHP weights: the principal eigenvector of a pairwise-comparison matrix.

    ``a_ij`` says how much more important indicator ``i`` is than ``j`` on
    Saaty's 1–9 scale. The weights are the Perron eigenvector (``numpy.linalg.eig``,
    eigenvalue of largest real part, normalised to sum 1);
    ``CI = (lambda_max - n) / (n - 1)`` (clipped at 0), ``CR = CI / RI(n)`` with
    :data:`SAATY_RI`; ``CI = RI = CR = 0`` for ``n <= 2``, which are always consistent.

    Parameters
    ----------
    matrix : array_like, shape (n, n)
        Numbers or fraction strings such as ``"1/3"``.
    indicators : sequence of str
        Names of the rows/columns, in order.
    force : bool
        Accept ``CR > 0.1``.

    Returns
    -------
    AhpResult

    Raises
    ------
    InputError
        An invalid matrix (see :func:`check_comparison_matrix`), more than 15
        indicators (beyond Saaty's RI table), or ``CR > 0.1`` without ``force``.
    """
    a = check_comparison_matrix(matrix, indicators)
    names = [str(x) for x in indicators]
    n = len(names)
    if n > max(SAATY_RI):
        raise InputError(
            f"AHP supports at most {max(SAATY_RI)} indicators (Saaty's RI table), got {n}"
        )
    eigenvalues, vectors = np.linalg.eig(a)
    k = int(np.argmax(eigenvalues.real))
    lambda_max = float(eigenvalues[k].real)
    vector = np.abs(vectors[:, k].real)
    weights = pd.Series(vector / vector.sum(), index=names, name="weight", dtype=float)
    if n <= 2:
        return AhpResult(weights=weights, lambda_max=lambda_max, ci=0.0, ri=0.0, cr=0.0)
    ci = max((lambda_max - n) / (n - 1), 0.0)
    ri = SAATY_RI[n]
    cr = ci / ri
    if cr > CR_LIMIT and not force:
        raise InputError(
            f"the AHP comparison matrix is too inconsistent: consistency ratio CR = {cr:.3f} "
            f"(lambda_max = {lambda_max:.3f}, CI = {ci:.3f}, RI = {ri:.2f}) exceeds {CR_LIMIT}; "
            "revise the comparisons, or set force: true to use it anyway"
        )
    return AhpResult(weights=weights, lambda_max=lambda_max, ci=ci, ri=ri, cr=cr)


def read_ahp_matrix(
    path: Path, indicators: Sequence[str] | None = None
) -> tuple[list[str], np.ndarray]:
    """Read a pairwise-comparison matrix from CSV or YAML.

    CSV: the header row and the first column hold the indicator names (the
    top-left cell is ignored); YAML: ``{indicators: [...], matrix: [[...]]}``.
    Entries are numbers or fractions such as ``1/3``. The text is decoded like
    a street table (:func:`quota.io.files.decode_bytes`: UTF-16 with BOM, UTF-8 with
    or without BOM, else GB18030); at most :data:`MAX_MATRIX_BYTES` are read.

    Parameters
    ----------
    path : pathlib.Path
        ``.csv``, ``.yaml`` or ``.yml`` file.
    indicators : sequence of str, optional
        Return the matrix with rows and columns in this order (the file must
        name exactly these indicators).

    Returns
    -------
    (list of str, numpy.ndarray)
        Indicator names and the float matrix, in matching order. Consistency is
        not checked here (see :func:`compute_ahp_weights`).

    Raises
    ------
    InputError
        Missing, unreadable, not a regular file or larger than
        :data:`MAX_MATRIX_BYTES`, bad layout, an entry that is not a number, or
        indicators that differ from ``indicators``.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".yaml", ".yml"):
        if not path.exists():
            raise InputError(f"{path}: AHP matrix file not found")
        raise InputError(f"{path}: an AHP matrix must be a .csv, .yaml or .yml file")
    text = _read_matrix_text(path)
    if suffix == ".csv":
        names, cells = _read_matrix_csv(path, text)
    else:
        names, cells = _read_matrix_yaml(path, text)
    matrix = np.empty((len(names), len(names)))
    for i, row in enumerate(cells):
        for j, cell in enumerate(row):
            try:
                matrix[i, j] = parse_comparison(cell)
            except InputError as exc:
                raise InputError(f"{path}: cell ({names[i]}, {names[j]}): {exc}") from None
    if indicators is None:
        return names, matrix
    wanted = [str(x) for x in indicators]
    missing = [x for x in wanted if x not in names]
    extra = [x for x in names if x not in wanted]
    if missing or extra or len(wanted) != len(names):
        parts = []
        if missing:
            parts.append(f"missing {', '.join(missing)}")
        if extra:
            parts.append(f"not expected {', '.join(extra)}")
        raise InputError(
            f"{path}: the matrix's indicators do not match ({'; '.join(parts) or 'duplicates'})"
        )
    order = [names.index(x) for x in wanted]
    return wanted, matrix[np.ix_(order, order)]


def _read_matrix_text(path: Path) -> str:
    """The decoded text of an AHP matrix file (UTF-16 with BOM, UTF-8, else GB18030).

    The file must be a regular file of at most :data:`MAX_MATRIX_BYTES` bytes, and no
    more than that is read (:func:`quota.io.files.read_bytes_bounded`).
    """
    raw = read_bytes_bounded(path, MAX_MATRIX_BYTES, MATRIX_WHAT, hint=MATRIX_SIZE_HINT)
    try:
        text = decode_bytes(raw, path)
    except InputError:
        raise InputError(
            f"{path}: cannot decode the AHP matrix as UTF-16, UTF-8 or GB18030 (GBK) text; "
            "save it as CSV UTF-8"
        ) from None
    if "\x00" in text:
        raise InputError(f"{path}: the file holds binary data, not an AHP matrix in CSV or YAML")
    return text


def _read_matrix_csv(path: Path, text: str) -> tuple[list[str], list[list[str]]]:
    try:
        rows = [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    except csv.Error as exc:
        raise InputError(f"{path}: not a valid CSV file ({exc})") from None
    if len(rows) < 2:
        raise InputError(f"{path}: expected a header row and one row per indicator")
    header = [cell.strip() for cell in rows[0][1:]]
    while header and not header[-1]:
        header.pop()
    names = [row[0].strip() for row in rows[1:]]
    if len(names) != len(header):
        raise InputError(
            f"{path}: {len(header)} indicator columns ({', '.join(header)}) but "
            f"{len(names)} indicator rows ({', '.join(names)})"
        )
    if len(set(names)) != len(names):
        raise InputError(f"{path}: indicator names repeat: {', '.join(names)}")
    if set(header) != set(names):
        raise InputError(
            f"{path}: the header ({', '.join(header)}) and the first column ({', '.join(names)}) "
            "must name the same indicators"
        )
    position = {name: j for j, name in enumerate(header)}
    cells: list[list[str]] = []
    for r, row in enumerate(rows[1:], start=2):
        values = [cell.strip() for cell in row[1:]]
        while len(values) > len(header) and not values[-1]:
            values.pop()
        if len(values) != len(header):
            raise InputError(
                f"{path}, row {r} ({names[r - 2]}): expected {len(header)} entries, got {len(values)}"
            )
        cells.append([values[position[name]] for name in names])
    return names, cells


def _read_matrix_yaml(path: Path, text: str) -> tuple[list[str], list[list[Any]]]:
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(doc, dict) or "indicators" not in doc or "matrix" not in doc:
        raise InputError(f"{path}: expected a mapping with keys 'indicators' and 'matrix'")
    unknown = sorted(set(map(str, doc)) - {"indicators", "matrix"})
    if unknown:
        raise InputError(
            f"{path}: unknown key(s) {', '.join(unknown)}; expected 'indicators' and 'matrix'"
        )
    names = doc["indicators"]
    rows = doc["matrix"]
    if not isinstance(names, list) or not names:
        raise InputError(f"{path}: 'indicators' must be a non-empty list")
    if not all(isinstance(x, (str, int, float)) for x in names):
        raise InputError(f"{path}: 'indicators' must be a list of names")
    names = [str(x) for x in names]
    if len(set(names)) != len(names):
        raise InputError(f"{path}: indicator names repeat: {', '.join(names)}")
    if (
        not isinstance(rows, list)
        or len(rows) != len(names)
        or not all(isinstance(row, list) and len(row) == len(names) for row in rows)
    ):
        raise InputError(
            f"{path}: 'matrix' must be a list of {len(names)} rows of {len(names)} entries"
        )
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            if not isinstance(cell, (str, int, float)):
                raise InputError(
                    f"{path}: cell ({names[i]}, {names[j]}) must be a number or a fraction like 1/3"
                )
    return names, rows


# ------------------------------------------------------------------ derivation


def derive_weights(
    method: str,
    values: pd.DataFrame,
    *,
    manual: Mapping[str, float] | None = None,
    ahp_matrix: Sequence[Sequence[float | str]] | np.ndarray | None = None,
    force: bool = False,
    combined: Mapping[str, float] | None = None,
) -> WeightResult:
    """Derive indicator weights by one of :data:`WEIGHT_METHODS`.

    Parameters
    ----------
    method : str
        ``manual``, ``entropy``, ``critic``, ``ahp`` or ``combined``.
    values : pandas.DataFrame
        One row per street, one column per indicator; its columns are the
        indicators, in the order the result uses. Used as given (apply
        transforms first if the derivation should see them).
    manual : mapping of str to float, optional
        Hand-set weights, one per column of ``values`` (needed for ``manual``
        and for a combination that includes it; ignored otherwise).
    ahp_matrix : array_like, optional
        Pairwise comparisons, rows and columns in the order of ``values.columns``;
        numbers or fraction strings (needed for ``ahp``).
    force : bool
        Accept an AHP matrix with ``CR > 0.1``.
    combined : mapping of str to float, optional
        Shares of the component methods, e.g. ``{"ahp": 0.8, "entropy": 0.2}``;
        normalised to sum 1 (needed for ``combined``).

    Returns
    -------
    WeightResult
        Hand-set weights (``manual``, or ``manual`` inside ``combined``) are
        kept as typed in ``given``; when they do not add up to 1 they are
        rescaled, ``rescaled`` is true and ``notices`` says so with the weights
        before and after (as it does for combination shares that do not add up
        to 1).

    Raises
    ------
    InputError
        Unknown method (the message lists the valid ones), missing inputs for
        the method, or any error of the method itself.
    """
    name = str(method).strip().lower()
    if name not in WEIGHT_METHODS:
        raise InputError(
            f"unknown weight method {method!r}; valid methods: {', '.join(WEIGHT_METHODS)}"
        )
    columns = [str(c) for c in values.columns]
    if name != "combined":
        one = _derive_one(name, values, columns, manual, ahp_matrix, force)
        notice = describe_rescaling(one.given) if one.given else None
        return WeightResult(
            weights=one.weights,
            method=name,
            details=one.details,
            given=one.given,
            rescaled=notice is not None,
            notices=() if notice is None else (notice,),
        )
    if not combined:
        raise InputError(
            "weights: combined needs the shares of its methods, e.g. combined: {ahp: 0.8, entropy: 0.2}"
        )
    shares = _check_weight_mapping(combined, what="combination share")
    unknown = [m for m in shares if m not in COMBINABLE_METHODS]
    if unknown:
        raise InputError(
            f"unknown method(s) in combined: {', '.join(unknown)}; valid: {', '.join(COMBINABLE_METHODS)}"
        )
    total = sum(shares.values())
    mix = np.zeros(len(columns))
    details: dict[str, float] = {}
    given: dict[str, float] = {}
    rescaled = False
    notices: list[str] = []
    for component, share in shares.items():
        if share == 0:
            continue
        one = _derive_one(component, values, columns, manual, ahp_matrix, force)
        mix = mix + (share / total) * one.weights.to_numpy()
        details[f"share[{component}]"] = share / total
        details.update(one.details)
        if component == "manual":
            given = one.given
            notice = describe_rescaling(given, "the manual weights")
            rescaled = notice is not None
            notices += [] if notice is None else [notice]
    share_notice = describe_rescaling(shares, "the combination shares")
    if share_notice is not None:
        notices.append(share_notice)
    weights = pd.Series(mix / mix.sum(), index=columns, name="weight", dtype=float)
    return WeightResult(
        weights=weights,
        method="combined",
        details=details,
        given=given,
        rescaled=rescaled,
        notices=tuple(notices),
    )


@dataclass(frozen=True)
class _Derived:
    """One method's weights, its figures and (manual) the weights as typed."""

    weights: pd.Series
    details: dict[str, float] = field(default_factory=dict)
    given: dict[str, float] = field(default_factory=dict)


def _derive_one(
    method: str,
    values: pd.DataFrame,
    columns: list[str],
    manual: Mapping[str, float] | None,
    ahp_matrix: Any,
    force: bool,
) -> _Derived:
    if method == "manual":
        if manual is None:
            raise InputError("weights: manual needs a weight for every indicator")
        typed = {str(k): v for k, v in manual.items()}
        missing = [c for c in columns if c not in typed]
        extra = [k for k in typed if k not in columns]
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"no weight for {', '.join(missing)}")
            if extra:
                parts.append(f"weight for {', '.join(extra)}, which is not an indicator column")
            raise InputError(f"manual weights do not match the indicators: {'; '.join(parts)}")
        w = compute_manual_weights({c: typed[c] for c in columns})
        return _Derived(w, given=_check_weight_mapping({c: typed[c] for c in columns}))
    if method == "entropy":
        e = compute_entropy(values)
        w = compute_entropy_weights(values)
        return _Derived(
            _relabel(w, columns),
            {f"entropy[{c}]": float(v) for c, v in zip(columns, e, strict=True)},
        )
    if method == "critic":
        figures = compute_critic_information(values)
        w = compute_critic_weights(values)
        details = {f"sigma[{c}]": float(v) for c, v in zip(columns, figures["sigma"], strict=True)}
        details.update(
            {
                f"information[{c}]": float(v)
                for c, v in zip(columns, figures["information"], strict=True)
            }
        )
        return _Derived(_relabel(w, columns), details)
    # ahp
    if ahp_matrix is None:
        raise InputError(
            f"weights: ahp needs a pairwise-comparison matrix with one row and column per indicator "
            f"({', '.join(columns)})"
        )
    result = compute_ahp_weights(ahp_matrix, columns, force=force)
    details = {"lambda_max": result.lambda_max, "ci": result.ci, "ri": result.ri, "cr": result.cr}
    return _Derived(result.weights, details)


def _relabel(weights: pd.Series, columns: list[str]) -> pd.Series:
    return pd.Series(weights.to_numpy(dtype=float), index=columns, name="weight", dtype=float)


# ------------------------------------------------------------------- scenarios


@dataclass(frozen=True)
class KindScores:
    """A quota kind's weights, the transforms applied and the resulting scores.

    Attributes
    ----------
    weights : WeightResult
        Weight per indicator and how it was obtained.
    transforms : dict of str to str
        Indicator -> ``none`` / ``sqrt`` / ``log1p``, as applied before normalising.
    score : pandas.Series
        Workload score per street (same index as the values), summing to 1.
    """

    weights: WeightResult
    transforms: dict[str, str]
    score: pd.Series


def derive_kind_scores(
    kind: str,
    values: pd.DataFrame,
    specs: Mapping[str, IndicatorSpec],
    config: WeightsConfig,
) -> KindScores:
    """Weights and workload scores of one quota kind, as its scenario settings say.

    The derived methods (entropy, CRITIC) see each indicator after its
    transform: the same numbers whose shares make up the scores.

    Parameters
    ----------
    kind : str
        Quota kind, named in error messages.
    values : pandas.DataFrame
        One row per street, one column per indicator of ``specs`` [indicator units].
    specs : mapping of str to IndicatorSpec
        Indicator -> hand-set weight (used by ``manual``) and transform.
    config : WeightsConfig
        Weight method, AHP matrix (rows and columns in the order of ``specs``),
        ``force`` and the shares of a combination.

    Returns
    -------
    KindScores
        Its ``weights.notices`` start with ``kinds.<kind>:`` (e.g. hand-set
        weights that were rescaled because they do not add up to 1).

    Raises
    ------
    InputError
        Any problem of the weights or values, prefixed with the kind, e.g. an
        AHP matrix with ``CR > 0.1`` without ``force`` (the message gives the CR).
    """
    names = [str(name) for name in specs]
    transforms = {name: str(specs[name].transform) for name in names}
    try:
        shown = transform_values(
            values.loc[:, names], {k: v for k, v in transforms.items() if v != "none"}
        )
        result = derive_weights(
            config.method,
            shown,
            manual={name: specs[name].weight for name in names},
            ahp_matrix=config.matrix,
            force=config.force,
            combined=config.combined,
        )
        score = compute_scores(
            values.loc[:, names], {str(k): float(v) for k, v in result.weights.items()}, transforms
        )
    except InputError as exc:
        raise InputError(
            [f"{kind}: weights ({config.method}): {p}" for p in exc.problems]
        ) from None
    if result.notices:
        result = replace(result, notices=tuple(f"kinds.{kind}: {n}" for n in result.notices))
    return KindScores(weights=result, transforms=transforms, score=score)


# --------------------------------------------------------------- street tables

#: columns of a street table that are never indicators
NON_INDICATOR_COLUMNS: frozenset[str] = frozenset({"street", "offices", "units"})
#: prefixes of structural columns (quotas, staff, bases, plan figures)
NON_INDICATOR_PREFIXES: tuple[str, ...] = ("current_", "onboard_", "base_", "retiring_")
#: methods ``quota weights`` derives from a street table
TABLE_METHODS: tuple[str, ...] = TABLE_WEIGHT_METHODS
#: headers (compared after :func:`quota.config.columns.normalize_header`) of row-number columns
ROW_NUMBER_HEADERS: frozenset[str] = frozenset({"序号", "行号", "no.", "no", "#"})
#: headers (compared likewise) of code columns
CODE_HEADERS: frozenset[str] = frozenset(
    {"编号", "代码", "编码", "行政区划代码", "区划代码", "统计用区划代码", "id", "code"}
)
#: a column of whole numbers with at least this many digits is a code column (region codes)
CODE_DIGITS = 6
#: reasons given in :attr:`WeightResult.skipped`
SKIP_REASONS: dict[str, str] = {
    "row_numbers": "row numbers",
    "codes": "codes",
    "structure": "structure for the base, not workload",
    "current": "current quotas, not workload",
    "onboard": "staff on board, not workload",
    "base": "base quotas, not workload",
    "retiring": "known departures, not workload",
    "text": "not numbers",
    "empty": "empty cells",
}
_STRUCTURAL_REASONS: dict[str, str] = {
    "current": "current",
    "onboard": "onboard",
    "base": "base",
    "retiring": "retiring",
}


def _is_numeric_column(column: pd.Series) -> bool:
    return bool(
        pd.api.types.is_float_dtype(column) or pd.api.types.is_integer_dtype(column)
    ) and not pd.api.types.is_bool_dtype(column)


def _looks_like_row_numbers(values: FloatArray) -> bool:
    """Values exactly 1, 2, ..., n in table order (n >= 2)."""
    n = len(values)
    return n >= 2 and bool(np.array_equal(values, np.arange(1, n + 1, dtype=float)))


def _looks_like_codes(values: FloatArray) -> bool:
    """Distinct whole numbers, all with the same number (>= CODE_DIGITS) of digits, like 420117001."""
    if len(values) == 0 or not np.all(np.isfinite(values)) or np.any(values != np.round(values)):
        return False
    if np.any(values < 10 ** (CODE_DIGITS - 1)):
        return False
    digits = {len(str(int(v))) for v in values}
    return len(digits) == 1 and len(np.unique(values)) == len(values)


def _skip_reason(name: str, column: pd.Series) -> str | None:
    """Why a street-table column is not a default indicator (a key of SKIP_REASONS), or None."""
    if name in NON_INDICATOR_COLUMNS:
        return "structure"
    for prefix in NON_INDICATOR_PREFIXES:
        if name.startswith(prefix) or name == prefix.rstrip("_"):
            return _STRUCTURAL_REASONS[prefix.rstrip("_")]
    key = normalize_header(name)
    named_row_numbers = key in ROW_NUMBER_HEADERS
    named_code = key in CODE_HEADERS
    if not _is_numeric_column(column):
        if named_row_numbers:
            return "row_numbers"
        return "codes" if named_code else "text"
    values = column.to_numpy(dtype=float, na_value=np.nan)
    if named_row_numbers or (named_code and _looks_like_row_numbers(values)):
        return "row_numbers"
    if named_code:
        return "codes"
    if name not in COLUMN_ALIASES:
        # only columns the alias table does not know are judged by their values: a
        # known indicator (population of 100,000 and more, 1..n communities) never is
        if _looks_like_row_numbers(values):
            return "row_numbers"
        if _looks_like_codes(values):
            return "codes"
    if np.isnan(values).any():
        return "empty"
    return None


def classify_indicator_columns(frame: pd.DataFrame) -> tuple[list[str], dict[str, str]]:
    """A street table's default indicators, and the other columns with why they are left out.

    Left out, besides the street name:

    * row numbers: a header such as 序号 or No., or (for a column the alias table
      does not know) the values 1, 2, ..., n in table order;
    * codes: a header such as 编号, 代码, 行政区划代码 or id, or (for a column the
      alias table does not know) distinct whole numbers of one length of at least
      :data:`CODE_DIGITS` digits, like region codes;
    * structure and staffing: ``offices``, ``units`` and the columns starting with
      ``current_``, ``onboard_``, ``base_`` or ``retiring_``;
    * columns that are not numbers throughout, or have empty cells.

    Returns
    -------
    (list of str, dict of str to str)
        Indicator columns in table order; skipped column -> reason (see
        :data:`SKIP_REASONS`), in table order.
    """
    indicators: list[str] = []
    skipped: dict[str, str] = {}
    for name in frame.columns:
        text = str(name)
        if text == "street":
            continue
        reason = _skip_reason(text, frame[name])
        if reason is None:
            indicators.append(text)
        else:
            skipped[text] = SKIP_REASONS[reason]
    return indicators, skipped


def list_indicator_columns(frame: pd.DataFrame) -> list[str]:
    """Numeric columns of a street table that can be indicators, in table order.

    Leaves out the street name, row numbers and codes, ``offices``, ``units``,
    the columns starting with ``current_``, ``onboard_``, ``base_`` or
    ``retiring_``, and columns that are not numbers throughout (see
    :func:`classify_indicator_columns`, which also says why).
    """
    return classify_indicator_columns(frame)[0]


def format_skipped(skipped: Mapping[str, str]) -> str:
    """One line naming the skipped columns by reason, e.g. ``skipped 序号 (row numbers), 代码 (codes)``.

    Columns with the same reason are listed together:
    ``skipped 内设机构数, 事业单位数 (structure for the base, not workload)``.
    Empty when nothing was skipped.
    """
    groups: dict[str, list[str]] = {}
    for name, reason in skipped.items():
        groups.setdefault(reason, []).append(name)
    if not groups:
        return ""
    return "skipped " + ", ".join(f"{', '.join(names)} ({why})" for why, names in groups.items())


def derive_table_weights(
    table: StreetTable,
    method: str,
    *,
    indicators: Sequence[str] | None = None,
    matrix_path: Path | None = None,
    force: bool = False,
) -> WeightResult:
    """Weights of a street table's indicators by ``entropy``, ``critic`` or ``ahp``.

    Parameters
    ----------
    table : StreetTable
        As read by :func:`quota.io.table.read_table`.
    method : str
        One of :data:`TABLE_METHODS`.
    indicators : sequence of str, optional
        Columns to weigh (canonical or as written in the file, e.g. ``常住人口``).
        Default: every indicator column (:func:`classify_indicator_columns`: not
        row numbers, codes, structure, quotas or staff); for AHP, the indicators
        of the matrix file.
    matrix_path : pathlib.Path, optional
        Pairwise-comparison matrix (CSV or YAML, see :func:`read_ahp_matrix`);
        needed for ``ahp``.
    force : bool
        Accept an AHP matrix with ``CR > 0.1``.

    Returns
    -------
    WeightResult
        With the default indicators (entropy, CRITIC), ``skipped`` names the
        columns left out and why.

    Raises
    ------
    InputError
        Unknown method, a column missing or not numeric (naming file, row and
        column), no indicator columns, a bad matrix, ``CR > 0.1`` without
        ``force``, or any error of the method.
    """
    name = str(method).strip().lower()
    if name not in TABLE_METHODS:
        raise InputError(f"unknown weight method {method!r}; valid: {', '.join(TABLE_METHODS)}")
    wanted = None if indicators is None else [canonical_column(str(x)) for x in indicators]
    if wanted is not None and len(set(wanted)) != len(wanted):
        raise InputError(f"indicators repeat: {', '.join(wanted)}")
    if name == "ahp":
        return _derive_table_ahp(table, wanted, matrix_path, force)
    if matrix_path is not None:
        raise InputError(f"--matrix is only used by the ahp method, not {name}")
    skipped: dict[str, str] = {}
    if wanted is not None:
        columns = wanted
    else:
        columns, skipped = classify_indicator_columns(table.frame)
        # a known indicator with a cell that is not a number is an error, never left out
        broken = [
            c
            for c, why in skipped.items()
            if c in table.bad_cells and c in COLUMN_ALIASES and why == SKIP_REASONS["text"]
        ]
        if broken:
            raise InputError(check_numeric_columns(table, broken))
    if not columns:
        left_out = f" ({format_skipped(skipped)})" if skipped else ""
        raise InputError(
            f"{table.place}: no numeric indicator columns found{left_out}; "
            "name them with --indicators"
        )
    problems = check_numeric_columns(table, columns)
    if problems:
        raise InputError(problems)
    values = table.frame.loc[:, columns].astype(float).reset_index(drop=True)
    return replace(derive_weights(name, values), skipped=skipped)


def _derive_table_ahp(
    table: StreetTable, wanted: list[str] | None, matrix_path: Path | None, force: bool
) -> WeightResult:
    if matrix_path is None:
        raise InputError("the ahp method needs a pairwise-comparison matrix: --matrix FILE")
    names, matrix = read_ahp_matrix(Path(matrix_path))
    canonical = [canonical_column(x) for x in names]
    if len(set(canonical)) != len(canonical):
        raise InputError(f"{matrix_path}: indicator names repeat: {', '.join(names)}")
    if wanted is not None:
        missing = [x for x in wanted if x not in canonical]
        extra = [x for x in canonical if x not in wanted]
        if missing or extra:
            parts = [f"missing {', '.join(missing)}"] if missing else []
            parts += [f"not in --indicators: {', '.join(extra)}"] if extra else []
            raise InputError(
                f"{matrix_path}: the matrix's indicators do not match --indicators ({'; '.join(parts)})"
            )
        order = [canonical.index(x) for x in wanted]
        canonical, matrix = wanted, matrix[np.ix_(order, order)]
    absent = [x for x in canonical if x not in table.frame.columns]
    if absent:
        known = ", ".join(str(c) for c in table.frame.columns if c != "street")
        raise InputError(
            f"{matrix_path}: indicator(s) {', '.join(absent)} are not columns of {table.place}; "
            f"the table has {known}"
        )
    values = pd.DataFrame(index=range(len(table.frame)), columns=canonical, dtype=float)
    try:
        return derive_weights("ahp", values, ahp_matrix=matrix, force=force)
    except InputError as exc:
        raise InputError(
            [
                f"{matrix_path}: {str(p).replace('set force: true', 'pass --force')}"
                for p in exc.problems
            ]
        ) from None


def format_weight_table(result: WeightResult) -> str:
    """The weights as a plain-text table, with the method's figures.

    Entropy adds each indicator's entropy ``e``; CRITIC its ``sigma`` and
    information ``C``; AHP a line with ``lambda_max``, ``CI``, ``RI`` and
    ``CR``. The last lines say which columns were skipped and why
    (:func:`format_skipped`) and repeat the result's notices.
    """
    details = result.details
    extra: list[tuple[str, str]] = []
    if result.method == "entropy":
        extra = [("entropy", "entropy[{}]")]
    elif result.method == "critic":
        extra = [("sigma", "sigma[{}]"), ("information", "information[{}]")]
    names = [str(x) for x in result.weights.index]
    width = max([len("indicator"), *(len(x) for x in names)])
    header = f"{'indicator':<{width}}  {'weight':>8}" + "".join(f"  {t:>11}" for t, _ in extra)
    lines = [f"method: {result.method}", header, "-" * len(header)]
    for name, weight in zip(names, result.weights.to_numpy(dtype=float), strict=True):
        cells = "".join(f"  {details.get(key.format(name), math.nan):>11.6f}" for _, key in extra)
        lines.append(f"{name:<{width}}  {weight:>8.6f}{cells}")
    if result.method == "ahp":
        cr = details.get("cr", 0.0)
        verdict = "acceptable" if cr <= CR_LIMIT else "above the limit, accepted with --force"
        lines.append(
            f"lambda_max = {details.get('lambda_max', math.nan):.6f}, CI = {details.get('ci', 0.0):.6f}, "
            f"RI = {details.get('ri', 0.0):.2f}, CR = {cr:.6f} ({verdict}; limit {CR_LIMIT})"
        )
    if result.skipped:
        lines.append(format_skipped(result.skipped))
    lines.extend(f"note: {notice}" for notice in result.notices)
    return "\n".join(lines)
