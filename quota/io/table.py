"""Read street tables (CSV in any common encoding, or XLSX) into validated frames.

Real street tables come out of Excel and WPS. The reader copes with what they
contain, in this order:

0. **Files.** Only a regular file is read (not a folder, device or named
   pipe), once, and never more than :data:`MAX_FILE_BYTES` of it whatever size
   the file system reports (:func:`read_bytes_bounded`, which other readers
   reuse); the hash and every later step use the bytes read.
1. **Bytes.** CSV is decoded as UTF-16 (when it starts with a UTF-16 byte
   order mark, as Excel's "Unicode text" does), else strict UTF-8 with or
   without BOM, else GB18030 (a superset of GBK that also has rare place-name
   characters). No guessing detector: they label short GBK files as Korean.
   Further BOMs at the start are dropped. A quote that is never closed, or
   that swallows rows into one cell, is refused naming the line where it
   opens. XLSX is read sheet by sheet; the default sheet is the first
   *visible* one with a street column.
2. **Formulas.** A formula cell is read by the result the file stored. A
   simple ``SUM(...)`` over cells of the same sheet is computed (files written
   by a library often store no result, or 0); any other formula without a
   stored result is refused. Nothing else is ever evaluated.
3. **Layout.** Blank rows are skipped; title rows above the header are
   skipped with a notice; a header merged over two rows (a group title over
   its columns) is read by forward-filling the group row and using the column
   row, and a kind's group (行政编制, 事业) over what its columns count (现有编制,
   在编人数, ...) names that kind's columns; a units row (人, 平方公里, 个) right
   under the header is dropped with a notice and its units are remembered.
   Invisible characters (BOM, zero-width spaces) in headers are ignored.
4. **Rows.** Totals rows (合计, 总计, 小计, 全区合计, ...) are dropped after their
   numbers are checked against the sums of the streets above: a mismatch (a
   street missing or counted twice) is a problem unless the caller accepts it
   (``accept_totals_mismatch``), then a notice. Notes rows (注：..., 填表人：...,
   or free text under the last row of numbers) are dropped with a notice; a
   row that would be dropped as a note but has numbers is a problem. A CSV
   row with more cells than the header is a problem; so is a street name
   longer than :data:`MAX_NAME_CHARS`.
5. **Cells.** Text is folded with NFKC (full-width digits and punctuation);
   thousands separators, stray spaces and a unit suffix that matches the
   column ("12.5平方公里" in an area column) are removed. A different unit, a
   multiplier (万, 亿), an Excel error value, a date, a value that is not
   finite (inf, nan, 1e400) or larger than :data:`MAX_ABS_VALUE` either way is
   refused with the reason. Numbers stored as text are numbers. Counts (staff,
   quotas, offices, units) are at most :data:`MAX_COUNT`.

Every refusal names the file, the sheet, the row as the user sees it in Excel
(1-based) and the column as the user wrote it, and says what was expected.
The problems of a file are reported together.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import math
import os
import re
import stat
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from quota.config.columns import (
    ALIAS_LOOKUP,
    TOTAL_ROW_NAMES,
    canonical_column,
    kind_role_column,
    normalize_header,
    normalize_text,
    suggest_header,
)
from quota.errors import InputError, QuotaError

#: refuse larger files outright (a street table of a whole country is ~10 MB) [bytes]
MAX_FILE_BYTES = 200 * 1024 * 1024
#: refuse workbooks whose parts unpack to more than this (zip bombs) [bytes]
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024
#: most cells all SUM formulas of a sheet may add up together [cells]
MAX_SUM_CELLS = 2_000_000
#: the header is looked for in this many non-blank rows at the top [rows]
HEADER_SCAN_ROWS = 15
#: largest size of a number in a cell; beyond it a value is a typing or unit error, and a
#: float no longer holds every whole number exactly [same unit as the cell]
MAX_ABS_VALUE = 1e15
#: most staff, quotas, offices or units one cell may count (:func:`check_integer_columns`) [count]
MAX_COUNT = 10**9
#: longest street name [characters]
MAX_NAME_CHARS = 100
#: a cell longer than this is never read as a number (bounds the work on junk) [characters]
MAX_NUMBER_CHARS = 100
#: advice when a street table is larger than :data:`MAX_FILE_BYTES`
_TABLE_SIZE_HINT = "; remove other sheets and data, or split the file"

_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_GROUPED_RE = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
#: the number at the start of a cell such as "12.5平方公里" (one way to match: linear time)
_NUMBER_HEAD_RE = re.compile(r"[+-]?[\d.,]+")
_EXCEL_ERRORS = frozenset(
    {
        "#DIV/0!",
        "#N/A",
        "#NAME?",
        "#NULL!",
        "#NUM!",
        "#REF!",
        "#VALUE!",
        "#SPILL!",
        "#CALC!",
        "#GETTING_DATA",
    }
)
_EMPTY_TEXTS = frozenset({"", "-", "--", "—", "——", "/"})
_TOTAL_SUFFIXES = ("合计", "总计", "小计", "总和", "共计")
_NOTE_RE = re.compile(
    r"^(注|备注|说明|附注|附[:：]|填表|填报|制表|审核|审批|复核|负责人|单位负责人|联系人|联系电话|电话|"
    r"数据来源|资料来源|来源[:：]|统计时间|统计口径|截至|截止|以上|日期[:：]|单位[:：]|note|source)",
    re.IGNORECASE,
)
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK_SPACE_RE = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
#: headers longer than this are not searched for a unit in brackets [characters]
_MAX_HEADER_CHARS = 200
_BRACKET_UNIT_RE = re.compile(r"^(.*?)\s*[(\[【]\s*([^()\[\]【】]+?)\s*[)\]】]\s*$")

#: unit spellings -> one key (after NFKC: ``km²`` becomes ``km2``)
_UNIT_SYNONYMS: dict[str, str] = {
    "平方公里": "平方公里",
    "平方千米": "平方公里",
    "km2": "平方公里",
    "km^2": "平方公里",
    "sqkm": "平方公里",
    "人": "人",
    "名": "人",
    "个": "个",
    "户": "户",
    "家": "家",
    "件": "件",
    "起": "件",
    "单": "单",
    "条": "条",
    "项": "项",
    "次": "次",
    "所": "所",
    "处": "处",
    "公顷": "公顷",
    "亩": "亩",
    "平方米": "平方米",
    "m2": "平方米",
    "元": "元",
    "万元": "万元",
    "亿元": "亿元",
    "万人": "万人",
    "万户": "万户",
    "%": "%",
}
_MULTIPLIERS = {"万": 1e4, "亿": 1e8}

#: units a canonical column is in when the file does not say
DEFAULT_UNITS: dict[str, tuple[str, ...]] = {
    "population": ("人",),
    "registered_population": ("人",),
    "households": ("户",),
    "area_km2": ("平方公里",),
    "communities": ("个",),
    "grids": ("个",),
    "duty_items": ("项", "个", "条", "件"),
    "enforcement_cases": ("件", "个"),
    "hotline_tickets": ("件", "单", "条", "个"),
    "enterprises": ("户", "家", "个"),
    "offices": ("个",),
    "units": ("个",),
    "current_admin": ("人", "个"),
    "current_institutional": ("人", "个"),
    "onboard_admin": ("人",),
    "onboard_institutional": ("人",),
}


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
    notices : tuple of str
        Things dropped or fixed while reading, for the user to see.
    sha256 : str
        Hash of the file's bytes.
    sheet : str or None
        Sheet read, for XLSX.
    bad_cells : dict
        Canonical column -> ``(row index, cell text, complaint)`` for each cell
        that is not a number; reported only for the columns a scenario uses.
    problems : tuple of str
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
    notices: tuple[str, ...] = ()
    sha256: str = ""
    sheet: str | None = None
    bad_cells: dict[str, tuple[tuple[int, str, str], ...]] = field(default_factory=dict)
    problems: tuple[str, ...] = ()
    units: dict[str, str] = field(default_factory=dict)

    @property
    def streets(self) -> list[str]:
        """Street names in table order."""
        return [str(s) for s in self.frame["street"]]

    @property
    def place(self) -> str:
        """The file (and sheet) for a message."""
        return describe_place(self.path, self.sheet)

    def where(self, row_index: int, column: str) -> str:
        """Describe a cell for a message: file, sheet, row and column as the user wrote it."""
        return f"{self.place}, row {self.rows[row_index]}, column {self.header(column)!r}"

    def header(self, column: str) -> str:
        """The header of a canonical column as written in the file."""
        return self.headers.get(column, column)


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
        a stored result, an Excel error, a date).
    notices : tuple of str
        Remarks made while reading (a computed SUM that differs from the
        stored result, the sheet picked).
    lines : tuple of int
        CSV only: the line of the text file where each row starts (1-based; it
        differs from the row when a quoted cell runs over several lines).
    """

    cells: list[list[str]]
    sheet: str | None = None
    problems: dict[tuple[int, int], str] = field(default_factory=dict)
    notices: tuple[str, ...] = ()
    lines: tuple[int, ...] = ()


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------


