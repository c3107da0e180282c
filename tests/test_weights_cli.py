"""The ``quota weights`` command and the table-level helpers behind it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from quota.cli import cli
from quota.errors import InputError
from quota.io.table import read_table
from quota.methods.ahp import compute_ahp_weights
from quota.methods.entropy_critic import (
    compute_critic_weights,
    compute_entropy,
    compute_entropy_weights,
)
from quota.methods.table_weights import (
    derive_table_weights,
    format_weight_table,
    list_indicator_columns,
)
from tests.conftest import REPO, SMALL_CSV

XINZHOU = REPO / "data" / "xinzhou" / "streets.csv"
PINGCHENG_XLSX = REPO / "data" / "pingcheng" / "streets.xlsx"
INDICATORS = [
    "population",
    "registered_population",
    "households",
    "area_km2",
    "communities",
    "grids",
    "duty_items",
    "enforcement_cases",
    "hotline_tickets",
    "enterprises",
]


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "streets.csv"
    path.write_text(SMALL_CSV, encoding="utf-8")
    return path


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner(env={"QUOTA_LANG": "en"}).invoke(cli, ["weights", *args])
    return result.exit_code, result.stdout, result.stderr


def test_default_indicators_leave_out_structure_and_staff() -> None:
    frame = read_table(XINZHOU).frame
    assert list_indicator_columns(frame) == INDICATORS
    with_text = frame.assign(note=pd.array(["x"] * len(frame), dtype="string"))
    assert "note" not in list_indicator_columns(with_text)


def test_entropy_table(small: Path) -> None:
    code, out, err = invoke(str(small), "--method", "entropy")
    assert code == 0, err
    frame = read_table(small).frame
    columns = ["population", "area_km2", "duty_items", "enforcement_cases"]
    assert list_indicator_columns(frame) == columns
    weights = compute_entropy_weights(frame[columns].astype(float).reset_index(drop=True))
    entropy = compute_entropy(frame[columns].astype(float).reset_index(drop=True))
    lines = out.splitlines()
    assert lines[0] == "method: entropy"
    assert lines[1].split() == ["indicator", "weight", "entropy"]
    for name in columns:
        line = next(x for x in lines if x.startswith(name + " "))
        assert line.split()[1:] == [f"{weights[name]:.6f}", f"{entropy[name]:.6f}"]


def test_json_prints_only_the_weights(small: Path) -> None:
    code, out, _ = invoke(
        str(small), "--method", "critic", "--indicators", "常住人口,辖区面积,执法案件数", "--json"
    )
    assert code == 0
    weights = json.loads(out)
    assert list(weights) == ["population", "area_km2", "enforcement_cases"]
    frame = read_table(small).frame
    expected = compute_critic_weights(
        frame[["population", "area_km2", "enforcement_cases"]].astype(float)
    )
    np.testing.assert_allclose(list(weights.values()), expected.to_numpy(), rtol=1e-12)
    assert abs(sum(weights.values()) - 1) < 1e-12


def test_json_stdout_is_clean_when_a_totals_row_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "with_total.csv"
    path.write_text(SMALL_CSV + "合计,352000,85.3,1035,2610,29,15,128,184,126,173\n", "utf-8")
    code, out, err = invoke(str(path), "--method", "entropy", "--json")
    assert code == 0
    assert set(json.loads(out)) == {"population", "area_km2", "duty_items", "enforcement_cases"}
    assert "合计" in err


def write_matrix(folder: Path, text: str, name: str = "m.csv") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


CONSISTENT = ",常住人口,辖区面积,权责清单事项数\n常住人口,1,3,2\n辖区面积,1/3,1,1/2\n权责清单事项数,1/2,2,1\n"
INCONSISTENT = (
    ",population,area_km2,duty_items\npopulation,1,9,1/9\narea_km2,1/9,1,9\nduty_items,9,1/9,1\n"
)


def test_ahp_table_gives_lambda_ci_ri_cr(small: Path, tmp_path: Path) -> None:
    matrix = write_matrix(tmp_path, CONSISTENT)
    code, out, err = invoke(str(small), "--method", "ahp", "--matrix", str(matrix))
    assert code == 0, err
    expected = compute_ahp_weights(
        [[1, 3, 2], ["1/3", 1, "1/2"], ["1/2", 2, 1]], ["population", "area_km2", "duty_items"]
    )
    assert f"population  {expected.weights['population']:.6f}" in out
    assert (
        f"lambda_max = {expected.lambda_max:.6f}, CI = {expected.ci:.6f}, RI = 0.58, "
        f"CR = {expected.cr:.6f} (acceptable; limit 0.1)"
    ) in out
    code, out, _ = invoke(
        str(small),
        "--method",
        "ahp",
        "--matrix",
        str(matrix),
        "--indicators",
        "duty_items,population,area_km2",
        "--json",
    )
    assert code == 0
    weights = json.loads(out)
    assert list(weights) == ["duty_items", "population", "area_km2"]
    assert weights["population"] == pytest.approx(expected.weights["population"], rel=1e-12)


def test_ahp_inconsistent_exit_2_with_the_cr(small: Path, tmp_path: Path) -> None:
    matrix = write_matrix(tmp_path, INCONSISTENT)
    code, out, err = invoke(str(small), "--method", "ahp", "--matrix", str(matrix))
    assert code == 2
    assert out == ""
    assert "consistency ratio CR = 6.130" in err and "pass --force" in err
    assert "Traceback" not in err
    code, out, err = invoke(str(small), "--method", "ahp", "--matrix", str(matrix), "--force")
    assert code == 0
    assert "above the limit, accepted with --force" in out


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["--method", "entropy", "--indicators", "population,nope"], "no column 'nope'"),
        (["--method", "ahp"], "needs a pairwise-comparison matrix: --matrix FILE"),
        (["--method", "entropy", "--matrix", "m.csv"], "--matrix is only used by the ahp method"),
        (["--method", "critic", "--indicators", "population,population"], "indicators repeat"),
        (["--method", "entropy", "--indicators", " , "], "name at least one column"),
        (["--method", "magic"], "Invalid value for '--method'"),
    ],
)
def test_usage_errors_exit_2(small: Path, args: list[str], text: str) -> None:
    code, out, err = invoke(str(small), *args)
    assert code == 2
    assert text in err
    assert "Traceback" not in err and out == ""


def test_missing_file_and_matrix_naming_unknown_columns(small: Path, tmp_path: Path) -> None:
    code, _, err = invoke(str(tmp_path / "none.csv"), "--method", "entropy")
    assert code == 2 and "file not found" in err
    matrix = write_matrix(tmp_path, ",population,rainfall\npopulation,1,2\nrainfall,1/2,1\n")
    code, _, err = invoke(str(small), "--method", "ahp", "--matrix", str(matrix))
    assert code == 2 and "rainfall are not columns of" in err


def test_bad_cell_is_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(SMALL_CSV.replace("86000", "八万"), encoding="utf-8")
    code, _, err = invoke(str(path), "--method", "entropy", "--indicators", "population")
    assert code == 2
    assert "row 2" in err and "常住人口" in err


def test_xlsx_sheet(tmp_path: Path) -> None:
    code, out, err = invoke(
        str(PINGCHENG_XLSX), "--method", "entropy", "--sheet", "街道基础数据", "--json"
    )
    assert code == 0, err
    by_name = json.loads(out)
    code, out, _ = invoke(str(PINGCHENG_XLSX), "--method", "entropy", "--sheet", "0", "--json")
    assert code == 0 and json.loads(out) == by_name
    assert abs(sum(by_name.values()) - 1) < 1e-12


def test_derive_table_weights_refuses_unknown_method(small: Path) -> None:
    with pytest.raises(InputError, match="valid: entropy, critic, ahp"):
        derive_table_weights(read_table(small), "manual")


def test_format_weight_table_critic_columns(small: Path) -> None:
    result = derive_table_weights(read_table(small), "critic")
    text = format_weight_table(result)
    assert text.splitlines()[1].split() == ["indicator", "weight", "sigma", "information"]
