"""Parameter sweeps: the grid file, the points' scenarios, the runs, the tables and the folder."""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quota
from quota.analysis.sweep import (
    SweepResult,
    format_sweep_summary,
    render_problems,
    run_sweep,
)
from quota.analysis.sweep_grid import (
    MAX_POINTS,
    SweepGrid,
    build_grid,
    build_point_scenarios,
    describe_point,
    format_value,
    read_grid,
)
from quota.analysis.sweep_markdown import build_sweep_markdown, summarize_moves
from quota.analysis.sweep_writer import format_summary_csv, format_sweep_csv
from quota.config.scenario import change_scenario, load_scenario
from quota.errors import InfeasibleError, InputError
from tests.conftest import SMALL_CSV, small_scenario, write_scenario


def write_grid(folder: Path, text: str, name: str = "grid.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(error: pytest.ExceptionInfo[InputError], lang: str = "en") -> str:
    return "\n".join(error.value.render(lang))


class _Done:
    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


class InlineExecutor:
    """``submit`` runs at once; its futures are not concurrent.futures ones."""

    def __init__(self) -> None:
        self.calls = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> _Done:
        self.calls += 1
        return _Done(fn(*args, **kwargs))


GRID = """# two pools, two turnover shares
kinds.admin.pool: [130, 140]
kinds:
  admin:
    turnover_share: [0.05, 0.1]
"""


# --------------------------------------------------------------------------
# The grid file
# --------------------------------------------------------------------------


def test_read_grid_takes_dotted_and_nested_keys_with_their_lines(tmp_path: Path) -> None:
    grid = read_grid(write_grid(tmp_path, GRID))
    assert grid.names == ["kinds.admin.pool", "kinds.admin.turnover_share"]
    assert [k.where.line for k in grid.keys] == [2, 5]
    assert grid.size == 4
    assert list(grid.points()) == [(130, 0.05), (130, 0.1), (140, 0.05), (140, 0.1)]
    assert grid.to_dict() == {
        "kinds.admin.pool": [130, 140],
        "kinds.admin.turnover_share": [0.05, 0.1],
    }


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=4))
def test_values_at_is_the_product_in_order(lengths: list[int]) -> None:
    grid = build_grid({f"kinds.k{i}.pool": list(range(1, n + 1)) for i, n in enumerate(lengths)})
    product = list(itertools.product(*(range(1, n + 1) for n in lengths)))
    assert grid.size == len(product)
    assert list(grid.points()) == product
    assert [grid.values_at(i) for i in range(1, grid.size + 1)] == product
    with pytest.raises(IndexError):
        grid.values_at(grid.size + 1)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("kinds.admin.pool: 140\n", "line 1 (kinds.admin.pool): needs a list of values"),
        ("kinds.admin.pool: []\n", "line 1 (kinds.admin.pool): the list of values is empty"),
        ("kinds.admin.pool: [130, 130]\n", "the value 130 is listed twice"),
        (
            "kinds.admin.pool: [130]\nkinds:\n  admin:\n    pool: [140]\n",
            "line 4 (kinds.admin.pool): names the same scenario key as kinds.admin.pool on line 1",
        ),
        (
            "kinds.admin: [{pool: 1}]\nkinds.admin.pool: [130]\n",
            "line 2 (kinds.admin.pool): names the same scenario key as kinds.admin",
        ),
        ("kinds..pool: [1]\n", "'kinds..pool' is not a scenario key"),
        ("[1, 2]\n", "a grid is a mapping of scenario keys"),
        ("# nothing\n", "the grid is empty"),
        ("kinds.admin.pool: [1]\nkinds.admin.pool: [2]\n", "line 2"),
    ],
)
def test_read_grid_refuses_what_is_not_a_grid(tmp_path: Path, text: str, needle: str) -> None:
    with pytest.raises(InputError) as error:
        read_grid(write_grid(tmp_path, text))
    assert needle in problems_of(error)
    assert "grid.yaml" in problems_of(error)


def test_read_grid_refuses_a_missing_file_and_a_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError) as error:
        read_grid(tmp_path / "nope.yaml")
    assert "grid file not found" in problems_of(error)
    assert "找不到参数网格文件" in problems_of(error, "zh")
    with pytest.raises(InputError) as error:
        read_grid(tmp_path)
    assert "is a folder, not a grid file" in problems_of(error)


def test_read_grid_caps_the_number_of_points(tmp_path: Path) -> None:
    pools = list(range(1, 201))
    shares = [round(i / 100, 2) for i in range(60)]
    path = write_grid(
        tmp_path, f"kinds.admin.pool: {pools}\nkinds.admin.turnover_share: {shares}\n"
    )
    with pytest.raises(InputError) as error:
        read_grid(path)
    text = problems_of(error)
    assert "12000 points (kinds.admin.pool (200) × kinds.admin.turnover_share (60))" in text
    assert f"at most {MAX_POINTS}" in text


