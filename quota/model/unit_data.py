"""A level's own figures (``unit_data:``), matched against the hierarchy and the scenario.

By default an upper unit's indicators, current quotas and staff on board are
the sums over its streets. ``unit_data: districts.csv`` (or per level,
``{district: districts.csv, city: cities.xlsx}``) gives some units their own
figures, read by :func:`quota.io.unit_table.read_unit_table`. Its columns are
named as the street table's: the indicators the scenario weighs, and each
kind's current quotas and staff on board (the kind's ``current`` and
``onboard`` columns, ``current_admin``, 现有行政编制, ...). A unit's own figure
replaces the sum over its streets:

* an indicator: in the split where the unit is a child (its workload share
  there, :func:`quota.model.hierarchy.compute_all_split_scores`);
* staff on board: under no dismissal, the unit's least total in the split above
  is at least its own staff on board (:func:`quota.solve.levels.derive_rows`;
  the unit then divides the more it gets among its streets as usual);
* current quotas: shown as the unit's current quotas (the outputs by level).

A unit or a cell not in the table keeps the sums. Base quotas always stay the
sums over the streets (each street's is set by rule from its structure): a
column that sets base quotas is refused. So are a unit the street table does
not have (the nearest name suggested), a unit listed twice, a cell that is not
a number or is negative, a count that is not whole, and a column that matches
nothing the scenario uses (the columns it may have listed).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from quota._typing import FloatArray, IntArray
from quota.config.columns import UPPER_LEVELS, normalize_header
from quota.config.schema import Scenario
from quota.errors import InputError, Msg
from quota.io.cells import MAX_COUNT, format_number
from quota.io.table import StreetTable
from quota.io.unit_table import UnitTable, read_unit_table
from quota.locale import msg
from quota.methods.workload import WISN_INDICATOR, is_table_indicator
from quota.model.hierarchy import Hierarchy, closest_hint, level_key, plural_key
from quota.model.inputs import KindRoles, same_header

#: columns of :meth:`UnitData.frame` (``Result.levels.own_figures``)
OWN_COLUMNS: tuple[str, ...] = ("level", "unit", "column", "kind", "role", "value")
#: units named in a notice, at most
MAX_UNITS_LISTED = 8
#: headers listed as the columns a table may have, at most
MAX_EXPECTED_LISTED = 20


@dataclass(frozen=True)
class Use:
    """What a column of a unit table stands for: an indicator, or a kind's current or staff."""

    role: str  # "indicator", "current" or "onboard"
    kind: str = ""


@dataclass(frozen=True)
class UnitData:
    """The units' own figures, per upper level (its index in ``Hierarchy.upper``).

    ``values[level][column]``: each unit's own value (NaN: none, the sum over
    its streets); ``uses[column]``: what the column stands for.
    """

    values: dict[int, dict[str, FloatArray]] = field(default_factory=dict)
    uses: dict[str, tuple[Use, ...]] = field(default_factory=dict)
    #: level name -> the table read: ``path``, ``sheet``, ``sha256`` of its bytes (the manifest)
    files: dict[str, dict[str, str | None]] = field(default_factory=dict)

    def indicators(self, level: int) -> dict[str, FloatArray]:
        """A level's own indicator values: indicator -> per unit (NaN: the sum)."""
        columns = self.values.get(level, {})
        return {
            c: v for c, v in columns.items() if any(u.role == "indicator" for u in self.uses[c])
        }

    def staff(self, level: int, kind: str, role: str) -> IntArray | None:
        """A level's own current quotas or staff on board of a kind (-1: none), or None."""
        for column, values in self.values.get(level, {}).items():
            if Use(role, kind) in self.uses[column]:
                return np.where(np.isnan(values), -1, values).astype(np.int64)
        return None

    def frame(self, hierarchy: Hierarchy) -> pd.DataFrame:
        """One row per own figure used: ``level, unit, column, kind, role, value``.

        Levels top first, then columns as the table has them, then units in
        the street table's order; a column of a kind's current quotas or staff gives one row per kind using it.
        """
        rows = []
        for level in sorted(self.values):
            names = hierarchy.units[level]
            for column, values in self.values[level].items():
                for unit in np.flatnonzero(~np.isnan(values)):
                    for use in self.uses[column]:
                        rows.append(
                            {
                                "level": hierarchy.upper[level],
                                "unit": names[int(unit)],
                                "column": column,
                                "kind": use.kind,
                                "role": use.role,
                                "value": float(values[int(unit)]),
                            }
                        )
        return pd.DataFrame(rows, columns=list(OWN_COLUMNS))


