from __future__ import annotations

import math
import zipfile
from pathlib import Path

import pytest

import quota.io.files as qfiles
import quota.io.formulas as qformulas
from quota.errors import InputError
from quota.io.cells import column_letter, parse_cell, parse_number
from quota.io.formulas import parse_sum_formula, resolve_formulas
from quota.io.rows import normalize_street_name
from quota.io.table import check_integer_columns, check_numeric_columns, read_table
from tests.conftest import SMALL_CSV
from tests.io import strs


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(
    tmp_path: Path, rows: list[list[object]], name: str = "t.xlsx", sheet: str = "数据"
) -> Path:
    import xlsxwriter

    path = tmp_path / name
    book = xlsxwriter.Workbook(str(path))
    worksheet = book.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str) and value.startswith("="):
                worksheet.write_formula(r, c, value)
            elif value is not None:
                worksheet.write(r, c, value)
    book.close()
    return path


# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_reads_common_encodings_with_chinese_headers(tmp_path: Path, encoding: str) -> None:
    table = read_table(write(tmp_path, SMALL_CSV, encoding))
    assert table.streets[:2] == ["东城街道", "西城街道"]
    assert table.frame["population"].tolist()[0] == 86000
    assert table.header("population") == "常住人口"
    assert table.rows[0] == 2


def test_rare_place_name_characters_decode_with_gb18030(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "街道,常住人口\n㮾梨街道,100\n", "gb18030"))
    assert table.streets == ["㮾梨街道"]


def test_tab_and_semicolon_delimiters(tmp_path: Path) -> None:
    assert read_table(write(tmp_path, "街道\t人口\n甲\t1,234\n")).frame["population"].tolist() == [
        1234
    ]
    assert read_table(write(tmp_path, "街道;人口\n甲;5\n", name="s.csv")).streets == ["甲"]


def test_binary_junk_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("街道,人口\n".encode() + b"\x00\x01\x02\x00abc")
    with pytest.raises(InputError, match="binary data"):
        read_table(path)


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("１２，３４５", 12345.0),
        (" 1,234.5 ", 1234.5),
        ("1 234", 1234.0),
        ("５％", 0.05),
        ("−3", -3.0),
        ("", math.nan),
        ("—", math.nan),
        ("abc", None),
        ("1,2,3", None),
        ("12,34", None),
        ("inf", None),
    ],
)
def test_parse_number(text: str, value: float | None) -> None:
    parsed = parse_number(text)
    if value is None:
        assert parsed is None
    elif math.isnan(value):
        assert parsed is not None and math.isnan(parsed)
    else:
        assert parsed == value


@pytest.mark.parametrize(
    ("text", "units", "value", "complaint"),
    [
        ("12.5平方公里", ("平方公里",), 12.5, ""),
        ("12.5 km²", ("平方公里",), 12.5, ""),
        ("12.5平方千米", ("平方公里",), 12.5, ""),
        ("28个", ("个",), 28.0, ""),
        ("86000人", ("人",), 86000.0, ""),
        (
            "3万",
            ("人",),
            None,
            "expected a plain number, found '3万': write the whole number, 30000",
        ),
        (
            "1.2亿",
            (),
            None,
            "expected a plain number, found '1.2亿': write the whole number, 120000000",
        ),
        (
            "12公顷",
            ("平方公里",),
            None,
            "expected a number in 平方公里, found '12公顷': convert it to 平方公里 and write the number alone",
        ),
        (
            "28个",
            (),
            None,
            "expected a plain number, found '28个': write the number alone, without the unit",
        ),
        ("12abc", ("人",), None, "expected a number, found '12abc'"),
        (
            "#REF!",
            (),
            None,
            "expected a number, found the Excel error #REF!: correct the formula or type the value",
        ),
    ],
)
def test_parse_cell_units_and_refusals(
    text: str, units: tuple[str, ...], value: float | None, complaint: str
) -> None:
    got, said = parse_cell(text, units)
    assert (got, str(said)) == (value, complaint)