def test_data_paths_in_a_grid_are_relative_to_the_grid_file(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    grid = read_grid(write_grid(tmp_path / "sub", "data: [../streets.csv]\n"))
    assert grid.keys[0].values == (str((tmp_path / "streets.csv").resolve()),)


def test_format_value_and_describe_point() -> None:
    assert [format_value(v) for v in (355, 0.05, True, None, "x")] == [
        "355",
        "0.05",
        "true",
        "null",
        "x",
    ]
    assert format_value({"fixed": 12}) == '{"fixed": 12}'
    grid = build_grid({"kinds.admin.pool": [1, 2], "kinds.admin.turnover_share": [0.1]})
    assert describe_point(grid, grid.values_at(2)) == (
        "kinds.admin.pool = 2, kinds.admin.turnover_share = 0.1"
    )


# --------------------------------------------------------------------------
# The points' scenarios
# --------------------------------------------------------------------------


def test_point_scenarios_carry_the_points_values(district: Path) -> None:
    scenario = load_scenario(district)
    grid = build_grid(
        {"kinds.admin.pool": [130, 150], "kinds.institutional.indicators.population": [0.5]}
    )
    points = build_point_scenarios(scenario, grid)
    assert [p.kinds["admin"].pool for p in points] == [130, 150]
    assert all(p.kinds["institutional"].indicators["population"] == 0.5 for p in points)
    # everything else as in the scenario
    assert points[0].kinds["admin"].max_change == scenario.kinds["admin"].max_change
    assert points[0].source == scenario.source and scenario.kinds["admin"].pool == 140


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        (
            "kinds.admin.pol: [1, 2]\n",
            ["grid.yaml, line 1", "kinds.admin.pol", "did you mean 'pool'"],
        ),
        ("\nkinds.admin.pool: [130, -5]\n", ["grid.yaml, line 2 (kinds.admin.pool)", "-5"]),
        (
            "kinds.adminx.pool: [1]\n",
            [
                "grid.yaml, line 1 (kinds.adminx.pool)",
                "no 'adminx' under kinds",
                "admin, institutional",
            ],
        ),
        (
            "kinds.admin.indicators.foo: [1]\n",
            ["line 1 (kinds.admin.indicators.foo)", "no 'foo' under kinds.admin.indicators"],
        ),
        ("decisions.0.total: [3]\n", ["line 1 (decisions.0.total)", "decisions is a list"]),
        (
            "kinds.admin.turnover_share: [0.05, 1.5]\n",
            ["line 1 (kinds.admin.turnover_share)", "1.5"],
        ),
    ],
)
def test_bad_keys_and_values_name_the_grid_line(
    district: Path, tmp_path: Path, text: str, needles: list[str]
) -> None:
    grid = read_grid(write_grid(tmp_path, text))
    with pytest.raises(InputError) as error:
        build_point_scenarios(load_scenario(district), grid)
    found = problems_of(error)
    for needle in needles:
        assert needle in found, found
    assert "grid.yaml" in problems_of(error, "zh")


def test_a_bad_value_is_said_once_however_many_points_have_it(district: Path) -> None:
    grid = build_grid({"kinds.admin.pool": [-1], "kinds.institutional.pool": [100, 110, 120]})
    with pytest.raises(InputError) as error:
        build_point_scenarios(load_scenario(district), grid)
    assert len(error.value.problems) == 1


# --------------------------------------------------------------------------
# Running the points
# --------------------------------------------------------------------------


@pytest.fixture
def swept(district: Path) -> SweepResult:
    return run_sweep(district, write_grid(district.parent, GRID))


def test_every_point_is_the_pipelines_allocation(district: Path, swept: SweepResult) -> None:
    scenario = load_scenario(district)
    assert swept.grid.size == 4 and all(o.ok for o in swept.outcomes)
    assert list(swept.table.columns) == [
        "point",
        "kinds.admin.pool",
        "kinds.admin.turnover_share",
        "street",
        "kind",
        "total",
        "change",
    ]
    for point, (pool, share) in enumerate(swept.grid.points(), start=1):
        direct = quota.allocate(
            change_scenario(scenario, {"kinds": {"admin": {"pool": pool, "turnover_share": share}}})
        )
        rows = swept.table.loc[swept.table["point"] == point]
        assert rows["total"].tolist() == direct.table["total"].tolist()
        assert rows["change"].tolist() == direct.table["change"].tolist()
        assert set(rows["kinds.admin.pool"]) == {str(pool)}
        kinds = swept.summary.loc[swept.summary["point"] == point].set_index("kind")
        for record in direct.kinds.to_dict(orient="records"):
            row = kinds.loc[record["kind"]]
            assert row["pool"] == record["pool"] and row["reserve"] == record["reserve"]
            assert row["streets_total"] == record["streets_total"]


