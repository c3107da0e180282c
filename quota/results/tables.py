"""Turn solutions into tidy tables: the allocation, the kinds' summary, binding constraints.

Everything here returns new DataFrames; plots and reports only consume them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from quota.config.schema import RESULT_COLUMNS
from quota.model.problem import KindInputs
from quota.solve.dispatch import KindSolution

if TYPE_CHECKING:
    from quota.methods.weights import WeightResult
    from quota.methods.workload import KindWorkload


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


#: most per-street rows of one kind and kind of remark in :func:`summarize_methods`
MAX_STREET_ROWS = 20


def compute_quota_properties(ideal: np.ndarray, q: np.ndarray) -> dict[str, np.ndarray]:
    """Which streets hold the lower and upper quota: ``floor(q*) <= q <= ceil(q*)``.

    Parameters
    ----------
    ideal : float array
        Exact quotas ``q* = score * Q`` [quotas].
    q : int array
        Quantified quotas given [quotas].

    Returns
    -------
    dict
        ``lower``, ``upper``: boolean arrays, True where the street holds that
        quota bound (a tolerance of 1e-9 absorbs rounding of ``q*``).
    """
    lower = q >= np.floor(ideal + 1e-9)
    upper = q <= np.ceil(ideal - 1e-9)
    return {"lower": lower, "upper": upper}


def _describe_weights(result: WeightResult) -> str:
    d = result.details
    if result.method == "wisn-target":
        return (
            "score = required staff / total required staff (WISN workload standards as the target)"
        )
    parts = [f"{result.method} weights"]
    shares = {k[6:-1]: v for k, v in d.items() if k.startswith("share[")}
    if shares:
        parts.append(" + ".join(f"{m} {v:.2f}" for m, v in shares.items()))
    if "cr" in d:
        verdict = "<= 0.1" if d["cr"] <= 0.1 else "> 0.1, accepted because force: true"
        parts.append(
            f"AHP lambda_max = {d['lambda_max']:.4f}, CI = {d['ci']:.4f}, RI = {d['ri']:.2f}, "
            f"CR = {d['cr']:.4f} ({verdict})"
        )
    return "; ".join(parts)


def _describe_indicator(result: WeightResult, name: str, transform: str) -> str:
    detail = f"{name}: weight {float(result.weights[name]):.6f}, transform {transform}"
    if f"entropy[{name}]" in result.details:
        detail += f", entropy e = {result.details[f'entropy[{name}]']:.6f}"
    if f"information[{name}]" in result.details:
        detail += f", CRITIC information C = {result.details[f'information[{name}]']:.6f}"
    return detail


def summarize_methods(
    inputs: Mapping[str, KindInputs],
    solutions: Mapping[str, KindSolution],
    *,
    weights: Mapping[str, WeightResult],
    transforms: Mapping[str, Mapping[str, str]],
    workloads: Mapping[str, KindWorkload] | None = None,
) -> pd.DataFrame:
    """How the weights, scores and quantified quotas came about, for the diagnostics.

    Columns ``kind, street, constraint, detail`` as :func:`summarize_binding`.
    Per kind: ``weights`` (the method; AHP's lambda_max, CI, RI, CR; a
    combination's shares), one ``weight`` row per indicator (weight, transform,
    entropy or CRITIC figures), ``apportionment`` (the engine or classical
    method, whether the quota rule holds, i.e. every street's quantified quota
    lies within the floor and ceiling of its exact quota ``score * Q``, and
    the ties broken), ``quota_rule`` rows naming the streets outside that range,
    and with workload standards ``wisn`` (available time, allowance factors,
    required staff against staff on board) and ``wisn_shortage`` rows for the
    streets whose staff on board are below the required staff. Per-street rows
    stop after :data:`MAX_STREET_ROWS` with a row saying how many more there are.
    """
    rows: list[dict[str, str]] = []

    def add(kind: str, street: str, constraint: str, detail: str) -> None:
        rows.append({"kind": kind, "street": street, "constraint": constraint, "detail": detail})

    def add_limited(kind: str, constraint: str, items: list[tuple[str, str]]) -> None:
        for street, detail in items[:MAX_STREET_ROWS]:
            add(kind, street, constraint, detail)
        if len(items) > MAX_STREET_ROWS:
            add(kind, "", constraint, f"... and {len(items) - MAX_STREET_ROWS} more streets")

    from quota.solve.apportion import METHODS as APPORTIONMENT_METHODS

    for kind, kin in inputs.items():
        sol = solutions[kind]
        p = kin.problem
        if kind in weights:
            result = weights[kind]
            add(kind, "", "weights", _describe_weights(result))
            kind_transforms = transforms.get(kind, {})
            for name in result.weights.index:
                add(
                    kind,
                    "",
                    "weight",
                    _describe_indicator(result, str(name), kind_transforms.get(str(name), "none")),
                )
        held = compute_quota_properties(p.ideal, sol.q)
        lower_ok = bool(sol.properties.get("lower_quota", held["lower"].all()))
        upper_ok = bool(sol.properties.get("upper_quota", held["upper"].all()))
        classical = sol.engine in APPORTIONMENT_METHODS
        engine = (
            sol.engine if classical else f"integer program ({p.objective}, engine {sol.engine})"
        )
        if lower_ok and upper_ok:
            verdict = (
                "quota rule holds: every street is within the floor and ceiling of its exact quota"
            )
        else:
            failed = [n for n, ok in (("lower", lower_ok), ("upper", upper_ok)) if not ok]
            verdict = f"quota rule fails ({' and '.join(failed)} quota)"
        ties = ""
        if classical:
            ties = (
                f"; {len(sol.notes)} tie(s) broken by table order (see tie)"
                if sol.notes
                else "; no ties"
            )
        add(kind, "", "apportionment", f"{engine}: {verdict}{ties}")
        outside = [
            (
                street,
                f"quantified {int(sol.q[i])} outside [{int(np.floor(p.ideal[i] + 1e-9))}, "
                f"{int(np.ceil(p.ideal[i] - 1e-9))}] around its exact quota {p.ideal[i]:.4f}",
            )
            for i, street in enumerate(p.streets)
            if not (held["lower"][i] and held["upper"][i])
        ]
        add_limited(kind, "quota_rule", outside)
        workload = (workloads or {}).get(kind)
        if workload is None:
            continue
        required = float(np.sum(workload.required))
        staffing = ""
        if workload.ratio is not None and kin.onboard is not None:
            onboard = int(np.sum(kin.onboard))
            ratio = onboard / required if required > 0 else float("nan")
            staffing = f", on board {onboard} (ratio {ratio:.2f})"
        add(
            kind,
            "",
            "wisn",
            f"use {workload.use}: available time {workload.available_hours:,.1f} h/year per person, "
            f"category allowance factor {workload.category_factor:.4f}, individual allowance "
            f"{workload.individual_factor:.4f} staff; required {required:,.2f} staff in all{staffing}",
        )
        if workload.ratio is not None and kin.onboard is not None:
            short = [
                (
                    street,
                    f"on board {int(kin.onboard[i])} vs required {workload.required[i]:.2f}: "
                    f"ratio {workload.ratio[i]:.2f}",
                )
                for i, street in enumerate(p.streets)
                if np.isfinite(workload.ratio[i]) and workload.ratio[i] < 1.0
            ]
            add_limited(kind, "wisn_shortage", short)
    return pd.DataFrame(rows, columns=["kind", "street", "constraint", "detail"])
