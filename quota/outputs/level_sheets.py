"""The review workbook's sheets of a run over several levels (city → districts → streets).

With ``levels`` (:mod:`quota.outputs.level_view`), after the allocation sheet:

1. one summary sheet per level above the streets, top first: the top level's
   is named after the whole it divides (全市汇总 for districts, 全国汇总 for
   provinces), the others after their level (各市汇总). One row per unit, its
   parents in the 所属 columns, per kind: allocated, streets' total, kept by
   the unit, and the sums of its streets' base, current quotas, change and
   staff on board; a 合计 row of ``SUM`` formulas; below, how each kind's pool
   reconciles (pool = allocated + held at the top; allocated = streets' total
   + kept) and the pool's named sources;
2. one sheet per unit of the level just above the streets (a district), named
   after it, with its streets and the allocation sheet's columns (the 决定
   column excepted: decisions are typed on the allocation sheet only), a 合计
   row and the unit's figures in words. Only up to
   :data:`~quota.outputs.level_view.MAX_UNIT_SECTIONS` units and
   :data:`~quota.outputs.level_view.MAX_UNIT_SECTION_STREETS` streets; above,
   a note row on the last summary sheet says where each street's unit is (the
   allocation sheet's level columns).

Sheet names are at most 31 characters, without ``[]:*?/\\``, unique without
regard to case (a unit named like another sheet gets ``(2)``). Every sheet is
printed as the allocation sheet: A4 landscape, fitted to the width, header
rows repeated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from quota.locale import check_lang, kind_label, label
from quota.outputs.level_view import (
    MAX_UNIT_SECTION_STREETS,
    MAX_UNIT_SECTIONS,
    UNIT_COLUMNS,
    LevelView,
    describe_own_staff,
    describe_sources,
    level_label,
    level_plural,
    level_whole,
    select_unit_streets,
    shown_columns,
)
from quota.outputs.sheets import GROUP_ROW, HEADER_ROW, Column, Group, write_grouped_table
from quota.outputs.text import format_quotas
from quota.outputs.xlsx import column_width, number_cells, set_print_layout

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook

    from quota.results.result import Result

#: longest sheet name a spreadsheet takes [characters]
SHEET_NAME_MAX = 31
#: characters a sheet name cannot hold
_BAD_SHEET_CHARS = "[]:*?/\\"
#: the columns of each kind on a summary sheet: a unit frame's but its bound and
#: the number of streets
SUMMARY_COLUMNS: tuple[str, ...] = tuple(c for c in UNIT_COLUMNS if c not in ("upper", "streets"))
#: how summary columns are shown (others: plain counts)
_STYLES: dict[str, str] = {"change": "signed"}
#: what a protected sheet allows (no password): on the allocation sheet only the 决定 cells
#: take typing, on a district's sheet none
SHEET_PROTECTION: dict[str, bool] = {
    "select_locked_cells": True,
    "select_unlocked_cells": True,
    "format_columns": True,
    "format_rows": True,
    "sort": True,
    "autofilter": True,
}

#: a table of streets (allocation rows) -> its streets in order and the allocation sheet's
#: column groups for them (without the 决定 column)
StreetGroupBuilder = Callable[[pd.DataFrame], tuple[list[str], list[Group]]]


def clean_sheet_name(text: str, fallback: str) -> str:
    """``text`` as a sheet name: no ``[]:*?/\\``, no quote at either end, 31 characters."""
    for bad in _BAD_SHEET_CHARS:
        text = text.replace(bad, " ")
    text = " ".join(text.split()).strip("'").strip()[:SHEET_NAME_MAX].strip()
    return text or fallback


def build_sheet_names(texts: Iterable[str], taken: Iterable[str]) -> list[str]:
    """Unique sheet names for ``texts``, none equal (without regard to case) to ``taken``.

    A name already used gets `` (2)``, `` (3)``, ... within 31 characters;
    ``History`` (a name Excel keeps for itself) is treated as taken.
    """
    used = {t.casefold() for t in taken} | {"history"}
    names = []
    for i, text in enumerate(texts):
        base = clean_sheet_name(text, f"#{i + 1}")
        name, n = base, 1
        while name.casefold() in used:
            n += 1
            suffix = f" ({n})"
            name = base[: SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
        used.add(name.casefold())
        names.append(name)
    return names


def summary_sheet_names(view: LevelView, lang: str) -> list[str]:
    """The summary sheets' names, one per level above the streets, top first."""
    code = check_lang(lang)
    names = []
    for i, level in enumerate(view.upper):
        if i == 0:
            text = label("levels.sheet.top", code).format(whole=level_whole(level, code))
        else:
            text = label("levels.sheet.by", code).format(level=level_label(level, code))
        names.append(clean_sheet_name(text, level))
    return names


