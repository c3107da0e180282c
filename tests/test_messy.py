"""The corpus of messy street tables in tests/data/messy/ (written by make_messy.py)."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

import quota
import quota.pipeline
from quota.cli import cli
from quota.errors import InputError
from quota.io.table import check_numeric_columns, read_table
from tests.conftest import write_scenario


def strs(items: Iterable[object]) -> tuple[str, ...]:
    """Messages (notices, problems) as their English texts, in order."""
    return tuple(str(item) for item in items)


MESSY = Path(__file__).resolve().parent / "data" / "messy"
WHERE = "merged_header.xlsx, sheet 街道基础数据"


def messy_scenario(data: Any, name: str = "messy") -> dict[str, Any]:
    """A feasible one-kind scenario over the six streets of the corpus."""
    return {
        "name": name,
        "data": data,
        "kinds": {
            "admin": {
                "pool": 210,
                "turnover_share": 0.05,
                "base": {"per_office": 3, "leaders": 5},
                "indicators": {"population": 0.5, "area_km2": 0.2, "communities": 0.3},
            }
        },
    }


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    return read_table(MESSY / "reference.csv").frame


@pytest.mark.parametrize(
    ("name", "sheet"),
    [
        ("gbk_fullwidth.csv", None),
        ("utf16_tab.csv", None),
        ("two_row_header.csv", None),
        ("merged_header.xlsx", None),
        ("merged_header.xlsx", "街道基础数据"),
        ("merged_header.xlsx", 2),
    ],
)
def test_messy_files_read_as_the_clean_table(
    name: str, sheet: str | int | None, reference: pd.DataFrame
) -> None:
    # two_row_header.csv's 合计 row is 300 short on purpose (see the totals tests below)
    accept = name == "two_row_header.csv"
    table = read_table(MESSY / name, sheet, accept_totals_mismatch=accept)
    pd.testing.assert_frame_equal(table.frame, reference)


@pytest.mark.parametrize("name", ["two_row_header.csv", "formulas_openpyxl.xlsx"])
def test_a_totals_row_that_disagrees_is_refused_by_default(name: str) -> None:
    with pytest.raises(InputError) as info:
        read_table(MESSY / name)
    assert len(info.value.problems) == 1
    assert (
        "is a street missing or counted twice? To go on anyway, use --accept-totals-mismatch"
        in str(info.value.problems[0])
    )


def test_gbk_file_notices() -> None:
    assert strs(read_table(MESSY / "gbk_fullwidth.csv").notices) == (
        "gbk_fullwidth.csv, row 8: dropped the totals row '合  计' (it agrees with the 6 streets above)",
        "gbk_fullwidth.csv, row 9: dropped the note '注：数据截至2023年底。'",
        "gbk_fullwidth.csv, row 10: dropped the note '填表人：张三 审核人：李四'",
    )


def test_two_row_header_notices_and_names() -> None:
    with pytest.raises(InputError) as info:
        read_table(MESSY / "two_row_header.csv")
    assert list(strs(info.value.problems)) == [
        "two_row_header.csv, row 11 合计: column '基本情况/常住人口' says 550,000 but the 6 streets "
        "above add up to 550,300 (difference 300): is a street missing or counted twice? To go on "
        "anyway, use --accept-totals-mismatch"
    ]
    table = read_table(MESSY / "two_row_header.csv", accept_totals_mismatch=True)
    assert strs(table.notices) == (
        "two_row_header.csv, row 1: skipped the title row '新洲区街道基础数据表' above the header",
        "two_row_header.csv, row 4: dropped the units row (人, 平方公里, 个, 个, 名, 人)",
        "two_row_header.csv, row 11: dropped the totals row '合计'; warning: it disagrees with the sum of "
        "the 6 streets above: column '基本情况/常住人口' says 550000 but the streets add up to 550300 "
        "(is a street missing or counted twice?)",
    )
    assert table.header("current_admin") == "行政编制/现有"
    assert table.header("onboard_admin") == "行政编制/实有人数"
    assert table.units["area_km2"] == "平方公里"
    assert table.rows == (5, 6, 7, 8, 9, 10)


def test_merged_workbook_notices_and_rows() -> None:
    table = read_table(MESSY / "merged_header.xlsx")
    assert strs(table.notices) == (
        "merged_header.xlsx: read sheet '街道基础数据' ('旧数据' is hidden, '说明' has no street column); "
        "to read another sheet, write data: {path: ..., sheet: NAME}",
        f"{WHERE}, row 1: skipped the title row '新洲区街道基础数据表' above the header",
        f"{WHERE}, row 4: dropped the units row (人, 平方公里, 个, 个, 名, 人)",
        f"{WHERE}, row 12: dropped the totals row '合计' (it agrees with the 6 streets above)",
        f"{WHERE}, row 13: dropped the note '注：人口为2023年末常住人口。'",
    )
    assert table.rows == (5, 6, 7, 9, 10, 11)
    assert read_table(MESSY / "merged_header.xlsx", sheet="旧数据").streets == ["旧街道"]


def test_library_written_formulas() -> None:
    where = "formulas_openpyxl.xlsx, sheet 街道基础数据"
    with pytest.raises(InputError) as info:
        read_table(MESSY / "formulas_openpyxl.xlsx")
    assert list(strs(info.value.problems)) == [
        f"{where}, row 8 合计: column '常住人口' says 507,100 but the 6 streets above add up to "
        "550,300 (difference 43,200); column '辖区面积' says 649.6 but the 6 streets above add up to "
        "746 (difference 96.4); column '内设机构数' says 29 but the 6 streets above add up to 34 "
        "(difference 5); column '现有行政编制' says 173 but the 6 streets above add up to 197 "
        "(difference 24); column '行政实有人数' says 166 but the 6 streets above add up to 188 "
        "(difference 22): is a street missing or counted twice? To go on anyway, use "
        "--accept-totals-mismatch"
    ]
    table = read_table(MESSY / "formulas_openpyxl.xlsx", accept_totals_mismatch=True)
    assert table.frame["population"].tolist()[2] == 61800  # =SUM(H4:I4), computed
    assert strs(table.notices) == (
        f"{where}, row 8: dropped the totals row '合计'; warning: it disagrees with the sum of the 6 streets "
        "above: column '常住人口' says 507100 but the streets add up to 550300; column '辖区面积' says 649.6 "
        "but the streets add up to 746; column '内设机构数' says 29 but the streets add up to 34; column "
        "'现有行政编制' says 173 but the streets add up to 197; column '行政实有人数' says 166 but the streets "
        "add up to 188 (is a street missing or counted twice?)",
        f"{where}: column H has values but no header; it was ignored",
        f"{where}: column I has values but no header; it was ignored",
    )
    assert list(strs(check_numeric_columns(table, ["population", "communities"]))) == [
        f"{where}, row 2, column '社区数': expected a number, found the formula =SUM(20,22) with no stored "
        "result: only SUM(...) formulas are computed; open and save the file in Excel or WPS, or type the value"
    ]


def test_values_with_units() -> None:
    table = read_table(MESSY / "units_in_values.csv")
    assert table.frame["communities"].tolist() == [42, 36, 28, 25, 22, 19]
    assert list(strs(check_numeric_columns(table, ["population", "area_km2", "communities"]))) == [
        "units_in_values.csv, row 4, column '常住人口': expected a plain number, found '6.18万': "
        "write the whole number, 61800",
        "units_in_values.csv, row 6, column '辖区面积': expected a number in 平方公里, found '18650公顷': "
        "convert it to 平方公里 and write the number alone",
    ]


def test_every_problem_of_a_file_is_reported_together(tmp_path: Path) -> None:
    raw = messy_scenario(str(MESSY / "bad_cells.csv"))
    with pytest.raises(InputError) as info:
        quota.allocate(write_scenario(tmp_path, raw))
    assert list(strs(info.value.problems)) == [
        "bad_cells.csv, row 5, column '街道名称': street '邾城街道' appears again (first in row 2); "
        "each street must appear once",
        "bad_cells.csv, row 2, column '常住人口': expected a number, found '约18万'",
        "bad_cells.csv, row 3, column '辖区面积': expected a number of 0 or more, found -108.6",
        "bad_cells.csv, row 4, column '社区数': expected a number, found an empty cell",
        "bad_cells.csv, row 6, column '行政实有人数': expected a number, found the Excel error #DIV/0!: "
        "correct the formula or type the value",
        "bad_cells.csv, row 7, column '现有行政编制': expected a whole number, found 24.5",
    ]


@pytest.mark.parametrize(
    "data",
    [
        "gbk_fullwidth.csv",
        "utf16_tab.csv",
        "two_row_header.csv",
        "merged_header.xlsx",
        {"path": "merged_header.xlsx", "sheet": "街道基础数据"},
    ],
)
def test_messy_files_allocate_like_the_clean_one(
    tmp_path: Path, data: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    located = (
        str(MESSY / data) if isinstance(data, str) else {**data, "path": str(MESSY / data["path"])}
    )
    clean = quota.allocate(
        write_scenario(tmp_path, messy_scenario(str(MESSY / "reference.csv")), "a.yaml")
    )
    scenario = write_scenario(tmp_path, messy_scenario(located), "b.yaml")
    if data == "two_row_header.csv":  # its 合计 row is 300 short on purpose
        with pytest.raises(InputError, match="To go on anyway, use --accept-totals-mismatch"):
            quota.allocate(scenario)
    messy = quota.allocate(scenario, accept_totals_mismatch=data == "two_row_header.csv")
    pd.testing.assert_frame_equal(messy.table, clean.table)
    assert messy.status == "optimal"


def test_cli_refusal_names_everything_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    path = write_scenario(tmp_path, messy_scenario(str(MESSY / "units_in_values.csv")))
    result = CliRunner().invoke(cli, ["run", str(path), "--out", str(out), "--lang", "en"])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "error: units_in_values.csv, row 4, column '常住人口': expected a plain number, found '6.18万': "
        "write the whole number, 61800",
        "error: units_in_values.csv, row 6, column '辖区面积': expected a number in 平方公里, found "
        "'18650公顷': convert it to 平方公里 and write the number alone",
    ]
    assert not out.exists() or not any(out.iterdir())


def test_cli_reads_a_sheet_by_name_and_prints_the_notices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import quota.outputs.folder

    monkeypatch.setattr(quota.outputs.folder, "write_extras", lambda *args, **kwargs: [])
    data = {"path": str(MESSY / "merged_header.xlsx"), "sheet": "街道基础数据"}
    path = write_scenario(tmp_path, messy_scenario(data))
    result = CliRunner().invoke(
        cli, ["run", str(path), "--out", str(tmp_path / "out"), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert (
        f"{WHERE}, row 12: dropped the totals row '合计' (it agrees with the 6 streets above)"
        in result.output
    )
    assert (tmp_path / "out" / "messy" / "allocation.csv").exists()


def test_corpus_is_what_make_messy_writes(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_messy", MESSY / "make_messy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.write_all(tmp_path)
    committed = sorted(p.name for p in MESSY.iterdir() if p.suffix in (".csv", ".xlsx"))
    assert [p.name for p in written] == committed
    for path in written:
        if path.suffix == ".csv":
            assert path.read_bytes() == (MESSY / path.name).read_bytes(), path.name
        else:  # library versions may change the bytes of a workbook, never its content
            fresh = read_table(path, strict=False, accept_totals_mismatch=True)
            stored = read_table(MESSY / path.name, strict=False, accept_totals_mismatch=True)
            pd.testing.assert_frame_equal(fresh.frame, stored.frame)
            assert fresh.notices == stored.notices
    again = module.write_all(tmp_path / "again")
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in written]
