"""The review workbook ``allocation.xlsx`` (XlsxWriter).

Sheets, in order:

1. the allocation (编制分配表): a title row, a two-row merged header (quota
   kind over its columns), one row per street, a 合计 row of ``SUM`` formulas
   (with their values cached), and below it each kind's pool, split and
   weights in words; frozen panes, changes shown with their sign, cuts and
   excess staff highlighted, printed landscape on A4, fitted to the page width,
   header rows repeated on every page;
2. parameters (参数): the scenario, the method in words, the parameters of
   each kind side by side, the indicator weights and the kinds' summary;
3. indicators and scores (指标与得分);
4. fairness (公平性): see :mod:`quota.results.fairness`;
5. diagnostics (诊断信息): binding constraints and method remarks, in words;
6. explanations (编制说明): "why this number" for every street and kind.

Every label follows ``lang``. The file is deterministic (fixed creation date)
and written in XlsxWriter's ``constant_memory`` mode, row by row, so 40,000
streets × 2 kinds stay within seconds.

Text is always written as text: a street named ``=1+1`` or ``@SUM(A1)`` is a
string cell, never a formula or a link. Numbers a spreadsheet cannot hold
(infinite, or beyond Excel's ±9.99e307) are written as text too. XlsxWriter's
temporary files stay next to the workbook (never in the system's temporary
folder) and are removed, with the unfinished file, when writing fails.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from quota.config.schema import KIND_COLUMNS
from quota.locale import check_lang, column_labels, kind_label, label
from quota.outputs.text import (
    build_binding_table,
    build_explanations,
)
from quota.results.fairness import (
    OWN_LIMITS,
    compute_fairness,
)

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

    from quota.outputs.report import Table
    from quota.results.result import Result

#: how each review column is shown: plain count, signed change, vacancy (negative = excess)
COLUMN_STYLES: dict[str, str] = {"change": "signed", "vacancy": "vacancy"}
#: creation date written into every workbook, so the same result gives the same file
FIXED_DATE = dt.datetime(2000, 1, 1)
#: rows of the allocation sheet: title, kind header, column header
TITLE_ROW, GROUP_ROW, HEADER_ROW = 0, 1, 2
#: width of the explanation text column [characters]; rows grow to fit the text
TEXT_WIDTH = 90
#: widest column of the parameters sheet [characters]; longer texts wrap
WIDEST_TEXT = 60.0
#: up to this many streets the review table has a border on every cell; above, printed gridlines
BORDERED_MAX_ROWS = 2000
#: above this many rows (streets × kinds) the explanations sheet lists only the streets a
#: constraint moved or that get turnover quotas
EXPLAIN_ALL_MAX_ROWS = 5000
#: most rows of the explanations and diagnostics sheets
MAX_SHEET_ROWS = 10000
#: largest number a spreadsheet cell holds (Excel); larger ones, and infinite ones, become text
EXCEL_MAX = 9.99999999999999e307

_NUMBER_FORMATS = {
    "int": "#,##0",
    "signed": "+#,##0;-#,##0;0",
    "vacancy": "#,##0;[Red]-#,##0;0",
    "share": "0.00%",
    "float": "#,##0.00",
    "signed_float": "+0.00;-0.00;0.00",
    "ratio": "0.00",
    "gini": "0.000",
    "decimal": "#,##0.0###",
    "percent1": "0.0%",
}


# --------------------------------------------------------------------------
# Formats
# --------------------------------------------------------------------------


def build_formats(book: Workbook) -> dict[str, Format]:
    """Create the workbook's cell formats once.

    Returns
    -------
    dict
        ``title``, ``subtitle``, ``note``, ``header``, ``text``, ``wrap``; per
        number style (``int``, ``signed``, ``vacancy``, ``share``, ...) the
        bordered table format, ``<style>.cut`` (red on pink, for cuts and
        excess), ``<style>.total`` (the totals row: a complete format of its
        own, since a cell format replaces the column format) and
        ``<style>.plain`` (number format only, for column formats); and
        ``text.total``.
    """
    border = {"border": 1, "border_color": "#9E9E9E"}
    total = {"bold": True, "top": 2, "bottom": 1, "left": 1, "right": 1, "bg_color": "#F2F2F2"}
    formats: dict[str, Format] = {
        "title": book.add_format({"bold": True, "font_size": 14, "valign": "vcenter"}),
        "subtitle": book.add_format({"font_color": "#595959", "italic": True}),
        "note": book.add_format({"font_color": "#404040"}),
        "note.wrap": book.add_format({"font_color": "#404040", "text_wrap": True, "valign": "top"}),
        "header": book.add_format(
            {
                "bold": True,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
                "bg_color": "#DDEBF7",
                **border,
            }
        ),
        "text": book.add_format({"valign": "top", **border}),
        "text.wrap": book.add_format({"valign": "top", "text_wrap": True, **border}),
        "caption": book.add_format({"bold": True, "font_size": 12}),
        "text.total": book.add_format({**total, "border_color": "#9E9E9E"}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
        "top": book.add_format({"valign": "top"}),
    }
    for style, num_format in _NUMBER_FORMATS.items():
        formats[style] = book.add_format({"num_format": num_format, **border})
        formats[f"{style}.cut"] = book.add_format(
            {"num_format": num_format, "font_color": "#C00000", "bg_color": "#FCE4E4", **border}
        )
        formats[f"{style}.total"] = book.add_format(
            {"num_format": num_format, **total, "border_color": "#9E9E9E"}
        )
        formats[f"{style}.plain"] = book.add_format({"num_format": num_format, "valign": "top"})
    return formats


_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)


def compute_text_width(text: str) -> int:
    """Display width of a text in spreadsheet characters (CJK and full-width count 2)."""
    return len(text) + len(_WIDE.findall(text))


def _column_width(texts: Sequence[str], low: float, high: float) -> float:
    widest = max((compute_text_width(t) for t in texts), default=0)
    return float(min(high, max(low, widest + 2)))


def _number_text(value: float) -> str:
    """A number no cell can hold, as text (``1e+308``, ``inf``)."""
    try:
        return format(float(value), "g")
    except OverflowError:  # an int beyond any float
        return "-inf" if value < 0 else "inf"


def _fits_cell(value: float) -> bool:
    """Whether a number can be written as a number (finite, within :data:`EXCEL_MAX`)."""
    return -EXCEL_MAX <= value <= EXCEL_MAX


def _numbers(values: pd.Series | Sequence[Any]) -> list[float | str | None]:
    """Cell values of a number column: floats, None when missing, text when too large."""
    series = pd.Series(values)
    try:
        numeric = pd.to_numeric(series, errors="coerce")
        array = numeric.to_numpy(dtype=float, na_value=np.nan)
    except (OverflowError, TypeError, ValueError):  # ints beyond any float
        array = np.array([_as_float(v) for v in series], dtype=float)
    with np.errstate(invalid="ignore"):
        outside = np.isinf(array) | (np.abs(array) > EXCEL_MAX)
    cells: list[float | str | None] = [None if v != v else v for v in array.tolist()]
    for i in np.flatnonzero(outside).tolist():
        cells[i] = _number_text(array[i])
    return cells


def _as_float(value: Any) -> float:
    try:
        return float(value)
    except OverflowError:
        return -math.inf if value < 0 else math.inf
    except (TypeError, ValueError):
        return math.nan


def _escape_header(text: str) -> str:
    return text.replace("&", "&&")


def set_print_layout(
    sheet: Worksheet, lang: str, *, repeat: tuple[int, int] | None = None, title: str = ""
) -> None:
    """Print on A4 landscape, fitted to the page width, with page numbers.

    Parameters
    ----------
    sheet : Worksheet
        The sheet.
    lang : {"zh", "en"}
        Language of the footer.
    repeat : (int, int), optional
        First and last (0-based) rows repeated at the top of every page.
    title : str
        Printed centred in the page header.
    """
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.center_horizontally()
    sheet.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.6)
    if repeat is not None:
        sheet.repeat_rows(*repeat)
    if title:
        sheet.set_header(f"&C{_escape_header(title)}")
    sheet.set_footer(
        f"&C{_escape_header(label('xlsx.page', lang)).replace('{page}', '&P').replace('{pages}', '&N')}"
    )


# --------------------------------------------------------------------------
# The grouped review table (also used by quota.analysis.compare)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One numeric column of a grouped table: header, values and style."""

    header: str
    values: Sequence[float | str | None]
    style: str = "int"
    highlight_negative: bool = False
    width: float = 9.0


