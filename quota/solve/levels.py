"""Allocate over several levels: the top split, then each unit's split among its children.

For each kind, bottom up, every unit's row in the split above it is derived
from its children's (:func:`quota.model.levels.derive_needs`; decisions about
streets and units go into their rows first); the top split is checked
(:func:`quota.model.levels.check_top`). Then, top down, every holder's split
is the one-level model of :mod:`quota.model.problem` over its children, solved
by the same engine as a one-level run (:func:`quota.solve.dispatch.solve_kinds`):

* the whole divides the pool ``P``: turnover ``T = round(turnover_share × P)``,
  quantified ``Q = P - sum base - T``;
* a unit given ``q`` quantified and ``t`` turnover quotas keeps
  ``R = round(τ × (base + q))`` (its own share, ``units:``) and divides
  ``Q = q - R`` quantified quotas and ``T = t + R`` turnover quotas; the
  turnover it was given for its children's needs (its earmark) is handed to
  them first.

Turnover follows the staff on board down the levels: a holder may hand its
children, beyond its own turnover, the turnover still kept by the holders above
it (the nearest first), so the pool's turnover reaches the over-staffed
streets of every unit as in a one-level run. Holders draw in table order
(only a pool that runs short makes the order matter), and never across a unit
whose total a decision caps. A unit's allocation is then what it was given in
the split above plus the turnover drawn for it; it equals its streets' totals
plus the turnover kept within it.

A child's ideal is its workload share within its holder times the holder's
``Q``; ties go to the child listed first, as in a one-level run. The streets'
quotas of all splits together make one street-level kind
(:class:`~quota.model.problem.KindInputs` and
:class:`~quota.solve.dispatch.KindSolution`), so every promise is checked on
the streets as in a one-level run; the upper splits are checked by
:mod:`quota.results.levels`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from quota._typing import FloatArray, IntArray
from quota.errors import InfeasibleError, Msg, SolverError
from quota.locale import msg
from quota.model.decisions import Target
from quota.model.hierarchy import (
    UNBOUNDED,
    Hierarchy,
    LevelsSetup,
    group_sum,
    level_key,
    plural_key,
)
from quota.model.levels import (
    Needs,
    Rows,
    TopNumbers,
    apply_street_targets,
    check_top,
    derive_needs,
    own_reserve,
    street_rows,
    top_numbers,
)
from quota.model.problem import KindInputs, KindProblem
from quota.model.unit_decisions import UnitTarget, apply_unit_targets, check_unit_targets
from quota.solve.dispatch import KindSolution, compute_max_relative_deviation, solve_kinds
from quota.solve.status import Status


@dataclass(frozen=True)
class Engine:
    """How every split is solved: the scenario's method and engine settings."""

    method: str = "lp"
    engine: str = "auto"
    objective: str = "l1"
    time_limit: float = 60.0
    accept_time_limit: bool = False


@dataclass(frozen=True)
class SplitOutcome:
    """One split of one kind: what each child received, and what each holder kept.

    Attributes
    ----------
    holder : int array
        Each child's holder.
    q, t : int arrays
        Per child: quantified quotas and turnover quotas received in this split
        (the earmark included; turnover drawn later for its own split is not).
    ideal, score : float arrays
        Per child: its ideal quantified quotas and its workload share within its holder.
    quantified, turnover : int arrays
        Per holder: the quantified quotas it divided and its own turnover.
    drawn : int array
        Per holder: turnover drawn from the holders above it for its children.
    kept : int array
        Per holder: the turnover left with it at the end (after the draws of
        the holders below it).
    objective : float
        Sum of the holders' objectives.
    """

    holder: IntArray
    q: IntArray
    t: IntArray
    ideal: FloatArray
    score: FloatArray
    quantified: IntArray
    turnover: IntArray
    drawn: IntArray
    kept: IntArray
    objective: float
    solutions: tuple[KindSolution, ...] = ()
    problems: tuple[KindProblem, ...] = ()
    members: tuple[IntArray, ...] = ()