def build_level_column_groups(
    table: pd.DataFrame, streets: Sequence[str], levels: Sequence[str], lang: str
) -> list[Group]:
    """The 所属 columns of a table of streets: each street's unit at each level (one group)."""
    if not levels:
        return []
    code = check_lang(lang)
    first = table.drop_duplicates(subset=["street"]).set_index("street")
    columns = []
    for level in levels:
        units = first[level].astype(str).reindex(list(streets)).fillna("").tolist()
        header = level_label(level, code)
        columns.append(
            Column(
                header=header,
                values=units,
                style="text",
                width=column_width([header, *units[:2000]], 8, 24),
                summed=False,
            )
        )
    return [Group(header=label("levels.col.part_of", code), columns=columns)]


def _summary_groups(frame: pd.DataFrame, units: list[str], level: str, lang: str) -> list[Group]:
    groups = []
    for kind in dict.fromkeys(frame["kind"].astype(str)):
        part = frame.loc[frame["kind"].astype(str) == kind].set_index("unit").reindex(units)
        columns = []
        for name in shown_columns(frame, SUMMARY_COLUMNS):
            header = label(f"levels.col.{name}", lang).format(level=level_label(level, lang))
            columns.append(
                Column(
                    header=header,
                    values=number_cells(part[name]),
                    style=_STYLES.get(name, "int"),
                    highlight_negative=name == "change",
                    width=10.0,
                )
            )
        groups.append(Group(header=kind_label(kind, lang), columns=columns))
    return groups


def _parent_groups(
    frame: pd.DataFrame, units: list[str], view: LevelView, level: str, lang: str
) -> list[Group]:
    higher = list(view.names[: view.names.index(level)])
    if not higher:
        return []
    first = frame.drop_duplicates(subset=["unit"]).set_index("unit").reindex(units)
    columns = [
        Column(
            header=level_label(h, lang),
            values=first[h].astype(str).tolist(),
            style="text",
            width=column_width([level_label(h, lang), *first[h].astype(str).tolist()], 8, 24),
            summed=False,
        )
        for h in higher
    ]
    return [Group(header=label("levels.col.part_of", lang), columns=columns)]


def build_summary_notes(
    view: LevelView, level: str, result: Result, lang: str, main_sheet: str
) -> list[str]:
    """The lines under a summary sheet: the rule, each kind's reconciliation, the sources."""
    code = check_lang(lang)
    lines = [label("xlsx.notes", code)]
    lines.append(label("levels.note.rule", code))
    lines += describe_own_staff(result, code)
    if "lower" in shown_columns(frame := view.units[level], SUMMARY_COLUMNS):
        lines.append(label("levels.note.lower", code))
    whole = level_whole(view.names[0], code)
    plural = level_plural(level, code)
    for kind in dict.fromkeys(frame["kind"].astype(str)):
        part = frame.loc[frame["kind"].astype(str) == kind]
        if level == view.names[0]:
            top = view.top.set_index("kind").loc[kind]
            lines.append(
                label("levels.note.top", code).format(
                    kind=kind_label(kind, code),
                    whole=whole,
                    pool=format_quotas(top["pool"]),
                    plural=plural,
                    allocated=format_quotas(top["allocated"]),
                    held=format_quotas(top["held"]),
                )
            )
        lines.append(
            label("levels.note.units", code).format(
                kind=kind_label(kind, code),
                plural=plural,
                allocated=format_quotas(int(part["allocated"].sum())),
                streets=format_quotas(int(part["streets_total"].sum())),
                level=level_label(level, code),
                reserve=format_quotas(int(part["reserve"].sum())),
            )
        )
    if level == view.names[0]:
        lines += describe_sources(view, code)
    if level == view.lowest:
        lines.append(_unit_sheets_note(view, result, code, main_sheet))
    return lines


def _unit_sheets_note(view: LevelView, result: Result, lang: str, main_sheet: str) -> str:
    level = view.lowest
    streets = int(result.table["street"].nunique())
    if view.has_unit_sections(streets):
        return label("levels.note.unit_sheets", lang).format(
            plural=level_plural(level, lang), level=level_label(level, lang)
        )
    return label("levels.note.no_unit_sheets", lang).format(
        level=level_label(level, lang),
        plural=level_plural(level, lang),
        n=format_quotas(len(view.unit_names(level))),
        streets=format_quotas(streets),
        limit=MAX_UNIT_SECTIONS,
        rows=format_quotas(MAX_UNIT_SECTION_STREETS),
        sheet=main_sheet,
        column=level_label(level, lang),
    )