@dataclass(frozen=True)
class Group:
    """Columns under one merged header cell (a quota kind)."""

    header: str
    columns: list[Column]


def write_grouped_table(
    sheet: Worksheet,
    formats: dict[str, Format],
    *,
    title: str,
    first_header: str,
    names: Sequence[str],
    groups: Sequence[Group],
    total_label: str,
) -> int:
    """Write a title row, a two-row merged header, one row per name and a totals row.

    Rows must be written in order (``constant_memory``): this writes rows 0 to
    the totals row and nothing else.

    Parameters
    ----------
    sheet : Worksheet
        An empty sheet.
    formats : dict
        From :func:`build_formats`.
    title : str
        Title in row 0 (merged over the table's width).
    first_header : str
        Header of the first column (merged over both header rows), e.g. 街道.
    names : sequence of str
        First-column text of each data row.
    groups : sequence of Group
        Column groups, left to right.
    total_label : str
        Text of the totals row, e.g. 合计.

    Returns
    -------
    int
        The (0-based) index of the totals row.
    """
    from xlsxwriter.utility import xl_range

    width = 1 + sum(len(g.columns) for g in groups)
    sheet.set_row(TITLE_ROW, 24)
    if width > 1:
        sheet.merge_range(TITLE_ROW, 0, TITLE_ROW, width - 1, title, formats["title"])
    else:
        sheet.write_string(TITLE_ROW, 0, title, formats["title"])
    col = 1
    for group in groups:
        last = col + len(group.columns) - 1
        if last > col:
            sheet.merge_range(GROUP_ROW, col, GROUP_ROW, last, group.header, formats["header"])
        else:
            sheet.write_string(GROUP_ROW, col, group.header, formats["header"])
        col = last + 1
    sheet.merge_range(GROUP_ROW, 0, HEADER_ROW, 0, first_header, formats["header"])
    headers = [c.header for g in groups for c in g.columns]
    tallest = max((compute_text_width(h) for h in headers), default=0)
    sheet.set_row(HEADER_ROW, 15 * max(1, math.ceil(tallest / 9)) + 6)
    sheet.write_row(HEADER_ROW, 1, headers, formats["header"])

    columns = [c for g in groups for c in g.columns]
    # Small tables get a border on every cell (they are printed); large ones take
    # their number formats from the columns and print gridlines, which is faster.
    bordered = len(names) <= BORDERED_MAX_ROWS
    plain: list[Format | None] = [formats[c.style] if bordered else None for c in columns]
    cut = [
        formats[f"{c.style}.cut"] if c.highlight_negative else plain[j]
        for j, c in enumerate(columns)
    ]
    values = [c.values for c in columns]
    text = formats["text"] if bordered else None
    first = HEADER_ROW + 1
    write_string, write_number, write_blank = (
        sheet.write_string,
        sheet.write_number,
        sheet.write_blank,
    )
    for r, name in enumerate(names):
        row = first + r
        write_string(row, 0, name, text)
        for j in range(len(columns)):
            v = values[j][r]
            if v is None or v != v:
                if bordered:
                    write_blank(row, j + 1, None, plain[j])
            elif isinstance(v, str) or not -EXCEL_MAX <= v <= EXCEL_MAX:
                write_string(row, j + 1, v if isinstance(v, str) else _number_text(v), plain[j])
            elif v < 0:
                write_number(row, j + 1, v, cut[j])
            else:
                write_number(row, j + 1, v, plain[j])
    if not bordered:
        sheet.hide_gridlines(0)
    total_row = first + len(names)
    sheet.write_string(total_row, 0, total_label, formats["text.total"])
    for j, column in enumerate(columns):
        known = [
            v for v in column.values if v is not None and not isinstance(v, str) and _fits_cell(v)
        ]
        fmt = formats[f"{column.style}.total"]
        if not known or not names:
            sheet.write_blank(total_row, j + 1, None, fmt)
            continue
        cells = xl_range(first, j + 1, total_row - 1, j + 1)
        total = sum(known)
        cached = _clean(total) if _fits_cell(total) else 0  # Excel recalculates it on opening
        sheet.write_formula(total_row, j + 1, f"=SUM({cells})", fmt, cached)
    sheet.set_column(0, 0, _column_width([first_header, total_label, *names], 10, 28))
    for j, column in enumerate(columns):
        column_format = None if bordered else formats[f"{column.style}.plain"]
        sheet.set_column(j + 1, j + 1, column.width, column_format)
    sheet.freeze_panes(first, 1)
    return total_row