def test_street_names_are_normalised_like_everywhere_else() -> None:
    assert normalize_street_name("  东城 街道 ") == "东城街道"
    assert normalize_street_name("东城（东）") == "东城(东)"
    assert normalize_street_name("Ｄｏｎｇ  Cheng") == "Dong Cheng"


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


# ---------------------------------------------------------------- rows


def test_totals_row_is_dropped_and_checked(tmp_path: Path) -> None:
    text = "街道,常住人口\n甲街道,10\n乙街道,20\n合计,30\n"
    table = read_table(write(tmp_path, text))
    assert table.streets == ["甲街道", "乙街道"]
    assert tuple(strs(table.notices)) == (
        "t.csv, row 4: dropped the totals row '合计' (it agrees with the 2 streets above)",
    )


def test_totals_row_that_disagrees_is_refused_unless_accepted(tmp_path: Path) -> None:
    text = "街道,常住人口,城镇化率\n甲街道,10,50%\n乙街道,20,60%\n全区合计,35,55%\n"
    with pytest.raises(InputError) as info:
        read_table(write(tmp_path, text))
    assert strs(info.value.problems) == [
        "t.csv, row 4 全区合计: column '常住人口' says 35 but the 2 streets above add up to 30 "
        "(difference 5): is a street missing or counted twice? To go on anyway, use "
        "--accept-totals-mismatch"
    ]
    table = read_table(write(tmp_path, text), accept_totals_mismatch=True)
    assert table.streets == ["甲街道", "乙街道"]
    assert tuple(strs(table.notices)) == (
        "t.csv, row 4: dropped the totals row '全区合计'; warning: it disagrees with the sum of the "
        "2 streets above: column '常住人口' says 35 but the streets add up to 30 "
        "(is a street missing or counted twice?)",
    )


def test_subtotals_are_checked_against_their_own_streets(tmp_path: Path) -> None:
    text = "序号,街道,人口\n1,甲,10\n2,乙,20\n小计,,30\n3,丙,5\n小 计,,5\n合计,,35\n"
    table = read_table(write(tmp_path, text))
    assert table.streets == ["甲", "乙", "丙"]
    assert [n.split(": dropped ")[1] for n in strs(table.notices)] == [
        "the totals row '小计' (it agrees with the 2 streets above)",
        "the totals row '小 计' (it agrees with the 1 street above)",
        "the totals row '合计' (it agrees with the 3 streets above)",
    ]


def test_totals_row_with_decimals_tolerates_rounding(tmp_path: Path) -> None:
    text = "街道,面积\n甲,1.26\n乙,2.31\n合计,3.6\n"
    assert "agrees" in str(read_table(write(tmp_path, text)).notices[0])


def test_notes_rows_are_dropped_with_a_notice(tmp_path: Path) -> None:
    text = "街道,人口\n甲,10\n乙,20\n\n注：数据截至2023年底,\n以上数据由区统计局提供,\n填表人：张三,审核人：李四\n"
    table = read_table(write(tmp_path, text))
    assert table.streets == ["甲", "乙"]
    assert tuple(strs(table.notices)) == (
        "t.csv, row 5: dropped the note '注：数据截至2023年底'",
        "t.csv, row 6: dropped the note '以上数据由区统计局提供'",
        "t.csv, row 7: dropped the note '填表人：张三 审核人：李四'",
    )


def test_free_text_under_the_table_is_a_note_but_a_bare_street_is_kept(tmp_path: Path) -> None:
    text = "街道,人口,面积\n甲,10,1\n乙,,\n,,\n,本表依据2023年统计年鉴，仅供参考,\n"
    table = read_table(write(tmp_path, text))
    assert table.streets == ["甲", "乙"]
    assert tuple(strs(table.notices)) == (
        "t.csv, row 5: dropped the note '本表依据2023年统计年鉴，仅供参考' under the table",
    )
    assert strs(check_numeric_columns(table, ["population"])) == [
        "t.csv, row 3, column '人口': expected a number, found an empty cell"
    ]


