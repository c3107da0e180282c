"""Reading a column at once: the same values and refusals as cell by cell, and no per-cell work."""

from __future__ import annotations

import gc
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quota.errors import InputError
from quota.io import cells, table
from quota.io.cells import MAX_ABS_VALUE, parse_cell, parse_plain_column
from quota.io.table import check_numeric_columns, read_table
from tests.io import strs

#: cells of every kind the reader meets: plain numbers and the ones that are not
CELLS = st.one_of(
    st.integers(-(10**16), 10**16).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(
        [
            "",
            " 12",
            "12 ",
            "12\n",
            "1\n2",
            "+3",
            "-0",
            ".5",
            "5.",
            "1e3",
            "1E-3",
            "1e400",
            "１２",
            "٣",
            "1,234",
            "12人",
            "3万",
            "—",
            "#N/A",
            "inf",
            "9" * 101,
            "0" * 100,
            "abc",
        ]
    ),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(CELLS, min_size=1, max_size=12))
def test_a_column_at_once_reads_what_each_cell_reads(texts: list[str]) -> None:
    one_by_one = [parse_cell(text) for text in texts]
    together = parse_plain_column(texts)
    if together is not None:
        assert list(together) == [value for value, _ in one_by_one]
        assert all(complaint == "" for _, complaint in one_by_one)
        assert all(abs(v) <= MAX_ABS_VALUE for v in together)
    else:  # some cell is not a plain, finite, bounded number of at most 100 characters
        plain = [
            len(t) <= cells.MAX_NUMBER_CHARS
            and cells._NUMBER_RE.fullmatch(t) is not None
            and math.isfinite(float(t))
            and abs(float(t)) <= MAX_ABS_VALUE
            for t in texts
        ]
        assert not all(plain)


def test_whole_and_decimal_columns_take_the_fast_path() -> None:
    assert parse_plain_column(["12", "0", "007"]) == [12.0, 0.0, 7.0]
    assert parse_plain_column(["1.5", "-2", "3e2"]) == [1.5, -2.0, 300.0]
    assert parse_plain_column([]) == []
    for column in (["1", ""], ["1", "2\n"], ["1", "1,000"], ["1", "1e400"], ["1", "9" * 101]):
        assert parse_plain_column(column) is None, column


def write_rows(path: Path, rows: int, extra: str = "") -> Path:
    lines = ["街道,省份,常住人口,辖区面积,内设机构数"]
    lines += [f"街道{i},省{i % 7},{1000 + i},{i % 50 + 0.25},{i % 9 + 1}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def test_plain_columns_are_read_without_reading_each_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    original = table.parse_cell

    def counted(text: str, units: tuple[str, ...] = ()) -> object:
        calls.append(text)
        return original(text, units)

    monkeypatch.setattr(table, "parse_cell", counted)
    street_table = read_table(write_rows(tmp_path / "t.csv", 3000))
    assert len(calls) <= 7  # the text column's distinct values only, not 3,000 x 4 cells
    frame = street_table.frame
    assert frame["population"].tolist() == [1000.0 + i for i in range(3000)]
    assert np.allclose(frame["area_km2"], [i % 50 + 0.25 for i in range(3000)])
    # a column of text (省份: the streets' province), kept as it is
    assert set(street_table.bad_cells) == {"province"}
    assert len(street_table.bad_cells["province"]) == 3000


def test_repeated_bad_cells_are_each_reported_at_their_row(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("街道,常住人口\n甲,一千\n乙,12\n丙,一千\n", encoding="utf-8")
    problems = strs(check_numeric_columns(read_table(path), ["population"]))
    assert problems == [
        "t.csv, row 2, column '常住人口': expected a number, found '一千'",
        "t.csv, row 4, column '常住人口': expected a number, found '一千'",
    ]


def test_reading_leaves_the_cycle_collector_as_it_found_it(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "t.csv", 50)
    assert gc.isenabled()
    read_table(path)
    assert gc.isenabled()
    gc.disable()
    try:
        read_table(path)
        assert not gc.isenabled()
    finally:
        gc.enable()
    broken = tmp_path / "broken.csv"
    broken.write_text("街道,常住人口\n甲,1\n甲,2\n", encoding="utf-8")  # a repeated street
    with pytest.raises(InputError):
        read_table(broken)
    assert gc.isenabled()


def test_the_last_row_with_numbers_is_found_from_the_end(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "t.csv", 20, extra="说明：以上数据截至年底\n")
    street_table = read_table(path)
    assert len(street_table.frame) == 20
    assert any("以上数据" in str(n) for n in street_table.notices)
