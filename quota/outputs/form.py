"""The collection form (填报表): an XLSX for the streets to fill in, which ``quota run`` reads as is.

:func:`write_collection_form` writes two sheets:

* **填报表** (``Form`` in English), the first sheet: one header row with a column
  per canonical street-table column (街道, 常住人口(人), 辖区面积(平方公里), ...,
  现有行政编制, 行政实有人数, ...), then one row per street given, or
  :data:`EMPTY_ROWS` empty rows. Every number column carries a data validation
  (whole numbers >= 0; decimals >= 0 for the area) with an input and an error
  message; the header is frozen.
* **填表说明** (``Instructions``): what each column means, its unit and how to
  fill it in.

Headers are the first Chinese alias of each column in
:data:`quota.config.columns.COLUMN_ALIASES` with the column's unit from
:data:`quota.io.cells.DEFAULT_UNITS` in brackets (English: the canonical names); each
header is checked to read back, through the street-table reader, as the
column it stands for. The file is deterministic: the same arguments give the
same bytes.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from quota.config.columns import COLUMN_ALIASES
from quota.errors import InputError, Msg
from quota.io.cells import DEFAULT_UNITS
from quota.io.files import Grid
from quota.io.rows import is_total_label, normalize_street_name
from quota.io.table import build_table
from quota.locale import check_lang, kind_label, kind_name, msg
from quota.outputs.xlsx import open_workbook

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

#: columns of the form before the per-kind ones, in order
BASE_COLUMNS: tuple[str, ...] = (
    "street",
    "population",
    "registered_population",
    "households",
    "area_km2",
    "communities",
    "grids",
    "duty_items",
    "enforcement_cases",
    "hotline_tickets",
    "enterprises",
    "offices",
    "units",
)
#: per-kind columns, in order, for each kind: ``current_<kind>``, ``onboard_<kind>``
KIND_ROLES: tuple[str, ...] = ("current", "onboard")
#: columns holding decimals (every other number column holds whole numbers)
DECIMAL_COLUMNS: frozenset[str] = frozenset({"area_km2"})
#: Chinese header preferred over the first alias (the alias table lists 面积 first)
PREFERRED_HEADERS: dict[str, str] = {"area_km2": "辖区面积"}
#: empty rows of a form written without street names
EMPTY_ROWS = 12
#: data validations cover at least this many rows under the header, for streets added later
VALIDATED_ROWS = 1000
#: sheet names: data sheet, instructions sheet
SHEET_NAMES: dict[str, tuple[str, str]] = {
    "zh": ("填报表", "填表说明"),
    "en": ("Form", "Instructions"),
}
#: file name ``quota init --xlsx`` gives the form, by language
FORM_FILE_NAMES: dict[str, str] = {"zh": "填报表.xlsx", "en": "collection-form.xlsx"}
_KIND_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

#: English names of the units of :data:`quota.io.cells.DEFAULT_UNITS`
_UNIT_NAMES_EN: dict[str, str] = {
    "人": "people",
    "户": "households",
    "平方公里": "km²",
    "个": "count",
    "项": "items",
    "件": "cases",
}
#: unit of a column in the English instructions, where the general name does not fit
_UNIT_OVERRIDES_EN: dict[str, str] = {"enterprises": "entities", "hotline_tickets": "tickets"}

#: column -> (Chinese, English) meaning, for the instructions and the input messages
_MEANINGS: dict[str, tuple[str, str]] = {
    "street": (
        "街道（乡镇）名称，写全称，如“东城街道”；每个街道一行，不得重复",
        "name of the street (sub-district) in full, e.g. 东城街道; one row per street, no repeats",
    ),
    "population": ("常住人口（年末数）", "resident population (at the end of the year)"),
    "registered_population": ("户籍人口", "registered (hukou) population"),
    "households": ("户数", "households"),
    "area_km2": ("辖区面积", "area of the street"),
    "communities": ("所辖社区（村）个数", "communities (and villages) in the street"),
    "grids": ("网格化管理的网格个数", "cells of the grid management system"),
    "duty_items": ("街道权责清单中的事项数", "items on the street's list of powers and duties"),
    "enforcement_cases": ("全年执法案件数", "enforcement cases in the year"),
    "hotline_tickets": ("全年12345热线工单数", "12345 hotline tickets in the year"),
    "enterprises": ("市场主体数（企业和个体工商户）", "market entities (firms and sole traders)"),
    "offices": (
        "内设机构个数（行政基础编制按此计算）",
        "internal offices (the admin base counts them)",
    ),
    "units": (
        "所属事业单位个数（事业基础编制按此计算）",
        "public-service units (the base counts them)",
    ),
}


@dataclass(frozen=True)
class FormColumn:
    """One column of the form.

    Attributes
    ----------
    canonical : str
        Canonical column name (what the reader turns the header into).
    header : str
        Header written in the form.
    unit : str
        Unit, in the form's language ("" for the street name).
    meaning : str
        What the column holds, in the form's language.
    kind : str
        ``text`` (the street name), ``integer`` or ``decimal``.
    """

    canonical: str
    header: str
    unit: str
    meaning: str
    kind: str


def _chinese_header(canonical: str) -> str | None:
    """The first Chinese alias of a canonical column (or the preferred one), if any."""
    aliases = COLUMN_ALIASES.get(canonical, ())
    preferred = PREFERRED_HEADERS.get(canonical)
    if preferred is not None and preferred in aliases:
        return preferred
    return next((a for a in aliases if re.search(r"[\u3400-\u9fff]", a)), None)


def _kind_meaning(kind: str, role: str, code: str) -> str:
    name = kind_label(kind, code)
    if code == "zh":
        return f"现有{name}数（核定数）" if role == "current" else f"{name}实有人数（在编人员）"
    return f"current {name} quotas" if role == "current" else f"{name} staff on board"


def build_form_columns(kinds: Sequence[str], lang: str = "zh") -> list[FormColumn]:
    """The form's columns: :data:`BASE_COLUMNS`, then ``current_<kind>``, ``onboard_<kind>`` per kind.

    Chinese headers are the first Chinese alias (辖区面积 for the area) with the
    unit in brackets for indicator and structure columns (常住人口(人)); a kind
    without a Chinese alias keeps its canonical names (``current_police``).
    English headers are the canonical names.

    Raises
    ------
    InputError
        A kind name that is not a plain identifier (letters, digits, ``_``) or
        that repeats, or an unknown language.
    """
    code = check_lang(lang)
    names = [str(k) for k in kinds]
    bad = [k for k in names if not _KIND_NAME_RE.match(k)]
    if bad:
        raise InputError(msg("outputs.form.bad_kind_names", names=[repr(k) for k in bad]))
    repeated = sorted({k for k in names if names.count(k) > 1})
    if repeated:
        raise InputError(msg("outputs.form.repeated_kinds", kinds=[kind_name(k) for k in repeated]))
    columns: list[FormColumn] = []
    for canonical in BASE_COLUMNS:
        unit = DEFAULT_UNITS.get(canonical, ("",))[0]
        zh, en = _MEANINGS[canonical]
        if code == "zh":
            alias = _chinese_header(canonical) or canonical
            header = f"{alias}({unit})" if unit else alias
            shown_unit, meaning = unit, zh
        else:
            header = canonical
            shown_unit = _UNIT_OVERRIDES_EN.get(canonical, _UNIT_NAMES_EN.get(unit, unit))
            meaning = en
        kind = "text" if canonical == "street" else "integer"
        columns.append(
            FormColumn(
                canonical,
                header,
                shown_unit,
                meaning,
                "decimal" if canonical in DECIMAL_COLUMNS else kind,
            )
        )
    for name in names:
        for role in KIND_ROLES:
            canonical = f"{role}_{name}"
            unit = DEFAULT_UNITS.get(canonical, ("人",))[0]
            if code == "zh":
                header = _chinese_header(canonical) or canonical
                shown_unit = unit
            else:
                header = canonical
                shown_unit = "people" if role == "onboard" else "quotas"
            columns.append(
                FormColumn(
                    canonical, header, shown_unit, _kind_meaning(name, role, code), "integer"
                )
            )
    check_form_headers(columns)
    return columns


def check_form_headers(columns: Sequence[FormColumn]) -> None:
    """Check that the street-table reader reads every header back as its canonical column.

    The headers and one row of zeros go through :func:`quota.io.table.build_table`, the
    reader ``quota run`` uses.

    Raises
    ------
    RuntimeError
        A header the reader takes for another column (a bug: the alias table and
        the form disagree).
    """
    headers = [c.header for c in columns]
    row = ["街道" if c.kind == "text" else "0" for c in columns]
    table = build_table(Grid(cells=[headers, row]), Path("form-check.xlsx"))
    read = {header: canonical for canonical, header in table.headers.items()}
    wrong = [
        f"{c.header!r} reads as {read.get(c.header)!r}, not {c.canonical!r}"
        for c in columns
        if read.get(c.header) != c.canonical
    ]
    if wrong:
        raise RuntimeError("collection form headers do not read back: " + "; ".join(wrong))


def _display_width(text: str) -> int:
    """Columns of a fixed-width font the text takes (East Asian wide characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _check_streets(streets: Sequence[str]) -> list[str]:
    names: list[str] = []
    problems: list[str | Msg] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(streets, start=1):
        name = normalize_street_name(str(raw))
        if not name:
            problems.append(msg("outputs.form.street_empty", number=number))
            continue
        if is_total_label(name):
            problems.append(msg("outputs.form.street_total", number=number, name=name))
            continue
        if name in seen:
            problems.append(
                msg("outputs.form.street_twice", name=name, first=seen[name], number=number)
            )
            continue
        seen[name] = number
        names.append(name)
    if problems:
        raise InputError(problems)
    return names


def _validation(column: FormColumn, code: str) -> dict[str, object]:
    """XlsxWriter data-validation options of a number column, with its messages."""
    whole = column.kind == "integer"
    unit = f"{column.unit}" if column.unit else ""
    if code == "zh":
        rule = "不小于0的整数" if whole else "不小于0的数字（可有小数）"
        input_message = f"{column.meaning}。\n单位：{unit}。\n请填写{rule}，不要带单位或文字。"
        error_message = f"“{column.header}”须为{rule}。\n没有的请填0。"
        titles = ("填写说明", "输入有误")
    else:
        rule = "a whole number, 0 or more" if whole else "a number, 0 or more (decimals allowed)"
        input_message = f"{column.meaning}.\nUnit: {unit}.\nFill in {rule}, without units or text."
        error_message = f"'{column.header}' must be {rule}.\nWrite 0 where there is none."
        titles = ("How to fill in", "Not accepted")
    return {
        "validate": "integer" if whole else "decimal",
        "criteria": ">=",
        "value": 0,
        "input_title": titles[0],
        "input_message": input_message[:255],
        "error_title": titles[1],
        "error_message": error_message[:255],
        "error_type": "stop",
    }


def _street_validation(column: FormColumn, code: str) -> dict[str, object]:
    if code == "zh":
        message = f"{column.meaning}。"
        title = "填写说明"
    else:
        message = f"{column.meaning}."
        title = "How to fill in"
    return {"validate": "any", "input_title": title, "input_message": message[:255]}


def _write_data_sheet(
    sheet: Worksheet,
    columns: Sequence[FormColumn],
    streets: Sequence[str],
    formats: dict[str, Format],
    code: str,
) -> None:
    rows = len(streets) if streets else EMPTY_ROWS
    last_validated = max(rows, VALIDATED_ROWS)
    sheet.set_row(0, 36)
    for position, column in enumerate(columns):
        width = max(_display_width(column.header) + 2, 10)
        if column.kind == "text":
            width = max(width, 16, *(_display_width(s) + 2 for s in streets))
        sheet.set_column(position, position, width, formats[f"column_{column.kind}"])
        sheet.write_string(0, position, column.header, formats["header"])
        cell = formats[f"cell_{column.kind}"]
        for row in range(1, rows + 1):
            if column.kind == "text" and streets:
                sheet.write_string(row, position, streets[row - 1], cell)
            else:
                sheet.write_blank(row, position, None, cell)
        options = (
            _street_validation(column, code) if column.kind == "text" else _validation(column, code)
        )
        sheet.data_validation(1, position, last_validated, position, options)
    sheet.freeze_panes(1, 1)
    sheet.set_landscape()
    sheet.repeat_rows(0)
    sheet.fit_to_pages(1, 0)
    sheet.activate()


def _instruction_lines(code: str) -> list[str]:
    if code == "zh":
        return [
            "本表用于采集街道编制测算的基础数据。填好后不需要改动，可直接作为方案的 data 由 quota run 读取。",
            "1. 每个街道填一行，街道名称写全称，不得重复。",
            "2. 请填整数（辖区面积可保留小数），不要带单位、文字或公式以外的符号；没有的请填0，不要留空。",
            "3. 不要增加、删除、移动或重命名列，不要合并单元格，不要在表中插入空行、小计或备注。",
            "4. 合计行可选：如需填写，放在最后一行，街道一栏写“合计”；读取时会核对合计与各街道之和，"
            "不一致时会提示。",
            "5. 各列的含义、单位和填写要求见下表。",
        ]
    return [
        "This form collects the street data the quota allocation needs. Once filled in, "
        "quota run reads it as it is (name it as the scenario's data).",
        "1. One row per street; write each street's name in full, once.",
        "2. Fill in whole numbers (the area may have decimals), without units or text; "
        "write 0 where there is none, do not leave cells empty.",
        "3. Do not add, delete, move or rename columns, do not merge cells, and do not insert "
        "blank rows, subtotals or notes inside the table.",
        "4. A total row (合计) is optional: put it last with 合计 in the street column; it is "
        "checked against the sum of the streets above and a mismatch is reported.",
        "5. The table below says what each column means, its unit and how to fill it in.",
    ]


def _write_instructions_sheet(
    sheet: Worksheet, columns: Sequence[FormColumn], formats: dict[str, Format], code: str
) -> None:
    if code == "zh":
        title = "填表说明"
        headers = ("列名", "含义", "单位", "填写要求")
        rules = {"text": "文字，必填", "integer": "整数，≥0", "decimal": "数字，≥0，可有小数"}
    else:
        title = "Instructions"
        headers = ("column", "meaning", "unit", "how to fill in")
        rules = {
            "text": "text, required",
            "integer": "whole number, 0 or more",
            "decimal": "number, 0 or more, decimals allowed",
        }
    sheet.set_column(0, 0, 26)
    sheet.set_column(1, 1, 60)
    sheet.set_column(2, 2, 12)
    sheet.set_column(3, 3, 26)
    sheet.write_string(0, 0, title, formats["title"])
    row = 1
    for line in _instruction_lines(code):
        sheet.merge_range(row, 0, row, 3, line, formats["wrap"])
        sheet.set_row(row, 32)
        row += 1
    row += 1
    for position, text in enumerate(headers):
        sheet.write_string(row, position, text, formats["header"])
    for column in columns:
        row += 1
        sheet.write_string(row, 0, column.header, formats["cell_text"])
        sheet.write_string(row, 1, column.meaning, formats["wrap_cell"])
        sheet.write_string(row, 2, column.unit, formats["cell_text"])
        sheet.write_string(row, 3, rules[column.kind], formats["cell_text"])
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)


