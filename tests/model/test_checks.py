"""Infeasibility a user can act on: exact pre-checks, the elastic diagnosis, time limits."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quota
import quota.solve.dispatch as qsolve
from quota.cli import cli
from quota.errors import InfeasibleError, SolverError
from quota.model.checks import ShareRequirement, check_kind, check_street_share
from quota.model.feasibility import compute_least_turnover, is_feasible, rebuild_inputs
from quota.model.problem import KindInputs, build_kind_inputs
from quota.solve.diagnose import explain_infeasible, find_relaxations
from quota.solve.fast import solve_fast
from quota.solve.status import Status
from tests.conftest import write_scenario
from tests.test_messy import MESSY, messy_scenario

STREETS = ("甲", "乙", "丙")


def kind(
    pool: int,
    share: float,
    base: list[int],
    *,
    onboard: list[int] | None = None,
    current: list[int] | None = None,
    floor: list[int] | None = None,
    ceiling: list[int] | None = None,
    max_change: int | None = None,
    name: str = "admin",
) -> KindInputs:
    n = len(base)

    def arr(values: list[int] | None) -> np.ndarray | None:
        return None if values is None else np.array(values, dtype=np.int64)

    return build_kind_inputs(
        name,
        STREETS[:n],
        pool=pool,
        turnover_share=share,
        base=np.array(base, dtype=np.int64),
        score=np.full(n, 1 / n),
        current=arr(current),
        onboard=arr(onboard),
        floor=arr(floor),
        ceiling=arr(ceiling),
        max_change=None if max_change is None else np.full(n, max_change, dtype=np.int64),
    )


# ---------------------------------------------------------------- exact sentences


@pytest.mark.parametrize(
    ("inputs", "sentences"),
    [
        (
            kind(60, 0.05, [30, 30, 30]),
            [
                "admin: base quotas need 90 but only 57 remain of the pool 60 after the 5% turnover share (3); "
                "raise the pool to at least 95.",
                "admin: keeping every street at or above its base needs 90 quotas in all, but the pool is 60; "
                "raise the pool to at least 90.",
                "admin: a pool of 95 meets all of these at once.",
            ],
        ),
        (
            kind(100, 0.2, [30, 30, 30]),
            [
                "admin: base quotas need 90 but only 80 remain of the pool 100 after the 20% turnover share "
                "(20); raise the pool to at least 112, or lower the turnover share to 10.4%.",
            ],
        ),
        (
            kind(40, 0.1, [0, 0, 0], onboard=[2, 9, 35]),
            [
                "admin: keeping every street at or above its staff on board needs 46 quotas in all, but the "
                "pool is 40; raise the pool to at least 46.",
            ],
        ),
        (
            kind(100, 0.05, [10, 10, 10], floor=[30, 20, 20], ceiling=[25, 40, 40]),
            [
                "admin, 甲: the floor of 30 needs at least 30 (base + quantified), but the ceiling of 25 allows "
                "at most 25; lower the floor for 甲 to 25, or raise its ceiling to 30.",
            ],
        ),
        (
            kind(100, 0.05, [10, 10, 30], ceiling=[40, 40, 25]),
            [
                "admin, 丙: its base of 30 needs at least 30, but the ceiling of 25 allows at most 25; raise its ceiling to 30."
            ],
        ),
        (
            kind(100, 0.05, [10, 10, 10], floor=[30, 20, 20], current=[20, 30, 30], max_change=5),
            [
                "admin, 甲: the floor of 30 needs at least 30 (base + quantified), but the change cap "
                "(20 current + 5) allows at most 25; lower the floor for 甲 to 25, or relax its change cap to 10.",
            ],
        ),
        (
            kind(100, 0.05, [10, 10, 10], onboard=[22, 20, 20], current=[20, 30, 30], max_change=0),
            [
                "admin, 甲: no dismissal of its 22 staff on board requires a total of at least 22, but the change "
                "cap (20 current + 0) allows at most 20; relax the change cap for 甲 to 2.",
            ],
        ),
        (
            kind(100, 0.05, [10, 10, 10], floor=[40, 30, 30]),
            [
                "admin: the floors need 70 quantified quotas but only 65 are left after base (30) and turnover "
                "(5) of the pool 100; raise the pool to at least 105, lower the turnover share to 0.4%, or lower "
                "the floors by 5 in all.",
            ],
        ),
        (
            kind(100, 0.0, [10, 10, 10], ceiling=[20, 20, 20]),
            [
                "admin: the ceilings let the streets take at most 30 quantified quotas but 70 must be shared "
                "out; lower the pool to 60, raise the turnover share to 39.5% (unused turnover stays in the "
                "district reserve), or relax the ceilings by 40 in all.",
            ],
        ),
        (
            kind(100, 0.0, [10, 10, 10], current=[20, 20, 20], max_change=3),
            [
                "admin: the change caps let the streets take at most 39 quantified quotas but 70 must be shared "
                "out; lower the pool to 69, raise the turnover share to 30.5% (unused turnover stays in the "
                "district reserve), or relax the change caps by 31 in all.",
            ],
        ),
        (
            kind(100, 0.05, [10, 10, 10], onboard=[30, 30, 10], ceiling=[25, 25, 60]),
            [
                "admin: to keep their staff on board even with the most quantified quotas they can take, the "
                "streets need 10 turnover quotas (甲 5, 乙 5) but the turnover pool is 5 (5% of 100); raise the turnover "
                "share to 9.5%, or raise the ceilings of these streets by 5 in all.",
            ],
        ),
    ],
    ids=[
        "base-and-needs",
        "base-share",
        "staff-vs-pool",
        "floor-vs-ceiling",
        "base-vs-ceiling",
        "floor-vs-cap",
        "staff-vs-cap",
        "floors",
        "ceilings",
        "change-caps",
        "turnover",
    ],
)
def test_each_conflict_is_one_sentence_with_numbers_and_fix(
    inputs: KindInputs, sentences: list[str]
) -> None:
    assert [str(s) for s in check_kind(inputs)] == sentences


def test_the_fixes_named_are_exact() -> None:
    base = kind(100, 0.2, [30, 30, 30])
    assert is_feasible(rebuild_inputs(base, pool=112)) and not is_feasible(
        rebuild_inputs(base, pool=111)
    )
    assert is_feasible(rebuild_inputs(base, turnover_share=0.104))
    assert not is_feasible(rebuild_inputs(base, turnover_share=0.105))
    turnover = kind(100, 0.05, [10, 10, 10], onboard=[30, 30, 10], ceiling=[25, 25, 60])
    assert is_feasible(rebuild_inputs(turnover, turnover_share=0.095))
    assert not is_feasible(rebuild_inputs(turnover, turnover_share=0.094))
    # a larger pool would also cover the turnover, but break the ceilings: not offered
    assert not is_feasible(rebuild_inputs(turnover, pool=190))


def test_feasible_kind_has_no_sentences() -> None:
    assert check_kind(kind(40, 0.1, [0, 0, 0], onboard=[2, 9, 10])) == []


def test_street_share_sentence() -> None:
    kinds = [
        kind(100, 0.05, [10, 10, 10], current=[30, 30, 30], max_change=3),
        kind(50, 0.0, [5, 5, 5], name="institutional"),
    ]
    assert [str(s) for s in check_street_share(kinds, ShareRequirement(0.3, 600))] == [
        "the streets can hold at most 149 quotas (admin 99, institutional 50) but street_share_min 30% of the "
        "district total 600 needs 180; lower street_share_min to 24.8%, or raise the institutional pool by 31 to 81."
    ]
    assert check_street_share(kinds, ShareRequirement(0.3, 490)) == []


def test_pipeline_reports_every_kind_and_exit_code_3(tmp_path: Path) -> None:
    raw = messy_scenario(str(MESSY / "reference.csv"))
    raw["kinds"]["admin"]["pool"] = 150
    raw["kinds"]["institutional"] = {
        "pool": 60,
        "base": {"fixed": 5},
        "indicators": {"population": 1},
        "floor": 12,
        "onboard": "none",
    }
    path = write_scenario(tmp_path, raw)
    expected = [
        "admin: to keep their staff on board even with the most quantified quotas they can take, the "
        "streets need 16 turnover quotas (邾城街道 10, 阳逻街道 5, 仓埠街道 1) but the turnover pool is 8 (5% of 150); raise "
        "the pool to at least 154.",
        "admin: keeping every street at or above its staff on board needs 188 quotas in all, but the pool is "
        "150; raise the pool to at least 188.",
        "admin: a pool of 188 meets all of these at once.",
        "institutional: the floors need 42 quantified quotas but only 30 are left after base (30) and "
        "turnover (0) of the pool 60; raise the pool to at least 72, or lower the floors by 12 in all.",
        "institutional: keeping every street at or above its floor needs 72 quotas in all, but the pool is "
        "60; raise the pool to at least 72.",
        "institutional: a pool of 72 meets all of these at once.",
    ]
    with pytest.raises(InfeasibleError) as info:
        quota.allocate(path)
    assert [str(p) for p in info.value.problems] == expected
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["run", str(path), "--out", str(out), "--lang", "en"])
    assert result.exit_code == 3
    assert result.output.splitlines() == [f"infeasible: {sentence}" for sentence in expected]
    assert not out.exists() or not any(out.iterdir())


# ---------------------------------------------------------------- exactness


@st.composite
def kinds(draw: st.DrawFn) -> KindInputs:
    n = draw(st.integers(1, 4))
    small = st.integers(0, 12)

    def column(chance: bool) -> list[int] | None:
        return draw(st.lists(small, min_size=n, max_size=n)) if chance else None

    return build_kind_inputs(
        "admin",
        tuple(f"S{i}" for i in range(n)),
        pool=draw(st.integers(0, 50)),
        turnover_share=draw(st.sampled_from([0.0, 0.05, 0.1, 0.25, 0.5])),
        base=np.array(draw(st.lists(st.integers(0, 5), min_size=n, max_size=n)), dtype=np.int64),
        score=np.full(n, 1 / n),
        current=np.array(draw(st.lists(small, min_size=n, max_size=n)), dtype=np.int64),
        onboard=np.array(column(draw(st.booleans())) or [0] * n, dtype=np.int64),
        floor=None if not draw(st.booleans()) else np.array(column(True), dtype=np.int64),
        ceiling=None if not draw(st.booleans()) else np.array(column(True), dtype=np.int64) + 5,
        max_change=None
        if not draw(st.booleans())
        else np.full(n, draw(st.integers(0, 6)), dtype=np.int64),
        no_dismissal=draw(st.booleans()),
    )


@settings(
    max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(kinds())
def test_pre_checks_are_exact_and_their_joint_fixes_work(inputs: KindInputs) -> None:
    solvable = (
        inputs.problem.quantified >= 0 and solve_fast(inputs.problem).status == Status.OPTIMAL
    )
    assert is_feasible(inputs) == solvable
    sentences = [str(s) for s in check_kind(inputs)]
    assert bool(sentences) != solvable
    for sentence in sentences:
        pool = re.search(r"a pool of (\d+) meets all of these at once", sentence)
        if pool:
            assert is_feasible(rebuild_inputs(inputs, pool=int(pool.group(1))))
        share = re.search(r"a turnover share of ([\d.]+)% meets all", sentence)
        if share:
            assert is_feasible(rebuild_inputs(inputs, turnover_share=float(share.group(1)) / 100))
    if len(sentences) == 1 and "pool to at least" in sentences[0] and "share" not in sentences[0]:
        least = int(re.findall(r"pool to at least (\d+)", sentences[0])[0])
        assert is_feasible(rebuild_inputs(inputs, pool=least))


@settings(max_examples=150, deadline=None, derandomize=True)
@given(kinds())
def test_least_turnover_matches_brute_force(inputs: KindInputs) -> None:
    p = inputs.problem
    hi = np.minimum(p.q_upper, p.total_upper - p.base)
    if (
        p.quantified < 0
        or not (p.q_lower <= hi).all()
        or not p.q_lower.sum() <= p.quantified <= hi.sum()
    ):
        return
    best = min(
        int(np.maximum(p.total_lower - p.base - np.array(q), 0).sum())
        for q in itertools.product(
            *[range(int(a), int(b) + 1) for a, b in zip(p.q_lower, hi, strict=True)]
        )
        if sum(q) == p.quantified
    )
    assert compute_least_turnover(inputs) == best


# ---------------------------------------------------------------- diagnosis after the solver


def english(problems: list[Any]) -> list[str]:
    """Messages in English, as ``str(exc)`` gives them."""
    return [str(p) for p in problems]


def test_elastic_diagnosis_sentences() -> None:
    staff = kind(40, 0.1, [0, 0, 0], onboard=[2, 9, 35]).problem
    assert english(explain_infeasible([staff], engine="highs solver")) == [
        "the highs solver found no allocation that meets every requirement at once, although each check of "
        "the arithmetic passed; the least change that lets one exist:",
        "admin: the turnover pool of 4 is 6 short; raise the pool by 6, all of it as turnover (a turnover "
        "pool of 10).",
    ]
    cap = kind(
        100, 0.05, [10, 10, 10], onboard=[22, 20, 20], current=[20, 30, 30], max_change=0
    ).problem
    assert english(explain_infeasible([cap]))[1:] == [
        "admin, 甲: the change cap lets its total reach only 20; relax the change cap for 甲 by 15 (total up to 35).",
    ]
    floors = kind(100, 0.05, [10, 10, 10], floor=[40, 30, 30]).problem
    assert english(explain_infeasible([floors]))[1:] == [
        "admin, 甲: the floor of 40 cannot be met; lower the floor for 甲 to 35.",
    ]
    ceilings = kind(100, 0.0, [10, 10, 10], ceiling=[20, 20, 20]).problem
    assert english(explain_infeasible([ceilings]))[1:] == [
        "admin, 甲: the ceiling of 20 is too low; raise the ceiling for 甲 to 60.",
    ]
    base = kind(60, 0.05, [30, 30, 30]).problem
    assert english(explain_infeasible([base]))[1:] == [
        "admin: base quotas need 90 but only 57 remain after the turnover share; raise the pool by 33.",
    ]
    turnover = kind(100, 0.05, [10, 10, 10], onboard=[30, 30, 10], ceiling=[25, 25, 60]).problem
    assert sum(r.amount for r in find_relaxations([turnover])) == 5


def test_linked_diagnosis_names_the_share_requirement() -> None:
    problems = [
        kind(30, 0.0, [5, 5, 5]).problem,
        kind(30, 0.0, [5, 5, 5], name="institutional").problem,
    ]
    assert english(explain_infeasible(problems, street_total_min=70))[1:] == [
        "the streets' totals fall 10 short of the 70 quotas street_share_min requires; raise the pools by 10 "
        "or lower street_share_min.",
    ]


@pytest.mark.parametrize("engine", ["highs", "cbc"])
def test_solver_infeasible_raises_the_diagnosis(engine: str) -> None:
    problem = kind(40, 0.1, [0, 0, 0], onboard=[2, 9, 35]).problem
    with pytest.raises(InfeasibleError) as info:
        qsolve.solve_milp([problem], engine=engine)
    assert str(info.value.problems[0]).startswith(f"the {engine} solver found no allocation")
    assert str(info.value.problems[1]).startswith("admin: the turnover pool of 4 is 6 short")
    with pytest.raises(InfeasibleError, match="the fast solver found no allocation"):
        qsolve.solve_fast_kind(problem)


# ---------------------------------------------------------------- time limits


@pytest.fixture
def stopped_by_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the l1 stage end as if the time limit had stopped it with its (optimal) incumbent."""
    import pulp

    real = qsolve._run_stage

    def run_stage(milp: Any, objective: Any, solver: Any) -> Status:
        status = real(milp, objective, solver)
        if objective is milp.l1:
            milp.model.sol_status = pulp.LpSolutionIntegerFeasible
            return Status.TIME_LIMIT
        return status

    monkeypatch.setattr(qsolve, "_run_stage", run_stage)


