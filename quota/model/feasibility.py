"""Feasibility arithmetic checked before anything is solved, and the search for fixes.

For one quota kind the model of :mod:`quota.model.problem` has a solution exactly when
all of these hold (``lo``/``hi`` are the bounds on the quantified quotas
``q``, ``hi = min(q_upper, total_upper - base)``; ``L``/``U`` the bounds on
a street's total; ``D = L - base`` what base + quantified + turnover must
cover; ``Q`` the quantified quotas, ``T`` the turnover pool, ``P`` the pool):

* ``Q >= 0``: the bases fit in the pool after the turnover share;
* ``lo_k <= hi_k`` and ``L_k <= U_k`` for every street;
* ``sum lo <= Q <= sum hi``: floors and ceilings/caps leave room for ``Q``;
* ``sum max(0, D_k - hi_k) <= T``: what even the most quantified quotas a
  street can take leave uncovered fits in the turnover pool;
* ``sum max(base_k + lo_k, L_k) <= P``: every street's least total fits in
  the pool.

Why this is exact: given ``q``, the least turnover is ``max(0, D_k - q_k)``,
and the least total turnover over all ``q`` in the box with ``sum q = Q`` is
``sum max(0, D - hi) + max(0, C - (Q - sum lo))`` with
``C = sum max(0, min(D, hi) - lo)`` (every quota above the floors covers one
turnover quota until the covered streets are full). That is at most ``T``
exactly when the last two conditions hold. Linked kinds add one condition:
the streets' totals can reach at most ``sum_j min(P_j, sum_k U_kj)``.

The smallest change that removes a conflict is found by search over the pool,
or over the turnover share on a 0.1% grid; :mod:`quota.model.checks` says the
conflicts and their fixes in sentences.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from quota._typing import IntArray
from quota.model.problem import KindInputs, compute_turnover_pool, rebuild_kind_inputs

#: turnover shares are searched on this grid [-]
SHARE_STEP = 0.001
#: give up searching for a pool above this multiple of the largest need [-]
POOL_SEARCH_FACTOR = 64

Predicate = Callable[[KindInputs], bool]


# --------------------------------------------------------------------------
# The exact arithmetic of one kind
# --------------------------------------------------------------------------


def compute_q_upper(inputs: KindInputs) -> IntArray:
    """Most quantified quotas each street can take: ``min(q_upper, total_upper - base)``."""
    p = inputs.problem
    return np.minimum(p.q_upper, p.total_upper - p.base).astype(np.int64)


def compute_least_totals(inputs: KindInputs) -> IntArray:
    """Each street's least possible total: ``max(base + floor part, total_lower)`` [quotas]."""
    p = inputs.problem
    return np.maximum(p.base + p.q_lower, p.total_lower).astype(np.int64)


def compute_turnover_at_caps(inputs: KindInputs) -> IntArray:
    """Turnover each street needs even with the most quantified quotas it can take."""
    p = inputs.problem
    return np.maximum(p.total_lower - p.base - compute_q_upper(inputs), 0).astype(np.int64)


def compute_least_turnover(inputs: KindInputs) -> int:
    """The least total turnover any allocation of the kind needs (exact; see the module notes).

    Meaningful when ``Q >= 0`` and the floors fit (``sum lo <= Q <= sum hi``).
    """
    p = inputs.problem
    lo = p.q_lower
    hi = compute_q_upper(inputs)
    deficit = p.total_lower - p.base
    coverable = int(np.maximum(np.minimum(deficit, hi) - lo, 0).sum())
    spare = p.quantified - int(lo.sum())
    return int(compute_turnover_at_caps(inputs).sum()) + max(coverable - spare, 0)


def fits_base(inputs: KindInputs) -> bool:
    """The bases fit in the pool after the turnover share (``Q >= 0``)."""
    return inputs.problem.quantified >= 0


def fits_street_range(inputs: KindInputs, i: int) -> bool:
    """Street ``i``'s floor (or base) is within its ceiling and change cap."""
    return bool(inputs.problem.q_lower[i] <= compute_q_upper(inputs)[i])


def fits_street_total(inputs: KindInputs, i: int) -> bool:
    """Street ``i``'s least total (staff, cap) is within its most total."""
    p = inputs.problem
    return bool(p.total_lower[i] <= p.total_upper[i])


def fits_floors(inputs: KindInputs) -> bool:
    """The floors fit in the quantified quotas."""
    return int(inputs.problem.q_lower.sum()) <= inputs.problem.quantified


def fits_caps(inputs: KindInputs) -> bool:
    """Ceilings and change caps leave room for every quantified quota."""
    return int(np.maximum(compute_q_upper(inputs), 0).sum()) >= inputs.problem.quantified


def fits_turnover(inputs: KindInputs) -> bool:
    """The turnover pool covers what the streets need even at their most quantified quotas."""
    return int(compute_turnover_at_caps(inputs).sum()) <= inputs.problem.turnover_pool


def fits_needs(inputs: KindInputs) -> bool:
    """Every street's least total fits in the pool together."""
    return int(compute_least_totals(inputs).sum()) <= inputs.pool


def fits_streets(inputs: KindInputs) -> bool:
    """Every street's floor and least total are within its own limits."""
    p = inputs.problem
    # whole arrays at once: the per-street check recomputes q_upper each time (quadratic)
    return bool(
        np.all(p.q_lower <= compute_q_upper(inputs)) and np.all(p.total_lower <= p.total_upper)
    )