def test_summary_figures_hold_on_the_rows(swept: SweepResult) -> None:
    for (point, kind), rows in swept.table.groupby(["point", "kind"]):
        summary = swept.summary.loc[
            (swept.summary["point"] == point) & (swept.summary["kind"] == kind)
        ].iloc[0]
        assert summary["streets_total"] == rows["total"].sum()
        assert summary["streets_total"] + summary["reserve"] <= summary["pool"]
        assert summary["streets_cut"] == int((rows["change"] < 0).sum())
        assert summary["streets_up"] == int((rows["change"] > 0).sum())
        assert summary["max_abs_change"] == int(rows["change"].abs().max())
        assert 0 <= summary["gini"] < 1


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pools=st.lists(st.integers(min_value=60, max_value=220), min_size=1, max_size=3, unique=True)
)
def test_pools_add_up_at_every_solved_point(district: Path, pools: list[int]) -> None:
    """Streets' total + district reserve = pool; no street below its staff on board."""
    try:
        result = run_sweep(district, build_grid({"kinds.admin.pool": pools}))
    except InfeasibleError:
        return  # every pool too small: nothing to check
    onboard = pd.read_csv(io.StringIO(SMALL_CSV), usecols=["街道名称", "行政实有人数"]).set_index(
        "街道名称"
    )["行政实有人数"]
    for outcome in result.outcomes:
        if not outcome.ok:
            assert outcome.exit_code == 3 and outcome.problems
            continue
        admin = outcome.kinds.set_index("kind").loc["admin"]
        assert admin["streets_total"] + admin["reserve"] == pools[outcome.point - 1]
        assert outcome.streets is not None
        rows = outcome.streets.loc[outcome.streets["kind"] == "admin"].set_index("street")
        assert (rows["total"] >= onboard.loc[rows.index]).all()


def test_infeasible_points_are_listed_not_a_crash(district: Path) -> None:
    result = run_sweep(district, build_grid({"kinds.admin.pool": [60, 140]}))
    assert [o.point for o in result.unsolved] == [1]
    assert result.unsolved[0].exit_code == 3
    first = result.summary.loc[result.summary["point"] == 1]
    assert set(first["status"]) == {"infeasible"} and first["reserve"].isna().all()
    assert first["pool"].tolist() == [60, 190]
    assert set(result.table["point"]) == {2}
    text = format_summary_csv(result, lang="en")
    assert "base quotas" in text.splitlines()[1]
    assert "基础编制" in format_summary_csv(result, lang="zh").splitlines()[1]
    lines = format_sweep_summary(result, lang="en").splitlines()
    assert lines[-1] == "  points that cannot be satisfied (1): 1 (why: sweep_summary.csv)"


def test_no_point_feasible_is_exit_3_with_the_points_named(district: Path) -> None:
    with pytest.raises(InfeasibleError) as error:
        run_sweep(district, build_grid({"kinds.admin.pool": [50, 60]}))
    text = "\n".join(error.value.render("en"))
    assert "none of the 2 points can be satisfied" in text
    assert "point 1 (kinds.admin.pool = 50)" in text and "point 2 (kinds.admin.pool = 60)" in text


def test_a_point_with_bad_input_stops_the_sweep_with_exit_2(district: Path) -> None:
    grid = build_grid({"kinds.admin.floor": [1, "no_such_column"]})
    with pytest.raises(InputError) as error:
        run_sweep(district, grid)
    text = "\n".join(error.value.render("en"))
    assert "point 2 (kinds.admin.floor = no_such_column)" in text


def test_render_problems_ends_each_sentence_once() -> None:
    assert render_problems(["a", "b."], "en") == "a. b."
    assert render_problems(["甲", "乙。"], "zh") == "甲。乙。"
    assert render_problems([], "zh") == ""


# --------------------------------------------------------------------------
# Same bytes however the points ran
# --------------------------------------------------------------------------


def folder_bytes(folder: Path) -> dict[str, bytes]:
    files = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != "manifest.json"}
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest.pop("timings_s")
    manifest.pop("ran_on")
    files["manifest.json"] = json.dumps(manifest, sort_keys=True).encode()
    return files


def test_same_files_in_this_process_on_a_pool_and_on_an_executor(
    district: Path, tmp_path: Path, swept: SweepResult
) -> None:
    grid = write_grid(district.parent, GRID)
    local = folder_bytes(swept.write(tmp_path / "local"))
    assert set(local) == {
        "manifest.json",
        "sweep.csv",
        "sweep.md",
        "sweep.xlsx",
        "sweep_summary.csv",
    }
    pooled = run_sweep(district, grid, jobs=2)
    assert pooled.ran_on == "processes:2"
    assert folder_bytes(pooled.write(tmp_path / "pool")) == local
    executor = InlineExecutor()
    inline = run_sweep(district, grid, executor=executor, workers=1, chunk_size=3)
    assert executor.calls == 2
    assert folder_bytes(inline.write(tmp_path / "inline")) == local
    again = run_sweep(district, grid, chunk_size=1)
    assert folder_bytes(again.write(tmp_path / "again")) == local


