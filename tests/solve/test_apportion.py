"""Tests of quota.solve.apportion: textbook examples, national apportionments, properties."""

from __future__ import annotations

import dataclasses
import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quota.errors import InfeasibleError, InputError
from quota.solve.apportion import (
    DIVISOR_METHODS,
    METHODS,
    Apportionment,
    apportion,
    compute_quotas,
    normalize_method,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "apportion"

# --------------------------------------------------------------------------------------
# Tannenbaum, *Excursions in Modern Mathematics*, ch. 4 "The Mathematics of
# Apportionment": the Republic of Parador, six states, 250 seats, populations below
# (total 12,500,000, standard divisor SD = 50,000). Expected seats worked by hand,
# each divisor method certified by a divisor D that makes the rounded quotients add
# up to 250:
#
#   state        A          B         C          D         E        F
#   population   1,646,000  6,936,000 154,000    2,091,000 685,000  988,000
#   quota (SD)   32.92      138.72    3.08       41.82     13.70    19.76
#
# hamilton: floors 32 138 3 41 13 19 = 246; 4 seats to the largest remainders
#           .92 (A) .82 (D) .76 (F) .72 (B)                    -> 33 139 3 42 13 20
# dhondt (Jefferson), D = 49,500, round down:
#           33.25 140.12 3.11 42.24 13.84 19.96                -> 33 140 3 42 13 19
# adams, D = 50,700, round up:
#           32.47 136.80 3.04 41.24 13.51 19.49                -> 33 137 4 42 14 20
# webster, D = 50,100, round at .5:
#           32.85 138.44 3.07 41.74 13.67 19.72                -> 33 138 3 42 14 20
# huntington-hill, D = 50,100, round at the geometric mean sqrt(n(n+1)):
#           32.85 > 32.50, 138.44 < 138.50, 3.07 < 3.46, 41.74 > 41.50,
#           13.67 > 13.49, 19.72 > 19.49                      -> 33 138 3 42 14 20
# --------------------------------------------------------------------------------------
PARADOR = [1_646_000, 6_936_000, 154_000, 2_091_000, 685_000, 988_000]
PARADOR_SEATS = {
    "hamilton": [33, 139, 3, 42, 13, 20],
    "dhondt": [33, 140, 3, 42, 13, 19],
    "adams": [33, 137, 4, 42, 14, 20],
    "webster": [33, 138, 3, 42, 14, 20],
    "huntington-hill": [33, 138, 3, 42, 14, 20],
}
PARADOR_DIVISORS = {"dhondt": 49_500, "adams": 50_700, "webster": 50_100, "huntington-hill": 50_100}

# --------------------------------------------------------------------------------------
# The first U.S. apportionment (1790 census, "federal population" counting 3/5 of
# slaves; total 3,615,920), from Balinski & Young, *Fair Representation*, 2nd ed.
# (2001), ch. 2 and appendix B:
# - the Apportionment Act of April 1792 used Jefferson's method with 105 seats
#   (divisor 33,000): the seats below;
# - the bill vetoed by Washington in April 1792 used Hamilton's method with 120 seats.
# --------------------------------------------------------------------------------------
US_1790 = {
    "CT": 236_841, "DE": 55_540, "GA": 70_835, "KY": 68_705, "MD": 278_514,
    "MA": 475_327, "NH": 141_822, "NJ": 179_570, "NY": 331_589, "NC": 353_523,
    "PA": 432_879, "RI": 68_446, "SC": 206_236, "VT": 85_533, "VA": 630_560,
}  # fmt: skip
US_1792_JEFFERSON_105 = {
    "CT": 7, "DE": 1, "GA": 2, "KY": 2, "MD": 8, "MA": 14, "NH": 4, "NJ": 5,
    "NY": 10, "NC": 10, "PA": 13, "RI": 2, "SC": 6, "VT": 2, "VA": 19,
}  # fmt: skip
US_1792_HAMILTON_120 = {
    "CT": 8, "DE": 2, "GA": 2, "KY": 2, "MD": 9, "MA": 16, "NH": 5, "NJ": 6,
    "NY": 11, "NC": 12, "PA": 14, "RI": 2, "SC": 7, "VT": 3, "VA": 21,
}  # fmt: skip


@pytest.mark.parametrize("method", METHODS)
def test_parador_textbook_example(method: str) -> None:
    result = apportion(method, PARADOR, 250)
    assert result.seats.tolist() == PARADOR_SEATS[method]
    assert result.seats.dtype == np.int64
    assert result.method == method
    assert result.ties == ()


@pytest.mark.parametrize("method", DIVISOR_METHODS)
def test_parador_divisor_certifies_result(method: str) -> None:
    """The hand divisor reproduces the seats, and so does the divisor reported."""
    signpost = {
        "dhondt": lambda k: k + 1.0,
        "webster": lambda k: k + 0.5,
        "adams": lambda k: float(k),
        "huntington-hill": lambda k: math.sqrt(k * (k + 1)),
    }[method]
    result = apportion(method, PARADOR, 250)
    for divisor in (PARADOR_DIVISORS[method], result.divisor):
        assert divisor is not None
        seats = [sum(1 for k in range(300) if w / divisor > signpost(k)) for w in PARADOR]
        assert seats == PARADOR_SEATS[method]


def test_hamilton_reports_no_divisor() -> None:
    assert apportion("hamilton", PARADOR, 250).divisor is None


def test_first_us_apportionment_jefferson_1792() -> None:
    assert sum(US_1790.values()) == 3_615_920
    result = apportion("dhondt", list(US_1790.values()), 105)
    assert dict(zip(US_1790, result.seats.tolist(), strict=True)) == US_1792_JEFFERSON_105
    # Virginia: quota 630,560 * 105 / 3,615,920 = 18.31, 19 seats: still within quota
    assert result.quota[list(US_1790).index("VA")] == pytest.approx(18.310, abs=1e-3)
    assert result.quota_rule
    # the divisor 33,000 of the Act certifies the result: floor(population / 33,000)
    assert (np.array(list(US_1790.values())) // 33_000 == result.seats).all()
    assert result.divisor is not None and 32_000 < result.divisor < 34_000


def test_jefferson_violates_upper_quota_in_parador() -> None:
    # B's quota is 138.72 but D'Hondt/Jefferson gives it 140 (> ceiling 139).
    result = apportion("dhondt", PARADOR, 250)
    assert not result.upper_quota_ok
    assert result.lower_quota_ok
    assert not result.quota_rule


def test_vetoed_hamilton_bill_1792() -> None:
    result = apportion("hamilton", list(US_1790.values()), 120)
    assert dict(zip(US_1790, result.seats.tolist(), strict=True)) == US_1792_HAMILTON_120
    assert result.quota_rule


def test_adams_violates_lower_quota_in_parador() -> None:
    # B's quota is 138.72 but Adams gives it 137 (< floor 138).
    result = apportion("adams", PARADOR, 250)
    assert not result.lower_quota_ok
    assert result.upper_quota_ok


# --------------------------------------------------------------------------------------
# Alabama paradox (Tannenbaum, Excursions in Modern Mathematics, ch. 4): three states
# with populations 940, 9,030, 10,030 (total 20,000).
#   200 seats: quotas 9.40  90.30  100.30  -> floors 9 90 100 (199); remainder .40 wins
#              -> A 10, B 90, C 100
#   201 seats: quotas 9.447 90.7515 100.8015 -> floors 9 90 100 (199); remainders .8015
#              (C) and .7515 (B) win -> A 9, B 91, C 101: A LOSES a seat in a larger house.
# --------------------------------------------------------------------------------------
def test_alabama_paradox_for_hamilton() -> None:
    small = apportion("hamilton", [940, 9_030, 10_030], 200)
    large = apportion("hamilton", [940, 9_030, 10_030], 201)
    assert small.seats.tolist() == [10, 90, 100]
    assert large.seats.tolist() == [9, 91, 101]
    assert large.seats[0] < small.seats[0]  # the paradox
    assert small.quota_rule and large.quota_rule


@pytest.mark.parametrize("method", DIVISOR_METHODS)
def test_divisor_methods_avoid_the_alabama_paradox(method: str) -> None:
    small = apportion(method, [940, 9_030, 10_030], 200)
    large = apportion(method, [940, 9_030, 10_030], 201)
    assert (large.seats >= small.seats).all()


# --------------------------------------------------------------------------------------
# National apportionments: Huntington–Hill with one seat guaranteed to every state
# (2 U.S.C. § 2a), on the Census Bureau's apportionment populations
# (tests/data/apportion/README.md gives the sources and the cross-checks).
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("year", "population", "resident"),
    [(2020, 331_108_434, 330_759_736), (2010, 309_183_463, 308_143_815)],
)
def test_us_house_huntington_hill(year: int, population: int, resident: int) -> None:
    table = pd.read_csv(DATA / f"us_{year}.csv")
    assert len(table) == 50
    assert int(table["apportionment_population"].sum()) == population
    assert int(table["resident_population"].sum()) == resident
    assert (
        table["resident_population"] + table["overseas_population"]
        == table["apportionment_population"]
    ).all()
    assert int(table["seats"].sum()) == 435
    result = apportion(
        "huntington-hill",
        table["apportionment_population"],
        435,
        lower=1,
        labels=list(table["state"]),
    )
    assert result.seats.tolist() == table["seats"].tolist()
    assert result.ties == ()
    # the same apportionment from population shares (what the pipeline passes: scores)
    shares = table["apportionment_population"] / population
    assert (
        apportion("equal-proportions", shares, 435, lower=1).seats.tolist()
        == table["seats"].tolist()
    )


def test_us_2020_facts() -> None:
    table = pd.read_csv(DATA / "us_2020.csv").set_index("abbreviation")
    result = apportion("huntington-hill", table["apportionment_population"], 435, lower=1)
    seats = dict(zip(table.index, result.seats.tolist(), strict=True))
    assert (seats["CA"], seats["TX"], seats["FL"], seats["NY"], seats["MT"], seats["WY"]) == (
        52,
        38,
        28,
        26,
        2,
        1,
    )
    assert result.quota_rule  # 2020 Huntington–Hill stayed within quota


# ------------------------------------------------------------------------------ ties


def test_webster_tie_goes_to_the_unit_listed_first_and_is_reported() -> None:
    result = apportion("webster", [1, 1, 1], 2, labels=["东城", "西城", "南湖"])
    assert result.seats.tolist() == [1, 1, 0]
    assert len(result.ties) == 1
    assert "东城, 西城 got it" in str(result.ties[0])
    assert "南湖 did not" in str(result.ties[0])
    assert "东城、西城因在名单中排列在前而分得；南湖未分得" in result.ties[0].render("zh")
    assert result.divisor == 2.0  # the tied priority: no divisor separates them


def test_hamilton_equal_remainders_tie() -> None:
    # quotas 1.5, 1.5, 1.0 with 4 seats: floors 1 1 1, one seat left, remainders .5 .5 0
    result = apportion("hamilton", [3, 3, 2], 4)
    assert result.seats.tolist() == [2, 1, 1]
    assert len(result.ties) == 1 and "q - k = 0.5" in str(result.ties[0])
    assert "unit 0 got it" in str(result.ties[0]) and "unit 1 did not" in str(result.ties[0])
    assert "单位0因在名单中排列在前而分得；单位1未分得" in result.ties[0].render("zh")


def test_huntington_hill_first_seats_go_to_larger_weights_then_list_order() -> None:
    # fewer seats than units: every first seat has infinite priority; larger weight first,
    # then list order for equal weights (reported), zero weight last.
    result = apportion("huntington-hill", [5, 3, 3, 0], 2)
    assert result.seats.tolist() == [1, 1, 0, 0]
    assert len(result.ties) == 1 and "first seat" in str(result.ties[0])
    assert result.divisor is None


def test_no_tie_reported_when_all_tied_units_are_served() -> None:
    assert apportion("webster", [1, 1, 1], 3).ties == ()


# ------------------------------------------------------------------------------ bounds


def test_us_style_floor_of_one() -> None:
    # D'Hondt would give the small unit nothing; the floor of 1 guarantees it a seat.
    assert apportion("dhondt", [100, 10, 1], 5).seats.tolist() == [5, 0, 0]
    assert apportion("dhondt", [100, 10, 1], 5, lower=1).seats.tolist() == [3, 1, 1]


def test_upper_bound_caps_a_unit_and_the_rest_is_shared_by_the_method() -> None:
    # webster 10 seats on 60/30/10: 6 3 1; capping the first at 4 gives the two seats
    # by the priority list: B next priorities 30/3.5 = 8.57, C 10/1.5 = 6.67, then B 30/4.5 = 6.67
    # (tie B vs C at 6.67? 30/4.5 = 6.666..., 10/1.5 = 6.666...: equal) -> B listed first.
    result = apportion("webster", [60, 30, 10], 10, upper=[4, 10, 10])
    assert result.seats.tolist() == [4, 5, 1]
    assert len(result.ties) == 1


def test_bounded_hamilton_rule() -> None:
    # quotas 7.0, 2.0, 1.0 (10 seats on 70/20/10); lower bound 3 on the last unit.
    # Start at clip(floor(q), lower, upper) = 7 2 3, i.e. 12 > 10: take back two seats,
    # each time from the unit whose last seat has the smallest q - (n - 1) (unit 2 is at
    # its floor and keeps its 3): units 0 and 1 both have 1.0 -> the later one (1) gives
    # its seat first, then unit 0 (1.0 < unit 1's new 2.0). Result 6 1 3, which is also
    # the minimiser of sum (n - q)^2 = 1 + 1 + 4 within the bounds.
    result = apportion("hamilton", [70, 20, 10], 10, lower=[0, 0, 3])
    assert result.seats.tolist() == [6, 1, 3]
    assert result.seats.sum() == 10
    assert not result.quota_rule  # unit 2 above its ceiling 1


def test_bounds_scalar_and_array_forms_agree() -> None:
    a = apportion("huntington-hill", PARADOR, 250, lower=5)
    b = apportion("huntington-hill", PARADOR, 250, lower=[5] * 6)
    assert a.seats.tolist() == b.seats.tolist()
    assert a.seats.min() >= 5


def test_zero_weight_unit_gets_only_its_floor() -> None:
    for method in METHODS:
        assert apportion(method, [0, 5, 5], 4, lower=[1, 0, 0]).seats.tolist() == [1, 2, 1]


def test_zero_seats() -> None:
    for method in METHODS:
        assert apportion(method, [1, 2], 0).seats.tolist() == [0, 0]


# ------------------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    ("kwargs", "error", "text"),
    [
        ({"method": "plurality"}, InputError, "valid methods: hamilton, webster"),
        ({"weights": [1, -2, 3]}, InputError, "unit 1 is -2"),
        ({"weights": [0, 0]}, InputError, "all 2 weights are zero"),
        ({"weights": [1, float("nan")]}, InputError, "finite"),
        ({"weights": []}, InputError, "non-empty"),
        ({"weights": [[1, 2]]}, InputError, "non-empty"),
        ({"seats": -1}, InputError, "must not be negative"),
        ({"seats": 2.5}, InputError, "whole number"),
        ({"seats": True}, InputError, "whole number"),
        ({"lower": [4, 4, 4]}, InfeasibleError, "lower bounds add up to 12 seats but only 10"),
        ({"upper": [3, 3, 3]}, InfeasibleError, "upper bounds allow at most 9 seats but 10"),
        (
            {"lower": [2, 0, 0], "upper": [1, 10, 10]},
            InfeasibleError,
            "unit 0: lower bound 2 is above upper bound 1",
        ),
        ({"lower": [1, 1]}, InputError, "2 entries but there are 3 units"),
        ({"lower": [0.5, 0, 0]}, InputError, "whole numbers"),
        ({"labels": ["a"]}, InputError, "1 labels given for 3 units"),
    ],
)
def test_invalid_input(kwargs: dict[str, object], error: type[Exception], text: str) -> None:
    args: dict[str, object] = {"method": "webster", "weights": [1, 2, 3], "seats": 10}
    args.update(kwargs)
    with pytest.raises(error, match=text):
        apportion(**args)  # type: ignore[arg-type]


