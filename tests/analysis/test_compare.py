"""Tests of quota.analysis.compare and ``quota compare`` on the bundled Xinzhou scenarios."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

import quota
from quota.analysis import compare, compare_effects
from quota.cli import cli
from quota.config.scenario import load_scenario
from tests.conftest import REPO

SCENARIOS = REPO / "scenarios"
BASELINE = SCENARIOS / "xinzhou-baseline.yaml"
MORE = SCENARIOS / "xinzhou-more-from-city.yaml"


@pytest.fixture(scope="module")
def infeasible(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scenario whose admin pool cannot even hold the base quotas (exit code 3)."""
    path = tmp_path_factory.mktemp("bad") / "tiny.yaml"
    path.write_text(
        f"extends: {BASELINE.as_posix()}\nname: xinzhou-tiny\nkinds:\n  admin:\n    pool: 100\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def compared(infeasible: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(
        cli, ["compare", str(BASELINE), str(MORE), str(infeasible), "--out", str(out)]
    )
    return out, result.output + (result.stderr if hasattr(result, "stderr") else "")


def test_compare_writes_every_file_and_survives_a_failing_scenario(
    compared: tuple[Path, str],
) -> None:
    out, output = compared
    folder = out / "compare-xinzhou-baseline+xinzhou-more-from-city+xinzhou-tiny"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "charts/compare.png",
        "compare.csv",
        "compare.docx",
        "compare.html",
        "compare.md",
        "compare.xlsx",
    ]
    # the terminal speaks Chinese by default, as do the files
    assert "方案比较：3 个方案中 2 个已求解" in output
    assert "xinzhou-tiny：求解失败（退出码 3）" in output
    assert "行政编制" in output and "186" in output
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary folders left


def test_compare_csv_has_totals_and_differences(compared: tuple[Path, str]) -> None:
    out, _ = compared
    folder = out / "compare-xinzhou-baseline+xinzhou-more-from-city+xinzhou-tiny"
    raw = (folder / "compare.csv").read_bytes()
    header = raw.decode("utf-8").splitlines()[0]
    # today's columns in place, the composition (machine keys: the names) at the end
    assert header == (
        "\ufeffstreet,kind,xinzhou-baseline,xinzhou-more-from-city,diff_xinzhou-more-from-city,"
        "base_xinzhou-baseline,quantified_xinzhou-baseline,turnover_xinzhou-baseline,"
        "base_xinzhou-more-from-city,quantified_xinzhou-more-from-city,"
        "turnover_xinzhou-more-from-city"
    )
    table = pd.read_csv(folder / "compare.csv", encoding="utf-8-sig")
    base = quota.allocate(BASELINE).table
    more = quota.allocate(MORE).table
    assert list(table["xinzhou-baseline"]) == list(base["total"])
    assert list(table["xinzhou-more-from-city"]) == list(more["total"])
    for part in ("base", "quantified", "turnover"):
        assert list(table[f"{part}_xinzhou-more-from-city"]) == list(more[part])
    diff = table["diff_xinzhou-more-from-city"]
    assert list(diff) == list(more["total"] - base["total"])
    admin = table["kind"] == "admin"
    assert diff[admin].sum() == 16 and diff[~admin].sum() == 0  # 20 more: 19 quantified, +1 T


def test_compare_summary_says_what_changed_and_why(compared: tuple[Path, str]) -> None:
    out, _ = compared
    folder = out / "compare-xinzhou-baseline+xinzhou-more-from-city+xinzhou-tiny"
    md = (folder / "compare.md").read_text(encoding="utf-8")
    assert "| 行政编制 · 编制总量（kinds.admin.pool） | 392 | 412 |" in md
    assert "行政编制：编制总量 392 → 412（+20）、量化编制 186 → 205（+19）" in md
    assert "增加最多：邾城街道 +4" in md
    assert "事业编制：总量及其构成不变。" in md
    assert "xinzhou-tiny（tiny.yaml）未能求解，退出码 3" in md
    assert "| 街道核定合计 | 新洲区街道编制调剂方案（基准） | 186 | 186 | 7 | 379 |  |" in md
    assert (
        "|  | 新洲区街道编制调剂方案（市级再下放20名行政编制） | 186 | 205 | 4 | 395 | +16 |" in md
    )
    assert "## 四、各街道编制构成" in md
    html = (folder / "compare.html").read_text(encoding="utf-8")
    assert html.count('src="data:image/png;base64,') == 1
    assert "http://" not in html and "https://" not in html


