"""Everything printable on A4: plan.xlsx and compare.xlsx print setup, the reports' print CSS."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from quota.cli import cli
from tests.conftest import REPO

GOLDEN = REPO / "tests" / "data" / "golden"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("print")
    runner = CliRunner()
    small, decided = str(GOLDEN / "small.yaml"), str(GOLDEN / "small-decisions.yaml")
    for args in (
        ["plan", small, "--years", "3", "--attrition", "0.05"],
        ["compare", small, decided],
        ["run", small],
    ):
        result = runner.invoke(cli, [*args, "--out", str(folder)])
        assert result.exit_code == 0, result.output
    return folder


def check_a4_landscape(sheet: openpyxl.worksheet.worksheet.Worksheet) -> None:
    setup = sheet.page_setup
    assert setup.orientation == "landscape", sheet.title
    assert int(setup.paperSize) == 9, sheet.title  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
    assert setup.fitToWidth in (1, None) and setup.fitToHeight == 0, sheet.title
    assert "&P" in (sheet.oddFooter.center.text or ""), sheet.title


def test_plan_workbook_prints_on_a4_landscape_with_its_header_repeated(out: Path) -> None:
    book = openpyxl.load_workbook(out / "small-plan" / "plan.xlsx")
    for sheet in book.worksheets:
        check_a4_landscape(sheet)
        assert sheet.print_title_rows == "$1:$1", sheet.title
        assert "测试方案" in (sheet.oddHeader.center.text or ""), sheet.title


def test_compare_workbook_prints_on_a4_landscape(out: Path) -> None:
    (folder,) = [p for p in out.iterdir() if p.name.startswith("compare-")]
    book = openpyxl.load_workbook(folder / "compare.xlsx")
    for sheet in book.worksheets:
        check_a4_landscape(sheet)
    assert book.worksheets[0].print_title_rows == "$2:$3"  # the kind and column headers


def test_reports_print_on_a4_with_rows_kept_whole(out: Path) -> None:
    (folder,) = [p for p in out.iterdir() if p.name.startswith("compare-")]
    for path in (out / "small" / "report.html", folder / "compare.html"):
        html = path.read_text(encoding="utf-8")
        assert "@page { size: A4;" in html
        assert "thead { display: table-header-group; }" in html
        assert "tr, th, td { break-inside: avoid;" in html
        assert "break-before: page" in html  # each section on a new page