@dataclass(frozen=True)
class KindLevels:
    """Every split of one kind, and the streets' allocation they make.

    Attributes
    ----------
    rows : tuple of Rows
        Per split, the children's rows (decisions included).
    needs : tuple of Needs
        Per upper level, what its units need.
    top : TopNumbers
        The pool's arithmetic at the top.
    splits : tuple of SplitOutcome
        The splits, top first.
    allocations : tuple of int arrays
        Per upper level, each unit's allocation: its streets' totals plus the
        turnover kept within it.
    inputs : KindInputs
        The streets as one kind (bounds as their units' splits saw them,
        ideal within their unit, score: their share of the whole).
    solution : KindSolution
        The streets' quantified and turnover quotas, every split's objective summed.
    """

    kind: str
    rows: tuple[Rows, ...]
    needs: tuple[Needs, ...]
    top: TopNumbers
    splits: tuple[SplitOutcome, ...]
    allocations: tuple[IntArray, ...]
    inputs: KindInputs
    solution: KindSolution
    shares: tuple[FloatArray, ...] = field(default_factory=tuple)
    #: per upper level, each unit's own staff on board under no dismissal (-1: none; None:
    #: the level has none), from ``unit_data:``
    own_onboard: tuple[IntArray | None, ...] = ()

    def allocated(self, level: int) -> IntArray:
        """Each unit's allocation at upper level ``level`` (see :attr:`allocations`)."""
        return self.allocations[level]

    def given(self, level: int) -> IntArray:
        """What each unit of ``level`` was given in the split above it: base + q + t."""
        split = self.splits[level]
        return (self.rows[level].base + split.q + split.t).astype(np.int64)


def _members(holder: IntArray, holders: int) -> list[IntArray]:
    """Each holder's children, in table order."""
    order = np.argsort(holder, kind="stable")
    ends = np.cumsum(np.bincount(holder, minlength=holders))
    starts = ends - np.bincount(holder, minlength=holders)
    return [order[s:e] for s, e in zip(starts, ends, strict=True)]


def own_onboard(setup: LevelsSetup, kin: KindInputs, level: int) -> IntArray | None:
    """A level's units' own staff on board of a kind under no dismissal (-1: none), or None.

    ``unit_data:``: a unit's least total in the split above is then at least
    its own staff on board, not only what its streets need.
    """
    if setup.unit_data is None or not kin.no_dismissal:
        return None
    return setup.unit_data.staff(level, kin.problem.kind, "onboard")


def derive_rows(
    setup: LevelsSetup,
    kin: KindInputs,
    street_targets: Sequence[Target],
    unit_targets: Sequence[UnitTarget],
) -> tuple[list[Rows], list[Needs], list[str | Msg]]:
    """Every split's rows, bottom up, with the decisions; and decisions that cannot hold."""
    h = setup.hierarchy
    kind = kin.problem.kind
    n = kin.problem.size
    levels = len(h.upper)
    rows: list[Rows] = [apply_street_targets(kin, street_rows(kin), street_targets)]
    needs: list[Needs] = []
    problems: list[str | Msg] = []
    shares = setup.rules[kind].turnover_share
    for level in range(levels - 1, -1, -1):
        holder = h.holder_of(level + 1, n)
        derived = derive_needs(rows[0], holder, len(h.units[level]), shares[level])
        own = own_onboard(setup, kin, level)
        if own is not None:
            raised = np.maximum(derived.rows.total_lower, own)
            derived = replace(derived, rows=replace(derived.rows, total_lower=raised))
        mine = [u for u in unit_targets if u.level == level and u.kind == kind]
        problems += check_unit_targets(derived.rows, mine, h.upper[level])
        rows.insert(0, apply_unit_targets(derived.rows, mine))
        needs.insert(0, derived)
    return rows, needs, problems


def check_kind_levels(
    setup: LevelsSetup,
    kin: KindInputs,
    street_targets: Sequence[Target] = (),
    unit_targets: Sequence[UnitTarget] = (),
) -> tuple[list[Rows], list[Needs], TopNumbers, list[str | Msg]]:
    """The rows of every split and the top's arithmetic; the conflicts found (empty: none)."""
    rows, needs, problems = derive_rows(setup, kin, street_targets, unit_targets)
    top = top_numbers(kin.pool, kin.turnover_share, rows[0])
    if not problems:
        h = setup.hierarchy
        score = setup.scores[kin.problem.kind][0]
        ideal = rows[0].base + score * max(top.quantified, 0)
        problems += check_top(kin.problem.kind, h.upper[0], rows[0], h.units[0], top, ideal=ideal)
    return rows, needs, top, problems


