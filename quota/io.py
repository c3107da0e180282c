"""Read street tables (CSV in any common encoding, or XLSX) into validated frames.

A reader returns a :class:`StreetTable`: the data under canonical column
names, plus what is needed to talk to the user about it afterwards (the header
as they wrote it, the row number they see in their editor, notices about
dropped totals rows).
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from quota.errors import InputError
from quota.schema import TOTAL_ROW_NAMES, canonical_column, normalize_text

#: refuse larger files outright (a street table of a whole country is ~10 MB)
MAX_FILE_BYTES = 200 * 1024 * 1024

_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


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
        Canonical column -> header as written in the file.
    rows : tuple of int
        Row number of each street as the user sees it (1-based file line or
        Excel row).
    notices : tuple of str
        Things dropped or fixed while reading, for the user to see.
    sha256 : str
        Hash of the file's bytes.
    sheet : str or None
        Sheet read, for XLSX.
    """

    path: Path
    frame: pd.DataFrame
    headers: dict[str, str]
    rows: tuple[int, ...]
    notices: tuple[str, ...] = ()
    sha256: str = ""
    sheet: str | None = None
    bad_cells: dict[str, tuple[tuple[int, str], ...]] = field(default_factory=dict)

    @property
    def streets(self) -> list[str]:
        """Street names in table order."""
        return [str(s) for s in self.frame["street"]]

    def where(self, row_index: int, column: str) -> str:
        """Describe a cell for a message: file, sheet, row and column as the user wrote it."""
        sheet = f", sheet {self.sheet}" if self.sheet else ""
        return f"{self.path.name}{sheet}, row {self.rows[row_index]}, column {self.header(column)!r}"

    def header(self, column: str) -> str:
        """The header of a canonical column as written in the file."""
        return self.headers.get(column, column)


def hash_file(path: Path) -> str:
    """SHA-256 of a file's bytes, hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def decode_bytes(raw: bytes, path: Path) -> str:
    """Decode a text file: strict UTF-8 (with or without BOM), else GB18030.

    GB18030 is a superset of GBK and GB2312 and covers rare characters in
    place names that GBK lacks.
    """
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(
        f"{path.name}: cannot decode the file as UTF-8 or GB18030 text; "
        "save it from Excel as 'CSV UTF-8' or as .xlsx"
    )


def parse_number(text: str) -> float | None:
    """Parse a cell as a number; ``None`` when it is not one.

    Full-width digits and separators are folded (NFKC); thousands separators
    and surrounding spaces are removed; empty cells are NaN.
    """
    cleaned = normalize_text(text).replace(",", "").replace(" ", "")
    if cleaned in ("", "-", "—", "nan", "NaN"):
        return math.nan
    if cleaned.endswith("%") and _NUMBER_RE.match(cleaned[:-1]):
        return float(cleaned[:-1]) / 100.0
    if _NUMBER_RE.match(cleaned):
        return float(cleaned)
    return None


def read_grid(path: Path, sheet: str | int | None = None) -> tuple[list[list[str]], str | None]:
    """Read a CSV or XLSX file as a grid of cell texts; return (grid, sheet name)."""
    if not path.exists():
        raise InputError(f"{path}: file not found")
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(
            f"{path.name}: file is {size / 2**20:.0f} MB, larger than the "
            f"{MAX_FILE_BYTES / 2**20:.0f} MB limit for a street table"
        )
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx_grid(path, sheet)
    if suffix in (".xls",):
        raise InputError(f"{path.name}: old .xls files are not supported; save it as .xlsx")
    text = decode_bytes(path.read_bytes(), path)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        grid = [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as exc:
        raise InputError(f"{path.name}: not a valid CSV file ({exc})") from None
    return grid, None


def read_xlsx_grid(path: Path, sheet: str | int | None) -> tuple[list[list[str]], str]:
    """Read one sheet of a workbook as cell texts (formulas by their cached values)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise InputError(f"{path.name}: cannot open as an Excel workbook ({exc})") from None
    try:
        names = book.sheetnames
        if sheet is None:
            visible = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
            name = visible[0] if visible else names[0]
        elif isinstance(sheet, int):
            if not 0 <= sheet < len(names):
                raise InputError(f"{path.name}: sheet index {sheet} out of range (0..{len(names) - 1})")
            name = names[sheet]
        else:
            if sheet not in names:
                raise InputError(f"{path.name}: no sheet named {sheet!r}; sheets: {', '.join(names)}")
            name = sheet
        grid: list[list[str]] = []
        for row in book[name].iter_rows(values_only=True):
            grid.append(["" if cell is None else _cell_text(cell) for cell in row])
    finally:
        book.close()
    return grid, name


def _cell_text(cell: object) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def is_blank(row: Sequence[str]) -> bool:
    """True when every cell of a row is empty or whitespace."""
    return all(not str(cell).strip() for cell in row)


