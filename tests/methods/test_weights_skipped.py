"""``quota weights DATA`` without --indicators: row numbers, codes and staffing are not indicators."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from quota.cli import cli
from quota.io.table import read_table
from quota.methods.table_weights import (
    classify_indicator_columns,
    derive_table_weights,
    format_skipped,
    format_weight_table,
    list_indicator_columns,
)

# 序号 numbers the rows, 代码 and 行政区划代码 are codes; "No." counts from 1 again; "seq" is an
# unnamed row number (1..n), "region" unnamed 9-digit codes; "rainfall" a genuine indicator the
# alias table does not know; 社区数 happens to be 1..5 but is a known indicator
TABLE = """序号,代码,街道名称,行政区划代码,No.,seq,region,常住人口,社区数,rainfall,内设机构数,现有行政编制,行政实有人数
1,A01,东城街道,420117001,1,1,420117001,86000,1,812.5,6,28,27
2,A02,西城街道,420117002,2,2,420117002,54000,2,790.0,6,24,25
3,A03,南湖街道,420117003,3,3,420117003,121000,3,901.2,6,30,29
4,A04,北山街道,420117004,4,4,420117004,23000,4,655.0,5,20,21
5,A05,滨江街道,420117005,5,5,420117005,68000,5,700.3,6,26,24
"""


@pytest.fixture
def table_path(tmp_path: Path) -> Path:
    path = tmp_path / "streets.csv"
    path.write_text(TABLE, encoding="utf-8")
    return path


def test_row_numbers_codes_and_staffing_are_skipped_with_the_reason(table_path: Path) -> None:
    frame = read_table(table_path).frame
    indicators, skipped = classify_indicator_columns(frame)
    assert indicators == ["population", "communities", "rainfall"]
    assert skipped == {
        "序号": "row numbers",
        "代码": "codes",
        "行政区划代码": "codes",
        "No.": "row numbers",
        "seq": "row numbers",
        "region": "codes",
        "offices": "structure for the base, not workload",
        "current_admin": "current quotas, not workload",
        "onboard_admin": "staff on board, not workload",
    }
    assert list_indicator_columns(frame) == indicators


def test_table_weights_say_what_was_skipped(table_path: Path) -> None:
    result = derive_table_weights(read_table(table_path), "entropy")
    assert list(result.weights.index) == ["population", "communities", "rainfall"]
    assert result.skipped["序号"] == "row numbers" and result.skipped["代码"] == "codes"
    text = format_weight_table(result)
    line = text.splitlines()[-1]
    assert line == (
        "skipped 序号, No., seq (row numbers), 代码, 行政区划代码, region (codes), "
        "offices (structure for the base, not workload), current_admin (current quotas, not "
        "workload), onboard_admin (staff on board, not workload)"
    )
    # columns named with --indicators are used as asked and nothing is reported skipped
    chosen = derive_table_weights(
        read_table(table_path), "critic", indicators=["常住人口", "rainfall"]
    )
    assert chosen.skipped == {} and "skipped" not in format_weight_table(chosen)


def test_cli_prints_the_skipped_line(table_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["weights", str(table_path), "--method", "entropy", "--lang", "en"]
    )
    assert result.exit_code == 0, result.stderr
    assert (
        "skipped 序号, No., seq (row numbers), 代码, 行政区划代码, region (codes)" in result.stdout
    )
    chinese = CliRunner().invoke(cli, ["weights", str(table_path), "--method", "entropy"])
    assert chinese.exit_code == 0, chinese.stderr
    assert "已跳过：序号、No.、seq（行号）；代码、行政区划代码、region（编码）；" in chinese.stdout
    assert "方法：熵值法" in chinese.stdout
    as_json = CliRunner().invoke(cli, ["weights", str(table_path), "--method", "entropy", "--json"])
    assert as_json.exit_code == 0
    assert list(json.loads(as_json.stdout)) == ["population", "communities", "rainfall"]


def test_codes_need_one_length_and_distinct_values() -> None:
    frame = pd.DataFrame(
        {
            "street": ["a", "b", "c"],
            "gdp": [120000.0, 1500000.0, 980000.0],  # different lengths: figures, not codes
            "same": [100000.0, 100000.0, 100000.0],  # repeats: not codes
            "code9": [420117001.0, 420117002.0, 420117010.0],
            "short": [1001.0, 1002.0, 1003.0],  # fewer than 6 digits
            "from2": [2.0, 3.0, 4.0],  # not 1..n
        }
    )
    indicators, skipped = classify_indicator_columns(frame)
    assert indicators == ["gdp", "same", "short", "from2"]
    assert skipped == {"code9": "codes"}


def test_text_and_incomplete_columns_are_reported() -> None:
    frame = pd.DataFrame(
        {
            "street": ["a", "b"],
            "note": pd.array(["x", "y"], dtype="string"),
            "population": [1.0, float("nan")],
            "编号": pd.array(["S1", "S2"], dtype="string"),
            "area_km2": [1.0, 2.0],
        }
    )
    indicators, skipped = classify_indicator_columns(frame)
    assert indicators == ["area_km2"]
    assert skipped == {"note": "not numbers", "population": "empty cells", "编号": "codes"}
    assert format_skipped({}) == ""
