"""The conflicts of a scenario found before anything is solved, one sentence each.

The arithmetic is exact (:mod:`quota.model.feasibility`: the conditions, why
they are exact, and the search for the smallest fix). Each check here returns
one plain sentence per conflict with the numbers and the smallest change that
removes it (found by search over the pool, the turnover share on a 0.1% grid,
or per street), and, when a kind has several conflicts or its single fix is
not enough, one sentence with a pool or a turnover share that meets every
requirement of the kind at once. The sentences are messages of the catalog
(``model.conflict.*``), said in Chinese or English when they are printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from quota._typing import IntArray
from quota.errors import Msg
from quota.locale import kind_name, msg
from quota.model.feasibility import (
    SHARE_STEP,
    Predicate,
    compute_least_totals,
    compute_q_upper,
    compute_turnover_at_caps,
    find_feasible_pool,
    find_share,
    fits_base,
    fits_caps,
    fits_floors,
    fits_needs,
    fits_street_range,
    fits_street_total,
    fits_turnover,
    fix_pool_down,
    fix_pool_up,
    fix_share,
    is_feasible,
    rebuild_inputs,
)
from quota.model.problem import KindInputs

#: per-street sentences listed for one kind; the rest are counted
MAX_STREET_SENTENCES = 10


# --------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------


def format_share(share: float) -> str:
    """A share as a percentage: ``0.05`` -> ``5%``, ``0.031`` -> ``3.1%``."""
    return f"{round(share * 100, 6):g}%"


def join_or(parts: Sequence[Msg | None]) -> Msg | None:
    """``a, b, or c`` (``a、b，或c`` in Chinese); the parts that are None are left out."""
    kept = [p for p in parts if p is not None]
    if len(kept) <= 1:
        return kept[0] if kept else None
    return msg("model.join.or", head=kept[:-1], last=kept[-1])


def join_and(parts: Sequence[Msg]) -> Msg | None:
    """``a and b``, ``a, b and c`` (``a、b和c`` in Chinese); None when there are none."""
    parts = list(parts)
    if len(parts) <= 1:
        return parts[0] if parts else None
    return msg("model.join.and", head=parts[:-1], last=parts[-1])


def _has_cap(inputs: KindInputs) -> bool:
    return inputs.max_change is not None and inputs.current is not None


def _raise_pool_or_lower_share(inputs: KindInputs, holds: Predicate) -> list[Msg | None]:
    """The two fixes for a requirement that a larger pool or a smaller turnover share meets."""
    pool = fix_pool_up(inputs, holds)
    share = fix_share(inputs, holds, upward=False) if inputs.turnover_share > 0 else None
    return [
        msg("model.fix.pool_at_least", pool=pool) if pool is not None else None,
        msg("model.fix.share_lower", share=format_share(share)) if share is not None else None,
    ]


def explain_base(inputs: KindInputs) -> Msg:
    """The bases do not fit in the pool after the turnover share."""
    p = inputs.problem
    fixes = join_or(_raise_pool_or_lower_share(inputs, fits_base))
    return msg(
        "model.conflict.base",
        kind=kind_name(p.kind),
        need=int(p.base.sum()),
        left=inputs.pool - p.turnover_pool,
        pool=inputs.pool,
        share=format_share(inputs.turnover_share),
        turnover=p.turnover_pool,
        fixes=fixes or msg("model.fix.pool_up"),
    )


def _street_limits(inputs: KindInputs, i: int, need: int) -> tuple[list[Msg], list[Msg]]:
    """The ceiling and change cap of street ``i`` that stay below ``need``, and their fixes."""
    limits: list[Msg] = []
    fixes: list[Msg] = []
    if inputs.ceiling is not None and int(inputs.ceiling[i]) < need:
        limits.append(msg("model.limit.ceiling", ceiling=int(inputs.ceiling[i])))
        fixes.append(msg("model.fix.ceiling_up", need=need))
    if _has_cap(inputs):
        assert inputs.current is not None and inputs.max_change is not None
        current, cap = int(inputs.current[i]), int(inputs.max_change[i])
        if current + cap < need:
            limits.append(msg("model.limit.cap", current=current, cap=cap))
            fixes.append(msg("model.fix.cap_relax", cap=need - current))
    return limits, fixes


def explain_street_range(inputs: KindInputs, i: int) -> Msg | None:
    """Street ``i``'s floor (or base) is above its ceiling or change cap; ``None`` when only the pool binds."""
    p = inputs.problem
    street = p.streets[i]
    base = int(p.base[i])
    need = base + int(p.q_lower[i])
    most = base + int(compute_q_upper(inputs)[i])
    limits, fixes = _street_limits(inputs, i, need)
    if not limits:
        return None
    if inputs.floor is not None and int(inputs.floor[i]) > base:
        lower = msg("model.need.floor", floor=int(inputs.floor[i]), need=need)
        options = [
            msg("model.fix.floor_down", street=street, most=most) if most >= base else None,
            join_and(fixes),
        ]
    else:
        lower = msg("model.need.base", base=base, need=need)
        options = [join_and(fixes)]
    values = {
        "kind": kind_name(p.kind),
        "street": street,
        "lower": lower,
        "limits": join_and(limits),
        "most": most,
        "fixes": join_or(options),
    }
    if len(limits) == 1:
        return msg("model.conflict.street_range", **values)
    return msg("model.conflict.street_ranges", **values)


