from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import quota
from quota.config.schema import RESULT_COLUMNS
from quota.errors import InfeasibleError, InputError
from quota.outputs.folder import format_allocation_csv
from tests.conftest import small_scenario, write_scenario


def test_allocate_small_district(district: Path) -> None:
    result = quota.allocate(district)
    table = result.table
    assert list(table.columns) == list(RESULT_COLUMNS)
    assert len(table) == 10
    for kind, pool in (("admin", 140), ("institutional", 190)):
        part = table[table["kind"] == kind]
        summary = result.kinds.set_index("kind").loc[kind]
        # totals add up: base + quantified + turnover handed out + reserve = pool
        assert int(part["total"].sum()) + int(summary["reserve"]) == pool
        assert (part["total"] == part["base"] + part["quantified"] + part["turnover"]).all()
        assert (part["total"] >= part["onboard"]).all()  # nobody dismissed
        assert (part["change"] == part["total"] - part["current"]).all()
        assert abs(part["score"].sum() - 1) < 1e-5
    admin = table[table["kind"] == "admin"]
    assert ((admin["change"].abs()) <= 8).all()


def test_engines_agree(district: Path) -> None:
    tables = [quota.allocate(district, solver=s).table for s in ("fast", "highs", "cbc")]
    for other in tables[1:]:
        pd.testing.assert_frame_equal(tables[0], other)


def test_plain_apportionment_without_current_or_onboard(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("street,population\nA,100\nB,250\nC,650\n", encoding="utf-8")
    raw = {
        "name": "plain",
        "data": "p.csv",
        "kinds": {"seats": {"pool": 10, "indicators": {"population": 1}, "onboard": "none"}},
    }
    result = quota.allocate(write_scenario(tmp_path, raw))
    # ideals 1.0 / 2.5 / 6.5: [1, 3, 6] and [1, 2, 7] deviate equally; the street listed first wins
    assert result.table["total"].tolist() == [1, 3, 6]
    assert result.table["current"].isna().all()
    assert result.kinds.loc[0, "reserve"] == 0


def test_ties_go_to_the_street_listed_first(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("street,population\nA,1\nB,1\nC,1\nD,1\n", encoding="utf-8")
    raw = {
        "name": "tie",
        "data": "p.csv",
        "kinds": {"seats": {"pool": 6, "indicators": {"population": 1}}},
        "constraints": {"no_dismissal": False},
    }
    path = write_scenario(tmp_path, raw)
    for solver in ("fast", "highs", "cbc"):
        assert quota.allocate(path, solver=solver).table["total"].tolist() == [2, 2, 1, 1]


def test_overstaffed_street_gets_turnover_not_a_dismissal(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text(
        "street,population,onboard_admin\nA,100,2\nB,100,9\nC,800,10\n", encoding="utf-8"
    )
    raw = {
        "name": "t",
        "data": "p.csv",
        "kinds": {"admin": {"pool": 40, "turnover_share": 0.1, "indicators": {"population": 1}}},
    }
    result = quota.allocate(write_scenario(tmp_path, raw))
    # T = 4, Q = 36, ideals 3.6 / 3.6 / 28.8. Rounding gives 4 / 4 / 28, but B would then need
    # 5 turnover quotas and only 4 exist: one quantified quota moves from A (the cheapest move)
    assert result.table["quantified"].tolist() == [3, 5, 28]
    assert result.table["turnover"].tolist() == [0, 4, 0]
    assert result.table["total"].tolist() == [3, 9, 28]
    assert result.kinds.loc[0, "reserve"] == 0
    diag = result.diagnostics
    assert ((diag["street"] == "B") & (diag["constraint"] == "turnover")).any()


def test_infeasible_base_names_the_numbers(tmp_path: Path, district: Path) -> None:
    raw = small_scenario()
    raw["kinds"]["admin"]["pool"] = 60
    with pytest.raises(InfeasibleError) as info:
        quota.allocate(write_scenario(district.parent, raw))
    text = str(info.value)
    # base: 4 streets x (6 offices x 2 + 5 leaders) + (5 x 2 + 5) = 83
    assert (
        "base quotas need 83 but only 57 remain of the pool 60 after the 5% turnover share (3)"
        in text
    )
    # with a pool of 86 the 5% turnover share is 4, so one more is needed: 87
    assert "raise the pool to at least 87" in text


def test_infeasible_change_cap_against_staff(tmp_path: Path, district: Path) -> None:
    raw = small_scenario()
    raw["kinds"]["admin"]["max_change"] = 0
    raw["kinds"]["admin"]["pool"] = 128
    with pytest.raises(InfeasibleError, match="西城街道: no dismissal of its 25 staff on board"):
        quota.allocate(write_scenario(district.parent, raw))


def test_missing_indicator_column_is_an_input_error(district: Path) -> None:
    raw = small_scenario()
    raw["kinds"]["admin"]["indicators"] = {"hotline_tickets": 1}
    with pytest.raises(InputError, match="no column 'hotline_tickets'"):
        quota.allocate(write_scenario(district.parent, raw))


def test_minimax_objective_runs_and_keeps_totals(district: Path) -> None:
    raw = small_scenario(objective="minimax")
    result = quota.allocate(write_scenario(district.parent, raw), solver="highs")
    part = result.table[result.table["kind"] == "institutional"]
    assert int(part["quantified"].sum()) == int(
        result.kinds.set_index("kind").loc["institutional", "quantified"]
    )


def test_street_share_min_links_kinds(district: Path) -> None:
    raw = small_scenario(constraints={"street_share_min": 0.3, "district_total": 2000})
    with pytest.raises(InfeasibleError, match="needs 600"):
        quota.allocate(write_scenario(district.parent, raw))
    raw = small_scenario(constraints={"street_share_min": 0.3, "district_total": 1000})
    result = quota.allocate(write_scenario(district.parent, raw))
    assert int(result.table["total"].sum()) >= 300
    assert set(result.kinds["engine"]) <= {"highs", "cbc"}


def test_same_input_same_csv_bytes(district: Path) -> None:
    first = format_allocation_csv(quota.allocate(district).table)
    second = format_allocation_csv(quota.allocate(district).table)
    assert first == second


def test_floor_and_ceiling_bind_and_are_reported(district: Path) -> None:
    raw = small_scenario()
    raw["kinds"]["institutional"]["floor"] = 34
    raw["kinds"]["institutional"]["ceiling"] = 39
    result = quota.allocate(write_scenario(district.parent, raw))
    part = result.table[result.table["kind"] == "institutional"]
    core = part["base"] + part["quantified"]
    assert (core >= 34).all() and (core <= 39).all()
    constraints = set(
        result.diagnostics.loc[result.diagnostics["kind"] == "institutional", "constraint"]
    )
    assert {"floor", "ceiling"} <= constraints
    assert np.isfinite(result.kinds["objective"]).all()
