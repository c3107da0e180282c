"""Tests of quota.results.fairness: fairness figures against hand-computed values, explanations."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import quota
from quota.errors import InputError
from quota.outputs.explain import build_explanations
from quota.outputs.text import (
    build_binding_table,
    format_share,
    format_signed,
)
from quota.results.fairness import (
    BINDING_CONSTRAINTS,
    EXPLANATION_COLUMNS,
    FAIRNESS_COLUMNS,
    compute_fairness,
    compute_gini,
    compute_workload_per_quota,
)
from quota.results.result import Result
from tests.conftest import REPO, write_scenario

CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]")


def pairwise_gini(values: list[float]) -> float:
    """The textbook definition, independent of the implementation under test."""
    n = len(values)
    mean = sum(values) / n
    total = sum(abs(a - b) for a, b in itertools.product(values, repeat=2))
    return total / (2 * n * n * mean)


def hand_table() -> pd.DataFrame:
    """Three streets, one kind; quantified quotas exactly proportional to the scores."""
    return pd.DataFrame(
        {
            "street": pd.array(["A", "B", "C"], dtype="string"),
            "kind": pd.array(["admin"] * 3, dtype="string"),
            "base": pd.array([10, 10, 10], dtype="Int64"),
            "quantified": pd.array([50, 30, 20], dtype="Int64"),
            "score": [0.5, 0.3, 0.2],
        }
    )


@pytest.fixture(scope="module")
def xinzhou() -> Result:
    return quota.allocate(REPO / "scenarios" / "xinzhou-baseline.yaml")


# --------------------------------------------------------------------------
# Gini and fairness figures
# --------------------------------------------------------------------------


def test_gini_matches_hand_values() -> None:
    assert compute_gini([1, 1, 1]) == pytest.approx(0.0)
    assert compute_gini([0, 0, 1]) == pytest.approx(2 / 3)
    assert compute_gini([1, 2, 3, 4]) == pytest.approx(0.25)
    assert np.isnan(compute_gini([]))
    assert np.isnan(compute_gini([0, 0]))
    with pytest.raises(InputError, match="non-negative"):
        compute_gini([1, -1])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(min_value=0.01, max_value=1e6), min_size=1, max_size=25),
    st.floats(min_value=0.1, max_value=100),
)
def test_gini_is_the_pairwise_definition_and_scale_free(values: list[float], scale: float) -> None:
    gini = compute_gini(values)
    assert gini == pytest.approx(pairwise_gini(values), abs=1e-9)
    assert 0.0 <= gini < 1.0
    assert compute_gini([v * scale for v in values]) == pytest.approx(gini, abs=1e-9)


def test_fairness_of_a_hand_computed_table() -> None:
    fairness = compute_fairness(hand_table())
    assert list(fairness.columns) == list(FAIRNESS_COLUMNS)
    assert list(fairness["basis"]) == ["quantified", "entitlement"]
    quantified, entitlement = fairness.iloc[0], fairness.iloc[1]
    # quantified quotas proportional to the scores: perfectly even
    assert quantified["max_min_ratio"] == pytest.approx(1.0)
    assert quantified["gini"] == pytest.approx(0.0, abs=1e-9)
    assert quantified["max_relative_deviation"] == pytest.approx(0.0, abs=1e-9)
    # with the base: quotas 60 / 40 / 30 of 130
    shares = [60 / 130, 40 / 130, 30 / 130]
    per_quota = [s / q for s, q in zip([0.5, 0.3, 0.2], shares, strict=True)]
    assert per_quota == pytest.approx([1.0833333, 0.975, 0.8666667])
    assert entitlement["max_min_ratio"] == pytest.approx(max(per_quota) / min(per_quota))
    assert entitlement["max_min_ratio"] == pytest.approx(1.25)
    assert entitlement["gini"] == pytest.approx(pairwise_gini(per_quota), abs=1e-6)
    deviations = [abs(q - s) / s for s, q in zip([0.5, 0.3, 0.2], shares, strict=True)]
    assert entitlement["max_relative_deviation"] == pytest.approx(max(deviations), abs=1e-6)
    assert entitlement["max_relative_deviation"] == pytest.approx(2 / 13, abs=1e-6)
    assert (entitlement["most_loaded"], entitlement["least_loaded"]) == ("A", "C")
    assert entitlement["most_deviating"] == "C"
    assert entitlement["streets"] == 3 and entitlement["streets_without_quota"] == 0


def test_street_without_quota_is_counted_apart() -> None:
    table = hand_table().assign(
        quantified=pd.array([60, 40, 0], dtype="Int64"), base=pd.array([0, 0, 0], dtype="Int64")
    )
    quantified = compute_fairness(table).iloc[0]
    assert quantified["streets"] == 2 and quantified["streets_without_quota"] == 1
    # workload per quota A: 0.5 / 0.6, B: 0.3 / 0.4
    assert quantified["max_min_ratio"] == pytest.approx((0.5 / 0.6) / 0.75)
    assert quantified["max_relative_deviation"] == pytest.approx(1.0)  # C gets nothing
    assert quantified["most_deviating"] == "C"
    per_quota = compute_workload_per_quota(table, "quantified")
    assert np.isnan(per_quota["workload_per_quota"].iloc[2])


def test_fairness_per_kind_and_input_untouched(xinzhou: Result) -> None:
    before = xinzhou.table.copy(deep=True)
    fairness = xinzhou.fairness
    pd.testing.assert_frame_equal(xinzhou.table, before)
    assert list(fairness["kind"]) == ["admin", "admin", "institutional", "institutional"]
    # the quantified part follows workload closely; the base does not (by design)
    by = fairness.set_index(["kind", "basis"])
    assert by.loc[("admin", "quantified"), "max_min_ratio"] < 1.3
    assert by.loc[("admin", "entitlement"), "max_min_ratio"] > 2.0
    # 涨渡湖街道 is raised to its floor: furthest from its ideal share
    assert by.loc[("admin", "quantified"), "most_deviating"] == "涨渡湖街道"
    admin = xinzhou.table[xinzhou.table["kind"] == "admin"]
    q = admin["quantified"].to_numpy(dtype=float)
    ideal_share = admin["score"].to_numpy(dtype=float)
    worst = np.max(np.abs(q / q.sum() - ideal_share) / ideal_share)
    assert by.loc[("admin", "quantified"), "max_relative_deviation"] == pytest.approx(
        worst, abs=1e-6
    )


def test_unknown_basis_is_a_user_error() -> None:
    with pytest.raises(InputError, match="unknown fairness basis"):
        compute_workload_per_quota(hand_table(), "total")


def test_number_formats() -> None:
    assert format_signed(8) == "+8" and format_signed(-3) == "-3" and format_signed(0) == "0"
    assert format_signed(None) == "–"
    assert format_share(0.19337) == "19.34%"
    assert format_share(0.0000838, significant=3) == "0.00838%"


# --------------------------------------------------------------------------
# Explanations and binding constraints
# --------------------------------------------------------------------------


def test_explanations_name_score_base_ideal_and_the_constraint(xinzhou: Result) -> None:
    why = build_explanations(xinzhou, "zh")
    assert list(why.columns) == list(EXPLANATION_COLUMNS)
    assert len(why) == len(xinzhou.table)
    assert list(why["street"]) == list(xinzhou.table["street"])
    rows = why.set_index(["kind", "street"])
    floor = rows.loc[("admin", "涨渡湖街道")]
    assert floor["reasons"] == "floor,turnover_staff"
    assert "下限20名" in floor["text"] and "周转编制1名" in floor["text"]
    assert "6.69" in floor["text"] and "3.60%" in floor["text"] and "基础编制12名" in floor["text"]
    cap = rows.loc[("institutional", "邾城街道")]
    assert cap["reasons"] == "change_cap_up"
    assert "最多增加15名" in cap["text"] and "61名" in cap["text"]
    rounded = rows.loc[("admin", "邾城街道")]
    assert rounded["reasons"] == "rounded_up"
    assert "35.97" in rounded["text"] and "36名" in rounded["text"] and "+8" in rounded["text"]
    for record in why.itertuples():
        assert str(record.street) in str(record.text)
        assert f"核定编制{record.total}名" in str(record.text)
    assert why["deviation"].to_numpy() == pytest.approx(
        (why["quantified"].astype(float) - why["ideal"]).to_numpy(), abs=1e-4
    )


def test_explanations_in_english_have_no_chinese_but_street_names(xinzhou: Result) -> None:
    why = xinzhou.explain("en")
    for street, text in zip(why["street"], why["text"], strict=True):
        assert not CJK.search(str(text).replace(str(street), "")), text
    first = str(why["text"].iloc[0])
    assert first.startswith("邾城街道 (administrative): workload score 19.34%, base 16.")
    assert "rounded up to 36" in first
    only = build_explanations(xinzhou, "en", only={("admin", "仓埠街道")})
    assert list(only["street"]) == ["仓埠街道"]
    assert "nobody is dismissed" in str(only["text"].iloc[0])


def test_staff_reason_in_the_worked_example(tmp_path: Path) -> None:
    """The README's example: B keeps its 9 staff although the turnover pool runs out."""
    (tmp_path / "streets.csv").write_text(
        "street,population,onboard_admin\nA,100,2\nB,100,9\nC,800,10\n", encoding="utf-8"
    )
    path = write_scenario(
        tmp_path,
        {
            "name": "worked",
            "data": "streets.csv",
            "kinds": {
                "admin": {"pool": 40, "turnover_share": 0.1, "indicators": {"population": 1}}
            },
        },
    )
    result = quota.allocate(path)
    why = build_explanations(result, "en").set_index("street")
    assert list(result.table["quantified"]) == [3, 5, 28]
    assert why.loc["B", "reasons"] == "staff,turnover_staff"
    assert "raised to 5 to keep its 9 staff on board" in why.loc["B", "text"]
    assert "so it gets turnover quotas (4) and nobody is dismissed" in why.loc["B", "text"]
    assert why.loc["A", "reasons"] == "rounded_down"