def describe_place(path: Path, sheet: str | None) -> str:
    """``file`` or ``file, sheet S`` for messages."""
    return f"{path.name}, sheet {sheet}" if sheet else path.name


def format_size(size: float) -> str:
    """A byte count for people: ``812 bytes``, ``3.4 KB``, ``210 MB``."""
    if size < 1024:
        return f"{int(size)} bytes"
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            return f"{size:.1f} {unit}" if size < 10 else f"{size:.0f} {unit}"
    return f"{size:.0f} GB"  # pragma: no cover - the loop always returns


def format_number(value: float) -> str:
    """A number for a message: whole numbers without a decimal point."""
    if math.isfinite(value) and value == round(value) and abs(value) < 1e15:
        return str(int(round(value)))
    return f"{value:.10g}"


def column_letter(position: int) -> str:
    """Excel's letter of a 0-based column position (0 -> A, 26 -> AA)."""
    letters = ""
    number = position + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_position(letters: str) -> int:
    """0-based position of an Excel column letter (A -> 0)."""
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number - 1


def normalize_street_name(value: str) -> str:
    """Normalise a street name the same way wherever names are compared.

    NFKC (full-width letters and brackets), surrounding spaces removed, inner
    runs of spaces collapsed, and spaces between two Chinese characters removed
    (``"东城 街道"`` and ``"东城街道"`` are the same street).
    """
    return _CJK_SPACE_RE.sub("", normalize_text(value))


def is_blank(row: Sequence[str]) -> bool:
    """True when every cell of a row is empty or whitespace."""
    return all(not str(cell).strip() for cell in row)


def is_known_header(text: str) -> bool:
    """Whether a header is one of the accepted names of a canonical column."""
    return normalize_header(text) in ALIAS_LOOKUP


def is_total_label(text: str) -> bool:
    """Whether a row label marks a totals row (合计, 小计, 全区合计, Total, ...)."""
    key = re.sub(r"[\s:：.。()（）]", "", normalize_text(text)).lower()
    return bool(key) and (
        key in TOTAL_ROW_NAMES or key.endswith(_TOTAL_SUFFIXES) or key == "grandtotal"
    )


def looks_like_name(text: str) -> bool:
    """Whether a lone cell could be a street name rather than a sentence (short, no punctuation)."""
    cleaned = normalize_text(text)
    return len(cleaned) <= 15 and not re.search(r"[，。；：、,;:!?！？]|\d{4}", cleaned)


def is_note_text(text: str) -> bool:
    """Whether a cell reads like a note under a table (注：..., 填表人：..., 数据来源：...)."""
    return bool(_NOTE_RE.match(normalize_text(text)))


def hash_file(path: Path, limit: int | None = None) -> str:
    """SHA-256 of a file's bytes, hex.

    Only a regular file is read, and at most ``limit`` bytes (default
    :data:`MAX_FILE_BYTES`); see :func:`read_bytes_bounded`.
    """
    digest = hashlib.sha256()
    for chunk in _read_chunks(Path(path), MAX_FILE_BYTES if limit is None else limit, "file"):
        digest.update(chunk)
    return digest.hexdigest()


# --------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------


def _parse_plain(cleaned: str) -> float | None:
    """A plain number (optionally with thousands separators or a percent sign)."""
    text = cleaned.replace(" ", "").replace("\u2212", "-")
    percent = text.endswith("%")
    if percent:
        text = text[:-1]
    if "," in text:
        if not _GROUPED_RE.match(text):
            return None
        text = text.replace(",", "")
    if not _NUMBER_RE.match(text):
        return None
    value = float(text)
    if not math.isfinite(value):
        return None
    return value / 100.0 if percent else value


def _bounded(text: str) -> str | None:
    """The cell, stripped when it is long; ``None`` when it is too long to be a number."""
    if len(text) <= MAX_NUMBER_CHARS:
        return text
    stripped = text.strip()
    return stripped if len(stripped) <= MAX_NUMBER_CHARS else None


def parse_number(text: str) -> float | None:
    """Parse a cell as a number; ``None`` when it is not one.

    Full-width digits and separators are folded (NFKC); thousands separators
    (in groups of three) and spaces are removed; empty cells are NaN. Infinite
    values and texts longer than :data:`MAX_NUMBER_CHARS` are not numbers.
    """
    bounded = _bounded(text)
    if bounded is None:
        return None
    if _NUMBER_RE.match(bounded):  # the common case, without normalising
        value = float(bounded)
        return value if math.isfinite(value) else None
    cleaned = normalize_text(bounded)
    if cleaned in _EMPTY_TEXTS:
        return math.nan
    return _parse_plain(cleaned)


def normalize_unit(text: str) -> str | None:
    """The key of a unit spelling (``平方千米`` -> ``平方公里``), or ``None`` when unknown."""
    key = re.sub(r"^(单位|计量单位)[:：]?", "", normalize_text(text)).strip(" ()[]【】").lower()
    return _UNIT_SYNONYMS.get(key)