def expected_columns(
    scenario: Scenario, roles: Mapping[str, KindRoles]
) -> dict[str, tuple[Use, ...]]:
    """The street table's columns a unit may replace, and what each stands for."""
    uses: dict[str, list[Use]] = {}
    for kind, cfg in scenario.kinds.items():
        for name in cfg.indicators:
            if is_table_indicator(cfg, name) and name != WISN_INDICATOR:
                uses.setdefault(name, [])
                if Use("indicator") not in uses[name]:
                    uses[name].append(Use("indicator"))
        for role in ("current", "onboard"):
            column = getattr(roles[kind], role)
            if column is not None:
                uses.setdefault(column, []).append(Use(role, kind))
    return {c: tuple(u) for c, u in uses.items()}


def _base_columns(scenario: Scenario) -> set[str]:
    """The columns base quotas are set from (a base rule's ``column``, offices, units)."""
    found = {"base"}
    for cfg in scenario.kinds.values():
        rule = cfg.base
        if rule is None:
            continue
        if rule.column is not None:
            found.add(rule.column)
        if rule.per_office is not None:
            found.add("offices")
        if rule.per_unit is not None:
            found.add("units")
    return found


def _match_column(
    column: str, header: str, expected: Mapping[str, tuple[Use, ...]], table: StreetTable
) -> str | None:
    """The street table's column a unit table's column is (its canonical name or its header)."""
    if column in expected:
        return column
    key = normalize_header(header)
    return next((name for name in expected if same_header(table.header(name), key)), None)


def _column_problem(
    units: UnitTable,
    column: str,
    expected: Mapping[str, tuple[Use, ...]],
    table: StreetTable,
    base: set[str],
) -> Msg:
    header = units.headers.get(column, column)
    where = msg("io.cell", where=units.place, row=_header_row(units), header=header)
    if column in base:
        return msg(
            "model.unit_data.column_base", where=where, header=header, level=level_key(units.key)
        )
    shown = [table.header(c) for c in expected][:MAX_EXPECTED_LISTED]
    hint = closest_hint(header, shown)
    listed: list[str | Msg] = [msg("io.quoted", text=h) for h in shown]
    return msg(
        "model.unit_data.column_unknown",
        where=where,
        header=header,
        expected=listed or [msg("model.unit_data.none_expected")],
        hint=hint,
    )


def _header_row(units: UnitTable) -> int:
    """The row of the table's header (the row above its first unit, or 1)."""
    return max(units.rows[0] - 1, 1) if units.rows else 1


def _unit_codes(units: UnitTable, names: Sequence[str]) -> tuple[list[int], list[Msg]]:
    """Each row's unit (an index into ``names``); unknown and repeated names as problems."""
    index = {name: i for i, name in enumerate(names)}
    header = units.headers.get(units.key, units.key)
    codes: list[int] = []
    problems: list[Msg] = []
    first: dict[str, int] = {}
    for row, name in zip(units.rows, units.names, strict=True):
        where = msg("io.cell", where=units.place, row=row, header=header)
        if name not in index:
            hint = closest_hint(name, names)
            shown = list(names[:MAX_UNITS_LISTED]) + (
                ["…"] if len(names) > MAX_UNITS_LISTED else []
            )
            problems.append(
                msg(
                    "model.unit_data.unknown",
                    where=where,
                    name=name,
                    level=level_key(units.key),
                    known=shown,
                    hint=hint,
                )
            )
            codes.append(-1)
            continue
        if name in first:
            problems.append(
                msg(
                    "model.unit_data.twice",
                    where=where,
                    name=name,
                    level=level_key(units.key),
                    first=first[name],
                )
            )
        first.setdefault(name, row)
        codes.append(index[name])
    return codes, problems


def _cell_problems(units: UnitTable, column: str, whole: bool) -> list[Msg]:
    """A column's cells that are not numbers, negative, or (counts) not whole or too large."""
    problems: list[Msg] = []
    for i, cell in enumerate(units.cells[column]):
        problem: str | Msg | None = None
        if not isinstance(cell, float):
            problem = cell
        elif np.isnan(cell):
            continue
        elif cell < 0:
            problem = msg("io.cell_negative", value=format_number(cell))
        elif whole and cell != round(cell):
            problem = msg("io.cell_fractional", value=format_number(cell))
        elif whole and cell > MAX_COUNT:
            problem = msg("io.cell_count_too_large", limit=MAX_COUNT, value=format_number(cell))
        if problem is not None:
            problems.append(msg("io.problem_at", where=units.where(i, column), problem=problem))
    return problems


def _parent_problems(
    units: UnitTable, codes: Sequence[int], hierarchy: Hierarchy, level: int
) -> list[Msg]:
    """Rows whose column of a level above (a county's 市) names another unit than the street table.

    ``level``: the table's level (its index in ``hierarchy.upper``). Only the
    scenario's levels above it are checked; a column of a level the scenario
    does not have stays a label.
    """
    problems: list[Msg] = []
    for column, written in units.labels.items():
        if column not in hierarchy.upper[:level]:
            continue
        above = hierarchy.upper.index(column)
        for i, (code, given) in enumerate(zip(codes, written, strict=True)):
            if code < 0 or not given:
                continue
            known = hierarchy.units[above][_ancestor(hierarchy, level, code, above)]
            if given != known:
                problems.append(
                    msg(
                        "model.unit_data.parent",
                        where=units.where(i, column),
                        unit=level_key(units.key),
                        name=hierarchy.units[level][code],
                        given=given,
                        known=known,
                    )
                )
    return problems


