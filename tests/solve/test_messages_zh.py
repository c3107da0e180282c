"""The solvers' messages in Chinese: the same numbers as the English, which stays as it was."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest

from quota.errors import InfeasibleError, InputError, Msg, render
from quota.locale import msg
from quota.model.problem import KindInputs, build_kind_inputs
from quota.solve.apportion import apportion
from quota.solve.diagnose import Relaxation, describe_relaxation, explain_infeasible
from quota.solve.dispatch import choose_engine, solve_apportionment, solve_milp

STREETS = ("甲街道", "乙街道", "丙街道")


def kind(
    pool: int,
    share: float,
    base: list[int],
    *,
    onboard: list[int] | None = None,
    current: list[int] | None = None,
    floor: list[int] | None = None,
    ceiling: list[int] | None = None,
    max_change: int | None = None,
    name: str = "admin",
) -> KindInputs:
    n = len(base)

    def arr(values: list[int] | None) -> np.ndarray | None:
        return None if values is None else np.array(values, dtype=np.int64)

    return build_kind_inputs(
        name,
        STREETS[:n],
        pool=pool,
        turnover_share=share,
        base=np.array(base, dtype=np.int64),
        score=np.full(n, 1 / n),
        current=arr(current),
        onboard=arr(onboard),
        floor=arr(floor),
        ceiling=arr(ceiling),
        max_change=None if max_change is None else np.full(n, max_change, dtype=np.int64),
    )


def numbers(text: str) -> list[str]:
    return re.findall(r"\d+(?:\.\d+)?", text)


def has_no_english(text: str) -> bool:
    """No English words in a Chinese sentence, beyond the options and commands it names."""
    allowed = {"solver", "highs", "cbc", "fast", "method", "lp", "street_share_min", "pip"}
    words = set(re.findall(r"[A-Za-z_]{3,}", text)) - allowed
    return not words


# ------------------------------------------------------------- the infeasibility diagnosis


@pytest.mark.parametrize("engine", ["highs", "cbc"])
def test_a_solver_infeasible_diagnosis_reads_in_chinese(engine: str) -> None:
    problem = kind(40, 0.1, [0, 0, 0], onboard=[2, 9, 35]).problem
    with pytest.raises(InfeasibleError) as info:
        solve_milp([problem], engine=engine)
    english = info.value.render("en")
    chinese = info.value.render("zh")
    # English as it always was
    assert str(info.value).split("\n") == english
    assert english == [
        f"the {engine} solver found no allocation that meets every requirement at once, although"
        " each check of the arithmetic passed; the least change that lets one exist:",
        "admin: the turnover pool of 4 is 6 short; raise the pool by 6, all of it as turnover (a"
        " turnover pool of 10).",
    ]
    assert chinese == [
        f"{engine} 求解器找不到同时满足全部要求的分配方案（各项算术检查均已通过）；"
        "使方案得以成立的最小调整如下：",
        "行政编制：周转编制池4名还差6名；请将编制总量增加6名，全部用作周转编制（周转编制池达到10名）。",
    ]
    assert [numbers(z) for z in chinese] == [numbers(e) for e in english]


@pytest.mark.parametrize(
    ("inputs", "street_total_min"),
    [
        (
            kind(100, 0.05, [10, 10, 10], onboard=[22, 20, 20], current=[20, 30, 30], max_change=0),
            None,
        ),
        (kind(100, 0.05, [10, 10, 10], floor=[40, 30, 30]), None),
        (kind(100, 0.0, [10, 10, 10], ceiling=[20, 20, 20]), None),
        (kind(60, 0.05, [30, 30, 30]), None),
        (kind(100, 0.05, [10, 10, 10], onboard=[30, 30, 10], ceiling=[25, 25, 60]), None),
    ],
)
def test_every_diagnosis_has_the_same_numbers_in_both_languages(
    inputs: KindInputs, street_total_min: int | None
) -> None:
    sentences = explain_infeasible([inputs.problem], street_total_min=street_total_min)
    assert len(sentences) >= 2
    for sentence in sentences:
        assert isinstance(sentence, Msg)
        zh, en = sentence.render("zh"), sentence.render("en")
        assert numbers(zh) == numbers(en), (zh, en)
        assert has_no_english(zh), zh
        assert "：" in zh or "；" in zh


def test_the_linked_diagnosis_in_chinese() -> None:
    problems = [
        kind(30, 0.0, [5, 5, 5]).problem,
        kind(30, 0.0, [5, 5, 5], name="institutional").problem,
    ]
    sentences = explain_infeasible(problems, street_total_min=70)
    assert str(sentences[1]) == (
        "the streets' totals fall 10 short of the 70 quotas street_share_min requires; raise the"
        " pools by 10 or lower street_share_min."
    )
    assert sentences[1].render("zh") == (
        "各街道核定编制合计比 street_share_min 所要求的70名少10名；"
        "请将各类编制总量合计增加10名，或降低 street_share_min。"
    )


@pytest.mark.parametrize(
    ("relaxation", "english", "chinese"),
    [
        (
            Relaxation("floor", "admin", "甲街道", 5, 40),
            "admin, 甲街道: the floor of 40 cannot be met; lower the floor for 甲街道 to 35.",
            "行政编制，甲街道：下限40名无法满足；请将甲街道的下限降至35名。",
        ),
        (
            Relaxation("ceiling", "institutional", "乙街道", 40, 20),
            "institutional, 乙街道: the ceiling of 20 is too low; raise the ceiling for 乙街道 to 60.",
            "事业编制，乙街道：上限20名过低；请将乙街道的上限提高到60名。",
        ),
        (
            Relaxation("total_max", "admin", "甲街道", 15, 20),
            "admin, 甲街道: the change cap lets its total reach only 20; relax the change cap for"
            " 甲街道 by 15 (total up to 35).",
            "行政编制，甲街道：受增减幅度上限的限制，核定编制最多只能达到20名；"
            "请将甲街道的增减幅度上限放宽15名（核定编制最多可达35名）。",
        ),
        (
            Relaxation("total_min", "admin", "丙街道", 3, 25),
            "admin, 丙街道: its total can reach at most 22, short of the 25 that no dismissal of"
            " its staff on board (or its change cap) requires by 3.",
            "行政编制，丙街道：核定编制最多只能达到22名，比不减人（或增减幅度上限）所要求的25名少3名。",
        ),
        (
            Relaxation("base", "admin", None, 33, 90),
            "admin: base quotas need 90 but only 57 remain after the turnover share; raise the pool"
            " by 33.",
            "行政编制：基础编制需要90名，但扣除周转编制后只剩57名；请将编制总量增加33名。",
        ),
        (
            Relaxation("quantified_sum_more", "admin", None, 4, 36),
            "admin: the floors, staff on board and caps need 4 more quantified quotas than the 36"
            " left after base and turnover; raise the pool by 4.",
            "行政编制：满足下限、实有人数和增减幅度上限所需的量化编制，"
            "比扣除基础编制和周转编制后剩下的36名多4名；请将编制总量增加4名。",
        ),
        (
            Relaxation("quantified_sum_fewer", "admin", None, 10, 70),
            "admin: the ceilings and change caps let the streets take only 60 of the 70 quantified"
            " quotas; lower the pool by 10 or raise the turnover share.",
            "行政编制：受上限和增减幅度上限的限制，各街道只能接收70名量化编制中的60名；"
            "请将编制总量减少10名，或提高周转编制比例。",
        ),
    ],
)
def test_each_relaxation_in_both_languages(
    relaxation: Relaxation, english: str, chinese: str
) -> None:
    sentence = describe_relaxation(relaxation)
    assert str(sentence) == english
    assert sentence.render("zh") == chinese


def test_a_diagnosis_that_fails_still_reads_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    import quota.solve.diagnose as diagnose

    def broken(*args: object, **kwargs: object) -> list[Relaxation]:
        raise RuntimeError("the elastic model ended Not Solved")

    monkeypatch.setattr(diagnose, "find_relaxations", broken)
    (sentence,) = explain_infeasible([kind(40, 0.1, [0, 0, 0]).problem])
    assert str(sentence) == (
        "the solver found no allocation that meets every requirement at once, although each check"
        " of the arithmetic passed; finding the conflicting requirements failed (the elastic model"
        " ended Not Solved)."
    )
    assert sentence.render("zh").startswith("求解器找不到同时满足全部要求的分配方案")
    monkeypatch.setattr(diagnose, "find_relaxations", lambda *a, **k: [])
    (sentence,) = explain_infeasible([kind(40, 0.1, [0, 0, 0]).problem])
    assert "--solver highs" in sentence.render("zh") and "求解器出错" in sentence.render("zh")


# ------------------------------------------------------------------- apportionment and engines


@pytest.mark.parametrize(
    "kwargs",
    [
        {"method": "plurality"},
        {"weights": [1, -2, 3]},
        {"weights": [0, 0]},
        {"weights": [1, float("nan")]},
        {"weights": [[1, 2]]},
        {"seats": -1},
        {"seats": 2.5},
        {"lower": [4, 4, 4]},
        {"upper": [3, 3, 3]},
        {"lower": [2, 0, 0], "upper": [1, 10, 10]},
        {"lower": [1, 1]},
        {"lower": [0.5, 0, 0]},
        {"labels": ["a"]},
    ],
)
def test_apportionment_errors_in_chinese_keep_the_numbers(kwargs: dict[str, object]) -> None:
    args: dict[str, object] = {"method": "webster", "weights": [1, 2, 3], "seats": 10}
    args.update(kwargs)
    with pytest.raises((InputError, InfeasibleError)) as info:
        apportion(**args)  # type: ignore[arg-type]
    (zh,) = info.value.render("zh")
    assert numbers(zh) == numbers(str(info.value)), zh
    assert re.search(r"[\u4e00-\u9fff]", zh), zh


def test_a_tie_note_in_both_languages() -> None:
    result = apportion("webster", [1, 1, 1], 2, labels=["东城街道", "西城街道", "南湖街道"])
    (tie,) = result.ties
    assert str(tie) == (
        "tie for the last seat (equal priority w/d(k) = 2): 东城街道, 西城街道 got it by coming"
        " first in the list; 南湖街道 did not"
    )
    assert tie.render("zh") == (
        "分配最后一名编制时出现并列（优先值 w/d(k) 同为2）：东城街道、西城街道因在名单中排列在前而分得；"
        "南湖街道未分得"
    )


def test_an_apportionment_short_of_turnover_in_chinese() -> None:
    problem = kind(40, 0.1, [0, 0, 0], onboard=[2, 9, 35]).problem
    with pytest.raises(InfeasibleError) as info:
        solve_apportionment(problem, "webster", np.full(3, 1 / 3))
    (zh,) = info.value.render("zh")
    assert str(info.value).startswith("admin: with the webster apportionment the streets need")
    assert zh.startswith("行政编制：按 webster 方法分配时，各街道需要")
    assert numbers(zh) == numbers(str(info.value))


def test_engine_choice_errors_in_chinese() -> None:
    with pytest.raises(InputError) as info:
        choose_engine("fast", linked=True)
    assert str(info.value) == (
        "solver 'fast' cannot handle constraints linking kinds (street_share_min); use highs or cbc"
    )
    assert info.value.render("zh") == [
        "求解器 fast 无法处理跨编制类别的约束（street_share_min）；请使用 highs 或 cbc"
    ]


@pytest.mark.parametrize(
    ("key", "values", "english", "chinese"),
    [
        (
            "solve.time_limit.gap",
            {"engine": "highs", "time_limit": 5.0, "stage": "l1", "objective": 0.0, "gap": 0.0},
            "not optimal: the highs solver stopped at its 5 s time limit; best allocation found:"
            " l1 objective 0, gap 0.00% to the best bound",
            "未达最优：highs 求解器在5秒的时间限制处停止；已找到的最好方案：l1 目标值0，与最优界的差距为0.00%",
        ),
        (
            "solve.time_limit.no_gap",
            {"engine": "cbc", "time_limit": 7, "stage": "minimax", "objective": 1.25},
            "not optimal: the cbc solver stopped at its 7 s time limit; best allocation found:"
            " minimax objective 1.25, gap unknown to the best bound",
            "未达最优：cbc 求解器在7秒的时间限制处停止；已找到的最好方案：minimax 目标值1.25，与最优界的差距未知",
        ),
        (
            "solve.time_limit.tiebreak",
            {"engine": "highs", "time_limit": 60.0},
            "not optimal: the highs solver stopped at its 60 s time limit; the allocation is"
            " optimal but the tie-break between equally good allocations did not finish",
            "未达最优：highs 求解器在60秒的时间限制处停止；分配结果已是最优，但在同样好的方案之间择定唯一方案的步骤未完成",
        ),
    ],
)
def test_time_limit_notes_in_both_languages(
    key: str, values: dict[str, object], english: str, chinese: str
) -> None:
    note = msg(key, **values)
    assert str(note) == english
    assert note.render("zh") == chinese
    refused = msg("solve.time_limit_refused", note=note, time_limit=values["time_limit"])
    assert str(refused).startswith(english + "; to accept this allocation set solver:")
    assert render(refused, "zh").startswith(chinese + "。如接受这一方案")
    assert "{accept_time_limit: true}" in render(refused, "zh")


def test_a_time_limit_refused_and_accepted_in_both_languages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pulp

    import quota.solve.dispatch as dispatch
    from quota.errors import SolverError

    real = dispatch._run_stage

    def run_stage(milp: Any, objective: Any, solver: Any) -> Any:
        status = real(milp, objective, solver)
        if objective is milp.l1:  # the l1 stage ends as if stopped with its (optimal) incumbent
            milp.model.sol_status = pulp.LpSolutionIntegerFeasible
            return dispatch.Status.TIME_LIMIT
        return status

    monkeypatch.setattr(dispatch, "_run_stage", run_stage)
    problem = kind(40, 0.1, [0, 0, 0], onboard=[2, 9, 10]).problem
    with pytest.raises(SolverError) as info:
        solve_milp([problem], engine="highs", time_limit=5)
    assert str(info.value) == (
        "not optimal: the highs solver stopped at its 5 s time limit; best allocation found: l1"
        " objective 0, gap 0.00% to the best bound; to accept this allocation set solver:"
        " {accept_time_limit: true} in the scenario (or run quota run --accept-time-limit), or"
        " raise solver.time_limit above 5"
    )
    assert info.value.render("zh") == [
        "未达最优：highs 求解器在5秒的时间限制处停止；已找到的最好方案：l1 目标值0，与最优界的差距为0.00%。"
        "如接受这一方案，请在方案文件中设置 solver: {accept_time_limit: true}"
        "（或运行 quota run --accept-time-limit），或将 solver.time_limit 调高到5以上"
    ]
    solution = solve_milp([problem], engine="highs", time_limit=5, accept_time_limit=True)["admin"]
    (note,) = solution.notes
    assert isinstance(note, Msg) and note.key == "solve.time_limit.gap"
    assert str(note).startswith("not optimal: the highs solver stopped at its 5 s time limit")
    assert render(note, "zh").startswith("未达最优：highs 求解器在5秒的时间限制处停止")
