"""Decisions in a run over several levels: about streets and about upper units.

As in a one-level run (:func:`quota.pipeline.decide`), the run without any
decision (the proposal) is solved first, then every decision together (the
allocation written), then each decision alone (what it costs and whom it
moves). A decision about a street bounds its total in its unit's split; one
about a unit (``district: 东城区``) bounds the unit's allocation in the split
above it, and both go into the upper splits' bounds, so what a decision needs
is found before anything is solved. The decisions about streets make the
usual :class:`~quota.results.decisions.DecisionOutcome` (``Result.decisions``);
those about units are listed in ``Result.levels.decisions``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from quota._typing import IntArray
from quota.config.decisions import Decision
from quota.errors import InfeasibleError, InputError, Msg
from quota.locale import kind_name, msg
from quota.model.decisions import Target, check_targets, resolve_targets
from quota.model.hierarchy import LevelsSetup, group_sum
from quota.model.problem import KindInputs
from quota.model.unit_decisions import UnitTarget, resolve_unit_targets
from quota.results.decisions import (
    DecisionOutcome,
    assess_decisions,
    check_targets_hold,
    totals_of,
)
from quota.results.levels import UnitEffect
from quota.solve.dispatch import KindSolution
from quota.solve.levels import Engine, KindLevels, check_kind_levels, solve_levels, unit_totals


@dataclass(frozen=True)
class LevelDecisions:
    """The decided run over every level, and what its decisions did."""

    levels: dict[str, KindLevels]
    outcome: DecisionOutcome
    street_targets: tuple[Target, ...]
    unit_targets: tuple[UnitTarget, ...]
    effects: tuple[UnitEffect, ...]


def _solutions(levels: Mapping[str, KindLevels]) -> dict[str, KindSolution]:
    return {kind: k.solution for kind, k in levels.items()}


def _composites(levels: Mapping[str, KindLevels]) -> dict[str, KindInputs]:
    return {kind: k.inputs for kind, k in levels.items()}


def unit_current(
    setup: LevelsSetup, inputs: Mapping[str, KindInputs]
) -> dict[str, list[IntArray | None]]:
    """Kind -> per upper level, each unit's current quotas (the sums over its streets)."""
    h = setup.hierarchy
    out: dict[str, list[IntArray | None]] = {}
    for kind, kin in inputs.items():
        out[kind] = [
            None
            if kin.current is None
            else group_sum(np.asarray(kin.current, dtype=np.int64), h.codes[level], len(units))
            for level, units in enumerate(h.units)
        ]
    return out


def decide_levels(
    setup: LevelsSetup,
    inputs: Mapping[str, KindInputs],
    street_decisions: Sequence[Decision],
    method: str,
    engine: Engine,
) -> LevelDecisions:
    """Solve with the decisions about streets and units, and measure what each costs.

    Raises
    ------
    InputError
        An unknown street, unit or kind, or decisions with a classical
        apportionment method (they need ``method: lp``).
    InfeasibleError
        Decisions that cannot hold with the pool, what the units' streets need,
        or each other: the sentence names the decisions and the numbers.
    """
    if method != "lp":
        raise InputError(msg("results.decisions_need_lp", method=method))
    auto = solve_levels(setup, inputs, engine)
    auto_inputs, auto_solutions = _composites(auto), _solutions(auto)
    street_targets = resolve_targets(
        street_decisions, inputs, totals_of(auto_inputs, auto_solutions)
    )
    check_targets(inputs, street_targets)
    unit_targets = resolve_unit_targets(
        setup.unit_decisions,
        setup.hierarchy,
        list(inputs),
        unit_current(setup, inputs),
        unit_totals(auto),
    )

    def solve(streets: Sequence[Target], units: Sequence[UnitTarget]) -> dict[str, KindLevels]:
        return solve_levels(setup, inputs, engine, streets, units)

    try:
        decided = solve(street_targets, unit_targets)
    except InfeasibleError as exc:
        listed = [
            msg(
                "results.decision_listed",
                street=t.street,
                kind=kind_name(t.kind),
                decided=t.words(),
            )
            for t in (*street_targets, *(u.target for u in unit_targets))
        ]
        raise InfeasibleError(
            [msg("results.decisions_infeasible", decisions=listed), *exc.problems]
        ) from None
    solutions = _solutions(decided)
    check_targets_hold(street_targets, _composites(decided), solutions)
    outcome = assess_decisions(
        street_targets,
        auto_inputs,
        auto_solutions,
        solutions,
        lambda chosen: _solutions(solve(chosen, ())),
    )
    effects = _unit_effects(auto, decided, unit_targets, lambda chosen: solve((), chosen))
    return LevelDecisions(
        levels=decided,
        outcome=outcome,
        street_targets=tuple(street_targets),
        unit_targets=tuple(unit_targets),
        effects=effects,
    )


def _unit_effects(
    auto: Mapping[str, KindLevels],
    decided: Mapping[str, KindLevels],
    targets: Sequence[UnitTarget],
    solve: object,
) -> tuple[UnitEffect, ...]:
    """Each decision about a unit: its proposal, its written total and its cost alone."""
    auto_objective = sum(k.solution.objective for k in auto.values())
    effects = []
    for unit in targets:
        alone = solve([unit])  # type: ignore[operator]
        cost = sum(k.solution.objective for k in alone.values()) - auto_objective
        index = unit.target.index
        effects.append(
            UnitEffect(
                target=unit,
                auto_total=int(auto[unit.kind].allocated(unit.level)[index]),
                total=int(decided[unit.kind].allocated(unit.level)[index]),
                cost=float(cost),
            )
        )
    return tuple(effects)


def check_levels_scenario(
    setup: LevelsSetup, inputs: Mapping[str, KindInputs], street_decisions: Sequence[Decision]
) -> None:
    """A levels scenario's conflicts: each street's own limits, then each kind's upper splits.

    The decisions (about streets and units) go into the bounds;
    ``more_than_proposed`` ones wait for the proposal (they are checked when solved).

    Raises
    ------
    InfeasibleError
        With every conflict found (streets, units and decisions named, with numbers).
    InputError
        A decision about an unknown street, unit or kind.
    """
    from quota.model.checks import explain_street_range, explain_street_total
    from quota.model.feasibility import compute_q_upper

    problems: list[str | Msg] = []
    for kin in inputs.values():
        p = kin.problem
        for i in np.flatnonzero(p.q_lower > compute_q_upper(kin)):
            problems.append(explain_street_range(kin, int(i)) or msg("model.levels.street"))
        for i in np.flatnonzero(p.total_lower > p.total_upper):
            problems.append(explain_street_total(kin, int(i)) or msg("model.levels.street"))
    if problems:
        raise InfeasibleError(problems)
    targets = resolve_targets(street_decisions, inputs, None)
    check_targets(inputs, targets)
    units = resolve_unit_targets(
        setup.unit_decisions, setup.hierarchy, list(inputs), unit_current(setup, inputs), None
    )
    for kind, kin in inputs.items():
        *_, found = check_kind_levels(
            setup,
            kin,
            [t for t in targets if t.kind == kind],
            [u for u in units if u.kind == kind],
        )
        problems += found
    if problems:
        raise InfeasibleError(problems)
