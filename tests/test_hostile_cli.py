"""Hostile inputs through the command line: one table of cases, one test.

Every case builds its own street table (CSV text or bytes) and scenario (YAML written as text,
so it can be hostile YAML) in ``tmp_path``, runs ``quota`` through click's ``CliRunner`` and
checks:

* the exit code (0 ok, 2 bad input, 3 infeasible, 1 environment problem);
* fragments of the message (case-insensitive substrings of the output);
* no traceback: no exception other than ``SystemExit``, no "Traceback" in the output;
* a run that fails writes nothing into ``--out`` (missing, empty, or as it was before), and no
  run leaves hidden ``.tmp-*`` / ``.old-*`` / ``.lock`` folders of its own behind;
* for some cases the time taken, or what a successful run wrote.

Only the command line is used (``quota.cli.cli``), so the modules behind it may move freely.
``CASES`` is the table; a case with ``xfail`` set is a known defect, marked strict.
"""

from __future__ import annotations

import csv
import io
import os
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from quota.cli import cli
from tests.conftest import SMALL_CSV, small_scenario, write_scenario

#: prepares extra files in tmp_path before the run
Prepare = Callable[[Path], None]
#: builds the files and returns the command line after ``quota``
Setup = Callable[[Path], list[str]]
#: an extra check on the finished run: (tmp_path, result)
Check = Callable[[Path, Result], None]

#: commands that take --out (the cases give it tmp_path/out unless they name their own)
OUT_COMMANDS = {"run", "compare", "sensitivity", "plan"}
#: content of a file that --out names, which a refused run must leave untouched
SENTINEL = "not a folder; leave me alone\n"
#: a process id no process can have (above Linux's largest pid_max, 2**22)
DEAD_PID = 99_999_999


@dataclass(frozen=True)
class Case:
    id: str
    setup: Setup
    code: int
    fragments: tuple[str, ...]
    check: Check | None = None
    max_seconds: float | None = None
    xfail: str | None = None


# --------------------------------------------------------------------------
# Building files
# --------------------------------------------------------------------------

HEADER, *ROWS = SMALL_CSV.strip("\n").split("\n")
COLUMNS = HEADER.split(",")
STREETS = [row.split(",")[0] for row in ROWS]


def small_yaml(**overrides: Any) -> str:
    """The feasible small scenario as YAML text, top-level keys overridden."""
    return yaml.safe_dump(small_scenario(**overrides), allow_unicode=True, sort_keys=False)


def kind_yaml(kind: str = "admin", **changes: Any) -> str:
    """The small scenario with keys of one kind replaced (None deletes the key)."""
    raw = small_scenario()
    for key, value in changes.items():
        if value is None:
            raw["kinds"][kind].pop(key, None)
        else:
            raw["kinds"][kind][key] = value
    return yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)


def replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def set_cells(changes: dict[tuple[str, str], str], table: str = SMALL_CSV) -> str:
    """SMALL_CSV with cells replaced, keyed by (street, column); values are written as they are."""
    lines = table.strip("\n").split("\n")
    header = lines[0].split(",")
    out = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        for (street, column), value in changes.items():
            if cells[0] == street:
                cells[header.index(column)] = value
        out.append(",".join(cells))
    return "\n".join(out) + "\n"


def set_cell(street: str, column: str, value: str) -> str:
    return set_cells({(street, column): value})


def street_names(*names: str) -> str:
    """SMALL_CSV with the first streets renamed."""
    return set_cells({(STREETS[i], "街道名称"): name for i, name in enumerate(names)})


def rename_column(old: str, new: str) -> str:
    header, rest = SMALL_CSV.split("\n", 1)
    return ",".join(new if c == old else c for c in header.split(",")) + "\n" + rest


def add_text_column(name: str, value: str) -> str:
    lines = SMALL_CSV.strip("\n").split("\n")
    return "\n".join([lines[0] + "," + name] + [row + "," + value for row in lines[1:]]) + "\n"


def with_totals_row(population_delta: int) -> str:
    """A 合计 row under SMALL_CSV with every column's sum, population off by the delta."""
    sums = []
    for i, column in enumerate(COLUMNS[1:], start=1):
        total = sum(float(row.split(",")[i]) for row in ROWS)
        sums.append(f"{total + (population_delta if column == '常住人口' else 0):g}")
    return SMALL_CSV + "合计," + ",".join(sums) + "\n"


def billion_laughs() -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\n" + small_yaml()


