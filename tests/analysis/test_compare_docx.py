"""compare.docx read back: the official layout, the scenarios, the changes, the comparison tables."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

from quota.analysis.compare import Comparison, compare_scenarios
from quota.analysis.compare_docx import build_totals_table, write_compare_docx
from quota.cli import cli
from tests.conftest import REPO

GOLDEN = REPO / "tests" / "data" / "golden"


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    return compare_scenarios([GOLDEN / "small.yaml", GOLDEN / "small-decisions.yaml"])


def texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_compare_docx_layout_and_content(comparison: Comparison, tmp_path: Path) -> None:
    path = write_compare_docx(comparison, tmp_path / "compare.docx")
    document = docx.Document(str(path))
    section = document.sections[0]
    assert section.page_width.mm == pytest.approx(210, abs=0.1)
    assert section.top_margin.mm == pytest.approx(37, abs=0.1)
    lines = texts(path)
    assert lines[0] == "关于2个街道编制调剂方案比较情况的说明"
    heads = [p.text for p in document.paragraphs if p.style.name.lower() == "heading 1"]
    assert heads == ["一、参与比较的方案", "二、变化及原因"]
    assert any(t.startswith("1.测试方案（方案small，文件small.yaml）：") for t in lines)
    assert any("编委会决定" in t for t in lines)  # the decisions side by side
    assert any(t.startswith("附件：1. 各方案总量与构成") for t in lines)
    footer = section.footer.paragraphs[0]._element
    assert "PAGE" in "".join(t.text for t in footer.iter(qn("w:instrText")))


def test_compare_tables_have_totals_rows_that_add_up(
    comparison: Comparison, tmp_path: Path
) -> None:
    document = docx.Document(str(write_compare_docx(comparison, tmp_path / "c.docx")))
    tables = document.tables
    # the body's tables (settings, decisions), then the summary and one per kind
    totals = tables[-2:]
    for table, kind in zip(totals, ("admin", "institutional"), strict=True):
        last = [c.text for c in table.rows[-1].cells]
        assert last[0] == "合计"
        part = comparison.table.loc[comparison.table["kind"] == kind]
        for run, cell in zip(comparison.succeeded, last[1:], strict=False):
            assert cell == str(int(part[run.name].sum()))
        diff = int(part[f"diff_{comparison.succeeded[1].name}"].sum())
        assert last[3] == (f"{diff:+d}" if diff else "0")


def test_totals_table_signs_and_names(comparison: Comparison) -> None:
    table = build_totals_table(comparison, "admin", "en")
    assert table.headers[0] == "street" and len(table.headers) == 4
    assert table.total is not None and table.total[0].text == "Total"
    signs = [row[3].text for row in table.rows]
    assert all(s == "0" or s[0] in "+-" for s in signs)


def test_the_same_comparison_gives_the_same_bytes(comparison: Comparison, tmp_path: Path) -> None:
    first = write_compare_docx(comparison, tmp_path / "a.docx", lang="en").read_bytes()
    assert first == write_compare_docx(comparison, tmp_path / "b.docx", lang="en").read_bytes()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_quota_compare_writes_compare_docx(tmp_path: Path, lang: str) -> None:
    args = ["compare", str(GOLDEN / "small.yaml"), str(GOLDEN / "small-decisions.yaml")]
    result = CliRunner().invoke(cli, [*args, "--out", str(tmp_path), "--lang", lang])
    assert result.exit_code == 0, result.output
    (folder,) = [p for p in tmp_path.iterdir() if p.is_dir()]
    lines = texts(folder / "compare.docx")
    first = "一、参与比较的方案" if lang == "zh" else "1. The scenarios compared"
    assert first in lines


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_quota_compare_of_one_scenario_is_exit_2_without_a_document(
    tmp_path: Path, lang: str
) -> None:
    args = ["compare", str(GOLDEN / "small.yaml"), "--out", str(tmp_path), "--lang", lang]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert not list(tmp_path.rglob("compare.docx"))
