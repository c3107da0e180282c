"""Checks of a transition plan's inputs: settings, the allocation table, known departures.

:func:`check_allocation_table` splits the allocation (``Result.table``) into one
:class:`KindStart` per quota kind, the starting point of
:func:`quota.analysis.transition.build_plan`; :func:`check_departures` indexes a
table of known departures. Every problem found is named in an
:class:`~quota.errors.InputError` (all of them at once where they are independent).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from numbers import Integral, Real
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from quota._typing import IntArray
from quota.analysis.phrases import join_phrases
from quota.errors import InputError, Msg
from quota.io.rows import normalize_street_name
from quota.locale import kind_name, msg

if TYPE_CHECKING:
    from quota.analysis.transition import PlanSettings

#: longest plan horizon accepted [years]
MAX_YEARS = 50
#: columns the allocation table must have for a plan
REQUIRED_COLUMNS: tuple[str, ...] = ("street", "kind", "base", "quantified", "turnover", "onboard")
#: columns of the optional known-departures table
DEPARTURE_COLUMNS: tuple[str, ...] = ("street", "kind", "year", "departures")


@dataclass(frozen=True)
class KindStart:
    """The starting point of one quota kind, taken from the allocation table.

    Attributes
    ----------
    kind : str
        Quota kind name.
    streets : tuple of str
        Street names in table order (the tie-break order).
    rows : int array
        Positions of these streets' rows in the allocation table.
    entitlement : int array
        ``base + quantified`` per street [quotas].
    turnover : int array
        Turnover quotas of the allocation per street [quotas].
    onboard : int array
        Staff on board at the start [people].
    pool : int
        District pool of the kind, turnover included [quotas].
    """

    kind: str
    streets: tuple[str, ...]
    rows: IntArray
    entitlement: IntArray
    turnover: IntArray
    onboard: IntArray
    pool: int


# --------------------------------------------------------------------------- settings


def is_int(value: object) -> bool:
    """True for a whole number type (``bool`` excluded)."""
    return isinstance(value, Integral) and not isinstance(value, bool)


def is_rate(value: object) -> bool:
    """True for a finite real number from 0 up to (not including) 1."""
    return (
        isinstance(value, Real)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
        and 0.0 <= float(value) < 1.0
    )


def check_plan_settings(settings: PlanSettings) -> None:
    """Check the ranges of plan settings.

    Parameters
    ----------
    settings : PlanSettings
        Settings to check.

    Raises
    ------
    InputError
        Years outside 1..:data:`MAX_YEARS`, an attrition rate outside ``[0, 1)``, a
        negative hiring cap, or a non-integer where a whole number is needed.
    """
    problems: list[str | Msg] = []
    if not is_int(settings.years) or not 1 <= int(settings.years) <= MAX_YEARS:
        problems.append(msg("analysis.plan_years", max_years=MAX_YEARS, value=settings.years))
    if not is_int(settings.start_year):
        problems.append(msg("analysis.plan_start_year", value=settings.start_year))
    rates = (
        dict(settings.attrition)
        if isinstance(settings.attrition, Mapping)
        else {"": settings.attrition}
    )
    for kind, rate in rates.items():
        if not is_rate(rate):
            problems.append(
                msg("analysis.attrition_rate_kind", kind=kind_name(kind), rate=rate)
                if kind
                else msg("analysis.attrition_rate", rate=rate)
            )
    caps = (
        dict(settings.hiring_cap)
        if isinstance(settings.hiring_cap, Mapping)
        else {"": settings.hiring_cap}
    )
    for kind, cap in caps.items():
        if cap is not None and (not is_int(cap) or int(cap) < 0):
            problems.append(
                msg("analysis.hiring_cap_kind", kind=kind_name(kind), cap=cap)
                if kind
                else msg("analysis.hiring_cap", cap=cap)
            )
    if problems:
        raise InputError(problems)


def check_settings_kinds(settings: PlanSettings, kinds: Sequence[str]) -> None:
    """Check that per-kind settings name exactly the kinds that exist.

    Parameters
    ----------
    settings : PlanSettings
        Plan settings.
    kinds : sequence of str
        Quota kinds in the allocation table.

    Raises
    ------
    InputError
        A kind without an attrition rate, or a rate or cap for a kind the table lacks.
    """
    problems: list[str | Msg] = []
    known = [kind_name(k) for k in kinds]
    if isinstance(settings.attrition, Mapping):
        missing = [kind_name(k) for k in kinds if k not in settings.attrition]
        if missing:
            problems.append(msg("analysis.no_rate_for_kinds", kinds=missing))
        problems += [
            msg("analysis.rate_for_absent_kind", kind=kind_name(k), known=known)
            for k in settings.attrition
            if k not in kinds
        ]
    if isinstance(settings.hiring_cap, Mapping):
        problems += [
            msg("analysis.cap_for_absent_kind", kind=kind_name(k), known=known)
            for k in settings.hiring_cap
            if k not in kinds
        ]
    if problems:
        raise InputError(problems)


# ---------------------------------------------------------------- the allocation table


def _read_counts(table: pd.DataFrame, column: str, what: Msg) -> IntArray:
    """Whole non-negative numbers of a column, or an InputError naming the rows."""
    values = pd.to_numeric(table[column], errors="coerce")
    streets = table["street"].astype(str).tolist()
    kinds = table["kind"].astype(str).tolist()
    bad = [
        msg("analysis.street_kind", street=streets[i], kind=kind_name(kinds[i]))
        for i, v in enumerate(values.tolist())
        if v is None or v is pd.NA or not math.isfinite(float(v)) or float(v) < 0 or float(v) % 1
    ]
    if bad:
        raise InputError(msg("analysis.bad_counts", column=column, what=what, streets=bad))
    return np.asarray([int(v) for v in values.tolist()], dtype=np.int64)


def _check_shape(table: pd.DataFrame) -> None:
    """The required columns are there and the table has rows."""
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    if missing:
        raise InputError(msg("analysis.alloc_lacks_columns", columns=missing))
    if len(table) == 0:
        raise InputError(msg("analysis.alloc_empty"))


def _check_onboard_given(table: pd.DataFrame, streets: list[str], kinds: list[str]) -> None:
    """Every row has staff on board; else name the kinds, streets and columns missing."""
    no_onboard = table["onboard"].isna().to_numpy()
    if not no_onboard.any():
        return
    rows = np.flatnonzero(no_onboard)
    absent = sorted({kinds[i] for i in rows}, key=kinds.index)
    groups = [
        msg(
            "analysis.no_onboard_kind",
            kind=kind_name(k),
            streets=[streets[i] for i in rows if kinds[i] == k],
        )
        for k in absent
    ]
    raise InputError(
        msg(
            "analysis.no_onboard",
            groups=join_phrases(groups, "；", "; "),
            columns=[f"onboard_{k}" for k in absent],
        )
    )


def _check_unique_rows(streets: list[str], kinds: list[str]) -> None:
    """One row per street and kind; names compare as everywhere else."""
    # names compare as everywhere else: NFKC, and "东城 街道" is "东城街道"
    pairs = [(normalize_street_name(s), k) for s, k in zip(streets, kinds, strict=True)]
    counts = Counter(pairs)
    first_row: dict[tuple[str, str], int] = {}
    for i, pair in enumerate(pairs):
        first_row.setdefault(pair, i)
    duplicates = [p for p in first_row if counts[p] > 1]
    if duplicates:
        rows = [
            msg("analysis.street_and_kind", street=streets[first_row[p]], kind=kind_name(p[1]))
            for p in duplicates
        ]
        raise InputError(msg("analysis.duplicate_rows", rows=rows))


def _check_pools_and_staff(
    order: list[str],
    pools: Mapping[str, int],
    streets: list[str],
    kinds: list[str],
    counts: Mapping[str, IntArray],
) -> None:
    """Every kind has a whole pool and nobody is on board above a street's total quota."""
    no_pool = [k for k in order if k not in pools]
    if no_pool:
        raise InputError(msg("analysis.no_pool", kinds=[kind_name(k) for k in no_pool]))
    problems: list[str | Msg] = [
        msg("analysis.bad_pool", kind=kind_name(kind), pool=pools[kind])
        for kind in order
        if not is_int(pools[kind]) or int(pools[kind]) < 0
    ]
    entitlement, turnover, onboard = counts["entitlement"], counts["turnover"], counts["onboard"]
    above: list[str | Msg] = [
        msg(
            "analysis.onboard_above_total",
            street=streets[i],
            kind=kind_name(kinds[i]),
            onboard=onboard[i],
            total=entitlement[i] + turnover[i],
            entitlement=entitlement[i],
            turnover=turnover[i],
        )
        for i in range(len(streets))
        if onboard[i] > entitlement[i] + turnover[i]
    ]
    if above:
        problems += [*above, msg("analysis.needs_no_dismissal")]
    if problems:
        raise InputError(problems)


