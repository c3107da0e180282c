"""Multi-year transition from the staff on board to the new entitlement, without dismissals.

A new allocation is a target; people are not moved overnight ("编随事走、人随编走").
:func:`build_plan` walks year by year from the allocation table's staff on board
towards each street's entitlement (``base + quantified``), per quota kind.

The rules, per year ``y``, street ``k`` and kind (all numbers are whole people or quotas):

1. ``onboard_start(y) = onboard_end(y - 1)``; year one starts from the table's ``onboard``.
2. **Departures.** Known departures (retirements given per street, kind and year)
   replace the rate for that street, kind and year. Every other street is due
   ``x = rate * onboard_start + carry`` people, where ``carry`` (in ``(-1, 1)``) is what
   the rounding of earlier years left over for that street. The district total of
   those streets is ``floor(sum(x) + 1/2)``; each street loses ``floor(x)`` and the
   remaining people go to the largest fractional parts, ties to the street listed
   first (largest remainder, see
   :func:`quota.analysis.transition_steps.compute_departures`). So a street of 20 at
   4% loses about 8 people in 10 years instead of never winning a round-up, and
   each street's departures stay within one person of ``rate * sum(onboard_start)``.
   Arithmetic is exact (rates are read as the decimal the user wrote, e.g.
   ``0.04 = 1/25``).
3. **Turnover.** After departures, an over-staffed street keeps
   ``turnover = max(0, onboard_after - entitlement)`` temporary quotas; the rest
   returns to the district pool. Because nobody is hired above entitlement,
   turnover never grows from one year to the next (nor above the allocation's).
4. **Hires.** An under-staffed street hires up to its entitlement. The district
   may hire at most ``hiring_cap`` people per year and kind, and never more people
   than its pool. When that limit binds, :func:`quota.analysis.hiring.solve_hiring`
   decides who hires first with a small integer program (largest relative shortfall
   first).
5. Nobody is dismissed and ``onboard_end <= total = entitlement + turnover``.

Since hires never enlarge a street's total quota and turnover only shrinks, the
district's quotas in use ``sum(total)`` never exceed the pool once the
allocation itself fits in it (checked on input).

:attr:`Plan.reach_year` gives the first year in which a street's staff on board
equals its entitlement; beyond the horizon the same rules run on at the rate
alone (no known departures), up to
:data:`~quota.analysis.transition_steps.PROJECTION_LIMIT` years after the start, and
stop early when staff and carries repeat a state they were in before (then the
streets not yet at entitlement never get there).

This module holds the settings, the plan and :func:`build_plan`; the checks of the
inputs are in :mod:`quota.analysis.transition_checks`, the yearly steps in
:mod:`quota.analysis.transition_steps` and the hiring program in
:mod:`quota.analysis.hiring`.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from quota.analysis.transition_checks import (
    KindStart,
    check_allocation_table,
    check_departures,
    check_plan_settings,
    check_settings_kinds,
)
from quota.analysis.transition_steps import YearStep, compute_kind_plan, read_exact

#: columns of :attr:`Plan.table`, in order
PLAN_COLUMNS: tuple[str, ...] = (
    "year",
    "street",
    "kind",
    "entitlement",
    "turnover",
    "total",
    "onboard_start",
    "departures",
    "hires",
    "onboard_end",
)
#: columns of :attr:`Plan.summary`, in order
SUMMARY_COLUMNS: tuple[str, ...] = (
    "year",
    "kind",
    "entitlement",
    "onboard_start",
    "departures",
    "hires",
    "onboard_end",
    "turnover",
    "total",
    "pool",
    "reserve",
    "vacancies",
    "hiring_cap",
)
#: the per-street numbers of a plan year, as in :class:`YearStep` (entitlement first)
_FIELDS: tuple[str, ...] = (
    "entitlement",
    "turnover",
    "onboard_start",
    "departures",
    "hires",
    "onboard_end",
)


@dataclass(frozen=True)
class PlanSettings:
    """Parameters of a transition plan; checked on construction.

    Attributes
    ----------
    years : int
        Plan horizon [years], 1 to
        :data:`~quota.analysis.transition_checks.MAX_YEARS`.
    attrition : float or mapping of str to float
        Share of staff on board leaving per year [1/year], ``0 <= rate < 1``; one rate
        for every kind or one per kind (then every kind in the table needs a rate).
    hiring_cap : int, mapping of str to int, or None
        Most people the district may hire per year and kind [people/year]; an int
        applies to each kind separately; kinds missing from a mapping, and ``None``,
        mean no cap.
    start_year : int
        Label of the first plan year (``1`` or a calendar year such as ``2026``).
    """

    years: int
    attrition: float | Mapping[str, float]
    hiring_cap: int | Mapping[str, int] | None
    start_year: int = 1

    def __post_init__(self) -> None:
        check_plan_settings(self)

    @property
    def plan_years(self) -> list[int]:
        """Year labels of the horizon, ``start_year`` to ``start_year + years - 1``."""
        return list(range(self.start_year, self.start_year + self.years))


@dataclass(frozen=True, eq=False)
class Plan:
    """A year-by-year transition plan.

    Attributes
    ----------
    table : DataFrame
        One row per year, street and kind (year first, then the allocation table's
        order), columns :data:`PLAN_COLUMNS`, all counts int64 [people or quotas];
        ``total = entitlement + turnover``.
    reach_year : DataFrame
        ``street, kind, year`` (Int64): first year whose ``onboard_end`` equals the
        entitlement; a year after the horizon is a projection at the attrition rate;
        ``<NA>`` if never (e.g. rate 0 for an over-staffed street) or not within
        :data:`~quota.analysis.transition_steps.PROJECTION_LIMIT` years.
    hiring_by_year : DataFrame
        ``street, kind``, one int column per plan year (label = the year) with that
        year's hires [people], and ``total``.
    summary : DataFrame
        One row per year and kind, columns :data:`SUMMARY_COLUMNS`: district sums
        of the plan table, ``pool``, ``reserve = pool - total`` (quotas held by the
        district), ``vacancies`` (entitlement still unfilled at year end) and
        ``hiring_cap`` (Int64, ``<NA>`` without cap).
    settings : PlanSettings
        The settings the plan was built with.
    """

    table: pd.DataFrame
    reach_year: pd.DataFrame
    hiring_by_year: pd.DataFrame
    summary: pd.DataFrame
    settings: PlanSettings

    @property
    def last_year(self) -> int:
        """Label of the last plan year."""
        return self.settings.start_year + self.settings.years - 1


# ------------------------------------------------------------------------ building


def build_plan(
    table: pd.DataFrame,
    pools: Mapping[str, int],
    settings: PlanSettings,
    departures: pd.DataFrame | None = None,
) -> Plan:
    """Build the year-by-year transition plan from an allocation.

    Parameters
    ----------
    table : DataFrame
        The allocation table (``Result.table``), one row per street and kind, with at
        least ``street, kind, base, quantified, turnover, onboard`` [quotas, people].
    pools : mapping of str to int
        District pool per kind, turnover included [quotas].
    settings : PlanSettings
        Horizon, attrition, hiring cap and first year label.
    departures : DataFrame, optional
        Known departures, columns ``street, kind, year, departures`` [people]; they
        replace the attrition rate for that street, kind and year. Rows for years
        outside the horizon are ignored.

    Returns
    -------
    Plan
        The plan table, year of reach, hires per year and district summary.

    Raises
    ------
    InputError
        Bad or inconsistent input (see
        :func:`~quota.analysis.transition_checks.check_allocation_table`,
        :func:`~quota.analysis.transition_checks.check_settings_kinds`,
        :func:`~quota.analysis.transition_checks.check_departures`).
    SolverError
        A hiring program did not solve.
    """
    starts = check_allocation_table(table, pools)
    check_settings_kinds(settings, [s.kind for s in starts])
    years = settings.plan_years
    known = check_departures(departures, starts, years) if departures is not None else {}
    runs: list[tuple[KindStart, list[YearStep], list[int | None]]] = []
    for start in starts:
        cap = _read_cap(settings, start.kind)
        steps, reach = compute_kind_plan(start, _read_rate(settings, start.kind), cap, years, known)
        runs.append((start, steps, reach))
    grid, reach_of_row = _fill_grid(runs, len(table), len(years))
    summary_rows = [
        _summarize_year(year, start, steps[y], _read_cap(settings, start.kind))
        for y, year in enumerate(years)
        for start, steps, _ in runs
    ]
    streets = table["street"].astype(str).tolist()
    kinds = table["kind"].astype(str).tolist()
    summary = pd.DataFrame(summary_rows, columns=list(SUMMARY_COLUMNS))
    summary["hiring_cap"] = summary["hiring_cap"].astype("Int64")
    summary["kind"] = summary["kind"].astype("str")
    return Plan(
        table=_plan_table(grid, streets, kinds, years),
        reach_year=pd.DataFrame(
            {
                "street": pd.array(streets, dtype="str"),
                "kind": pd.array(kinds, dtype="str"),
                "year": pd.array(reach_of_row, dtype="Int64"),
            }
        ),
        hiring_by_year=_hiring_table(grid["hires"], streets, kinds, years),
        summary=summary,
        settings=settings,
    )


def _read_rate(settings: PlanSettings, kind: str) -> Fraction:
    rate = (
        settings.attrition[kind] if isinstance(settings.attrition, Mapping) else settings.attrition
    )
    return read_exact(rate)


def _read_cap(settings: PlanSettings, kind: str) -> int | None:
    cap = settings.hiring_cap
    if isinstance(cap, Mapping):
        cap = cap.get(kind)
    return None if cap is None else int(cap)


def _fill_grid(
    runs: Sequence[tuple[KindStart, list[YearStep], list[int | None]]], n_rows: int, n_years: int
) -> tuple[dict[str, np.ndarray], list[int | None]]:
    """Per field of :data:`_FIELDS` a (years, table rows) array; the year of reach per row."""
    grid = {f: np.zeros((n_years, n_rows), dtype=np.int64) for f in _FIELDS}
    reach_of_row: list[int | None] = [None] * n_rows
    for start, steps, reach in runs:
        for k, row in enumerate(start.rows):
            reach_of_row[row] = reach[k]
        for y, step in enumerate(steps):
            grid["entitlement"][y, start.rows] = start.entitlement
            for f in _FIELDS[1:]:
                grid[f][y, start.rows] = getattr(step, f)
    return grid, reach_of_row


def _plan_table(
    grid: Mapping[str, np.ndarray], streets: list[str], kinds: list[str], years: list[int]
) -> pd.DataFrame:
    """:attr:`Plan.table`: one row per year, street and kind, year first."""
    n_rows, n_years = len(streets), len(years)
    return pd.DataFrame(
        {
            "year": np.repeat(np.asarray(years, dtype=np.int64), n_rows),
            "street": pd.array(streets * n_years, dtype="str"),
            "kind": pd.array(kinds * n_years, dtype="str"),
            "entitlement": grid["entitlement"].ravel(),
            "turnover": grid["turnover"].ravel(),
            "total": (grid["entitlement"] + grid["turnover"]).ravel(),
            "onboard_start": grid["onboard_start"].ravel(),
            "departures": grid["departures"].ravel(),
            "hires": grid["hires"].ravel(),
            "onboard_end": grid["onboard_end"].ravel(),
        },
        columns=list(PLAN_COLUMNS),
    )


def _hiring_table(
    hires: np.ndarray, streets: list[str], kinds: list[str], years: list[int]
) -> pd.DataFrame:
    """:attr:`Plan.hiring_by_year`: street, kind, one column per year and the total."""
    hiring: dict[Hashable, object] = {
        "street": pd.array(streets, dtype="str"),
        "kind": pd.array(kinds, dtype="str"),
    }
    for y, year in enumerate(years):
        hiring[year] = hires[y]
    hiring["total"] = hires.sum(axis=0)
    return pd.DataFrame(hiring)


def _summarize_year(
    year: int, start: KindStart, step: YearStep, cap: int | None
) -> dict[str, object]:
    """District sums of one year and kind (one row of :attr:`Plan.summary`)."""
    total = int(start.entitlement.sum() + step.turnover.sum())
    return {
        "year": year,
        "kind": start.kind,
        "entitlement": int(start.entitlement.sum()),
        "onboard_start": int(step.onboard_start.sum()),
        "departures": int(step.departures.sum()),
        "hires": int(step.hires.sum()),
        "onboard_end": int(step.onboard_end.sum()),
        "turnover": int(step.turnover.sum()),
        "total": total,
        "pool": start.pool,
        "reserve": start.pool - total,
        "vacancies": int(np.maximum(start.entitlement - step.onboard_end, 0).sum()),
        "hiring_cap": pd.NA if cap is None else cap,
    }
