"""What the outputs show of a run over several levels (city → districts → streets), checked.

A run with ``levels: [district, street]`` (up to four levels, top first, the
last always ``street``) carries :attr:`Result.levels
<quota.results.result.Result.levels>`: the names of the levels and the table
of ``levels.csv`` (``level, unit, kind, allocated, streets_total, reserve``).
:func:`build_level_view` joins that table with the allocation table's sums
over each unit's streets (base, current, staff on board, number of streets;
a unit's own current quotas and staff on board where ``unit_data:`` gives them)
and with the pool's named sources, and checks, before anything is written,
that every figure the outputs print reconciles:

- every upper unit and kind of the allocation table is in the levels table,
  and nothing else;
- ``streets_total`` is the sum of the unit's streets' ``total``;
- ``allocated = streets_total + reserve``;
- each unit is allocated at least what its streets need (``lower`` of the
  outcome's ``needs``) and at most its ``upper`` bound, when known;
- units nest: all streets of a unit have the same parent, and what a unit's
  children (the cities of a province) were allocated together is at most what
  the unit was allocated;
- for each kind, ``pool = allocated to the top level's units + held at the
  top`` with nothing negative held, and the pool's named sources add up to the
  pool.

A disagreement is a fault of the program, not of the input: it raises
:class:`~quota.errors.SolverError` (exit code 1, ``results.levels.check_failed``
naming the kind, the level and what disagrees), and nothing is written. Unit names are taken to be
unique within a level (the engine refuses a table where they are not).

Units keep the order of their first street in the allocation table; kinds the
table's order.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from quota.errors import Msg, SolverError
from quota.locale import LABELS, check_lang, kind_label, kind_name, label, msg
from quota.outputs.text import format_quotas

#: the allocation table's columns summed over each unit's streets
SUMMED_COLUMNS: tuple[str, ...] = ("total", "base", "current", "onboard")
#: the columns of a unit frame (:attr:`LevelView.units`), after the level and parent columns
UNIT_COLUMNS: tuple[str, ...] = (
    "allocated",
    "lower",
    "upper",
    "streets_total",
    "reserve",
    "base",
    "current",
    "change",
    "onboard",
    "streets",
)
#: up to this many units of the level above the streets get a workbook sheet and a report
#: section each
MAX_UNIT_SECTIONS = 50
#: ... and only up to this many streets in all (each street is written a second time)
MAX_UNIT_SECTION_STREETS = 10_000


@dataclass(frozen=True)
class LevelView:
    """A run's levels as the outputs show them (see :func:`build_level_view`).

    Attributes
    ----------
    names : tuple of str
        Level names, top first; the last is ``street``.
    units : dict
        Upper level -> one row per unit and kind: ``level, unit``, one column
        per higher level (the unit's parents), ``kind`` and
        :data:`UNIT_COLUMNS` [quotas; staff on board in people; ``streets``
        a count]. ``change = streets_total - current``; ``lower`` and
        ``upper``: the least the unit's streets need and the most it may get
        (``<NA>`` when not known or not bounded).
    top : DataFrame
        One row per kind: ``kind, pool, allocated`` (to the top level's units)
        and ``held`` (kept at the top) [quotas].
    sources : dict
        Kind -> named source -> quotas (empty when the pool is one number).
    """

    names: tuple[str, ...]
    units: dict[str, pd.DataFrame]
    top: pd.DataFrame
    sources: dict[str, dict[str, int]]

    @property
    def upper(self) -> tuple[str, ...]:
        """The levels above the streets, top first."""
        return self.names[:-1]

    @property
    def lowest(self) -> str:
        """The level just above the streets (its units get a sheet and a section each)."""
        return self.names[-2]

    def unit_names(self, level: str) -> list[str]:
        """The units of a level, in table order."""
        return list(dict.fromkeys(self.units[level]["unit"].astype(str)))

    def has_unit_sections(self, streets: int) -> bool:
        """Whether each unit above the streets gets its own sheet and report section."""
        return (
            len(self.unit_names(self.lowest)) <= MAX_UNIT_SECTIONS
            and streets <= MAX_UNIT_SECTION_STREETS
        )


def find_levels(result: Any) -> Any | None:
    """The result's levels outcome (``Result.levels``), or None for a one-level run."""
    levels = getattr(result, "levels", None)
    if levels is None or len(tuple(levels.names)) < 2:
        return None
    return levels


def level_label(name: str, lang: str) -> str:
    """A level's name: 省, 市, 县（市、区）, 区县, 街道/乡镇 (other names as they are)."""
    key = f"level.{name}"
    return label(key, lang) if key in LABELS else str(name)


def level_plural(name: str, lang: str) -> str:
    """A level's units together: 各区县 / districts."""
    key = f"level.plural.{name}"
    if key in LABELS:
        return label(key, lang)
    return label("level.plural.other", lang).format(level=level_label(name, lang))


def level_chart_title(level: str, lang: str) -> str:
    """The title of the chart of one level's units: 各区县编制分配 / Quotas allocated to ...

    Here, not with the chart, so that the reports name the chart without importing matplotlib.
    """
    return label("chart.by_level", lang).format(plural=level_plural(level, lang))


def level_whole(top: str, lang: str) -> str:
    """What the top level's units make together: 全市 for districts, 全国 for provinces."""
    key = f"level.whole.{top}"
    return label(key if key in LABELS else "level.whole.other", lang)


def source_label(name: str, lang: str) -> str:
    """A named source of a pool: 现有编制, 市级下达, ... (other names as they are)."""
    key = f"levels.source.{name}"
    return label(key, lang) if key in LABELS else str(name)


def describe_level_chain(view: LevelView, table: pd.DataFrame, lang: str) -> str:
    """``全市 → 各区县（3个） → 各街道/乡镇（10个）``."""
    code = check_lang(lang)
    parts = [level_whole(view.names[0], code)]
    for name in view.names:
        n = len(view.unit_names(name)) if name in view.units else table["street"].nunique()
        parts.append(
            label("levels.chain_part", code).format(plural=level_plural(name, code), n=f"{n:,}")
        )
    return label("levels.arrow", code).join(parts)


def _first_appearance(values: pd.Series) -> list[str]:
    return [str(v) for v in pd.unique(values.to_numpy(dtype=object))]


def _sum_streets(table: pd.DataFrame, level: str) -> pd.DataFrame:
    """Per unit of ``level`` and kind: the sums of :data:`SUMMED_COLUMNS` and the streets."""
    frame = pd.DataFrame(
        {
            "unit": table[level].astype(str).to_numpy(),
            "kind": table["kind"].astype(str).to_numpy(),
        }
    )
    for column in SUMMED_COLUMNS:
        frame[column] = pd.to_numeric(table[column], errors="coerce").to_numpy(
            dtype=float, na_value=np.nan
        )
    grouped = frame.groupby(["unit", "kind"], sort=False)
    sums = grouped[list(SUMMED_COLUMNS)].sum(min_count=1)
    sums["streets"] = grouped.size()  # a street has one row per kind
    return sums


def _parents(table: pd.DataFrame, names: tuple[str, ...], level: str) -> pd.DataFrame:
    """Per unit of ``level``: its parents (the higher levels' units of its first street)."""
    higher = list(names[: names.index(level)])
    first = table.drop_duplicates(subset=[level], keep="first")
    frame = pd.DataFrame({c: first[c].astype(str).to_numpy() for c in higher})
    frame.index = pd.Index(first[level].astype(str).to_numpy(), name="unit")
    return frame


def _where(level: str) -> Msg:
    return msg("solve.levels.level", plural=f"level.plural.{level}")


def _check(ok: bool, what: Msg, *, kind: str = "", where: Msg | str = "levels.csv") -> None:
    """Stop with an internal error (nothing is written) when ``ok`` is False."""
    if not ok:
        shown: Msg | str = kind_name(kind) if kind else ""
        raise SolverError(msg("results.levels.check_failed", kind=shown, where=where, what=what))


def _first_key(index: pd.Index) -> tuple[str, str]:
    unit, kind = index[0]
    return str(unit), str(kind)


def _compare_units(sums: pd.DataFrame, given: pd.DataFrame, level: str) -> None:
    """The same units and kinds on both sides, each once in ``given``."""
    listed = [f"{u} ({k})" for u, k in given.index[given.index.duplicated()]]
    listed += [f"{u} ({k})" for u, k in sums.index.symmetric_difference(given.index)]
    _check(not listed, msg("outputs.levels.rows", units=listed[:5]), where=_where(level))


def _check_sums(
    order: pd.MultiIndex, totals: np.ndarray, given: pd.DataFrame, level: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``allocated, streets_total, reserve`` of ``given``, checked against the streets' totals."""
    allocated = pd.to_numeric(given["allocated"]).to_numpy(dtype=np.int64)
    streets_total = pd.to_numeric(given["streets_total"]).to_numpy(dtype=np.int64)
    reserve = pd.to_numeric(given["reserve"]).to_numpy(dtype=np.int64)
    wrong = np.flatnonzero(streets_total != totals)
    if len(wrong):
        unit, kind = order[int(wrong[0])]
        what = msg(
            "outputs.levels.streets_sum",
            unit=unit,
            streets=int(totals[wrong[0]]),
            given=int(streets_total[wrong[0]]),
        )
        _check(False, what, kind=str(kind), where=_where(level))
    bad = np.flatnonzero((allocated != streets_total + reserve) | (reserve < 0))
    if len(bad):
        _check(False, msg("results.levels.check.table"), kind=str(order[int(bad[0])][1]))
    return allocated, streets_total, reserve


def _whole(values: pd.Series) -> list[int | None]:
    return [None if pd.isna(v) else int(round(float(v))) for v in values]


def _own_staff(frame: pd.DataFrame, own: pd.DataFrame | None, level: str) -> pd.DataFrame:
    """The unit frame with the units' own current quotas and staff on board (``unit_data:``).

    ``own``: the outcome's ``own_figures``; a unit without one keeps the sum
    over its streets; ``change`` follows the current quotas shown.
    """
    if own is None or own.empty:
        return frame
    mine = own.loc[(own["level"].astype(str) == level) & own["role"].isin(["current", "onboard"])]
    if mine.empty:
        return frame
    out = frame.copy()
    keys = list(zip(out["unit"].astype(str), out["kind"].astype(str), strict=True))
    for role in ("current", "onboard"):
        rows = mine.loc[mine["role"] == role]
        given = {
            (str(u), str(k)): int(round(float(v)))
            for u, k, v in zip(rows["unit"], rows["kind"], rows["value"], strict=True)
        }
        if given:
            values = [given.get(key, v) for key, v in zip(keys, out[role], strict=True)]
            out[role] = pd.array([None if pd.isna(v) else int(v) for v in values], dtype="Int64")
    out["change"] = pd.array(out["streets_total"].to_numpy(), dtype="Int64") - out["current"]
    return out


def build_unit_frame(
    table: pd.DataFrame,
    levels_table: pd.DataFrame,
    names: tuple[str, ...],
    level: str,
    own: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per unit of ``level`` and kind, checked against the streets (see module doc).

    Parameters
    ----------
    table : DataFrame
        Allocation table with a column per upper level.
    levels_table : DataFrame
        ``levels.csv``: ``level, unit, kind, allocated, streets_total, reserve``.
    names : tuple of str
        Level names, top first.
    level : str
        One upper level.
    own : DataFrame, optional
        The units' own figures (``LevelsOutcome.own_figures``): a unit's own
        current quotas and staff on board are shown in place of its streets' sums.

    Returns
    -------
    DataFrame
        ``level, unit``, the parent levels, ``kind`` and :data:`UNIT_COLUMNS`.

    Raises
    ------
    SolverError
        When the levels table and the allocation table disagree (an internal error).
    """
    _check(level in table.columns, msg("outputs.levels.rows", units=[level]), where=_where(level))
    sums = _sum_streets(table, level)
    rows = levels_table.loc[levels_table["level"].astype(str) == level]
    given = rows.set_index([rows["unit"].astype(str), rows["kind"].astype(str)])
    _compare_units(sums, given, level)
    units = _first_appearance(table[level])
    kinds = _first_appearance(table["kind"])
    order = pd.MultiIndex.from_tuples(
        [(u, k) for k in kinds for u in units if (u, k) in sums.index], names=["unit", "kind"]
    )
    sums, given = sums.reindex(order), given.reindex(order)
    totals = sums["total"].to_numpy(dtype=float)
    allocated, streets_total, reserve = _check_sums(order, totals, given, level)
    parents = _parents(table, names, level).reindex(order.get_level_values("unit"))
    frame = pd.DataFrame(
        {
            "level": level,
            "unit": order.get_level_values("unit"),
            **{c: parents[c].to_numpy() for c in parents.columns},
            "kind": order.get_level_values("kind"),
            "allocated": allocated,
            "streets_total": streets_total,
            "reserve": reserve,
            "base": pd.array(_whole(sums["base"]), dtype="Int64"),
            "current": pd.array(_whole(sums["current"]), dtype="Int64"),
            "onboard": pd.array(_whole(sums["onboard"]), dtype="Int64"),
            "streets": sums["streets"].to_numpy(dtype=np.int64),
        }
    )
    frame.insert(
        frame.columns.get_loc("current") + 1,
        "change",
        pd.array(streets_total, dtype="Int64") - frame["current"],
    )
    return _own_staff(frame, own, level).reset_index(drop=True)


def _check_nesting(
    table: pd.DataFrame, units: Mapping[str, pd.DataFrame], names: tuple[str, ...]
) -> None:
    """Units nest, and the children of a unit are allocated no more than the unit."""
    for parent, child in zip(names[:-2], names[1:-1], strict=True):
        parents = table.groupby(table[child].astype(str), sort=False)[parent].nunique()
        twice = [str(u) for u in parents.index[parents > 1]]
        _check(not twice, msg("outputs.levels.rows", units=twice[:5]), where=_where(child))
        given = units[child].groupby([parent, "kind"], sort=False)["allocated"].sum()
        upper = units[parent].set_index(["unit", "kind"])["allocated"]
        over = given[given > upper.reindex(given.index).to_numpy()]
        if not over.empty:
            unit, kind = _first_key(over.index)
            _check(False, msg("results.levels.check.made"), kind=kind, where=unit)


def _add_needs(frame: pd.DataFrame, needs: pd.DataFrame | None, level: str) -> pd.DataFrame:
    """The unit frame with ``lower`` and ``upper`` after ``allocated``, checked against it."""
    keys = pd.MultiIndex.from_arrays([frame["unit"].astype(str), frame["kind"].astype(str)])
    lower = upper = pd.Series(pd.NA, index=keys, dtype="Int64")
    if needs is not None and len(needs):
        rows = needs.loc[needs["level"].astype(str) == level]
        rows = rows.set_index([rows["unit"].astype(str), rows["kind"].astype(str)])
        lower = rows["lower"].astype("Int64").reindex(keys)
        upper = rows["upper"].astype("Int64").reindex(keys)
    allocated = pd.Series(frame["allocated"].to_numpy(), index=keys, dtype="Int64")
    below = (allocated < lower).fillna(False).to_numpy(dtype=bool)
    above = (allocated > upper).fillna(False).to_numpy(dtype=bool)
    outside = below | above
    if outside.any():
        first = int(np.flatnonzero(outside)[0])
        what = msg("results.levels.check.bounds")
        _check(False, what, kind=str(frame["kind"].iloc[first]), where=_where(level))
    out = frame.copy()
    at = out.columns.get_loc("allocated") + 1
    out.insert(at, "lower", lower.array)
    out.insert(at + 1, "upper", upper.array)
    return out


def _read_sources(result: Any, levels: Any) -> dict[str, dict[str, int]]:
    """The pool's named sources per kind (``Result.pool_sources``), as plain ints."""
    raw = getattr(result, "pool_sources", None) or getattr(levels, "pool_sources", None) or {}
    return {
        str(kind): {str(name): int(n) for name, n in parts.items()}
        for kind, parts in raw.items()
        if parts
    }


def _build_top(
    kinds: pd.DataFrame, top_units: pd.DataFrame, given_top: pd.DataFrame | None
) -> pd.DataFrame:
    """Per kind: the pool, what the top level's units were allocated, what the top kept.

    ``given_top`` (the outcome's ``top``: ``kind, pool, allocated, held``), when
    there is one, must say the same.
    """
    allocated = top_units.groupby("kind", sort=False)["allocated"].sum()
    pools = {str(k): int(p) for k, p in zip(kinds["kind"], kinds["pool"], strict=True)}
    stated = None if given_top is None else given_top.set_index(given_top["kind"].astype(str))
    rows = []
    for kind in dict.fromkeys(top_units["kind"].astype(str)):
        _check(kind in pools, msg("outputs.levels.rows", units=[kind]))
        given = int(allocated[kind])
        held = pools[kind] - given
        said: tuple[int, ...] = (pools[kind], given, held)
        if stated is not None and kind in stated.index:
            said = tuple(int(stated.loc[kind, c]) for c in ("pool", "allocated", "held"))
        what = msg("results.levels.check.pool", allocated=said[1], held=said[2], pool=said[0])
        _check(held >= 0 and said == (pools[kind], given, held), what, kind=kind, where="")
        rows.append({"kind": kind, "pool": pools[kind], "allocated": given, "held": held})
    return pd.DataFrame(rows, columns=["kind", "pool", "allocated", "held"])


def build_level_view(result: Any) -> LevelView | None:
    """The levels of a result as the outputs show them, checked; None for a one-level run.

    Parameters
    ----------
    result : Result
        A solved allocation; its ``levels`` (``names``, ``table``) and, when
        the pool was given as named sources, ``pool_sources``.

    Returns
    -------
    LevelView or None

    Raises
    ------
    SolverError
        When the figures do not reconcile (see the module's docstring): an
        internal error, exit code 1.
    """
    levels = find_levels(result)
    if levels is None:
        return None
    # the workbook's and the report's writers each ask for the view of the same result
    key = (id(result.table), id(levels), id(levels.table))
    if _LAST_VIEW and _LAST_VIEW[0][0]() is result and _LAST_VIEW[0][1] == key:
        return _LAST_VIEW[0][2]
    view = _build_view(result, levels)
    try:
        _LAST_VIEW[:] = [(weakref.ref(result), key, view)]
    except TypeError:  # not weakly referable: no cache
        _LAST_VIEW.clear()
    return view


#: the last view built and what it was built from (a result is not changed once made, so the
#: same objects give the same view)
_LAST_VIEW: list[tuple[weakref.ref[Any], tuple[int, int, int], LevelView]] = []


def _build_view(result: Any, levels: Any) -> LevelView:
    names = tuple(str(n) for n in levels.names)
    table = result.table
    needs = getattr(levels, "needs", None)
    own = getattr(levels, "own_figures", None)
    units = {
        level: _add_needs(build_unit_frame(table, levels.table, names, level, own), needs, level)
        for level in names[:-1]
    }
    _check_nesting(table, units, names)
    top = _build_top(result.kinds, units[names[0]], getattr(levels, "top", None))
    sources = _read_sources(result, levels)
    for kind, parts in sources.items():
        pool = top.loc[top["kind"] == kind, "pool"]
        _check(
            pool.empty or int(pool.iloc[0]) == sum(parts.values()),
            msg("results.levels.check.sources"),
            kind=kind,
            where="",
        )
    return LevelView(names=names, units=units, top=top, sources=sources)


def shown_columns(frame: pd.DataFrame, columns: Sequence[str]) -> list[str]:
    """``columns`` without ``lower`` when no unit's need is known (a levels outcome without it)."""
    return [c for c in columns if c != "lower" or bool(frame["lower"].notna().any())]


def select_unit_streets(table: pd.DataFrame, level: str, unit: str) -> pd.DataFrame:
    """The allocation rows of one unit's streets (every kind), in table order."""
    return table.loc[table[level].astype(str) == unit]


def describe_sources(view: LevelView, lang: str) -> list[str]:
    """One sentence per kind with named sources: ``行政编制总量392名：现有编制355名、...``."""
    code = check_lang(lang)
    lines = []
    for kind, parts in view.sources.items():
        listed = label("levels.source_sep", code).join(
            label("levels.source_part", code).format(
                source=source_label(name, code), n=format_quotas(n)
            )
            for name, n in parts.items()
        )
        lines.append(
            label("levels.sources_line", code).format(
                kind=kind_label(kind, code),
                pool=format_quotas(sum(parts.values())),
                parts=listed,
            )
        )
    return lines


def unit_parent_text(frame: pd.DataFrame, names: tuple[str, ...], level: str) -> Mapping[str, str]:
    """Unit -> its parents joined by ``/`` (empty at the top level)."""
    higher = list(names[: names.index(level)])
    if not higher:
        return {u: "" for u in frame["unit"].astype(str)}
    first = frame.drop_duplicates(subset=["unit"])
    return {
        str(r["unit"]): "/".join(str(r[c]) for c in higher) for r in first.to_dict(orient="records")
    }


def describe_own_staff(result: Any, lang: str, level: str | None = None) -> list[str]:
    """Per upper level, the units whose current quotas or staff on board are their own figures.

    ``unit_data:`` replaces a unit's sums over its streets; the notes under the
    level tables, which otherwise say those columns are sums, name the units
    (empty without own figures of these roles).
    """
    code = check_lang(lang)
    levels = find_levels(result)
    own = getattr(levels, "own_figures", None) if levels is not None else None
    if own is None or own.empty:
        return []
    staff = own.loc[own["role"].isin(["current", "onboard"])]
    if level is not None:  # one level's only
        staff = staff.loc[staff["level"].astype(str) == level]
    lines = []
    for level in dict.fromkeys(staff["level"].astype(str)):
        units = list(dict.fromkeys(staff.loc[staff["level"].astype(str) == level, "unit"]))
        joined = ("、" if code == "zh" else ", ").join(str(u) for u in units)
        lines.append(
            label("levels.note.own_staff", code).format(
                units=joined, level=level_label(level, code)
            )
        )
    return lines
