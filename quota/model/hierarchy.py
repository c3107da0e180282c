"""The levels of a scenario read from the street table: which street is in which unit.

A scenario with ``levels: [district, street]`` (up to four levels, top first,
e.g. ``[province, city, street]``) reads, for every street, its unit at each
upper level from the column of that name (``district``: 区县, 所属区县, ...;
``province``: 省, 省份, ...; ``city``: 市, 地市, ...; ``county``: 县, ...).
:func:`build_hierarchy` checks that every street has a unit at every level and
that every unit has one parent, and numbers the units of each level in the
order of their first street. Everything after works on those numbers with
group sums (``numpy.bincount``), never a Python loop over the streets.

A *split* divides one holder's quotas among its children: split 0 is the
pool's holder (the whole: 全市 for districts) dividing among the units of the
top level, split ``d`` the units of level ``d - 1`` each dividing among theirs,
and the last split the units just above the streets each dividing among their
streets. :func:`compute_split_scores` gives each child's workload share within
its holder by the scenario's one rule (the same weights and transforms; the
indicators of a unit are the sums over its streets).

The scenario's ``units:`` settings are resolved here too
(:func:`resolve_unit_settings`): a key is a unit's name (or ``level:name``) or
a level's name (every unit of that level).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from quota._typing import FloatArray, IntArray
from quota.config.columns import COLUMN_ALIASES
from quota.config.schema import LEVEL_NAMES, Scenario, UnitKindConfig
from quota.errors import InputError, Msg
from quota.io.cells import format_number
from quota.io.table import StreetTable
from quota.locale import kind_name, msg
from quota.methods.scores import apply_transform

if TYPE_CHECKING:  # the own figures' module builds on this one
    from quota.model.unit_data import UnitData

#: rows named in a message about cells, at most
MAX_ROWS_NAMED = 5
#: stands for "no bound" in the per-street and per-unit arrays [quotas]
UNBOUNDED = 10**12


def level_key(level: str) -> str:
    """The label key of a level's name (``level.district``: 区县 / district)."""
    return f"level.{level}"


def plural_key(level: str) -> str:
    """The label key of a level's units together (``level.plural.district``: 各区县 / districts)."""
    return f"level.plural.{level}"


@dataclass(frozen=True)
class Hierarchy:
    """Which street is in which unit, at every level above the streets.

    Attributes
    ----------
    names : tuple of str
        The levels, top first; the last is ``street``.
    units : tuple of tuple of str
        Per upper level, its units' names in the order of their first street.
    codes : tuple of int arrays
        Per upper level, each street's unit there (an index into ``units``).
    parents : tuple of int arrays
        Per upper level, each unit's parent (an index into the level above;
        all 0 at the top level, whose parent is the whole).
    """

    names: tuple[str, ...]
    units: tuple[tuple[str, ...], ...]
    codes: tuple[IntArray, ...]
    parents: tuple[IntArray, ...]

    @property
    def upper(self) -> tuple[str, ...]:
        """The levels above the streets, top first."""
        return self.names[:-1]

    @property
    def splits(self) -> int:
        """How many splits there are: one per level (the whole's, then each level's units')."""
        return len(self.names)

    def holders(self, split: int) -> int:
        """How many holders divide at ``split`` (1 for the whole)."""
        return 1 if split == 0 else len(self.units[split - 1])

    def holder_of(self, split: int, streets: int) -> IntArray:
        """Each child's holder at ``split`` (children: the units of level ``split``, or streets)."""
        if split == len(self.upper):
            return self.codes[-1] if self.upper else np.zeros(streets, dtype=np.int64)
        if split == 0:
            return np.zeros(len(self.units[0]), dtype=np.int64)
        return self.parents[split]

    def children_codes(self, split: int, streets: int) -> IntArray:
        """Each street's child at ``split`` (its unit of level ``split``, or itself)."""
        if split == len(self.upper):
            return np.arange(streets, dtype=np.int64)
        return self.codes[split]

    def parent_names(self) -> dict[str, dict[str, str]]:
        """For every level below the top: unit -> its parent unit's name."""
        out: dict[str, dict[str, str]] = {}
        for level in range(1, len(self.upper)):
            above = self.units[level - 1]
            out[self.upper[level]] = {
                name: above[int(p)]
                for name, p in zip(self.units[level], self.parents[level], strict=True)
            }
        return out

    def street_parents(self, streets: Sequence[str]) -> dict[str, str]:
        """Street -> its unit at the level just above the streets."""
        lowest = self.units[-1]
        return {s: lowest[int(c)] for s, c in zip(streets, self.codes[-1], strict=True)}


