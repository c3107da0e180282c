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
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import yaml

from quota.errors import InputError
from quota.io import StreetTable, check_numeric_columns
from quota.schema import IndicatorSpec, WeightsConfig, canonical_column

#: weight derivation methods accepted by :func:`derive_weights`
WEIGHT_METHODS: tuple[str, ...] = ("manual", "entropy", "critic", "ahp", "combined")
#: methods that may appear inside ``combined``
COMBINABLE_METHODS: tuple[str, ...] = ("manual", "entropy", "critic", "ahp")
#: transforms applied to an indicator before it is normalised to shares
TRANSFORMS: tuple[str, ...] = ("none", "sqrt", "log1p")
#: largest acceptable AHP consistency ratio
CR_LIMIT = 0.1
#: ``a_ij * a_ji`` may differ from 1 by this much (so 0.33 for 1/3 is accepted)
RECIPROCAL_TOLERANCE = 0.05

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
        Weight per indicator (index: indicator names in the order of the data
        columns), non-negative, summing to 1.
    method : str
        One of :data:`WEIGHT_METHODS`.
    details : dict of str to float
        Figures worth reporting: ``lambda_max``, ``ci``, ``ri``, ``cr`` for AHP;
        ``entropy[<indicator>]`` for entropy; ``sigma[<indicator>]`` and
        ``information[<indicator>]`` for CRITIC; ``share[<method>]`` for a
        combination (plus its components' details).
    """

    weights: pd.Series
    method: str
    details: dict[str, float] = field(default_factory=dict)


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
        if kind == "none":
            continue
        if kind == "sqrt":
            out[name] = np.sqrt(clean[name].to_numpy())
        elif kind == "log1p":
            out[name] = np.log1p(clean[name].to_numpy())
        else:
            raise InputError(
                f"unknown transform {how!r} for indicator {name!r}; valid: {', '.join(TRANSFORMS)}"
            )
    return out


# ---------------------------------------------------------------------- scores


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
    score = np.zeros(len(table))
    for name in used:
        column = table[name].to_numpy()
        score = score + (w[name] / total_weight) * (column / column.sum())
    return pd.Series(score, index=values.index, name="score", dtype=float)


# --------------------------------------------------------------------- methods


def compute_manual_weights(weights: Mapping[str, float]) -> pd.Series:
    """Normalise hand-set weights to sum 1.

    Raises
    ------
    InputError
        No weights, a negative or non-finite weight, or all zero.
    """
    w = _check_weight_mapping(weights)
    total = sum(w.values())
    return pd.Series({name: value / total for name, value in w.items()}, name="weight", dtype=float)


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


def check_comparison_matrix(matrix: Any, indicators: Sequence[str]) -> npt.NDArray[np.float64]:
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
    Entries are numbers or fractions such as ``1/3``. CSV is read as UTF-8
    (with or without BOM), else GB18030.

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
        Missing or unreadable file, bad layout, an entry that is not a number,
        or indicators that differ from ``indicators``.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: AHP matrix file not found")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        names, cells = _read_matrix_csv(path)
    elif suffix in (".yaml", ".yml"):
        names, cells = _read_matrix_yaml(path)
    else:
        raise InputError(f"{path}: an AHP matrix must be a .csv, .yaml or .yml file")
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


def _decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise InputError(f"{path}: cannot decode the file as UTF-8 or GB18030") from None


def _read_matrix_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    rows = [
        row for row in csv.reader(io.StringIO(_decode(path))) if any(cell.strip() for cell in row)
    ]
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


def _read_matrix_yaml(path: Path) -> tuple[list[str], list[list[Any]]]:
    try:
        doc = yaml.safe_load(_decode(path))
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
        weights, found = _derive_one(name, values, columns, manual, ahp_matrix, force)
        return WeightResult(weights=weights, method=name, details=found)
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
    for component, share in shares.items():
        if share == 0:
            continue
        w, sub = _derive_one(component, values, columns, manual, ahp_matrix, force)
        mix = mix + (share / total) * w.to_numpy()
        details[f"share[{component}]"] = share / total
        details.update(sub)
    weights = pd.Series(mix / mix.sum(), index=columns, name="weight", dtype=float)
    return WeightResult(weights=weights, method="combined", details=details)


def _derive_one(
    method: str,
    values: pd.DataFrame,
    columns: list[str],
    manual: Mapping[str, float] | None,
    ahp_matrix: Any,
    force: bool,
) -> tuple[pd.Series, dict[str, float]]:
    if method == "manual":
        if manual is None:
            raise InputError("weights: manual needs a weight for every indicator")
        given = {str(k): v for k, v in manual.items()}
        missing = [c for c in columns if c not in given]
        extra = [k for k in given if k not in columns]
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"no weight for {', '.join(missing)}")
            if extra:
                parts.append(f"weight for {', '.join(extra)}, which is not an indicator column")
            raise InputError(f"manual weights do not match the indicators: {'; '.join(parts)}")
        w = compute_manual_weights({c: given[c] for c in columns})
        return w, {}
    if method == "entropy":
        e = compute_entropy(values)
        w = compute_entropy_weights(values)
        return _relabel(w, columns), {
            f"entropy[{c}]": float(v) for c, v in zip(columns, e, strict=True)
        }
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
        return _relabel(w, columns), details
    # ahp
    if ahp_matrix is None:
        raise InputError(
            f"weights: ahp needs a pairwise-comparison matrix with one row and column per indicator "
            f"({', '.join(columns)})"
        )
    result = compute_ahp_weights(ahp_matrix, columns, force=force)
    details = {"lambda_max": result.lambda_max, "ci": result.ci, "ri": result.ri, "cr": result.cr}
    return result.weights, details


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
    return KindScores(weights=result, transforms=transforms, score=score)


# --------------------------------------------------------------- street tables

#: columns of a street table that are never indicators
NON_INDICATOR_COLUMNS: frozenset[str] = frozenset({"street", "offices", "units"})
#: prefixes of structural columns (quotas, staff, bases, plan figures)
NON_INDICATOR_PREFIXES: tuple[str, ...] = ("current_", "onboard_", "base_", "retiring_")
#: methods ``quota weights`` derives from a street table
TABLE_METHODS: tuple[str, ...] = ("entropy", "critic", "ahp")


def list_indicator_columns(frame: pd.DataFrame) -> list[str]:
    """Numeric columns of a street table that can be indicators, in table order.

    Leaves out the street name, ``offices``, ``units`` and the columns starting
    with ``current_``, ``onboard_``, ``base_`` or ``retiring_``, and columns that
    are not numbers throughout.
    """
    out = []
    for name in frame.columns:
        text = str(name)
        if text in NON_INDICATOR_COLUMNS or text.startswith(NON_INDICATOR_PREFIXES):
            continue
        if not pd.api.types.is_float_dtype(frame[name]) and not pd.api.types.is_integer_dtype(
            frame[name]
        ):
            continue
        if frame[name].isna().any():
            continue
        out.append(text)
    return out


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
        As read by :func:`quota.io.read_table`.
    method : str
        One of :data:`TABLE_METHODS`.
    indicators : sequence of str, optional
        Columns to weigh (canonical or as written in the file, e.g. ``常住人口``).
        Default: every indicator column (:func:`list_indicator_columns`); for AHP,
        the indicators of the matrix file.
    matrix_path : pathlib.Path, optional
        Pairwise-comparison matrix (CSV or YAML, see :func:`read_ahp_matrix`);
        needed for ``ahp``.
    force : bool
        Accept an AHP matrix with ``CR > 0.1``.

    Returns
    -------
    WeightResult

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
    columns = wanted if wanted is not None else list_indicator_columns(table.frame)
    if not columns:
        raise InputError(
            f"{table.place}: no numeric indicator columns found; name them with --indicators"
        )
    problems = check_numeric_columns(table, columns)
    if problems:
        raise InputError(problems)
    values = table.frame.loc[:, columns].astype(float).reset_index(drop=True)
    return derive_weights(name, values)


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
            [f"{matrix_path}: {p.replace('set force: true', 'pass --force')}" for p in exc.problems]
        ) from None


def format_weight_table(result: WeightResult) -> str:
    """The weights as a plain-text table, with the method's figures.

    Entropy adds each indicator's entropy ``e`` and ``1 - e``; CRITIC its
    ``sigma`` and information ``C``; AHP a line with ``lambda_max``, ``CI``,
    ``RI`` and ``CR``.
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
    return "\n".join(lines)