def fits_all_but_caps(inputs: KindInputs) -> bool:
    """Every condition except the ceilings one; these only get truer as the pool grows."""
    return all(condition(inputs) for condition in GROWING)


def is_feasible(inputs: KindInputs) -> bool:
    """Whether the kind's model has a solution (exact)."""
    return fits_all_but_caps(inputs) and fits_caps(inputs)


#: the conditions that only get truer as the pool grows (all but :func:`fits_caps`)
GROWING: tuple[Predicate, ...] = (fits_base, fits_streets, fits_floors, fits_turnover, fits_needs)


# --------------------------------------------------------------------------
# Searching for the smallest fix
# --------------------------------------------------------------------------


def rebuild_inputs(
    inputs: KindInputs, *, pool: int | None = None, turnover_share: float | None = None
) -> KindInputs:
    """The same kind with another pool or turnover share (a new object)."""
    return rebuild_kind_inputs(inputs, pool=pool, turnover_share=turnover_share)


def _pool_search_limit(inputs: KindInputs) -> int:
    p = inputs.problem
    scale = inputs.pool + int(p.base.sum()) + int(compute_least_totals(inputs).sum()) + p.size + 10
    return scale * POOL_SEARCH_FACTOR


def find_least_pool(inputs: KindInputs, holds: Predicate) -> int | None:
    """The least pool above the current one for which ``holds`` is true.

    ``holds`` must only get truer as the pool grows (true of every check but
    the ceilings one); ``None`` when no pool up to a generous limit works.
    """
    limit = _pool_search_limit(inputs)
    low, high = inputs.pool, max(inputs.pool * 2, inputs.pool + 1)
    while not holds(rebuild_inputs(inputs, pool=high)):
        if high >= limit:
            return None
        low, high = high, min(high * 2, limit)
    while high - low > 1:
        middle = (low + high) // 2
        if holds(rebuild_inputs(inputs, pool=middle)):
            high = middle
        else:
            low = middle
    return high


def find_greatest_pool(inputs: KindInputs, holds: Predicate) -> int | None:
    """The greatest pool below the current one for which ``holds`` is true.

    ``holds`` must only get truer as the pool shrinks; ``None`` when even an
    empty pool fails.
    """
    if inputs.pool == 0 or not holds(rebuild_inputs(inputs, pool=0)):
        return None
    low, high = 0, inputs.pool
    while high - low > 1:
        middle = (low + high) // 2
        if holds(rebuild_inputs(inputs, pool=middle)):
            low = middle
        else:
            high = middle
    return low


def find_feasible_pool(inputs: KindInputs) -> int | None:
    """The pool nearest the current one that makes the kind feasible, if any.

    The feasible pools form an interval: the ceilings condition only gets
    truer as the pool shrinks, every other one as it grows.
    """
    if not fits_all_but_caps(inputs):
        pool = find_least_pool(inputs, fits_all_but_caps)
    elif not fits_caps(inputs):
        pool = find_greatest_pool(inputs, fits_caps)
    else:
        return inputs.pool
    if pool is None or not is_feasible(rebuild_inputs(inputs, pool=pool)):
        return None
    return pool


def fix_pool_up(inputs: KindInputs, target: Predicate) -> int | None:
    """The least larger pool that makes ``target`` hold and breaks nothing that holds now.

    ``target`` must be one of :data:`GROWING`; those that hold keep holding
    as the pool grows, so only the ceilings condition can break.
    """
    pool = find_least_pool(inputs, target)
    if pool is None or (fits_caps(inputs) and not fits_caps(rebuild_inputs(inputs, pool=pool))):
        return None
    return pool


def fix_pool_down(inputs: KindInputs) -> int | None:
    """The greatest smaller pool that meets the ceilings and breaks nothing that holds now."""
    pool = find_greatest_pool(inputs, fits_caps)
    if pool is None:
        return None
    smaller = rebuild_inputs(inputs, pool=pool)
    if not all(c(smaller) for c in GROWING if c(inputs)):
        return None
    return pool


def fix_share(inputs: KindInputs, target: Predicate, *, upward: bool) -> float | None:
    """The nearest turnover share that makes ``target`` hold and breaks nothing that holds now."""
    held = [c for c in (*GROWING, fits_caps) if c(inputs)]
    return find_share(inputs, lambda k: target(k) and all(c(k) for c in held), upward=upward)


def find_share(inputs: KindInputs, holds: Predicate, *, upward: bool) -> float | None:
    """The turnover share nearest the current one, on a 0.1% grid, for which ``holds`` is true.

    Shares giving the same turnover pool are tried once (the smallest of
    them going up, the largest going down).
    """
    steps = round(1 / SHARE_STEP)
    current = inputs.turnover_share
    if upward:
        candidates = [k / steps for k in range(steps) if k / steps > current + 1e-12]
    else:
        candidates = [k / steps for k in reversed(range(steps)) if k / steps < current - 1e-12]
    tried: set[int] = set()
    for share in candidates:
        pool = compute_turnover_pool(share, inputs.pool)
        if pool in tried:
            continue
        tried.add(pool)
        if holds(rebuild_inputs(inputs, turnover_share=share)):
            return share
    return None
