"""The steps from a scenario to a :class:`~quota.results.result.Result`, in order.

``prepare_scenario`` (read the table, derive weights, scores, bases and
bounds) → ``check_scenario`` (feasibility arithmetic) → ``solve_scenario`` →
``summarize`` into a Result. Notebooks and the CLI call :func:`allocate`.

A scenario with ``levels:`` (city → districts → streets) is solved level by
level (:mod:`quota.solve.levels`): the top split, then each unit's split among
its children, each by the same rule and engine; every level's sums are checked
on the result (:func:`quota.results.levels.check_levels`) before it is made.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from quota.config.decisions import Decision
from quota.config.scenario import load_scenario
from quota.config.schema import KindConfig, Scenario
from quota.errors import InfeasibleError, InputError, Msg
from quota.io.table import StreetTable, check_integer_columns, check_numeric_columns, read_table
from quota.locale import kind_name, msg
from quota.methods.weights import WeightResult
from quota.methods.workload import (
    WISN_INDICATOR,
    KindWorkload,
    build_workload_columns,
    compute_kind_scores,
    compute_kind_workload,
    is_table_indicator,
)
from quota.model.checks import ShareRequirement, check_scenario_arithmetic
from quota.model.decisions import Target, apply_targets, check_targets, resolve_targets
from quota.model.hierarchy import LevelsSetup
from quota.model.inputs import KindRoles, list_needed_columns, resolve_scenario_columns
from quota.model.level_setup import LevelsRead, build_levels_setup, read_levels, unit_bounds
from quota.model.problem import KindInputs, build_kind_inputs
from quota.model.unit_decisions import UnitTarget
from quota.results.decisions import (
    DecisionOutcome,
    add_decision_columns,
    assess_decisions,
    check_targets_hold,
    summarize_decided,
    totals_of,
)
from quota.results.level_decisions import check_levels_scenario, decide_levels
from quota.results.levels import (
    LevelsOutcome,
    UnitEffect,
    add_level_columns,
    build_levels_outcome,
    check_levels,
    pool_sources_of,
)
from quota.results.promises import check_promises
from quota.results.result import Result
from quota.results.tables import (
    summarize_allocation,
    summarize_binding,
    summarize_kinds,
    summarize_methods,
)
from quota.solve.dispatch import KindSolution, solve_kinds
from quota.solve.levels import Engine, solve_levels


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
    notices: tuple[str | Msg, ...] = ()
    roles: dict[str, KindRoles] = field(default_factory=dict)
    #: the levels (None for a one-level scenario); ``scenario.decisions`` then holds
    #: the decisions about streets, ``levels.unit_decisions`` those about upper units
    levels: LevelsSetup | None = None


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
    check_needed_columns(scenario, roles, table)
    read = read_levels(scenario, table, roles) if scenario.levels else None
    derived = _derive_kinds(scenario, roles, table, read)
    setup = None
    if read is not None:
        setup = build_levels_setup(
            scenario,
            table,
            read,
            weights=derived.weights,
            transforms=derived.transforms,
            workloads=derived.workloads,
            decisions=tuple(scenario.decisions),
        )
        scenario = scenario.model_copy(update={"decisions": read.street_decisions})
    return Prepared(
        scenario=scenario,
        table=table,
        inputs=derived.inputs,
        weights=derived.weights,
        scores=_build_scores(scenario, table, derived),
        transforms=derived.transforms,
        workloads=derived.workloads,
        notices=(
            *resolved.notices,
            *(n for w in derived.weights.values() for n in w.notices),
            *(setup.notices if setup is not None else ()),
        ),
        roles=roles,
        levels=setup,
    )


def check_needed_columns(
    scenario: Scenario, roles: dict[str, KindRoles], table: StreetTable
) -> None:
    """Check the columns the scenario reads: numbers, and whole numbers where counted.

    Raises
    ------
    InputError
        Every problem found, together.
    """
    needed, whole = list_needed_columns(scenario, roles)
    problems = check_numeric_columns(table, needed, purpose=needed)
    problems += check_integer_columns(table, whole)
    if problems:
        raise InputError(problems)


@dataclass
class _Derived:
    """What :func:`prepare_scenario` derives per kind, in scenario order."""

    inputs: dict[str, KindInputs] = field(default_factory=dict)
    weights: dict[str, WeightResult] = field(default_factory=dict)
    transforms: dict[str, dict[str, str]] = field(default_factory=dict)
    workloads: dict[str, KindWorkload] = field(default_factory=dict)
    scores: dict[str, np.ndarray] = field(default_factory=dict)


def _derive_kinds(
    scenario: Scenario,
    roles: dict[str, KindRoles],
    table: StreetTable,
    read: LevelsRead | None = None,
) -> _Derived:
    """Every kind's workload, weights, scores and model inputs (``units:`` rules applied)."""
    frame = table.frame
    streets = tuple(table.streets)
    derived = _Derived()
    for kind, cfg in scenario.kinds.items():
        current_col = roles[kind].current
        onboard_col = roles[kind].onboard
        workload = compute_kind_workload(kind, cfg, frame, _ints(frame, onboard_col))
        if workload is not None:
            derived.workloads[kind] = workload
        kind_scores = compute_kind_scores(kind, cfg, scenario.weights_for(kind), frame, workload)
        score = kind_scores.score.to_numpy(dtype=float)
        derived.weights[kind] = kind_scores.weights
        derived.transforms[kind] = kind_scores.transforms
        derived.scores[kind] = score
        floor, ceiling, max_change = unit_bounds(
            read.rules.get(kind) if read is not None else None,
            _bound(cfg.floor, frame),
            _bound(cfg.ceiling, frame),
            _bound(cfg.max_change, frame),
        )
        derived.inputs[kind] = build_kind_inputs(
            kind,
            streets,
            pool=cfg.pool,
            turnover_share=cfg.turnover_share,
            base=compute_base(cfg, frame),
            score=score,
            current=_ints(frame, current_col),
            onboard=_ints(frame, onboard_col),
            floor=floor,
            ceiling=ceiling,
            max_change=max_change,
            no_dismissal=scenario.constraints.no_dismissal and onboard_col is not None,
            objective=scenario.objective,
        )
    return derived


