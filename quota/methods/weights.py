"""Indicator weights: set by hand or derived, and a kind's workload scores.

A street's workload score is ``s_k = sum_i w_i * share_ki`` with
``share_ki = x_ki / sum_k x_ki`` (after an optional per-indicator transform,
``sqrt`` or ``log1p``) and weights ``w_i >= 0`` summing to 1; scores sum to 1
(the kernel is :func:`quota.methods.scores.compute_share_scores`).

Weights are set by hand (``manual``) or derived:

``entropy`` (熵值法) and ``critic`` (Diakoulaki, Mavrotas & Papayannakis 1995)
    From the data alone: :mod:`quota.methods.entropy_critic`.
``ahp`` (Saaty)
    Principal (Perron) eigenvector of a positive reciprocal pairwise-comparison
    matrix, ``CR > 0.1`` refused unless forced: :mod:`quota.methods.ahp` (the
    matrix file: :mod:`quota.methods.ahp_file`).
``combined``
    A convex combination of the above, e.g. ``{"ahp": 0.8, "entropy": 0.2}``.

Weights of a street table's columns (``quota weights``) are
:mod:`quota.methods.table_weights`. Every function is pure: inputs are never
modified and results are new objects.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from quota.config.schema import WEIGHT_METHODS, IndicatorSpec, WeightsConfig
from quota.errors import InputError, Msg
from quota.locale import MESSAGES, kind_name, msg
from quota.methods.ahp import compute_ahp_weights
from quota.methods.entropy_critic import (
    compute_critic_information,
    compute_critic_weights,
    compute_entropy,
    compute_entropy_weights,
)
from quota.methods.phrases import column_name, join_parts
from quota.methods.scores import check_weight_mapping, compute_scores, transform_values

# WEIGHT_METHODS (accepted by :func:`derive_weights`) comes from quota.config.schema
#: methods that may appear inside ``combined``
COMBINABLE_METHODS: tuple[str, ...] = tuple(m for m in WEIGHT_METHODS if m != "combined")
#: hand-set weights whose sum differs from 1 by more than this are rescaled with a notice
WEIGHT_SUM_TOLERANCE = 1e-9


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
    notices : tuple of str or Msg
        What the user must be told: every rescaling, with the weights before and
        after (see :func:`describe_rescaling`).
    skipped : dict of str to str
        Columns of a street table left out of the indicators, with the reason
        (``row numbers``, ``codes``, ...); filled by
        :func:`quota.methods.table_weights.derive_table_weights`.
    """

    weights: pd.Series
    method: str
    details: dict[str, float] = field(default_factory=dict)
    given: dict[str, float] = field(default_factory=dict)
    rescaled: bool = False
    notices: tuple[str | Msg, ...] = ()
    skipped: dict[str, str] = field(default_factory=dict)


def method_name(method: str) -> str | Msg:
    """A weight method as a message value: 熵值法 in Chinese, ``entropy`` in English.

    A name that is not a method is returned as it is.
    """
    key = f"methods.method.{method}"
    return msg(key) if key in MESSAGES else str(method)


# --------------------------------------------------------------------- manual


def compute_manual_weights(weights: Mapping[str, float]) -> pd.Series:
    """Normalise hand-set weights to sum 1.

    The rescaling is silent here; :func:`derive_weights` reports it with
    :func:`describe_rescaling` in :attr:`WeightResult.notices`.

    Raises
    ------
    InputError
        No weights, a negative or non-finite weight, or all zero.
    """
    w = check_weight_mapping(weights)
    total = sum(w.values())
    return pd.Series({name: value / total for name, value in w.items()}, name="weight", dtype=float)


def _plain_number(value: float) -> str:
    """A typed number as the user would write it: ``0.9`` (not ``0.9000000000000001``), ``2``."""
    rounded = round(float(value), 9)
    return str(int(rounded)) if rounded == int(rounded) else repr(rounded)


def describe_rescaling(
    given: Mapping[str, float], what: str | Msg | None = None, *, of_methods: bool = False
) -> Msg | None:
    """The notice for weights that do not add up to 1, or None when they do.

    Within :data:`WEIGHT_SUM_TOLERANCE` of 1 nothing is said. Otherwise, e.g.
    ``the weights add up to 0.9, not 1; they were rescaled to add up to 1
    (population 0.4 → 0.444, area_km2 0.5 → 0.556)``: every weight as typed and
    as used (three significant digits).

    Parameters
    ----------
    given : mapping of str to float
        Name -> weight as typed (non-negative, not all zero).
    what : str or Msg, optional
        What the numbers are, starting the sentence (default ``the weights``;
        ``the combination shares``).
    of_methods : bool
        The names are weight methods (the shares of a combination), not
        indicators; in Chinese both are named as people do (熵值法, 常住人口).
    """
    total = math.fsum(float(v) for v in given.values())
    if not total > 0 or abs(total - 1.0) <= WEIGHT_SUM_TOLERANCE:
        return None
    pairs = [
        msg(
            "methods.rescale.pair",
            name=method_name(name) if of_methods else column_name(name),
            typed=_plain_number(value),
            used=float(value) / total,
        )
        for name, value in given.items()
    ]
    return msg(
        "methods.rescale.notice",
        what=msg("methods.rescale.weights") if what is None else what,
        total=_plain_number(total),
        pairs=pairs,
    )


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
            msg("methods.weights.unknown_method", method=method, valid=list(WEIGHT_METHODS))
        )
    inputs = _Inputs(values, [str(c) for c in values.columns], manual, ahp_matrix, force)
    if name == "combined":
        return _derive_combined(inputs, combined)
    one = _derive_one(name, inputs)
    notice = describe_rescaling(one.given) if one.given else None
    return WeightResult(
        weights=one.weights,
        method=name,
        details=one.details,
        given=one.given,
        rescaled=notice is not None,
        notices=() if notice is None else (notice,),
    )


