"""Who hires first when the district may not hire everyone a year's shortfall asks for.

:func:`solve_hiring` gives the hires per street of one kind in one year of a
transition plan (:mod:`quota.analysis.transition`): every street fills its
shortfall when the district's limit allows it; otherwise a small integer program
hands the ``limit`` hires to the largest relative shortfalls first.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from quota._typing import IntArray
from quota.errors import SolverError
from quota.locale import kind_name, msg

if TYPE_CHECKING:
    import pulp

#: one possible hire: (priority, street position, its number at that street)
Unit = tuple[Fraction, int, int]


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


def rank_units(shortfall: IntArray, entitlement: IntArray, limit: int) -> list[Unit]:
    """The possible hires that can be among the ``limit`` chosen, highest priority first.

    The ``u``-th hire of street ``k`` has priority ``(shortfall_k - u + 1) /
    entitlement_k``; ties go to the street listed first, then to the earlier hire.
    Units below :func:`compute_priority_floor` are left out.
    """
    floor_priority = compute_priority_floor(shortfall, entitlement, limit)
    units = [
        (priority, k, u)
        for k in np.flatnonzero(shortfall > 0).tolist()
        for u in range(1, min(int(shortfall[k]), limit) + 1)
        if (priority := Fraction(int(shortfall[k]) - u + 1, int(entitlement[k]))) >= floor_priority
    ]
    return sorted(units, key=lambda unit: (-unit[0], unit[1], unit[2]))


def _solve_program(
    ranked: list[Unit], shortfall: IntArray, limit: int, need: int, kind: str
) -> IntArray:
    """The hiring integer program over the ranked units; hires per street."""
    import pulp

    weight = {(k, u): len(ranked) - rank for rank, (_, k, u) in enumerate(ranked)}
    model = pulp.LpProblem("hiring", pulp.LpMaximize)
    z = {(k, u): _add_binary(model, f"hire_s{k}_{u}") for (k, u) in weight}
    model += pulp.lpSum(weight[key] * var for key, var in z.items())
    model += pulp.lpSum(z.values()) <= limit, "hiring_limit"
    status = model.solve(_solver())
    if pulp.LpStatus[status] != "Optimal":
        raise SolverError(
            msg(
                "analysis.hiring_status",
                kind=kind_name(kind),
                limit=limit,
                need=need,
                status=pulp.LpStatus[status],
            )
        )
    hires = np.zeros(len(shortfall), dtype=np.int64)
    for (k, _), var in z.items():
        hires[k] += round(var.value() or 0)
    if int(hires.sum()) != limit or (hires > shortfall).any():
        raise SolverError(msg("analysis.hiring_inconsistent", kind=kind_name(kind)))
    return hires


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
    ranked = rank_units(shortfall, entitlement, limit)
    if program:
        return _solve_program(ranked, shortfall, limit, need, kind)
    hires = np.zeros(len(shortfall), dtype=np.int64)
    for _, k, _u in ranked[:limit]:
        hires[k] += 1
    return hires
