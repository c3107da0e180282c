"""What the committee's decisions cost, and who paid for them.

With decisions the pipeline solves the scenario three ways:

1. without any decision: the *proposal* (``auto_total`` per street);
2. with every decision: the allocation that is written;
3. with each decision alone: what that one decision costs and whom it moves.

A decision's *cost* is the increase of the objective (the sum over kinds of
``sum |q - ideal| + penalty * sum t``, in quotas of deviation from the
workload) over the proposal, and the largest deviation of a street's
quantified quotas from its workload share, ``|q_k - ideal_k| / max(ideal_k, 1)``
(what the ``minimax`` objective minimises), before and after it. A street
*paid* for a decision when its total in the decision-alone run differs from
its proposal; in the written allocation each street that differs from its
proposal names the decisions that move it alone, or "the decisions together"
when none does.

Every decision is checked on the written allocation (:func:`check_targets_hold`):
a decision printed as applied was applied.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from quota._typing import IntArray
from quota.errors import Msg, SolverError
from quota.locale import kind_name, msg
from quota.model.decisions import Target
from quota.model.problem import KindInputs
from quota.solve.dispatch import KindSolution, compute_max_relative_deviation

#: solves the kinds for a set of decisions (the pipeline's dispatch)
Solve = Callable[[Sequence[Target]], Mapping[str, KindSolution]]


@dataclass(frozen=True)
class DecisionEffect:
    """One decision's effect when applied alone.

    Attributes
    ----------
    target : Target
        The decision.
    auto_total : int
        The street's total in the proposal [quotas].
    total : int
        The street's total in the written allocation (all decisions) [quotas].
    cost : float
        Objective increase over the proposal [quotas of deviation].
    deviation_before, deviation_after : float
        Largest ``|q - ideal| / max(ideal, 1)`` of the kind, in the proposal and
        with this decision alone [-].
    payers : tuple of (int, int)
        ``(street index, change)`` of the other streets it moves, largest first.
    """

    target: Target
    auto_total: int
    total: int
    cost: float
    deviation_before: float
    deviation_after: float
    payers: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class DecisionOutcome:
    """Decisions, the proposal they change, and their effects.

    Attributes
    ----------
    targets : tuple of Target
        The decisions, resolved.
    auto : mapping of str to KindSolution
        The proposal (the run without decisions), per kind.
    auto_totals : mapping of str to int array
        Each street's total in the proposal, per kind.
    effects : tuple of DecisionEffect
        Each decision alone.
    cost : float
        Objective increase of all decisions together.
    causes : mapping of str to list of tuple of int
        Kind -> per street, the numbers of the decisions that move it (its own
        decision included); empty for a street at its proposal, ``(0,)`` for a
        street only the decisions together move.
    """

    targets: tuple[Target, ...]
    auto: Mapping[str, KindSolution]
    auto_totals: Mapping[str, IntArray]
    effects: tuple[DecisionEffect, ...]
    cost: float
    causes: Mapping[str, list[tuple[int, ...]]]

    @cached_property
    def target_at(self) -> dict[tuple[str, int], Target]:
        """(kind, street row) -> its decision (at most one per street and kind)."""
        return {(t.kind, t.index): t for t in self.targets}


def totals_of(
    inputs: Mapping[str, KindInputs], solutions: Mapping[str, KindSolution]
) -> dict[str, IntArray]:
    """Each street's total ``base + q + t``, per kind."""
    return {k: (inputs[k].problem.base + s.q + s.t).astype(np.int64) for k, s in solutions.items()}


def assess_decisions(
    targets: Sequence[Target],
    inputs: Mapping[str, KindInputs],
    auto: Mapping[str, KindSolution],
    decided: Mapping[str, KindSolution],
    solve: Solve,
) -> DecisionOutcome:
    """Cost and payers of each decision, and the causes of every change.

    Parameters
    ----------
    targets : sequence of Target
        The decisions.
    inputs : mapping of str to KindInputs
        The kinds *without* decisions.
    auto, decided : mapping of str to KindSolution
        The proposal and the allocation with every decision.
    solve : callable
        Solves the kinds for a subset of the decisions.
    """
    auto_totals = totals_of(inputs, auto)
    final = totals_of(inputs, decided)
    auto_objective = sum(s.objective for s in auto.values())
    moved_by: dict[str, list[set[int]]] = {k: [set() for _ in v] for k, v in auto_totals.items()}
    effects = []
    for target in targets:
        solutions = solve([target])
        alone = totals_of(inputs, solutions)
        for k, tot in alone.items():
            for i in np.flatnonzero(tot != auto_totals[k]):
                moved_by[k][int(i)].add(target.number)
        kind = target.kind
        delta = alone[kind] - auto_totals[kind]
        payers = sorted(
            ((int(i), int(delta[i])) for i in np.flatnonzero(delta) if i != target.index),
            key=lambda p: (-abs(p[1]), p[0]),
        )
        problem = inputs[kind].problem
        effects.append(
            DecisionEffect(
                target=target,
                auto_total=int(auto_totals[kind][target.index]),
                total=int(final[kind][target.index]),
                cost=round(sum(s.objective for s in solutions.values()) - auto_objective, 9),
                deviation_before=compute_max_relative_deviation(problem, auto[kind].q),
                deviation_after=compute_max_relative_deviation(problem, solutions[kind].q),
                payers=tuple(payers),
            )
        )
    return DecisionOutcome(
        targets=tuple(targets),
        auto=auto,
        auto_totals=auto_totals,
        effects=tuple(effects),
        cost=round(sum(s.objective for s in decided.values()) - auto_objective, 9),
        causes=_causes(targets, auto_totals, final, moved_by),
    )


