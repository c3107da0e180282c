"""Tables of a level's own figures, read with the street table's readers."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from openpyxl import Workbook

from quota.errors import InputError, Msg
from quota.io.unit_table import read_unit_table, unit_name


def test_a_csv_with_bom_units_and_a_totals_row(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text(
        '区县名称,常住人口（人）,现有行政编制\n东城区,"86,000",30\n西城区,,28\n合计,86000,58\n',
        encoding="utf-8-sig",
    )
    table = read_unit_table(path, None, "district")
    assert table.names == ("东城区", "西城区")
    assert table.rows == (2, 3)
    assert table.cells["population"][0] == 86000
    assert math.isnan(float(table.cells["population"][1]))  # type: ignore[arg-type]
    assert table.cells["current_admin"] == (30.0, 28.0)
    assert table.headers["district"] == "区县名称"


def test_gbk_and_a_bad_cell(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_bytes("区县,常住人口\n东城区,很多\n".encode("gbk"))
    table = read_unit_table(path, None, "district")
    assert isinstance(table.cells["population"][0], Msg | str)
    assert "row 2" in str(table.where(0, "population"))


def test_an_xlsx_sheet_with_a_two_row_header(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "街道"
    other = book.create_sheet("区县")
    other.append(["区县", "行政编制", None])
    other.append([None, "现有编制", "在编人数"])
    other.append(["东城区", 31, 29])
    book.save(tmp_path / "d.xlsx")
    table = read_unit_table(tmp_path / "d.xlsx", "区县", "district")
    assert table.names == ("东城区",)
    assert table.cells["current_admin"] == (31.0,)
    assert table.cells["onboard_admin"] == (29.0,)
    assert "区县" in str(table.place)


def test_a_row_without_its_unit_and_a_table_without_the_column(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("区县,常住人口\n,500\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_unit_table(path, None, "district")
    assert "row 2" in str(caught.value) and "no unit's name" in str(caught.value)
    path.write_text("城市,常住人口\n阳泉,500\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_unit_table(path, None, "district")
    assert "no district column" in str(caught.value)
    assert "区县" in caught.value.render("zh")[0]


def test_unit_names_read_as_the_street_table_reads_them() -> None:
    assert unit_name(" 东城 区 ") == "东城区"
    assert unit_name("110101.0") == "110101"
