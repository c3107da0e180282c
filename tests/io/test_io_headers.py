"""Headers offices write: kinds over their columns, kind words around role words, districts."""

from __future__ import annotations

from pathlib import Path

import pytest

from quota.config.columns import (
    COLUMN_ALIASES,
    alias_conflicts,
    aliases_of,
    canonical_column,
    kind_role_column,
    suggest_header,
)
from quota.io.table import read_table

CURRENT_WORDS = ["现有编制", "核定编制", "编制数", "现有编制数", "核定编制数"]
ONBOARD_WORDS = ["实有人数", "在编人数", "实有人员", "在岗人数", "实配人数"]
GROUPS = [("行政编制", "事业编制"), ("行政", "事业")]


def write(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- kinds over their columns


@pytest.mark.parametrize("groups", GROUPS)
@pytest.mark.parametrize(
    ("current", "onboard"), list(zip(CURRENT_WORDS, ONBOARD_WORDS, strict=True))
)
def test_kind_group_over_role_columns_in_a_csv(
    tmp_path: Path, groups: tuple[str, str], current: str, onboard: str
) -> None:
    admin, institutional = groups
    text = (
        f"街道名称,常住人口,{admin},,{institutional},\n"
        f",,{current},{onboard},{current},{onboard}\n"
        "东城街道,86000,28,27,40,38\n"
        "西城街道,54000,24,25,34,33\n"
    )
    table = read_table(write(tmp_path, text))
    assert list(table.frame.columns) == [
        "street",
        "population",
        "current_admin",
        "onboard_admin",
        "current_institutional",
        "onboard_institutional",
    ]
    assert table.frame["current_admin"].tolist() == [28, 24]
    assert table.frame["onboard_institutional"].tolist() == [38, 33]
    assert table.header("current_admin") == f"{admin}/{current}"
    assert table.rows == (3, 4)


def test_kind_group_over_role_columns_in_a_workbook_with_merged_cells(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "街道基础数据"
    sheet.append(["街道名称", "常住人口", "行政编制", None, "事业编制", None])
    sheet.append([None, None, "现有编制", "实有人数", "核定编制", "在岗人数"])
    sheet.append(["东城街道", 86000, 28, 27, 40, 38])
    sheet.append(["西城街道", 54000, 24, 25, 34, 33])
    for cells in ("A1:A2", "B1:B2", "C1:D1", "E1:F1"):
        sheet.merge_cells(cells)
    path = tmp_path / "t.xlsx"
    book.save(path)
    table = read_table(path)
    assert table.headers == {
        "street": "街道名称",
        "population": "常住人口",
        "current_admin": "行政编制/现有编制",
        "onboard_admin": "行政编制/实有人数",
        "current_institutional": "事业编制/核定编制",
        "onboard_institutional": "事业编制/在岗人数",
    }
    assert table.frame["onboard_admin"].tolist() == [27, 25]
    assert table.rows == (3, 4)
    assert table.notices == ()


def test_kind_group_with_the_street_row_under_it_and_a_unit_in_brackets(tmp_path: Path) -> None:
    text = ",行政编制,,事业,\n街道,现有编制(人),在编人数,编制数,实有人员\n甲,3,2,5,4\n"
    table = read_table(write(tmp_path, text))
    assert list(table.frame.columns) == [
        "street",
        "current_admin",
        "onboard_admin",
        "current_institutional",
        "onboard_institutional",
    ]
    assert table.units == {"current_admin": "人"}
    assert table.header("current_admin") == "行政编制/现有编制(人)"


def test_kind_role_column() -> None:
    assert kind_role_column("行政编制", "现有编制") == "current_admin"
    assert kind_role_column("事业", "在岗人数") == "onboard_institutional"
    assert kind_role_column("事业编制", "核定编制数") == "current_institutional"
    assert kind_role_column("编制情况", "现有编制") is None
    assert kind_role_column("行政编制", "常住人口") is None


# ---------------------------------------------------------------- kind words around role words


@pytest.mark.parametrize(
    ("header", "canonical"),
    [
        ("行政在编人数", "onboard_admin"),
        ("在编人数(行政)", "onboard_admin"),
        ("在编人数（行政）", "onboard_admin"),
        ("行政编制核定数", "current_admin"),
        ("现有行政编制数", "current_admin"),
        ("行政编制实配人数", "onboard_admin"),
        ("事业编制在岗人数", "onboard_institutional"),
        ("事业实有人员", "onboard_institutional"),
        ("事业在岗人数", "onboard_institutional"),
        ("现有事业编制数", "current_institutional"),
        ("事业编制数", "current_institutional"),
        ("核定编制（事业编制）", "current_institutional"),
        ("核定行政编制", "current_admin"),
        ("行政核定编制数", "current_admin"),
        ("在编人数（事业）", "onboard_institutional"),
        ("实配人数(事业编制)", "onboard_institutional"),
        ("行政编制实有人数", "onboard_admin"),
    ],
)
def test_kind_words_before_or_after_the_role(header: str, canonical: str) -> None:
    assert canonical_column(header) == canonical


@pytest.mark.parametrize(
    "header", ["区县", "区县名称", "所属区县", "所属区", "县(市、区)", "县（市、区）", "district"]
)
def test_district_headers(tmp_path: Path, header: str) -> None:
    assert canonical_column(header) == "district"
    table = read_table(write(tmp_path, f"{header},街道,常住人口\n新洲区,甲,1\n新洲区,乙,2\n"))
    assert table.frame["district"].tolist() == ["新洲区", "新洲区"]
    assert table.header("district") == header.replace("（", "(").replace("）", ")")


@pytest.mark.parametrize(
    ("header", "meaning"),
    [
        ("行政编制", "current_admin"),
        ("事业编制", "current_institutional"),
        ("事业单位数", "units"),
        ("事业单位", "units"),
        ("编制数", "编制数"),  # no kind: not a kind's column
        ("实有人数", "实有人数"),
        ("人数", "人数"),
    ],
)
def test_headers_keep_their_meaning(header: str, meaning: str) -> None:
    assert canonical_column(header) == meaning


def test_no_header_is_claimed_by_two_columns() -> None:
    assert alias_conflicts() == []
    assert alias_conflicts({"a": ("x",), "b": ("X",)}) == ["'X' means both 'a' and 'b'"]


def test_aliases_of_lists_the_written_ones_first() -> None:
    assert aliases_of("current_admin")[:3] == ("现有行政编制", "现有行政编制数", "行政编制")
    assert "行政编制核定数" in aliases_of("current_admin")
    assert "在编人数(事业)" in aliases_of("onboard_institutional")
    assert aliases_of("street") == COLUMN_ALIASES["street"]
    assert aliases_of("nope") == ()


def test_suggest_header() -> None:
    headers = ["街道名称", "常住人口", "内设机构个数", "辖区面积"]
    assert suggest_header("常注人口", headers) == "常住人口"
    assert suggest_header("offices", headers) == "内设机构个数"  # through its accepted headers
    assert suggest_header("population", headers) == "常住人口"  # the same column outright
    assert suggest_header(" 辖区 面积 ", headers) == "辖区面积"
    assert suggest_header("hotline_tickets", headers) is None
    assert suggest_header("x", []) is None


# ---------------------------------------------------------------- invisible characters


def test_a_double_bom_and_zero_width_characters_do_not_hide_the_header(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    text = "\ufeff\ufeff街道名称,\u200b常住人口\u200b\n东城街道,1\n西城街道,2\n"
    path.write_bytes(text.encode("utf-8"))
    table = read_table(path)
    assert table.streets == ["东城街道", "西城街道"]
    assert table.frame["population"].tolist() == [1, 2]
    assert table.header("street") == "街道名称"


def test_a_bom_before_a_quoted_header_cell(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes('\ufeff\ufeff"街道",人口\n甲,1\n'.encode())
    assert read_table(path).streets == ["甲"]
