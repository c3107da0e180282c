from __future__ import annotations

from pathlib import Path

import pytest

from quota.config.extends import merge_deep
from quota.config.scenario import load_scenario
from quota.errors import InputError
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
    from quota.config.scenario import change_scenario

    base = load_scenario(write_scenario(tmp_path, small_scenario()))
    more = change_scenario(base, {"name": "more", "kinds": {"admin": {"pool": 150}}})
    assert more.kinds["admin"].pool == 150 and base.kinds["admin"].pool == 140
    assert more.kinds["admin"].max_change == 8 and more.data == base.data
    with pytest.raises(InputError, match="unknown key"):
        change_scenario(base, {"kinds": {"admin": {"pol": 1}}})


# --------------------------------------------------------------------------
# Lines and key paths in messages
# --------------------------------------------------------------------------

PARENT = """\
name: parent
data: streets.csv
kinds:
  admin:
    pool: 140
    turnover_share: 0.05
    indicators: {population: 1}
"""


def test_a_key_from_the_parent_points_at_the_parent_file(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text(PARENT.replace("pool: 140", "pool: true"), "utf-8")
    (tmp_path / "child.yaml").write_text("extends: base.yaml\nname: child\n", "utf-8")
    with pytest.raises(InputError) as caught:
        load_scenario(tmp_path / "child.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "base.yaml, line 5 (kinds.admin.pool): a whole number is needed (got true, a yes/no value)"
    ]


def test_a_key_the_child_overrides_points_at_the_child(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text(PARENT, "utf-8")
    child = "extends: base.yaml\nname: child\nkinds:\n  admin:\n    turnover_share: 2\n"
    (tmp_path / "child.yaml").write_text(child, "utf-8")
    with pytest.raises(InputError, match=r"^child.yaml, line 5 \(kinds.admin.turnover_share\)"):
        load_scenario(tmp_path / "child.yaml")
    typo = "extends: base.yaml\nname: child\nkinds:\n  admin:\n    turnover: 0.1\n"
    (tmp_path / "child.yaml").write_text(typo, "utf-8")
    with pytest.raises(InputError) as caught:
        load_scenario(tmp_path / "child.yaml")
    assert str(caught.value) == (
        "child.yaml, line 5: unknown key 'kinds.admin.turnover'; did you mean 'turnover_share'?"
    )


def test_an_unknown_key_in_the_parent_names_the_parent_line(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text(PARENT.replace("pool: 140", "pol: 140"), "utf-8")
    (tmp_path / "child.yaml").write_text(
        "extends: base.yaml\nkinds:\n  admin:\n    pool: 1\n", "utf-8"
    )
    with pytest.raises(InputError) as caught:
        load_scenario(tmp_path / "child.yaml")
    assert "base.yaml, line 5: unknown key 'kinds.admin.pol'; did you mean 'pool'?" in str(
        caught.value
    )


def test_a_missing_parent_names_the_extends_line(tmp_path: Path) -> None:
    (tmp_path / "child.yaml").write_text("name: child\nextends: gone.yaml\n", "utf-8")
    with pytest.raises(InputError, match=r"named by 'extends' in child.yaml, line 2\)$"):
        load_scenario(tmp_path / "child.yaml")


def test_where_records_every_key_and_list_item() -> None:
    from quota.config.strict_yaml import parse_scenario_text

    data, where = parse_scenario_text("a:\n  b: 1\n  c: [x, y]\nd:\n  - e: 2\n", "t.yaml")
    assert data == {"a": {"b": 1, "c": ["x", "y"]}, "d": [{"e": 2}]}
    assert where.find(["a", "b"]).line == 2  # type: ignore[union-attr]
    assert where.find(["a", "c", 1]).column == 10  # type: ignore[union-attr]
    assert where.find(["d", 0, "e"]).line == 5  # type: ignore[union-attr]
    assert where.find(["d", 0, "nothing"]).line == 5  # type: ignore[union-attr]
    assert where.find(["nothing"]) is None


def test_several_errors_each_get_their_line(tmp_path: Path) -> None:
    raw = small_scenario()
    raw["kinds"]["admin"]["pool"] = "60"
    raw["kinds"]["institutional"]["turnover_share"] = True
    with pytest.raises(InputError) as caught:
        load_scenario(write_scenario(tmp_path, raw))
    problems = [str(p) for p in caught.value.problems]
    assert len(problems) == 2
    assert problems[0].startswith("small.yaml, line 6 (kinds.admin.pool): a whole number")
    assert problems[1].startswith(
        "small.yaml, line 18 (kinds.institutional.turnover_share): a number is needed"
    )


@pytest.mark.parametrize("path", sorted((REPO / "scenarios").glob("*.yaml")), ids=lambda p: p.name)
def test_bundled_scenarios_read_as_plain_yaml_does(path: Path) -> None:
    import yaml

    from quota.config.reading import read_yaml

    assert read_yaml(path) == yaml.safe_load(path.read_text(encoding="utf-8"))


def test_change_scenario_takes_numpy_numbers_and_reports_without_lines(tmp_path: Path) -> None:
    import numpy as np

    from quota.config.scenario import change_scenario

    base = load_scenario(write_scenario(tmp_path, small_scenario()))
    more = change_scenario(base, {"kinds": {"admin": {"pool": np.int64(150)}}})
    assert more.kinds["admin"].pool == 150 and type(more.kinds["admin"].pool) is int
    with pytest.raises(InputError) as caught:
        change_scenario(base, {"kinds": {"admin": {"pool": True}}})
    assert str(caught.value) == (
        "small.yaml (kinds.admin.pool): a whole number is needed (got true, a yes/no value)"
    )


def test_short_weights_are_validated_where_they_are_written() -> None:
    from pydantic import ValidationError

    from quota.config.schema import KindConfig

    with pytest.raises(ValidationError):
        KindConfig.model_validate({"pool": 5, "indicators": {"population": -0.2}})
    with pytest.raises(ValidationError):
        KindConfig.model_validate({"pool": 5, "indicators": {"population": float("nan")}})
    ok = KindConfig.model_validate({"pool": 5, "indicators": {"population": 2}})
    assert ok.indicator_specs()["population"].weight == 2.0


def test_a_flood_of_problems_is_cut_short(tmp_path: Path) -> None:
    raw = small_scenario(**{f"key{i}": i for i in range(500)})
    with pytest.raises(InputError) as caught:
        load_scenario(write_scenario(tmp_path, raw))
    problems = [str(p) for p in caught.value.problems]
    assert len(problems) == 21
    assert problems[0] == (
        "small.yaml, line 24: unknown key 'key0'; the keys allowed here are: constraints, data,"
        " decisions, document, kinds, levels, method, name, objective, plan, sensitivity, solver,"
        " title, unit_data, units, weights"
    )
    assert problems[-1] == "... and 480 more problems; fix these first"
