"""Rows of a street table: totals that disagree, broken CSV quoting, notes with numbers, names."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from quota.cli import cli
from quota.errors import InputError
from quota.io.files import Grid
from quota.io.table import build_table, read_table
from tests.conftest import write_scenario
from tests.io import strs

HINT = "is a street missing or counted twice? To go on anyway, use --accept-totals-mismatch"


def write(tmp_path: Path, text: str, name: str = "t.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def problems_of(path: Path, **kwargs: object) -> list[str]:
    with pytest.raises(InputError) as info:
        read_table(path, **kwargs)  # type: ignore[arg-type]
    return strs(info.value.problems)


# ---------------------------------------------------------------- totals rows


def test_a_totals_row_that_disagrees_names_row_columns_and_difference(tmp_path: Path) -> None:
    rows = "".join(f"街道{i},10000,{i}\n" for i in range(1, 13))
    text = "街道,常住人口,社区数\n" + rows + "合计,123456,78\n"
    assert problems_of(write(tmp_path, text)) == [
        "t.csv, row 14 合计: column '常住人口' says 123,456 but the 12 streets above add up to "
        f"120,000 (difference 3,456): {HINT}"
    ]


def test_accepting_the_mismatch_keeps_the_notice(tmp_path: Path) -> None:
    text = "街道,常住人口\n甲,10\n乙,20\n合计,35\n"
    grid = Grid(cells=[line.split(",") for line in text.splitlines()])
    with pytest.raises(InputError, match="row 4 合计: column '常住人口' says 35"):
        build_table(grid, Path("t.csv"))
    table = build_table(grid, Path("t.csv"), accept_totals_mismatch=True)
    assert table.streets == ["甲", "乙"]
    assert tuple(strs(table.notices)) == (
        "t.csv, row 4: dropped the totals row '合计'; warning: it disagrees with the sum of the "
        "2 streets above: column '常住人口' says 35 but the streets add up to 30 "
        "(is a street missing or counted twice?)",
    )


def test_a_subtotal_that_disagrees_counts_its_own_streets(tmp_path: Path) -> None:
    text = "序号,街道,人口\n1,甲,10\n2,乙,20\n小计,,30\n3,丙,5\n小计,,6\n合计,,36\n"
    assert problems_of(write(tmp_path, text)) == [
        f"t.csv, row 6 小计: column '人口' says 6 but the 1 street above adds up to 5 (difference 1): {HINT}",
        f"t.csv, row 7 合计: column '人口' says 36 but the 3 streets above add up to 35 (difference 1): {HINT}",
    ]


def test_numbers_stored_as_text_are_numbers_before_the_totals_check(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (
        ["街道", "常住人口", "面积"],
        ["甲", "1,234", "１２.５"],
        ["乙", "１，０００", 2.5],
        ["丙", " 766 ", "5平方公里"],
        ["合计", "3,000", "20"],
    ):
        sheet.append(row)
    path = tmp_path / "t.xlsx"
    book.save(path)
    table = read_table(path)
    assert table.frame["population"].tolist() == [1234, 1000, 766]
    assert tuple(strs(table.notices)) == (
        "t.xlsx, sheet Sheet, row 5: dropped the totals row '合计' (it agrees with the 3 streets above)",
    )
    sheet["B5"] = "3,100"
    book.save(path)
    assert problems_of(path) == [
        "t.xlsx, sheet Sheet, row 5 合计: column '常住人口' says 3,100 but the 3 streets above add "
        f"up to 3,000 (difference 100): {HINT}"
    ]


def test_a_totals_mismatch_is_reported_with_the_columns_a_scenario_uses(tmp_path: Path) -> None:
    from quota.io.table import check_numeric_columns

    text = "街道,常住人口\n甲,10\n甲,20\n合计,35\n"
    table = read_table(write(tmp_path, text), strict=False)
    assert strs(check_numeric_columns(table, ["population"])) == [
        "t.csv, row 3, column '街道': street '甲' appears again (first in row 2); each street must "
        "appear once",
        f"t.csv, row 4 合计: column '常住人口' says 35 but the 2 streets above add up to 30 "
        f"(difference 5): {HINT}",
    ]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "row 7 合计: column '常住人口' says 352,001 but the 5 streets above add up to 352,000",
        ),
        ("zh", "第7行（合计）：列“常住人口”为 352,001，而上方 5 个街道合计为 352,000（相差 1）"),
    ],
)
def test_cli_refuses_a_totals_mismatch_with_exit_2(tmp_path: Path, lang: str, said: str) -> None:
    from tests.conftest import SMALL_CSV, small_scenario

    (tmp_path / "streets.csv").write_text(
        SMALL_CSV + "合计,352001,85.3,1035,2610,29,15,128,184,126,173\n", encoding="utf-8"
    )
    path = write_scenario(tmp_path, small_scenario())
    args = ["run", str(path), "--out", str(tmp_path / "out"), "--lang", lang]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert said in result.output
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- CSV quoting and widths


def test_an_unterminated_quote_is_refused_at_its_line(tmp_path: Path) -> None:
    text = '街道,常住人口,面积\n西城街道,3,4\n"东城街道,1,2\n南湖街道,5,6\n'
    assert problems_of(write(tmp_path, text)) == [
        't.csv, line 3: a quote (") opened here is never closed, so every line after it would be '
        "read as one cell; remove the quote, or close it at the end of the cell"
    ]


@pytest.mark.parametrize(
    "text",
    [
        '街道,常住人口\n甲,1\n"乙,2\n',  # on the last line
        '街道,常住人口\n甲,1\n"乙,2',  # without a final line break
        '街道,常住人口\n甲,1\n乙,"2\n',  # in a number
    ],
)
def test_an_unterminated_quote_on_the_last_line(tmp_path: Path, text: str) -> None:
    (message,) = problems_of(write(tmp_path, text))
    assert message.startswith('t.csv, line 3: a quote (") opened here is never closed')


def test_a_quote_that_swallows_rows_and_closes_later(tmp_path: Path) -> None:
    text = '街道,常住人口\n"甲,1\n乙",2\n丙,3\n'
    assert problems_of(write(tmp_path, text)) == [
        't.csv, line 2: a quote (") opened here closes only on line 3, so lines 2-3 would be read '
        "as one cell; close the quote at the end of the cell, or remove it"
    ]
    text = '街道,常住人口\n"甲,1\n乙,"2"\n丙,3\n'
    (message,) = problems_of(write(tmp_path, text))
    assert message.startswith('t.csv, line 2: a quote (") opened here closes only on line 3')


def test_quoted_cells_over_several_lines_still_read(tmp_path: Path) -> None:
    text = '街道,"常住人口\n（人）","备注\n说明"\n甲,1,"新设\n街道"\n乙,2,\n'
    table = read_table(write(tmp_path, text))
    assert table.streets == ["甲", "乙"]
    assert table.frame["population"].tolist() == [1, 2]
    assert table.rows == (2, 3)


def test_a_row_with_more_cells_than_the_header(tmp_path: Path) -> None:
    text = "街道,常住人口,面积\n甲,1,2\n乙,1,234,5\n丙,3,4,,\n"
    assert problems_of(write(tmp_path, text)) == [
        "t.csv, line 3: the row has 4 cells but the header has 3; the cells after column C ('5') "
        "belong to no column: remove them, or give them a header (a comma too many in a number or "
        "name splits a cell: put such a cell in quotes)"
    ]
    text = '街道,"常住\n人口"\n甲,1\n乙,1,2\n'
    (message,) = problems_of(write(tmp_path, text))
    assert message.startswith(
        "t.csv, line 4 (row 3 in Excel): the row has 3 cells but the header has 2"
    )


# ---------------------------------------------------------------- notes


def test_a_note_row_with_numbers_is_an_error_not_a_note(tmp_path: Path) -> None:
    text = "街道,常住人口,面积\n甲,10,1\n乙,20,2\n注：含流动人口,12000,\n"
    assert problems_of(write(tmp_path, text)) == [
        "t.csv, row 4: this row would be dropped as a note, but it has numbers in column "
        "'常住人口' ('12000'): if it is a street, write its name in column '街道'; if it is a note, "
        "delete the numbers or the row"
    ]
    text = "街道,常住人口,面积\n甲,10,1\n乙,20,2\n,12000人,\n"
    (message,) = problems_of(write(tmp_path, text))
    assert message.startswith(
        "t.csv, row 4: this row would be dropped as a note, but it has numbers"
    )


def test_notes_without_numbers_are_still_announced(tmp_path: Path) -> None:
    text = "街道,常住人口\n甲,10\n注：含流动人口12000人,\n填表人：张三,2023年12月\n,本表仅供参考\n"
    table = read_table(write(tmp_path, text))
    assert table.streets == ["甲"]
    assert tuple(strs(table.notices)) == (
        "t.csv, row 3: dropped the note '注：含流动人口12000人'",
        "t.csv, row 4: dropped the note '填表人：张三 2023年12月'",
        "t.csv, row 5: dropped the note '本表仅供参考' under the table",
    )


# ---------------------------------------------------------------- street names


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_very_long_street_name_is_refused_quickly(tmp_path: Path, kind: str) -> None:
    name = "东" * 100_000
    if kind == "csv":
        path = write(tmp_path, f"街道,常住人口\n{name},1\n乙,2\n")
    else:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for row in (["街道", "常住人口"], [name, 1], ["乙", 2]):
            sheet.append(row)
        path = tmp_path / "t.xlsx"
        book.save(path)
    started = time.perf_counter()
    with pytest.raises(InputError) as info:
        read_table(path)
    assert time.perf_counter() - started < 1.0
    (message,) = strs(info.value.problems)
    # a workbook cell holds at most 32,767 characters
    count = "100,000" if kind == "csv" else "32,767"
    assert f"row 2, column '街道': a street name of {count} characters; at most 100" in message
    assert len(message) < 300


@pytest.mark.parametrize("cell", ["1" * 100_000, "1" * 50_000 + "x", "1 " * 50_000, "(" * 50_000])
def test_very_long_cells_are_read_quickly(tmp_path: Path, cell: str) -> None:
    from quota.io.table import check_numeric_columns

    path = write(tmp_path, f"街道,常住人口\n甲,{cell}\n乙,2\n")
    started = time.perf_counter()
    table = read_table(path)
    (message,) = strs(check_numeric_columns(table, ["population"]))
    assert time.perf_counter() - started < 1.0
    assert message.startswith("t.csv, row 2, column '常住人口': expected a number, found a text of")


def test_a_long_header_is_read_quickly(tmp_path: Path) -> None:
    started = time.perf_counter()
    table = read_table(write(tmp_path, "街道," + " " * 50_000 + "x(" + "a" * 50_000 + "\n甲,1\n"))
    assert time.perf_counter() - started < 1.0
    assert table.streets == ["甲"]


def test_a_street_name_of_100_characters_is_fine(tmp_path: Path) -> None:
    name = "东" * 100
    assert read_table(write(tmp_path, f"街道,常住人口\n{name},1\n")).streets == [name]


@pytest.mark.parametrize(
    ("cell", "name"),
    [
        ("\t=SUM(A1:A2)", "=SUM(A1:A2)"),
        ("  +东城街道", "+东城街道"),
        ("-西城街道 ", "-西城街道"),
        ("@南湖街道", "@南湖街道"),
        ("=1+2", "=1+2"),
        ("'=1+2", "'=1+2"),
        ("＝东城", "=东城"),  # NFKC folds the full-width sign, as for every name
    ],
)
def test_names_that_look_like_formulas_are_kept_as_written(
    tmp_path: Path, cell: str, name: str
) -> None:
    text = f'街道,常住人口\n"{cell}",1\n乙,2\n'
    assert read_table(write(tmp_path, text)).streets == [name, "乙"]
