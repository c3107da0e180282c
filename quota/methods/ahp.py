"""AHP (Saaty): weights from a pairwise-comparison matrix, and its consistency.

``ahp`` (Saaty)
    Principal (Perron) eigenvector of a positive reciprocal pairwise-comparison
    matrix; ``CI = (lambda_max - n) / (n - 1)``, ``CR = CI / RI(n)`` with
    Saaty's random index; ``CR > 0.1`` is refused unless forced.

Reading a matrix from a file is :mod:`quota.methods.ahp_file`. Every function
is pure: inputs are never modified and results are new objects.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

import numpy as np
import pandas as pd

from quota._typing import FloatArray
from quota.errors import InputError, Msg
from quota.locale import msg

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

#: where the user accepts an inconsistent matrix: the scenario file or the command line
ForceHint = Literal["scenario", "cli"]


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

    def details(self) -> dict[str, float]:
        """The figures a :class:`~quota.methods.weights.WeightResult` reports: ``lambda_max``, ``ci``, ``ri``, ``cr``."""
        return {"lambda_max": self.lambda_max, "ci": self.ci, "ri": self.ri, "cr": self.cr}


def parse_comparison(value: Any) -> float:
    """A pairwise-comparison entry as a float: a number or a fraction such as ``"1/3"``.

    Raises
    ------
    InputError
        Anything else.
    """
    if isinstance(value, bool):
        raise InputError(msg("methods.ahp.not_number", value=value))
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    text = str(value).strip().replace("／", "/").replace(" ", "")
    try:
        return float(Fraction(text))
    except (ValueError, ZeroDivisionError):
        raise InputError(msg("methods.ahp.not_fraction", value=value)) from None


def _cell_problems(exc: InputError, row: str, column: str) -> list[str | Msg]:
    return [
        msg("methods.ahp.cell_problem", row=row, column=column, problem=p) for p in exc.problems
    ]


def _parse_matrix(rows: Any, names: list[str]) -> FloatArray:
    """The entries of a square matrix as floats; each must be a positive finite number."""
    n = len(names)
    a = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            try:
                a[i, j] = parse_comparison(rows[i, j])
            except InputError as exc:
                raise InputError(_cell_problems(exc, names[i], names[j])) from None
            if not (math.isfinite(a[i, j]) and a[i, j] > 0):
                raise InputError(
                    msg("methods.ahp.not_positive", row=names[i], column=names[j], value=a[i, j])
                )
    return a


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
        raise InputError(msg("methods.ahp.no_indicators"))
    if len(set(names)) != n:
        raise InputError(msg("methods.ahp.names_repeat", names=names))
    rows = np.asarray(matrix, dtype=object) if not isinstance(matrix, np.ndarray) else matrix
    if rows.ndim != 2 or rows.shape != (n, n):
        raise InputError(msg("methods.ahp.shape", n=n, names=names, shape=str(tuple(rows.shape))))
    a = _parse_matrix(rows, names)
    for i in range(n):
        if abs(a[i, i] - 1.0) > RECIPROCAL_TOLERANCE:
            raise InputError(msg("methods.ahp.diagonal", name=names[i], value=a[i, i]))
        for j in range(i + 1, n):
            if abs(a[i, j] * a[j, i] - 1.0) > RECIPROCAL_TOLERANCE:
                raise InputError(
                    msg(
                        "methods.ahp.not_reciprocal",
                        row=names[j],
                        column=names[i],
                        value=a[j, i],
                        mirror=a[i, j],
                        expected=1.0 / a[i, j],
                    )
                )
    return a


def compute_ahp_weights(
    matrix: Any,
    indicators: Sequence[str],
    *,
    force: bool = False,
    force_hint: ForceHint = "scenario",
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
    force_hint : {"scenario", "cli"}
        How the message for ``CR > 0.1`` says to force it: ``force: true`` in
        the scenario, or ``--force`` on the command line.

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
        raise InputError(msg("methods.ahp.too_many", limit=max(SAATY_RI), n=n))
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
        advice = (
            msg("methods.ahp.force_cli")
            if force_hint == "cli"
            else msg("methods.ahp.force_scenario")
        )
        raise InputError(
            msg(
                "methods.ahp.inconsistent",
                cr=cr,
                lambda_max=lambda_max,
                ci=ci,
                ri=ri,
                limit=CR_LIMIT,
                advice=advice,
            )
        )
    return AhpResult(weights=weights, lambda_max=lambda_max, ci=ci, ri=ri, cr=cr)