def cli_case(
    table: str | bytes = SMALL_CSV,
    text: str | None = None,
    *argv: str,
    command: str = "run",
    prepare: Prepare | None = None,
    out: Callable[[Path], str] | None = None,
) -> Setup:
    """Write streets.csv and small.yaml, then run ``quota <command> <argv>``.

    ``argv`` defaults to the scenario; ``{tmp}`` in it is the case's folder. Commands that
    write get ``--out tmp/out`` unless ``out`` gives another.
    """

    def setup(tmp: Path) -> list[str]:
        data = table if isinstance(table, bytes) else table.encode("utf-8")
        (tmp / "streets.csv").write_bytes(data)
        (tmp / "small.yaml").write_text(small_yaml() if text is None else text, encoding="utf-8")
        if prepare is not None:
            prepare(tmp)
        args = [command, *(a.format(tmp=tmp) for a in (argv or ("{tmp}/small.yaml",)))]
        if command in OUT_COMMANDS:
            args += ["--out", out(tmp) if out else str(tmp / "out")]
        return args

    return setup


def write_file(name: str, text: str) -> Prepare:
    def prepare(tmp: Path) -> None:
        (tmp / name).write_text(text, encoding="utf-8")

    return prepare


def write_bytes(name: str, data: bytes) -> Prepare:
    def prepare(tmp: Path) -> None:
        (tmp / name).write_bytes(data)

    return prepare


def sparse_file(name: str, size: int) -> Prepare:
    """A file of ``size`` bytes that takes no room on disk (and no time to write)."""

    def prepare(tmp: Path) -> None:
        with open(tmp / name, "wb") as handle:
            handle.truncate(size)

    return prepare


def symlink(name: str, target: Callable[[Path], str]) -> Prepare:
    def prepare(tmp: Path) -> None:
        os.symlink(target(tmp), tmp / name)

    return prepare


def folder(name: str) -> Prepare:
    def prepare(tmp: Path) -> None:
        (tmp / name).mkdir()

    return prepare


def fifo(name: str) -> Prepare:
    def prepare(tmp: Path) -> None:
        os.mkfifo(tmp / name)

    return prepare


def extends_chain(depth: int) -> Prepare:
    def prepare(tmp: Path) -> None:
        for i in range(depth):
            (tmp / f"c{i}.yaml").write_text(f"extends: c{i + 1}.yaml\n", encoding="utf-8")
        (tmp / f"c{depth}.yaml").write_text(small_yaml(), encoding="utf-8")

    return prepare


def workbook_claiming(size: int) -> Prepare:
    """A small valid .xlsx whose zip directory says a sheet unpacks to ``size`` bytes."""

    def prepare(tmp: Path) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
            book.writestr("[Content_Types].xml", "<Types/>")
            book.writestr("xl/workbook.xml", "<workbook/>")
            book.writestr("xl/worksheets/sheet1.xml", "<worksheet/>" + " " * 1000)
        data = bytearray(buffer.getvalue())
        at = data.find(b"PK\x01\x02")
        while at >= 0:
            length = int.from_bytes(data[at + 28 : at + 30], "little")
            if b"sheet1" in data[at + 46 : at + 46 + length]:
                data[at + 24 : at + 28] = size.to_bytes(4, "little")
            at = data.find(b"PK\x01\x02", at + 4)
        (tmp / "streets.xlsx").write_bytes(bytes(data))

    return prepare


def previous_run_named(name: str) -> Prepare:
    """Run, before the case, another scenario called ``name``; note its exit code."""

    def prepare(tmp: Path) -> None:
        (tmp / "other.yaml").write_text(small_yaml(name=name), encoding="utf-8")
        first = CliRunner().invoke(cli, ["run", str(tmp / "other.yaml"), "--out", str(tmp / "out")])
        (tmp / "first-exit-code").write_text(str(first.exit_code), encoding="utf-8")

    return prepare


def victim_behind_symlink(tmp: Path) -> None:
    """out/small is a symbolic link to a folder outside out/ holding a file."""
    (tmp / "victim").mkdir()
    (tmp / "victim" / "keep.txt").write_text(SENTINEL, encoding="utf-8")
    (tmp / "out").mkdir()
    os.symlink(tmp / "victim", tmp / "out" / "small")


def out_small_is_a_file(tmp: Path) -> None:
    (tmp / "out").mkdir()
    (tmp / "out" / "small").write_text(SENTINEL, encoding="utf-8")


def out_is_a_file(tmp: Path) -> None:
    (tmp / "out").write_text(SENTINEL, encoding="utf-8")


def two_with_one_name(tmp: Path) -> None:
    raw = small_scenario(title="另一个方案")
    raw["kinds"]["admin"]["pool"] = 150
    write_scenario(tmp, raw, "second.yaml")


