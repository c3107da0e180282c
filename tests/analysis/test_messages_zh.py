"""The analyses' messages in Chinese: errors, notices and terminal summaries, English unchanged.

Each test provokes one representative refusal, notice or summary of the plan,
the comparison or the sensitivity run, checks that its Chinese rendering names
the kinds as people do (行政编制, not ``admin``) with the same numbers, streets
and columns as the English, and that the English (``str(exc)``, ``lang="en"``)
is what it always was.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pandas as pd
import pytest

from quota.analysis.compare import compare_scenarios, format_compare_summary
from quota.analysis.compare_writer import write_comparison
from quota.analysis.plan import format_plan_summary, plan_scenario
from quota.analysis.plan_departures import read_known_departures
from quota.analysis.sensitivity import format_sensitivity_summary, run_sensitivity
from quota.analysis.transition import PlanSettings, build_plan
from quota.errors import InputError, Msg
from quota.io.table import read_table
from quota.locale import MESSAGES
from tests.analysis.test_plan import make_table
from tests.analysis.test_planning import with_columns
from tests.conftest import SMALL_CSV

#: English words that must not be left in a Chinese text
ENGLISH_WORDS = re.compile(
    r"\b(admin|institutional|street|streets|kind|plan|year|years|the|of|and|on board|draws)\b"
)


def assert_chinese(text: str) -> None:
    assert re.search(r"[\u4e00-\u9fff]", text), text
    assert not ENGLISH_WORDS.search(text), text


def test_every_analysis_message_has_chinese_text() -> None:
    keys = [k for k in MESSAGES if k.startswith("analysis.")]
    assert len(keys) >= 70
    for key in keys:
        zh, en = MESSAGES[key]
        words = "".join(text for text, *_ in string.Formatter().parse(en))
        if re.search(r"[A-Za-z]{3}", words):
            assert zh != en, key


# ---------------------------------------------------------------------------------- plan


def test_a_plan_without_years_says_so_in_chinese(district: Path) -> None:
    with pytest.raises(InputError) as info:
        plan_scenario(district, attrition=0.04)
    exc = info.value
    assert str(exc) == (
        "how many years should the plan cover? give --years N (or plan: {years: N} in the scenario)"
    )
    (zh,) = exc.render("zh")
    assert zh == "过渡计划要覆盖几年？请给出 --years N（或在方案中写 plan: {years: N}）"
    assert exc.render("en") == [str(exc)]


def test_staff_above_the_total_quota_names_street_and_kind_in_chinese() -> None:
    table = make_table([("东城街道", "admin", 5, 5, 0, 12)])
    with pytest.raises(InputError) as info:
        build_plan(table, {"admin": 20}, PlanSettings(2, 0.05, None))
    exc = info.value
    assert str(exc).splitlines() == [
        "street 东城街道, kind admin: 12 staff on board exceed its total quota 10"
        " (entitlement 10 + turnover 0)",
        "a plan without dismissals must start from an allocation that keeps everyone on board"
        " (constraints.no_dismissal)",
    ]
    first, second = exc.render("zh")
    assert first == (
        "东城街道（行政编制）：实有人数 12 人，超过其编制合计 10（基础+量化编制 10 + 周转编制 0）"
    )
    assert second.startswith("不减人的过渡计划")
    assert_chinese(first)


def test_bad_settings_name_the_kind_in_chinese() -> None:
    with pytest.raises(InputError) as info:
        PlanSettings(3, {"admin": 1.5}, {"institutional": -1})
    exc = info.value
    assert str(exc).splitlines() == [
        "attrition rate for kind 'admin' must be a share from 0 up to (not including) 1,"
        " e.g. 0.04 for 4% a year, got 1.5",
        "hiring cap for kind 'institutional' must be a whole number of people per year,"
        " 0 or more, got -1",
    ]
    rate, cap = exc.render("zh")
    assert rate.startswith("行政编制的减员率须为 0 至 1 之间的比例") and rate.endswith("现为 1.5")
    assert cap == "事业编制的年度招录上限须为 0 或正整数（人/年），现为 -1"


def test_a_retiring_column_notice_renders_in_both_languages(tmp_path: Path) -> None:
    columns = {"retiring_foo_2027": ["1"] * 5}
    (tmp_path / "streets.csv").write_text(with_columns(SMALL_CSV, columns), encoding="utf-8")
    known = read_known_departures(read_table(tmp_path / "streets.csv"), ["admin", "institutional"])
    (notice,) = known.notices
    assert isinstance(notice, Msg)
    assert str(notice) == (
        "column 'retiring_foo_2027' gives retirements of kind 'foo', which the scenario does"
        " not allocate (admin, institutional): ignored"
    )
    assert notice.render("zh") == (
        "列“retiring_foo_2027”给出的是类别“foo”的退休人数，但方案不分配这一类别"
        "（方案的类别：行政编制、事业编制）：已忽略"
    )


def test_a_plan_summary_in_chinese(district: Path, tmp_path: Path) -> None:
    planned = plan_scenario(district, years=3, attrition=0.05, hiring_cap=4)
    target = tmp_path / "small-plan"
    en = format_plan_summary(planned, target)
    assert en == format_plan_summary(planned, target, lang="en")
    assert en.splitlines()[0] == (
        f"small: 3-year plan, years 1–3; departures 5% a year; hiring cap 4 -> {target}"
    )
    assert en.splitlines()[1].startswith("  admin: on board 126 -> ")
    zh = format_plan_summary(planned, target, lang="zh").splitlines()
    assert zh[0] == f"small：3年过渡计划，第1–3年；减员每年5%；年度招录上限4 → {target}"
    assert zh[1].startswith("  行政编制：实有人数 126 → ")
    assert zh[2].startswith("  事业编制：实有人数 ")
    assert "个街道中" in zh[1] and "第3年末前达到基础+量化编制" in zh[1]
    for line in zh[1:]:
        assert_chinese(line)


# ------------------------------------------------------------------------------ compare


def test_a_comparison_summary_and_its_failure_in_chinese(district: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    comparison = compare_scenarios([district, missing])
    failed = comparison.runs[1]
    assert failed.exit_code == 2
    assert failed.problems and all(isinstance(p, str | Msg) for p in failed.problems)
    en = format_compare_summary(comparison).splitlines()
    assert en[0] == "compare: 1 of 2 scenarios solved"
    assert en[1] == "  small: optimal; streets' totals admin 134, institutional 184"
    assert en[2].startswith("  missing: failed (exit 2): ")
    zh = format_compare_summary(comparison, lang="zh").splitlines()
    assert zh[0] == "方案比较：2 个方案中 1 个已求解"
    assert zh[1] == "  small：最优解；各街道合计 行政编制 134、事业编制 184"
    assert zh[2].startswith("  missing：求解失败（退出码 2）：")
    with pytest.raises(InputError) as info:
        write_comparison(comparison, tmp_path / "out")
    exc = info.value
    assert str(exc) == "a comparison needs at least two solved scenarios; 1 of 2 were solved"
    assert exc.render("zh") == ["方案比较至少需要两个已求解的方案；2 个方案中只有 1 个求解成功"]


def test_a_comparison_summary_with_differences_in_chinese(district: Path, tmp_path: Path) -> None:
    comparison = compare_scenarios([district, district])
    target = tmp_path / "compare-small+small-2"
    en = format_compare_summary(comparison, target).splitlines()
    assert en[0] == f"compare: 2 of 2 scenarios solved -> {target}"
    assert en[2] == "  small-2: optimal; streets' totals admin 134 (0), institutional 184 (0)"
    zh = format_compare_summary(comparison, target, lang="zh").splitlines()
    assert zh[0] == f"方案比较：2 个方案中 2 个已求解 → {target}"
    assert zh[2] == "  small-2：最优解；各街道合计 行政编制 134（0）、事业编制 184（0）"


# -------------------------------------------------------------------------- sensitivity


def test_sensitivity_settings_and_summary_in_chinese(district: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        run_sensitivity(district, 0, seed=-1, progress=False)
    exc = info.value
    assert str(exc).splitlines() == [
        "draws must be at least 1, got 0",
        "seed must be a whole number >= 0, got -1",
    ]
    assert exc.render("zh") == [
        "抽样次数（draws）至少为 1，现为 0",
        "随机种子（seed）须为 0 或正整数，现为 -1",
    ]
    result = run_sensitivity(district, 10, seed=1, progress=False, workers=1)
    en = format_sensitivity_summary(result, tmp_path).splitlines()
    assert en[0].startswith("small: 10 draws (seed 1, concentration 100, noise 0) in ")
    assert en[1].startswith("  admin: ") and "streets differ from the base" in en[1]
    zh = format_sensitivity_summary(result, tmp_path, lang="zh").splitlines()
    assert zh[0].startswith("small：抽样 10 次（随机种子 1，权重集中度 100，指标扰动 0），用时 ")
    assert zh[0].endswith(f"秒 → {tmp_path}")
    assert zh[1].startswith("  行政编制：5 个街道中有 ")
    assert zh[2].startswith("  事业编制：5 个街道中有 ")


def test_a_table_without_columns_is_refused_in_chinese() -> None:
    from quota.analysis.sensitivity_chart import plot_sensitivity

    with pytest.raises(InputError) as info:
        plot_sensitivity(pd.DataFrame({"street": ["A"]}))
    assert str(info.value).startswith("the sensitivity table lacks column(s) kind, base_total")
    (zh,) = info.value.render("zh")
    assert zh.startswith("敏感性分析表缺少列：kind、base_total、min")
