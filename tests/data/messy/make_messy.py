"""Write the corpus of messy street tables used by tests/test_messy.py.

Every file holds the same six streets as ``reference.csv`` (the clean table),
dressed the way real tables from Excel and WPS come: other encodings,
full-width digits, thousands separators, title rows, merged two-row headers,
units rows, totals and notes rows, formulas, hidden sheets, bad cells.

Run ``python tests/data/messy/make_messy.py [FOLDER]`` to rewrite them; the
output is byte-for-byte deterministic (fixed document dates, fixed zip
timestamps), and a test checks that the committed files match.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

HEADER = [
    "街道名称",
    "常住人口",
    "辖区面积",
    "社区数",
    "内设机构数",
    "现有行政编制",
    "行政实有人数",
]
STREETS = [
    ["邾城街道", 182400, 52.4, 42, 6, 44, 43],
    ["阳逻街道", 156700, 108.6, 36, 6, 40, 38],
    ["仓埠街道", 61800, 162.3, 28, 6, 35, 34],
    ["汪集街道", 57300, 139.8, 25, 6, 28, 26],
    ["李集街道", 48900, 186.5, 22, 5, 26, 25],
    ["凤凰镇", 43200, 96.4, 19, 5, 24, 22],
]
TOTALS = ["合计", 550300, 746.0, 172, 34, 197, 188]
FIXED_TIME = (2024, 1, 1, 0, 0, 0)
FIXED_DATE = dt.datetime(2024, 1, 1)


def _text(value: object) -> str:
    return str(value)


def _csv(rows: list[list[object]], delimiter: str = ",") -> str:
    lines = []
    for row in rows:
        cells = []
        for cell in row:
            text = _text(cell)
            if delimiter in text or '"' in text:
                text = '"' + text.replace('"', '""') + '"'
            cells.append(text)
        lines.append(delimiter.join(cells))
    return "\r\n".join(lines) + "\r\n"


def to_full_width(text: str) -> str:
    """Digits, comma and period as full-width characters (１２，３４５．６)."""
    return "".join(chr(ord(c) + 0xFEE0) if c in "0123456789,." else c for c in text)


def write_reference(folder: Path) -> None:
    """The clean table every other file reads as."""
    (folder / "reference.csv").write_bytes(_csv([HEADER, *STREETS]).encode("utf-8"))


def write_gbk_fullwidth(folder: Path) -> None:
    """GBK; full-width digits, thousands separators, stray spaces, totals, notes, blank rows."""
    rows: list[list[object]] = [HEADER]
    for k, street in enumerate(STREETS):
        row: list[object] = list(street)
        if k == 0:
            row[1] = to_full_width("182,400")
        elif k == 1:
            row[0] = "  阳逻 街道 "
            row[1] = "156,700"
        elif k == 2:
            row[2] = to_full_width("162.3")
        rows.append(row)
    rows.append(["合  计", "550,300", 746, 172, 34, 197, 188])
    rows.append(["注：数据截至2023年底。", "", "", "", "", "", ""])
    rows.append(["填表人：张三", "", "", "审核人：李四", "", "", ""])
    rows.extend([[""] * 7, [""] * 7])
    (folder / "gbk_fullwidth.csv").write_bytes(_csv(rows).encode("gbk"))


def write_utf16_tab(folder: Path) -> None:
    """Excel's "Unicode text": UTF-16 with BOM, tab-separated."""
    text = _csv([HEADER, *STREETS], delimiter="\t")
    (folder / "utf16_tab.csv").write_bytes(text.encode("utf-16"))


def write_two_row_header(folder: Path) -> None:
    """Title row, a two-row header (group over columns), a units row, a wrong totals row."""
    rows: list[list[object]] = [
        ["新洲区街道基础数据表", "", "", "", "", "", ""],
        ["街道名称", "基本情况", "", "", "内设机构数", "行政编制", ""],
        ["", "常住人口", "辖区面积", "社区数", "", "现有", "实有人数"],
        ["", "人", "平方公里", "个", "个", "名", "人"],
        *STREETS,
        ["合计", 550000, 746.0, 172, 34, 197, 188],
    ]
    (folder / "two_row_header.csv").write_bytes(_csv(rows).encode("utf-8-sig"))


def write_units_in_values(folder: Path) -> None:
    """Values with units: those matching the column are read, the others refused."""
    rows: list[list[object]] = [HEADER]
    for k, street in enumerate(STREETS):
        row: list[object] = list(street)
        row[2] = f"{street[2]}平方公里" if k != 1 else "108.6 km²"
        row[3] = f"{street[3]}个"
        if k == 2:
            row[1] = "6.18万"
        if k == 4:
            row[2] = "18650公顷"
        rows.append(row)
    (folder / "units_in_values.csv").write_bytes(_csv(rows).encode("utf-8"))