def extends_cycle(tmp: Path) -> None:
    (tmp / "a.yaml").write_text("extends: b.yaml\nname: a\n", encoding="utf-8")
    (tmp / "b.yaml").write_text("extends: a.yaml\nname: b\n", encoding="utf-8")


# --------------------------------------------------------------------------
# Checks on what a run wrote
# --------------------------------------------------------------------------


def output_file(tmp: Path, name: str) -> Path:
    return tmp / "out" / "small" / name


def allocation_rows(tmp: Path) -> list[dict[str, str]]:
    text = output_file(tmp, "allocation.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def charts_written(tmp: Path, result: Result) -> None:
    charts = sorted((tmp / "out" / "small" / "charts").glob("*.png"))
    assert charts, "no charts written"
    assert all(p.stat().st_size > 0 for p in charts)


def no_formula_streets(tmp: Path, result: Result) -> None:
    rows = allocation_rows(tmp)
    assert len(rows) == 2 * len(ROWS)
    for row in rows:
        street = row["street"]
        assert not street.startswith("="), repr(street)
        assert not street.lstrip(" \t\r\n").startswith(("=", "+", "-", "@")), repr(street)


def no_raw_script(tmp: Path, result: Result) -> None:
    for name in ("report.md", "report.html"):
        assert "<script" not in output_file(tmp, name).read_text(encoding="utf-8").lower(), name


def pipe_escaped_in_markdown(tmp: Path, result: Result) -> None:
    assert "| a\\|b |" in output_file(tmp, "report.md").read_text(encoding="utf-8")


def no_live_markdown_link(tmp: Path, result: Result) -> None:
    assert "[x](javascript:" not in output_file(tmp, "report.md").read_text(encoding="utf-8")


def all_streets_read(tmp: Path, result: Result) -> None:
    assert {row["street"] for row in allocation_rows(tmp)} == set(STREETS)


def nothing_solved(tmp: Path, result: Result) -> None:
    assert "optimal" not in result.output, result.output


def victim_intact(tmp: Path, result: Result) -> None:
    assert sorted(p.name for p in (tmp / "victim").iterdir()) == ["keep.txt"]
    assert (tmp / "victim" / "keep.txt").read_text(encoding="utf-8") == SENTINEL


def previous_output_kept(name: str) -> Check:
    """The other scenario's folder (written by ``previous_run_named``) is still there."""

    def check(tmp: Path, result: Result) -> None:
        if (tmp / "first-exit-code").read_text(encoding="utf-8") != "0":
            return  # the name was refused: nothing to lose
        assert (tmp / "out" / name / "allocation.csv").is_file(), (
            f"out/{name}, the output of another scenario, is gone: "
            f"{sorted(p.name for p in (tmp / 'out').iterdir())}"
        )

    return check


# --------------------------------------------------------------------------
# The cases
# --------------------------------------------------------------------------

run = cli_case
LONG_NAME = "长" * 100_000
BOM = "\ufeff".encode()
TWO_SMALL = ("{tmp}/small.yaml", "{tmp}/second.yaml")

CASES: list[Case] = [
    # --- numbers in the street table -------------------------------------------------------
    Case(
        "onboard-1e30",
        run(set_cell("东城街道", "行政实有人数", "1e30")),
        2,
        ("streets.csv", "row 2", "行政实有人数", "1e30"),
    ),
    Case(
        "onboard-1e12-above-count-limit",
        run(set_cell("东城街道", "行政实有人数", "1e12")),
        2,
        ("row 2", "行政实有人数", "at most 1,000,000,000"),
    ),
    Case(
        "offices-1e19-per-office",
        run(set_cell("西城街道", "内设机构数", "1e19")),
        2,
        ("row 3", "内设机构数", "1e19"),
    ),
    Case(
        "offices-int64-max-per-office",
        run(set_cell("西城街道", "内设机构数", "9223372036854775807")),
        2,
        ("row 3", "内设机构数", "9223372036854775807"),
    ),
    Case(
        "offices-1e9-base-above-pool",
        run(set_cell("东城街道", "内设机构数", "1000000000")),
        3,
        ("base quotas need 2000000071", "pool 140"),
    ),
    Case(
        "offices-negative",
        run(set_cell("东城街道", "内设机构数", "-1")),
        2,
        ("row 2", "内设机构数", "0 or more"),
    ),
    Case(
        "offices-fraction",
        run(set_cell("东城街道", "内设机构数", "2.5")),
        2,
        ("row 2", "内设机构数", "whole number"),
    ),
    Case(
        "indicator-near-1e308",
        run(set_cell("南湖街道", "常住人口", "1.7e308")),
        2,
        ("row 4", "常住人口", "1.7e308"),
    ),
    Case(
        "indicator-nan-text",
        run(set_cell("北山街道", "常住人口", "nan")),
        2,
        ("row 5", "常住人口", "found 'nan'"),
    ),
    Case(
        "indicator-inf-text",
        run(set_cell("北山街道", "常住人口", "inf")),
        2,
        ("row 5", "常住人口", "found 'inf'"),
    ),
    Case(
        "indicator-excel-error",
        run(set_cell("北山街道", "常住人口", "#DIV/0!")),
        2,
        ("row 5", "常住人口", "#DIV/0!"),
    ),
    Case(
        "onboard-empty-cell",
        run(set_cell("东城街道", "行政实有人数", "")),
        2,
        ("row 2", "行政实有人数", "empty cell"),
    ),
    # --- layout of the CSV ----------------------------------------------------------------
    Case(
        "unterminated-quote-line-3-of-5",
        run(replace(SMALL_CSV, "西城街道,", '"西城街道,')),
        2,
        ("streets.csv", "line 3", "quote"),
    ),
    Case(
        "row-with-more-cells-than-header",
        run(
            replace(
                SMALL_CSV,
                "北山街道,23000,46.2,190,150,5,3,20,28,21,26",
                "北山街道,23000,46.2,190,150,5,3,20,28,21,26,99",
            )
        ),
        2,
        ("line 5", "12 cells", "11"),
    ),
    Case(
        "totals-row-mismatch",
        run(with_totals_row(-1000)),
        2,
        ("合计", "常住人口", "difference 1,000", "--accept-totals-mismatch"),
    ),
    Case(
        "totals-row-mismatch-accepted",
        run(with_totals_row(-1000), None, "{tmp}/small.yaml", "--accept-totals-mismatch"),
        0,
        ("small: optimal", "合计"),
        all_streets_read,
    ),
    Case(
        "double-bom", run(BOM + BOM + SMALL_CSV.encode()), 0, ("small: optimal",), all_streets_read
    ),
    Case("binary-csv", run(b"\x00\x01\x02" * 1000), 2, ("streets.csv", "binary")),
    Case("empty-csv", run(b""), 2, ("streets.csv", "empty")),
    Case("header-only-csv", run(HEADER + "\n"), 2, ("streets.csv", "no streets")),
    Case(
        "street-twice",
        run(SMALL_CSV + ROWS[0] + "\n"),
        2,
        ("row 7", "东城街道", "appears again", "row 2"),
    ),
    Case(
        "street-twice-after-nfkc",
        run(SMALL_CSV + ROWS[0].replace("东城街道", " 东城 街道") + "\n"),
        2,
        ("row 7", "appears again"),
    ),
    Case("street-empty", run(set_cell("东城街道", "街道名称", "   ")), 2, ("row 2", "empty cell")),
    Case(
        "two-headers-one-meaning",
        run(rename_column("辖区面积", "常住人口")),
        2,
        ("row 1", "常住人口", "keep one"),
    ),
    Case(
        "street-name-100000-chars",
        run(set_cell("东城街道", "街道名称", LONG_NAME)),
        2,
        ("row 2", "街道名称", "100,000 characters", "at most 100"),
        max_seconds=5,
    ),
    Case(
        "table-201-mb",
        run(SMALL_CSV, small_yaml(data="big.csv"), prepare=sparse_file("big.csv", 201 << 20)),
        2,
        ("big.csv", "200 MB"),
        max_seconds=5,
    ),
    Case(
        "workbook-unpacks-to-4-gb",
        run(SMALL_CSV, small_yaml(data="streets.xlsx"), prepare=workbook_claiming(0xF0000000)),
        2,
        ("streets.xlsx", "1.0 GB"),
        max_seconds=5,
    ),
    Case(
        "workbook-that-is-csv-text",
        run(
            SMALL_CSV,
            small_yaml(data="streets.xlsx"),
            prepare=write_file("streets.xlsx", SMALL_CSV),
        ),
        2,
        ("streets.xlsx", "not an excel workbook"),
    ),
    # --- YAML -----------------------------------------------------------------------------
    Case(
        "yaml-duplicate-key",
        run(
            SMALL_CSV, replace(small_yaml(), "title: 测试方案\n", "title: 测试方案\ntitle: 再来\n")
        ),
        2,
        ("small.yaml", "'title'", "twice", "lines 2 and 3"),
    ),
    Case("yaml-pool-true", run(SMALL_CSV, kind_yaml(pool=True)), 2, ("line 6", "pool", "yes/no")),
    Case(
        "yaml-pool-quoted-60",
        run(SMALL_CSV, kind_yaml(pool="60")),
        2,
        ("line 6", "pool", "the text '60'"),
    ),
    Case(
        "yaml-weight-true-long-form",
        run(SMALL_CSV, kind_yaml(indicators={"population": {"weight": True}, "area_km2": 0.5})),
        2,
        ("line 13", "population.weight", "yes/no"),
    ),
    Case(
        "yaml-pool-1e28",
        run(SMALL_CSV, kind_yaml(pool=10**28)),
        2,
        ("line 6", "pool", "at most 1000000000"),
    ),
    Case(
        "yaml-pool-float-overflow",
        run(SMALL_CSV, replace(small_yaml(), "pool: 140", "pool: 1.0e+400")),
        2,
        ("line 6", "pool", "whole number"),
    ),
    Case(
        "yaml-billion-laughs",
        run(SMALL_CSV, billion_laughs()),
        2,
        ("anchors and aliases are not allowed", "line 1"),
        max_seconds=2,
    ),
    Case(
        "yaml-merge-key",
        run(SMALL_CSV, replace(small_yaml(), "    pool: 140\n", "    <<: {pool: 140}\n")),
        2,
        ("merge keys", "line 6"),
    ),
    Case(
        "yaml-nesting-100000-deep",
        run(SMALL_CSV, "name: " + "[" * 100_000 + "]" * 100_000 + "\n"),
        2,
        ("line 1", "nesting"),
        max_seconds=2,
    ),
    Case(
        "yaml-python-tag",
        run(SMALL_CSV, "name: !!python/object/apply:os.system ['true']\n"),
        2,
        ("line 1", "tag", "not allowed"),
    ),
    Case(
        "yaml-negative-short-weight",
        run(SMALL_CSV, kind_yaml(indicators={"population": -0.5, "area_km2": 0.5})),
        2,
        ("line 12", "population", "at least 0"),
    ),
    Case(
        "yaml-nan-weight",
        run(SMALL_CSV, replace(small_yaml(), "population: 0.5", "population: .nan")),
        2,
        ("line 12", "population", "finite"),
    ),
    Case(
        "yaml-inf-weight",
        run(SMALL_CSV, replace(small_yaml(), "population: 0.5", "population: 1.0e+400")),
        2,
        ("line 12", "population", "finite"),
    ),
    Case(
        "yaml-all-weights-zero",
        run(SMALL_CSV, kind_yaml(indicators={"population": 0, "area_km2": 0})),
        2,
        ("admin", "all weights are zero"),
    ),
    Case(
        "yaml-name-100-chinese-chars",
        run(SMALL_CSV, small_yaml(name="街" * 100)),
        2,
        ("line 1", "300 bytes", "200 bytes"),
    ),
    Case("yaml-name-300-ascii", run(SMALL_CSV, small_yaml(name="a" * 300)), 2, ("300 bytes",)),
    Case("yaml-name-dotdot", run(SMALL_CSV, small_yaml(name="..")), 2, ("line 1", "folder name")),
    Case(
        "yaml-name-escapes-out",
        run(SMALL_CSV, small_yaml(name="../escape")),
        2,
        ("line 1", "folder name"),
    ),
    Case("yaml-name-newline", run(SMALL_CSV, small_yaml(name="a\nb")), 2, ("folder name",)),
    Case("yaml-name-empty", run(SMALL_CSV, small_yaml(name="")), 2, ("line 1", "empty")),
    Case(
        "yaml-full-width-colon",
        run(SMALL_CSV, replace(small_yaml(), "pool: 140", "pool：140")),
        2,
        ("line 6", "full-width colon"),
    ),
    Case(
        "yaml-tab-indent",
        run(SMALL_CSV, replace(small_yaml(), "    pool: 140", "\tpool: 140")),
        2,
        ("line 6", "tab"),
    ),
    Case(
        "yaml-unknown-key-did-you-mean",
        run(
            SMALL_CSV,
            replace(small_yaml(), "    turnover_share: 0.05\n", "    turnover_shar: 0.05\n"),
        ),
        2,
        ("line 7", "turnover_shar", "did you mean 'turnover_share'"),
    ),
    Case(
        "yaml-turnover-share-1.5",
        run(SMALL_CSV, kind_yaml(turnover_share=1.5)),
        2,
        ("line 7", "turnover_share", "less than 1"),
    ),
    Case(
        "yaml-transform-code",
        run(
            SMALL_CSV,
            kind_yaml(indicators={"population": {"weight": 0.5, "transform": "__import__('os')"}}),
        ),
        2,
        ("transform", "must be one of"),
    ),
    Case(
        "yaml-floor-above-ceiling",
        run(SMALL_CSV, kind_yaml(floor=30, ceiling=20)),
        2,
        ("ceiling", "floor 30 is above the ceiling 20"),
    ),
    Case(
        "yaml-ahp-division-by-zero",
        run(
            SMALL_CSV,
            kind_yaml(
                indicators={"population": 1, "area_km2": 1},
                weights={"method": "ahp", "matrix": [[1, "1/0"], ["0", 1]]},
            ),
        ),
        2,
        ("ahp", "'1/0'"),
    ),
    Case(
        "yaml-time-limit-nan",
        run(
            SMALL_CSV,
            replace(small_yaml(solver={"time_limit": 5}), "time_limit: 5", "time_limit: .nan"),
        ),
        2,
        ("time_limit", "finite"),
    ),
    Case("yaml-empty-file", run(SMALL_CSV, ""), 2, ("small.yaml", "empty")),
    Case("yaml-a-list", run(SMALL_CSV, "- 1\n- 2\n"), 2, ("small.yaml", "mapping")),
    Case(
        "yaml-gbk-bytes",
        run(SMALL_CSV, "", prepare=write_bytes("small.yaml", small_yaml().encode("gbk"))),
        2,
        ("small.yaml", "utf-8"),
    ),
    Case(
        "yaml-nul-character",
        run(SMALL_CSV, small_yaml() + "\x00\n"),
        2,
        ("small.yaml", "U+0000"),
    ),
    Case(
        "yaml-with-bom",
        run(SMALL_CSV, "", prepare=write_bytes("small.yaml", BOM + small_yaml().encode())),
        0,
        ("small: optimal",),
    ),
    Case(
        "yaml-2-mb",
        run(SMALL_CSV, "", prepare=sparse_file("small.yaml", 2 << 20)),
        2,
        ("small.yaml", "1 MB"),
    ),
    # --- several scenarios, extends, paths ------------------------------------------------
    Case(
        "two-scenarios-one-name",
        run(SMALL_CSV, None, *TWO_SMALL, prepare=two_with_one_name),
        2,
        ("small.yaml", "second.yaml", "both have name 'small'"),
        nothing_solved,
    ),
    Case(
        "extends-dev-zero",
        run(SMALL_CSV, "extends: /dev/zero\nname: child\n"),
        2,
        ("/dev/zero", "not a regular file", "line 1"),
        max_seconds=2,
    ),
    Case(
        "extends-dev-urandom",
        run(SMALL_CSV, "extends: /dev/urandom\nname: child\n"),
        2,
        ("/dev/urandom", "not a regular file"),
        max_seconds=2,
    ),
    Case(
        "extends-a-folder",
        run(SMALL_CSV, "extends: sub.yaml\nname: child\n", prepare=folder("sub.yaml")),
        2,
        ("sub.yaml", "is a folder"),
    ),
    Case(
        "extends-a-fifo",
        run(SMALL_CSV, "extends: pipe.yaml\nname: child\n", prepare=fifo("pipe.yaml")),
        2,
        ("pipe.yaml",),
        max_seconds=2,
    ),
    Case(
        "extends-cycle",
        run(SMALL_CSV, None, "{tmp}/a.yaml", prepare=extends_cycle),
        2,
        ("goes round in a circle", "a.yaml -> b.yaml -> a.yaml"),
    ),
    Case(
        "extends-itself",
        run(SMALL_CSV, "extends: small.yaml\n" + small_yaml()),
        2,
        ("circle",),
    ),
    Case(
        "extends-300-deep",
        run(SMALL_CSV, None, "{tmp}/c0.yaml", prepare=extends_chain(300)),
        2,
        ("extends", "deeper than"),
    ),
    Case(
        "extends-url-not-fetched",
        run(SMALL_CSV, "extends: https://example.com/x.yaml\nname: child\n"),
        2,
        ("not found",),
    ),
    Case(
        "scenario-argument-is-folder",
        run(SMALL_CSV, None, "{tmp}/sub.yaml", prepare=folder("sub.yaml")),
        2,
        ("sub.yaml", "is a folder"),
    ),
    Case(
        "data-dev-zero",
        run(SMALL_CSV, small_yaml(data="/dev/zero")),
        2,
        ("/dev/zero", "device"),
        max_seconds=2,
    ),
    Case(
        "data-symlink-to-dev-zero",
        run(SMALL_CSV, small_yaml(data="z.csv"), prepare=symlink("z.csv", lambda tmp: "/dev/zero")),
        2,
        ("/dev/zero", "device"),
        max_seconds=2,
    ),
    Case(
        "data-fifo",
        run(SMALL_CSV, small_yaml(data="pipe.csv"), prepare=fifo("pipe.csv")),
        2,
        ("pipe.csv", "named pipe"),
        max_seconds=2,
    ),
    Case("data-a-folder", run(SMALL_CSV, small_yaml(data=".")), 2, ("folder",)),
    Case("data-missing", run(SMALL_CSV, small_yaml(data="nope.csv")), 2, ("nope.csv", "not found")),
    Case(
        "data-etc-passwd",
        run(SMALL_CSV, small_yaml(data="/etc/passwd")),
        2,
        ("passwd", "no street column"),
    ),
    # --- roles and columns ----------------------------------------------------------------
    Case(
        "text-column-as-indicator",
        run(
            add_text_column("类型", "城区"), kind_yaml(indicators={"population": 0.5, "类型": 0.5})
        ),
        2,
        ("row 2", "类型", "expected a number", "城区"),
    ),
    Case(
        "text-column-as-current",
        run(add_text_column("类型", "城区"), kind_yaml(current="类型")),
        2,
        ("row 2", "类型", "expected a number", "城区"),
    ),
    Case(
        "text-column-as-base-column",
        run(add_text_column("类型", "城区"), kind_yaml(base={"column": "类型"})),
        2,
        ("row 2", "类型", "expected a number"),
    ),
    Case(
        "no-dismissal-without-onboard-did-you-mean",
        run(rename_column("行政实有人数", "staff_admin")),
        2,
        ("no_dismissal", "行政实有人数", "did you mean 'staff_admin'", "onboard: none"),
    ),
    Case(
        "kind-misspelled-instituional",
        run(SMALL_CSV, replace(small_yaml(), "  institutional:", "  instituional:")),
        2,
        ("instituional", "did you mean 'institutional'"),
    ),
    Case(
        "indicator-misspelled-did-you-mean",
        run(SMALL_CSV, kind_yaml(indicators={"populaton": 0.5, "area_km2": 0.5})),
        2,
        ("populaton", "did you mean"),
    ),
    Case(
        "infeasible-pool-below-onboard",
        run(SMALL_CSV, kind_yaml(pool=100, max_change=None)),
        3,
        ("admin", "needs 126 quotas", "the pool is 100", "at least 126"),
    ),
    # --- --out ----------------------------------------------------------------------------
    Case(
        "out-existing-file",
        run(prepare=out_is_a_file),
        2,
        ("--out", "is not a folder"),
    ),
    Case("out-dev-null", run(out=lambda tmp: "/dev/null"), 2, ("--out /dev/null is not a folder",)),
    Case(
        "out-symlink-to-dev-null",
        run(prepare=symlink("o", lambda tmp: "/dev/null"), out=lambda tmp: str(tmp / "o")),
        2,
        ("is not a folder",),
    ),
    Case(
        "out-proc-self",
        run(out=lambda tmp: "/proc/self/x"),
        2,
        ("--out /proc/self/x is not a folder",),
    ),
    Case(
        "out-below-a-file",
        run(prepare=write_file("f", SENTINEL), out=lambda tmp: str(tmp / "f" / "sub")),
        2,
        ("is not a folder", "is a file"),
    ),
    Case(
        "out-name-taken-by-a-file",
        run(prepare=out_small_is_a_file),
        2,
        ("small", "is not a folder"),
    ),
    Case(
        "out-name-is-symlink-elsewhere",
        run(prepare=victim_behind_symlink),
        2,
        ("'small'", "cannot be used as a folder name"),
        victim_intact,
    ),
    Case(
        "out-symlink-loop",
        run(
            prepare=symlink("loop", lambda tmp: str(tmp / "loop")),
            out=lambda tmp: str(tmp / "loop"),
        ),
        2,
        ("--out",),
    ),
    Case(
        "out-name-too-long-for-the-disk",
        run(out=lambda tmp: str(tmp / ("a" * 300))),
        1,
        ("cannot write to", "file name too long"),
    ),
    # --- names that try to be code, markup or our own files -------------------------------
    Case(
        "street-dollar-mathtext",
        run(street_names("A$x^{$")),
        0,
        ("small: optimal",),
        charts_written,
    ),
    Case(
        "street-formulas",
        run(street_names("=1+1", "@SUM(A1)", "-2+3", "+1")),
        0,
        ("small: optimal",),
        no_formula_streets,
    ),
    Case(
        "street-tab-formula",
        run(street_names('"\t=1+1"')),
        0,
        ("small: optimal",),
        no_formula_streets,
    ),
    Case(
        "street-script-tag",
        run(street_names("<script>alert(1)</script>")),
        0,
        ("small: optimal",),
        no_raw_script,
    ),
    Case(
        "street-pipe-in-markdown",
        run(street_names("a|b")),
        0,
        ("small: optimal",),
        pipe_escaped_in_markdown,
    ),
    Case(
        "street-markdown-link",
        run(street_names("[x](javascript:alert(1))")),
        0,
        ("small: optimal",),
        no_live_markdown_link,
    ),
    Case(
        "scenario-named-like-a-temp-folder",
        run(prepare=previous_run_named(f".small.tmp-{DEAD_PID}")),
        0,
        ("small: optimal",),
        previous_output_kept(f".small.tmp-{DEAD_PID}"),
    ),
    Case(
        "scenario-named-like-an-old-folder",
        run(prepare=previous_run_named(f".small.old-{DEAD_PID}")),
        0,
        ("small: optimal",),
        previous_output_kept(f".small.old-{DEAD_PID}"),
    ),
    # --- other commands -------------------------------------------------------------------
    Case(
        "validate-tab-indent",
        run(SMALL_CSV, replace(small_yaml(), "    pool: 140", "\tpool: 140"), command="validate"),
        2,
        ("line 6", "tab"),
    ),
    Case(
        "compare-two-broken",
        run(
            SMALL_CSV, "", *TWO_SMALL, command="compare", prepare=write_file("second.yaml", "- 1\n")
        ),
        2,
        ("0 of 2 scenarios solved", "empty", "mapping"),
    ),
    Case(
        "weights-indicator-1e30",
        run(
            set_cell("东城街道", "常住人口", "1e30"),
            None,
            "{tmp}/streets.csv",
            "--method",
            "entropy",
            "--indicators",
            "population,area_km2",
            command="weights",
        ),
        2,
        ("row 2", "常住人口", "1e30"),
    ),
    Case(
        "weights-default-drops-population-with-1e30",
        run(
            set_cell("东城街道", "常住人口", "1e30"),
            None,
            "{tmp}/streets.csv",
            "--method",
            "entropy",
            command="weights",
        ),
        2,
        ("row 2", "常住人口", "1e30"),
    ),
    Case(
        "sensitivity-1e15-draws",
        run(
            SMALL_CSV,
            None,
            "{tmp}/small.yaml",
            "--draws",
            "1000000000000000",
            command="sensitivity",
        ),
        2,
        ("draws",),
        max_seconds=5,
    ),
    Case("run-bad-lang", run(SMALL_CSV, None, "{tmp}/small.yaml", "--lang", "xx"), 2, ("--lang",)),
]


# --------------------------------------------------------------------------
# The test
# --------------------------------------------------------------------------


def snapshot(path: Path) -> dict[str, Any] | None:
    """What is at ``path`` (not following links): None when nothing is there."""
    if not os.path.lexists(path):
        return None
    if path.is_symlink():
        return {"": "-> " + os.readlink(path)}
    if not path.is_dir():
        return {"": path.read_bytes()}
    found: dict[str, Any] = {"": "dir"}
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            item = Path(root) / name
            key = str(item.relative_to(path))
            if item.is_symlink():
                found[key] = "-> " + os.readlink(item)
            elif item.is_dir():
                found[key] = "dir"
            else:
                found[key] = item.read_bytes()
    return found


def leftovers(tmp: Path) -> list[str]:
    """Hidden temporary, previous-version or lock files this process left behind."""
    pid = os.getpid()
    return [
        str(p)
        for p in tmp.rglob(".*")
        if p.name.startswith((".tmp-", ".old-"))
        or p.name.endswith((f".tmp-{pid}", f".old-{pid}", ".lock"))
    ]


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            case,
            id=case.id,
            marks=[pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else [],
        )
        for case in CASES
    ],
)
def test_hostile_input(case: Case, tmp_path: Path) -> None:
    args = case.setup(tmp_path)
    out = tmp_path / "out"
    before = snapshot(out)
    start = time.perf_counter()
    # the fragments are the English messages: QUOTA_LANG=en (a case's own --lang still wins)
    result = CliRunner(env={"QUOTA_LANG": "en"}).invoke(cli, args, catch_exceptions=True)
    elapsed = time.perf_counter() - start
    output = result.output
    escaped = result.exception is not None and not isinstance(result.exception, SystemExit)
    assert not escaped, f"traceback: {result.exception!r}\n{output}"
    assert "Traceback" not in output, output
    assert result.exit_code == case.code, output
    for fragment in case.fragments:
        assert fragment.lower() in output.lower(), f"{fragment!r} not in:\n{output}"
    if case.max_seconds is not None:
        assert elapsed < case.max_seconds, f"took {elapsed:.2f} s"
    assert not leftovers(tmp_path), leftovers(tmp_path)
    if case.code != 0:
        after = snapshot(out)
        if before is None:
            assert after in (None, {"": "dir"}), f"a failed run wrote into --out: {after}"
        else:
            assert after == before, "a failed run changed --out"
    if case.check is not None:
        case.check(tmp_path, result)