def test_method_aliases() -> None:
    assert normalize_method("Sainte-Lague") == "webster"
    assert normalize_method("jefferson") == "dhondt"
    assert normalize_method("Huntington_Hill") == "huntington-hill"
    assert normalize_method("largest-remainder") == "hamilton"


def test_result_is_frozen_and_quotas_exact() -> None:
    result = apportion("hamilton", [1, 2, 3], 12)
    assert isinstance(result, Apportionment)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.method = "webster"  # type: ignore[misc]
    assert result.quota.tolist() == [2.0, 4.0, 6.0]
    assert compute_quotas([1, 1, 2], 6).tolist() == [1.5, 1.5, 3.0]


def test_inputs_are_not_modified() -> None:
    weights = np.array([3.0, 2.0, 1.0])
    lower = np.array([1, 1, 1])
    apportion("adams", weights, 9, lower=lower)
    assert weights.tolist() == [3.0, 2.0, 1.0] and lower.tolist() == [1, 1, 1]


def test_40000_units_100000_seats() -> None:
    # speed is measured by benchmarks/bench.py against numpy/heapq baselines, not asserted here
    rng = np.random.default_rng(2024)
    weights = rng.lognormal(10.0, 1.5, 40_000)
    for method in METHODS:
        result = apportion(method, weights, 100_000)
        assert int(result.seats.sum()) == 100_000