def _build_formats(book: Workbook) -> dict[str, Format]:
    """The form's cell formats: headers, titles, and per column kind a column and a cell format."""
    border = {"border": 1, "border_color": "#A6A6A6", "valign": "vcenter"}
    return {
        "header": book.add_format(
            {
                **border,
                "bold": True,
                "text_wrap": True,
                "align": "center",
                "bg_color": "#DDEBF7",
            }
        ),
        "title": book.add_format({"bold": True, "font_size": 14}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
        "wrap_cell": book.add_format({**border, "text_wrap": True}),
        "column_text": book.add_format({"num_format": "@"}),
        "column_integer": book.add_format({"num_format": "0"}),
        "column_decimal": book.add_format({"num_format": "0.00"}),
        "cell_text": book.add_format({**border, "num_format": "@"}),
        "cell_integer": book.add_format({**border, "num_format": "0"}),
        "cell_decimal": book.add_format({**border, "num_format": "0.00"}),
    }


def write_collection_form(
    path: Path,
    *,
    kinds: Sequence[str] = ("admin", "institutional"),
    streets: Sequence[str] = (),
    lang: str = "zh",
    overwrite: bool = False,
) -> Path:
    """Write the collection form (填报表) for the streets to fill in.

    Parameters
    ----------
    path : pathlib.Path
        Target ``.xlsx`` file; its folder is created when missing.
    kinds : sequence of str
        Quota kinds; each adds ``current_<kind>`` and ``onboard_<kind>`` columns
        (现有行政编制, 行政实有人数 for ``admin``).
    streets : sequence of str
        Street names, one row each (normalised like the reader does); none gives
        :data:`EMPTY_ROWS` empty rows.
    lang : {"zh", "en"}
        ``zh``: Chinese headers with units, sheets 填报表 and 填表说明; ``en``:
        canonical headers, sheets ``Form`` and ``Instructions``.
    overwrite : bool
        Replace an existing file (default: refuse, it may hold collected data).

    Returns
    -------
    pathlib.Path
        ``path``. The same arguments give a byte-identical file.

    Raises
    ------
    InputError
        Not an ``.xlsx`` name, an existing file without ``overwrite``, a bad kind
        name, an empty, repeated or totals-row street name, or an unknown language.
    """
    target = Path(path)
    code = check_lang(lang)
    if target.suffix.lower() != ".xlsx":
        raise InputError(msg("outputs.form.not_xlsx", target=target))
    if target.exists() and (not overwrite or not target.is_file()):
        raise InputError(msg("outputs.form.exists", target=target))
    columns = build_form_columns(kinds, code)
    names = _check_streets(streets)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".form-", suffix=".xlsx", dir=target.parent)
    os.close(handle)
    try:
        title = "街道编制测算基础数据填报表" if code == "zh" else "Street data collection form"
        book = open_workbook(temporary, title, constant_memory=False)
        formats = _build_formats(book)
        data_name, help_name = SHEET_NAMES[code]
        _write_data_sheet(book.add_worksheet(data_name), columns, names, formats, code)
        _write_instructions_sheet(book.add_worksheet(help_name), columns, formats, code)
        book.close()
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return target
