"""A level's own figures in the split scores and in the units' least totals."""

from __future__ import annotations

import numpy as np
import pandas as pd

from quota.model.hierarchy import Hierarchy, compute_all_split_scores
from quota.model.unit_data import OWN_COLUMNS, UnitData, Use


def hierarchy() -> Hierarchy:
    return Hierarchy(
        names=("district", "street"),
        units=(("A", "B"),),
        codes=(np.array([0, 0, 1]),),
        parents=(np.array([0, 0]),),
    )


def test_own_indicators_replace_the_sums_in_the_split_where_the_unit_is_a_child() -> None:
    values = np.array([[100.0], [100.0], [200.0]])
    w, how = np.array([1.0]), ["none"]
    plain, _ = compute_all_split_scores("admin", hierarchy(), values, w, how, ["population"])
    assert np.allclose(plain[0], [0.5, 0.5])
    own = {0: {"population": np.array([600.0, np.nan])}}
    scores, _ = compute_all_split_scores("admin", hierarchy(), values, w, how, ["population"], own)
    assert np.allclose(scores[0], [0.75, 0.25])
    assert np.allclose(scores[1], plain[1])  # the streets within their unit: unchanged


def test_staff_and_the_frame_of_the_figures_used() -> None:
    data = UnitData(
        values={
            0: {"population": np.array([600.0, np.nan]), "onboard_admin": np.array([np.nan, 30.0])}
        },
        uses={"population": (Use("indicator"),), "onboard_admin": (Use("onboard", "admin"),)},
    )
    assert data.staff(0, "admin", "onboard").tolist() == [-1, 30]
    assert data.staff(0, "admin", "current") is None
    assert list(data.indicators(0)) == ["population"]
    frame = data.frame(hierarchy())
    assert list(frame.columns) == list(OWN_COLUMNS)
    expected = pd.DataFrame(
        [
            ["district", "A", "population", "", "indicator", 600.0],
            ["district", "B", "onboard_admin", "admin", "onboard", 30.0],
        ],
        columns=list(OWN_COLUMNS),
    )
    pd.testing.assert_frame_equal(frame, expected)
