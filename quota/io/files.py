"""Files to grids of cell texts: bounded reads, decoding, hashing, CSV, XLSX, the sheet to read.

Only a regular file is read (not a folder, device or named pipe), once, and
never more than :data:`MAX_FILE_BYTES` of it whatever size the file system
reports (:func:`read_bytes_bounded`, which other readers reuse); the hash and
every later step use the bytes read.

CSV is decoded as UTF-16 (when it starts with a UTF-16 byte order mark, as
Excel's "Unicode text" does), else strict UTF-8 with or without BOM, else
GB18030 (a superset of GBK that also has rare place-name characters). No
guessing detector: they label short GBK files as Korean. Further BOMs at the
start are dropped. A quote that is never closed, or that swallows rows into one
cell, is refused naming the line where it opens (:func:`read_csv_grid`).

XLSX is checked as an archive first (damaged files, zip bombs over
:data:`MAX_UNZIPPED_BYTES`), then read sheet by sheet; the default sheet is the
first *visible* one with a street column (:func:`choose_sheet`). Formula cells
get their values from :mod:`quota.io.formulas`; dates are refused by cell.

The result is a :class:`Grid`; finding the header and the streets in it is
:mod:`quota.io.headers`' and :mod:`quota.io.table`'s job.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import os
import re
import stat
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quota.config.columns import canonical_column, normalize_header
from quota.errors import InputError, Msg, QuotaError
from quota.io.cells import column_letter, is_numeric_text
from quota.io.formulas import resolve_formulas
from quota.io.headers import HEADER_SCAN_ROWS
from quota.locale import msg

#: refuse larger files outright (a street table of a whole country is ~10 MB) [bytes]
MAX_FILE_BYTES = 200 * 1024 * 1024
#: refuse workbooks whose parts unpack to more than this (zip bombs) [bytes]
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024
#: advice when a street table is larger than :data:`MAX_FILE_BYTES`
_TABLE_SIZE_HINT = msg("io.table_size_hint")
#: what a street table is called in messages
_STREET_TABLE = msg("io.what_street_table")
#: what a cell of a table's body should hold, in messages about it
_A_NUMBER = msg("io.expected_number")


@dataclass(frozen=True)
class Grid:
    """A sheet as cell texts, before any header is found.

    Attributes
    ----------
    cells : list of list of str
        ``cells[r][c]`` is the text of Excel row ``r + 1``, column ``c + 1``.
    sheet : str or None
        The sheet's name (XLSX only).
    problems : dict
        ``(r, c)`` -> why the cell cannot be read as a value (a formula without
        a stored result, an Excel error, a date), a message whose ``expected``
        value says what the cell should hold (``io.expected_number``).
    notices : tuple of str or Msg
        Remarks made while reading (a computed SUM that differs from the
        stored result, the sheet picked).
    lines : tuple of int
        CSV only: the line of the text file where each row starts (1-based; it
        differs from the row when a quoted cell runs over several lines).
    """

    cells: list[list[str]]
    sheet: str | None = None
    problems: dict[tuple[int, int], str | Msg] = field(default_factory=dict)
    notices: tuple[str | Msg, ...] = ()
    lines: tuple[int, ...] = ()


def describe_place(path: Path, sheet: str | None) -> str | Msg:
    """``file`` or ``file, sheet S`` for messages."""
    return msg("io.place_sheet", file=path.name, sheet=sheet) if sheet else path.name


def format_size(size: float) -> str | Msg:
    """A byte count for people: ``812 bytes``, ``3.4 KB``, ``210 MB``."""
    if size < 1024:
        return msg("io.size_bytes", count=int(size))
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            return f"{size:.1f} {unit}" if size < 10 else f"{size:.0f} {unit}"
    return f"{size:.0f} GB"  # pragma: no cover - the loop always returns


# --------------------------------------------------------------------------
# Bounded reads of regular files
# --------------------------------------------------------------------------


def _file_kind(mode: int) -> Msg:
    """What a non-regular file is, for a message."""
    if stat.S_ISDIR(mode):
        return msg("io.kind_folder")
    if stat.S_ISFIFO(mode):
        return msg("io.kind_fifo")
    if stat.S_ISSOCK(mode):
        return msg("io.kind_socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return msg("io.kind_device")
    return msg("io.kind_irregular")


def _refuse_irregular(path: Path, mode: int, what: str | Msg) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise InputError(msg("io.path_is_folder", path=path, what=what))
    raise InputError(msg("io.path_not_file", path=path, kind=_file_kind(mode), what=what))


def _unreadable(path: Path, exc: OSError) -> InputError:
    """The file cannot be read for a reason the system gives."""
    return InputError(msg("io.file_unreadable", path=path, reason=exc.strerror or str(exc)))


def _stat_file(path: Path, what: str | Msg) -> os.stat_result:
    """The status of a regular file; refuse a missing or unreadable path and anything else."""
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(msg("io.file_missing", path=path)) from None
    except PermissionError:
        raise InputError(msg("io.file_permission", path=path)) from None
    except OSError as exc:
        raise _unreadable(path, exc) from None
    _refuse_irregular(path, info.st_mode, what)
    return info


def _too_large(path: Path, size: int, limit: int, what: str | Msg, hint: str | Msg) -> InputError:
    shown = {"path": path, "limit": format_size(limit), "what": what, "hint": hint}
    if size > limit:
        return InputError(msg("io.file_too_large", size=format_size(size), **shown))
    return InputError(msg("io.file_too_large_unsized", **shown))


def _read_chunks(path: Path, limit: int, what: str | Msg, hint: str | Msg = "") -> Iterable[bytes]:
    """The bytes of a regular file in chunks; refuse it once more than ``limit`` arrive.

    The size the file system reports is not trusted: reading stops after
    ``limit + 1`` bytes whatever it says.
    """
    info = _stat_file(path, what)
    if info.st_size > limit:
        raise _too_large(path, info.st_size, limit, what, hint)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise InputError(msg("io.file_missing", path=path)) from None
    except OSError as exc:
        raise _unreadable(path, exc) from None
    with os.fdopen(descriptor, "rb", buffering=0) as handle:
        opened = os.fstat(descriptor)  # the file opened, not only the one looked at
        _refuse_irregular(path, opened.st_mode, what)
        total = 0
        while True:
            try:
                chunk = handle.read(min(1 << 20, limit + 1 - total))
            except OSError as exc:
                raise _unreadable(path, exc) from None
            if not chunk:
                return
            total += len(chunk)
            if total > limit:
                raise _too_large(path, opened.st_size, limit, what, hint)
            yield chunk


def read_bytes_bounded(path: Path, limit: int, what: str | Msg, *, hint: str | Msg = "") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Parameters
    ----------
    path : Path
        The file.
    limit : int
        Most bytes accepted; at most ``limit + 1`` are ever read, whatever size
        the file system reports (a growing file, ``/proc``, a device).
    what : str or Msg
        What the file is, for messages ("street table", "scenario", "AHP matrix");
        a :class:`~quota.errors.Msg` to be named in the user's language.
    hint : str or Msg
        Advice appended to the message for a file that is too large (``"; split the file"``).

    Raises
    ------
    InputError
        The path is missing, a folder, a device, a named pipe or a socket, cannot
        be read, or holds more than ``limit`` bytes; the message names the path.
    """
    return b"".join(_read_chunks(Path(path), limit, what, hint))