def _ancestor(hierarchy: Hierarchy, level: int, unit: int, above: int) -> int:
    """The index at level ``above`` of the unit that holds ``unit`` of ``level``."""
    for step in range(level, above, -1):
        unit = int(hierarchy.parents[step][unit])
    return unit


def _read_level(
    units: UnitTable,
    hierarchy: Hierarchy,
    expected: Mapping[str, tuple[Use, ...]],
    table: StreetTable,
    scenario: Scenario,
) -> tuple[dict[str, FloatArray], list[Msg]]:
    """One level's table as per-unit values of the street table's columns; its problems."""
    level = hierarchy.upper.index(units.key)
    codes, problems = _unit_codes(units, hierarchy.units[level])
    problems += _parent_problems(units, codes, hierarchy, level)
    base = _base_columns(scenario)
    values: dict[str, FloatArray] = {}
    for column in units.cells:
        if column in UPPER_LEVELS and column != units.key:
            continue  # a unit's parent, as a label
        matched = _match_column(column, units.headers.get(column, column), expected, table)
        if matched is None:
            problems.append(_column_problem(units, column, expected, table, base))
            continue
        whole = any(u.role != "indicator" for u in expected[matched])
        problems += _cell_problems(units, column, whole)
        own = np.full(len(hierarchy.units[level]), np.nan)
        for code, cell in zip(codes, units.cells[column], strict=True):
            if code >= 0 and isinstance(cell, float):
                own[code] = cell
        values[matched] = own
    return values, problems


def _listed(names: Sequence[str], present: np.ndarray) -> list[str | Msg]:
    chosen = [names[int(i)] for i in np.flatnonzero(present)]
    shown: list[str | Msg] = list(chosen[:MAX_UNITS_LISTED])
    if len(chosen) > MAX_UNITS_LISTED:
        shown.append(msg("model.unit_data.more", count=len(chosen)))
    return shown


def _notices(
    units: UnitTable,
    names: Sequence[str],
    values: Mapping[str, FloatArray],
    expected: Mapping[str, tuple[Use, ...]],
    no_dismissal: bool,
    table: StreetTable,
) -> list[Msg]:
    """Which units took which of their own figures (for the run summary and the data notes)."""
    found: list[Msg] = []
    for column, own in values.items():
        present = ~np.isnan(own)
        if not present.any():
            continue
        common = {
            "place": units.place,
            "units": _listed(names, present),
            "header": units.headers.get(column, table.header(column)),
            "plural": plural_key(units.key),
        }
        level = level_key(units.key)
        onboard = [u for u in expected[column] if u.role == "onboard"]
        if onboard and no_dismissal:
            found += [
                msg("model.unit_data.used_onboard", **common, kind=u.kind, level=level)
                for u in onboard
            ]
        else:
            found.append(msg("model.unit_data.used", **common))
    if not found:
        found.append(msg("model.unit_data.empty", place=units.place, level=level_key(units.key)))
    return found


def read_unit_data(
    scenario: Scenario,
    table: StreetTable,
    hierarchy: Hierarchy,
    roles: Mapping[str, KindRoles],
) -> tuple[UnitData | None, list[Msg]]:
    """The tables of ``unit_data:`` matched against the hierarchy; notices of what they replace.

    Raises
    ------
    InputError
        Every problem of every table (see the module notes), together.
    """
    if not scenario.unit_data:
        return None, []
    expected = expected_columns(scenario, roles)
    values: dict[int, dict[str, FloatArray]] = {}
    files: dict[str, dict[str, str | None]] = {}
    problems: list[str | Msg] = []
    notices: list[Msg] = []
    for level_name in hierarchy.upper:
        source = scenario.unit_data.get(level_name)
        if source is None:
            continue
        level = hierarchy.upper.index(level_name)
        names = hierarchy.units[level]
        try:
            units = read_unit_table(source.path, source.sheet, level_name)
        except InputError as exc:
            problems += exc.problems
            continue
        own, found = _read_level(units, hierarchy, expected, table, scenario)
        problems += found
        files[level_name] = {"path": str(units.path), "sheet": units.sheet, "sha256": units.sha256}
        values[level] = own
        no_dismissal = scenario.constraints.no_dismissal
        notices += _notices(units, names, own, expected, no_dismissal, table)
    if problems:
        raise InputError(problems)
    return UnitData(values=values, uses=dict(expected), files=files), notices
