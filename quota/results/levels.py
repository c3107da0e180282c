"""The outcome of a run over several levels (city → districts → streets), checked.

Interface for the outputs (``Result.levels``; None for a one-level scenario,
whose outputs stay as they were):

:class:`LevelsOutcome`
    ``names``: the scenario's levels, top first, e.g. ``("district", "street")``
    or ``("province", "city", "street")``; the last is always ``street``.

    ``table``: the content of ``levels.csv``, columns exactly ``level, unit,
    kind, allocated, streets_total, reserve`` (ints), one row per upper unit and
    kind, ordered by level (top first), then unit in order of first appearance
    in the street table, then kind in scenario order. ``allocated`` is what the
    unit holds: what the split above gave it (base + quantified + turnover)
    plus the turnover drawn from above for its over-staffed streets;
    ``streets_total`` is the sum of its streets' totals and ``reserve =
    allocated - streets_total`` what it and the units under it keep.

    ``parents``: for each level below the top (``street`` included), unit ->
    its parent unit.

    ``units``: one row per upper unit and kind (same order) with the splits'
    detail: ``level, unit, parent, kind, base`` (its streets' sum),
    ``earmark`` (turnover handed to it first for its streets' needs),
    ``quantified, turnover`` (given in the split above, the earmark included),
    ``drawn`` (turnover drawn from above by its own split), ``allocated``,
    ``score`` (its workload share in the split above), ``ideal`` (its ideal
    quantified quotas there), ``turnover_share`` (its own), ``own_reserve``
    (``round(turnover_share × (base + quantified))``), ``divided`` (the
    quantified quotas it divided), ``kept`` (the turnover left with it),
    ``lower, upper`` (as in ``needs``), ``q_min`` (its least quantified
    quotas), ``streets_total, reserve``.

    ``needs``: ``level, unit, kind, lower, upper``: the least a unit must get
    (what its streets need: base, floors, staff on board under no dismissal,
    current minus the change cap and decisions, plus its own reserve share) and
    the most it may hold (what its streets' ceilings and caps let the split
    above give it, plus the turnover its over-staffed streets may draw;
    ``<NA>`` when nothing bounds it; a decided total caps it).

    ``top``: per kind ``kind, pool, turnover_share, turnover, base,
    quantified, allocated, held``: ``pool = allocated`` (to the top level's
    units) ``+ held`` (kept at the top).

    ``pool_sources``: kind -> named source -> quotas (kinds whose pool was given
    as named sources; also :attr:`Result.pool_sources <quota.results.result.Result.pool_sources>`).

    ``own_figures``: the units' own figures used in place of the sums over
    their streets (``unit_data:``), one row per unit and figure: ``level, unit,
    column`` (the street table's canonical column), ``kind, role``
    (``indicator`` with kind ``""``, or a kind's ``current`` or ``onboard``),
    ``value``; empty without ``unit_data``.

    ``decisions``: the decisions about upper units: ``number, level, unit,
    kind, decided, auto_total, total, cost`` (``decided`` in English words;
    ``cost``: the objective's increase with that decision alone).

:func:`check_levels` re-checks every level's sums on the solution before
anything is written; a failure is an internal error (exit code 1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from quota.config.schema import Scenario
from quota.errors import Msg, SolverError
from quota.locale import kind_name, msg
from quota.model.hierarchy import Hierarchy, group_sum, plural_key
from quota.model.levels import OPEN
from quota.model.unit_data import OWN_COLUMNS
from quota.model.unit_decisions import UnitTarget
from quota.solve.levels import KindLevels, whole_split

#: columns of ``levels.csv`` and :attr:`LevelsOutcome.table`
LEVELS_COLUMNS: tuple[str, ...] = ("level", "unit", "kind", "allocated", "streets_total", "reserve")
#: columns of :attr:`LevelsOutcome.needs`
NEEDS_COLUMNS: tuple[str, ...] = ("level", "unit", "kind", "lower", "upper")
#: columns of :attr:`LevelsOutcome.decisions`
UNIT_DECISION_COLUMNS: tuple[str, ...] = (
    "number",
    "level",
    "unit",
    "kind",
    "decided",
    "auto_total",
    "total",
    "cost",
)


@dataclass(frozen=True)
class LevelsOutcome:
    """A run's levels: ``levels.csv``, the splits' detail and bounds (see the module notes)."""

    names: tuple[str, ...]
    table: pd.DataFrame
    parents: dict[str, dict[str, str]]
    units: pd.DataFrame
    needs: pd.DataFrame
    top: pd.DataFrame
    pool_sources: dict[str, dict[str, int]] = field(default_factory=dict)
    decisions: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(UNIT_DECISION_COLUMNS))
    )
    #: the decisions about units with their decision (reason, source, origin), in order
    effects: tuple[UnitEffect, ...] = ()
    #: the units' own figures used in place of their streets' sums (``unit_data:``)
    own_figures: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(OWN_COLUMNS))
    )
    #: level -> the ``unit_data:`` table read for it: ``path``, ``sheet``, ``sha256``
    unit_files: dict[str, dict[str, str | None]] = field(default_factory=dict)

    @property
    def upper(self) -> tuple[str, ...]:
        """The levels above the streets, top first."""
        return self.names[:-1]


@dataclass(frozen=True)
class UnitEffect:
    """A decision about an upper unit: its proposal, the written total and its cost alone."""

    target: UnitTarget
    auto_total: int
    total: int
    cost: float


def _most(levels: KindLevels, hierarchy: Hierarchy, level: int) -> pd.arrays.IntegerArray:
    """The most each unit may hold (``<NA>``: nothing bounds it).

    What the split above may give it, ``max(need, base + earmark + q_max)``,
    plus the turnover its over-staffed streets may draw from above
    (``sum max(0, total_lower - base - q_lower)`` over its streets), and at
    most a decided total.
    """
    rows = levels.rows[level]
    streets = levels.rows[-1]
    deficit = np.maximum(streets.total_lower - streets.base - streets.q_lower, 0)
    count = len(hierarchy.units[level])
    drawable = group_sum(deficit.astype(np.int64), hierarchy.codes[level], count)
    hi = rows.hi
    given = np.maximum(rows.least_totals, rows.row_base + np.minimum(hi, OPEN))
    most = given + drawable
    capped = rows.total_upper < OPEN
    most = np.where(capped, np.minimum(most, rows.total_upper), most)
    known = (hi < OPEN) | capped
    return pd.array(
        [int(v) if k else None for v, k in zip(most, known, strict=True)], dtype="Int64"
    )


def _unit_frame(
    hierarchy: Hierarchy, levels: KindLevels, level: int, streets_total: np.ndarray
) -> pd.DataFrame:
    """One kind's rows of :attr:`LevelsOutcome.units` for one upper level."""
    rows = levels.rows[level]
    split = levels.splits[level]
    below = levels.splits[level + 1]
    allocated = levels.allocated(level)
    names = hierarchy.units[level]
    parents = [""] * len(names)
    if level > 0:
        above = hierarchy.units[level - 1]
        parents = [above[int(p)] for p in hierarchy.parents[level]]
    return pd.DataFrame(
        {
            "level": hierarchy.upper[level],
            "unit": list(names),
            "parent": parents,
            "kind": levels.kind,
            "base": rows.base,
            "earmark": rows.earmark,
            "quantified": split.q,
            "turnover": split.t,
            "drawn": below.drawn,
            "allocated": allocated,
            "score": np.round(split.score, 6),
            "ideal": np.round(split.ideal, 4),
            "turnover_share": levels.shares[level],
            "own_reserve": split.q - below.quantified,
            "divided": below.quantified,
            "kept": below.kept,
            "lower": rows.least_totals,
            "upper": _most(levels, hierarchy, level),
            "q_min": rows.q_lower,
            "streets_total": streets_total.astype(np.int64),
            "reserve": (allocated - streets_total).astype(np.int64),
        }
    )


