"""What the page shows: the table with its three comparisons, totals that add up, charts,
fairness, decisions and who paid, the large-table selection; in Chinese and English."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest
import yaml

from quota.analysis.synth import synth_scenario_dict, synth_streets
from quota.app.charts import nice_ceiling
from quota.app.state import Meeting
from quota.app.view import (
    AGGREGATE_ABOVE,
    TOP_N,
    build_view,
    find_streets,
    signed,
)
from tests.conftest import REPO

XINZHOU = REPO / "scenarios" / "xinzhou-baseline.yaml"


@pytest.fixture(scope="module")
def meeting() -> Meeting:
    return Meeting(XINZHOU)


def test_table_rows_totals_and_balance(meeting: Meeting) -> None:
    view = build_view(meeting, "zh")
    admin = view.kinds["admin"]
    names = [c["name"] for c in admin.columns]
    assert names == [
        "street",
        "current",
        "base",
        "quantified",
        "turnover",
        "total",
        "change",
        "vs_loaded",
        "vs_saved",
        "onboard",
        "vacancy",
        "decided",
    ]
    assert [c["label"] for c in admin.columns][:3] == ["街道", "现有编制", "基础编制"]
    assert len(admin.rows) == 12
    for row in admin.rows:
        assert row["total"] == row["base"] + row["quantified"] + row["turnover"]
        assert row["cut"] == (row["change_n"] < 0)
    assert admin.total_row["total"] == sum(r["total"] for r in admin.rows) == 379
    assert admin.adds_up
    assert admin.balance == "街道核定合计 379 名 + 区级周转预留 13 名 = 编制总量 392 名"
    assert {r["street"] for r in admin.rows if r["cut"]} == {"仓埠街道", "旧街街道", "涨渡湖街道"}
    assert view.problem == [] and view.decisions == []


def test_english_labels(meeting: Meeting) -> None:
    view = build_view(meeting, "en")
    admin = view.kinds["admin"]
    assert admin.title == "administrative"
    assert [c["label"] for c in admin.columns][6:9] == [
        "vs current",
        "vs as loaded",
        "vs last saved",
    ]
    assert admin.balance == "streets 379 + district reserve 13 = pool 392"
    assert admin.fairness[0]["basis"] == "quantified"
    assert view.status.startswith("changes: 0")


def test_changes_show_against_loaded_and_saved() -> None:
    meeting = Meeting(XINZHOU)
    meeting.set_pool("admin", 412)
    view = build_view(meeting, "zh").kinds["admin"]
    moved = sum(r["vs_loaded_n"] for r in view.rows)
    assert moved == view.total_row["total"] - 379 > 0
    assert [r["vs_loaded"] for r in view.rows] == [r["vs_saved"] for r in view.rows]
    meeting.mark_saved(Path("saved.yaml"))
    meeting.set_pool("admin", 392)
    again = build_view(meeting, "zh").kinds["admin"]
    assert all(r["vs_loaded_n"] == 0 for r in again.rows)
    assert sum(r["vs_saved_n"] for r in again.rows) == -moved


def test_decisions_who_paid_and_the_proposal_column() -> None:
    meeting = Meeting(XINZHOU)
    meeting.pin("admin", 0, 56, reason="新城区建设")
    view = build_view(meeting, "zh")
    admin = view.kinds["admin"]
    assert "vs_proposal" in [c["name"] for c in admin.columns]
    first = admin.rows[0]
    assert first["pinned"] and first["decided"] == "核定56名"
    (row,) = view.decisions
    assert row["title"] == "决定1：邾城街道（行政编制）核定56名"
    assert row["reason"] == "新城区建设"
    assert row["payers"].startswith("单独执行此决定时变动的街道：")
    moved = [r for r in admin.rows[1:] if r["vs_proposal_n"]]
    assert moved and all(r["street"] in row["payers"] for r in moved)
    english = build_view(meeting, "en").decisions[0]
    assert english["title"] == "Decision 1: 邾城街道 (administrative) total 56"


def test_infeasible_state_is_the_sentence_over_the_last_feasible_view() -> None:
    meeting = Meeting(XINZHOU)
    meeting.set_pool("admin", 100)
    view = build_view(meeting, "zh")
    assert view.problem and "100" in view.problem[0]
    assert view.kinds["admin"].total_row["total"] == 379  # the last feasible state


def test_charts_are_echarts_options(meeting: Meeting) -> None:
    view = build_view(meeting, "zh").kinds["institutional"]
    stack, shares = view.stack, view.shares
    assert [s["name"] for s in stack["series"]] == ["基础编制", "量化编制", "周转编制"]
    assert stack["yAxis"]["data"] == list(meeting.streets)
    for i in range(12):
        parts = sum(s["data"][i] for s in stack["series"])
        assert parts == int(meeting.solved.totals["institutional"][i])
    points = shares["series"][0]["data"]
    assert len(points) == 12
    assert sum(p["value"][1] for p in points) == pytest.approx(100, abs=0.01)
    assert shares["xAxis"]["max"] == shares["yAxis"]["max"] == nice_ceiling(shares["xAxis"]["max"])
    json.dumps(asdict(build_view(meeting, "en")), ensure_ascii=False)  # what is sent


def test_weights_typed_and_normalised(tmp_path: Path) -> None:
    meeting = Meeting(XINZHOU)
    meeting.set_weight("admin", "population", 0.7)
    rows = build_view(meeting, "zh").kinds["admin"].weights
    typed = {r["indicator"]: r["typed"] for r in rows}
    assert typed["population"] == 0.7
    total = sum(typed.values())
    for r in rows:
        assert r["normalised"] == pytest.approx(r["typed"] / total)
    assert rows[0]["label"] == "常住人口"


def test_large_tables_list_a_selection_and_the_groups(tmp_path: Path) -> None:
    n = AGGREGATE_ABOVE + 300
    streets = synth_streets(n, seed=3)
    streets.to_csv(tmp_path / "s.csv", index=False)
    raw = synth_scenario_dict(n, 3, data="s.csv", streets=streets)
    path = tmp_path / "big.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    meeting = Meeting(path)
    meeting.pin("admin", 7, int(meeting.solved.totals["admin"][7]) + 1)
    view = build_view(meeting, "zh", {"admin": meeting.streets[1234]})
    admin = view.kinds["admin"]
    assert admin.aggregated and admin.note
    shown = [r["i"] for r in admin.rows]
    assert shown[0] == 7  # the decided street first
    assert 1234 in shown
    assert len(shown) <= 1 + 3 * TOP_N + 50
    assert admin.total_row["total"] == int(meeting.solved.totals["admin"].sum())
    assert admin.groups and sum(g["streets"] for g in admin.groups) == n
    assert sum(g["total"] for g in admin.groups) == admin.total_row["total"]
    assert len(admin.stack["yAxis"]["data"]) <= 32


def test_small_helpers() -> None:
    assert [signed(v) for v in (3, -2, 0, None)] == ["+3", "-2", "0", ""]
    assert find_streets(("东城街道", "西城街道", "南湖"), "城") == [0, 1]
    assert find_streets(("A",), "  ") == []
    assert [nice_ceiling(v) for v in (0.7, 13.2, 21, 0)] == [1.0, 20.0, 25.0, 1.0]
