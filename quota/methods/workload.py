"""Scenario-level workload standards (WISN): required staff per street and kind.

A kind's ``workload:`` block (see :class:`quota.config.schema.WorkloadConfig`) gives
the WHO WISN inputs: the available working time of one staff member, a
standard for each activity, category allowances [% of working time] and
individual allowances [hours/year per street]. Each street's annual workload
of an activity is read from a column of the street table (default: the
activity's name). :mod:`quota.methods.wisn` turns them into the staff each street
requires::

    required_k = sum_a workload_ka / (AWT / time per unit_a) * CAF + IAF

and the pressure ratio ``on board / required`` (below 1: short of staff).

How the required staff is used, per kind:

``use: indicator``
    The kind's indicators may name :data:`WISN_INDICATOR` (``wisn_required``):
    a column of required staff, weighted, transformed and shared out like any
    other indicator.
``use: target``
    The score is ``required_k / sum_k required_k``: the ideal quantified quotas
    are proportional to the required staff, and the kind's indicators are not
    used.

Either way the required staff and the ratio appear in ``Result.scores``
(``wisn_required_<kind>``, ``wisn_ratio_<kind>``) and in the diagnostics.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from quota._typing import FloatArray
from quota.config.schema import AvailableTimeConfig, KindConfig, WeightsConfig, WorkloadConfig
from quota.errors import InputError, Msg
from quota.locale import kind_name, msg
from quota.methods.scores import compute_share_scores
from quota.methods.weights import KindScores, WeightResult, derive_kind_scores
from quota.methods.wisn import (
    ActivityStandard,
    AvailableTime,
    compute_available_time,
    compute_category_allowance_factor,
    compute_individual_allowance_factor,
    compute_wisn_table,
)

#: indicator name under which a kind's required staff can be weighted (``use: indicator``)
WISN_INDICATOR = "wisn_required"
#: weight method reported for a kind whose score is its required staff (``use: target``)
TARGET_METHOD = "wisn-target"


@dataclass(frozen=True)
class KindWorkload:
    """Required staff of one quota kind, street by street.

    Attributes
    ----------
    kind : str
        Quota kind.
    use : str
        ``indicator`` or ``target``.
    breakdown : pandas.DataFrame
        :func:`quota.methods.wisn.compute_wisn_table` per street (index: street names):
        staff per activity, allowance factors, ``required_staff`` [staff] and,
        with staff on board, ``onboard``, ``difference``, ``wisn_ratio``.
    required : float array
        Required staff per street [staff].
    ratio : float array or None
        On board ÷ required per street [-] (``nan`` where nothing is required);
        None when the table has no staff on board for the kind.
    available_hours : float
        Available working time of one staff member [hours/year].
    category_factor : float
        Category allowance factor ``1 / (1 - sum CAS / 100)`` [-].
    individual_factor : float
        Individual allowance factor ``sum IAS / AWT`` [staff].
    """

    kind: str
    use: str
    breakdown: pd.DataFrame
    required: FloatArray
    ratio: FloatArray | None
    available_hours: float
    category_factor: float
    individual_factor: float


def build_available_time(config: AvailableTimeConfig) -> AvailableTime:
    """The :class:`quota.methods.wisn.AvailableTime` of a scenario's ``available_time`` block."""
    return AvailableTime(
        working_days=config.working_days,
        hours_per_day=config.hours_per_day,
        public_holidays=config.public_holidays,
        annual_leave=config.annual_leave,
        sick_leave=config.sick_leave,
        other_leave=config.other_leave,
        training=config.training,
    )


def build_standards(config: WorkloadConfig) -> dict[str, ActivityStandard]:
    """Activity -> :class:`quota.methods.wisn.ActivityStandard`, in the scenario's order."""
    return {
        name: ActivityStandard(value=activity.standard, unit=activity.unit)
        for name, activity in config.activities.items()
    }


def list_workload_columns(kind: str, config: KindConfig) -> dict[str, Msg]:
    """Street-table columns a kind's workload standards read: {column: purpose}."""
    if config.workload is None:
        return {}
    return {
        activity.column or name: msg("methods.workload.purpose", kind=kind_name(kind), name=name)
        for name, activity in config.workload.activities.items()
    }


def is_table_indicator(config: KindConfig, name: str) -> bool:
    """Whether an indicator of the kind is read from the street table.

    False for :data:`WISN_INDICATOR` when the kind has workload standards, and
    for every indicator of a kind whose target is its required staff.
    """
    if config.workload is None:
        return True
    return config.workload.use != "target" and name != WISN_INDICATOR


def compute_workload_ratio(onboard: FloatArray, required: FloatArray) -> FloatArray:
    """On board ÷ required per street [-]; ``nan`` where nothing is required."""
    have = np.asarray(onboard, dtype=np.float64)
    need = np.asarray(required, dtype=np.float64)
    out = np.full(need.shape, np.nan)
    positive = need > 0
    out[positive] = have[positive] / need[positive]
    return out