def parse_cell(text: str, units: tuple[str, ...] = ()) -> tuple[float | None, str]:
    """Parse a cell as a number, or say why it is not one.

    Parameters
    ----------
    text : str
        The cell as text.
    units : tuple of str
        Unit keys (see :func:`normalize_unit`) the column is in; a number
        followed by one of them is read as the number.

    Returns
    -------
    value : float or None
        The number (NaN for an empty cell), or ``None`` when the cell is not one:
        not a number, not finite (``inf``, ``nan``, ``1e400``), larger than
        :data:`MAX_ABS_VALUE` either way, or a text longer than :data:`MAX_NUMBER_CHARS`.
    complaint : str
        Empty when the value is usable, else what was expected and found.
    """
    if len(text) <= MAX_NUMBER_CHARS and _NUMBER_RE.match(text):  # the common case, fast
        plain = float(text)
        if math.isfinite(plain) and abs(plain) <= MAX_ABS_VALUE:
            return plain, ""
    bounded = _bounded(text)
    if bounded is None:
        return None, f"expected a number, found a text of {len(text.strip()):,} characters"
    value, complaint = _parse_cell(bounded, units)
    if value is not None and abs(value) > MAX_ABS_VALUE:
        return None, f"expected a number between -1e15 and 1e15, found {normalize_text(bounded)!r}"
    return value, complaint


def _parse_cell(text: str, units: tuple[str, ...]) -> tuple[float | None, str]:
    if _NUMBER_RE.match(text):  # the common case, without normalising
        value = float(text)
        if math.isfinite(value):
            return value, ""
    cleaned = normalize_text(text)
    if cleaned in _EMPTY_TEXTS:
        return math.nan, ""
    plain = _parse_plain(cleaned)
    if plain is not None:
        return plain, ""
    if cleaned.upper() in _EXCEL_ERRORS:
        return (
            None,
            f"expected a number, found the Excel error {cleaned}: correct the formula or type the value",
        )
    head = _NUMBER_HEAD_RE.match(cleaned)
    suffix = cleaned[head.end() :].strip() if head else ""
    number = _parse_plain(head.group()) if head and suffix and not suffix[0].isdigit() else None
    if number is None:
        return None, f"expected a number, found {cleaned!r}"
    unit = normalize_unit(suffix)
    if unit is not None and unit in units:
        return number, ""
    if suffix[:1] in _MULTIPLIERS:
        whole = format_number(number * _MULTIPLIERS[suffix[0]])
        return None, f"expected a plain number, found {cleaned!r}: write the whole number, {whole}"
    if unit is not None and units:
        return None, (
            f"expected a number in {units[0]}, found {cleaned!r}: convert it to {units[0]} "
            "and write the number alone"
        )
    if unit is not None:
        return (
            None,
            f"expected a plain number, found {cleaned!r}: write the number alone, without the unit",
        )
    return None, f"expected a number, found {cleaned!r}"


# --------------------------------------------------------------------------
# Files to grids
# --------------------------------------------------------------------------


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
    raise InputError(
        f"{path.name}: cannot decode the file as UTF-8 or GB18030 (GBK) text; "
        "save it from Excel as 'CSV UTF-8' or as .xlsx"
    )