def build_levels_outcome(
    scenario: Scenario,
    hierarchy: Hierarchy,
    kinds: Mapping[str, KindLevels],
    streets: Sequence[str],
    effects: Sequence[UnitEffect] = (),
    own_figures: pd.DataFrame | None = None,
    unit_files: Mapping[str, Mapping[str, str | None]] | None = None,
) -> LevelsOutcome:
    """The levels of a solved run, as :class:`LevelsOutcome` (not yet checked)."""
    n = len(streets)
    frames: list[pd.DataFrame] = []
    for level in range(len(hierarchy.upper)):
        for levels in kinds.values():
            p = levels.inputs.problem
            totals = (p.base + levels.solution.q + levels.solution.t).astype(np.int64)
            count = len(hierarchy.units[level])
            streets_total = group_sum(totals, hierarchy.codes[level], count)
            frames.append(_unit_frame(hierarchy, levels, level, streets_total))
    units = pd.concat(frames, ignore_index=True)
    kind_order = {k: i for i, k in enumerate(kinds)}
    unit_order = pd.Series(
        np.concatenate([np.arange(len(u)) for u in hierarchy.units for _ in kinds])
    )
    units = (
        units.assign(_level=units["level"].map(hierarchy.upper.index), _unit=unit_order)
        .assign(_kind=units["kind"].map(kind_order))
        .sort_values(["_level", "_unit", "_kind"], kind="stable")
        .drop(columns=["_level", "_unit", "_kind"])
        .reset_index(drop=True)
    )
    table = units.loc[:, list(LEVELS_COLUMNS)].copy()
    for column in ("allocated", "streets_total", "reserve"):
        table[column] = table[column].astype(np.int64)
    needs = units.loc[:, ["level", "unit", "kind", "lower", "upper"]].copy()
    parents = hierarchy.parent_names()
    parents["street"] = hierarchy.street_parents(streets) if hierarchy.upper else {}
    del n
    return LevelsOutcome(
        names=hierarchy.names,
        table=table.reset_index(drop=True),
        parents=parents,
        units=units,
        needs=needs.reset_index(drop=True),
        top=_top_frame(kinds),
        pool_sources=pool_sources_of(scenario),
        decisions=_decision_frame(hierarchy, effects),
        effects=tuple(effects),
        own_figures=(
            own_figures if own_figures is not None else pd.DataFrame(columns=list(OWN_COLUMNS))
        ),
        unit_files={level: dict(file) for level, file in (unit_files or {}).items()},
    )