def _cell_text(value: object) -> str:
    """A level cell as a name: text as written, whole numbers without ``.0`` (codes 110101)."""
    if isinstance(value, float | np.floating):
        return format_number(float(value))
    return str(value).strip()


def _level_column(level: str, table: StreetTable) -> pd.Series:
    if level in table.frame.columns:
        return table.frame[level]
    aliases = COLUMN_ALIASES.get(level, ())
    raise InputError(
        msg(
            "model.levels.column_missing",
            level=level_key(level),
            name=level,
            place=table.place,
            looked=(level, *aliases[:6]),
        )
    )


def _read_level(level: str, table: StreetTable) -> list[str]:
    """Each street's unit at ``level`` as text; an empty cell is an error naming its rows."""
    column = _level_column(level, table)
    raw = column.astype(object).where(column.notna(), None).tolist()
    texts = ["" if v is None else _cell_text(v) for v in raw]
    empty = [i for i, text in enumerate(texts) if not text]
    if empty:
        rows = [table.rows[i] for i in empty[:MAX_ROWS_NAMED]]
        raise InputError(
            msg(
                "model.levels.cell_empty",
                level=level_key(level),
                place=table.place,
                header=table.header(level),
                rows=rows,
                count=len(empty),
            )
        )
    return texts


def _check_one_parent(
    level: str,
    above: str,
    codes: IntArray,
    parent_codes: IntArray,
    names: Sequence[str],
    parent_names: Sequence[str],
    table: StreetTable,
) -> IntArray:
    """Each unit's parent; a unit under two parents is an error naming both and their rows."""
    n = len(names)
    first = np.full(n, -1, dtype=np.int64)
    order = np.arange(len(codes))
    seen = pd.DataFrame({"unit": codes, "parent": parent_codes, "row": order})
    pairs = seen.drop_duplicates(subset=["unit", "parent"], keep="first")
    twice = pairs[pairs.duplicated(subset=["unit"], keep=False)]
    if not twice.empty:
        unit = int(twice["unit"].iloc[0])
        mine = twice[twice["unit"] == unit].head(2)
        rows = [table.rows[int(r)] for r in mine["row"]]
        raise InputError(
            msg(
                "model.levels.two_parents",
                level=level_key(level),
                unit=names[unit],
                above=level_key(above),
                first=parent_names[int(mine["parent"].iloc[0])],
                second=parent_names[int(mine["parent"].iloc[1])],
                rows=rows,
                place=table.place,
            )
        )
    first[pairs["unit"].to_numpy()] = pairs["parent"].to_numpy()
    return first


def build_hierarchy(table: StreetTable, names: Sequence[str]) -> Hierarchy:
    """Read each street's unit at every upper level and number the units.

    Raises
    ------
    InputError
        A level's column is missing, a cell is empty, or a unit lies in two
        units of the level above (names and rows given).
    """
    names = tuple(names)
    units: list[tuple[str, ...]] = []
    codes: list[IntArray] = []
    parents: list[IntArray] = []
    for number, level in enumerate(names[:-1]):
        texts = _read_level(level, table)
        code, uniques = pd.factorize(pd.Series(texts, dtype=object), sort=False)
        level_units = tuple(str(u) for u in uniques)
        code = np.asarray(code, dtype=np.int64)
        if number == 0:
            parent = np.zeros(len(level_units), dtype=np.int64)
        else:
            parent = _check_one_parent(
                level, names[number - 1], code, codes[-1], level_units, units[-1], table
            )
        units.append(level_units)
        codes.append(code)
        parents.append(parent)
    return Hierarchy(names=names, units=tuple(units), codes=tuple(codes), parents=tuple(parents))