def _file_kind(mode: int) -> str:
    """What a non-regular file is, for a message."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _refuse_irregular(path: Path, mode: int, what: str) -> None:
    if stat.S_ISREG(mode):
        return
    kind = _file_kind(mode)
    if kind == "a folder":
        raise InputError(
            f"{path}: this is a folder, not a file; give the path of the {what} itself"
        )
    raise InputError(
        f"{path}: this is {kind}, not a file; save the {what} as a file and give its path"
    )


def _stat_file(path: Path, what: str) -> os.stat_result:
    """The status of a regular file; refuse a missing or unreadable path and anything else."""
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(f"{path}: file not found") from None
    except PermissionError:
        raise InputError(f"{path}: cannot read the file (permission denied)") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    _refuse_irregular(path, info.st_mode, what)
    return info


def _too_large(path: Path, size: int, limit: int, what: str, hint: str) -> InputError:
    shown = f"{format_size(size)}, larger" if size > limit else "larger"
    return InputError(
        f"{path}: the file is {shown} than the {format_size(limit)} limit for a {what}{hint}"
    )


def _read_chunks(path: Path, limit: int, what: str, hint: str = "") -> Iterable[bytes]:
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
        raise InputError(f"{path}: file not found") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    with os.fdopen(descriptor, "rb", buffering=0) as handle:
        opened = os.fstat(descriptor)  # the file opened, not only the one looked at
        _refuse_irregular(path, opened.st_mode, what)
        total = 0
        while True:
            try:
                chunk = handle.read(min(1 << 20, limit + 1 - total))
            except OSError as exc:
                raise InputError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
            if not chunk:
                return
            total += len(chunk)
            if total > limit:
                raise _too_large(path, opened.st_size, limit, what, hint)
            yield chunk


def read_bytes_bounded(path: Path, limit: int, what: str, *, hint: str = "") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Parameters
    ----------
    path : Path
        The file.
    limit : int
        Most bytes accepted; at most ``limit + 1`` are ever read, whatever size
        the file system reports (a growing file, ``/proc``, a device).
    what : str
        What the file is, for messages ("street table", "scenario", "AHP matrix").
    hint : str
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
    info = _stat_file(path, "street table")
    if info.st_size > MAX_FILE_BYTES:
        raise _too_large(path, info.st_size, MAX_FILE_BYTES, "street table", _TABLE_SIZE_HINT)


def read_table_bytes(path: Path) -> bytes:
    """The bytes of a street table file, read at most once and bounded by :data:`MAX_FILE_BYTES`."""
    return read_bytes_bounded(path, MAX_FILE_BYTES, "street table", hint=_TABLE_SIZE_HINT)


def read_grid(path: Path, sheet: str | int | None = None, *, raw: bytes | None = None) -> Grid:
    """Read a CSV or XLSX file as a grid of cell texts.

    ``raw`` is the file's bytes when already read (see :func:`read_table_bytes`);
    the file is then not read again.
    """
    data = read_table_bytes(path) if raw is None else raw
    head = data[:8]
    suffix = path.suffix.lower()
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            f"{path.name}: an old-format Excel (.xls) or other Office file; save it as .xlsx"
        )
    if suffix == ".xls":
        raise InputError(f"{path.name}: old .xls files are not supported; save it as .xlsx")
    if head.startswith(b"PK\x03\x04"):
        if suffix not in (".xlsx", ".xlsm"):
            raise InputError(f"{path.name}: this is an Excel workbook, not CSV text; name it .xlsx")
        return read_xlsx_grid(path, sheet, raw=data)
    if suffix in (".xlsx", ".xlsm"):
        raise InputError(
            f"{path.name}: not an Excel workbook (.xlsx); if it is CSV text, name it .csv"
        )
    if sheet is not None:
        raise InputError(
            f"{path.name}: a CSV file has no sheets; remove 'sheet' from the scenario's data"
        )
    return read_csv_grid(path, raw=data)


def read_csv_grid(path: Path, *, raw: bytes | None = None) -> Grid:
    """Read a CSV file as a grid of cell texts (delimiter: comma, tab or semicolon).

    Refuses a quote that is never closed (it would swallow the rest of the file
    into one cell) and a quoted cell that runs over several lines taking in what
    look like other rows; both name the line where the quote opens.
    """
    text = decode_bytes(read_table_bytes(path) if raw is None else raw, path)
    if "\x00" in text:
        raise InputError(
            f"{path.name}: the file holds binary data, not CSV text; save the table from Excel as 'CSV UTF-8' or .xlsx"
        )
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
                f"{path.name}, line {ended + 1}: a cell of more than {csv.field_size_limit():,} "
                'characters; a quote (") opened on this line may never be closed'
            ) from None
        raise InputError(f"{path.name}, line {line}: not valid CSV text ({exc})") from None
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
            raise InputError(
                f'{path.name}, line {start}: a quote (") opened here is never closed, so every '
                "line after it would be read as one cell; remove the quote, or close it at the end "
                "of the cell"
            ) from None
        if end == start:
            return  # a stray quote inside one line ("12"3): the cell shows what it reads
        raise InputError(
            f'{path.name}, line {start}: a quote (") opened here closes only on line {end}, '
            "in the middle of a cell; remove the quote, or close it at the end of the cell"
        ) from None
    for cell in row:
        parts = re.split(r"\r\n|\r|\n", cell)
        if len(parts) > 1 and any(
            _is_numeric_text(piece) for part in parts for piece in part.split(delimiter)[1:]
        ):
            raise InputError(
                f'{path.name}, line {start}: a quote (") opened here closes only on line {end}, '
                f"so lines {start}-{end} would be read as one cell; close the quote at the end of "
                "the cell, or remove it"
            )


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
                    f"{path.name}: the workbook unpacks to {format_size(unpacked)}, more than the "
                    f"{format_size(MAX_UNZIPPED_BYTES)} limit for a street table"
                )
            return read_sheet_states(archive)
    except QuotaError:
        raise
    except Exception as exc:  # zipfile and XML parsers raise many types for a damaged file
        raise InputError(
            f"{path.name}: cannot open as an Excel workbook; the file is damaged ({exc})"
        ) from None


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
        raise InputError(
            f"{path.name}: cannot read the workbook; the file is damaged ({exc})"
        ) from None


def _load_book(raw: bytes, data_only: bool) -> Any:
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(raw), read_only=True, data_only=data_only)


def _sheet_rows(book: Any, name: str) -> list[list[Any]]:
    """A read-only sheet as rows of cells (trailing empty cells dropped)."""
    worksheet = book[name]
    if not hasattr(worksheet, "reset_dimensions"):
        raise InputError(f"sheet {name!r} is a chart, not a table")
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
) -> tuple[str, list[str]]:
    """The sheet to read and notices about the choice.

    ``sheet`` is a name (matched exactly, else after NFKC and without spaces)
    or a 0-based index into all sheets; by default the first visible sheet
    with a street column, else the first visible sheet.
    """
    names: list[str] = list(book.sheetnames)
    listing = ", ".join(
        f"{i} = {n!r}" + (" (hidden)" if states.get(n, "visible") != "visible" else "")
        for i, n in enumerate(names)
    )
    if isinstance(sheet, bool):
        raise InputError(f"{path.name}: sheet must be a name or a number, not {sheet!r}")
    if isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            raise InputError(
                f"{path.name}: sheet index {sheet} is out of range; the workbook has {len(names)} "
                f"sheet(s), counted from 0: {listing}"
            )
        return names[sheet], []
    if isinstance(sheet, str):
        if sheet in names:
            return sheet, []
        wanted = normalize_header(sheet)
        for name in names:
            if normalize_header(name) == wanted:
                return name, []
        raise InputError(f"{path.name}: no sheet named {sheet!r}; the sheets are {listing}")
    visible = [n for n in names if states.get(n, "visible") == "visible"] or names
    passed: list[str] = []
    for name in visible:
        if _has_street_header(book, name):
            break
        passed.append(name)
    else:
        return visible[0], []
    skipped = [f"{n!r} is hidden" for n in names[: names.index(name)] if n not in visible]
    skipped += [f"{n!r} has no street column" for n in passed]
    if not skipped:
        return name, []
    return name, [
        f"{path.name}: read sheet {name!r} ({', '.join(skipped)}); to read another sheet, "
        "write data: {path: ..., sheet: NAME}"
    ]


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
        try:
            rows = _sheet_rows(book, name)
        except InputError as exc:
            raise InputError(f"{path.name}: {exc}") from None
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
    cached: dict[tuple[int, int], Any] = {}
    if formulas:
        cached_book = _load_book(raw, data_only=True)
        try:
            for r, row in enumerate(_sheet_rows(cached_book, name)):
                for c, cell in enumerate(row):
                    if (r, c) in formulas:
                        cached[(r, c)] = cell.value
        finally:
            cached_book.close()
    resolved, problems, formula_notices = resolve_formulas(values, formulas, cached)
    where = describe_place(path, name)
    cells: list[list[str]] = []
    for r, row in enumerate(rows):
        texts = []
        for c in range(len(row)):
            value = resolved.get((r, c))
            if isinstance(value, (dt.date, dt.time, dt.timedelta)):
                problems[(r, c)] = f"expected a number, found a date or time ({value})"
            texts.append(cell_text(value))
        cells.append(texts)
    notes = tuple(notices) + tuple(
        f"{where}, row {r + 1}, column {column_letter(c)}: {text}"
        for (r, c), text in formula_notices
    )
    return Grid(cells=cells, sheet=name, problems=problems, notices=notes)


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


# --------------------------------------------------------------------------
# Formulas: stored results, simple SUMs, nothing else
# --------------------------------------------------------------------------

_SUM_RE = re.compile(r"^=\s*SUM\s*\((.*)\)\s*$", re.IGNORECASE)
_REF_RE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


class FormulaProblem(Exception):
    """A formula that cannot be given a value; the message says why."""


def parse_sum_formula(formula: str) -> list[tuple[int, int, int, int]] | None:
    """The ranges of ``=SUM(A1:A5, C3, ...)`` as (row0, col0, row1, col1), 0-based; ``None`` otherwise.

    Only cells and ranges of the same sheet are simple; constants, other
    sheets, whole columns and other functions are not.
    """
    match = _SUM_RE.match(formula.strip())
    if not match:
        return None
    ranges: list[tuple[int, int, int, int]] = []
    for part in match.group(1).split(","):
        ends = [p.strip() for p in part.split(":")]
        if len(ends) not in (1, 2):
            return None
        refs = [_REF_RE.match(e) for e in ends]
        if not all(refs):
            return None
        points = [(int(m.group(2)) - 1, column_position(m.group(1))) for m in refs if m]
        (r0, c0), (r1, c1) = points[0], points[-1]
        ranges.append((min(r0, r1), min(c0, c1), max(r0, r1), max(c0, c1)))
    return ranges


def resolve_formulas(
    values: dict[tuple[int, int], Any],
    formulas: dict[tuple[int, int], str],
    cached: dict[tuple[int, int], Any],
) -> tuple[
    dict[tuple[int, int], Any], dict[tuple[int, int], str], list[tuple[tuple[int, int], str]]
]:
    """Give every formula cell a value: a simple SUM computed, else its stored result.

    A SUM adds the numbers in its ranges as Excel does (text, booleans and
    empty cells count nothing). Returns the cell values, the cells that could
    not be given one (with why), and notices about SUMs whose stored result
    differs from the computed one.
    """
    resolved = dict(values)
    problems: dict[tuple[int, int], str] = {}
    notices: list[tuple[tuple[int, int], str]] = []
    memo: dict[tuple[int, int], float | Exception] = {}
    budget = [MAX_SUM_CELLS]

    def number_at(pos: tuple[int, int], stack: tuple[tuple[int, int], ...]) -> float:
        if pos in formulas:
            result = evaluate(pos, stack)
            return result
        value = values.get(pos)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        return 0.0

    def evaluate(pos: tuple[int, int], stack: tuple[tuple[int, int], ...]) -> float:
        if pos in memo:
            known = memo[pos]
            if isinstance(known, Exception):
                raise known
            return known
        if pos in stack:
            raise FormulaProblem("the formulas refer to each other in a circle")
        formula = formulas[pos]
        ranges = parse_sum_formula(formula)
        try:
            if ranges is None:
                stored = cached.get(pos)
                if isinstance(stored, (int, float)) and not isinstance(stored, bool):
                    result = float(stored)
                else:
                    raise FormulaProblem(
                        f"its formula {formula} has no stored result and only SUM(...) formulas are computed"
                    )
            else:
                total = 0.0
                for r0, c0, r1, c1 in ranges:
                    budget[0] -= (r1 - r0 + 1) * (c1 - c0 + 1)
                    if budget[0] < 0:
                        raise FormulaProblem("its SUM covers too many cells")
                    for r in range(r0, r1 + 1):
                        for c in range(c0, c1 + 1):
                            total += number_at((r, c), (*stack, pos))
                result = total
        except FormulaProblem as exc:
            memo[pos] = exc
            raise
        memo[pos] = result
        return result

    for pos, formula in sorted(formulas.items()):
        stored = cached.get(pos)
        ranges = parse_sum_formula(formula)
        if ranges is None:
            if stored is not None:
                resolved[pos] = stored
                continue
            problems[pos] = (
                f"expected a number, found the formula {formula} with no stored result: only SUM(...) "
                "formulas are computed; open and save the file in Excel or WPS, or type the value"
            )
            resolved[pos] = formula
            continue
        try:
            value = evaluate(pos, ())
        except FormulaProblem as exc:
            problems[pos] = f"expected a number, found the formula {formula}: {exc}"
            resolved[pos] = formula
            continue
        resolved[pos] = value
        if (
            isinstance(stored, (int, float))
            and not isinstance(stored, bool)
            and stored != 0
            and abs(float(stored) - value) > 1e-9 * max(1.0, abs(value))
        ):
            notices.append(
                (
                    pos,
                    f"the stored result of {formula} is {format_number(float(stored))} but its cells add up to "
                    f"{format_number(value)}; used {format_number(value)} (recalculate the file in Excel or WPS)",
                )
            )
    return resolved, problems, notices


# --------------------------------------------------------------------------
# Grids to tables
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class HeaderLayout:
    """Where the header is and what each column is called.

    Attributes
    ----------
    first_body : int
        Index (into the non-blank rows) of the first row after the header block.
    names : list of str
        Name of each column position for the canonical lookup ("" for none).
    displays : list of str
        Header of each column as the user wrote it (``group/column``).
    units : dict
        Column position -> unit key stated by a units row or the header.
    skipped : list of tuple
        ``(row, text)`` of title rows above the header.
    units_row : tuple or None
        ``(row, units listed)`` of a dropped units row.
    header_rows : tuple of int
        Excel row numbers of the header row(s).
    """

    first_body: int
    names: list[str]
    displays: list[str]
    units: dict[int, str]
    skipped: list[tuple[int, str]]
    units_row: tuple[int, str] | None
    header_rows: tuple[int, ...]


def _non_empty(row: Sequence[str]) -> list[int]:
    return [i for i, cell in enumerate(row) if str(cell).strip()]


def _is_numeric_text(text: str) -> bool:
    value = parse_number(text)
    return value is not None and not math.isnan(value)


def is_units_row(row: Sequence[str], street_pos: int) -> bool:
    """A row of units (人, 平方公里, 个) right under the header."""
    cells = _non_empty(row)
    label = normalize_text(row[street_pos]) if street_pos < len(row) else ""
    if label and label not in ("单位", "计量单位", "单位:"):
        return False
    others = [i for i in cells if i != street_pos]
    return bool(others) and all(normalize_unit(row[i]) is not None for i in others)


def _is_group_row(row: Sequence[str], left: int) -> bool:
    cells = _non_empty(row)
    if not cells or any(_is_numeric_text(row[i]) or is_note_text(row[i]) for i in cells):
        return False
    return len(cells) >= 2 or cells[0] > left


def _is_column_row(group: Sequence[str], row: Sequence[str], street_pos: int) -> bool:
    cells = _non_empty(row)
    if not cells or any(_is_numeric_text(row[i]) or is_note_text(row[i]) for i in cells):
        return False
    label = row[street_pos] if street_pos < len(row) else ""
    if label.strip() and canonical_column(label) != "street":
        return False
    if is_units_row(row, street_pos):
        return False
    filled = _non_empty(group)
    if not filled:
        return False
    # a merged group cell leaves the cells to its right empty; the column row fills them
    return any(i >= len(group) or not group[i].strip() for i in cells if i > filled[0])


def combine_headers(
    group: Sequence[str], columns: Sequence[str], width: int
) -> tuple[list[str], list[str]]:
    """Names and displays of a two-row header: forward-fill the group row, use the column row.

    A column row cell under a group that names a kind (行政编制, 事业, ...) and
    saying what it counts (现有编制, 在编人数, ...) is that kind's column
    (``current_admin``, ``onboard_institutional``, see
    :func:`quota.config.columns.kind_role_column`). Any other is named by the first
    known header among ``group + column``, ``column + group`` and ``column``;
    an unknown one by its own text, or ``group + column`` when the text repeats
    under several groups. A column with an empty column-row cell takes its own
    group cell (a header merged down over both rows).
    """
    own = [normalize_text(group[i]) if i < len(group) else "" for i in range(width)]
    texts = [normalize_text(columns[i]) if i < len(columns) else "" for i in range(width)]
    filled: list[str] = []
    last = ""
    for i in range(width):
        last = own[i] or last
        filled.append(last)
    repeats: dict[str, int] = {}
    for text in texts:
        if text:
            repeats[canonical_column(text)] = repeats.get(canonical_column(text), 0) + 1
    names: list[str] = []
    displays: list[str] = []
    for i in range(width):
        g, c = filled[i], texts[i]
        if not c:
            names.append(own[i])
            displays.append(own[i])
            continue
        displays.append(f"{g}/{c}" if g and g != c else c)
        kind_column = _kind_role_name(g, c)
        if kind_column is not None:
            names.append(kind_column)
            continue
        known = next((x for x in (g + c, c + g) if g and is_known_header(x)), None)
        if known is not None:
            names.append(known)
        elif is_known_header(c) or repeats[canonical_column(c)] == 1 or not g:
            names.append(c)
        else:
            names.append(g + c)
    return names, displays


def _kind_role_name(group: str, column: str) -> str | None:
    """The canonical name of a kind's column under its group, keeping a unit in brackets."""
    if not group:
        return None
    canonical = kind_role_column(group, column)
    if canonical is not None:
        return canonical
    match = _BRACKET_UNIT_RE.match(column) if len(column) <= _MAX_HEADER_CHARS else None
    if match and normalize_unit(match.group(2)) is not None:
        canonical = kind_role_column(group, match.group(1))
        if canonical is not None:
            return canonical + column[len(match.group(1)) :]  # the unit is read off later
    return None