def test_duplicate_and_empty_street_names_reported_together(tmp_path: Path) -> None:
    text = "街道名称,常住人口\n甲街道,10\n 甲 街道,20\n,30\n"
    with pytest.raises(InputError) as info:
        read_table(write(tmp_path, text))
    assert strs(info.value.problems) == [
        "t.csv, row 4, column '街道名称': expected a street name, found an empty cell",
        "t.csv, row 3, column '街道名称': street '甲街道' appears again (first in row 2); each street must appear once",
    ]


def test_non_strict_read_defers_row_problems_to_the_column_checks(tmp_path: Path) -> None:
    text = "街道名称,常住人口\n甲街道,abc\n甲街道,20\n"
    table = read_table(write(tmp_path, text), strict=False)
    assert strs(check_numeric_columns(table, ["population"])) == [
        "t.csv, row 3, column '街道名称': street '甲街道' appears again (first in row 2); each street must appear once",
        "t.csv, row 2, column '常住人口': expected a number, found 'abc'",
    ]


def test_missing_street_column(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_table(write(tmp_path, "人口,面积\n1,2\n"))
    assert str(info.value) == (
        "t.csv: no street column (looked for a header such as 街道, 街道名称, 乡镇(街道) or street in "
        "rows 1-2); name the column of street names 街道"
    )


def test_two_columns_with_the_same_meaning(tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match="columns '面积' and '辖区面积' both mean 'area_km2'; keep one"
    ):
        read_table(write(tmp_path, "街道,面积,辖区面积\n甲,1,2\n"))


@pytest.mark.parametrize("text", ["", "\n\n", ",,\n"])
def test_empty_tables_are_refused(tmp_path: Path, text: str) -> None:
    with pytest.raises(InputError, match=r"^t.csv: the table is empty$"):
        read_table(write(tmp_path, text))


def test_header_without_streets(tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match=r"the table has a header \(row 1\) but no streets under it"
    ):
        read_table(write(tmp_path, "街道,常住人口\n合计,0\n"))


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_table(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="not a file"):
        read_table(tmp_path)


def test_size_limit_is_clear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(qfiles, "MAX_FILE_BYTES", 100)
    path = write(tmp_path, SMALL_CSV)
    with pytest.raises(InputError) as info:
        read_table(path)
    size = path.stat().st_size
    assert str(info.value) == (
        f"{path}: the file is {qfiles.format_size(size)}, larger than the 100 bytes limit for a street "
        "table; remove other sheets and data, or split the file"
    )


def test_unpacked_size_limit_for_workbooks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_xlsx(tmp_path, [["街道", "人口"], ["甲", 1]])
    monkeypatch.setattr(qfiles, "MAX_UNZIPPED_BYTES", 1000)
    with pytest.raises(
        InputError, match=r"the workbook unpacks to .* more than the 1000 bytes limit"
    ):
        read_table(path)


def test_wrong_file_kinds(tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match=r"not an Excel workbook \(\.xlsx\); if it is CSV text, name it \.csv"
    ):
        read_table(write(tmp_path, "街道,人口\n甲,1\n", name="t.xlsx"))
    book = write_xlsx(tmp_path, [["街道", "人口"], ["甲", 1]])
    renamed = book.rename(tmp_path / "book.csv")
    with pytest.raises(InputError, match="this is an Excel workbook, not CSV text; name it .xlsx"):
        read_table(renamed)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    with pytest.raises(InputError, match="old-format Excel"):
        read_table(old)
    with pytest.raises(InputError, match="a CSV file has no sheets"):
        read_table(write(tmp_path, "街道\n甲\n"), sheet="x")


def test_damaged_workbook(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path, [["街道", "人口"], ["甲", 1]])
    path.write_bytes(path.read_bytes()[:300])
    with pytest.raises(
        InputError, match="t.xlsx: cannot open as an Excel workbook; the file is damaged"
    ):
        read_table(path)


# ---------------------------------------------------------------- cells


def test_bad_cells_name_file_row_and_column(tmp_path: Path) -> None:
    text = "街道,常住人口,辖区面积\n甲街道,abc,1\n乙街道,20,-3\n丙街道,,2\n"
    table = read_table(write(tmp_path, text))
    problems = check_numeric_columns(
        table, ["population", "area_km2", "offices"], purpose={"offices": "base of admin"}
    )
    assert strs(problems) == [
        "t.csv, row 2, column '常住人口': expected a number, found 'abc'",
        "t.csv, row 3, column '辖区面积': expected a number of 0 or more, found -3",
        "t.csv: no column 'offices' (needed for base of admin); the table has '常住人口', '辖区面积'",
    ]


def test_whole_numbers_required(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "街道,内设机构数\n甲,2.5\n乙,3\n"))
    assert strs(check_integer_columns(table, ["offices"])) == [
        "t.csv, row 2, column '内设机构数': expected a whole number, found 2.5"
    ]


