"""Workload standards: WHO's Workload Indicators of Staffing Need (WISN).

A bottom-up measure of the staff a street needs, following the WISN user's
manual (World Health Organization, 2010), steps 3–6:

1. **Available working time** of one staff member [hours/year]::

       AWT = (A - (B + C + D + E)) * F

   A possible working days, B public holidays, C annual leave, D sick leave,
   E other leave (training, study, ...) [days/year]; F working hours per day.
2. **Standard workload** of an activity [units/year]: what one staff member can
   do in a year, ``AWT / time per unit`` (or ``AWT * units per hour``).
3. **Health-service staff** ``A_k = sum_a workload_ka / standard workload_a``
   [staff] (the activities everyone in the category does and that are counted).
4. **Category allowance factor** ``CAF = 1 / (1 - sum CAS / 100)`` where the
   category allowance standards CAS are the shares of working time [%] every
   staff member spends on support activities (meetings, records, ...).
5. **Individual allowance factor** ``IAF = sum IAS / AWT`` [staff] where the
   individual allowance standards IAS are the hours per year that only some
   staff spend on additional activities (supervision, training others),
   summed over all staff of the category.
6. **Required staff** ``= A_k * CAF + IAF`` [staff].

The WISN ratio (WHO) is ``existing staff / required staff``: 1 means balanced,
below 1 a shortage (workload pressure), above 1 a surplus. The issue's
*pressure ratio* "on board ÷ required" is the same quotient; both functions are
provided so reports can use either name. (Some studies quote the inverse,
``required / existing``, as the "workload pressure"; this module does not.)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from quota.errors import InputError, Msg
from quota.locale import msg
from quota.methods.phrases import join_parts

#: how an activity standard is expressed
STANDARD_UNITS: tuple[str, ...] = ("hours", "minutes", "per-hour")


@dataclass(frozen=True)
class AvailableTime:
    """Working time of one staff member in a year (WISN step 3).

    Attributes
    ----------
    working_days : float
        Possible working days in a year, A [days/year] (e.g. 52 weeks × 5 = 260).
    hours_per_day : float
        Working hours per day, F [hours/day].
    public_holidays, annual_leave, sick_leave, other_leave, training : float
        Days lost per year to each [days/year]: B, C, D and E (E split into
        ``other_leave`` and ``training``; they are added).
    """

    working_days: float
    hours_per_day: float
    public_holidays: float = 0.0
    annual_leave: float = 0.0
    sick_leave: float = 0.0
    other_leave: float = 0.0
    training: float = 0.0


@dataclass(frozen=True)
class ActivityStandard:
    """The standard of one activity (WISN step 4).

    Attributes
    ----------
    value : float
        Time per unit of activity (``unit="hours"`` [h] or ``"minutes"`` [min])
        or rate (``unit="per-hour"`` [units/h]). Positive.
    unit : str
        ``hours``, ``minutes`` or ``per-hour``.
    """

    value: float
    unit: str = "hours"


def _number(value: float, what: Msg) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise InputError(msg("methods.wisn.not_number", what=what, value=value)) from None
    if not math.isfinite(x) or x < 0:
        raise InputError(msg("methods.wisn.not_finite", what=what, value=value))
    return x


def compute_available_time(time: AvailableTime) -> float:
    """Available working time ``(A - (B + C + D + E)) * F`` [hours/year].

    Raises
    ------
    InputError
        A negative or non-finite figure, or absences that leave no working day.
    """
    days = _number(time.working_days, msg("methods.wisn.working_days"))
    hours = _number(time.hours_per_day, msg("methods.wisn.hours_per_day"))
    absences = [
        (msg("methods.wisn.public_holidays"), time.public_holidays),
        (msg("methods.wisn.annual_leave"), time.annual_leave),
        (msg("methods.wisn.sick_leave"), time.sick_leave),
        (msg("methods.wisn.other_leave"), time.other_leave),
        (msg("methods.wisn.training"), time.training),
    ]
    lost = sum(_number(v, msg("methods.wisn.absence_days", absence=k)) for k, v in absences)
    if hours <= 0:
        raise InputError(msg("methods.wisn.hours_not_positive"))
    if lost >= days:
        raise InputError(msg("methods.wisn.no_time_left", lost=lost, days=days))
    return (days - lost) * hours


def compute_standard_workload(standard: ActivityStandard, available_hours: float) -> float:
    """Units of an activity one staff member can do in a year [units/year].

    ``available_hours / hours per unit``, or ``available_hours * units per hour``.

    Raises
    ------
    InputError
        Unknown unit, or a standard that is not a positive number.
    """
    value = _number(standard.value, msg("methods.wisn.standard"))
    if value <= 0:
        raise InputError(msg("methods.wisn.standard_not_positive", value=value))
    unit = str(standard.unit).strip().lower()
    if unit == "hours":
        return available_hours / value
    if unit == "minutes":
        return available_hours * 60.0 / value
    if unit == "per-hour":
        return available_hours * value
    raise InputError(
        msg("methods.wisn.unknown_unit", unit=standard.unit, valid=list(STANDARD_UNITS))
    )


def compute_standard_workloads(
    standards: Mapping[str, ActivityStandard], available_time: AvailableTime
) -> pd.Series:
    """Standard workload of every activity [units/year], named ``standard_workload``."""
    awt = compute_available_time(available_time)
    out = {}
    for name, standard in standards.items():
        try:
            out[str(name)] = compute_standard_workload(standard, awt)
        except InputError as exc:
            raise InputError(
                [msg("methods.wisn.activity_problem", name=name, problem=p) for p in exc.problems]
            ) from None
    return pd.Series(out, name="standard_workload", dtype=float)


def compute_category_allowance_factor(category_allowances: Mapping[str, float]) -> float:
    """``CAF = 1 / (1 - sum CAS / 100)`` with CAS in percent of working time.

    Raises
    ------
    InputError
        A negative allowance, or allowances adding up to 100% or more.
    """
    total = sum(
        _number(v, msg("methods.wisn.category_allowance", name=k))
        for k, v in category_allowances.items()
    )
    if total >= 100.0:
        raise InputError(msg("methods.wisn.category_total", total=total))
    return 1.0 / (1.0 - total / 100.0)


def compute_individual_allowance_factor(
    individual_allowances: Mapping[str, float], available_hours: float
) -> float:
    """``IAF = sum IAS / AWT`` [staff], IAS in hours per year for all staff of the category.

    Raises
    ------
    InputError
        A negative or non-finite allowance.
    """
    total = sum(
        _number(v, msg("methods.wisn.individual_allowance", name=k))
        for k, v in individual_allowances.items()
    )
    return total / available_hours


def _check_workloads(
    workloads: pd.DataFrame, standards: Mapping[str, ActivityStandard]
) -> pd.DataFrame:
    names = [str(c) for c in workloads.columns]
    if not names:
        raise InputError(msg("methods.wisn.no_activities"))
    missing = [c for c in names if c not in {str(k) for k in standards}]
    extra = [str(k) for k in standards if str(k) not in names]
    if missing or extra:
        parts: list[str | Msg] = []
        if missing:
            parts.append(msg("methods.wisn.no_standard_for", names=missing))
        if extra:
            parts.append(msg("methods.wisn.standard_without_column", names=extra))
        raise InputError(msg("methods.wisn.standards_mismatch", parts=join_parts(parts)))
    columns = {}
    for name in workloads.columns:
        raw = pd.to_numeric(workloads[name], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        bad = np.flatnonzero(~np.isfinite(raw) | (raw < 0))
        if bad.size:
            j = int(bad[0])
            raise InputError(
                msg(
                    "methods.wisn.bad_workload",
                    name=name,
                    row=workloads.index[j],
                    value=workloads[name].iloc[j],
                )
            )
        columns[str(name)] = raw
    return pd.DataFrame(columns, index=workloads.index)


def compute_wisn_table(
    workloads: pd.DataFrame,
    standards: Mapping[str, ActivityStandard],
    *,
    available_time: AvailableTime,
    category_allowances: Mapping[str, float],
    individual_allowances: Mapping[str, float],
    onboard: pd.Series | None = None,
) -> pd.DataFrame:
    """Per-street WISN breakdown, for a report.

    Parameters
    ----------
    workloads : pandas.DataFrame
        One row per street (index kept), one column per activity: annual
        workload [units/year].
    standards : mapping of str to ActivityStandard
        One standard per workload column.
    available_time : AvailableTime
        Working time of one staff member.
    category_allowances : mapping of str to float
        Support activities -> share of working time [%].
    individual_allowances : mapping of str to float
        Additional activities -> hours per year for all staff of the category.
    onboard : pandas.Series, optional
        Staff on board per street, same index as ``workloads``.

    Returns
    -------
    pandas.DataFrame
        Columns ``<activity>_staff`` (workload / standard workload) for every
        activity, ``health_service_staff``, ``category_allowance_factor``,
        ``category_adjusted_staff``, ``individual_allowance_factor``,
        ``required_staff`` [staff]; with ``onboard`` also ``onboard``,
        ``difference`` (on board - required) and ``wisn_ratio``.

    Raises
    ------
    InputError
        Any invalid figure, with the activity or street it belongs to.
    """
    table = _check_workloads(workloads, standards)
    awt = compute_available_time(available_time)
    standard_workload = compute_standard_workloads(
        {str(k): v for k, v in standards.items()}, available_time
    )
    caf = compute_category_allowance_factor(category_allowances)
    iaf = compute_individual_allowance_factor(individual_allowances, awt)
    out = pd.DataFrame(index=workloads.index)
    service = np.zeros(len(table))
    for name in table.columns:
        staff = table[name].to_numpy() / standard_workload[name]
        out[f"{name}_staff"] = staff
        service = service + staff
    out["health_service_staff"] = service
    out["category_allowance_factor"] = caf
    out["category_adjusted_staff"] = service * caf
    out["individual_allowance_factor"] = iaf
    out["required_staff"] = service * caf + iaf
    if onboard is not None:
        staff_on_board = _check_onboard(onboard, workloads.index)
        out["onboard"] = staff_on_board.to_numpy()
        out["difference"] = out["onboard"] - out["required_staff"]
        out["wisn_ratio"] = compute_wisn_ratio(staff_on_board, out["required_staff"]).to_numpy()
    return out


def compute_required_staff(
    workloads: pd.DataFrame,
    standards: Mapping[str, ActivityStandard],
    *,
    available_time: AvailableTime,
    category_allowances: Mapping[str, float],
    individual_allowances: Mapping[str, float],
) -> pd.Series:
    """Staff each street requires: ``sum_a workload / standard workload * CAF + IAF`` [staff].

    Parameters are those of :func:`compute_wisn_table`.

    Returns
    -------
    pandas.Series
        Float, named ``required_staff``, same index as ``workloads``.
    """
    table = compute_wisn_table(
        workloads,
        standards,
        available_time=available_time,
        category_allowances=category_allowances,
        individual_allowances=individual_allowances,
    )
    return table["required_staff"].rename("required_staff")


def _check_onboard(onboard: pd.Series | np.ndarray | list[float], index: pd.Index) -> pd.Series:
    series = (
        onboard
        if isinstance(onboard, pd.Series)
        else pd.Series(np.asarray(onboard, dtype=float), index=index)
    )
    if len(series) != len(index) or not series.index.equals(index):
        raise InputError(msg("methods.wisn.onboard_streets"))
    raw = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = np.flatnonzero(~np.isfinite(raw) | (raw < 0))
    if bad.size:
        j = int(bad[0])
        raise InputError(msg("methods.wisn.bad_onboard", row=index[j], value=series.iloc[j]))
    return pd.Series(raw, index=index, dtype=float)


def _ratio(
    onboard: pd.Series | np.ndarray | list[float],
    required: pd.Series | np.ndarray | list[float],
    name: str,
) -> pd.Series:
    req = (
        required
        if isinstance(required, pd.Series)
        else pd.Series(np.asarray(required, dtype=float))
    )
    have = _check_onboard(onboard, req.index)
    need = pd.to_numeric(req, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = np.flatnonzero(~np.isfinite(need) | (need <= 0))
    if bad.size:
        j = int(bad[0])
        raise InputError(msg("methods.wisn.bad_required", row=req.index[j], value=req.iloc[j]))
    return pd.Series(have.to_numpy() / need, index=req.index, name=name, dtype=float)


def compute_wisn_ratio(
    onboard: pd.Series | np.ndarray | list[float], required: pd.Series | np.ndarray | list[float]
) -> pd.Series:
    """WISN ratio (WHO): existing staff ÷ required staff, named ``wisn_ratio``.

    Below 1: shortage, the staff work under pressure; 1: balanced; above 1:
    more staff than the workload needs.

    Raises
    ------
    InputError
        Mismatched streets, negative staff, or a required staff of 0 or less.
    """
    return _ratio(onboard, required, "wisn_ratio")


def compute_pressure_ratio(
    onboard: pd.Series | np.ndarray | list[float], required: pd.Series | np.ndarray | list[float]
) -> pd.Series:
    """Pressure ratio as the issue defines it: on board ÷ required, named ``pressure_ratio``.

    Numerically the WISN ratio (see :func:`compute_wisn_ratio`): below 1 the
    street is short of staff for its measured workload.
    """
    return _ratio(onboard, required, "pressure_ratio")
