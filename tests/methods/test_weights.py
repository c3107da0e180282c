"""Tests of quota.methods weights and scores: hand-worked examples, Saaty's published AHP example, properties."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from quota.errors import InputError
from quota.methods.ahp import SAATY_RI, AhpResult, compute_ahp_weights, parse_comparison
from quota.methods.ahp_file import read_ahp_matrix
from quota.methods.entropy_critic import (
    compute_critic_information,
    compute_critic_weights,
    compute_entropy,
    compute_entropy_weights,
)
from quota.methods.scores import compute_scores, compute_share_scores, transform_values
from quota.methods.weights import (
    WEIGHT_METHODS,
    WeightResult,
    compute_manual_weights,
    derive_weights,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "weights"

# --------------------------------------------------------------------------------------
# A 3-street x 3-indicator example worked by hand.
#
#            a   b   c
#   street1  1   2   4
#   street2  2   2   1
#   street3  3   2   1
#   sum      6   6   6
#
# shares p = x / sum:  a: 1/6 1/3 1/2    b: 1/3 1/3 1/3    c: 2/3 1/6 1/6
#
# Entropy e = -sum p ln p / ln 3:
#   a: (ln6/6 + ln3/3 + ln2/2) / ln3 = (0.298627 + 0.366204 + 0.346574) / 1.098612 = 0.920620
#   b: ln3 / ln3 = 1 (equal for every street)
#   c: (2/3 ln(3/2) + 2/6 ln 6) / ln3 = (0.270310 + 0.597253) / 1.098612      = 0.789690
#   1 - e: 0.079380, 0, 0.210310 (sum 0.289690)
#   weights: a 0.274018, b 0, c 0.725982
#
# Scores with manual weights a:1 b:1 c:2 (normalised .25 .25 .5):
#   street1: .25/6 + .25/3 + .5*2/3 = 0.041667 + 0.083333 + 0.333333 = 0.458333 (= 11/24)
#   street2: .25/3 + .25/3 + .5/6   = 0.25                               (=  6/24)
#   street3: .25/2 + .25/3 + .5/6   = 0.291667                           (=  7/24)
# --------------------------------------------------------------------------------------
HAND = pd.DataFrame({"a": [1, 2, 3], "b": [2, 2, 2], "c": [4, 1, 1]}, index=["s1", "s2", "s3"])


def _closed_form_entropy() -> tuple[float, float]:
    ln3 = math.log(3)
    e_a = (math.log(6) / 6 + math.log(3) / 3 + math.log(2) / 2) / ln3
    e_c = (2 / 3 * math.log(1.5) + 2 / 6 * math.log(6)) / ln3
    return e_a, e_c


def test_entropy_hand_example() -> None:
    e_a, e_c = _closed_form_entropy()
    assert (round(e_a, 6), round(e_c, 6)) == (0.92062, 0.78969)
    entropy = compute_entropy(HAND)
    assert entropy.tolist() == pytest.approx([e_a, 1.0, e_c], abs=1e-12)
    weights = compute_entropy_weights(HAND)
    d_a, d_c = 1 - e_a, 1 - e_c
    assert weights.tolist() == pytest.approx([d_a / (d_a + d_c), 0.0, d_c / (d_a + d_c)], abs=1e-12)
    assert weights.round(6).tolist() == [0.274018, 0.0, 0.725982]
    assert (
        weights["b"] == 0.0
    )  # exactly: an indicator equal for every street carries no information
    assert list(weights.index) == ["a", "b", "c"] and weights.name == "weight"


def test_scores_hand_example() -> None:
    scores = compute_scores(HAND, {"a": 1, "b": 1, "c": 2})
    assert scores.tolist() == pytest.approx([11 / 24, 6 / 24, 7 / 24], abs=1e-15)
    assert list(scores.index) == ["s1", "s2", "s3"]
    assert scores.name == "score" and scores.dtype == float


def test_scores_with_transforms() -> None:
    # sqrt(a) = 1, 1.414214, 1.732051 (sum 4.146264): shares 0.241181, 0.341081, 0.417738
    scores = compute_scores(HAND, {"a": 1}, {"a": "sqrt"})
    root = np.sqrt([1.0, 2.0, 3.0])
    assert scores.tolist() == pytest.approx((root / root.sum()).tolist(), abs=1e-15)
    assert scores.round(6).tolist() == [0.241181, 0.341081, 0.417738]
    # log1p(c) = ln5, ln2, ln2
    scores = compute_scores(HAND, {"c": 1}, {"c": "log1p", "a": "sqrt"})
    logs = np.log([5.0, 2.0, 2.0])
    assert scores.tolist() == pytest.approx((logs / logs.sum()).tolist(), abs=1e-15)


def test_scores_refuse_a_transform_for_a_missing_column() -> None:
    with pytest.raises(
        InputError, match=r"transform given for indicator\(s\) 'zz' not in the data"
    ):
        compute_scores(HAND, {"a": 1}, {"zz": "sqrt"})


def test_transform_values_returns_new_table() -> None:
    original = HAND.copy()
    out = transform_values(HAND, {"a": "log1p", "b": "none"})
    assert out["a"].tolist() == pytest.approx(np.log1p([1, 2, 3]).tolist())
    assert out["b"].tolist() == [2.0, 2.0, 2.0]
    pd.testing.assert_frame_equal(HAND, original)
    with pytest.raises(InputError, match="unknown transform 'cube' for indicator 'a'"):
        transform_values(HAND, {"a": "cube"})
    with pytest.raises(InputError, match="'zz' not in the data"):
        transform_values(HAND, {"zz": "sqrt"})


def test_manual_weights() -> None:
    weights = compute_manual_weights({"population": 2, "area_km2": 1, "duty_items": 1})
    assert weights.to_dict() == {"population": 0.5, "area_km2": 0.25, "duty_items": 0.25}


# --------------------------------------------------------------------------------------
# CRITIC, worked by hand on a 3 x 3 example.
#
#   x1 = 0 1 2     -> min-max z1 = 0   .5  1
#   x2 = 2 0 1     ->         z2 = 1   0   .5
#   x3 = 10 20 40  ->         z3 = 0   1/3 1
# sample std (ddof = 1):
#   s1 = s2 = sqrt(((.5)^2 + 0 + (.5)^2) / 2) = 0.5
#   s3: mean 4/9, deviations -4/9 -1/9 5/9, sum of squares 42/81, s3 = sqrt(21)/9 = 0.509175
# correlations (sums of deviation products over sqrt of sums of squares):
#   r12 = -0.25 / 0.5                 = -0.5
#   r13 = 0.5 / sqrt(0.5 * 42/81)     =  4.5 / sqrt(21) =  0.981981
#   r23 = (-1/6) / sqrt(0.5 * 42/81)  = -1.5 / sqrt(21) = -0.327327
# information C_j = s_j * sum_k (1 - r_jk):
#   C1 = 0.5 * (1.5 + 0.018019)              = 0.759010
#   C2 = 0.5 * (1.5 + 1.327327)              = 1.413663
#   C3 = 0.509175 * (0.018019 + 1.327327)    = 0.685017
#   sum 2.857690 -> weights 0.265603, 0.494687, 0.239710
# --------------------------------------------------------------------------------------
CRITIC = pd.DataFrame({"x1": [0, 1, 2], "x2": [2, 0, 1], "x3": [10, 20, 40]})


def test_critic_hand_example() -> None:
    s3 = math.sqrt(21) / 9
    r13, r23 = 4.5 / math.sqrt(21), -1.5 / math.sqrt(21)
    c1 = 0.5 * ((1 + 0.5) + (1 - r13))
    c2 = 0.5 * ((1 + 0.5) + (1 - r23))
    c3 = s3 * ((1 - r13) + (1 - r23))
    figures = compute_critic_information(CRITIC)
    assert figures["sigma"].tolist() == pytest.approx([0.5, 0.5, s3], abs=1e-12)
    assert figures["information"].tolist() == pytest.approx([c1, c2, c3], abs=1e-12)
    weights = compute_critic_weights(CRITIC)
    total = c1 + c2 + c3
    assert weights.tolist() == pytest.approx([c1 / total, c2 / total, c3 / total], abs=1e-12)
    assert weights.round(6).tolist() == [0.265603, 0.494687, 0.23971]


def test_critic_edge_cases() -> None:
    assert compute_critic_weights(CRITIC[["x3"]]).tolist() == [1.0]
    with pytest.raises(InputError, match="'b' have the same value for every street"):
        compute_critic_weights(HAND)
    with pytest.raises(InputError, match="perfectly correlated"):
        compute_critic_weights(pd.DataFrame({"u": [1, 2, 3], "v": [2, 4, 6]}))
    with pytest.raises(InputError, match="at least 2 streets"):
        compute_critic_weights(CRITIC.iloc[:1])


# --------------------------------------------------------------------------------------
# AHP
# --------------------------------------------------------------------------------------


def test_ahp_consistent_matrix() -> None:
    # a_ij = w_i / w_j with w = (4, 2, 1) / 7: perfectly consistent, lambda_max = n = 3
    result = compute_ahp_weights([[1, 2, 4], ["1/2", 1, 2], ["1/4", "1/2", 1]], ["a", "b", "c"])
    assert isinstance(result, AhpResult)
    assert result.weights.tolist() == pytest.approx([4 / 7, 2 / 7, 1 / 7], abs=1e-12)
    assert result.lambda_max == pytest.approx(3.0, abs=1e-12)
    assert result.ci == pytest.approx(0.0, abs=1e-12) and result.cr == pytest.approx(0.0, abs=1e-12)
    assert result.ri == 0.58


# Saaty, T. L. (1990). How to make a decision: The analytic hierarchy process.
# European Journal of Operational Research 48, 9-26. The house-buying example: eight
# criteria (size, transportation, neighbourhood, age, yard, modern facilities, general
# condition, financing); published priorities .173 .054 .188 .018 .031 .036 .167 .333,
# lambda_max = 9.669, CI = 0.238, CR = 0.169. (Matrix in tests/data/weights/.)
SAATY_1990_PRIORITIES = [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]


def test_ahp_saaty_1990_house_example_is_refused_then_forced() -> None:
    names, matrix = read_ahp_matrix(DATA / "saaty1990_house_criteria.csv")
    assert names[0] == "size" and matrix.shape == (8, 8)
    with pytest.raises(InputError, match=r"CR = 0\.169.*exceeds 0\.1.*force: true"):
        compute_ahp_weights(matrix, names)
    result = compute_ahp_weights(matrix, names, force=True)
    assert result.weights.round(3).tolist() == SAATY_1990_PRIORITIES
    assert round(result.lambda_max, 3) == 9.669
    assert round(result.ci, 3) == 0.238
    assert result.ri == 1.41
    assert round(result.cr, 3) == 0.169


def test_ahp_saaty_1990_size_of_house_matrix() -> None:
    # Same paper, houses A, B, C compared on "size of house": priorities .754 .181 .065,
    # lambda_max = 3.136, CI = .068, CR = .117.
    matrix = [[1, 6, 8], ["1/6", 1, 4], ["1/8", "1/4", 1]]
    with pytest.raises(InputError, match=r"CR = 0\.117"):
        compute_ahp_weights(matrix, ["A", "B", "C"])
    result = compute_ahp_weights(matrix, ["A", "B", "C"], force=True)
    assert result.weights.round(3).tolist() == [0.754, 0.181, 0.065]
    assert (round(result.lambda_max, 3), round(result.ci, 3), round(result.cr, 3)) == (
        3.136,
        0.068,
        0.117,
    )


def test_ahp_small_matrices_are_consistent_by_definition() -> None:
    one = compute_ahp_weights([[1]], ["only"])
    assert one.weights.tolist() == [1.0] and (one.ci, one.ri, one.cr) == (0.0, 0.0, 0.0)
    two = compute_ahp_weights([[1, 3], ["1/3", 1]], ["p", "q"])
    assert two.weights.tolist() == pytest.approx([0.75, 0.25])
    assert two.cr == 0.0


def test_saaty_ri_table() -> None:
    assert [SAATY_RI[n] for n in range(1, 16)] == [
        0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("matrix", "names", "text"),
    [
        ([[1, 2], [0.5, 1], [1, 1]], ["a", "b"], r"must be 2 x 2"),
        ([[1, 2], [0.5, 1]], ["a", "b", "c"], r"must be 3 x 3"),
        (
            [[1, 3, 5], [3, 1, 2], [0.2, 0.5, 1]],
            ["a", "b", "c"],
            r"not reciprocal at cell \(b, a\): it is 3",
        ),
        ([[1, -2], [-0.5, 1]], ["a", "b"], r"cell \(a, b\) is -2; entries must be positive"),
        ([[2, 1], [1, 1]], ["a", "b"], r"cell \(a, a\) is 2; the diagonal must be 1"),
        ([[1, "x"], [1, 1]], ["a", "b"], r"cell \(a, b\): comparison 'x' is not a number"),
        ([[1, 1], [1, 1]], ["a", "a"], r"names repeat"),
    ],
)
def test_ahp_invalid_matrix(matrix: list[list[object]], names: list[str], text: str) -> None:
    with pytest.raises(InputError, match=text):
        compute_ahp_weights(matrix, names)


def test_ahp_accepts_rounded_reciprocals_and_refuses_more_than_15() -> None:
    result = compute_ahp_weights([[1, 3, 5], [0.33, 1, 2], [0.2, 0.5, 1]], ["a", "b", "c"])
    assert result.weights.sum() == pytest.approx(1.0)
    with pytest.raises(InputError, match="at most 15 indicators"):
        compute_ahp_weights(np.ones((16, 16)), [f"i{k}" for k in range(16)])


def test_parse_comparison() -> None:
    assert parse_comparison("1/3") == pytest.approx(1 / 3)
    assert parse_comparison(" 5 ") == 5.0
    assert parse_comparison("0.25") == 0.25
    assert parse_comparison(7) == 7.0
    for bad in ("1/0", "three", True):
        with pytest.raises(InputError):
            parse_comparison(bad)


def test_read_ahp_matrix_yaml_and_reorder() -> None:
    names, matrix = read_ahp_matrix(DATA / "consistent_3.yaml")
    assert names == ["population", "duty_items", "area_km2"]
    assert matrix[0].tolist() == [1.0, 2.0, 4.0]
    names, matrix = read_ahp_matrix(
        DATA / "consistent_3.yaml", ["area_km2", "population", "duty_items"]
    )
    assert names == ["area_km2", "population", "duty_items"]
    assert matrix[0].tolist() == [1.0, 0.25, 0.5]
    weights = compute_ahp_weights(matrix, names).weights
    assert weights.to_dict() == pytest.approx(
        {"area_km2": 1 / 7, "population": 4 / 7, "duty_items": 2 / 7}
    )


def test_read_ahp_matrix_gb18030_csv_with_chinese_names(tmp_path: Path) -> None:
    path = tmp_path / "矩阵.csv"
    text = "指标,常住人口,辖区面积\n辖区面积,1/3,1\n常住人口,1,3\n"  # rows in another order
    path.write_bytes(text.encode("gb18030"))
    names, matrix = read_ahp_matrix(path)
    assert names == ["辖区面积", "常住人口"]
    np.testing.assert_allclose(matrix, [[1.0, 1 / 3], [3.0, 1.0]])


@pytest.mark.parametrize(
    ("name", "content", "text"),
    [
        ("m.csv", "x,a,b\na,1,2\nb,1/2,oops\n", r"cell \(b, b\): comparison 'oops'"),
        ("m.csv", "x,a,b\na,1,2\nc,1/2,1\n", r"must name the same indicators"),
        ("m.csv", "x,a,b\na,1,2\n", r"2 indicator columns .* but 1 indicator rows"),
        ("m.yaml", "indicators: [a, b]\nmatrix: [[1, 2]]\n", r"list of 2 rows of 2 entries"),
        (
            "m.yaml",
            "indicators: [a, b]\nmatrix: [[1, 2], [0.5, 1]]\nforce: true\n",
            r"unknown key\(s\) force",
        ),
        ("m.txt", "whatever", r"must be a \.csv, \.yaml or \.yml file"),
    ],
)
def test_read_ahp_matrix_errors(tmp_path: Path, name: str, content: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=text):
        read_ahp_matrix(path)


def test_read_ahp_matrix_missing_file_and_wrong_indicators(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        read_ahp_matrix(tmp_path / "none.csv")
    with pytest.raises(InputError, match="missing enterprises; not expected area_km2"):
        read_ahp_matrix(DATA / "consistent_3.yaml", ["population", "duty_items", "enterprises"])


# --------------------------------------------------------------------------------------
# derive_weights
# --------------------------------------------------------------------------------------


def test_derive_manual_entropy_critic() -> None:
    manual = derive_weights("manual", HAND, manual={"c": 2, "a": 1, "b": 1})
    assert isinstance(manual, WeightResult)
    assert list(manual.weights.index) == ["a", "b", "c"]  # the data's column order
    assert manual.weights.tolist() == [0.25, 0.25, 0.5]
    entropy = derive_weights("entropy", HAND, manual={"a": 1, "b": 1, "c": 1})  # manual ignored
    assert entropy.method == "entropy"
    assert entropy.weights.round(6).tolist() == [0.274018, 0.0, 0.725982]
    assert entropy.details["entropy[b]"] == 1.0
    critic = derive_weights("critic", CRITIC)
    assert critic.weights.round(6).tolist() == [0.265603, 0.494687, 0.23971]
    assert critic.details["sigma[x1]"] == pytest.approx(0.5)


def test_derive_ahp_with_fraction_strings() -> None:
    result = derive_weights("ahp", HAND, ahp_matrix=[[1, 2, 4], ["1/2", 1, 2], ["1/4", "1/2", 1]])
    assert result.weights.tolist() == pytest.approx([4 / 7, 2 / 7, 1 / 7])
    assert set(result.details) == {"lambda_max", "ci", "ri", "cr"}
    assert result.details["ri"] == 0.58


def test_derive_combined_is_a_convex_combination() -> None:
    # 0.8 * AHP (4/7, 2/7, 1/7) + 0.2 * entropy (0.274018, 0, 0.725982), shares given as 4:1
    result = derive_weights(
        "combined",
        HAND,
        ahp_matrix=[[1, 2, 4], ["1/2", 1, 2], ["1/4", "1/2", 1]],
        combined={"ahp": 4, "entropy": 1},
    )
    entropy = compute_entropy_weights(HAND).to_numpy()
    expected = 0.8 * np.array([4 / 7, 2 / 7, 1 / 7]) + 0.2 * entropy
    assert result.weights.tolist() == pytest.approx(expected.tolist(), abs=1e-12)
    assert result.method == "combined"
    assert result.details["share[ahp]"] == pytest.approx(0.8)
    assert "cr" in result.details and "entropy[a]" in result.details


def test_derive_weights_errors() -> None:
    with pytest.raises(InputError, match="valid methods: manual, entropy, critic, ahp, combined"):
        derive_weights("topsis", HAND)
    with pytest.raises(InputError, match="ahp needs a pairwise-comparison matrix"):
        derive_weights("ahp", HAND)
    with pytest.raises(InputError, match="combined needs the shares"):
        derive_weights("combined", HAND)
    with pytest.raises(InputError, match="unknown method\\(s\\) in combined: topsis"):
        derive_weights("combined", HAND, combined={"topsis": 1})
    with pytest.raises(InputError, match="no weight for c; weight for zz"):
        derive_weights("manual", HAND, manual={"a": 1, "b": 1, "zz": 1})
    with pytest.raises(InputError, match="manual needs a weight"):
        derive_weights("manual", HAND)
    assert WEIGHT_METHODS == ("manual", "entropy", "critic", "ahp", "combined")


def test_weight_result_is_frozen() -> None:
    result = derive_weights("manual", HAND, manual={"a": 1, "b": 1, "c": 1})
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.method = "ahp"  # type: ignore[misc]


# --------------------------------------------------------------------------------------
# errors of scores and entropy
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weights", "text"),
    [
        ({"a": 1, "zz": 1}, r"indicator\(s\) 'zz' not in the data"),
        ({"a": -1, "c": 1}, r"weight of 'a' is -1; weights must not be negative"),
        ({"a": 0, "c": 0}, r"all weights are zero"),
        ({"a": float("nan")}, r"not a finite number"),
        ({}, r"no weights given"),
    ],
)
def test_scores_invalid_weights(weights: dict[str, float], text: str) -> None:
    with pytest.raises(InputError, match=text):
        compute_scores(HAND, weights)


def test_scores_zero_indicator_and_bad_values() -> None:
    values = HAND.assign(z=[0, 0, 0])
    with pytest.raises(InputError, match=r"indicator\(s\) 'z' sum to 0"):
        compute_scores(values, {"a": 1, "z": 1})
    # a zero-weight indicator is not used, so its zero sum does not matter
    assert compute_scores(values, {"a": 1, "z": 0}).sum() == pytest.approx(1.0)
    with pytest.raises(InputError, match=r"indicator 'a', row 's2': value -2(\.0)? is negative"):
        compute_scores(HAND.assign(a=[1, -2, 3]), {"a": 1})
    with pytest.raises(InputError, match=r"indicator 'a', row 's3'.*not a finite number"):
        compute_scores(HAND.assign(a=[1.0, 2.0, np.nan]), {"a": 1})


def test_entropy_errors() -> None:
    with pytest.raises(InputError, match="at least 2 streets"):
        compute_entropy_weights(HAND.iloc[:1])
    with pytest.raises(InputError, match="every indicator has the same value"):
        compute_entropy_weights(HAND[["b"]])
    with pytest.raises(InputError, match=r"'z'\) sum to 0|'z' sum to 0"):
        compute_entropy_weights(HAND.assign(z=[0, 0, 0]))


# --------------------------------------------------------------------------------------
# properties
# --------------------------------------------------------------------------------------

_tables = st.integers(2, 12).flatmap(
    lambda n: st.integers(1, 5).flatmap(
        lambda m: arrays(np.float64, (n, m), elements=st.one_of(st.just(0.0), st.floats(1e-6, 1e6)))
    )
)


def _frame(x: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(x, columns=[f"i{j}" for j in range(x.shape[1])])


def _usable(x: np.ndarray) -> bool:
    # an indicator whose values agree to a few digits has entropy 1 in floating point
    # (1 - e is of the order of the squared relative spread): it must differ visibly
    spread = x.max(axis=0) - x.min(axis=0)
    return bool(np.all(x.sum(axis=0) > 0)) and bool(np.any(spread > 1e-6 * x.max(axis=0)))


@settings(max_examples=80, deadline=None)
@given(x=_tables, scale=st.floats(1e-3, 1e3))
def test_entropy_weights_are_a_distribution_and_scale_invariant(
    x: np.ndarray, scale: float
) -> None:
    assume(_usable(x))
    weights = compute_entropy_weights(_frame(x))
    assert (weights >= 0).all() and weights.sum() == pytest.approx(1.0)
    scaled = x.copy()
    scaled[:, 0] = scaled[:, 0] * scale
    assert compute_entropy_weights(_frame(scaled)).tolist() == pytest.approx(
        weights.tolist(), abs=1e-9
    )


@settings(max_examples=80, deadline=None)
@given(
    x=_tables,
    raw=st.lists(st.floats(0.0, 10.0), min_size=5, max_size=5),
    scale=st.floats(1e-3, 1e3),
)
def test_scores_sum_to_one_and_are_scale_invariant(
    x: np.ndarray, raw: list[float], scale: float
) -> None:
    assume(bool(np.all(x.sum(axis=0) > 0)))
    weights = {f"i{j}": raw[j] for j in range(x.shape[1])}
    assume(sum(weights.values()) > 0)
    scores = compute_scores(_frame(x), weights)
    assert (scores >= 0).all() and scores.sum() == pytest.approx(1.0)
    scaled = x * scale
    assert compute_scores(_frame(scaled), weights).tolist() == pytest.approx(
        scores.tolist(), abs=1e-12
    )


@settings(max_examples=60, deadline=None)
@given(x=_tables)
def test_critic_weights_are_a_distribution(x: np.ndarray) -> None:
    assume(bool(np.all(x.max(axis=0) > x.min(axis=0) * (1 + 1e-9) + 1e-9)))
    try:
        weights = compute_critic_weights(_frame(x))
    except InputError as exc:  # every pair perfectly correlated: a documented refusal
        assert "perfectly correlated" in str(exc)
        return
    assert (weights >= -1e-15).all() and weights.sum() == pytest.approx(1.0)


@settings(max_examples=60, deadline=None)
@given(raw=st.lists(st.floats(0.0, 100.0), min_size=1, max_size=8), share=st.floats(0.0, 1.0))
def test_manual_and_combined_weights_are_distributions(raw: list[float], share: float) -> None:
    assume(sum(raw) > 0)
    names = [f"i{j}" for j in range(len(raw))]
    manual = compute_manual_weights(dict(zip(names, raw, strict=True)))
    assert (manual >= 0).all() and manual.sum() == pytest.approx(1.0)
    values = pd.DataFrame(
        np.arange(1, 3 * len(raw) + 1, dtype=float).reshape(3, len(raw)), columns=names
    )
    shares = {"manual": share, "entropy": 1.0 - share}
    assume(sum(shares.values()) > 0)
    combined = derive_weights(
        "combined", values, manual=dict(zip(names, raw, strict=True)), combined=shares
    )
    assert (combined.weights >= 0).all() and combined.weights.sum() == pytest.approx(1.0)


# ------------------------------------------------------------------ the score kernel


def test_share_score_kernel_by_hand() -> None:
    values = np.array([[1.0, 4.0, 0.0], [3.0, 0.0, 0.0], [4.0, 12.0, 0.0]])
    # the third indicator has weight 0: skipped, although it sums to 0
    got = compute_share_scores(values, np.array([0.5, 0.5, 0.0]))
    np.testing.assert_allclose(
        got, [0.5 * 1 / 8 + 0.5 * 4 / 16, 0.5 * 3 / 8, 0.5 * 4 / 8 + 0.5 * 12 / 16]
    )
    assert got.sum() == pytest.approx(1.0)
    roots = compute_share_scores(values, np.array([1.0, 0.0, 0.0]), ("sqrt", "none", "none"))
    np.testing.assert_allclose(roots, np.sqrt([1.0, 3.0, 4.0]) / np.sqrt([1.0, 3.0, 4.0]).sum())
    with pytest.raises(InputError, match="indicator number 3 sums to 0"):
        compute_share_scores(values, np.array([0.5, 0.0, 0.5]))


def test_compute_scores_is_the_kernel_bit_for_bit() -> None:
    weights = {"a": 1.0, "b": 1.0, "c": 2.0}
    transforms = {"a": "sqrt", "c": "log1p"}
    expected = compute_scores(HAND, weights, transforms)
    kernel = compute_share_scores(
        HAND.loc[:, ["a", "b", "c"]].to_numpy(dtype=np.float64),
        np.array([1.0 / 4.0, 1.0 / 4.0, 2.0 / 4.0]),
        ("sqrt", "none", "log1p"),
    )
    assert kernel.tobytes() == expected.to_numpy().tobytes()


def test_choices_are_written_once() -> None:
    """The weight methods and transforms here are the scenario schema's Literal values."""
    import typing

    from quota.config import schema
    from quota.methods import scores, table_weights, weights

    assert weights.WEIGHT_METHODS is schema.WEIGHT_METHODS
    assert scores.TRANSFORMS is schema.TRANSFORMS
    assert typing.get_args(schema.TableWeightMethod) == table_weights.TABLE_METHODS
    assert ("manual", *table_weights.TABLE_METHODS) == weights.COMBINABLE_METHODS
    assert typing.get_args(schema.WeightsConfig.model_fields["method"].annotation) == (
        schema.WEIGHT_METHODS
    )
    assert typing.get_args(schema.Scenario.model_fields["method"].annotation) == schema.METHODS
