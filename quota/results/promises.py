"""Check every promise the outputs print on the solution itself, before anything is written.

Whatever engine produced an allocation, the numbers are checked here against
the policy they claim to follow: the pool is used exactly, every quota is a
whole number, bases are given, floors, ceilings, change caps and no dismissal
hold for every street, the turnover pool is not exceeded, and the linking
share is reached. A violation is an internal error (exit code 1) naming the
promise and the street; it is never written out.

The result is a table, one row per kind and promise, with how many streets it
bound (held with equality), that the outputs list as "checked on the result".
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from quota.errors import SolverError
from quota.model.problem import KindInputs
from quota.solve.dispatch import KindSolution

#: promise codes, in the order the outputs list them
PROMISES: tuple[str, ...] = (
    "pool",
    "whole_numbers",
    "base",
    "floor",
    "ceiling",
    "max_change",
    "no_dismissal",
    "turnover_pool",
    "street_share_min",
)

#: columns of the promise table
PROMISE_COLUMNS: tuple[str, ...] = ("kind", "promise", "made", "bound", "checked", "detail")


def _street_list(streets: tuple[str, ...], where: np.ndarray, limit: int = 5) -> str:
    names = [streets[i] for i in np.flatnonzero(where)[:limit]]
    more = int(where.sum()) - len(names)
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def _check_kind(kind: str, kin: KindInputs, sol: KindSolution) -> tuple[list[dict], list[str]]:
    """Rows of one kind's promise table and the violations found."""
    p = kin.problem
    q = np.asarray(sol.q)
    t = np.asarray(sol.t)
    rows: list[dict] = []
    failed: list[str] = []

    def row(code: str, made: bool, bound: int, detail: str = "") -> None:
        rows.append(
            {
                "kind": kind,
                "promise": code,
                "made": made,
                "bound": bound,
                "checked": made,
                "detail": detail,
            }
        )

    def fail(code: str, where: np.ndarray, what: str) -> None:
        failed.append(
            f"{kind}: promise {code!r} does not hold for {_street_list(p.streets, where)}: {what}"
        )

    whole = bool(np.all(np.equal(np.mod(q, 1), 0)) and np.all(np.equal(np.mod(t, 1), 0)))
    if not whole or q.shape != (p.size,) or t.shape != (p.size,):
        failed.append(f"{kind}: the solution is not one whole number per street")
        return rows, failed
    q = q.astype(np.int64)
    t = t.astype(np.int64)
    core = p.base + q
    total = core + t
    reserve = p.turnover_pool - int(t.sum())
    # base + quantified + turnover pool make the pool by construction; what can fail is Σq
    if int(q.sum()) != p.quantified:
        failed.append(
            f"{kind}: the streets' totals {int(total.sum())} plus the reserve {reserve} make "
            f"{int(total.sum()) + reserve}, not the pool {kin.pool}"
        )
    row("pool", True, 0, f"{int(total.sum())} + reserve {reserve} = {kin.pool}")
    row("whole_numbers", True, 0)
    negative = (q < 0) | (t < 0)
    if negative.any():
        fail("base", negative, "negative quantified or turnover quotas")
    row("base", True, int(np.count_nonzero(p.base)))
    if kin.floor is not None:
        below = core < kin.floor
        if below.any():
            fail("floor", below, "base + quantified below the floor")
        row("floor", True, int(np.count_nonzero(core == kin.floor)))
    else:
        row("floor", False, 0)
    if kin.ceiling is not None:
        above = core > kin.ceiling
        if above.any():
            fail("ceiling", above, "base + quantified above the ceiling")
        row("ceiling", True, int(np.count_nonzero(core == kin.ceiling)))
    else:
        row("ceiling", False, 0)
    if kin.max_change is not None:
        if kin.current is None:
            failed.append(f"{kind}: max_change is set but the current quotas were not read")
        else:
            change = np.abs(total - kin.current)
            over = change > kin.max_change
            if over.any():
                fail("max_change", over, "the change against current quotas exceeds the cap")
            row("max_change", True, int(np.count_nonzero(change == kin.max_change)))
    else:
        row("max_change", False, 0)
    if kin.no_dismissal:
        if kin.onboard is None:
            failed.append(f"{kind}: no dismissal is promised but the staff on board were not read")
        else:
            short = total < kin.onboard
            if short.any():
                fail("no_dismissal", short, "total below the staff on board")
            row("no_dismissal", True, int(np.count_nonzero(total == kin.onboard)))
    else:
        row("no_dismissal", False, 0)
    if int(t.sum()) > p.turnover_pool:
        failed.append(
            f"{kind}: {int(t.sum())} turnover quotas handed out, more than the pool of {p.turnover_pool}"
        )
    row("turnover_pool", True, int(p.turnover_pool > 0 and int(t.sum()) == p.turnover_pool))
    return rows, failed


def check_promises(
    inputs: Mapping[str, KindInputs],
    solutions: Mapping[str, KindSolution],
    *,
    street_total_min: int | None = None,
) -> pd.DataFrame:
    """Check every promise on the solution; return the promise table.

    Raises
    ------
    SolverError
        A promise does not hold (an internal error: exit code 1); nothing is written.
    """
    rows: list[dict] = []
    failed: list[str] = []
    for kind, kin in inputs.items():
        kind_rows, kind_failed = _check_kind(kind, kin, solutions[kind])
        rows += kind_rows
        failed += kind_failed
    if street_total_min is not None:
        reached = sum(
            int(kin.problem.base.sum() + solutions[k].q.sum() + solutions[k].t.sum())
            for k, kin in inputs.items()
        )
        if reached < street_total_min:
            failed.append(
                f"the streets' totals over all kinds are {reached}, below the "
                f"{street_total_min} that street_share_min requires"
            )
        rows.append(
            {
                "kind": "",
                "promise": "street_share_min",
                "made": True,
                "bound": int(reached == street_total_min),
                "checked": True,
                "detail": f"{reached} >= {street_total_min}",
            }
        )
    if failed:
        raise SolverError(
            [
                f"internal error: a promise failed on the result, nothing was written: {f}"
                for f in failed
            ]
        )
    return pd.DataFrame(rows, columns=list(PROMISE_COLUMNS))
