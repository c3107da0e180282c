"""Diagnostics are codes with values; every language renders them from the message catalog.

``Result.diagnostics`` keeps ``kind, street, constraint, detail`` and adds
``values`` (JSON text). ``detail`` is the English sentence of the catalog's
diagnostics messages; the report and workbook render the same values in their
language. Nothing parses English text back.
"""

from __future__ import annotations

import ast
import copy
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import quota
from quota.locale import LANGUAGES
from quota.outputs.text import (
    RENDERED_CODES,
    build_binding_table,
    diagnostic_values,
    render_detail,
    render_diagnostic,
)
from quota.results.result import Result
from quota.results.tables import DIAGNOSTICS_CODES, DIAGNOSTICS_COLUMNS, MAX_STREET_ROWS
from tests.conftest import REPO, small_scenario, write_scenario

CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]")

PARADOR = [1_646_000, 6_936_000, 154_000, 2_091_000, 685_000, 988_000]
AHP3 = [[1, 3, "1/5"], ["1/3", 1, "1/7"], [5, 7, 1]]
INCONSISTENT = [[1, 9, "1/9"], ["1/9", 1, 9], [9, "1/9", 1]]
SMALL_CSV = """街道名称,常住人口,辖区面积,权责清单事项数,执法案件数,内设机构数,事业单位数,现有行政编制,现有事业编制,行政实有人数,事业实有人数
东城街道,86000,6.5,212,640,6,3,28,40,27,38
西城街道,54000,4.1,205,410,6,3,24,34,25,33
南湖街道,121000,18.7,218,890,6,3,30,44,29,41
北山街道,23000,46.2,190,150,5,3,20,28,21,26
滨江街道,68000,9.8,210,520,6,3,26,38,24,35
"""