def build_table(
    grid: list[list[str]], path: Path, sheet: str | None = None, *, sha256: str = ""
) -> StreetTable:
    """Turn a grid of cell texts (header in the first non-blank row) into a StreetTable."""
    numbered = [(i + 1, row) for i, row in enumerate(grid)]
    numbered = [(n, row) for n, row in numbered if not is_blank(row)]
    where = f"{path.name}" + (f", sheet {sheet}" if sheet else "")
    if not numbered:
        raise InputError(f"{where}: the table is empty")
    header_line, header_row = numbered[0]
    width = max(len(row) for _, row in numbered)
    raw_headers = [str(h) for h in header_row] + [""] * (width - len(header_row))
    columns: list[str] = []
    headers: dict[str, str] = {}
    problems: list[str] = []
    for position, raw in enumerate(raw_headers):
        text = normalize_text(raw)
        if not text:
            columns.append(f"__blank{position}")
            continue
        canonical = canonical_column(text)
        if canonical in headers:
            problems.append(
                f"{where}, row {header_line}: columns {headers[canonical]!r} and {text!r} "
                f"both mean {canonical!r}; keep one"
            )
        headers[canonical] = text
        columns.append(canonical)
    if "street" not in headers:
        problems.append(
            f"{where}, row {header_line}: no street column; name one column 街道 (or street)"
        )
    if problems:
        raise InputError(problems)
    body = [(n, [str(c) for c in row] + [""] * (width - len(row))) for n, row in numbered[1:]]
    street_pos = columns.index("street")
    notices: list[str] = []
    kept: list[tuple[int, list[str]]] = []
    for line, row in body:
        name = normalize_text(row[street_pos])
        if name.replace(" ", "").lower() in TOTAL_ROW_NAMES:
            notices.append(f"{where}, row {line}: dropped the totals row {name!r}")
            continue
        kept.append((line, row))
    if not kept:
        raise InputError(f"{where}: the table has a header but no streets")
    for line, row in kept:
        if not normalize_text(row[street_pos]):
            problems.append(f"{where}, row {line}, column {headers['street']!r}: street name is empty")
    names = [normalize_text(row[street_pos]) for _, row in kept]
    first_seen: dict[str, int] = {}
    for (line, _), name in zip(kept, names, strict=True):
        if name and name in first_seen:
            problems.append(
                f"{where}, row {line}, column {headers['street']!r}: street {name!r} "
                f"appears again (first in row {first_seen[name]})"
            )
        first_seen.setdefault(name, line)
    if problems:
        raise InputError(problems)
    data: dict[str, object] = {"street": pd.array(names, dtype="string")}
    bad_cells: dict[str, tuple[tuple[int, str], ...]] = {}
    for position, column in enumerate(columns):
        if column == "street" or column.startswith("__blank"):
            continue
        texts = [row[position] for _, row in kept]
        values = [parse_number(t) for t in texts]
        bad = tuple((i, t) for i, (t, v) in enumerate(zip(texts, values, strict=True)) if v is None)
        if bad:
            bad_cells[column] = bad
            data[column] = pd.array([normalize_text(t) for t in texts], dtype="string")
        else:
            data[column] = np.array(values, dtype=float)
    frame = pd.DataFrame(data)
    return StreetTable(
        path=path,
        frame=frame,
        headers=headers,
        rows=tuple(line for line, _ in kept),
        notices=tuple(notices),
        sha256=sha256,
        sheet=sheet,
        bad_cells=bad_cells,
    )


def read_table(path: str | Path, sheet: str | int | None = None) -> StreetTable:
    """Read a street table from CSV (UTF-8, UTF-8 BOM, GBK/GB18030) or XLSX.

    Parameters
    ----------
    path : str or Path
        The file.
    sheet : str or int, optional
        For XLSX: the sheet name or 0-based index; default the first visible sheet.

    Raises
    ------
    InputError
        When the file is missing, unreadable, empty, has no street column or
        duplicate streets.
    """
    file = Path(path)
    grid, sheet_name = read_grid(file, sheet)
    return build_table(grid, file, sheet_name, sha256=hash_file(file))


def check_numeric_columns(
    table: StreetTable, columns: Iterable[str], *, purpose: dict[str, str] | None = None
) -> list[str]:
    """Problems with the columns a scenario uses: missing, non-numeric, negative.

    Returns one message per problem (empty when all is well), each naming the
    file, row and column as the user wrote them.
    """
    problems: list[str] = []
    where = table.path.name + (f", sheet {table.sheet}" if table.sheet else "")
    purpose = purpose or {}
    for column in dict.fromkeys(columns):
        if column not in table.frame.columns:
            why = f" (needed for {purpose[column]})" if column in purpose else ""
            known = ", ".join(repr(table.header(c)) for c in table.frame.columns if c != "street")
            problems.append(f"{where}: no column {column!r}{why}; the table has {known}")
            continue
        for index, text in table.bad_cells.get(column, ()):
            problems.append(f"{table.where(index, column)}: {text!r} is not a number")
        if column in table.bad_cells:
            continue
        values = table.frame[column].to_numpy(dtype=float)
        for index in np.flatnonzero(np.isnan(values)):
            problems.append(f"{table.where(int(index), column)}: the cell is empty; a number is needed")
        for index in np.flatnonzero(values < 0):
            problems.append(f"{table.where(int(index), column)}: {values[index]:g} is negative")
    return problems


def check_integer_columns(table: StreetTable, columns: Iterable[str]) -> list[str]:
    """Problems with columns that must hold whole numbers (quotas, staff, offices)."""
    problems: list[str] = []
    for column in dict.fromkeys(columns):
        if column not in table.frame.columns or column in table.bad_cells:
            continue
        values = table.frame[column].to_numpy(dtype=float)
        for index in np.flatnonzero(~np.isnan(values) & (values != np.round(values))):
            problems.append(f"{table.where(int(index), column)}: {values[index]:g} is not a whole number")
    return problems
