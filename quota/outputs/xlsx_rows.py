"""Whole rows of numbers, texts and blanks written into a constant-memory worksheet, fast.

XlsxWriter spends about 10 µs on each cell it is given (argument checks, a cell
tuple, dimension checks, then the cell's XML when the row is flushed): 13 s for
the 1.3 million cells of a 40,000-street review workbook. :class:`RowWriter`
writes a whole row's XML at once, about ten times faster, into the same
worksheet, producing **the same bytes** XlsxWriter would write for the same
calls (``write_number``, ``write_string``, ``write_blank``): the same cell
references, the same style indices (asked of each format in the order
XlsxWriter asks), the same number text (``.16G``), the same escaping of texts
(XlsxWriter's own functions), the same dimensions. ``tests/outputs/test_xlsx_rows.py``
compares whole workbooks written both ways, byte for byte.

It relies on a few internals of XlsxWriter's constant-memory mode (the row
file handle, the pending row, the row tag writer). Where any of them is missing
(another XlsxWriter version), where the sheet is not in constant-memory mode,
and for the rows it cannot write exactly (a row with its own height or format
set with ``set_row``, a text over Excel's length limit, a NaN or infinite
number), it calls the public ``write_*`` methods instead: the same file, only
slower.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

#: a cell of a row: (column, value, format); a value of None is a blank cell (written only
#: when it has a format, as ``write_blank``), a str a text, anything else a number
Cell = tuple[int, Any, "Format | None"]

#: the worksheet internals the fast rows use (XlsxWriter 3.x, constant-memory mode)
_INTERNALS = (
    "fh",
    "previous_row",
    "table",
    "row_info",
    "comments",
    "col_info",
    "xls_strmax",
    "_write_single_row",
    "_write_row",
    "_check_dimensions",
    "_escape_control_characters",
    "_escape_data",
)
#: the fast path is on (tests turn it off to compare the bytes)
ENABLED = True
#: the longest text written fast: XlsxWriter checks UTF-16 length only above half its limit
_SHORT_TEXT = 32767 // 2


def fast_rows_available(sheet: Worksheet) -> bool:
    """Whether :class:`RowWriter` can write this sheet's rows itself."""
    return bool(getattr(sheet, "constant_memory", False)) and all(
        hasattr(sheet, name) for name in _INTERNALS
    )


class RowWriter:
    """Rows of one worksheet, written in increasing row order (see the module's docstring).

    Parameters
    ----------
    sheet : Worksheet
        An XlsxWriter worksheet; constant-memory mode for the fast path.
    fast : bool
        Allow the fast path (False: every cell through the public API); it is
        taken when :data:`ENABLED` too.
    """

    def __init__(self, sheet: Worksheet, *, fast: bool = True) -> None:
        self.sheet = sheet
        self.fast = fast and ENABLED and fast_rows_available(sheet)
        #: (column, id of the format) -> the cell's XML before and after its row number
        self._heads: dict[tuple[int, int], tuple[str, str]] = {}
        if self.fast:
            from xlsxwriter.utility import _preserve_whitespace, xl_col_to_name

            self._preserve = _preserve_whitespace
            self._col_name = xl_col_to_name

    def write(self, row: int, cells: Sequence[Cell]) -> None:
        """Write the cells of one row (columns in increasing order, each once)."""
        sheet = self.sheet
        if not self.fast or not self._row_allowed(row, cells):
            self._write_public(row, cells)
            return
        if all(value is None and fmt is None for _, value, fmt in cells):
            return  # as the public calls: nothing written, and the pending row stays pending
        if row > sheet.previous_row:
            sheet._write_single_row(row)  # the pending row (written the public way), if any
        number = f'{row + 1}"'
        parts: list[str] = []
        append = parts.append
        heads = self._heads
        first = last = -1
        for col, value, fmt in cells:
            if value is None and fmt is None:
                continue  # write_blank without a format writes nothing
            head = heads.get((col, id(fmt)))
            if head is None:
                head = self._head(col, fmt)
            if first < 0:
                first = col
            last = col
            if value is None:
                append(f"{head[0]}{number}{head[1]}/>")
            elif isinstance(value, str):
                append(self._text(head, number, value))
            else:
                append(f"{head[0]}{number}{head[1]}><v>{value:.16G}</v></c>")
        sheet._check_dimensions(row, first)
        sheet._check_dimensions(row, last)
        info = sheet.row_info.pop(row, None)  # written here, never again at the next row
        sheet._write_row(row, None, info)
        append("</row>")
        sheet.fh.write("".join(parts))

    def _row_allowed(self, row: int, cells: Sequence[Cell]) -> bool:
        """Whether the fast path gives XlsxWriter's bytes for this row."""
        sheet = self.sheet
        if row < sheet.previous_row or row in sheet.comments or row >= sheet.xls_rowmax:
            return False
        info = sheet.row_info.get(row)
        if info is not None and info.row_format is not None:
            return False  # cells without a format take the row's: rare, left to XlsxWriter
        if row == sheet.previous_row and sheet.table.get(row):
            return False  # cells of this row given the public way already
        if cells and cells[-1][0] >= sheet.xls_colmax:
            return False
        for _, value, _ in cells:
            if value is None:
                continue
            if isinstance(value, str):
                if len(value) > _SHORT_TEXT:
                    return False
            elif not math.isfinite(value):
                return False
        return True

    def _head(self, col: int, fmt: Format | None) -> tuple[str, str]:
        """``<c r="B`` and `` s="3"`` of a column and format (the style as ``_write_cell``)."""
        letters = self._col_name(col)
        style = fmt
        if style is None:
            info = self.sheet.col_info.get(col)
            style = None if info is None else info.column_format
        tail = "" if style is None else f' s="{style._get_xf_index()}"'
        head = self._heads[(col, id(fmt))] = (f'<c r="{letters}', tail)
        return head

    def _text(self, head: tuple[str, str], number: str, value: str) -> str:
        text = self.sheet._escape_control_characters(value)
        if text.startswith("<r>") and text.endswith("</r>"):
            return f'{head[0]}{number}{head[1]} t="inlineStr"><is>{text}</is></c>'
        space = ' xml:space="preserve"' if self._preserve(text) else ""
        text = self.sheet._escape_data(text)
        return f'{head[0]}{number}{head[1]} t="inlineStr"><is><t{space}>{text}</t></is></c>'

    def _write_public(self, row: int, cells: Sequence[Cell]) -> None:
        sheet = self.sheet
        for col, value, fmt in cells:
            if value is None:
                sheet.write_blank(row, col, None, fmt)
            elif isinstance(value, str):
                sheet.write_string(row, col, value, fmt)
            else:
                sheet.write_number(row, col, value, fmt)
