"""Hand-set weights that do not add up to 1 are rescaled only with a notice saying so."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import quota
from quota.config.schema import IndicatorSpec, WeightsConfig
from quota.methods.weights import (
    WEIGHT_SUM_TOLERANCE,
    derive_kind_scores,
    derive_weights,
    describe_rescaling,
)
from tests.conftest import small_scenario, write_scenario

VALUES = pd.DataFrame(
    {"population": [100.0, 300.0], "area_km2": [5.0, 5.0], "duty_items": [10.0, 30.0]}
)


def test_weights_adding_up_to_one_are_used_as_typed() -> None:
    result = derive_weights(
        "manual", VALUES, manual={"population": 0.5, "area_km2": 0.2, "duty_items": 0.3}
    )
    assert result.given == {"population": 0.5, "area_km2": 0.2, "duty_items": 0.3}
    assert not result.rescaled and result.notices == ()
    assert result.weights.to_dict() == pytest.approx(result.given, abs=1e-15)
    # 0.1 + 0.2 + 0.7 is 1.0000000000000002 in floating point: within the tolerance
    close = derive_weights(
        "manual", VALUES, manual={"population": 0.1, "area_km2": 0.2, "duty_items": 0.7}
    )
    assert not close.rescaled and close.notices == ()
    assert WEIGHT_SUM_TOLERANCE == 1e-9


def test_weights_adding_up_to_less_are_rescaled_with_a_notice() -> None:
    typed = {"population": 0.4, "area_km2": 0.3, "duty_items": 0.2}
    result = derive_weights("manual", VALUES, manual=typed)
    assert result.given == typed
    assert result.rescaled
    assert result.weights.to_dict() == pytest.approx({k: v / 0.9 for k, v in typed.items()})
    assert tuple(map(str, result.notices)) == (
        "the weights add up to 0.9, not 1; they were rescaled to add up to 1 "
        "(population 0.4 → 0.444, area_km2 0.3 → 0.333, duty_items 0.2 → 0.222)",
    )


def test_weights_as_ratios_are_rescaled_with_a_notice() -> None:
    result = derive_weights(
        "manual", VALUES, manual={"duty_items": 1, "population": 2, "area_km2": 1}
    )
    assert list(result.given) == ["population", "area_km2", "duty_items"]  # the data's order
    assert result.weights.tolist() == [0.5, 0.25, 0.25]
    assert tuple(map(str, result.notices)) == (
        "the weights add up to 4, not 1; they were rescaled to add up to 1 "
        "(population 2 → 0.5, area_km2 1 → 0.25, duty_items 1 → 0.25)",
    )


def test_derived_weights_have_nothing_typed() -> None:
    result = derive_weights("entropy", VALUES.drop(columns="area_km2"))
    assert result.given == {} and not result.rescaled and result.notices == ()


def test_combination_reports_its_manual_part_and_its_shares() -> None:
    result = derive_weights(
        "combined",
        VALUES.drop(columns="area_km2"),
        manual={"population": 0.3, "duty_items": 0.3},
        combined={"manual": 0.5, "entropy": 0.6},
    )
    assert result.given == {"population": 0.3, "duty_items": 0.3} and result.rescaled
    assert tuple(map(str, result.notices)) == (
        "the manual weights add up to 0.6, not 1; they were rescaled to add up to 1 "
        "(population 0.3 → 0.5, duty_items 0.3 → 0.5)",
        "the combination shares add up to 1.1, not 1; they were rescaled to add up to 1 "
        "(manual 0.5 → 0.455, entropy 0.6 → 0.545)",
    )
    assert abs(result.weights.sum() - 1) < 1e-12


def test_describe_rescaling() -> None:
    assert describe_rescaling({"a": 0.25, "b": 0.75}) is None
    assert describe_rescaling({"a": 1.0 + 2e-9}) is not None
    assert describe_rescaling({"a": 1.0 + 5e-10}) is None


def test_kind_scores_name_the_kind() -> None:
    specs = {
        "population": IndicatorSpec(weight=0.4),
        "area_km2": IndicatorSpec(weight=0.1),
        "duty_items": IndicatorSpec(weight=0.4),
    }
    scores = derive_kind_scores("admin", VALUES, specs, WeightsConfig(method="manual"))
    assert tuple(map(str, scores.weights.notices)) == (
        "kinds.admin: the weights add up to 0.9, not 1; they were rescaled to add up to 1 "
        "(population 0.4 → 0.444, area_km2 0.1 → 0.111, duty_items 0.4 → 0.444)",
    )
    assert scores.weights.given == {"population": 0.4, "area_km2": 0.1, "duty_items": 0.4}
    assert scores.score.sum() == pytest.approx(1.0)


def test_allocation_carries_the_notice_of_the_kind(tmp_path: Path) -> None:
    from tests.conftest import SMALL_CSV

    (tmp_path / "streets.csv").write_text(SMALL_CSV, encoding="utf-8")
    scenario = small_scenario()
    scenario["kinds"]["admin"]["indicators"] = {
        "population": 0.4,
        "area_km2": 0.2,
        "duty_items": 0.3,
    }
    result = quota.allocate(write_scenario(tmp_path, scenario))
    admin = result.weights["admin"]
    assert admin.rescaled and admin.given["population"] == 0.4
    assert tuple(map(str, admin.notices)) == (
        "kinds.admin: the weights add up to 0.9, not 1; they were rescaled to add up to 1 "
        "(population 0.4 → 0.444, area_km2 0.2 → 0.222, duty_items 0.3 → 0.333)",
    )
    assert result.weights["institutional"].notices == ()
