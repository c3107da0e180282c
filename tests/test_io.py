from __future__ import annotations

from pathlib import Path

import pytest

from quota.errors import InputError
from quota.io import check_integer_columns, check_numeric_columns, parse_number, read_table
from tests.conftest import SMALL_CSV


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_reads_common_encodings_with_chinese_headers(tmp_path: Path, encoding: str) -> None:
    table = read_table(write(tmp_path, SMALL_CSV, encoding))
    assert table.streets[:2] == ["东城街道", "西城街道"]
    assert table.frame["population"].tolist()[0] == 86000
    assert table.header("population") == "常住人口"
    assert table.rows[0] == 2


def test_rare_place_name_characters_decode_with_gb18030(tmp_path: Path) -> None:
    text = "街道,常住人口\n㮾梨街道,100\n"
    table = read_table(write(tmp_path, text, "gb18030"))
    assert table.streets == ["㮾梨街道"]


def test_full_width_digits_and_thousands_separators() -> None:
    assert parse_number("１２，３４５") == 12345
    assert parse_number(" 1,234.5 ") == 1234.5
    assert parse_number("abc") is None


def test_totals_row_is_dropped_with_notice(tmp_path: Path) -> None:
    text = "街道,常住人口\n甲街道,10\n乙街道,20\n合计,30\n"
    table = read_table(write(tmp_path, text))
    assert table.streets == ["甲街道", "乙街道"]
    assert "row 4" in table.notices[0] and "合计" in table.notices[0]


def test_duplicate_street_names_file_row_and_column(tmp_path: Path) -> None:
    text = "街道名称,常住人口\n甲街道,10\n甲街道,20\n"
    with pytest.raises(InputError) as info:
        read_table(write(tmp_path, text))
    message = str(info.value)
    assert "t.csv" in message and "row 3" in message and "街道名称" in message and "row 2" in message


def test_missing_street_column(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no street column"):
        read_table(write(tmp_path, "人口,面积\n1,2\n"))


@pytest.mark.parametrize("text", ["", "\n\n", "街道,常住人口\n"])
def test_empty_tables_are_refused(tmp_path: Path, text: str) -> None:
    with pytest.raises(InputError, match="empty|no streets"):
        read_table(write(tmp_path, text))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        read_table(tmp_path / "nope.csv")


def test_bad_cells_name_file_row_and_column(tmp_path: Path) -> None:
    text = "街道,常住人口,辖区面积\n甲街道,abc,1\n乙街道,20,-3\n丙街道,,2\n"
    table = read_table(write(tmp_path, text))
    problems = check_numeric_columns(table, ["population", "area_km2", "offices"])
    joined = "\n".join(problems)
    assert "row 2, column '常住人口': 'abc' is not a number" in joined
    assert "row 3, column '辖区面积': -3 is negative" in joined
    assert "no column 'offices'" in joined
    assert len(problems) == 3


def test_empty_cell_is_reported(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "街道,常住人口\n甲,1\n乙,\n"))
    assert check_numeric_columns(table, ["population"]) == [
        "t.csv, row 3, column '常住人口': the cell is empty; a number is needed"
    ]


def test_whole_numbers_required(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "街道,内设机构数\n甲,2.5\n乙,3\n"))
    assert "2.5 is not a whole number" in check_integer_columns(table, ["offices"])[0]


def test_xlsx_is_read_by_header(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "t.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("街道基础数据")
    sheet.write_row(0, 0, ["街道名称", "常住人口", "户数"])
    sheet.write_row(1, 0, ["甲街道", 100, 30])
    sheet.write_row(2, 0, ["乙街道", 200, 60])
    book.close()
    table = read_table(path)
    assert table.sheet == "街道基础数据"
    assert table.frame["households"].tolist() == [30, 60]
    with pytest.raises(InputError, match="no sheet named"):
        read_table(path, sheet="x")
