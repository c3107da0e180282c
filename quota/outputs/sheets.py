"""Sheet writers of the review workbook and the scenario comparison.

- :func:`write_grouped_table`: a title row, a two-row merged header (a group,
  e.g. a quota kind, over its columns), one row per name and a totals row of
  ``SUM`` formulas;
- :func:`write_flat_sheet`: one header row and one row per record, number
  formats taken from the columns (fast for large sheets);
- :func:`write_table_sheet`: report tables (:class:`quota.outputs.document.Table`)
  one below the other.

All write rows in order, as XlsxWriter's ``constant_memory`` mode needs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from quota.outputs.document import Cell, Table
from quota.outputs.xlsx import (
    EXCEL_MAX,
    column_width,
    compute_text_width,
    fits_cell,
    number_cells,
    number_text,
    set_print_layout,
)
from quota.outputs.xlsx_rows import Cell as RowCell
from quota.outputs.xlsx_rows import RowWriter

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet


#: rows of the allocation sheet: title, kind header, column header
TITLE_ROW, GROUP_ROW, HEADER_ROW = 0, 1, 2
#: widest column of the parameters sheet [characters]; longer texts wrap
WIDEST_TEXT = 60.0
#: up to this many streets the review table has a border on every cell; above, printed gridlines
BORDERED_MAX_ROWS = 2000


@dataclass(frozen=True)
class Column:
    """One numeric column of a grouped table: header, values and style.

    An ``editable`` column's cells take the ``editable`` format (unlocked, shaded:
    where people type on a protected sheet); a column not ``summed`` has a
    blank cell in the totals row.
    """

    header: str
    values: Sequence[float | str | None]
    #: a number style of :func:`~quota.outputs.xlsx.build_formats`, or ``text`` (e.g. the
    #: district of each street: written as text, never summed)
    style: str = "int"
    highlight_negative: bool = False
    width: float = 9.0
    editable: bool = False
    summed: bool = True


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
        From :func:`~quota.outputs.xlsx.build_formats`.
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
    columns = [c for g in groups for c in g.columns]
    _write_group_header(sheet, formats, title, first_header, groups)
    # Small tables get a border on every cell (they are printed); large ones take
    # their number formats from the columns and print gridlines, which is faster.
    bordered = len(names) <= BORDERED_MAX_ROWS
    _write_grouped_rows(sheet, formats, names, columns, bordered)
    if not bordered:
        sheet.hide_gridlines(0)
    first = HEADER_ROW + 1
    total_row = first + len(names)
    _write_totals_row(sheet, formats, total_row, total_label, columns, bool(names))
    sheet.set_column(0, 0, column_width([first_header, total_label, *names], 10, 28))
    for j, column in enumerate(columns):
        column_format = None if bordered or column.editable else _plain_format(formats, column)
        sheet.set_column(j + 1, j + 1, column.width, column_format)
    sheet.freeze_panes(first, 1)
    return total_row


def _plain_format(formats: dict[str, Format], column: Column) -> Format:
    """The column format of a large table's column: its number format (text: top-aligned)."""
    return formats["top"] if column.style == "text" else formats[f"{column.style}.plain"]


def _write_group_header(
    sheet: Worksheet,
    formats: dict[str, Format],
    title: str,
    first_header: str,
    groups: Sequence[Group],
) -> None:
    """The title row, one merged cell per group and the column headers under it."""
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


def _write_grouped_rows(
    sheet: Worksheet,
    formats: dict[str, Format],
    names: Sequence[str],
    columns: Sequence[Column],
    bordered: bool,
) -> None:
    """One row per name under the header; negative values of highlighted columns in red."""
    # editable cells are written even when empty (their format unlocks them), in any layout
    plain: list[Format | None] = [
        formats["editable"] if c.editable else formats[c.style] if bordered else None
        for c in columns
    ]
    cut = [
        formats[f"{c.style}.cut"] if c.highlight_negative else plain[j]
        for j, c in enumerate(columns)
    ]
    values = [c.values for c in columns]
    text = formats["text"] if bordered else None
    first = HEADER_ROW + 1
    rows = RowWriter(sheet)
    for r, name in enumerate(names):
        cells: list[RowCell] = [(0, name, text)]
        for j in range(len(columns)):
            v = values[j][r]
            if v is None or v != v:
                cells.append((j + 1, None, plain[j]))
            elif isinstance(v, str) or not -EXCEL_MAX <= v <= EXCEL_MAX:
                cells.append((j + 1, v if isinstance(v, str) else number_text(v), plain[j]))
            else:
                cells.append((j + 1, v, cut[j] if v < 0 else plain[j]))
        rows.write(first + r, cells)


