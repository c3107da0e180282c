"""The reports rendered while the charts are drawn give write_reports' bytes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quota import allocate, load_scenario
from quota.outputs.charts.job import ChartPlan
from quota.outputs.level_view import build_level_view
from quota.outputs.report import prepare_reports, write_reports
from tests.conftest import REPO


@pytest.mark.parametrize(
    ("scenario", "lang"),
    [("xinzhou-baseline", "zh"), ("yangquan-levels", "zh"), ("xinzhou-baseline", "en")],
)
def test_prepared_reports_are_the_written_ones(tmp_path: Path, scenario: str, lang: str) -> None:
    result = allocate(load_scenario(REPO / "scenarios" / f"{scenario}.yaml"))
    view = build_level_view(result)
    plan = ChartPlan(
        result.table, tmp_path / "pending", lang=lang, levels=None if view is None else view.units
    )
    pending = prepare_reports(result, tmp_path / "pending", [p.stem for p in plan.paths], lang=lang)
    assert (tmp_path / "pending" / "report.md").is_file()
    assert not (tmp_path / "pending" / "report.html").exists()  # it waits for the charts
    for task in range(plan.count):
        plan.draw(task)
    written = pending.finish()
    assert [p.name for p in written] == ["report.md", "report.html"]
    shutil.copytree(tmp_path / "pending" / "charts", tmp_path / "at-once" / "charts")
    at_once = write_reports(result, tmp_path / "at-once", lang=lang)
    for path in at_once:
        if path.suffix in {".md", ".html"}:
            assert (tmp_path / "pending" / path.name).read_bytes() == path.read_bytes()
    html = (tmp_path / "pending" / "report.html").read_text(encoding="utf-8")
    assert "quota-chart-" not in html
    assert html.count("data:image/png;base64,") == plan.count
