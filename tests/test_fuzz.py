"""Fuzzing `quota run` with damaged street tables.

Every outcome must be a success (exit 0, one complete output folder) or a
clean refusal (exit 2 bad input, 3 infeasible): never a traceback, never a
partial or temporary folder left behind. Mutations start from the good files
of the messy corpus: flipped bytes, truncation, junk values in cells, random
headers, shuffled, repeated or deleted rows, other encodings.

Charts and reports are not written (``write_extras`` is stubbed): they cost
seconds per run and do not depend on the input's bytes; the folder is still
written atomically. Hypothesis runs derandomised so the examples are the same
on every run; raise ``QUOTA_FUZZ_EXAMPLES`` for a longer session.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quota.outputs.folder
from quota.cli import cli
from tests.conftest import write_scenario
from tests.test_messy import MESSY

EXAMPLES = int(os.environ.get("QUOTA_FUZZ_EXAMPLES", "40"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
GOOD_CSV = (MESSY / "gbk_fullwidth.csv").read_bytes()
GOOD_TEXT = (MESSY / "reference.csv").read_text(encoding="utf-8")
GOOD_XLSX = (MESSY / "merged_header.xlsx").read_bytes()
JUNK = [
    "",
    "abc",
    "-5",
    "1e400",
    "NaN",
    "３万",
    "#REF!",
    "=SUM(A1)",
    "12平方公里",
    "合计",
    "注：",
    '"',
    "\x00",
    "１２，３４５",
    "9" * 40,
    "0.5",
    "街道",
    "inf",
    "nan",
    "1e16",
    "\ufeff\ufeff街道名称",
    "\t=1+2",
    '"东城街道',
    "东" * 500,
    "1" * 500,
]


def scenario(data: str) -> dict[str, Any]:
    """A scenario that uses every column of the corpus (current and staff included)."""
    return {
        "name": "fuzz",
        "data": data,
        "kinds": {
            "admin": {
                "pool": 210,
                "turnover_share": 0.05,
                "base": {"per_office": 3, "leaders": 5},
                "indicators": {"population": 0.5, "area_km2": 0.2, "communities": 0.3},
                "max_change": 30,
            }
        },
    }


@pytest.fixture(autouse=True)
def no_charts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quota.outputs.folder, "write_extras", lambda *args, **kwargs: [])


@contextmanager
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def run_on(data: bytes, suffix: str) -> None:
    """Run `quota run` on a street table and check the outcome is clean."""
    with folder() as work:
        table = work / f"streets{suffix}"
        table.write_bytes(data)
        path = write_scenario(work, scenario(table.name))
        out = work / "out"
        result = CliRunner().invoke(cli, ["run", str(path), "--out", str(out)])
        assert result.exit_code in (0, 2, 3), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(
            result.exception
        )
        assert "Traceback" not in result.output
        left = sorted(p.name for p in out.iterdir()) if out.exists() else []
        if result.exit_code == 0:
            assert left == ["fuzz"]
            assert {p.name for p in (out / "fuzz").iterdir()} >= {"allocation.csv", "manifest.json"}
        else:
            assert left == [], left
            assert result.output.strip(), "a refusal must say why"


def test_the_unmutated_files_succeed() -> None:
    run_on(GOOD_CSV, ".csv")
    run_on(GOOD_XLSX, ".xlsx")


@SETTINGS
@given(
    st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=8
    )
)
def test_flipped_bytes_in_csv(flips: list[tuple[float, int]]) -> None:
    data = bytearray(GOOD_CSV)
    for where, value in flips:
        data[int(where * len(data))] = value
    run_on(bytes(data), ".csv")


@SETTINGS
@given(st.floats(0, 1))
def test_truncated_csv(fraction: float) -> None:
    run_on(GOOD_CSV[: int(fraction * len(GOOD_CSV))], ".csv")


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.integers(0, 9), st.integers(0, 7), st.sampled_from(JUNK) | st.text(max_size=6)
        ),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
)
def test_junk_values_and_headers_in_cells(edits: list[tuple[int, int, str]], encoding: str) -> None:
    rows = [line.split(",") for line in GOOD_TEXT.splitlines()]
    for r, c, junk in edits:
        row = rows[min(r, len(rows) - 1)]
        row[min(c, len(row) - 1)] = junk.replace(",", "，").replace("\n", " ").replace("\r", " ")
    text = "\n".join(",".join(row) for row in rows) + "\n"
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    run_on(data, ".csv")


@SETTINGS
@given(st.lists(st.integers(0, 8), max_size=8), st.lists(st.integers(0, 8), max_size=3))
def test_rows_shuffled_repeated_or_dropped(order: list[int], blanks: list[int]) -> None:
    lines = GOOD_TEXT.splitlines()
    picked = [lines[i % len(lines)] for i in order] or [lines[0]]
    for at in blanks:
        picked.insert(min(at, len(picked)), ",,,")
    run_on(("\n".join(picked) + "\n").encode("utf-8"), ".csv")


@SETTINGS
@given(
    st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=4
    )
)
def test_flipped_bytes_in_xlsx(flips: list[tuple[float, int]]) -> None:
    data = bytearray(GOOD_XLSX)
    for where, value in flips:
        data[int(where * len(data))] = value
    run_on(bytes(data), ".xlsx")


@SETTINGS
@given(st.floats(0, 1))
def test_truncated_xlsx(fraction: float) -> None:
    run_on(GOOD_XLSX[: int(fraction * len(GOOD_XLSX))], ".xlsx")