def find_header(rows: list[tuple[int, list[str]]], where: str) -> HeaderLayout:
    """Find the header rows (one, or two merged) above the table's body."""
    scan = rows[:HEADER_SCAN_ROWS]
    found = next(
        (
            k
            for k, (_, row) in enumerate(scan)
            if any(canonical_column(cell) == "street" for cell in row if cell.strip())
        ),
        None,
    )
    if found is None:
        shown = f"rows {rows[0][0]}-{scan[-1][0]}" if len(scan) > 1 else f"row {rows[0][0]}"
        raise InputError(
            f"{where}: no street column (looked for a header such as 街道, 街道名称, 乡镇(街道) or street "
            f"in {shown}); name the column of street names 街道"
        )
    line, row = rows[found]
    width = max(len(r) for _, r in rows)
    street_pos = next(
        i for i, cell in enumerate(row) if cell.strip() and canonical_column(cell) == "street"
    )
    left = min(_non_empty(row))
    group_at: int | None = None
    if found >= 1 and rows[found - 1][0] == line - 1 and _is_group_row(rows[found - 1][1], left):
        group_at = found - 1
    elif (
        found + 1 < len(rows)
        and rows[found + 1][0] == line + 1
        and _is_column_row(row, rows[found + 1][1], street_pos)
    ):
        group_at = found
    if group_at is None:
        names = [normalize_text(row[i]) if i < len(row) else "" for i in range(width)]
        displays = list(names)
        header_rows: tuple[int, ...] = (line,)
        body = found + 1
        skipped_to = found
    else:
        names, displays = combine_headers(rows[group_at][1], rows[group_at + 1][1], width)
        header_rows = (rows[group_at][0], rows[group_at + 1][0])
        body = group_at + 2
        skipped_to = group_at
    skipped = [
        (n, " ".join(normalize_text(c) for c in r if c.strip())) for n, r in rows[:skipped_to]
    ]
    units: dict[int, str] = {}
    for i, name in enumerate(names):
        match = _BRACKET_UNIT_RE.match(name) if len(name) <= _MAX_HEADER_CHARS else None
        if match and normalize_unit(match.group(2)) is not None:
            units[i] = normalize_unit(match.group(2)) or ""
            if not is_known_header(name) and is_known_header(match.group(1)):
                names[i] = match.group(1)
    units_row: tuple[int, str] | None = None
    if body < len(rows) and rows[body][0] == header_rows[-1] + 1:
        unit_line, unit_cells = rows[body]
        if is_units_row(unit_cells, street_pos):
            listed = []
            for i in _non_empty(unit_cells):
                if i == street_pos:
                    continue
                units[i] = normalize_unit(unit_cells[i]) or ""
                listed.append(normalize_text(unit_cells[i]))
            units_row = (unit_line, ", ".join(listed))
            body += 1
    return HeaderLayout(
        first_body=body,
        names=names,
        displays=displays,
        units=units,
        skipped=skipped,
        units_row=units_row,
        header_rows=header_rows,
    )


