"""The steps from a scenario to a :class:`~quota.results.result.Result`, in order.

``prepare_scenario`` (read the table, derive weights, scores, bases and
bounds) → ``check_scenario`` (feasibility arithmetic) → ``solve_scenario`` →
``summarize`` into a Result. Notebooks and the CLI call :func:`allocate`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from quota.config.scenario import load_scenario
from quota.config.schema import KindConfig, Scenario
from quota.errors import InfeasibleError, InputError
from quota.io.table import StreetTable, check_integer_columns, check_numeric_columns, read_table
from quota.methods.weights import WeightResult
from quota.methods.workload import (
    WISN_INDICATOR,
    KindWorkload,
    build_workload_columns,
    compute_kind_scores,
    compute_kind_workload,
    is_table_indicator,
    list_workload_columns,
)
from quota.model.checks import ShareRequirement, check_scenario_arithmetic
from quota.model.inputs import KindRoles, resolve_scenario_columns
from quota.model.problem import KindInputs, build_kind_inputs
from quota.results.promises import check_promises
from quota.results.result import Result
from quota.results.tables import (
    summarize_allocation,
    summarize_binding,
    summarize_kinds,
    summarize_methods,
)
from quota.solve.dispatch import KindSolution, solve_kinds


@dataclass(frozen=True)
class Prepared:
    """A scenario with its data read and every per-kind input derived."""

    scenario: Scenario
    table: StreetTable
    inputs: dict[str, KindInputs]
    weights: dict[str, WeightResult]
    scores: pd.DataFrame
    transforms: dict[str, dict[str, str]]
    workloads: dict[str, KindWorkload] = field(default_factory=dict)
    #: what was resolved or rescaled on the way, for the user to see
    notices: tuple[str, ...] = ()
    roles: dict[str, KindRoles] = field(default_factory=dict)


def list_needed_columns(
    scenario: Scenario, roles: dict[str, KindRoles]
) -> tuple[dict[str, str], list[str]]:
    """Columns the scenario reads: {column: purpose}, and those that must be whole numbers."""
    needed: dict[str, str] = {}
    whole: list[str] = []
    for kind, cfg in scenario.kinds.items():
        for name in cfg.indicators:
            if is_table_indicator(cfg, name):
                needed.setdefault(name, f"indicator of {kind}")
        for name, purpose in list_workload_columns(kind, cfg).items():
            needed.setdefault(name, purpose)
        kind_roles = roles[kind]
        for role, column in (("current", kind_roles.current), ("onboard", kind_roles.onboard)):
            if column:
                needed.setdefault(column, f"{role} {kind} quotas")
                whole.append(column)
        rule = cfg.base
        if rule is not None:
            if rule.per_office is not None:
                needed.setdefault("offices", f"base of {kind} (per_office)")
                whole.append("offices")
            if rule.per_unit is not None:
                needed.setdefault("units", f"base of {kind} (per_unit)")
                whole.append("units")
            if rule.column is not None:
                needed.setdefault(rule.column, f"base of {kind}")
                whole.append(rule.column)
        for bound in ("floor", "ceiling", "max_change"):
            value = getattr(cfg, bound)
            if isinstance(value, str):
                needed.setdefault(value, f"{bound} of {kind}")
                whole.append(value)
    return needed, whole


def compute_base(cfg: KindConfig, frame: pd.DataFrame) -> np.ndarray:
    """Base quotas per street from the kind's base rule [quotas]."""
    n = len(frame)
    rule = cfg.base
    if rule is None:
        return np.zeros(n, dtype=np.int64)
    if rule.fixed is not None:
        return np.full(n, rule.fixed, dtype=np.int64)
    if rule.column is not None:
        return frame[rule.column].to_numpy(dtype=float).astype(np.int64)
    base = np.full(n, rule.leaders, dtype=np.int64)
    if rule.per_office is not None:
        base = base + rule.per_office * frame["offices"].to_numpy(dtype=float).astype(np.int64)
    if rule.per_unit is not None:
        base = base + rule.per_unit * frame["units"].to_numpy(dtype=float).astype(np.int64)
    return base


def _bound(value: int | str | None, frame: pd.DataFrame) -> np.ndarray | None:
    if value is None:
        return None
    if isinstance(value, str):
        return frame[value].to_numpy(dtype=float).astype(np.int64)
    return np.full(len(frame), value, dtype=np.int64)


def _ints(frame: pd.DataFrame, column: str | None) -> np.ndarray | None:
    if column is None:
        return None
    return frame[column].to_numpy(dtype=float).astype(np.int64)


