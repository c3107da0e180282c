"""The street table: a grid's rows under canonical columns, and checks of the columns used.

:func:`read_table` reads a file into a grid (:mod:`quota.io.files`), finds its
header (:mod:`quota.io.headers`) and builds a :class:`StreetTable`
(:func:`build_table`) in named steps: the columns are named canonically (two
columns that mean the same are refused), the rows under the header are sorted
into streets, totals and notes (:mod:`quota.io.rows`), the street names are
checked, and each column's cells are read (:func:`quota.io.cells.parse_cell`).
A cell that is not a number is kept with why, and reported only for the
columns a scenario uses (:func:`check_numeric_columns`,
:func:`check_integer_columns`).

Every refusal names the file, the sheet, the row as the user sees it in Excel
(1-based) and the column as the user wrote it, and says what was expected.
The problems of a file are reported together.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

from quota.config.columns import canonical_column, normalize_text, suggest_header
from quota.errors import InputError, Msg
from quota.io.cells import (
    DEFAULT_UNITS,
    MAX_ABS_VALUE,
    MAX_COUNT,
    column_letter,
    format_number,
    parse_cell,
    parse_plain_column,
)
from quota.io.files import Grid, describe_place, read_grid, read_table_bytes
from quota.io.headers import HeaderLayout, find_header
from quota.io.rows import Columns, extra_cell_problems, is_blank, sort_rows, street_names
from quota.locale import msg

T = TypeVar("T")


@dataclass(frozen=True)
class StreetTable:
    """A street table under canonical column names.

    Attributes
    ----------
    path : Path
        The file read.
    frame : DataFrame
        One row per street, ``street`` first (string), every other column as
        float where every non-empty cell is a number, else as text.
    headers : dict
        Canonical column -> header as written in the file (``group/column``
        under a two-row header).
    rows : tuple of int
        Row number of each street as the user sees it (1-based, as in Excel).
    notices : tuple of str or Msg
        Things dropped or fixed while reading, for the user to see (messages
        that render in the user's language).
    sha256 : str
        Hash of the file's bytes.
    sheet : str or None
        Sheet read, for XLSX.
    bad_cells : dict
        Canonical column -> ``(row index, cell text, complaint)`` for each cell
        that is not a number; reported only for the columns a scenario uses.
    problems : tuple of str or Msg
        Row-level problems (empty or repeated street names) found by a
        non-strict read; :func:`check_numeric_columns` reports them first.
    units : dict
        Canonical column -> the unit the file states for it (units row or a
        unit in brackets in the header), when it states one.
    """

    path: Path
    frame: pd.DataFrame
    headers: dict[str, str]
    rows: tuple[int, ...]
    notices: tuple[str | Msg, ...] = ()
    sha256: str = ""
    sheet: str | None = None
    bad_cells: dict[str, tuple[tuple[int, str, str | Msg], ...]] = field(default_factory=dict)
    problems: tuple[str | Msg, ...] = ()
    units: dict[str, str] = field(default_factory=dict)

    @property
    def streets(self) -> list[str]:
        """Street names in table order."""
        return [str(s) for s in self.frame["street"]]

    @property
    def place(self) -> str | Msg:
        """The file (and sheet) for a message."""
        return describe_place(self.path, self.sheet)

    def where(self, row_index: int, column: str) -> Msg:
        """Describe a cell for a message: file, sheet, row and column as the user wrote it."""
        return msg(
            "io.cell", where=self.place, row=self.rows[row_index], header=self.header(column)
        )

    def header(self, column: str) -> str:
        """The header of a canonical column as written in the file."""
        return self.headers.get(column, column)


# --------------------------------------------------------------------------
# Grids to tables
# --------------------------------------------------------------------------


def build_table(
    grid: Grid,
    path: Path,
    *,
    sha256: str = "",
    strict: bool = True,
    accept_totals_mismatch: bool = False,
) -> StreetTable:
    """Turn a grid of cell texts into a StreetTable.

    Parameters
    ----------
    grid : Grid
        The cells, as read from the file.
    path : Path
        The file (for messages).
    sha256 : str
        Hash of the file.
    strict : bool
        Raise on row-level problems (empty, repeated or too long street names,
        a totals row that disagrees with the streets, a note row with numbers, a
        CSV row longer than the header); else keep them in
        ``StreetTable.problems`` for :func:`check_numeric_columns` to report
        together with the problems of the columns a scenario uses.
    accept_totals_mismatch : bool
        A totals row (合计, 小计, ...) that disagrees with the streets above it is
        a problem (a street is missing or counted twice); with ``True`` it is
        only a notice and the streets are read as they are.
    """
    where = describe_place(path, grid.sheet)
    numbered = [
        (i + 1, list(map(str, row))) for i, row in enumerate(grid.cells) if not is_blank(row)
    ]
    if not numbered:
        raise InputError(msg("io.table_empty", where=where))
    layout = find_header(numbered, where)
    columns = _name_columns(layout, where)
    header_line = layout.header_rows[-1]
    width = len(columns.names)
    body = [(n, row + [""] * (width - len(row))) for n, row in numbered[layout.first_body :]]
    rows = sort_rows(body, columns, accept_totals_mismatch=accept_totals_mismatch)
    no_streets = msg("io.header_without_streets", where=where, row=header_line)
    if not rows.kept and not rows.problems:
        raise InputError(no_streets)
    notices = [
        *_layout_notices(grid, layout, where),
        *rows.notices,
        *_unnamed_column_notices(columns, rows.kept),
    ]
    names, row_problems = street_names(grid, columns, rows.kept)
    row_problems += rows.problems
    row_problems += extra_cell_problems(grid, layout.header_rows, rows.kept, where)
    if row_problems and strict:
        raise InputError(row_problems)
    if not rows.kept:
        raise InputError([*row_problems, no_streets])
    data, bad_cells, units = _read_columns(grid, columns, layout, rows.kept, names)
    return StreetTable(
        path=path,
        frame=pd.DataFrame(data),
        headers=columns.headers,
        rows=tuple(line for line, _ in rows.kept),
        notices=tuple(notices),
        sha256=sha256,
        sheet=grid.sheet,
        bad_cells=bad_cells,
        problems=tuple(row_problems),
        units=units,
    )


def _name_columns(layout: HeaderLayout, where: str | Msg) -> Columns:
    """Name each column canonically; refuse two columns that mean the same."""
    columns: list[str] = []
    headers: dict[str, str] = {}
    problems: list[str | Msg] = []
    header_line = layout.header_rows[-1]
    for position, name in enumerate(layout.names):
        if not name:
            columns.append(f"__blank{position}")
            continue
        canonical = canonical_column(name)
        if canonical in headers:
            problems.append(
                msg(
                    "io.columns_same_meaning",
                    where=where,
                    row=header_line,
                    first=headers[canonical],
                    second=layout.displays[position],
                    canonical=canonical,
                )
            )
        headers[canonical] = layout.displays[position]
        columns.append(canonical)
    if problems:
        raise InputError(problems)
    street_pos = columns.index("street")
    accepted_units: dict[int, tuple[str, ...]] = {}
    for position, column in enumerate(columns):
        stated = layout.units.get(position)
        accepted_units[position] = (stated,) if stated else DEFAULT_UNITS.get(column, ())
    return Columns(
        where=where,
        names=columns,
        displays=layout.displays,
        headers=headers,
        units=accepted_units,
        street=street_pos,
    )


def _layout_notices(grid: Grid, layout: HeaderLayout, where: str | Msg) -> list[str | Msg]:
    """The grid's notices, then what was dropped above the body (title rows, a units row)."""
    notices: list[str | Msg] = list(grid.notices)
    for line, text in layout.skipped:
        notices.append(msg("io.title_row_skipped", where=where, row=line, text=text))
    if layout.units_row is not None:
        line, units = layout.units_row
        notices.append(msg("io.units_row_dropped", where=where, row=line, units=units))
    return notices


def _unnamed_column_notices(columns: Columns, kept: list[tuple[int, list[str]]]) -> list[str | Msg]:
    """A notice for each column without a header that has values in the street rows."""
    where = columns.where
    return [
        msg("io.unnamed_column", where=where, letter=column_letter(position))
        for position, column in enumerate(columns.names)
        if column.startswith("__blank") and any(row[position].strip() for _, row in kept)
    ]


def _read_columns(
    grid: Grid,
    columns: Columns,
    layout: HeaderLayout,
    kept: list[tuple[int, list[str]]],
    names: list[str],
) -> tuple[dict[str, object], dict[str, tuple[tuple[int, str, str | Msg], ...]], dict[str, str]]:
    """The frame's columns, the cells that are not numbers, and the units the file states.

    A column of numbers is float; one with a cell that is not a number is kept as
    its (NFKC) text, and its bad cells are reported when a scenario uses it.
    """
    data: dict[str, object] = {"street": pd.array(names, dtype="string")}
    bad_cells: dict[str, tuple[tuple[int, str, str | Msg], ...]] = {}
    units: dict[str, str] = {}
    troubles: dict[int, dict[int, str | Msg]] = {}
    for (row, position), trouble in grid.problems.items():
        troubles.setdefault(position, {})[row] = trouble
    lines = [line for line, _ in kept]
    by_column = list(zip(*(row for _, row in kept), strict=False))  # rows are at least this wide
    for position, column in enumerate(columns.names):
        if column == "street" or column.startswith("__blank"):
            continue
        stated = layout.units.get(position)
        if stated:
            units[column] = stated
        texts = by_column[position]
        parsed, bad = _read_column(
            texts, lines, troubles.get(position, {}), columns.units[position]
        )
        if bad:
            bad_cells[column] = tuple(bad)
            data[column] = pd.array(_memoized(normalize_text, texts), dtype="string")
        else:
            data[column] = np.array(parsed, dtype=float)
    return data, bad_cells, units


def _memoized(function: Callable[[str], T], texts: Sequence[str]) -> list[T]:
    """``[function(t) for t in texts]``, once per distinct text (columns repeat their values)."""
    known: dict[str, T] = {}
    results: list[T] = []
    for text in texts:
        if text not in known:
            known[text] = function(text)
        results.append(known[text])
    return results


def _read_column(
    texts: Sequence[str],
    lines: list[int],
    troubles: Mapping[int, str | Msg],
    accepted: tuple[str, ...],
) -> tuple[Sequence[float | None], list[tuple[int, str, str | Msg]]]:
    """The values of one column's cells, and ``(row index, text, complaint)`` of the bad ones.

    ``lines`` are the cells' rows (1-based), ``troubles`` the grid's problems of
    this column by 0-based row (a cell that cannot be read as a value).
    """
    if not troubles:
        plain = parse_plain_column(texts)  # the common case: every cell a plain number
        if plain is not None:
            return plain, []
    outcomes = _memoized(lambda text: parse_cell(text, accepted), texts)
    parsed: list[float | None] = []
    bad: list[tuple[int, str, str | Msg]] = []
    for index, (line, text, (value, complaint)) in enumerate(
        zip(lines, texts, outcomes, strict=True)
    ):
        trouble = troubles.get(line - 1)
        if trouble:
            parsed.append(None)
            bad.append((index, text, trouble))
            continue
        parsed.append(value)
        if value is None:
            bad.append((index, text, complaint))
    return parsed, bad


def read_table(
    path: str | Path,
    sheet: str | int | None = None,
    *,
    strict: bool = True,
    accept_totals_mismatch: bool = False,
) -> StreetTable:
    """Read a street table from CSV (UTF-8, UTF-8 BOM, UTF-16, GBK/GB18030) or XLSX.

    Parameters
    ----------
    path : str or Path
        The file (a regular file of at most :data:`~quota.io.files.MAX_FILE_BYTES`, read
        once).
    sheet : str or int, optional
        For XLSX: the sheet name or 0-based index; default the first visible
        sheet with a street column.
    strict : bool
        Raise on row-level problems (default): empty, repeated or too long
        street names, a totals row that disagrees with the streets, a note row
        with numbers, a CSV row longer than the header. With ``False`` they are
        kept in ``problems`` and reported by :func:`check_numeric_columns`
        together with the problems of the columns a scenario uses.
    accept_totals_mismatch : bool
        Read a table whose totals row disagrees with its streets, with a notice
        (default: that is a problem).

    Raises
    ------
    InputError
        When the file is missing, not a regular file, too large, unreadable,
        empty, has no street column, broken CSV quoting, or (strict) row-level
        problems.
    """
    file = Path(path)
    raw = read_table_bytes(file)
    with _collector_paused():
        grid = read_grid(file, sheet, raw=raw)
        return build_table(
            grid,
            file,
            sha256=hashlib.sha256(raw).hexdigest(),
            strict=strict,
            accept_totals_mismatch=accept_totals_mismatch,
        )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off for a ``with`` block (as it was before, after it).

    Reading a table makes a list per row and a tuple per cell it looks at, and
    no reference cycles; the collector would walk them all again and again as
    they pile up (a third of the reading time at 40,000 rows). Memory is freed
    as before, by reference counting.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --------------------------------------------------------------------------
# Checks of the columns a scenario uses
# --------------------------------------------------------------------------


def _missing_column(table: StreetTable, column: str, purpose: Mapping[str, str | Msg]) -> Msg:
    """A scenario's column the table lacks: what it is for, the columns there are, a close one."""
    headers = [table.header(c) for c in table.frame.columns if c != "street"]
    close = suggest_header(column, headers)
    return msg(
        "io.column_missing",
        where=table.place,
        column=column,
        why=msg("io.column_needed_for", purpose=purpose[column]) if column in purpose else "",
        known=[msg("io.quoted", text=header) for header in headers],
        hint=msg("io.did_you_mean", header=close) if close else "",
    )


def _value_problems(table: StreetTable, column: str) -> list[str | Msg]:
    """A numeric column's cells that are empty, out of range or negative."""
    problems: list[str | Msg] = []
    values = table.frame[column].to_numpy(dtype=float)

    def at(index: int, problem: Msg) -> Msg:
        return msg("io.problem_at", where=table.where(index, column), problem=problem)

    for index in np.flatnonzero(np.isnan(values)).tolist():
        problems.append(at(int(index), msg("io.cell_empty")))
    wild = np.isinf(values) | (np.abs(np.nan_to_num(values)) > MAX_ABS_VALUE)
    for index in np.flatnonzero(wild).tolist():
        shown = format_number(values[index])
        problems.append(at(int(index), msg("io.cell_out_of_range", text=shown)))
    for index in np.flatnonzero(~wild & (values < 0)).tolist():
        shown = format_number(values[index])
        problems.append(at(int(index), msg("io.cell_negative", value=shown)))
    return problems


def check_numeric_columns(
    table: StreetTable,
    columns: Iterable[str],
    *,
    purpose: Mapping[str, str | Msg] | None = None,
) -> list[str | Msg]:
    """Problems with the columns a scenario uses: missing, non-numeric, out of range, negative.

    Returns the table's row-level problems (see ``read_table(strict=False)``)
    and then one message per problem (empty when all is well), each naming
    the file, row and column as the user wrote them and what was expected.
    """
    problems: list[str | Msg] = list(table.problems)
    purpose = purpose or {}
    for column in dict.fromkeys(columns):
        if column not in table.frame.columns:
            problems.append(_missing_column(table, column, purpose))
        elif column in table.bad_cells:
            problems += [
                msg("io.problem_at", where=table.where(index, column), problem=complaint)
                for index, _text, complaint in table.bad_cells[column]
            ]
        else:
            problems += _value_problems(table, column)
    return problems


def check_integer_columns(table: StreetTable, columns: Iterable[str]) -> list[str | Msg]:
    """Problems with columns that must hold whole numbers (quotas, staff, offices, units).

    A value must be whole and at most :data:`~quota.io.cells.MAX_COUNT`, so that every
    value that passes converts to a 64-bit integer exactly.
    """
    problems: list[str | Msg] = []
    for column in dict.fromkeys(columns):
        if column not in table.frame.columns or column in table.bad_cells:
            continue
        values = table.frame[column].to_numpy(dtype=float)
        known = ~np.isnan(values)
        with np.errstate(invalid="ignore"):
            fractional = known & np.isfinite(values) & (values != np.round(values))
        for index in np.flatnonzero(fractional):
            problem = msg("io.cell_fractional", value=format_number(values[index]))
            problems.append(
                msg("io.problem_at", where=table.where(int(index), column), problem=problem)
            )
        for index in np.flatnonzero(known & ~fractional & (values > MAX_COUNT)):
            problem = msg(
                "io.cell_count_too_large", limit=MAX_COUNT, value=format_number(values[index])
            )
            problems.append(
                msg("io.problem_at", where=table.where(int(index), column), problem=problem)
            )
    return problems
