"""An exact, vectorised solver for one quota kind, without an integer program.

The model of :class:`quota.model.problem.KindProblem` has a structure a general
integer program does not exploit. Given the quantified quotas ``q``, the best
turnover is the smallest one allowed, ``t_k = max(0, D_k - q_k)`` with the
staff deficit ``D_k = total_lower_k - base_k``, and ``q_k`` is then limited to
``[lo_k, hi_k]`` with ``lo_k = q_lower_k`` and
``hi_k = min(q_upper_k, total_upper_k - base_k)``. What remains is::

    minimise   sum_k |q_k - ideal_k| + penalty * max(0, D_k - q_k)
    subject to sum_k q_k = quantified,   lo_k <= q_k <= hi_k,
               sum_k max(0, D_k - q_k) <= turnover_pool

Start every street at ``lo_k`` and hand out the ``N = quantified - sum(lo)``
remaining quotas one at a time. The cost of street ``k``'s quota number
``v -> v + 1`` (its *marginal cost*) is ``|v + 1 - ideal| - |v - ideal|``
(``-1``, then ``1 - 2 * frac(ideal)``, then ``+1``) minus ``penalty`` when
``v < D_k``; such a quota is *covering*, because it saves one turnover quota.
Marginal costs never decrease along a street and the covering quotas come
first, so each street's quotas fall into at most four runs of equal cost and
any set of the cheapest quotas is a prefix of every street.

With the pool coupling written as "at least ``C = sum_k max(0, D_k - lo_k) -
turnover_pool`` covering quotas", the exact solution is:

1. take the ``N`` cheapest quotas; if at least ``C`` of them are covering,
   they are optimal;
2. otherwise exactly ``C`` covering quotas are optimal: take the ``C``
   cheapest covering quotas and the ``N - C`` cheapest others.

Why step 2 is exact: the feasible ``q`` form an M-convex set (they are the
supply vectors of a network with two pools) and the cost is separable convex,
so a solution that keeps more than ``C`` covering quotas and cannot be improved
by moving one quota from a street to another is also optimal without the
pool, which step 1 rules out; the split of step 2 is optimal even without the
prefix rule and satisfies it (a non-covering quota it takes is among the
``N`` cheapest of step 1, so every covering quota before it on its street is
too). Ordering quotas by ``(marginal cost, street index, position)`` picks,
among all optimal solutions, the one with the least ``sum_k (k + 1) * q_k``:
the canonical tie-break of :mod:`quota.model.problem` (it acts as an extra cost of
``eps * (k + 1)`` per quota, which keeps the cost separable convex, so the
argument above holds for the canonical solution itself). One sort of at most
``4 n`` runs makes the whole solve O(n log n).

Objective ``minimax`` first finds the least ``z`` such that some feasible ``q``
has ``|q_k - ideal_k| <= z * max(ideal_k, 1)`` for every street (bisection over
``z`` that snaps to the breakpoint values ``|n - ideal_k| / max(ideal_k, 1)``),
then solves the ``l1`` problem in the box that ``z`` allows. Each step is a
vectorised O(n) feasibility test; about 25 steps suffice at 40,000 streets.

Marginal costs are rounded to :data:`COST_DECIMALS` decimals before they are
compared, so costs equal in exact arithmetic (ideal shares with the same
fractional part) tie exactly, as they do within a MILP solver's tolerance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from quota._typing import BoolArray, FloatArray, IntArray
from quota.config.choices import OBJECTIVES
from quota.model.problem import KindProblem
from quota.solve.status import Status

#: status of a solution that is optimal (:class:`~quota.solve.status.Status`)
STATUS_OPTIMAL = Status.OPTIMAL
#: status when no allocation satisfies all constraints
STATUS_INFEASIBLE = Status.INFEASIBLE
#: objectives :func:`solve_fast` covers: every objective a scenario offers
FAST_OBJECTIVES: tuple[str, ...] = OBJECTIVES
#: decimals kept of a marginal cost [quotas]; closer costs count as a tie
COST_DECIMALS = 9
#: most bisection steps on the minimax level (float64 needs far fewer)
MAX_BISECTION_STEPS = 200
#: relative slack on the optimal minimax level when the l1 stage uses it [-]
MINIMAX_LEVEL_SLACK = 1e-9


@dataclass(frozen=True)
class FastSolution:
    """Solution of one quota kind found by :func:`solve_fast`.

    Attributes
    ----------
    q : int array
        Quantified quotas per street [quotas]; zeros when infeasible.
    t : int array
        Turnover quotas handed to each street [quotas]; zeros when infeasible.
    objective : float
        ``sum_k |q_k - ideal_k| + turnover_penalty * sum_k t_k`` (the ``l1``
        expression, also for objective ``minimax``); ``nan`` when infeasible.
    status : Status
        ``Status.OPTIMAL`` or ``Status.INFEASIBLE``.
    """

    q: IntArray
    t: IntArray
    objective: float
    status: Status


@dataclass(frozen=True)
class _Streets:
    """Per-street numbers of the reduced problem (bounds already combined)."""

    ideal: FloatArray
    scale: FloatArray
    deficit: IntArray
    quantified: int
    turnover_pool: int
    penalty: float


def is_fast_solvable(problem: KindProblem) -> bool:
    """Tell whether :func:`solve_fast` covers a problem.

    Parameters
    ----------
    problem : KindProblem
        One quota kind.

    Returns
    -------
    bool
        True for objectives ``l1`` and ``minimax`` with a finite, non-negative
        turnover penalty and finite ideal quotas.
    """
    if problem.objective not in FAST_OBJECTIVES:
        return False
    penalty = float(problem.turnover_penalty)
    if not math.isfinite(penalty) or penalty < 0:
        return False
    return bool(np.all(np.isfinite(np.asarray(problem.ideal, dtype=np.float64))))


def solve_fast(problem: KindProblem) -> FastSolution:
    """Solve one quota kind exactly, with the canonical tie-break.

    Parameters
    ----------
    problem : KindProblem
        One quota kind; see :mod:`quota.model.problem` for the model.

    Returns
    -------
    FastSolution
        The optimal ``q`` and ``t`` minimising the objective, then
        ``sum_k (k + 1) * q_k``; status ``"infeasible"`` (zero arrays) when no
        allocation meets every constraint. Never raises for infeasibility.

    Raises
    ------
    ValueError
        If :func:`is_fast_solvable` is False for the problem.
    """
    if not is_fast_solvable(problem):
        raise ValueError(
            f"solve_fast covers objectives {FAST_OBJECTIVES} with a non-negative turnover "
            f"penalty, not objective {problem.objective!r} with penalty "
            f"{problem.turnover_penalty!r}"
        )
    ideal = np.asarray(problem.ideal, dtype=np.float64)
    streets = _Streets(
        ideal=ideal,
        scale=np.maximum(ideal, 1.0),
        deficit=np.asarray(problem.total_lower, dtype=np.int64)
        - np.asarray(problem.base, dtype=np.int64),
        quantified=int(problem.quantified),
        turnover_pool=int(problem.turnover_pool),
        penalty=float(problem.turnover_penalty),
    )
    lo, hi = compute_q_bounds(problem)
    n = problem.size
    staff_fits = bool(np.all(np.asarray(problem.total_lower) <= np.asarray(problem.total_upper)))
    if not staff_fits or not check_box_feasible(lo, hi, streets):
        return build_infeasible(n)
    if problem.objective == "minimax":
        lo, hi = solve_minimax_box(lo, hi, streets)
    q = solve_l1_box(lo, hi, streets)
    t = np.maximum(streets.deficit - q, 0)
    return FastSolution(q=q, t=t, objective=compute_objective(q, t, streets), status=STATUS_OPTIMAL)


def build_infeasible(n: int) -> FastSolution:
    """Build the solution reported for an infeasible problem.

    Parameters
    ----------
    n : int
        Number of streets.

    Returns
    -------
    FastSolution
        Zero arrays, objective ``nan``, status ``"infeasible"``.
    """
    zeros = np.zeros(n, dtype=np.int64)
    return FastSolution(q=zeros, t=zeros.copy(), objective=math.nan, status=STATUS_INFEASIBLE)


def compute_q_bounds(problem: KindProblem) -> tuple[IntArray, IntArray]:
    """Compute the range of quantified quotas each street may receive.

    Parameters
    ----------
    problem : KindProblem
        One quota kind.

    Returns
    -------
    lo, hi : int arrays
        ``q_lower`` and ``min(q_upper, total_upper - base)`` [quotas]; a street
        with ``lo > hi`` makes the problem infeasible.
    """
    lo = np.asarray(problem.q_lower, dtype=np.int64).copy()
    hi = np.minimum(
        np.asarray(problem.q_upper, dtype=np.int64),
        np.asarray(problem.total_upper, dtype=np.int64) - np.asarray(problem.base, dtype=np.int64),
    )
    return lo, hi


def compute_objective(q: IntArray, t: IntArray, streets: _Streets) -> float:
    """Compute the ``l1`` objective of an allocation as the MILP states it.

    Parameters
    ----------
    q, t : int arrays
        Quantified and turnover quotas per street [quotas].
    streets : _Streets
        Ideal quotas and turnover penalty.

    Returns
    -------
    float
        ``sum_k |q_k - ideal_k| + penalty * sum_k t_k``.
    """
    deviation = float(np.sum(np.abs(q.astype(np.float64) - streets.ideal)))
    return deviation + streets.penalty * float(np.sum(t))


def check_box_feasible(lo: IntArray, hi: IntArray, streets: _Streets) -> bool:
    """Check whether some ``q`` in a box meets the sum and the turnover pool.

    Parameters
    ----------
    lo, hi : int arrays
        Bounds on the quantified quotas per street [quotas].
    streets : _Streets
        Deficits, quantified total and turnover pool.

    Returns
    -------
    bool
        True when ``lo <= hi``, ``sum(lo) <= quantified <= sum(hi)`` and the
        quotas left after ``lo`` can cover enough deficits to keep the turnover
        needed within the pool.
    """
    if not bool(np.all(lo <= hi)):
        return False
    free = streets.quantified - int(lo.sum())
    if free < 0 or int(hi.sum()) < streets.quantified:
        return False
    needed = int(np.maximum(streets.deficit - lo, 0).sum()) - streets.turnover_pool
    coverable = int(np.maximum(np.minimum(streets.deficit, hi) - lo, 0).sum())
    return needed <= min(free, coverable)


def build_segments(
    lo: IntArray, hi: IntArray, streets: _Streets
) -> tuple[IntArray, IntArray, FloatArray, BoolArray]:
    """Split each street's quotas into runs of equal marginal cost.

    Parameters
    ----------
    lo, hi : int arrays
        Bounds on the quantified quotas per street [quotas], ``lo <= hi``.
    streets : _Streets
        Ideal quotas, deficits and turnover penalty.

    Returns
    -------
    start, length : int arrays, shape (n, 4)
        First quota level of each run and its number of quotas (runs may be empty).
    cost : float array, shape (n, 4)
        Marginal cost of every quota in the run [quotas], rounded to
        :data:`COST_DECIMALS` decimals.
    covering : bool array, shape (n, 4)
        Whether the run's quotas each save one turnover quota.
    """
    ideal = streets.ideal
    floor_ideal = np.floor(ideal)
    whole = floor_ideal.astype(np.int64)
    frac = np.round(ideal - floor_ideal, COST_DECIMALS)
    cuts = np.stack(
        [
            lo,
            np.clip(whole, lo, hi),
            np.clip(whole + 1, lo, hi),
            np.clip(streets.deficit, lo, hi),
            hi,
        ],
        axis=1,
    )
    cuts = np.sort(cuts, axis=1)
    start = cuts[:, :-1]
    length = cuts[:, 1:] - start
    level = whole[:, None]
    deviation = np.where(
        start < level, -1.0, np.where(start == level, 1.0 - 2.0 * frac[:, None], 1.0)
    )
    covering = start < streets.deficit[:, None]
    cost = np.round(deviation - streets.penalty * covering, COST_DECIMALS)
    return start, length, cost, covering


def select_cheapest(length: IntArray, cost: FloatArray, count: int) -> IntArray:
    """Take the ``count`` cheapest quotas from runs, in canonical order.

    Parameters
    ----------
    length : int array, shape (n, m)
        Quotas in each run; row = street, runs of a row in increasing quota level.
    cost : float array, shape (n, m)
        Marginal cost per run [quotas].
    count : int
        Quotas to take, at most ``length.sum()``.

    Returns
    -------
    int array, shape (n, m)
        Quotas taken from each run; ties in cost go to the lower street index,
        then to the lower quota level.
    """
    flat_length = length.ravel()
    nonempty = np.flatnonzero(flat_length)
    # row-major order is already (street, level): a stable sort on cost alone
    # gives the canonical order (cost, street, level)
    order = nonempty[np.argsort(cost.ravel()[nonempty], kind="stable")]
    ordered_length = flat_length[order]
    before = np.cumsum(ordered_length) - ordered_length
    taken = np.zeros(flat_length.shape, dtype=np.int64)
    taken[order] = np.clip(count - before, 0, ordered_length)
    return taken.reshape(length.shape)


def solve_l1_box(lo: IntArray, hi: IntArray, streets: _Streets) -> IntArray:
    """Solve the ``l1`` problem in a box known to be feasible.

    Parameters
    ----------
    lo, hi : int arrays
        Bounds on the quantified quotas per street [quotas]; the box must pass
        :func:`check_box_feasible`.
    streets : _Streets
        Ideal quotas, deficits, quantified total, turnover pool and penalty.

    Returns
    -------
    int array
        The canonical optimal quantified quotas [quotas].
    """
    _, length, cost, covering = build_segments(lo, hi, streets)
    free = streets.quantified - int(lo.sum())
    needed = int(np.maximum(streets.deficit - lo, 0).sum()) - streets.turnover_pool
    taken = select_cheapest(length, cost, free)
    if int(taken[covering].sum()) < needed:
        cover_taken = select_cheapest(np.where(covering, length, 0), cost, needed)
        rest_taken = select_cheapest(np.where(covering, 0, length), cost, free - needed)
        taken = cover_taken + rest_taken
    return lo + taken.sum(axis=1)


def compute_ratio(level: IntArray, streets: _Streets) -> FloatArray:
    """Compute the relative deviation of the minimax objective.

    Parameters
    ----------
    level : int array
        Quantified quotas per street [quotas].
    streets : _Streets
        Ideal quotas.

    Returns
    -------
    float array
        ``|level - ideal| / max(ideal, 1)`` [-].
    """
    return np.abs(level - streets.ideal) / streets.scale


def compute_minimax_box(
    z: float, lo: IntArray, hi: IntArray, streets: _Streets
) -> tuple[IntArray, IntArray]:
    """Compute the quotas whose relative deviation is at most ``z``.

    Parameters
    ----------
    z : float
        Largest relative deviation allowed [-].
    lo, hi : int arrays
        Bounds on the quantified quotas per street [quotas].
    streets : _Streets
        Ideal quotas.

    Returns
    -------
    a, b : int arrays
        ``[lo, hi]`` narrowed to ``|q - ideal| / max(ideal, 1) <= z`` as computed
        in float64 (may be empty, ``a > b``).
    """
    ideal = streets.ideal
    width = z * streets.scale
    low = np.ceil(ideal - width).astype(np.int64)
    low = np.where(compute_ratio(low - 1, streets) <= z, low - 1, low)
    low = np.where(compute_ratio(low, streets) > z, low + 1, low)
    high = np.floor(ideal + width).astype(np.int64)
    high = np.where(compute_ratio(high + 1, streets) <= z, high + 1, high)
    high = np.where(compute_ratio(high, streets) > z, high - 1, high)
    return np.maximum(lo, low), np.minimum(hi, high)


def solve_minimax_box(lo: IntArray, hi: IntArray, streets: _Streets) -> tuple[IntArray, IntArray]:
    """Find the box of the least feasible largest relative deviation.

    Parameters
    ----------
    lo, hi : int arrays
        Bounds on the quantified quotas per street [quotas]; the box must pass
        :func:`check_box_feasible`.
    streets : _Streets
        Ideal quotas, deficits, quantified total and turnover pool.

    Returns
    -------
    a, b : int arrays
        Bounds allowed at the optimal level ``z*`` [quotas], widened by the
        relative slack :data:`MINIMAX_LEVEL_SLACK` so that deviations equal to
        ``z*`` in exact arithmetic but not in float64 are allowed too, as a
        MILP's tolerance allows them.
    """
    if lo.size == 0:
        return lo, hi
    a, b = compute_minimax_box(MINIMAX_LEVEL_SLACK, lo, hi, streets)
    if check_box_feasible(a, b, streets):
        return a, b
    # invariant: box(z_low) is infeasible, box(z_high) is feasible; both ends
    # snap to the breakpoints around the box tried, so the search ends when no
    # breakpoint lies strictly between them
    z_low = MINIMAX_LEVEL_SLACK
    z_high = float(np.maximum(compute_ratio(lo, streets), compute_ratio(hi, streets)).max())
    for _ in range(MAX_BISECTION_STEPS):
        z_mid = 0.5 * (z_low + z_high)
        if not z_low < z_mid < z_high:
            break
        a_mid, b_mid = compute_minimax_box(z_mid, lo, hi, streets)
        if check_box_feasible(a_mid, b_mid, streets):
            z_high = compute_level_reached(a_mid, b_mid, streets)
        else:
            z_next = compute_next_level(a_mid, b_mid, lo, hi, streets)
            z_low = max(z_mid, float(np.nextafter(z_next, -np.inf)))
    slack = MINIMAX_LEVEL_SLACK * max(1.0, z_high)
    return compute_minimax_box(z_high + slack, lo, hi, streets)


def compute_level_reached(a: IntArray, b: IntArray, streets: _Streets) -> float:
    """Compute the least level whose box is ``[a, b]`` (snap down to a breakpoint).

    Parameters
    ----------
    a, b : int arrays
        A non-empty box from :func:`compute_minimax_box` [quotas].
    streets : _Streets
        Ideal quotas.

    Returns
    -------
    float
        Largest relative deviation at the box's ends [-].
    """
    return float(np.maximum(compute_ratio(a, streets), compute_ratio(b, streets)).max())


def compute_next_level(
    a: IntArray, b: IntArray, lo: IntArray, hi: IntArray, streets: _Streets
) -> float:
    """Compute the least level at which a box grows (snap up to a breakpoint).

    Parameters
    ----------
    a, b : int arrays
        A box from :func:`compute_minimax_box` [quotas].
    lo, hi : int arrays
        Bounds the box may grow to [quotas].
    streets : _Streets
        Ideal quotas.

    Returns
    -------
    float
        Least relative deviation of the levels in ``[lo, hi]`` outside the box
        (``inf`` when the box is ``[lo, hi]``) [-].
    """
    # a street whose box is empty grows first at its level nearest the ideal
    empty = a > b
    floor_ideal = np.floor(streets.ideal).astype(np.int64)
    nearest_below = np.clip(floor_ideal, lo, hi)
    nearest_above = np.clip(floor_ideal + 1, lo, hi)
    below = np.where(
        empty,
        compute_ratio(nearest_below, streets),
        np.where(a - 1 >= lo, compute_ratio(a - 1, streets), np.inf),
    )
    above = np.where(
        empty,
        compute_ratio(nearest_above, streets),
        np.where(b + 1 <= hi, compute_ratio(b + 1, streets), np.inf),
    )
    return float(np.minimum(below, above).min())