def check_file(path: Path) -> None:
    """Refuse what is not a regular file of a sensible size (folders, devices, pipes, missing)."""
    info = _stat_file(path, _STREET_TABLE)
    if info.st_size > MAX_FILE_BYTES:
        raise _too_large(path, info.st_size, MAX_FILE_BYTES, _STREET_TABLE, _TABLE_SIZE_HINT)


def read_table_bytes(path: Path) -> bytes:
    """The bytes of a street table file, read at most once and bounded by :data:`MAX_FILE_BYTES`."""
    return read_bytes_bounded(path, MAX_FILE_BYTES, _STREET_TABLE, hint=_TABLE_SIZE_HINT)


def hash_file(path: Path, limit: int | None = None) -> str:
    """SHA-256 of a file's bytes, hex.

    Only a regular file is read, and at most ``limit`` bytes (default
    :data:`MAX_FILE_BYTES`); see :func:`read_bytes_bounded`.
    """
    digest = hashlib.sha256()
    bound = MAX_FILE_BYTES if limit is None else limit
    for chunk in _read_chunks(Path(path), bound, msg("io.what_file")):
        digest.update(chunk)
    return digest.hexdigest()


# --------------------------------------------------------------------------
# Text files to grids
# --------------------------------------------------------------------------


def read_grid(path: Path, sheet: str | int | None = None, *, raw: bytes | None = None) -> Grid:
    """Read a CSV or XLSX file as a grid of cell texts.

    ``raw`` is the file's bytes when already read (see :func:`read_table_bytes`);
    the file is then not read again.
    """
    data = read_table_bytes(path) if raw is None else raw
    head = data[:8]
    suffix = path.suffix.lower()
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(msg("io.old_office_file", file=path.name))
    if suffix == ".xls":
        raise InputError(msg("io.xls_unsupported", file=path.name))
    if head.startswith(b"PK\x03\x04"):
        if suffix not in (".xlsx", ".xlsm"):
            raise InputError(msg("io.workbook_named_csv", file=path.name))
        return read_xlsx_grid(path, sheet, raw=data)
    if suffix in (".xlsx", ".xlsm"):
        raise InputError(msg("io.not_a_workbook", file=path.name))
    if sheet is not None:
        raise InputError(msg("io.csv_has_no_sheets", file=path.name))
    return read_csv_grid(path, raw=data)


