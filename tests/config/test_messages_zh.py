"""Scenario errors in Chinese: the same file, key and line as the English, said in Chinese.

Each test provokes one representative refusal and checks that
``exc.render("zh")`` is Chinese text naming the same file, line and key path
as the English, and that ``str(exc)`` (the English) is what it always was.
The last tests check that every ``config.*`` and ``model.*`` key the code
names exists in the catalog, including those looked up from a table.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from quota.cli import cli
from quota.config.scenario import load_scenario
from quota.errors import InputError
from quota.locale import MESSAGES
from quota.pipeline import prepare_scenario
from tests.config.test_scenario_hostile import BASE, edit, write
from tests.conftest import REPO, write_scenario

#: words of the English texts that must not be left in a Chinese one
ENGLISH_WORDS = re.compile(
    r"\b(line|unknown|key|did you mean|must|needed|got|uses|write|column|table|the|is|are)\b"
)


def refusal(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        load_scenario(path)
    return info.value


def assert_chinese(text: str) -> None:
    assert re.search(r"[\u4e00-\u9fff]", text), text
    assert "：" in text, text
    assert not ENGLISH_WORDS.search(text), text


def test_an_unknown_key_with_did_you_mean(tmp_path: Path) -> None:
    exc = refusal(write(tmp_path, edit("turnover_share: 0.05", "turnover_shar: 0.05")))
    assert str(exc) == (
        "small.yaml, line 7: unknown key 'kinds.admin.turnover_shar'; did you mean 'turnover_share'?"
    )
    (zh,) = exc.render("zh")
    assert (
        zh == "small.yaml，第7行：未知的键“kinds.admin.turnover_shar”；是否想写“turnover_share”？"
    )
    assert exc.render("en") == [str(exc)]


def test_a_key_in_the_wrong_place(tmp_path: Path) -> None:
    exc = refusal(write(tmp_path, BASE + "pool: 3\n"))
    assert str(exc) == "small.yaml, line 18: unknown key 'pool'; 'pool' belongs under kinds.<kind>"
    (zh,) = exc.render("zh")
    assert zh == "small.yaml，第18行：未知的键“pool”；“pool”应放在这一层：kinds.<kind>"


@pytest.mark.parametrize(
    ("old", "new", "english", "chinese"),
    [
        (
            "pool: 140",
            "pool: 0",
            "small.yaml, line 6 (kinds.admin.pool): must be at least 1 (got 0)",
            "small.yaml，第6行（kinds.admin.pool）：不能小于 1（实际为 0）",
        ),
        (
            "turnover_share: 0.05",
            "turnover_share: '0.1'",
            "small.yaml, line 7 (kinds.admin.turnover_share): a number is needed (got the text"
            " '0.1': a number is written without quotes, in plain digits)",
            "small.yaml，第7行（kinds.admin.turnover_share）：应填写数字（实际为文本 '0.1'："
            "数字不加引号，直接用阿拉伯数字书写）",
        ),
        (
            "max_change: 8",
            "max_change: 8\n    floor: 30\n    ceiling: 20",
            "small.yaml, line 12 (kinds.admin.ceiling): the floor 30 is above the ceiling 20;"
            " no street could meet both",
            "small.yaml，第12行（kinds.admin.ceiling）：下限 30 高于上限 20；没有哪个街道能同时满足两者",
        ),
    ],
    ids=["below-its-least", "a-number-in-quotes", "a-model-check"],
)
def test_a_value_out_of_its_domain(
    tmp_path: Path, old: str, new: str, english: str, chinese: str
) -> None:
    exc = refusal(write(tmp_path, edit(old, new)))
    assert str(exc) == english
    assert exc.render("zh") == [chinese]
    assert_chinese(chinese)


def test_a_choice_names_its_values_with_or(tmp_path: Path) -> None:
    exc = refusal(write(tmp_path, BASE + "objective: l2\n"))
    assert (
        str(exc) == "small.yaml, line 18 (objective): must be one of 'l1' or 'minimax' (got 'l2')"
    )
    assert exc.render("zh") == [
        "small.yaml，第18行（objective）：必须是 'l1' 或 'minimax' 之一（实际为 'l2'）"
    ]


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [("pool: 140", "pool：140", 6), ("{per_office: 2", "{per_office：2", 8)],
    ids=["block", "flow"],
)
def test_a_full_width_colon(tmp_path: Path, old: str, new: str, line: int) -> None:
    exc = refusal(write(tmp_path, edit(old, new)))
    assert str(exc) == (
        f"small.yaml: line {line} uses a full-width colon '：'; write an ASCII colon ':' followed"
        " by a space"
    )
    (zh,) = exc.render("zh")
    assert zh == (
        f"small.yaml：第{line}行使用了全角冒号“：”；请改用半角冒号“:”，并在其后加一个空格"
    )


def test_a_file_named_by_extends(tmp_path: Path) -> None:
    exc = refusal(write(tmp_path, "extends: nowhere.yaml\n" + BASE))
    assert str(exc).endswith(
        "nowhere.yaml: scenario file not found (named by 'extends' in small.yaml, line 1)"
    )
    (zh,) = exc.render("zh")
    assert zh.endswith("nowhere.yaml：找不到方案文件（由 small.yaml，第1行的“extends”指定）")


NO_STAFF_CSV = (
    "街道,常住人口,辖区面积,12345工单数,现有行政编制,staff_admin\n"
    "东城,100,5,30,10,9\n西城,300,2,50,12,13\n南湖,600,9,20,8,8\n"
)


def test_a_missing_role_for_no_dismissal(tmp_path: Path) -> None:
    (tmp_path / "d.csv").write_text(NO_STAFF_CSV, encoding="utf-8")
    kinds = {"admin": {"pool": 30, "indicators": {"population": 1}}}
    path = write_scenario(tmp_path, {"name": "t", "data": "d.csv", "kinds": kinds})
    with pytest.raises(InputError) as info:
        prepare_scenario(load_scenario(path))
    looked = "onboard_admin, 行政实有人数, 行政编制实有人数, 行政在编人数, 实有人数(行政), 行政实有人员, 实有人员(行政), ..."
    assert str(info.value) == (
        "kinds.admin: no_dismissal is on, so the staff on board of admin are needed, but the"
        f" table d.csv has no such column (looked for {looked}). Did you mean 'staff_admin'?"
        " Name the column with onboard: <column> under kinds.admin, or say that the promise is"
        " not made: onboard: none under kinds.admin or constraints: {no_dismissal: false}."
    )
    (zh,) = info.value.render("zh")
    assert zh == (
        "kinds.admin：已开启 no_dismissal（不减员），因此需要行政编制的在编人数，但表格 d.csv 中"
        f"没有这一列（查找了 {looked.replace(', ', '、')}）。是否指“staff_admin”？请在"
        " kinds.admin 下用 onboard: <列名> 指明该列，或声明不作此承诺：在 kinds.admin 下写"
        " onboard: none，或写 constraints: {no_dismissal: false}。"
    )


def test_validate_speaks_chinese_by_default(tmp_path: Path) -> None:
    path = write(tmp_path, edit("pool: 140", "pool: true"))
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert "small.yaml，第6行（kinds.admin.pool）：应填写整数（实际为 true，这是一个是/否值）" in (
        result.output
    )
    english = CliRunner().invoke(cli, ["validate", str(path), "--lang", "en"])
    assert "small.yaml, line 6 (kinds.admin.pool): a whole number is needed" in english.output


# ---------------------------------------------------------------- every key the code names


def catalog_keys_named_in(package: str) -> dict[str, str]:
    """Every string constant of ``quota/<package>`` that looks like a key of the package."""
    pattern = re.compile(rf"^{package}\.[a-z_]+(\.[a-z_]+)+$")
    found: dict[str, str] = {}
    for path in sorted((REPO / "quota" / package).glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and pattern.match(node.value)
            ):
                found.setdefault(node.value, f"{path.name}:{node.lineno}")
    return found


@pytest.mark.parametrize("package", ["config", "model"])
def test_every_key_the_code_names_is_in_the_catalog(package: str) -> None:
    keys = catalog_keys_named_in(package)
    assert keys  # the pattern finds them
    missing = {key: where for key, where in keys.items() if key not in MESSAGES}
    assert not missing