def _split_kinds(
    order: list[str],
    pools: Mapping[str, int],
    streets: list[str],
    kinds: list[str],
    counts: Mapping[str, IntArray],
) -> list[KindStart]:
    """One :class:`KindStart` per kind; a kind handing out more quotas than its pool is an error."""
    entitlement, turnover, onboard = counts["entitlement"], counts["turnover"], counts["onboard"]
    problems: list[str | Msg] = []
    starts: list[KindStart] = []
    for kind in order:
        rows = np.asarray([i for i in range(len(kinds)) if kinds[i] == kind], dtype=np.int64)
        pool = int(pools[kind])
        given = int(entitlement[rows].sum() + turnover[rows].sum())
        if given > pool:
            problems.append(
                msg(
                    "analysis.pool_exceeded",
                    kind=kind_name(kind),
                    given=given,
                    entitlement=int(entitlement[rows].sum()),
                    turnover=int(turnover[rows].sum()),
                    pool=pool,
                )
            )
        starts.append(
            KindStart(
                kind=kind,
                streets=tuple(streets[i] for i in rows),
                rows=rows,
                entitlement=entitlement[rows],
                turnover=turnover[rows],
                onboard=onboard[rows],
                pool=pool,
            )
        )
    if problems:
        raise InputError(problems)
    return starts