# -------------------------------------------------------------------------- properties


def _reference(
    method: str, weights: list[int], seats: int, lower: list[int], upper: list[int]
) -> list[int]:
    """The textbook definition, one seat at a time with exact fractions."""
    total = sum(weights)
    n = list(lower)

    def priority(i: int) -> tuple[Fraction, Fraction]:
        w, k = weights[i], n[i]
        if method == "hamilton":
            return Fraction(w * seats, total) - k, Fraction(0)
        d = {
            "dhondt": Fraction(k + 1),
            "webster": Fraction(2 * k + 1, 2),
            "adams": Fraction(k),
        }.get(method)
        if method == "huntington-hill":
            if k == 0:
                return (Fraction(10**30), Fraction(w)) if w > 0 else (Fraction(0), Fraction(0))
            return Fraction(w * w, k * (k + 1)), Fraction(0)
        assert d is not None
        if d == 0:
            return (Fraction(10**30), Fraction(w)) if w > 0 else (Fraction(0), Fraction(0))
        return Fraction(w) / d, Fraction(0)

    for _ in range(seats - sum(lower)):
        candidates = [i for i in range(len(n)) if n[i] < upper[i]]
        best = max(candidates, key=lambda i: (priority(i), -i))
        n[best] += 1
    return n


@st.composite
def _problems(draw: st.DrawFn, bounded: bool = True) -> tuple[list[int], int, list[int], list[int]]:
    size = draw(st.integers(1, 7))
    weights = draw(st.lists(st.integers(0, 400), min_size=size, max_size=size))
    if not any(weights):
        weights[0] = 1
    lower = [0] * size
    upper = [10**6] * size
    if bounded and draw(st.booleans()):
        lower = draw(st.lists(st.integers(0, 3), min_size=size, max_size=size))
        upper = [lo + draw(st.integers(0, 12)) for lo in lower]
    seats = draw(st.integers(sum(lower), min(sum(lower) + 40, sum(min(u, 10**3) for u in upper))))
    return weights, seats, lower, upper