def _clean(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


# --------------------------------------------------------------------------
# Flat sheets
# --------------------------------------------------------------------------


def write_flat_sheet(
    book: Workbook,
    formats: dict[str, Format],
    name: str,
    headers: Sequence[str],
    columns: Sequence[Sequence[Any]],
    styles: Sequence[str],
    widths: Sequence[float],
    lang: str,
    *,
    wrap_column: int | None = None,
    notes: Sequence[str] = (),
) -> Worksheet:
    """Write a sheet with one header row and one row per record.

    Number columns get their format from the column (no per-cell format, which
    keeps large sheets fast); gridlines are printed instead of cell borders.

    Parameters
    ----------
    book : Workbook
        The workbook.
    formats : dict
        From :func:`build_formats`.
    name : str
        Sheet name.
    headers : sequence of str
        Column headers.
    columns : sequence of sequences
        Column values (equal lengths); None or NaN is left blank.
    styles : sequence of str
        ``text`` or a number style of :data:`_NUMBER_FORMATS`, per column.
    widths : sequence of float
        Column widths [characters].
    lang : {"zh", "en"}
        Language of the printed footer.
    wrap_column : int, optional
        A text column whose cells wrap; each row gets the height its text needs.
    notes : sequence of str
        Lines written below the records.

    Returns
    -------
    Worksheet
    """
    sheet = book.add_worksheet(name)
    for c, (style, width) in enumerate(zip(styles, widths, strict=True)):
        fmt = (
            formats["wrap"]
            if c == wrap_column
            else (formats["top"] if style == "text" else formats[f"{style}.plain"])
        )
        sheet.set_column(c, c, width, fmt)
    lines = max(
        (
            math.ceil(compute_text_width(h) / max(w - 1.0, 1.0))
            for h, w in zip(headers, widths, strict=True)
        ),
        default=1,
    )
    if lines > 1:
        sheet.set_row(0, 15 * lines + 4)
    sheet.write_row(0, 0, list(headers), formats["header"])
    cells: list[list[Any]] = []
    for style, values in zip(styles, columns, strict=True):
        if style == "text":
            cells.append(["" if v is None or v is pd.NA else str(v) for v in values])
        else:
            cells.append(_numbers(values))
    n = len(cells[0]) if cells else 0
    write_string, write_number = sheet.write_string, sheet.write_number
    wrap_width = widths[wrap_column] if wrap_column is not None else 0
    for r in range(n):
        row = r + 1
        if wrap_column is not None:
            lines = math.ceil(compute_text_width(cells[wrap_column][r]) / max(wrap_width - 2, 1))
            if lines > 1:
                sheet.set_row(row, 15 * lines + 2)
        for c, values in enumerate(cells):
            v = values[r]
            if v is None or v == "":
                continue
            if isinstance(v, str):
                write_string(row, c, v)
            else:
                write_number(row, c, v)
    span = sum(widths)
    for offset, note in enumerate(notes):
        row = n + 2 + offset
        sheet.set_row(row, 15 * math.ceil(compute_text_width(note) / max(span - 2.0, 1.0)) + 4)
        if len(headers) > 1:
            sheet.merge_range(row, 0, row, len(headers) - 1, note, formats["note.wrap"])
        else:
            sheet.write_string(row, 0, note, formats["note.wrap"])
    sheet.freeze_panes(1, 1 if len(headers) > 1 else 0)
    sheet.hide_gridlines(0)
    set_print_layout(sheet, lang, repeat=(0, 0), title=name)
    return sheet


def write_table_sheet(
    book: Workbook, formats: dict[str, Format], name: str, tables: Sequence[Table], lang: str
) -> Worksheet:
    """Write report tables (:class:`quota.outputs.report.Table`) one below the other, as text.

    Parameters
    ----------
    book : Workbook
        The workbook.
    formats : dict
        From :func:`build_formats`.
    name : str
        Sheet name.
    tables : sequence of Table
        Tables with a caption (written above) and text cells.
    lang : {"zh", "en"}
        Language of the printed footer.

    Returns
    -------
    Worksheet
    """
    sheet = book.add_worksheet(name)
    widths: dict[int, float] = {}
    for table in tables:
        texts: list[list[str]] = [list(table.headers), *([c.text for c in r] for r in table.rows)]
        for line in texts:
            for c, text in enumerate(line):
                widths[c] = max(widths.get(c, 8.0), compute_text_width(str(text)) + 2.0)
    widths = {c: min(w, WIDEST_TEXT) for c, w in widths.items()}
    for c, width in sorted(widths.items()):
        sheet.set_column(c, c, width)
    row = 0
    for table in tables:
        if table.caption:
            sheet.write_string(row, 0, table.caption, formats["caption"])
            row += 1
        sheet.write_row(row, 0, table.headers, formats["header"])
        row += 1
        for cells in [*table.rows, *([table.total] if table.total else [])]:
            lines = max(
                math.ceil(compute_text_width(cell.text) / max(widths[c] - 2.0, 1.0))
                for c, cell in enumerate(cells)
            )
            if lines > 1:
                sheet.set_row(row, 15 * lines + 2)
            for c, cell in enumerate(cells):
                number = _as_number(cell.text) if cell.cls != "text" else None
                if number is not None:
                    style = (
                        "signed"
                        if cell.text[:1] in "+-"
                        else "int"
                        if isinstance(number, int)
                        else "decimal"
                    )
                    if number < 0 or cell.cls == "cut":
                        style += ".cut"
                    sheet.write_number(row, c, number, formats[style])
                else:
                    sheet.write_string(
                        row, c, cell.text, formats["text.wrap" if lines > 1 else "text"]
                    )
            row += 1
        row += 1
    set_print_layout(sheet, lang, title=name)
    return sheet


_NUMBER = re.compile(r"[+-]?\d[\d,]*(\.\d+)?")


def _as_number(text: str) -> int | float | None:
    """The number a report cell shows (``1,234``, ``+8``, ``0.35``), or None for other text.

    None too for a number no cell can hold (beyond :data:`EXCEL_MAX`): it stays text.
    """
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text.replace(",", ""))
    if not _fits_cell(value):
        return None
    return int(value) if value.is_integer() and "." not in text else value