def _build_scores(scenario: Scenario, table: StreetTable, derived: _Derived) -> pd.DataFrame:
    """The scores table: street, the indicators read, the workload columns, each kind's score."""
    frame = table.frame
    scores = pd.DataFrame({"street": pd.array(list(table.streets), dtype="string")})
    for kind, score in derived.scores.items():
        scores[f"score_{kind}"] = np.array(score, dtype=float)  # a copy: the inputs keep theirs
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
    wisn_columns = build_workload_columns(derived.workloads)
    for name, column in wisn_columns.items():
        scores[name] = column
    ordered = ["street", *indicator_names, *wisn_columns, *[f"score_{k}" for k in scenario.kinds]]
    return scores.loc[:, ordered]


def street_total_min(scenario: Scenario) -> int | None:
    """The linking constraint's right-hand side, when street_share_min is set."""
    c = scenario.constraints
    if c.street_share_min is None or c.district_total is None:
        return None
    return int(np.ceil(c.street_share_min * c.district_total - 1e-9))


def check_scenario(prepared: Prepared) -> None:
    """Check the feasibility arithmetic of every kind; raise with all conflicts found.

    With levels: every street's own limits, then whether some split of each
    kind's pool satisfies every unit (decisions included).
    """
    if prepared.levels is not None:
        check_levels_arithmetic(prepared)
        return
    c = prepared.scenario.constraints
    requirement = None
    if c.street_share_min is not None and c.district_total is not None:
        requirement = ShareRequirement(c.street_share_min, c.district_total)
    problems = check_scenario_arithmetic(list(prepared.inputs.values()), requirement)
    if problems:
        raise InfeasibleError(problems)


def check_levels_arithmetic(prepared: Prepared) -> None:
    """A levels scenario's conflicts (:func:`quota.results.level_decisions.check_levels_scenario`)."""
    assert prepared.levels is not None
    check_levels_scenario(prepared.levels, prepared.inputs, prepared.scenario.decisions)


