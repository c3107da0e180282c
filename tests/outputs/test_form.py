"""The collection form (填报表): written by quota.outputs.form, filled in, read back by quota run."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

import quota
from quota.config.columns import canonical_column
from quota.config.scenario import build_scenario
from quota.errors import InputError
from quota.io.table import read_table
from quota.outputs.form import (
    BASE_COLUMNS,
    EMPTY_ROWS,
    build_form_columns,
    check_form_headers,
    write_collection_form,
)
from tests.conftest import SMALL_CSV

KINDS = ("admin", "institutional")
CANONICAL = [
    *BASE_COLUMNS,
    "current_admin",
    "onboard_admin",
    "current_institutional",
    "onboard_institutional",
]


def small_rows() -> pd.DataFrame:
    """The five streets of the shared small district, under canonical names."""
    path_rows = [line.split(",") for line in SMALL_CSV.strip().splitlines()]
    frame = pd.DataFrame(path_rows[1:], columns=[canonical_column(h) for h in path_rows[0]])
    return frame


def fill(path: Path, frame: pd.DataFrame, *, total_row: bool = False) -> None:
    """Fill the form's first sheet like a clerk would: numbers typed into the cells."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    headers = [sheet.cell(1, c).value for c in range(1, sheet.max_column + 1)]
    meaning = {
        c.header: c.canonical for lang in ("zh", "en") for c in build_form_columns(KINDS, lang)
    }
    position = {meaning[str(h)]: i + 1 for i, h in enumerate(headers)}
    for r, record in enumerate(frame.to_dict(orient="records"), start=2):
        for canonical, column in position.items():
            if canonical == "street":
                sheet.cell(r, column, record["street"])
                continue
            raw = record.get(canonical)
            value: Any = 0 if raw is None else float(raw)
            sheet.cell(r, column, int(value) if value == int(value) else value)
    if total_row:
        r = len(frame) + 2
        sheet.cell(r, 1, "合计")
        for canonical, column in position.items():
            if canonical != "street":
                values = [float(x) if x is not None else 0.0 for x in frame.get(canonical, [0])]
                total = sum(values)
                sheet.cell(r, column, int(total) if total == int(total) else round(total, 2))
    book.save(path)


def scenario_for(data: Path) -> dict[str, Any]:
    return {
        "name": "form",
        "title": "填报表测试",
        "data": str(data),
        "kinds": {
            "admin": {
                "pool": 140,
                "turnover_share": 0.05,
                "base": {"per_office": 2, "leaders": 5},
                "indicators": {"population": 0.5, "area_km2": 0.2, "duty_items": 0.3},
                "max_change": 8,
            },
            "institutional": {
                "pool": 190,
                "turnover_share": 0.05,
                "base": {"per_unit": 6},
                "indicators": {"population": 0.4, "enforcement_cases": 0.6},
            },
        },
    }


