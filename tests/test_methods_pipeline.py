"""Weights and apportionment methods end to end, through quota.allocate and the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import quota
from quota.cli import cli
from quota.errors import InputError
from quota.methods.ahp import compute_ahp_weights
from quota.methods.entropy_critic import compute_entropy_weights
from quota.methods.scores import compute_scores
from quota.solve.apportion import apportion
from tests.conftest import small_scenario, write_scenario

DATA = Path(__file__).parent / "data" / "apportion"
METHODS = ("hamilton", "webster", "huntington-hill", "dhondt", "adams")

# Tannenbaum's Republic of Parador (see tests/solve/test_apportion.py for the hand-worked seats)
PARADOR = [1_646_000, 6_936_000, 154_000, 2_091_000, 685_000, 988_000]
PARADOR_SEATS = {
    "hamilton": [33, 139, 3, 42, 13, 20],
    "dhondt": [33, 140, 3, 42, 13, 19],
    "adams": [33, 137, 4, 42, 14, 20],
    "webster": [33, 138, 3, 42, 14, 20],
    "huntington-hill": [33, 138, 3, 42, 14, 20],
}


def plain_scenario(
    folder: Path, populations: list[int], seats: int, method: str, **kind: Any
) -> Path:
    """A single kind, no base, no turnover: a plain apportionment of ``seats``."""
    names = [f"S{i:02d}" for i in range(len(populations))]
    frame = pd.DataFrame({"street": names, "population": populations})
    frame.to_csv(folder / "plain.csv", index=False)
    raw = {
        "name": "plain",
        "data": "plain.csv",
        "constraints": {"no_dismissal": False},
        "method": method,
        "kinds": {"seats": {"pool": seats, "indicators": {"population": 1}, **kind}},
    }
    return write_scenario(folder, raw, f"plain-{method}.yaml")


def rows(result: quota.Result, constraint: str) -> pd.DataFrame:
    diag = result.diagnostics
    return diag.loc[diag["constraint"] == constraint]


def test_us_2020_house_through_the_pipeline(tmp_path: Path) -> None:
    us = pd.read_csv(DATA / "us_2020.csv")
    pd.DataFrame({"street": us["state"], "population": us["apportionment_population"]}).to_csv(
        tmp_path / "us.csv", index=False
    )
    raw = {
        "name": "us-2020",
        "data": "us.csv",
        "constraints": {"no_dismissal": False},
        "method": "huntington-hill",
        "kinds": {"house": {"pool": 435, "floor": 1, "indicators": {"population": 1}}},
    }
    result = quota.allocate(write_scenario(tmp_path, raw))
    table = result.table
    assert table["total"].tolist() == us["seats"].tolist()
    assert int(table["total"].sum()) == 435
    assert (table["base"] == 0).all() and (table["turnover"] == 0).all()
    assert table["quantified"].tolist() == us["seats"].tolist()
    assert result.kinds.loc[0, "engine"] == "huntington-hill"
    detail = rows(result, "apportionment")["detail"].iloc[0]
    assert detail.startswith("huntington-hill: quota rule holds") and "no ties" in detail
    # the floor of one seat binds for the three states whose quota is below 1
    assert set(rows(result, "floor")["street"]) == {"Alaska", "Vermont", "Wyoming"}
    assert rows(result, "quota_rule").empty


@pytest.mark.parametrize("method", METHODS)
def test_parador_textbook_seats_through_the_pipeline(tmp_path: Path, method: str) -> None:
    result = quota.allocate(plain_scenario(tmp_path, PARADOR, 250, method))
    assert result.table["total"].tolist() == PARADOR_SEATS[method]
    assert result.kinds.loc[0, "engine"] == method


@pytest.mark.parametrize(
    ("method", "lower", "upper"),
    [
        ("hamilton", True, True),
        ("webster", True, True),
        ("huntington-hill", True, True),
        ("dhondt", True, False),  # Jefferson gives B 140 > ceil(138.72)
        ("adams", False, True),  # Adams gives B 137 < floor(138.72)
    ],
)
def test_quota_properties_in_the_diagnostics(
    tmp_path: Path, method: str, lower: bool, upper: bool
) -> None:
    result = quota.allocate(plain_scenario(tmp_path, PARADOR, 250, method))
    detail = rows(result, "apportionment")["detail"].iloc[0]
    solution = result.solutions["seats"]
    assert solution.properties == {
        "quota_rule": lower and upper,
        "lower_quota": lower,
        "upper_quota": upper,
    }
    if lower and upper:
        assert "quota rule holds" in detail
        assert rows(result, "quota_rule").empty
    else:
        failed = "upper" if lower else "lower"
        assert f"quota rule fails ({failed} quota)" in detail
        outside = rows(result, "quota_rule")
        assert outside["street"].tolist() == ["S01"]
        assert "outside [138, 139]" in outside["detail"].iloc[0]


def test_alabama_paradox_through_the_pipeline(tmp_path: Path) -> None:
    small = quota.allocate(plain_scenario(tmp_path, [940, 9_030, 10_030], 200, "hamilton"))
    large = quota.allocate(plain_scenario(tmp_path, [940, 9_030, 10_030], 201, "hamilton"))
    assert small.table["total"].tolist() == [10, 90, 100]
    assert large.table["total"].tolist() == [9, 91, 101]


def test_ties_are_broken_by_table_order_and_reported(tmp_path: Path) -> None:
    result = quota.allocate(plain_scenario(tmp_path, [1, 1, 1], 2, "webster"))
    assert result.table["total"].tolist() == [1, 1, 0]
    ties = rows(result, "tie")
    assert len(ties) == 1 and "S00, S01 got it" in ties["detail"].iloc[0]
    assert "1 tie(s) broken by table order" in rows(result, "apportionment")["detail"].iloc[0]


def test_bounded_method_matches_apportion_with_bounds(tmp_path: Path) -> None:
    # floor 10 and ceiling 120 on base + quantified, no base: the bounded Webster method
    path = plain_scenario(tmp_path, PARADOR, 250, "webster", floor=10, ceiling=120)
    result = quota.allocate(path)
    expected = apportion("webster", PARADOR, 250, lower=10, upper=120).seats.tolist()
    assert result.table["total"].tolist() == expected
    assert expected[1] == 120 and expected[2] == 10  # B capped, C lifted to the floor
    assert set(rows(result, "floor")["street"]) == {"S02"}
    assert set(rows(result, "ceiling")["street"]) == {"S01"}


def test_methods_with_base_turnover_and_staff(district: Path) -> None:
    for method in METHODS:
        raw = small_scenario(method=method)
        result = quota.allocate(write_scenario(district.parent, raw, f"{method}.yaml"))
        for kind, kin in result.inputs.items():
            part = result.table[result.table["kind"] == kind]
            expected = apportion(
                method,
                kin.score,
                kin.problem.quantified,
                lower=kin.problem.q_lower,
                upper=np.minimum(kin.problem.q_upper, kin.problem.total_upper - kin.problem.base),
            ).seats
            assert part["quantified"].tolist() == expected.tolist()
            assert (part["total"] >= part["onboard"]).all()


def test_lp_reports_quota_properties_too(district: Path) -> None:
    result = quota.allocate(district)
    details = rows(result, "apportionment")["detail"].tolist()
    assert len(details) == 2
    assert all(d.startswith("integer program (l1, engine fast)") for d in details)


# ------------------------------------------------------------------------------ weights


def test_manual_weights_and_transforms_are_reported(district: Path) -> None:
    raw = small_scenario()
    raw["kinds"]["admin"]["indicators"] = {
        "population": {"weight": 0.5, "transform": "sqrt"},
        "area_km2": {"weight": 0.2, "transform": "log1p"},
        "duty_items": 0.3,
    }
    result = quota.allocate(write_scenario(district.parent, raw, "t.yaml"))
    assert result.transforms["admin"] == {
        "population": "sqrt",
        "area_km2": "log1p",
        "duty_items": "none",
    }
    weights = rows(result, "weight")
    admin = weights.loc[weights["kind"] == "admin", "detail"].tolist()
    assert admin == [
        "population: weight 0.500000, transform sqrt",
        "area_km2: weight 0.200000, transform log1p",
        "duty_items: weight 0.300000, transform none",
    ]
    frame = result.data.frame
    expected = compute_scores(
        frame[["population", "area_km2", "duty_items"]].reset_index(drop=True),
        {"population": 0.5, "area_km2": 0.2, "duty_items": 0.3},
        {"population": "sqrt", "area_km2": "log1p"},
    )
    np.testing.assert_allclose(result.scores["score_admin"], expected.to_numpy())


def test_entropy_weights_see_transformed_values(district: Path) -> None:
    raw = small_scenario(weights="entropy")
    raw["kinds"]["institutional"]["indicators"] = {
        "population": {"weight": 1, "transform": "sqrt"},
        "enforcement_cases": 1,
    }
    result = quota.allocate(write_scenario(district.parent, raw, "e.yaml"))
    frame = result.data.frame.reset_index(drop=True)
    values = pd.DataFrame(
        {
            "population": np.sqrt(frame["population"].to_numpy(dtype=float)),
            "enforcement_cases": frame["enforcement_cases"].to_numpy(dtype=float),
        }
    )
    expected = compute_entropy_weights(values)
    got = result.weights["institutional"]
    assert got.method == "entropy"
    np.testing.assert_allclose(got.weights.to_numpy(), expected.to_numpy(), rtol=1e-12)
    # the top-level method applies to every kind
    assert result.weights["admin"].method == "entropy"
    assert "entropy e = " in rows(result, "weight")["detail"].iloc[0]


AHP3 = [[1, 3, "1/5"], ["1/3", 1, "1/7"], [5, 7, 1]]
INCONSISTENT = [[1, 9, "1/9"], ["1/9", 1, 9], [9, "1/9", 1]]


def ahp_scenario(district: Path, weights: dict[str, Any], name: str) -> Path:
    raw = small_scenario()
    raw["kinds"]["admin"]["weights"] = weights
    return write_scenario(district.parent, raw, name)


def test_ahp_weights_per_kind(district: Path) -> None:
    result = quota.allocate(ahp_scenario(district, {"method": "ahp", "matrix": AHP3}, "ahp.yaml"))
    expected = compute_ahp_weights(AHP3, ["population", "area_km2", "duty_items"])
    got = result.weights["admin"]
    np.testing.assert_allclose(got.weights.to_numpy(), expected.weights.to_numpy())
    assert got.details["cr"] == pytest.approx(expected.cr)
    assert result.weights["institutional"].method == "manual"  # the other kind keeps its own
    detail = rows(result, "weights")["detail"].iloc[0]
    assert detail.startswith("ahp weights; AHP lambda_max = ")
    assert f"CR = {expected.cr:.4f} (<= 0.1)" in detail


def test_ahp_inconsistent_matrix_is_refused_with_its_cr(district: Path, tmp_path: Path) -> None:
    path = ahp_scenario(district, {"method": "ahp", "matrix": INCONSISTENT}, "bad.yaml")
    with pytest.raises(InputError, match=r"admin: weights \(ahp\): .*CR = 6\.130"):
        quota.allocate(path)
    out = tmp_path / "out"
    run = CliRunner().invoke(cli, ["run", str(path), "--out", str(out), "--lang", "en"])
    assert run.exit_code == 2
    assert "consistency ratio CR = 6.130" in run.output and "force: true" in run.output
    assert "Traceback" not in run.output
    assert not (out / "small").exists()


def test_ahp_inconsistent_matrix_accepted_with_force(district: Path) -> None:
    path = ahp_scenario(
        district, {"method": "ahp", "matrix": INCONSISTENT, "force": True}, "forced.yaml"
    )
    result = quota.allocate(path)
    detail = rows(result, "weights")["detail"].iloc[0]
    assert "CR = 6.130" in detail and "(> 0.1, accepted because force: true)" in detail


def test_combined_weights_end_to_end(district: Path) -> None:
    path = ahp_scenario(
        district,
        {"method": "combined", "combined": {"ahp": 0.8, "entropy": 0.2}, "matrix": AHP3},
        "combined.yaml",
    )
    result = quota.allocate(path)
    names = ["population", "area_km2", "duty_items"]
    frame = result.data.frame.reset_index(drop=True)
    ahp = compute_ahp_weights(AHP3, names).weights.to_numpy()
    entropy = compute_entropy_weights(frame[names].astype(float)).to_numpy()
    np.testing.assert_allclose(
        result.weights["admin"].weights.to_numpy(), 0.8 * ahp + 0.2 * entropy, rtol=1e-12
    )
    assert (
        "combined weights; ahp 0.80 + entropy 0.20; AHP"
        in rows(result, "weights")["detail"].iloc[0]
    )


@pytest.mark.parametrize(
    ("weights", "text"),
    [
        ({"method": "combined"}, "method combined needs the shares"),
        ({"method": "ahp", "combined": {"ahp": 1}}, "set method: combined"),
        ({"method": "ahp"}, "needs a pairwise-comparison matrix"),
        ({"method": "ahp", "matrix": [[1, 2], ["1/2", 1]]}, "must be 3 x 3"),
        ({"method": "combined", "combined": {"ahp": 1, "vibes": 1}}, "unknown method"),
        ({"method": "magic"}, "weights.method"),
    ],
)
def test_bad_weight_settings_exit_2(district: Path, weights: dict[str, Any], text: str) -> None:
    path = ahp_scenario(district, weights, "bad-weights.yaml")
    run = CliRunner().invoke(cli, ["validate", str(path), "--lang", "en"])
    assert run.exit_code == 2, run.output
    assert text in run.output
    assert "Traceback" not in run.output