# --------------------------------------------------------------------------
# Group sums
# --------------------------------------------------------------------------


def group_sum(values: np.ndarray, groups: IntArray, size: int) -> np.ndarray:
    """Sum of ``values`` per group (``groups``: each row's group, ``size`` groups)."""
    if np.issubdtype(np.asarray(values).dtype, np.integer):
        out = np.zeros(size, dtype=np.int64)
        np.add.at(out, groups, np.asarray(values, dtype=np.int64))
        return out
    return np.bincount(groups, weights=np.asarray(values, dtype=float), minlength=size)


def group_any(mask: np.ndarray, groups: IntArray, size: int) -> np.ndarray:
    """Whether any row of each group is True."""
    return np.bincount(groups, weights=np.asarray(mask, dtype=float), minlength=size) > 0


# --------------------------------------------------------------------------
# Scores within each holder
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class SplitScores:
    """Each child's workload share within its holder at one split.

    ``score`` sums to 1 within every holder; ``notices`` names the holders in
    which a weighted indicator is 0 for every child (its weight then goes to
    the other indicators there; with none left, the children share equally).
    """

    score: FloatArray
    notices: tuple[Msg, ...] = ()
    unit_data: UnitData | None = None


def compute_split_scores(
    values: FloatArray,
    weights: FloatArray,
    transforms: Sequence[str],
    holder: IntArray,
    holders: int,
) -> tuple[FloatArray, np.ndarray]:
    """Workload shares of the children within each holder, by the scenario's one rule.

    ``s_c = sum_i w_i * t_i(x_ci) / sum_{c' in holder} t_i(x_c'i)``: the score
    kernel of :func:`quota.methods.scores.compute_share_scores`, one holder at a
    time (vectorised over the holders). With one holder (the whole) the sums are
    the kernel's own, so a run where every street is its own district scores
    the districts exactly as a one-level run scores its streets.

    Parameters
    ----------
    values : float array, shape (children, indicators)
        The children's indicator values (a unit's are the sums over its streets).
    weights : float array, shape (indicators,)
        Weights summing to 1 (indicators of weight 0 are skipped).
    transforms : sequence of str
        Per indicator: ``none``, ``sqrt`` or ``log1p``.
    holder, holders : int array, int
        Each child's holder, and how many holders.

    Returns
    -------
    score : float array
        Sums to 1 within each holder.
    zero : bool array, shape (holders, indicators)
        Where a weighted indicator is 0 for every child of a holder.
    """
    n, m = values.shape
    columns = []
    totals = np.zeros((holders, m))
    for i in range(m):
        column = apply_transform(values[:, i], transforms[i]) if weights[i] > 0 else values[:, i]
        columns.append(column)
        totals[:, i] = column.sum() if holders == 1 else np.bincount(holder, column, holders)
    used = np.asarray(weights) > 0
    zero = (totals <= 0) & used[np.newaxis, :]
    score = np.zeros(n)
    if not zero.any():
        for i in range(m):
            if used[i]:
                score = score + weights[i] * (columns[i] / totals[holder, i])
        return score, zero
    effective = np.where(zero, 0.0, np.asarray(weights)[np.newaxis, :] * used)
    scale = effective.sum(axis=1)
    for i in range(m):
        if not used[i]:
            continue
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(zero[holder, i], 0.0, columns[i] / totals[holder, i])
            w = np.where(scale[holder] > 0, effective[holder, i] / scale[holder], 0.0)
        score = score + w * share
    size = np.bincount(holder, minlength=holders).astype(float)
    empty = scale <= 0
    score = np.where(empty[holder], 1.0 / np.maximum(size[holder], 1.0), score)
    return score, zero


def describe_zero_indicators(
    kind: str,
    level: str,
    zero: np.ndarray,
    names: Sequence[str],
    holders: Sequence[str],
    children: IntArray,
) -> list[Msg]:
    """Notices for holders with two or more children in which an indicator is 0 throughout."""
    size = np.bincount(children, minlength=len(holders))
    found: list[Msg] = []
    rows, cols = np.nonzero(zero)
    for h, i in zip(rows, cols, strict=True):
        if size[h] < 2:
            continue
        found.append(
            msg(
                "model.levels.indicator_zero",
                kind=kind_name(kind),
                level=level_key(level),
                unit=holders[int(h)],
                indicator=names[int(i)],
            )
        )
    return found


