"""Feasibility arithmetic checked before anything is solved.

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

Each check returns one plain sentence per conflict with the numbers and the
smallest change that removes it (found by search over the pool, the turnover
share on a 0.1% grid, or per street), and, when a kind has several conflicts
or its single fix is not enough, one sentence with a pool or a turnover share
that meets every requirement of the kind at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from quota._typing import IntArray
from quota.model.problem import KindInputs, compute_turnover_pool, rebuild_kind_inputs

#: turnover shares are searched on this grid [-]
SHARE_STEP = 0.001
#: give up searching for a pool above this multiple of the largest need [-]
POOL_SEARCH_FACTOR = 64
#: per-street sentences listed for one kind; the rest are counted
MAX_STREET_SENTENCES = 10

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


# --------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------


def format_share(share: float) -> str:
    """A share as a percentage: ``0.05`` -> ``5%``, ``0.031`` -> ``3.1%``."""
    return f"{round(share * 100, 6):g}%"


def _join_or(parts: Sequence[str]) -> str:
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + ", or " + parts[-1]


def _join_and(parts: Sequence[str]) -> str:
    parts = list(parts)
    if len(parts) <= 2:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _has_cap(inputs: KindInputs) -> bool:
    return inputs.max_change is not None and inputs.current is not None


def _share_text(inputs: KindInputs) -> str:
    return (
        f"the {format_share(inputs.turnover_share)} turnover share ({inputs.problem.turnover_pool})"
    )


def _raise_pool_or_lower_share(inputs: KindInputs, holds: Predicate) -> list[str]:
    """The two fixes for a requirement that a larger pool or a smaller turnover share meets."""
    pool = fix_pool_up(inputs, holds)
    share = fix_share(inputs, holds, upward=False) if inputs.turnover_share > 0 else None
    return [
        f"raise the pool to at least {pool}" if pool is not None else "",
        f"lower the turnover share to {format_share(share)}" if share is not None else "",
    ]


def explain_base(inputs: KindInputs) -> str:
    """The bases do not fit in the pool after the turnover share."""
    p = inputs.problem
    base_total = int(p.base.sum())
    fixes = _raise_pool_or_lower_share(inputs, fits_base)
    return (
        f"{p.kind}: base quotas need {base_total} but only {inputs.pool - p.turnover_pool} remain of the pool "
        f"{inputs.pool} after {_share_text(inputs)}; {_join_or(fixes) or 'raise the pool'}."
    )


def explain_street_range(inputs: KindInputs, i: int) -> str | None:
    """Street ``i``'s floor (or base) is above its ceiling or change cap; ``None`` when only the pool binds."""
    p = inputs.problem
    street = p.streets[i]
    base = int(p.base[i])
    need = base + int(p.q_lower[i])
    most = base + int(compute_q_upper(inputs)[i])
    limits: list[str] = []
    fixes: list[str] = []
    if inputs.ceiling is not None and int(inputs.ceiling[i]) < need:
        limits.append(f"the ceiling of {int(inputs.ceiling[i])}")
        fixes.append(f"raise its ceiling to {need}")
    if _has_cap(inputs):
        assert inputs.current is not None and inputs.max_change is not None
        current, cap = int(inputs.current[i]), int(inputs.max_change[i])
        if current + cap < need:
            limits.append(f"the change cap ({current} current + {cap})")
            fixes.append(f"relax its change cap to {need - current}")
    if not limits:
        return None
    if inputs.floor is not None and int(inputs.floor[i]) > base:
        lower = f"the floor of {int(inputs.floor[i])} needs at least {need} (base + quantified)"
        options = [
            f"lower the floor for {street} to {most}" if most >= base else "",
            _join_and(fixes),
        ]
    else:
        lower = f"its base of {base} needs at least {need}"
        options = [_join_and(fixes)]
    verb = "allows" if len(limits) == 1 else "allow"
    return f"{p.kind}, {street}: {lower}, but {_join_and(limits)} {verb} at most {most}; {_join_or(options)}."


def explain_street_total(inputs: KindInputs, i: int) -> str | None:
    """Street ``i``'s staff on board exceed what its change cap allows; ``None`` when the pool binds."""
    p = inputs.problem
    if not _has_cap(inputs) or inputs.onboard is None:
        return None
    assert inputs.current is not None and inputs.max_change is not None
    current, cap = int(inputs.current[i]), int(inputs.max_change[i])
    onboard = int(inputs.onboard[i])
    if not inputs.no_dismissal or onboard <= current + cap:
        return None
    street = p.streets[i]
    return (
        f"{p.kind}, {street}: no dismissal of its {onboard} staff on board requires a total of at least "
        f"{onboard}, but the change cap ({current} current + {cap}) allows at most {current + cap}; "
        f"relax the change cap for {street} to {onboard - current}."
    )


