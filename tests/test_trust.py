"""A promise printed is a promise kept: roles resolved or the run stops, promises checked."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

import quota
from quota.cli import cli
from quota.errors import InputError, SolverError
from quota.model.problem import compute_turnover_pool
from quota.results.promises import check_promises
from quota.solve.dispatch import compute_objective
from tests.conftest import write_scenario

ROOT = Path(__file__).resolve().parents[1]


def scenario(folder: Path, csv: str, kinds: dict[str, Any], **extra: Any) -> Path:
    (folder / "d.csv").write_text(csv, encoding="utf-8")
    return write_scenario(folder, {"name": "t", "data": "d.csv", "kinds": kinds, **extra})


CSV = (
    "街道,常住人口,辖区面积,12345工单数,现有行政编制,staff_admin\n"
    "东城,100,5,30,10,9\n西城,300,2,50,12,13\n南湖,600,9,20,8,8\n"
)


def test_no_dismissal_without_staff_on_board_stops_with_the_role(tmp_path: Path) -> None:
    path = scenario(tmp_path, CSV, {"admin": {"pool": 30, "indicators": {"population": 1}}})
    with pytest.raises(InputError) as info:
        quota.allocate(path)
    (problem,) = info.value.problems
    message = str(problem)  # a Msg: its English text
    assert "no_dismissal is on" in message
    assert "onboard_admin" in message and "行政实有人数" in message  # what was looked for
    assert "did you mean 'staff_admin'" in message.lower()
    assert "onboard: none" in message and "no_dismissal: false" in message
    out = tmp_path / "out"
    run = CliRunner().invoke(cli, ["run", str(path), "--out", str(out)])
    assert run.exit_code == 2
    assert "Traceback" not in run.output
    assert not out.exists() or not any(out.iterdir())


def test_max_change_without_current_quotas_stops(tmp_path: Path) -> None:
    csv = "街道,常住人口,行政实有人数\n东城,100,5\n西城,300,6\n"
    kinds = {"admin": {"pool": 20, "indicators": {"population": 1}, "max_change": 6}}
    with pytest.raises(InputError, match=r"max_change is set, so the current quotas of admin"):
        quota.allocate(scenario(tmp_path, csv, kinds))


def test_opting_out_is_explicit_and_reported(tmp_path: Path) -> None:
    kinds = {"admin": {"pool": 30, "indicators": {"population": 1}, "onboard": "none"}}
    result = quota.allocate(scenario(tmp_path, CSV, kinds))
    promises = result.promises
    assert promises is not None
    row = promises.set_index(["kind", "promise"]).loc[("admin", "no_dismissal")]
    assert not row["made"]
    assert result.table["onboard"].isna().all()


def test_named_column_found_by_its_header(tmp_path: Path) -> None:
    kinds = {
        "admin": {
            "pool": 30,
            "indicators": {"常住人口": 0.7, "12345工单数": 0.3},
            "onboard": "staff_admin",
        }
    }
    result = quota.allocate(scenario(tmp_path, CSV, kinds))
    assert list(result.scenario.kinds["admin"].indicators) == ["population", "hotline_tickets"]
    assert int(result.table["total"].sum()) == 30
    assert (result.table["total"] >= result.table["onboard"]).all()


def test_same_column_named_twice_is_refused(tmp_path: Path) -> None:
    kinds = {
        "admin": {
            "pool": 30,
            "indicators": {"常住人口": 0.5, "population": 0.5},
            "onboard": "staff_admin",
        }
    }
    with pytest.raises(InputError, match="are the same column"):
        quota.allocate(scenario(tmp_path, CSV, kinds))


def test_misspelled_kind_gets_a_suggestion(tmp_path: Path) -> None:
    csv = "街道,常住人口,事业实有人数,现有事业编制\n东城,100,5,5\n西城,300,6,6\n"
    kinds = {"instituional": {"pool": 20, "indicators": {"population": 1}}}
    path = scenario(tmp_path, csv, kinds)
    with pytest.raises(InputError, match="did you mean 'institutional'"):
        quota.allocate(path)
    run = CliRunner().invoke(cli, ["run", str(path), "--out", str(tmp_path / "out")])
    assert run.exit_code == 2


def test_missing_indicator_names_the_closest_header(tmp_path: Path) -> None:
    csv = "街道,常住人口数量,staff_admin\n东城,100,5\n西城,300,6\n"
    kinds = {"admin": {"pool": 20, "indicators": {"population": 1}, "onboard": "staff_admin"}}
    with pytest.raises(InputError, match="Did you mean '常住人口数量'"):
        quota.allocate(scenario(tmp_path, csv, kinds))


def test_base_rule_needs_its_structure_column(tmp_path: Path) -> None:
    kinds = {
        "admin": {
            "pool": 30,
            "indicators": {"population": 1},
            "onboard": "none",
            "base": {"per_office": 2},
        }
    }
    with pytest.raises(InputError, match="base rule needs the number of offices"):
        quota.allocate(scenario(tmp_path, CSV, kinds))


@pytest.mark.parametrize(
    ("share", "pool", "expected"),
    [(0.145, 100, 15), (0.05, 392, 20), (0.125, 4, 1), (0.1, 45, 5), (0.035, 100, 4)],
)
def test_turnover_pool_rounds_the_written_decimal(share: float, pool: int, expected: int) -> None:
    assert compute_turnover_pool(share, pool) == expected


MINIMAX_CSV = (
    "street,population,area_km2,onboard_admin,onboard_institutional\n"
    "A,15,1,0,0\nB,15,1,0,0\nC,70,98,0,0\n"
)


def test_minimax_levels_are_per_kind_on_every_engine(tmp_path: Path) -> None:
    kinds = {
        "admin": {"pool": 3, "floor": 1, "indicators": {"area_km2": 1}},
        "institutional": {"pool": 4, "indicators": {"population": 1}},
    }
    path = scenario(tmp_path, MINIMAX_CSV, kinds, objective="minimax")
    totals = {
        solver: quota.allocate(path, solver=solver).table["total"].tolist()
        for solver in ("fast", "highs", "cbc")
    }
    assert totals["fast"] == [1, 1, 1, 1, 1, 2]
    assert totals["highs"] == totals["fast"] == totals["cbc"]


SHARE_CSV = "street,population,onboard_admin,onboard_institutional\nA,1,0,0\nB,1,0,0\n"


@pytest.mark.parametrize("method", ["lp", "hamilton"])
def test_street_share_min_hands_out_the_reserve(tmp_path: Path, method: str) -> None:
    kinds = {
        "admin": {"pool": 10, "turnover_share": 0.2, "indicators": {"population": 1}},
        "institutional": {"pool": 10, "turnover_share": 0.2, "indicators": {"population": 1}},
    }
    path = scenario(
        tmp_path,
        SHARE_CSV,
        kinds,
        method=method,
        constraints={"street_share_min": 1.0, "district_total": 18},
    )
    solvers = ("highs", "cbc") if method == "lp" else (None,)
    tables = [quota.allocate(path, solver=s).table for s in solvers]
    for table in tables:
        assert int(table["total"].sum()) == 18
        assert table["total"].tolist() == tables[0]["total"].tolist()
    result = quota.allocate(path, solver=solvers[0])
    for kind, solution in result.solutions.items():
        problem = result.inputs[kind].problem
        assert solution.objective == compute_objective(problem, solution.q, solution.t)
    assert result.promises is not None
    share = result.promises.set_index("promise").loc["street_share_min"]
    assert share["checked"] and share["bound"] == 1


def test_street_share_min_that_cannot_be_met_exits_3(tmp_path: Path) -> None:
    kinds = {
        "admin": {"pool": 10, "turnover_share": 0.2, "indicators": {"population": 1}},
        "institutional": {"pool": 10, "turnover_share": 0.2, "indicators": {"population": 1}},
    }
    path = scenario(
        tmp_path, SHARE_CSV, kinds, constraints={"street_share_min": 1.0, "district_total": 21}
    )
    run = CliRunner().invoke(cli, ["run", str(path), "--out", str(tmp_path / "out")])
    assert run.exit_code == 3
    assert "21" in run.output


def test_a_broken_promise_is_an_internal_error_and_nothing_is_written(tmp_path: Path) -> None:
    result = quota.allocate(ROOT / "scenarios" / "xinzhou-baseline.yaml")
    inputs = result.inputs
    solutions = dict(result.solutions)
    admin = solutions["admin"]
    onboard = inputs["admin"].onboard
    assert onboard is not None
    # move quotas so that the first street drops below its staff on board
    q = admin.q.copy()
    t = np.zeros_like(admin.t)
    take = int(q[0])
    q[0] -= take
    q[1] += take
    solutions["admin"] = replace(admin, q=q, t=t)
    with pytest.raises(SolverError, match="no_dismissal"):
        check_promises(inputs, solutions)


def test_every_bundled_scenario_lists_its_promises() -> None:
    result = quota.allocate(ROOT / "scenarios" / "xinzhou-baseline.yaml")
    promises = result.promises
    assert promises is not None
    made = promises.loc[promises["made"]]
    assert set(made["promise"]) >= {"pool", "floor", "max_change", "no_dismissal"}
    assert made["checked"].all()


def test_totals_mismatch_stops_unless_accepted(tmp_path: Path) -> None:
    csv = "街道,常住人口,行政实有人数\n东城,100,2\n西城,300,3\n合计,500,5\n"
    kinds = {"admin": {"pool": 20, "indicators": {"population": 1}}}
    path = scenario(tmp_path, csv, kinds)
    out = tmp_path / "out"
    refused = CliRunner().invoke(cli, ["run", str(path), "--out", str(out), "--lang", "en"])
    assert refused.exit_code == 2
    assert "'常住人口'" in refused.output and "400" in refused.output
    assert "--accept-totals-mismatch" in refused.output
    assert not out.exists() or not any(out.iterdir())
    accepted = CliRunner().invoke(
        cli, ["run", str(path), "--out", str(out), "--accept-totals-mismatch", "--lang", "en"]
    )
    assert accepted.exit_code == 0, accepted.output
    assert "2 notices:" in accepted.output and "合计" in accepted.output


def test_two_scenarios_with_one_name_are_refused_before_solving(tmp_path: Path) -> None:
    kinds = {"admin": {"pool": 30, "indicators": {"population": 1}, "onboard": "staff_admin"}}
    first = scenario(tmp_path, CSV, kinds)
    second = tmp_path / "copy.yaml"
    second.write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    run = CliRunner().invoke(
        cli, ["run", str(first), str(second), "--out", str(out), "--lang", "en"]
    )
    assert run.exit_code == 2
    assert "both have name 't'" in run.output
    assert not out.exists()


def test_report_and_workbook_list_the_promises(tmp_path: Path) -> None:
    import openpyxl

    kinds = {"admin": {"pool": 30, "indicators": {"population": 1}, "onboard": "none"}}
    path = scenario(tmp_path, CSV, kinds)
    out = tmp_path / "out"
    run = CliRunner().invoke(cli, ["run", str(path), "--out", str(out)])
    assert run.exit_code == 0, run.output
    report = (out / "t" / "report.md").read_text(encoding="utf-8")
    assert "附：保障承诺核验" in report
    assert "不作此承诺（方案写明 onboard: none" in report
    assert "已在结果上核验" in report
    assert "部分作出" in report or "不作此承诺" in report
    book = openpyxl.load_workbook(out / "t" / "allocation.xlsx", read_only=True)
    sheet = book["保障承诺"]
    values = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][:2] == ("编制类别", "承诺")
    assert any("不减人" in str(row[1]) and row[2].startswith("不作此承诺") for row in values[1:])
    en = CliRunner().invoke(cli, ["run", str(path), "--out", str(tmp_path / "en"), "--lang", "en"])
    assert en.exit_code == 0
    english = (tmp_path / "en" / "t" / "report.md").read_text(encoding="utf-8")
    assert "Promises checked on the result" in english and "checked on the result" in english


def test_rescaled_weights_are_shown_as_typed_and_as_used(tmp_path: Path) -> None:
    kinds = {
        "admin": {
            "pool": 30,
            "indicators": {"population": 0.4, "area_km2": 0.5},
            "onboard": "staff_admin",
        }
    }
    path = scenario(tmp_path, CSV, kinds)
    out = tmp_path / "out"
    run = CliRunner().invoke(cli, ["run", str(path), "--out", str(out)])
    assert run.exit_code == 0, run.output
    report = (out / "t" / "report.md").read_text(encoding="utf-8")
    assert "填写的权重" in report and "采用的权重" in report
    assert "| 0.4 | 0.4444 |" in report
    en = CliRunner().invoke(cli, ["run", str(path), "--out", str(tmp_path / "en"), "--lang", "en"])
    assert en.exit_code == 0, en.output
    assert "the weights add up to 0.9" in en.output
