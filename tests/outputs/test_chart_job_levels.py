"""The charts by level are drawn by the chart job with the others: the same bytes as alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from quota import allocate, load_scenario
from quota.outputs.charts.files import write_level_charts
from quota.outputs.charts.job import start_charts
from quota.outputs.level_view import build_level_view
from tests.conftest import REPO


@pytest.mark.parametrize("parallel", [False, True])
def test_job_draws_the_level_charts(tmp_path: Path, parallel: bool) -> None:
    result = allocate(load_scenario(REPO / "scenarios" / "yangquan-levels.yaml"))
    view = build_level_view(result)
    assert view is not None
    with start_charts(
        result.table, tmp_path / "job", lang="zh", parallel=parallel, levels=view.units
    ) as job:
        paths = job.wait()
    names = [p.name for p in paths]
    assert names[-1] == "by_district.png" and names[0] == "stack.png"
    [alone] = write_level_charts(view.units, tmp_path / "alone", lang="zh")
    assert (tmp_path / "job" / "charts" / "by_district.png").read_bytes() == alone.read_bytes()