@settings(max_examples=150, deadline=None)
@given(problem=_problems(), method=st.sampled_from(METHODS))
def test_matches_one_seat_at_a_time_definition(
    problem: tuple[list[int], int, list[int], list[int]], method: str
) -> None:
    weights, seats, lower, upper = problem
    result = apportion(method, weights, seats, lower=lower, upper=upper)
    assert result.seats.tolist() == _reference(method, weights, seats, lower, upper)


@settings(max_examples=100, deadline=None)
@given(problem=_problems(), method=st.sampled_from(METHODS))
def test_respects_bounds_and_house_size(
    problem: tuple[list[int], int, list[int], list[int]], method: str
) -> None:
    weights, seats, lower, upper = problem
    result = apportion(method, weights, seats, lower=lower, upper=upper)
    assert int(result.seats.sum()) == seats
    assert (result.seats >= np.array(lower)).all() and (result.seats <= np.array(upper)).all()
    assert result.quota.sum() == pytest.approx(seats)


@settings(max_examples=100, deadline=None)
@given(problem=_problems(), method=st.sampled_from(DIVISOR_METHODS))
def test_divisor_methods_are_house_monotone(
    problem: tuple[list[int], int, list[int], list[int]], method: str
) -> None:
    weights, seats, lower, upper = problem
    if seats + 1 > sum(upper):
        return
    before = apportion(method, weights, seats, lower=lower, upper=upper).seats
    after = apportion(method, weights, seats + 1, lower=lower, upper=upper).seats
    assert (after >= before).all()
    assert int((after - before).sum()) == 1


