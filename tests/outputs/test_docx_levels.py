"""report.docx of a run over several levels: the chain of levels and each upper level's table."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from quota import allocate, load_scenario
from quota.outputs.docx.report_docx import write_report_docx
from tests.conftest import REPO


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    return allocate(load_scenario(REPO / "scenarios" / "yangquan-levels.yaml"))


def test_district_tables_are_attached_and_add_up_to_the_pool(result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = docx.Document(str(write_report_docx(result, tmp_path / "r.docx", lang="zh")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "各区县编制分配表" in text
    assert "全市" in text and "各区县" in text  # the chain of levels in the results
    tables = [t for t in document.tables if t.cell(0, 0).text == "区县"]
    pools = [int(p) for p in result.kinds["pool"]]
    assert len(tables) == len(pools)
    for table, pool in zip(tables, pools, strict=True):
        last = table.rows[-1].cells
        assert last[0].text == "合计"
        allocated = [int(r.cells[1].text) for r in table.rows[1:-1]]
        assert sum(allocated) == int(last[1].text) <= pool


def test_english_names_the_districts(result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = docx.Document(str(write_report_docx(result, tmp_path / "r.docx", lang="en")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Allocation among the districts" in text
