"""Decisions about upper units (``district: 东城区``): bounds on a unit's total in the split above.

A decision naming an upper unit (``province:``, ``city:``, ``county:``,
``district:``, or a ``--fix`` name that is no street but one upper unit) takes
every form of a street's decision (:mod:`quota.config.decisions`) and becomes
bounds on the unit's allocation, applied to its row
(:class:`quota.model.levels.Rows`) as :func:`quota.model.decisions.apply_targets`
does for a street's: before the bounds of the units above it are derived, so
what it needs is known before anything is solved.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from quota._typing import IntArray
from quota.config.decisions import Decision
from quota.errors import InputError, Msg
from quota.io.rows import normalize_street_name
from quota.locale import kind_name, msg
from quota.model.decisions import ORIGIN_ORDER, Target, decision_bounds, resolve_kind
from quota.model.hierarchy import Hierarchy, level_key
from quota.model.levels import OPEN, Rows


@dataclass(frozen=True)
class UnitTarget:
    """A decision about an upper unit: bounds on its total in the split above it.

    ``target`` carries the decision, the kind, the unit's index in its level and
    the bounds (its ``street`` is the unit's name), as a street's decision does;
    ``level`` is the unit's upper level (0: the top).
    """

    target: Target
    level: int

    @property
    def kind(self) -> str:
        """The decision's kind."""
        return self.target.kind

    @property
    def unit(self) -> str:
        """The unit's name."""
        return self.target.street

    def words(self) -> Msg:
        """The decision in words (核定160名, ...)."""
        return self.target.words()


def split_decisions(
    decisions: Sequence[Decision], hierarchy: Hierarchy, streets: Sequence[str]
) -> tuple[list[Decision], list[Decision]]:
    """The decisions about streets and those about upper units.

    A decision with ``district:`` (or another upper level's key) is about that
    level's unit. One with ``street:`` (or from ``--fix``) whose name is no
    street but exactly one upper unit is about that unit.

    Raises
    ------
    InputError
        A decision names a level that is not among the scenario's levels.
    """
    if not decisions:
        return [], []
    street_keys = {normalize_street_name(s) for s in streets}
    unit_keys: dict[str, list[str]] = {}
    for level, names in zip(hierarchy.upper, hierarchy.units, strict=True):
        for name in names:
            unit_keys.setdefault(normalize_street_name(name), []).append(level)
    on_streets: list[Decision] = []
    on_units: list[Decision] = []
    problems: list[Msg] = []
    for decision in decisions:
        if decision.level != "street":
            if decision.level not in hierarchy.upper:
                problems.append(
                    msg(
                        "model.levels.decision_level",
                        unit=decision.street,
                        level=decision.level,
                        levels=list(hierarchy.upper),
                    )
                )
                continue
            on_units.append(decision)
            continue
        key = normalize_street_name(decision.street)
        levels = unit_keys.get(key, [])
        if key not in street_keys and len(levels) == 1:
            on_units.append(decision.model_copy(update={"level": levels[0]}))
        else:
            on_streets.append(decision)
    if problems:
        raise InputError(problems)
    return on_streets, on_units


def _unit_index(
    decision: Decision, hierarchy: Hierarchy, problems: list[str | Msg]
) -> tuple[int, int] | None:
    level = hierarchy.upper.index(decision.level)
    names = hierarchy.units[level]
    keys = {normalize_street_name(n): i for i, n in enumerate(names)}
    key = normalize_street_name(decision.street)
    if key in keys:
        return level, keys[key]
    close = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.5)
    hint = msg("model.decision_did_you_mean", name=names[keys[close[0]]]) if close else ""
    problems.append(
        msg(
            "model.levels.decision_unknown_unit",
            level=level_key(decision.level),
            unit=decision.street,
            hint=hint,
        )
    )
    return None