def _causes(
    targets: Sequence[Target],
    auto_totals: Mapping[str, IntArray],
    final: Mapping[str, IntArray],
    moved_by: Mapping[str, list[set[int]]],
) -> dict[str, list[tuple[int, ...]]]:
    """Per kind and street: the decisions that move it ((0,): only all of them together)."""
    causes: dict[str, list[tuple[int, ...]]] = {}
    at = {(t.kind, t.index): t for t in targets}
    for kind, tot in final.items():
        rows: list[tuple[int, ...]] = []
        for i, (now, before) in enumerate(zip(tot, auto_totals[kind], strict=True)):
            own = (at[(kind, i)].number,) if (kind, i) in at else ()
            if own:
                rows.append(own)
            elif now == before:
                rows.append(())
            else:
                rows.append(tuple(sorted(moved_by[kind][i])) or (0,))
        causes[kind] = rows
    return causes


def check_targets_hold(
    targets: Sequence[Target],
    inputs: Mapping[str, KindInputs],
    solutions: Mapping[str, KindSolution],
) -> None:
    """Every decision holds on the allocation, or an internal error (exit 1).

    Raises
    ------
    SolverError
        A decision does not hold on the solution: nothing is written.
    """
    totals = totals_of(inputs, solutions)
    broken: list[str | Msg] = []
    for t in targets:
        value = int(totals[t.kind][t.index])
        low = t.lower if t.lower is not None else value
        high = t.upper if t.upper is not None else value
        if not low <= value <= high:
            broken.append(
                msg(
                    "results.decision_broken",
                    street=t.street,
                    kind=kind_name(t.kind),
                    decided=t.words(),
                    value=value,
                )
            )
    if broken:
        raise SolverError(broken)


def decision_words(outcome: DecisionOutcome, kind: str, index: int, lang: str) -> str:
    """A street's decision in words in ``lang`` (empty when it has none)."""
    target = outcome.target_at.get((kind, index))
    return "" if target is None else target.words().render(lang)


def add_decision_columns(table: pd.DataFrame, outcome: DecisionOutcome | None) -> pd.DataFrame:
    """The allocation table with ``auto_total`` and ``decided`` (English words), with decisions.

    Without decisions the table is returned as it is. The columns go last, so
    every column before them keeps its place.
    """
    if outcome is None:
        return table
    out = table.copy()
    auto = np.zeros(len(out), dtype=np.int64)
    decided = [""] * len(out)
    kinds = out["kind"].astype(str).to_numpy()
    for kind, totals in outcome.auto_totals.items():
        rows = np.flatnonzero(kinds == kind)
        auto[rows] = totals
        for position, row in enumerate(rows):
            decided[row] = decision_words(outcome, kind, position, "en")
    out["auto_total"] = auto
    out["decided"] = pd.array(decided, dtype="string")
    return out


def summarize_decided(outcome: DecisionOutcome | None) -> pd.DataFrame:
    """Diagnostics rows ``decision`` for the decided streets: ``number, total, auto_total``.

    Columns as :func:`quota.results.tables.summarize_binding`; empty without decisions.
    """
    from quota.results.tables import encode_values

    rows = []
    for effect in outcome.effects if outcome is not None else ():
        t = effect.target
        values = {"number": t.number, "total": effect.total, "auto_total": effect.auto_total}
        rows.append(
            {
                "kind": t.kind,
                "street": t.street,
                "constraint": "decision",
                "values": encode_values(values),
            }
        )
    return pd.DataFrame(rows, columns=["kind", "street", "constraint", "values"])
