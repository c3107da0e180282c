"""Tests of the synthetic street tables and scenarios (quota.analysis.synth)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from quota.analysis.synth import (
    SYNTH_COLUMNS,
    SYNTH_MAX_CHANGE,
    SYNTH_TURNOVER_SHARE,
    compute_synth_base,
    compute_synth_pool,
    compute_synth_scores,
    synth_kind_problem,
    synth_scenario_dict,
    synth_streets,
)
from quota.config.schema import COLUMN_ALIASES, Scenario
from quota.solve.fast import STATUS_OPTIMAL, solve_fast

KINDS = ("admin", "institutional")
TEXT_COLUMNS = ("street", "province", "city")


@pytest.fixture(scope="module")
def streets() -> pd.DataFrame:
    return synth_streets(3_000, seed=7)


def test_same_seed_gives_the_same_table() -> None:
    pd.testing.assert_frame_equal(synth_streets(300, seed=1), synth_streets(300, seed=1))
    assert not synth_streets(300, seed=1).equals(synth_streets(300, seed=2))


def test_columns_are_canonical_and_typed(streets: pd.DataFrame) -> None:
    assert tuple(streets.columns) == SYNTH_COLUMNS
    canonical = set(COLUMN_ALIASES) | {"province", "city"}
    assert set(streets.columns) <= canonical
    for column in TEXT_COLUMNS:
        assert isinstance(streets[column].dtype, pd.StringDtype)
    for column in SYNTH_COLUMNS[3:]:
        expected = np.float64 if column == "area_km2" else np.int64
        assert streets[column].dtype == expected, column
    assert streets["street"].is_unique
    assert len(streets) == 3_000


def test_street_names_encode_province_and_city(streets: pd.DataFrame) -> None:
    assert streets["street"].str.fullmatch(r"P\d{2}-C\d{3}-T\d{4}").all()
    assert (streets["street"].str.slice(0, 3) == streets["province"]).all()
    assert (streets["street"].str.slice(0, 8) == streets["city"]).all()


def test_values_are_realistic_and_heavy_tailed(streets: pd.DataFrame) -> None:
    population = streets["population"]
    assert population.between(5_000, 300_000).all()
    assert population.max() > 4 * population.median()
    assert (streets["registered_population"] > 0).all()
    assert (streets["households"] < streets["population"]).all()
    assert (streets["area_km2"] > 0).all()
    assert (streets["communities"] >= 1).all()
    assert (streets["grids"] >= streets["communities"]).all()
    assert streets["offices"].between(5, 8).all() and streets["units"].between(2, 4).all()
    for kind in KINDS:
        current = streets[f"current_{kind}"].to_numpy()
        onboard = streets[f"onboard_{kind}"].to_numpy()
        assert np.all(current >= compute_synth_base(streets, kind))
        assert np.all(onboard >= 0)
        above = np.mean(onboard > current)
        assert 0.005 < above < 0.1, f"{kind}: {above:.1%} of streets above their quotas"


def test_country_scale_has_provinces_and_cities() -> None:
    table = synth_streets(40_000, seed=0)
    assert table["province"].nunique() == 31
    assert 300 <= table["city"].nunique() <= 500
    assert table["street"].is_unique
    assert synth_streets(10, seed=0)["province"].nunique() == 1


def test_too_few_streets_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one street"):
        synth_streets(0)


def test_scenario_dict_has_the_contract_keys(streets: pd.DataFrame) -> None:
    scenario = synth_scenario_dict(3_000, 7, data="data/streets.csv", streets=streets)
    assert list(scenario) == [
        "name",
        "title",
        "data",
        "method",
        "objective",
        "weights",
        "kinds",
        "constraints",
    ]
    assert scenario["constraints"] == {"no_dismissal": True}
    assert scenario["data"] == "data/streets.csv"
    for kind in KINDS:
        settings = scenario["kinds"][kind]
        assert set(settings) == {
            "pool",
            "turnover_share",
            "base",
            "indicators",
            "floor",
            "ceiling",
            "max_change",
        }
        assert settings["pool"] == compute_synth_pool(streets, kind)
        assert settings["max_change"] == SYNTH_MAX_CHANGE
    admin_now = int(streets["current_admin"].sum())
    assert scenario["kinds"]["admin"]["pool"] == pytest.approx(1.02 * admin_now, abs=1)
    assert scenario["kinds"]["institutional"]["pool"] == int(streets["current_institutional"].sum())
    assert synth_scenario_dict(3_000, 7, data="data/streets.csv") == scenario
    Scenario.model_validate(yaml.safe_load(yaml.safe_dump(scenario, allow_unicode=True)))


@pytest.mark.parametrize("n", [1, 40, 700, 4_000])
@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("kind", KINDS)
def test_synthetic_problems_are_feasible(n: int, seed: int, kind: str) -> None:
    problem = synth_kind_problem(n, seed, kind)
    solution = solve_fast(problem)
    assert solution.status == STATUS_OPTIMAL
    assert int(solution.t.sum()) <= problem.turnover_pool
    if n >= 40:
        assert np.any(solution.t > 0), "some over-staffed streets should need turnover"


def test_kind_problem_follows_the_scenario_arithmetic(streets: pd.DataFrame) -> None:
    problem = synth_kind_problem(3_000, 7, "institutional", objective="minimax")
    pool = compute_synth_pool(streets, "institutional")
    base = compute_synth_base(streets, "institutional")
    turnover = int(np.floor(SYNTH_TURNOVER_SHARE * pool + 0.5))
    assert problem.turnover_pool == turnover
    assert problem.quantified == pool - int(base.sum()) - turnover
    np.testing.assert_array_equal(problem.base, base)
    score = compute_synth_scores(
        streets, {"population": 3, "enforcement_cases": 4, "enterprises": 3}
    )
    np.testing.assert_allclose(problem.ideal, score * problem.quantified, atol=1e-8)
    assert problem.ideal.sum() == pytest.approx(problem.quantified)
    current = streets["current_institutional"].to_numpy()
    onboard = streets["onboard_institutional"].to_numpy()
    np.testing.assert_array_equal(problem.total_upper, current + SYNTH_MAX_CHANGE)
    np.testing.assert_array_equal(
        problem.total_lower, np.maximum(onboard, current - SYNTH_MAX_CHANGE)
    )
    assert problem.streets == tuple(streets["street"])
    assert problem.objective == "minimax"


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="synthetic kinds"):
        synth_kind_problem(10, 0, "police")


def test_pipeline_builds_the_same_problem(tmp_path: Path) -> None:
    from quota.config.scenario import load_scenario
    from quota.pipeline import prepare_scenario

    table = synth_streets(200, seed=5)
    table.to_csv(tmp_path / "streets.csv", index=False, encoding="utf-8")
    scenario = synth_scenario_dict(200, 5, data="streets.csv", streets=table)
    path = tmp_path / "synth.yaml"
    path.write_text(yaml.safe_dump(scenario, allow_unicode=True), encoding="utf-8")
    prepared = prepare_scenario(load_scenario(path))
    for kind in KINDS:
        expected = synth_kind_problem(200, 5, kind)
        actual = prepared.inputs[kind].problem
        assert actual.streets == expected.streets
        assert actual.quantified == expected.quantified
        assert actual.turnover_pool == expected.turnover_pool
        np.testing.assert_allclose(actual.ideal, expected.ideal, atol=1e-6)
        for name in ("base", "q_lower", "q_upper", "total_lower", "total_upper"):
            np.testing.assert_array_equal(getattr(actual, name), getattr(expected, name), name)