def explain_street_total(inputs: KindInputs, i: int) -> Msg | None:
    """Street ``i``'s staff on board exceed what its change cap allows; ``None`` when the pool binds."""
    p = inputs.problem
    if not _has_cap(inputs) or inputs.onboard is None:
        return None
    assert inputs.current is not None and inputs.max_change is not None
    current, cap = int(inputs.current[i]), int(inputs.max_change[i])
    onboard = int(inputs.onboard[i])
    if not inputs.no_dismissal or onboard <= current + cap:
        return None
    return msg(
        "model.conflict.street_total",
        kind=kind_name(p.kind),
        street=p.streets[i],
        onboard=onboard,
        current=current,
        cap=cap,
        most=current + cap,
        relaxed=onboard - current,
    )


def explain_floors(inputs: KindInputs) -> Msg:
    """The floors need more quantified quotas than are left."""
    p = inputs.problem
    floors = int(p.q_lower.sum())
    fixes = [
        *_raise_pool_or_lower_share(inputs, fits_floors),
        msg("model.fix.floors_down", by=floors - p.quantified),
    ]
    return msg(
        "model.conflict.floors",
        kind=kind_name(p.kind),
        floors=floors,
        quantified=p.quantified,
        base=int(p.base.sum()),
        turnover=p.turnover_pool,
        pool=inputs.pool,
        fixes=join_or(fixes),
    )


def explain_caps(inputs: KindInputs) -> Msg:
    """Ceilings and change caps leave no room for every quantified quota."""
    p = inputs.problem
    most = int(np.maximum(compute_q_upper(inputs), 0).sum())
    names = [
        *([msg("model.limits.ceilings")] if inputs.ceiling is not None else []),
        *([msg("model.limits.caps")] if _has_cap(inputs) else []),
    ]
    limits = join_and(names) or msg("model.limits.any")
    pool = fix_pool_down(inputs)
    share = fix_share(inputs, fits_caps, upward=True)
    fixes = [
        msg("model.fix.pool_to", pool=pool) if pool is not None else None,
        msg("model.fix.share_up_reserve", share=format_share(share)) if share is not None else None,
        msg("model.fix.limits_relax", limits=limits, by=p.quantified - most),
    ]
    return msg(
        "model.conflict.caps",
        kind=kind_name(p.kind),
        limits=limits,
        most=most,
        quantified=p.quantified,
        fixes=join_or(fixes),
    )


def explain_turnover(inputs: KindInputs) -> Msg:
    """The turnover pool cannot cover the streets whose staff exceed their most quantified quotas."""
    p = inputs.problem
    need = compute_turnover_at_caps(inputs)
    total = int(need.sum())
    listed = [f"{p.streets[i]} {int(need[i])}" for i in np.flatnonzero(need)]
    share = fix_share(inputs, fits_turnover, upward=True)
    pool = fix_pool_up(inputs, fits_turnover)
    ceilings = inputs.ceiling is not None and any(
        int(inputs.ceiling[i]) - int(p.base[i]) == int(compute_q_upper(inputs)[i])
        for i in np.flatnonzero(need)
    )
    fixes = [
        msg("model.fix.share_up", share=format_share(share)) if share is not None else None,
        msg("model.fix.pool_at_least", pool=pool) if pool is not None else None,
        msg("model.fix.ceilings_up", by=total - p.turnover_pool) if ceilings else None,
    ]
    return msg(
        "model.conflict.turnover",
        kind=kind_name(p.kind),
        total=total,
        listed=listed,
        turnover=p.turnover_pool,
        share=format_share(inputs.turnover_share),
        pool=inputs.pool,
        fixes=join_or(fixes) or msg("model.fix.ceilings_up_plain"),
    )


def explain_needs(inputs: KindInputs) -> Msg:
    """The streets' least totals add up to more than the pool."""
    p = inputs.problem
    least = compute_least_totals(inputs)
    candidates: list[tuple[str, IntArray | None]] = [
        ("model.least.onboard", inputs.onboard if inputs.no_dismissal else None),
        ("model.least.floor", inputs.floor),
        ("model.least.base", p.base),
        (
            "model.least.cap",
            inputs.current - inputs.max_change
            if inputs.current is not None and inputs.max_change is not None
            else None,
        ),
    ]
    # name only what sets some street's least total
    parts = [
        msg(key)
        for key, values in candidates
        if values is not None and bool(np.any((values == least) & (least > 0)))
    ]
    return msg(
        "model.conflict.needs",
        kind=kind_name(p.kind),
        least=join_and(parts) or msg("model.least.total"),
        need=int(least.sum()),
        pool=inputs.pool,
    )


