"""Check that the bundled example tables and scenarios add up.

This script documents how the invented example data in ``data/`` were
calibrated against the scenarios in ``scenarios/``. It is independent of the
``quota`` package on purpose: it re-derives the arithmetic of design.md §1 by
hand, so a bug in the package cannot hide a bad example (and a bad example
cannot hide a bug in the package).

For every scenario and quota kind it prints the pool ``P``, the turnover quotas
``T = round(turnover_share * P)``, the sum of base quotas, the staff on board,
and per street the ideal total ``base + score * Q`` (``Q = P - sum(base) - T``,
``score`` = weighted indicator shares) against staff on board and current
quotas. Streets whose staff on board exceed their ideal total need turnover
quotas. It then checks the necessary conditions for feasibility and solves the
allocation integer program with PuLP/CBC to confirm each scenario is feasible
and to show which streets actually receive turnover quotas.

Run from anywhere::

    python data/check_arithmetic.py            # all scenarios in scenarios/
    python data/check_arithmetic.py scenarios/xinzhou-baseline.yaml

Exit status 0 when every scenario passes, 1 otherwise.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import pandas as pd
import pulp
import yaml

ROOT = Path(__file__).resolve().parent.parent

#: Chinese headers used in the example tables -> canonical column names
ALIASES: dict[str, str] = {
    "街道名称": "street",
    "常住人口": "population",
    "户籍人口": "registered_population",
    "户数": "households",
    "辖区面积": "area_km2",
    "社区数": "communities",
    "网格数": "grids",
    "权责清单事项数": "duty_items",
    "执法案件数": "enforcement_cases",
    "12345工单数": "hotline_tickets",
    "市场主体数": "enterprises",
    "内设机构数": "offices",
    "事业单位数": "units",
    "现有行政编制": "current_admin",
    "现有事业编制": "current_institutional",
    "行政实有人数": "onboard_admin",
    "事业实有人数": "onboard_institutional",
}

#: cost of one turnover quota handed to a street, against 1 per quota of deviation
TURNOVER_PENALTY = 1e-3


@dataclass(frozen=True)
class KindFigures:
    """The derived numbers of one quota kind in one scenario.

    Attributes
    ----------
    kind : str
        Quota kind name.
    pool : int
        Quotas for all streets together [quotas].
    turnover : int
        Turnover quotas ``round(turnover_share * pool)`` [quotas].
    turnover_exact : float
        ``turnover_share * pool`` before rounding [quotas].
    quantified : int
        ``pool - sum(base) - turnover`` [quotas].
    table : pandas.DataFrame
        One row per street: ``current, onboard, base, score, ideal_total,
        need_turnover, lower, upper, floor, ceiling``.
    """

    kind: str
    pool: int
    turnover: int
    turnover_exact: float
    quantified: int
    table: pd.DataFrame


def read_street_table(path: Path) -> pd.DataFrame:
    """Read a street table (CSV in UTF-8/UTF-8-BOM/GB18030, or XLSX first sheet).

    Parameters
    ----------
    path : Path
        The table file.

    Returns
    -------
    pandas.DataFrame
        Canonical column names, indexed by ``street``.
    """
    if path.suffix.lower() == ".xlsx":
        frame = pd.read_excel(path, sheet_name=0)
    else:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
        frame = pd.read_csv(StringIO(text))
    renamed = frame.rename(columns=ALIASES)
    return renamed.set_index("street")


def merge_deep(parent: Mapping[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """Merge ``child`` over ``parent``: mappings merge, everything else replaces.

    Parameters
    ----------
    parent, child : Mapping
        Scenario mappings.

    Returns
    -------
    dict
        A new merged mapping; the inputs are not changed.
    """
    merged: dict[str, Any] = dict(parent)
    for key, value in child.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merge_deep(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_scenario(path: Path) -> dict[str, Any]:
    """Load a scenario YAML, following ``extends:`` and resolving ``data:``.

    Parameters
    ----------
    path : Path
        The scenario file.

    Returns
    -------
    dict
        The merged scenario, ``data`` as an absolute path, no ``extends`` key.
    """
    own = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if "data" in own:
        own = {**own, "data": str((path.parent / own["data"]).resolve())}
    parent_name = own.pop("extends", None)
    if parent_name is None:
        return own
    parent = load_scenario((path.parent / parent_name).resolve())
    return merge_deep(parent, own)


def compute_base(table: pd.DataFrame, rule: Mapping[str, Any]) -> pd.Series:
    """Base quotas per street from the base rule.

    Parameters
    ----------
    table : pandas.DataFrame
        The street table.
    rule : Mapping
        ``{per_office: n, leaders: m}``, ``{per_unit: n, leaders: m}``,
        ``{fixed: n}`` or ``{column: name}``.

    Returns
    -------
    pandas.Series
        Base quotas [quotas], integers.
    """
    if "column" in rule:
        return table[rule["column"]].astype(int)
    if "fixed" in rule:
        return pd.Series(int(rule["fixed"]), index=table.index)
    base = pd.Series(int(rule.get("leaders", 0)), index=table.index)
    if "per_office" in rule:
        base = base + int(rule["per_office"]) * table["offices"].astype(int)
    if "per_unit" in rule:
        base = base + int(rule["per_unit"]) * table["units"].astype(int)
    return base


def compute_score(table: pd.DataFrame, weights: Mapping[str, float]) -> pd.Series:
    """Workload score: weighted sum of indicator shares.

    Parameters
    ----------
    table : pandas.DataFrame
        The street table.
    weights : Mapping
        Indicator name -> weight; should sum to 1.

    Returns
    -------
    pandas.Series
        Score per street [share]; sums to the sum of the weights.
    """
    score = pd.Series(0.0, index=table.index)
    for name, weight in weights.items():
        column = table[name].astype(float)
        score = score + float(weight) * column / column.sum()
    return score


def compute_bound(table: pd.DataFrame, value: Any) -> pd.Series | None:
    """Read a per-street bound given as a number, a column name or null.

    Parameters
    ----------
    table : pandas.DataFrame
        The street table.
    value : int, str or None
        A bound for every street [quotas], a column holding one per street, or none.

    Returns
    -------
    pandas.Series or None
        The bound per street [quotas], or None when not set.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return table[value].astype(int)
    return pd.Series(int(value), index=table.index)


