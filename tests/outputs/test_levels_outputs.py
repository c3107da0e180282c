"""Outputs of a run over several levels: the workbook's level sheets, the report's sections, charts.

The results are real runs (``levels: [district, street]`` on a small city, and
``[province, city, street]`` on 3,000 synthetic streets); a levels outcome that
does not reconcile is made by changing one number of a real one.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quota
from quota.analysis.synth import synth_scenario_dict, synth_streets
from quota.cli import cli
from quota.errors import SolverError
from quota.io.decisions import read_decision_workbook
from quota.outputs import level_view
from quota.outputs.charts.districts import plot_districts, select_units
from quota.outputs.charts.files import CHARTS, street_chart_table, write_level_charts
from quota.outputs.folder import write_result
from quota.outputs.level_sheets import build_sheet_names, clean_sheet_name
from quota.outputs.level_tables import build_level_sections
from quota.outputs.level_view import LevelView, build_level_view
from quota.outputs.report import build_report_context, render_html, render_markdown
from quota.outputs.workbook import write_workbook
from quota.results.result import Result
from tests.conftest import small_scenario, write_scenario

HEADER = (
    "区县,街道名称,常住人口,辖区面积,权责清单事项数,执法案件数,内设机构数,事业单位数,"
    "现有行政编制,现有事业编制,行政实有人数,事业实有人数"
)
ROWS = [
    "东华街道,86000,6.5,212,640,6,3,28,40,27,38",
    "东门街道,54000,4.1,205,410,6,3,24,34,25,33",
    "东湖街道,121000,18.7,218,890,6,3,30,44,29,41",
    "西山街道,23000,46.2,190,150,5,3,20,28,21,26",
    "西江街道,68000,9.8,210,520,6,3,26,38,24,35",
    "西关街道,45000,12.0,200,300,5,3,22,30,22,29",
    "南苑街道,99000,8.0,215,700,6,3,29,41,28,40",
    "南塘镇,31000,60.5,185,120,5,3,19,27,19,25",
]
DISTRICTS = ["东城区", "西城区", "南湖区"]
DISTRICT_OF = ["东城区"] * 3 + ["西城区"] * 3 + ["南湖区"] * 2
SOURCES = {"existing": 198, "from_city": 12, "from_district": 10}
ZH_SHEETS = [
    "编制分配表",
    "全市汇总",
    *DISTRICTS,
    "参数",
    "指标与得分",
    "公平性",
    "诊断信息",
    "编制说明",
    "保障承诺",
]


def write_city(
    folder: Path,
    districts: list[str] = DISTRICT_OF,
    *,
    cities: list[str] | None = None,
    share: float = 0.05,
    name: str = "city.yaml",
) -> Path:
    """A city of 8 streets in ``districts`` (optionally ``cities`` above them); the scenario."""
    head = ("city," if cities else "") + HEADER
    lines = [
        ",".join([*([cities[i]] if cities else []), districts[i], row])
        for i, row in enumerate(ROWS)
    ]
    (folder / "streets.csv").write_text("\n".join([head, *lines]) + "\n", encoding="utf-8")
    scenario = small_scenario()
    scenario["name"] = "city"
    scenario["levels"] = ["city", "district", "street"] if cities else ["district", "street"]
    scenario["kinds"]["admin"]["pool"] = dict(SOURCES)
    scenario["kinds"]["institutional"]["pool"] = 300
    if share:
        scenario["units"] = {
            "district": {kind: {"turnover_share": share} for kind in ("admin", "institutional")}
        }
    return write_scenario(folder, scenario, name)


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Result:
    return quota.allocate(write_city(tmp_path_factory.mktemp("city")))


@pytest.fixture(scope="module")
def nation(tmp_path_factory: pytest.TempPathFactory) -> Result:
    """3,000 synthetic streets in 2 provinces and 30 cities: [province, city, street]."""
    folder = tmp_path_factory.mktemp("nation")
    streets = synth_streets(3000, seed=1)
    streets.to_csv(folder / "streets.csv", index=False)
    scenario = synth_scenario_dict(3000, seed=1, streets=streets)
    scenario["levels"] = ["province", "city", "street"]
    return quota.allocate(write_scenario(folder, scenario, "synth.yaml"))


@pytest.fixture(scope="module")
def view(city: Result) -> LevelView:
    found = build_level_view(city)
    assert found is not None
    return found


@pytest.fixture(scope="module")
def zh_book(city: Result, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(city, tmp_path_factory.mktemp("book") / "allocation.xlsx", lang="zh")


def _figure(view: LevelView, kind: str, column: str) -> int:
    frame = view.units["district"]
    return int(frame.loc[frame["kind"] == kind, column].sum())


# --- the view: every figure reconciles ------------------------------------------------------


def test_one_level_has_no_level_outputs(district: Path) -> None:
    plain = quota.allocate(district)
    assert build_level_view(plain) is None
    context = build_report_context(plain, "zh")
    assert context.levels is None
    assert "全市汇总" not in render_markdown(context)


def check_view(result: Result, found: LevelView) -> None:
    """Every figure of the view against the streets, at every level."""
    table = result.table
    for level in found.upper:
        frame = found.units[level]
        for r in frame.to_dict(orient="records"):
            part = table.loc[(table[level] == r["unit"]) & (table["kind"] == r["kind"])]
            assert r["streets_total"] == part["total"].sum()
            assert r["base"] == part["base"].sum()
            assert r["current"] == part["current"].sum()
            assert r["onboard"] == part["onboard"].sum()
            assert r["change"] == r["streets_total"] - r["current"]
            assert r["allocated"] == r["streets_total"] + r["reserve"]
            assert r["reserve"] >= 0
            assert r["allocated"] >= r["lower"]
            assert (part["total"] >= part["onboard"]).all()  # no dismissal at the bottom
            assert r["streets"] == len(part)
    top = found.units[found.names[0]]
    for r in found.top.to_dict(orient="records"):
        assert r["pool"] == r["allocated"] + r["held"]
        assert r["allocated"] == top.loc[top["kind"] == r["kind"], "allocated"].sum()
    for parent, child in zip(found.upper, found.upper[1:], strict=False):
        given = found.units[child].groupby([parent, "kind"])["allocated"].sum()
        upper = found.units[parent].set_index(["unit", "kind"])["allocated"]
        assert (given <= upper.reindex(given.index)).all()


def test_view_sums_the_streets_of_each_district(city: Result, view: LevelView) -> None:
    assert view.names == ("district", "street")
    assert view.unit_names("district") == DISTRICTS
    assert view.sources == {"admin": SOURCES}
    assert (view.units["district"]["reserve"] > 0).any()  # the districts keep turnover
    check_view(city, view)


def test_three_levels_reconcile(nation: Result) -> None:
    found = build_level_view(nation)
    assert found is not None
    assert found.upper == ("province", "city")
    check_view(nation, found)


def _changed(result: Result, column: str, delta: int) -> Result:
    levels = result.levels
    assert levels is not None
    table = levels.table.copy()
    table.loc[0, column] += delta
    return dataclasses.replace(result, levels=dataclasses.replace(levels, table=table))


@pytest.mark.parametrize(
    ("column", "what"),
    [
        ("allocated", "allocated is not streets_total \\+ reserve"),
        ("streets_total", "the streets of 东城区 add up to"),
    ],
)
def test_a_levels_table_that_does_not_reconcile_stops_before_writing(
    city: Result, tmp_path: Path, column: str, what: str
) -> None:
    broken = _changed(city, column, 1)
    with pytest.raises(SolverError, match=what) as raised:
        build_level_view(broken)
    assert raised.value.exit_code == 1
    assert raised.value.render("zh")[0].startswith("分级核对未通过（程序错误，未写出任何文件）")
    with pytest.raises(SolverError):
        write_result(broken, tmp_path / "out", lang="zh")
    assert not (tmp_path / "out").exists()


def test_sources_must_add_up_to_the_pool(city: Result) -> None:
    wrong = dataclasses.replace(city, pool_sources={"admin": {"existing": 198, "from_city": 11}})
    with pytest.raises(SolverError, match="sources do not add up"):
        build_level_view(wrong)


def test_a_unit_below_what_its_streets_need_is_refused(city: Result) -> None:
    levels = city.levels
    assert levels is not None
    needs = levels.needs.copy()
    needs.loc[0, "lower"] = int(levels.table.loc[0, "allocated"]) + 1
    broken = dataclasses.replace(city, levels=dataclasses.replace(levels, needs=needs))
    with pytest.raises(SolverError, match="outside the range between its needs"):
        build_level_view(broken)


def test_children_allocated_more_than_their_parent_is_refused(nation: Result) -> None:
    levels = nation.levels
    assert levels is not None
    table = levels.table.copy()
    first_city = table.index[table["level"] == "city"][0]
    table.loc[first_city, ["allocated", "reserve"]] += 10**6
    unbounded = levels.needs.iloc[:0]  # no bounds known: the nesting is what fails
    broken = dataclasses.replace(
        nation, levels=dataclasses.replace(levels, table=table, needs=unbounded)
    )
    with pytest.raises(SolverError, match="children's allocations plus the turnover"):
        build_level_view(broken)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(st.integers(0, 3), min_size=8, max_size=8),
    st.lists(st.integers(0, 1), min_size=4, max_size=4),
    st.booleans(),
    st.sampled_from([0.0, 0.05, 0.1]),
)
def test_random_hierarchies_reconcile_in_every_output(
    districts: list[int], city_of: list[int], two_up: bool, share: float
) -> None:
    """Any grouping of the streets into districts (and cities): the sums hold everywhere."""
    names = [f"D{d}" for d in districts]
    cities = [f"C{city_of[d]}" for d in districts] if two_up else None
    with tempfile.TemporaryDirectory() as temp:
        result = quota.allocate(write_city(Path(temp), names, cities=cities, share=share))
    found = build_level_view(result)
    assert found is not None
    check_view(result, found)
    sections = build_level_sections(result, found, "zh")
    totals = result.table.groupby("kind")["total"].sum()
    for table in sections.tables:
        assert table.total is not None
        row = {h: c.text for h, c in zip(table.headers, table.total, strict=True)}
        allocated, streets = int(row["分配编制"]), int(row["街道核定合计"])
        reserve = next(int(v) for h, v in row.items() if h.endswith("预留"))
        assert allocated == streets + reserve
        kind = "admin" if "行政编制" in table.caption else "institutional"
        assert streets == totals[kind]


# --- the workbook ---------------------------------------------------------------------------


def test_workbook_has_a_city_sheet_and_one_sheet_per_district(zh_book: Path) -> None:
    book = openpyxl.load_workbook(zh_book)
    assert book.sheetnames == ZH_SHEETS
    main = book["编制分配表"]
    assert (main["A2"].value, main["B2"].value, main["B3"].value) == ("街道", "所属", "区县")
    assert [main.cell(r, 2).value for r in range(4, 12)] == [
        "东城区",
        "东城区",
        "东城区",
        "西城区",
        "西城区",
        "西城区",
        "南湖区",
        "南湖区",
    ]
    assert main["C2"].value == "行政编制"
    notes = [main.cell(r, 1).value for r in range(13, main.max_row + 1)]
    assert any("“区县”列" in str(n) and "全市汇总" in str(n) for n in notes)
    summary = book["全市汇总"]
    assert summary["A1"].value == "测试方案——全市汇总"
    assert summary.print_title_rows == "$2:$3"
    assert summary.page_setup.orientation == "landscape"
    assert book["东城区"]["A1"].value == "测试方案——东城区"
    assert book["东城区"].protection.sheet


def _kind_columns(sheet: Any, kind: str) -> dict[str, int]:
    """Header -> column of one kind's group on a summary or allocation sheet."""
    merged = [r for r in sheet.merged_cells.ranges if r.min_row == 2 and r.max_row == 2]
    group = next(r for r in merged if sheet.cell(2, r.min_col).value == kind)
    return {sheet.cell(3, c).value: c for c in range(group.min_col, group.max_col + 1)}


