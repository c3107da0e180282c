"""Tests of the multi-year transition plan (quota.analysis.transition)."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import quota.analysis.hiring as hiring_module
from quota.analysis.hiring import compute_priority_floor, solve_hiring
from quota.analysis.transition import PLAN_COLUMNS, SUMMARY_COLUMNS, PlanSettings, build_plan
from quota.analysis.transition_checks import check_allocation_table
from quota.analysis.transition_steps import compute_departures
from quota.errors import InputError
from quota.solve.solvers import silence_stdout_fd
from tests.conftest import REPO


def make_table(rows: list[tuple[str, str, int, int, int, int | None]]) -> pd.DataFrame:
    """An allocation table like ``Result.table`` from (street, kind, base, quantified, turnover, onboard)."""
    street, kind, base, quantified, turnover, onboard = zip(*rows, strict=True)
    entitlement = [b + q for b, q in zip(base, quantified, strict=True)]
    total = [e + t for e, t in zip(entitlement, turnover, strict=True)]
    return pd.DataFrame(
        {
            "street": pd.array(street, dtype="str"),
            "kind": pd.array(kind, dtype="str"),
            "current": pd.array(total, dtype="Int64"),
            "base": pd.array(base, dtype="Int64"),
            "quantified": pd.array(quantified, dtype="Int64"),
            "turnover": pd.array(turnover, dtype="Int64"),
            "total": pd.array(total, dtype="Int64"),
            "change": pd.array([0] * len(rows), dtype="Int64"),
            "onboard": pd.array(onboard, dtype="Int64"),
            "vacancy": pd.array(
                [None if o is None else t - o for t, o in zip(total, onboard, strict=True)],
                dtype="Int64",
            ),
            "score": [1.0 / len(rows)] * len(rows),
            "ideal": [float(q) for q in quantified],
        }
    )


def column(plan_table: pd.DataFrame, name: str, street: str, kind: str = "admin") -> list[int]:
    rows = plan_table[(plan_table["street"] == street) & (plan_table["kind"] == kind)]
    return [int(v) for v in rows[name]]


# ----------------------------------------------------------------- hand-worked example


def three_streets() -> pd.DataFrame:
    # entitlement = base + quantified: A 20, B 20, C 10 (sum 50); pool 56.
    # A has 26 on board, 6 above its entitlement: the allocation gave it 6 turnover,
    # so all 56 quotas are in use. B (16 on board) and C (7) are short.
    return make_table(
        [
            ("A", "admin", 8, 12, 6, 26),
            ("B", "admin", 8, 12, 0, 16),
            ("C", "admin", 6, 4, 0, 7),
        ]
    )


def test_three_streets_worked_by_hand() -> None:
    plan = build_plan(three_streets(), {"admin": 56}, PlanSettings(3, 0.1, 5))
    t = plan.table
    # Attrition 10%, at most 5 hires a year. x = 10% of staff + carry from earlier rounding.
    # Year 1. x = 2.6, 1.6, 0.7 (sum 4.9 -> 5 leave). Whole parts 2, 1, 0 (3); the 2
    #   round-ups go to the largest fractions: C (.7), then A (.6, tied with B, A listed
    #   first). Departures A 3, B 1, C 1; carry -.4, .6, -.3.
    #   After departures A 23, B 15, C 6. A keeps 23 - 20 = 3 turnover; the other 3
    #   return to the district (reserve 56 - 53 = 3). Shortfall B 5, C 4 = 9 > cap 5.
    #   Relative shortfall each successive hire fills: B 5/20=.25, 4/20=.20, 3/20=.15 ...
    #   C 4/10=.40, 3/10=.30, 2/10=.20, 1/10=.10. Best five: C .40, C .30, B .25, then
    #   B .20 and C .20 (tied: B first, both fit). Hires B 2, C 3 -> end A 23, B 17, C 9.
    # Year 2. x = 2.3-.4, 1.7+.6, 0.9-.3 = 1.9, 2.3, 0.6 (sum 4.8 -> 5). Whole parts
    #   1, 2, 0 (3); round-ups A (.9), C (.6). Departures A 2, B 2, C 1; carry -.1, .3, -.4.
    #   After A 21 (turnover 1, reserve 5), B 15, C 8. Shortfall B 5, C 2 = 7 > 5.
    #   Best five: B .25, B .20 (tied with C .20: B first), C .20, B .15, B .10 (tied with
    #   C .10: B first). Hires B 4, C 1 -> end A 21, B 19, C 9.
    # Year 3. x = 2.1-.1, 1.9+.3, 0.9-.4 = 2.0, 2.2, 0.5 (sum 4.7 -> 5). Whole parts
    #   2, 2, 0 (4); one round-up: C (.5; A's 2.0 is exact). Departures A 2, B 2, C 1;
    #   carry 0, .2, -.5. After A 19, B 17, C 8: no turnover left (reserve 6). Shortfall
    #   A 1, B 3, C 2 = 6 > 5. Best five: C .20, B .15, B .10 (tied with C .10: B first),
    #   C .10, then A .05 (tied with B .05: A first). Hires A 1, B 2, C 2 -> end 20, 19, 10.
    assert column(t, "entitlement", "A") == [20, 20, 20]
    assert column(t, "onboard_start", "A") == [26, 23, 21]
    assert column(t, "departures", "A") == [3, 2, 2]
    assert column(t, "turnover", "A") == [3, 1, 0]
    assert column(t, "total", "A") == [23, 21, 20]
    assert column(t, "hires", "A") == [0, 0, 1]
    assert column(t, "onboard_end", "A") == [23, 21, 20]
    assert column(t, "onboard_start", "B") == [16, 17, 19]
    assert column(t, "departures", "B") == [1, 2, 2]
    assert column(t, "turnover", "B") == [0, 0, 0]
    assert column(t, "hires", "B") == [2, 4, 2]
    assert column(t, "onboard_end", "B") == [17, 19, 19]
    assert column(t, "total", "B") == [20, 20, 20]
    assert column(t, "onboard_start", "C") == [7, 9, 9]
    assert column(t, "departures", "C") == [1, 1, 1]
    assert column(t, "hires", "C") == [3, 1, 2]
    assert column(t, "onboard_end", "C") == [9, 9, 10]
    assert column(t, "total", "C") == [10, 10, 10]
    # Projected beyond the horizon (rate only):
    # Year 4. x = 2.0, 1.9+.2, 1.0-.5 = 2.0, 2.1, 0.5 (4.6 -> 5): 2, 2, 0 + round-up C.
    #   Departures 2, 2, 1; carry 0, .1, -.5. After 18, 17, 9; shortfall 2, 3, 1 = 6 > 5.
    #   Best five: B .15, then A .10, B .10, C .10 (tied: in street order), A .05 (tied
    #   with B .05: A first). Hires 2, 2, 1 -> end 20, 19, 10.
    # Year 5. x = 2.0, 2.0, 0.5 (4.5 -> 5): round-up C. Departures 2, 2, 1; carry 0, 0,
    #   -.5; the same hires -> end 20, 19, 10.
    # Year 6. x = 2.0, 1.9, 0.5 (4.4 -> 4): 2, 1, 0 + round-up B (.9). Departures 2, 2, 0.
    #   After 18, 17, 10; shortfall 2 + 3 = 5 fits the cap -> end 20, 20, 10.
    # A and C reach entitlement in year 3, B only in year 6.
    assert plan.reach_year["year"].tolist() == [3, 6, 3]
    assert plan.summary["reserve"].tolist() == [3, 5, 6]
    assert plan.summary["turnover"].tolist() == [3, 1, 0]
    assert plan.summary["hires"].tolist() == [5, 5, 5]
    assert plan.summary["departures"].tolist() == [5, 5, 5]
    assert plan.summary["vacancies"].tolist() == [4, 2, 1]
    assert plan.summary["hiring_cap"].tolist() == [5, 5, 5]
    assert plan.hiring_by_year[[1, 2, 3, "total"]].to_numpy().tolist() == [
        [0, 0, 1, 1],
        [2, 4, 2, 8],
        [3, 1, 2, 6],
    ]


def test_reach_year_beyond_the_horizon() -> None:
    # A: entitlement 10, 20 on board (10 turnover); B: entitlement 10, 10 on board.
    # Rate 10%, no cap, two plan years 2026-2027.
    table = make_table([("A", "admin", 4, 6, 10, 20), ("B", "admin", 4, 6, 0, 10)])
    plan = build_plan(table, {"admin": 30}, PlanSettings(2, 0.1, None, start_year=2026))
    # 2026: x = 2.0, 1.0 -> A 2, B 1; A 18 (turnover 8), B 9 + 1 hire = 10.
    # 2027: x = 1.8, 1.0 (2.8 -> 3) -> A 2 (round-up), B 1; carry A -.2; A 16.
    # Projected, B leaving and rehiring 1 a year:
    #   2028: A x = 1.6 - .2 = 1.4 (2.4 -> 2): 1, carry .4 -> 15
    #   2029: x = 1.5 + .4 = 1.9 (2.9 -> 3): 2, carry -.1 -> 13
    #   2030: x = 1.3 - .1 = 1.2 (2.2 -> 2): 1, carry .2 -> 12
    #   2031: x = 1.2 + .2 = 1.4 (2.4 -> 2): 1, carry .4 -> 11
    #   2032: x = 1.1 + .4 = 1.5 (2.5 -> 3): 2 -> 9, hires 1 -> 10 = entitlement.
    assert column(plan.table, "onboard_end", "A") == [18, 16]
    assert column(plan.table, "turnover", "A") == [8, 6]
    assert column(plan.table, "hires", "B") == [1, 1]
    assert plan.table["year"].unique().tolist() == [2026, 2027]
    assert plan.reach_year["year"].tolist() == [2032, 2026]
    assert plan.last_year == 2027


def test_no_hiring_never_reaches() -> None:
    table = make_table([("A", "admin", 4, 6, 0, 8)])
    plan = build_plan(table, {"admin": 30}, PlanSettings(2, 0.1, 0))
    assert column(plan.table, "onboard_end", "A") == [7, 6]
    assert plan.reach_year["year"].tolist() == [pd.NA]


def test_no_attrition_never_reaches() -> None:
    table = make_table([("A", "admin", 4, 6, 5, 15), ("B", "admin", 4, 6, 0, 7)])
    plan = build_plan(table, {"admin": 30}, PlanSettings(3, 0.0, None))
    assert column(plan.table, "onboard_end", "A") == [15, 15, 15]
    assert column(plan.table, "hires", "B") == [3, 0, 0]
    assert plan.reach_year["year"].tolist() == [pd.NA, 1]


def test_known_departures_replace_the_rate() -> None:
    table = make_table(
        [
            ("A", "admin", 4, 6, 10, 20),
            ("B", "admin", 4, 6, 0, 10),
            ("A", "institutional", 5, 5, 0, 10),
        ]
    )
    known = pd.DataFrame(
        {
            "street": ["A", "A", "A"],
            "kind": ["admin", "admin", "admin"],
            "year": [2026, 2027, 2030],  # 2030 is outside the horizon: ignored
            "departures": [5, 0, 99],
        }
    )
    settings = PlanSettings(2, {"admin": 0.1, "institutional": 0.2}, {"institutional": 1}, 2026)
    plan = build_plan(table, {"admin": 30, "institutional": 10}, settings, known)
    # admin: A loses its known 5 then 0; B alone at 10%: 1 a year, rehired each year.
    assert column(plan.table, "departures", "A") == [5, 0]
    assert column(plan.table, "onboard_end", "A") == [15, 15]
    assert column(plan.table, "departures", "B") == [1, 1]
    assert column(plan.table, "hires", "B") == [1, 1]
    # institutional: 20% of 10 -> 2 leave, cap 1 -> 9; then 20% of 9 = 1.8 -> 2, 1 hire -> 8.
    assert column(plan.table, "onboard_end", "A", "institutional") == [9, 8]
    assert plan.table["street"].tolist() == ["A", "B", "A"] * 2
    assert plan.table["kind"].tolist() == ["admin", "admin", "institutional"] * 2


# ------------------------------------------------------------------ building blocks


def test_departures_largest_remainder() -> None:
    # 4% of 12, 30, 8 = 0.48, 1.2, 0.32 (sum 2.0): whole parts 0, 1, 0; 1 round-up -> .48
    result = compute_departures(np.array([12, 30, 8]), 0.04)
    assert result.counts.tolist() == [1, 1, 0]
    assert result.carry == (Fraction(-13, 25), Fraction(1, 5), Fraction(8, 25))
    # ties of the fractional part go to the street listed first
    assert compute_departures(np.array([5, 5, 5]), 0.1).counts.tolist() == [1, 1, 0]
    # the carry joins this year's share: 0.8 + 0.4 = 1.2 -> 1, carry 0.2
    carried = compute_departures(np.array([20]), 0.04, [Fraction(2, 5)])
    assert carried.counts.tolist() == [1] and carried.carry == (Fraction(1, 5),)
    # nobody leaves who is not there, whatever the carry
    assert compute_departures(np.array([0, 0]), 0.5, [Fraction(9, 10)] * 2).counts.tolist() == [
        0,
        0,
    ]
    assert compute_departures(np.array([], dtype=np.int64), 0.3).counts.tolist() == []


def test_small_street_loses_its_share_over_the_years() -> None:
    # 4% of 20 is 0.8 a year; next to a street of 500 (20.0 a year) it would never win a
    # round-up without the carry. Over 10 years it loses 8 people, give or take one.
    carry = None
    lost = 0
    for _ in range(10):
        result = compute_departures(np.array([20, 500]), 0.04, carry)
        lost += int(result.counts[0])
        carry = result.carry
        assert int(result.counts.sum()) in (20, 21)
    assert abs(lost - 8) < 1


@given(
    staff=st.lists(
        st.tuples(st.integers(0, 300), st.fractions(Fraction(-99, 100), Fraction(99, 100))),
        min_size=1,
        max_size=12,
    ),
    rate=st.floats(0.0, 0.99),
)
def test_departures_properties(staff: list[tuple[int, Fraction]], rate: float) -> None:
    onboard = [s for s, _ in staff]
    carry = [c for _, c in staff]
    result = compute_departures(np.array(onboard, dtype=np.int64), rate, carry)
    exact = Fraction(repr(rate))
    expected = [exact * s + c for s, c in staff]
    low = [min(max(math.floor(x), 0), s) for x, s in zip(expected, onboard, strict=True)]
    high = [min(max(math.ceil(x), 0), s) for x, s in zip(expected, onboard, strict=True)]
    district = math.floor(sum(expected, Fraction(0)) + Fraction(1, 2))
    assert int(result.counts.sum()) == min(max(district, sum(low)), sum(high))
    counts = result.counts.tolist()
    for i, d in enumerate(counts):
        assert low[i] <= d <= high[i]
        assert result.carry[i] == expected[i] - d
        assert -1 < result.carry[i] < 1
        for j in range(len(counts)):  # round-ups go to the largest fractions, then order
            if d > low[i] and counts[j] == low[j] < high[j]:
                assert (expected[i] - low[i], -i) > (expected[j] - low[j], -j)


def greedy_hiring(shortfall: list[int], entitlement: list[int], limit: int) -> list[int]:
    """Reference: one hire at a time to the largest relative shortfall, ties to the first."""
    hires = [0] * len(shortfall)
    for _ in range(min(limit, sum(shortfall))):
        ratios = [
            (Fraction(g - h, e) if g > h else Fraction(-1), -k)
            for k, (g, h, e) in enumerate(zip(shortfall, hires, entitlement, strict=True))
        ]
        hires[max(range(len(ratios)), key=lambda k: ratios[k])] += 1
    return hires


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_hiring_program_matches_largest_relative_shortfall_first(data: st.DataObject) -> None:
    n = data.draw(st.integers(1, 7))
    entitlement = data.draw(st.lists(st.integers(1, 40), min_size=n, max_size=n))
    shortfall = [data.draw(st.integers(0, e)) for e in entitlement]
    limit = data.draw(st.integers(0, sum(shortfall) + 2))
    hires = solve_hiring(np.array(shortfall), np.array(entitlement), limit, "admin")
    assert hires.tolist() == greedy_hiring(shortfall, entitlement, limit)
    ranked = solve_hiring(np.array(shortfall), np.array(entitlement), limit, "admin", program=False)
    assert ranked.tolist() == hires.tolist()  # the projection's shortcut is the program's optimum
    if limit < sum(shortfall) and limit > 0:  # the pruning bound never cuts a chosen hire
        bound = compute_priority_floor(np.array(shortfall), np.array(entitlement), limit)
        assert all(
            Fraction(g - h + 1, e) >= bound
            for g, h, e in zip(shortfall, hires, entitlement, strict=True)
            if h
        )


def test_no_program_when_the_cap_does_not_bind(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> None:
        raise AssertionError("the solver must not run")

    monkeypatch.setattr(hiring_module, "_solver", refuse)
    assert solve_hiring(np.array([3, 0, 2]), np.array([9, 9, 9]), 5).tolist() == [3, 0, 2]
    assert solve_hiring(np.array([3, 0, 2]), np.array([9, 9, 9]), 0).tolist() == [0, 0, 0]
    plan = build_plan(three_streets(), {"admin": 56}, PlanSettings(3, 0.1, 100))
    assert plan.summary["vacancies"].tolist() == [0, 0, 0]


# ------------------------------------------------------------------ property tests


@st.composite
def scenarios(
    draw: st.DrawFn,
) -> tuple[pd.DataFrame, dict[str, int], PlanSettings, pd.DataFrame | None]:
    kinds = draw(st.sampled_from([("admin",), ("admin", "institutional")]))
    n = draw(st.integers(1, 5))
    rows: list[tuple[str, str, int, int, int, int | None]] = []
    given_out = dict.fromkeys(kinds, 0)
    for i in range(n):
        for kind in kinds:
            entitlement = draw(st.integers(0, 25))
            onboard = draw(st.integers(0, 35))
            turnover = max(0, onboard - entitlement) + draw(st.integers(0, 2))
            base = draw(st.integers(0, entitlement))
            rows.append((f"街道{i}", kind, base, entitlement - base, turnover, onboard))
            given_out[kind] += entitlement + turnover
    pools = {k: v + draw(st.integers(0, 5)) for k, v in given_out.items()}
    years = draw(st.integers(1, 5))
    start_year = draw(st.sampled_from([1, 2026]))
    attrition = draw(st.sampled_from([0.0, 0.03, 0.04, 0.1, 0.25]) | st.floats(0.0, 0.5))
    cap = draw(st.none() | st.integers(0, 12))
    known = None
    if draw(st.booleans()):
        picks = draw(
            st.lists(
                st.tuples(st.integers(0, n - 1), st.sampled_from(kinds), st.integers(0, years - 1)),
                max_size=4,
                unique=True,
            )
        )
        known = pd.DataFrame(
            {
                "street": [f"街道{i}" for i, _, _ in picks],
                "kind": [k for _, k, _ in picks],
                "year": [start_year + y for _, _, y in picks],
                "departures": [draw(st.integers(0, 3)) for _ in picks],
            }
        )
    return make_table(rows), pools, PlanSettings(years, attrition, cap, start_year), known


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=scenarios())
def test_plan_invariants(
    case: tuple[pd.DataFrame, dict[str, int], PlanSettings, pd.DataFrame | None],
) -> None:
    table, pools, plan_settings, known = case
    before = table.copy()
    try:
        plan = build_plan(table, pools, plan_settings, known)
    except InputError as error:  # random known departures may exceed the staff left
        assume("known departures but only" not in str(error))
        raise
    pd.testing.assert_frame_equal(table, before)  # input untouched

    t = plan.table
    n, years = len(table), plan_settings.plan_years
    assert tuple(t.columns) == PLAN_COLUMNS
    assert tuple(plan.summary.columns) == SUMMARY_COLUMNS
    assert all(t[c].dtype == np.int64 for c in PLAN_COLUMNS if c not in ("street", "kind"))
    assert len(t) == n * len(years)
    assert t["year"].tolist() == [y for y in years for _ in range(n)]
    assert t["street"].tolist() == table["street"].tolist() * len(years)
    assert t["kind"].tolist() == table["kind"].tolist() * len(years)

    shape = (len(years), n)

    def grid(name: str) -> np.ndarray:
        return t[name].to_numpy().reshape(shape)

    start, dep, hires, end = (
        grid("onboard_start"),
        grid("departures"),
        grid("hires"),
        grid("onboard_end"),
    )
    ent, turnover, total = grid("entitlement"), grid("turnover"), grid("total")
    assert (ent == (table["base"] + table["quantified"]).to_numpy(dtype=np.int64)).all()
    assert (total == ent + turnover).all()
    # years chain, starting from the table's staff on board
    assert (start[0] == table["onboard"].to_numpy(dtype=np.int64)).all()
    assert (start[1:] == end[:-1]).all()
    # balance
    assert (end == start - dep + hires).all()
    # no dismissals: nobody leaves but the departures
    assert (dep >= 0).all() and (dep <= start).all() and (hires >= 0).all()
    assert (end >= start - dep).all()
    # never above quota; hires only up to entitlement
    assert (end <= total).all()
    assert (hires <= np.maximum(ent - (start - dep), 0)).all()
    # turnover never increases, not even against the allocation's
    assert (turnover[0] <= table["turnover"].to_numpy(dtype=np.int64)).all()
    assert (turnover[1:] <= turnover[:-1]).all()
    assert (turnover == np.maximum(start - dep - ent, 0)).all()

    kinds = table["kind"].tolist()
    for kind, pool in pools.items():
        cols = [i for i, k in enumerate(kinds) if k == kind]
        cap = plan_settings.hiring_cap
        assert isinstance(cap, int) or cap is None
        # pool never exceeded, cap respected, and as many hires as allowed
        assert (total[:, cols].sum(axis=1) <= pool).all()
        assert (end[:, cols].sum(axis=1) <= pool).all()
        shortfall = np.maximum(ent - (start - dep), 0)[:, cols].sum(axis=1)
        allowed = shortfall if cap is None else np.minimum(shortfall, cap)
        assert (hires[:, cols].sum(axis=1) == allowed).all()
        if known is None:  # every street loses its share over the years, within one person
            rate = Fraction(repr(float(plan_settings.attrition)))  # type: ignore[arg-type]
            for i in cols:
                assert abs(int(dep[:, i].sum()) - rate * int(start[:, i].sum())) < 1

    summary = plan.summary
    assert summary["hires"].sum() == hires.sum()
    assert summary["departures"].sum() == dep.sum()
    assert (summary["reserve"] == summary["pool"] - summary["total"]).all()
    assert (summary["reserve"] >= 0).all()
    assert plan.hiring_by_year["total"].tolist() == hires.sum(axis=0).tolist()

    # reach year: the first year at entitlement inside the horizon, else later or never
    at_target = end == ent
    for i, year in enumerate(plan.reach_year["year"].tolist()):
        if at_target[:, i].any():
            assert year == years[int(np.argmax(at_target[:, i]))]
        else:
            assert year is pd.NA or year > years[-1]


def test_plan_is_deterministic() -> None:
    table = make_table(
        [(f"S{i}", "admin", 5, i % 7, max(0, 3 * i - 5 - i % 7), 3 * i) for i in range(12)]
    )
    pool = int(table["total"].sum()) + 3
    settings_ = PlanSettings(6, 0.07, 5)
    first = build_plan(table, {"admin": pool}, settings_)
    second = build_plan(table, {"admin": pool}, settings_)
    pd.testing.assert_frame_equal(first.table, second.table)
    pd.testing.assert_frame_equal(first.reach_year, second.reach_year)
    pd.testing.assert_frame_equal(first.summary, second.summary)


# ------------------------------------------------------------------------ validation


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"years": 0}, "plan years must be a whole number from 1 to 50"),
        ({"years": 51}, "from 1 to 50"),
        ({"years": 2.5}, "plan years"),
        ({"attrition": 1.0}, "attrition rate must be a share"),
        ({"attrition": -0.1}, "attrition rate must be a share"),
        ({"attrition": float("nan")}, "attrition rate"),
        ({"attrition": {"admin": 1.5}}, "attrition rate for kind 'admin'"),
        ({"hiring_cap": -1}, "hiring cap must be a whole number"),
        ({"hiring_cap": {"admin": 2.5}}, "hiring cap for kind 'admin'"),
    ],
)
def test_bad_settings(kwargs: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"years": 3, "attrition": 0.05, "hiring_cap": None}
    arguments.update(kwargs)
    with pytest.raises(InputError, match=message):
        PlanSettings(**arguments)  # type: ignore[arg-type]


def test_missing_onboard_names_the_column() -> None:
    table = make_table([("A", "admin", 5, 5, 0, 8), ("A", "institutional", 5, 5, 0, None)])
    with pytest.raises(InputError, match="street table needs onboard_institutional column"):
        build_plan(table, {"admin": 10, "institutional": 10}, PlanSettings(3, 0.05, None))


@pytest.mark.parametrize(
    ("table", "pools", "plan_settings", "message"),
    [
        (
            make_table([("A", "admin", 5, 5, 0, 12)]),
            {"admin": 20},
            PlanSettings(2, 0.05, None),
            "12 staff on board exceed its total quota 10",
        ),
        (
            make_table([("A", "admin", 5, 5, 2, 12)]),
            {"admin": 11},
            PlanSettings(2, 0.05, None),
            "hands out 12 quotas .* but the pool is 11",
        ),
        (
            make_table([("A", "admin", 5, 5, 0, 8)]),
            {"institutional": 11},
            PlanSettings(2, 0.05, None),
            "no district pool given for kind.* admin",
        ),
        (
            make_table([("A", "admin", 5, 5, 0, 8), ("A", "admin", 5, 5, 0, 8)]),
            {"admin": 30},
            PlanSettings(2, 0.05, None),
            "more than one row for street A, kind admin",
        ),
        (
            make_table([("A", "admin", 5, 5, 0, 8)]),
            {"admin": 30},
            PlanSettings(2, {"institutional": 0.1}, None),
            "no attrition rate for kind.* admin",
        ),
        (
            make_table([("A", "admin", 5, 5, 0, 8)]),
            {"admin": 30},
            PlanSettings(2, 0.1, {"adm": 3}),
            "hiring cap given for kind 'adm'",
        ),
    ],
)
def test_inconsistent_input(
    table: pd.DataFrame, pools: dict[str, int], plan_settings: PlanSettings, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        build_plan(table, pools, plan_settings)


def test_missing_columns() -> None:
    table = make_table([("A", "admin", 5, 5, 0, 8)]).drop(columns=["onboard"])
    with pytest.raises(InputError, match="lacks column.* onboard"):
        build_plan(table, {"admin": 30}, PlanSettings(2, 0.05, None))


@pytest.mark.parametrize(
    ("known", "message"),
    [
        (
            {"street": ["A"], "kind": ["admin"], "year": [2], "departures": [9]},
            "year 2: 9 known departures but only 8 staff on board",
        ),
        (
            {"street": ["Z"], "kind": ["admin"], "year": [1], "departures": [1]},
            "row 1 .*street Z.*: no such street and kind",
        ),
        (
            {"street": ["A"], "kind": ["admin"], "year": [1], "departures": [-1]},
            "departures must be a whole number",
        ),
        (
            {"street": ["A", "A"], "kind": ["admin"] * 2, "year": [1, 1], "departures": [1, 2]},
            "row 2 .*: given twice",
        ),
        ({"street": ["A"], "kind": ["admin"], "year": [1]}, "lacks column.* departures"),
    ],
)
def test_bad_known_departures(known: dict[str, list[object]], message: str) -> None:
    table = make_table([("A", "admin", 5, 5, 0, 8)])
    with pytest.raises(InputError, match=message):
        build_plan(table, {"admin": 30}, PlanSettings(3, 0.0, 0), pd.DataFrame(known))


def test_known_departures_match_street_names_like_everywhere_else() -> None:
    table = make_table([("城关（东）", "admin", 4, 6, 2, 12), ("B", "admin", 4, 6, 0, 10)])
    known = pd.DataFrame(
        {"street": [" 城关(东) "], "kind": ["admin"], "year": [1], "departures": [3]}
    )
    plan = build_plan(table, {"admin": 30}, PlanSettings(1, 0.0, None), known)
    assert column(plan.table, "departures", "城关（东）") == [3]


def test_known_departures_match_street_names_with_spaces_between_chinese_characters() -> None:
    table = make_table([("东城街道", "admin", 4, 6, 2, 12), ("西城街道", "admin", 4, 6, 0, 10)])
    known = pd.DataFrame(
        {
            "street": ["东城 街道", "西 城 街 道"],
            "kind": ["admin"] * 2,
            "year": [1, 1],
            "departures": [3, 1],
        }
    )
    plan = build_plan(table, {"admin": 30}, PlanSettings(1, 0.0, None), known)
    assert column(plan.table, "departures", "东城街道") == [3]
    assert column(plan.table, "departures", "西城街道") == [1]


def test_the_same_street_written_twice_is_a_duplicate() -> None:
    table = make_table([("东城街道", "admin", 5, 5, 0, 8), ("东城 街道", "admin", 5, 5, 0, 8)])
    with pytest.raises(InputError, match="more than one row for street 东城街道, kind admin"):
        build_plan(table, {"admin": 40}, PlanSettings(2, 0.05, None))


def test_a_country_sized_allocation_table_is_checked() -> None:
    # 20,000 streets of two kinds: the duplicate check used to count every pair in a list
    n = 20_000
    rows = [
        (f"街道{i:05d}", kind, 5, 5, 0, 9) for kind in ("admin", "institutional") for i in range(n)
    ]
    table = make_table(rows)
    starts = check_allocation_table(table, {"admin": 10 * n, "institutional": 10 * n})
    assert [s.kind for s in starts] == ["admin", "institutional"]
    assert [len(s.streets) for s in starts] == [n, n]
    duplicated = make_table([*rows, ("街 道00007", "institutional", 5, 5, 0, 9)])
    with pytest.raises(
        InputError, match="more than one row for street 街道00007, kind institutional"
    ):
        check_allocation_table(duplicated, {"admin": 10 * n, "institutional": 11 * n})


# ------------------------------------------------------------------ solver output


def test_silence_stdout_fd_hides_what_c_code_writes(capfd: pytest.CaptureFixture[str]) -> None:
    print("before", flush=True)
    with silence_stdout_fd():
        os.write(1, b"banner from C\n")
    print("after", flush=True)
    out = capfd.readouterr().out
    assert out == "before\nafter\n"


def run_python(args: list[str], cwd: Path) -> int:
    """Run Python in a fresh process (HiGHS prints its banner once per process) sharing our fds."""
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, check=False).returncode


def test_quota_plan_prints_nothing_from_the_solver(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # a hiring cap that binds, so that the hiring program is solved (by HiGHS when installed)
    code = run_python(
        [
            "-m",
            "quota",
            "plan",
            str(REPO / "scenarios" / "xinzhou-baseline.yaml"),
            "--years",
            "3",
            "--attrition",
            "0.04",
            "--hiring-cap",
            "5",
            "--out",
            str(tmp_path),
            "--lang",
            "en",
        ],
        REPO,
    )
    captured = capfd.readouterr()
    assert code == 0, captured.err
    assert captured.out.startswith("xinzhou-baseline: 3-year plan"), captured.out
    for text in ("HiGHS", "Copyright", "THIRD_PARTY_NOTICES", "Running"):
        assert text not in captured.out


def test_notebook_03_calls_print_no_solver_banner(capfd: pytest.CaptureFixture[str]) -> None:
    # the calls of notebooks/03_scenarios_and_transition.ipynb that solve, run where it runs
    script = """
import quota
from quota.analysis.compare import compare_scenarios

names = ["baseline", "more-from-city", "no-turnover", "strict-cap", "population-heavy"]
comparison = compare_scenarios([f"../scenarios/xinzhou-{name}.yaml" for name in names])
planned = quota.plan_scenario(
    "../scenarios/xinzhou-baseline.yaml", years=5, attrition=0.04, hiring_cap=20
)
uncapped = quota.plan_scenario("../scenarios/xinzhou-baseline.yaml", years=5, attrition=0.04)
print("solved", len(comparison.succeeded), int(planned.plan.summary["hires"].sum()))
"""
    code = run_python(["-c", script], REPO / "notebooks")
    captured = capfd.readouterr()
    assert code == 0, captured.err
    assert captured.out.startswith("solved 5 "), captured.out
    assert "HiGHS" not in captured.out and "HiGHS" not in captured.err
