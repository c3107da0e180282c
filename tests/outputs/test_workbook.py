"""Tests of quota.outputs.workbook: the review workbook's structure, read back with openpyxl."""

from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import quota
from quota.outputs import sheets, workbook, xlsx
from quota.outputs.document import Cell, Table
from quota.results.result import Result
from tests.conftest import REPO

ZH_SHEETS = ["编制分配表", "参数", "指标与得分", "公平性", "诊断信息", "编制说明", "保障承诺"]
EN_SHEETS = [
    "allocation",
    "parameters",
    "indicators and scores",
    "fairness",
    "diagnostics",
    "explanations",
    "promises",
]


@pytest.fixture(scope="module")
def xinzhou() -> Result:
    return quota.allocate(REPO / "scenarios" / "xinzhou-baseline.yaml")


@pytest.fixture(scope="module")
def zh_book(xinzhou: Result, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("book") / "allocation.xlsx"
    return workbook.write_workbook(xinzhou, path, lang="zh")


def test_sheets_and_two_row_merged_header(zh_book: Path) -> None:
    book = openpyxl.load_workbook(zh_book)
    assert book.sheetnames == ZH_SHEETS
    sheet = book["编制分配表"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    # title over the table, street over both header rows, each kind over its 8 columns and 决定
    assert merged == {"A1:S1", "A2:A3", "B2:J2", "K2:S2"}
    assert sheet["A1"].value == "新洲区街道编制调剂方案（基准）"
    assert sheet["A2"].value == "街道"
    assert (sheet["B2"].value, sheet["K2"].value) == ("行政编制", "事业编制")
    assert [c.value for c in sheet[3][1:10]] == [
        "现有编制",
        "基础编制",
        "量化编制",
        "周转编制",
        "核定编制",
        "增减",
        "实有人数",
        "空编(超编)",
        "决定",
    ]
    assert sheet["S3"].value == "决定"
    assert sheet.freeze_panes == "B4"
    assert sheet["A4"].value == "邾城街道"


def test_totals_row_is_the_column_sums(xinzhou: Result, zh_book: Path) -> None:
    values = openpyxl.load_workbook(zh_book, data_only=True)["编制分配表"]
    formulas = openpyxl.load_workbook(zh_book)["编制分配表"]
    total_row = 4 + 12
    assert values.cell(total_row, 1).value == "合计"
    assert formulas.cell(total_row, 2).value == "=SUM(B4:B15)"
    kinds, streets, wide = workbook.build_review_frame(xinzhou.table)
    col = 2
    for kind in kinds:
        for name in workbook.KIND_COLUMNS:
            cells = [values.cell(r, col).value for r in range(4, total_row)]
            assert cells == [int(v) for v in wide[(kind, name)]], (kind, name)
            assert values.cell(total_row, col).value == sum(cells), (kind, name)
            col += 1
        # the decision column: empty, and no sum under it
        assert [values.cell(r, col).value for r in range(4, total_row + 1)] == [None] * 13
        assert formulas.cell(total_row, col).value is None
        col += 1
    assert values.cell(total_row, 2).value == 355  # current admin quotas
    assert values.cell(total_row, 2 + 9 + 4).value == 480  # institutional new total
    assert values.cell(total_row, 2).font.bold


def test_number_formats_cuts_and_print_setup(zh_book: Path) -> None:
    sheet = openpyxl.load_workbook(zh_book)["编制分配表"]
    change = sheet["G4"]  # 邾城街道 admin change +8
    assert change.value == 8 and change.number_format == "+#,##0;-#,##0;0"
    cut = sheet["G6"]  # 仓埠街道 admin change -1
    assert cut.value == -1
    assert cut.fill.fgColor.rgb == "FFFCE4E4" and cut.font.color.rgb == "FFC00000"
    assert sheet["F4"].fill.fgColor.rgb != "FFFCE4E4"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToHeight == 0  # one page wide, as many pages tall as needed
    assert sheet.print_title_rows == "$2:$3"
    assert "&P" in sheet.oddFooter.center.text
    notes = [sheet.cell(r, 1).value for r in range(18, sheet.max_row + 1)]
    assert any("行政编制总量392名" in str(n) for n in notes)
    assert any("常住人口 0.35" in str(n) for n in notes)


def test_other_sheets_hold_parameters_scores_fairness_diagnostics_and_why(
    xinzhou: Result, zh_book: Path
) -> None:
    book = openpyxl.load_workbook(zh_book)
    texts = [c for row in book["参数"].iter_rows(values_only=True) for c in row if c]
    assert "内设机构数 × 2 + 领导职数 4" in texts and "5.0%，共20名" in texts
    assert "常住人口" in texts and 0.35 in texts
    scores = book["指标与得分"]
    assert [c.value for c in scores[1]][:2] == ["街道", "常住人口"]
    assert scores.cell(2, 2).value == 182400
    assert "工作量得分（行政编制）" in [c.value for c in scores[1]]
    assert scores.freeze_panes == "B2"
    fairness = list(book["公平性"].iter_rows(min_row=2, max_row=5, values_only=True))
    assert [r[:2] for r in fairness] == [
        ("行政编制", "量化编制"),
        ("行政编制", "基础+量化编制"),
        ("事业编制", "量化编制"),
        ("事业编制", "基础+量化编制"),
    ]
    assert fairness[1][4] == pytest.approx(xinzhou.fairness.loc[1, "max_min_ratio"])
    diagnostics = list(book["诊断信息"].iter_rows(min_row=2, values_only=True))
    assert len(diagnostics) == len(xinzhou.diagnostics)
    assert ("行政编制", "涨渡湖街道", "下限", "基础+量化编制20名 = 下限20名") in diagnostics
    why = list(book["编制说明"].iter_rows(min_row=2, values_only=True))
    assert len(why) == len(xinzhou.table)
    first = why[0]
    assert first[0] == "邾城街道" and first[1] == "行政编制"
    assert first[-2] == "向上取整" and "理想量化编制" in first[-1]


def test_english_workbook_and_identical_bytes(xinzhou: Result, tmp_path: Path) -> None:
    one = workbook.write_workbook(xinzhou, tmp_path / "a.xlsx", lang="en")
    two = workbook.write_workbook(xinzhou, tmp_path / "b.xlsx", lang="en")
    assert one.read_bytes() == two.read_bytes()
    book = openpyxl.load_workbook(one)
    assert book.sheetnames == EN_SHEETS
    sheet = book["allocation"]
    assert (sheet["A2"].value, sheet["B2"].value, sheet["K2"].value) == (
        "street",
        "administrative",
        "institutional",
    )
    assert sheet.cell(16, 1).value == "Total"
    assert book.properties.created.year == 2000


def test_large_tables_switch_to_fast_layout(
    xinzhou: Result, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the thresholds: printed gridlines instead of borders, explanations only where moved."""
    monkeypatch.setattr(sheets, "BORDERED_MAX_ROWS", 5)
    monkeypatch.setattr(workbook, "EXPLAIN_ALL_MAX_ROWS", 5)
    monkeypatch.setattr(workbook, "MAX_SHEET_ROWS", 4)
    path = workbook.write_workbook(xinzhou, tmp_path / "large.xlsx", lang="zh")
    book = openpyxl.load_workbook(path, data_only=True)
    sheet = book["编制分配表"]
    assert sheet.print_options.gridLines
    assert sheet["G6"].fill.fgColor.rgb == "FFFCE4E4"  # cuts still highlighted
    assert sheet.cell(16, 2).value == 355
    # the decision cells are written, unlocked, in this layout too; nothing below them is
    assert not sheet["J4"].protection.locked and not sheet["S15"].protection.locked
    assert sheet["J16"].protection.locked and sheet["J20"].protection.locked
    why = [r for r in book["编制说明"].iter_rows(min_row=2, values_only=True) if r[1]]
    assert len(why) == 4
    assert {r[0] for r in why} <= {"仓埠街道", "旧街街道", "涨渡湖街道", "邾城街道"}
    notes = [r[0] for r in book["编制说明"].iter_rows(min_row=2, values_only=True) if not r[1]]
    assert any("仅列出受约束影响或使用周转编制的4行（共24行）" in str(n) for n in notes)
    diagnostics = list(book["诊断信息"].iter_rows(min_row=2, values_only=True))
    assert sum(1 for r in diagnostics if r[1] is not None or r[2] is not None) == 4


def test_grouped_table_of_40000_streets(tmp_path: Path) -> None:
    n = 40_000
    values = [float(i % 97 - 20) for i in range(n)]
    groups = [
        sheets.Group(
            header=kind,
            columns=[
                sheets.Column(header=name, values=values, style="signed")
                for name in workbook.KIND_COLUMNS
            ],
        )
        for kind in ("行政编制", "事业编制")
    ]
    # speed is measured by benchmarks/bench.py, not asserted here
    book = xlsx.open_workbook(tmp_path / "big.xlsx", "big")
    formats = xlsx.build_formats(book)
    sheet = book.add_worksheet("a")
    total_row = sheets.write_grouped_table(
        sheet,
        formats,
        title="big",
        first_header="街道",
        names=[f"街道{i:05d}" for i in range(n)],
        groups=groups,
        total_label="合计",
    )
    book.close()
    assert total_row == sheets.HEADER_ROW + 1 + n
    frame = pd.read_excel(tmp_path / "big.xlsx", header=None, skiprows=3, nrows=3)
    assert list(frame.iloc[0, 1:4]) == [-20, -20, -20]


HUGE = [1e308, float("inf"), float("-inf"), float("nan"), 10**400, 5.0, None]
HUGE_CELLS = ["1e+308", "inf", "-inf", None, "inf", 5, None]


def test_numbers_no_cell_can_hold_are_written_as_text(tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    book = xlsx.open_workbook(path, "huge")
    formats = xlsx.build_formats(book)
    names = [f"s{i}" for i in range(len(HUGE))]
    sheets.write_grouped_table(
        book.add_worksheet("grouped"),
        formats,
        title="huge",
        first_header="street",
        names=names,
        groups=[sheets.Group("admin", [sheets.Column("current", HUGE)])],
        total_label="total",
    )
    sheets.write_flat_sheet(
        book, formats, "flat", ["street", "v"], [names, HUGE], ["text", "int"], [8.0, 8.0], "en"
    )
    rows = [[Cell("1" + "0" * 400)], [Cell("-" + "9" * 320)], [Cell("12")]]
    sheets.write_table_sheet(book, formats, "table", [Table(["v"], rows)], "en")
    book.close()
    read = openpyxl.load_workbook(path)
    grouped = [read["grouped"].cell(4 + i, 2).value for i in range(len(HUGE))]
    assert grouped == HUGE_CELLS
    assert read["grouped"].cell(4 + len(HUGE), 2).value.startswith("=SUM(")
    assert [read["flat"].cell(2 + i, 2).value for i in range(len(HUGE))] == HUGE_CELLS
    table = [read["table"].cell(2 + i, 1).value for i in range(3)]
    assert table == ["1" + "0" * 400, "-" + "9" * 320, 12]


def with_huge_current(result: Result) -> Result:
    table = result.table.copy()
    for column in ("current", "change"):
        table[column] = table[column].astype("float64")
    table.loc[0, "current"] = 1e308
    table.loc[0, "change"] = -1e308
    return dataclasses.replace(result, table=table)


def test_a_current_of_1e308_is_written_as_text(
    xinzhou: Result, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbook, "SHEET_WRITERS", workbook.SHEET_WRITERS[:1])  # the review table
    path = workbook.write_workbook(with_huge_current(xinzhou), tmp_path / "a.xlsx")
    sheet = openpyxl.load_workbook(path).worksheets[0]
    row = {name: sheet.cell(4, 2 + i).value for i, name in enumerate(workbook.KIND_COLUMNS)}
    assert row["current"] == "1e+308"
    assert row["change"] == "-1e+308"
    assert row["base"] == xinzhou.table.loc[0, "base"]


def test_a_failing_fill_leaves_nothing_behind(
    xinzhou: Result, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever a sheet does with 1e308, a failure leaves no file, in the output or the temp folder."""
    empty = tmp_path / "tmpdir"
    empty.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(empty))
    out = tmp_path / "out"
    try:
        folder = with_huge_current(xinzhou).write(out / "huge")
    except Exception:
        assert os.listdir(out) == []
    else:
        assert sorted(os.listdir(out)) == ["huge"]
        assert (folder / "manifest.json").exists()
    assert os.listdir(empty) == []
