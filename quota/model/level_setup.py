"""Prepare a scenario with levels: its hierarchy, ``units:`` rules, decisions and split scores.

:func:`read_levels` runs before the kinds are derived (the ``units:`` rules
change the streets' floors, ceilings and change caps);
:func:`build_levels_setup` after (the split scores use the kinds' weights,
transforms and workload standards as derived once from the street table).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from quota._typing import FloatArray
from quota.config.decisions import Decision
from quota.config.schema import KindConfig, Scenario
from quota.errors import InputError, Msg
from quota.io.table import StreetTable
from quota.locale import kind_name, msg
from quota.methods.weights import WeightResult
from quota.methods.workload import WISN_INDICATOR, KindWorkload, build_indicator_values
from quota.model.hierarchy import (
    UNBOUNDED,
    Hierarchy,
    LevelsSetup,
    UnitRules,
    build_hierarchy,
    compute_all_split_scores,
    merge_bound,
    resolve_unit_settings,
)
from quota.model.inputs import KindRoles
from quota.model.unit_data import UnitData, read_unit_data
from quota.model.unit_decisions import split_decisions


@dataclass(frozen=True)
class LevelsRead:
    """What :func:`read_levels` found: the hierarchy, the rules and the decisions sorted."""

    hierarchy: Hierarchy
    rules: dict[str, UnitRules]
    street_decisions: list[Decision]
    unit_decisions: list[Decision]
    unit_data: UnitData | None = None
    notices: tuple[Msg, ...] = ()


def read_levels(
    scenario: Scenario, table: StreetTable, roles: Mapping[str, KindRoles]
) -> LevelsRead:
    """The hierarchy of the street table, the ``units:`` rules and the decisions about units.

    Raises
    ------
    InputError
        A level's column missing or incomplete, a unit under two parents, a
        ``units:`` key naming nothing, a change cap set by a unit for a kind
        without current quotas, ``street_share_min`` (not defined over levels),
        a decision about a level the scenario does not have, a table of
        ``unit_data:`` that cannot be read or names what the scenario does not have.
    """
    if scenario.constraints.street_share_min is not None:
        raise InputError(msg("model.levels.no_street_share"))
    hierarchy = build_hierarchy(table, scenario.level_names)
    rules = resolve_unit_settings(scenario, hierarchy, len(table.frame))
    problems: list[str | Msg] = []
    for kind, rule in rules.items():
        if rule.max_change is not None and roles[kind].current is None:
            problems.append(msg("model.levels.cap_without_current", kind=kind_name(kind)))
    if problems:
        raise InputError(problems)
    on_streets, on_units = split_decisions(scenario.decisions, hierarchy, table.streets)
    unit_data, notices = read_unit_data(scenario, table, hierarchy, roles)
    return LevelsRead(hierarchy, rules, on_streets, on_units, unit_data, tuple(notices))


def unit_bounds(
    rule: UnitRules | None,
    floor: np.ndarray | None,
    ceiling: np.ndarray | None,
    max_change: np.ndarray | None,
) -> tuple[np.ndarray | None, np.ndarray | None, np.ndarray | None]:
    """A kind's per-street floor, ceiling and change cap with its units' rules in place."""
    if rule is None:
        return floor, ceiling, max_change
    return (
        merge_bound(floor, rule.floor, 0),
        merge_bound(ceiling, rule.ceiling, UNBOUNDED),
        merge_bound(max_change, rule.max_change, UNBOUNDED),
    )


def _split_weights(result: WeightResult, names: list[str]) -> FloatArray:
    """The weights as the score kernel uses them: those above 0, scaled to sum 1."""
    raw = np.array([float(result.weights.get(name, 0.0)) for name in names], dtype=float)
    used = raw > 0
    total = float(raw[used].sum())
    return np.where(used, raw / total if total > 0 else 0.0, 0.0)


def build_levels_setup(
    scenario: Scenario,
    table: StreetTable,
    read: LevelsRead,
    *,
    weights: Mapping[str, WeightResult],
    transforms: Mapping[str, Mapping[str, str]],
    workloads: Mapping[str, KindWorkload],
    decisions: tuple[Decision, ...],
) -> LevelsSetup:
    """Every split's scores by the scenario's one rule; the setup a levels run needs."""
    scores: dict[str, tuple[FloatArray, ...]] = {}
    notices: list[Msg] = list(read.notices)
    own = read.unit_data
    indicators = {level: own.indicators(level) for level in own.values} if own else None
    for kind, cfg in scenario.kinds.items():
        names, values, w, how = _kind_values(
            cfg, table, weights[kind], transforms.get(kind, {}), workloads.get(kind)
        )
        scores[kind], found = compute_all_split_scores(
            kind, read.hierarchy, values, w, how, names, indicators
        )
        notices += found
    return LevelsSetup(
        hierarchy=read.hierarchy,
        rules=read.rules,
        scores=scores,
        unit_decisions=tuple(read.unit_decisions),
        decisions=decisions,
        notices=tuple(notices),
        unit_data=read.unit_data,
    )


def _kind_values(
    cfg: KindConfig,
    table: StreetTable,
    weights: WeightResult,
    transforms: Mapping[str, str],
    workload: KindWorkload | None,
) -> tuple[list[str], FloatArray, FloatArray, list[str]]:
    """A kind's indicator names, the streets' values, the weights and the transforms."""
    if workload is not None and workload.use == "target":
        required = np.asarray(workload.required, dtype=float)[:, np.newaxis]
        return [WISN_INDICATOR], required, np.array([1.0]), ["none"]
    names = [str(n) for n in cfg.indicator_specs()]
    frame = build_indicator_values(table.frame, names, workload)
    values = frame.to_numpy(dtype=float)
    how = [str(transforms.get(name, "none")) for name in names]
    return names, values, _split_weights(weights, names), how