def _row_label(row: Sequence[str], street_pos: int) -> str:
    """The street cell of a row, or its first non-empty cell (as written, spaces trimmed)."""
    if row[street_pos].strip():
        return row[street_pos].strip()
    cells = _non_empty(row)
    return row[cells[0]].strip() if cells else ""


@dataclass(frozen=True)
class TotalsMismatch:
    """A column where a totals row disagrees with the streets it covers.

    Attributes
    ----------
    position : int
        The column's position.
    header : str
        The column's header as written.
    stated : float
        What the totals row says.
    added : float
        What the streets add up to.
    """

    position: int
    header: str
    stated: float
    added: float


def _cell_number(text: str, units: tuple[str, ...]) -> float | None:
    """A cell's number (NaN when empty) as the column reads it, or ``None`` when it is not one."""
    value, _ = parse_cell(text, units)
    return value


def check_totals_row(
    row: Sequence[str],
    streets: list[list[str]],
    columns: list[str],
    displays: list[str],
    units: dict[int, tuple[str, ...]] | None = None,
) -> list[TotalsMismatch]:
    """Columns where a dropped totals row disagrees with the sum of the streets it covers.

    Cells are read as the column reads them (numbers stored as text, full-width
    digits, thousands separators, a unit the column is in), so a mismatch is one
    of numbers. Ratio-like columns (率, 比, 均, 密度, %) are not checked: their
    totals are not sums; nor is a column where the total or a street's cell is
    not a number (that cell is reported by itself when the column is used).
    """
    mismatches: list[TotalsMismatch] = []
    units = units or {}
    for position, column in enumerate(columns):
        if column == "street" or column.startswith("__blank") or position >= len(row):
            continue
        if re.search(r"率|比|均|密度|%|百分", displays[position]):
            continue
        accepted = units.get(position, ())
        total = _cell_number(row[position], accepted)
        if total is None or math.isnan(total):
            continue
        values = [_cell_number(r[position], accepted) for r in streets]
        if any(v is None for v in values):
            continue
        added = float(sum(v for v in values if v is not None and not math.isnan(v)))
        decimals = re.search(r"\.(\d+)", normalize_text(row[position]))
        places = len(decimals.group(1)) if decimals else 0
        tolerance = 0.5 * 10.0**-places + 1e-9 * max(1.0, abs(added))
        if abs(total - added) > tolerance:
            mismatches.append(TotalsMismatch(position, displays[position], total, added))
    return mismatches