def write_summary_sheet(
    book: Workbook,
    formats: dict[str, Format],
    result: Result,
    view: LevelView,
    level: str,
    name: str,
    lang: str,
    main_sheet: str,
) -> None:
    """One summary sheet: the units of ``level``, per kind their figures, a 合计 row, notes."""
    code = check_lang(lang)
    frame = view.units[level]
    units = view.unit_names(level)
    title = label("levels.unit_title", code).format(
        title=result.scenario.title or result.scenario.name, unit=name
    )
    sheet = book.add_worksheet(name)
    total_row = write_grouped_table(
        sheet,
        formats,
        title=title,
        first_header=level_label(level, code),
        names=units,
        groups=[
            *_parent_groups(frame, units, view, level, code),
            *_summary_groups(frame, units, level, code),
        ],
        total_label=label("total_row", code),
    )
    notes = build_summary_notes(view, level, result, code, main_sheet)
    for offset, note in enumerate(notes):
        sheet.write_string(total_row + 2 + offset, 0, note, formats["note"])
    set_print_layout(sheet, code, repeat=(GROUP_ROW, HEADER_ROW), title=title)
    sheet.protect("", SHEET_PROTECTION)


def build_unit_notes(view: LevelView, unit: str, lang: str, main_sheet: str) -> list[str]:
    """The lines under a unit's sheet: its figures per kind, where decisions are typed."""
    code = check_lang(lang)
    level = view.lowest
    frame = view.units[level]
    rows = frame.loc[frame["unit"].astype(str) == unit]
    lines = [label("xlsx.notes", code)]
    for r in rows.to_dict(orient="records"):
        lines.append(
            label("levels.note.unit", code).format(
                kind=kind_label(str(r["kind"]), code),
                unit=unit,
                allocated=format_quotas(r["allocated"]),
                streets=format_quotas(r["streets_total"]),
                level=level_label(level, code),
                reserve=format_quotas(r["reserve"]),
            )
        )
    lines.append(label("levels.note.read_only", code).format(unit=unit, sheet=main_sheet))
    lines.append(label("xlsx.cut_note", code))
    return lines


def write_unit_sheet(
    book: Workbook,
    formats: dict[str, Format],
    result: Result,
    view: LevelView,
    unit: str,
    name: str,
    lang: str,
    build_street_groups: StreetGroupBuilder,
    main_sheet: str,
) -> None:
    """One district's streets: the allocation sheet's columns but 决定, a 合计 row, notes."""
    code = check_lang(lang)
    streets, groups = build_street_groups(select_unit_streets(result.table, view.lowest, unit))
    title = label("levels.unit_title", code).format(
        title=result.scenario.title or result.scenario.name, unit=unit
    )
    sheet = book.add_worksheet(name)
    total_row = write_grouped_table(
        sheet,
        formats,
        title=title,
        first_header=label("street", code),
        names=streets,
        groups=groups,
        total_label=label("total_row", code),
    )
    for offset, note in enumerate(build_unit_notes(view, unit, code, main_sheet)):
        sheet.write_string(total_row + 2 + offset, 0, note, formats["note"])
    set_print_layout(sheet, code, repeat=(GROUP_ROW, HEADER_ROW), title=title)
    sheet.protect("", SHEET_PROTECTION)


def write_level_sheets(
    book: Workbook,
    formats: dict[str, Format],
    result: Result,
    view: LevelView,
    lang: str,
    *,
    taken: Iterable[str],
    build_street_groups: StreetGroupBuilder,
) -> list[str]:
    """The summary sheets and (when there are few enough) one sheet per unit; their names.

    Parameters
    ----------
    book, formats
        The workbook and its formats.
    result : Result
        A solved allocation over several levels.
    view : LevelView
        Its levels, checked (:func:`~quota.outputs.level_view.build_level_view`).
    lang : {"zh", "en"}
        Language.
    taken : iterable of str
        The workbook's other sheet names (the allocation sheet's first).
    build_street_groups : callable
        A unit's allocation rows -> its streets and the allocation sheet's
        column groups for them, without the 决定 column.

    Returns
    -------
    list of str
        The sheets written, in order.
    """
    code = check_lang(lang)
    taken = list(taken)
    main_sheet = taken[0]
    summaries = build_sheet_names(summary_sheet_names(view, code), taken)
    for level, name in zip(view.upper, summaries, strict=True):
        write_summary_sheet(book, formats, result, view, level, name, code, main_sheet)
    written = list(summaries)
    if view.has_unit_sections(int(result.table["street"].nunique())):
        units = view.unit_names(view.lowest)
        names = build_sheet_names(units, [*taken, *summaries])
        for unit, name in zip(units, names, strict=True):
            write_unit_sheet(
                book, formats, result, view, unit, name, code, build_street_groups, main_sheet
            )
        written += names
    return written
