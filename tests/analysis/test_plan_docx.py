"""plan.docx read back: the official layout, the years, the hiring, when streets get there."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from quota.analysis.plan import ScenarioPlan, plan_scenario
from quota.analysis.plan_docx import build_hiring_table, write_plan_docx
from quota.cli import cli
from tests.conftest import REPO

GOLDEN = REPO / "tests" / "data" / "golden"


@pytest.fixture(scope="module")
def planned() -> ScenarioPlan:
    return plan_scenario(GOLDEN / "small.yaml", years=3, attrition=0.05)


def test_plan_docx_layout_and_sections(planned: ScenarioPlan, tmp_path: Path) -> None:
    document = docx.Document(str(write_plan_docx(planned, tmp_path / "plan.docx")))
    section = document.sections[0]
    assert section.page_height.mm == pytest.approx(297, abs=0.1)
    assert section.left_margin.mm == pytest.approx(28, abs=0.1)
    lines = [p.text for p in document.paragraphs]
    assert lines[0] == "关于《测试方案过渡计划》的请示"
    heads = [p.text for p in document.paragraphs if p.style.name.lower() == "heading 1"]
    assert heads == ["一、各年安排", "二、招录计划", "三、到位时间"]
    summary = planned.plan.summary
    admin = summary.loc[summary["kind"] == "admin"]
    hires = int(admin["hires"].sum())
    assert any(t.startswith(f"行政编制共招录{hires}人：第1年") for t in lines)
    assert "以上请示，妥否，请批示。" in lines


def test_hiring_tables_add_up(planned: ScenarioPlan, tmp_path: Path) -> None:
    document = docx.Document(str(write_plan_docx(planned, tmp_path / "plan.docx")))
    summary_table, *hiring_tables = document.tables
    assert len(summary_table.rows) == 1 + len(planned.plan.summary)
    hiring = planned.plan.hiring_by_year
    kinds = [
        k for k in ("admin", "institutional") if hiring.loc[hiring["kind"] == k, "total"].sum()
    ]
    assert len(hiring_tables) == len(kinds)
    for table, kind in zip(hiring_tables, kinds, strict=True):
        last = [c.text for c in table.rows[-1].cells]
        assert last[0] == "合计"
        part = hiring.loc[hiring["kind"] == kind]
        assert last[-1] == str(int(part["total"].sum()))
        assert len(table.rows) - 2 == int((part["total"] > 0).sum())


def test_many_hiring_streets_keep_the_total(
    planned: ScenarioPlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    import quota.analysis.plan_docx as module

    monkeypatch.setattr(module, "DOCX_MAX_STREETS", 1)
    table = build_hiring_table(planned.plan, "admin", "en")
    hiring = planned.plan.hiring_by_year
    part = hiring.loc[hiring["kind"] == "admin"]
    assert len(table.rows) == 1 and "plan.xlsx" in table.note
    assert table.total is not None and table.total[-1].text == str(int(part["total"].sum()))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_quota_plan_writes_plan_docx(tmp_path: Path, lang: str) -> None:
    args = ["plan", str(GOLDEN / "small.yaml"), "--years", "2", "--attrition", "0.04"]
    result = CliRunner().invoke(cli, [*args, "--out", str(tmp_path), "--lang", lang])
    assert result.exit_code == 0, result.output
    lines = [p.text for p in docx.Document(str(tmp_path / "small-plan" / "plan.docx")).paragraphs]
    assert ("一、各年安排" if lang == "zh" else "1. Year by year") in lines


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_quota_plan_without_departures_is_exit_2_without_a_document(
    tmp_path: Path, lang: str
) -> None:
    args = ["plan", str(GOLDEN / "small.yaml"), "--years", "2", "--out", str(tmp_path)]
    result = CliRunner().invoke(cli, [*args, "--lang", lang])
    assert result.exit_code == 2, result.output
    assert not list(tmp_path.rglob("plan.docx"))
