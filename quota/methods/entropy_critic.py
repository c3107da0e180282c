"""Weights derived from the data alone: the entropy-weight method and CRITIC.

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

Every function is pure: inputs are never modified and results are new objects.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from quota.errors import InputError
from quota.locale import msg
from quota.methods.phrases import quoted
from quota.methods.scores import check_indicator_values


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
        raise InputError(msg("methods.entropy.few_streets", n=n))
    x = table.to_numpy(dtype=float)
    totals = x.sum(axis=0)
    empty = [str(c) for c, t in zip(table.columns, totals, strict=True) if not t > 0]
    if empty:
        raise InputError(msg("methods.entropy.zero_sum", names=quoted(empty)))
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
        raise InputError(msg("methods.entropy.all_equal"))
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
        raise InputError(msg("methods.critic.few_streets", n=n))
    x = table.to_numpy(dtype=float)
    lo, hi = x.min(axis=0), x.max(axis=0)
    flat = [str(c) for c, a, b in zip(table.columns, lo, hi, strict=True) if not b > a]
    if flat:
        raise InputError(msg("methods.critic.flat", names=quoted(flat)))
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
        raise InputError(msg("methods.critic.correlated"))
    return pd.Series(c / c.sum(), index=figures.index, name="weight", dtype=float)
