"""Feasibility arithmetic checked before anything is solved.

Each check returns plain sentences that name the conflicting requirements
with their numbers and, where one exists, the smallest change that fixes it.
An empty list means the arithmetic leaves room for a solution (the solver
still has the last word).
"""

from __future__ import annotations

import numpy as np

from quota.model import KindInputs


def _pct(share: float) -> str:
    return f"{share * 100:g}%"


def check_kind(inputs: KindInputs) -> list[str]:
    """Conflicts within one quota kind, one sentence each."""
    p = inputs.problem
    kind = p.kind
    problems: list[str] = []
    base_total = int(p.base.sum())
    after_turnover = inputs.pool - p.turnover_pool
    if p.quantified < 0:
        need_pool = base_total + p.turnover_pool
        fix = f"raise the pool to at least {need_pool}"
        if inputs.turnover_share > 0 and base_total <= inputs.pool:
            max_share = (inputs.pool - base_total - 0.5) / inputs.pool if inputs.pool else 0.0
            fix += f", or lower the turnover share to {_pct(max(np.floor(max_share * 1000) / 1000, 0.0))}"
        problems.append(
            f"{kind}: base quotas need {base_total} but only {after_turnover} remain of the pool "
            f"{inputs.pool} after the {_pct(inputs.turnover_share)} turnover share ({p.turnover_pool}); {fix}."
        )
        return problems
    hi = np.minimum(p.q_upper, p.total_upper - p.base)
    for i, street in enumerate(p.streets):
        floor_txt = _bound_text(inputs, i, "floor")
        if p.q_lower[i] > hi[i]:
            upper_txt = _upper_text(inputs, i)
            problems.append(
                f"{kind}, {street}: {floor_txt} needs at least {int(p.base[i] + p.q_lower[i])} "
                f"(base + quantified), but {upper_txt} allows at most {int(p.base[i] + hi[i])}."
            )
        if p.total_lower[i] > p.total_upper[i]:
            need = int(p.total_lower[i])
            problems.append(
                f"{kind}, {street}: {_lower_text(inputs, i)} requires a total of at least {need}, "
                f"but {_upper_text(inputs, i)} allows at most {int(p.total_upper[i])}; "
                f"relax the change cap for {street} to {_cap_fix(inputs, i)}."
            )
    if problems:
        return problems
    low_sum = int(p.q_lower.sum())
    if low_sum > p.quantified:
        problems.append(
            f"{kind}: the floors need {low_sum} quantified quotas but only {p.quantified} are left "
            f"after base ({base_total}) and turnover ({p.turnover_pool}) of the pool {inputs.pool}; "
            f"raise the pool to at least {inputs.pool + low_sum - p.quantified} or lower the floors."
        )
    hi_sum = int(np.maximum(hi, 0).sum())
    if hi_sum < p.quantified:
        problems.append(
            f"{kind}: the ceilings and change caps let the streets take at most {hi_sum} quantified "
            f"quotas but {p.quantified} must be shared out; lower the pool to {inputs.pool - (p.quantified - hi_sum)} "
            f"or relax the ceilings/caps."
        )
    if problems:
        return problems
    lower_total = int(p.total_lower.sum())
    if lower_total > inputs.pool:
        problems.append(
            f"{kind}: {_lower_name(inputs)} add up to {lower_total}, more than the pool {inputs.pool}; "
            f"raise the pool to at least {lower_total}."
        )
        return problems
    # With every street at its largest possible quantified share, what still
    # must come from turnover is a lower bound on the turnover needed.
    shortfall = np.maximum(p.total_lower - p.base - hi, 0)
    if int(shortfall.sum()) > p.turnover_pool:
        short = [f"{p.streets[i]} {int(shortfall[i])}" for i in np.flatnonzero(shortfall)]
        problems.append(
            f"{kind}: even at their caps the streets need {int(shortfall.sum())} turnover quotas "
            f"({', '.join(short)}) but the turnover pool is {p.turnover_pool} "
            f"({_pct(inputs.turnover_share)} of {inputs.pool}); raise the turnover share or relax the caps."
        )
    return problems


def _lower_name(inputs: KindInputs) -> str:
    if inputs.max_change is not None and inputs.current is not None:
        return "staff on board and change-cap minimums (current - max_change)"
    return "staff on board"


def _bound_text(inputs: KindInputs, i: int, which: str) -> str:
    arr = inputs.floor if which == "floor" else inputs.ceiling
    if arr is None:
        return "its base"
    return f"the {which} of {int(arr[i])}"


def _upper_text(inputs: KindInputs, i: int) -> str:
    parts = []
    if inputs.ceiling is not None:
        parts.append(f"the ceiling of {int(inputs.ceiling[i])}")
    if inputs.max_change is not None and inputs.current is not None:
        parts.append(
            f"the change cap ({int(inputs.current[i])} current + {int(inputs.max_change[i])})"
        )
    if not parts:
        parts.append("the pool")
    return " and ".join(parts)


def _lower_text(inputs: KindInputs, i: int) -> str:
    parts = []
    if inputs.no_dismissal and inputs.onboard is not None:
        parts.append(f"no dismissal of its {int(inputs.onboard[i])} staff on board")
    if inputs.max_change is not None and inputs.current is not None:
        parts.append(
            f"the change cap ({int(inputs.current[i])} current - {int(inputs.max_change[i])})"
        )
    return " and ".join(parts) or "its lower bound"


def _cap_fix(inputs: KindInputs, i: int) -> str:
    if inputs.current is None or inputs.max_change is None:
        return "a larger value"
    need = int(inputs.problem.total_lower[i]) - int(inputs.current[i])
    return str(max(need, int(inputs.max_change[i])))


def check_street_share(street_total_max: int, required: int, share: float, district_total: int) -> list[str]:
    """The streets' share of the district total cannot reach the required minimum."""
    if street_total_max >= required:
        return []
    return [
        f"the streets can hold at most {street_total_max} quotas (all pools) but "
        f"street_share_min {_pct(share)} of the district total {district_total} needs {required}; "
        f"raise the pools by {required - street_total_max}."
    ]
