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
   first (largest remainder, see :func:`compute_departures`). So a street of 20 at
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
   than its pool. When that limit binds, :func:`solve_hiring` decides who hires
   first with a small integer program (largest relative shortfall first).
5. Nobody is dismissed and ``onboard_end <= total = entitlement + turnover``.

Since hires never enlarge a street's total quota and turnover only shrinks, the
district's quotas in use ``sum(total)`` never exceed the pool once the
allocation itself fits in it (checked on input).

:attr:`Plan.reach_year` gives the first year in which a street's staff on board
equals its entitlement; beyond the horizon the same rules run on at the rate
alone (no known departures), up to :data:`PROJECTION_LIMIT` years after the
start, and stop early when staff and carries repeat a state they were in before
(then the streets not yet at entitlement never get there).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from numbers import Integral, Real
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from quota._typing import IntArray
from quota.errors import InputError, SolverError
from quota.io.rows import normalize_street_name

if TYPE_CHECKING:
    import pulp

#: longest plan horizon accepted [years]
MAX_YEARS = 50
#: how far reach_year projects, counted from the first plan year [years]
PROJECTION_LIMIT = 100

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
#: columns the allocation table must have for a plan
REQUIRED_COLUMNS: tuple[str, ...] = ("street", "kind", "base", "quantified", "turnover", "onboard")
#: columns of the optional known-departures table
DEPARTURE_COLUMNS: tuple[str, ...] = ("street", "kind", "year", "departures")