def resolve_unit_targets(
    decisions: Sequence[Decision],
    hierarchy: Hierarchy,
    kinds: Sequence[str],
    current: Mapping[str, Sequence[IntArray | None]],
    auto: Mapping[str, Sequence[IntArray]] | None,
) -> list[UnitTarget]:
    """Each decision about an upper unit as bounds on its total.

    ``current``: kind -> per upper level the units' current quotas (None
    without a current-quotas column); ``auto``: kind -> per upper level the
    units' allocations in the run without decisions (for ``more_than_proposed``;
    None: such a decision has no bounds yet). A later source (workbook,
    ``--fix``) replaces an earlier one's decision about the same unit and kind.

    Raises
    ------
    InputError
        An unknown unit or kind, or the same unit and kind twice in one source.
    """
    problems: list[str | Msg] = []
    chosen: dict[tuple[str, int, int], tuple[int, Decision]] = {}
    ordered = sorted(enumerate(decisions, 1), key=lambda p: ORIGIN_ORDER.index(p[1].origin))
    for number, decision in ordered:
        kind = resolve_kind(decision.kind, list(kinds))
        if kind is None:
            problems.append(
                msg(
                    "model.decision_unknown_kind",
                    street=decision.street,
                    kind=decision.kind,
                    kinds=list(kinds),
                    hint="",
                )
            )
            continue
        place = _unit_index(decision, hierarchy, problems)
        if place is None:
            continue
        key = (kind, place[0], place[1])
        earlier = chosen.get(key)
        if earlier is not None and earlier[1].origin == decision.origin:
            problems.append(
                msg(
                    "model.decision_twice",
                    street=hierarchy.units[place[0]][place[1]],
                    kind=kind_name(kind),
                    origin=msg(f"model.origin_{decision.origin}"),
                )
            )
        chosen[key] = (number, decision)
    targets: list[UnitTarget] = []
    for (kind, level, index), (_n, decision) in sorted(chosen.items(), key=lambda c: c[1][0]):
        now = current[kind][level]
        before = auto[kind][level] if auto is not None else None
        bounds = decision_bounds(
            decision,
            kind,
            None if now is None else int(now[index]),
            None if before is None else int(before[index]),
            problems,
        )
        if bounds is None:
            continue
        name = hierarchy.units[level][index]
        target = Target(len(targets) + 1, decision, kind, index, name, *bounds)
        targets.append(UnitTarget(target, level))
    if problems:
        raise InputError(problems)
    return targets


def apply_unit_targets(rows: Rows, targets: Sequence[UnitTarget]) -> Rows:
    """The units' rows with their decisions' bounds, as :func:`apply_targets` does for streets."""
    if not targets:
        return rows
    q_lower, total_lower = rows.q_lower.copy(), rows.total_lower.copy()
    total_upper = rows.total_upper.copy()
    base = rows.row_base
    for unit in targets:
        t = unit.target
        i = t.index
        if t.upper is not None:
            total_upper[i] = min(int(total_upper[i]), t.upper)
        if t.lower is None or t.lower <= rows.total_lower[i]:
            continue
        if t.decision.from_reserve:
            total_lower[i] = t.lower
        else:
            q_lower[i] = max(int(q_lower[i]), t.lower - int(base[i]))
    return replace(rows, q_lower=q_lower, total_lower=total_lower, total_upper=total_upper)


def check_unit_targets(rows: Rows, targets: Sequence[UnitTarget], level: str) -> list[str | Msg]:
    """Decisions about units of one level that cannot hold with what their streets need."""
    problems: list[str | Msg] = []
    hi = rows.hi
    for unit in targets:
        t, i = unit.target, unit.target.index
        least = int(rows.least_totals[i])
        common = {
            "level": level_key(level),
            "unit": t.street,
            "kind": kind_name(t.kind),
            "decided": t.words(),
        }
        if t.upper is not None and t.upper < least:
            problems.append(msg("model.levels.decision_below_need", **common, need=least))
        if t.lower is not None and not t.decision.from_reserve and hi[i] < OPEN:
            most = int(rows.row_base[i] + hi[i])
            if t.lower > max(most, least):
                problems.append(msg("model.levels.decision_above_most", **common, most=most))
    return problems