# --------------------------------------------------------------------------
# The files
# --------------------------------------------------------------------------


def test_the_folder_in_chinese_and_english(swept: SweepResult, tmp_path: Path) -> None:
    zh = swept.write(tmp_path / "zh", lang="zh")
    csv = (zh / "sweep.csv").read_bytes()
    assert csv.startswith("\ufeff".encode())
    assert csv.decode("utf-8-sig").splitlines()[0] == (
        "point,kinds.admin.pool,kinds.admin.turnover_share,street,kind,total,change"
    )
    assert len(csv.decode("utf-8-sig").splitlines()) == 1 + 4 * 5 * 2
    summary = (zh / "sweep_summary.csv").read_text(encoding="utf-8-sig").splitlines()
    assert summary[0].endswith(
        "kind,status,pool,streets_total,reserve,streets_up,streets_cut,max_abs_change,gini,problem"
    )
    assert len(summary) == 1 + 4 * 2
    md = (zh / "sweep.md").read_text(encoding="utf-8")
    assert md.startswith("# 测试方案：参数扫描\n")
    assert "## 参数网格" in md and "| kinds.admin.pool | 130、140 | 2 |" in md
    assert "## 核定编制变化最大的街道" in md and "### 行政编制" in md
    manifest = json.loads((zh / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["points"] == 4 and manifest["solved"] == 4
    assert manifest["grid"] == swept.grid.to_dict()
    assert len(manifest["grid_file"]["sha256"]) == 64
    assert manifest["data_files"][0]["path"].endswith("streets.csv")
    en = build_sweep_markdown(swept, lang="en")
    assert en.startswith("# 测试方案: parameter sweep\n") and "## Results per point" in en
    assert "行政编制" not in en


def test_the_workbook_has_its_sheets_and_numbers(swept: SweepResult, tmp_path: Path) -> None:
    import openpyxl

    path = swept.write(tmp_path / "zh", lang="zh") / "sweep.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "汇总",
        "街道明细",
        "行政编制（按街道）",
        "事业编制（按街道）",
        "参数网格",
    ]
    summary = book["汇总"]
    assert [c.value for c in summary[1]][:4] == [
        "参数组合",
        "kinds.admin.pool",
        "kinds.admin.turnover_share",
        "编制类别",
    ]
    assert summary.cell(2, 2).value == 130 and summary.cell(2, 3).value == 0.05
    assert summary.page_setup.orientation == "landscape" and summary.page_setup.paperSize == 9
    wide = book["行政编制（按街道）"]
    assert [c.value for c in wide[1]] == ["街道", "现有编制", "组合1", "组合2", "组合3", "组合4"]
    first = swept.table.loc[(swept.table["point"] == 1) & (swept.table["kind"] == "admin")]
    assert [wide.cell(r, 3).value for r in range(2, 7)] == first["total"].tolist()
    en = openpyxl.load_workbook(swept.write(tmp_path / "en", lang="en") / "sweep.xlsx")
    assert en.sheetnames == [
        "Summary",
        "Streets",
        "administrative by street",
        "institutional by street",
        "Grid",
    ]


def test_text_from_the_grid_cannot_run_as_a_formula(district: Path, tmp_path: Path) -> None:
    raw = small_scenario()
    raw["title"] = "=HYPERLINK(1)"
    scenario = write_scenario(district.parent, raw, "formula.yaml")
    result = run_sweep(scenario, build_grid({"title": ["=1+1", "ok"]}))
    text = format_sweep_csv(result)
    assert ",'=1+1," in text and "\n1,=1+1" not in text


def test_moves_rank_streets_by_their_range(swept: SweepResult) -> None:
    moves = summarize_moves(swept, "admin")
    assert list(moves.columns) == ["street", "current", "low", "high", "range", "at_low", "at_high"]
    ranges = moves["range"].tolist()
    assert ranges == sorted(ranges, reverse=True)
    top = moves.iloc[0]
    rows = swept.table.loc[
        (swept.table["kind"] == "admin") & (swept.table["street"] == top["street"])
    ]
    assert top["low"] == rows["total"].min() and top["high"] == rows["total"].max()


def test_run_sweep_is_in_the_public_api() -> None:
    assert quota.run_sweep is run_sweep
    assert isinstance(build_grid({"kinds.admin.pool": [1]}), SweepGrid)