def solve_scenario(
    prepared: Prepared,
    solver: str | None = None,
    inputs: Mapping[str, KindInputs] | None = None,
) -> dict[str, KindSolution]:
    """Solve every kind with the engine the scenario (or ``solver``) asks for.

    ``inputs`` replaces the prepared kinds (the kinds with decisions' bounds).
    The dispatch over the engines is :func:`quota.solve.dispatch.solve_kinds`.
    A scenario with levels is solved by :func:`allocate` only (the analyses
    that solve kinds one by one refuse it).
    """
    if prepared.levels is not None:
        raise InputError(msg("results.levels.one_level_only"))
    scenario = prepared.scenario
    kinds = prepared.inputs if inputs is None else inputs
    return solve_kinds(
        [kin.problem for kin in kinds.values()],
        scenario.method,
        {kin.problem.kind: kin.score for kin in kinds.values()},
        engine=solver or scenario.solver.name,
        time_limit=scenario.solver.time_limit,
        street_total_min=street_total_min(scenario),
        accept_time_limit=scenario.solver.accept_time_limit,
    )


def decide(
    prepared: Prepared, solver: str | None = None
) -> tuple[dict[str, KindInputs], dict[str, KindSolution], DecisionOutcome]:
    """Solve with the scenario's decisions, and measure what each one costs.

    The run without decisions (the proposal) is solved first: it gives
    ``auto_total`` and the base of ``more_than_proposed``; then every decision
    together (the allocation written), then each decision alone (its cost and
    whom it moves). Every decision is checked on the allocation.

    Returns
    -------
    inputs, solutions, outcome
        The kinds with the decisions' bounds, their solutions, and
        :class:`~quota.results.decisions.DecisionOutcome`.

    Raises
    ------
    InputError
        A decision about an unknown street or kind, or decisions with a
        classical apportionment method (they need ``method: lp``).
    InfeasibleError
        Decisions that cannot hold together with the pool, base quotas, floors,
        caps or no dismissal: the sentence names the decisions and the numbers.
    """
    scenario = prepared.scenario
    if scenario.method != "lp":
        raise InputError(msg("results.decisions_need_lp", method=scenario.method))
    auto = solve_scenario(prepared, solver)
    targets = resolve_targets(scenario.decisions, prepared.inputs, totals_of(prepared.inputs, auto))
    check_targets(prepared.inputs, targets)

    def solve(chosen: Sequence[Target]) -> dict[str, KindSolution]:
        return solve_scenario(prepared, solver, apply_targets(prepared.inputs, chosen))

    try:
        solutions = solve(targets)
    except InfeasibleError as exc:
        listed = [
            msg(
                "results.decision_listed",
                street=t.street,
                kind=kind_name(t.kind),
                decided=t.words(),
            )
            for t in targets
        ]
        raise InfeasibleError(
            [msg("results.decisions_infeasible", decisions=listed), *exc.problems]
        ) from None
    check_targets_hold(targets, prepared.inputs, solutions)
    outcome = assess_decisions(targets, prepared.inputs, auto, solutions, solve)
    return apply_targets(prepared.inputs, targets), solutions, outcome


def build_result(
    prepared: Prepared,
    solutions: dict[str, KindSolution],
    promises: pd.DataFrame,
    outcome: DecisionOutcome | None,
    timings: dict[str, float],
    *,
    inputs: dict[str, KindInputs] | None = None,
    levels: LevelsOutcome | None = None,
) -> Result:
    """The :class:`Result` of a solved scenario: its tables, diagnostics and decisions.

    The tables and ``Result.inputs`` describe the scenario's own rules; what the
    decisions changed is in ``outcome`` (``Result.decisions``). With levels,
    ``inputs`` are the streets of every unit as one kind per kind
    (:mod:`quota.solve.levels`), the table gains a column per upper level
    before ``street``, and the scenario keeps every decision (about streets and units).
    """
    kinds = prepared.inputs if inputs is None else inputs
    table = add_decision_columns(summarize_allocation(kinds, solutions), outcome)
    scenario, scores = prepared.scenario, prepared.scores
    if prepared.levels is not None:
        table = add_level_columns(table, prepared.levels.hierarchy, len(kinds))
        scenario = scenario.model_copy(update={"decisions": list(prepared.levels.decisions)})
        scores = scores.copy()
        for kind, kin in kinds.items():
            scores[f"score_{kind}"] = np.array(kin.score, dtype=float)
    return Result(
        scenario=scenario,
        table=table,
        kinds=summarize_kinds(kinds, solutions),
        diagnostics=pd.concat(
            [
                summarize_methods(
                    kinds,
                    solutions,
                    weights=prepared.weights,
                    transforms=prepared.transforms,
                    workloads=prepared.workloads,
                ),
                summarize_binding(kinds, solutions),
                *([summarize_decided(outcome)] if outcome is not None else []),
            ],
            ignore_index=True,
        ),
        scores=scores,
        weights=prepared.weights,
        transforms=prepared.transforms,
        data=prepared.table,
        inputs=kinds,
        solutions=solutions,
        timings=timings,
        promises=promises,
        extra_notices=prepared.notices,
        decisions=outcome,
        levels=levels,
        pool_sources=pool_sources_of(prepared.scenario),
    )


