"""Tests of quota.methods.wisn (WHO Workload Indicators of Staffing Need)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quota.errors import InputError
from quota.methods.wisn import (
    ActivityStandard,
    AvailableTime,
    compute_available_time,
    compute_category_allowance_factor,
    compute_individual_allowance_factor,
    compute_pressure_ratio,
    compute_required_staff,
    compute_standard_workload,
    compute_standard_workloads,
    compute_wisn_ratio,
    compute_wisn_table,
)

# --------------------------------------------------------------------------------------
# Published example: Burmen, Owuor & Mitei (2017), "An assessment of staffing needs at a
# HIV clinic in a Western Kenya using the WHO workload indicators of staffing need WISN,
# 2011", Human Resources for Health 15:9, table 3:
#   consultations last 15 min (0.25 h); 10,000 patients x 10 appointments = 100,000/year
#   (25,000 h, = 3,125 days of 8 h);
#   working days 4.5 a week x 52 = 234, minus 10 public holidays, 30 days annual leave
#   and 15 days sick leave = 179 days (x 8 h = 1,432 h);
#   baseline staff requirement 3,125 / 179 = 17.46 clinicians.
# --------------------------------------------------------------------------------------
KENYA_TIME = AvailableTime(
    working_days=234, hours_per_day=8, public_holidays=10, annual_leave=30, sick_leave=15
)


def test_burmen_2017_kenya_hiv_clinic() -> None:
    awt = compute_available_time(KENYA_TIME)
    assert awt == 179 * 8 == 1432
    consultation = ActivityStandard(0.25, "hours")
    assert compute_standard_workload(consultation, awt) == 5728  # consultations per clinician-year
    assert compute_standard_workload(ActivityStandard(15, "minutes"), awt) == 5728
    assert compute_standard_workload(ActivityStandard(4, "per-hour"), awt) == 5728
    required = compute_required_staff(
        pd.DataFrame({"consultation": [100_000]}, index=["JOOTRH"]),
        {"consultation": consultation},
        available_time=KENYA_TIME,
        category_allowances={},
        individual_allowances={},
    )
    assert round(float(required["JOOTRH"]), 2) == 17.46


# --------------------------------------------------------------------------------------
# A full example worked by hand, every WISN step:
#
# step 3, AWT: A = 250 working days; B 11 public holidays, C 20 annual leave, D 5 sick
#   leave, E 4 other (training) -> 250 - 40 = 210 days x F = 8 h = 1,680 h/year
# step 4/5, standard workloads:
#   hotline tickets, 30 minutes each:  1,680 h x 60 / 30 = 3,360 tickets/year
#   inspections, 0.5 per hour (2 h):   1,680 h x 0.5     =   840 inspections/year
# health-service staff = sum workload / standard workload:
#   street   tickets  inspections  -> staff
#   东城      6,720    840             2   + 1   = 3
#   西城      3,360    1,680           1   + 2   = 3
#   南湖      0        420             0   + 0.5 = 0.5
# CAF: meetings 10% + records 10% = 20% -> 1 / (1 - 0.20) = 1.25
# IAF: supervision 168 h + coaching 84 h = 252 h / 1,680 h = 0.15
# required = staff x CAF + IAF: 3.9, 3.9, 0.775
# on board 3, 5, 1 -> WISN ratio 3/3.9 = 0.769231, 5/3.9 = 1.282051, 1/0.775 = 1.290323
#                     difference -0.9, 1.1, 0.225
# --------------------------------------------------------------------------------------
TIME = AvailableTime(
    working_days=250, hours_per_day=8, public_holidays=11, annual_leave=20, sick_leave=5, training=4
)
STANDARDS = {
    "hotline_tickets": ActivityStandard(30, "minutes"),
    "inspections": ActivityStandard(0.5, "per-hour"),
}
WORKLOADS = pd.DataFrame(
    {"hotline_tickets": [6720, 3360, 0], "inspections": [840, 1680, 420]},
    index=["东城", "西城", "南湖"],
)
CAS = {"meetings": 10.0, "records": 10.0}
IAS = {"supervision": 168.0, "coaching": 84.0}


def test_hand_example_each_step() -> None:
    assert compute_available_time(TIME) == 1680
    workloads = compute_standard_workloads(STANDARDS, TIME)
    assert workloads.to_dict() == {"hotline_tickets": 3360.0, "inspections": 840.0}
    assert compute_category_allowance_factor(CAS) == pytest.approx(1.25)
    assert compute_individual_allowance_factor(IAS, 1680) == pytest.approx(0.15)
    required = compute_required_staff(
        WORKLOADS,
        STANDARDS,
        available_time=TIME,
        category_allowances=CAS,
        individual_allowances=IAS,
    )
    assert required.tolist() == pytest.approx([3.9, 3.9, 0.775])
    assert list(required.index) == ["东城", "西城", "南湖"] and required.name == "required_staff"


def test_wisn_table_breakdown() -> None:
    table = compute_wisn_table(
        WORKLOADS,
        STANDARDS,
        available_time=TIME,
        category_allowances=CAS,
        individual_allowances=IAS,
        onboard=pd.Series([3, 5, 1], index=WORKLOADS.index),
    )
    assert list(table.columns) == [
        "hotline_tickets_staff",
        "inspections_staff",
        "health_service_staff",
        "category_allowance_factor",
        "category_adjusted_staff",
        "individual_allowance_factor",
        "required_staff",
        "onboard",
        "difference",
        "wisn_ratio",
    ]
    assert table["hotline_tickets_staff"].tolist() == [2.0, 1.0, 0.0]
    assert table["inspections_staff"].tolist() == [1.0, 2.0, 0.5]
    assert table["health_service_staff"].tolist() == [3.0, 3.0, 0.5]
    assert table["category_adjusted_staff"].tolist() == pytest.approx([3.75, 3.75, 0.625])
    assert table["difference"].tolist() == pytest.approx([-0.9, 1.1, 0.225])
    assert table["wisn_ratio"].round(6).tolist() == [0.769231, 1.282051, 1.290323]
    assert list(table.index) == list(WORKLOADS.index)


def test_ratios() -> None:
    required = pd.Series([3.9, 3.9, 0.775], index=["a", "b", "c"])
    onboard = pd.Series([3, 5, 1], index=["a", "b", "c"])
    wisn = compute_wisn_ratio(onboard, required)
    pressure = compute_pressure_ratio(onboard, required)
    assert wisn.name == "wisn_ratio" and pressure.name == "pressure_ratio"
    assert wisn.tolist() == pressure.tolist() == pytest.approx([3 / 3.9, 5 / 3.9, 1 / 0.775])
    assert list(wisn.index) == ["a", "b", "c"]
    assert compute_wisn_ratio([2, 4], [4, 4]).tolist() == [0.5, 1.0]
    with pytest.raises(InputError, match="required staff above 0"):
        compute_wisn_ratio([1, 1], [1, 0])
    with pytest.raises(InputError, match="same streets"):
        compute_wisn_ratio(pd.Series([1.0], index=["x"]), required)
    with pytest.raises(InputError, match="must be a number >= 0"):
        compute_pressure_ratio([1, -1], [1, 1])


@pytest.mark.parametrize(
    ("call", "text"),
    [
        (
            lambda: compute_available_time(AvailableTime(200, 8, annual_leave=150, sick_leave=50)),
            "no working time is left",
        ),
        (lambda: compute_available_time(AvailableTime(200, 0)), "hours per day must be positive"),
        (lambda: compute_available_time(AvailableTime(200, 8, sick_leave=-1)), "sick leave"),
        (lambda: compute_category_allowance_factor({"a": 60, "b": 40}), "add up to 100%"),
        (lambda: compute_category_allowance_factor({"a": -5}), "category allowance 'a'"),
        (
            lambda: compute_individual_allowance_factor({"x": float("inf")}, 1000),
            "individual allowance 'x'",
        ),
        (lambda: compute_standard_workload(ActivityStandard(0, "hours"), 1000), "must be positive"),
        (
            lambda: compute_standard_workload(ActivityStandard(1, "days"), 1000),
            "valid: hours, minutes, per-hour",
        ),
    ],
)
def test_invalid_figures(call: Callable[[], object], text: str) -> None:
    with pytest.raises(InputError, match=text):
        call()


def test_invalid_workloads() -> None:
    kwargs: dict[str, Any] = {
        "available_time": TIME,
        "category_allowances": CAS,
        "individual_allowances": IAS,
    }
    with pytest.raises(InputError, match="no standard for inspections"):
        compute_required_staff(
            WORKLOADS, {"hotline_tickets": STANDARDS["hotline_tickets"]}, **kwargs
        )
    with pytest.raises(InputError, match="standard for visits, which has no workload column"):
        compute_required_staff(WORKLOADS, {**STANDARDS, "visits": ActivityStandard(1)}, **kwargs)
    with pytest.raises(InputError, match="activity 'inspections', row '西城'"):
        compute_required_staff(WORKLOADS.assign(inspections=[1, -3, 2]), STANDARDS, **kwargs)
    with pytest.raises(InputError, match="activity .hotline_tickets.: activity standard is -1"):
        compute_standard_workloads({"hotline_tickets": ActivityStandard(-1)}, TIME)


def test_inputs_frozen_and_unchanged() -> None:
    before = WORKLOADS.copy()
    compute_wisn_table(
        WORKLOADS,
        STANDARDS,
        available_time=TIME,
        category_allowances=CAS,
        individual_allowances=IAS,
    )
    pd.testing.assert_frame_equal(WORKLOADS, before)
    with pytest.raises(dataclasses.FrozenInstanceError):
        TIME.working_days = 1  # type: ignore[misc]


@settings(max_examples=60, deadline=None)
@given(
    workloads=st.lists(st.floats(0, 1e5), min_size=1, max_size=6),
    factor=st.floats(0.1, 10),
    cas=st.floats(0, 60),
    ias=st.floats(0, 2000),
)
def test_required_staff_is_affine_in_workload(
    workloads: list[float], factor: float, cas: float, ias: float
) -> None:
    frame = pd.DataFrame({"work": workloads})
    kwargs: dict[str, Any] = {
        "available_time": TIME,
        "category_allowances": {"support": cas},
        "individual_allowances": {"x": ias},
    }
    base = compute_required_staff(frame, {"work": ActivityStandard(1.5)}, **kwargs).to_numpy()
    scaled = compute_required_staff(
        frame * factor, {"work": ActivityStandard(1.5)}, **kwargs
    ).to_numpy()
    iaf = ias / 1680
    np.testing.assert_allclose(scaled - iaf, (base - iaf) * factor, rtol=1e-9, atol=1e-9)
    assert (base >= iaf - 1e-12).all()
