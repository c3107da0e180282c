from __future__ import annotations

from pathlib import Path

import pytest

from quota.errors import InputError
from quota.scenario import load_scenario, merge_deep
from tests.conftest import REPO, small_scenario, write_scenario


def test_merge_deep_merges_mappings_and_replaces_the_rest() -> None:
    base = {"a": {"x": 1, "y": [1, 2]}, "b": 1}
    assert merge_deep(base, {"a": {"y": [3]}, "c": 2}) == {"a": {"x": 1, "y": [3]}, "b": 1, "c": 2}
    assert base == {"a": {"x": 1, "y": [1, 2]}, "b": 1}


def test_extends_overrides_only_what_changes(tmp_path: Path) -> None:
    write_scenario(tmp_path, small_scenario())
    child = {"extends": "small.yaml", "name": "child", "kinds": {"admin": {"pool": 150}}}
    scenario = load_scenario(write_scenario(tmp_path, child, "child.yaml"))
    assert scenario.kinds["admin"].pool == 150
    assert scenario.kinds["admin"].turnover_share == 0.05
    assert scenario.kinds["institutional"].pool == 190
    assert Path(scenario.data.path) == (tmp_path / "streets.csv").resolve()


def test_data_paths_are_relative_to_the_file_that_states_them(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    write_scenario(tmp_path, small_scenario())
    child = {"extends": "../small.yaml", "name": "child"}
    scenario = load_scenario(write_scenario(tmp_path / "sub", child, "child.yaml"))
    assert Path(scenario.data.path) == (tmp_path / "streets.csv").resolve()


def test_unknown_key_is_an_error(tmp_path: Path) -> None:
    raw = small_scenario()
    raw["kinds"]["admin"]["turnover_shar"] = 0.1
    with pytest.raises(InputError, match="unknown key 'kinds.admin.turnover_shar'"):
        load_scenario(write_scenario(tmp_path, raw))


def test_extends_cycle_is_reported(tmp_path: Path) -> None:
    write_scenario(tmp_path, {"extends": "b.yaml", "name": "a"}, "a.yaml")
    write_scenario(tmp_path, {"extends": "a.yaml", "name": "b"}, "b.yaml")
    with pytest.raises(InputError, match="circle"):
        load_scenario(tmp_path / "a.yaml")


def test_yaml_cannot_execute_code(tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text("name: !!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid YAML"):
        load_scenario(path)


def test_name_cannot_escape_the_output_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="folder name"):
        load_scenario(write_scenario(tmp_path, small_scenario(name="../../etc")))


def test_missing_scenario_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_scenario(tmp_path / "none.yaml")


def test_weights_shorthand_and_indicator_specs(tmp_path: Path) -> None:
    raw = small_scenario(weights="entropy")
    raw["kinds"]["admin"]["indicators"] = {
        "population": {"weight": 2, "transform": "sqrt"},
        "area_km2": 1,
    }
    scenario = load_scenario(write_scenario(tmp_path, raw))
    assert scenario.weights.method == "entropy"
    specs = scenario.kinds["admin"].indicator_specs()
    assert specs["population"].transform == "sqrt" and specs["area_km2"].weight == 1.0


@pytest.mark.parametrize("path", sorted((REPO / "scenarios").glob("*.yaml")), ids=lambda p: p.name)
def test_bundled_scenarios_load(path: Path) -> None:
    scenario = load_scenario(path)
    assert Path(scenario.data.path).exists()


def test_change_scenario_merges_and_validates(tmp_path: Path) -> None:
    from quota.scenario import change_scenario

    base = load_scenario(write_scenario(tmp_path, small_scenario()))
    more = change_scenario(base, {"name": "more", "kinds": {"admin": {"pool": 150}}})
    assert more.kinds["admin"].pool == 150 and base.kinds["admin"].pool == 140
    assert more.kinds["admin"].max_change == 8 and more.data == base.data
    with pytest.raises(InputError, match="unknown key"):
        change_scenario(base, {"kinds": {"admin": {"pol": 1}}})
