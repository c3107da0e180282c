"""Value ranges: non-finite and huge numbers are refused by cell; counts are bounded."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import quota
from quota.errors import InputError
from quota.io.cells import MAX_COUNT, parse_cell, parse_number
from quota.io.table import StreetTable, check_integer_columns, check_numeric_columns, read_table
from tests.conftest import SMALL_CSV, small_scenario, write_scenario
from tests.io import strs


def write(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("cell", "complaint"),
    [
        ("inf", "expected a number, found 'inf'"),
        ("-inf", "expected a number, found '-inf'"),
        ("Infinity", "expected a number, found 'Infinity'"),
        ("nan", "expected a number, found 'nan'"),
        ("NaN", "expected a number, found 'NaN'"),
        ("1e400", "expected a number, found '1e400'"),
        ("9" * 40, f"expected a number between -1e15 and 1e15, found '{'9' * 40}'"),
        ("1e16", "expected a number between -1e15 and 1e15, found '1e16'"),
        ("-2e15", "expected a number between -1e15 and 1e15, found '-2e15'"),
        ("１e16", "expected a number between -1e15 and 1e15, found '1e16'"),
        (
            "2,000,000,000,000,000",
            "expected a number between -1e15 and 1e15, found '2,000,000,000,000,000'",
        ),
    ],
)
def test_non_finite_and_huge_values_are_refused_by_cell(
    tmp_path: Path, cell: str, complaint: str
) -> None:
    value, said = parse_cell(cell)
    assert (value, str(said)) == (None, complaint)
    table = read_table(write(tmp_path, f'街道,常住人口,面积\n甲,"{cell}",1\n乙,2,1\n'))
    assert strs(check_numeric_columns(table, ["population", "area_km2"])) == [
        f"t.csv, row 2, column '常住人口': {complaint}"
    ]


def test_numbers_up_to_the_limit_are_read() -> None:
    assert parse_cell("1e15") == (1e15, "")
    assert parse_cell("-1,000,000,000,000,000") == (-1e15, "")
    assert parse_number("nan") is None


def _patch_sheet(path: Path, replacements: list[tuple[bytes, bytes]]) -> None:
    """Rewrite cell values in a workbook's first sheet (openpyxl cannot write NaN or inf)."""
    with zipfile.ZipFile(path) as archive:
        items = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in items:
            if info.filename == "xl/worksheets/sheet1.xml":
                for old, new in replacements:
                    assert old in data
                    data = data.replace(old, new)
            archive.writestr(info, data)


def test_workbook_nan_inf_and_huge_values_are_named_not_called_empty(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (
        ["街道", "常住人口", "面积", "社区数"],
        ["甲", 123456789, "NaN", 1e30],
        ["乙", 987654321, 2.5, 3],
        ["丙", "=SUM(B2:B3)", 1, 4],
    ):
        sheet.append(row)
    path = tmp_path / "t.xlsx"
    book.save(path)
    _patch_sheet(
        path, [(b"<v>123456789</v>", b"<v>1e400</v>"), (b"<v>987654321</v>", b"<v>-1e400</v>")]
    )
    table = read_table(path)
    where = "t.xlsx, sheet Sheet"
    assert strs(check_numeric_columns(table, ["population", "area_km2", "communities"])) == [
        f"{where}, row 2, column '常住人口': expected a number, found 'inf'",
        f"{where}, row 3, column '常住人口': expected a number, found '-inf'",
        f"{where}, row 4, column '常住人口': expected a number, found 'nan'",  # inf + -inf
        f"{where}, row 2, column '面积': expected a number, found 'NaN'",
        f"{where}, row 2, column '社区数': expected a number between -1e15 and 1e15, found '1e+30'",
    ]


def _table(values: list[float], column: str = "current_admin") -> StreetTable:
    frame = pd.DataFrame(
        {
            "street": pd.array([f"街道{i}" for i in range(len(values))], dtype="string"),
            column: np.array(values, dtype=float),
        }
    )
    return StreetTable(
        path=Path("t.csv"),
        frame=frame,
        headers={"street": "街道", column: "现有行政编制"},
        rows=tuple(range(2, 2 + len(values))),
    )


def test_counts_are_at_most_max_count() -> None:
    assert MAX_COUNT == 10**9
    table = _table([5, 1e30, float(MAX_COUNT), MAX_COUNT + 1, 2.5, float("nan")])
    assert strs(check_integer_columns(table, ["current_admin"])) == [
        "t.csv, row 6, column '现有行政编制': expected a whole number, found 2.5",
        "t.csv, row 3, column '现有行政编制': expected at most 1,000,000,000, found 1e+30 "
        "(staff, quotas, offices and units are counts)",
        "t.csv, row 5, column '现有行政编制': expected at most 1,000,000,000, found 1000000001 "
        "(staff, quotas, offices and units are counts)",
    ]


def test_frames_built_without_the_reader_are_checked_for_range() -> None:
    table = _table([1, float("inf"), -float("inf"), 2e15, -3])
    assert strs(check_numeric_columns(table, ["current_admin"])) == [
        "t.csv, row 3, column '现有行政编制': expected a number between -1e15 and 1e15, found 'inf'",
        "t.csv, row 4, column '现有行政编制': expected a number between -1e15 and 1e15, found '-inf'",
        "t.csv, row 5, column '现有行政编制': expected a number between -1e15 and 1e15, "
        "found '2e+15'",
        "t.csv, row 6, column '现有行政编制': expected a number of 0 or more, found -3",
    ]


@pytest.mark.parametrize(
    ("cell", "complaint"),
    [
        # passes the cell check (at most 1e15) but not the count check
        (
            "500000000000000",
            "expected at most 1,000,000,000, found 500000000000000 "
            "(staff, quotas, offices and units are counts)",
        ),
        # astype(int64) would wrap it to a negative number
        (
            "10000000000000000000",
            "expected a number between -1e15 and 1e15, found '10000000000000000000'",
        ),
    ],
)
def test_a_huge_count_is_refused_before_any_cast(tmp_path: Path, cell: str, complaint: str) -> None:
    lines = SMALL_CSV.splitlines()
    cells = lines[1].split(",")
    cells[7] = cell  # 现有行政编制 of 东城街道
    lines[1] = ",".join(cells)
    (tmp_path / "streets.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        quota.allocate(write_scenario(tmp_path, small_scenario()))
    assert f"streets.csv, row 2, column '现有行政编制': {complaint}" in strs(info.value.problems)
    assert np.array([float(MAX_COUNT)]).astype(np.int64)[0] == MAX_COUNT