def format_amount(value: float) -> str:
    """A number for a message with thousands separators: ``123,456``, ``1,234.5``."""
    if math.isfinite(value) and value == round(value) and abs(value) < 1e15:
        return f"{int(round(value)):,}"
    return f"{value:,.10g}"


def _totals_notice(
    where: str, line: int, label: str, count: str, found: list[TotalsMismatch]
) -> str:
    if not found:
        return f"{where}, row {line}: dropped the totals row {label!r} (it agrees with the {count})"
    columns = "; ".join(
        f"column {m.header!r} says {format_number(m.stated)} but the streets add up to "
        f"{format_number(round(m.added, 10))}"
        for m in found
    )
    return (
        f"{where}, row {line}: dropped the totals row {label!r}; warning: it disagrees with the "
        f"sum of the {count}: {columns} (is a street missing or counted twice?)"
    )


def _totals_problem(
    where: str, line: int, label: str, count: str, found: list[TotalsMismatch]
) -> str:
    verb = "adds" if count.startswith("1 ") else "add"
    columns = "; ".join(
        f"column {m.header!r} says {format_amount(m.stated)} but the {count} {verb} up to "
        f"{format_amount(round(m.added, 10))} (difference {format_amount(round(abs(m.stated - m.added), 10))})"
        for m in found
    )
    return (
        f"{where}, row {line} {label}: {columns}: is a street missing or counted twice? "
        "To go on anyway, use --accept-totals-mismatch"
    )


def _holds_number(text: str, units: tuple[str, ...]) -> bool:
    """Whether a cell holds a number: plain, with a unit (12000人) or a multiplier (3万)."""
    value, _ = parse_cell(text, units)
    if value is not None:
        return not math.isnan(value)
    bounded = _bounded(text)
    if bounded is None:
        return False
    cleaned = normalize_text(bounded)
    head = _NUMBER_HEAD_RE.match(cleaned)
    if head is None or not any(ch.isdigit() for ch in head.group()):
        return False
    suffix = cleaned[head.end() :].strip()
    if not suffix:
        return True  # a number that is out of range or malformed (1,2,3) is still numbers
    return suffix[0] in _MULTIPLIERS or normalize_unit(suffix) is not None


def _csv_line(grid: Grid, row: int) -> str:
    """``line N`` of a CSV row, with the row as Excel shows it when they differ."""
    line = grid.lines[row - 1] if row - 1 < len(grid.lines) else row
    return f"line {line}" if line == row else f"line {line} (row {row} in Excel)"


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
        (i + 1, [str(c) for c in row]) for i, row in enumerate(grid.cells) if not is_blank(row)
    ]
    if not numbered:
        raise InputError(f"{where}: the table is empty")
    layout = find_header(numbered, where)
    width = len(layout.names)
    columns: list[str] = []
    headers: dict[str, str] = {}
    problems: list[str] = []
    header_line = layout.header_rows[-1]
    for position, name in enumerate(layout.names):
        if not name:
            columns.append(f"__blank{position}")
            continue
        canonical = canonical_column(name)
        if canonical in headers:
            problems.append(
                f"{where}, row {header_line}: columns {headers[canonical]!r} and {layout.displays[position]!r} "
                f"both mean {canonical!r}; keep one"
            )
        headers[canonical] = layout.displays[position]
        columns.append(canonical)
    if problems:
        raise InputError(problems)
    street_pos = columns.index("street")
    street_header = headers["street"]
    accepted_units: dict[int, tuple[str, ...]] = {}
    for position, column in enumerate(columns):
        stated = layout.units.get(position)
        accepted_units[position] = (stated,) if stated else DEFAULT_UNITS.get(column, ())
    notices: list[str] = list(grid.notices)
    for line, text in layout.skipped:
        notices.append(f"{where}, row {line}: skipped the title row {text!r} above the header")
    if layout.units_row is not None:
        notices.append(
            f"{where}, row {layout.units_row[0]}: dropped the units row ({layout.units_row[1]})"
        )
    body = [(n, row + [""] * (width - len(row))) for n, row in numbered[layout.first_body :]]
    last_numeric = max(
        (
            k
            for k, (_, row) in enumerate(body)
            if any(_is_numeric_text(row[i]) for i in range(width) if i != street_pos)
        ),
        default=-1,
    )
    kept: list[tuple[int, list[str]]] = []
    since_subtotal: list[list[str]] = []
    table_problems: list[str] = []

    def drop_note(line: int, row: list[str], cells: list[int], notice: str) -> None:
        numbers = [i for i in cells if i != street_pos and _holds_number(row[i], accepted_units[i])]
        if not numbers:
            notices.append(notice)
            return
        shown = ", ".join(
            f"{layout.displays[i] or column_letter(i)!r} ({_shorten(row[i])!r})" for i in numbers
        )
        table_problems.append(
            f"{where}, row {line}: this row would be dropped as a note, but it has numbers in "
            f"column{'s' if len(numbers) > 1 else ''} {shown}: if it is a street, write its name "
            f"in column {street_header!r}; if it is a note, delete the numbers or the row"
        )

    for k, (line, row) in enumerate(body):
        label = _row_label(row, street_pos)
        cells = _non_empty(row[:width])
        if is_total_label(label):
            subtotal = re.sub(r"\s", "", normalize_text(label)).endswith("小计")
            scope = since_subtotal if subtotal else [r for _, r in kept]
            found = check_totals_row(row, scope, columns, layout.displays, accepted_units)
            count = f"{len(scope)} street{'s' if len(scope) != 1 else ''} above"
            if found and not accept_totals_mismatch:
                table_problems.append(_totals_problem(where, line, label, count, found))
            else:
                notices.append(_totals_notice(where, line, label, count, found))
            since_subtotal = []
            continue
        if cells and is_note_text(label):
            text = " ".join(row[i] for i in cells)
            drop_note(line, row, cells, f"{where}, row {line}: dropped the note {_shorten(text)!r}")
            continue
        if (
            0 <= last_numeric < k
            and len(cells) == 1
            and (cells[0] != street_pos or not looks_like_name(label))
        ):
            drop_note(
                line,
                row,
                cells,
                f"{where}, row {line}: dropped the note {_shorten(row[cells[0]])!r} under the table",
            )
            continue
        kept.append((line, row))
        since_subtotal.append(row)
    if not kept and not table_problems:
        raise InputError(
            f"{where}: the table has a header (row {header_line}) but no streets under it"
        )
    for position, column in enumerate(columns):
        if column.startswith("__blank") and any(row[position].strip() for _, row in kept):
            notices.append(
                f"{where}: column {column_letter(position)} has values but no header; it was ignored"
            )
    if grid.lines:  # CSV: a row longer than the header has cells that belong to no column
        header_width = max(len(grid.cells[n - 1]) for n in layout.header_rows)
        for line, _ in kept:
            raw = grid.cells[line - 1]
            extra = [i for i in range(header_width, len(raw)) if str(raw[i]).strip()]
            if extra:
                shown = ", ".join(repr(_shorten(str(raw[i]), 20)) for i in extra[:3])
                more = ", ..." if len(extra) > 3 else ""
                table_problems.append(
                    f"{where}, {_csv_line(grid, line)}: the row has {extra[-1] + 1} cells but the "
                    f"header has {header_width}; the cells after column {column_letter(header_width - 1)} "
                    f"({shown}{more}) belong to no column: remove them, or give them a header "
                    "(a comma too many in a number or name splits a cell: put such a cell in quotes)"
                )
    row_problems: list[str] = []
    names: list[str] = []
    for line, row in kept:
        name = normalize_street_name(row[street_pos])
        names.append(name)
        trouble = grid.problems.get((line - 1, street_pos))
        if trouble:
            row_problems.append(
                f"{where}, row {line}, column {street_header!r}: {trouble.replace('a number', 'a street name')}"
            )
        elif not name:
            row_problems.append(
                f"{where}, row {line}, column {street_header!r}: expected a street name, found an empty cell"
            )
        elif len(name) > MAX_NAME_CHARS:
            row_problems.append(
                f"{where}, row {line}, column {street_header!r}: a street name of {len(name):,} "
                f"characters; at most {MAX_NAME_CHARS}: check that the cell holds only the street's "
                f"name (it starts {_shorten(name, 20)!r})"
            )
    first_seen: dict[str, int] = {}
    for (line, _), name in zip(kept, names, strict=True):
        if name and name in first_seen:
            row_problems.append(
                f"{where}, row {line}, column {street_header!r}: street {_shorten(name, MAX_NAME_CHARS)!r} appears again "
                f"(first in row {first_seen[name]}); each street must appear once"
            )
        first_seen.setdefault(name, line)
    row_problems += table_problems
    if row_problems and strict:
        raise InputError(row_problems)
    if not kept:
        raise InputError(
            [
                *row_problems,
                f"{where}: the table has a header (row {header_line}) but no streets under it",
            ]
        )
    data: dict[str, object] = {"street": pd.array(names, dtype="string")}
    bad_cells: dict[str, tuple[tuple[int, str, str], ...]] = {}
    units: dict[str, str] = {}
    for position, column in enumerate(columns):
        if column == "street" or column.startswith("__blank"):
            continue
        stated = layout.units.get(position)
        if stated:
            units[column] = stated
        accepted = accepted_units[position]
        parsed: list[float | None] = []
        bad: list[tuple[int, str, str]] = []
        for index, (line, row) in enumerate(kept):
            trouble = grid.problems.get((line - 1, position))
            if trouble:
                parsed.append(None)
                bad.append((index, row[position], trouble))
                continue
            value, complaint = parse_cell(row[position], accepted)
            parsed.append(value)
            if value is None:
                bad.append((index, row[position], complaint))
        if bad:
            bad_cells[column] = tuple(bad)
            data[column] = pd.array(
                [normalize_text(row[position]) for _, row in kept], dtype="string"
            )
        else:
            data[column] = np.array(parsed, dtype=float)
    return StreetTable(
        path=path,
        frame=pd.DataFrame(data),
        headers=headers,
        rows=tuple(line for line, _ in kept),
        notices=tuple(notices),
        sha256=sha256,
        sheet=grid.sheet,
        bad_cells=bad_cells,
        problems=tuple(row_problems),
        units=units,
    )


