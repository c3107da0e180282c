"""Run a solver on the kinds' problems and read the solution back.

One entry point, :func:`solve_kinds`, used by the pipeline and by every
Monte Carlo draw of the sensitivity analysis. Three engines, one answer:

* ``fast``: the exact algorithm of :mod:`quota.solve.fast` for the model's
  structure (one sum per kind, per-street ranges); used by default when the
  scenario has no constraint linking kinds.
* ``highs`` / ``cbc``: the general integer program of :func:`quota.model.problem.build_milp`
  through PuLP, solved lexicographically (objective, then the canonical
  tie-break), for linked kinds and as a cross-check.
* classical apportionment methods (:mod:`quota.solve.apportion`) for ``method:``
  other than ``lp``.

Nobody reads a solution without checking its status first (CBC leaves values
in the variables of an infeasible model).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from quota._typing import FloatArray, IntArray
from quota.errors import InfeasibleError, InputError, Msg, SolverError
from quota.locale import kind_name, msg
from quota.model.problem import KindProblem, Milp, build_milp
from quota.solve.status import Status


@dataclass(frozen=True)
class KindSolution:
    """The solution of one kind.

    Attributes
    ----------
    q, t : int arrays
        Quantified and turnover quotas per street.
    objective : float
        The kind's l1 objective ``sum |q - ideal| + penalty * sum t``.
    status : Status
    engine : str
        ``fast``, ``highs``, ``cbc`` or an apportionment method name.
    notes : tuple of Msg or str
        Ties broken and other remarks for the diagnostics: messages of the
        catalog (``solve.tie.*``, ``solve.time_limit.*``), rendered in the
        reader's language.
    """

    q: IntArray
    t: IntArray
    objective: float
    status: Status
    engine: str
    notes: tuple[str | Msg, ...] = ()
    max_relative_deviation: float = 0.0
    properties: dict[str, bool] = field(default_factory=dict)
    seconds: float = 0.0


def compute_objective(problem: KindProblem, q: IntArray, t: IntArray) -> float:
    """The l1 objective of a solution, computed the same way for every engine."""
    return float(np.abs(q - problem.ideal).sum() + problem.turnover_penalty * t.sum())


def compute_max_relative_deviation(problem: KindProblem, q: IntArray) -> float:
    """Largest ``|q - ideal| / max(ideal, 1)`` over the streets."""
    if problem.size == 0:
        return 0.0
    return float(np.max(np.abs(q - problem.ideal) / np.maximum(problem.ideal, 1.0)))


def derive_turnover(problem: KindProblem, q: IntArray) -> IntArray:
    """The least turnover that keeps every street at or above its lower total."""
    return np.maximum(problem.total_lower - problem.base - q, 0).astype(np.int64)


def hand_out_turnover(
    problems: list[KindProblem],
    quantified: dict[str, IntArray],
    street_total_min: int | None = None,
) -> dict[str, IntArray]:
    """Turnover per street: the least that keeps staff on board, plus what the linking share needs.

    Every street first gets the turnover its staff on board need above base +
    quantified. When ``street_total_min`` (the streets' totals over all kinds)
    is not reached, further turnover quotas are handed out in a fixed order
    (kinds as listed, streets in table order) up to each street's upper total
    and each kind's turnover pool. Every distribution of the same number costs
    the same, so this fixed order makes every engine report one allocation.
    """
    turnover = {p.kind: derive_turnover(p, quantified[p.kind]) for p in problems}
    if street_total_min is None:
        return turnover
    reached = sum(
        int(p.base.sum() + quantified[p.kind].sum() + turnover[p.kind].sum()) for p in problems
    )
    missing = street_total_min - reached
    for p in problems:
        if missing <= 0:
            break
        t = turnover[p.kind].copy()
        pool_room = p.turnover_pool - int(t.sum())
        room = np.maximum(p.total_upper - p.base - quantified[p.kind] - t, 0)
        for i in range(p.size):
            if missing <= 0 or pool_room <= 0:
                break
            give = int(min(missing, pool_room, room[i]))
            t[i] += give
            missing -= give
            pool_room -= give
        turnover[p.kind] = t
    return turnover


def available_engines() -> list[str]:
    """Integer-program solvers PuLP can run here."""
    import pulp

    names = pulp.listSolvers(onlyAvailable=True)
    engines = []
    if "HiGHS" in names:
        engines.append("highs")
    if "PULP_CBC_CMD" in names:
        engines.append("cbc")
    return engines


def _pulp_solver(engine: str, time_limit: float, log: bool = False) -> object:
    """The PuLP solver of ``engine``; ``log`` lets it print its log (for debugging only)."""
    from quota.solve.solvers import build_pulp_solver

    if engine == "highs" and "highs" not in available_engines():
        raise InputError(msg("solve.highs_missing"))
    return build_pulp_solver(engine, time_limit, msg=log)


def _run_stage(milp: Milp, objective: object, solver: object) -> Status:
    import pulp

    milp.model.setObjective(objective)
    milp.model.solve(solver)
    status = pulp.LpStatus[milp.model.status]
    if status == "Optimal" and milp.model.sol_status == pulp.LpSolutionOptimal:
        return Status.OPTIMAL
    if status in ("Infeasible",):
        return Status.INFEASIBLE
    if milp.model.sol_status == pulp.LpSolutionIntegerFeasible:
        return Status.TIME_LIMIT
    if status == "Not Solved" or milp.model.sol_status == pulp.LpSolutionNoSolutionFound:
        return Status.TIME_LIMIT
    return Status.INFEASIBLE


def _fix_value(milp: Milp, expression: Any, name: str) -> None:
    """Hold a stage's objective at its optimum for the next stage.

    The optimum is read from the solution with its integer variables rounded
    (a stage value read from the solver can be off by ``n`` times its
    tolerance), and the slack is 1e-6 plus a relative 1e-9: above HiGHS's
    feasibility tolerance, which a smaller slack was seen to confuse, and below
    the turnover penalty (1e-3), the smallest meaningful step of the objective.
    """
    import pulp

    for variable in milp.model.variables():
        if variable.cat == pulp.LpInteger and variable.varValue is not None:
            variable.varValue = round(variable.varValue)
    value = float(pulp.value(expression) or 0.0)
    milp.model.addConstraint(expression <= value + 1e-6 + 1e-9 * abs(value), name)


def solve_milp(
    problems: list[KindProblem],
    *,
    engine: str = "highs",
    time_limit: float = 60.0,
    street_total_min: int | None = None,
    accept_time_limit: bool = False,
    tiebreak: bool = True,
) -> dict[str, KindSolution]:
    """Solve the kinds' integer program with PuLP, lexicographically.

    Stages: (minimax only) the largest relative deviation; the l1 objective;
    the tie-break ``sum (k + 1) q_k``. Each stage fixes the previous optimum.
    ``tiebreak=False`` skips the last stage (the benchmark measures the
    optimisation alone): the objective is the same, but among equally good
    allocations the solver's choice is returned, not the canonical one.

    A solver that reports infeasible raises :class:`InfeasibleError` with the
    least relaxation that would help (:mod:`quota.solve.diagnose`). A solver stopped
    by ``time_limit`` [s] with a solution raises :class:`SolverError` naming
    its gap, unless ``accept_time_limit``: then the best solution found is
    returned with status ``time_limit`` and a note with the gap.
    """
    started = time.perf_counter()
    milp = build_milp(problems, street_total_min=street_total_min)
    solver = _pulp_solver(engine, time_limit)
    stages = _list_stages(milp, tiebreak=tiebreak)
    status, stopped, last_solution = _run_stages(milp, stages, solver)
    if status is Status.INFEASIBLE:
        from quota.solve.diagnose import explain_infeasible

        raise InfeasibleError(
            explain_infeasible(
                problems,
                street_total_min=street_total_min,
                engine=msg("solve.engine_solver", engine=engine),
            )
        )
    time_notes: tuple[str | Msg, ...] = ()
    if status is Status.TIME_LIMIT:
        note = settle_time_limit(milp, stopped, last_solution, engine=engine, time_limit=time_limit)
        if not accept_time_limit:
            raise SolverError(msg("solve.time_limit_refused", note=note, time_limit=time_limit))
        time_notes = (note,)
    return _read_solutions(
        problems,
        milp,
        status,
        street_total_min=street_total_min,
        engine=engine,
        notes=time_notes,
        seconds=time.perf_counter() - started,
    )


def _list_stages(milp: Milp, *, tiebreak: bool) -> list[tuple[str, object]]:
    """The objectives solved one after the other: ``(name, objective)``."""
    stages: list[tuple[str, object]] = []
    if milp.minimax is not None:
        stages.append(("minimax", milp.minimax))
    stages.append(("l1", milp.l1))
    if tiebreak:
        stages.append(("tiebreak", milp.tiebreak))
    return stages


def _run_stages(
    milp: Milp, stages: list[tuple[str, object]], solver: object
) -> tuple[Status, tuple[str, object], dict[str, float | None] | None]:
    """Solve the stages in turn, each holding the previous optimum.

    Returns the status of the last stage run, the stage that stopped (the
    first one when all were optimal) and the variables' values at the last
    optimal stage (None when the first stage was not optimal).
    """
    status = Status.OPTIMAL
    stopped: tuple[str, object] = stages[0]
    last_solution: dict[str, float | None] | None = None
    for number, (name, objective) in enumerate(stages):
        status = _run_stage(milp, objective, solver)
        if status is not Status.OPTIMAL:
            stopped = (name, objective)
            break
        last_solution = {v.name: v.varValue for v in milp.model.variables()}
        if number < len(stages) - 1:
            if name == "minimax":
                for level, variable in enumerate(milp.levels):
                    _fix_value(milp, variable, f"fix_minimax_{level}")
            else:
                _fix_value(milp, objective, f"fix_{name}")
    return status, stopped, last_solution


def _read_solutions(
    problems: list[KindProblem],
    milp: Milp,
    status: Status,
    *,
    street_total_min: int | None,
    engine: str,
    notes: tuple[str | Msg, ...],
    seconds: float,
) -> dict[str, KindSolution]:
    """The kinds' solutions from the solved integer program's variables."""
    quantified = {
        p.kind: np.array(
            [round(x.varValue or 0.0) for x in milp.variables[p.kind].q], dtype=np.int64
        )
        for p in problems
    }
    # the tie-break stage leaves t at its least value only up to the penalty;
    # derive it exactly (and hand out what the linking share needs the same way
    # on every engine) so every engine reports the same turnover
    turnover = (
        hand_out_turnover(problems, quantified, street_total_min)
        if status is Status.OPTIMAL
        else {
            p.kind: np.array(
                [round(x.varValue or 0.0) for x in milp.variables[p.kind].t], dtype=np.int64
            )
            for p in problems
        }
    )
    solutions = {}
    for p in problems:
        q = quantified[p.kind]
        t = turnover[p.kind]
        solutions[p.kind] = KindSolution(
            q=q,
            t=t,
            objective=compute_objective(p, q, t),
            status=status,
            engine=engine,
            notes=notes,
            max_relative_deviation=compute_max_relative_deviation(p, q),
            seconds=seconds,
        )
    return solutions


def settle_time_limit(
    milp: Milp,
    stage: tuple[str, Any],
    last_solution: dict[str, float | None] | None,
    *,
    engine: str,
    time_limit: float,
) -> Msg:
    """Keep the best solution of a stage stopped by the time limit; describe it with its gap.

    The variables end up holding the stopped stage's incumbent, or, when it
    found none, the previous stage's optimum. The gap is measured against the
    bound of the stage's LP relaxation (the model's relaxation is tight).

    Raises
    ------
    SolverError
        When no solution was found at all.
    """
    import pulp

    name, objective = stage
    found = milp.model.sol_status in (pulp.LpSolutionIntegerFeasible, pulp.LpSolutionOptimal)
    if not found and last_solution is None:
        raise SolverError(msg("solve.time_limit_no_solution", engine=engine, time_limit=time_limit))
    variables = milp.model.variables()
    if not found and last_solution is not None:
        for variable in variables:
            variable.varValue = last_solution.get(variable.name)
    values = {v.name: v.varValue for v in variables}
    incumbent = float(pulp.value(objective) or 0.0)
    for variable in variables:
        variable.cat = pulp.LpContinuous
    milp.model.setObjective(objective)
    milp.model.solve(_pulp_solver(engine, time_limit))
    bound = (
        float(pulp.value(objective) or 0.0)
        if pulp.LpStatus[milp.model.status] == "Optimal"
        else None
    )
    for variable in variables:
        variable.varValue = values[variable.name]
    if name == "tiebreak":
        return msg("solve.time_limit.tiebreak", engine=engine, time_limit=time_limit)
    if bound is None:
        return msg(
            "solve.time_limit.no_gap",
            engine=engine,
            time_limit=time_limit,
            stage=name,
            objective=incumbent,
        )
    return msg(
        "solve.time_limit.gap",
        engine=engine,
        time_limit=time_limit,
        stage=name,
        objective=incumbent,
        gap=max(incumbent - bound, 0.0) / max(abs(incumbent), 1e-9),
    )


def solve_apportionment(problem: KindProblem, method: str, weights: np.ndarray) -> KindSolution:
    """Allocate the quantified quotas by a classical apportionment method.

    The quantified quotas are apportioned in proportion to ``weights`` (the
    workload scores) within each street's bounds; turnover then covers any
    street whose staff on board exceed base + quantified.
    """
    from quota.solve.apportion import apportion

    started = time.perf_counter()
    hi = np.minimum(problem.q_upper, problem.total_upper - problem.base)
    result = apportion(
        method,
        weights,
        problem.quantified,
        lower=problem.q_lower,
        upper=hi,
        labels=list(problem.streets),
    )
    q = np.asarray(result.seats, dtype=np.int64)
    t = derive_turnover(problem, q)
    if int(t.sum()) > problem.turnover_pool:
        raise InfeasibleError(
            msg(
                "solve.apportion_turnover",
                kind=kind_name(problem.kind),
                method=method,
                need=int(t.sum()),
                pool=problem.turnover_pool,
            )
        )
    notes: tuple[str | Msg, ...] = tuple(result.ties)
    properties = {
        "quota_rule": bool(result.quota_rule),
        "lower_quota": bool(result.lower_quota_ok),
        "upper_quota": bool(result.upper_quota_ok),
    }
    return KindSolution(
        q=q,
        t=t,
        objective=compute_objective(problem, q, t),
        status=Status.OPTIMAL,
        engine=method,
        notes=notes,
        max_relative_deviation=compute_max_relative_deviation(problem, q),
        properties=properties,
        seconds=time.perf_counter() - started,
    )


def solve_fast_kind(problem: KindProblem, *, diagnose: bool = True) -> KindSolution:
    """Solve one kind with the exact fast algorithm.

    An infeasible kind raises :class:`InfeasibleError` with the least relaxation
    that would help (:mod:`quota.solve.diagnose`), or, with ``diagnose=False``
    (many solves that only need to know), with a short message.
    """
    from quota.solve.fast import solve_fast

    started = time.perf_counter()
    solution = solve_fast(problem)
    if solution.status is not Status.OPTIMAL:
        if not diagnose:
            raise InfeasibleError(msg("solve.no_allocation", kind=kind_name(problem.kind)))
        from quota.solve.diagnose import explain_infeasible

        raise InfeasibleError(
            explain_infeasible([problem], engine=msg("solve.engine_solver", engine="fast"))
        )
    q = np.asarray(solution.q, dtype=np.int64)
    t = np.asarray(solution.t, dtype=np.int64)
    return KindSolution(
        q=q,
        t=t,
        objective=compute_objective(problem, q, t),
        status=Status.OPTIMAL,
        engine="fast",
        max_relative_deviation=compute_max_relative_deviation(problem, q),
        seconds=time.perf_counter() - started,
    )


def choose_engine(
    requested: str, *, linked: bool, problems: list[KindProblem] | None = None
) -> str:
    """Pick the engine.

    ``auto`` means the exact fast path when the kinds are not linked and every
    kind's problem is within its reach (:func:`quota.solve.fast.is_fast_solvable`),
    else HiGHS, else CBC.
    """
    from quota.solve.fast import is_fast_solvable

    if requested in ("highs", "cbc"):
        return requested
    if requested == "fast" and linked:
        raise InputError(msg("solve.fast_linked"))
    reachable = all(is_fast_solvable(p) for p in problems or [])
    if requested == "fast" and not reachable:
        raise InputError(msg("solve.fast_unreachable"))
    if requested == "fast" or (not linked and reachable):
        return "fast"
    engines = available_engines()
    if not engines:
        raise SolverError(msg("solve.no_solver"))
    return engines[0]


def solve_kinds(
    problems: Sequence[KindProblem],
    method: str,
    scores: Mapping[str, FloatArray],
    *,
    engine: str = "auto",
    time_limit: float = 60.0,
    street_total_min: int | None = None,
    accept_time_limit: bool = False,
    diagnose: bool = True,
) -> dict[str, KindSolution]:
    """Solve every kind: the one dispatch over the engines.

    Parameters
    ----------
    problems : sequence of KindProblem
        The kinds, in scenario order.
    method : str
        ``lp`` (the integer program) or a classical apportionment method
        (:data:`quota.config.schema.APPORTIONMENT_METHODS`).
    scores : mapping of str to float array
        Kind -> workload score per street; what an apportionment method
        apportions by (``lp`` reads the ideal quotas of the problems).
    engine : str
        ``auto``, ``fast``, ``highs`` or ``cbc`` for ``lp`` (see :func:`choose_engine`).
    time_limit : float
        Wall-clock limit of one integer-program solve [s].
    street_total_min : int, optional
        The streets' totals over all kinds must reach this (``street_share_min``);
        it links the kinds.
    accept_time_limit : bool
        Return the best allocation of an integer program stopped by its time limit.
    diagnose : bool
        Explain an infeasible kind of the fast path (see :func:`solve_fast_kind`).

    Returns
    -------
    dict of str to KindSolution
        Kind -> solution, in the order of ``problems``.

    Raises
    ------
    InfeasibleError
        No allocation meets every constraint.
    InputError
        An engine that cannot solve the kinds, or is not installed.
    SolverError
        An integer program stopped without an accepted solution.
    """
    problems = list(problems)
    if method != "lp":
        solved = {p.kind: solve_apportionment(p, method, scores[p.kind]) for p in problems}
        if street_total_min is None:
            return solved
        turnover = hand_out_turnover(
            problems, {k: s.q for k, s in solved.items()}, street_total_min
        )
        # the objective follows the turnover handed out, as on the other engines
        return {
            p.kind: replace(
                solved[p.kind],
                t=turnover[p.kind],
                objective=compute_objective(p, solved[p.kind].q, turnover[p.kind]),
            )
            for p in problems
        }
    chosen = choose_engine(engine, linked=street_total_min is not None, problems=problems)
    if chosen == "fast":
        return {p.kind: solve_fast_kind(p, diagnose=diagnose) for p in problems}
    return solve_milp(
        problems,
        engine=chosen,
        time_limit=time_limit,
        street_total_min=street_total_min,
        accept_time_limit=accept_time_limit,
    )