def test_compare_workbook_structure(compared: tuple[Path, str]) -> None:
    out, _ = compared
    folder = out / "compare-xinzhou-baseline+xinzhou-more-from-city+xinzhou-tiny"
    book = openpyxl.load_workbook(folder / "compare.xlsx", data_only=True)
    assert book.sheetnames == [
        "方案比较",
        "行政编制构成",
        "事业编制构成",
        "总量与构成",
        "设置差异",
        "方案清单",
    ]
    sheet = book["方案比较"]
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:G1", "A2:A3", "B2:D2", "E2:G2"}
    assert sheet.freeze_panes == "B4"
    total_row = 4 + 12
    assert sheet.cell(total_row, 1).value == "街道核定合计"
    assert [sheet.cell(total_row, c).value for c in range(2, 8)] == [379, 395, 16, 480, 480, 0]
    assert sheet.cell(3, 2).value == "新洲区街道编制调剂方案（基准）"  # titles, not names
    assert sheet.cell(total_row + 1, 1).value == "区级周转预留"
    assert [sheet.cell(total_row + 1, c).value for c in range(2, 8)] == [13, 17, 4, 11, 11, 0]
    assert sheet.cell(total_row + 2, 1).value == "编制总量"
    assert [sheet.cell(total_row + 2, c).value for c in range(2, 8)] == [392, 412, 20, 491, 491, 0]
    failures = [r for r in book["方案清单"].iter_rows(values_only=True) if r[0] == "xinzhou-tiny"]
    # the failure's message is in the workbook's language
    assert failures and "186" in failures[0][-1] and "行政编制" in failures[0][-1]


def test_too_few_solved_scenarios_exit_with_the_worst_code(
    infeasible: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    en = ["--out", str(tmp_path), "--lang", "en"]
    result = runner.invoke(cli, ["compare", str(BASELINE), str(infeasible), *en])
    assert result.exit_code == 3
    assert "compare: 1 of 2 scenarios solved" in result.output
    assert "base quotas need 186" in result.output
    assert not list(tmp_path.iterdir())
    single = runner.invoke(cli, ["compare", str(BASELINE), *en])
    assert single.exit_code == 2
    assert "at least two scenario files" in single.output
    missing = runner.invoke(
        cli, ["compare", str(tmp_path / "nope.yaml"), str(infeasible), "--out", str(tmp_path)]
    )
    assert missing.exit_code == 3  # infeasible (3) is worse than a missing file (2)
    assert "Traceback" not in missing.output


def test_english_comparison_with_a_chosen_name(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "compare",
            str(BASELINE),
            str(MORE),
            "--out",
            str(tmp_path),
            "--name",
            "pool",
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 0, result.output
    md = (tmp_path / "pool" / "compare.md").read_text(encoding="utf-8")
    assert "# Scenario comparison" in md
    assert "| administrative · pool (kinds.admin.pool) | 392 | 412 |" in md
    assert "administrative: pool 392 → 412 (+20), quantified 186 → 205 (+19)" in md


def test_diff_scenarios_lists_changed_keys_only() -> None:
    first, other = load_scenario(BASELINE), load_scenario(SCENARIOS / "xinzhou-strict-cap.yaml")
    assert compare_effects.diff_scenarios(first, other) == [
        ("kinds.admin.max_change", 12, 6),
        ("kinds.institutional.max_change", 15, 8),
    ]
    assert compare_effects.diff_scenarios(first, first) == []
    assert compare_effects.flatten_settings({"a": {"b": 1, "c": [1, 2]}}) == {
        "a.b": 1,
        "a.c": [1, 2],
    }


def test_folder_names_and_duplicate_scenarios() -> None:
    assert compare.build_folder_name(["a", "b"]) == "compare-a+b"
    long = compare.build_folder_name([f"scenario-{i:03d}" for i in range(10)])
    assert long.startswith("compare-") and len(long) == len("compare-") + 12
    comparison = compare.compare_scenarios([BASELINE, BASELINE])
    assert [run.name for run in comparison.runs] == ["xinzhou-baseline", "xinzhou-baseline-2"]
    assert comparison.exit_code == 0
    assert list(comparison.table.columns) == [
        "street",
        "kind",
        "xinzhou-baseline",
        "xinzhou-baseline-2",
        "diff_xinzhou-baseline-2",
        "base_xinzhou-baseline",
        "quantified_xinzhou-baseline",
        "turnover_xinzhou-baseline",
        "base_xinzhou-baseline-2",
        "quantified_xinzhou-baseline-2",
        "turnover_xinzhou-baseline-2",
    ]
    assert (comparison.table["diff_xinzhou-baseline-2"] == 0).all()
    # the same title twice: each shown with its name
    assert comparison.titles() == {
        "xinzhou-baseline": "新洲区街道编制调剂方案（基准）（xinzhou-baseline）",
        "xinzhou-baseline-2": "新洲区街道编制调剂方案（基准）（xinzhou-baseline-2）",
    }
    assert comparison.titles("en")["xinzhou-baseline-2"] == (
        "新洲区街道编制调剂方案（基准） (xinzhou-baseline-2)"
    )


def test_comparison_and_plan_have_plot_methods() -> None:
    import quota
    from tests.conftest import REPO

    scenarios = REPO / "scenarios"
    comparison = quota.compare_scenarios(
        [scenarios / "shashi-baseline.yaml", scenarios / "shashi-more-from-city.yaml"]
    )
    assert comparison.plot().axes
    planned = quota.plan_scenario(scenarios / "shashi-baseline.yaml", years=2, attrition=0.05)
    assert planned.plot("onboard").axes and planned.plot("turnover").axes
