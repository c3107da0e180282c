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

from quota.errors import Msg, SolverError
from quota.locale import kind_name, msg
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


def _street_list(streets: tuple[str, ...], where: np.ndarray, limit: int = 5) -> list[str] | Msg:
    """The streets where ``where`` holds: their names, the first ``limit`` and how many more."""
    names = [streets[i] for i in np.flatnonzero(where)[:limit]]
    more = int(where.sum()) - len(names)
    return msg("results.promise.streets_more", names=names, more=more) if more > 0 else names


class _KindCheck:
    """The promise rows and the violations of one kind, collected check by check."""

    def __init__(self, kind: str, kin: KindInputs) -> None:
        self.kind = kind
        self.kin = kin
        self.rows: list[dict] = []
        self.failed: list[Msg] = []

    def row(self, code: str, made: bool, bound: int, detail: str = "") -> None:
        self.rows.append(
            {
                "kind": self.kind,
                "promise": code,
                "made": made,
                "bound": bound,
                "checked": made,
                "detail": detail,
            }
        )

    def fail(self, code: str, where: np.ndarray, what: Msg) -> None:
        """A promise that does not hold for the streets where ``where`` is True."""
        self.failed.append(
            msg(
                "results.promise.fails",
                kind=kind_name(self.kind),
                promise=_promise_name(code),
                streets=_street_list(self.kin.problem.streets, where),
                what=what,
            )
        )

    def problem(self, message: Msg) -> None:
        """A violation that names no street."""
        self.failed.append(message)


def _promise_name(code: str) -> Msg:
    """A promise code as a message value: its code in English, its name in Chinese."""
    return msg(_PROMISE_NAMES[code])


#: promise code -> catalog key of its name (``'floor'`` in English, 基础+量化不低于下限 in Chinese)
_PROMISE_NAMES: dict[str, str] = {code: f"results.promise.name.{code}" for code in PROMISES}


def _check_bounds(check: _KindCheck, core: np.ndarray, total: np.ndarray) -> None:
    """Floors and ceilings on base + quantified, and the change cap on the total."""
    kin = check.kin
    if kin.floor is not None:
        below = core < kin.floor
        if below.any():
            check.fail("floor", below, msg("results.promise.below_floor"))
        check.row("floor", True, int(np.count_nonzero(core == kin.floor)))
    else:
        check.row("floor", False, 0)
    if kin.ceiling is not None:
        above = core > kin.ceiling
        if above.any():
            check.fail("ceiling", above, msg("results.promise.above_ceiling"))
        check.row("ceiling", True, int(np.count_nonzero(core == kin.ceiling)))
    else:
        check.row("ceiling", False, 0)
    if kin.max_change is not None:
        if kin.current is None:
            check.problem(msg("results.promise.no_current", kind=kind_name(check.kind)))
        else:
            change = np.abs(total - kin.current)
            over = change > kin.max_change
            if over.any():
                check.fail("max_change", over, msg("results.promise.change_over_cap"))
            check.row("max_change", True, int(np.count_nonzero(change == kin.max_change)))
    else:
        check.row("max_change", False, 0)


def _check_staff(check: _KindCheck, total: np.ndarray, t: np.ndarray) -> None:
    """No dismissal of the staff on board, and the turnover pool."""
    kin = check.kin
    p = kin.problem
    if kin.no_dismissal:
        if kin.onboard is None:
            check.problem(msg("results.promise.no_onboard", kind=kind_name(check.kind)))
        else:
            short = total < kin.onboard
            if short.any():
                check.fail("no_dismissal", short, msg("results.promise.below_onboard"))
            check.row("no_dismissal", True, int(np.count_nonzero(total == kin.onboard)))
    else:
        check.row("no_dismissal", False, 0)
    if int(t.sum()) > p.turnover_pool:
        check.problem(
            msg(
                "results.promise.turnover_over_pool",
                kind=kind_name(check.kind),
                used=int(t.sum()),
                pool=p.turnover_pool,
            )
        )
    check.row("turnover_pool", True, int(p.turnover_pool > 0 and int(t.sum()) == p.turnover_pool))


def _check_kind(kind: str, kin: KindInputs, sol: KindSolution) -> tuple[list[dict], list[Msg]]:
    """Rows of one kind's promise table and the violations found."""
    p = kin.problem
    q = np.asarray(sol.q)
    t = np.asarray(sol.t)
    check = _KindCheck(kind, kin)
    whole = bool(np.all(np.equal(np.mod(q, 1), 0)) and np.all(np.equal(np.mod(t, 1), 0)))
    if not whole or q.shape != (p.size,) or t.shape != (p.size,):
        check.problem(msg("results.promise.not_whole", kind=kind_name(kind)))
        return check.rows, check.failed
    q = q.astype(np.int64)
    t = t.astype(np.int64)
    core = p.base + q
    total = core + t
    reserve = p.turnover_pool - int(t.sum())
    # base + quantified + turnover pool make the pool by construction; what can fail is Σq
    if int(q.sum()) != p.quantified:
        check.problem(
            msg(
                "results.promise.pool",
                kind=kind_name(kind),
                total=int(total.sum()),
                reserve=reserve,
                made=int(total.sum()) + reserve,
                pool=kin.pool,
            )
        )
    check.row("pool", True, 0, f"{int(total.sum())} + reserve {reserve} = {kin.pool}")
    check.row("whole_numbers", True, 0)
    negative = (q < 0) | (t < 0)
    if negative.any():
        check.fail("base", negative, msg("results.promise.negative"))
    check.row("base", True, int(np.count_nonzero(p.base)))
    _check_bounds(check, core, total)
    _check_staff(check, total, t)
    return check.rows, check.failed


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
    failed: list[Msg] = []
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
                msg("results.promise.street_share_min", reached=reached, need=street_total_min)
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
        raise SolverError([msg("results.promise.failed", problem=f) for f in failed])
    return pd.DataFrame(rows, columns=list(PROMISE_COLUMNS))
