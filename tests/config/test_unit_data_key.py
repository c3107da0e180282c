"""The ``unit_data:`` key: its shapes, its levels, and its paths under ``extends``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from quota.config.scenario import load_scenario
from quota.errors import InputError
from tests.conftest import small_scenario, write_scenario


def levels_scenario(**overrides: Any) -> dict[str, Any]:
    return small_scenario(levels=["city", "district", "street"], **overrides)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("districts.csv", {"district": ("districts.csv", None)}),
        ({"path": "d.xlsx", "sheet": "区县"}, {"district": ("d.xlsx", "区县")}),
        (
            {"district": "districts.csv", "city": {"path": "c.xlsx", "sheet": 1}},
            {"district": ("districts.csv", None), "city": ("c.xlsx", 1)},
        ),
    ],
)
def test_the_shapes_of_unit_data(tmp_path: Path, value: Any, expected: dict[str, Any]) -> None:
    scenario = load_scenario(write_scenario(tmp_path, levels_scenario(unit_data=value)))
    got = {level: (Path(s.path).name, s.sheet) for level, s in scenario.unit_data.items()}
    assert got == expected
    assert all(Path(s.path).is_absolute() for s in scenario.unit_data.values())
    assert Path(scenario.unit_data["district"].path).parent == tmp_path.resolve()


def test_the_paths_are_relative_to_the_file_that_states_them(tmp_path: Path) -> None:
    (tmp_path / "base").mkdir()
    write_scenario(tmp_path / "base", levels_scenario(unit_data="districts.csv"), "base.yaml")
    child = write_scenario(tmp_path, {"extends": "base/base.yaml", "name": "child"}, "child.yaml")
    scenario = load_scenario(child)
    assert Path(scenario.unit_data["district"].path) == (tmp_path / "base/districts.csv").resolve()
    assert Path(scenario.data.path) == (tmp_path / "base/streets.csv").resolve()
    over = write_scenario(
        tmp_path, {"extends": "base/base.yaml", "name": "o", "unit_data": "mine.csv"}, "o.yaml"
    )
    assert Path(load_scenario(over).unit_data["district"].path) == (tmp_path / "mine.csv").resolve()


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (small_scenario(unit_data="d.csv"), "unit_data (tables of upper units' own figures) goes"),
        (small_scenario(levels=["street"], unit_data="d.csv"), "goes with levels"),
        (levels_scenario(unit_data={"county": "d.csv"}), "unit_data.county"),
        (levels_scenario(unit_data={"street": "d.csv"}), "unit_data.street"),
        (levels_scenario(unit_data={"district": 5}), "unit_data"),
    ],
)
def test_unit_data_that_cannot_hold(tmp_path: Path, raw: dict[str, Any], words: str) -> None:
    with pytest.raises(InputError) as caught:
        load_scenario(write_scenario(tmp_path, raw))
    text = caught.value.render("en")
    assert "small.yaml" in " ".join(text) and words in " ".join(text)
    assert caught.value.render("zh")


def test_no_unit_data_is_not_dumped(tmp_path: Path) -> None:
    scenario = load_scenario(write_scenario(tmp_path, levels_scenario()))
    assert scenario.unit_data == {}
    assert "unit_data" not in scenario.model_dump(mode="json")


@pytest.mark.parametrize(
    ("base", "child", "expected"),
    [
        # one table in the child replaces the base's table of that level, others kept
        (
            {"district": "districts.csv", "city": "cities.csv"},
            {"path": "d.xlsx", "sheet": "区县"},
            {"district": ("d.xlsx", "区县"), "city": ("cities.csv", None)},
        ),
        # per level in the child over one table in the base
        (
            {"path": "d.xlsx", "sheet": "区县"},
            {"district": "mine.csv"},
            {"district": ("mine.csv", None)},
        ),
        (
            {"path": "d.xlsx", "sheet": "区县"},
            {"city": "c.csv"},
            {"district": ("d.xlsx", "区县"), "city": ("c.csv", None)},
        ),
        # per level on both sides: merged key by key, a sheet alone changes only the sheet
        (
            {"district": {"path": "d.xlsx", "sheet": "2025"}},
            {"district": {"sheet": "2026"}},
            {"district": ("d.xlsx", "2026")},
        ),
    ],
)
def test_a_child_overrides_unit_data_in_either_form(
    tmp_path: Path, base: Any, child: Any, expected: dict[str, Any]
) -> None:
    from quota.config.scenario import change_scenario

    write_scenario(tmp_path, levels_scenario(unit_data=base), "base.yaml")
    over = write_scenario(
        tmp_path, {"extends": "base.yaml", "name": "o", "unit_data": child}, "o.yaml"
    )
    for scenario in (
        load_scenario(over),
        change_scenario(load_scenario(tmp_path / "base.yaml"), {"unit_data": child}),
    ):
        got = {level: (Path(s.path).name, s.sheet) for level, s in scenario.unit_data.items()}
        assert got == expected
