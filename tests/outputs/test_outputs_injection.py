"""Names from the data cannot inject formulas, markup or mathtext into the output folder."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import quota
from quota.config.schema import RESULT_COLUMNS
from quota.outputs.folder import FORMULA_PREFIXES, format_allocation_csv, protect_csv_text
from quota.results.result import Result
from tests.conftest import SMALL_CSV, small_scenario, write_scenario

#: one hostile name per street of SMALL_CSV
STREETS = ["=1+1", "@SUM(A1)", "<script>alert(1)</script>", "A$x^{$", "+a|b"]
TITLE = "=1+2 <img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    """A solved scenario whose street names and title are hostile, and its written folder."""
    folder = tmp_path_factory.mktemp("hostile")
    header, *rows = SMALL_CSV.strip().splitlines()
    renamed = [f"{name},{row.split(',', 1)[1]}" for name, row in zip(STREETS, rows, strict=True)]
    (folder / "streets.csv").write_text("\n".join([header, *renamed]) + "\n", encoding="utf-8")
    result = quota.allocate(write_scenario(folder, small_scenario(title=TITLE)))
    assert list(dict.fromkeys(result.table["street"].astype(str))) == STREETS
    return result, result.write(folder / "out" / "hostile")


# --------------------------------------------------------------------------
# allocation.csv
# --------------------------------------------------------------------------


def test_csv_text_cells_that_look_like_formulas_get_a_quote() -> None:
    names = ["=1+1", "+a", "-b", "@c", "\tt", "\rr", "plain", "-3", "a\r=1+1", "东城街道"]
    n = len(names)
    table = pd.DataFrame(
        {
            "street": pd.array(names, dtype="string"),
            "kind": pd.array(["admin"] * (n - 1) + ["=kind"], dtype="string"),
            **{c: pd.array([-3] * n, dtype="Int64") for c in RESULT_COLUMNS[2:-2]},
            "score": [0.5] * n,
            "ideal": [-1.25] * n,
        }
    )
    rows = list(csv.reader(io.StringIO(format_allocation_csv(table), newline="")))
    assert rows[0] == list(RESULT_COLUMNS)
    streets = [row[0] for row in rows[1:]]
    assert streets == [
        "'=1+1",
        "'+a",
        "'-b",
        "'@c",
        "'\tt",
        "'\nr",
        "plain",
        "'-3",
        "a\n=1+1",  # a carriage return cannot start a row of its own
        "东城街道",
    ]
    assert [row[1] for row in rows[1:]] == ["admin"] * (n - 1) + ["'=kind"]
    for row in rows[1:]:  # numbers, negative ones included, are written as they are
        assert row[2:-2] == ["-3"] * len(RESULT_COLUMNS[2:-2])
        assert row[-2:] == ["0.500000", "-1.2500"]


def test_protect_csv_text_leaves_numbers_and_missing_values_alone() -> None:
    assert protect_csv_text(-3) == -3
    assert protect_csv_text(-0.5) == -0.5
    assert protect_csv_text(pd.NA) is pd.NA
    assert protect_csv_text(None) is None
    assert all(str(protect_csv_text(p + "x")).startswith("'") for p in FORMULA_PREFIXES)


def test_written_csv_quotes_the_hostile_streets(hostile: tuple[Result, Path]) -> None:
    _, folder = hostile
    text = (folder / "allocation.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    shown = list(dict.fromkeys(row["street"] for row in rows))
    assert shown == ["'=1+1", "'@SUM(A1)", "<script>alert(1)</script>", "A$x^{$", "'+a|b"]
    assert any(row["change"].startswith("-") for row in rows)  # numbers unquoted
    assert not any(row["change"].startswith("'") for row in rows)


# --------------------------------------------------------------------------
# allocation.xlsx
# --------------------------------------------------------------------------


def test_workbook_writes_formula_like_names_and_title_as_text(
    hostile: tuple[Result, Path],
) -> None:
    _, folder = hostile
    book = openpyxl.load_workbook(folder / "allocation.xlsx")
    sheet = book.worksheets[0]
    assert sheet["A1"].value == TITLE and sheet["A1"].data_type == "s"
    cells = {sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=1) for r in range(4, 9)}
    for name in STREETS:
        assert cells[name].data_type == "s", name
    formulas = [
        cell.coordinate
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f" and not str(cell.value).startswith("=SUM(")
    ]
    assert formulas == []  # only the totals row's SUM formulas


# --------------------------------------------------------------------------
# report.md and report.html
# --------------------------------------------------------------------------


def test_markdown_report_escapes_html_from_names_and_title(hostile: tuple[Result, Path]) -> None:
    _, folder = hostile
    md = (folder / "report.md").read_text(encoding="utf-8")
    assert "<script" not in md and "<img" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert md.startswith("# =1+2 &lt;img src=x onerror=alert(1)&gt;\n")
    assert "| +a\\|b |" in md  # a pipe does not end the table cell
    assert "A$x^{$" in md


def test_html_report_escapes_names_and_title(hostile: tuple[Result, Path]) -> None:
    _, folder = hostile
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


# --------------------------------------------------------------------------
# charts
# --------------------------------------------------------------------------


def test_charts_of_names_with_dollars_are_written(hostile: tuple[Result, Path]) -> None:
    _, folder = hostile
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    charts = [f for f in manifest["files"] if f.startswith("charts/")]
    assert charts == [
        "charts/change.png",
        "charts/onboard.png",
        "charts/shares.png",
        "charts/stack.png",
    ]
    for name in charts:
        assert (folder / name).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
