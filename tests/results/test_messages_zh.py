"""The results' and the pipeline's messages in Chinese; the English stays as it was."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import quota
from quota.errors import InputError, SolverError, render
from quota.locale import MESSAGES, msg
from quota.model.problem import KindInputs, build_kind_inputs
from quota.pipeline import check_needed_columns, list_needed_columns, prepare_scenario
from quota.results.fairness import compute_fairness, compute_gini, compute_workload_per_quota
from quota.results.promises import PROMISES, check_promises
from quota.results.tables import note_values, summarize_binding
from quota.solve.dispatch import KindSolution
from quota.solve.status import Status
from tests.conftest import small_scenario, write_scenario

CJK = re.compile(r"[\u4e00-\u9fff]")
STREETS = ("甲街道", "乙街道", "丙街道", "丁街道", "戊街道", "己街道", "庚街道")


def numbers(text: str) -> list[str]:
    return re.findall(r"\d+(?:\.\d+)?", text)


def inputs_with_floor(floor: int, n: int = 3) -> KindInputs:
    return build_kind_inputs(
        "admin",
        STREETS[:n],
        pool=10 * n,
        turnover_share=0.0,
        base=np.zeros(n, dtype=np.int64),
        score=np.full(n, 1 / n),
        floor=np.full(n, floor, dtype=np.int64),
        no_dismissal=False,
    )


def solution(q: list[int]) -> KindSolution:
    return KindSolution(
        q=np.array(q, dtype=np.int64),
        t=np.zeros(len(q), dtype=np.int64),
        objective=0.0,
        status=Status.OPTIMAL,
        engine="fast",
    )


# ----------------------------------------------------------------------------- promises


def test_a_promise_violation_reads_in_chinese_with_the_same_numbers() -> None:
    inputs = {"admin": inputs_with_floor(8)}
    with pytest.raises(SolverError) as info:
        check_promises(inputs, {"admin": solution([14, 9, 7])})
    assert str(info.value) == (
        "internal error: a promise failed on the result, nothing was written: admin: promise"
        " 'floor' does not hold for 丙街道: base + quantified below the floor"
    )
    assert info.value.render("zh") == [
        "内部错误：结果未通过保障承诺核验，未写出任何文件：行政编制：丙街道不满足承诺"
        "“基础+量化不低于下限”：基础编制与量化编制之和低于下限"
    ]


def test_many_streets_in_a_violation_are_counted_in_both_languages() -> None:
    inputs = {"admin": inputs_with_floor(9, n=7)}
    q = [22, 8, 8, 8, 8, 8, 8]
    with pytest.raises(SolverError) as info:
        check_promises(inputs, {"admin": solution(q)})
    assert "for 乙街道, 丙街道, 丁街道, 戊街道, 己街道 and 1 more: base" in str(info.value)
    (zh,) = info.value.render("zh")
    assert "乙街道、丙街道、丁街道、戊街道、己街道及其他1个街道不满足承诺" in zh


def test_a_pool_not_used_exactly_reads_in_chinese() -> None:
    inputs = {"admin": inputs_with_floor(0)}
    with pytest.raises(SolverError) as info:
        check_promises(inputs, {"admin": solution([10, 10, 9])})
    (en,) = info.value.render("en")
    (zh,) = info.value.render("zh")
    assert en.endswith("admin: the streets' totals 29 plus the reserve 0 make 29, not the pool 30")
    assert zh.endswith(
        "行政编制：各街道核定编制合计29名加区级周转预留0名共29名，不等于编制总量30名"
    )
    assert numbers(zh) == numbers(en)


def test_every_promise_has_a_name_in_the_catalog() -> None:
    for code in PROMISES:
        zh, en = MESSAGES[f"results.promise.name.{code}"]
        assert en == code and CJK.search(zh)


def test_broken_promises_of_a_real_result_in_chinese(district: Path) -> None:
    result = quota.allocate(district)
    solutions = dict(result.solutions)
    admin = solutions["admin"]
    q = admin.q.copy()
    q[0] += 1
    solutions["admin"] = replace(admin, q=q, t=np.full_like(admin.t, 99))
    with pytest.raises(SolverError) as info:
        check_promises(result.inputs, solutions)
    english = info.value.render("en")
    chinese = info.value.render("zh")
    assert len(english) == len(chinese) >= 2
    for en, zh in zip(english, chinese, strict=True):
        assert numbers(zh) == numbers(en), (zh, en)
        assert zh.startswith("内部错误：") and CJK.search(zh)


# ------------------------------------------------------------------------ the tie remarks


def test_a_tie_is_a_code_with_values_that_render_in_both_languages(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("street,population\nA,1\nB,1\nC,1\n", encoding="utf-8")
    raw = {
        "name": "tie",
        "data": "p.csv",
        "method": "webster",
        "kinds": {"seats": {"pool": 2, "indicators": {"population": 1}}},
        "constraints": {"no_dismissal": False},
    }
    result = quota.allocate(write_scenario(tmp_path, raw))
    (note,) = result.solutions["seats"].notes
    ties = result.diagnostics.loc[result.diagnostics["constraint"] == "tie"]
    (values_text,) = ties["values"].tolist()
    values = json.loads(values_text)
    assert values == {
        "note": "solve.tie.divisor",
        "priority": pytest.approx(2 / 3),
        "got": ["A", "B"],
        "missed": ["C"],
    }
    key = values.pop("note")
    again = msg(key, **values)
    assert (
        str(again)
        == str(note)
        == (
            "tie for the last seat (equal priority w/d(k) = 0.666666666667): A, B got it by coming"
            " first in the list; C did not"
        )
    )
    assert again.render("zh") == (
        "分配最后一名编制时出现并列（优先值 w/d(k) 同为0.666666666667）："
        "A、B因在名单中排列在前而分得；C未分得"
    )


def test_a_remark_in_plain_text_keeps_its_text() -> None:
    assert note_values("a remark") == {"note": "a remark"}
    unnamed = msg(
        "solve.tie.hamilton", priority=0.5, got=[msg("solve.apportion.unit", index=0)], missed=["B"]
    )
    assert note_values(unnamed) == {
        "note": "solve.tie.hamilton",
        "priority": 0.5,
        "got": ["unit 0"],
        "missed": ["B"],
    }


def test_time_limit_remarks_are_tie_rows_with_values(district: Path) -> None:
    result = quota.allocate(district)
    note = msg(
        "solve.time_limit.gap", engine="highs", time_limit=5.0, stage="l1", objective=2.5, gap=0.01
    )
    solutions = {k: replace(s, notes=(note,)) for k, s in result.solutions.items()}
    frame = summarize_binding(result.inputs, solutions)
    rows = frame.loc[frame["constraint"] == "tie"]
    assert len(rows) == 2
    values = json.loads(rows["values"].iloc[0])
    assert values.pop("note") == "solve.time_limit.gap"
    assert msg("solve.time_limit.gap", **values).render("zh") == (
        "未达最优：highs 求解器在5秒的时间限制处停止；已找到的最好方案：l1 目标值2.5，与最优界的差距为1.00%"
    )


# --------------------------------------------------------------------------- fairness


def test_fairness_errors_in_chinese() -> None:
    with pytest.raises(InputError) as info:
        compute_gini([1.0, -1.0])
    assert str(info.value) == "the Gini coefficient needs finite, non-negative values"
    assert info.value.render("zh") == ["计算基尼系数需要有限且非负的数值"]
    table = pd.DataFrame({"street": ["A"], "kind": ["admin"], "score": [1.0]})
    with pytest.raises(InputError) as info:
        compute_workload_per_quota(table, "entitlement")
    assert str(info.value) == "the allocation table has no column base, quantified"
    assert info.value.render("zh") == ["分配表缺少列 base、quantified"]
    with pytest.raises(InputError) as info:
        compute_workload_per_quota(table, "total")
    assert (
        str(info.value) == "unknown fairness basis 'total'; choose one of quantified, entitlement"
    )
    assert info.value.render("zh") == [
        "未知的公平性计算口径 'total'；请从 quantified、entitlement 中选择"
    ]
    assert not compute_fairness(
        pd.DataFrame(
            {"street": ["A"], "kind": ["admin"], "score": [1.0], "base": [1], "quantified": [2]}
        )
    ).empty


# -------------------------------------------------------------------- the pipeline's purposes


def test_the_columns_read_name_their_purpose_in_the_language(district: Path) -> None:
    raw = small_scenario()
    raw["kinds"]["institutional"]["floor"] = 34
    prepared = prepare_scenario(quota.load_scenario(write_scenario(district.parent, raw)))
    needed, whole = list_needed_columns(prepared.scenario, prepared.roles)
    purposes = {column: (render(p, "en"), render(p, "zh")) for column, p in needed.items()}
    assert purposes["population"] == ("indicator of admin", "行政编制的指标")
    assert purposes["offices"] == (
        "base of admin (per_office)",
        "行政编制的基础编制（按内设机构数，per_office）",
    )
    assert purposes["units"] == (
        "base of institutional (per_unit)",
        "事业编制的基础编制（按事业单位数，per_unit）",
    )
    current = prepared.roles["admin"].current
    assert current is not None and current in whole
    assert purposes[current] == ("current admin quotas", "行政编制的现有编制")
    onboard = prepared.roles["institutional"].onboard
    assert onboard is not None
    assert purposes[onboard] == ("onboard institutional quotas", "事业编制的实有人数")


def test_a_missing_column_names_its_purpose(district: Path) -> None:
    raw = small_scenario()
    prepared = prepare_scenario(quota.load_scenario(write_scenario(district.parent, raw)))
    frame = prepared.table.frame.drop(columns=["offices"])
    table = replace(prepared.table, frame=frame)
    with pytest.raises(InputError) as info:
        check_needed_columns(prepared.scenario, prepared.roles, table)
    english = "\n".join(info.value.render("en"))
    chinese = "\n".join(info.value.render("zh"))
    assert "no column 'offices' (needed for base of admin (per_office))" in english
    assert "行政编制的基础编制（按内设机构数，per_office）" in chinese