def test_form_has_the_chinese_headers_with_units(tmp_path: Path) -> None:
    path = write_collection_form(tmp_path / "填报表.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["填报表", "填表说明"]
    sheet = book["填报表"]
    headers = [c.value for c in sheet[1]]
    for expected in (
        "街道",
        "常住人口(人)",
        "辖区面积(平方公里)",
        "社区数(个)",
        "权责清单事项数(项)",
        "12345工单数(件)",
        "市场主体数(户)",
        "内设机构数(个)",
        "事业单位数(个)",
        "现有行政编制",
        "行政实有人数",
        "现有事业编制",
        "事业实有人数",
    ):
        assert expected in headers
    assert sheet.freeze_panes == "B2"
    assert sheet.max_row == 1 + EMPTY_ROWS
    assert all(sheet.cell(r, 1).value is None for r in range(2, EMPTY_ROWS + 2))
    # one validation per column; numbers >= 0 with Chinese messages
    validations = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    assert len(validations) == len(headers)
    area = validations["E2"]
    assert area.type == "decimal" and area.operator == "greaterThanOrEqual"
    assert area.formula1 == "0"
    population = validations["B2"]
    assert population.type == "whole" and population.formula1 == "0"
    assert "整数" in (population.prompt or "") and "不小于0" in (population.error or "")
    assert population.showErrorMessage and population.showInputMessage
    assert sheet.column_dimensions["A"].width >= 16
    instructions = "\n".join(
        str(c.value) for row in book["填表说明"].iter_rows() for c in row if c.value
    )
    for phrase in ("整数", "不要增加", "合并单元格", "合计行可选", "核对", "平方公里"):
        assert phrase in instructions


def test_every_header_reads_back_as_its_column() -> None:
    for lang in ("zh", "en"):
        columns = build_form_columns(("admin", "institutional", "police"), lang)
        check_form_headers(columns)  # raises when the reader disagrees
        assert [c.canonical for c in columns] == [
            *CANONICAL,
            "current_police",
            "onboard_police",
        ]


def test_filled_form_runs_a_scenario(tmp_path: Path) -> None:
    path = write_collection_form(tmp_path / "填报表.xlsx")
    fill(path, small_rows(), total_row=True)
    table = read_table(path)
    assert table.sheet == "填报表"
    assert list(table.frame.columns) == CANONICAL
    assert table.streets == ["东城街道", "西城街道", "南湖街道", "北山街道", "滨江街道"]
    for column in CANONICAL[1:]:
        assert pd.api.types.is_float_dtype(table.frame[column]), column
    assert table.frame["area_km2"].tolist() == [6.5, 4.1, 18.7, 46.2, 9.8]
    assert table.units["population"] == "人" and table.units["area_km2"] == "平方公里"
    # the totals row is dropped and checked
    assert any("合计" in str(n) and "agrees" in str(n) for n in table.notices)
    result = quota.allocate(build_scenario(scenario_for(path), str(tmp_path / "form.yaml")))
    assert set(result.table["street"]) == set(table.streets)
    admin = result.table[result.table["kind"] == "admin"]
    assert int(admin["total"].sum()) <= 140
    assert result.status == "optimal"


def test_form_with_street_names_and_english_headers(tmp_path: Path) -> None:
    path = write_collection_form(
        tmp_path / "collection-form.xlsx", streets=["东城 街道", "西城街道"], lang="en"
    )
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Form", "Instructions"]
    sheet = book["Form"]
    assert [c.value for c in sheet[1]] == CANONICAL
    assert [sheet.cell(r, 1).value for r in (2, 3)] == ["东城街道", "西城街道"]
    assert sheet.max_row == 3
    validation = next(v for v in sheet.data_validations.dataValidation if "B2" in str(v.sqref))
    assert "whole number" in (validation.error or "")
    rows = small_rows().iloc[:2]
    fill(path, rows.assign(street=["东城街道", "西城街道"]))
    table = read_table(path)
    assert list(table.frame.columns) == CANONICAL
    assert table.frame["population"].tolist() == [86000.0, 54000.0]


def test_same_arguments_same_bytes(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # XlsxWriter warns on a too-long validation message
        first = write_collection_form(tmp_path / "a" / "form.xlsx", streets=["东城街道"])
        second = write_collection_form(tmp_path / "b" / "form.xlsx", streets=["东城街道"])
    assert first.read_bytes() == second.read_bytes()


def test_only_the_kinds_asked_for(tmp_path: Path) -> None:
    path = write_collection_form(tmp_path / "admin.xlsx", kinds=["admin"])
    headers = [c.value for c in openpyxl.load_workbook(path).worksheets[0][1]]
    assert "现有行政编制" in headers and "现有事业编制" not in headers


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"streets": ["东城街道", "东城 街道"]}, "street '东城街道' is given twice"),
        ({"streets": ["东城街道", " "]}, "street 2 has an empty name"),
        ({"streets": ["合计"]}, "marks a totals row"),
        ({"kinds": ["admin", "admin"]}, "given more than once"),
        ({"kinds": ["行政"]}, "must be letters, digits"),
        ({"lang": "fr"}, "fr"),
    ],
)
def test_bad_arguments(tmp_path: Path, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError, match=message):
        write_collection_form(tmp_path / "form.xlsx", **kwargs)
    assert not (tmp_path / "form.xlsx").exists()


def test_form_errors_speak_chinese(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        write_collection_form(tmp_path / "form.xlsx", streets=["东城街道", " ", "合计", "东城街道"])
    assert caught.value.render("zh") == [
        "填报表：第2个街道的名称为空",
        "填报表：第3个街道名为“合计”，这是合计行的标记",
        "填报表：街道“东城街道”出现了两次（第1个和第4个）",
    ]
    with pytest.raises(InputError) as caught:
        write_collection_form(tmp_path / "form.xlsx", kinds=["admin", "admin"])
    assert caught.value.render("zh") == ["填报表：编制类别“行政编制”重复给出"]
    assert str(caught.value) == "collection form: kind(s) admin given more than once"


def test_refuses_to_overwrite_a_form(tmp_path: Path) -> None:
    path = write_collection_form(tmp_path / "form.xlsx")
    with pytest.raises(InputError, match="exists"):
        write_collection_form(path)
    write_collection_form(path, overwrite=True, streets=["东城街道"])
    assert openpyxl.load_workbook(path).worksheets[0].cell(2, 1).value == "东城街道"
    with pytest.raises(InputError, match="must be an .xlsx file"):
        write_collection_form(tmp_path / "form.csv")
    assert [p.name for p in tmp_path.iterdir()] == ["form.xlsx"]


def test_init_folder_with_the_form_runs_once_filled(tmp_path: Path) -> None:
    from quota.templates import form_path, write_template

    folder = tmp_path / "work"
    written = write_template(folder, form=True)
    form = form_path(folder)
    assert form == folder / "data" / "填报表.xlsx" and form in written
    scenario_file = folder / "scenarios" / "baseline.yaml"
    assert "data: ../data/填报表.xlsx" in scenario_file.read_text(encoding="utf-8")
    # fill the form with the example figures of the template's street table
    example = read_table(folder / "data" / "streets.csv").frame
    fill(form, example)
    result = quota.allocate(quota.load_scenario(scenario_file))
    assert result.data.path == form.resolve() or result.data.path.name == form.name
    assert list(dict.fromkeys(result.table["street"])) == list(example["street"])
    english = write_template(tmp_path / "en", form=True, lang="en")
    assert (tmp_path / "en" / "data" / "collection-form.xlsx") in english
    plain = write_template(tmp_path / "plain")
    assert [p.name for p in plain] == ["streets.csv", "baseline.yaml"]