def readme_problem() -> Any:
    return kind(40, 0.1, [0, 0, 0], onboard=[2, 9, 10]).problem


@pytest.mark.usefixtures("stopped_by_time_limit")
@pytest.mark.parametrize("engine", ["highs", "cbc"])
def test_time_limit_is_refused_unless_accepted(engine: str) -> None:
    with pytest.raises(SolverError) as info:
        qsolve.solve_milp([readme_problem()], engine=engine, time_limit=5)
    assert str(info.value) == (
        f"not optimal: the {engine} solver stopped at its 5 s time limit; best allocation found: l1 objective "
        "0, gap 0.00% to the best bound; to accept this allocation set solver: {accept_time_limit: true} "
        "in the scenario (or run quota run --accept-time-limit), or raise solver.time_limit above 5"
    )
    solution = qsolve.solve_milp(
        [readme_problem()], engine=engine, time_limit=5, accept_time_limit=True
    )["admin"]
    assert solution.status is Status.TIME_LIMIT
    assert str(solution.notes[0]).startswith(
        f"not optimal: the {engine} solver stopped at its 5 s time limit"
    )
    assert int(solution.q.sum()) == 36 and int(solution.t.sum()) <= 4


def test_time_limit_without_any_solution(monkeypatch: pytest.MonkeyPatch) -> None:
    import pulp

    def run_stage(milp: Any, objective: Any, solver: Any) -> Status:
        milp.model.sol_status = pulp.LpSolutionNoSolutionFound
        return Status.TIME_LIMIT

    monkeypatch.setattr(qsolve, "_run_stage", run_stage)
    with pytest.raises(
        SolverError,
        match=r"stopped at its 60 s time limit with no solution; raise solver.time_limit",
    ):
        qsolve.solve_milp([readme_problem()], engine="highs")