def decode_bytes(raw: bytes, path: Path) -> str:
    """Decode a text file: UTF-16 with BOM, strict UTF-8 (with or without BOM), else GB18030.

    GB18030 is a superset of GBK and GB2312 and covers rare characters in
    place names that GBK lacks. Any further byte order marks at the start (a
    file saved twice with one) are removed.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        with contextlib.suppress(UnicodeDecodeError):
            return raw.decode("utf-16").lstrip("\ufeff")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding).lstrip("\ufeff")
        except UnicodeDecodeError:
            continue
    raise InputError(msg("io.cannot_decode", file=path.name))


def read_csv_grid(path: Path, *, raw: bytes | None = None) -> Grid:
    """Read a CSV file as a grid of cell texts (delimiter: comma, tab or semicolon).

    Refuses a quote that is never closed (it would swallow the rest of the file
    into one cell) and a quoted cell that runs over several lines taking in what
    look like other rows; both name the line where the quote opens.
    """
    text = decode_bytes(read_table_bytes(path) if raw is None else raw, path)
    if "\x00" in text:
        raise InputError(msg("io.binary_data", file=path.name))
    lines = list(io.StringIO(text, newline=""))  # split where the csv module splits
    first = next((line for line in lines if line.strip()), "")
    counts = {d: first.count(d) for d in (",", "\t", ";")}
    delimiter = max(counts, key=lambda d: (counts[d], d == ","))
    reader = csv.reader(lines, delimiter=delimiter)
    rows: list[list[str]] = []
    starts: list[int] = []
    ended = 0
    try:
        for row in reader:
            starts.append(ended + 1)
            ended = reader.line_num
            rows.append(list(row))
            if ended > starts[-1] or ended >= len(lines):
                check_quoted_lines(path, lines, starts[-1], ended, row, delimiter)
    except csv.Error as exc:
        line = reader.line_num or 1
        if "field larger than field limit" in str(exc):
            raise InputError(
                msg(
                    "io.csv_cell_too_long",
                    file=path.name,
                    line=ended + 1,
                    limit=csv.field_size_limit(),
                )
            ) from None
        raise InputError(
            msg("io.csv_invalid", file=path.name, line=line, reason=str(exc))
        ) from None
    return Grid(cells=rows, lines=tuple(starts))


def check_quoted_lines(
    path: Path, lines: Sequence[str], start: int, end: int, row: Sequence[str], delimiter: str
) -> None:
    """Refuse a record of lines ``start``-``end`` (1-based) whose quoting is broken.

    A record runs over several lines only inside a quoted cell. It is broken
    when the quote is never closed (the record reaches the end of the file and
    a strict reading fails), when it closes in the middle of a cell on a later
    line, or when the quoted cell runs over lines and holds numbers after a
    delimiter (``甲,1``: rows of the table, swallowed by a missing quote).
    """
    segment = "".join(lines[start - 1 : end])
    if '"' not in segment:
        return
    try:
        list(csv.reader(io.StringIO(segment, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise InputError(msg("io.quote_never_closed", file=path.name, line=start)) from None
        if end == start:
            return  # a stray quote inside one line ("12"3): the cell shows what it reads
        raise InputError(
            msg("io.quote_closes_mid_cell", file=path.name, line=start, end=end)
        ) from None
    for cell in row:
        parts = re.split(r"\r\n|\r|\n", cell)
        if len(parts) > 1 and any(
            is_numeric_text(piece) for part in parts for piece in part.split(delimiter)[1:]
        ):
            raise InputError(msg("io.quote_swallows_rows", file=path.name, line=start, end=end))


# --------------------------------------------------------------------------
# Workbooks to grids
# --------------------------------------------------------------------------


def read_sheet_states(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> ``visible``, ``hidden`` or ``veryHidden``, from ``xl/workbook.xml``."""
    import xml.etree.ElementTree as ET

    namespace = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    root = ET.fromstring(archive.read("xl/workbook.xml"))
    states: dict[str, str] = {}
    for sheet in root.iter(f"{namespace}sheet"):
        states[sheet.get("name", "")] = sheet.get("state", "visible")
    return states