@dataclass(frozen=True)
class PlanSettings:
    """Parameters of a transition plan; checked on construction.

    Attributes
    ----------
    years : int
        Plan horizon [years], 1 to :data:`MAX_YEARS`.
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
        :data:`PROJECTION_LIMIT` years.
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


@dataclass(frozen=True)
class YearStep:
    """One year of one kind; every array has one entry per street [people or quotas]."""

    onboard_start: IntArray
    departures: IntArray
    turnover: IntArray
    hires: IntArray
    onboard_end: IntArray


@dataclass(frozen=True)
class Departures:
    """Departures of one kind in one year.

    Attributes
    ----------
    counts : int array
        People leaving per street [people].
    carry : tuple of Fraction
        Rounding left over per street, carried into the next year [people], in ``(-1, 1)``.
    """

    counts: IntArray
    carry: tuple[Fraction, ...]


# --------------------------------------------------------------------------- checks


def _is_int(value: object) -> bool:
    return isinstance(value, Integral) and not isinstance(value, bool)


def _is_rate(value: object) -> bool:
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
    problems: list[str] = []
    if not _is_int(settings.years) or not 1 <= int(settings.years) <= MAX_YEARS:
        problems.append(
            f"plan years must be a whole number from 1 to {MAX_YEARS}, got {settings.years!r}"
        )
    if not _is_int(settings.start_year):
        problems.append(f"plan start year must be a whole number, got {settings.start_year!r}")
    rates = (
        dict(settings.attrition)
        if isinstance(settings.attrition, Mapping)
        else {"": settings.attrition}
    )
    for kind, rate in rates.items():
        if not _is_rate(rate):
            where = f" for kind '{kind}'" if kind else ""
            problems.append(
                f"attrition rate{where} must be a share from 0 up to (not including) 1, "
                f"e.g. 0.04 for 4% a year, got {rate!r}"
            )
    caps = (
        dict(settings.hiring_cap)
        if isinstance(settings.hiring_cap, Mapping)
        else {"": settings.hiring_cap}
    )
    for kind, cap in caps.items():
        if cap is not None and (not _is_int(cap) or int(cap) < 0):
            where = f" for kind '{kind}'" if kind else ""
            problems.append(
                f"hiring cap{where} must be a whole number of people per year, 0 or more, "
                f"got {cap!r}"
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
    problems: list[str] = []
    known = ", ".join(kinds)
    if isinstance(settings.attrition, Mapping):
        missing = [k for k in kinds if k not in settings.attrition]
        if missing:
            problems.append(f"no attrition rate for kind(s) {', '.join(missing)}")
        problems += [
            f"attrition rate given for kind '{k}', which the allocation does not have ({known})"
            for k in settings.attrition
            if k not in kinds
        ]
    if isinstance(settings.hiring_cap, Mapping):
        problems += [
            f"hiring cap given for kind '{k}', which the allocation does not have ({known})"
            for k in settings.hiring_cap
            if k not in kinds
        ]
    if problems:
        raise InputError(problems)


def _read_rate(settings: PlanSettings, kind: str) -> Fraction:
    rate = (
        settings.attrition[kind] if isinstance(settings.attrition, Mapping) else settings.attrition
    )
    return _read_exact(rate)


def _read_exact(rate: float | Fraction) -> Fraction:
    if isinstance(rate, Fraction):
        return rate
    # repr gives the shortest decimal that round-trips: 0.04 -> "0.04" -> 1/25 exactly
    return Fraction(repr(float(rate)))


def _read_cap(settings: PlanSettings, kind: str) -> int | None:
    cap = settings.hiring_cap
    if isinstance(cap, Mapping):
        cap = cap.get(kind)
    return None if cap is None else int(cap)


def _read_counts(table: pd.DataFrame, column: str, what: str) -> IntArray:
    """Whole non-negative numbers of a column, or an InputError naming the rows."""
    values = pd.to_numeric(table[column], errors="coerce")
    streets = table["street"].astype(str).tolist()
    kinds = table["kind"].astype(str).tolist()
    bad = [
        f"{streets[i]} ({kinds[i]})"
        for i, v in enumerate(values.tolist())
        if v is None or v is pd.NA or not math.isfinite(float(v)) or float(v) < 0 or float(v) % 1
    ]
    if bad:
        raise InputError(
            f"allocation table, column '{column}' ({what}): needs a whole number, 0 or more, "
            f"for street(s) {', '.join(bad)}"
        )
    return np.asarray([int(v) for v in values.tolist()], dtype=np.int64)


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
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    if missing:
        raise InputError(f"the allocation table lacks column(s) {', '.join(missing)}")
    if len(table) == 0:
        raise InputError("the allocation table is empty: there is nothing to plan")
    streets = table["street"].astype(str).tolist()
    kinds = table["kind"].astype(str).tolist()
    no_onboard = table["onboard"].isna().to_numpy()
    if no_onboard.any():
        absent = sorted({kinds[i] for i in np.flatnonzero(no_onboard)}, key=kinds.index)
        raise InputError(
            "a transition plan starts from the staff on board, but the allocation has none for "
            + "; ".join(
                f"kind '{k}' at "
                + ", ".join(streets[i] for i in np.flatnonzero(no_onboard) if kinds[i] == k)
                for k in absent
            )
            + ": the street table needs "
            + ", ".join(f"onboard_{k}" for k in absent)
            + " column(s)"
        )
    # names compare as everywhere else: NFKC, and "东城 街道" is "东城街道"
    pairs = [(normalize_street_name(s), k) for s, k in zip(streets, kinds, strict=True)]
    counts = Counter(pairs)
    first_row: dict[tuple[str, str], int] = {}
    for i, pair in enumerate(pairs):
        first_row.setdefault(pair, i)
    duplicates = [p for p in first_row if counts[p] > 1]
    if duplicates:
        raise InputError(
            "the allocation table has more than one row for "
            + ", ".join(f"street {streets[first_row[p]]}, kind {p[1]}" for p in duplicates)
        )
    base = _read_counts(table, "base", "base quotas")
    quantified = _read_counts(table, "quantified", "quantified quotas")
    turnover = _read_counts(table, "turnover", "turnover quotas")
    onboard = _read_counts(table, "onboard", "staff on board")
    entitlement = base + quantified

    order = list(dict.fromkeys(kinds))
    no_pool = [k for k in order if k not in pools]
    if no_pool:
        raise InputError(f"no district pool given for kind(s) {', '.join(no_pool)}")
    problems: list[str] = []
    for kind in order:
        pool = pools[kind]
        if not _is_int(pool) or int(pool) < 0:
            problems.append(f"the pool of kind '{kind}' must be a whole number, got {pool!r}")
    above = [
        f"street {streets[i]}, kind {kinds[i]}: {onboard[i]} staff on board exceed its total "
        f"quota {entitlement[i] + turnover[i]} (entitlement {entitlement[i]} + turnover "
        f"{turnover[i]})"
        for i in range(len(table))
        if onboard[i] > entitlement[i] + turnover[i]
    ]
    if above:
        problems += above
        problems.append(
            "a plan without dismissals must start from an allocation that keeps everyone on "
            "board (constraints.no_dismissal)"
        )
    if problems:
        raise InputError(problems)

    starts: list[KindStart] = []
    for kind in order:
        rows = np.asarray([i for i in range(len(table)) if kinds[i] == kind], dtype=np.int64)
        pool = int(pools[kind])
        given = int(entitlement[rows].sum() + turnover[rows].sum())
        if given > pool:
            problems.append(
                f"kind '{kind}': the allocation hands out {given} quotas (entitlement "
                f"{int(entitlement[rows].sum())} + turnover {int(turnover[rows].sum())}) but "
                f"the pool is {pool}"
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
        raise InputError(f"the known-departures table lacks column(s) {', '.join(missing)}")
    # names are matched as everywhere else: NFKC, spaces folded (（东） == (东)), no spaces
    # between Chinese characters ("东城 街道" == "东城街道"); see quota.io.rows.normalize_street_name
    position = {
        (s.kind, normalize_street_name(street)): i
        for s in starts
        for i, street in enumerate(s.streets)
    }
    plan_years = set(years)
    known: dict[tuple[str, int, int], int] = {}
    problems: list[str] = []
    records = zip(
        departures["street"].tolist(),
        departures["kind"].tolist(),
        departures["year"].tolist(),
        departures["departures"].tolist(),
        strict=True,
    )
    for row, (street, kind, year, count) in enumerate(records, start=1):
        where = f"known departures, row {row} (street {street}, kind {kind}, year {year})"
        name = normalize_street_name(str(street))
        if (str(kind), name) not in position:
            problems.append(f"{where}: no such street and kind in the allocation")
            continue
        if not _is_whole(year):
            problems.append(f"{where}: the year must be a whole number")
            continue
        if not _is_whole(count) or float(count) < 0:
            problems.append(f"{where}: departures must be a whole number, 0 or more, got {count}")
            continue
        if int(year) not in plan_years:
            continue
        key = (str(kind), position[(str(kind), name)], int(year))
        if key in known:
            problems.append(f"{where}: given twice")
            continue
        known[key] = int(count)
    if problems:
        raise InputError(problems)
    return known


def _is_whole(value: object) -> bool:
    if value is None or value is pd.NA or isinstance(value, bool):
        return False
    if isinstance(value, Integral):
        return True
    return isinstance(value, Real) and math.isfinite(float(value)) and float(value) % 1 == 0


# ---------------------------------------------------------------------- computing


def compute_departures(
    onboard: IntArray, rate: float | Fraction, carry: Sequence[Fraction] | None = None
) -> Departures:
    """Departures per street at an attrition rate, by largest remainder with carry-over.

    Each street's expected departures are ``x = rate * onboard + carry`` (the carry is
    what earlier years' rounding left over, in ``(-1, 1)``). A street loses ``floor(x)``
    or ``ceil(x)`` people (never below 0 nor above its staff); the district total is
    ``floor(sum(x) + 1/2)`` (within what those bounds allow), and the round-ups go to
    the largest fractional parts, ties to the street listed first. The new carry is
    ``x - departures``. Without the carry, a small street whose share never wins a
    round-up would never lose anyone; with it, each street's departures over the years
    stay within one person of its share.

    Parameters
    ----------
    onboard : int array
        Staff on board per street at the start of the year [people].
    rate : float or Fraction
        Share leaving per year [1/year]; a float is read as the decimal it prints as.
    carry : sequence of Fraction, optional
        Rounding left over per street from earlier years [people]; zeros if omitted.

    Returns
    -------
    Departures
        Departures per street [people] and the carry for the next year.
    """
    exact = _read_exact(rate)
    carried = [Fraction(0)] * len(onboard) if carry is None else [Fraction(c) for c in carry]
    staff = [int(v) for v in onboard]
    expected = [exact * n + c for n, c in zip(staff, carried, strict=True)]
    low = [min(max(math.floor(x), 0), n) for x, n in zip(expected, staff, strict=True)]
    high = [min(max(math.ceil(x), 0), n) for x, n in zip(expected, staff, strict=True)]
    total = min(max(math.floor(sum(expected, Fraction(0)) + Fraction(1, 2)), sum(low)), sum(high))
    can_round_up = [i for i in range(len(staff)) if high[i] > low[i]]
    ranked = sorted(can_round_up, key=lambda i: (-(expected[i] - low[i]), i))
    lucky = set(ranked[: total - sum(low)])
    counts = [low[i] + (i in lucky) for i in range(len(staff))]
    return Departures(
        counts=np.asarray(counts, dtype=np.int64),
        carry=tuple(x - d for x, d in zip(expected, counts, strict=True)),
    )


@cache
def _solver() -> pulp.LpSolver:
    from quota.solve.dispatch import available_engines
    from quota.solve.solvers import build_pulp_solver

    return build_pulp_solver("highs" if "highs" in available_engines() else "cbc")


def compute_priority_floor(shortfall: IntArray, entitlement: IntArray, limit: int) -> Fraction:
    """A lower bound on the relative shortfall of every hire the district makes.

    Let ``lam`` be the lowest priority among the ``limit`` hires chosen by
    :func:`solve_hiring` and ``S`` any set of streets that receives all of them.
    Every street in ``S`` keeps a remaining shortfall ``r_k <= lam * E_k`` (else its
    next hire would outrank a chosen one), so ``sum_S shortfall - limit <= lam *
    sum_S E``. Streets whose first hire ranks below that bound get nobody, so ``S``
    shrinks to the others and the bound is recomputed until it settles.

    Parameters
    ----------
    shortfall : int array
        Shortfall per street [people]; ``sum(shortfall) > limit > 0``.
    entitlement : int array
        Entitlement per street [quotas]; positive wherever the shortfall is.
    limit : int
        Hires the district may make [people].

    Returns
    -------
    Fraction
        No chosen hire has a relative shortfall (before it) below this [1].
    """
    streets = [k for k in range(len(shortfall)) if shortfall[k] > 0]
    while True:
        need = sum(int(shortfall[k]) for k in streets) - limit
        bound = Fraction(max(need, 0), sum(int(entitlement[k]) for k in streets))
        kept = [k for k in streets if Fraction(int(shortfall[k]), int(entitlement[k])) >= bound]
        if kept == streets:
            return bound
        streets = kept


def _add_binary(model: pulp.LpProblem, name: str) -> pulp.LpVariable:
    import pulp

    # PuLP >= 3.3 attaches variables to the model; older versions only have LpVariable
    if hasattr(model, "add_variable"):
        return model.add_variable(name, cat="Binary")
    return pulp.LpVariable(name, cat="Binary")


def solve_hiring(
    shortfall: IntArray, entitlement: IntArray, limit: int, kind: str = "", *, program: bool = True
) -> IntArray:
    """Hires per street when the district may hire at most ``limit`` people.

    Without a binding limit every street fills its shortfall and no program is
    solved. Otherwise each possible hire is a unit: the ``u``-th hire of street
    ``k`` has priority ``(shortfall_k - u + 1) / entitlement_k``, the relative
    shortfall it fills. The integer program::

        maximise   sum_{k,u} w_{k,u} z_{k,u}
        subject to sum_{k,u} z_{k,u} <= limit            (hiring_limit)
                   z binary

    with weights ``w = n_units - rank`` (rank 0 = highest priority, ties to the
    street listed first, then the earlier hire) picks exactly the ``limit``
    highest-ranked units: all weights are positive (so hires are maximised) and
    distinct (so the optimum is unique); a street's later hire never enters
    without its earlier one, whose weight is higher. That is the allocation that
    minimises the largest remaining relative shortfall, then the next largest,
    and so on. Units below :func:`compute_priority_floor` cannot be among them
    and are left out, which keeps the program at about ``limit + streets`` binaries.

    Parameters
    ----------
    shortfall : int array
        ``max(0, entitlement - onboard_after_departures)`` per street [people].
    entitlement : int array
        Entitlement per street [quotas]; positive wherever the shortfall is.
    limit : int
        Most people the district may hire this year [people], ``>= 0``.
    kind : str
        Quota kind, for names and messages.
    program : bool
        Solve the integer program (plan years). ``False`` takes the ``limit``
        highest-ranked units directly, which is the program's unique optimum by
        the argument above; the projection beyond the horizon uses it because
        it may run for a hundred years.

    Returns
    -------
    int array
        Hires per street, ``0 <= hires <= shortfall``, ``sum = min(limit, sum(shortfall))``.

    Raises
    ------
    SolverError
        The solver did not report an optimal solution.
    """
    need = int(shortfall.sum())
    if need <= limit:
        return shortfall.astype(np.int64, copy=True)
    if limit <= 0:
        return np.zeros_like(shortfall, dtype=np.int64)
    floor_priority = compute_priority_floor(shortfall, entitlement, limit)
    units = [
        (priority, k, u)
        for k in np.flatnonzero(shortfall > 0).tolist()
        for u in range(1, min(int(shortfall[k]), limit) + 1)
        if (priority := Fraction(int(shortfall[k]) - u + 1, int(entitlement[k]))) >= floor_priority
    ]
    ranked = sorted(units, key=lambda unit: (-unit[0], unit[1], unit[2]))
    if not program:
        hires = np.zeros(len(shortfall), dtype=np.int64)
        for _, k, _u in ranked[:limit]:
            hires[k] += 1
        return hires
    import pulp

    weight = {(k, u): len(ranked) - rank for rank, (_, k, u) in enumerate(ranked)}
    model = pulp.LpProblem("hiring", pulp.LpMaximize)
    z = {(k, u): _add_binary(model, f"hire_s{k}_{u}") for (k, u) in weight}
    model += pulp.lpSum(weight[key] * var for key, var in z.items())
    model += pulp.lpSum(z.values()) <= limit, "hiring_limit"
    status = model.solve(_solver())
    if pulp.LpStatus[status] != "Optimal":
        raise SolverError(
            f"kind '{kind}': the hiring program ({limit} hires for a shortfall of {need}) "
            f"ended with status {pulp.LpStatus[status]}"
        )
    hires = np.zeros(len(shortfall), dtype=np.int64)
    for (k, _), var in z.items():
        hires[k] += round(var.value() or 0)
    if int(hires.sum()) != limit or (hires > shortfall).any():
        raise SolverError(f"kind '{kind}': the hiring program returned an inconsistent solution")
    return hires


def compute_year(
    entitlement: IntArray,
    onboard_start: IntArray,
    departures: IntArray,
    *,
    pool: int,
    cap: int | None,
    kind: str = "",
    program: bool = True,
) -> YearStep:
    """One plan year of one kind: departures, turnover returned, hires.

    Parameters
    ----------
    entitlement : int array
        ``base + quantified`` per street [quotas].
    onboard_start : int array
        Staff on board at the start of the year [people].
    departures : int array
        People leaving during the year [people], ``<= onboard_start``.
    pool : int
        District pool of the kind [quotas]; staff on board never exceed it.
    cap : int or None
        Most hires in the year [people], or None for no cap.
    kind : str
        Quota kind, for messages.
    program : bool
        Whether a binding cap is resolved by the integer program (see :func:`solve_hiring`).

    Returns
    -------
    YearStep
        The year's numbers per street.
    """
    after = onboard_start - departures
    turnover = np.maximum(after - entitlement, 0)
    shortfall = np.maximum(entitlement - after, 0)
    limit = max(pool - int(after.sum()), 0)
    if cap is not None:
        limit = min(limit, cap)
    hires = solve_hiring(shortfall, entitlement, limit, kind, program=program)
    return YearStep(
        onboard_start=onboard_start.copy(),
        departures=departures.copy(),
        turnover=turnover,
        hires=hires,
        onboard_end=after + hires,
    )


def compute_year_departures(
    start: KindStart,
    onboard_start: IntArray,
    rate: Fraction,
    carry: Sequence[Fraction],
    known: Mapping[tuple[str, int, int], int],
    year: int,
) -> Departures:
    """Departures of one kind in one year: known ones where given, the rate elsewhere.

    Parameters
    ----------
    start : KindStart
        The kind's streets.
    onboard_start : int array
        Staff on board at the start of the year [people].
    rate : Fraction
        Attrition rate [1/year].
    carry : sequence of Fraction
        Rounding carried per street from earlier years [people].
    known : mapping
        ``(kind, street position, year) -> departures`` from :func:`check_departures`.
    year : int
        Year label.

    Returns
    -------
    Departures
        Departures per street [people]; a street with known departures keeps its carry.

    Raises
    ------
    InputError
        Known departures exceed the staff on board at the start of that year.
    """
    given = [known.get((start.kind, k, year)) for k in range(len(start.streets))]
    free = [k for k, g in enumerate(given) if g is None]
    at_rate = compute_departures(onboard_start[free], rate, [carry[k] for k in free])
    counts = np.zeros(len(given), dtype=np.int64)
    counts[free] = at_rate.counts
    new_carry = list(carry)
    for k, c in zip(free, at_rate.carry, strict=True):
        new_carry[k] = c
    too_many: list[str] = []
    for k, g in enumerate(given):
        if g is None:
            continue
        if g > onboard_start[k]:
            too_many.append(
                f"street {start.streets[k]}, kind {start.kind}, year {year}: {g} known "
                f"departures but only {onboard_start[k]} staff on board at the start of that year"
            )
        counts[k] = g
    if too_many:
        raise InputError(too_many)
    return Departures(counts=counts, carry=tuple(new_carry))


def compute_kind_plan(
    start: KindStart,
    rate: Fraction,
    cap: int | None,
    years: Sequence[int],
    known: Mapping[tuple[str, int, int], int],
) -> tuple[list[YearStep], list[int | None]]:
    """Run the plan of one kind over the horizon, then project the year of reach.

    Parameters
    ----------
    start : KindStart
        Starting point of the kind.
    rate : Fraction
        Attrition rate [1/year].
    cap : int or None
        Hiring cap per year [people].
    years : sequence of int
        Plan year labels, consecutive.
    known : mapping
        Known departures from :func:`check_departures`.

    Returns
    -------
    steps : list of YearStep
        One per plan year.
    reach : list of int or None
        Per street, the first year whose ``onboard_end`` equals the entitlement,
        projected beyond the horizon at the rate (no known departures there); None if
        never or not within :data:`PROJECTION_LIMIT` years of the start.
    """
    entitlement = start.entitlement
    reach: list[int | None] = [None] * len(start.streets)
    steps: list[YearStep] = []
    onboard = start.onboard
    carry: tuple[Fraction, ...] = (Fraction(0),) * len(start.streets)
    seen: set[tuple[tuple[int, ...], tuple[Fraction, ...]]] = set()
    last = years[0] + PROJECTION_LIMIT - 1
    year = years[0]
    while year <= years[-1] or (any(r is None for r in reach) and year <= last):
        departures = compute_year_departures(
            start, onboard, rate, carry, known if year <= years[-1] else {}, year
        )
        step = compute_year(
            entitlement,
            onboard,
            departures.counts,
            pool=start.pool,
            cap=cap,
            kind=start.kind,
            program=year <= years[-1],
        )
        for k in np.flatnonzero(step.onboard_end == entitlement):
            if reach[k] is None:
                reach[k] = year
        if year <= years[-1]:
            steps.append(step)
        onboard, carry = step.onboard_end, departures.carry
        if year >= years[-1]:
            state = (tuple(onboard.tolist()), carry)
            if state in seen:  # from here on the plan repeats years already seen
                break
            seen.add(state)
        year += 1
    return steps, reach


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
        Bad or inconsistent input (see :func:`check_allocation_table`,
        :func:`check_settings_kinds`, :func:`check_departures`).
    SolverError
        A hiring program did not solve.
    """
    starts = check_allocation_table(table, pools)
    check_settings_kinds(settings, [s.kind for s in starts])
    years = settings.plan_years
    known = check_departures(departures, starts, years) if departures is not None else {}

    n_rows, n_years = len(table), len(years)
    fields = ("entitlement", "turnover", "onboard_start", "departures", "hires", "onboard_end")
    grid = {f: np.zeros((n_years, n_rows), dtype=np.int64) for f in fields}
    reach_of_row: list[int | None] = [None] * n_rows
    summary_rows: list[dict[str, object]] = []
    runs: list[tuple[KindStart, list[YearStep]]] = []
    for start in starts:
        cap = _read_cap(settings, start.kind)
        steps, reach = compute_kind_plan(start, _read_rate(settings, start.kind), cap, years, known)
        runs.append((start, steps))
        for k, row in enumerate(start.rows):
            reach_of_row[row] = reach[k]
        for y, step in enumerate(steps):
            grid["entitlement"][y, start.rows] = start.entitlement
            for f in fields[1:]:
                grid[f][y, start.rows] = getattr(step, f)
    for y, year in enumerate(years):
        for start, steps in runs:
            summary_rows.append(
                _summarize_year(year, start, steps[y], _read_cap(settings, start.kind))
            )

    streets = table["street"].astype(str).tolist()
    kinds = table["kind"].astype(str).tolist()
    plan_table = pd.DataFrame(
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
    reach_year = pd.DataFrame(
        {
            "street": pd.array(streets, dtype="str"),
            "kind": pd.array(kinds, dtype="str"),
            "year": pd.array(reach_of_row, dtype="Int64"),
        }
    )
    hiring: dict[Hashable, object] = {
        "street": pd.array(streets, dtype="str"),
        "kind": pd.array(kinds, dtype="str"),
    }
    for y, year in enumerate(years):
        hiring[year] = grid["hires"][y]
    hiring["total"] = grid["hires"].sum(axis=0)
    summary = pd.DataFrame(summary_rows, columns=list(SUMMARY_COLUMNS))
    summary["hiring_cap"] = summary["hiring_cap"].astype("Int64")
    summary["kind"] = summary["kind"].astype("str")
    return Plan(
        table=plan_table,
        reach_year=reach_year,
        hiring_by_year=pd.DataFrame(hiring),
        summary=summary,
        settings=settings,
    )


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