def workload(use: str) -> dict[str, Any]:
    """The hand-worked WISN block of tests/methods/test_workload.py."""
    return {
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


def plain(folder: Path, name: str, populations: list[int], seats: int, method: str, **kind: Any):
    """One kind, no base, no turnover, no staff: a plain apportionment of ``seats``."""
    names = [f"S{i:02d}" for i in range(len(populations))]
    pd.DataFrame({"street": names, "population": populations}).to_csv(
        folder / f"{name}.csv", index=False
    )
    raw = {
        "name": name,
        "data": f"{name}.csv",
        "constraints": {"no_dismissal": False},
        "method": method,
        "kinds": {"seats": {"pool": seats, "indicators": {"population": 1}, **kind}},
    }
    return write_scenario(folder, raw, f"{name}.yaml")


def constructed_scenarios(folder: Path) -> dict[str, Path]:
    """Scenarios that between them produce every diagnostics code."""
    (folder / "streets.csv").write_text(SMALL_CSV, encoding="utf-8")
    cases = {
        # quota rule fails (lower, upper): the apportionment remark and quota_rule rows
        "adams": plain(folder, "adams", PARADOR, 250, "adams"),
        "dhondt": plain(folder, "dhondt", PARADOR, 250, "dhondt"),
        "tie": plain(folder, "tie", [1, 1, 1], 2, "webster"),
        "floor-ceiling": plain(folder, "bounded", PARADOR, 250, "webster", floor=10, ceiling=120),
        # 30 streets lifted to a floor: more quota_rule rows than MAX_STREET_ROWS
        "floors": plain(folder, "floors", [100_000] + [100] * 30, 300, "lp", floor=5),
    }
    (folder / "caps.csv").write_text(
        "street,population,current_admin\nA,1000,40\nB,100000,10\nC,50000,10\n", encoding="utf-8"
    )
    cases["caps"] = write_scenario(
        folder,
        {
            "name": "caps",
            "data": "caps.csv",
            "constraints": {"no_dismissal": False},
            "kinds": {"admin": {"pool": 60, "indicators": {"population": 1}, "max_change": 3}},
        },
        "caps.yaml",
    )
    # the README's worked example: B keeps its 9 staff, the turnover pool runs out
    (folder / "worked.csv").write_text(
        "street,population,onboard_admin\nA,100,2\nB,100,9\nC,800,10\n", encoding="utf-8"
    )
    cases["worked"] = write_scenario(
        folder,
        {
            "name": "worked",
            "data": "worked.csv",
            "kinds": {
                "admin": {"pool": 40, "turnover_share": 0.1, "indicators": {"population": 1}}
            },
        },
        "worked.yaml",
    )
    # a committee decision: the decision row
    cases["decided"] = write_scenario(
        folder,
        small_scenario(decisions=[{"street": "南湖街道", "kind": "admin", "total": 33}]),
        "decided.yaml",
    )
    kinds = small_scenario()["kinds"]
    for name, weights in {
        "ahp-forced": {"method": "ahp", "matrix": INCONSISTENT, "force": True},
        "combined": {
            "method": "combined",
            "combined": {"ahp": 0.8, "entropy": 0.2},
            "matrix": AHP3,
        },
    }.items():
        raw = small_scenario(kinds={**kinds, "admin": {**kinds["admin"], "weights": weights}})
        cases[name] = write_scenario(folder, raw, f"{name}.yaml")
    transformed = {
        "population": {"weight": 0.5, "transform": "sqrt"},
        "area_km2": {"weight": 0.2, "transform": "log1p"},
        "duty_items": 0.3,
    }
    cases["critic"] = write_scenario(
        folder,
        small_scenario(
            weights="critic",
            kinds={**kinds, "admin": {**kinds["admin"], "indicators": transformed}},
        ),
        "critic.yaml",
    )
    cases["entropy"] = write_scenario(folder, small_scenario(weights="entropy"), "entropy.yaml")
    # WISN as the target (staff on board: ratio, shortages) and as an indicator; 25 streets short
    (folder / "wisn.csv").write_text(
        "street,population,hotline_tickets,inspections,onboard_admin\n"
        "东城,1000,6720,840,3\n西城,3000,3360,1680,5\n南湖,2000,0,420,1\n",
        encoding="utf-8",
    )
    for use, extra in (
        ("target", {}),
        ("indicator", {"indicators": {"population": 0.5, "wisn_required": 0.5}}),
    ):
        raw = {
            "name": f"wisn-{use}",
            "data": "wisn.csv",
            "kinds": {"admin": {"pool": 20, "workload": workload(use), **extra}},
        }
        cases[f"wisn-{use}"] = write_scenario(folder, raw, f"wisn-{use}.yaml")
    n = MAX_STREET_ROWS + 5
    pd.DataFrame(
        {
            "street": [f"W{i:02d}" for i in range(n)],
            "population": [1000 + i for i in range(n)],
            "hotline_tickets": [6720] * n,
            "inspections": [840] * n,
            "onboard_admin": [1] * n,
        }
    ).to_csv(folder / "short.csv", index=False)
    cases["wisn-short"] = write_scenario(
        folder,
        {
            "name": "wisn-short",
            "data": "short.csv",
            "kinds": {"admin": {"pool": 120, "workload": workload("target")}},
        },
        "wisn-short.yaml",
    )
    return cases


@pytest.fixture(scope="module")
def constructed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Result]:
    folder = tmp_path_factory.mktemp("diagnostics")
    return {name: quota.allocate(path) for name, path in constructed_scenarios(folder).items()}


@pytest.fixture(scope="module")
def bundled() -> dict[str, Result]:
    return {p.stem: quota.allocate(p) for p in sorted((REPO / "scenarios").glob("*.yaml"))}


def codes_of(results: dict[str, Result]) -> set[str]:
    return {str(c) for r in results.values() for c in r.diagnostics["constraint"]}


# --------------------------------------------------------------------------
# Every code, every row, every language
# --------------------------------------------------------------------------


def test_the_constructed_cases_produce_every_code(
    constructed: dict[str, Result], bundled: dict[str, Result]
) -> None:
    assert codes_of(constructed) == set(DIAGNOSTICS_CODES)
    assert codes_of(bundled) <= set(DIAGNOSTICS_CODES)
    assert set(DIAGNOSTICS_CODES) == RENDERED_CODES
    # the "... and N more" rows of both per-street remarks
    more = {
        str(c)
        for r in constructed.values()
        for c, v in zip(r.diagnostics["constraint"], r.diagnostics["values"], strict=True)
        if "more" in json.loads(v)
    }
    assert more == {"quota_rule", "wisn_shortage"}


