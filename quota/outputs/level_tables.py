"""The review report's sections of a run over several levels (city → districts → streets).

With ``levels`` (:mod:`quota.outputs.level_view`) the report's allocation
section opens with a summary of the whole (全市汇总: per level above the
streets and per kind, each unit's allocated quotas, its streets' total, what
it keeps, and the sums of its streets' base, current quotas, change and staff
on board, with a 合计 row and how the pool reconciles), the pool's named
sources (编制来源), and then one section per unit of the level just above the
streets (a district): its figures in words and its streets' tables with their
totals. Above :data:`~quota.outputs.level_view.MAX_UNIT_SECTIONS` units (or
:data:`~quota.outputs.level_view.MAX_UNIT_SECTION_STREETS` streets) there are
no unit sections: the allocation tables follow, with each street's units as
columns, and a note says where the rest is. A level table of more than
:data:`~quota.outputs.report_tables.REPORT_MAX_STREETS` units lists the
:data:`~quota.outputs.report_tables.REPORT_TOP_N` largest; its totals row is
over all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from quota.locale import check_lang, kind_label, label
from quota.outputs.document import Cell, Table, quota_cell, signed_cell
from quota.outputs.level_view import (
    MAX_UNIT_SECTION_STREETS,
    MAX_UNIT_SECTIONS,
    UNIT_COLUMNS,
    LevelView,
    describe_level_chain,
    describe_own_staff,
    describe_sources,
    level_label,
    level_plural,
    level_whole,
    select_unit_streets,
    shown_columns,
    source_label,
    unit_parent_text,
)
from quota.outputs.report_tables import REPORT_MAX_STREETS, REPORT_TOP_N, build_allocation_tables
from quota.outputs.text import format_quotas, format_share, format_signed

if TYPE_CHECKING:
    from quota.results.result import Result


#: the columns of a level table, after the unit (and its parents): a unit frame's but its bound
LEVEL_TABLE_COLUMNS: tuple[str, ...] = tuple(c for c in UNIT_COLUMNS if c != "upper")


@dataclass(frozen=True)
class UnitSection:
    """One unit's section (a district): heading, its figures in words, its streets' tables."""

    heading: str
    lines: list[str]
    tables: list[Table]


@dataclass(frozen=True)
class LevelSections:
    """What the report shows of the levels (see the module's docstring)."""

    heading: str
    #: what the columns of the level tables mean, one paragraph each
    rules: list[str]
    tables: list[Table]
    sources_heading: str
    sources: Table | None
    #: the scenario's ``units:`` rules (a unit's turnover share, floors, caps); None without
    rules_heading: str = ""
    unit_rules: Table | None = None
    units: list[UnitSection] = field(default_factory=list)
    #: when the units have no section each: where each street's unit is
    note: str = ""


def _cell(column: str, value: object) -> Cell:
    return signed_cell(value) if column == "change" else quota_cell(value)


def _header(column: str, level: str, lang: str) -> str:
    if column == "streets":
        return label("levels.col.streets", lang)
    return label(f"levels.col.{column}", lang).format(level=level_label(level, lang))


def build_level_tables(view: LevelView, level: str, lang: str) -> list[Table]:
    """One table per kind: the units of ``level``, their figures and a totals row."""
    code = check_lang(lang)
    frame = view.units[level]
    higher = list(view.names[: view.names.index(level)])
    columns = shown_columns(frame, LEVEL_TABLE_COLUMNS)
    headers = [
        level_label(level, code),
        *(level_label(h, code) for h in higher),
        *(_header(c, level, code) for c in columns),
    ]
    tables = []
    for kind in dict.fromkeys(frame["kind"].astype(str)):
        part = frame.loc[frame["kind"].astype(str) == kind]
        shown = part
        note = ""
        if len(part) > REPORT_MAX_STREETS:
            shown = part.sort_values("allocated", ascending=False, kind="stable")
            shown = shown.iloc[:REPORT_TOP_N].sort_index()
            note = label("levels.report.top", code).format(
                n=len(shown), total=format_quotas(len(part)), plural=level_plural(level, code)
            )
        if level == view.names[0]:
            top = view.top.set_index("kind").loc[kind]
            note = " ".join(
                t
                for t in (
                    label("levels.note.top", code).format(
                        kind=kind_label(kind, code),
                        whole=level_whole(level, code),
                        pool=format_quotas(top["pool"]),
                        plural=level_plural(level, code),
                        allocated=format_quotas(top["allocated"]),
                        held=format_quotas(top["held"]),
                    ),
                    note,
                )
                if t
            )
        rows = [
            [Cell(str(r["unit"]), "text")]
            + [Cell(str(r[h]), "text") for h in higher]
            + [_cell(c, r[c]) for c in columns]
            for r in shown.to_dict(orient="records")
        ]
        total = (
            [Cell(label("total_row", code), "text")]
            + [Cell("", "text") for _ in higher]
            + [_cell(c, _sum(part[c])) for c in columns]
        )
        tables.append(
            Table(
                headers=headers,
                rows=rows,
                caption=label("levels.caption", code).format(
                    plural=level_plural(level, code), kind=kind_label(kind, code)
                ),
                total=total,
                note=note,
            )
        )
    return tables


def _sum(values: pd.Series) -> int | None:
    numbers = pd.to_numeric(values, errors="coerce")
    return None if numbers.isna().all() else int(numbers.sum())


def build_source_table(view: LevelView, lang: str) -> Table | None:
    """The pool's named sources: one row per source, one column per kind; None without."""
    if not view.sources:
        return None
    code = check_lang(lang)
    kinds = list(view.sources)
    names = list(dict.fromkeys(name for parts in view.sources.values() for name in parts))
    rows = [
        [Cell(source_label(name, code), "text")]
        + [quota_cell(view.sources[kind].get(name)) for kind in kinds]
        for name in names
    ]
    total = [Cell(label("report.col.pool", code), "text")] + [
        quota_cell(sum(view.sources[kind].values())) for kind in kinds
    ]
    return Table(
        headers=[label("levels.source", code), *(kind_label(k, code) for k in kinds)],
        rows=rows,
        total=total,
    )


def _rule_unit(key: str, view: LevelView, lang: str) -> str:
    """A ``units:`` key as people read it: 全部区县 for ``district``, the name for ``district:东城区``."""
    if key in view.upper:
        return label("levels.rules.every", lang).format(level=level_label(key, lang))
    level, colon, name = key.partition(":")
    return name if colon and level in view.upper else key


def _rule_cell(value: float | None, share: bool = False) -> Cell:
    if value is None:
        return Cell("–")
    return Cell(format_share(float(value), 1) if share else format_quotas(int(value)))


def build_unit_rules_table(result: Result, view: LevelView, lang: str) -> Table | None:
    """The scenario's ``units:`` rules as written: per key and kind, share, floor, ceiling, cap."""
    units = getattr(result.scenario, "units", None) or {}
    if not units:
        return None
    code = check_lang(lang)
    rows = [
        [
            Cell(_rule_unit(str(key), view, code), "text"),
            Cell(kind_label(str(kind), code), "text"),
            _rule_cell(cfg.turnover_share, share=True),
            _rule_cell(cfg.floor),
            _rule_cell(cfg.ceiling),
            _rule_cell(cfg.max_change),
        ]
        for key, kinds in units.items()
        for kind, cfg in kinds.items()
    ]
    headers = [
        label("levels.rules.unit", code),
        label("kind", code),
        label("turnover_share", code),
        label("floor", code),
        label("ceiling", code),
        label("max_change", code),
    ]
    return Table(headers=headers, rows=rows)


def describe_unit(view: LevelView, unit: str, lang: str) -> list[str]:
    """One sentence per kind: a unit's allocation, its streets' total, what it keeps."""
    code = check_lang(lang)
    level = view.lowest
    frame = view.units[level]
    lines = []
    for r in frame.loc[frame["unit"].astype(str) == unit].to_dict(orient="records"):
        text = label("levels.unit.line", code).format(
            kind=kind_label(str(r["kind"]), code),
            allocated=format_quotas(r["allocated"]),
            streets=format_quotas(r["streets_total"]),
            level=level_label(level, code),
            reserve=format_quotas(r["reserve"]),
        )
        if not pd.isna(r["current"]):
            text += label("levels.unit.change", code).format(
                current=format_quotas(r["current"]), change=format_signed(r["change"])
            )
        lines.append(text + label("levels.unit.end", code))
    return lines


def build_unit_sections(result: Result, view: LevelView, lang: str) -> list[UnitSection]:
    """One section per unit above the streets (none when there are too many)."""
    code = check_lang(lang)
    if not view.has_unit_sections(int(result.table["street"].nunique())):
        return []
    level = view.lowest
    parents = unit_parent_text(view.units[level], view.names, level)
    sections = []
    for unit in view.unit_names(level):
        parent = parents.get(unit, "")
        heading = (
            label("levels.h.unit_in", code).format(unit=unit, parent=parent) if parent else unit
        )
        sections.append(
            UnitSection(
                heading=heading,
                lines=describe_unit(view, unit, code),
                tables=build_allocation_tables(
                    result, code, table=select_unit_streets(result.table, level, unit)
                ),
            )
        )
    return sections


def build_level_sections(result: Result, view: LevelView, lang: str = "zh") -> LevelSections:
    """The report's level sections.

    Parameters
    ----------
    result : Result
        A solved allocation over several levels.
    view : LevelView
        Its levels, checked (:func:`~quota.outputs.level_view.build_level_view`).
    lang : {"zh", "en"}
        Language.

    Returns
    -------
    LevelSections
    """
    code = check_lang(lang)
    tables = [t for level in view.upper for t in build_level_tables(view, level, code)]
    units = build_unit_sections(result, view, code)
    note = ""
    if not units:
        level = view.lowest
        note = label("levels.report.more_units", code).format(
            level=level_label(level, code),
            plural=level_plural(level, code),
            n=format_quotas(len(view.unit_names(level))),
            streets=format_quotas(result.table["street"].nunique()),
            limit=MAX_UNIT_SECTIONS,
            rows=format_quotas(MAX_UNIT_SECTION_STREETS),
            sheet=label("sheet.allocation", code),
            header=level_label(level, code),
            column=level,
        )
    return LevelSections(
        heading=label("levels.h.summary", code).format(whole=level_whole(view.names[0], code)),
        rules=[
            label("levels.note.rule", code),
            *describe_own_staff(result, code),
            *(
                [label("levels.note.lower", code)]
                if "lower" in shown_columns(view.units[view.lowest], LEVEL_TABLE_COLUMNS)
                else []
            ),
        ],
        tables=tables,
        sources_heading=label("levels.h.sources", code),
        sources=build_source_table(view, code),
        rules_heading=label("levels.h.rules", code),
        unit_rules=build_unit_rules_table(result, view, code),
        units=units,
        note=note,
    )


def describe_level_summary(result: Result, view: LevelView, lang: str = "zh") -> list[str]:
    """The summary's sentences on the levels: the chain of levels and the pool's sources."""
    code = check_lang(lang)
    chain = label("levels.summary.levels", code).format(
        n=len(view.names), chain=describe_level_chain(view, result.table, code)
    )
    return [chain, *describe_sources(view, code)]