def test_balance_reason_when_floors_hold_the_others(tmp_path: Path) -> None:
    (tmp_path / "streets.csv").write_text(
        "street,population\nA,100\nB,100\nC,800\n", encoding="utf-8"
    )
    path = write_scenario(
        tmp_path,
        {
            "name": "floors",
            "data": "streets.csv",
            "kinds": {"admin": {"pool": 30, "indicators": {"population": 1}, "floor": 10}},
            "constraints": {"no_dismissal": False},
        },
    )
    result = quota.allocate(path)
    why = build_explanations(result, "zh").set_index("street")
    assert list(result.table["quantified"]) == [10, 10, 10]
    assert list(why["reasons"]) == ["floor", "floor", "balance"]
    assert "调整为10名（-14.00）" in why.loc["C", "text"]
    assert "不得低于下限10名，上调为10名" in why.loc["A", "text"]
    assert "核定编制10名。" in why.loc["C", "text"]  # no current quotas: no change stated


def test_binding_table_in_words(xinzhou: Result) -> None:
    zh = build_binding_table(xinzhou, "zh")
    assert set(zh["constraint"]) <= set(BINDING_CONSTRAINTS)
    floor = zh[(zh["street"] == "涨渡湖街道") & (zh["constraint"] == "floor")]
    assert list(floor["text"]) == ["基础+量化编制20名 = 下限20名", "基础+量化编制24名 = 下限24名"]
    assert list(floor["constraint_label"]) == ["下限", "下限"]
    en = build_binding_table(xinzhou, "en", only_binding=False)
    assert len(en) == len(xinzhou.diagnostics)
    assert not [t for t in en["text"] if CJK.search(str(t))]
    cap = en[en["constraint"] == "change_cap_up"]
    assert list(cap["text"]) == ["total 79 = current 64 + cap 15"]
    assert len(build_binding_table(xinzhou, "zh", limit=3)) == 3


def test_wisn_diagnostics_are_translated() -> None:
    import quota
    from quota.outputs.text import build_binding_table
    from tests.conftest import REPO

    result = quota.allocate(REPO / "scenarios" / "xinzhou-wisn.yaml")
    table = build_binding_table(result, "zh", only_binding=False)
    text = "\n".join(str(v) for v in table["text"])
    assert "工作量标准法（作为量化指标）" in text and "按工作量标准需" in text
    assert "on board" not in text and "required" not in text
