"""Committee decisions in the outputs: CSV, workbook (决定 column, 决定事项), report, manifest, why.

The small district of tests/conftest.py with two decisions: 东城街道 admin decided at 30
(proposal 27; 南湖街道, 北山街道 and 滨江街道 pay one each) and 北山街道 institutional
kept at its current 28 (proposal 26).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

import quota
from quota.io.decisions import read_decision_workbook
from quota.outputs import workbook
from quota.outputs.decisions import build_decision_tables, explain_decision
from quota.outputs.report import build_report_context, render_html, render_markdown
from quota.results.result import Result
from tests.conftest import SMALL_CSV, small_scenario, write_scenario

DECISIONS: list[dict[str, Any]] = [
    {
        "street": "东城街道",
        "kind": "admin",
        "total": 30,
        "reason": "承担新区建设任务",
        "source": "区委编委会2026年第3次会议",
    },
    {"street": "北山街道", "kind": "institutional", "keep_current": True},
]
#: the allocation sheet of the small district: 5 streets from row 4, 合计 in row 9
FIRST_ROW, TOTAL_ROW = 4, 9
#: each kind's columns: 8 numbers and 决定 (B:J, K:S); with decisions 测算方案 too (B:K, L:U)
ADMIN_DECISION, INSTITUTIONAL_DECISION = "J", "S"


def scenario(folder: Path, name: str = "small.yaml", **overrides: Any) -> Path:
    (folder / "streets.csv").write_text(SMALL_CSV, encoding="utf-8")
    return write_scenario(folder, small_scenario(**overrides), name)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("decisions")


@pytest.fixture(scope="module")
def plain(folder: Path) -> Result:
    return quota.allocate(scenario(folder, "plain.yaml"))


@pytest.fixture(scope="module")
def decided(folder: Path) -> Result:
    return quota.allocate(scenario(folder, "decided.yaml", decisions=DECISIONS))


@pytest.fixture(scope="module")
def written(decided: Result, folder: Path) -> Path:
    return decided.write(folder / "out")


def rows_of(path: Path) -> list[dict[str, str]]:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return frame.to_dict(orient="records")  # type: ignore[return-value]


# --------------------------------------------------------------------------
# allocation.csv and manifest.json
# --------------------------------------------------------------------------


def test_csv_gains_the_proposal_and_the_decision_in_words(
    decided: Result, plain: Result, written: Path, folder: Path
) -> None:
    rows = rows_of(written / "allocation.csv")
    assert list(rows[0])[-2:] == ["auto_total", "decided"]
    assert [r["auto_total"] for r in rows] == [str(v) for v in plain.table["total"]]
    words = {(r["street"], r["kind"]): r["decided"] for r in rows if r["decided"]}
    assert words == {
        ("东城街道", "admin"): "核定30名",
        ("北山街道", "institutional"): "维持现有编制28名",
    }
    english = rows_of(decided.write(folder / "en", lang="en") / "allocation.csv")
    words = {(r["street"], r["kind"]): r["decided"] for r in english if r["decided"]}
    assert words == {
        ("东城街道", "admin"): "total 30",
        ("北山街道", "institutional"): "keep the current 28",
    }


def test_csv_without_decisions_has_no_decision_columns(plain: Result, folder: Path) -> None:
    header = (plain.write(folder / "plain") / "allocation.csv").read_text(encoding="utf-8-sig")
    assert header.splitlines()[0].split(",")[-2:] == ["score", "ideal"]
    manifest = json.loads((folder / "plain" / "manifest.json").read_text(encoding="utf-8"))
    assert "decisions" not in manifest


def test_manifest_records_every_decision(written: Path) -> None:
    manifest = json.loads((written / "manifest.json").read_text(encoding="utf-8"))
    first, second = manifest["decisions"]
    assert first == {
        "number": 1,
        "origin": "scenario",
        "fix": "东城街道:admin=30",
        "street": "东城街道",
        "kind": "admin",
        "reason": "承担新区建设任务",
        "source": "区委编委会2026年第3次会议",
        "from_reserve": False,
        "lower": 30,
        "upper": 30,
        "auto_total": 27,
        "total": 30,
        "cost": first["cost"],
    }
    assert first["cost"] > 0
    assert second["fix"] == "北山街道:institutional=keep"
    assert (second["lower"], second["upper"], second["reason"]) == (28, 28, None)
    assert manifest["decisions_cost"] > 0


# --------------------------------------------------------------------------
# the review workbook
# --------------------------------------------------------------------------


def test_every_workbook_has_an_empty_unlocked_decision_column(plain: Result, folder: Path) -> None:
    path = workbook.write_workbook(plain, folder / "plain.xlsx")
    sheet = openpyxl.load_workbook(path)["编制分配表"]
    assert (sheet["B2"].value, sheet["K2"].value) == ("行政编制", "事业编制")
    for column in (ADMIN_DECISION, INSTITUTIONAL_DECISION):
        assert sheet[f"{column}3"].value == "决定"
        cells = [sheet[f"{column}{r}"] for r in range(FIRST_ROW, TOTAL_ROW)]
        assert [c.value for c in cells] == [None] * 5
        assert all(not c.protection.locked for c in cells)
        assert {c.fill.fgColor.rgb for c in cells} == {"FFFFF2CC"}
        assert {c.number_format for c in cells} == {"@"}  # "+2" stays as typed
        total = sheet[f"{column}{TOTAL_ROW}"]
        assert total.value is None and total.protection.locked
    assert sheet[f"I{TOTAL_ROW}"].value == "=SUM(I4:I8)"  # the column before still sums
    assert sheet["B4"].protection.locked and sheet["A4"].protection.locked
    protection = sheet.protection
    assert protection.sheet and not protection.password
    # OOXML flags say what is *forbidden*: False = allowed
    assert not protection.formatColumns and not protection.formatRows
    assert not protection.sort and not protection.autoFilter
    assert not protection.selectLockedCells and not protection.selectUnlockedCells
    assert protection.formatCells and protection.insertRows and protection.deleteColumns
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage  # one page wide
    assert sheet.page_setup.paperSize == 9  # A4
    notes = [sheet.cell(r, 1).value for r in range(TOTAL_ROW + 1, sheet.max_row + 1)]
    assert any("--decisions" in str(n) for n in notes)


def test_with_decisions_the_proposal_stands_before_the_total(written: Path) -> None:
    book = openpyxl.load_workbook(written / "allocation.xlsx")
    assert book.sheetnames[:3] == ["编制分配表", "决定事项", "参数"]
    sheet = book["编制分配表"]
    headers = [c.value for c in sheet[3][1:11]]
    assert headers[3:6] == ["周转编制", "测算方案", "核定编制"] and headers[-1] == "决定"
    assert (sheet["F4"].value, sheet["G4"].value) == (27, 30)  # 东城街道 admin
    assert sheet["K4"].value is None and not sheet["K4"].protection.locked
    assert sheet["L2"].value == "事业编制" and sheet["U3"].value == "决定"
    assert sheet[f"K{TOTAL_ROW}"].value is None


def test_the_decisions_sheet_lists_cost_payers_and_moved_streets(written: Path) -> None:
    rows = list(openpyxl.load_workbook(written / "allocation.xlsx")["决定事项"].values)
    texts = [[c for c in row if c is not None] for row in rows]
    first = next(r for r in texts if r[:2] == [1, "东城街道"])
    assert first[2:7] == [
        "行政编制",
        "核定30名",
        "承担新区建设任务",
        "区委编委会2026年第3次会议",
        "方案文件",
    ]
    assert first[7:9] == [27, 30] and isinstance(first[9], float) and first[9] > 0
    assert "→" in first[10] and first[11] == "南湖街道 −1、北山街道 −1、滨江街道 −1"
    assert any("各项决定共同执行的代价为" in str(r[0]) for r in texts if r)
    moved = [r for r in texts if len(r) == 6 and r[1] in ("行政编制", "事业编制")]
    assert ["南湖街道", "事业编制", 49, 45, -4, "第2项（北山街道）"] in moved
    assert ["东城街道", "行政编制", 27, 30, 3, "第1项（东城街道）"] in moved
    assert len(moved) == 7


def test_promises_show_each_decision_applied(written: Path, decided: Result) -> None:
    rows = list(openpyxl.load_workbook(written / "allocation.xlsx")["保障承诺"].values)
    lines = [(r[1], r[4]) for r in rows if r[1] and str(r[1]).startswith("决定已执行")]
    assert lines == [
        ("决定已执行：东城街道行政编制核定30名", "结果30名 ✓"),
        ("决定已执行：北山街道事业编制维持现有编制28名", "结果28名 ✓"),
    ]
    # the mark is computed: a total outside the decision's bounds is marked ✗
    outcome = decided.decisions
    assert outcome is not None
    wrong = dataclasses.replace(outcome.targets[0], lower=31, upper=31)
    broken = dataclasses.replace(
        decided, decisions=dataclasses.replace(outcome, targets=(wrong, *outcome.targets[1:]))
    )
    table = build_report_context(broken, "zh").promises
    assert table is not None
    assert "结果30名 ✗" in [row[4].text for row in table.rows]


# --------------------------------------------------------------------------
# the round trip: type into the 决定 cells, read them back, solve
# --------------------------------------------------------------------------


def test_typed_decisions_round_trip_to_the_same_allocation(plain: Result, folder: Path) -> None:
    path = workbook.write_workbook(plain, folder / "review.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["编制分配表"]
    sheet[f"{ADMIN_DECISION}4"] = 30  # 东城街道 admin
    sheet[f"{ADMIN_DECISION}8"] = "+1"  # 滨江街道 admin: current 26 + 1
    sheet[f"{INSTITUTIONAL_DECISION}7"] = "keep"  # 北山街道 institutional
    edited = folder / "edited.xlsx"
    book.save(edited)
    decisions = read_decision_workbook(edited)
    assert [(d.street, d.kind, d.form, d.amount, d.origin) for d in decisions] == [
        ("东城街道", "行政编制", "total", 30, "workbook"),
        ("北山街道", "事业编制", "keep_current", 0, "workbook"),
        ("滨江街道", "行政编制", "change", 1, "workbook"),
    ]
    assert decisions[0].source == "edited.xlsx 编制分配表!J4"
    from_workbook = quota.allocate(scenario(folder, "rt.yaml"), decisions=decisions)
    as_yaml = [
        {"street": "东城街道", "kind": "admin", "total": 30},
        {"street": "滨江街道", "kind": "admin", "change": 1},
        {"street": "北山街道", "kind": "institutional", "keep_current": True},
    ]
    from_yaml = quota.allocate(scenario(folder, "rt-yaml.yaml", decisions=as_yaml))
    pd.testing.assert_frame_equal(from_workbook.table, from_yaml.table)
    assert from_workbook.table["decided"].ne("").sum() == 3


def test_an_english_workbook_round_trips_too(plain: Result, folder: Path) -> None:
    path = workbook.write_workbook(plain, folder / "review-en.xlsx", lang="en")
    book = openpyxl.load_workbook(path)
    sheet = book["allocation"]
    assert sheet[f"{INSTITUTIONAL_DECISION}3"].value == "decision"
    sheet[f"{INSTITUTIONAL_DECISION}4"] = ">=41"  # 东城街道 institutional
    book.save(path)
    (decision,) = read_decision_workbook(path)
    assert (decision.street, decision.kind, decision.form, decision.amount) == (
        "东城街道",
        "institutional",
        "at_least",
        41,
    )
    result = quota.allocate(scenario(folder, "rt-en.yaml"), decisions=[decision])
    row = result.table[
        (result.table["street"] == "东城街道") & (result.table["kind"] == "institutional")
    ]
    assert int(row["total"].iloc[0]) >= 41


def test_a_cell_that_is_not_a_decision_names_the_cell(plain: Result, folder: Path) -> None:
    path = workbook.write_workbook(plain, folder / "bad.xlsx")
    book = openpyxl.load_workbook(path)
    book["编制分配表"][f"{ADMIN_DECISION}5"] = "三十"
    book.save(path)
    with pytest.raises(quota.InputError) as info:
        read_decision_workbook(path)
    text = info.value.render("zh")[0]
    assert "J5" in text and "西城街道" in text and "三十" in text


# --------------------------------------------------------------------------
# why this number, and the report
# --------------------------------------------------------------------------


def texts_of(result: Result, lang: str) -> dict[tuple[str, str], str]:
    why = result.explain(lang)
    return dict(zip(zip(why["street"], why["kind"], strict=True), why["text"], strict=True))


def test_explanations_name_the_decision(decided: Result, plain: Result) -> None:
    zh = texts_of(decided, "zh")
    assert (
        "编委会决定核定30名（理由：承担新区建设任务；来源：区委编委会2026年第3次会议）"
        in zh[("东城街道", "admin")]
    )
    assert "较测算方案27名增加3名" in zh[("东城街道", "admin")]
    assert "维持现有编制28名（编委会决定）" in zh[("北山街道", "institutional")]
    payer = zh[("北山街道", "admin")]
    assert "因编委会决定东城街道核定30名，本街道较测算方案减少1名" in payer
    assert "取整" not in payer  # the reason is the decision, not the rounding
    assert (
        "因编委会决定北山街道维持现有编制28名，本街道较测算方案减少4名"
        in zh[("南湖街道", "institutional")]
    )
    en = texts_of(decided, "en")
    assert "committee decision: total 30 (reason: 承担新区建设任务" in en[("东城街道", "admin")]
    payer = en[("北山街道", "admin")]
    assert "because of the committee's decision 东城街道 total 30, its total is 1 below" in payer
    assert "rounded" not in payer
    reasons = decided.explain("zh").set_index(["street", "kind"])["reasons"]
    assert reasons[("东城街道", "admin")] == "decided"
    assert reasons[("北山街道", "admin")] == "decision"
    # streets no decision moved keep their explanation word for word
    before, after = texts_of(plain, "zh"), texts_of(decided, "zh")
    assert after[("西城街道", "admin")] == before[("西城街道", "admin")]
    assert after[("东城街道", "institutional")] == before[("东城街道", "institutional")]


def test_a_street_only_the_decisions_together_move(decided: Result) -> None:
    outcome = decided.decisions
    assert outcome is not None
    together = dict(outcome.causes)
    together["admin"] = [
        (0,) if c == (1,) and i > 0 else c for i, c in enumerate(together["admin"])
    ]
    result = dataclasses.replace(decided, decisions=dataclasses.replace(outcome, causes=together))
    code, text = explain_decision(
        result.decisions, "admin", 3, quantified=9, total=24, lang="zh"
    ) or ("", "")
    assert code == "decision"
    assert text.startswith("因编委会各项决定共同作用，本街道较测算方案减少1名")
    moved = build_decision_tables(result, "zh")[1]
    assert [c.text for c in moved.rows[1]][-1] == "各项决定共同作用"
    _, text = explain_decision(result.decisions, "admin", 3, quantified=9, total=24, lang="en") or (
        "",
        "",
    )
    assert text.startswith("because of the committee's decisions together, its total is 1 below")


def test_report_has_the_decisions_section(decided: Result, plain: Result) -> None:
    context = build_report_context(decided, "zh")
    markdown = render_markdown(context)
    assert markdown.count("## 附：决定事项") == 1
    section = markdown[markdown.index("## 附：决定事项") : markdown.index("## 附：保障承诺核验")]
    assert "| 1 | 东城街道 | 行政编制 | 核定30名 | 承担新区建设任务 |" in section
    assert "南湖街道 −1、北山街道 −1、滨江街道 −1" in section
    assert "**较测算方案有变化的街道**" in section and "第2项（北山街道）" in section
    assert "决定已执行：东城街道行政编制核定30名 | 是 | – | 结果30名 ✓" in markdown
    assert "编委会决定2项" in markdown.split("## 二、")[0]  # in the summary
    assert "| 测算方案 | 核定编制 |" in markdown
    html = render_html(context)
    assert html.count("<h2>附：决定事项</h2>") == 1
    assert html.index("<h2>附：决定事项</h2>") < html.index("<h2>附：保障承诺核验</h2>")
    english = render_markdown(build_report_context(decided, "en"))
    assert "## Committee decisions" in english and "Decision applied: 东城街道" in english
    plain_md = render_markdown(build_report_context(plain, "zh"))
    assert "决定事项" not in plain_md and "测算方案" not in plain_md


def test_user_text_in_the_decisions_section_is_escaped(folder: Path) -> None:
    hostile = [{**DECISIONS[0], "reason": "<script>alert(1)</script>|x", "source": "[a](b)"}]
    result = quota.allocate(scenario(folder, "hostile.yaml", decisions=hostile))
    context = build_report_context(result, "zh")
    markdown, html = render_markdown(context), render_html(context)
    assert "<script>" not in markdown and "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;\\|x" in markdown and "&#91;a&#93;(b)" in markdown


def test_large_tables_still_list_the_decided_and_moved_streets(
    decided: Result, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quota.outputs import report_tables

    monkeypatch.setattr(report_tables, "REPORT_TOP_N", 1)
    admin = decided.table[decided.table["kind"] == "admin"]
    shown = report_tables.select_report_streets(admin, limit=2)
    assert "东城街道" not in set(shown["street"])  # neither the largest gain nor cut
    shown = report_tables.select_report_streets(admin, limit=2, decided={"东城街道"})
    assert "东城街道" in set(shown["street"])
    monkeypatch.setattr(workbook, "EXPLAIN_ALL_MAX_ROWS", 3)
    rows = workbook.select_explained_rows(decided)
    assert rows is not None
    moved = {("admin", s) for s in ("东城街道", "南湖街道", "北山街道", "滨江街道")}
    moved |= {("institutional", s) for s in ("南湖街道", "北山街道", "滨江街道")}
    assert moved <= set(rows)