def pool_sources_of(scenario: Scenario) -> dict[str, dict[str, int]]:
    """Kind -> its pool's named sources (only kinds whose pool was given so)."""
    return {
        kind: dict(cfg.pool_sources) for kind, cfg in scenario.kinds.items() if cfg.pool_sources
    }


def _top_frame(kinds: Mapping[str, KindLevels]) -> pd.DataFrame:
    rows = []
    for kind, levels in kinds.items():
        split = levels.splits[0]
        allocated = int(levels.allocated(0).sum())
        rows.append(
            {
                "kind": kind,
                "pool": levels.top.pool,
                "turnover_share": float(levels.inputs.turnover_share),
                "turnover": levels.top.turnover,
                "base": levels.top.base,
                "quantified": levels.top.quantified,
                "allocated": allocated,
                "held": int(split.kept[0]),
            }
        )
    return pd.DataFrame(rows)


def _decision_frame(hierarchy: Hierarchy, effects: Sequence[UnitEffect]) -> pd.DataFrame:
    rows = [
        {
            "number": e.target.target.number,
            "level": hierarchy.upper[e.target.level],
            "unit": e.target.unit,
            "kind": e.target.kind,
            "decided": str(e.target.words()),
            "auto_total": e.auto_total,
            "total": e.total,
            "cost": round(e.cost, 9),
        }
        for e in effects
    ]
    return pd.DataFrame(rows, columns=list(UNIT_DECISION_COLUMNS))


# --------------------------------------------------------------------------
# Every level's sums, checked before anything is written
# --------------------------------------------------------------------------


def _fail(problems: list[Msg], kind: str, where: Msg | str, what: Msg) -> None:
    shown: Msg | str = kind_name(kind) if kind else ""
    problems.append(msg("results.levels.check_failed", kind=shown, where=where, what=what))


def _check_split(problems: list[Msg], levels: KindLevels, hierarchy: Hierarchy, split: int) -> None:
    """One split: the children's quantified quotas make what each holder divided."""
    outcome = levels.splits[split]
    holders = hierarchy.holders(split)
    q_sum = group_sum(outcome.q, outcome.holder, holders)
    if np.array_equal(q_sum, outcome.quantified):
        return
    where = (
        whole_split(hierarchy)
        if split == 0
        else msg("solve.levels.split_of", plural=plural_key(hierarchy.upper[split - 1]))
    )
    bad = int(np.flatnonzero(q_sum != outcome.quantified)[0])
    _fail(
        problems,
        levels.kind,
        where,
        msg(
            "results.levels.check.split_sum",
            got=int(q_sum[bad]),
            expected=int(outcome.quantified[bad]),
        ),
    )


