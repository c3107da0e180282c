"""The grid of a parameter sweep: scenario keys and the values each one takes.

A grid file is YAML, read as strictly as a scenario file (a key given twice,
anchors, aliases and tags are refused, every key's line is recorded)::

    kinds.admin.pool: [355, 365, 380]
    kinds.admin.turnover_share: [0.05, 0.10]
    kinds.admin.indicators.population: [0.30, 0.50]

Keys are dotted scenario key paths; nested mappings say the same thing
(``kinds: {admin: {pool: [355, 365]}}``). Each value is a list: the values
the key takes. The grid is the product of the lists, keys in file order, the
last key varying fastest: point 1 has the first value of every key.

Each point's scenario is the scenario with the point's values merged in the
way ``extends:`` merges a file (:func:`quota.config.extends.merge_scenarios`, and
:func:`~quota.config.extends.merge_where` for the places of the keys) and
validated like a loaded file (:func:`quota.config.scenario.build_scenario`).
So a wrong key or value is refused with the grid file's line before anything
runs. A grid changes what the scenario has; it does not add names: a key under
``kinds`` or ``indicators`` must name a kind or indicator of the scenario (an
indicator to try can be added to the scenario with weight 0 first).
"""

from __future__ import annotations

import itertools
import json
import math
import os
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from quota.config.extends import merge_scenarios, merge_where
from quota.config.places import Where, format_key_path, show_key, where_text
from quota.config.reading import read_scenario_bytes, show_path
from quota.config.scenario import build_scenario
from quota.config.schema import Scenario
from quota.config.strict_yaml import parse_scenario_text
from quota.errors import InputError, Msg
from quota.locale import msg

#: most points a grid may have (the product of its lists' lengths)
MAX_POINTS = 10_000
#: most problems reported when the grid's points are validated (the rest are counted)
MAX_PROBLEMS = 20
#: reading errors of a scenario file -> the same error said about a grid file
_READ_ERRORS = {
    "config.file.unreadable": "analysis.sweep_grid_unreadable",
    "config.file.too_large": "analysis.sweep_grid_too_large",
    "config.file.not_regular": "analysis.sweep_grid_not_regular",
}


@dataclass(frozen=True)
class GridKey:
    """One key of the grid and the values it takes.

    Attributes
    ----------
    path : tuple of str
        The scenario key path (``("kinds", "admin", "pool")``).
    values : tuple
        The values, in the order of the file.
    where : Where
        Where the key is written in the grid file.
    """

    path: tuple[str, ...]
    values: tuple[Any, ...]
    where: Where

    @property
    def name(self) -> str:
        """The dotted key (``kinds.admin.pool``): a column of ``sweep.csv``."""
        return ".".join(self.path)


@dataclass(frozen=True)
class SweepGrid:
    """A parameter grid: keys and their values; the points are their product.

    Attributes
    ----------
    file : str
        The grid file (absolute path), or ``"grid"`` for a grid built in code.
    keys : tuple of GridKey
        In the order of the file.
    """

    file: str
    keys: tuple[GridKey, ...]

    @property
    def size(self) -> int:
        """Number of points."""
        return math.prod(len(k.values) for k in self.keys)

    @property
    def names(self) -> list[str]:
        """The dotted keys, in order."""
        return [k.name for k in self.keys]

    def points(self) -> Iterator[tuple[Any, ...]]:
        """The points' values, point 1 first (the last key varies fastest)."""
        return itertools.product(*(k.values for k in self.keys))

    def values_at(self, point: int) -> tuple[Any, ...]:
        """The values of point ``point`` (from 1), as :meth:`points` gives them."""
        if not 1 <= point <= self.size:
            raise IndexError(point)
        index = point - 1
        found: list[Any] = []
        for key in reversed(self.keys):
            index, position = divmod(index, len(key.values))
            found.append(key.values[position])
        return tuple(reversed(found))

    def to_dict(self) -> dict[str, list[Any]]:
        """``{dotted key: values}``, as a grid file writes it."""
        return {k.name: list(k.values) for k in self.keys}


# --------------------------------------------------------------------------
# Values as people read them
# --------------------------------------------------------------------------