def test_workbook_totals_reconcile(city: Result, view: LevelView, zh_book: Path) -> None:
    values = openpyxl.load_workbook(zh_book, data_only=True)
    formulas = openpyxl.load_workbook(zh_book)
    summary = values["全市汇总"]
    assert [summary.cell(r, 1).value for r in range(4, 8)] == [*DISTRICTS, "合计"]
    assert formulas["全市汇总"]["B7"].value == "=SUM(B4:B6)"
    main = values["编制分配表"]
    for kind, shown in (("admin", "行政编制"), ("institutional", "事业编制")):
        columns = _kind_columns(summary, shown)
        assert list(columns) == [
            "分配编制",
            "最低需要",
            "街道核定合计",
            "区县预留",
            "基础编制合计",
            "现有编制合计",
            "街道增减",
            "实有人数合计",
        ]
        rows = [{h: summary.cell(r, c).value for h, c in columns.items()} for r in range(4, 8)]
        for row in rows:
            assert row["分配编制"] == row["街道核定合计"] + row["区县预留"]
            assert row["分配编制"] >= row["最低需要"]
            assert row["街道增减"] == row["街道核定合计"] - row["现有编制合计"]
        assert rows[-1] == {h: sum(r[h] for r in rows[:-1]) for h in columns}
        for district, row in zip(DISTRICTS, rows, strict=False):
            sheet = values[district]
            total_row = next(r for r in range(4, 20) if sheet.cell(r, 1).value == "合计")
            own = _kind_columns(sheet, shown)
            assert sheet.cell(total_row, own["核定编制"]).value == row["街道核定合计"]
            assert sheet.cell(total_row, own["现有编制"]).value == row["现有编制合计"]
            assert sheet.cell(total_row, own["增减"]).value == row["街道增减"]
        main_total = main.cell(12, _kind_columns(main, shown)["核定编制"]).value
        assert main_total == rows[-1]["街道核定合计"] == _figure(view, kind, "streets_total")
    notes = [summary.cell(r, 1).value for r in range(9, summary.max_row + 1)]
    top = view.top.set_index("kind").loc["admin"]
    assert (
        f"行政编制：全市总量{top['pool']}名 = 各区县分配合计{top['allocated']}名"
        f" + 全市预留{top['held']}名。"
    ) in notes
    assert "行政编制总量220名：现有编制198名、市级下达12名、区级自筹10名。" in notes
    assert any(str(n).startswith("最低需要：") for n in notes)


