"""The upper splits' bounds: what each unit needs so that its own split can never fail.

Every split is the model of :mod:`quota.model.problem` over the holder's
children (:mod:`quota.model.hierarchy`): a child's row has a base, bounds on
its quantified quotas and bounds on its total. A street's row is its row in a
one-level run (base, floor, ceiling, change cap, staff on board). A unit's row
in the split above it is derived from its children's rows, bottom up, so that
*any* allocation the split above may give it leaves its own split feasible:

* ``B`` (base): the sum of its streets' base quotas;
* the unit keeps ``R = round(τ × (B + q))`` of the base + quantified quotas
  it receives as its own turnover reserve (``τ``: its ``turnover_share`` in
  ``units:``, default 0), and divides ``Q = q - R`` quantified quotas; so its
  quantified quotas ``q`` lie in ``[q_min, q_max]``, the least and most ``q``
  with ``sum lo <= q - R(q) <= sum hi`` over its children (``lo``, ``hi``: the
  least and most quantified quotas each child can take);
* ``need`` (least total): the sum of its children's least totals
  ``max(base + lo, total_lower)`` (base, floors, staff on board under no
  dismissal, current quotas minus the change cap, decisions);
* ``earmark``: turnover its children need whatever it is given: the
  children's earmarks plus what their staff on board need above the most
  quantified quotas they can take, less the reserve ``R(q_min)`` it keeps
  anyway. The split above hands it these turnover quotas first (they count as
  part of the row's base there), and it passes them on.

These are exactly the feasibility conditions of :mod:`quota.model.feasibility`
for the unit's split, so the upper split, solved by the same rule within these
bounds, never leaves a unit unable to satisfy its streets; when no upper split
can satisfy every unit, :func:`check_top` says which units need what, with the
numbers, before anything is solved.

A unit named in a decision (``district: 东城区``) gets bounds on its total in
the split above it, as a street's decision does (:mod:`quota.model.decisions`);
they go into its row before its parent's bounds are derived.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from quota._typing import FloatArray, IntArray
from quota.errors import InfeasibleError, Msg
from quota.locale import kind_name, msg
from quota.model.decisions import Target, apply_targets
from quota.model.hierarchy import UNBOUNDED, group_sum, plural_key
from quota.model.problem import KindInputs, compute_turnover_pool

#: values at or above this stand for "no bound" [quotas]
OPEN = UNBOUNDED // 2
#: units listed in one sentence, at most
MAX_UNITS_NAMED = 8


@dataclass(frozen=True)
class Rows:
    """Children of one split as their holders' problems see them, one entry per child.

    Attributes
    ----------
    base : int array
        Own base quotas (a unit's: the sum over its streets).
    earmark : int array
        Turnover handed to the child first, for what its children need (0 for streets).
    q_lower, q_upper : int arrays
        Bounds on the child's quantified quotas (``q_upper`` :data:`OPEN` or more: none).
    total_lower, total_upper : int arrays
        Bounds on ``base + earmark + q + t`` (``total_upper`` :data:`OPEN` or more: none).
    """

    base: IntArray
    earmark: IntArray
    q_lower: IntArray
    q_upper: IntArray
    total_lower: IntArray
    total_upper: IntArray

    @property
    def row_base(self) -> IntArray:
        """The base the holder's problem sees: own base plus the earmarked turnover."""
        return (self.base + self.earmark).astype(np.int64)

    @property
    def hi(self) -> IntArray:
        """Most quantified quotas each child can take (:data:`UNBOUNDED` when none)."""
        hi = np.minimum(self.q_upper, self.total_upper - self.row_base)
        return np.where(hi >= OPEN, UNBOUNDED, hi).astype(np.int64)

    @property
    def least_totals(self) -> IntArray:
        """Each child's least total ``max(base + lo, total_lower)``."""
        return np.maximum(self.row_base + self.q_lower, self.total_lower).astype(np.int64)

    def take(self, index: IntArray) -> Rows:
        """The rows at ``index``."""
        return Rows(*(getattr(self, f)[index] for f in _ROW_FIELDS))


_ROW_FIELDS = ("base", "earmark", "q_lower", "q_upper", "total_lower", "total_upper")


def street_rows(kin: KindInputs) -> Rows:
    """The streets' rows: as in a one-level run, without the bounds that follow from the pool."""
    p = kin.problem
    n = p.size
    base = p.base.astype(np.int64)
    q_lower = np.zeros(n, dtype=np.int64)
    q_upper = np.full(n, UNBOUNDED, dtype=np.int64)
    if kin.floor is not None:
        q_lower = np.maximum(q_lower, kin.floor - base)
    if kin.ceiling is not None:
        q_upper = np.minimum(q_upper, kin.ceiling - base)
    total_lower = np.zeros(n, dtype=np.int64)
    total_upper = np.full(n, UNBOUNDED, dtype=np.int64)
    if kin.no_dismissal and kin.onboard is not None:
        total_lower = np.maximum(total_lower, kin.onboard)
    if kin.max_change is not None and kin.current is not None:
        total_lower = np.maximum(total_lower, kin.current - kin.max_change)
        total_upper = np.minimum(total_upper, kin.current + kin.max_change)
    return Rows(base, np.zeros(n, dtype=np.int64), q_lower, q_upper, total_lower, total_upper)


def apply_street_targets(kin: KindInputs, rows: Rows, targets: Sequence[Target]) -> Rows:
    """The streets' rows with their decisions' bounds (:func:`quota.model.decisions.apply_targets`)."""
    if not targets:
        return rows
    problem = replace(
        kin.problem,
        q_lower=rows.q_lower,
        q_upper=rows.q_upper,
        total_lower=rows.total_lower,
        total_upper=rows.total_upper,
    )
    decided = apply_targets({kin.problem.kind: replace(kin, problem=problem)}, targets)
    p = decided[kin.problem.kind].problem
    return replace(rows, q_lower=p.q_lower, total_lower=p.total_lower, total_upper=p.total_upper)


# --------------------------------------------------------------------------
# A unit's own reserve and its range of quantified quotas
# --------------------------------------------------------------------------


def own_reserve(share: float, base: int, q: int) -> int:
    """The turnover a unit keeps: ``round(share × (base + q))``, halves up, exact."""
    if share <= 0:
        return 0
    return compute_turnover_pool(share, base + q)


def divided(share: float, base: int, q: int) -> int:
    """The quantified quotas a unit divides among its children: ``q - R(q)``."""
    return q - own_reserve(share, base, q)


def least_q(share: float, base: int, target: int) -> int:
    """The least ``q >= 0`` with ``q - R(q) >= target`` (``q - R(q)`` never decreases in ``q``)."""
    if share <= 0:
        return max(target, 0)
    q = max(0, int(np.ceil((target + share * base) / (1.0 - share))) - 2)
    while divided(share, base, q) < target:
        q += 1
    while q > 0 and divided(share, base, q - 1) >= target:
        q -= 1
    return q


def most_q(share: float, base: int, target: int) -> int:
    """The most ``q`` with ``q - R(q) <= target`` (:data:`UNBOUNDED` when ``target`` is)."""
    if target >= OPEN:
        return UNBOUNDED
    if share <= 0:
        return target
    q = max(0, int(np.floor((target + share * base) / (1.0 - share))) + 2)
    while q > 0 and divided(share, base, q) > target:
        q -= 1
    while divided(share, base, q + 1) <= target:
        q += 1
    return q


@dataclass(frozen=True)
class Needs:
    """What each holder of one split needs, and its row in the split above.

    Attributes
    ----------
    rows : Rows
        The holders' rows in the split above (before their own decisions).
    share : float array
        Each holder's own turnover share.
    turnover : int array
        Turnover each holder must hold for its children (their earmarks and
        the staff on board above what their quantified quotas can cover).
    """

    rows: Rows
    share: FloatArray
    turnover: IntArray


def derive_needs(children: Rows, holder: IntArray, holders: int, share: FloatArray) -> Needs:
    """The holders' rows from their children's (see the module notes), vectorised."""
    base = group_sum(children.base, holder, holders)
    hi = children.hi
    open_hi = np.bincount(holder, weights=(hi >= OPEN).astype(float), minlength=holders) > 0
    s_lo = group_sum(children.q_lower, holder, holders)
    s_hi = np.where(open_hi, UNBOUNDED, group_sum(np.minimum(hi, OPEN), holder, holders))
    need = group_sum(children.least_totals, holder, holders)
    deficit = children.total_lower - children.row_base
    uncovered = np.where(hi >= OPEN, 0, np.maximum(deficit - hi, 0)).astype(np.int64)
    turnover = group_sum(children.earmark, holder, holders) + group_sum(uncovered, holder, holders)
    q_min = s_lo.copy()
    q_max = s_hi.copy()
    earmark = turnover.copy()
    for h in np.flatnonzero(share > 0):
        tau, b = float(share[h]), int(base[h])
        q_min[h] = least_q(tau, b, int(s_lo[h]))
        q_max[h] = most_q(tau, b, int(s_hi[h]))
        earmark[h] = max(0, int(turnover[h]) - own_reserve(tau, b, int(q_min[h])))
    rows = Rows(
        base=base.astype(np.int64),
        earmark=earmark.astype(np.int64),
        q_lower=q_min.astype(np.int64),
        q_upper=q_max.astype(np.int64),
        total_lower=need.astype(np.int64),
        total_upper=np.full(holders, UNBOUNDED, dtype=np.int64),
    )
    return Needs(rows=rows, share=np.asarray(share, dtype=float), turnover=turnover)


# --------------------------------------------------------------------------
# The split at the top: can any split satisfy every unit?
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class TopNumbers:
    """The pool's arithmetic at the top: ``pool = base + quantified + turnover``."""

    pool: int
    turnover: int
    base: int
    quantified: int


def top_numbers(pool: int, share: float, rows: Rows) -> TopNumbers:
    """The top's turnover ``round(share × pool)`` and what is left to quantify."""
    turnover = compute_turnover_pool(share, pool)
    base = int(rows.base.sum())
    return TopNumbers(pool, turnover, base, pool - base - turnover)


def _listed(names: Sequence[str], numbers: IntArray, key: str) -> list[Msg]:
    order = np.argsort(-np.asarray(numbers, dtype=np.int64), kind="stable")[:MAX_UNITS_NAMED]
    return [msg(key, unit=names[int(i)], n=int(numbers[int(i)])) for i in order]


def check_top(
    kind: str,
    level: str,
    rows: Rows,
    names: Sequence[str],
    top: TopNumbers,
    *,
    ideal: FloatArray | None = None,
) -> list[Msg]:
    """Why no split of the pool among the top level's units satisfies them all (empty: one does).

    The conditions are exact (:mod:`quota.model.feasibility` for the top
    split's problem): the units' base quotas fit after the turnover share; their
    least quantified quotas fit and their most can take the rest; the top's
    turnover covers what the units' streets need above what quantified quotas
    can cover; the units' least totals fit in the pool. ``ideal``: each unit's
    total by workload (to name the units that need more than it).
    """
    common = {"kind": kind_name(kind), "plural": plural_key(level), "pool": top.pool}
    problems: list[Msg] = []
    if top.quantified < 0:
        problems.append(
            msg("model.levels.top_base", **common, base=top.base, turnover=top.turnover)
        )
        return problems
    lo_sum, hi = int(rows.q_lower.sum()), rows.hi
    if lo_sum > top.quantified:
        units = _listed(names, rows.q_lower, "model.levels.unit_at_least")
        problems.append(
            msg(
                "model.levels.top_floors",
                **common,
                need=lo_sum,
                quantified=top.quantified,
                units=units,
            )
        )
    if not (hi >= OPEN).any() and int(hi.sum()) < top.quantified:
        problems.append(
            msg(
                "model.levels.top_caps",
                **common,
                most=int(hi.sum()),
                quantified=top.quantified,
            )
        )
    deficit = rows.total_lower - rows.row_base
    uncovered = np.where(hi >= OPEN, 0, np.maximum(deficit - hi, 0))
    turnover_need = int(rows.earmark.sum() + uncovered.sum())
    if turnover_need > top.turnover:
        units = _listed(names, rows.earmark + uncovered, "model.levels.unit_turnover")
        problems.append(
            msg(
                "model.levels.top_turnover",
                **common,
                need=turnover_need,
                turnover=top.turnover,
                units=units,
            )
        )
    least = rows.least_totals
    if int(least.sum()) > top.pool:
        problems.append(_explain_needs(common, least, names, top, ideal))
    return problems


def _explain_needs(
    common: dict[str, object],
    least: IntArray,
    names: Sequence[str],
    top: TopNumbers,
    ideal: FloatArray | None,
) -> Msg:
    """The units' least totals exceed the pool: name those above their workload share."""
    over = least - (ideal if ideal is not None else 0)
    chosen = np.flatnonzero(over > 0) if ideal is not None else np.arange(len(least))
    if chosen.size == 0:
        chosen = np.arange(len(least))
    order = chosen[np.argsort(-over[chosen], kind="stable")][:MAX_UNITS_NAMED]
    units = [
        msg(
            "model.levels.unit_needs" if ideal is not None else "model.levels.unit_at_least",
            unit=names[int(i)],
            n=int(least[i]),
            share=int(round(float(ideal[i]))) if ideal is not None else 0,
        )
        for i in order
    ]
    need = int(least.sum())
    return msg(
        "model.levels.top_needs",
        **common,
        need=need,
        short=need - top.pool,
        units=units,
    )


def raise_if_conflicts(problems: Sequence[str | Msg]) -> None:
    """Stop with every conflict found (exit code 3)."""
    if problems:
        raise InfeasibleError(list(problems))
