"""``quota compare`` shows composition, the district reserve, titles and decisions.

Each street's base, quantified and turnover quotas per scenario (CSV, report,
workbook), the district reserve as its own row that is never shaded like a cut,
scenarios named by their titles wherever people read them, and the committee's
decisions side by side.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner
from matplotlib.figure import Figure

from quota.analysis import compare
from quota.analysis.compare_effects import build_decision_table
from quota.analysis.compare_table import build_street_tables
from quota.cli import cli
from tests.conftest import REPO, write_scenario

SCENARIOS = REPO / "scenarios"
BASELINE = SCENARIOS / "xinzhou-baseline.yaml"
MORE = SCENARIOS / "xinzhou-more-from-city.yaml"
BASE_TITLE = "新洲区街道编制调剂方案（基准）"
MORE_TITLE = "新洲区街道编制调剂方案（市级再下放20名行政编制）"
DECIDED_TITLE = "新洲区街道编制调剂方案（编委会决定）"
#: the fill and the font colour of a cut in the workbook (quota.outputs.xlsx.build_formats)
CUT_FILL, CUT_FONT = "FFFCE4E4", "FFC00000"


def extend(folder: Path, file: str, **keys: object) -> Path:
    """A scenario extending the Xinzhou baseline with ``keys``."""
    path = folder / file
    path.write_text(
        yaml.safe_dump({"extends": BASELINE.as_posix(), **keys}, allow_unicode=True),
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def decided(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The baseline with two decisions: 邾城 admin pinned at 55, 仓埠 institutional >= 43."""
    return extend(
        tmp_path_factory.mktemp("decided"),
        "decided.yaml",
        name="xinzhou-decided",
        title=DECIDED_TITLE,
        decisions=[
            {
                "street": "邾城街道",
                "kind": "admin",
                "total": 55,
                "reason": "承接开发区职能",
                "source": "区委编委会2026年第3次会议",
            },
            {"street": "仓埠街道", "kind": "institutional", "at_least": 43, "reason": "新设中心"},
        ],
    )


@pytest.fixture(scope="module")
def comparison(decided: Path) -> compare.Comparison:
    return compare.compare_scenarios([BASELINE, MORE, decided])