def explain_floors(inputs: KindInputs) -> str:
    """The floors need more quantified quotas than are left."""
    p = inputs.problem
    floors = int(p.q_lower.sum())
    fixes = [
        *_raise_pool_or_lower_share(inputs, fits_floors),
        f"lower the floors by {floors - p.quantified} in all",
    ]
    return (
        f"{p.kind}: the floors need {floors} quantified quotas but only {p.quantified} are left after base "
        f"({int(p.base.sum())}) and turnover ({p.turnover_pool}) of the pool {inputs.pool}; {_join_or(fixes)}."
    )


def explain_caps(inputs: KindInputs) -> str:
    """Ceilings and change caps leave no room for every quantified quota."""
    p = inputs.problem
    most = int(np.maximum(compute_q_upper(inputs), 0).sum())
    names = [
        "ceilings" if inputs.ceiling is not None else "",
        "change caps" if _has_cap(inputs) else "",
    ]
    limits = _join_and([n for n in names if n]) or "limits"
    pool = fix_pool_down(inputs)
    share = fix_share(inputs, fits_caps, upward=True)
    fixes = [
        f"lower the pool to {pool}" if pool is not None else "",
        f"raise the turnover share to {format_share(share)} (unused turnover stays in the district reserve)"
        if share is not None
        else "",
        f"relax the {limits} by {p.quantified - most} in all",
    ]
    return (
        f"{p.kind}: the {limits} let the streets take at most {most} quantified quotas but {p.quantified} "
        f"must be shared out; {_join_or(fixes)}."
    )


def explain_turnover(inputs: KindInputs) -> str:
    """The turnover pool cannot cover the streets whose staff exceed their most quantified quotas."""
    p = inputs.problem
    need = compute_turnover_at_caps(inputs)
    total = int(need.sum())
    listed = ", ".join(f"{p.streets[i]} {int(need[i])}" for i in np.flatnonzero(need))
    share = fix_share(inputs, fits_turnover, upward=True)
    pool = fix_pool_up(inputs, fits_turnover)
    ceilings = inputs.ceiling is not None and any(
        int(inputs.ceiling[i]) - int(p.base[i]) == int(compute_q_upper(inputs)[i])
        for i in np.flatnonzero(need)
    )
    fixes = [
        f"raise the turnover share to {format_share(share)}" if share is not None else "",
        f"raise the pool to at least {pool}" if pool is not None else "",
        f"raise the ceilings of these streets by {total - p.turnover_pool} in all"
        if ceilings
        else "",
    ]
    return (
        f"{p.kind}: to keep their staff on board even with the most quantified quotas they can take, the "
        f"streets need {total} turnover quotas ({listed}) but the turnover pool is {p.turnover_pool} "
        f"({format_share(inputs.turnover_share)} of {inputs.pool}); {_join_or(fixes) or 'raise the ceilings'}."
    )


def explain_needs(inputs: KindInputs) -> str:
    """The streets' least totals add up to more than the pool."""
    p = inputs.problem
    least = compute_least_totals(inputs)
    candidates: list[tuple[str, IntArray | None]] = [
        ("staff on board", inputs.onboard if inputs.no_dismissal else None),
        ("floor", inputs.floor),
        ("base", p.base),
        (
            "current quotas less the change cap",
            inputs.current - inputs.max_change
            if inputs.current is not None and inputs.max_change is not None
            else None,
        ),
    ]
    # name only what sets some street's least total
    parts = [
        name
        for name, values in candidates
        if values is not None and bool(np.any((values == least) & (least > 0)))
    ]
    need = int(least.sum())
    return (
        f"{p.kind}: keeping every street at or above its {_join_and(parts) or 'least total'} needs {need} "
        f"quotas in all, but the pool is {inputs.pool}; raise the pool to at least {need}."
    )


def explain_together(inputs: KindInputs, sentences: Sequence[str]) -> str | None:
    """A pool (or else a turnover share) that meets every requirement of the kind at once.

    ``None`` when the kind has one conflict and the fix its sentence names
    already meets everything.
    """
    kind = inputs.problem.kind
    several = len(sentences) > 1
    pool = find_feasible_pool(inputs)
    if pool is not None:
        named = any(f"pool to at least {pool}" in s or f"pool to {pool}" in s for s in sentences)
        return (
            None
            if named and not several
            else f"{kind}: a pool of {pool} meets all of these at once."
        )
    share = find_share(inputs, is_feasible, upward=True)
    if share is None:
        share = find_share(inputs, is_feasible, upward=False)
    if share is not None:
        named = any(f"share to {format_share(share)}" in s for s in sentences)
        return (
            None
            if named and not several
            else (f"{kind}: a turnover share of {format_share(share)} meets all of these at once.")
        )
    if several:
        return (
            f"{kind}: no pool or turnover share alone meets all of these at once; "
            "the per-street limits must change too."
        )
    return None


