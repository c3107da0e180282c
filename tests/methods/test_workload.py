"""Workload standards (WISN) in a scenario: required staff, pressure ratio, indicator or target.

The numbers are the hand-worked example of tests/methods/test_wisn.py:

    AWT = (250 - 11 - 20 - 5 - 4) x 8 = 1,680 h/year
    hotline tickets, 30 minutes each -> 3,360 a year per person
    inspections, 0.5 per hour        ->   840 a year per person
    street  tickets  inspections  staff        CAF 1 / (1 - 0.20) = 1.25
    东城     6,720    840          2 + 1 = 3    IAF (168 + 84) / 1,680 = 0.15
    西城     3,360    1,680        1 + 2 = 3    required = staff x CAF + IAF
    南湖     0        420          0 + 0.5      = 3.9, 3.9, 0.775 (sum 8.575)
    on board 3, 5, 1 -> ratio 0.769231, 1.282051, 1.290323
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import quota
from quota.cli import cli
from quota.config.schema import KindConfig
from quota.errors import InputError
from quota.methods.workload import (
    WISN_INDICATOR,
    compute_kind_workload,
    compute_workload_ratio,
    is_table_indicator,
    list_workload_columns,
)
from tests.conftest import write_scenario

CSV = """street,population,hotline_tickets,inspections,onboard_admin
东城,1000,6720,840,3
西城,3000,3360,1680,5
南湖,2000,0,420,1
"""
REQUIRED = [3.9, 3.9, 0.775]
RATIO = [0.769231, 1.282051, 1.290323]


def workload(use: str = "target", **extra: Any) -> dict[str, Any]:
    block: dict[str, Any] = {
        "use": use,
        "available_time": {
            "working_days": 250,
            "hours_per_day": 8,
            "public_holidays": 11,
            "annual_leave": 20,
            "sick_leave": 5,
            "training": 4,
        },
        "activities": {
            "hotline_tickets": {"standard": 30, "unit": "minutes"},
            "inspections": {"standard": 0.5, "unit": "per-hour"},
        },
        "category_allowance": {"meetings": 10, "records": 10},
        "individual_allowance": {"supervision": 168, "coaching": 84},
    }
    block.update(extra)
    return block


def scenario(folder: Path, kind: dict[str, Any], name: str = "wisn.yaml") -> Path:
    (folder / "streets.csv").write_text(CSV, encoding="utf-8")
    raw = {"name": "wisn", "data": "streets.csv", "kinds": {"admin": {"pool": 20, **kind}}}
    return write_scenario(folder, raw, name)


def test_target_reproduces_the_hand_example(tmp_path: Path) -> None:
    result = quota.allocate(scenario(tmp_path, {"workload": workload("target")}))
    scores = result.scores
    assert list(scores.columns) == [
        "street",
        "wisn_required_admin",
        "wisn_ratio_admin",
        "score_admin",
    ]
    assert scores["wisn_required_admin"].tolist() == pytest.approx(REQUIRED)
    assert scores["wisn_ratio_admin"].round(6).tolist() == RATIO
    share = np.array(REQUIRED) / sum(REQUIRED)
    assert scores["score_admin"].tolist() == pytest.approx(share.tolist())
    table = result.table
    # ideal = 20 x 3.9 / 8.575 = 9.0962, 9.0962, 1.8076 -> 9, 9, 2
    assert table["ideal"].tolist() == pytest.approx(np.round(share * 20, 4).tolist())
    assert table["total"].tolist() == [9, 9, 2]
    weights = result.weights["admin"]
    assert weights.method == "wisn-target"
    assert weights.weights.to_dict() == {WISN_INDICATOR: 1.0}


def test_target_diagnostics(tmp_path: Path) -> None:
    result = quota.allocate(scenario(tmp_path, {"workload": workload("target")}))
    diag = result.diagnostics
    wisn = diag.loc[diag["constraint"] == "wisn", "detail"].iloc[0]
    # 3.9 + 3.9 + 0.775 = 8.575 is 8.57499... in binary floating point, hence 8.57
    assert wisn == (
        "use target: available time 1,680.0 h/year per person, category allowance factor "
        "1.2500, individual allowance 0.1500 staff; required 8.57 staff in all, on board 9 "
        "(ratio 1.05)"
    )
    short = diag.loc[diag["constraint"] == "wisn_shortage"]
    assert short["street"].tolist() == ["东城"]
    assert short["detail"].iloc[0] == "on board 3 vs required 3.90: ratio 0.77"
    assert (
        "WISN workload standards as the target"
        in diag.loc[diag["constraint"] == "weights", "detail"].iloc[0]
    )


def test_indicator_use(tmp_path: Path) -> None:
    kind = {
        "indicators": {"population": 0.5, WISN_INDICATOR: 0.5},
        "workload": workload("indicator"),
    }
    result = quota.allocate(scenario(tmp_path, kind))
    scores = result.scores
    assert list(scores.columns) == [
        "street",
        "population",
        "wisn_required_admin",
        "wisn_ratio_admin",
        "score_admin",
    ]
    expected = 0.5 * np.array([1, 3, 2]) / 6 + 0.5 * np.array(REQUIRED) / sum(REQUIRED)
    assert scores["score_admin"].tolist() == pytest.approx(expected.tolist())
    assert result.transforms["admin"] == {"population": "none", WISN_INDICATOR: "none"}


def test_indicator_use_with_a_transform_and_entropy(tmp_path: Path) -> None:
    kind = {
        "indicators": {WISN_INDICATOR: {"weight": 1, "transform": "sqrt"}, "population": 1},
        "weights": "entropy",
        "workload": workload("indicator"),
    }
    result = quota.allocate(scenario(tmp_path, kind))
    assert result.weights["admin"].method == "entropy"
    assert result.transforms["admin"][WISN_INDICATOR] == "sqrt"
    assert np.isclose(result.scores["score_admin"].sum(), 1.0)


def test_required_staff_shown_even_when_not_weighted(tmp_path: Path) -> None:
    kind = {"indicators": {"population": 1}, "workload": workload("indicator")}
    result = quota.allocate(scenario(tmp_path, kind))
    assert result.scores["wisn_required_admin"].tolist() == pytest.approx(REQUIRED)
    assert result.scores["score_admin"].tolist() == pytest.approx([1 / 6, 3 / 6, 2 / 6])


def test_activity_column_and_no_staff_on_board(tmp_path: Path) -> None:
    (tmp_path / "streets.csv").write_text(
        "street,tickets_2024,inspections\n东城,6720,840\n西城,3360,1680\n南湖,0,420\n", "utf-8"
    )
    block = workload("target")
    block["activities"] = {
        "hotline_tickets": {"standard": 30, "unit": "minutes", "column": "tickets_2024"},
        "inspections": {"standard": 0.5, "unit": "per-hour"},
    }
    raw = {
        "name": "w",
        "data": "streets.csv",
        "constraints": {"no_dismissal": False},
        "kinds": {"admin": {"pool": 20, "workload": block}},
    }
    result = quota.allocate(write_scenario(tmp_path, raw, "col.yaml"))
    assert result.scores["wisn_required_admin"].tolist() == pytest.approx(REQUIRED)
    assert "wisn_ratio_admin" not in result.scores.columns
    diag = result.diagnostics
    assert "on board" not in diag.loc[diag["constraint"] == "wisn", "detail"].iloc[0]


def test_standard_as_a_bare_number_means_hours(tmp_path: Path) -> None:
    block = workload("target")
    block["activities"] = {"hotline_tickets": 0.5, "inspections": 2}
    result = quota.allocate(scenario(tmp_path, {"workload": block}))
    assert result.scores["wisn_required_admin"].tolist() == pytest.approx(REQUIRED)


def test_target_ignores_the_indicators_and_their_columns(tmp_path: Path) -> None:
    kind = {"indicators": {"not_a_column": 1}, "workload": workload("target")}
    result = quota.allocate(scenario(tmp_path, kind))
    assert result.table["total"].tolist() == [9, 9, 2]


def test_helpers() -> None:
    cfg = KindConfig.model_validate(
        {
            "pool": 5,
            "indicators": {"population": 1, WISN_INDICATOR: 1},
            "workload": workload("indicator"),
        }
    )
    assert is_table_indicator(cfg, "population")
    assert not is_table_indicator(cfg, WISN_INDICATOR)
    assert {k: str(v) for k, v in list_workload_columns("admin", cfg).items()} == {
        "hotline_tickets": "workload of admin (activity hotline_tickets)",
        "inspections": "workload of admin (activity inspections)",
    }
    plain = KindConfig.model_validate({"pool": 5, "indicators": {WISN_INDICATOR: 1}})
    assert is_table_indicator(plain, WISN_INDICATOR)
    assert compute_kind_workload("admin", plain, pd.DataFrame({"street": ["a"]})) is None
    ratio = compute_workload_ratio(np.array([2.0, 3.0]), np.array([4.0, 0.0]))
    assert ratio[0] == 0.5 and np.isnan(ratio[1])


def test_inputs_are_not_modified(tmp_path: Path) -> None:
    frame = pd.read_csv(pd.io.common.StringIO(CSV))
    before = frame.copy()
    cfg = KindConfig.model_validate({"pool": 20, "workload": workload("target")})
    got = compute_kind_workload("admin", cfg, frame, frame["onboard_admin"].to_numpy())
    assert got is not None and got.breakdown["required_staff"].tolist() == pytest.approx(REQUIRED)
    pd.testing.assert_frame_equal(frame, before)


def run_validate(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--lang", "en", "validate", str(path)])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (
            {"workload": workload("target", activities={"visits": 1})},
            "no column 'visits' (needed for workload of admin (activity visits))",
        ),
        (
            {"workload": workload("target", category_allowance={"meetings": 60, "records": 40})},
            "admin: workload: category allowances add up to 100%",
        ),
        (
            {
                "workload": workload(
                    "target",
                    available_time={"working_days": 10, "hours_per_day": 8, "annual_leave": 10},
                )
            },
            "admin: workload: holidays and leave take 10 days",
        ),
        (
            {"indicators": {WISN_INDICATOR: 1}},
            "no column 'wisn_required'",
        ),
        ({}, "at least one indicator is needed"),
        (
            {"workload": workload("target", activities={})},
            "at least one activity is needed",
        ),
        (
            {"workload": workload("target", shifts=3)},
            "unknown key 'kinds.admin.workload.shifts'",
        ),
        (
            {"workload": workload("goal")},
            "kinds.admin.workload.use",
        ),
        (
            {
                "workload": workload(
                    "target", activities={"inspections": {"standard": 1, "unit": "days"}}
                )
            },
            "kinds.admin.workload.activities.inspections.unit",
        ),
    ],
)
def test_bad_workload_settings_exit_2(tmp_path: Path, kind: dict[str, Any], text: str) -> None:
    code, output = run_validate(scenario(tmp_path, kind))
    assert code == 2, output
    assert text in output
    assert "Traceback" not in output


def test_target_with_no_workload_at_all(tmp_path: Path) -> None:
    (tmp_path / "streets.csv").write_text(
        "street,hotline_tickets,inspections\nA,0,0\nB,0,0\n", encoding="utf-8"
    )
    block = workload("target", individual_allowance={})
    raw = {
        "name": "w",
        "data": "streets.csv",
        "constraints": {"no_dismissal": False},
        "kinds": {"admin": {"pool": 4, "workload": block}},
    }
    with pytest.raises(InputError, match="no street requires any staff"):
        quota.allocate(write_scenario(tmp_path, raw, "zero.yaml"))