# --------------------------------------------------------------------------
# units: settings
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitRules:
    """One kind's ``units:`` settings, resolved against the hierarchy.

    Attributes
    ----------
    turnover_share : tuple of float arrays
        Per upper level, each unit's own turnover share (0 unless set).
    floor, ceiling, max_change : int arrays or None
        Per street, the value the street's unit (or a unit above it) sets, or
        -1 where none does; None when no unit sets it.
    """

    turnover_share: tuple[FloatArray, ...]
    floor: IntArray | None = None
    ceiling: IntArray | None = None
    max_change: IntArray | None = None


def _find_unit(key: str, hierarchy: Hierarchy) -> list[tuple[int, int | None]]:
    """The (level, unit) places a ``units:`` key names; ``unit`` None: the whole level."""
    upper = hierarchy.upper
    if key in upper:
        return [(upper.index(key), None)]
    head, colon, rest = key.partition(":")
    if colon and head.strip() in upper:
        level = upper.index(head.strip())
        names = hierarchy.units[level]
        return [(level, names.index(rest.strip()))] if rest.strip() in names else []
    return [
        (level, names.index(key)) for level, names in enumerate(hierarchy.units) if key in names
    ]


def closest_hint(name: str, choices: Sequence[str]) -> Msg:
    """ "Did you mean ...?" with the choice closest to ``name``, or a full stop when none is close."""
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.5)
    return msg("model.did_you_mean", close=close[0]) if close else msg("model.full_stop")


def _unit_key_problem(key: str, places: list[tuple[int, int | None]], hierarchy: Hierarchy) -> Msg:
    if key == "street" or key in LEVEL_NAMES and key not in hierarchy.upper:
        return msg("model.levels.units_level", key=key, levels=list(hierarchy.upper))
    if places:
        levels = [hierarchy.upper[level] for level, _ in places]
        return msg("model.levels.units_ambiguous", key=key, levels=levels)
    every = [n for names in hierarchy.units for n in names]
    return msg("model.levels.units_unknown", key=key, hint=closest_hint(key, every))


def locate_unit_keys(
    scenario: Scenario, hierarchy: Hierarchy
) -> list[tuple[int, int | None, dict[str, UnitKindConfig]]]:
    """Each ``units:`` key's place, top level first, a level's key before its units' keys.

    Raises
    ------
    InputError
        A key that names no upper unit or level, or a unit's name found at two levels.
    """
    problems: list[Msg] = []
    placed: list[tuple[int, int, int | None, dict[str, UnitKindConfig]]] = []
    for order, (key, settings) in enumerate(scenario.units.items()):
        places = _find_unit(key, hierarchy)
        if len(places) != 1:
            problems.append(_unit_key_problem(key, places, hierarchy))
            continue
        level, unit = places[0]
        placed.append((level, order, unit, settings))
    if problems:
        raise InputError(problems)
    placed.sort(key=lambda p: (p[0], p[2] is not None, p[1]))
    return [(level, unit, settings) for level, _order, unit, settings in placed]


def resolve_unit_settings(
    scenario: Scenario, hierarchy: Hierarchy, streets: int
) -> dict[str, UnitRules]:
    """Per kind: each unit's turnover share and the street bounds the units set.

    A level's key applies to all its units; a unit's own key wins over its
    level's; bounds set at a lower level win over a higher one's.
    """
    located = locate_unit_keys(scenario, hierarchy)
    rules: dict[str, UnitRules] = {}
    for kind in scenario.kinds:
        shares = [np.zeros(len(units)) for units in hierarchy.units]
        bounds: dict[str, IntArray | None] = {"floor": None, "ceiling": None, "max_change": None}
        for level, unit, settings in located:
            cfg = settings.get(kind)
            if cfg is None:
                continue
            where = np.ones(streets, dtype=bool) if unit is None else hierarchy.codes[level] == unit
            if cfg.turnover_share is not None:
                if unit is None:
                    shares[level][:] = cfg.turnover_share
                else:
                    shares[level][unit] = cfg.turnover_share
            for name in bounds:
                value = getattr(cfg, name)
                if value is None:
                    continue
                array = bounds[name]
                if array is None:
                    array = np.full(streets, -1, dtype=np.int64)
                array[where] = value
                bounds[name] = array
        rules[kind] = UnitRules(
            turnover_share=tuple(shares),
            floor=bounds["floor"],
            ceiling=bounds["ceiling"],
            max_change=bounds["max_change"],
        )
    return rules