def compute_kind(table: pd.DataFrame, kind: str, spec: Mapping[str, Any]) -> KindFigures:
    """Derive pool split, ideal totals and bounds of one kind.

    Parameters
    ----------
    table : pandas.DataFrame
        The street table.
    kind : str
        Quota kind name.
    spec : Mapping
        The kind's scenario entry.

    Returns
    -------
    KindFigures
        The derived numbers.
    """
    pool = int(spec["pool"])
    exact = float(spec.get("turnover_share", 0.0)) * pool
    turnover = math.floor(exact + 0.5)
    base = compute_base(table, spec.get("base") or {"fixed": 0})
    quantified = pool - int(base.sum()) - turnover
    score = compute_score(table, spec["indicators"])
    current = table[spec.get("current") or f"current_{kind}"].astype(int)
    onboard = table[spec.get("onboard") or f"onboard_{kind}"].astype(int)
    ideal_total = base + score * quantified
    cap = spec.get("max_change")
    upper = current + int(cap) if cap is not None else base + quantified + turnover
    lower = onboard.copy()
    if cap is not None:
        lower = pd.concat([lower, current - int(cap)], axis=1).max(axis=1)
    lower = pd.concat([lower, base], axis=1).max(axis=1)
    frame = pd.DataFrame(
        {
            "current": current,
            "onboard": onboard,
            "base": base,
            "score": score,
            "ideal_total": ideal_total,
            "need_turnover": (onboard - ideal_total).clip(lower=0),
            "lower": lower,
            "upper": upper,
        }
    )
    floor = compute_bound(table, spec.get("floor"))
    ceiling = compute_bound(table, spec.get("ceiling"))
    frame["floor"] = floor if floor is not None else base
    frame["ceiling"] = ceiling if ceiling is not None else base + quantified
    return KindFigures(kind, pool, turnover, exact, quantified, frame)


def check_kind(figures: KindFigures, weights: Mapping[str, float]) -> list[str]:
    """Check the necessary feasibility conditions of one kind.

    Parameters
    ----------
    figures : KindFigures
        The derived numbers of the kind.
    weights : Mapping
        Indicator weights of the kind.

    Returns
    -------
    list of str
        One line per problem found; empty when the kind looks feasible.
    """
    problems: list[str] = []
    t = figures.table
    pool, turnover = figures.pool, figures.turnover
    if abs(sum(float(w) for w in weights.values()) - 1.0) > 1e-9:
        problems.append(f"{figures.kind}: indicator weights do not sum to 1")
    if int(t["base"].sum()) > pool - turnover:
        problems.append(f"{figures.kind}: base {int(t['base'].sum())} > pool - T")
    if int(t["onboard"].sum()) > pool - turnover:
        problems.append(f"{figures.kind}: on board {int(t['onboard'].sum())} > pool - T")
    if int(t["lower"].sum()) > pool:
        problems.append(f"{figures.kind}: street minimums need {int(t['lower'].sum())} > {pool}")
    if int(t["upper"].sum()) < pool - turnover:
        problems.append(f"{figures.kind}: street maximums give {int(t['upper'].sum())} < P - T")
    for street, row in t.iterrows():
        if row["lower"] > row["upper"]:
            problems.append(f"{figures.kind}/{street}: needs {row['lower']} > cap {row['upper']}")
        if row["floor"] > row["ceiling"]:
            problems.append(f"{figures.kind}/{street}: floor above ceiling")
    exact = figures.turnover_exact
    if abs(exact - math.floor(exact) - 0.5) < 1e-9:
        problems.append(f"{figures.kind}: turnover_share * pool = {exact} is a rounding tie")
    share = float(t["base"].sum()) / pool
    if not 0.4 <= share <= 0.6:
        problems.append(f"{figures.kind}: base is {share:.0%} of the pool, outside 40-60%")
    return problems