@pytest.mark.usefixtures("stopped_by_time_limit")
def test_cli_time_limit_exit_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import quota.outputs.folder

    monkeypatch.setattr(quota.outputs.folder, "write_extras", lambda *args, **kwargs: [])
    raw = messy_scenario(str(MESSY / "reference.csv"))
    raw["solver"] = {"name": "highs", "time_limit": 7}
    path = write_scenario(tmp_path, raw)
    out = tmp_path / "out"
    runner = CliRunner()
    refused = runner.invoke(cli, ["run", str(path), "--out", str(out), "--lang", "en"])
    assert refused.exit_code == 1
    assert refused.output.startswith(
        "error: not optimal: the highs solver stopped at its 7 s time limit;"
    )
    assert "--accept-time-limit" in refused.output and "Traceback" not in refused.output
    assert not out.exists() or not any(out.iterdir())
    accepted = runner.invoke(
        cli, ["run", str(path), "--out", str(out), "--accept-time-limit", "--lang", "en"]
    )
    assert accepted.exit_code == 0, accepted.output
    assert (
        "  - admin: not optimal: the highs solver stopped at its 7 s time limit" in accepted.output
    )
    assert "messy: time_limit ->" in accepted.output
    manifest = json.loads((out / "messy" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "time_limit"
    raw["solver"]["accept_time_limit"] = True
    again = runner.invoke(
        cli, ["run", str(write_scenario(tmp_path, raw)), "--out", str(out), "--lang", "en"]
    )
    assert again.exit_code == 0, again.output