@settings(max_examples=100, deadline=None)
@given(
    weights=st.lists(st.floats(0.0, 1e6, allow_nan=False), min_size=1, max_size=30).filter(
        lambda w: sum(w) > 0
    ),
    seats=st.integers(0, 500),
)
def test_hamilton_satisfies_quota_rule_when_unbounded(weights: list[float], seats: int) -> None:
    result = apportion("hamilton", weights, seats)
    assert result.quota_rule
    quota = np.array(weights) / sum(weights) * seats
    assert (result.seats >= np.floor(quota - 1e-9)).all() and (
        result.seats <= np.ceil(quota + 1e-9)
    ).all()


@settings(max_examples=60, deadline=None)
@given(problem=_problems())
def test_webster_is_sainte_lague(problem: tuple[list[int], int, list[int], list[int]]) -> None:
    weights, seats, lower, upper = problem
    webster = apportion("webster", weights, seats, lower=lower, upper=upper)
    sainte_lague = apportion("sainte-lague", weights, seats, lower=lower, upper=upper)
    assert webster.seats.tolist() == sainte_lague.seats.tolist()
    # Sainte-Laguë's odd-number divisors 1, 3, 5, ... give the same priority order
    odd = apportion("webster", [2 * w for w in weights], seats, lower=lower, upper=upper)
    assert odd.seats.tolist() == webster.seats.tolist()


@settings(max_examples=60, deadline=None)
@given(
    weights=st.lists(st.floats(1e-3, 1e9, allow_nan=False), min_size=2, max_size=40),
    seats=st.integers(0, 2000),
    method=st.sampled_from(METHODS),
    scale=st.sampled_from([2.0**-20, 0.5, 2.0, 2.0**30]),
)
def test_float_weights_sum_and_scale_invariance(
    weights: list[float], seats: int, method: str, scale: float
) -> None:
    # scaling by a power of two is exact in floating point, so the result must not move
    result = apportion(method, weights, seats)
    assert int(result.seats.sum()) == seats
    scaled = apportion(method, [w * scale for w in weights], seats)
    assert scaled.seats.tolist() == result.seats.tolist()
