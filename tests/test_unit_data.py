"""A level's own figures (``unit_data:``): API, command line, hostile tables, a property."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quota
from quota.cli import cli
from quota.errors import InfeasibleError
from quota.results.result import Result
from tests.conftest import REPO, write_scenario
from tests.test_levels import check_reconciles, write_city

EXAMPLES = int(os.environ.get("QUOTA_HYPOTHESIS_EXAMPLES", "40"))

TINY_STREETS = "区县,街道名称,常住人口\nA区,a1,100\nA区,a2,100\nB区,b1,200\n"


def tiny(folder: Path, districts: str | None, **kind: Any) -> Path:
    """Two districts (A: two streets, B: one), one kind, population only, no base, no turnover."""
    (folder / "streets.csv").write_text(TINY_STREETS, encoding="utf-8")
    raw: dict[str, Any] = {
        "name": "tiny",
        "data": "streets.csv",
        "levels": ["district", "street"],
        "kinds": {"admin": {"pool": 40, "indicators": {"population": 1.0}, **kind}},
        "constraints": {"no_dismissal": False},
    }
    if districts is not None:
        (folder / "districts.csv").write_text(districts, encoding="utf-8-sig")
        raw["unit_data"] = "districts.csv"
    return write_scenario(folder, raw, "tiny.yaml")


def units_of(result: Result, kind: str = "admin") -> pd.DataFrame:
    assert result.levels is not None
    units = result.levels.units
    return units[units["kind"] == kind].set_index("unit")


def test_own_indicators_change_the_upper_split_as_by_hand(tmp_path: Path) -> None:
    # by the sums A and B have 200 people each: 20 quotas each; A's own 600 against B's 200:
    # A's share is 600 / 800 = 0.75 of the 40 quantified quotas, 30 and 10
    plain = units_of(quota.allocate(tiny(tmp_path, None)))
    assert plain.loc["A区", "allocated"] == plain.loc["B区", "allocated"] == 20
    result = quota.allocate(tiny(tmp_path, "区县,常住人口\nA区,600\n"))
    units = units_of(result)
    assert units.loc["A区", "score"] == pytest.approx(0.75)
    assert (units.loc["A区", "allocated"], units.loc["B区", "allocated"]) == (30, 10)
    # within A the streets still divide by their own figures: 15 and 15
    table = result.table.set_index("street")
    assert (table.loc["a1", "total"], table.loc["a2", "total"]) == (15, 15)
    assert result.levels is not None
    own = result.levels.own_figures
    assert own.to_dict(orient="records") == [
        {
            "level": "district",
            "unit": "A区",
            "column": "population",
            "kind": "",
            "role": "indicator",
            "value": 600.0,
        }
    ]
    check_reconciles(result)


def test_own_staff_on_board_raise_a_districts_total(tmp_path: Path) -> None:
    streets = "区县,街道名称,常住人口,行政实有人数\nA区,a1,100,5\nA区,a2,100,5\nB区,b1,200,10\n"
    (tmp_path / "streets.csv").write_text(streets, encoding="utf-8")
    raw = {
        "name": "tiny",
        "data": "streets.csv",
        "levels": ["district", "street"],
        "kinds": {"admin": {"pool": 40, "turnover_share": 0.1, "indicators": {"population": 1}}},
        "unit_data": "districts.csv",
    }
    (tmp_path / "districts.csv").write_text("区县,行政实有人数\nB区,30\n", encoding="utf-8-sig")
    result = quota.allocate(write_scenario(tmp_path, raw, "tiny.yaml"))
    units = units_of(result)
    assert units.loc["B区", "lower"] == 30
    assert units.loc["B区", "allocated"] >= 30
    check_reconciles(result)
    # without the promise of no dismissal the own staff bind nothing
    relaxed = quota.allocate(
        write_scenario(tmp_path, {**raw, "constraints": {"no_dismissal": False}}, "r.yaml")
    )
    assert units_of(relaxed).loc["B区", "allocated"] < 30


def test_own_current_quotas_are_shown_for_the_unit(tmp_path: Path) -> None:
    from quota.outputs.level_view import build_level_view

    path = write_city(tmp_path, unit_data="districts.csv")
    (tmp_path / "districts.csv").write_text(
        "区县,现有行政编制,行政实有人数\n东城区,90,\n西城区,,70\n", encoding="utf-8-sig"
    )
    result = quota.allocate(path)
    view = build_level_view(result)
    assert view is not None
    frame = view.units["district"].set_index(["unit", "kind"])
    assert frame.loc[("东城区", "admin"), "current"] == 90
    assert (
        frame.loc[("东城区", "admin"), "change"]
        == frame.loc[("东城区", "admin"), "streets_total"] - 90
    )
    assert frame.loc[("西城区", "admin"), "onboard"] == 70
    assert frame.loc[("南湖区", "admin"), "current"] == 29 + 19  # the sum over its streets
    notices = [n.render("zh") for n in result.notices if hasattr(n, "render")]
    assert any("东城区" in n and "现有行政编制" in n for n in notices)


def test_the_bundled_example_runs_and_says_what_it_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(
        cli, ["run", str(REPO / "scenarios/yangquan-unit-data.yaml"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "districts.csv" in result.output and "郊区" in result.output
    report = (out / "yangquan-unit-data" / "report.md").read_text(encoding="utf-8")
    assert "附：数据说明" in report and "districts.csv" in report
    # the notes under the level tables name the unit whose current quotas are its own
    own_note = "郊区的现有编制、实有人数中，区县数据表给出的取该表数值"
    assert own_note in report
    book = openpyxl.load_workbook(out / "yangquan-unit-data" / "allocation.xlsx", read_only=True)
    notes = [str(c) for row in book["全市汇总"].iter_rows(values_only=True) for c in row if c]
    assert any(own_note in n for n in notes)
    import docx

    document = docx.Document(str(out / "yangquan-unit-data" / "report.docx"))
    words = "\n".join(p.text for p in document.paragraphs)
    assert own_note in words  # under the districts' attachment
    assert "郊区的“行政实有人数”取本表数值" in words  # in 三、测算结果
    plain = out / "plain"
    runner.invoke(cli, ["run", str(REPO / "scenarios/yangquan-levels.yaml"), "--out", str(plain)])
    assert "区县数据表给出" not in (plain / "yangquan-levels" / "report.md").read_text("utf-8")
    again = quota.allocate(REPO / "scenarios/yangquan-unit-data.yaml")
    check_reconciles(again)
    units = units_of(again)
    assert units.loc["郊区", "allocated"] >= 109
    assert (out / "yangquan-unit-data" / "levels.csv").read_bytes() == (
        _rerun(tmp_path / "again") / "levels.csv"
    ).read_bytes()


def test_the_manifest_and_the_workbook_record_each_unit_table_and_its_hash(tmp_path: Path) -> None:
    import hashlib
    import json

    folder = _rerun(tmp_path / "out")
    table = (REPO / "data/yangquan/districts.csv").resolve()
    digest = hashlib.sha256(table.read_bytes()).hexdigest()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"]["unit_data"] == {
        "district": {"path": str(table), "sheet": None, "sha256": digest}
    }
    book = openpyxl.load_workbook(folder / "allocation.xlsx", read_only=True)
    rows = [r[:2] for r in book["参数"].iter_rows(values_only=True)]
    place = rows.index(("区县本级数据表", str(table)))
    assert rows[place + 1] == ("SHA-256", digest)
    # a one-level or plain levels run records no unit table
    plain = tmp_path / "plain"
    CliRunner().invoke(
        cli, ["run", str(REPO / "scenarios/yangquan-levels.yaml"), "--out", str(plain)]
    )
    inputs = json.loads((plain / "yangquan-levels" / "manifest.json").read_text("utf-8"))["inputs"]
    assert "unit_data" not in inputs


def test_an_xlsx_unit_table_is_recorded_with_its_sheet(tmp_path: Path) -> None:
    path = tiny(tmp_path, None)
    frame = pd.DataFrame({"区县": ["A区"], "常住人口": [600]})
    with pd.ExcelWriter(tmp_path / "d.xlsx") as writer:
        frame.to_excel(writer, sheet_name="区县", index=False)
    text = path.read_text(encoding="utf-8") + "unit_data: {path: d.xlsx, sheet: 区县}\n"
    path.write_text(text, encoding="utf-8")
    result = quota.allocate(path)
    assert result.levels is not None
    file = result.levels.unit_files["district"]
    assert (file["path"], file["sheet"]) == (str((tmp_path / "d.xlsx").resolve()), "区县")
    assert len(str(file["sha256"])) == 64


def _rerun(out: Path) -> Path:
    result = CliRunner().invoke(
        cli, ["run", str(REPO / "scenarios/yangquan-unit-data.yaml"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out / "yangquan-unit-data"


def test_without_unit_data_the_scenario_dumps_as_before() -> None:
    scenario = quota.load_scenario(REPO / "scenarios/yangquan-levels.yaml")
    assert "unit_data" not in scenario.model_dump(mode="json")
    with_data = quota.load_scenario(REPO / "scenarios/yangquan-unit-data.yaml")
    dumped = with_data.model_dump(mode="json")["unit_data"]
    assert dumped == {
        "district": {"path": str((REPO / "data/yangquan/districts.csv").resolve()), "sheet": None}
    }


# --------------------------------------------------------------------------
# Hostile tables: exit 2, the file, row and column named, nothing written
# --------------------------------------------------------------------------

HOSTILE = [
    ("区县,常住人口\nA 区x,600\n", ["districts.csv", "第2行", "区县", "A区"], ["row 2", "'A区'"]),
    ("区县,常住人口\nA区,600\nA区,700\n", ["第3行", "重复", "第2行"], ["row 3", "appears again"]),
    ("区县,常住人口\nA区,很多\n", ["第2行", "常住人口"], ["row 2", "'常住人口'"]),
    ("区县,常住人口\nA区,-5\n", ["第2行", "常住人口", "-5"], ["row 2", "0 or more"]),
    ("区县,人均收入\nA区,5\n", ["人均收入", "常住人口"], ["'人均收入'", "'常住人口'"]),
    ("区县,内设机构数\nA区,5\n", ["内设机构数", "基础编制"], ["'内设机构数'", "base quotas"]),
    ("街道,常住人口\na1,5\n", ["districts.csv", "区县"], ["no district column"]),
]


@pytest.mark.parametrize(("table", "zh", "en"), HOSTILE)
def test_a_bad_unit_table_exits_2_naming_the_cell(
    tmp_path: Path, table: str, zh: list[str], en: list[str]
) -> None:
    path = tiny(tmp_path, table, base={"per_office": 2})
    (tmp_path / "streets.csv").write_text(
        "区县,街道名称,常住人口,内设机构数\nA区,a1,100,5\nA区,a2,100,5\nB区,b1,200,5\n",
        encoding="utf-8",
    )
    for lang, words in (("zh", zh), ("en", en)):
        exits_2_naming(path, tmp_path / f"out-{lang}", lang, words)


def exits_2_naming(path: Path, out: Path, lang: str, words: list[str]) -> str:
    """``quota run`` exits 2 without a traceback, names every word and writes nothing."""
    result = CliRunner().invoke(cli, ["run", str(path), "--out", str(out), "--lang", lang])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.output, (word, result.output)
    assert not out.exists()
    return result.output


@pytest.mark.parametrize(
    ("raw", "zh", "en"),
    [
        (
            {"unit_data": "districts.csv", "levels": None},
            ["unit_data", "levels"],
            ["goes with levels"],
        ),
        (
            {"unit_data": {"city": "districts.csv"}},
            ["unit_data.city", "district"],
            ["unit_data.city", "not one of the scenario's levels"],
        ),
        (
            {"unit_data": {"street": "districts.csv"}},
            ["unit_data.street"],
            ["unit_data.street"],
        ),
    ],
)
def test_unit_data_keys_that_cannot_hold_exit_2(
    tmp_path: Path, raw: dict[str, Any], zh: list[str], en: list[str]
) -> None:
    path = tiny(tmp_path, "区县,常住人口\nA区,600\n")
    scenario = {
        "name": "tiny",
        "data": "streets.csv",
        "levels": ["district", "street"],
        "kinds": {"admin": {"pool": 40, "indicators": {"population": 1.0}}},
        "constraints": {"no_dismissal": False},
        **raw,
    }
    scenario = {k: v for k, v in scenario.items() if v is not None}
    path = write_scenario(tmp_path, scenario, "bad.yaml")
    for lang, words in (("zh", zh), ("en", en)):
        result = CliRunner().invoke(cli, ["validate", str(path), "--lang", lang])
        assert result.exit_code == 2, result.output
        assert "bad.yaml" in result.output and "Traceback" not in result.output
        for word in words:
            assert word in result.output, (word, result.output)


def test_a_unit_table_that_is_missing_exits_2(tmp_path: Path) -> None:
    path = tiny(tmp_path, None)
    raw = {
        "name": "tiny",
        "data": "streets.csv",
        "levels": ["district", "street"],
        "kinds": {"admin": {"pool": 40, "indicators": {"population": 1.0}}},
        "constraints": {"no_dismissal": False},
        "unit_data": "nowhere.csv",
    }
    path = write_scenario(tmp_path, raw, "tiny.yaml")
    result = CliRunner().invoke(cli, ["run", str(path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2, result.output
    assert "nowhere.csv" in result.output
    assert not (tmp_path / "o").exists()


def test_blank_cells_and_unlisted_units_keep_the_sums(tmp_path: Path) -> None:
    plain = quota.allocate(tiny(tmp_path, None))
    blank = quota.allocate(tiny(tmp_path, "区县,常住人口\nA区,\n合计,\n"))
    pd.testing.assert_frame_equal(plain.table, blank.table)
    assert blank.levels is not None and blank.levels.own_figures.empty


# --------------------------------------------------------------------------
# A property: a unit table that repeats the sums changes nothing
# --------------------------------------------------------------------------


@st.composite
def cities(draw: st.DrawFn) -> tuple[pd.DataFrame, dict[str, Any]]:
    n = draw(st.integers(2, 7))
    districts = [f"D{d}" for d in draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))]
    population = draw(st.lists(st.integers(1, 90_000), min_size=n, max_size=n))
    cases = draw(st.lists(st.integers(1, 900), min_size=n, max_size=n))
    onboard = draw(st.lists(st.integers(0, 12), min_size=n, max_size=n))
    current = draw(st.lists(st.integers(0, 14), min_size=n, max_size=n))
    frame = pd.DataFrame(
        {
            "区县": districts,
            "街道": [f"S{i}" for i in range(n)],
            "常住人口": population,
            "执法案件数": cases,
            "现有行政编制": current,
            "行政实有人数": onboard,
        }
    )
    pool = int(sum(onboard)) + draw(st.integers(1, 40))
    raw = {
        "name": "prop",
        "data": "streets.csv",
        "levels": ["district", "street"],
        "kinds": {
            "admin": {
                "pool": pool,
                "turnover_share": draw(st.sampled_from([0.0, 0.05, 0.2])),
                "indicators": {
                    "population": draw(st.sampled_from([0.3, 0.5, 1.0])),
                    "enforcement_cases": {
                        "weight": 0.5,
                        "transform": draw(st.sampled_from(["none", "sqrt", "log1p"])),
                    },
                },
            }
        },
    }
    return frame, raw


@settings(
    max_examples=max(EXAMPLES // 2, 10),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=cities())
def test_a_unit_table_of_the_sums_gives_the_same_allocation(
    tmp_path: Path, case: tuple[pd.DataFrame, dict[str, Any]]
) -> None:
    frame, raw = case
    frame.to_csv(tmp_path / "streets.csv", index=False, encoding="utf-8")
    sums = frame.groupby("区县", sort=False)[
        ["常住人口", "执法案件数", "现有行政编制", "行政实有人数"]
    ].sum()
    sums.reset_index().to_csv(tmp_path / "districts.csv", index=False, encoding="utf-8-sig")
    with_table = {**raw, "unit_data": "districts.csv"}
    try:
        plain = quota.allocate(write_scenario(tmp_path, raw, "plain.yaml"))
    except InfeasibleError as exc:  # then the same conflicts, in the same words
        with pytest.raises(InfeasibleError) as again:
            quota.allocate(write_scenario(tmp_path, with_table, "own.yaml"))
        assert again.value.render("en") == exc.render("en")
        return
    own = quota.allocate(write_scenario(tmp_path, with_table, "own.yaml"))
    pd.testing.assert_frame_equal(plain.table, own.table)
    assert plain.levels is not None and own.levels is not None
    pd.testing.assert_frame_equal(plain.levels.table, own.levels.table)
    assert np.array_equal(plain.levels.units["score"], own.levels.units["score"])


# --------------------------------------------------------------------------
# A column of a level above: checked against the street table when it is a level
# --------------------------------------------------------------------------

CITY_STREETS = "市,区县,街道名称,常住人口\n甲市,A区,a1,100\n甲市,A区,a2,100\n乙市,B区,b1,200\n"


def _three_levels(folder: Path, districts: str) -> Path:
    (folder / "streets.csv").write_text(CITY_STREETS, encoding="utf-8")
    (folder / "districts.csv").write_text(districts, encoding="utf-8")
    raw = {
        "name": "cities",
        "data": "streets.csv",
        "levels": ["city", "district", "street"],
        "kinds": {"admin": {"pool": 40, "indicators": {"population": 1.0}}},
        "constraints": {"no_dismissal": False},
        "unit_data": {"district": "districts.csv"},
    }
    return write_scenario(folder, raw, "cities.yaml")


def test_a_units_parent_as_the_street_table_has_it_is_accepted(tmp_path: Path) -> None:
    # 省 is not a level of this scenario: a label, not checked; an empty 市 cell is not checked
    path = _three_levels(tmp_path, "省,市,区县,常住人口\n某省,甲市,A区,600\n某省,,B区,200\n")
    result = quota.allocate(path)
    check_reconciles(result)
    assert result.levels is not None
    own = result.levels.own_figures.set_index("unit")["value"]
    assert own.to_dict() == {"A区": 600.0, "B区": 200.0}


def test_a_units_parent_unlike_the_street_tables_exits_2_naming_the_cell(tmp_path: Path) -> None:
    path = _three_levels(tmp_path, "市,区县,常住人口\n甲市,A区,600\n甲 市,B区,200\n")
    for lang, words in (
        ("zh", ["districts.csv", "第3行", "“市”", "B区", "甲市", "乙市"]),
        ("en", ["districts.csv", "row 3", "'B区'", "'甲市'", "'乙市'"]),
    ):
        output = exits_2_naming(path, tmp_path / f"out-{lang}", lang, words)
        assert "第2行" not in output and "row 2" not in output  # A区 is in 甲市