def format_value(value: Any) -> str:
    """A grid value as YAML writes it: ``355``, ``0.05``, ``true``, ``null``, ``{"fixed": 12}``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float | str):
        return str(value) if not isinstance(value, float) else repr(value)
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=str)


def describe_point(grid: SweepGrid, values: tuple[Any, ...]) -> str:
    """``kinds.admin.pool = 355, kinds.admin.turnover_share = 0.05``."""
    return ", ".join(
        f"{key.name} = {format_value(value)}" for key, value in zip(grid.keys, values, strict=True)
    )


# --------------------------------------------------------------------------
# Reading the file
# --------------------------------------------------------------------------


def _read_text(path: Path) -> str:
    """The grid file's text: a regular UTF-8 file of at most 1 MB."""
    shown = show_path(path)
    try:
        status = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(msg("analysis.sweep_grid_not_found", path=shown)) from None
    except (OSError, ValueError):
        status = None  # read_scenario_bytes says why
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise InputError(msg("analysis.sweep_grid_folder", path=shown))
    try:
        raw = read_scenario_bytes(path)
    except InputError as exc:
        raise InputError([_as_grid_problem(p, path) for p in exc.problems]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(msg("analysis.sweep_grid_not_utf8", file=path.name)) from None


def _as_grid_problem(problem: str | Msg, path: Path) -> str | Msg:
    if isinstance(problem, Msg) and problem.key in _READ_ERRORS:
        fields = {"path": show_path(path), "file": path.name, "reason": ""}
        fields.update(problem.params)
        return msg(_READ_ERRORS[problem.key], path=fields["path"], reason=fields["reason"])
    return problem


def read_grid(path: str | Path) -> SweepGrid:
    """Read and check a grid file (not yet against a scenario: see :func:`build_point_scenarios`).

    Parameters
    ----------
    path : str or Path
        The YAML file.

    Returns
    -------
    SweepGrid

    Raises
    ------
    InputError
        The file cannot be read or is not valid YAML; a key's value is not a
        non-empty list; a value is listed twice; two keys name the same
        scenario key; the grid has no keys or more than :data:`MAX_POINTS`
        points. Every message names the file, the line and the key.
    """
    file = Path(path)
    text = _read_text(file)
    data, where = parse_scenario_text(text, file.name)
    if data is None:
        raise InputError(msg("analysis.sweep_grid_empty", file=file.name))
    if not isinstance(data, dict):
        raise InputError(msg("analysis.sweep_grid_not_mapping", file=file.name))
    keys: list[GridKey] = []
    _flatten(data, where, (), keys, file.name)
    if not keys:
        raise InputError(msg("analysis.sweep_grid_empty", file=file.name))
    keys = [_resolve_data_paths(key, file.resolve().parent) for key in keys]
    grid = SweepGrid(file=str(file.resolve()), keys=tuple(keys))
    check_grid_size(grid)
    return grid


def _flatten(
    data: Mapping[Any, Any], where: Where, prefix: tuple[str, ...], out: list[GridKey], file: str
) -> None:
    """Collect the grid's keys: dotted keys split, nested mappings followed, values checked."""
    for key, value in data.items():
        place = where.children.get(key, where)
        if not isinstance(key, str) or not all(part.strip() for part in key.split(".")):
            shown = where_text(file, place.line, format_key_path((*prefix, show_key(key))))
            raise InputError(msg("analysis.sweep_grid_bad_key", where=shown, key=show_key(key)))
        path = (*prefix, *(part.strip() for part in key.split(".")))
        if isinstance(value, dict) and value:
            _flatten(value, place, path, out, file)
            continue
        shown = where_text(file, place.line, format_key_path(path))
        if not isinstance(value, list):
            raise InputError(msg("analysis.sweep_grid_not_list", where=shown))
        if not value:
            raise InputError(msg("analysis.sweep_grid_no_values", where=shown))
        _check_distinct(value, shown)
        for other in out:
            shorter = min(len(other.path), len(path))
            if other.path[:shorter] == path[:shorter]:
                raise InputError(
                    msg(
                        "analysis.sweep_grid_same_key",
                        where=shown,
                        other=other.name,
                        line=other.where.line,
                    )
                )
        out.append(GridKey(path=path, values=tuple(value), where=place))


def _check_distinct(values: list[Any], shown: Msg) -> None:
    seen: set[str] = set()
    for value in values:
        text = json.dumps(value, sort_keys=True, default=str)
        if text in seen:
            raise InputError(
                msg("analysis.sweep_grid_value_twice", where=shown, value=format_value(value))
            )
        seen.add(text)


def _resolve_data_paths(key: GridKey, folder: Path) -> GridKey:
    """Data files named by the grid are relative to the grid file, as in a scenario file."""

    def resolve(value: Any) -> Any:
        if key.path == ("data",) and isinstance(value, str):
            return str((folder / value).resolve())
        if key.path == ("data",) and isinstance(value, dict) and isinstance(value.get("path"), str):
            return {**value, "path": str((folder / value["path"]).resolve())}
        if key.path == ("data", "path") and isinstance(value, str):
            return str((folder / value).resolve())
        return value

    if key.path[:1] != ("data",):
        return key
    return GridKey(path=key.path, values=tuple(resolve(v) for v in key.values), where=key.where)


def check_grid_size(grid: SweepGrid) -> None:
    """Refuse a grid of more than :data:`MAX_POINTS` points, saying how many each key makes."""
    if grid.size > MAX_POINTS:
        counts = [f"{k.name} ({len(k.values)})" for k in grid.keys]
        raise InputError(
            msg(
                "analysis.sweep_grid_too_many",
                file=Path(grid.file).name,
                points=grid.size,
                counts=" × ".join(counts),
                limit=MAX_POINTS,
            )
        )


def build_grid(values: Mapping[str, list[Any]]) -> SweepGrid:
    """A grid from ``{dotted key: values}`` in code (for notebooks); checked as a file is."""
    keys: list[GridKey] = []
    where = Where("grid", 1, 1)
    for index, name in enumerate(values, start=1):
        where.children[name] = Where("grid", index, 1)
    _flatten(dict(values), where, (), keys, "grid")
    if not keys:
        raise InputError(msg("analysis.sweep_grid_empty", file="grid"))
    grid = SweepGrid(file="grid", keys=tuple(keys))
    check_grid_size(grid)
    return grid


# --------------------------------------------------------------------------
# The points' scenarios
# --------------------------------------------------------------------------


def check_grid_keys(scenario: Scenario, grid: SweepGrid) -> list[Msg]:
    """Problems with keys that name what the scenario does not have (a kind, an indicator).

    Keys of the scenario's sections (``kinds.admin.pol``) are left to the
    validation, which says "did you mean"; here the names under mappings
    (``kinds.<kind>``, ``indicators.<name>``) are checked, and keys that go into
    a list (a list is given whole).
    """
    problems: list[Msg] = []
    file = Path(grid.file).name
    for key in grid.keys:
        node: Any = scenario
        for depth, part in enumerate(key.path):
            shown = where_text(file, key.where.line, key.name)
            parent = format_key_path(key.path[:depth]) or "scenario"
            if isinstance(node, BaseModel):
                if part not in type(node).model_fields:
                    break  # the validation names the unknown key
                node = getattr(node, part)
            elif isinstance(node, dict):
                if part not in node:
                    problems.append(
                        msg(
                            "analysis.sweep_grid_no_such_name",
                            where=shown,
                            name=show_key(part),
                            parent=parent,
                            names=sorted(str(n) for n in node) or ["-"],
                        )
                    )
                    break
                node = node[part]
            elif isinstance(node, list | tuple):
                problems.append(msg("analysis.sweep_grid_into_list", where=shown, parent=parent))
                break
            else:
                break  # a value replaced by a mapping: the validation checks it
    return problems


def _nest(path: tuple[str, ...], value: Any, into: dict[str, Any]) -> None:
    node = into
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = value


def _nest_where(path: tuple[str, ...], place: Where, into: Where) -> None:
    node = into
    for part in path:
        child = node.children.get(part)
        if child is None:
            child = Where(place.file, place.line, place.column, {}, place.value_line)
            node.children[part] = child
        node = child


def build_point_scenarios(scenario: Scenario, grid: SweepGrid) -> list[Scenario]:
    """Every point's scenario, validated, in point order.

    Parameters
    ----------
    scenario : Scenario
        The scenario the grid changes.
    grid : SweepGrid
        The keys and values.

    Returns
    -------
    list of Scenario
        Point ``i`` (from 1) is item ``i - 1``: the scenario with the point's
        values merged in as ``extends:`` merges a file.

    Raises
    ------
    InputError
        A key names a kind or indicator the scenario does not have, goes into
        a list, is not a scenario key, or a value is not valid there; each
        message names the grid file's line and the key (up to
        :data:`MAX_PROBLEMS`, the same message once).
    """
    problems: list[str | Msg] = list(check_grid_keys(scenario, grid))
    if problems:
        raise InputError(problems)
    raw = scenario.model_dump(mode="json", exclude={"source"})
    file = Path(grid.file).name
    places = Where(file, 1, 1)
    for key in grid.keys:
        _nest_where(key.path, key.where, places)
    source = scenario.source or "scenario"
    scenarios: list[Scenario] = []
    seen: set[str] = set()
    for values in grid.points():
        changes: dict[str, Any] = {}
        for key, value in zip(grid.keys, values, strict=True):
            _nest(key.path, value, changes)
        where = merge_where(raw, Where(source, 1, 1), changes, places)
        try:
            scenarios.append(build_scenario(merge_scenarios(raw, changes), source, where))
        except InputError as exc:
            for problem in exc.problems:
                if str(problem) not in seen:
                    seen.add(str(problem))
                    problems.append(problem)
            if len(problems) >= MAX_PROBLEMS:
                break
    if problems:
        raise InputError(problems[:MAX_PROBLEMS])
    return scenarios


__all__ = [
    "MAX_POINTS",
    "GridKey",
    "SweepGrid",
    "build_grid",
    "build_point_scenarios",
    "check_grid_keys",
    "check_grid_size",
    "describe_point",
    "format_value",
    "read_grid",
]