def _split_problem(
    kind: str,
    names: Sequence[str],
    rows: Rows,
    score: FloatArray,
    quantified: int,
    turnover: int,
    objective: str,
) -> KindProblem:
    """One holder's split: the model of one kind over its children's rows."""
    q_cap = max(quantified, 0)
    row_base = rows.row_base
    pool = turnover - int(rows.earmark.sum())
    return KindProblem(
        kind=kind,
        streets=tuple(names),
        ideal=np.round(np.asarray(score, dtype=np.float64) * q_cap, 9),
        quantified=int(quantified),
        base=row_base,
        q_lower=rows.q_lower.astype(np.int64),
        q_upper=np.minimum(rows.q_upper, q_cap).astype(np.int64),
        total_lower=rows.total_lower.astype(np.int64),
        total_upper=np.minimum(rows.total_upper, row_base + q_cap + max(pool, 0)).astype(np.int64),
        turnover_pool=pool,
        objective=objective,
    )


def _solve_one(problem: KindProblem, score: FloatArray, engine: Engine, where: Msg) -> KindSolution:
    try:
        solved = solve_kinds(
            [problem],
            engine.method,
            {problem.kind: score},
            engine=engine.engine,
            time_limit=engine.time_limit,
            accept_time_limit=engine.accept_time_limit,
        )
    except InfeasibleError as exc:
        raise InfeasibleError([where, *exc.problems]) from None
    except SolverError as exc:
        raise SolverError([where, *exc.problems]) from None
    return solved[problem.kind]


def whole_split(h: Hierarchy) -> Msg:
    """The split at the top for a message: 全市分配至各区县."""
    top = h.upper[0]
    return msg("solve.levels.whole", whole=f"level.whole.{top}", plural=plural_key(top))


def _holder_name(setup: LevelsSetup, split: int, holder: int) -> Msg:
    """The holder of a split for a message: 全市 / 区县 东城区."""
    h = setup.hierarchy
    if split == 0:
        return whole_split(h)
    level = h.upper[split - 1]
    return msg("solve.levels.unit", level=level_key(level), unit=h.units[split - 1][holder])


class _Turnover:
    """The turnover kept by every holder while the splits are solved, and who may draw on it.

    ``kept[0]`` is the whole's (one value), ``kept[i + 1]`` the units' of upper
    level ``i``; ``capped[i]`` marks the units of level ``i`` whose total a
    decision caps (no draw crosses them).
    """

    def __init__(self, hierarchy: Hierarchy, capped: Sequence[np.ndarray]) -> None:
        self.h = hierarchy
        self.kept = [np.zeros(1, dtype=np.int64)] + [
            np.zeros(len(u), dtype=np.int64) for u in hierarchy.units
        ]
        self.capped = list(capped)

    def ancestors(self, split: int, holder: int) -> list[tuple[int, int]]:
        """The holders above ``holder`` of ``split`` it may draw on, nearest first."""
        found: list[tuple[int, int]] = []
        level, unit = split - 1, holder  # the holder is unit ``unit`` of upper level ``level``
        while level >= 0:
            if self.capped[level][unit]:
                break
            parent = int(self.h.parents[level][unit]) if level > 0 else 0
            found.append((level, parent))  # kept[level] holds the parent's (level 0: the whole)
            level, unit = level - 1, parent
        return found

    def available(self, split: int, holder: int) -> int:
        return int(sum(int(self.kept[s][u]) for s, u in self.ancestors(split, holder)))

    def draw(self, split: int, holder: int, amount: int) -> None:
        for s, u in self.ancestors(split, holder):
            if amount <= 0:
                break
            take = min(amount, int(self.kept[s][u]))
            self.kept[s][u] -= take
            amount -= take
        if amount > 0:  # pragma: no cover - a holder never hands out more than it can draw
            raise SolverError(msg("results.levels.check.kept_negative"))