def check_rows(result: Result) -> None:
    """Every row renders in every language from its code and values alone."""
    diagnostics = result.diagnostics
    assert tuple(diagnostics.columns) == DIAGNOSTICS_COLUMNS
    for code, values_text, detail in zip(
        diagnostics["constraint"], diagnostics["values"], diagnostics["detail"], strict=True
    ):
        values = json.loads(values_text)
        assert isinstance(values, dict)
        # the English detail is the catalog's diagnostics sentence of these values
        assert render_detail(code, values, "en") == detail
        for lang in LANGUAGES:
            for render in (render_detail, render_diagnostic):
                text = render(code, json.loads(values_text), lang)
                assert text.strip() and "{" not in text, (code, lang, text)
                if lang == "zh":
                    assert CJK.search(text), (code, text)
                elif render is render_diagnostic:
                    assert not CJK.search(text), (code, text)


def test_every_row_of_the_constructed_cases_renders_from_its_values(
    constructed: dict[str, Result],
) -> None:
    for result in constructed.values():
        check_rows(result)


def test_every_row_of_the_bundled_scenarios_renders_from_its_values(
    bundled: dict[str, Result],
) -> None:
    for result in bundled.values():
        check_rows(result)


def test_report_text_does_not_read_the_detail(
    constructed: dict[str, Result], bundled: dict[str, Result]
) -> None:
    for result in (*constructed.values(), bundled["xinzhou-wisn"], bundled["xinzhou-ahp"]):
        blind = copy.copy(result)
        object.__setattr__(
            blind, "diagnostics", result.diagnostics.assign(detail="(not to be read)")
        )
        for lang in LANGUAGES:
            seen = build_binding_table(result, lang, only_binding=False)
            shown = build_binding_table(blind, lang, only_binding=False)
            assert shown["text"].tolist() == seen["text"].tolist()
            assert "(not to be read)" not in set(shown["text"])


def test_values_are_json_text_and_the_frame_stays_plain(bundled: dict[str, Result]) -> None:
    diagnostics = bundled["xinzhou-baseline"].diagnostics
    assert all(isinstance(v, str) for v in diagnostics["values"])
    assert len(diagnostics.drop_duplicates()) == len(diagnostics)  # hashable, like the rest
    floor = diagnostics[
        (diagnostics["street"] == "涨渡湖街道") & (diagnostics["constraint"] == "floor")
    ]
    assert [json.loads(v) for v in floor["values"]] == [
        {"core": 20, "floor": 20},
        {"core": 24, "floor": 24},
    ]
    assert floor["detail"].tolist() == [
        "base + quantified = floor 20",
        "base + quantified = floor 24",
    ]


# --------------------------------------------------------------------------
# The sentences, from hand-written values
# --------------------------------------------------------------------------