def test_unit_in_the_header_is_used_for_values(tmp_path: Path) -> None:
    text = "街道,常住人口（人）,面积（公顷）\n甲,100人,12公顷\n乙,200,3平方公里\n"
    table = read_table(write(tmp_path, text))
    assert table.header("population") == "常住人口(人)"
    assert table.units == {"population": "人", "area_km2": "公顷"}
    assert table.frame["population"].tolist() == [100, 200]
    assert strs(check_numeric_columns(table, ["area_km2"])) == [
        "t.csv, row 3, column '面积(公顷)': expected a number in 公顷, found '3平方公里': "
        "convert it to 公顷 and write the number alone"
    ]


def test_blank_header_column_with_values_is_noticed(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "街道,人口,\n甲,1,x\n"))
    assert tuple(strs(table.notices)) == (
        "t.csv: column C has values but no header; it was ignored",
    )


# ---------------------------------------------------------------- headers


def test_group_row_above_the_street_row(tmp_path: Path) -> None:
    text = ",人口情况,,编制情况,\n街道,常住人口,户籍人口,现有行政编制,行政实有人数\n甲,1,2,3,4\n"
    table = read_table(write(tmp_path, text))
    assert list(table.frame.columns) == [
        "street",
        "population",
        "registered_population",
        "current_admin",
        "onboard_admin",
    ]
    assert table.header("current_admin") == "编制情况/现有行政编制"
    assert table.rows == (3,)


def test_repeated_column_names_under_groups_are_told_apart(tmp_path: Path) -> None:
    text = "街道,男,,女,\n,干部,职工,干部,职工\n甲,1,2,3,4\n"
    table = read_table(write(tmp_path, text))
    assert list(table.frame.columns) == ["street", "男干部", "男职工", "女干部", "女职工"]
    assert table.header("男职工") == "男/职工"


def test_a_single_header_row_is_not_taken_for_a_group(tmp_path: Path) -> None:
    text = "街道,人口\n甲,1\n"
    assert read_table(write(tmp_path, text)).rows == (2,)


# ---------------------------------------------------------------- workbooks