def solve_split(
    setup: LevelsSetup,
    kind: str,
    split: int,
    rows: Rows,
    divide: tuple[IntArray, IntArray],
    engine: Engine,
    streets: Sequence[str],
    turnover: _Turnover,
) -> SplitOutcome:
    """Every holder's split at ``split``: its children's quantified and turnover quotas.

    ``divide``: per holder, the quantified and turnover quotas it divides.
    """
    h = setup.hierarchy
    quantified, own = divide
    holder = h.holder_of(split, len(streets))
    names = streets if split == len(h.upper) else h.units[split]
    score = setup.scores[kind][split]
    size = len(holder)
    q = np.zeros(size, dtype=np.int64)
    t = np.zeros(size, dtype=np.int64)
    ideal = np.zeros(size)
    drawn = np.zeros(len(quantified), dtype=np.int64)
    solutions: list[KindSolution] = []
    problems: list[KindProblem] = []
    members = _members(holder, h.holders(split))
    for x, index in enumerate(members):
        mine = rows.take(index)
        pool = int(own[x]) - int(mine.earmark.sum())
        available = turnover.available(split, x)
        problem = _split_problem(
            kind,
            [names[int(i)] for i in index],
            mine,
            score[index],
            int(quantified[x]),
            pool + available,
            engine.objective,
        )
        solution = _solve_one(problem, score[index], engine, _holder_name(setup, split, x))
        used = int(solution.t.sum())
        if used > pool:
            drawn[x] = used - pool
            turnover.draw(split, x, used - pool)
        turnover.kept[split][x] = max(pool - used, 0)
        q[index] = solution.q
        t[index] = solution.t + mine.earmark
        ideal[index] = problem.ideal
        solutions.append(solution)
        problems.append(problem)
    return SplitOutcome(
        holder=holder,
        q=q,
        t=t,
        ideal=ideal,
        score=score,
        quantified=np.asarray(quantified, dtype=np.int64),
        turnover=np.asarray(own, dtype=np.int64),
        drawn=drawn,
        kept=turnover.kept[split],
        objective=float(sum(s.objective for s in solutions)),
        solutions=tuple(solutions),
        problems=tuple(problems),
        members=tuple(members),
    )


def _next_holders(shares: FloatArray, rows: Rows, split: SplitOutcome) -> tuple[IntArray, IntArray]:
    """What the children of one split divide in turn: ``Q = q - R``, ``T = t + R``."""
    reserve = np.zeros(len(split.q), dtype=np.int64)
    for i in np.flatnonzero(shares > 0):
        reserve[i] = own_reserve(float(shares[i]), int(rows.base[i]), int(split.q[i]))
    return (split.q - reserve).astype(np.int64), (split.t + reserve).astype(np.int64)


def _allocations(
    hierarchy: Hierarchy, totals: IntArray, kept: Sequence[IntArray]
) -> tuple[IntArray, ...]:
    """Each unit's allocation, bottom up: its children's plus the turnover it kept."""
    out: list[IntArray] = []
    below = totals
    for level in range(len(hierarchy.upper) - 1, -1, -1):
        holder = hierarchy.codes[level] if not out else hierarchy.parents[level + 1]
        count = len(hierarchy.units[level])
        made = group_sum(below, holder, count) + kept[level + 1]
        out.insert(0, made.astype(np.int64))
        below = made
    return tuple(out)


def _composite(
    kin: KindInputs, splits: Sequence[SplitOutcome], hierarchy: Hierarchy
) -> tuple[KindInputs, KindSolution]:
    """The streets of every unit as one kind, and their solution."""
    p = kin.problem
    last = splits[-1]
    n = p.size
    q_lower = np.zeros(n, dtype=np.int64)
    q_upper = np.zeros(n, dtype=np.int64)
    total_lower = np.zeros(n, dtype=np.int64)
    total_upper = np.full(n, UNBOUNDED, dtype=np.int64)
    for problem, index in zip(last.problems, last.members, strict=True):
        q_lower[index] = problem.q_lower
        q_upper[index] = problem.q_upper
        total_lower[index] = problem.total_lower
        total_upper[index] = problem.total_upper
    score = np.ones(n)
    for split, outcome in enumerate(splits):
        score = score * outcome.score[hierarchy.children_codes(split, n)]
    quantified = int(last.q.sum())
    problem = replace(
        p,
        ideal=last.ideal,
        quantified=quantified,
        q_lower=q_lower,
        q_upper=q_upper,
        total_lower=total_lower,
        total_upper=total_upper,
        turnover_pool=int(kin.pool - int(p.base.sum()) - quantified),
    )
    inputs = replace(kin, problem=problem, score=score)
    engines = list(dict.fromkeys(s.engine for o in splits for s in o.solutions))
    statuses = {s.status for o in splits for s in o.solutions}
    status = (
        Status.OPTIMAL if statuses <= {Status.OPTIMAL} else sorted(statuses - {Status.OPTIMAL})[0]
    )
    notes = tuple(note for o in splits for s in o.solutions for note in s.notes)
    solution = KindSolution(
        q=last.q.copy(),
        t=last.t.copy(),
        objective=float(sum(o.objective for o in splits)),
        status=status,
        engine="+".join(engines),
        notes=notes,
        max_relative_deviation=compute_max_relative_deviation(problem, last.q),
        seconds=float(sum(s.seconds for o in splits for s in o.solutions)),
    )
    return inputs, solution