def merge_bound(
    own: IntArray | None, set_by_units: IntArray | None, missing: int
) -> IntArray | None:
    """A kind's per-street bound with the units' settings in place (``missing``: no bound)."""
    if set_by_units is None:
        return own
    base = np.full(len(set_by_units), missing, dtype=np.int64) if own is None else own.copy()
    chosen = set_by_units >= 0
    base[chosen] = set_by_units[chosen]
    return base


# --------------------------------------------------------------------------
# Everything a run over several levels needs, prepared once
# --------------------------------------------------------------------------


def _own_values(
    children: FloatArray, indicators: Sequence[str], own: Mapping[str, FloatArray] | None
) -> FloatArray:
    """The units' indicator values with their own in place of the sums, where they have one."""
    if not own:
        return children
    out = children.copy()
    for i, name in enumerate(indicators):
        mine = own.get(name)
        if mine is not None:
            out[:, i] = np.where(np.isnan(mine), out[:, i], mine)
    return out


def compute_all_split_scores(
    kind: str,
    hierarchy: Hierarchy,
    values: FloatArray,
    weights: FloatArray,
    transforms: Sequence[str],
    indicators: Sequence[str],
    own: Mapping[int, Mapping[str, FloatArray]] | None = None,
) -> tuple[tuple[FloatArray, ...], list[Msg]]:
    """Each split's children's shares within their holders, and notices of indicators that are 0.

    ``values``: the streets' indicator values (one column per indicator); a
    unit's values are the sums over its streets, or its own where ``own``
    (upper level -> indicator -> per unit, NaN: none; ``unit_data:``) has one.
    """
    n = values.shape[0]
    scores: list[FloatArray] = []
    notices: list[Msg] = []
    for split in range(hierarchy.splits):
        if split < len(hierarchy.upper):
            count = len(hierarchy.units[split])
            children = (
                np.column_stack(
                    [
                        group_sum(values[:, i], hierarchy.codes[split], count)
                        for i in range(values.shape[1])
                    ]
                )
                if values.shape[1]
                else np.zeros((count, 0))
            )
            children = _own_values(children, indicators, (own or {}).get(split))
        else:
            children = values
        holder = hierarchy.holder_of(split, n)
        holders = hierarchy.holders(split)
        score, zero = compute_split_scores(children, weights, transforms, holder, holders)
        scores.append(score)
        if split > 0 and zero.any():
            notices += describe_zero_indicators(
                kind,
                hierarchy.upper[split - 1],
                zero,
                indicators,
                hierarchy.units[split - 1],
                holder,
            )
    return tuple(scores), notices


@dataclass(frozen=True)
class LevelsSetup:
    """A scenario's levels, read and resolved before anything is solved.

    Attributes
    ----------
    hierarchy : Hierarchy
        Which street is in which unit.
    rules : dict
        Kind -> the ``units:`` settings (:class:`UnitRules`).
    scores : dict
        Kind -> per split, each child's workload share within its holder.
    unit_decisions : tuple of Decision
        The decisions about upper units (those about streets stay in the scenario).
    decisions : tuple of Decision
        Every decision of the run, as given.
    notices : tuple of Msg
        Holders in which an indicator is 0 for every child; the units' own
        figures used (``unit_data:``).
    unit_data : UnitData or None
        The units' own figures (:mod:`quota.model.unit_data`), when the scenario gives any.
    """

    hierarchy: Hierarchy
    rules: dict[str, UnitRules]
    scores: dict[str, tuple[FloatArray, ...]]
    unit_decisions: tuple = ()
    decisions: tuple = ()
    notices: tuple[Msg, ...] = ()
    unit_data: UnitData | None = None
