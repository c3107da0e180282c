"""Levels in the model: the hierarchy read from the table, units' rules, the upper splits' bounds."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from quota.config.decisions import Decision, parse_fix
from quota.config.schema import KindConfig, Scenario
from quota.errors import InputError
from quota.io.table import read_table
from quota.model.hierarchy import (
    UNBOUNDED,
    build_hierarchy,
    compute_split_scores,
    resolve_unit_settings,
)
from quota.model.levels import (
    Rows,
    derive_needs,
    divided,
    least_q,
    most_q,
    own_reserve,
)
from quota.model.problem import compute_turnover_pool
from quota.model.unit_decisions import split_decisions

TABLE = """区县,街道名称,常住人口
东城区,东华街道,100
东城区,东门街道,300
西城区,西山街道,200
南湖区,南塘镇,400
西城区,西江街道,100
"""


def read(tmp_path: Path, text: str = TABLE) -> object:
    path = tmp_path / "streets.csv"
    path.write_text(text, encoding="utf-8")
    return read_table(path, strict=False)


def scenario(**extra: object) -> Scenario:
    raw: dict[str, object] = {
        "name": "x",
        "data": "streets.csv",
        "kinds": {"admin": {"pool": 40, "indicators": {"population": 1}}},
        "levels": ["district", "street"],
    }
    raw.update(extra)
    return Scenario.model_validate(raw)


# --------------------------------------------------------------------------
# The scenario's keys
# --------------------------------------------------------------------------


def test_pool_as_named_sources_adds_up() -> None:
    cfg = KindConfig.model_validate(
        {"pool": {"existing": 355, "from_city": 25, "from_district": 12}, "indicators": {"a": 1}}
    )
    assert cfg.pool == 392
    assert cfg.pool_sources == {"existing": 355, "from_city": 25, "from_district": 12}
    plain = KindConfig.model_validate({"pool": 40, "indicators": {"a": 1}})
    assert plain.pool == 40 and plain.pool_sources is None


@pytest.mark.parametrize(
    "pool",
    [{}, {"a": -1}, {"a": True}, {"a": "3"}, {"a": 0}, {"a": 10**9, "b": 1}],
)
def test_bad_pool_sources_are_refused(pool: dict) -> None:
    with pytest.raises(ValidationError):
        KindConfig.model_validate({"pool": pool, "indicators": {"a": 1}})


def test_pool_sources_must_agree_with_the_pool() -> None:
    with pytest.raises(ValidationError, match="add up to 30, not to pool 40"):
        KindConfig.model_validate(
            {"pool": 40, "pool_sources": {"a": 10, "b": 20}, "indicators": {"a": 1}}
        )


@pytest.mark.parametrize(
    ("levels", "words"),
    [
        (["street", "district"], "ends with street"),
        (["district"], "ends with street"),
        (["city", "province", "street"], "in the order"),
        (["district", "district", "street"], "in the order"),
        (["province", "city", "county", "district", "street"], "at most 4"),
    ],
)
def test_levels_are_checked(levels: list[str], words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        scenario(levels=levels)


def test_one_level_written_out_is_one_level() -> None:
    assert scenario(levels=["street"]).levels is None
    assert scenario(levels=["province", "city", "county", "street"]).level_names[-1] == "street"


def test_units_need_levels_and_known_kinds() -> None:
    with pytest.raises(ValidationError, match="go with levels"):
        scenario(levels=None, units={"东城区": {"admin": {"floor": 3}}})
    with pytest.raises(ValidationError, match="not one of the scenario's kinds"):
        scenario(units={"东城区": {"institutional": {"floor": 3}}})
    with pytest.raises(ValidationError, match="floor"):
        scenario(units={"东城区": {"admin": {"floor": 5, "ceiling": 3}}})


def test_a_decision_may_name_a_district() -> None:
    d = Decision.model_validate({"district": "东城区", "kind": "admin", "total": 160})
    assert (d.street, d.level, d.total) == ("东城区", "district", 160)
    with pytest.raises(ValidationError, match="exactly one of"):
        Decision.model_validate({"district": "东城区", "street": "x", "kind": "admin", "total": 1})
    with pytest.raises(ValidationError, match="exactly one of"):
        Decision.model_validate({"district": "a", "city": "b", "kind": "admin", "total": 1})


# --------------------------------------------------------------------------
# The hierarchy
# --------------------------------------------------------------------------


def test_units_are_numbered_in_order_of_first_street(tmp_path: Path) -> None:
    h = build_hierarchy(read(tmp_path), ("district", "street"))
    assert h.units == (("东城区", "西城区", "南湖区"),)
    assert h.codes[0].tolist() == [0, 0, 1, 2, 1]
    assert h.street_parents(["东华街道", "东门街道", "西山街道", "南塘镇", "西江街道"])[
        "西江街道"
    ] == ("西城区")


def test_three_levels_and_their_parents(tmp_path: Path) -> None:
    text = "市,区县,街道名称,常住人口\n甲市,东城区,a,1\n甲市,西城区,b,2\n乙市,北区,c,3\n"
    h = build_hierarchy(read(tmp_path, text), ("city", "district", "street"))
    assert h.units == (("甲市", "乙市"), ("东城区", "西城区", "北区"))
    assert h.parents[1].tolist() == [0, 0, 1]
    assert h.parent_names() == {"district": {"东城区": "甲市", "西城区": "甲市", "北区": "乙市"}}


def test_a_missing_level_column_names_the_level(tmp_path: Path) -> None:
    text = "街道名称,常住人口\na,1\nb,2\n"
    with pytest.raises(InputError) as raised:
        build_hierarchy(read(tmp_path, text), ("district", "street"))
    assert "区县" in raised.value.render("zh")[0]
    assert "no such column" in str(raised.value)


def test_an_empty_unit_cell_names_its_row(tmp_path: Path) -> None:
    text = "区县,街道名称,常住人口\n东城区,a,1\n,b,2\n"
    with pytest.raises(InputError, match=r"rows 3\b"):
        build_hierarchy(read(tmp_path, text), ("district", "street"))


def test_a_unit_under_two_parents_is_refused(tmp_path: Path) -> None:
    text = "市,区县,街道名称,常住人口\n甲市,城区,a,1\n乙市,城区,b,2\n"
    with pytest.raises(InputError) as raised:
        build_hierarchy(read(tmp_path, text), ("city", "district", "street"))
    said = str(raised.value)
    assert "'城区'" in said and "'甲市'" in said and "'乙市'" in said and "rows 2, 3" in said


def test_numeric_unit_codes_read_as_names(tmp_path: Path) -> None:
    text = "区县,街道名称,常住人口\n110101,a,1\n110102,b,2\n"
    h = build_hierarchy(read(tmp_path, text), ("district", "street"))
    assert h.units == (("110101", "110102"),)


# --------------------------------------------------------------------------
# units: settings
# --------------------------------------------------------------------------


def test_unit_settings_by_level_unit_and_level_colon_name(tmp_path: Path) -> None:
    table = read(tmp_path)
    h = build_hierarchy(table, ("district", "street"))
    s = scenario(
        units={
            "district": {"admin": {"turnover_share": 0.02, "floor": 3}},
            "东城区": {"admin": {"turnover_share": 0.1, "floor": 5}},
            "district:南湖区": {"admin": {"max_change": 4}},
        }
    )
    rules = resolve_unit_settings(s, h, 5)["admin"]
    assert rules.turnover_share[0].tolist() == [0.1, 0.02, 0.02]
    assert rules.floor is not None and rules.floor.tolist() == [5, 5, 3, 3, 3]
    assert rules.max_change is not None and rules.max_change.tolist() == [-1, -1, -1, 4, -1]
    assert rules.ceiling is None


@pytest.mark.parametrize(
    ("key", "words"),
    [("东成区", "Did you mean '东城区'"), ("street", "name an upper unit"), ("city", "name an")],
)
def test_unknown_unit_keys_are_refused(tmp_path: Path, key: str, words: str) -> None:
    h = build_hierarchy(read(tmp_path), ("district", "street"))
    with pytest.raises(InputError, match=words):
        resolve_unit_settings(scenario(units={key: {"admin": {"floor": 1}}}), h, 5)


# --------------------------------------------------------------------------
# Decisions about units
# --------------------------------------------------------------------------


def test_decisions_are_sorted_into_streets_and_units(tmp_path: Path) -> None:
    table = read(tmp_path)
    h = build_hierarchy(table, ("district", "street"))
    decisions = [
        parse_fix("东城区:admin=10"),
        parse_fix("东华街道:admin=3"),
        Decision(street="西城区", level="district", kind="admin", total=9),
    ]
    on_streets, on_units = split_decisions(decisions, h, table.streets)
    assert [d.street for d in on_streets] == ["东华街道"]
    assert [(d.street, d.level) for d in on_units] == [
        ("东城区", "district"),
        ("西城区", "district"),
    ]
    with pytest.raises(InputError, match="not among the scenario's"):
        split_decisions([Decision(street="甲市", level="city", kind="a", total=1)], h, [])


# --------------------------------------------------------------------------
# A unit's own reserve and range
# --------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    share=st.sampled_from([0.0, 0.01, 0.05, 0.1, 0.145, 0.3, 0.9]),
    base=st.integers(0, 500),
    target=st.integers(0, 2000),
)
def test_least_and_most_q_are_exact(share: float, base: int, target: int) -> None:
    low = least_q(share, base, target)
    assert divided(share, base, low) >= target
    assert low == 0 or divided(share, base, low - 1) < target
    high = most_q(share, base, target)
    assert divided(share, base, high) <= target < divided(share, base, high + 1)
    assert own_reserve(share, base, low) == (
        compute_turnover_pool(share, base + low) if share else 0
    )


def _rows(**values: list[int]) -> Rows:
    n = len(next(iter(values.values())))
    zeros = [0] * n
    big = [UNBOUNDED] * n
    fields = {
        "base": zeros,
        "earmark": zeros,
        "q_lower": zeros,
        "q_upper": big,
        "total_lower": zeros,
        "total_upper": big,
    }
    fields.update(values)
    return Rows(**{k: np.asarray(v, dtype=np.int64) for k, v in fields.items()})


def test_a_units_row_is_what_its_streets_need() -> None:
    streets = _rows(
        base=[10, 10, 8],
        q_lower=[2, 0, 1],
        q_upper=[6, UNBOUNDED, 4],
        total_lower=[15, 9, 14],  # staff on board; street 3 needs 14 > 8 + 4: 2 turnover
    )
    needs = derive_needs(streets, np.array([0, 0, 1]), 2, np.array([0.0, 0.1]))
    rows = needs.rows
    assert rows.base.tolist() == [20, 8]
    # least totals: max(12, 15) + max(10, 9) = 25; max(9, 14) = 14
    assert rows.total_lower.tolist() == [25, 14]
    assert rows.q_lower[0] == 2 and rows.q_upper[0] >= UNBOUNDED // 2
    # unit 2 keeps 10% of base + q: q - round(0.1 (8 + q)) must reach 1 and stay <= 4
    assert rows.q_lower[1] == least_q(0.1, 8, 1) and rows.q_upper[1] == most_q(0.1, 8, 4)
    # turnover street 3 needs whatever it gets (14 - 8 - 4 = 2), less the unit's own reserve
    assert needs.turnover.tolist() == [0, 2]
    assert rows.earmark[1] == max(0, 2 - own_reserve(0.1, 8, int(rows.q_lower[1])))


def test_split_scores_within_holders_and_zero_indicators() -> None:
    values = np.array([[1.0, 0.0], [3.0, 0.0], [2.0, 5.0], [2.0, 5.0]])
    score, zero = compute_split_scores(
        values, np.array([0.5, 0.5]), ["none", "none"], np.array([0, 0, 1, 1]), 2
    )
    # holder 0: the second indicator is 0 throughout, the first takes its weight
    assert score.tolist() == pytest.approx([0.25, 0.75, 0.5, 0.5])
    assert zero.tolist() == [[False, True], [False, False]]
    one, _ = compute_split_scores(values[:, :1], np.array([1.0]), ["sqrt"], np.zeros(4, int), 1)
    assert one.sum() == pytest.approx(1.0)