def test_district_sheets_have_no_decision_column_and_the_main_one_reads_back(
    zh_book: Path, tmp_path: Path
) -> None:
    book = openpyxl.load_workbook(zh_book)
    district = book["西城区"]
    assert "决定" not in [c.value for c in district[3]]
    assert [district.cell(r, 1).value for r in range(4, 8)] == [
        "西山街道",
        "西江街道",
        "西关街道",
        "合计",
    ]
    main = book["编制分配表"]
    decision = next(c for c in main[3] if c.value == "决定")
    main.cell(5, decision.column).value = "26"
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    [read] = read_decision_workbook(edited)
    assert (read.street, read.kind, read.total) == ("东门街道", "行政编制", 26)


def test_workbook_in_english_and_byte_identical(city: Result, tmp_path: Path) -> None:
    first = write_workbook(city, tmp_path / "a.xlsx", lang="en")
    second = write_workbook(city, tmp_path / "b.xlsx", lang="en")
    assert first.read_bytes() == second.read_bytes()
    book = openpyxl.load_workbook(first)
    assert book.sheetnames[:5] == ["allocation", "city summary", *DISTRICTS]
    assert _kind_columns(book["city summary"], "administrative")["kept by the district"]


def test_sheet_names_are_clean_unique_and_short() -> None:
    names = build_sheet_names(
        ["a/b:c*d?", "参数", "History", "x" * 40, "x" * 40, "'quoted'", "", "ABC", "abc"],
        ["编制分配表", "参数"],
    )
    assert names[0] == "a b c d"
    assert names[1] == "参数 (2)"
    assert names[2] == "History (2)"
    assert names[3] == "x" * 31
    assert names[4] == "x" * 27 + " (2)"
    assert names[5] == "quoted"
    assert names[6] == "#7"
    assert names[7:] == ["ABC", "abc (2)"]
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert len({n.casefold() for n in names}) == len(names)
    assert clean_sheet_name("  [ ]  ", "#1") == "#1"