def _capped(
    hierarchy: Hierarchy, kind: str, unit_targets: Sequence[UnitTarget]
) -> list[np.ndarray]:
    """Per upper level, the units whose total a decision caps (no draw crosses them)."""
    capped = [np.zeros(len(u), dtype=bool) for u in hierarchy.units]
    for unit in unit_targets:
        if unit.kind == kind and unit.target.upper is not None:
            capped[unit.level][unit.target.index] = True
    return capped


def solve_kind_levels(
    setup: LevelsSetup,
    kin: KindInputs,
    engine: Engine,
    checked: tuple[list[Rows], list[Needs], TopNumbers],
    unit_targets: Sequence[UnitTarget] = (),
) -> KindLevels:
    """Solve one kind over every level, top down (see the module notes).

    ``checked``: the rows, needs and top of :func:`check_kind_levels`, which
    found no conflict.
    """
    rows, needs, top = checked
    h = setup.hierarchy
    kind = kin.problem.kind
    streets = kin.problem.streets
    shares = setup.rules[kind].turnover_share
    turnover = _Turnover(h, _capped(h, kind, unit_targets))
    divide = (np.array([top.quantified], dtype=np.int64), np.array([top.turnover], dtype=np.int64))
    outcomes: list[SplitOutcome] = []
    for split in range(h.splits):
        outcome = solve_split(setup, kind, split, rows[split], divide, engine, streets, turnover)
        outcomes.append(outcome)
        if split < len(h.upper):
            divide = _next_holders(shares[split], rows[split], outcome)
    splits = tuple(replace(o, kept=turnover.kept[i].copy()) for i, o in enumerate(outcomes))
    inputs, solution = _composite(kin, splits, h)
    totals = (inputs.problem.base + solution.q + solution.t).astype(np.int64)
    return KindLevels(
        kind=kind,
        rows=tuple(rows),
        needs=tuple(needs),
        top=top,
        splits=splits,
        allocations=_allocations(h, totals, turnover.kept),
        inputs=inputs,
        solution=solution,
        shares=tuple(shares),
        own_onboard=tuple(own_onboard(setup, kin, level) for level in range(len(h.upper))),
    )


def solve_levels(
    setup: LevelsSetup,
    inputs: Mapping[str, KindInputs],
    engine: Engine,
    street_targets: Sequence[Target] = (),
    unit_targets: Sequence[UnitTarget] = (),
) -> dict[str, KindLevels]:
    """Every kind over every level.

    Raises
    ------
    InfeasibleError
        No split of a kind's pool satisfies every unit (the units and numbers
        named), or a decision cannot hold; the conflicts of all kinds together.
    """
    problems: list[str | Msg] = []
    checked: dict[str, tuple[list[Rows], list[Needs], TopNumbers]] = {}
    for kind, kin in inputs.items():
        rows, needs, top, found = check_kind_levels(
            setup,
            kin,
            [t for t in street_targets if t.kind == kind],
            [u for u in unit_targets if u.kind == kind],
        )
        problems += found
        checked[kind] = (rows, needs, top)
    if problems:
        raise InfeasibleError(problems)
    return {
        kind: solve_kind_levels(
            setup, kin, engine, checked[kind], [u for u in unit_targets if u.kind == kind]
        )
        for kind, kin in inputs.items()
    }


def unit_totals(levels: Mapping[str, KindLevels]) -> dict[str, list[IntArray]]:
    """Kind -> per upper level, each unit's allocation."""
    return {
        kind: [k.allocated(level) for level in range(len(k.rows) - 1)] for kind, k in levels.items()
    }