def _engine(scenario: Scenario, solver: str | None) -> Engine:
    """How every split of a levels run is solved."""
    return Engine(
        method=scenario.method,
        engine=solver or scenario.solver.name,
        objective=scenario.objective,
        time_limit=scenario.solver.time_limit,
        accept_time_limit=scenario.solver.accept_time_limit,
    )


def allocate_levels(prepared: Prepared, solver: str | None, timings: dict[str, float]) -> Result:
    """Allocate a scenario with levels: solve level by level, check every level, build the result."""
    setup = prepared.levels
    assert setup is not None
    mark = time.perf_counter()
    engine = _engine(prepared.scenario, solver)
    outcome: DecisionOutcome | None = None
    effects: tuple[UnitEffect, ...] = ()
    unit_targets: tuple[UnitTarget, ...] = ()
    if prepared.scenario.decisions or setup.unit_decisions:
        decided = decide_levels(
            setup, prepared.inputs, prepared.scenario.decisions, prepared.scenario.method, engine
        )
        kinds, outcome = decided.levels, decided.outcome
        effects, unit_targets = decided.effects, decided.unit_targets
    else:
        kinds = solve_levels(setup, prepared.inputs, engine)
    timings["solve"] = time.perf_counter() - mark
    mark = time.perf_counter()
    inputs = {kind: k.inputs for kind, k in kinds.items()}
    solutions = {kind: k.solution for kind, k in kinds.items()}
    promises = check_promises(inputs, solutions)
    streets = prepared.table.streets
    own, files = None, None
    if setup.unit_data is not None:
        own, files = setup.unit_data.frame(setup.hierarchy), setup.unit_data.files
    levels = build_levels_outcome(
        prepared.scenario,
        setup.hierarchy,
        kinds,
        streets,
        effects,
        own_figures=own,
        unit_files=files,
    )
    check_levels(kinds, setup.hierarchy, prepared.scenario, levels, unit_targets)
    result = build_result(
        prepared, solutions, promises, outcome, timings, inputs=inputs, levels=levels
    )
    timings["summarize"] = time.perf_counter() - mark
    return result


def allocate(
    scenario: Scenario | str | Path,
    *,
    solver: str | None = None,
    accept_totals_mismatch: bool = False,
    decisions: Sequence[Decision] = (),
) -> Result:
    """Allocate the quotas of a scenario.

    Parameters
    ----------
    scenario : Scenario, str or Path
        A loaded scenario or the path of its YAML file.
    decisions : sequence of Decision
        Decisions beyond the scenario's own (the command line's ``--fix``, the
        workbook's 决定 column); they act as if written in the scenario, and a
        later source replaces an earlier one's decision about the same street
        and kind (scenario < workbook < ``--fix``).
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
    if decisions:
        scenario = scenario.model_copy(update={"decisions": [*scenario.decisions, *decisions]})
    prepared = prepare_scenario(scenario, accept_totals_mismatch=accept_totals_mismatch)
    timings["prepare"] = time.perf_counter() - started
    check_scenario(prepared)
    if prepared.levels is not None:
        return allocate_levels(prepared, solver, timings)
    mark = time.perf_counter()
    inputs, outcome = prepared.inputs, None
    if prepared.scenario.decisions:
        inputs, solutions, outcome = decide(prepared, solver)
    else:
        solutions = solve_scenario(prepared, solver)
    timings["solve"] = time.perf_counter() - mark
    mark = time.perf_counter()
    promises = check_promises(
        inputs, solutions, street_total_min=street_total_min(prepared.scenario)
    )
    result = build_result(prepared, solutions, promises, outcome, timings)
    timings["summarize"] = time.perf_counter() - mark
    return result
