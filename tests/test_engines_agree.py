"""Every engine gives the same allocation, or the pipeline refuses the engine with a reason.

Random scenarios with several kinds, l1 or minimax, floors, caps, no dismissal
and the linking share; fast, HiGHS and CBC must agree on the whole allocation
(quantified and turnover per street), and on infeasibility.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quota
from quota.errors import InfeasibleError, InputError
from tests.conftest import write_scenario

EXAMPLES = int(os.environ.get("QUOTA_HYPOTHESIS_EXAMPLES", "40"))
KINDS = ("admin", "institutional")


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    n = draw(st.integers(2, 5))
    kinds = KINDS[: draw(st.integers(1, 2))]
    columns: dict[str, list[int]] = {
        "population": draw(st.lists(st.integers(0, 50), min_size=n, max_size=n)),
        "area_km2": draw(st.lists(st.integers(1, 20), min_size=n, max_size=n)),
    }
    raw_kinds: dict[str, Any] = {}
    for kind in kinds:
        onboard = draw(st.lists(st.integers(0, 8), min_size=n, max_size=n))
        current = draw(st.lists(st.integers(0, 10), min_size=n, max_size=n))
        columns[f"onboard_{kind}"] = onboard
        columns[f"current_{kind}"] = current
        cfg: dict[str, Any] = {
            "pool": draw(st.integers(n, 40)),
            "turnover_share": draw(st.sampled_from([0.0, 0.1, 0.2, 0.25])),
            "indicators": {"population": draw(st.sampled_from([0.5, 1.0])), "area_km2": 0.5},
        }
        if draw(st.booleans()):
            cfg["floor"] = draw(st.integers(0, 4))
        if draw(st.booleans()):
            cfg["max_change"] = draw(st.integers(1, 6))
        raw_kinds[kind] = cfg
    frame = pd.DataFrame({"street": [f"S{i}" for i in range(n)], **columns})
    raw: dict[str, Any] = {
        "name": "agree",
        "data": "d.csv",
        "objective": draw(st.sampled_from(["l1", "minimax"])),
        "kinds": raw_kinds,
        "constraints": {"no_dismissal": draw(st.booleans())},
    }
    if len(kinds) == 2 and draw(st.booleans()):
        pools = sum(cfg["pool"] for cfg in raw_kinds.values())
        raw["constraints"]["street_share_min"] = draw(st.sampled_from([0.5, 0.9, 1.0]))
        raw["constraints"]["district_total"] = pools
    return frame.to_csv(index=False), raw


def outcome(path: Path, solver: str) -> tuple[str, Any]:
    try:
        result = quota.allocate(path, solver=solver)
    except InfeasibleError:
        return "infeasible", None
    except InputError as exc:
        return "refused", " ".join(str(p) for p in exc.problems)
    table = result.table
    return "ok", table[["kind", "street", "quantified", "turnover", "total"]].values.tolist()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(scenarios())
def test_engines_agree_or_refuse(tmp_path: Path, case: tuple[str, dict[str, Any]]) -> None:
    csv, raw = case
    (tmp_path / "d.csv").write_text(csv, encoding="utf-8")
    path = write_scenario(tmp_path, raw)
    results = {solver: outcome(path, solver) for solver in ("fast", "highs", "cbc")}
    linked = "street_share_min" in raw["constraints"]
    if linked:
        status, reason = results.pop("fast")
        assert status in ("refused", "infeasible")
        if status == "refused":
            assert "street_share_min" in reason
    first = next(iter(results.values()))
    for solver, got in results.items():
        assert got == first, (solver, got, first)


def test_highs_runs_after_another_caller_started_more_threads(tmp_path: Path) -> None:
    import pulp

    model = pulp.LpProblem("other", pulp.LpMinimize)
    x = pulp.LpVariable("x", 0, 10, cat="Integer")
    model += x
    model += x >= 3
    model.solve(pulp.HiGHS(msg=False, threads=2))  # HiGHS' scheduler now has 2 threads
    (tmp_path / "d.csv").write_text("street,population\nA,1\nB,3\n", encoding="utf-8")
    raw = {
        "name": "threads",
        "data": "d.csv",
        "constraints": {"no_dismissal": False},
        "kinds": {"admin": {"pool": 4, "indicators": {"population": 1}}},
    }
    result = quota.allocate(write_scenario(tmp_path, raw), solver="highs")
    assert result.table["total"].tolist() == [1, 3]