def check_workbook_archive(path: Path, raw: bytes | None = None) -> dict[str, str]:
    """Refuse damaged workbooks and zip bombs; return the sheets' visibility.

    ``raw`` is the workbook's bytes when already read (the file is then not read again).
    """
    data = read_table_bytes(path) if raw is None else raw
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > MAX_UNZIPPED_BYTES:
                raise InputError(
                    msg(
                        "io.workbook_unpacks_too_large",
                        file=path.name,
                        size=format_size(unpacked),
                        limit=format_size(MAX_UNZIPPED_BYTES),
                    )
                )
            return read_sheet_states(archive)
    except QuotaError:
        raise
    except Exception as exc:  # zipfile and XML parsers raise many types for a damaged file
        raise InputError(msg("io.workbook_damaged_open", file=path.name, reason=str(exc))) from None


def read_xlsx_grid(path: Path, sheet: str | int | None, *, raw: bytes | None = None) -> Grid:
    """Read one sheet of a workbook as cell texts (formulas by their stored or computed values).

    ``raw`` is the workbook's bytes when already read (the file is then not read again).
    """
    data = read_table_bytes(path) if raw is None else raw
    states = check_workbook_archive(path, data)
    try:
        return _read_xlsx_sheet(path, data, sheet, states)
    except QuotaError:
        raise
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise InputError(msg("io.workbook_damaged_read", file=path.name, reason=str(exc))) from None


def _load_book(raw: bytes, data_only: bool) -> Any:
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(raw), read_only=True, data_only=data_only)


def _sheet_rows(path: Path, book: Any, name: str) -> list[list[Any]]:
    """A read-only sheet as rows of cells (trailing empty cells dropped)."""
    worksheet = book[name]
    if not hasattr(worksheet, "reset_dimensions"):
        raise InputError(msg("io.sheet_is_chart", file=path.name, sheet=name))
    worksheet.reset_dimensions()
    rows: list[list[Any]] = []
    for row in worksheet.iter_rows():
        cells = list(row)
        while cells and cells[-1].value is None:
            cells.pop()
        rows.append(cells)
    return rows


