"""The run's summary names committee decisions about upper units (区县), in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from quota.cli import cli
from tests.conftest import REPO


@pytest.mark.parametrize(
    ("lang", "expected", "absent"),
    [
        ("zh", "对上级单位的编委会决定 1 项：城区行政编制核定160名（测算方案", "编委会决定 0 项"),
        (
            "en",
            "1 committee decision(s) on upper units: 城区 administrative 160 (proposal",
            "0 committee",
        ),
    ],
)
def test_summary_names_the_decided_district(
    tmp_path: Path, lang: str, expected: str, absent: str
) -> None:
    scenario = tmp_path / "dec.yaml"
    scenario.write_text(
        f"extends: {REPO / 'scenarios' / 'yangquan-levels.yaml'}\n"
        "name: yq-dec\n"
        "decisions:\n"
        "  - {district: 城区, kind: admin, total: 160, reason: 试点}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["run", str(scenario), "--out", str(tmp_path / "out"), "--lang", lang]
    )
    assert result.exit_code == 0, result.output
    assert expected in result.output
    assert absent not in result.output
    levels = (tmp_path / "out" / "yq-dec" / "levels.csv").read_text(encoding="utf-8-sig")
    assert any(line.startswith("district,城区,admin,160,") for line in levels.splitlines())


def test_report_and_document_list_the_decision_about_a_district(tmp_path: Path) -> None:
    import docx

    scenario = tmp_path / "dec.yaml"
    scenario.write_text(
        f"extends: {REPO / 'scenarios' / 'yangquan-levels.yaml'}\n"
        "name: yq-dec\n"
        "decisions:\n"
        "  - {district: 城区, kind: admin, total: 160, reason: 试点区}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["run", str(scenario), "--out", str(out)])
    assert result.exit_code == 0, result.output
    report = (out / "yq-dec" / "report.md").read_text(encoding="utf-8")
    assert "编委会决定1项" in report
    row = next(line for line in report.splitlines() if "城区（区县）" in line)
    assert "核定160名" in row and "试点区" in row and "| 160 |" in row
    document = docx.Document(str(out / "yq-dec" / "report.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "城区（区县）" in text and "试点区" in text
