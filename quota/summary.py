"""Turn solutions into tidy tables: the allocation, the kinds' summary, binding constraints.

Everything here returns new DataFrames; plots and reports only consume them.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from quota.model import KindInputs
from quota.schema import RESULT_COLUMNS
from quota.solve import KindSolution

_INT_COLUMNS = (
    "current",
    "base",
    "quantified",
    "turnover",
    "total",
    "change",
    "onboard",
    "vacancy",
)


def _nullable(values: np.ndarray | None, n: int) -> pd.arrays.IntegerArray:
    if values is None:
        return pd.array([pd.NA] * n, dtype="Int64")
    return pd.array(np.asarray(values, dtype=np.int64), dtype="Int64")


def summarize_allocation(
    inputs: Mapping[str, KindInputs], solutions: Mapping[str, KindSolution]
) -> pd.DataFrame:
    """The allocation table: one row per street and kind, the CSV's columns.

    ``total = base + quantified + turnover``, ``change = total - current``,
    ``vacancy = total - onboard`` (negative: staff above quota), ``score`` the
    street's workload share within the kind and ``ideal`` its ideal
    quantified quotas ``score * quantified``.
    """
    frames = []
    for kind, kin in inputs.items():
        sol = solutions[kind]
        p = kin.problem
        n = p.size
        total = p.base + sol.q + sol.t
        change = None if kin.current is None else total - kin.current
        vacancy = None if kin.onboard is None else total - kin.onboard
        frames.append(
            pd.DataFrame(
                {
                    "street": pd.array(list(p.streets), dtype="string"),
                    "kind": pd.array([kind] * n, dtype="string"),
                    "current": _nullable(kin.current, n),
                    "base": _nullable(p.base, n),
                    "quantified": _nullable(sol.q, n),
                    "turnover": _nullable(sol.t, n),
                    "total": _nullable(total, n),
                    "change": _nullable(change, n),
                    "onboard": _nullable(kin.onboard, n),
                    "vacancy": _nullable(vacancy, n),
                    "score": np.round(kin.score, 6),
                    "ideal": np.round(p.ideal, 4),
                }
            )
        )
    table = pd.concat(frames, ignore_index=True)
    return table.loc[:, list(RESULT_COLUMNS)]


def summarize_kinds(
    inputs: Mapping[str, KindInputs], solutions: Mapping[str, KindSolution]
) -> pd.DataFrame:
    """One row per kind: how the pool was split and how the solve went."""
    rows = []
    for kind, kin in inputs.items():
        sol = solutions[kind]
        p = kin.problem
        used = int(sol.t.sum())
        rows.append(
            {
                "kind": kind,
                "pool": kin.pool,
                "base": int(p.base.sum()),
                "quantified": p.quantified,
                "turnover_pool": p.turnover_pool,
                "turnover_used": used,
                "reserve": p.turnover_pool - used,
                "streets_total": int((p.base + sol.q + sol.t).sum()),
                "current": None if kin.current is None else int(kin.current.sum()),
                "onboard": None if kin.onboard is None else int(kin.onboard.sum()),
                "engine": sol.engine,
                "status": sol.status.value,
                "objective": round(sol.objective, 6),
                "max_relative_deviation": round(sol.max_relative_deviation, 6),
            }
        )
    return pd.DataFrame(rows)


def summarize_binding(
    inputs: Mapping[str, KindInputs], solutions: Mapping[str, KindSolution]
) -> pd.DataFrame:
    """Which constraints bind, and which streets were moved away from their ideal.

    Columns: ``kind, street, constraint, detail``; ``street`` is empty for a
    kind-wide constraint. Constraint names: ``floor``, ``ceiling``,
    ``change_cap_up``, ``change_cap_down``, ``no_dismissal`` (total equals
    staff on board), ``turnover`` (turnover quotas given), ``moved`` (the
    quantified quota is a whole unit or more away from the ideal),
    ``turnover_pool`` (all turnover quotas handed out).
    """
    rows: list[dict[str, str]] = []

    def add(kind: str, street: str, constraint: str, detail: str) -> None:
        rows.append({"kind": kind, "street": street, "constraint": constraint, "detail": detail})

    for kind, kin in inputs.items():
        sol = solutions[kind]
        p = kin.problem
        core = p.base + sol.q
        total = core + sol.t
        for i, street in enumerate(p.streets):
            if kin.floor is not None and core[i] == kin.floor[i] and sol.q[i] > p.ideal[i] - 1e-9:
                add(kind, street, "floor", f"base + quantified = floor {int(kin.floor[i])}")
            if (
                kin.ceiling is not None
                and core[i] == kin.ceiling[i]
                and sol.q[i] < p.ideal[i] + 1e-9
            ):
                add(kind, street, "ceiling", f"base + quantified = ceiling {int(kin.ceiling[i])}")
            if kin.max_change is not None and kin.current is not None:
                cap = int(kin.max_change[i])
                if total[i] == kin.current[i] + cap and cap >= 0 and sol.q[i] < p.ideal[i] - 1e-9:
                    add(
                        kind,
                        street,
                        "change_cap_up",
                        f"total {int(total[i])} = current {int(kin.current[i])} + {cap}",
                    )
                if total[i] == kin.current[i] - cap and sol.q[i] > p.ideal[i] + 1e-9:
                    add(
                        kind,
                        street,
                        "change_cap_down",
                        f"total {int(total[i])} = current {int(kin.current[i])} - {cap}",
                    )
            if sol.t[i] > 0:
                staff = int(kin.onboard[i]) if kin.onboard is not None else int(p.total_lower[i])
                add(
                    kind,
                    street,
                    "turnover",
                    f"{int(sol.t[i])} turnover quotas keep {staff} on staff above base + quantified {int(core[i])}",
                )
            if (
                kin.no_dismissal
                and kin.onboard is not None
                and total[i] == kin.onboard[i]
                and sol.t[i] > 0
            ):
                add(kind, street, "no_dismissal", f"total {int(total[i])} = staff on board")
            if abs(sol.q[i] - p.ideal[i]) >= 1 - 1e-9:
                add(
                    kind,
                    street,
                    "moved",
                    f"quantified {int(sol.q[i])} vs ideal {p.ideal[i]:.2f}",
                )
        if p.turnover_pool > 0 and int(sol.t.sum()) == p.turnover_pool:
            add(kind, "", "turnover_pool", f"all {p.turnover_pool} turnover quotas handed out")
        for note in sol.notes:
            add(kind, "", "tie", note)
    return pd.DataFrame(rows, columns=["kind", "street", "constraint", "detail"])
