"""The command line speaks the user's language: Chinese by default, English with ``--lang en``.

Every exit code is checked in both languages (titles 错误 / 无法满足, kind names, the
notices' header), and so are the help pages, click's own usage errors, ``QUOTA_LANG``
and which ``--lang`` wins.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quota.cli import cli
from quota.cli.formatter import display_width, short_help, wrap
from quota.cli.lang import peek_lang
from tests.conftest import small_scenario, write_scenario

COMMANDS = ("run", "validate", "compare", "weights", "sensitivity", "plan", "init", "synth")


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    """Run ``quota ARGS`` with QUOTA_LANG unset unless ``env`` sets it."""
    variables: dict[str, str | None] = {"QUOTA_LANG": None, **(env or {})}
    runner = CliRunner(env=variables)
    return runner.invoke(cli, list(args), catch_exceptions=False)


def tight(district: Path) -> Path:
    """The small scenario with an administrative pool below its base quotas: infeasible."""
    raw = small_scenario()
    raw["kinds"]["admin"]["pool"] = 60
    return write_scenario(district.parent, raw, "tight.yaml")


# --------------------------------------------------------------------------
# Exit codes 0, 1, 2 and 3 in both languages
# --------------------------------------------------------------------------


def test_run_ok_in_chinese_and_english(district: Path, tmp_path: Path) -> None:
    zh = invoke("run", str(district), "--out", str(tmp_path / "zh"))
    assert zh.exit_code == 0, zh.output
    assert "small：最优解 -> " in zh.output
    assert "  行政编制：编制总量 140 = 基础" in zh.output and "事业编制：编制总量" in zh.output
    assert "区级预留" in zh.output and "求解引擎" in zh.output
    assert "admin" not in zh.output and "pool" not in zh.output
    en = invoke("run", str(district), "--out", str(tmp_path / "en"), "--lang", "en")
    assert en.exit_code == 0, en.output
    assert "small: optimal -> " in en.output
    assert "  admin: pool 140 = base " in en.output and "(given " in en.output
    assert "行政编制" not in en.output


def test_validate_ok_in_both_languages(district: Path) -> None:
    zh = invoke("validate", str(district))
    assert zh.exit_code == 0, zh.output
    assert "：检查通过：行政编制（编制总量 140，5 个街道）、事业编制（编制总量" in zh.output
    en = invoke("validate", str(district), "--lang", "en")
    assert en.exit_code == 0, en.output
    assert ": ok: admin (pool 140, 5 streets), institutional (pool" in en.output


def test_bad_input_exit_2_in_both_languages(tmp_path: Path) -> None:
    missing = str(tmp_path / "none.yaml")
    zh = invoke("run", missing)
    assert zh.exit_code == 2
    assert zh.output.startswith("错误：") and "error:" not in zh.output
    assert "找不到" in zh.output  # the scenario file is not found (quota.config's message)
    en = invoke("run", missing, "--lang", "en")
    assert en.exit_code == 2
    assert en.output.startswith("error: ") and "not found" in en.output


def test_compare_needs_two_scenarios_in_both_languages(district: Path) -> None:
    zh = invoke("compare", str(district))
    assert zh.exit_code == 2
    assert zh.output.strip() == "错误：quota compare 至少需要两个方案文件"
    en = invoke("compare", str(district), "--lang", "en")
    assert en.exit_code == 2
    assert en.output.strip() == "error: quota compare needs at least two scenario files"


def test_infeasible_exit_3_in_both_languages(district: Path, tmp_path: Path) -> None:
    path = str(tight(district))
    zh = invoke("run", path, "--out", str(tmp_path / "out"))
    assert zh.exit_code == 3
    assert zh.output.startswith("无法满足：") and "infeasible" not in zh.output
    en = invoke("run", path, "--out", str(tmp_path / "out"), "--lang", "en")
    assert en.exit_code == 3
    assert en.output.startswith("infeasible: ") and "base quotas need 83" in en.output
    assert not (tmp_path / "out" / "small").exists()


def test_validate_infeasible_names_the_file_in_both_languages(district: Path) -> None:
    path = tight(district)
    zh = invoke("validate", str(path))
    assert zh.exit_code == 3
    assert f"{path}：无法满足：" in zh.output
    en = invoke("validate", str(path), "--lang", "en")
    assert en.exit_code == 3
    assert f"{path}: infeasible: " in en.output


def test_environment_problem_exit_1_in_both_languages(district: Path, tmp_path: Path) -> None:
    out = str(tmp_path / ("a" * 300))
    zh = invoke("run", str(district), "--out", out)
    assert zh.exit_code == 1, zh.output
    assert zh.output.startswith("错误：")
    en = invoke("run", str(district), "--out", out, "--lang", "en")
    assert en.exit_code == 1, en.output
    assert en.output.startswith("error: ") and "cannot write to" in en.output


def test_notices_header_in_both_languages(tmp_path: Path) -> None:
    folder = tmp_path / "work"
    made = invoke("init", str(folder))
    assert made.exit_code == 0, made.output
    scenario = str(folder / "scenarios" / "baseline.yaml")
    zh = invoke("validate", scenario)
    assert zh.exit_code == 0, zh.output
    assert "1 条提示：\n  - " in zh.output and "notice:" not in zh.output
    assert "已删去合计行" in zh.output  # quota.io's notice, in Chinese too
    en = invoke("validate", scenario, "--lang", "en")
    assert en.exit_code == 0, en.output
    assert "1 notice:\n  - " in en.output and "dropped the totals row" in en.output


def test_init_and_synth_say_what_they_made(tmp_path: Path) -> None:
    zh = invoke("init", str(tmp_path / "a"))
    assert zh.exit_code == 0, zh.output
    assert "已创建 " in zh.output and "下一步：编辑 " in zh.output
    assert "，然后运行：quota run " in zh.output
    en = invoke("init", str(tmp_path / "b"), "--lang", "en")
    assert "created " in en.output and "next: edit " in en.output
    again = invoke("init", str(tmp_path / "a"))
    assert again.exit_code == 2 and again.output.startswith("错误：")
    made = invoke("synth", "20", "--out", str(tmp_path / "s"))
    assert made.exit_code == 0, made.output
    assert made.output.count("已创建 ") == 2 and "下一步：运行 quota run " in made.output
    en = invoke("synth", "20", "--out", str(tmp_path / "s"), "--lang", "en")
    assert en.output.count("created ") == 2 and "next: quota run " in en.output


def test_two_scenarios_with_one_name_in_both_languages(district: Path, tmp_path: Path) -> None:
    copy = district.parent / "copy.yaml"
    copy.write_text(district.read_text(encoding="utf-8"), encoding="utf-8")
    args = ("run", str(district), str(copy), "--out", str(tmp_path / "out"))
    zh = invoke(*args)
    assert zh.exit_code == 2
    assert "错误：" in zh.output and "的方案名称（name）都是“small”" in zh.output
    en = invoke(*args, "--lang", "en")
    assert en.exit_code == 2 and "both have name 'small'" in en.output


def test_weights_bad_parameter_in_both_languages(tmp_path: Path) -> None:
    args = ("weights", str(tmp_path / "x.csv"), "--method", "entropy", "--indicators", " , ")
    zh = invoke(*args)
    assert zh.exit_code == 2
    assert "错误：--indicators 的值无效：请至少写一个列名" in zh.output
    en = invoke(*args, "--lang", "en")
    assert en.exit_code == 2
    assert "Error: Invalid value for --indicators: name at least one column" in en.output


# --------------------------------------------------------------------------
# Which language: --lang on the command or the group, QUOTA_LANG, zh
# --------------------------------------------------------------------------


def test_quota_lang_sets_the_default(district: Path) -> None:
    assert ": ok: admin" in invoke("validate", str(district), env={"QUOTA_LANG": "en"}).output
    assert "：检查通过：" in invoke("validate", str(district), env={"QUOTA_LANG": "zh"}).output
    assert ": ok: admin" in invoke("validate", str(district), env={"QUOTA_LANG": "EN"}).output
    assert "：检查通过：" in invoke("validate", str(district), env={"QUOTA_LANG": ""}).output


def test_the_commands_flag_wins(district: Path) -> None:
    path = str(district)
    english = {"QUOTA_LANG": "en"}
    assert "：检查通过：" in invoke("validate", path, "--lang", "zh", env=english).output
    assert ": ok: admin" in invoke("--lang", "en", "validate", path).output
    assert "：检查通过：" in invoke("--lang", "en", "validate", path, "--lang", "zh").output
    assert (
        ": ok: admin" in invoke("--lang", "en", "validate", path, env={"QUOTA_LANG": "zh"}).output
    )


def test_bad_quota_lang_is_a_clear_error(district: Path) -> None:
    bad = invoke("validate", str(district), env={"QUOTA_LANG": "fr"})
    assert bad.exit_code == 2
    assert "环境变量 QUOTA_LANG 的值 'fr' 不受支持：请设为 zh、en" in bad.output
    assert "Traceback" not in bad.output
    ok = invoke("validate", str(district), "--lang", "en", env={"QUOTA_LANG": "fr"})
    assert ok.exit_code == 0 and ": ok: admin" in ok.output


def test_bad_lang_flag_is_a_usage_error(district: Path) -> None:
    zh = invoke("validate", str(district), "--lang", "xx")
    assert zh.exit_code == 2
    assert "'--lang' 的值无效：'xx' 不是 'zh', 'en' 之一。" in zh.output
    en = invoke("validate", str(district), "--lang", "xx", env={"QUOTA_LANG": "en"})
    assert en.exit_code == 2 and "Invalid value for '--lang'" in en.output


@pytest.mark.parametrize(
    ("args", "lang"),
    [
        ((), "zh"),
        (("--lang", "en"), "en"),
        (("--lang=en",), "en"),
        (("--lang", "en", "run", "--lang", "zh"), "zh"),
        (("run", "--lang", "xx"), "zh"),
        (("--", "--lang", "en"), "zh"),
    ],
)
def test_peek_lang_reads_the_last_valid_flag(
    args: tuple[str, ...], lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("QUOTA_LANG", raising=False)
    assert peek_lang(args) == lang


def test_peek_lang_falls_back_to_quota_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTA_LANG", "en")
    assert peek_lang(["run", "x.yaml"]) == "en"
    monkeypatch.setenv("QUOTA_LANG", "fr")
    assert peek_lang(["run", "x.yaml"]) == "zh"


# --------------------------------------------------------------------------
# Help pages
# --------------------------------------------------------------------------


def test_group_help_in_both_languages() -> None:
    zh = invoke("--help")
    assert zh.exit_code == 0
    assert zh.output.startswith("用法：quota [选项] 命令 [参数]...")
    assert "\n选项：\n" in zh.output and "\n命令：\n" in zh.output
    assert "显示版本号并退出。" in zh.output and "显示本帮助并退出。" in zh.output
    assert "在各街道之间分配编制" in zh.output
    assert "  run  " in zh.output and "求解每个方案文件 SCENARIO" in zh.output
    assert "Usage" not in zh.output and "Show this message" not in zh.output
    for lang_args in (("--lang", "en", "--help"), ("--help", "--lang=en")):
        en = invoke(*lang_args)
        assert en.exit_code == 0
        assert en.output.startswith("Usage: quota [OPTIONS] COMMAND [ARGS]...")
        assert "\nOptions:\n" in en.output and "\nCommands:\n" in en.output
        assert "Show the version and exit." in en.output
        assert "Show this message and exit." in en.output
        assert "  run          Solve each SCENARIO and write OUT/<name>/." in en.output
    assert invoke("--help", env={"QUOTA_LANG": "en"}).output.startswith("Usage: ")


def test_run_help_in_both_languages() -> None:
    zh = invoke("run", "--help")
    assert zh.exit_code == 0
    assert zh.output.startswith("用法：quota run [选项] SCENARIOS...")
    assert "求解每个方案文件 SCENARIO，并将结果写入 OUT/<name>/。" in zh.output
    assert "输出文件夹。 [默认：out]" in zh.output and "\n选项：\n" in zh.output
    assert "显示本帮助并退出。" in zh.output
    en = invoke("run", "--help", "--lang", "en")
    assert en.exit_code == 0
    assert en.output.startswith("Usage: quota run [OPTIONS] SCENARIOS...")
    assert "Solve each SCENARIO and write OUT/<name>/." in en.output
    assert "Folder for the outputs.  [default: out]" in en.output
    assert "Show this message and exit." in en.output
    assert invoke("--lang", "en", "run", "--help").output.startswith("Usage: ")


def test_required_and_choices_in_chinese_help() -> None:
    zh = invoke("weights", "--help")
    assert "[必填]" in zh.output and "熵值法" in zh.output
    en = invoke("weights", "--help", env={"QUOTA_LANG": "en"})
    assert "[required]" in en.output


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_lang_and_chinese_help(name: str) -> None:
    zh = invoke(name, "--help")
    assert zh.exit_code == 0, zh.output
    assert zh.output.startswith(f"用法：quota {name} [选项]")
    assert "--lang [zh|en]" in zh.output and "QUOTA_LANG" in zh.output
    # Chinese takes two columns a character: no line wider than the terminal (80)
    assert max(display_width(line) for line in zh.output.splitlines()) <= 80
    en = invoke(name, "--help", "--lang", "en")
    assert en.exit_code == 0 and en.output.startswith(f"Usage: quota {name} [OPTIONS]")
    assert "$QUOTA_LANG" in en.output and "提示" not in en.output


def test_wrapping_chinese_keeps_punctuation_attached() -> None:
    text = "求解每个方案文件 SCENARIO，并与第一个方案比较；结果写入 OUT/compare-<各方案名>/。"
    for width in range(13, 60):  # "OUT/compare-<", 13 columns, is the longest word
        lines = wrap(text, width).splitlines()
        assert all(display_width(line) <= width for line in lines)
        assert not any(line.startswith(("，", "；", "。")) for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert short_help(text + "\n\n其余。", 200) == text
    assert short_help(text, 40).endswith("...")
    assert display_width(short_help(text, 40)) <= 40


# --------------------------------------------------------------------------
# Click's own usage errors
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (("run",), "错误：缺少参数 'SCENARIOS...'。", "Error: Missing argument 'SCENARIOS...'."),
        (("nope",), "错误：没有命令 'nope'。", "Error: No such command 'nope'."),
        (("run", "x.yaml", "--bogus"), "错误：没有选项 '--bogus'。", "Error: No such option"),
        (
            ("synth", "abc"),
            "错误：'UNITS' 的值无效：'abc' 不是有效的整数。",
            "Error: Invalid value for 'UNITS': 'abc' is not a valid integer range.",
        ),
        (
            ("synth", "0"),
            "0 不在取值范围 1<=x<=1000000 内。",
            "0 is not in the range 1<=x<=1000000.",
        ),
        (
            ("weights", "x.csv", "--method", "magic"),
            "错误：'--method' 的值无效：'magic' 不是 ",
            "Error: Invalid value for '--method': 'magic' is not one of",
        ),
        (
            ("weights", "x.csv"),
            "错误：缺少选项 '--method'。可选值：entropy、critic、ahp。",
            "Error: Missing option '--method'.",
        ),
        (("run", "--out"), "错误：选项 '--out' 需要一个值。", "requires an argument"),
    ],
)
def test_click_usage_errors_in_both_languages(args: tuple[str, ...], zh: str, en: str) -> None:
    chinese = invoke(*args)
    assert chinese.exit_code == 2
    assert zh in chinese.output, chinese.output
    assert "Error" not in chinese.output and "Usage" not in chinese.output
    english = invoke(*args, env={"QUOTA_LANG": "en"})
    assert english.exit_code == 2
    assert en in english.output, english.output


def test_usage_error_shows_the_usage_and_the_hint_in_chinese() -> None:
    result = invoke("run")
    assert result.output.splitlines()[:2] == [
        "用法：quota run [选项] SCENARIOS...",
        "运行“quota run --help”查看帮助。",
    ]
    english = invoke("run", "--lang", "en")
    assert english.output.splitlines()[:2] == [
        "Usage: quota run [OPTIONS] SCENARIOS...",
        "Try 'quota run --help' for help.",
    ]
