"""The integer program against brute force, and the feasibility checks' sentences."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quota.errors import InfeasibleError
from quota.model.checks import check_kind
from quota.model.problem import build_kind_inputs, round_half_up
from quota.solve.dispatch import compute_objective, derive_turnover, solve_kinds, solve_milp
from quota.solve.status import Status


def brute_force(p):  # type: ignore[no-untyped-def]
    """Best (objective, tie-break) over every integer q; None when infeasible."""
    hi = np.minimum(p.q_upper, p.total_upper - p.base)
    best = None
    ranges = [
        range(int(p.q_lower[i]), int(max(hi[i], p.q_lower[i] - 1)) + 1) for i in range(p.size)
    ]
    for combo in itertools.product(*ranges):
        q = np.array(combo, dtype=np.int64)
        if q.sum() != p.quantified:
            continue
        t = derive_turnover(p, q)
        if t.sum() > p.turnover_pool:
            continue
        key = (round(compute_objective(p, q, t), 9), int(((np.arange(p.size) + 1) * q).sum()))
        if best is None or key < best[0]:
            best = (key, q)
    return best


@st.composite
def kind_inputs(draw):  # type: ignore[no-untyped-def]
    n = draw(st.integers(1, 4))
    base = np.array(draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)), dtype=np.int64)
    pool = int(base.sum()) + draw(st.integers(0, 9))
    raw = np.array(draw(st.lists(st.integers(0, 5), min_size=n, max_size=n)), dtype=float)
    if raw.sum() == 0:
        raw[0] = 1
    onboard = np.array(draw(st.lists(st.integers(0, 8), min_size=n, max_size=n)), dtype=np.int64)
    current = np.array(draw(st.lists(st.integers(0, 8), min_size=n, max_size=n)), dtype=np.int64)
    cap = draw(st.one_of(st.none(), st.integers(1, 5)))
    return build_kind_inputs(
        "admin",
        tuple(f"S{i}" for i in range(n)),
        pool=pool,
        turnover_share=draw(st.sampled_from([0.0, 0.1, 0.25])),
        base=base,
        score=raw / raw.sum(),
        current=current,
        onboard=onboard,
        max_change=None if cap is None else np.full(n, cap, dtype=np.int64),
    )


@settings(max_examples=60, deadline=None)
@given(kind_inputs())
def test_milp_matches_brute_force(kin) -> None:  # type: ignore[no-untyped-def]
    p = kin.problem
    expected = None if check_kind(kin) else brute_force(p)
    if expected is None:
        if check_kind(kin):
            return  # the checks reject it up front
        with pytest.raises(InfeasibleError):
            solve_milp([p], engine="highs")
        return
    solution = solve_milp([p], engine="highs")[p.kind]
    assert solution.objective == pytest.approx(expected[0][0], abs=1e-6)
    assert solution.q.tolist() == expected[1].tolist()
    assert solution.t.tolist() == derive_turnover(p, solution.q).tolist()


def test_checks_never_reject_a_feasible_instance() -> None:
    # a base exactly filling the pool after turnover is feasible
    kin = build_kind_inputs(
        "admin",
        ("A", "B"),
        pool=21,
        turnover_share=0.05,
        base=np.array([10, 10]),
        score=np.array([0.5, 0.5]),
    )
    assert kin.problem.turnover_pool == 1 and kin.problem.quantified == 0
    assert check_kind(kin) == []


def test_round_half_up() -> None:
    assert [round_half_up(x) for x in (0.5, 1.5, 2.5, 2.49)] == [1, 2, 3, 2]


def test_floor_above_ceiling_sentence() -> None:
    kin = build_kind_inputs(
        "admin",
        ("甲街道", "乙街道"),
        pool=40,
        turnover_share=0.0,
        base=np.array([5, 5]),
        score=np.array([0.5, 0.5]),
        floor=np.array([12, 5]),
        ceiling=np.array([10, 30]),
    )
    assert [str(s) for s in check_kind(kin)] == [
        "admin, 甲街道: the floor of 12 needs at least 12 (base + quantified), but the ceiling of 10 "
        "allows at most 10; lower the floor for 甲街道 to 10, or raise its ceiling to 12."
    ]


def test_turnover_pool_too_small_sentence() -> None:
    # A has 12 on staff but may hold at most 8 before turnover; the pool has T = 2
    kin = build_kind_inputs(
        "admin",
        ("A", "B"),
        pool=20,
        turnover_share=0.1,
        base=np.array([2, 2]),
        score=np.array([0.5, 0.5]),
        onboard=np.array([12, 2]),
        ceiling=np.array([8, 20]),
    )
    problems = [str(s) for s in check_kind(kin)]
    assert (
        len(problems) == 1
        and "need 4 turnover quotas (A 4) but the turnover pool is 2" in problems[0]
    )


# ------------------------------------------------------------------------- dispatch


def _three_streets(onboard=(2, 9, 10)):  # type: ignore[no-untyped-def]
    return build_kind_inputs(
        "admin",
        ("甲", "乙", "丙"),
        pool=40,
        turnover_share=0.1,
        base=np.zeros(3, dtype=np.int64),
        score=np.array([0.1, 0.1, 0.8]),
        onboard=np.array(onboard),
        no_dismissal=True,
    )


def test_solve_kinds_dispatches_every_engine() -> None:
    kin = _three_streets()
    scores = {"admin": kin.score}
    fast = solve_kinds([kin.problem], "lp", scores)["admin"]
    assert fast.engine == "fast" and fast.status is Status.OPTIMAL
    highs = solve_kinds([kin.problem], "lp", scores, engine="highs")["admin"]
    assert highs.engine == "highs"
    assert fast.q.tolist() == highs.q.tolist() and fast.t.tolist() == highs.t.tolist()
    plain = _three_streets(onboard=(0, 0, 0))
    webster = solve_kinds([plain.problem], "webster", {"admin": plain.score})["admin"]
    assert webster.engine == "webster" and webster.q.tolist() == [4, 4, 28]


def test_solve_kinds_without_diagnosis() -> None:
    kin = _three_streets()
    tight = build_kind_inputs(
        "admin",
        ("甲", "乙", "丙"),
        pool=20,
        turnover_share=0.0,
        base=np.zeros(3, dtype=np.int64),
        score=kin.score,
        onboard=np.array([9, 9, 9]),
        no_dismissal=True,
    )
    with pytest.raises(InfeasibleError, match="admin: no allocation meets every constraint"):
        solve_kinds([tight.problem], "lp", {"admin": tight.score}, diagnose=False)


def test_status_is_a_string() -> None:
    assert Status.OPTIMAL == "optimal" and Status.TIME_LIMIT == "time_limit"
    assert str(Status.INFEASIBLE) == f"{Status.INFEASIBLE}" == "infeasible"
    assert {Status.OPTIMAL} == {"optimal"}