def test_national_scale_three_levels(nation: Result, tmp_path: Path) -> None:
    path = write_workbook(nation, tmp_path / "allocation.xlsx", lang="zh")
    book = openpyxl.load_workbook(path, read_only=True)
    view = build_level_view(nation)
    assert view is not None
    cities = view.unit_names("city")
    assert 10 < len(cities) <= level_view.MAX_UNIT_SECTIONS
    assert book.sheetnames[:3] == ["编制分配表", "全国汇总", "各市汇总"]
    assert book.sheetnames[3 : 3 + len(cities)] == cities
    by_city = book["各市汇总"]
    header = [c.value for c in next(by_city.iter_rows(min_row=2, max_row=2))]
    assert header[:3] == ["市", "所属", "行政编制"]


def test_too_many_units_no_unit_sheets_and_a_note(
    nation: Result, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(level_view, "MAX_UNIT_SECTIONS", 5)
    path = write_workbook(nation, tmp_path / "allocation.xlsx", lang="zh")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:4] == ["编制分配表", "全国汇总", "各市汇总", "参数"]
    notes = [c.value for c in book["各市汇总"]["A"] if c.value]
    assert any("不逐一分表" in str(n) and "“编制分配表”表的“市”列" in str(n) for n in notes)
    main = book["编制分配表"]
    assert (main["B2"].value, main["B3"].value, main["C3"].value) == ("所属", "省", "市")
    context = build_report_context(nation, "zh")
    assert context.levels is not None and not context.levels.units
    text = render_markdown(context)
    assert "不逐一列出各市的街道" in text
    assert "| 街道 | 省 | 市 | 现有编制 |" in text


