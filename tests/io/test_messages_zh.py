"""The reader's messages in Chinese: the same file, row and column as the English, said in Chinese.

Each test provokes one representative refusal (or notice) and checks that
``exc.render("zh")`` is Chinese text naming the same file, row and column as
the English, and that ``str(exc)`` (the English) is what it always was.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quota.errors import InputError
from quota.io.table import check_numeric_columns, read_table
from quota.locale import MESSAGES

#: words of the English texts that must not be left in a Chinese one
ENGLISH_WORDS = re.compile(r"\b(expected|found|row|column|file|line|the|street|sheet)\b")


def write(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def refusal(path: Path, **kwargs: object) -> InputError:
    with pytest.raises(InputError) as info:
        read_table(path, **kwargs)  # type: ignore[arg-type]
    return info.value


def assert_chinese(text: str) -> None:
    assert re.search(r"[\u4e00-\u9fff]", text), text
    assert "：" in text, text
    assert not ENGLISH_WORDS.search(text), text


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "缺失.csv"
    exc = refusal(path)
    assert str(exc) == f"{path}: file not found"
    (zh,) = exc.render("zh")
    assert zh == f"{path}：找不到文件"
    assert exc.render("en") == [str(exc)]


def test_a_file_in_an_unknown_encoding(tmp_path: Path) -> None:
    path = tmp_path / "乱码.csv"
    path.write_bytes(b"\xff\x80\x81abc\n")
    exc = refusal(path)
    assert str(exc) == (
        "乱码.csv: cannot decode the file as UTF-8 or GB18030 (GBK) text; "
        "save it from Excel as 'CSV UTF-8' or as .xlsx"
    )
    (zh,) = exc.render("zh")
    assert zh.startswith("乱码.csv：无法按 UTF-8 或 GB18030（GBK）文本解码")
    assert "“CSV UTF-8”" in zh
    assert_chinese(zh)


def test_a_table_without_a_street_column(tmp_path: Path) -> None:
    exc = refusal(write(tmp_path, "名字,人口\n甲,1\n乙,2\n"))
    assert str(exc) == (
        "t.csv: no street column (looked for a header such as 街道, 街道名称, 乡镇(街道) "
        "or street in rows 1-3); name the column of street names 街道"
    )
    (zh,) = exc.render("zh")
    assert zh.startswith("t.csv：没有街道列（在第1至3行中查找过")
    assert zh.endswith("请将街道名称所在列的表头写为“街道”")


def test_a_missing_column_with_a_close_one(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "街道,常住人囗,面积\n甲,1,2\n"))
    problems = check_numeric_columns(
        table, ["常住人口"], purpose={"常住人口": "kinds.admin.indicators"}
    )
    exc = InputError(problems)
    assert str(exc) == (
        "t.csv: no column '常住人口' (needed for kinds.admin.indicators); "
        "the table has '常住人囗', '面积'; did you mean '常住人囗'?"
    )
    assert exc.render("zh") == [
        "t.csv：没有列“常住人口”（用于kinds.admin.indicators）；"
        "表中的列为“常住人囗”、“面积”；是否应为“常住人囗”？"
    ]


def test_a_bad_number_names_the_row_and_the_column(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "街道,常住人口,面积\n甲,100,1\n乙,abc,3万\n"))
    exc = InputError(check_numeric_columns(table, ["population", "area_km2"]))
    assert str(exc).splitlines() == [
        "t.csv, row 3, column '常住人口': expected a number, found 'abc'",
        "t.csv, row 3, column '面积': expected a plain number, found '3万': "
        "write the whole number, 30000",
    ]
    assert exc.render("zh") == [
        "t.csv，第3行，列“常住人口”：应为数字，实为“abc”",
        "t.csv，第3行，列“面积”：应为纯数字，实为“3万”：请写出完整的数字 30000",
    ]
    for zh in exc.render("zh"):
        assert_chinese(zh)


def test_a_totals_mismatch_and_its_notice_when_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "街道,常住人口\n甲,100\n乙,200\n合计,400\n")
    exc = refusal(path)
    assert str(exc) == (
        "t.csv, row 4 合计: column '常住人口' says 400 but the 2 streets above add up to 300 "
        "(difference 100): is a street missing or counted twice? "
        "To go on anyway, use --accept-totals-mismatch"
    )
    (zh,) = exc.render("zh")
    assert zh == (
        "t.csv，第4行（合计）：列“常住人口”为 400，而上方 2 个街道合计为 300（相差 100）："
        "是否漏了街道或重复计算了街道？如仍要继续，请使用 --accept-totals-mismatch"
    )
    (notice,) = read_table(path, accept_totals_mismatch=True).notices
    assert str(notice) == (
        "t.csv, row 4: dropped the totals row '合计'; warning: it disagrees with the sum of the "
        "2 streets above: column '常住人口' says 400 but the streets add up to 300 "
        "(is a street missing or counted twice?)"
    )
    assert not isinstance(notice, str)
    assert notice.render("zh") == (
        "t.csv，第4行：已删去合计行“合计”；警告：该行与上方 2 个街道之和不符："
        "列“常住人口”为 400，而各街道合计为 300（是否漏了街道或重复计算了街道？）"
    )


def test_notices_of_the_header_and_the_rows_render_in_chinese(tmp_path: Path) -> None:
    text = "2024年街道数据\n街道,常住人口,面积\n单位,人,平方公里\n甲,1,2\n乙,2,3\n合计,3,5\n注：来源统计局\n"
    notices = read_table(write(tmp_path, text)).notices
    assert [n.render("zh") for n in notices if not isinstance(n, str)] == [
        "t.csv，第1行：已跳过表头上方的标题行“2024年街道数据”",
        "t.csv，第3行：已删去单位行（人、平方公里）",
        "t.csv，第6行：已删去合计行“合计”（与上方 2 个街道之和相符）",
        "t.csv，第7行：已删去备注“注：来源统计局”",
    ]
    assert [str(n) for n in notices][1] == "t.csv, row 3: dropped the units row (人, 平方公里)"


@pytest.mark.parametrize("key", sorted(k for k in MESSAGES if k.startswith("io.")))
def test_every_io_sentence_has_a_chinese_text(key: str) -> None:
    zh, en = MESSAGES[key]
    words = re.sub(r"\{[^}]*\}", "", en)
    if re.search(r"[A-Za-z]{3,}", words):
        assert re.search(r"[\u4e00-\u9fff]", zh), key
        assert ", " not in re.sub(r"\{[^}]*\}", "", zh), key  # Chinese punctuation