@pytest.fixture(scope="module")
def folder(decided: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(
        cli, ["compare", str(BASELINE), str(MORE), str(decided), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "xinzhou-decided：最优解" in result.output and "编委会决定 2 项" in result.output
    return out / "compare-xinzhou-baseline+xinzhou-more-from-city+xinzhou-decided"


NAMES = ("xinzhou-baseline", "xinzhou-more-from-city", "xinzhou-decided")


# --------------------------------------------------------------------------
# compare.csv: the composition at the end, one row per street
# --------------------------------------------------------------------------


def test_csv_composition_columns_add_up_to_the_totals(
    folder: Path, comparison: compare.Comparison
) -> None:
    table = pd.read_csv(folder / "compare.csv", encoding="utf-8-sig")
    assert list(table.columns[:7]) == [
        "street",
        "kind",
        *NAMES,
        "diff_xinzhou-more-from-city",
        "diff_xinzhou-decided",
    ]
    assert list(table.columns[7:]) == [
        f"{p}_{n}" for n in NAMES for p in ("base", "quantified", "turnover")
    ]
    for run in comparison.succeeded:
        name = run.name
        parts = table[f"base_{name}"] + table[f"quantified_{name}"] + table[f"turnover_{name}"]
        assert (parts == table[name]).all(), name
        allocation = run.result.table  # type: ignore[union-attr]
        for part in ("base", "quantified", "turnover"):
            assert list(table[f"{part}_{name}"]) == list(allocation[part]), (name, part)
    # one row per street and kind: no pseudo-street for the reserve
    assert len(table) == 24 and not table.duplicated(["street", "kind"]).any()
    assert "区级周转预留" not in set(table["street"])
    # the decision holds in the table: 邾城 admin 55 = 16 base + 39 quantified + 0 turnover
    row = table[(table["street"] == "邾城街道") & (table["kind"] == "admin")].iloc[0]
    assert (row["xinzhou-decided"], row["quantified_xinzhou-decided"]) == (55, 39)


def test_a_scenario_named_like_a_column_does_not_overwrite_it(tmp_path: Path) -> None:
    street = extend(tmp_path, "street.yaml", name="street")
    clash = extend(tmp_path, "clash.yaml", name="base_xinzhou-baseline")
    comparison = compare.compare_scenarios([BASELINE, street, clash])
    assert [run.name for run in comparison.runs] == [
        "xinzhou-baseline",
        "street-2",
        "base_xinzhou-baseline-2",
    ]
    table = comparison.table
    assert table.columns.is_unique
    assert table["street"].iloc[0] == "邾城街道"
    assert (table["base_xinzhou-baseline"] == table["base_street-2"]).all()
    # the other way round: a scenario whose columns would clash with a name given before
    other = extend(tmp_path, "a.yaml", name="xinzhou-baseline-2")
    early = extend(tmp_path, "b.yaml", name="base_xinzhou-baseline-2")
    later = compare.compare_scenarios([early, other])
    # base_<xinzhou-baseline-2> would be the first one's name: the second is renamed
    assert [r.name for r in later.runs] == ["base_xinzhou-baseline-2", "xinzhou-baseline-2-2"]
    assert later.table.columns.is_unique
    assert (later.table["base_xinzhou-baseline-2-2"] == table["base_xinzhou-baseline"]).all()


# --------------------------------------------------------------------------
# The report: composition per street, the reserve as its own unshaded row
# --------------------------------------------------------------------------


def test_report_tables_show_composition_reserve_and_pool(
    comparison: compare.Comparison,
) -> None:
    admin, institutional = build_street_tables(comparison, "zh")
    assert admin.caption == "行政编制" and institutional.caption == "事业编制"
    assert admin.headers == [
        "街道",
        "方案",
        "基础编制",
        "量化编制",
        "周转编制",
        "核定编制",
        f"与“{BASE_TITLE}”的差值",
    ]
    rows = [[c.text for c in row] for row in admin.rows]
    assert rows[:3] == [
        ["邾城街道", BASE_TITLE, "16", "36", "0", "52", ""],
        ["", MORE_TITLE, "16", "40", "0", "56", "+4"],
        ["", DECIDED_TITLE, "16", "39", "0", "55", "+3"],
    ]
    for row in rows[: 12 * 3]:  # every street's parts add up to its total
        assert sum(int(v) for v in row[2:5]) == int(row[5])
    kinds = {
        run.name: run.result.kinds.set_index("kind")  # type: ignore[union-attr]
        for run in comparison.succeeded
    }
    streets, reserve, pool = rows[36:39], rows[39:42], rows[42:45]
    assert [r[0] for r in (streets[0], reserve[0], pool[0])] == [
        "街道核定合计",
        "区级周转预留",
        "编制总量",
    ]
    for i, name in enumerate(NAMES):
        k = kinds[name].loc["admin"]
        left = int(k["turnover_pool"]) - int(k["turnover_used"])
        assert reserve[i][2:6] == ["", "", str(left), str(left)]
        assert int(streets[i][5]) + left == int(pool[i][5]) == int(k["pool"])
        assert pool[i][2:5] == [
            str(int(k["base"])),
            str(int(k["quantified"])),
            str(int(k["turnover_pool"])),
        ]
    assert [r[6] for r in reserve] == ["", "+4", "-1"]
    # a street's cut is a cut; the reserve's is not (and neither is its gain a street's)
    cells = admin.rows
    assert cells[40][6].cls == "num" and cells[41][6].cls == "num"  # +4, -1 of the reserve
    li_ji = next(i for i, row in enumerate(cells) if row[0].text == "李集街道")
    assert cells[li_ji + 2][6].text == "-1" and cells[li_ji + 2][6].cls == "cut"
    assert cells[li_ji + 1][6].cls == "gain"
    assert cells[38][6].text == "+1" and cells[38][6].cls == "num"  # streets' total gains


def test_markdown_and_html_by_eye(folder: Path) -> None:
    md = (folder / "compare.md").read_text(encoding="utf-8")
    assert "## 四、各街道编制构成" in md
    assert f"| 区级周转预留 | {BASE_TITLE} |  |  | 13 | 13 |  |" in md
    assert f"|  | {DECIDED_TITLE} |  |  | 12 | 12 | -1 |" in md
    assert f"| 编制总量 | {BASE_TITLE} | 186 | 186 | 20 | 392 |  |" in md
    # titles in the headers, names only in the list of scenarios
    assert f"| 编制类别 | 项目 | {BASE_TITLE} | {MORE_TITLE} | {DECIDED_TITLE} |" in md
    assert f"共3个方案，3个求解成功；以“{BASE_TITLE}”为基准比较。" in md
    assert f"### “{MORE_TITLE}”与“{BASE_TITLE}”相比" in md
    listed, rest = md.split("## 二、总量与构成")
    assert "| xinzhou-more-from-city | " + MORE_TITLE in listed
    assert "xinzhou-" not in rest
    html = (folder / "compare.html").read_text(encoding="utf-8")
    reserve = html.split('<td class="text">区级周转预留</td>')[1].split("编制总量")[0]
    assert 'class="cut"' not in reserve and '<td class="num">-1</td>' in reserve


# --------------------------------------------------------------------------
# The workbook: the reserve row is not shaded like a cut
# --------------------------------------------------------------------------


def is_cut(cell: openpyxl.cell.cell.Cell) -> bool:
    fill = cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None
    font = cell.font.color.rgb if cell.font.color is not None else None
    return fill == CUT_FILL or font == CUT_FONT


def test_workbook_reserve_row_is_not_shaded(folder: Path) -> None:
    book = openpyxl.load_workbook(folder / "compare.xlsx")
    assert book.sheetnames == [
        "方案比较",
        "行政编制构成",
        "事业编制构成",
        "总量与构成",
        "设置差异",
        "编委会决定",
        "方案清单",
    ]
    totals = book["方案比较"]
    assert [totals.cell(3, c).value for c in range(2, 7)] == [
        BASE_TITLE,
        MORE_TITLE,
        DECIDED_TITLE,
        f"差值（{MORE_TITLE}）",
        f"差值（{DECIDED_TITLE}）",
    ]
    first, total_row = 4, 4 + 12
    column = 6  # 差值（编委会决定）, administrative
    cuts = [r for r in range(first, total_row) if (totals.cell(r, column).value or 0) < 0]
    assert cuts and all(is_cut(totals.cell(r, column)) for r in cuts)  # the test can fail
    reserve = totals.cell(total_row + 1, column)
    assert totals.cell(total_row + 1, 1).value == "区级周转预留"
    assert reserve.value == -1 and not is_cut(reserve)
    assert totals.cell(total_row + 2, column).value == f"=F{total_row}+F{total_row + 1}"

    sheet = book["行政编制构成"]
    assert {str(r) for r in sheet.merged_cells.ranges} == {
        "A1:O1",
        "A2:A3",
        "B2:E2",
        "F2:I2",
        "J2:M2",
        "N2:O2",
    }
    assert [sheet.cell(2, c).value for c in (2, 6, 10, 14)] == [
        BASE_TITLE,
        MORE_TITLE,
        DECIDED_TITLE,
        "核定编制差值",
    ]
    assert [sheet.cell(3, c).value for c in range(2, 6)] == [
        "基础编制",
        "量化编制",
        "周转编制",
        "核定编制",
    ]
    row = [sheet.cell(total_row + 1, c) for c in range(1, 16)]
    assert [c.value for c in row] == ["区级周转预留", None, None, 13, 13, None, None, 17, 17] + [
        None,
        None,
        12,
        12,
        4,
        -1,
    ]
    assert not any(is_cut(c) for c in row)
    assert is_cut(
        next(sheet.cell(r, 15) for r in range(first, total_row) if sheet.cell(r, 15).value == -1)
    )
    values = openpyxl.load_workbook(folder / "compare.xlsx", data_only=True)["行政编制构成"]
    pool = [values.cell(total_row + 2, c).value for c in range(2, 16)]
    assert pool == [186, 186, 20, 392, 186, 205, 21, 412, 186, 186, 20, 392, 20, 0]
    streets = [values.cell(total_row, c).value for c in range(2, 6)]
    assert streets == [186, 186, 7, 379]

    summary = book["总量与构成"]
    assert [summary.cell(1, c).value for c in range(3, 8)] == [
        BASE_TITLE,
        MORE_TITLE,
        DECIDED_TITLE,
        f"差值（{MORE_TITLE}）",
        f"差值（{DECIDED_TITLE}）",
    ]
    rows = {(r[0].value, r[1].value): r for r in summary.iter_rows(min_row=2)}
    reserve_change = rows[("行政编制", "区级周转预留")][6]
    streets_cut = rows[("事业编制", "街道核定合计")][6]
    assert (reserve_change.value, streets_cut.value) == (-1, -4)
    assert not is_cut(reserve_change) and is_cut(streets_cut)


# --------------------------------------------------------------------------
# Titles in the chart's legend and axis labels
# --------------------------------------------------------------------------


def legend_texts(figure: Figure) -> list[str]:
    return [t.get_text() for legend in figure.legends for t in legend.get_texts()]


def test_chart_legend_names_scenarios_by_their_titles(
    comparison: compare.Comparison, tmp_path: Path
) -> None:
    figure = comparison.plot()
    assert legend_texts(figure) == [BASE_TITLE, MORE_TITLE, DECIDED_TITLE]
    labels = {axis.get_xlabel() for axis in figure.axes}
    assert f"与“{BASE_TITLE}”的差值（名）" in labels
    # a scenario without a title is shown by its name
    untitled = extend(tmp_path, "untitled.yaml", name="xinzhou-untitled", title=None)
    pair = compare.compare_scenarios([BASELINE, untitled])
    assert pair.titles() == {"xinzhou-baseline": BASE_TITLE, "xinzhou-untitled": "xinzhou-untitled"}
    assert legend_texts(pair.plot("admin", lang="en")) == [BASE_TITLE, "xinzhou-untitled"]


# --------------------------------------------------------------------------
# The committee's decisions side by side
# --------------------------------------------------------------------------


def test_decisions_side_by_side(
    folder: Path, comparison: compare.Comparison, tmp_path: Path
) -> None:
    md = (folder / "compare.md").read_text(encoding="utf-8")
    section = md.split("### 编委会决定")[1].split("## 四")[0]
    assert (
        f"| 编制类别 | 街道 | {BASE_TITLE} | {MORE_TITLE} | {DECIDED_TITLE} | 理由 | 依据 |"
        in section
    )
    assert (
        "| 行政编制 | 邾城街道 |  |  | 核定55名 | 承接开发区职能 | 区委编委会2026年第3次会议 |"
        in section
    )
    assert "| 事业编制 | 仓埠街道 |  |  | 不少于43名 | 新设中心 |  |" in section
    assert "| 编委会决定（decisions） | 无 | 2项 |" in md
    sheet = openpyxl.load_workbook(folder / "compare.xlsx")["编委会决定"]
    rows = [r for r in sheet.iter_rows(values_only=True) if any(r)]
    assert [v or "" for v in rows[1][:5]] == ["行政编制", "邾城街道", "", "", "核定55名"]
    # two scenarios deciding the same street differently: both decisions, each reason by title
    other = extend(
        tmp_path,
        "other.yaml",
        name="xinzhou-other",
        title="另一方案",
        decisions=[{"street": "邾城街道", "kind": "admin", "at_most": 50, "reason": "控制总量"}],
    )
    pair = compare.compare_scenarios(
        [folder.parent / "missing.yaml", comparison.runs[2].path, other]
    )
    table = build_decision_table(pair.succeeded, pair.titles("en"), "en")
    assert table is not None
    assert table.headers == ["quota kind", "street", DECIDED_TITLE, "另一方案", "reason", "source"]
    assert [c.text for c in table.rows[0]] == [
        "administrative",
        "邾城街道",
        "total 55",
        "at most 50",
        f"{DECIDED_TITLE}: 承接开发区职能; 另一方案: 控制总量",
        "区委编委会2026年第3次会议",
    ]
    assert [c.text for c in table.rows[1]][:4] == ["institutional", "仓埠街道", "at least 43", ""]
    assert (
        build_decision_table(compare.compare_scenarios([BASELINE, MORE]).succeeded, {}, "zh")
        is None
    )


def test_english_comparison_with_decisions(decided: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["compare", str(BASELINE), str(decided), "--out", str(tmp_path), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert (
        "xinzhou-decided: optimal" in result.output and "2 committee decision(s)" in result.output
    )
    folder = tmp_path / "compare-xinzhou-baseline+xinzhou-decided"
    md = (folder / "compare.md").read_text(encoding="utf-8")
    assert "## 4. Quotas per street and their parts" in md
    assert "### Committee decisions" in md
    assert "| administrative | 邾城街道 |  | total 55 | 承接开发区职能 |" in md
    assert f"| district reserve left | {BASE_TITLE} |  |  | 13 | 13 |  |" in md
    assert (
        f"| street | scenario | base | quantified | turnover | total | diff from “{BASE_TITLE}” |"
        in md
    )
    for chinese in ("区级周转预留", "编委会决定", "基础编制", "差值"):
        assert chinese not in md.replace(DECIDED_TITLE, "").replace(BASE_TITLE, "")
    book = openpyxl.load_workbook(folder / "compare.xlsx")
    assert book.sheetnames == [
        "comparison",
        "administrative parts",
        "institutional parts",
        "pools and splits",
        "changed settings",
        "decisions",
        "scenarios",
    ]
    assert book["comparison"].cell(17, 1).value == "district reserve left"


# --------------------------------------------------------------------------
# Many streets: the report lists some, the district's rows cover all
# --------------------------------------------------------------------------


def test_many_streets_district_rows_cover_every_street(tmp_path: Path) -> None:
    from quota.analysis.synth import synth_scenario_dict, synth_streets

    frame = synth_streets(130, seed=4)
    frame.to_csv(tmp_path / "s.csv", index=False)
    raw = synth_scenario_dict(130, 4, data="s.csv", streets=frame)
    first = write_scenario(tmp_path, raw, "a.yaml")
    raw["name"], raw["title"] = "synth-more", "合成数据（加量）"
    raw["kinds"]["admin"]["pool"] += 30
    second = write_scenario(tmp_path, raw, "b.yaml")
    comparison = compare.compare_scenarios([first, second])
    admin = build_street_tables(comparison, "zh")[0]
    streets = [row[0].text for row in admin.rows[:-6] if row[0].text]
    assert len(streets) == 30 and "仅列出差值最大的30个街道（共130个）" in admin.note
    table = comparison.table
    part = table[table["kind"] == "admin"]
    streets_total = admin.rows[-6:-4]
    assert [row[5].text for row in streets_total] == [
        f"{int(part[r.name].sum()):,}" for r in comparison.succeeded
    ]
    kinds = comparison.succeeded[1].result.kinds.set_index("kind")  # type: ignore[union-attr]
    assert admin.rows[-1][5].text == f"{int(kinds.loc['admin', 'pool']):,}"
