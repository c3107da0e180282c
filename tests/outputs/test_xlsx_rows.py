"""The fast row writer gives XlsxWriter's own bytes (quota.outputs.xlsx_rows)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from quota import allocate, load_scenario
from quota.analysis.synth import synth_scenario_dict, synth_streets
from quota.outputs import xlsx_rows
from quota.outputs.workbook import write_workbook
from quota.outputs.xlsx import open_workbook
from quota.outputs.xlsx_rows import RowWriter, fast_rows_available
from tests.conftest import REPO


def _both_ways(tmp_path: Path, write, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, bytes]:
    fast, slow = tmp_path / "fast.xlsx", tmp_path / "slow.xlsx"
    write(fast)
    monkeypatch.setattr(xlsx_rows, "ENABLED", False)
    write(slow)
    monkeypatch.setattr(xlsx_rows, "ENABLED", True)
    return fast.read_bytes(), slow.read_bytes()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_review_workbook_of_a_bundled_scenario_is_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    result = allocate(load_scenario(REPO / "scenarios" / "xinzhou-baseline.yaml"))
    fast, slow = _both_ways(
        tmp_path, lambda path: write_workbook(result, path, lang=lang), monkeypatch
    )
    assert fast == slow


def test_review_workbook_of_2000_streets_is_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    streets = synth_streets(2000, seed=3)
    streets.to_csv(tmp_path / "streets.csv", index=False)
    scenario = tmp_path / "synth.yaml"
    scenario.write_text(yaml.safe_dump(synth_scenario_dict(2000, 3, streets=streets)), "utf-8")
    result = allocate(load_scenario(scenario))
    fast, slow = _both_ways(
        tmp_path, lambda path: write_workbook(result, path, lang="zh"), monkeypatch
    )
    assert fast == slow


texts = st.one_of(
    st.text(alphabet=st.sampled_from(list("ab <>&\"'_x0041_\t\n\x01\x1f东城街道 ")), max_size=12),
    st.just("<r><t>rich</t></r>"),
    st.just("_x0041_"),
)
values = st.one_of(
    st.none(),
    texts,
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.booleans(),
)


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(
        st.lists(st.tuples(values, st.sampled_from([None, "a", "b"])), min_size=0, max_size=6),
        min_size=1,
        max_size=8,
    ),
    tall=st.sets(st.integers(0, 9), max_size=3),
)
def test_any_rows_are_the_same_bytes(
    tmp_path_factory: pytest.TempPathFactory, rows: list, tall: set[int]
) -> None:
    folder = tmp_path_factory.mktemp("rows")

    def write(path: Path, fast: bool) -> str | None:
        book = open_workbook(path, "t")
        formats = {"a": book.add_format({"bold": True}), "b": book.add_format({"num_format": "0"})}
        sheet = book.add_worksheet("s")
        sheet.set_column(2, 2, 12, formats["b"])
        sheet.write_string(0, 0, "title")
        writer = RowWriter(sheet, fast=fast)
        error = None
        for r, row in enumerate(rows, start=1):
            if r in tall:
                sheet.set_row(r, 30)
            cells = [(c, v, None if f is None else formats[f]) for c, (v, f) in enumerate(row)]
            try:
                writer.write(r, cells)
            except TypeError as exc:  # NaN/inf in write_number: the same error both ways
                error = type(exc).__name__
                break
        book.close()
        return error

    fast, slow = folder / "fast.xlsx", folder / "slow.xlsx"
    assert write(fast, True) == write(slow, False)
    assert fast.read_bytes() == slow.read_bytes()


def test_fast_path_needs_constant_memory(tmp_path: Path) -> None:
    book = open_workbook(tmp_path / "a.xlsx", "t", constant_memory=False)
    sheet = book.add_worksheet("s")
    assert not fast_rows_available(sheet)
    writer = RowWriter(sheet)
    writer.write(1, [(0, "x", None), (1, 2.5, None)])
    book.close()
    assert not writer.fast


def test_a_row_before_the_pending_one_is_refused_as_xlsxwriter_does(tmp_path: Path) -> None:
    book = open_workbook(tmp_path / "a.xlsx", "t")
    sheet = book.add_worksheet("s")
    writer = RowWriter(sheet)
    writer.write(5, [(0, 1, None)])
    writer.write(3, [(0, 2, None)])  # constant-memory mode ignores rows written already
    book.close()
    import openpyxl

    cells = openpyxl.load_workbook(tmp_path / "a.xlsx").active
    assert writer.fast
    assert (cells["A6"].value, cells["A4"].value) == (1, None)