def prepare_scenario(
    scenario: Scenario,
    table: StreetTable | None = None,
    *,
    accept_totals_mismatch: bool = False,
) -> Prepared:
    """Read the data and derive every kind's weights, scores, base and bounds.

    ``accept_totals_mismatch`` goes on when a totals row (合计) disagrees with
    the streets above it (a notice instead of an error).

    Raises
    ------
    InputError
        Every problem with the data found, reported together.
    """
    if table is None:
        table = read_table(
            scenario.data.path,
            scenario.data.sheet,
            strict=False,
            accept_totals_mismatch=accept_totals_mismatch,
        )
    resolved = resolve_scenario_columns(scenario, table)
    scenario = resolved.scenario
    roles = resolved.roles
    needed, whole = list_needed_columns(scenario, roles)
    problems = check_numeric_columns(table, needed, purpose=needed)
    problems += check_integer_columns(table, whole)
    if problems:
        raise InputError(problems)
    frame = table.frame
    streets = tuple(table.streets)
    inputs: dict[str, KindInputs] = {}
    weights: dict[str, WeightResult] = {}
    transforms: dict[str, dict[str, str]] = {}
    workloads: dict[str, KindWorkload] = {}
    scores = pd.DataFrame({"street": pd.array(list(streets), dtype="string")})
    for kind, cfg in scenario.kinds.items():
        current_col = roles[kind].current
        onboard_col = roles[kind].onboard
        workload = compute_kind_workload(kind, cfg, frame, _ints(frame, onboard_col))
        if workload is not None:
            workloads[kind] = workload
        kind_scores = compute_kind_scores(kind, cfg, scenario.weights_for(kind), frame, workload)
        score = kind_scores.score
        weights[kind] = kind_scores.weights
        transforms[kind] = kind_scores.transforms
        scores[f"score_{kind}"] = score.to_numpy(dtype=float)
        inputs[kind] = build_kind_inputs(
            kind,
            streets,
            pool=cfg.pool,
            turnover_share=cfg.turnover_share,
            base=compute_base(cfg, frame),
            score=score.to_numpy(dtype=float),
            current=_ints(frame, current_col),
            onboard=_ints(frame, onboard_col),
            floor=_bound(cfg.floor, frame),
            ceiling=_bound(cfg.ceiling, frame),
            max_change=_bound(cfg.max_change, frame),
            no_dismissal=scenario.constraints.no_dismissal and onboard_col is not None,
            objective=scenario.objective,
        )
    indicator_names = list(
        dict.fromkeys(
            n
            for cfg in scenario.kinds.values()
            for n in cfg.indicators
            if is_table_indicator(cfg, n) and n != WISN_INDICATOR
        )
    )
    for name in indicator_names:
        scores[name] = frame[name].to_numpy(dtype=float)
    wisn_columns = build_workload_columns(workloads)
    for name, column in wisn_columns.items():
        scores[name] = column
    ordered = ["street", *indicator_names, *wisn_columns, *[f"score_{k}" for k in scenario.kinds]]
    return Prepared(
        scenario=scenario,
        table=table,
        inputs=inputs,
        weights=weights,
        scores=scores.loc[:, ordered],
        transforms=transforms,
        workloads=workloads,
        notices=(*resolved.notices, *(n for w in weights.values() for n in w.notices)),
        roles=roles,
    )


def street_total_min(scenario: Scenario) -> int | None:
    """The linking constraint's right-hand side, when street_share_min is set."""
    c = scenario.constraints
    if c.street_share_min is None or c.district_total is None:
        return None
    return int(np.ceil(c.street_share_min * c.district_total - 1e-9))


def check_scenario(prepared: Prepared) -> None:
    """Check the feasibility arithmetic of every kind; raise with all conflicts found."""
    c = prepared.scenario.constraints
    requirement = None
    if c.street_share_min is not None and c.district_total is not None:
        requirement = ShareRequirement(c.street_share_min, c.district_total)
    problems = check_scenario_arithmetic(list(prepared.inputs.values()), requirement)
    if problems:
        raise InfeasibleError(problems)


def solve_scenario(prepared: Prepared, solver: str | None = None) -> dict[str, KindSolution]:
    """Solve every kind with the engine the scenario (or ``solver``) asks for.

    The dispatch over the engines is :func:`quota.solve.dispatch.solve_kinds`.
    """
    scenario = prepared.scenario
    return solve_kinds(
        [kin.problem for kin in prepared.inputs.values()],
        scenario.method,
        {kin.problem.kind: kin.score for kin in prepared.inputs.values()},
        engine=solver or scenario.solver.name,
        time_limit=scenario.solver.time_limit,
        street_total_min=street_total_min(scenario),
        accept_time_limit=scenario.solver.accept_time_limit,
    )


def allocate(
    scenario: Scenario | str | Path,
    *,
    solver: str | None = None,
    accept_totals_mismatch: bool = False,
) -> Result:
    """Allocate the quotas of a scenario.

    Parameters
    ----------
    scenario : Scenario, str or Path
        A loaded scenario or the path of its YAML file.
    solver : str, optional
        ``fast``, ``highs`` or ``cbc``; default the scenario's ``solver.name``
        (``auto``: the exact fast path when the kinds are not linked).
    accept_totals_mismatch : bool
        Go on when a totals row (合计) disagrees with the streets above it.

    Returns
    -------
    Result

    Raises
    ------
    InputError
        Bad data or scenario (exit code 2).
    InfeasibleError
        The requirements conflict (exit code 3); the message names them.
    """
    timings: dict[str, float] = {}
    started = time.perf_counter()
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    prepared = prepare_scenario(scenario, accept_totals_mismatch=accept_totals_mismatch)
    timings["prepare"] = time.perf_counter() - started
    check_scenario(prepared)
    mark = time.perf_counter()
    solutions = solve_scenario(prepared, solver)
    timings["solve"] = time.perf_counter() - mark
    mark = time.perf_counter()
    promises = check_promises(
        prepared.inputs, solutions, street_total_min=street_total_min(prepared.scenario)
    )
    result = Result(
        scenario=prepared.scenario,
        table=summarize_allocation(prepared.inputs, solutions),
        kinds=summarize_kinds(prepared.inputs, solutions),
        diagnostics=pd.concat(
            [
                summarize_methods(
                    prepared.inputs,
                    solutions,
                    weights=prepared.weights,
                    transforms=prepared.transforms,
                    workloads=prepared.workloads,
                ),
                summarize_binding(prepared.inputs, solutions),
            ],
            ignore_index=True,
        ),
        scores=prepared.scores,
        weights=prepared.weights,
        transforms=prepared.transforms,
        data=prepared.table,
        inputs=prepared.inputs,
        solutions=solutions,
        timings=timings,
        promises=promises,
        extra_notices=prepared.notices,
    )
    timings["summarize"] = time.perf_counter() - mark
    return result