HAND: list[tuple[str, dict[str, Any], str, str, str]] = [
    # code, values, English detail, report text in Chinese, report text in English
    (
        "floor",
        {"core": 20, "floor": 20},
        "base + quantified = floor 20",
        "基础+量化编制20名 = 下限20名",
        "base + quantified 20 = floor 20",
    ),
    (
        "ceiling",
        {"core": 120, "ceiling": 120},
        "base + quantified = ceiling 120",
        "基础+量化编制120名 = 上限120名",
        "base + quantified 120 = ceiling 120",
    ),
    (
        "change_cap_up",
        {"total": 42, "current": 30, "cap": 12},
        "total 42 = current 30 + 12",
        "核定编制42名 = 现有30名 + 增加上限12名",
        "total 42 = current 30 + cap 12",
    ),
    (
        "change_cap_down",
        {"total": 18, "current": 30, "cap": 12},
        "total 18 = current 30 - 12",
        "核定编制18名 = 现有30名 − 减少上限12名",
        "total 18 = current 30 − cap 12",
    ),
    (
        "turnover",
        {"t": 4, "staff": 9, "core": 5},
        "4 turnover quotas keep 9 on staff above base + quantified 5",
        "实有9人超过基础+量化编制5名，给予周转编制4名",
        "turnover quotas (4) keep 9 on staff above base + quantified 5",
    ),
    (
        "no_dismissal",
        {"total": 9},
        "total 9 = staff on board",
        "核定编制9名 = 实有人数",
        "total 9 = staff on board",
    ),
    (
        "moved",
        {"q": 23, "ideal": 19.89501},
        "quantified 23 vs ideal 19.90",
        # the report shows the ideal of the allocation table, 19.8950 (4 decimals), as before
        "量化编制23名，理想值19.89名",
        "quantified 23 vs ideal 19.89",
    ),
    (
        "turnover_pool",
        {"n": 7},
        "all 7 turnover quotas handed out",
        "周转编制7名已全部下拨街道，区级没有预留。",
        "all 7 turnover quotas went to streets; none is left in the district reserve.",
    ),
    (
        "tie",
        {"note": "tie for the last seat: S00 got it"},
        "tie for the last seat: S00 got it",
        "tie for the last seat: S00 got it",
        "tie for the last seat: S00 got it",
    ),
    (
        "quota_rule",
        {"q": 140, "low": 138, "high": 139, "ideal": 138.72},
        "quantified 140 outside [138, 139] around its exact quota 138.7200",
        "量化编制140名，超出理想值138.7200名的取整范围[138, 139]",
        "quantified 140 outside [138, 139] around its exact quota 138.7200",
    ),
    (
        "quota_rule",
        {"more": 3},
        "... and 3 more streets",
        "……另有3个街道",
        "... and 3 more streets",
    ),
    (
        "apportionment",
        {
            "engine": "adams",
            "classical": True,
            "objective": "l1",
            "lower": False,
            "upper": True,
            "outside": 1,
            "ties": 0,
        },
        "adams: quota rule fails (lower quota); no ties",
        "引擎 adams：份额规则不成立，1个街道的量化编制超出理想值的上下取整范围（见“份额规则”各行）",
        "engine adams: the quota rule fails; 1 streets lie outside the floor and ceiling of"
        " their exact quota (see the quota rule rows)",
    ),
    (
        "apportionment",
        {
            "engine": "fast",
            "classical": False,
            "objective": "minimax",
            "lower": False,
            "upper": False,
            "outside": 2,
            "ties": 0,
        },
        "integer program (minimax, engine fast): quota rule fails (lower and upper quota)",
        "引擎 fast：份额规则不成立，2个街道的量化编制超出理想值的上下取整范围（见“份额规则”各行）",
        "engine fast: the quota rule fails; 2 streets lie outside the floor and ceiling of"
        " their exact quota (see the quota rule rows)",
    ),
    (
        "apportionment",
        {
            "engine": "webster",
            "classical": True,
            "objective": "l1",
            "lower": True,
            "upper": True,
            "outside": 0,
            "ties": 1,
        },
        "webster: quota rule holds: every street is within the floor and ceiling of its exact"
        " quota; 1 tie(s) broken by table order (see tie)",
        "引擎 webster：份额规则成立，每个街道的量化编制都在理想值的上下取整范围内",
        "engine webster: the quota rule holds; every street's quantified quota lies within the"
        " floor and ceiling of its exact quota",
    ),
    (
        "weights",
        {
            "method": "combined",
            "shares": {"ahp": 0.8, "entropy": 0.2},
            "lambda_max": 3.0649,
            "ci": 0.03246,
            "ri": 0.58,
            "cr": 0.05596,
        },
        "combined weights; ahp 0.80 + entropy 0.20; AHP lambda_max = 3.0649, CI = 0.0325,"
        " RI = 0.58, CR = 0.0560 (<= 0.1)",
        "权重方法：组合赋权，一致性比率 CR = 0.0560",
        "weight method: a combination of methods, consistency ratio CR = 0.0560",
    ),
    (
        "weights",
        {"method": "ahp", "lambda_max": 9.1, "ci": 3.05, "ri": 0.58, "cr": 6.13},
        "ahp weights; AHP lambda_max = 9.1000, CI = 3.0500, RI = 0.58, CR = 6.1300"
        " (> 0.1, accepted because force: true)",
        "权重方法：层次分析法（AHP），一致性比率 CR = 6.1300",
        "weight method: AHP (pairwise comparisons), consistency ratio CR = 6.1300",
    ),
    (
        "weights",
        {"method": "wisn-target"},
        "score = required staff / total required staff (WISN workload standards as the target)",
        "权重方法：按工作量标准（WISN）测算的需求人数",
        "weight method: staff required by the WISN workload standards",
    ),
    (
        "weight",
        {"indicator": "population", "weight": 0.5, "transform": "sqrt", "entropy": 0.987654321},
        "population: weight 0.500000, transform sqrt, entropy e = 0.987654",
        "常住人口：权重 0.500000，变换：平方根",
        "resident population: weight 0.500000, transform: square root",
    ),
    (
        "weight",
        {"indicator": "area_km2", "weight": 0.25, "transform": "none", "information": 1.5},
        "area_km2: weight 0.250000, transform none, CRITIC information C = 1.500000",
        "辖区面积(平方公里)：权重 0.250000，变换：无",
        "area (km²): weight 0.250000, transform: none",
    ),
    (
        "wisn",
        {
            "use": "target",
            "hours": 1680.0,
            "caf": 1.25,
            "iaf": 0.15,
            "required": 8.57,
            "onboard": 9,
            "ratio": 1.0495,
        },
        "use target: available time 1,680.0 h/year per person, category allowance factor"
        " 1.2500, individual allowance 0.1500 staff; required 8.57 staff in all, on board 9"
        " (ratio 1.05)",
        "工作量标准法（作为量化分配依据）：人均可用工作时间1,680.0小时/年，类别津贴系数1.2500，"
        "个人津贴0.1500人；合计需求8.57人（实有9人，比值1.05）",
        "workload standards (as the quantified target): available time 1,680.0 h/year per"
        " person, category allowance factor 1.2500, individual allowance 0.1500 staff; required"
        " 8.57 staff in all (on board 9, ratio 1.05)",
    ),
    (
        "wisn",
        {"use": "indicator", "hours": 1768.0, "caf": 1.2195, "iaf": 0.3394, "required": 313.67},
        "use indicator: available time 1,768.0 h/year per person, category allowance factor"
        " 1.2195, individual allowance 0.3394 staff; required 313.67 staff in all",
        "工作量标准法（作为量化指标）：人均可用工作时间1,768.0小时/年，类别津贴系数1.2195，"
        "个人津贴0.3394人；合计需求313.67人",
        "workload standards (as an indicator): available time 1,768.0 h/year per person,"
        " category allowance factor 1.2195, individual allowance 0.3394 staff; required 313.67"
        " staff in all",
    ),
    (
        "wisn_shortage",
        {"onboard": 3, "required": 3.9, "ratio": 0.769231},
        "on board 3 vs required 3.90: ratio 0.77",
        "实有3人，按工作量标准需3.90人，比值0.77",
        "on board 3 vs required 3.90: ratio 0.77",
    ),
    (
        "decision",
        {"number": 1, "total": 33, "auto_total": 31},
        "committee decision no. 1: total 33 (proposal 31)",
        "编委会决定（第1项）核定33名，测算方案为31名",
        "the committee decided (no. 1) a total of 33; the proposal was 31",
    ),
]


