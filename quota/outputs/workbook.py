"""The review workbook ``allocation.xlsx`` (XlsxWriter).

Sheets, in order:

1. the allocation (编制分配表): a title row, a two-row merged header (quota
   kind over its columns), one row per street, a 合计 row of ``SUM`` formulas
   (with their values cached), and below it each kind's pool, split and
   weights in words; frozen panes, changes shown with their sign, cuts and
   excess staff highlighted, printed landscape on A4, fitted to the page width,
   header rows repeated on every page. Each kind's last column, 决定
   (decision), is empty, shaded and unlocked on a sheet protected without a
   password: the committee's numbers are typed there and read back by
   ``quota run --decisions`` (:mod:`quota.io.decisions`). With decisions the
   proposal (测算方案) stands before each kind's total. With levels (city →
   districts → streets) each street's units stand after it, in a 所属 group;
   with levels, a summary sheet per upper level (全市汇总, 各市汇总) and one
   sheet per district follow (:mod:`quota.outputs.level_sheets`);
2. with committee decisions, 决定事项 (decisions): each decision, its cost and
   who paid, and the streets the decisions moved (:mod:`quota.outputs.decisions`);
3. parameters (参数): the scenario, the method in words, the parameters of
   each kind side by side, the indicator weights and the kinds' summary;
4. indicators and scores (指标与得分);
5. fairness (公平性): see :mod:`quota.results.fairness`;
6. diagnostics (诊断信息): binding constraints and method remarks, in words;
7. explanations (编制说明): "why this number" for every street and kind;
8. promises (保障承诺): every promise, and each decision, checked on the result.

Every label follows ``lang``. The sheets are written with the writers of
:mod:`quota.outputs.sheets`; the XLSX setup, formats and number handling are
in :mod:`quota.outputs.xlsx`. The file is deterministic (fixed creation date)
and written in XlsxWriter's ``constant_memory`` mode, row by row, so 40,000
streets × 2 kinds stay within seconds.

Text is always written as text: a street named ``=1+1`` or ``@SUM(A1)`` is a
string cell, never a formula or a link. Numbers a spreadsheet cannot hold
(infinite, or beyond Excel's ±9.99e307) are written as text too. XlsxWriter's
temporary files stay next to the workbook (never in the system's temporary
folder) and are removed, with the unfinished file, when writing fails.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from quota.config.schema import KIND_COLUMNS
from quota.locale import check_lang, column_labels, kind_label, label
from quota.outputs.decisions import build_decision_tables
from quota.outputs.document import Cell, Table
from quota.outputs.explain import build_explanations
from quota.outputs.level_sheets import (
    SHEET_PROTECTION,
    build_level_column_groups,
    build_sheet_names,
    summary_sheet_names,
    write_level_sheets,
)
from quota.outputs.level_view import build_level_view, level_label
from quota.outputs.report_tables import build_promise_rows
from quota.outputs.sheets import (
    GROUP_ROW,
    HEADER_ROW,
    Column,
    Group,
    write_flat_sheet,
    write_grouped_table,
    write_table_sheet,
)
from quota.outputs.summary import (
    build_parameter_table,
    build_summary_table,
    build_weight_tables,
    describe_kind_summary,
    describe_method,
)
from quota.outputs.text import build_binding_table
from quota.outputs.xlsx import (
    build_formats,
    column_width,
    compute_text_width,
    discard_workbook,
    number_cells,
    open_workbook,
    set_print_layout,
    workbook_parts,
)
from quota.results.fairness import OWN_LIMITS, compute_fairness

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook

    from quota.results.result import Result


#: how each review column is shown: plain count, signed change, vacancy (negative = excess)
COLUMN_STYLES: dict[str, str] = {"change": "signed", "vacancy": "vacancy"}
#: width of the explanation text column [characters]; rows grow to fit the text
TEXT_WIDTH = 90
#: above this many rows (streets × kinds) the explanations sheet lists only the streets a
#: constraint moved or that get turnover quotas
EXPLAIN_ALL_MAX_ROWS = 5000
#: most rows of the explanations and diagnostics sheets
MAX_SHEET_ROWS = 10000


def build_review_frame(table: pd.DataFrame) -> tuple[list[str], list[str], pd.DataFrame]:
    """Return the wide review table: one row per street, per kind the KIND_COLUMNS.

    Parameters
    ----------
    table : DataFrame
        Allocation table (one row per street and kind).

    Returns
    -------
    kinds : list of str
        Kinds in table order.
    streets : list of str
        Streets in table order (first appearance).
    wide : DataFrame
        Index: streets; MultiIndex columns ``(kind, column)``, and
        ``(kind, "auto_total")`` (the proposal) with committee decisions; a
        street missing from a kind has NA there.
    """
    kinds = list(dict.fromkeys(table["kind"].astype(str)))
    streets = list(dict.fromkeys(table["street"].astype(str)))
    names = [*KIND_COLUMNS, *(["auto_total"] if "auto_total" in table.columns else [])]
    parts = []
    for kind in kinds:
        part = table.loc[table["kind"].astype(str) == kind]
        part = part.set_index(part["street"].astype(str)).reindex(streets)
        part = part.loc[:, names]
        part.columns = pd.MultiIndex.from_product([[kind], part.columns])
        parts.append(part)
    return kinds, streets, pd.concat(parts, axis=1)


def build_allocation_groups(
    wide: pd.DataFrame, kinds: Sequence[str], lang: str, *, decision_column: bool = True
) -> list[Group]:
    """The review table's column groups: per kind the :data:`KIND_COLUMNS` and 决定.

    With committee decisions (``wide`` has ``(kind, "auto_total")``) the
    proposal (测算方案) stands before the total. The last column of each kind,
    决定 (decision), is empty and editable: the committee's numbers are typed
    there and read back by ``quota run --decisions`` (:mod:`quota.io.decisions`);
    ``decision_column=False`` leaves it out (a district's sheet of streets).
    """
    code = check_lang(lang)
    groups = []
    for kind in kinds:
        columns = []
        for name in KIND_COLUMNS:
            if name == "total" and (kind, "auto_total") in wide.columns:
                proposal = number_cells(wide[(kind, "auto_total")])
                columns.append(Column(header=label("decisions.auto_total", code), values=proposal))
            columns.append(
                Column(
                    header=label(name, code),
                    values=number_cells(wide[(kind, name)]),
                    style=COLUMN_STYLES.get(name, "int"),
                    highlight_negative=name in COLUMN_STYLES,
                    width=10.0 if name in ("vacancy", "quantified") else 9.0,
                )
            )
        if decision_column:
            columns.append(
                Column(
                    header=label("decisions.column", code),
                    values=[None] * len(wide),
                    width=8.0,
                    editable=True,
                    summed=False,
                )
            )
        groups.append(Group(header=kind_label(kind, code), columns=columns))
    return groups


def build_allocation_notes(result: Result, lang: str) -> list[str]:
    """Lines printed under the review table: each kind's split and weights."""
    code = check_lang(lang)
    notes = [label("xlsx.notes", code)]
    for record in result.kinds.to_dict(orient="records"):
        kind = str(record["kind"])
        notes.append(describe_kind_summary({str(k): v for k, v in record.items()}, code))
        weights = result.weights.get(kind)
        if weights is not None:
            names = [str(n) for n in weights.weights.index]
            shown = column_labels(names, code)
            listed = label("xlsx.list_sep", code).join(
                f"{shown[n]} {float(w):.4g}" for n, w in zip(names, weights.weights, strict=True)
            )
            cfg = result.scenario.kinds[kind]
            notes.append(
                label("xlsx.weights_line", code).format(
                    kind=kind_label(kind, code),
                    weights=listed,
                    share=f"{100 * cfg.turnover_share:g}%",
                )
            )
    notes.append(label("xlsx.cut_note", code))
    notes.append(label("decisions.xlsx_note", code))
    return notes


def _sheet_name(key: str, lang: str) -> str:
    text = label(key, lang)
    for bad in "[]:*?/\\":
        text = text.replace(bad, " ")
    return text[:31]


def _write_allocation_sheet(
    book: Workbook, formats: dict[str, Format], result: Result, lang: str
) -> None:
    kinds, streets, wide = build_review_frame(result.table)
    title = result.scenario.title or result.scenario.name
    name = _sheet_name("sheet.allocation", lang)
    sheet = book.add_worksheet(name)
    view = build_level_view(result)
    upper = view.upper if view is not None else ()
    total_row = write_grouped_table(
        sheet,
        formats,
        title=title,
        first_header=label("street", lang),
        names=streets,
        groups=[
            *build_level_column_groups(result.table, streets, upper, lang),
            *build_allocation_groups(wide, kinds, lang),
        ],
        total_label=label("total_row", lang),
    )
    notes = build_allocation_notes(result, lang)
    if view is not None:
        notes.append(
            label("levels.note.main", lang).format(
                columns=label("xlsx.list_sep", lang).join(level_label(n, lang) for n in upper),
                sheet=build_sheet_names(summary_sheet_names(view, lang), [name])[0],
            )
        )
    for offset, note in enumerate(notes):
        sheet.write_string(total_row + 2 + offset, 0, note, formats["note"])
    set_print_layout(sheet, lang, repeat=(GROUP_ROW, HEADER_ROW), title=title)
    sheet.protect("", SHEET_PROTECTION)


#: the sheets after the level sheets, by the key of their name (they are not to be taken
#: by a district's sheet)
_FIXED_SHEETS: tuple[str, ...] = (
    "sheet.allocation",
    "decisions.sheet",
    "parameters",
    "scores",
    "xlsx.sheet.fairness",
    "diagnostics",
    "xlsx.sheet.explanations",
    "xlsx.sheet.promises",
)


def _write_level_sheets(
    book: Workbook, formats: dict[str, Format], result: Result, lang: str
) -> None:
    """With levels: a summary sheet per upper level, a sheet per district (see level_sheets)."""
    view = build_level_view(result)
    if view is None:
        return

    def build_street_groups(part: pd.DataFrame) -> tuple[list[str], list[Group]]:
        kinds, streets, wide = build_review_frame(part)
        return streets, build_allocation_groups(wide, kinds, lang, decision_column=False)

    write_level_sheets(
        book,
        formats,
        result,
        view,
        lang,
        taken=[_sheet_name(key, lang) for key in _FIXED_SHEETS],
        build_street_groups=build_street_groups,
    )


def _write_decisions_sheet(
    book: Workbook, formats: dict[str, Format], result: Result, lang: str
) -> None:
    """决定事项: the decisions, their cost and who paid, the streets they moved (with decisions)."""
    tables = build_decision_tables(result, lang)
    if tables:
        write_table_sheet(
            book, formats, _sheet_name("decisions.sheet", lang), tables, lang, notes=True
        )


def _write_parameters_sheet(
    book: Workbook, formats: dict[str, Format], result: Result, lang: str
) -> None:
    s = result.scenario
    general = [
        (label("scenario", lang), s.name),
        (label("title", lang), s.title or ""),
        (label("xlsx.data", lang), str(result.data.path)),
        ("SHA-256", str(result.data.sha256)),
        *_unit_file_rows(result, lang),
        *describe_method(result, lang),
    ]
    tables = [
        Table(
            headers=[label("report.item", lang), label("value", lang)],
            rows=[[Cell(k, "text"), Cell(v, "text")] for k, v in general],
            caption=label("report.h.method", lang),
        ),
        _with_caption(build_parameter_table(result, lang), label("report.h.parameters", lang)),
        *build_weight_tables(result, lang),
        _with_caption(build_summary_table(result, lang), label("report.h.summary", lang)),
    ]
    write_table_sheet(book, formats, _sheet_name("parameters", lang), tables, lang)


def _unit_file_rows(result: Result, lang: str) -> list[tuple[str, str]]:
    """Each ``unit_data:`` table read: its file (and sheet) and SHA-256, as the data file's."""
    rows = []
    files = getattr(result.levels, "unit_files", None) or {}
    for level, file in files.items():
        place = str(file["path"]) + (f" [{file['sheet']}]" if file.get("sheet") else "")
        name = label("xlsx.unit_data", lang).format(level=level_label(level, lang))
        rows += [(name, place), ("SHA-256", str(file["sha256"]))]
    return rows


def _with_caption(table: Table, caption: str) -> Table:
    return replace(table, caption=caption)


def _score_header(column: str, lang: str) -> str:
    if column.startswith("score_"):
        kind = column[len("score_") :]
        return label("xlsx.score_of", lang).format(kind=kind_label(kind, lang))
    return column_labels([column], lang)[column]


def _write_scores_sheet(
    book: Workbook, formats: dict[str, Format], result: Result, lang: str
) -> None:
    frame = result.scores
    columns = [str(c) for c in frame.columns]
    styles: list[str] = []
    for c in columns:
        if c == "street":
            styles.append("text")
        elif c.startswith("score_"):
            styles.append("share")
        else:
            values = pd.to_numeric(frame[c], errors="coerce").dropna().to_numpy(dtype=float)
            styles.append("int" if np.all(np.mod(values, 1) == 0) else "decimal")
    headers = [_score_header(c, lang) for c in columns]
    widths = [column_width([headers[0], *frame["street"].astype(str).tolist()[:2000]], 10, 28)] + [
        max(11.0, min(20.0, compute_text_width(h) / 2 + 4)) for h in headers[1:]
    ]
    write_flat_sheet(
        book,
        formats,
        _sheet_name("scores", lang),
        headers,
        [frame[c].tolist() for c in columns],
        styles,
        widths,
        lang,
    )


def _write_fairness_sheet(
    book: Workbook, formats: dict[str, Format], result: Result, lang: str
) -> None:
    fairness = compute_fairness(result.table)
    keys = [
        ("kind", "text", 12),
        ("report.fair.basis", "text", 14),
        ("report.fair.streets", "int", 9),
        ("xlsx.streets_without_quota", "int", 12),
        ("report.fair.ratio", "ratio", 11),
        ("report.fair.gini", "gini", 10),
        ("report.fair.max_dev", "percent1", 12),
        ("report.fair.most_loaded", "text", 16),
        ("report.fair.least_loaded", "text", 16),
        ("report.fair.most_deviating", "text", 16),
    ]
    columns = [
        [kind_label(str(k), lang) for k in fairness["kind"]],
        [label(f"report.fair.basis.{b}", lang) for b in fairness["basis"]],
        fairness["streets"].tolist(),
        fairness["streets_without_quota"].tolist(),
        [v if np.isfinite(v) else None for v in fairness["max_min_ratio"]],
        fairness["gini"].tolist(),
        fairness["max_relative_deviation"].tolist(),
        fairness["most_loaded"].tolist(),
        fairness["least_loaded"].tolist(),
        fairness["most_deviating"].tolist(),
    ]
    write_flat_sheet(
        book,
        formats,
        _sheet_name("xlsx.sheet.fairness", lang),
        [label(k, lang) for k, _, _ in keys],
        columns,
        [s for _, s, _ in keys],
        [float(w) for _, _, w in keys],
        lang,
        notes=[label("report.fair.note", lang)],
    )


def _write_diagnostics_sheet(
    book: Workbook, formats: dict[str, Format], result: Result, lang: str
) -> None:
    binding = build_binding_table(result, lang, only_binding=False, limit=MAX_SHEET_ROWS)
    total = len(result.diagnostics)
    notes = []
    if len(binding) < total:
        notes.append(
            label("xlsx.diagnostics_subset", lang).format(n=f"{len(binding):,}", total=f"{total:,}")
        )
    write_flat_sheet(
        book,
        formats,
        _sheet_name("diagnostics", lang),
        [label(k, lang) for k in ("kind", "street", "constraint", "detail")],
        [
            binding["kind_label"].tolist(),
            binding["street"].tolist(),
            binding["constraint_label"].tolist(),
            binding["text"].tolist(),
        ],
        ["text"] * 4,
        [12.0, 16.0, 16.0, float(TEXT_WIDTH)],
        lang,
        wrap_column=3,
        notes=notes,
    )


def _write_promises_sheet(
    book: Workbook, formats: dict[str, Format], result: Result, lang: str
) -> None:
    rows = build_promise_rows(result, lang)
    if not rows:
        return
    keys = ("kind", "promise", "promise.status", "promise.bound", "promise.checked")
    write_flat_sheet(
        book,
        formats,
        _sheet_name("xlsx.sheet.promises", lang),
        [label(k, lang) for k in keys],
        [[row[i] for row in rows] for i in range(len(keys))],
        ["text"] * len(keys),
        [12.0, 36.0, 24.0, 14.0, 16.0],
        lang,
    )


def select_explained_rows(result: Result) -> list[tuple[str, str]] | None:
    """The (kind, street) rows the explanations sheet lists; None for all of them.

    Up to :data:`EXPLAIN_ALL_MAX_ROWS` rows in the allocation table, all; above,
    the rows a constraint or a committee decision moved or that get turnover
    quotas (the others are their ideal, rounded), at most
    :data:`MAX_SHEET_ROWS`, in table order.
    """
    table = result.table
    if len(table) <= EXPLAIN_ALL_MAX_ROWS:
        return None
    d = result.diagnostics
    moved = d.loc[d["constraint"].isin(OWN_LIMITS + ("turnover", "moved"))]
    marked = set(
        zip(moved["kind"].astype(str), moved["street"].fillna("").astype(str), strict=True)
    )
    marked |= _moved_by_decisions(result)
    keys = zip(table["kind"].astype(str), table["street"].astype(str), strict=True)
    return [key for key in keys if key in marked][:MAX_SHEET_ROWS]


def _moved_by_decisions(result: Result) -> set[tuple[str, str]]:
    """The (kind, street) rows a committee decision names or moves."""
    outcome = result.decisions
    if outcome is None:
        return set()
    return {
        (kind, result.inputs[kind].problem.streets[i])
        for kind, rows in outcome.causes.items()
        for i, cause in enumerate(rows)
        if cause
    }


def _write_explanations_sheet(
    book: Workbook, formats: dict[str, Format], result: Result, lang: str
) -> None:
    selected = select_explained_rows(result)
    why = build_explanations(result, lang, only=None if selected is None else set(selected))
    notes = []
    if selected is not None:
        notes.append(
            label("xlsx.why_subset", lang).format(n=f"{len(why):,}", total=f"{len(result.table):,}")
        )
    reasons = [
        label("xlsx.list_sep", lang).join(label(f"xlsx.reason.{r}", lang) for r in codes.split(","))
        for codes in why["reasons"].astype(str)
    ]
    kinds = {k: kind_label(k, lang) for k in dict.fromkeys(why["kind"].astype(str))}
    spec: list[tuple[str, list[Any], str, float]] = [
        ("street", why["street"].tolist(), "text", 14.0),
        ("kind", [kinds[str(k)] for k in why["kind"]], "text", 10.0),
        ("score", why["score"].tolist(), "share", 10.0),
        ("ideal", why["ideal"].tolist(), "float", 10.0),
        ("quantified", why["quantified"].tolist(), "int", 9.0),
        ("xlsx.deviation", why["deviation"].tolist(), "signed_float", 9.0),
        ("turnover", why["turnover"].tolist(), "int", 9.0),
        ("total", why["total"].tolist(), "int", 9.0),
        ("xlsx.reasons", reasons, "text", column_width(sorted(set(reasons)), 10, 30)),
        ("xlsx.why", why["text"].tolist(), "text", float(TEXT_WIDTH)),
    ]
    write_flat_sheet(
        book,
        formats,
        _sheet_name("xlsx.sheet.explanations", lang),
        [label(k, lang) for k, _, _, _ in spec],
        [values for _, values, _, _ in spec],
        [s for _, _, s, _ in spec],
        [w for _, _, _, w in spec],
        lang,
        wrap_column=len(spec) - 1,
        notes=notes,
    )


#: the sheets of the review workbook, in order
SHEET_WRITERS: tuple[Callable[[Workbook, dict[str, Format], Result, str], None], ...] = (
    _write_allocation_sheet,
    _write_level_sheets,
    _write_decisions_sheet,
    _write_parameters_sheet,
    _write_scores_sheet,
    _write_fairness_sheet,
    _write_diagnostics_sheet,
    _write_explanations_sheet,
    _write_promises_sheet,
)


def write_workbook(result: Result, path: Path, *, lang: str = "zh") -> Path:
    """Write the review workbook ``allocation.xlsx``.

    Parameters
    ----------
    result : Result
        A solved allocation.
    path : Path
        Target file.
    lang : {"zh", "en"}
        Language of every sheet name, header, label and sentence.

    Returns
    -------
    Path
        ``path``. The same result gives a byte-identical file.
    """
    code = check_lang(lang)
    path = Path(path)
    with workbook_parts(path) as parts:
        book = open_workbook(path, result.scenario.title or result.scenario.name, tmpdir=parts)
        try:
            formats = build_formats(book)
            for write_sheet in SHEET_WRITERS:
                write_sheet(book, formats, result, code)
            book.close()
        except BaseException:
            discard_workbook(book, path)
            raise
    return path
