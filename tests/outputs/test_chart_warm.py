"""Tests of quota.outputs.charts.warm: the chart process warmed up before the data is read."""

from __future__ import annotations

import contextlib
import os
import signal
import time
import warnings
from pathlib import Path

import pandas as pd
import pytest

from quota.outputs.charts import warm
from quota.outputs.charts.job import start_charts
from quota.outputs.charts.workers import helper_available
from tests.conftest import REPO

needs_helper = pytest.mark.skipif(
    not helper_available(), reason="no forked process here (not Linux, one core or threads)"
)


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    from quota import allocate, load_scenario

    return allocate(load_scenario(REPO / "scenarios" / "xinzhou-baseline.yaml")).table


def charts_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "charts").glob("*.png"))}


@pytest.fixture(scope="module")
def alone(table: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The charts drawn in this process, one after another."""
    folder = tmp_path_factory.mktemp("alone")
    with start_charts(table, folder, lang="zh", parallel=False) as job:
        job.wait()
    return charts_of(folder)


def test_off_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(warm.ENV_SWITCH, "0")
    with warm.warm_charts("zh") as process:
        assert process is None
        assert warm.current() is None


def test_none_where_no_process_can_share(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(warm, "helper_available", lambda: False)
    with warm.warm_charts("zh") as process:
        assert process is None


@needs_helper
def test_the_warm_process_draws_the_same_bytes(
    table: pd.DataFrame, alone: dict[str, bytes], tmp_path: Path
) -> None:
    with warm.warm_charts("zh") as process:
        assert process is not None and warm.current() is process
        with start_charts(table, tmp_path, lang="zh") as job:
            assert job._warm is process  # handed over, not drawn here
            job.wait()
        assert process.alive  # ready for the next scenario of the command
        with start_charts(table, tmp_path / "second", lang="zh") as job:
            assert job._warm is process
            job.wait()
    assert not process.alive and warm.current() is None  # it ends with the block
    assert charts_of(tmp_path) == alone
    assert charts_of(tmp_path / "second") == alone


@needs_helper
def test_a_killed_warm_process_leaves_the_charts_to_the_caller(
    table: pd.DataFrame, alone: dict[str, bytes], tmp_path: Path
) -> None:
    with warm.warm_charts("zh") as process:
        assert process is not None and process._pid is not None
        os.kill(process._pid, signal.SIGKILL)  # not waited for: still thought alive
        with start_charts(table, tmp_path, lang="zh") as job:
            job.wait()  # the job's send or collect finds it dead
        assert not process.alive
    assert charts_of(tmp_path) == alone


@needs_helper
@pytest.mark.parametrize("slow_stack", [False, True])
def test_a_chart_that_warns_there_is_drawn_again_here(
    table: pd.DataFrame,
    alone: dict[str, bytes],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    slow_stack: bool,
) -> None:
    """Wherever the chart is drawn (a slow first chart leaves the next ones to the sibling)."""
    from quota.outputs.charts import files

    drawn_here: list[str] = []
    original = files.draw_chart
    parent = os.getpid()

    def draw(name: str, *args: object, **kwargs: object) -> Path:
        if os.getpid() == parent:
            drawn_here.append(name)
        if name == "stack" and slow_stack:
            time.sleep(0.5)
        if name == "change":
            warnings.warn("a warning about the change chart", UserWarning, stacklevel=2)
        return original(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "draw_chart", draw)  # before the fork: the warm process has it too
    with (
        warm.warm_charts("zh"),
        start_charts(table, tmp_path, lang="zh") as job,
        pytest.warns(UserWarning, match="change chart"),
    ):
        job.wait()
    assert drawn_here == ["change"]  # only the chart that warned, and the warning came here
    assert charts_of(tmp_path) == alone


@needs_helper
def test_a_failed_job_stops_the_warm_process(table: pd.DataFrame, tmp_path: Path) -> None:
    with warm.warm_charts("zh") as process:
        assert process is not None
        with pytest.raises(RuntimeError), start_charts(table, tmp_path, lang="zh"):
            raise RuntimeError("the caller failed before waiting")
        assert not process.alive


def test_nested_blocks_share_one_process() -> None:
    with warm.warm_charts("zh") as outer, warm.warm_charts("zh") as inner:
        assert inner is outer


@needs_helper
@pytest.mark.parametrize("warmed", [False, True])
def test_nice_lowers_the_drawing_processes_not_the_caller(
    table: pd.DataFrame,
    alone: dict[str, bytes],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    warmed: bool,
) -> None:
    """With ``nice`` (a large workbook written meanwhile) the charts' processes give way."""
    from quota.outputs.charts import files

    niceness: dict[int, int] = {}
    original = files.draw_chart
    parent = os.getpid()
    seen = tmp_path / "niceness"
    seen.mkdir()

    def draw(name: str, *args: object, **kwargs: object) -> Path:
        (seen / f"{os.getpid()}-{name}").write_text(str(os.nice(0)), encoding="utf-8")
        return original(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "draw_chart", draw)
    before = os.nice(0)
    with warm.warm_charts("zh") if warmed else contextlib.nullcontext():
        with start_charts(table, tmp_path, lang="zh", nice=3) as job:
            job.wait()
        if warmed:
            with start_charts(table, tmp_path / "next", lang="zh") as job:
                job.wait()  # the next job of the warm process is not lowered
    assert os.nice(0) == before  # the caller keeps its priority
    for path in seen.iterdir():
        pid = int(path.name.split("-")[0])
        niceness[pid] = int(path.read_text(encoding="utf-8"))
    lowered = {pid for pid, value in niceness.items() if value == before + 3}
    assert lowered and parent not in lowered
    if warmed:
        assert any(value == before for pid, value in niceness.items() if pid != parent)
    assert charts_of(tmp_path) == alone