def check_allocation_table(table: pd.DataFrame, pools: Mapping[str, int]) -> list[KindStart]:
    """Check the allocation table and split it into one starting point per kind.

    Parameters
    ----------
    table : DataFrame
        The allocation table (``Result.table``): one row per street and kind with at
        least :data:`REQUIRED_COLUMNS`.
    pools : mapping of str to int
        District pool per kind, turnover included [quotas].

    Returns
    -------
    list of KindStart
        One per kind, in order of first appearance in the table.

    Raises
    ------
    InputError
        Missing columns or staff on board, bad numbers, duplicate rows, a kind
        without pool, staff above a street's total quota, or quotas above the pool.
    """
    _check_shape(table)
    streets = table["street"].astype(str).tolist()
    kinds = table["kind"].astype(str).tolist()
    _check_onboard_given(table, streets, kinds)
    _check_unique_rows(streets, kinds)
    base = _read_counts(table, "base", msg("analysis.count_base"))
    quantified = _read_counts(table, "quantified", msg("analysis.count_quantified"))
    counts = {
        "entitlement": base + quantified,
        "turnover": _read_counts(table, "turnover", msg("analysis.count_turnover")),
        "onboard": _read_counts(table, "onboard", msg("analysis.count_onboard")),
    }
    order = list(dict.fromkeys(kinds))
    _check_pools_and_staff(order, pools, streets, kinds, counts)
    return _split_kinds(order, pools, streets, kinds, counts)


# -------------------------------------------------------------------- known departures


def _is_whole(value: object) -> bool:
    if value is None or value is pd.NA or isinstance(value, bool):
        return False
    if isinstance(value, Integral):
        return True
    return isinstance(value, Real) and math.isfinite(float(value)) and float(value) % 1 == 0


def check_departures(
    departures: pd.DataFrame, starts: Sequence[KindStart], years: Sequence[int]
) -> dict[tuple[str, int, int], int]:
    """Check a known-departures table and index it.

    Parameters
    ----------
    departures : DataFrame
        Columns :data:`DEPARTURE_COLUMNS`: street, kind, year (a plan year label) and
        the number of people known to leave that year [people].
    starts : sequence of KindStart
        The kinds and streets of the allocation.
    years : sequence of int
        Plan year labels; rows for other years are ignored.

    Returns
    -------
    dict
        ``(kind, street position within the kind, year) -> departures``.

    Raises
    ------
    InputError
        Missing columns, unknown street or kind, a bad count or year, or two rows
        for the same street, kind and year.
    """
    missing = [c for c in DEPARTURE_COLUMNS if c not in departures.columns]
    if missing:
        raise InputError(msg("analysis.departures_lacks_columns", columns=missing))
    # names are matched as everywhere else: NFKC, spaces folded (（东） == (东)), no spaces
    # between Chinese characters ("东城 街道" == "东城街道"); see quota.io.rows.normalize_street_name
    position = {
        (s.kind, normalize_street_name(street)): i
        for s in starts
        for i, street in enumerate(s.streets)
    }
    plan_years = set(years)
    known: dict[tuple[str, int, int], int] = {}
    problems: list[str | Msg] = []
    records = zip(
        departures["street"].tolist(),
        departures["kind"].tolist(),
        departures["year"].tolist(),
        departures["departures"].tolist(),
        strict=True,
    )
    for row, (street, kind, year, count) in enumerate(records, start=1):
        where = {"row": row, "street": street, "kind": kind_name(str(kind)), "year": year}
        name = normalize_street_name(str(street))
        if (str(kind), name) not in position:
            problems.append(msg("analysis.departure_unknown", **where))
            continue
        if not _is_whole(year):
            problems.append(msg("analysis.departure_bad_year", **where))
            continue
        if not _is_whole(count) or float(count) < 0:
            problems.append(msg("analysis.departure_bad_count", **where, count=count))
            continue
        if int(year) not in plan_years:
            continue
        key = (str(kind), position[(str(kind), name)], int(year))
        if key in known:
            problems.append(msg("analysis.departure_twice", **where))
            continue
        known[key] = int(count)
    if problems:
        raise InputError(problems)
    return known
