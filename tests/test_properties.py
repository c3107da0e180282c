"""Invariants of the whole pipeline over random street tables and scenarios."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quota
from quota.errors import InfeasibleError
from quota.outputs.folder import format_allocation_csv
from tests.conftest import write_scenario


@st.composite
def districts(draw):  # type: ignore[no-untyped-def]
    n = draw(st.integers(1, 8))
    pop = draw(st.lists(st.integers(1, 200_000), min_size=n, max_size=n))
    area = draw(st.lists(st.integers(1, 500), min_size=n, max_size=n))
    offices = draw(st.lists(st.integers(3, 7), min_size=n, max_size=n))
    onboard = draw(st.lists(st.integers(0, 40), min_size=n, max_size=n))
    current = [o + draw(st.integers(0, 5)) for o in onboard]
    lines = ["street,population,area_km2,offices,current_admin,onboard_admin"]
    lines += [
        f"S{i:02d},{pop[i]},{area[i]},{offices[i]},{current[i]},{onboard[i]}" for i in range(n)
    ]
    per_office = draw(st.integers(0, 3))
    base = sum(offices) * per_office
    pool = max(sum(current), base, 1) + draw(st.integers(0, 60))
    kind = {
        "pool": pool,
        "turnover_share": draw(st.sampled_from([0.0, 0.05, 0.1])),
        "base": {"per_office": per_office},
        "indicators": {"population": draw(st.integers(1, 5)), "area_km2": draw(st.integers(0, 5))},
    }
    if draw(st.booleans()):
        kind["max_change"] = draw(st.integers(2, 15))
    if draw(st.booleans()):
        kind["floor"] = draw(st.integers(0, 10))
    return "\n".join(lines) + "\n", {"name": "p", "data": "d.csv", "kinds": {"admin": kind}}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(districts())
def test_invariants(tmp_path: Path, case) -> None:  # type: ignore[no-untyped-def]
    csv, raw = case
    (tmp_path / "d.csv").write_text(csv, encoding="utf-8")
    path = write_scenario(tmp_path, raw)
    try:
        result = quota.allocate(path)
    except InfeasibleError:
        return
    table = result.table
    kind = raw["kinds"]["admin"]
    summary = result.kinds.iloc[0]
    # totals add up to the pool; the reserve is what is left of the turnover pool
    assert int(table["total"].sum()) + int(summary["reserve"]) == kind["pool"]
    assert int(table["quantified"].sum()) == int(summary["quantified"])
    assert 0 <= int(summary["reserve"]) <= int(summary["turnover_pool"])
    # nobody is dismissed; bounds hold
    assert (table["total"] >= table["onboard"]).all()
    assert (table["quantified"] >= 0).all() and (table["turnover"] >= 0).all()
    if "max_change" in kind:
        assert (table["change"].abs() <= kind["max_change"]).all()
    if "floor" in kind:
        assert ((table["base"] + table["quantified"]) >= kind["floor"]).all()
    # same input, same bytes; every engine finds the same allocation
    assert format_allocation_csv(quota.allocate(path).table) == format_allocation_csv(table)
    other = quota.allocate(path, solver="highs").table
    assert other["quantified"].tolist() == table["quantified"].tolist()


def hamilton(ideal: np.ndarray, seats: int) -> np.ndarray:
    low = np.floor(ideal).astype(int)
    rest = seats - int(low.sum())
    order = sorted(range(len(ideal)), key=lambda i: (-(ideal[i] - low[i]), i))
    for i in order[:rest]:
        low[i] += 1
    return low


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.integers(1, 1000), min_size=1, max_size=10), st.integers(1, 80))
def test_l1_never_worse_than_hamilton_without_other_constraints(tmp_path: Path, pops, pool) -> None:  # type: ignore[no-untyped-def]
    lines = ["street,population"] + [f"S{i},{p}" for i, p in enumerate(pops)]
    (tmp_path / "d.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    raw = {
        "name": "h",
        "data": "d.csv",
        "constraints": {"no_dismissal": False},
        "kinds": {"k": {"pool": pool, "indicators": {"population": 1}}},
    }
    result = quota.allocate(write_scenario(tmp_path, raw))
    ideal = result.inputs["k"].problem.ideal
    ours = np.abs(result.table["quantified"].to_numpy(dtype=float) - ideal).sum()
    theirs = np.abs(hamilton(ideal, pool) - ideal).sum()
    assert ours <= theirs + 1e-9