def write_bad_cells(folder: Path) -> None:
    """Several problems in one file, to be reported together."""
    rows: list[list[object]] = [HEADER]
    for k, street in enumerate(STREETS):
        row: list[object] = list(street)
        if k == 0:
            row[1] = "约18万"
        if k == 1:
            row[2] = -108.6
        if k == 2:
            row[3] = ""
        if k == 3:
            row[0] = "邾城街道"
        if k == 4:
            row[6] = "#DIV/0!"
        if k == 5:
            row[5] = 24.5
        rows.append(row)
    (folder / "bad_cells.csv").write_bytes(_csv(rows).encode("utf-8"))


def write_merged_xlsx(folder: Path) -> None:
    """An Excel-like workbook: hidden and instruction sheets, merged header, formulas with results."""
    import xlsxwriter

    path = folder / "merged_header.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"created": FIXED_DATE})
    old = book.add_worksheet("旧数据")
    old.write_row(0, 0, HEADER)
    old.write_row(1, 0, ["旧街道", 1, 1, 1, 1, 1, 1])
    old.hide()
    notes = book.add_worksheet("说明")
    notes.write(0, 0, "本表由各街道填报，请勿修改表头。")
    sheet = book.add_worksheet("街道基础数据")
    sheet.activate()
    merge = book.add_format({"align": "center", "valign": "vcenter"})
    sheet.merge_range(0, 0, 0, 6, "新洲区街道基础数据表", merge)
    sheet.merge_range(1, 0, 2, 0, "街道名称", merge)
    sheet.merge_range(1, 1, 1, 3, "基本情况", merge)
    sheet.merge_range(1, 4, 2, 4, "内设机构数", merge)
    sheet.merge_range(1, 5, 1, 6, "行政编制", merge)
    sheet.write_row(2, 1, ["常住人口", "辖区面积", "社区数"])
    sheet.write_row(2, 5, ["现有", "实有人数"])
    sheet.write_row(3, 0, ["", "人", "平方公里", "个", "个", "名", "人"])
    row = 4
    first = row
    for k, street in enumerate(STREETS):
        values: list[object] = list(street)
        if k == 1:
            values[0] = " 阳逻街道 "
            values[1] = "156700"  # a number stored as text
        if k == 3:
            values[1] = to_full_width("57,300")
        sheet.write_row(row, 0, values)
        row += 1
        if k == 2:
            row += 1  # a blank row inside the table
    last = row - 1
    sheet.write(row, 0, "合计")
    sheet.write_number(row, 1, 550300)
    for column, total in zip(range(2, 7), TOTALS[2:], strict=True):
        letter = chr(65 + column)
        sheet.write_formula(
            row, column, f"=SUM({letter}{first + 1}:{letter}{last + 1})", None, total
        )
    sheet.merge_range(row + 1, 0, row + 1, 6, "注：人口为2023年末常住人口。", merge)
    blank = book.add_format({})
    for extra in range(row + 2, row + 5):
        sheet.write_blank(extra, 0, None, blank)
    book.close()


def write_formulas_openpyxl(folder: Path) -> None:
    """Written by a library: formulas without stored results, a SUM that misses a street."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "街道基础数据"
    sheet.append(HEADER)
    for k, street in enumerate(STREETS):
        values: list[object] = list(street)
        if k == 0:
            values[3] = "=SUM(20,22)"  # not simple: constants
        if k == 2:
            values[1] = "=SUM(H4:I4)"  # computed from two helper cells
        sheet.append(values)
    sheet["H4"] = 60000
    sheet["I4"] = 1800
    n = len(STREETS) + 1
    totals: list[object] = ["合计"]
    for column in "BCDEFG":
        totals.append(f"=SUM({column}2:{column}{n - 1})")  # misses the last street
    sheet.append(totals)
    path = folder / "formulas_openpyxl.xlsx"
    book.properties.created = FIXED_DATE
    book.properties.modified = FIXED_DATE
    book.save(path)
    repack_deterministically(path)


def repack_deterministically(path: Path) -> None:
    """Rewrite a zip with fixed entry times and document dates, so the bytes never change."""
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2024-01-01T00:00:00Z", data)
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, data)
    path.write_bytes(buffer.getvalue())


def write_all(folder: Path) -> list[Path]:
    """Write every file of the corpus into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    writers = [
        write_reference,
        write_gbk_fullwidth,
        write_utf16_tab,
        write_two_row_header,
        write_units_in_values,
        write_bad_cells,
        write_merged_xlsx,
        write_formulas_openpyxl,
    ]
    for writer in writers:
        writer(folder)
    return sorted(p for p in folder.iterdir() if p.suffix in (".csv", ".xlsx"))


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    for written in write_all(target):
        print(written)