# --------------------------------------------------------------------------
# The review workbook
# --------------------------------------------------------------------------


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
        Index: streets; MultiIndex columns ``(kind, column)``; a street missing
        from a kind has NA there.
    """
    kinds = list(dict.fromkeys(table["kind"].astype(str)))
    streets = list(dict.fromkeys(table["street"].astype(str)))
    parts = []
    for kind in kinds:
        part = table.loc[table["kind"].astype(str) == kind]
        part = part.set_index(part["street"].astype(str)).reindex(streets)
        part = part.loc[:, list(KIND_COLUMNS)]
        part.columns = pd.MultiIndex.from_product([[kind], part.columns])
        parts.append(part)
    return kinds, streets, pd.concat(parts, axis=1)


def build_allocation_groups(wide: pd.DataFrame, kinds: Sequence[str], lang: str) -> list[Group]:
    """The review table's column groups: per kind the :data:`KIND_COLUMNS`."""
    code = check_lang(lang)
    groups = []
    for kind in kinds:
        columns = [
            Column(
                header=label(name, code),
                values=_numbers(wide[(kind, name)]),
                style=COLUMN_STYLES.get(name, "int"),
                highlight_negative=name in COLUMN_STYLES,
                width=10.0 if name in ("vacancy", "quantified") else 9.0,
            )
            for name in KIND_COLUMNS
        ]
        groups.append(Group(header=kind_label(kind, code), columns=columns))
    return groups


