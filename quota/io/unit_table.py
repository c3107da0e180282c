"""A table of a level's own figures (``unit_data:``): one row per unit, named in the level's column.

A scenario with levels may give the units of an upper level their own
figures (a district's population including areas outside its streets, its own
staff on board) in a table beside the street table. It is read with the
street table's readers (:func:`quota.io.files.read_grid`: the same encodings,
size checks, XLSX sheets and formulas) and header finder
(:func:`quota.io.headers.find_header`, with the level's column as the key:
区县, 区县名称, ...; one or two header rows, a units row, units in brackets),
and its cells with the same cell parser (:func:`quota.io.cells.parse_cell`).

This module only reads: the names of the units and each cell as a number, an
empty cell, or a complaint. Matching the names and columns against the
scenario is :mod:`quota.model.unit_data`'s job. A totals row (合计, 小计, ...) is
dropped. Every refusal names the file, the sheet, the row and the column.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from pathlib import Path

from quota.config.columns import UPPER_LEVELS, canonical_column
from quota.errors import InputError, Msg
from quota.io.cells import DEFAULT_UNITS, format_number, is_numeric_text, parse_cell
from quota.io.files import describe_place, read_grid, read_table_bytes
from quota.io.headers import find_header
from quota.io.rows import is_blank, is_total_label, normalize_street_name
from quota.locale import msg


@dataclass(frozen=True)
class UnitTable:
    """The rows of a table of units' own figures.

    Attributes
    ----------
    path : Path
        The file read.
    sheet : str or None
        The sheet read (XLSX).
    key : str
        The level whose units the table names (``district``).
    names : tuple of str
        Each row's unit, normalised as the street table's level cells are.
    rows : tuple of int
        Each row's number as the user sees it (1-based, as in Excel).
    headers : dict
        Canonical column -> its header as written (``group/column`` under two rows).
    cells : dict
        Canonical column -> per row, the number (NaN: the cell is empty) or the
        complaint about it (a message: not a number, an Excel error, a date).
    labels : dict
        A column of another level (a county table's 市 column) -> per row, the name
        written there, normalised as the unit names ("": empty).
    sha256 : str
        SHA-256 of the file's bytes as read (hex), for the manifest.
    """

    path: Path
    sheet: str | None
    key: str
    names: tuple[str, ...]
    rows: tuple[int, ...]
    headers: dict[str, str]
    cells: dict[str, tuple[float | str | Msg, ...]]
    sha256: str = ""
    labels: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def place(self) -> str | Msg:
        """The file (and sheet) for a message."""
        return describe_place(self.path, self.sheet)

    def where(self, index: int, column: str) -> Msg:
        """A cell for a message: file, sheet, row and column as the user wrote it."""
        return msg(
            "io.cell",
            where=self.place,
            row=self.rows[index],
            header=self.headers.get(column, column),
        )


def unit_name(text: str) -> str:
    """A unit's name as the street table's level column reads it (codes without ``.0``)."""
    name = normalize_street_name(str(text))
    if is_numeric_text(name):
        value, _ = parse_cell(name)
        if value is not None and math.isfinite(value):
            return format_number(value)
    return name


def _columns(names: list[str], displays: list[str], where: str | Msg, row: int) -> list[str]:
    """The canonical name of each column position ("" for none); two of one meaning refused."""
    columns: list[str] = []
    seen: dict[str, str] = {}
    problems: list[str | Msg] = []
    for position, name in enumerate(names):
        canonical = canonical_column(name) if name else ""
        if canonical and canonical in seen:
            problems.append(
                msg(
                    "io.columns_same_meaning",
                    where=where,
                    row=row,
                    first=seen[canonical],
                    second=displays[position],
                    canonical=canonical,
                )
            )
        if canonical:
            seen[canonical] = displays[position]
        columns.append(canonical)
    if problems:
        raise InputError(problems)
    return columns


def read_unit_table(path: str | Path, sheet: str | int | None, key: str) -> UnitTable:
    """Read a table of the units of level ``key`` and their own figures.

    Raises
    ------
    InputError
        The file cannot be read (as for a street table), has no column of the
        level, two columns of one meaning, or a row with figures but no unit.
    """
    file = Path(path)
    raw = read_table_bytes(file)
    grid = read_grid(file, sheet, raw=raw)
    where = describe_place(file, grid.sheet)
    numbered = [(i + 1, list(map(str, r))) for i, r in enumerate(grid.cells) if not is_blank(r)]
    if not numbered:
        raise InputError(msg("io.table_empty", where=where))
    layout = find_header(numbered, where, key=key)
    header_row = layout.header_rows[-1]
    columns = _columns(layout.names, layout.displays, where, header_row)
    position = columns.index(key)
    headers = {c: layout.displays[i] for i, c in enumerate(columns) if c}
    names: list[str] = []
    lines: list[int] = []
    values: dict[int, list[float | str | Msg]] = {
        i: [] for i, c in enumerate(columns) if c and i != position
    }
    labels: dict[int, list[str]] = {
        i: [] for i, c in enumerate(columns) if c in UPPER_LEVELS and i != position
    }
    problems: list[str | Msg] = []
    for line, row in numbered[layout.first_body :]:
        row = row + [""] * (len(columns) - len(row))
        name = unit_name(row[position]) if position < len(row) else ""
        if is_total_label(name):
            continue
        if not name:
            cell = msg("io.cell", where=where, row=line, header=headers[key])
            problems.append(msg("io.problem_at", where=cell, problem=msg("io.unit_name_empty")))
            continue
        names.append(name)
        lines.append(line)
        for i, written in labels.items():
            written.append(unit_name(row[i]) if i < len(row) else "")
        for i, found in values.items():
            text = row[i].strip() if i < len(row) else ""
            trouble = grid.problems.get((line - 1, i))
            if trouble:
                found.append(trouble)
                continue
            if not text:
                found.append(math.nan)
                continue
            accepted = (
                (layout.units[i],) if layout.units.get(i) else DEFAULT_UNITS.get(columns[i], ())
            )
            number, complaint = parse_cell(text, accepted)
            found.append(complaint if number is None else number)
    if problems:
        raise InputError(problems)
    return UnitTable(
        path=file,
        sheet=grid.sheet,
        key=key,
        names=tuple(names),
        rows=tuple(lines),
        headers=headers,
        cells={columns[i]: tuple(found) for i, found in values.items()},
        sha256=hashlib.sha256(raw).hexdigest(),
        labels={columns[i]: tuple(written) for i, written in labels.items()},
    )
