"""The allocation problem of one quota kind, and its integer program.

Pure: no I/O, no solver calls. :class:`KindProblem` holds the numbers the
pipeline derives from the street table and the scenario; :func:`build_milp`
turns it into a PuLP model whose constraints are named after the policy they
encode (``no_dismissal__<street>``), so an LP file reads like the rules.

The model, per kind (all quantities are whole quotas)::

    minimise   sum_k |q_k - ideal_k| + turnover_penalty * sum_k t_k      (objective "l1")
    subject to sum_k q_k = quantified
               q_lower_k <= q_k <= q_upper_k                      (floor / ceiling on base + q)
               total_lower_k <= base_k + q_k + t_k <= total_upper_k (no dismissal, change cap)
               sum_k t_k <= turnover_pool
               q_k, t_k integer >= 0

Among optimal solutions the canonical one minimises ``sum_k (k + 1) * q_k``
(ties go to the street listed first).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np

from quota._typing import FloatArray, IntArray

#: cost of one turnover quota handed to a street, against 1 per quota of deviation
TURNOVER_PENALTY = 1e-3


@dataclass(frozen=True)
class KindProblem:
    """Everything the solver needs for one quota kind.

    Attributes
    ----------
    kind : str
        Quota kind name (``admin``, ``institutional``, ...).
    streets : tuple of str
        Street names, in table order (the tie-break order).
    ideal : float array
        Ideal quantified quotas ``score * quantified`` [quotas]; sums to ``quantified``.
    quantified : int
        Quotas to split by workload, ``pool - sum(base) - turnover_pool``.
    base : int array
        Base quotas per street.
    q_lower, q_upper : int arrays
        Bounds on the quantified quotas (from floors and ceilings on base + quantified);
        ``q_lower >= 0`` and ``q_upper <= quantified`` always.
    total_lower, total_upper : int arrays
        Bounds on ``base + quantified + turnover`` (staff on board under no dismissal,
        ``current -/+ max_change``); ``total_lower >= 0``; with no cap
        ``total_upper = base + quantified + turnover_pool``.
    turnover_pool : int
        Turnover quotas ``round(turnover_share * pool)`` that may be handed to streets.
    turnover_penalty : float
        Objective cost of one turnover quota handed out.
    objective : str
        ``"l1"`` or ``"minimax"`` (largest of ``|q - ideal| / max(ideal, 1)``, then l1).
    """

    kind: str
    streets: tuple[str, ...]
    ideal: FloatArray
    quantified: int
    base: IntArray
    q_lower: IntArray
    q_upper: IntArray
    total_lower: IntArray
    total_upper: IntArray
    turnover_pool: int
    turnover_penalty: float = TURNOVER_PENALTY
    objective: str = "l1"

    @property
    def size(self) -> int:
        """Number of streets."""
        return len(self.streets)


@dataclass(frozen=True)
class KindInputs:
    """A kind's problem plus the street-level facts reported beside the solution.

    Attributes
    ----------
    problem : KindProblem
        What the solver sees.
    pool : int
        The kind's whole pool [quotas].
    turnover_share : float
        Share of the pool kept as turnover [-].
    score : float array
        Workload score per street (sums to 1).
    current, onboard : int arrays or None
        Current quotas and staff on board, when the table has them.
    floor, ceiling, max_change : int arrays or None
        Per-street policy bounds as given (floor/ceiling on base + quantified,
        max_change on ``|total - current|``).
    no_dismissal : bool
        Whether ``total >= onboard`` is enforced.
    """

    problem: KindProblem
    pool: int
    turnover_share: float
    score: FloatArray
    current: IntArray | None
    onboard: IntArray | None
    floor: IntArray | None
    ceiling: IntArray | None
    max_change: IntArray | None
    no_dismissal: bool


def round_half_up(value: float) -> int:
    """Round to the nearest whole number, halves up (not Python's banker's rounding)."""
    return int(np.floor(value + 0.5))


def compute_turnover_pool(share: float, pool: int) -> int:
    """``round(share × pool)`` with halves up, computed exactly [quotas].

    The share is taken as the decimal the scenario wrote (``0.145`` is 145/1000,
    not the float just below it), so 0.145 of 100 is 14.5 and rounds to 15.
    """
    exact = Decimal(repr(float(share))) * Decimal(int(pool))
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def build_kind_inputs(
    kind: str,
    streets: tuple[str, ...],
    *,
    pool: int,
    turnover_share: float,
    base: IntArray,
    score: FloatArray,
    current: IntArray | None = None,
    onboard: IntArray | None = None,
    floor: IntArray | None = None,
    ceiling: IntArray | None = None,
    max_change: IntArray | None = None,
    no_dismissal: bool = True,
    objective: str = "l1",
) -> KindInputs:
    """Derive the solver's bounds for one kind from the policy settings.

    ``turnover_pool = compute_turnover_pool(turnover_share, pool)`` (exact, halves up);
    ``quantified = pool - sum(base) - turnover_pool`` (may be negative: the
    feasibility checks report that before anything is solved).
    """
    n = len(streets)
    base = np.asarray(base, dtype=np.int64)
    turnover_pool = compute_turnover_pool(turnover_share, pool)
    quantified = int(pool - base.sum() - turnover_pool)
    q_cap = max(quantified, 0)
    ideal = np.round(np.asarray(score, dtype=np.float64) * q_cap, 9)
    q_lower = np.zeros(n, dtype=np.int64)
    q_upper = np.full(n, q_cap, dtype=np.int64)
    if floor is not None:
        q_lower = np.maximum(q_lower, floor - base)
    if ceiling is not None:
        q_upper = np.minimum(q_upper, ceiling - base)
    total_lower = np.zeros(n, dtype=np.int64)
    total_upper = base + q_cap + turnover_pool
    if no_dismissal and onboard is not None:
        total_lower = np.maximum(total_lower, onboard)
    if max_change is not None and current is not None:
        total_lower = np.maximum(total_lower, current - max_change)
        total_upper = np.minimum(total_upper, current + max_change)
    problem = KindProblem(
        kind=kind,
        streets=streets,
        ideal=ideal,
        quantified=quantified,
        base=base,
        q_lower=q_lower.astype(np.int64),
        q_upper=q_upper.astype(np.int64),
        total_lower=total_lower.astype(np.int64),
        total_upper=total_upper.astype(np.int64),
        turnover_pool=turnover_pool,
        objective=objective,
    )
    return KindInputs(
        problem=problem,
        pool=pool,
        turnover_share=turnover_share,
        score=np.asarray(score, dtype=np.float64),
        current=current,
        onboard=onboard,
        floor=floor,
        ceiling=ceiling,
        max_change=max_change,
        no_dismissal=no_dismissal,
    )


def rebuild_kind_inputs(
    inputs: KindInputs,
    *,
    pool: int | None = None,
    turnover_share: float | None = None,
    score: FloatArray | None = None,
) -> KindInputs:
    """The same kind with another pool, turnover share or scores (a new object)."""
    p = inputs.problem
    return build_kind_inputs(
        p.kind,
        p.streets,
        pool=inputs.pool if pool is None else pool,
        turnover_share=inputs.turnover_share if turnover_share is None else turnover_share,
        base=p.base,
        score=inputs.score if score is None else score,
        current=inputs.current,
        onboard=inputs.onboard,
        floor=inputs.floor,
        ceiling=inputs.ceiling,
        max_change=inputs.max_change,
        no_dismissal=inputs.no_dismissal,
        objective=p.objective,
    )


@dataclass(frozen=True)
class MilpVariables:
    """The PuLP variables of one kind in a built model."""

    q: list[Any]
    t: list[Any]
    d: list[Any]


@dataclass(frozen=True)
class Milp:
    """A built PuLP model and the pieces the solver stages need."""

    model: Any
    variables: dict[str, MilpVariables]
    l1: Any
    minimax: Any | None
    tiebreak: Any
    #: each minimax kind's own level variable (kinds are fixed one by one)
    levels: tuple[Any, ...] = ()


def new_variable(model: Any, name: str, low: float | None, up: float | None, cat: str) -> Any:
    """A variable attached to ``model`` (PuLP >= 3.3 API, with the older one as fallback)."""
    import pulp

    if hasattr(model, "add_variable"):
        return model.add_variable(name, lowBound=low, upBound=up, cat=cat)
    return pulp.LpVariable(name, lowBound=low, upBound=up, cat=cat)


def build_milp(
    problems: list[KindProblem],
    *,
    street_total_min: int | None = None,
) -> Milp:
    """Build the integer program of one or several kinds (jointly, when linked).

    Parameters
    ----------
    problems : list of KindProblem
        One per kind; solved together in one model.
    street_total_min : int, optional
        Linking constraint: the streets' total quotas over all kinds
        (base + quantified + turnover) must reach this.

    Notes
    -----
    The deviation ``|q - ideal|`` is modelled with the convex hull of its
    values at whole numbers (the chord between ``floor(ideal)`` and
    ``floor(ideal) + 1`` as a third cut), so the LP relaxation is already
    integral and the solver finishes at the root node.
    """
    import pulp

    model = pulp.LpProblem("quota_allocation", pulp.LpMinimize)
    variables: dict[str, MilpVariables] = {}
    parts = [_add_kind(model, p, f"k{number}") for number, p in enumerate(problems)]
    for p, part in zip(problems, parts, strict=True):
        variables[p.kind] = part.variables
    levels = [part.level for part in parts if part.level is not None]
    if street_total_min is not None:
        model += (
            pulp.lpSum(
                int(p.base.sum())
                + pulp.lpSum(variables[p.kind].q)
                + pulp.lpSum(variables[p.kind].t)
                for p in problems
            )
            >= street_total_min,
            "street_share_min",
        )
    return Milp(
        model=model,
        variables=variables,
        l1=pulp.lpSum(part.l1 for part in parts),
        minimax=pulp.lpSum(levels) if levels else None,
        tiebreak=pulp.lpSum(term for part in parts for term in part.tiebreak),
        levels=tuple(levels),
    )


@dataclass(frozen=True)
class _KindPart:
    """One kind's variables and objective terms in a model being built."""

    variables: MilpVariables
    l1: Any
    tiebreak: list[Any]
    #: the kind's own minimax level (objective "minimax"), else None
    level: Any | None