@pytest.mark.parametrize(("code", "values", "detail", "zh", "en"), HAND)
def test_sentences_from_hand_written_values(
    code: str, values: dict[str, Any], detail: str, zh: str, en: str
) -> None:
    as_text = json.dumps(values, ensure_ascii=False)
    assert render_detail(code, values) == detail
    assert render_detail(code, as_text, "en") == detail
    assert render_diagnostic(code, values, "zh") == zh
    assert render_diagnostic(code, as_text, "en") == en
    chinese = render_detail(code, values, "zh")
    assert chinese.strip() and "{" not in chinese


def test_hand_values_cover_every_code() -> None:
    assert {code for code, *_ in HAND} == set(DIAGNOSTICS_CODES)


def test_unknown_codes_keep_their_detail(bundled: dict[str, Result]) -> None:
    with pytest.raises(KeyError, match="no message for the diagnostics code 'custom'"):
        render_detail("custom", {})
    with pytest.raises(KeyError, match="custom"):
        render_diagnostic("custom", {}, "zh")
    result = copy.copy(bundled["xinzhou-baseline"])
    extra = pd.DataFrame(
        [{"kind": "admin", "street": "", "constraint": "custom", "detail": "as is", "values": "{}"}]
    )
    object.__setattr__(
        result, "diagnostics", pd.concat([result.diagnostics, extra], ignore_index=True)
    )
    table = build_binding_table(result, "zh", only_binding=False)
    assert table.loc[table["constraint"] == "custom", "text"].tolist() == ["as is"]
    assert diagnostic_values("") is None and diagnostic_values(None) is None
    with pytest.raises(ValueError, match="JSON object"):
        diagnostic_values("[1, 2]")


# --------------------------------------------------------------------------
# No regular expressions over English text
# --------------------------------------------------------------------------


def module_tree(relative: str) -> ast.Module:
    return ast.parse((REPO / relative).read_text(encoding="utf-8"))


@pytest.mark.parametrize("relative", ["quota/outputs/text.py", "quota/results/tables.py"])
def test_diagnostics_modules_use_no_regular_expressions(relative: str) -> None:
    tree = module_tree(relative)
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    }
    assert "re" not in imported and "regex" not in imported
    uses = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "re"
    ]
    assert not uses