# --- the report -----------------------------------------------------------------------------


def _east(view: LevelView) -> dict[str, Any]:
    frame = view.units["district"]
    return frame.loc[(frame["unit"] == "东城区") & (frame["kind"] == "admin")].iloc[0].to_dict()


def _signed(value: int) -> str:
    return f"{value:+d}" if value else "0"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_has_a_city_summary_and_a_section_per_district(
    city: Result, view: LevelView, lang: str
) -> None:
    east = _east(view)
    top = view.top.set_index("kind").loc["admin"]
    if lang == "zh":
        expected = [
            "### 全市汇总",
            "**各区县：行政编制**",
            "| 区县 | 分配编制 | 最低需要 | 街道核定合计 | 区县预留 |",
            "### 编制来源",
            "| 市级下达 | 12 |",
            "### 东城区",
            f"- 行政编制：分配{east['allocated']}名，街道核定合计{east['streets_total']}名，"
            f"区县预留{east['reserve']}名（现有{east['current']}名，"
            f"街道增减{_signed(east['change'])}）。",
            "本方案分2级分配：全市 → 各区县（3个） → 各街道/乡镇（8个）",
            f"行政编制：全市总量{top['pool']}名 = 各区县分配合计{top['allocated']}名"
            f" + 全市预留{top['held']}名。",
            "行政编制总量220名：现有编制198名、市级下达12名、区级自筹10名。",
            "### 各级单位的分配规则",
            "| 全部区县 | 行政编制 | 5.0% | – | – | – |",
        ]
    else:
        expected = [
            "### city summary",
            "**districts: administrative**",
            "| district | allocated | least needed | streets' total | kept by the district |",
            "### Sources of the pool",
            "| from the city | 12 |",
            "### 东城区",
            f"- administrative: {east['allocated']} allocated, streets' total"
            f" {east['streets_total']}, {east['reserve']} kept by the district"
            f" (current {east['current']}, change {_signed(east['change'])}).",
            "Allocated in 2 levels: city → districts (3) → streets (8)",
            "administrative: pool 220 = 198 existing quotas + 12 from the city"
            " + 10 from the district.",
            "| every district | administrative | 5.0% | – | – | – |",
        ]
    context = build_report_context(city, lang)
    text = render_markdown(context)
    for line in expected:
        assert line in text, line
    html = render_html(context)
    assert html.count('<section class="unit">') == 3
    assert "<h3>南湖区</h3>" in html
    # the unit sections replace the one table of every street: each street once per kind
    allocation = text.split("\n## ")[3]
    assert allocation.startswith(("三、分配结果", "3. Allocation"))
    assert allocation.count("| 东华街道 |") == 2