def _add_kind(model: Any, p: KindProblem, tag: str) -> _KindPart:
    """Add one kind's variables and constraints to ``model``; ``tag`` names them (``k0``)."""
    import pulp

    # each kind has its own minimax level: one kind's floors must not move another's
    z = (
        new_variable(model, f"max_relative_deviation__{tag}", 0, None, "Continuous")
        if p.objective == "minimax"
        else None
    )
    hi = np.minimum(p.q_upper, p.total_upper - p.base)
    q = [
        new_variable(model, f"q_{tag}_{i}", int(p.q_lower[i]), int(hi[i]), "Integer")
        for i in range(p.size)
    ]
    t = [new_variable(model, f"t_{tag}_{i}", 0, p.turnover_pool, "Integer") for i in range(p.size)]
    d = [new_variable(model, f"d_{tag}_{i}", 0, None, "Continuous") for i in range(p.size)]
    model += pulp.lpSum(q) == p.quantified, f"quantified_sum__{tag}"
    model += pulp.lpSum(t) <= p.turnover_pool, f"turnover_pool__{tag}"
    tiebreak = []
    for i in range(p.size):
        ideal = float(p.ideal[i])
        low = float(np.floor(ideal))
        frac = ideal - low
        model += d[i] >= q[i] - ideal, f"dev_up__{tag}_{i}"
        model += d[i] >= ideal - q[i], f"dev_down__{tag}_{i}"
        model += d[i] >= frac + (1 - 2 * frac) * (q[i] - low), f"dev_hull__{tag}_{i}"
        total = int(p.base[i]) + q[i] + t[i]
        if p.total_lower[i] > 0:
            model += total >= int(p.total_lower[i]), f"total_min__{tag}_{i}"
        model += total <= int(p.total_upper[i]), f"total_max__{tag}_{i}"
        if z is not None:
            model += z >= d[i] * (1.0 / max(ideal, 1.0)), f"minimax__{tag}_{i}"
        tiebreak.append((i + 1) * q[i])
    return _KindPart(
        variables=MilpVariables(q=q, t=t, d=d),
        l1=pulp.lpSum(d) + p.turnover_penalty * pulp.lpSum(t),
        tiebreak=tiebreak,
        level=z,
    )
