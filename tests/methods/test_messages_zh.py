"""The methods' messages in Chinese, and their English unchanged."""

from __future__ import annotations

import pandas as pd
import pytest

from quota.config.schema import WEIGHT_METHODS, IndicatorSpec, WeightsConfig
from quota.errors import InputError
from quota.locale import MESSAGES
from quota.methods.ahp import compute_ahp_weights
from quota.methods.scores import compute_scores
from quota.methods.table_weights import SKIP_REASONS, format_skipped, format_weight_table
from quota.methods.weights import derive_kind_scores, derive_weights, method_name
from quota.methods.wisn import compute_category_allowance_factor

#: a reciprocal matrix whose consistency ratio is far above 0.1
INCONSISTENT = [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]
VALUES = pd.DataFrame(
    {"population": [100.0, 300.0, 200.0], "area_km2": [5.0, 5.0, 7.0], "duty_items": [1, 2, 3.0]}
)


def refused(call: object, *args: object, **kwargs: object) -> InputError:
    with pytest.raises(InputError) as caught:
        call(*args, **kwargs)  # type: ignore[operator]
    return caught.value


def test_ahp_matrix_that_is_not_square() -> None:
    exc = refused(compute_ahp_weights, [[1, 2], [0.5, 1], [1, 1]], ["a", "b"])
    assert str(exc) == (
        "the AHP matrix must be 2 x 2 (one row and column per indicator: a, b), got shape (3, 2)"
    )
    assert exc.render("zh") == [
        "AHP判断矩阵应为 2 × 2（每个指标一行一列：a、b），实际形状为 (3, 2)"
    ]


def test_inconsistent_ahp_matrix_says_how_to_force_it_where_the_user_is() -> None:
    in_scenario = refused(compute_ahp_weights, INCONSISTENT, ["a", "b", "c"])
    assert str(in_scenario) == (
        "the AHP comparison matrix is too inconsistent: consistency ratio CR = 6.130"
        " (lambda_max = 10.111, CI = 3.556, RI = 0.58) exceeds 0.1; revise the comparisons,"
        " or set force: true to use it anyway"
    )
    (zh,) = in_scenario.render("zh")
    assert zh.startswith("AHP判断矩阵一致性不足：一致性比率 CR = 6.130（最大特征值 λmax = 10.111，")
    assert zh.endswith("超过 0.1；请修改两两比较结果，如确需采用该矩阵，请在方案中设置 force: true")
    on_cli = refused(compute_ahp_weights, INCONSISTENT, ["a", "b", "c"], force_hint="cli")
    assert str(on_cli).endswith("revise the comparisons, or pass --force to use it anyway")
    assert on_cli.render("zh")[0].endswith("如确需采用该矩阵，请加上 --force 参数")


def test_a_kind_is_named_in_chinese() -> None:
    specs = {name: IndicatorSpec() for name in VALUES}
    config = WeightsConfig(method="ahp", matrix=INCONSISTENT)
    exc = refused(derive_kind_scores, "admin", VALUES, specs, config)
    assert str(exc).startswith(
        "admin: weights (ahp): the AHP comparison matrix is too inconsistent"
    )
    assert exc.render("zh")[0].startswith("行政编制指标权重（层次分析法）：AHP判断矩阵一致性不足")


def test_negative_weight() -> None:
    exc = refused(compute_scores, VALUES, {"population": -1, "area_km2": 1})
    assert str(exc) == "weight of 'population' is -1; weights must not be negative"
    assert exc.render("zh") == ["“population”的权重为 -1；权重不能为负数"]
    share = refused(derive_weights, "combined", VALUES, combined={"entropy": -0.5})
    assert str(share) == (
        "combination share of 'entropy' is -0.5; combination shares must not be negative"
    )
    assert share.render("zh") == ["“entropy”的组合占比为 -0.5；组合占比不能为负数"]


def test_unknown_method() -> None:
    exc = refused(derive_weights, "magic", VALUES)
    assert str(exc) == (
        "unknown weight method 'magic'; valid methods: manual, entropy, critic, ahp, combined"
    )
    assert exc.render("zh") == [
        "无法识别的权重方法“magic”；可选方法：manual、entropy、critic、ahp、combined"
    ]


def test_manual_weights_that_do_not_match_in_two_parts() -> None:
    exc = refused(derive_weights, "manual", VALUES, manual={"population": 1, "x": 2})
    assert str(exc) == (
        "manual weights do not match the indicators: no weight for area_km2, duty_items;"
        " weight for x, which is not an indicator column"
    )
    assert exc.render("zh") == [
        "手工权重与指标不一致：缺少 area_km2、duty_items 的权重；给 x 设置了权重，但它不是指标列"
    ]


def test_rescaling_notice_of_a_kind() -> None:
    specs = {"population": IndicatorSpec(weight=0.4), "area_km2": IndicatorSpec(weight=0.5)}
    scores = derive_kind_scores("admin", VALUES, specs, WeightsConfig(method="manual"))
    (notice,) = scores.weights.notices
    assert str(notice) == (
        "kinds.admin: the weights add up to 0.9, not 1; they were rescaled to add up to 1"
        " (population 0.4 → 0.444, area_km2 0.5 → 0.556)"
    )
    assert notice.render("zh") == (  # type: ignore[union-attr]
        "行政编制：权重之和为 0.9，不等于 1，已按比例调整为合计 1"
        "（常住人口 0.4 → 0.444、辖区面积(平方公里) 0.5 → 0.556）"
    )


def test_wisn_figures() -> None:
    exc = refused(compute_category_allowance_factor, {"meetings": 60, "records": 40})
    assert str(exc) == (
        "category allowances add up to 100% of working time; they must stay below 100%"
    )
    assert exc.render("zh") == ["类别津贴合计占工作时间的 100%，必须低于 100%"]


def test_weight_table_in_chinese() -> None:
    result = derive_weights("entropy", VALUES)
    english = format_weight_table(result)
    assert english.splitlines()[:2] == [
        "method: entropy",
        "indicator     weight      entropy",
    ]
    assert format_weight_table(result, lang="en") == english
    lines = format_weight_table(result, lang="zh").splitlines()
    assert lines[0] == "方法：熵值法"
    assert lines[1].split() == ["指标", "权重", "熵值"]
    assert lines[3].split()[0] == "常住人口"
    # wide characters count twice: the weights start in one column
    assert lines[3].index("0.") + 4 == lines[5].index("0.") + 7


def test_skipped_line_in_chinese() -> None:
    skipped = {"序号": "row numbers", "offices": SKIP_REASONS["structure"], "代码": "codes"}
    assert format_skipped(skipped) == (
        "skipped 序号 (row numbers), offices (structure for the base, not workload), 代码 (codes)"
    )
    assert format_skipped(skipped, lang="zh") == (
        "已跳过：序号（行号）；内设机构数（机构情况，用于核定基础编制，不是工作量）；代码（编码）"
    )
    assert format_skipped({}, lang="zh") == ""


def test_every_reason_and_method_has_both_languages() -> None:
    for key in SKIP_REASONS:
        assert f"methods.skip.{key}" in MESSAGES
    for method in (*WEIGHT_METHODS, "wisn-target"):
        assert f"methods.method.{method}" in MESSAGES
        assert str(method_name(method)) == method
    assert method_name("entropy").render("zh") == "熵值法"  # type: ignore[union-attr]