def compute_kind_workload(
    kind: str,
    config: KindConfig,
    frame: pd.DataFrame,
    onboard: npt.ArrayLike | None = None,
) -> KindWorkload | None:
    """Required staff of one kind from its workload standards and the street table.

    Parameters
    ----------
    kind : str
        Quota kind, named in error messages.
    config : KindConfig
        The kind's settings; None is returned when it has no ``workload`` block.
    frame : pandas.DataFrame
        Street table (``street`` column and the activity columns, already checked
        to be numbers >= 0).
    onboard : array_like of int, optional
        Staff on board of the kind per street [persons], for the ratio.

    Returns
    -------
    KindWorkload or None

    Raises
    ------
    InputError
        Absences that leave no working time, allowances adding up to 100% or
        more, or a bad workload value; the message names the kind.
    """
    workload = config.workload
    if workload is None:
        return None
    streets = pd.Index([str(s) for s in frame["street"]], name="street")
    activities = pd.DataFrame(
        {
            name: frame[activity.column or name].to_numpy(dtype=float)
            for name, activity in workload.activities.items()
        },
        index=streets,
    )
    staff = None if onboard is None else pd.Series(np.asarray(onboard, dtype=float), index=streets)
    time = build_available_time(workload.available_time)
    try:
        breakdown = compute_wisn_table(
            activities,
            build_standards(workload),
            available_time=time,
            category_allowances=workload.category_allowance,
            individual_allowances=workload.individual_allowance,
        )
        hours = compute_available_time(time)
        caf = compute_category_allowance_factor(workload.category_allowance)
        iaf = compute_individual_allowance_factor(workload.individual_allowance, hours)
    except InputError as exc:
        raise _kind_error(kind, exc) from None
    required = breakdown["required_staff"].to_numpy(dtype=float)
    ratio = None
    if staff is not None:
        ratio = compute_workload_ratio(staff.to_numpy(), required)
        breakdown = breakdown.assign(
            onboard=staff.to_numpy(),
            difference=staff.to_numpy() - required,
            wisn_ratio=ratio,
        )
    return KindWorkload(
        kind=kind,
        use=workload.use,
        breakdown=breakdown,
        required=required,
        ratio=ratio,
        available_hours=hours,
        category_factor=caf,
        individual_factor=iaf,
    )


def _kind_error(kind: str, exc: InputError) -> InputError:
    """The problems of a kind's workload standards, each prefixed with the kind."""
    name = kind_name(kind)
    return InputError(
        [msg("methods.workload.kind_problem", kind=name, problem=p) for p in exc.problems]
    )


def build_indicator_values(
    frame: pd.DataFrame, names: list[str], workload: KindWorkload | None
) -> pd.DataFrame:
    """A kind's indicator values, one column per name, rows in table order.

    :data:`WISN_INDICATOR` is the kind's required staff when it has workload
    standards; every other name is a column of ``frame``.
    """
    columns: dict[str, FloatArray] = {}
    for name in names:
        if name == WISN_INDICATOR and workload is not None:
            columns[name] = np.asarray(workload.required, dtype=float)
        else:
            columns[name] = frame[name].to_numpy(dtype=float)
    return pd.DataFrame(columns, index=pd.RangeIndex(len(frame)))


def compute_target_scores(workload: KindWorkload) -> KindScores:
    """Scores proportional to required staff: ``required_k / sum_k required_k``.

    Raises
    ------
    InputError
        When no street requires any staff (the shares are undefined).
    """
    required = np.asarray(workload.required, dtype=np.float64)
    if not float(required.sum()) > 0:
        raise InputError(msg("methods.workload.no_staff_required", kind=kind_name(workload.kind)))
    weights = WeightResult(
        weights=pd.Series({WISN_INDICATOR: 1.0}, name="weight", dtype=float),
        method=TARGET_METHOD,
    )
    shares = compute_share_scores(required[:, np.newaxis], np.array([1.0]))
    score = pd.Series(shares, index=pd.RangeIndex(len(required)), name="score")
    return KindScores(weights=weights, transforms={WISN_INDICATOR: "none"}, score=score)


def compute_kind_scores(
    kind: str,
    config: KindConfig,
    weights: WeightsConfig,
    frame: pd.DataFrame,
    workload: KindWorkload | None,
) -> KindScores:
    """Scores of one kind: from its required staff (``use: target``) or its indicators.

    Parameters
    ----------
    kind : str
        Quota kind.
    config : KindConfig
        The kind's settings (indicators, their weights and transforms).
    weights : WeightsConfig
        How the kind's weights are set or derived.
    frame : pandas.DataFrame
        Street table.
    workload : KindWorkload or None
        The kind's required staff, when it has workload standards.

    Returns
    -------
    KindScores
        Scores indexed 0..n-1 in table order.
    """
    if workload is not None and workload.use == "target":
        return compute_target_scores(workload)
    specs = config.indicator_specs()
    values = build_indicator_values(frame, list(specs), workload)
    return derive_kind_scores(kind, values, specs, weights)


def build_workload_columns(workloads: Mapping[str, KindWorkload]) -> dict[str, FloatArray]:
    """Columns for ``Result.scores``: ``wisn_required_<kind>`` and ``wisn_ratio_<kind>``."""
    columns: dict[str, FloatArray] = {}
    for kind, workload in workloads.items():
        columns[f"wisn_required_{kind}"] = np.asarray(workload.required, dtype=float)
        if workload.ratio is not None:
            columns[f"wisn_ratio_{kind}"] = np.asarray(workload.ratio, dtype=float)
    return columns