def test_report_district_totals_match_the_level_table(city: Result, view: LevelView) -> None:
    sections = build_level_sections(city, view, "zh")
    frame = view.units["district"]
    for unit, section in zip(DISTRICTS, sections.units, strict=True):
        assert section.heading == unit
        for table, kind in zip(section.tables, ("admin", "institutional"), strict=True):
            assert table.total is not None
            total = int(table.total[5].text.replace(",", ""))
            expected = frame.loc[(frame["unit"] == unit) & (frame["kind"] == kind)]
            assert total == int(expected["streets_total"].iloc[0])


# --- charts ---------------------------------------------------------------------------------


def test_charts_by_district_are_written_listed_and_reproducible(
    city: Result, tmp_path: Path
) -> None:
    write_result(city, tmp_path / "a", lang="zh")
    write_result(city, tmp_path / "b", lang="zh")
    chart = tmp_path / "a" / "charts" / "by_district.png"
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert chart.read_bytes() == (tmp_path / "b" / "charts" / "by_district.png").read_bytes()
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text(encoding="utf-8"))
    assert "charts/by_district.png" in manifest["files"]
    html = (tmp_path / "a" / "report.html").read_text(encoding="utf-8")
    assert "各区县编制分配" in html


def test_district_chart_draws_the_largest_units_and_says_so(nation: Result) -> None:
    view = build_level_view(nation)
    assert view is not None
    cities = view.units["city"]
    part = cities.loc[cities["kind"] == "admin"]
    shown = select_units(part)
    assert len(shown) == min(len(part), 32)
    assert shown["allocated"].min() >= part["allocated"].nlargest(len(shown)).min()
    figure = plot_districts(cities, lang="en", level="city")
    texts = [t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text"))]
    assert "Quotas allocated to the cities" in texts
    if len(part) > 32:
        assert any("largest of" in t for t in texts)


def test_level_charts_one_file_per_upper_level(nation: Result, tmp_path: Path) -> None:
    view = build_level_view(nation)
    assert view is not None
    paths = write_level_charts(view.units, tmp_path, lang="zh")
    assert [p.name for p in paths] == ["by_province.png", "by_city.png"]


@pytest.mark.parametrize(
    ("levels", "kept"),
    [
        (
            ("province", "city"),
            {"stack": None, "change": None, "onboard": None, "shares": "province"},
        ),
        (
            ("province",),
            {"stack": "city", "change": "city", "onboard": "city", "shares": "province"},
        ),
        (
            (),
            {
                "stack": "province",
                "change": "province",
                "onboard": "province",
                "shares": "province",
            },
        ),
    ],
)
def test_street_charts_leave_sums_by_unit_to_the_level_outputs(
    nation: Result, levels: tuple[str, ...], kept: dict[str, str | None]
) -> None:
    """With a level's own chart and tables, stack, change and onboard draw no panel by its units.

    shares keeps its panel by province; a group column that is not a level stays.
    """
    from quota.outputs.charts.common import group_column

    for name, group in kept.items():
        table = street_chart_table(name, nation.table, levels)
        assert group_column(table) == group, name
        panels = [a for a in CHARTS[name](table, lang="en").axes if a.get_visible()]
        full = [a for a in CHARTS[name](nation.table, lang="en").axes if a.get_visible()]
        assert (len(panels) < len(full)) == (group is None), name
    assert street_chart_table("shares", nation.table, ("province", "city")) is nation.table


# --- from the command line ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "sheet", "heading"),
    [("zh", "全市汇总", "### 全市汇总"), ("en", "city summary", "### city summary")],
)
def test_quota_run_writes_the_level_outputs(
    tmp_path: Path, lang: str, sheet: str, heading: str
) -> None:
    scenario = write_city(tmp_path)
    result = CliRunner().invoke(
        cli, ["run", str(scenario), "--out", str(tmp_path / "out"), "--lang", lang]
    )
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / "city"
    book = openpyxl.load_workbook(folder / "allocation.xlsx", read_only=True)
    assert book.sheetnames[1:5] == [sheet, *DISTRICTS]
    assert heading in (folder / "report.md").read_text(encoding="utf-8")
    assert (folder / "charts" / "by_district.png").is_file()