def _shorten(text: str, limit: int = 40) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
        The file (a regular file of at most :data:`MAX_FILE_BYTES`, read once).
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
    grid = read_grid(file, sheet, raw=raw)
    return build_table(
        grid,
        file,
        sha256=hashlib.sha256(raw).hexdigest(),
        strict=strict,
        accept_totals_mismatch=accept_totals_mismatch,
    )


# --------------------------------------------------------------------------
# Checks of the columns a scenario uses
# --------------------------------------------------------------------------


def _did_you_mean(table: StreetTable, column: str) -> str:
    headers = [table.header(c) for c in table.frame.columns if c != "street"]
    close = suggest_header(column, headers)
    return f"; did you mean {close!r}?" if close else ""


def check_numeric_columns(
    table: StreetTable, columns: Iterable[str], *, purpose: dict[str, str] | None = None
) -> list[str]:
    """Problems with the columns a scenario uses: missing, non-numeric, out of range, negative.

    Returns the table's row-level problems (see ``read_table(strict=False)``)
    and then one message per problem (empty when all is well), each naming
    the file, row and column as the user wrote them and what was expected.
    """
    problems: list[str] = list(table.problems)
    purpose = purpose or {}
    for column in dict.fromkeys(columns):
        if column not in table.frame.columns:
            why = f" (needed for {purpose[column]})" if column in purpose else ""
            known = ", ".join(repr(table.header(c)) for c in table.frame.columns if c != "street")
            problems.append(
                f"{table.place}: no column {column!r}{why}; the table has {known}"
                f"{_did_you_mean(table, column)}"
            )
            continue
        for index, _text, complaint in table.bad_cells.get(column, ()):
            problems.append(f"{table.where(index, column)}: {complaint}")
        if column in table.bad_cells:
            continue
        values = table.frame[column].to_numpy(dtype=float)
        for index in np.flatnonzero(np.isnan(values)).tolist():
            problems.append(
                f"{table.where(int(index), column)}: expected a number, found an empty cell"
            )
        wild = np.isinf(values) | (np.abs(np.nan_to_num(values)) > MAX_ABS_VALUE)
        for index in np.flatnonzero(wild).tolist():
            problems.append(
                f"{table.where(int(index), column)}: expected a number between -1e15 and 1e15, "
                f"found {format_number(values[index])!r}"
            )
        for index in np.flatnonzero(~wild & (values < 0)).tolist():
            problems.append(
                f"{table.where(int(index), column)}: expected a number of 0 or more, found {format_number(values[index])}"
            )
    return problems


def check_integer_columns(table: StreetTable, columns: Iterable[str]) -> list[str]:
    """Problems with columns that must hold whole numbers (quotas, staff, offices, units).

    A value must be whole and at most :data:`MAX_COUNT`, so that every value
    that passes converts to a 64-bit integer exactly.
    """
    problems: list[str] = []
    for column in dict.fromkeys(columns):
        if column not in table.frame.columns or column in table.bad_cells:
            continue
        values = table.frame[column].to_numpy(dtype=float)
        known = ~np.isnan(values)
        with np.errstate(invalid="ignore"):
            fractional = known & np.isfinite(values) & (values != np.round(values))
        for index in np.flatnonzero(fractional):
            problems.append(
                f"{table.where(int(index), column)}: expected a whole number, found {format_number(values[index])}"
            )
        for index in np.flatnonzero(known & ~fractional & (values > MAX_COUNT)):
            problems.append(
                f"{table.where(int(index), column)}: expected at most {MAX_COUNT:,}, found "
                f"{format_number(values[index])} (staff, quotas, offices and units are counts)"
            )
    return problems