def choose_sheet(
    path: Path, book: Any, sheet: str | int | None, states: dict[str, str]
) -> tuple[str, list[Msg]]:
    """The sheet to read and notices about the choice.

    ``sheet`` is a name (matched exactly, else after NFKC and without spaces)
    or a 0-based index into all sheets; by default the first visible sheet
    with a street column, else the first visible sheet.
    """
    names: list[str] = list(book.sheetnames)
    listing = [
        msg(
            "io.sheet_entry" if states.get(n, "visible") == "visible" else "io.sheet_entry_hidden",
            index=i,
            name=n,
        )
        for i, n in enumerate(names)
    ]
    if isinstance(sheet, bool):
        raise InputError(msg("io.sheet_bad_type", file=path.name, sheet=sheet))
    if isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            raise InputError(
                msg(
                    "io.sheet_index_out_of_range",
                    file=path.name,
                    index=sheet,
                    count=len(names),
                    listing=listing,
                )
            )
        return names[sheet], []
    if isinstance(sheet, str):
        if sheet in names:
            return sheet, []
        wanted = normalize_header(sheet)
        for name in names:
            if normalize_header(name) == wanted:
                return name, []
        raise InputError(msg("io.sheet_not_found", file=path.name, sheet=sheet, listing=listing))
    visible = [n for n in names if states.get(n, "visible") == "visible"] or names
    passed: list[str] = []
    for name in visible:
        if _has_street_header(book, name):
            break
        passed.append(name)
    else:
        return visible[0], []
    skipped = [
        msg("io.sheet_skipped_hidden", name=n)
        for n in names[: names.index(name)]
        if n not in visible
    ]
    skipped += [msg("io.sheet_skipped_no_street", name=n) for n in passed]
    if not skipped:
        return name, []
    return name, [msg("io.sheet_chosen", file=path.name, sheet=name, skipped=skipped)]


def _has_street_header(book: Any, name: str) -> bool:
    worksheet = book[name]
    if not hasattr(worksheet, "reset_dimensions"):
        return False
    worksheet.reset_dimensions()
    for number, row in enumerate(worksheet.iter_rows(values_only=True)):
        if number >= HEADER_SCAN_ROWS * 2:
            break
        if any(isinstance(v, str) and canonical_column(v) == "street" for v in row):
            return True
    return False


def _read_xlsx_sheet(
    path: Path, raw: bytes, sheet: str | int | None, states: dict[str, str]
) -> Grid:
    book = _load_book(raw, data_only=False)
    try:
        name, notices = choose_sheet(path, book, sheet, states)
        rows = _sheet_rows(path, book, name)
    finally:
        book.close()
    values: dict[tuple[int, int], Any] = {}
    formulas: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            value = cell.value
            if value is None:
                continue
            if cell.data_type == "f":
                formulas[(r, c)] = str(getattr(value, "text", value))
            else:
                values[(r, c)] = value
    cached = _stored_results(path, raw, name, formulas) if formulas else {}
    resolved, formula_problems, formula_notices = resolve_formulas(values, formulas, cached)
    problems: dict[tuple[int, int], str | Msg] = dict(formula_problems)
    where = describe_place(path, name)
    cells: list[list[str]] = []
    for r, row in enumerate(rows):
        texts = []
        for c in range(len(row)):
            value = resolved.get((r, c))
            if isinstance(value, (dt.date, dt.time, dt.timedelta)):
                problems[(r, c)] = msg("io.cell_date", expected=_A_NUMBER, value=value)
            texts.append(cell_text(value))
        cells.append(texts)
    notes = tuple(notices) + tuple(
        msg("io.formula_notice", where=where, row=r + 1, column=column_letter(c), notice=text)
        for (r, c), text in formula_notices
    )
    return Grid(cells=cells, sheet=name, problems=problems, notices=notes)


def _stored_results(
    path: Path, raw: bytes, name: str, formulas: dict[tuple[int, int], str]
) -> dict[tuple[int, int], Any]:
    """The results a workbook stored for its formula cells (``None`` where it stored none)."""
    cached: dict[tuple[int, int], Any] = {}
    book = _load_book(raw, data_only=True)
    try:
        for r, row in enumerate(_sheet_rows(path, book, name)):
            for c, cell in enumerate(row):
                if (r, c) in formulas:
                    cached[(r, c)] = cell.value
    finally:
        book.close()
    return cached


def cell_text(value: object) -> str:
    """A workbook cell's value as text (whole floats without ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)