@dataclass(frozen=True)
class _Inputs:
    """What the methods of :func:`derive_weights` are given."""

    values: pd.DataFrame
    columns: list[str]
    manual: Mapping[str, float] | None
    ahp_matrix: Any
    force: bool


@dataclass(frozen=True)
class _Derived:
    """One method's weights, its figures and (manual) the weights as typed."""

    weights: pd.Series
    details: dict[str, float] = field(default_factory=dict)
    given: dict[str, float] = field(default_factory=dict)


def _derive_combined(inputs: _Inputs, combined: Mapping[str, float] | None) -> WeightResult:
    """A convex combination of the component methods, with the notices of its rescalings."""
    if not combined:
        raise InputError(msg("methods.weights.combined_needs_shares"))
    shares = check_weight_mapping(combined, what="share")
    unknown = [m for m in shares if m not in COMBINABLE_METHODS]
    if unknown:
        raise InputError(
            msg(
                "methods.weights.combined_unknown",
                methods=unknown,
                valid=list(COMBINABLE_METHODS),
            )
        )
    total = sum(shares.values())
    mix = np.zeros(len(inputs.columns))
    details: dict[str, float] = {}
    given: dict[str, float] = {}
    rescaled = False
    notices: list[str | Msg] = []
    for component, share in shares.items():
        if share == 0:
            continue
        one = _derive_one(component, inputs)
        mix = mix + (share / total) * one.weights.to_numpy()
        details[f"share[{component}]"] = share / total
        details.update(one.details)
        if component == "manual":
            given = one.given
            notice = describe_rescaling(given, msg("methods.rescale.manual"))
            rescaled = notice is not None
            notices += [] if notice is None else [notice]
    share_notice = describe_rescaling(shares, msg("methods.rescale.shares"), of_methods=True)
    if share_notice is not None:
        notices.append(share_notice)
    weights = pd.Series(mix / mix.sum(), index=inputs.columns, name="weight", dtype=float)
    return WeightResult(
        weights=weights,
        method="combined",
        details=details,
        given=given,
        rescaled=rescaled,
        notices=tuple(notices),
    )


def _derive_one(method: str, inputs: _Inputs) -> _Derived:
    if method == "manual":
        return _derive_manual(inputs.columns, inputs.manual)
    columns = inputs.columns
    if method == "entropy":
        e = compute_entropy(inputs.values)
        w = compute_entropy_weights(inputs.values)
        return _Derived(
            _relabel(w, columns),
            {f"entropy[{c}]": float(v) for c, v in zip(columns, e, strict=True)},
        )
    if method == "critic":
        figures = compute_critic_information(inputs.values)
        w = compute_critic_weights(inputs.values)
        details = {f"sigma[{c}]": float(v) for c, v in zip(columns, figures["sigma"], strict=True)}
        details.update(
            {
                f"information[{c}]": float(v)
                for c, v in zip(columns, figures["information"], strict=True)
            }
        )
        return _Derived(_relabel(w, columns), details)
    # ahp
    if inputs.ahp_matrix is None:
        raise InputError(msg("methods.weights.ahp_needs_matrix", columns=columns))
    result = compute_ahp_weights(inputs.ahp_matrix, columns, force=inputs.force)
    return _Derived(result.weights, result.details())


def _derive_manual(columns: list[str], manual: Mapping[str, float] | None) -> _Derived:
    if manual is None:
        raise InputError(msg("methods.weights.manual_needs_weights"))
    typed = {str(k): v for k, v in manual.items()}
    missing = [c for c in columns if c not in typed]
    extra = [k for k in typed if k not in columns]
    if missing or extra:
        parts: list[str | Msg] = []
        if missing:
            parts.append(msg("methods.weights.no_weight_for", names=missing))
        if extra:
            parts.append(msg("methods.weights.weight_for_non_indicator", names=extra))
        raise InputError(msg("methods.weights.manual_mismatch", parts=join_parts(parts)))
    w = compute_manual_weights({c: typed[c] for c in columns})
    return _Derived(w, given=check_weight_mapping({c: typed[c] for c in columns}))


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
            [
                msg(
                    "methods.weights.kind_problem",
                    kind=kind_name(kind),
                    method=method_name(config.method),
                    problem=p,
                )
                for p in exc.problems
            ]
        ) from None
    if result.notices:
        notices = tuple(
            msg("methods.weights.kind_notice", kind=kind_name(kind), notice=n)
            for n in result.notices
        )
        result = replace(result, notices=notices)
    return KindScores(weights=result, transforms=transforms, score=score)