def solve_kind(figures: KindFigures) -> tuple[str, pd.DataFrame]:
    """Solve the l1 allocation of one kind with CBC.

    Same model as design.md §1 (objective ``l1``, no dismissals, turnover at
    most ``T``, floors/ceilings on base + quantified, change cap on the total).

    Parameters
    ----------
    figures : KindFigures
        The derived numbers of the kind.

    Returns
    -------
    tuple
        Solver status and a frame with ``quantified, turnover, total`` per street.
    """
    t = figures.table
    streets = list(range(len(t)))
    ideal = (t["score"] * figures.quantified).to_numpy()
    prob = pulp.LpProblem(f"check_{figures.kind}", pulp.LpMinimize)
    q = [pulp.LpVariable(f"q_{k}", lowBound=0, cat="Integer") for k in streets]
    tt = [pulp.LpVariable(f"t_{k}", lowBound=0, cat="Integer") for k in streets]
    dev = [pulp.LpVariable(f"d_{k}", lowBound=0) for k in streets]
    prob += pulp.lpSum(dev) + TURNOVER_PENALTY * pulp.lpSum(tt)
    prob += pulp.lpSum(q) == figures.quantified
    prob += pulp.lpSum(tt) <= figures.turnover
    for k in streets:
        row = t.iloc[k]
        prob += dev[k] >= q[k] - ideal[k]
        prob += dev[k] >= ideal[k] - q[k]
        prob += row["base"] + q[k] >= row["floor"]
        prob += row["base"] + q[k] <= row["ceiling"]
        prob += row["base"] + q[k] + tt[k] >= row["lower"]
        prob += row["base"] + q[k] + tt[k] <= row["upper"]
    prob.solve(pulp.PULP_CBC_CMD(msg=False))
    status = pulp.LpStatus[prob.status]
    if status != "Optimal":
        return status, pd.DataFrame()
    qv = [round(v.value()) for v in q]
    tv = [round(v.value()) for v in tt]
    out = pd.DataFrame({"quantified": qv, "turnover": tv}, index=t.index)
    out["total"] = t["base"] + out["quantified"] + out["turnover"]
    return status, out


def summarize_scenario(path: Path) -> bool:
    """Print the calibration figures of one scenario.

    Parameters
    ----------
    path : Path
        The scenario file.

    Returns
    -------
    bool
        True when every kind passes the checks and solves.
    """
    scenario = load_scenario(path)
    if scenario.get("levels"):
        # several levels (city -> districts -> streets): quota checks each split's arithmetic
        print(f"\n=== {path.name}: levels {scenario['levels']}, checked by quota validate")
        return True
    table = read_street_table(Path(scenario["data"]))
    print(f"\n=== {path.name}: {scenario.get('title', '')}")
    ok = True
    for kind, spec in scenario["kinds"].items():
        figures = compute_kind(table, kind, spec)
        t = figures.table
        print(
            f"[{kind}] pool={figures.pool} T={figures.turnover} "
            f"sum_base={int(t['base'].sum())} ({t['base'].sum() / figures.pool:.0%}) "
            f"Q={figures.quantified} sum_onboard={int(t['onboard'].sum())} "
            f"sum_current={int(t['current'].sum())} max_change={spec.get('max_change')}"
        )
        status, solved = solve_kind(figures)
        shown = t[["current", "onboard", "base", "ideal_total", "need_turnover"]].round(1)
        if not solved.empty:
            shown = shown.join(solved)
        print(shown.to_string())
        need = t["need_turnover"].sum()
        print(f"  ideal-based turnover need {need:.1f} of T={figures.turnover}; CBC: {status}")
        problems = check_kind(figures, spec["indicators"])
        if status != "Optimal":
            problems.append(f"{kind}: CBC status {status}")
        else:
            used = solved[solved["turnover"] > 0]
            names = ", ".join(f"{s} {n}" for s, n in used["turnover"].items()) or "none"
            print(f"  turnover handed out: {int(used['turnover'].sum())} ({names})")
        for problem in problems:
            print(f"  PROBLEM: {problem}")
        ok = ok and not problems
    return ok


def main(argv: list[str]) -> int:
    """Check the given scenarios, or all of them.

    Parameters
    ----------
    argv : list of str
        Scenario paths; empty means every ``scenarios/*.yaml``.

    Returns
    -------
    int
        Exit status: 0 when all pass, 1 otherwise.
    """
    paths = [Path(a) for a in argv] or sorted((ROOT / "scenarios").glob("*.yaml"))
    results = [summarize_scenario(p) for p in paths]
    print(f"\n{sum(results)}/{len(results)} scenarios pass")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