def _write_totals_row(
    sheet: Worksheet,
    formats: dict[str, Format],
    total_row: int,
    total_label: str,
    columns: Sequence[Column],
    any_rows: bool,
) -> None:
    """The totals row: a ``SUM`` formula per summed column (its value cached), else blank."""
    from xlsxwriter.utility import xl_range

    first = HEADER_ROW + 1
    sheet.write_string(total_row, 0, total_label, formats["text.total"])
    for j, column in enumerate(columns):
        known = [
            v for v in column.values if v is not None and not isinstance(v, str) and fits_cell(v)
        ]
        fmt = formats[f"{column.style}.total"] if column.summed else formats["text.total"]
        if not known or not any_rows or not column.summed:
            sheet.write_blank(total_row, j + 1, None, fmt)
            continue
        cells = xl_range(first, j + 1, total_row - 1, j + 1)
        total = sum(known)
        cached = _clean(total) if fits_cell(total) else 0  # Excel recalculates it on opening
        sheet.write_formula(total_row, j + 1, f"=SUM({cells})", fmt, cached)


def _clean(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


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
        From :func:`~quota.outputs.xlsx.build_formats`.
    name : str
        Sheet name.
    headers : sequence of str
        Column headers.
    columns : sequence of sequences
        Column values (equal lengths); None or NaN is left blank.
    styles : sequence of str
        ``text`` or a number style of :func:`~quota.outputs.xlsx.build_formats`, per column.
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
    _write_flat_header(sheet, formats, headers, styles, widths, wrap_column)
    cells: list[list[Any]] = []
    for style, values in zip(styles, columns, strict=True):
        if style == "text":
            cells.append(["" if v is None or v is pd.NA else str(v) for v in values])
        else:
            cells.append(number_cells(values))
    n = len(cells[0]) if cells else 0
    _write_flat_records(
        sheet, cells, n, widths[wrap_column] if wrap_column is not None else 0.0, wrap_column
    )
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


def _write_flat_header(
    sheet: Worksheet,
    formats: dict[str, Format],
    headers: Sequence[str],
    styles: Sequence[str],
    widths: Sequence[float],
    wrap_column: int | None,
) -> None:
    """Column widths and formats, and the header row, as tall as its longest header needs."""
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


def _write_flat_records(
    sheet: Worksheet,
    cells: list[list[Any]],
    n: int,
    wrap_width: float,
    wrap_column: int | None,
) -> None:
    """Rows 1 to ``n``: each record's cells, rows of the wrapping column as tall as its text."""
    rows = RowWriter(sheet)
    for r in range(n):
        row = r + 1
        if wrap_column is not None:
            lines = math.ceil(compute_text_width(cells[wrap_column][r]) / max(wrap_width - 2, 1))
            if lines > 1:
                sheet.set_row(row, 15 * lines + 2)
        rows.write(
            row,
            [
                (c, v, None)
                for c, values in enumerate(cells)
                if (v := values[r]) is not None and v != ""
            ],
        )


def write_table_sheet(
    book: Workbook,
    formats: dict[str, Format],
    name: str,
    tables: Sequence[Table],
    lang: str,
    *,
    notes: bool = False,
) -> Worksheet:
    """Write report tables (:class:`quota.outputs.document.Table`) one below the other, as text.

    Parameters
    ----------
    book : Workbook
        The workbook.
    formats : dict
        From :func:`~quota.outputs.xlsx.build_formats`.
    name : str
        Sheet name.
    tables : sequence of Table
        Tables with a caption (written above) and text cells.
    lang : {"zh", "en"}
        Language of the printed footer.
    notes : bool
        Write each table's note under it (wrapped over the table's width).

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
            _write_table_row(sheet, formats, row, cells, widths)
            row += 1
        if notes and table.note:
            _write_note(
                sheet, formats, row, table.note, [widths[c] for c in range(len(table.headers))]
            )
            row += 1
        row += 1
    set_print_layout(sheet, lang, title=name)
    return sheet


def _write_table_row(
    sheet: Worksheet,
    formats: dict[str, Format],
    row: int,
    cells: Sequence[Cell],
    widths: dict[int, float],
) -> None:
    """One row of a report table: numbers as numbers (signed, cuts red), text wrapped as needed."""
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
            sheet.write_string(row, c, cell.text, formats["text.wrap" if lines > 1 else "text"])


def _write_note(
    sheet: Worksheet, formats: dict[str, Format], row: int, note: str, widths: Sequence[float]
) -> None:
    """A note under a table, wrapped over the table's columns, as tall as its text needs."""
    span = sum(widths)
    sheet.set_row(row, 15 * math.ceil(compute_text_width(note) / max(span - 2.0, 1.0)) + 4)
    if len(widths) > 1:
        sheet.merge_range(row, 0, row, len(widths) - 1, note, formats["note.wrap"])
    else:
        sheet.write_string(row, 0, note, formats["note.wrap"])


_NUMBER = re.compile(r"[+-]?\d[\d,]*(\.\d+)?")


def _as_number(text: str) -> int | float | None:
    """The number a report cell shows (``1,234``, ``+8``, ``0.35``), or None for other text.

    None too for a number no cell can hold (beyond :data:`EXCEL_MAX`): it stays text.
    """
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text.replace(",", ""))
    if not fits_cell(value):
        return None
    return int(value) if value.is_integer() and "." not in text else value