def build_allocation_notes(result: Result, lang: str) -> list[str]:
    """Lines printed under the review table: each kind's split and weights."""
    from quota.outputs.report import describe_kind_summary

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
    total_row = write_grouped_table(
        sheet,
        formats,
        title=title,
        first_header=label("street", lang),
        names=streets,
        groups=build_allocation_groups(wide, kinds, lang),
        total_label=label("total_row", lang),
    )
    for offset, note in enumerate(build_allocation_notes(result, lang)):
        sheet.write_string(total_row + 2 + offset, 0, note, formats["note"])
    set_print_layout(sheet, lang, repeat=(GROUP_ROW, HEADER_ROW), title=title)


def _write_parameters_sheet(
    book: Workbook, formats: dict[str, Format], result: Result, lang: str
) -> None:
    from quota.outputs.report import (
        Cell,
        Table,
        build_parameter_table,
        build_summary_table,
        build_weight_tables,
        describe_method,
    )

    s = result.scenario
    general = [
        (label("scenario", lang), s.name),
        (label("title", lang), s.title or ""),
        (label("xlsx.data", lang), str(result.data.path)),
        ("SHA-256", str(result.data.sha256)),
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


def _with_caption(table: Table, caption: str) -> Table:
    from dataclasses import replace

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
    widths = [_column_width([headers[0], *frame["street"].astype(str).tolist()[:2000]], 10, 28)] + [
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
    from quota.outputs.report import build_promise_rows

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
    the rows a constraint moved or that get turnover quotas (the others are
    their ideal, rounded), at most :data:`MAX_SHEET_ROWS`, in table order.
    """
    table = result.table
    if len(table) <= EXPLAIN_ALL_MAX_ROWS:
        return None
    d = result.diagnostics
    moved = d.loc[d["constraint"].isin(OWN_LIMITS + ("turnover", "moved"))]
    marked = set(
        zip(moved["kind"].astype(str), moved["street"].fillna("").astype(str), strict=True)
    )
    keys = zip(table["kind"].astype(str), table["street"].astype(str), strict=True)
    return [key for key in keys if key in marked][:MAX_SHEET_ROWS]


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
        ("xlsx.reasons", reasons, "text", _column_width(sorted(set(reasons)), 10, 30)),
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
    _write_parameters_sheet,
    _write_scores_sheet,
    _write_fairness_sheet,
    _write_diagnostics_sheet,
    _write_explanations_sheet,
    _write_promises_sheet,
)


def open_workbook(
    path: Path | str, title: str, *, tmpdir: Path | None = None, constant_memory: bool = True
) -> Workbook:
    """A new deterministic XlsxWriter workbook: the one XLSX setup of the package.

    Every workbook the package writes (the review workbook, the comparison, the
    plan) is opened here. Its creation date is :data:`FIXED_DATE`, so the same
    content gives the same bytes. Strings are written as text, never turned into
    formulas or links (a street named ``=1+1``); NaN and infinities become
    Excel errors. XlsxWriter's temporary files go to ``tmpdir`` (default: the
    workbook's folder), never to the system's temporary folder; it removes them
    when :meth:`close` succeeds.

    ``constant_memory`` (the default) writes row by row, with strings inline;
    ``False`` keeps every row until :meth:`close` (cells may be written in any
    order) and stores strings in the shared-string table.
    """
    import xlsxwriter

    options = {
        "constant_memory": constant_memory,
        "nan_inf_to_errors": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "tmpdir": str(tmpdir if tmpdir is not None else Path(path).parent),
    }
    book = xlsxwriter.Workbook(str(path), options)
    book.set_properties({"created": FIXED_DATE, "title": title})
    return book


def discard_workbook(book: Workbook, path: Path) -> None:
    """After a failure: close the workbook's open temporary files and remove the unfinished file."""
    for sheet in book.worksheets():
        handle = getattr(sheet, "row_data_fh", None)
        if handle is not None:
            with contextlib.suppress(Exception):
                handle.close()
        name = getattr(sheet, "row_data_filename", None)
        if name:
            with contextlib.suppress(OSError):
                Path(name).unlink()
    book.fileclosed = True
    with contextlib.suppress(OSError):
        Path(path).unlink()


@contextlib.contextmanager
def workbook_parts(path: Path) -> Iterator[Path]:
    """A private folder beside ``path`` for XlsxWriter's temporary files, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix=f".{Path(path).name}.parts-", dir=Path(path).parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


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