def test_xlsx_sheets_by_name_index_and_default(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "t.xlsx"
    book = xlsxwriter.Workbook(str(path))
    hidden = book.add_worksheet("隐藏")
    hidden.write_row(0, 0, ["街道名称", "常住人口"])
    hidden.write_row(1, 0, ["旧街道", 1])
    hidden.hide()
    main = book.add_worksheet("街道基础数据")
    main.write_row(0, 0, ["街道名称", "常住人口", "户数"])
    main.write_row(1, 0, ["甲街道", 100, 30])
    main.write_row(2, 0, ["乙街道", "２００", "60"])
    main.activate()
    book.close()
    table = read_table(path)
    assert table.sheet == "街道基础数据"
    assert table.frame["households"].tolist() == [30, 60]
    assert table.frame["population"].tolist() == [100, 200]
    assert tuple(strs(table.notices)) == (
        "t.xlsx: read sheet '街道基础数据' ('隐藏' is hidden); to read another sheet, "
        "write data: {path: ..., sheet: NAME}",
    )
    assert read_table(path, sheet=0).streets == ["旧街道"]
    assert read_table(path, sheet=" 街道基础数据 ").sheet == "街道基础数据"
    assert (
        str(read_table(path, sheet=1).where(0, "population"))
        == "t.xlsx, sheet 街道基础数据, row 2, column '常住人口'"
    )
    with pytest.raises(InputError) as info:
        read_table(path, sheet="x")
    assert (
        str(info.value)
        == "t.xlsx: no sheet named 'x'; the sheets are 0 = '隐藏' (hidden), 1 = '街道基础数据'"
    )
    with pytest.raises(InputError, match="sheet index 5 is out of range; the workbook has 2 sheet"):
        read_table(path, sheet=5)


def test_xlsx_formulas_without_results(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (
        ["街道", "人口", "面积"],
        ["甲", 10, "=B2*2"],
        ["乙", 20, 4],
        ["合计", "=SUM(B2:B3)", "=SUM(C2:C3)"],
    ):
        sheet.append(row)
    path = tmp_path / "f.xlsx"
    book.save(path)
    table = read_table(path)
    assert tuple(strs(table.notices)) == (
        "f.xlsx, sheet Sheet, row 4: dropped the totals row '合计' (it agrees with the 2 streets above)",
    )
    assert strs(check_numeric_columns(table, ["area_km2"])) == [
        "f.xlsx, sheet Sheet, row 2, column '面积': expected a number, found the formula =B2*2 with no "
        "stored result: only SUM(...) formulas are computed; open and save the file in Excel or WPS, "
        "or type the value"
    ]


def test_xlsx_formula_with_a_stored_result_is_read(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "c.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["街道", "人口"])
    sheet.write(1, 0, "甲")
    sheet.write_formula(1, 1, "=ROUND(12.4,0)", None, 12)
    book.close()
    assert read_table(path).frame["population"].tolist() == [12]


# ---------------------------------------------------------------- formulas


def test_parse_sum_formula() -> None:
    assert parse_sum_formula("=SUM(B2:B4)") == [(1, 1, 3, 1)]
    assert parse_sum_formula("=sum($B$4:B2, C7)") == [(1, 1, 3, 1), (6, 2, 6, 2)]
    for formula in (
        "=SUM(1,2)",
        "=SUM(Sheet2!A1)",
        "=AVERAGE(B2:B4)",
        "=SUM(B:B)",
        "=B2+B3",
        "=SUM(SUM(B2))",
    ):
        assert parse_sum_formula(formula) is None


def test_resolve_formulas_sums_like_excel() -> None:
    values = {(0, 0): 1, (1, 0): "2", (2, 0): True, (3, 0): 4.5}
    formulas = {(4, 0): "=SUM(A1:A4)", (5, 0): "=SUM(A5,A1)", (6, 0): "=A1*3", (7, 0): "=A1*3"}
    cached = {(4, 0): 9, (6, 0): 3}
    resolved, problems, notices = resolve_formulas(values, formulas, cached)
    assert resolved[(4, 0)] == 5.5 and resolved[(5, 0)] == 6.5 and resolved[(6, 0)] == 3
    assert {cell: str(problem) for cell, problem in problems.items()} == {
        (
            7,
            0,
        ): "expected a number, found the formula =A1*3 with no stored result: only SUM(...) formulas "
        "are computed; open and save the file in Excel or WPS, or type the value"
    }
    assert [(cell, str(notice)) for cell, notice in notices] == [
        (
            (4, 0),
            "the stored result of =SUM(A1:A4) is 9 but its cells add up to 5.5; used 5.5 "
            "(recalculate the file in Excel or WPS)",
        )
    ]


def test_resolve_formulas_refuses_circles_and_huge_ranges(monkeypatch: pytest.MonkeyPatch) -> None:
    formulas = {(0, 0): "=SUM(A2)", (1, 0): "=SUM(A1)"}
    _, problems, _ = resolve_formulas({}, formulas, {})
    assert (
        str(problems[(0, 0)])
        == "expected a number, found the formula =SUM(A2): the formulas refer to each other in a circle"
    )
    monkeypatch.setattr(qformulas, "MAX_SUM_CELLS", 10)
    _, problems, _ = resolve_formulas({}, {(0, 1): "=SUM(A1:A100)"}, {})
    assert str(problems[(0, 1)]).endswith("its SUM covers too many cells")


def test_zip_entries_are_not_trusted_blindly(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not xml")
    with pytest.raises(InputError, match="cannot open as an Excel workbook; the file is damaged"):
        read_table(path)
