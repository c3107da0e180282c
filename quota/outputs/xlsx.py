"""The one XLSX setup of the package: deterministic workbooks, cell formats, widths, numbers.

Every workbook the package writes (the review workbook, the comparison, the
plan, the collection form) is opened by :func:`open_workbook`. Text is always
written as text (a street named ``=1+1`` is a string cell, never a formula or
a link); numbers a spreadsheet cannot hold (infinite, or beyond
:data:`EXCEL_MAX`) become text (:func:`number_cells`). XlsxWriter's temporary
files stay next to the workbook (:func:`workbook_parts`) and are removed, with
the unfinished file, when writing fails (:func:`discard_workbook`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from quota.locale import label

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet


#: creation date written into every workbook, so the same result gives the same file
FIXED_DATE = dt.datetime(2000, 1, 1)
#: largest number a spreadsheet cell holds (Excel); larger ones, and infinite ones, become text
EXCEL_MAX = 9.99999999999999e307
#: number style -> Excel number format
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
        ``text.total``; ``editable`` (unlocked, shaded, text: the cells people
        type into on a protected sheet).
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
        # where people type on a protected sheet: unlocked, light yellow, kept as text
        # (so that ``+2`` or ``>=41`` stay as typed)
        "editable": book.add_format(
            {"locked": False, "bg_color": "#FFF2CC", "num_format": "@", **border}
        ),
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


def column_width(texts: Sequence[str], low: float, high: float) -> float:
    """Width of a column that fits its widest text [characters], within ``low`` and ``high``."""
    widest = max((compute_text_width(t) for t in texts), default=0)
    return float(min(high, max(low, widest + 2)))


def number_text(value: float) -> str:
    """A number no cell can hold, as text (``1e+308``, ``inf``)."""
    try:
        return format(float(value), "g")
    except OverflowError:  # an int beyond any float
        return "-inf" if value < 0 else "inf"


def fits_cell(value: float) -> bool:
    """Whether a number can be written as a number (finite, within :data:`EXCEL_MAX`)."""
    return -EXCEL_MAX <= value <= EXCEL_MAX


def number_cells(values: pd.Series | Sequence[Any]) -> list[float | str | None]:
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
        cells[i] = number_text(array[i])
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