def explain_together(inputs: KindInputs, sentences: Sequence[Msg]) -> Msg | None:
    """A pool (or else a turnover share) that meets every requirement of the kind at once.

    ``None`` when the kind has one conflict and the fix its sentence names
    already meets everything.
    """
    kind = kind_name(inputs.problem.kind)
    several = len(sentences) > 1
    said = [str(s) for s in sentences]
    pool = find_feasible_pool(inputs)
    if pool is not None:
        named = any(f"pool to at least {pool}" in s or f"pool to {pool}" in s for s in said)
        return None if named and not several else msg("model.together.pool", kind=kind, pool=pool)
    share = find_share(inputs, is_feasible, upward=True)
    if share is None:
        share = find_share(inputs, is_feasible, upward=False)
    if share is not None:
        named = any(f"share to {format_share(share)}" in s for s in said)
        return (
            None
            if named and not several
            else msg("model.together.share", kind=kind, share=format_share(share))
        )
    if several:
        return msg("model.together.none", kind=kind)
    return None


def check_kind(inputs: KindInputs) -> list[Msg]:
    """Conflicts within one quota kind, one sentence each (empty when the kind is feasible).

    Parameters
    ----------
    inputs : KindInputs
        The kind's derived problem and settings.

    Returns
    -------
    list of Msg
        One sentence per conflict with its numbers and the smallest change
        that removes it; when the fixes interact, a last sentence with a pool
        or turnover share that meets every requirement at once.
    """
    if is_feasible(inputs):
        return []
    p = inputs.problem
    problems: list[Msg] = []
    if not fits_base(inputs):
        problems.append(explain_base(inputs))
    per_street: list[Msg] = []
    for i in range(p.size):
        range_problem = (
            explain_street_range(inputs, i) if not fits_street_range(inputs, i) else None
        )
        total_problem = (
            explain_street_total(inputs, i) if not fits_street_total(inputs, i) else None
        )
        per_street += [m for m in (range_problem, total_problem) if m is not None]
    if len(per_street) > MAX_STREET_SENTENCES:
        more = len(per_street) - MAX_STREET_SENTENCES
        kind = kind_name(p.kind)
        last = (
            msg("model.more_streets", kind=kind, more=more)
            if more > 1
            else msg("model.more_street", kind=kind, more=more)
        )
        per_street = [*per_street[:MAX_STREET_SENTENCES], last]
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
        problems.append(msg("model.no_allocation", kind=kind_name(p.kind)))
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


def check_street_share(kinds: Sequence[KindInputs], requirement: ShareRequirement) -> list[Msg]:
    """The streets' totals over all kinds cannot reach ``street_share_min`` of the district total.

    Returns one sentence with the numbers and the smallest fixes: lower
    ``street_share_min`` to the largest share (0.1% grid) that fits, or
    raise one kind's pool (when that alone is enough).
    """
    most = sum(compute_street_total_max(k) for k in kinds)
    required = requirement.required
    if most >= required:
        return []
    by_kind = [
        msg("model.kind_count", kind=kind_name(k.problem.kind), count=compute_street_total_max(k))
        for k in kinds
    ]
    steps = round(1 / SHARE_STEP)
    fixes: list[Msg | None] = []
    if requirement.district_total > 0:
        k = int(np.floor(most / requirement.district_total * steps + 1e-9))
        while k > 0 and ShareRequirement(k / steps, requirement.district_total).required > most:
            k -= 1
        fixes.append(msg("model.fix.street_share_down", share=format_share(k / steps)))
    short = required - most
    for kind in kinds:
        raised = rebuild_inputs(kind, pool=kind.pool + short)
        if compute_street_total_max(raised) - compute_street_total_max(kind) >= short:
            fixes.append(
                msg(
                    "model.fix.kind_pool_up",
                    kind=kind_name(kind.problem.kind),
                    by=short,
                    pool=kind.pool + short,
                )
            )
            break
    else:
        fixes.append(msg("model.fix.caps_relax"))
    return [
        msg(
            "model.conflict.street_share",
            most=most,
            by_kind=by_kind,
            share=format_share(requirement.share),
            district_total=requirement.district_total,
            required=required,
            fixes=join_or(fixes),
        )
    ]


def check_scenario_arithmetic(
    kinds: Sequence[KindInputs], requirement: ShareRequirement | None = None
) -> list[Msg]:
    """Every pre-solve conflict of a scenario: each kind's, then the linking requirement's."""
    problems: list[Msg] = []
    for inputs in kinds:
        problems += check_kind(inputs)
    if requirement is not None:
        problems += check_street_share(kinds, requirement)
    return problems