def check_kind(inputs: KindInputs) -> list[str]:
    """Conflicts within one quota kind, one sentence each (empty when the kind is feasible).

    Parameters
    ----------
    inputs : KindInputs
        The kind's derived problem and settings.

    Returns
    -------
    list of str
        One sentence per conflict with its numbers and the smallest change
        that removes it; when the fixes interact, a last sentence with a pool
        or turnover share that meets every requirement at once.
    """
    if is_feasible(inputs):
        return []
    p = inputs.problem
    problems: list[str] = []
    if not fits_base(inputs):
        problems.append(explain_base(inputs))
    per_street: list[str] = []
    for i in range(p.size):
        if not fits_street_range(inputs, i):
            per_street.append(explain_street_range(inputs, i) or "")
        if not fits_street_total(inputs, i):
            per_street.append(explain_street_total(inputs, i) or "")
    per_street = [sentence for sentence in per_street if sentence]
    if len(per_street) > MAX_STREET_SENTENCES:
        more = len(per_street) - MAX_STREET_SENTENCES
        per_street = per_street[:MAX_STREET_SENTENCES] + [
            f"{p.kind}: {more} more street{'s' if more > 1 else ''} like these (not listed)."
        ]
    problems += per_street
    if fits_base(inputs) and not per_street:
        if not fits_floors(inputs):
            problems.append(explain_floors(inputs))
        if not fits_caps(inputs):
            problems.append(explain_caps(inputs))
        if not fits_turnover(inputs):
            problems.append(explain_turnover(inputs))
    if not fits_needs(inputs):
        problems.append(explain_needs(inputs))
    if not problems:  # pragma: no cover - the conditions above are exhaustive (module notes)
        problems.append(f"{p.kind}: no allocation meets every requirement of this kind at once.")
    together = explain_together(inputs, problems)
    if together:
        problems.append(together)
    return problems


# --------------------------------------------------------------------------
# Linked kinds
# --------------------------------------------------------------------------


def compute_street_total_max(inputs: KindInputs) -> int:
    """Most quotas the streets can hold in one kind: ``min(pool, sum total_upper)``."""
    return int(min(inputs.pool, int(inputs.problem.total_upper.sum())))


@dataclass(frozen=True)
class ShareRequirement:
    """The linking requirement ``street totals >= ceil(share * district_total)``."""

    share: float
    district_total: int

    @property
    def required(self) -> int:
        """Quotas the streets must hold over all kinds."""
        return int(np.ceil(self.share * self.district_total - 1e-9))


def check_street_share(kinds: Sequence[KindInputs], requirement: ShareRequirement) -> list[str]:
    """The streets' totals over all kinds cannot reach ``street_share_min`` of the district total.

    Returns one sentence with the numbers and the smallest fixes: lower
    ``street_share_min`` to the largest share (0.1% grid) that fits, or
    raise one kind's pool (when that alone is enough).
    """
    most = sum(compute_street_total_max(k) for k in kinds)
    required = requirement.required
    if most >= required:
        return []
    by_kind = ", ".join(f"{k.problem.kind} {compute_street_total_max(k)}" for k in kinds)
    steps = round(1 / SHARE_STEP)
    fixes: list[str] = []
    if requirement.district_total > 0:
        k = int(np.floor(most / requirement.district_total * steps + 1e-9))
        while k > 0 and ShareRequirement(k / steps, requirement.district_total).required > most:
            k -= 1
        fixes.append(f"lower street_share_min to {format_share(k / steps)}")
    short = required - most
    for kind in kinds:
        raised = rebuild_inputs(kind, pool=kind.pool + short)
        if compute_street_total_max(raised) - compute_street_total_max(kind) >= short:
            fixes.append(f"raise the {kind.problem.kind} pool by {short} to {kind.pool + short}")
            break
    else:
        fixes.append("relax the change caps")
    return [
        f"the streets can hold at most {most} quotas ({by_kind}) but street_share_min "
        f"{format_share(requirement.share)} of the district total {requirement.district_total} needs "
        f"{required}; {_join_or(fixes)}."
    ]


def check_scenario_arithmetic(
    kinds: Sequence[KindInputs], requirement: ShareRequirement | None = None
) -> list[str]:
    """Every pre-solve conflict of a scenario: each kind's, then the linking requirement's."""
    problems: list[str] = []
    for inputs in kinds:
        problems += check_kind(inputs)
    if requirement is not None:
        problems += check_street_share(kinds, requirement)
    return problems