def _check_units(
    problems: list[Msg], levels: KindLevels, hierarchy: Hierarchy, totals: np.ndarray
) -> None:
    """Every unit: its needs met, its quantified quotas in range, nothing kept below zero."""
    for level in range(len(hierarchy.upper)):
        allocated = levels.allocated(level)
        rows = levels.rows[level]
        split = levels.splits[level]
        where = msg("solve.levels.level", plural=plural_key(hierarchy.upper[level]))
        given = levels.given(level)
        if (allocated < rows.least_totals).any() or (allocated < given).any():
            _fail(problems, levels.kind, where, msg("results.levels.check.bounds"))
        capped = rows.total_upper < OPEN
        if (allocated[capped] > rows.total_upper[capped]).any():
            _fail(problems, levels.kind, where, msg("results.levels.check.bounds"))
        if (split.q < rows.q_lower).any() or (split.q > rows.hi).any():
            _fail(problems, levels.kind, where, msg("results.levels.check.q_range"))
        count = len(hierarchy.units[level])
        streets_total = group_sum(totals, hierarchy.codes[level], count)
        if (streets_total > allocated).any():
            _fail(problems, levels.kind, where, msg("results.levels.check.streets_total"))
        if (levels.splits[level + 1].kept < 0).any():
            _fail(problems, levels.kind, where, msg("results.levels.check.kept_negative"))
        own = levels.own_onboard[level] if level < len(levels.own_onboard) else None
        if own is not None and (allocated < own).any():
            _fail(problems, levels.kind, where, msg("results.levels.check.own_onboard"))


def check_levels(
    kinds: Mapping[str, KindLevels],
    hierarchy: Hierarchy,
    scenario: Scenario,
    outcome: LevelsOutcome,
    unit_targets: Sequence[UnitTarget] = (),
) -> None:
    """Re-check every level's sums on the solution (see the module notes).

    Raises
    ------
    SolverError
        A sum that does not reconcile (an internal error: exit code 1); nothing
        is written.
    """
    problems: list[Msg] = []
    for kind, levels in kinds.items():
        p = levels.inputs.problem
        sol = levels.solution
        totals = (p.base + sol.q + sol.t).astype(np.int64)
        for split in range(hierarchy.splits):
            _check_split(problems, levels, hierarchy, split)
        _check_units(problems, levels, hierarchy, totals)
        top_allocated = int(levels.allocated(0).sum())
        held = int(levels.splits[0].kept[0])
        if top_allocated + held != levels.top.pool or held < 0:
            _fail(
                problems,
                kind,
                "",
                msg(
                    "results.levels.check.pool",
                    allocated=top_allocated,
                    held=held,
                    pool=levels.top.pool,
                ),
            )
        kin = levels.inputs
        if kin.no_dismissal and kin.onboard is not None and (totals < kin.onboard).any():
            _fail(problems, kind, "", msg("results.levels.check.dismissal"))
        sources = scenario.kinds[kind].pool_sources
        if sources and sum(sources.values()) != levels.top.pool:
            _fail(problems, kind, "", msg("results.levels.check.sources"))
    for unit in unit_targets:
        total = int(kinds[unit.kind].allocated(unit.level)[unit.target.index])
        low = unit.target.lower if unit.target.lower is not None else total
        high = unit.target.upper if unit.target.upper is not None else total
        if not low <= total <= high:
            _fail(problems, unit.kind, unit.unit, msg("results.levels.check.decision", total=total))
    table = outcome.table
    made = table["streets_total"].to_numpy() + table["reserve"].to_numpy()
    if not np.array_equal(made, table["allocated"].to_numpy()) or (table["reserve"] < 0).any():
        _fail(problems, "", "levels.csv", msg("results.levels.check.table"))
    if problems:
        raise SolverError(problems)


def add_level_columns(table: pd.DataFrame, hierarchy: Hierarchy, kinds: int) -> pd.DataFrame:
    """The allocation table with each street's unit at every upper level, before ``street``.

    ``table`` has one block of rows per kind, streets in table order (``kinds`` blocks).
    """
    out = table.copy()
    for position, (level, units) in enumerate(zip(hierarchy.upper, hierarchy.units, strict=True)):
        names = np.asarray(units, dtype=object)[np.tile(hierarchy.codes[position], kinds)]
        out.insert(position, level, pd.array(names, dtype="string"))
    return out
